/* The last error message, kept per thread for tend_error(). */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define ERROR_MAX	1024

static _Thread_local char	last_error[ERROR_MAX];

/* Set the message to "CONTEXT: CAUSE", cut short if it must be. */
static void
compose(const char *context, const char *cause)
{
	if (snprintf(last_error, sizeof(last_error), "%s: %s", context,
	    cause) >= (int)sizeof(last_error))
		memcpy(last_error + sizeof(last_error) - 4, "...", 4);
}

const char *
tend_error(void)
{
	return last_error[0] != '\0' ? last_error : "unknown error";
}

int
tend_error_set(int code, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return code;
}

int
tend_error_wrap(int code, const char *fmt, ...)
{
	char	context[ERROR_MAX], cause[ERROR_MAX];
	va_list	ap;

	memcpy(cause, last_error, sizeof(cause));
	va_start(ap, fmt);
	vsnprintf(context, sizeof(context), fmt, ap);
	va_end(ap);
	compose(context, cause);
	return code;
}

int
tend_error_errno(const char *fmt, ...)
{
	char	context[ERROR_MAX];
	int	saved = errno;
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(context, sizeof(context), fmt, ap);
	va_end(ap);
	compose(context, strerror(saved));
	return saved == ENOENT ? TEND_ENOTFOUND : TEND_ERROR;
}
