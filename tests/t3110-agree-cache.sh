#!/bin/sh
# The agreements' history is read once and kept in .git/tend/agreements;
# whatever happens to that file, tend's answers stay those of the history.
. "$(dirname "$0")/lib.sh"

cache=journal/.git/tend/agreements

# What tend says of the agreements: list, show, log, diff and blame.
answers() {
	tend -C journal agree list &&
	tend -C journal agree show phones &&
	tend -C journal agree log phones &&
	tend -C journal agree diff phones &&
	tend -C journal agree blame phones &&
	tend -C journal status
}

# The same answers read from the history alone, with no cache.
fresh_answers() {
	mv "$cache" cache.aside &&
	answers >"$1" &&
	mv cache.aside "$cache"
}

test_expect_success 'setup: an agreement signed by both' '
	make_journal &&
	tend -C journal agree new phones -t phones >/dev/null &&
	tend -C journal agree sign phones >/dev/null &&
	as_sam tend -C journal agree sign phones >/dev/null
'

test_expect_success 'reading agreements keeps their history, private, up to HEAD' '
	rm $cache &&
	answers >first &&
	test -f $cache &&
	test "$(file_mode $cache)" = 600 &&
	test "$(sed -n 2p $cache)" = "head $(git -C journal rev-parse HEAD)" &&
	test "$(tail -n 1 $cache)" = "end 3" &&
	test_grep "^s [0-9a-f]\{40\} [0-9]* [0-9]* [0-9a-f]\{40\} phones sam [0-9a-f]\{64\} sam@example.org Sam$" $cache &&
	test_grep "^r [0-9a-f]\{40\} [0-9]* [0-9]* [0-9a-f]\{40\} [0-9a-f]\{40\} phones Alex$" $cache &&
	test_grep "^c $(git -C journal rev-parse HEAD) [0-9]*$" $cache &&
	answers >second &&
	test_cmp first second
'

test_expect_success 'new commits are added to it, and answers stay the same' '
	tend -C journal agree edit phones -m "## What we do

- Phones sleep in the kitchen.
" >/dev/null &&
	tend -C journal agree sign phones >/dev/null &&
	answers >cached &&
	test "$(sed -n 2p $cache)" = "head $(git -C journal rev-parse HEAD)" &&
	test "$(tail -n 1 $cache)" = "end 5" &&
	test_grep "amended" cached &&
	fresh_answers expect &&
	test_cmp expect cached
'

test_expect_success 'a damaged cache is read as no cache, and written anew' '
	fresh_answers expect &&
	cp $cache good &&
	printf garbage >garbage &&
	: >empty &&
	head -c 120 good >cut &&
	sed "/^end/d" good >no-end &&
	sed "2s/^head .*/head $(printf "%040d" 0)/" good >other-head &&
	event=$(grep -n "^[rs] " good | sed -n "1s/:.*//p") &&
	sed "${event}s/phones/ph\\x00nes/" good >nul &&
	sed "${event}s/^./x/" good >bad-kind &&
	sed "${event}s/ \([0-9]*\) [0-9]* / \1 x /" good >bad-rank &&
	sed "3s/ [0-9]*$/ -/" good >bad-commit-rank &&
	for damaged in garbage empty cut no-end other-head nul bad-kind \
	    bad-rank bad-commit-rank; do
		! cmp -s good $damaged &&
		cp $damaged $cache &&
		answers >actual &&
		test_cmp expect actual &&
		test "$(tail -n 1 $cache)" = "end 5" || return 1
	done
'

test_expect_success 'a rewritten history is read again from the start' '
	answers >/dev/null &&
	git -C journal reset -q --hard HEAD~2 &&
	answers >cached &&
	test "$(sed -n 2p $cache)" = "head $(git -C journal rev-parse HEAD)" &&
	fresh_answers expect &&
	test_cmp expect cached &&
	test_grep "in force" cached
'

# Both partners sign the same text on their machines, one edits another
# agreement, and the histories merge: the cache, read before the merge,
# must take in both sides.
test_expect_success 'a merge of two machines is taken in whole' '
	git init -q --bare remote.git &&
	git -C journal remote add origin "$TRASH/remote.git" &&
	tend -C journal agree edit phones -m "## What we do

- Phones off at dinner.
" >/dev/null &&
	tend -C journal sync >/dev/null 2>&1 &&
	git clone -q remote.git other &&
	git -C other config tend.me sam &&
	tend -C other agree sign phones >/dev/null &&
	tend -C other agree new dishes --title Dishes -m "## What we do

- Whoever cooks does not wash up.
" >/dev/null &&
	tend -C other sync >/dev/null 2>&1 &&
	tend -C journal agree sign phones >/dev/null &&
	answers >/dev/null &&
	tend -C journal sync >synced 2>&1 &&
	test "$(git -C journal log -1 --format=%p | wc -w)" = 2 &&
	test_grep "^sam published a new device key SHA256:" synced &&
	tend -C journal key confirm sam >/dev/null &&
	answers >cached &&
	fresh_answers expect &&
	test_cmp expect cached &&
	tend -C journal agree list >list &&
	test_grep "^phones  *in force" list &&
	test_grep "^dishes  *draft" list
