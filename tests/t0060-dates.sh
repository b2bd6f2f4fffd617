#!/bin/sh
# A quick run of tests/dates.sh: two date-sensitive scripts as if started
# in the last minute of a year and before New York's daylight-saving
# change (make check-dates tries every edge on every such script).
. "$(dirname "$0")/lib.sh"

if ! command -v faketime >/dev/null; then
	test_skip 'dates' 'faketime is not installed: run make deps'
	test_done
	exit
fi
# A sanitizer's runtime must come first: no preloading into that build.
if grep -q fsanitize "$SRC_DIR/.build-flags" 2>/dev/null; then
	test_skip 'dates' 'the sanitizer build cannot take faketime'
	test_done
	exit
fi

# An edge is the last minute of a day: under memcheck a script outlasts it.
if [ "${VALGRIND:-}" = 1 ]; then
	test_skip 'dates' 'memcheck is too slow to stay within the minute an edge gives'
	test_done
	exit
fi

test_expect_success 'the check-in and status tests pass at calendar edges' '
	PROVEFLAGS= sh "$SRC_DIR/tests/dates.sh" --quick >out 2>&1 ||
	{ cat out; false; }
'

test_expect_success 'both edges were tried, and tend took its day from the clock' '
	test_grep "^# 2 edges, 0 failed$" out &&
	test_grep "^# 2027-12-31T23:59:00 UTC: the last minute of a year$" out &&
	test_grep "^# 2027-11-07T00:59:00 America/New_York: " out &&
	make_journal &&
	TZ=America/New_York faketime 2027-11-07T00:59:00 \
	    tend -C journal checkin $all_pillars >id &&
	test "$(cat id)" = 2027-11-07-alex &&
	grep "^date: 2027-11-07T00:59:0[0-9]-04:00$" \
	    journal/checkin/2027/11/2027-11-07-alex.md
'

test_done
