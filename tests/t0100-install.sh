#!/bin/sh
# make install and uninstall into a staging folder, and the staged binary
# at work: it finds its content beside itself, not in the source tree.
. "$(dirname "$0")/lib.sh"

dest=$TRASH/dest
prefix=/usr/local

test_expect_success 'make install puts the binary, the manual and the content in place' '
	make -s -C "$SRC_DIR" install DESTDIR="$dest" >out 2>&1 &&
	test -x "$dest$prefix/bin/tend" &&
	test -f "$dest$prefix/share/man/man1/tend.1" &&
	test -f "$dest$prefix/share/man/man1/tend-reflect.1" &&
	test -f "$dest$prefix/share/man/man5/tend-entry.5" &&
	test -f "$dest$prefix/share/man/man5/tend.conf.5" &&
	test -f "$dest$prefix/share/tend/content/templates/journal-README.md" &&
	test "$(ls "$dest$prefix/share/tend/content/prompts/reflect" | wc -l)" -ge 24 &&
	test "$(ls "$dest$prefix/share/tend/content/pillars" | wc -l)" = 5 &&
	test -f "$dest$prefix/share/man/man7/tend.7" &&
	test -f "$dest$prefix/share/bash-completion/completions/tend" &&
	test -f "$dest$prefix/share/zsh/site-functions/_tend" &&
	test -f "$dest$prefix/share/fish/vendor_completions.d/tend.fish"
'

test_expect_success 'the installed binary works from a copy, away from the source tree' '
	cp -R "$dest" staged &&
	tend_bin="$TRASH/staged$prefix/bin/tend" &&
	"$tend_bin" init --me "Alex <alex@example.org>" --partner Sam journal >/dev/null &&
	"$tend_bin" -C journal reflect --prompts >prompts &&
	test "$(wc -l <prompts)" -ge 24 &&
	"$tend_bin" -C journal reflect -m "from the installed binary" >id &&
	"$tend_bin" -C journal checkin $all_pillars >/dev/null &&
	"$tend_bin" -C journal checkin --list >list &&
	test "$(wc -l <list)" = 2
'

test_expect_success 'the installed content is what the staged binary reads' '
	printf -- "---\ntheme: trust\n---\n# Only in the staged copy?\n" \
	    >"$TRASH/staged$prefix/share/tend/content/prompts/reflect/zz-staged.md" &&
	"$TRASH/staged$prefix/bin/tend" -C journal reflect --prompts >prompts &&
	test_grep "^zz-staged .*Only in the staged copy?$" prompts
'

test_expect_success 'help works installed: the installed page' '
	if command -v man >/dev/null; then
		MANPATH="$TRASH/staged$prefix/share/man" MANPAGER=cat MANWIDTH=80 \
		    "$TRASH/staged$prefix/bin/tend" help agree >out 2>&1 &&
		test_grep "TEND-AGREE(1)" out
	fi
'

test_expect_success 'make uninstall removes what install put there' '
	make -s -C "$SRC_DIR" uninstall DESTDIR="$dest" >out 2>&1 &&
	find "$dest" -type f >left &&
	test_cmp /dev/null left
'

test_done
