/* The dates entries carry: RFC 3339 times and days, in local time. */

#define _XOPEN_SOURCE	700	/* strptime */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define YEAR_MIN	1970
#define YEAR_MAX	9999
#define SHOWN_MAX	40	/* bytes of a bad input quoted in messages */
#define DAYS_BACK_MAX	36500	/* "N.days.ago" and the like, at most */
/* What a date may be: in a file, and typed. */
#define STORED_FORMS	"YYYY-MM-DD or an RFC 3339 time"
#define TYPED_FORMS	"YYYY-MM-DD, an RFC 3339 time, today, yesterday, " \
	"N.days.ago, N.weeks.ago or last WEEKDAY"

static int		 matches(const char *, const char *);
static int		 two_digits(const char *);
static int		 days_in_month(int, int);
static long long	 days_from_civil(long long, int, int);
static long long	 day_number(const char *, int *);
static int		 not_a_date(const char *, const char *, const char *);
static const char	*shown_of(char [SHOWN_MAX + 4], const char *);
static int		 parse(time_t *, const char *, const char *,
			    const char *);
static int		 in_range(time_t);
static long		 days_back(const char *, const struct tm *);
static int		 day_back(time_t *, struct tm *, long);
static int		 counted_back(time_t *, const char *, const char *);

/* Does S start with PATTERN, where 'd' stands for any digit? */
static int
matches(const char *s, const char *pattern)
{
	for (; *pattern != '\0'; s++, pattern++)
		if (*pattern == 'd' ? *s < '0' || *s > '9' : *s != *pattern)
			return 0;
	return 1;
}

static int
two_digits(const char *s)
{
	return (s[0] - '0') * 10 + s[1] - '0';
}

/* MONTH is 1 to 12. */
static int
days_in_month(int year, int month)
{
	static const int	days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month == 2 && year % 4 == 0 && (year % 100 != 0 ||
	    year % 400 == 0))
		return 29;
	return days[month - 1];
}

/*
 * Days from 1970-01-01 to the given day of the proleptic Gregorian
 * calendar (Howard Hinnant's algorithm), because timegm is not POSIX.
 */
static long long
days_from_civil(long long year, int month, int day)
{
	long long	era, year_of_era, day_of_year, day_of_era;

	year -= month <= 2;
	era = (year >= 0 ? year : year - 399) / 400;
	year_of_era = year - era * 400;
	day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 +
	    day - 1;
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
	    day_of_year;
	return era * 146097 + day_of_era - 719468;
}

/* The input may come from another partner's file: show it harmless. */
static int
not_a_date(const char *what, const char *input, const char *forms)
{
	char	shown[SHOWN_MAX + 4];

	return tend_error_set(TEND_EINVALID, "%s '%s' is not a date "
	    "(use %s)", what, shown_of(shown, input), forms);
}

/* INPUT cut short and in printable ASCII, to be named in a message. */
static const char *
shown_of(char shown[SHOWN_MAX + 4], const char *input)
{
	size_t	i;

	for (i = 0; input[i] != '\0' && i < SHOWN_MAX; i++)
		shown[i] = input[i] >= ' ' && input[i] <= '~' ? input[i] : '?';
	strcpy(shown + i, input[i] != '\0' ? "..." : "");
	return shown;
}

/*
 * How many days before TODAY's the day INPUT names: "today", "yesterday",
 * "N.days.ago", "N.weeks.ago" (or "N.day.ago", "N.week.ago", as git reads
 * them) or "last WEEKDAY", the one before today; -1 for none of these.
 */
static long
days_back(const char *input, const struct tm *today)
{
	static const char *const weekdays[] = { "sunday", "monday",
	    "tuesday", "wednesday", "thursday", "friday", "saturday" };
	const char	*unit;
	char		*end;
	long		 count;
	int		 i;

	if (strcmp(input, "today") == 0)
		return 0;
	if (strcmp(input, "yesterday") == 0)
		return 1;
	if (strncmp(input, "last ", 5) == 0) {
		for (i = 0; i < 7; i++)
			if (strcmp(input + 5, weekdays[i]) == 0)
				return (today->tm_wday - i + 6) % 7 + 1;
		return -1;
	}
	if (input[0] < '0' || input[0] > '9' || (count = strtol(input, &end,
	    10)) < 0 || *end != '.')
		return -1;
	unit = end + 1;
	if (strcmp(unit, "days.ago") == 0 || strcmp(unit, "day.ago") == 0)
		return count <= DAYS_BACK_MAX ? count : -1;
	if (strcmp(unit, "weeks.ago") == 0 || strcmp(unit, "week.ago") == 0)
		return count <= DAYS_BACK_MAX / 7 ? count * 7 : -1;
	return -1;
}

/*
 * The time COUNT calendar days before DAY, a local time, at its time of
 * day: summer time costs no day.  It must be one tend_date_parse reads.
 */
