#!/bin/sh
# tend sync and clone over SSH, against sshd on 127.0.0.1 with throwaway
# keys; and what happens with a host that is not known.
. "$(dirname "$0")/lib.sh"
. "$SRC_DIR/tests/sync-scenarios.sh"

if start_sshd; then
	# libgit2 1.5's known_hosts check leaks its libssh2 list on every
	# connection; leak checks (SANITIZE=1, VALGRIND=1 only) stay on
	# everywhere else, and valgrind still checks memory errors here.
	LSAN_OPTIONS="$LSAN_OPTIONS:detect_leaks=0"
	VALGRIND_LEAK_CHECK=no
	export VALGRIND_LEAK_CHECK
	url="ssh://$(id -un)@127.0.0.1:$ssh_port$TRASH/srv/journal.git"
	run_sync_scenarios ssh

	test_expect_success 'ssh: an unknown host key is refused, with the ssh-keyscan line' '
		mv "$HOME/.ssh/known_hosts" "$HOME/.ssh/known_hosts.saved" &&
		head=$(git -C alex rev-parse HEAD) &&
		test_expect_code 1 tend -C alex sync 2>err &&
		test_grep "the host key of .127.0.0.1. is not in ~/.ssh/known_hosts; check it, then run .ssh-keyscan 127.0.0.1 >>~/.ssh/known_hosts." err &&
		test "$(git -C alex rev-parse HEAD)" = "$head" &&
		mv "$HOME/.ssh/known_hosts.saved" "$HOME/.ssh/known_hosts"
	'

	test_expect_success 'ssh: without a usable key, a clear error and no loop' '
		mv "$HOME/.ssh/id_ed25519" "$HOME/.ssh/hidden" &&
		test_expect_code 1 tend -C alex sync 2>err &&
		test_grep "no SSH key was accepted" err &&
		mv "$HOME/.ssh/hidden" "$HOME/.ssh/id_ed25519"
	'
else
	test_skip "ssh scenarios" "sshd cannot run here (needs root and openssh-server)"
fi

test_done
