/* Unit tests for lib/date.c: RFC 3339 times and days in several zones. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../lib/internal.h"
#include "tap.h"

#define NOVEMBER	1795508100	/* 2026-11-24T08:15:00Z */
#define JULY		1782901800	/* 2026-07-01T10:30:00Z */

static void	zone(const char *);
static void	round_trip(time_t, const char *, const char *);
static void	parses(const char *, time_t);
static void	rejected(const char *);
static void	rejected_typed(const char *);
static void	bare_day(const char *);
static void	counted_back(const char *, int);
static void	minutes(const char *, double);

static void
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

/* WHEN formats as STAMP and DAY, and STAMP parses back to WHEN. */
static void
round_trip(time_t when, const char *stamp, const char *day)
{
	char	formatted[32], dayname[11];
	time_t	parsed = 0;

	is_int(tend_date_format(formatted, when), 0, stamp);
	is_str(formatted, stamp, "formatted");
	is_int(tend_date_day(dayname, when), 0, day);
	is_str(dayname, day, "day");
	is_int(tend_date_parse(&parsed, "date", formatted), 0, "parsed back");
	is_int((long)parsed, (long)when, "same instant");
}

static void
parses(const char *input, time_t want)
{
	time_t	got = 0;

	is_int(tend_date_parse(&got, "date", input), 0, input);
	is_int((long)got, (long)want, input);
}

static void
rejected(const char *input)
{
	time_t	got = 42;

	is_int(tend_date_parse(&got, "date", input), TEND_EINVALID, input);
	ok(got == 42, "'%s' leaves the time alone", input);
}

static void
rejected_typed(const char *input)
{
	time_t	got = 42;

	is_int(tend_date_parse_typed(&got, "date", input), TEND_EINVALID,
	    input);
	ok(got == 42, "'%s' leaves the time alone", input);
}

/* DAY parses to that day, at the wall-clock time it is now. */
static void
bare_day(const char *day)
{
	struct tm	now_tm, got_tm;
	char		dayname[11];
	time_t		now, got = 0;
	long		drift;

	now = time(NULL);
	is_int(tend_date_parse(&got, "date", day), 0, day);
	is_int(tend_date_day(dayname, got), 0, "its day");
	is_str(dayname, day, "the same day");
	localtime_r(&now, &now_tm);
	localtime_r(&got, &got_tm);
	drift = (got_tm.tm_hour - now_tm.tm_hour) * 3600L +
	    (got_tm.tm_min - now_tm.tm_min) * 60 + got_tm.tm_sec -
	    now_tm.tm_sec;
	/* Midnight may pass between the two readings of the clock. */
	drift = (drift % 86400 + 86400) % 86400;
	ok(drift <= 2, "%s at the time of day it is now", day);
}

/* INPUT parses to the day BACK calendar days before today, at this time. */
static void
counted_back(const char *input, int back)
{
	struct tm	tm;
	char		want[11], got_day[11];
	time_t		now, got = 0;

	now = time(NULL);
	localtime_r(&now, &tm);
	tm.tm_mday -= back;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	tend_date_day(want, mktime(&tm));
	is_int(tend_date_parse_typed(&got, "date", input), 0, input);
	is_int(tend_date_day(got_day, got), 0, "its day");
	is_int(tend_date_parse(&got, "date", input), TEND_EINVALID,
	    "never in a file");
	is_str(got_day, want, input);
	is_int(tend_date_day_of(got_day, "date", input), 0, "a filter's day");
	is_str(got_day, want, "the same day for a filter");
}

/* TEXT is WANT minutes, in any locale; WANT < 0: refused, named. */
static void
minutes(const char *text, double want)
{
	double	got = -1;
	int	error = tend_minutes_parse(&got, "--timer", text, 180);

	if (want < 0) {
		is_int(error, TEND_EINVALID, text);
		ok(strncmp(tend_error(), "--timer '", 9) == 0 &&
		    strstr(tend_error(), "from 1 to 180") != NULL, "%s",
		    tend_error());
	} else {
		is_int(error, 0, text);
		ok(got > want - 1e-9 && got < want + 1e-9, "'%s' is %g", text,
		    want);
	}
}