static int
day_back(time_t *when, struct tm *day, long count)
{
	day->tm_mday -= (int)count;
	day->tm_isdst = -1;
	if ((*when = mktime(day)) == (time_t)-1 || !in_range(*when))
		return TEND_EINVALID;
	return 0;
}

/*
 * Whether WHEN falls on a local day of the years read here, so that
 * written back (tend_date_format, tend_date_day) it reads again.
 */
static int
in_range(time_t when)
{
	struct tm	tm;

	return localtime_r(&when, &tm) != NULL &&
	    tm.tm_year + 1900 >= YEAR_MIN && tm.tm_year + 1900 <= YEAR_MAX;
}

int
tend_date_format(char out[32], time_t when)
{
	struct tm	tm;
	size_t		len;

	/* Leave room for the colon RFC 3339 wants in "+0100". */
	if (localtime_r(&when, &tm) == NULL ||
	    (len = strftime(out, 31, "%Y-%m-%dT%H:%M:%S%z", &tm)) < 5 ||
	    (out[len - 5] != '+' && out[len - 5] != '-'))
		return tend_error_set(TEND_ERROR, "cannot write time %lld as "
		    "RFC 3339", (long long)when);
	memmove(out + len - 1, out + len - 2, 3);
	out[len - 2] = ':';
	return 0;
}

