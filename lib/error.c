/* The last error message, kept per thread for tend_error(). */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define ERROR_MAX	1024

static _Thread_local char	last_error[ERROR_MAX];

static void	cut_whole(void);

/*
 * A message cut at ERROR_MAX may end inside a UTF-8 character; drop that
 * part, so what reaches a terminal stays valid UTF-8.
 */
static void
cut_whole(void)
{
	size_t	len = strlen(last_error), start = len, need;
	int	lead;

	while (start > 0 && len - start < 4 &&
	    ((unsigned char)last_error[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0)
		return;
	lead = (unsigned char)last_error[--start];
	if (lead < 0xc0)
		return;
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	if (len - start < need)
		last_error[start] = '\0';
}

/* Set the message to "CONTEXT: CAUSE", cut short if it must be. */
static void
compose(const char *context, const char *cause)
{
	if (snprintf(last_error, sizeof(last_error), "%s: %s", context,
	    cause) >= (int)sizeof(last_error)) {
		last_error[sizeof(last_error) - 4] = '\0';
		cut_whole();
		strcat(last_error, "...");
	}
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
	if (vsnprintf(last_error, sizeof(last_error), fmt, ap) >=
	    (int)sizeof(last_error))
		cut_whole();
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