'

test_expect_success 'an agreement removed with git shows as removed' '
	git -C journal rm -q agree/dishes.md &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "Remove dishes" &&
	tend -C journal agree log dishes >log &&
	test_grep "removed" log &&
	mv $cache cache.aside &&
	tend -C journal agree log dishes >expect &&
	test_cmp expect log
'

test_expect_success 'a journal that cannot keep the cache still answers' '
	rm -f $cache &&
	mkdir $cache &&
	answers >actual &&
	rmdir $cache &&
	answers >expect &&
	test_cmp expect actual
'

# What tend says of every agreement, and its history.
all_answers() {
	tend -C journal agree list &&
	for name in $(git -C journal ls-tree --name-only HEAD agree/ |
	    sed "s,^agree/,,; s,\.md$,,"); do
		tend -C journal agree show "$name" &&
		tend -C journal agree log "$name" || return 1
	done
}

# Rounds of both partners working apart, then syncing: Alex with tend;
# Sam with tend, or with plain git and his clock a day behind, so that
# merges interleave the two sides, either partner's side first.  Alex
# reads before each sync, so the cache is taken in a piece at a time,
# across the merges, and must answer as the history read whole.
test_expect_success 'a cache taken in across merges answers as a full read' '
	git -C other config user.name Sam &&
	git -C other config user.email sam@example.org &&
	tend -C journal sync >/dev/null 2>&1 &&
	tend -C other sync >/dev/null 2>&1 &&
	for round in 1 2 3 4; do
		tend -C other agree edit phones -m "## What we do

- Phones rest in round $round.
" >/dev/null &&
		tend -C other agree sign phones >/dev/null &&
		tend -C journal agree new "walks-$round" -m "- We walk." \
		    >/dev/null &&
		tend -C journal agree sign "walks-$round" >/dev/null &&
		all_answers >/dev/null &&
		{ test $round = 1 ||
		  tend -C journal agree sign phones >/dev/null; } &&
		case $round in
		1|3)
			tend -C other sync >/dev/null 2>&1 &&
			all_answers >/dev/null &&
			tend -C journal sync >/dev/null 2>&1 &&
			tend -C other sync >/dev/null 2>&1 ;;
		*)
			sed -i "s/We walk/We walk far/" \
			    "other/agree/walks-$((round - 1)).md" &&
			git -C other commit -q -a -m "Walk far" &&
			tend -C journal sync >/dev/null 2>&1 &&
			export GIT_COMMITTER_DATE="$(date -d yesterday -R)" &&
			git -C other pull -q --no-rebase --no-edit &&
			unset GIT_COMMITTER_DATE &&
			git -C other push -q origin HEAD &&
			all_answers >/dev/null &&
			tend -C journal sync >/dev/null 2>&1 ;;
		esac &&
		test "$(git -C journal rev-list --merges HEAD | wc -l)" -ge \
		    "$round" &&
		all_answers >cached &&
		test "$(sed -n 2p $cache)" = \
		    "head $(git -C journal rev-parse HEAD)" &&
		rm $cache &&
		all_answers >expect &&
		test_cmp expect cached &&
		all_answers >again &&
		test_cmp expect again || return 1
	done &&
	test_grep "Phones rest in round 4" cached &&
	test_grep "We walk far" cached
'

test_expect_success 'a signature is checked when first asked for, and kept' '
	tend -C journal agree new chores --title Chores -m "- We take turns." \
	    >/dev/null &&
	tend -C journal agree sign chores >/dev/null &&
	as_sam tend -C journal agree sign chores >/dev/null &&
	tend -C journal agree edit chores -m "## What we do

- Dishes before bed.
" >/dev/null &&
	tend -C journal agree sign chores >/dev/null &&
	as_sam tend -C journal agree sign chores >/dev/null &&
	rm $cache &&
	tend -C journal agree list >list &&
	test_grep "^chores  *in force" list &&
	sig="^s [0-9a-f]\{40\} [0-9]* [0-9]* [0-9a-f]\{40\} chores" &&
	test "$(grep -c "$sig [a-z]* [0-9a-f]\{64\} " $cache)" = 2 &&
	test "$(grep -c "$sig [a-z]* ? " $cache)" = 2 &&
	tend -C journal agree log chores >log &&
	test "$(grep -c "signed" log)" = 4 &&
	test_grep ! "(" log &&
	test "$(grep -c "$sig [a-z]* [0-9a-f]\{64\} " $cache)" = 4 &&
	test_grep ! "$sig [a-z]* ? " $cache
'

test_done
