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

# Alex edits "walks" in an editor that, while open, lets a sync take in
# what Sam pushed: as if Alex had run tend sync in another terminal.
edit_while_syncing() {
	cat >editor <<-EOF &&
	sed -i "s/$1/$2/" "\$1"
	tend -C "$TRASH/alex" sync >/dev/null
	EOF
	echo wait >script &&
	env EDITOR="sh $TRASH/editor" "$SRC_DIR/tests/tty" script -- \
	    tend -C alex agree edit walks >transcript
}

test_expect_success 'a partner.s change that came in while Alex edited is merged in' '
	git -C alex fetch -q &&
	git -C alex reset -q --hard "origin/$(git -C alex symbolic-ref --short HEAD)" &&
	tend -C alex agree new walks -m "- We walk on Mondays.

Rain or shine.

Even in winter.

- We leave the phones at home." >/dev/null &&
	tend -C alex sync >/dev/null &&
	git -C sam pull -q --no-rebase &&
	sed -i "s/leave the phones at home/bring no phones/" sam/agree/walks.md &&
	git -C sam commit -q -a -m "walks: phones" &&
	git -C sam push -q origin HEAD &&
	edit_while_syncing "walk on Mondays" "walk on Tuesdays" &&
	test_grep "^- We walk on Tuesdays.$" alex/agree/walks.md &&
	test_grep "^- We bring no phones.$" alex/agree/walks.md &&
	test "$(git -C alex log -1 --format=%s)" = "agree: edit walks" &&
	test -z "$(git -C alex status --porcelain)"
'

test_expect_success 'one to the same lines is refused, and Alex.s text is kept' '
	tend -C alex sync >/dev/null &&
	git -C sam pull -q --no-rebase &&
	sed -i "s/walk on Tuesdays/walk on Sundays/" sam/agree/walks.md &&
	git -C sam commit -q -a -m "walks: sundays" &&
	git -C sam push -q origin HEAD &&
	test_expect_code 2 edit_while_syncing "walk on Tuesdays" "walk on Wednesdays" &&
	test_grep "changed while you edited it, in the same lines, by a partner.s change a sync took in" transcript &&
	test_grep "your text is kept in .*rejected-walks.md" transcript &&
	test_grep "Wednesdays" alex/.git/tend/rejected-walks.md &&
	test_grep "^- We walk on Sundays.$" alex/agree/walks.md &&
	test -z "$(git -C alex status --porcelain)"
'

test_done
