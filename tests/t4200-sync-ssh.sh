#!/bin/sh
# tend sync and clone over SSH, against sshd on 127.0.0.1 with throwaway
# keys, through libgit2 and through git; a host that is not known; ssh as
# ~/.ssh/config sets it up; a remote helper.
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
	eval "$(ssh-agent -s)" >/dev/null &&
	test_at_end "kill $SSH_AGENT_PID 2>/dev/null"

	for transport in libgit2 git; do
		test_expect_success "ssh ($transport): an unknown host key is refused, with the ssh-keyscan line" '
			git config --global sync.transport $transport &&
			mv "$HOME/.ssh/known_hosts" "$HOME/.ssh/known_hosts.saved" &&
			head=$(git -C alex rev-parse HEAD) &&
			test_expect_code 1 tend -C alex sync 2>err;
			status=$?
			mv "$HOME/.ssh/known_hosts.saved" "$HOME/.ssh/known_hosts" &&
			test $status = 0 &&
			test "$(wc -l <err)" = 1 &&
			test_grep "the host key of .127.0.0.1. is not in ~/.ssh/known_hosts; check it, then run .ssh-keyscan -p $ssh_port 127.0.0.1 >>~/.ssh/known_hosts." err &&
			test "$(git -C alex rev-parse HEAD)" = "$head"
		'

		test_expect_success "ssh ($transport): without a usable key, a clear error and no loop" '
			git config --global sync.transport $transport &&
			mv "$HOME/.ssh/id_ed25519" "$HOME/.ssh/hidden" &&
			test_expect_code 1 tend -C alex sync 2>err;
			status=$?
			mv "$HOME/.ssh/hidden" "$HOME/.ssh/id_ed25519" &&
			test $status = 0 &&
			test "$(wc -l <err)" = 1 &&
			test_grep "no SSH key was accepted" err
		'
	done

	# As a couple sets it up: a Host alias in ~/.ssh/config with its own
	# user, port and key, the key's passphrase known only to ssh-agent.
	# ssh reads the passwd entry's home, not $HOME: -F names the file.
	test_expect_success 'ssh: a Host alias, User, Port, IdentityFile with a passphrase in ssh-agent' '
		ssh-keygen -q -t ed25519 -N "Zoë and Sam" -C journal \
		    -f "$HOME/.ssh/journal_key" &&
		cat "$HOME/.ssh/journal_key.pub" >>"$TRASH/authorized_keys" &&
		cat >"$HOME/.ssh/config" <<-EOF &&
		Host journal-host
			HostName 127.0.0.1
			Port $ssh_port
			User $(id -un)
			IdentityFile $HOME/.ssh/journal_key
			IdentitiesOnly yes
			UserKnownHostsFile $HOME/.ssh/known_hosts
			BatchMode yes
		Host journal-typed
			HostName 127.0.0.1
			Port $ssh_port
			User $(id -un)
			IdentityFile $HOME/.ssh/journal_key
			IdentitiesOnly yes
			IdentityAgent none
			UserKnownHostsFile $HOME/.ssh/known_hosts
		Host journal-via-jump
			HostName 127.0.0.1
			Port $ssh_port
			User $(id -un)
			ProxyJump journal-host
			IdentityFile $HOME/.ssh/journal_key
			IdentitiesOnly yes
			UserKnownHostsFile $HOME/.ssh/known_hosts
			BatchMode yes
		EOF
		git config --global core.sshCommand "ssh -F $HOME/.ssh/config" &&
		git config --global --unset sync.transport &&
		printf "#!/bin/sh\necho \"Zoë and Sam\"\n" >"$TRASH/askpass" &&
		chmod +x "$TRASH/askpass" &&
		SSH_ASKPASS="$TRASH/askpass" SSH_ASKPASS_REQUIRE=force DISPLAY=none \
		    ssh-add "$HOME/.ssh/journal_key" </dev/null 2>/dev/null &&
		env -u GIT_SSH_COMMAND tend clone --me "Robin <robin@example.org>" \
		    "journal-host:$TRASH/srv/journal.git" robin >out &&
		test_grep "joined the journal" out &&
		tend -C robin checkin $all_pillars --date 2026-11-12 >/dev/null &&
		env -u GIT_SSH_COMMAND tend -C robin sync >out &&
		test_grep "^shared yours$" out &&
		git -C srv/journal.git cat-file -e HEAD:checkin/2026/11/2026-11-12-robin.md
	'

	test_expect_success 'ssh: through a ProxyJump host, and with libgit2 a hint' '
		git -C robin remote set-url origin \
		    "ssh://journal-via-jump$TRASH/srv/journal.git" &&
		tend -C alex checkin $all_pillars --date 2026-11-13 >/dev/null &&
		tend -C alex sync >/dev/null &&
		env -u GIT_SSH_COMMAND tend -C robin sync >out &&
		test_grep "^took in the partners. entries" out &&
		test -f robin/checkin/2026/11/2026-11-13-alex.md &&
		head=$(git -C robin rev-parse HEAD) &&
		git -C robin config sync.transport libgit2 &&
		test_expect_code 1 env -u GIT_SSH_COMMAND tend -C robin sync 2>err &&
		test "$(wc -l <err)" = 1 &&
		test_grep "libgit2 does not read ~/.ssh/config" err &&
		test "$(git -C robin rev-parse HEAD)" = "$head" &&
		git -C robin config --unset sync.transport
	'

	# No agent: ssh asks for the passphrase at the terminal, as for git.
	test_expect_success 'ssh: a passphrase typed at the prompt' '
		git -C robin remote set-url origin \
		    "journal-typed:$TRASH/srv/journal.git" &&
		tend -C alex checkin $all_pillars --date 2026-11-15 >/dev/null &&
		tend -C alex sync >/dev/null &&
		cat >script <<-\EOF &&
		expect Enter passphrase for key
		send Zoë and Sam\n
		EOF
		env -u GIT_SSH_COMMAND "$SRC_DIR/tests/tty" script -- \
		    tend -C robin sync >transcript &&
		test_grep "took in the partners. entries" transcript &&
		test -f robin/checkin/2026/11/2026-11-15-alex.md
	'

	# ext:: is a remote helper built into git: libgit2 knows none.
	test_expect_success 'a remote helper (ext::) through the git transport' '
		git config --global protocol.ext.allow always &&
		tend clone --me "Zoë <zoe@example.org>" \
		    "ext::git %s $TRASH/srv/journal.git" zoe >out &&
		tend -C zoe checkin $all_pillars --date 2026-11-14 >/dev/null &&
		tend -C zoe sync >out &&
		test_grep "^shared yours$" out &&
		git -C srv/journal.git cat-file -e \
		    "HEAD:checkin/2026/11/2026-11-14-$(git -C zoe config tend.me).md"
	'
else
	test_skip "ssh scenarios" "sshd cannot run here (needs root and openssh-server)"
fi

test_done
