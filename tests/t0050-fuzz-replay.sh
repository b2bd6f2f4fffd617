#!/bin/sh
# Every fuzz corpus file and every saved crash input, run again through
# its harness (tests/fuzz/NAME.c): a crash found once stays fixed.  An
# argument (".san") picks the sanitizer build of the harnesses.
. "$(dirname "$0")/lib.sh"

suffix=${1:-}
for name in conf date diff entry frontmatter keyring names sanitize sealed \
    sshsig words; do
	count=$(find "$SRC_DIR/tests/fuzz/corpus/$name" \
	    "$SRC_DIR/tests/fuzz/crashes/$name" -type f 2>/dev/null | wc -l)
	# The harness names each input on stderr before running it.
	test_expect_success "$name: $count saved inputs replay cleanly" '
		test $count -gt 0 &&
		find "$SRC_DIR/tests/fuzz/corpus/$name" \
		    "$SRC_DIR/tests/fuzz/crashes/$name" -type f 2>/dev/null |
		    sort >inputs &&
		tr "\n" "\0" <inputs |
		    xargs -0 "$SRC_DIR/tests/fuzz/$name$suffix" 2>replay.err ||
		{ tail -n 20 replay.err; false; }
	'
done

test_done
