#!/bin/sh
# Locks that block for no reason: a lock whose holder is gone, or whose pid
# now names a younger process, is taken over by the next writer with one
# line saying so; a signal that stops a sync lets go of the lock.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a journal' '
	make_journal journal
'

test_expect_success 'a dead holder.s lock is taken over, in one line' '
	sh -c "exit 0" & pid=$! && wait $pid &&
	echo "pid=$pid host=$(hostname) time=$(date +%s)" >journal/.git/tend/lock &&
	tend -C journal checkin $all_pillars --date 2026-11-20 >out 2>err &&
	test_grep "^tend: took over the journal.s lock from process $pid, which is no longer running$" err &&
	test "$(wc -l <err)" = 1 &&
	test "$(cat out)" = 2026-11-20-alex &&
	! test -e journal/.git/tend/lock
'

test_expect_success 'so is one whose pid now names a process started later' '
	sleep 30 & pid=$! &&
	echo "pid=$pid host=$(hostname) time=$(($(date +%s) - 3600))" >journal/.git/tend/lock &&
	tend -C journal checkin $all_pillars --date 2026-11-21 >/dev/null 2>err;
	status=$?; kill $pid; wait $pid 2>/dev/null
	test $status = 0 &&
	test_grep "^tend: took over the journal.s lock from process $pid, which is no longer running$" err &&
	! test -e journal/.git/tend/lock
'

test_expect_success 'a running holder.s lock is waited for, then refused' '
	echo "pid=$$ host=$(hostname) time=$(date +%s)" >journal/.git/tend/lock &&
	test_expect_code 1 tend -C journal checkin $all_pillars --date 2026-11-22 2>err &&
	test_grep "the journal is busy: process $$, still running" err &&
	test -e journal/.git/tend/lock &&
	rm journal/.git/tend/lock
'

# A remote that takes the connection and never answers: sync waits on the
# network with the lock held, as over a slow link.  Started here, not in a
# step, so that it is stopped when the script ends.
start_silent_server

test_expect_success 'setup: a git:// remote that never answers' '
	test -n "$silent_port" &&
	git -C journal remote add origin "git://127.0.0.1:$silent_port/journal.git"
'

for sig in TERM INT HUP; do
	test_expect_success "SIG$sig stops a sync waiting on the network, and lets go of the lock" '
		# sh starts a background job with SIGINT ignored, and nohup(1)
		# a whole run with SIGHUP ignored: undo that.
		perl -e "\$SIG{INT} = \$SIG{QUIT} = \$SIG{HUP} = q(DEFAULT); exec @ARGV" \
		    tend -C journal sync >/dev/null 2>&1 & pid=$! &&
		for i in $(seq 100); do test -e journal/.git/tend/lock && break; sleep 0.05; done &&
		test -e journal/.git/tend/lock &&
		sleep 0.2 &&
		kill -$sig $pid &&
		{ wait $pid; status=$?; } ;
		test $status -gt 128 &&
		! test -e journal/.git/tend/lock
	'
done

test_done
