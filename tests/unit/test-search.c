/* Unit tests for lib/search-match.c: how search finds its pattern. */

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "../../lib/search-internal.h"
#include "tap.h"

static long	find(const char *pattern, unsigned int flags, const char *text,
		    size_t from, size_t *end);

/* Where PATTERN is first found in TEXT from FROM, or -1; -2: no matcher. */
static long
find(const char *pattern, unsigned int flags, const char *text, size_t from,
    size_t *end)
{
	struct tend_matcher	m;
	size_t			start, stop;
	long			at = -1;

	if (tend_matcher_init(&m, pattern, flags) < 0)
		return -2;
	if (tend_matcher_next(&m, text, strlen(text), from, &start, &stop)) {
		at = (long)start;
		if (end != NULL)
			*end = stop;
	}
	tend_matcher_free(&m);
	return at;
}

int
main(void)
{
	size_t	end = 0;

	plan(17);
	setlocale(LC_CTYPE, "C.UTF-8");
	is_int(find("dishes", 0, "the Dishes again", 0, &end), 4,
	    "a text, in either case");
	is_int((long)end, 10, "ends after it");
	is_int(find("DISHES", 0, "the dishes", 0, NULL), 4,
	    "a pattern in capitals finds small letters");
	is_int(find("Dishes", TEND_SEARCH_CASE, "the dishes, Dishes", 0, NULL),
	    12, "with case, only as written");
	is_int(find("dishes", 0, "the dishes, Dishes", 5, NULL), 12,
	    "from a place on");
	is_int(find("zq", 0, "zzzzzzzzzq", 0, NULL), 8,
	    "the rare byte found, the rest compared before it");
	is_int(find("ab", 0, "xxxa", 0, NULL), -1, "not past the end");
	is_int(find("a.b", 0, "a.b axb", 0, NULL), 0,
	    "a text's dots are dots");
	is_int(find("a.b", 0, "axb", 0, NULL), -1, "and nothing else");
	is_int(find("a.b", TEND_SEARCH_REGEX, "axb", 0, NULL), 0,
	    "a regular expression's dot is any character");
	is_int(find("^walk", TEND_SEARCH_REGEX, "a walk\nwalk on", 0, NULL), 7,
	    "^ is the start of a line");
	is_int(find("^walk", TEND_SEARCH_REGEX, "a walk\nwalk on", 3, NULL), 7,
	    "and not wherever the search starts");
	is_int(find("on$", TEND_SEARCH_REGEX, "on and\ngo on\n", 0, NULL), 10,
	    "$ is the end of a line");
	is_int(find("zoë", 0, "Hello ZOË", 0, NULL), 6,
	    "letters beyond ASCII, in either case");
	is_int(find("a(b|c)+d", 0, "xa(b|c)+d", 0, NULL), 1,
	    "a text's parentheses are parentheses");
	is_int(find("(", TEND_SEARCH_REGEX, "(", 0, NULL), -2,
	    "a regular expression that does not compile is refused");
	is_int(find("dishes", 0, "dish\0dishes", 0, NULL), -1,
	    "the text ends at its length");
	return done_testing();
}
