#!/bin/sh
# tend show: finding an entry by id or prefix, and printing it safely.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: two partners check in on the same day' '
	make_journal &&
	tend -C journal checkin $all_pillars -a "the soup" \
	    -m "- first point
- second point" --date 2026-11-24 >/dev/null &&
	git -C journal config tend.me sam &&
	tend -C journal checkin $all_pillars --date 2026-11-24 >/dev/null &&
	git -C journal config tend.me alex
'

test_expect_success 'show prints the header, the fields and the body' '
	tend -C journal show --pretty 2026-11-24-alex >out &&
	test_grep "^checkin 2026-11-24-alex$" out &&
	test_grep "^author  *alex$" out &&
	test_grep "^date  *2026-11-24T" out &&
	test_grep "^pillars$" out &&
	test_grep "^  vulnerability  *4$" out &&
	test_grep "^  shared  *2$" out &&
	test_grep "the soup" out &&
	test_grep "^- first point$" out
'

test_expect_success 'a unique prefix finds the entry' '
	tend -C journal show --pretty 2026-11-24-a >out &&
	test_grep "^checkin 2026-11-24-alex$" out
'

test_expect_success 'an ambiguous prefix lists the candidates, exit 1' '
	test_expect_code 1 tend -C journal show 2026-11 2>err &&
	test_grep "^tend: .2026-11. is ambiguous: " err &&
	test_grep "checkin/2026/11/2026-11-24-alex.md" err &&
	test_grep "checkin/2026/11/2026-11-24-sam.md" err
'

# An id is looked for in its day's folders first, an agreement's name
# outside the dated ones; a file plain git put elsewhere is still found,
# and an ambiguity across folders still told.
test_expect_success 'an entry outside its day'"'"'s folder is found all the same' '
	mkdir -p journal/checkin/2001/01 journal/reflect/2026/11 &&
	sed "s/2026-11-24/2026-11-25/" \
	    journal/checkin/2026/11/2026-11-24-sam.md \
	    >journal/checkin/2001/01/2026-11-25-sam.md &&
	cp journal/checkin/2026/11/2026-11-24-sam.md \
	    journal/checkin/2026-11-24-sam-stray.md &&
	printf -- "---\nkind: checkin\nauthor: sam\ndate: 2026-11-26\n---\n" \
	    >journal/checkin/pact.md &&
	git -C journal add checkin &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "Placed by hand" &&
	tend -C journal show --raw 2026-11-25-sam >out &&
	test_cmp journal/checkin/2001/01/2026-11-25-sam.md out &&
	tend -C journal show --raw pact >out &&
	test_cmp journal/checkin/pact.md out &&
	tend -C journal show --raw 2026-11-24-sam-s >out &&
	test_cmp journal/checkin/2026-11-24-sam-stray.md out &&
	test_expect_code 1 tend -C journal show 2026-11-24-s 2>err &&
	test_grep "is ambiguous: .*2026-11-24-sam.md" err &&
	test_grep "is ambiguous: .*2026-11-24-sam-stray.md" err &&
	git -C journal rm -q checkin/2001/01/2026-11-25-sam.md \
	    checkin/2026-11-24-sam-stray.md checkin/pact.md &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "Tidied"
'

test_expect_success 'an unknown id exits 1 and names it' '
	test_expect_code 1 tend -C journal show 2027 2>err &&
	test_grep "^tend: no entry .2027.$" err &&
	test_expect_code 1 tend -C journal show ../tend.conf 2>err &&
	test_grep "is not an entry id" err
'

test_expect_success 'show takes exactly one id' '
	test_expect_code 2 tend -C journal show 2>err &&
	test_grep "usage: tend show" err &&
	test_expect_code 2 tend -C journal show a b 2>err
'

test_expect_success '--raw, or a pipe, prints the file exactly as stored' '
	tend -C journal show --raw 2026-11-24-sam >raw &&
	test_cmp journal/checkin/2026/11/2026-11-24-sam.md raw &&
	tend -C journal show 2026-11-24-sam >piped &&
	test_cmp journal/checkin/2026/11/2026-11-24-sam.md piped
'

test_expect_success 'on a terminal it is laid out for reading' '
	echo wait >script &&
	NO_COLOR=1 PAGER=cat "$SRC_DIR/tests/tty" script -- tend -C journal show 2026-11-24-alex >out &&
	test_grep "checkin 2026-11-24-alex" out &&
	test_grep "vulnerability  *4" out
'

test_expect_success 'on a terminal, text wraps to its width' '
	tend -C journal checkin $all_pillars --date 2026-11-10 -m "$(printf "word %.0s" $(seq 1 60))" >/dev/null &&
	echo wait >script &&
	NO_COLOR=1 PAGER=cat "$SRC_DIR/tests/tty" -w 50 script -- \
	    tend -C journal show 2026-11-10 >narrow &&
	tr -d "\r" <narrow | awk "length > 49 { bad = 1 } END { exit bad }" &&
	test "$(grep -c "^word" narrow)" -ge 6 &&
	NO_COLOR=1 PAGER=cat "$SRC_DIR/tests/tty" -w 120 script -- \
	    tend -C journal show 2026-11-10 >wide &&
	tr -d "\r" <wide | awk "length > 100 { long = 1 } END { exit !long }"
'

test_expect_success 'escape sequences in an entry never reach the terminal' '
	f=journal/checkin/2026/11/2026-11-20-sam.md &&
	printf -- "---\nkind: checkin\nauthor: \"sam\\\\e[31m\"\n---\n\nred \033[31malert\033]0;title\007 text\n" >$f &&
	git -C journal add . &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org commit -q -m planted &&
	tend -C journal show --pretty 2026-11-20 >out &&
	test_grep "alert" out &&
	echo wait >script &&
	NO_COLOR=1 PAGER=cat "$SRC_DIR/tests/tty" script -- tend -C journal show 2026-11-20 >tty-out &&
	test_grep "alert" tty-out &&
	if grep "$(printf "\033")" tty-out; then
		echo "an escape byte reached the terminal" >&2; false
	fi &&
	if grep "$(printf "\033")" out; then
		echo "an escape byte got through" >&2; false
	fi &&
	if grep "$(printf "\007")" out; then
		echo "a bell byte got through" >&2; false
	fi
'

test_expect_success 'a broken entry is reported with its file and line' '
	f=journal/checkin/2026/11/2026-11-21-sam.md &&
	printf -- "---\nkind: checkin\nauthor: sam\n  date: x: y\n---\n" >$f &&
	git -C journal add . &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org commit -q -m broken &&
	test_expect_code 1 tend -C journal show 2026-11-21 2>err &&
	test_grep "^tend: cannot read .checkin/2026/11/2026-11-21-sam.md.: line 4: " err
'

test_expect_success 'an entry without front matter is reported' '
	f=journal/checkin/2026/11/2026-11-22-sam.md &&
	printf "just text\n" >$f &&
	git -C journal add . &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org commit -q -m plain &&
	test_expect_code 1 tend -C journal show 2026-11-22 2>err &&
	test_grep "line 1: it must start with a .---. line" err
'

test_done
