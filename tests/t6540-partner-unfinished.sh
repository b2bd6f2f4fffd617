#!/bin/sh
# No write on a base the user has not seen: in the middle of a merge plain
# git left unfinished, every writing command refuses and names the files
# to settle; and an agreement is signed only as committed, never while its
# file holds a hand edit.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"

test_expect_success 'setup: Alex and Sam both change an agreement, Sam with git' '
	partner_setup \
	    "tend -C alex agree new dinner -m \"- We cook on Sundays.\"" &&
	sed -i "s/Sundays/Saturdays/" sam/agree/dinner.md &&
	git -C sam commit -q -a -m "dinner: saturdays" &&
	git -C sam push -q origin HEAD &&
	sed -i "s/Sundays/Fridays/" alex/agree/dinner.md &&
	git -C alex -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -a -m "dinner: fridays" &&
	test_must_fail git -C alex -c user.name=Alex -c user.email=alex@example.org \
	    pull -q --no-rebase origin \
	    "$(git -C alex symbolic-ref --short HEAD)" 2>/dev/null &&
	git -C alex status --porcelain >st &&
	test_grep "^UU agree/dinner.md$" st &&
	git -C alex rev-parse HEAD >head
'

for cmd in "agree sign dinner" "agree edit dinner -m x" \
    "checkin $all_pillars --date 2026-11-20" "sync" \
    "resent -k hurt -m x Late" "reflect -p saying-fine -m x"; do
	# sync tells every failure with 1; the others a refusal with 2.
	code=2
	[ "$cmd" = sync ] && code=1
	test_expect_success "mid-merge, tend $cmd refuses and names the file" '
		test_expect_code $code tend -C alex $cmd 2>err &&
		test "$(wc -l <err)" = 1 &&
		test_grep "git is in the middle of a merge or rebase in .*: settle .agree/dinner.md.; finish or abort it with git" err &&
		test "$(git -C alex rev-parse HEAD)" = "$(cat head)" &&
		test -f alex/.git/MERGE_HEAD
	'
done

test_expect_success 'once git is done, tend writes again' '
	git -C alex merge --abort &&
	tend -C alex checkin $all_pillars --date 2026-11-20 >/dev/null
'

test_expect_success 'an agreement with a hand edit is not signed' '
	echo "- And we wash up together." >>alex/agree/dinner.md &&
	head=$(git -C alex rev-parse HEAD) &&
	test_expect_code 2 tend -C alex agree sign dinner 2>err &&
	test_grep "agree/dinner.md. has changes that are not committed" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	git -C alex checkout -q agree/dinner.md &&
	tend -C alex agree sign dinner >/dev/null &&
	git -C alex log -1 --format=%B >msg &&
	test_grep "^Agreed-to: agree/dinner.md $(git -C alex rev-parse HEAD:agree/dinner.md)$" msg
'

test_done
