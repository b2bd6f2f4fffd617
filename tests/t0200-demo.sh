#!/bin/sh
# make demo runs start to finish without a terminal, and cleans up.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the demo runs to its end with no terminal' '
	mkdir tmp &&
	TMPDIR=$TRASH/tmp sh "$SRC_DIR/tests/demo.sh" </dev/null >out 2>&1 &&
	test_grep "^demo finished: both partners have the same journal$" out &&
	test_grep "^alex\$ tend init" out &&
	test_grep "^sam/journal\$ tend checkin --list$" out &&
	test_grep "^phones  *in force " out &&
	test_grep "^phones  *amended  *alex, sam " out &&
	test_grep "^~ We keep phones off the table" out &&
	test_grep "^sam/journal\$ tend status$" out &&
	test_grep "^  everyone: 1 day in a row$" out &&
	test_grep "^alex/journal\$ git fsck --strict --no-progress --no-dangling$" out &&
	test_grep ! "^dangling\|^error\|^warning" out &&
	test_grep "^2026-\|^20[0-9][0-9]-" out
'

test_expect_success 'the demo leaves nothing behind' '
	ls -A tmp >left &&
	test_cmp /dev/null left
'

test_done
