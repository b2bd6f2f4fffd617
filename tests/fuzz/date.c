/*
 * Date parsing: what tend_date_parse accepts is a real time that writes
 * back (tend_date_format) to a text that parses to the same second; a day
 * tend_date_day_of gives is "YYYY-MM-DD" and parses again.
 */

#include <string.h>
#include <time.h>

#include "../../lib/internal.h"
#include "fuzz.h"

#define INPUT_MAX	256

static int	is_day(const char *);

static int
is_day(const char *s)
{
	size_t	i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	return s[10] == '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	tz_set;
	char		input[INPUT_MAX + 1], written[32], day[11], again[11];
	time_t		when, back;
	long		age;

	/* A zone with summer time and an offset, spelt without tzdata. */
	if (!tz_set) {
		setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
		tzset();
		tz_set = 1;
	}
	if (size > INPUT_MAX)
		size = INPUT_MAX;
	memcpy(input, data, size);
	input[size] = '\0';

	if (tend_date_parse(&when, "the date", input) == 0) {
		fuzz_check(when >= 0);
		fuzz_check(tend_date_format(written, when) == 0);
		fuzz_check(tend_date_parse(&back, "the date", written) == 0);
		fuzz_check(back == when);
		fuzz_check(tend_date_day(day, when) == 0 && is_day(day));
		/* An RFC 3339 time starts with its own day, at its offset. */
		fuzz_check(strncmp(written, day, 10) == 0);
	} else
		fuzz_check(strlen(tend_error()) > 0);

	/*
	 * A bare day is read at the current time of day, which on 1970-01-01
	 * can fall before the epoch east of UTC; other days read again.
	 */
	if (tend_date_day_of(day, "the day", input) == 0 &&
	    strcmp(day, "1970-01-01") != 0) {
		fuzz_check(is_day(day));
		fuzz_check(tend_date_parse(&back, "the day", day) == 0);
		fuzz_check(tend_date_day(again, back) == 0 &&
		    strcmp(again, day) == 0);
	}

	age = tend_date_age(input, (time_t)1795000000);
	fuzz_check(age == -1 || strlen(input) >= 10);
	return 0;
}
