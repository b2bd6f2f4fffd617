#!/bin/sh
# tend sync and clone over HTTPS, against nginx and git http-backend on
# 127.0.0.1 with a throwaway CA and HTTP basic auth; user names and
# passwords come from git's credential helpers, as they do for git.
. "$(dirname "$0")/lib.sh"
. "$SRC_DIR/tests/sync-scenarios.sh"

# No step may wait for a password typed at a terminal.
GIT_TERMINAL_PROMPT=0
export GIT_TERMINAL_PROMPT

# The git credential store helper's file, holding the user NAME's password.
store_credential() {
	eval "pass=\$https_pass_$1" &&
	echo "https://$1:$pass@127.0.0.1:$https_port" >"$HOME/.git-credentials"
}

# Every scenario through TRANSPORT, as sync.transport names it.
https_scenarios() {
	transport=$1
	rm -rf srv alex sam "$HOME/.git-credentials"
	git config --global sync.transport "$transport"
	git config --global http.sslCAInfo "$TRASH/https/ca.pem"
	git config --global credential.helper store
	store_credential alex
	url="https://127.0.0.1:$https_port/journal.git"
	run_sync_scenarios https "$transport"

	test_expect_success "https $transport: the server asked, the store answered" '
		test_grep "^alex \"POST /journal.git/git-receive-pack" \
		    "$TRASH/https/logs/access.log" &&
		test_grep "^alex \"GET /journal.git/info/refs" \
		    "$TRASH/https/logs/access.log"
	'

	test_expect_success "https $transport: doctor reaches the host, with the stored password" '
		tend -C alex doctor >out 2>&1
		test_grep "^ok  *remote  *origin (https://127.0.0.1:$https_port/journal.git): answers" out
	'

	test_expect_success "https $transport: without http.sslCAInfo, one TLS error, no SSH hint" '
		git config --global --unset http.sslCAInfo &&
		head=$(git -C alex rev-parse HEAD) &&
		test_expect_code 1 tend -C alex sync 2>err &&
		test_expect_code 1 tend clone --me "Sam <sam@example.org>" \
		    "$url" sam2 2>clone-err &&
		git config --global http.sslCAInfo "$TRASH/https/ca.pem" &&
		test "$(wc -l <err)" = 1 &&
		test_grep "cannot fetch from .$url.: the certificate of .127.0.0.1. is not trusted: .*; if it comes from your own CA, name it with .git config http.sslCAInfo FILE." err &&
		test_grep ! "ssh-keyscan\|known_hosts" err &&
		test "$(git -C alex rev-parse HEAD)" = "$head" &&
		test "$(wc -l <clone-err)" = 1 &&
		test_grep "the certificate of .127.0.0.1. is not trusted" clone-err &&
		test ! -e sam2
	'

	test_expect_success "https $transport: http.sslCAPath, or GIT_SSL_CAINFO, names the CA instead" '
		mkdir -p cas &&
		cp "$TRASH/https/ca.pem" cas/ &&
		git config --global --unset http.sslCAInfo &&
		git config --global http.sslCAPath "$TRASH/cas" &&
		tend -C alex sync >/dev/null
		path_status=$?
		git config --global --unset http.sslCAPath
		GIT_SSL_CAINFO=$TRASH/https/ca.pem tend -C alex sync >/dev/null
		env_status=$?
		git config --global http.sslCAInfo "$TRASH/https/ca.pem"
		test $path_status = 0 && test $env_status = 0
	'

	test_expect_success "https $transport: a wrong password: one error, the journal as it was, rejected" '
		echo "https://alex:not-the-password@127.0.0.1:$https_port" \
		    >"$HOME/.git-credentials" &&
		tend -C alex checkin $all_pillars --date 2026-11-26 >/dev/null &&
		head=$(git -C alex rev-parse HEAD) &&
		there=$(git -C srv/journal.git rev-parse HEAD) &&
		test_expect_code 1 tend -C alex sync 2>err &&
		test "$(wc -l <err)" = 1 &&
		test_grep "cannot fetch from .$url.: the host refused the user name and password from git.s credential helpers; check them with .git credential fill." err &&
		test "$(git -C alex rev-parse HEAD)" = "$head" &&
		test "$(git -C srv/journal.git rev-parse HEAD)" = "$there" &&
		test -z "$(git -C alex status --porcelain)" &&
		test_grep ! "not-the-password" "$HOME/.git-credentials"
	'

	test_expect_success "https $transport: a helper that answers; the credential is approved" '
		: >"$HOME/.git-credentials" &&
		: >helper.log &&
		cat >helper <<-HELPER &&
		#!/bin/sh
		echo "\$1" >>"$TRASH/helper.log"
		[ "\$1" = get ] || exit 0
		echo username=sam
		echo password=$https_pass_sam
		HELPER
		chmod +x helper &&
		git config --global --add credential.helper "$TRASH/helper" &&
		tend -C alex sync >/dev/null &&
		test_grep "^get$" helper.log &&
		test_grep "^store$" helper.log &&
		test_grep ! "^erase$" helper.log &&
		# git before 2.41 writes the port colon as %3a.
		test_grep "^https://sam:$https_pass_sam@127.0.0.1\(:\|%3a\)$https_port$" \
		    "$HOME/.git-credentials" &&
		test "$(git -C alex rev-parse HEAD)" = \
		    "$(git -C srv/journal.git rev-parse HEAD)" &&
		git config --global --unset credential.helper "$TRASH/helper"
	'

	test_expect_success "https $transport: a refused password is forgotten, the next helper asked" '
		echo "https://sam:not-the-password@127.0.0.1:$https_port" \
		    >"$HOME/.git-credentials" &&
		: >helper.log &&
		git config --global --add credential.helper "$TRASH/helper" &&
		# git asks the helpers once a run, where libgit2 asks again.
		{ tend -C sam sync >/dev/null 2>&1 || tend -C sam sync >/dev/null; } &&
		git config --global --unset credential.helper "$TRASH/helper" &&
		test_grep "^erase$" helper.log &&
		test_grep ! "not-the-password" "$HOME/.git-credentials" &&
		test_grep "^https://sam:$https_pass_sam@" "$HOME/.git-credentials"
	'

	test_expect_success "https $transport: http.extraHeader reaches the host" '
		git config --global http.extraHeader "X-Tend: hello-from-alex" &&
		tend -C alex sync >/dev/null &&
		git config --global --unset http.extraHeader &&
		test_grep "hello-from-alex$" "$TRASH/https/logs/access.log"
	'

	test_expect_success "https $transport: http.proxy is used" '
		git config --global http.proxy http://127.0.0.1:9 &&
		test_expect_code 1 tend -C alex sync 2>err &&
		git config --global --unset http.proxy &&
		test "$(wc -l <err)" = 1 &&
		tend -C alex sync >/dev/null
	'

	test_expect_success "https $transport: no terminal and no helper: a clear error, no wait" '
		git config --global --unset-all credential.helper &&
		rm -f "$HOME/.git-credentials" &&
		head=$(git -C alex rev-parse HEAD) &&
		(unset GIT_TERMINAL_PROMPT &&
		    test_expect_code 1 timeout 60 setsid -w tend -C alex sync \
		    </dev/null >/dev/null 2>err) &&
		test "$(wc -l <err)" = 1 &&
		test_grep "cannot fetch from .$url.: git.s credential helpers gave no user name and password: could not read Username for .https://127.0.0.1:$https_port.: " err &&
		test "$(git -C alex rev-parse HEAD)" = "$head"
	'

	test_expect_success "https $transport: a password in the URL is never shown" '
		git -C alex remote set-url origin \
		    "https://alex:wrong-in-url@127.0.0.1:$https_port/journal.git" &&
		test_expect_code 1 tend -C alex sync 2>err;
		status=$?
		git -C alex remote set-url origin "$url" &&
		test $status = 0 &&
		test "$(wc -l <err)" = 1 &&
		test_grep ! "wrong-in-url" err &&
		test_grep "cannot fetch from .https://alex:\*\*\*@127.0.0.1:$https_port/journal.git.: " err
	'

	# Once for the fetch, once for the push, as git pull and git push ask.
	test_expect_success "https $transport: no helper: git asks at the terminal" '
		tend -C alex checkin $all_pillars --date 2026-11-27 >/dev/null &&
		cat >script <<-EOF &&
		expect Username for
		send alex\n
		expect Password for
		send $https_pass_alex\n
		expect Username for
		send alex\n
		expect Password for
		send $https_pass_alex\n
		EOF
		(unset GIT_TERMINAL_PROMPT &&
		    "$SRC_DIR/tests/tty" script -- tend -C alex sync >transcript) &&
		test_grep "shared yours" transcript &&
		test "$(git -C alex rev-parse HEAD)" = \
		    "$(git -C srv/journal.git rev-parse HEAD)"
	'
}

if start_https; then
	https_scenarios libgit2
	https_scenarios git
else
	test_skip "https scenarios" "nginx cannot run here (needs nginx-light, fcgiwrap, openssl)"
fi

test_done
