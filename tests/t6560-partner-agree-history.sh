#!/bin/sh
# An agreement's history after merges plain git made, in either direction:
# what tend shows (show --as-of, blame, log, the HTML export) is the text
# the file holds, and the cached history answers as a full read does.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"

test_expect_success 'setup: an agreement, a bare remote, Sam on plain git' '
	partner_setup \
	    "tend -C alex agree new dinner -m \"- We cook on Sundays.\""
'

# Sam's own edits carry an older date, so that a walk by time meets
# Alex's later edit first, as when Sam merges days after writing.
export GIT_AUTHOR_DATE="2026-11-01T10:00:00+00:00"
export GIT_COMMITTER_DATE="2026-11-01T10:00:00+00:00"

# Each answer tend gives about the agreement, into $1.
answers() {
	{
		tend -C alex agree show dinner --as-of HEAD &&
		tend -C alex agree blame dinner &&
		tend -C alex agree log dinner &&
		tend -C alex agree list
	} >"$1"
}

test_expect_success 'Sam keeps his side of a conflict with git checkout --ours' '
	sed -i "s/Sundays/Saturdays/" sam/agree/dinner.md &&
	git -C sam commit -q -a -m "dinner: saturdays" &&
	tend -C alex agree edit dinner -m "- We cook on Fridays." >/dev/null &&
	tend -C alex sync >/dev/null &&
	test_must_fail git -C sam pull -q --no-rebase 2>/dev/null &&
	git -C sam checkout -q --ours agree/dinner.md &&
	git -C sam add agree/dinner.md &&
	git -C sam commit -q --no-edit &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	test_grep "Saturdays" alex/agree/dinner.md &&
	answers cached &&
	tend -C alex agree show dinner --as-of HEAD >show &&
	test_grep "Saturdays" show &&
	test_grep ! "Fridays" show &&
	tend -C alex agree blame dinner >blame &&
	test_grep "Saturdays" blame &&
	test_grep ! "Fridays" blame
'

test_expect_success 'the cached history answers as a full read does' '
	rm alex/.git/tend/agreements &&
	answers fresh &&
	test_cmp cached fresh
'

test_expect_success 'Sam takes Alex.s side with git checkout --theirs' '
	git -C sam pull -q --no-rebase &&
	sed -i "s/Saturdays/Mondays/" sam/agree/dinner.md &&
	git -C sam commit -q -a -m "dinner: mondays" &&
	tend -C alex agree edit dinner -m "- We cook on Tuesdays." >/dev/null &&
	tend -C alex sync >/dev/null &&
	test_must_fail git -C sam pull -q --no-rebase 2>/dev/null &&
	git -C sam checkout -q --theirs agree/dinner.md &&
	git -C sam add agree/dinner.md &&
	git -C sam commit -q --no-edit &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	test_grep "Tuesdays" alex/agree/dinner.md &&
	answers cached &&
	test_grep "Tuesdays" cached &&
	rm alex/.git/tend/agreements &&
	answers fresh &&
	test_cmp cached fresh
'

test_expect_success 'Sam writes a third text by hand to settle a conflict' '
	git -C sam pull -q --no-rebase &&
	sed -i "s/Tuesdays/Wednesdays/" sam/agree/dinner.md &&
	git -C sam commit -q -a -m "dinner: wednesdays" &&
	tend -C alex agree edit dinner -m "- We cook on Thursdays." >/dev/null &&
	tend -C alex sync >/dev/null &&
	test_must_fail git -C sam pull -q --no-rebase 2>/dev/null &&
	sed -i "s/^- .*/- We cook together, any day./" sam/agree/dinner.md &&
	git -C sam add agree/dinner.md &&
	git -C sam commit -q --no-edit &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	answers cached &&
	test_grep "any day" cached &&
	rm alex/.git/tend/agreements &&
	answers fresh &&
	test_cmp cached fresh
'

# One round of a random history: Alex edits, Sam edits, or both; Sam
# merges with git pull and settles a conflict ours, theirs or by hand;
# each pushes and syncs.  After it, blame must name the clause the file
# holds, and a full read must answer as the cache does.
random_round() {
	round=$1
	pick=$(perl -e "srand($round * 7919 + ${AGREE_SEED:-1}); print int(rand(9))") &&
	who=$((pick % 3)) settle=$((pick / 3)) &&
	git -C sam pull -q --no-rebase &&
	if [ $who != 0 ]; then
		sed -i "s/^- .*/- Sam round $round./" sam/agree/dinner.md &&
		git -C sam commit -q -a -m "sam $round"
	fi &&
	if [ $who != 1 ]; then
		tend -C alex agree edit dinner -m "- Alex round $round." >/dev/null &&
		tend -C alex sync >/dev/null
	fi &&
	if ! git -C sam pull -q --no-rebase >/dev/null 2>&1; then
		case $settle in
		0) git -C sam checkout -q --ours agree/dinner.md ;;
		1) git -C sam checkout -q --theirs agree/dinner.md ;;
		*) git -C sam checkout -q --ours agree/dinner.md &&
		   sed -i "s/^- .*/- Both round $round./" sam/agree/dinner.md ;;
		esac &&
		git -C sam add agree/dinner.md &&
		git -C sam commit -q --no-edit
	fi &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	clause=$(sed -n "s/^- //p" alex/agree/dinner.md) &&
	tend -C alex agree blame dinner >blame &&
	test_grep "  $clause\$" blame &&
	answers cached &&
	rm alex/.git/tend/agreements &&
	answers fresh &&
	test_cmp cached fresh
}

test_expect_success 'random histories: what tend says is what the file holds' '
	for round in 1 2 3 4 5 6 7 8 9 10 11 12; do
		random_round $round ||
		    { echo "round $round (seed ${AGREE_SEED:-1}) went wrong"; return 1; }
	done
'

test_done
