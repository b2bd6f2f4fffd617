#!/bin/sh
# Entries are their author's: a partner using plain git may write their
# own check-ins, reflections and resentments, but a commit that changes,
# removes or writes in the name of another partner's entry is refused by
# tend sync, which names the path, the commit and its author.  Resolving
# a raised resentment is the one change any partner may make.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"

test_expect_success 'setup: Alex.s entries on a bare remote, Sam on plain git' '
	partner_setup \
	    "tend -C alex checkin $all_pillars --date 2026-11-20" \
	    "tend -C alex reflect --share -m \"I felt heard on Sunday.\"" \
	    "tend -C alex resent -k hurt --raise -m \"The dishes, again.\" dishes" &&
	git -C alex ls-files reflect >reflection &&
	git -C alex ls-files resent >resentment &&
	test -s reflection && test -s resentment
'

# Sam commits what the work tree holds now, and pushes it.
sam_pushes() {
	git -C sam add -A &&
	git -C sam commit -q -m "$1" &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed
}

test_expect_success 'Sam removing Alex.s check-in is refused' '
	git -C sam rm -q checkin/2026/11/2026-11-20-alex.md &&
	sam_pushes "remove a check-in" &&
	partner_refused "it removes alex.s entry, and only they may; undo that there with git" \
	    checkin/2026/11/2026-11-20-alex.md &&
	test -f alex/checkin/2026/11/2026-11-20-alex.md &&
	sam_undoes
'

test_expect_success 'so is Sam rewriting Alex.s reflection' '
	printf "I no longer want this.\n" >>"sam/$(cat reflection)" &&
	sam_pushes "reflect: edit" &&
	partner_refused "it changes alex.s entry, and only they may" "$(cat reflection)" &&
	test_grep ! "no longer" "alex/$(cat reflection)" &&
	sam_undoes
'

test_expect_success 'or taking it over as Sam.s own' '
	sed -i "s/^author: alex$/author: sam/" "sam/$(cat reflection)" &&
	sam_pushes "reflect: mine" &&
	partner_refused "it changes alex.s entry, and only they may" "$(cat reflection)" &&
	sam_undoes
'

test_expect_success 'or writing a check-in in Alex.s name' '
	sed "s/^date: 2026-11-20/date: 2026-11-22/" \
	    sam/checkin/2026/11/2026-11-20-alex.md \
	    >sam/checkin/2026/11/2026-11-22-alex.md &&
	sam_pushes "checkin: 2026-11-22" &&
	partner_refused "it writes an entry in alex.s name, and only they may" \
	    checkin/2026/11/2026-11-22-alex.md &&
	tend -C alex log >log &&
	test_grep ! 2026-11-22 log &&
	sam_undoes
'

test_expect_success 'or a file of Sam.s own at the path of Alex.s private reflection' '
	tend -C alex reflect -m "Only for me." >rid &&
	private=reflect/$(cut -c1-4 rid)/$(cut -c6-7 rid)/$(cat rid).md &&
	test ! -f "alex/$private" &&
	mkdir -p "sam/$(dirname "$private")" &&
	printf -- "---\nkind: reflect\nauthor: sam\ndate: 2026-11-20T10:00:00+00:00\n---\n\nPlanted.\n" >"sam/$private" &&
	sam_pushes "reflect: planted" &&
	partner_refused "it writes an entry in alex.s name, and only they may" "$private" &&
	tend -C alex show "$(cat rid)" >out &&
	test_grep "Only for me." out &&
	test_grep ! Planted out &&
	sam_undoes
'

test_expect_success 'a removal Sam takes back with git revert is no change at all' '
	git -C sam rm -q checkin/2026/11/2026-11-20-alex.md &&
	sam_pushes "remove a check-in" &&
	git -C sam revert --no-edit HEAD >/dev/null &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >out &&
	test_grep "took in" out &&
	test -f alex/checkin/2026/11/2026-11-20-alex.md
'

test_expect_success 'a commit that claims Alex as author with another address is Sam.s' '
	git -C sam rm -q checkin/2026/11/2026-11-20-alex.md &&
	git -C sam -c user.name=Alex -c user.email=alex@elsewhere.example \
	    commit -q -m "remove a check-in" &&
	git -C sam push -q origin HEAD &&
	head=$(git -C alex rev-parse HEAD) &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "(commit .* by Alex): it removes alex.s entry" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	sam_undoes
'