int
main(void)
{
	char	message[200];
	time_t	got;

	plan(248);

	zone("Europe/Berlin");
	round_trip(NOVEMBER, "2026-11-24T09:15:00+01:00", "2026-11-24");
	round_trip(JULY, "2026-07-01T12:30:00+02:00", "2026-07-01");
	zone("America/New_York");
	round_trip(NOVEMBER, "2026-11-24T03:15:00-05:00", "2026-11-24");
	round_trip(JULY, "2026-07-01T06:30:00-04:00", "2026-07-01");
	round_trip(NOVEMBER - 4 * 3600, "2026-11-23T23:15:00-05:00",
	    "2026-11-23");
	zone("UTC");
	round_trip(NOVEMBER, "2026-11-24T08:15:00+00:00", "2026-11-24");
	round_trip(0, "1970-01-01T00:00:00+00:00", "1970-01-01");
	zone("Asia/Kolkata");
	round_trip(NOVEMBER, "2026-11-24T13:45:00+05:30", "2026-11-24");

	/* The zone of the input counts, not the local one. */
	parses("2026-11-24T08:15:00Z", NOVEMBER);
	parses("2026-11-24t08:15:00z", NOVEMBER);
	parses("2026-11-24T08:15:00.123456Z", NOVEMBER);
	parses("2026-11-24T09:15:00.5+01:00", NOVEMBER);
	parses("2026-11-24T03:15:00-05:00", NOVEMBER);
	parses("2026-11-25T08:14:00+23:59", NOVEMBER);
	parses("2026-11-23T08:16:00-23:59", NOVEMBER);
	parses("2024-02-29T00:00:00Z", 1709164800);
	/*
	 * A time must fall on a local day from 1970 to 9999, so that it is
	 * written back (here at +05:30) as a date that reads again.
	 */
	parses("9999-12-30T23:59:59Z", 253402214399);
	parses("1969-12-31T23:30:00-01:00", 1800);
	rejected("9999-12-31T23:59:59Z");
	rejected("1970-01-01T05:29:59+05:30");

	/* A bare day is that day at the time of day it is now. */
	zone("Europe/Berlin");
	bare_day("2026-11-24");
	bare_day("2026-07-01");
	zone("America/New_York");
	bare_day("2026-03-01");

	rejected("");
	/* In each zone that changes its clocks, faketime moves the day. */
	zone("Europe/Berlin");
	counted_back("today", 0);
	counted_back("yesterday", 1);
	counted_back("1.day.ago", 1);
	counted_back("10.days.ago", 10);
	counted_back("1.week.ago", 7);
	counted_back("3.weeks.ago", 21);
	rejected("today");
	rejected_typed("Today");
	rejected_typed("1.days");
	rejected_typed("-1.days.ago");
	rejected_typed("1.5.days.ago");
	rejected_typed("36501.days.ago");
	rejected_typed("last");
	rejected_typed("last  monday");
	rejected_typed("last Monday");
	rejected_typed("2026-02-30");
	rejected_typed("yesterday ");
	zone("UTC");
	rejected("2026-13-01");
	rejected("2026-00-10");
	rejected("2026-11-32");
	rejected("2026-11-00");
	rejected("2026-02-30");
	rejected("2026-02-29");
	rejected("2100-02-29");
	rejected("2026-04-31");
	rejected("2026-1-5");
	rejected(" 2026-11-24");
	rejected("2026-11-24 ");
	rejected("2026-11-24x");
	rejected("2026/11/24");
	rejected("1969-12-31");
	rejected("1970-01-01T00:30:00+01:00");
	rejected("10000-01-01");
	rejected("9999-12-31T23:59:59-23:59");
	rejected("1969-12-31T23:30:00Z");
	rejected("2026-11-24T09:15:00");
	rejected("2026-11-24 09:15:00Z");
	rejected("2026-11-24T24:00:00Z");
	rejected("2026-11-24T09:60:00Z");
	rejected("2026-11-24T09:15Z");
	rejected("2026-11-24T09:15:00.Z");
	rejected("2026-11-24T09:15:00+1:00");
	rejected("2026-11-24T09:15:00+0100");
	rejected("2026-11-24T09:15:00+24:00");
	rejected("2026-11-24T09:15:00+01:60");
	rejected("2026-11-24T09:15:00+01:00x");
	rejected("2026-11-24T09:15:00Z ");

	tend_date_parse(&got, "due date", "2026-13-01");
	is_str(tend_error(), "due date '2026-13-01' is not a date (use "
	    "YYYY-MM-DD or an RFC 3339 time)", "message names the input");
	tend_date_parse_typed(&got, "--date", "2026-13-01");
	is_str(tend_error(), "--date '2026-13-01' is not a date (use "
	    "YYYY-MM-DD, an RFC 3339 time, today, yesterday, N.days.ago, "
	    "N.weeks.ago or last WEEKDAY)", "typed: every form is named");
	tend_date_parse(&got, "date", "\033[2J");
	is_str(tend_error(), "date '?[2J' is not a date (use YYYY-MM-DD or "
	    "an RFC 3339 time)", "controls are not echoed");
	memset(message, '7', 100);
	message[100] = '\0';
	tend_date_parse(&got, "date", message);
	ok(strstr(tend_error(), "7777...'") != NULL &&
	    strlen(tend_error()) < 120, "a long input is cut short");

	minutes("15", 15);
	minutes("1", 1);
	minutes("180", 180);
	minutes("7.5", 7.5);
	minutes("2.25", 2.25);
	minutes("0.001", -1);
	minutes("0.99", -1);
	minutes("180.01", -1);
	minutes("1e-1", -1);
	minutes("0x10", -1);
	minutes("inf", -1);
	minutes("7,5", -1);
	minutes(" 5", -1);
	minutes("5 ", -1);
	minutes("5.", -1);
	minutes(".5", -1);
	minutes("7.125", -1);
	minutes("-5", -1);
	minutes("90s", -1);
	minutes("", -1);

	return done_testing();
}
