#!/bin/sh
# Big and strange agreements and entries stay quick end to end: each
# command below must finish in a few seconds (they take well under one;
# the bound only catches a quadratic blow-up).  Times are TAP comments.
. "$(dirname "$0")/lib.sh"

if [ "${VALGRIND:-}" = 1 ]; then
	test_skip 'pathological inputs' 'timings mean nothing under valgrind'
	test_done
	exit
fi

# Run a command, print its time as a TAP comment, fail past $BOUND s.
BOUND=5
timed() {
	start=$(date +%s.%N)
	"$@" >timed.out
	status=$?
	took=$(awk "BEGIN { print $(date +%s.%N) - $start }")
	echo "# $*: $took s" >&3
	[ $status -eq 0 ] && awk "BEGIN { exit !($took < $BOUND) }"
}
exec 3>&1

awk 'BEGIN {
	print "# Many\n\n## All\n"
	for (i = 0; i < 50000; i++) print "- clause " i
}' >many.md
awk 'BEGIN {
	print "# Many\n\n## All\n"
	for (i = 0; i < 50000; i++)
		print "- clause " i (i % 3 ? "" : " changed")
	print "\n## Moved\n\n- clause 7"
}' >many2.md

test_expect_success 'an agreement of 50,000 clauses: new, edit' '
	make_journal &&
	timed tend -C journal agree new many -F many.md &&
	timed tend -C journal agree edit many -F many2.md
'

test_expect_success 'blame attributes 50,000 clauses quickly' '
	timed tend -C journal agree blame many &&
	# 50,000 in "All" and one more in "Moved", each with its author.
	test $(grep -c "Alex  *clause [0-9]" timed.out) -eq 50001
'

test_expect_success 'diff, show and log of it' '
	timed tend -C journal agree diff many &&
	test_grep "changed" timed.out &&
	timed tend -C journal agree show many &&
	timed tend -C journal agree log many
'

test_expect_success 'a check-in with 50,000 nested quote markers' '
	awk "BEGIN { for (i = 0; i < 50000; i++) printf \">\"; print \" deep\" }" \
	    >deep.md &&
	timed tend -C journal checkin $all_pillars -F deep.md &&
	timed tend -C journal show "$(cat timed.out)"
'

test_done
