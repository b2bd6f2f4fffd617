#!/bin/sh
# tend export: the rituals as an iCalendar file, and entries as files.
. "$(dirname "$0")/lib.sh"

# Debian's python3 with its icalendar module, not another python on PATH.
PYTHON=/usr/bin/python3

test_expect_success 'setup: a journal with two rituals' '
	make_journal &&
	tend -C journal config ritual.checkin.time 21:00 &&
	tend -C journal config ritual.checkin.minutes 15 &&
	tend -C journal config ritual.date-night.time 19:30 &&
	tend -C journal config ritual.date-night.day friday &&
	tend -C journal config ritual.date-night.repeat weekly &&
	tend -C journal config ritual.date-night.minutes 120
'

test_expect_success '--ics writes RFC 5545: CRLF, folded lines, one event a ritual' '
	tend -C journal export --ics >cal.ics &&
	test "$(head -1 cal.ics)" = "$(printf "BEGIN:VCALENDAR\r")" &&
	test "$(grep -c "$(printf "\r")\$" cal.ics)" = "$(wc -l <cal.ics)" &&
	awk "length(\$0) > 76 { bad = 1 } END { exit bad }" cal.ics &&
	test "$(grep -c "^BEGIN:VEVENT" cal.ics)" = 2 &&
	test_grep "^RRULE:FREQ=DAILY" cal.ics &&
	test_grep "^RRULE:FREQ=WEEKLY;BYDAY=FR" cal.ics &&
	test_grep "^DURATION:PT120M" cal.ics &&
	test_grep "^SUMMARY:Date night" cal.ics &&
	test_grep "^ turns to speak" cal.ics
'

test_expect_success 'UIDs stay the same from one export to the next' '
	grep "^UID:" cal.ics >uids &&
	tend -C journal export --ics | grep "^UID:" >again &&
	test_cmp uids again
'

if $PYTHON -c "import icalendar" 2>/dev/null; then
test_expect_success 'a real iCalendar parser reads it back' '
		tend -C journal export --ics --days 30 >cal30.ics &&
		$PYTHON -c "
import datetime, icalendar, sys
cal = icalendar.Calendar.from_ical(open(\"cal30.ics\", \"rb\").read())
events = {str(e[\"SUMMARY\"]): e for e in cal.walk(\"VEVENT\")}
assert set(events) == {\"Checkin\", \"Date night\"}, events
night = events[\"Date night\"]
assert night[\"DTSTART\"].dt.weekday() == 4, night[\"DTSTART\"].dt
assert night[\"DTSTART\"].dt.strftime(\"%H:%M\") == \"19:30\"
assert night[\"DURATION\"].dt == datetime.timedelta(hours=2)
assert night[\"RRULE\"][\"BYDAY\"] == [\"FR\"]
assert \"UNTIL\" in events[\"Checkin\"][\"RRULE\"]
"
'
else
	test_skip "a real iCalendar parser reads it back" \
	    "python3-icalendar is not installed"
fi

test_expect_success 'no ritual: a clear error that says how to add one' '
	make_journal bare &&
	test_expect_code 1 tend -C bare export --ics 2>err &&
	test_grep "names no ritual with a time; add one, for example with .tend config ritual.checkin.time 21:00." err &&
	git -C bare config --file tend.conf ritual.walk.repeat weekly &&
	git -C bare config --file tend.conf ritual.walk.time 10:00 &&
	test_expect_code 1 tend -C bare export --ics 2>err &&
	test_grep "names no ritual with a time" err &&
	git -C bare checkout -q tend.conf &&
	test_expect_code 2 tend -C bare export 2>err &&
	test_expect_code 2 tend -C bare export --days 3 --markdown x 2>err
'

test_expect_success '--markdown gives each partner their own entries, mine private too' '
	tend -C journal checkin $all_pillars >/dev/null &&
	tend -C journal reflect -m "only mine" >rid &&
	git -C journal config tend.me sam &&
	tend -C journal checkin $all_pillars >/dev/null &&
	git -C journal config tend.me alex &&
	tend -C journal export --markdown out >said &&
	test_grep "^3 entries in .out.$" said &&
	test -f out/alex/checkin/$(date +%Y-%m-%d)-alex.md &&
	test -f out/sam/checkin/$(date +%Y-%m-%d)-sam.md &&
	test_cmp journal/.git/tend/private/reflect/$(date +%Y/%m)/$(cat rid).md \
	    out/alex/private/reflect/$(cat rid).md &&
	test "$(file_mode out/alex/private/reflect/$(cat rid).md)" = 600
'

test_expect_success '--markdown again: unchanged files are left as they are' '
	f=out/alex/checkin/$(date +%Y-%m-%d)-alex.md &&
	stat -c %i $f >before &&
	echo "my own" >out/alex/notes.txt &&
	tend -C journal export --markdown out >said &&
	test_grep "^3 entries in .out.$" said &&
	stat -c %i $f >after &&
	test_cmp before after &&
	test_grep "my own" out/alex/notes.txt &&
	echo "changed by hand" >>$f &&
	tend -C journal export --markdown out >/dev/null &&
	test_grep ! "changed by hand" $f
'

test_expect_success 'an export that fails leaves no folder it made' '
	head -c 3000 /dev/zero | tr "\000" a >long.txt &&
	tend -C journal checkin --date 2026-01-05 $all_pillars -F long.txt \
	    >/dev/null &&
	(ulimit -f 1 && test_must_fail tend -C journal export --markdown \
	    new/a/out 2>err) &&
	test_grep "File too large" err &&
	! test -e new &&
	mkdir kept &&
	(ulimit -f 1 && test_must_fail tend -C journal export --html \
	    kept/site 2>err) &&
	test_grep "File too large" err &&
	test -d kept && ! test -e kept/site
'

test_done