int
tend_date_day(char out[11], time_t when)
{
	struct tm	tm;

	if (localtime_r(&when, &tm) == NULL ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		return tend_error_set(TEND_ERROR, "cannot write time %lld as "
		    "a day", (long long)when);
	return 0;
}

/* A day INPUT counts back from today, at the time of day it is now. */
static int
counted_back(time_t *when, const char *what, const char *input)
{
	struct tm	 tm;
	time_t		 now = time(NULL), then;
	long		 count;

	if (localtime_r(&now, &tm) == NULL)
		return tend_error_set(TEND_ERROR, "cannot read the clock");
	if ((count = days_back(input, &tm)) < 0)
		return not_a_date(what, input, TYPED_FORMS);
	if (count == 0)
		then = now;
	else if (day_back(&then, &tm, count) < 0)
		return tend_error_set(TEND_EINVALID, "%s '%s' is too far back",
		    what, input);
	*when = then;
	return 0;
}

int
tend_date_parse(time_t *when, const char *what, const char *input)
{
	return parse(when, what, input, STORED_FORMS);
}

int
tend_date_parse_typed(time_t *when, const char *what, const char *input)
{
	/* "2026-11-24" is a day; "today" and the like never start so. */
	if (!matches(input, "dddd-"))
		return counted_back(when, what, input);
	return parse(when, what, input, TYPED_FORMS);
}

/* FORMS says in a message what INPUT might have been. */
static int
parse(time_t *when, const char *what, const char *input, const char *forms)
{
	struct tm	 day, wall;
	const char	*p;
	time_t		 now, local;
	long long	 seconds, offset = 0;

	/*
	 * Fixed widths first: strptime alone takes "2026-1-5" and spaces.
	 * A time may say 1969 when its offset brings it into 1970.
	 */
	memset(&day, 0, sizeof(day));
	if (!matches(input, "dddd-dd-dd") ||
	    strptime(input, "%Y-%m-%d", &day) != input + 10 ||
	    day.tm_year + 1900 < YEAR_MIN - 1 ||
	    day.tm_year + 1900 > YEAR_MAX ||
	    day.tm_mday > days_in_month(day.tm_year + 1900, day.tm_mon + 1))
		return not_a_date(what, input, forms);

	if (input[10] == '\0') {
		if (day.tm_year + 1900 < YEAR_MIN)
			return not_a_date(what, input, forms);
		/* A bare day keeps the time of day it is now. */
		now = time(NULL);
		if (localtime_r(&now, &wall) == NULL)
			return not_a_date(what, input, forms);
		wall.tm_year = day.tm_year;
		wall.tm_mon = day.tm_mon;
		wall.tm_mday = day.tm_mday;
		wall.tm_isdst = -1;
		if ((local = mktime(&wall)) == (time_t)-1 || local < 0)
			return not_a_date(what, input, forms);
		*when = local;
		return 0;
	}

	memset(&wall, 0, sizeof(wall));
	if ((input[10] != 'T' && input[10] != 't') ||
	    !matches(input + 11, "dd:dd:dd") ||
	    strptime(input + 11, "%H:%M:%S", &wall) != input + 19 ||
	    wall.tm_sec > 60)
		return not_a_date(what, input, forms);
	p = input + 19;
	if (*p == '.') {
		/* Fractions of a second are accepted and dropped. */
		if (!matches(++p, "d"))
			return not_a_date(what, input, forms);
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if ((*p == '+' || *p == '-') && matches(p + 1, "dd:dd") &&
	    two_digits(p + 1) <= 23 && two_digits(p + 4) <= 59) {
		offset = two_digits(p + 1) * 3600LL + two_digits(p + 4) * 60;
		if (*p == '-')
			offset = -offset;
		p += 6;
	} else
		return not_a_date(what, input, forms);
	if (*p != '\0')
		return not_a_date(what, input, forms);

	seconds = days_from_civil(day.tm_year + 1900, day.tm_mon + 1,
	    day.tm_mday) * 86400 + wall.tm_hour * 3600 + wall.tm_min * 60 +
	    wall.tm_sec - offset;
	if (seconds < 0 || (time_t)seconds != seconds ||
	    !in_range((time_t)seconds))
		return not_a_date(what, input, forms);
	*when = (time_t)seconds;
	return 0;
}

int
tend_date_day_of(char out[11], const char *what, const char *input)
{
	struct tm	 tm;
	time_t		 when = time(NULL);
	long		 count;
	int		 error;

	if (localtime_r(&when, &tm) == NULL)
		return tend_error_set(TEND_ERROR, "cannot read the clock");
	if ((count = days_back(input, &tm)) < 0) {
		if ((error = parse(&when, what, input, TYPED_FORMS)) < 0)
			return error;
		return tend_date_day(out, when);
	}
	/* Noon: no summer time change moves it to another day. */
	tm.tm_hour = 12;
	if (day_back(&when, &tm, count) < 0)
		return tend_error_set(TEND_EINVALID, "%s '%.40s' is too far "
		    "back", what, input);
	return tend_date_day(out, when);
}

/* DAY's days since 1970-01-01, or 0 with *OK 0 where it is no day. */
static long long
day_number(const char *day, int *ok)
{
	int	year, month, mday;

	*ok = 0;
	if (!matches(day, "dddd-dd-dd"))
		return 0;
	/* Four digits, as matched: no strtol, asked by the thousand. */
	year = two_digits(day) * 100 + two_digits(day + 2);
	month = two_digits(day + 5);
	mday = two_digits(day + 8);
	if (month < 1 || month > 12 || mday < 1 ||
	    mday > days_in_month(year, month))
		return 0;
	*ok = 1;
	return days_from_civil(year, month, mday);
}

long
tend_date_age(const char *day, time_t now)
{
	struct tm	tm;
	long long	number;
	int		ok;

	/* Calendar days, counted without mktime: lists ask this by the
	 * thousand, and summer time never moves a day. */
	number = day_number(day, &ok);
	if (!ok || localtime_r(&now, &tm) == NULL)
		return -1;
	return (long)(days_from_civil(tm.tm_year + 1900LL, tm.tm_mon + 1,
	    tm.tm_mday) - number);
}

long
tend_date_age_on(const char *day, const char *today)
{
	long long	number, then;
	int		ok;

	then = day_number(day, &ok);
	if (!ok)
		return -1;
	number = day_number(today, &ok);
	return ok ? (long)(number - then) : -1;
}

int
tend_minutes_parse(double *minutes, const char *what, const char *text,
    double max)
{
	const char	*p;
	char		 shown[SHOWN_MAX + 4];
	double		 value = 0, scale = 1;
	size_t		 whole, decimals = 0;

	/* strtod would take "1e-1", "0x10", "inf" and a locale's comma. */
	whole = strspn(text, "0123456789");
	if (text[whole] == '.')
		decimals = strspn(text + whole + 1, "0123456789");
	if (whole == 0 || whole > 4 || (text[whole] == '.' &&
	    (decimals == 0 || decimals > 2)) ||
	    text[whole + (decimals != 0 ? decimals + 1 : 0)] != '\0')
		goto bad;
	for (p = text; p < text + whole; p++)
		value = value * 10 + (*p - '0');
	for (p = text + whole + 1; p < text + whole + 1 + decimals; p++)
		value += (*p - '0') * (scale /= 10);
	if (value < 1 || value > max)
		goto bad;
	*minutes = value;
	return 0;
bad:
	return tend_error_set(TEND_EINVALID, "%s '%s' is not a number of "
	    "minutes from 1 to %.0f", what, shown_of(shown, text), max);
}

int
tend_date_written(time_t *when, const char *what, const char *input)
{
	char	day[11], today[11];
	int	error;

	if ((error = tend_date_parse_typed(when, what, input)) < 0 ||
	    (error = tend_date_day(day, *when)) < 0 ||
	    (error = tend_date_day(today, time(NULL))) < 0)
		return error;
	if (strcmp(day, today) > 0)
		return tend_error_set(TEND_EINVALID, "the date %s is in the "
		    "future; an entry records a day that has been", day);
	return 0;
}

int
tend_date_check_written(const char *what, const char *input)
{
	time_t	when;

	return tend_date_written(&when, what, input);
}
