#!/bin/sh
# The tests that depend on today, run again as if started at the edges of
# the calendar: each script under faketime(1), in its own time zone.
#
#	tests/dates.sh [--quick] [SCRIPT...]
#
# Every edge runs every script named (by default DATE_TESTS below) under
# prove, each script starting at the edge's moment and its clock running
# on from there.  --quick tries two edges on two scripts, for make check.
# Exit 0 when every run passed.
set -u
cd "$(dirname "$0")/.." || exit 1

# Every script that writes or reads an entry by today's date, a streak,
# an age in days or a review date.
DATE_TESTS="tests/t1100-checkin.sh tests/t1200-show.sh tests/t2000-reflect.sh
tests/t2100-checkin-ritual.sh tests/t3000-resent.sh tests/t3100-agree.sh
tests/t3110-agree-cache.sh tests/t4000-sync-file.sh tests/t4300-log.sh
tests/t4350-tags.sh
tests/t4500-encrypted-journal.sh tests/t4600-hooks.sh tests/t4700-autosync.sh
tests/t4750-remind.sh tests/t4900-edit-rm-undo.sh
tests/t5000-status.sh tests/t5100-config.sh tests/t5200-export.sh
tests/t5210-export-json.sh tests/t5220-import.sh
tests/t5300-export-html.sh tests/t6100-doctor.sh tests/t6200-hostile.sh"

# "ZONE|MOMENT|what it tries", the moment read as local time in ZONE, the
# clock running on from it (a script of minutes crosses the edge).  The
# fixed dates the tests write are in 2026 and earlier, so every edge lies
# after them.
EDGES="UTC|2027-01-01T00:00:00|the first minute of a month and a year
UTC|2027-12-31T23:59:00|the last minute of a year
Europe/Berlin|2028-02-29T00:00:30|29 February of a leap year
Europe/Berlin|2027-03-28T01:59:00|Berlin springs forward at 02:00
Europe/Berlin|2027-10-31T02:59:00|Berlin falls back at 03:00
America/New_York|2027-03-14T01:59:00|New York springs forward at 02:00
America/New_York|2027-11-07T00:59:00|New York falls back at 02:00
America/New_York|2027-07-01T00:00:00|the first minute of a month west of UTC"

quick=
if [ "${1:-}" = --quick ]; then
	quick=1
	shift
fi
if [ $# -gt 0 ]; then
	scripts=$*
elif [ -n "$quick" ]; then
	scripts="tests/t1100-checkin.sh tests/t5000-status.sh"
else
	scripts=$DATE_TESTS
fi
if [ -n "$quick" ]; then
	EDGES=$(printf '%s\n' "$EDGES" | sed -n '2p;7p')
fi

command -v faketime >/dev/null || {
	echo "tests/dates.sh needs faketime: run make deps" >&2
	exit 1
}

failed=0
tried=0
nl='
'
IFS=$nl
for edge in $EDGES; do
	zone=${edge%%|*}
	rest=${edge#*|}
	moment=${rest%%|*}
	what=${rest#*|}
	tried=$((tried + 1))
	echo "# $moment $zone: $what"
	IFS=' 	'"$nl"
	# faketime reads MOMENT in its own TZ; the tests take TEND_TEST_TZ.
	# The files' times are the kernel's, so stat is left alone.
	if ! TZ=$zone TEND_TEST_TZ=$zone ${PROVE:-prove} ${PROVEFLAGS:-} \
	    --exec "faketime $moment sh" $scripts; then
		failed=$((failed + 1))
		echo "# FAILED at $moment $zone"
	fi
	IFS=$nl
done
echo "# $tried edges, $failed failed"
[ $failed -eq 0 ]
