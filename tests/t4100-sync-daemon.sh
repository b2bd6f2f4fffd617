#!/bin/sh
# tend sync and clone over git://, against git daemon on 127.0.0.1.
. "$(dirname "$0")/lib.sh"
. "$SRC_DIR/tests/sync-scenarios.sh"

mkdir -p srv
if start_git_daemon "$TRASH/srv"; then
	url="git://127.0.0.1:$daemon_port/journal.git"
	run_sync_scenarios git-daemon

	test_expect_success 'git-daemon: the daemon stopped: one-line error, nothing lost' '
		tend -C alex checkin $all_pillars --date 2026-11-10 >/dev/null &&
		head=$(git -C alex rev-parse HEAD) &&
		kill $daemon_pid && wait $daemon_pid 2>/dev/null;
		test_expect_code 1 tend -C alex sync 2>err &&
		test "$(wc -l <err)" = 1 &&
		test_grep "^tend: cannot sync: cannot fetch from .git://127.0.0.1:$daemon_port/journal.git.: " err &&
		test "$(git -C alex rev-parse HEAD)" = "$head" &&
		test -f alex/checkin/2026/11/2026-11-10-alex.md
	'
else
	test_skip "git daemon scenarios" "git daemon did not start on 127.0.0.1"
fi

test_done
