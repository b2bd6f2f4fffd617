#!/bin/sh
# A sync that takes in files only the partner changed merges folder by
# folder, opening only the folders that differ (lib/store-tree.c).  Its
# result must be the tree git's own merge makes of the same two commits
# (git merge-tree --write-tree); files changed on both sides go to the
# full merge, which keeps both versions (tests/sync-scenarios.sh).
. "$(dirname "$0")/lib.sh"
. "$SRC_DIR/tests/sync-scenarios.sh"

url="file://$TRASH/srv/journal.git"

# Alex's last sync merged: the same tree as git merges, nothing left over.
merged_as_git_merges() {
	test "$(git -C alex rev-list --parents -1 HEAD | wc -w)" = 3 &&
	git -C alex merge-tree --write-tree HEAD^1 HEAD^2 >want &&
	git -C alex rev-parse HEAD^{tree} >got &&
	test_cmp want got &&
	test -z "$(git -C alex status --porcelain)" &&
	git -C alex fsck --strict
}

test_expect_success 'setup' 'sync_setup'

test_expect_success 'new year, month and day folders on each side merge as git merges' '
	tend -C sam checkin $all_pillars --date 2025-12-31 >/dev/null &&
	tend -C sam checkin $all_pillars --date 2026-01-06 >/dev/null &&
	tend -C sam resent -k hurt --raise -m "The call." "The call" >/dev/null &&
	tend -C sam sync >/dev/null &&
	tend -C alex checkin $all_pillars --date 2026-01-05 >/dev/null &&
	tend -C alex checkin $all_pillars --date 2026-02-01 >/dev/null &&
	tend -C alex reflect -p saying-fine --share -m "Shared words." >/dev/null &&
	tend -C alex sync >out &&
	test_grep "(merged)" out &&
	merged_as_git_merges &&
	test -f alex/checkin/2025/12/2025-12-31-sam.md &&
	test -f alex/checkin/2026/01/2026-01-06-sam.md &&
	test -f alex/checkin/2026/01/2026-01-05-alex.md
'

test_expect_success 'files removed on each side stay removed; the other side adds beside them' '
	tend -C sam checkin $all_pillars --date 2026-01-07 >/dev/null &&
	git -C sam rm -q checkin/2025/12/2025-12-31-sam.md &&
	git -C sam commit -q -m "checkin: take back 2025-12-31" &&
	tend -C sam sync >/dev/null &&
	git -C alex rm -q checkin/2026/02/2026-02-01-alex.md &&
	git -C alex commit -q -m "checkin: take back 2026-02-01" &&
	tend -C alex sync >/dev/null &&
	merged_as_git_merges &&
	test ! -e alex/checkin/2026/02 &&
	test ! -e alex/checkin/2025 &&
	test -f alex/checkin/2026/01/2026-01-07-sam.md
'

test_expect_success 'both sides the same: nothing to merge' '
	tend -C sam sync >/dev/null &&
	tend -C alex sync >out &&
	test_grep "^up to date$" out &&
	test "$(git -C alex rev-parse HEAD)" = "$(git -C sam rev-parse HEAD)"
'

test_done
