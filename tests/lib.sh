# The shell test library, sourced by every tests/tNNNN-*.sh script.
#
# Each script gets a fresh temporary folder with its own HOME and git
# configuration, runs steps with test_expect_success, and prints TAP.

set -u

TEST_NAME=$(basename "$0" .sh)
SRC_DIR=${SRC_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/tend-$TEST_NAME.XXXXXX") || exit 1
export TRASH
test_count=0
test_failed=0

cleanup_actions=
# Run a command when the script ends (servers started by the test, ...).
test_at_end() {
	cleanup_actions="$*; $cleanup_actions"
}
test_cleanup_all() {
	eval "$cleanup_actions"
	cd / && rm -rf "$TRASH" "$TRASH-valgrind"
}
trap test_cleanup_all EXIT
trap 'exit 130' INT TERM

# A clean environment: no user settings may leak in.
HOME=$TRASH/home
mkdir -p "$HOME"
export HOME
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
export GIT_CONFIG_GLOBAL="$HOME/.gitconfig" GIT_CONFIG_NOSYSTEM=1
# TEND_TEST_TZ: tests/dates.sh runs the suite in other time zones.
export LC_ALL=C.UTF-8 TZ=${TEND_TEST_TZ:-UTC}
unset EDITOR VISUAL PAGER TEND_PAGER TEND_DIR NO_COLOR GIT_DIR \
    GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
    GIT_AUTHOR_DATE GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL \
    GIT_COMMITTER_DATE SSH_AUTH_SOCK GIT_SSH_COMMAND GIT_SSH
# Nor a machine's TLS and proxy settings, which git reads before its config.
unset GIT_SSL_CAINFO GIT_SSL_CAPATH GIT_SSL_NO_VERIFY http_proxy https_proxy \
    HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
PATH=$SRC_DIR:$PATH
export PATH
# Only read by a sanitizer build: see the file for the one suppression.
LSAN_OPTIONS="suppressions=$SRC_DIR/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# A sanitizer's report must read as a crash (status 134), which
# test_must_fail refuses, not as an ordinary failure.
ASAN_OPTIONS="abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS ASAN_OPTIONS UBSAN_OPTIONS

# make check VALGRIND=1: every 'tend' a test runs goes through memcheck.
# Errors and definite leaks exit 199, which test_must_fail counts as a
# crash, and are logged; test_done fails the script if any log has text.
# A script may set VALGRIND_LEAK_CHECK=no for a leak that is not tend's.
VALGRIND_DIR=$TRASH-valgrind
if [ "${VALGRIND:-}" = 1 ]; then
	command -v valgrind >/dev/null ||
	    { echo "Bail out! VALGRIND=1 needs valgrind"; exit 1; }
	mkdir -p "$VALGRIND_DIR/bin" "$VALGRIND_DIR/logs" || exit 1
	cat >"$VALGRIND_DIR/bin/tend" <<-EOF
	#!/bin/sh
	exec valgrind -q --tool=memcheck --error-exitcode=199 \\
	    --leak-check=\${VALGRIND_LEAK_CHECK:-full} \\
	    --errors-for-leak-kinds=definite \\
	    --show-leak-kinds=definite --num-callers=30 \\
	    --suppressions="$SRC_DIR/tests/valgrind.supp" \\
	    --log-file="$VALGRIND_DIR/logs/%p.log" "$SRC_DIR/tend" "\$@"
	EOF
	chmod +x "$VALGRIND_DIR/bin/tend"
	PATH=$VALGRIND_DIR/bin:$PATH
fi
cd "$TRASH" || exit 1
# TEND_TEST_TRANSPORT=git (or libgit2): every sync and clone of the suite
# goes through that transport, whatever the URL.
if [ -n "${TEND_TEST_TRANSPORT:-}" ]; then
	git config --global sync.transport "$TEND_TEST_TRANSPORT" || exit 1
fi

# test_expect_success 'what it proves' 'commands && chained && ...'
test_expect_success() {
	test_count=$((test_count + 1))
	if (cd "$TRASH" && eval "$2") >"$TRASH/.test-output" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		# On stderr, which prove shows even when not verbose.
		{ echo "#   not ok $test_count - $1"
		  sed 's/^/#   /' "$TRASH/.test-output"; } >&2
	fi
}

# Expect a command to fail cleanly: non-zero, but not killed by a signal.
test_must_fail() {
	"$@"
	status=$?
	if [ "$status" -eq 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif [ "$status" -ge 128 ]; then
		echo "test_must_fail: '$*' crashed (status $status)" >&2
		return 1
	fi
	return 0
}

# Expect a command to exit with exactly the given status.
test_expect_code() {
	want=$1
	shift
	"$@"
	status=$?
	if [ "$status" -ne "$want" ]; then
		echo "test_expect_code: '$*' exited $status, not $want" >&2
		return 1
	fi
	return 0
}

# Show the difference when two files differ.
test_cmp() {
	diff -u "$1" "$2"
}

# Fail, saying what was looked for, unless FILE contains PATTERN.
test_grep() {
	if [ "$1" = "!" ]; then
		shift
		if grep -e "$1" "$2" >/dev/null; then
			echo "test_grep: '$2' has '$1':" >&2
			cat "$2" >&2
			return 1
		fi
		return 0
	fi
	if ! grep -e "$1" "$2" >/dev/null; then
		echo "test_grep: '$2' lacks '$1':" >&2
		cat "$2" >&2
		return 1
	fi
}

# A journal for Alex and Sam in folder $1 (default: journal), Alex local.
make_journal() {
	tend init --me 'Alex <alex@example.org>' \
	    --partner 'Sam <sam@example.org>' "${1:-journal}" >/dev/null
}

# The partner tests' start: Alex's journal, with STEPS (commands run in
# the test folder) done in it, synced with a bare remote whose URL is
# $url (the caller's: file://$TRASH/srv/journal.git), and Sam's clone of
# it made with plain git, as Sam, who uses the git CLI alone.
partner_setup() {
	mkdir -p srv &&
	git init -q --bare srv/journal.git &&
	make_journal alex &&
	git -C alex remote add origin "$url" &&
	for step in "$@"; do
		eval "$step" >/dev/null || return 1
	done &&
	tend -C alex sync >/dev/null &&
	git clone -q "$url" sam &&
	git -C sam config user.name Sam &&
	git -C sam config user.email sam@example.org
}

# Alex's sync (in "alex") refuses, in one line, to take in path $2 (as
# grep matches it; tend.conf when not given) from origin, by Sam's last
# push (its id in file "pushed"), for a reason matching $1; nothing
# moves, not one object of it stays, fsck finds nothing, and Alex can go
# on writing.
partner_refused() {
	head=$(git -C alex rev-parse HEAD) &&
	(cd alex/.git/objects && find . -type f | sort) >objects.before &&
	test_expect_code 1 tend -C alex sync 2>err &&
	(cd alex/.git/objects && find . -type f | sort) >objects.after &&
	test_cmp objects.before objects.after &&
	test "$(wc -l <err)" = 1 &&
	test_grep "refusing to take in .${2:-tend.conf}. from .origin. (commit $(cut -c1-7 pushed) by Sam): $1" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	test -z "$(git -C alex status --porcelain)" &&
	git -C alex fsck --strict 2>&1 &&
	tend -C alex checkin $all_pillars --date 2026-11-25 >/dev/null &&
	git -C alex reset -q --hard "$head"
}

# Sam takes back the last commit, with force, as such a refusal asks.
sam_undoes() {
	git -C sam reset -q --hard HEAD~1 &&
	git -C sam push -q -f origin HEAD
}

# Run a command as Sam in Alex's journal "journal", as Sam would on
# their own machine, and be Alex again after.
as_sam() {
	git -C journal config tend.me sam &&
	"$@"
	status=$?
	git -C journal config tend.me alex
	return $status
}

# Five ratings in one go, for tests that are about something else.
all_pillars="-r vulnerability=4 -r listening=3 -r empathy=5 -r affirmation=4 -r shared=2"

# The octal permission bits of a file.
file_mode() {
	stat -c %a "$1"
}

test_done() {
	if [ "${VALGRIND:-}" = 1 ]; then
		test_count=$((test_count + 1))
		runs=$(ls "$VALGRIND_DIR/logs" | wc -l)
		if find "$VALGRIND_DIR/logs" -type f -size +0 | grep -q .; then
			test_failed=$((test_failed + 1))
			echo "not ok $test_count - valgrind: errors in $runs runs of tend"
			find "$VALGRIND_DIR/logs" -type f -size +0 \
			    -exec cat {} + | sed 's/^/#   /'
		else
			echo "ok $test_count - valgrind: $runs runs of tend clean"
		fi
	fi
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}

# Report a test as skipped, with the reason: it did not run, so it did not pass.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1 ($2)"
}

# Wait up to two seconds for server PID to be ready, as the shell
# command READY (the rest of the arguments) tells; it is stopped at the
# script's end, or at once (and 1 returned) when it died or never was.
server_ready() {
	ready_pid=$1
	shift
	for wait in 1 2 3 4 5 6 7 8 9 10; do
		if eval "$*"; then
			test_at_end "kill $ready_pid 2>/dev/null"
			return 0
		fi
		kill -0 $ready_pid 2>/dev/null || break
		sleep 0.2
	done
	kill $ready_pid 2>/dev/null
	wait $ready_pid 2>/dev/null
	return 1
}

# Start a server on a free loopback port that takes every connection and
# never answers, as a network that hangs; sets silent_port.  Called
# outside a step, so that it is stopped when the script ends.
start_silent_server() {
	perl -MIO::Socket::INET -e '
		$s = IO::Socket::INET->new(Listen => 5,
		    LocalAddr => "127.0.0.1:0", ReuseAddr => 1) or die;
		open my $f, ">", "$ARGV[0].tmp" or die;
		print $f $s->sockport, "\n";
		close $f; rename "$ARGV[0].tmp", $ARGV[0];
		my @held; while (my $c = $s->accept) { push @held, $c }
	' "$TRASH/silent-port" </dev/null >/dev/null 2>&1 &
	test_at_end "kill $! 2>/dev/null"
	for wait in $(seq 50); do
		test -s "$TRASH/silent-port" && break
		sleep 0.1
	done
	silent_port=$(cat "$TRASH/silent-port" 2>/dev/null)
}

# Start git daemon on a free loopback port, serving $1; sets daemon_port.
start_git_daemon() {
	for try in 1 2 3 4 5 6 7 8; do
		daemon_port=$((20000 + ($$ * 7 + try * 131) % 30000))
		git daemon --listen=127.0.0.1 --port=$daemon_port \
		    --export-all --enable=receive-pack --base-path="$1" \
		    --reuseaddr --verbose "$1" >"$TRASH/daemon.log" 2>&1 &
		daemon_pid=$!
		server_ready $daemon_pid 'git ls-remote \
		    "git://127.0.0.1:$daemon_port/probe" >/dev/null 2>&1 ||
		    grep -q "Ready to rumble" "$TRASH/daemon.log"' && return 0
	done
	return 1
}

# Start sshd on a free loopback port with throwaway keys; sets ssh_port.
# Returns 1 (so the caller skips) when sshd cannot run here.
start_sshd() {
	sshd_bin=/usr/sbin/sshd
	[ -x "$sshd_bin" ] && [ "$(id -u)" = 0 ] || return 1
	command -v ssh-keygen >/dev/null || return 1
	mkdir -p "$HOME/.ssh" /run/sshd &&
	ssh-keygen -q -t ed25519 -N "" -f "$TRASH/ssh_host_key" &&
	ssh-keygen -q -t ed25519 -N "" -f "$HOME/.ssh/id_ed25519" &&
	cp "$HOME/.ssh/id_ed25519.pub" "$TRASH/authorized_keys" || return 1
	for try in 1 2 3 4 5 6 7 8; do
		ssh_port=$((20000 + ($$ * 11 + try * 173) % 30000))
		cat >"$TRASH/sshd_config" <<-EOF
		Port $ssh_port
		ListenAddress 127.0.0.1
		HostKey $TRASH/ssh_host_key
		AuthorizedKeysFile $TRASH/authorized_keys
		PidFile $TRASH/sshd.pid
		UsePAM no
		StrictModes no
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PermitRootLogin prohibit-password
		EOF
		"$sshd_bin" -D -e -f "$TRASH/sshd_config" >"$TRASH/sshd.log" 2>&1 &
		sshd_pid=$!
		if server_ready $sshd_pid \
		    'grep -q "Server listening" "$TRASH/sshd.log"'; then
			echo "[127.0.0.1]:$ssh_port $(cut -d" " -f1,2 \
			    "$TRASH/ssh_host_key.pub")" >"$HOME/.ssh/known_hosts"
			# The git CLI's ssh reads the passwd home, not HOME.
			GIT_SSH_COMMAND="ssh -i $HOME/.ssh/id_ed25519 -o UserKnownHostsFile=$HOME/.ssh/known_hosts -o IdentitiesOnly=yes -o BatchMode=yes"
			export GIT_SSH_COMMAND
			return 0
		fi
	done
	return 1
}

# Start nginx on a free loopback port, serving $TRASH/srv through git
# http-backend (run by fcgiwrap) over TLS, with a throwaway CA
# ($TRASH/https/ca.pem) and HTTP basic auth for alex and sam, whose
# passwords are $https_pass_alex and $https_pass_sam; receive-pack is on
# for them.  Sets https_port; requests are logged, with the user and the
# X-Tend header, in $TRASH/https/logs/access.log.  Returns 1 (so the
# caller skips) when nginx or fcgiwrap cannot run here.
start_https() {
	nginx_bin=/usr/sbin/nginx
	fcgiwrap_bin=/usr/sbin/fcgiwrap
	backend=$(git --exec-path)/git-http-backend
	[ -x "$nginx_bin" ] && [ -x "$fcgiwrap_bin" ] && [ -x "$backend" ] ||
	    return 1
	command -v openssl >/dev/null || return 1
	dir=$TRASH/https
	https_pass_alex=alex-tends-roses
	https_pass_sam=sam-waters-them
	mkdir -p "$dir/temp" "$dir/logs" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -days 3650 -subj "/CN=tend test CA" \
	    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -subj "/CN=127.0.0.1" -keyout "$dir/server.key" \
	    -out "$dir/server.csr" 2>/dev/null &&
	# libgit2's mbedTLS matches names, not addresses: the name too.
	printf 'subjectAltName=IP:127.0.0.1,DNS:127.0.0.1\n' >"$dir/san.ext" &&
	openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" \
	    -CAkey "$dir/ca.key" -CAcreateserial -days 3650 \
	    -extfile "$dir/san.ext" -out "$dir/server.pem" 2>/dev/null &&
	{ printf 'alex:%s\n' "$(openssl passwd -apr1 "$https_pass_alex")" &&
	  printf 'sam:%s\n' "$(openssl passwd -apr1 "$https_pass_sam")"; } \
	    >"$dir/htpasswd" || return 1
	# One process (-c would fork workers that outlive a kill of the
	# first); nginx queues what comes in meanwhile.
	"$fcgiwrap_bin" -s "unix:$dir/fcgiwrap.sock" \
	    >"$dir/logs/fcgiwrap.log" 2>&1 &
	fcgiwrap_pid=$!
	test_at_end "kill $fcgiwrap_pid 2>/dev/null"
	for try in 1 2 3 4 5 6 7 8; do
		https_port=$((20000 + ($$ * 13 + try * 197) % 30000))
		cat >"$dir/nginx.conf" <<-EOF
		daemon off;
		$( [ "$(id -u)" = 0 ] && echo "user root;" )
		worker_processes 1;
		pid $dir/nginx.pid;
		error_log $dir/logs/error.log;
		events { worker_connections 64; }
		http {
			# The user and the X-Tend header: what a test looks for.
			log_format tend '\$remote_user "\$request" \$status \$http_x_tend';
			access_log $dir/logs/access.log tend;
			client_body_temp_path $dir/temp/body;
			proxy_temp_path $dir/temp/proxy;
			fastcgi_temp_path $dir/temp/fastcgi;
			uwsgi_temp_path $dir/temp/uwsgi;
			scgi_temp_path $dir/temp/scgi;
			client_max_body_size 0;
			server {
				listen 127.0.0.1:$https_port ssl;
				ssl_certificate $dir/server.pem;
				ssl_certificate_key $dir/server.key;
				auth_basic "tend test";
				auth_basic_user_file $dir/htpasswd;
				location / {
					fastcgi_pass unix:$dir/fcgiwrap.sock;
					fastcgi_param SCRIPT_FILENAME $backend;
					fastcgi_param GIT_PROJECT_ROOT $TRASH/srv;
					fastcgi_param GIT_HTTP_EXPORT_ALL "";
					fastcgi_param GIT_CONFIG_COUNT 1;
					fastcgi_param GIT_CONFIG_KEY_0 http.receivepack;
					fastcgi_param GIT_CONFIG_VALUE_0 true;
					fastcgi_param PATH_INFO \$uri;
					fastcgi_param QUERY_STRING \$query_string;
					fastcgi_param REQUEST_METHOD \$request_method;
					fastcgi_param CONTENT_TYPE \$content_type;
					fastcgi_param CONTENT_LENGTH \$content_length;
					fastcgi_param REMOTE_USER \$remote_user;
					fastcgi_param REMOTE_ADDR \$remote_addr;
				}
			}
		}
		EOF
		rm -f "$dir/nginx.pid"
		"$nginx_bin" -p "$dir" -e "$dir/logs/error.log" \
		    -c "$dir/nginx.conf" >"$dir/logs/nginx.log" 2>&1 &
		nginx_pid=$!
		# nginx writes its pid file once it listens.
		server_ready $nginx_pid \
		    '[ -s "$dir/nginx.pid" ] && [ -S "$dir/fcgiwrap.sock" ]' &&
		    return 0
	done
	return 1
}