test_expect_success 'Sam.s own entries come in, by plain git or by a merge' '
	sed -e "s/^author: alex$/author: sam/" \
	    sam/checkin/2026/11/2026-11-20-alex.md \
	    >sam/checkin/2026/11/2026-11-20-sam.md &&
	sam_pushes "checkin: 2026-11-20" &&
	tend -C alex checkin $all_pillars --date 2026-11-23 >/dev/null &&
	tend -C alex sync >out &&
	test_grep "took in" out &&
	test -f alex/checkin/2026/11/2026-11-20-sam.md &&
	printf "More of it.\n" >>sam/checkin/2026/11/2026-11-20-sam.md &&
	git -C sam commit -q -a -m "checkin: more" &&
	git -C sam pull -q --no-rebase --no-edit &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >out &&
	test_grep "More of it" alex/checkin/2026/11/2026-11-20-sam.md
'

test_expect_success 'Sam may resolve Alex.s raised resentment, as tend does it' '
	git -C sam pull -q --no-rebase &&
	git -C sam config tend.me sam &&
	id=$(basename "$(cat resentment)" .md) &&
	tend -C sam resent resolve "$id" -m "We took turns." >/dev/null &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >out &&
	test_grep "took in" out &&
	test_grep "^state: resolved" "alex/$(cat resentment)" &&
	test_grep "The dishes, again." "alex/$(cat resentment)"
'

test_expect_success 'but not rewrite Alex.s words while resolving it' '
	git -C alex reset -q --hard HEAD~1 &&
	git -C alex push -q -f origin HEAD &&
	git -C sam fetch -q && git -C sam reset -q --hard origin/HEAD &&
	id=$(basename "$(cat resentment)" .md) &&
	tend -C sam resent resolve "$id" -m "We took turns." >/dev/null &&
	sed -i "s/The dishes, again./Nothing, really./" "sam/$(cat resentment)" &&
	git -C sam commit -q -a --amend --no-edit &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed &&
	partner_refused "it changes alex.s entry, and only they may" "$(cat resentment)" &&
	sam_undoes
'

test_expect_success 'taken in with plain git pull, doctor names it and brings it back' '
	git -C alex reset -q --hard HEAD &&
	tend -C alex doctor --offline >/dev/null &&
	git -C sam fetch -q && git -C sam reset -q --hard origin/HEAD &&
	git -C sam rm -q checkin/2026/11/2026-11-20-alex.md &&
	sed -i "s/heard/ignored/" "sam/$(cat reflection)" &&
	sam_pushes "remove and rewrite" &&
	git -C alex pull -q --no-rebase --no-edit origin "$(git -C alex symbolic-ref --short HEAD)" &&
	test_expect_code 1 tend -C alex doctor --offline >out &&
	test_grep "^error   entries     checkin/2026/11/2026-11-20-alex.md: commit $(cut -c1-7 pushed) by Sam removes alex.s entry, which only they may do" out &&
	test_grep "^error   entries     $(cat reflection): commit $(cut -c1-7 pushed) by Sam changes alex.s entry" out &&
	test_grep "tend doctor --fix brings it back as you wrote it" out &&
	rm alex/.git/tend/authors &&
	test_expect_code 1 tend -C alex doctor --offline >fresh &&
	test_cmp out fresh &&
	tend -C alex doctor --offline --fix >out &&
	test_grep "^fixed   entries     checkin/2026/11/2026-11-20-alex.md: brought back as you wrote it" out &&
	test -f alex/checkin/2026/11/2026-11-20-alex.md &&
	test_grep "I felt heard" "alex/$(cat reflection)" &&
	test -z "$(git -C alex status --porcelain)" &&
	tend -C alex doctor --offline >out &&
	test_grep ! "^error" out
'

test_expect_success 'what doctor brought back is Alex.s own, and Sam takes it in' '
	tend -C alex sync >/dev/null &&
	git -C sam pull -q --no-rebase --no-edit &&
	test -f sam/checkin/2026/11/2026-11-20-alex.md &&
	test_grep "I felt heard" "sam/$(cat reflection)"
'

test_expect_success 'Sam.s own doctor says what Alex.s sync will refuse, and how to undo it' '
	git -C sam rm -q checkin/2026/11/2026-11-20-alex.md &&
	git -C sam commit -q -m "remove a check-in" &&
	removal=$(git -C sam rev-parse --short=7 HEAD) &&
	test_expect_code 1 tend -C sam doctor --offline >out &&
	test_grep "commit $removal by Sam removes alex.s entry, which only they may do; fix: alex.s tend sync refuses it: take it back with .git revert $removal." out &&
	test_expect_code 1 tend -C sam doctor --offline --fix >out2 &&
	test_grep "removes alex.s entry" out2 &&
	git -C sam revert --no-edit $removal >/dev/null &&
	tend -C sam doctor --offline >out &&
	test_grep ! "alex.s entry" out
'

test_expect_success 'nothing refused reached the remote or Alex.s tree' '
	git -C srv/journal.git fsck --strict 2>&1 &&
	git -C alex fsck --strict 2>&1 &&
	test_grep "The dishes, again." "alex/$(cat resentment)" &&
	test -f alex/checkin/2026/11/2026-11-20-alex.md
'

test_done
