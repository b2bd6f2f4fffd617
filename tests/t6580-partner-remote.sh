#!/bin/sh
# Remote changes are never silent: a partner using plain git deletes or
# renames the shared branch, or forces it back, and Alex's tend sync says
# so and keeps both sides.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"

test_expect_success 'setup: Alex on tend, Sam on plain git, one bare remote' '
	partner_setup "tend -C alex checkin $all_pillars --date 2026-11-20" &&
	git -C alex symbolic-ref --short HEAD >branch &&
	# As a git host lets the owner delete or rename the default branch.
	git -C srv/journal.git config receive.denyDeleteCurrent ignore
'

test_expect_success 'a remote branch Sam deleted is named, and shared again' '
	git -C sam push -q origin --delete "$(cat branch)" &&
	tend -C alex sync >out &&
	test_grep "^the remote.s branch was gone (deleted, or renamed)$" out &&
	test_grep "^shared yours$" out &&
	test "$(git -C srv/journal.git rev-parse "$(cat branch)")" = "$(git -C alex rev-parse HEAD)"
'

test_expect_success 'so is one Sam renamed; the renamed one stays as it was' '
	git -C sam fetch -q &&
	git -C sam push -q origin "origin/$(cat branch):refs/heads/renamed" &&
	git -C sam push -q origin --delete "$(cat branch)" &&
	tend -C alex sync >out &&
	test_grep "^the remote.s branch was gone" out &&
	git -C srv/journal.git rev-parse --verify -q renamed >/dev/null &&
	git -C srv/journal.git rev-parse --verify -q "$(cat branch)" >/dev/null
'

test_expect_success 'a branch Sam forced back loses nothing of either side' '
	git -C sam fetch -q && git -C sam reset -q --hard "origin/$(cat branch)" &&
	git -C sam commit -q --allow-empty -m "one" &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >/dev/null &&
	git -C sam rev-parse HEAD >dropped &&
	git -C sam reset -q --hard HEAD~1 &&
	git -C sam commit -q --allow-empty -m "another" &&
	git -C sam push -q -f origin HEAD &&
	tend -C alex sync >out &&
	test_grep "^the remote.s branch lost commits it had (a forced push); both sides are kept$" out &&
	test_grep "^shared yours$" out &&
	git -C srv/journal.git merge-base --is-ancestor "$(cat dropped)" "$(cat branch)" &&
	git -C srv/journal.git merge-base --is-ancestor "$(git -C sam rev-parse HEAD)" "$(cat branch)"
'

test_expect_success 'a sync after that is quiet again' '
	tend -C alex sync >out &&
	test "$(cat out)" = "up to date" &&
	git -C srv/journal.git fsck --strict 2>&1 &&
	git -C alex fsck --strict 2>&1
'

test_done
