/*
 * A small TAP producer for the unit tests: plan(), ok(), and checks that
 * print both sides when they fail.  Each test program includes it once.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	tap_run;
static int	tap_failed;

static inline void
plan(int count)
{
	printf("1..%d\n", count);
}

static inline int
ok(int passed, const char *fmt, ...)
{
	va_list	ap;

	tap_run++;
	if (!passed)
		tap_failed++;
	printf("%sok %d - ", passed ? "" : "not ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return passed;
}

static inline void
diag(const char *fmt, ...)
{
	va_list	ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Compare two strings; NULL only equals NULL. */
static inline int
is_str(const char *got, const char *want, const char *name)
{
	int	same;

	same = got == want || (got != NULL && want != NULL &&
	    strcmp(got, want) == 0);
	if (!ok(same, "%s", name)) {
		diag("     got: %s%s%s", got ? "'" : "", got ? got : "NULL",
		    got ? "'" : "");
		diag("expected: %s%s%s", want ? "'" : "", want ? want : "NULL",
		    want ? "'" : "");
	}
	return same;
}

static inline int
is_int(long got, long want, const char *name)
{
	if (!ok(got == want, "%s", name)) {
		diag("     got: %ld", got);
		diag("expected: %ld", want);
		return 0;
	}
	return 1;
}

/* Exit status for main: non-zero when any test failed. */
static inline int
done_testing(void)
{
	return tap_failed != 0;
}

#endif
