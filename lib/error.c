/*
 * The last error message, kept per thread for tend_error().  It is kept
 * as it was said, names and all: only what shows it to a person makes it
 * safe for a terminal (cmd/tend.c, doctor's findings), so this file needs
 * nothing of the rest of the library.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NOMEM_MESSAGE	"out of memory"

/* The message, or NULL when none was left or keeping it ran out of memory. */
static _Thread_local char	*last_error;
static _Thread_local int	 last_nomem;

static void	keep(char *);
static char	*format(const char *, va_list);
static char	*join(const char *, const char *);

/* Keep MESSAGE, which is the caller's to give: NULL means out of memory. */
static void
keep(char *message)
{
	free(last_error);
	last_error = message;
	last_nomem = message == NULL;
}

/* FMT's message in a string of its own size, or NULL. */
static char *
format(const char *fmt, va_list ap)
{
	va_list	 copy;
	char	*out;
	int	 len;

	va_copy(copy, ap);
	len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (len < 0 || (out = malloc((size_t)len + 1)) == NULL)
		return NULL;
	vsnprintf(out, (size_t)len + 1, fmt, ap);
	return out;
}

/* "CONTEXT: CAUSE", or NULL. */
static char *
join(const char *context, const char *cause)
{
	size_t	 len = strlen(context) + strlen(cause) + 3;
	char	*message;

	if ((message = malloc(len)) != NULL)
		snprintf(message, len, "%s: %s", context, cause);
	return message;
}

const char *
tend_error(void)
{
	if (last_nomem)
		return NOMEM_MESSAGE;
	return last_error != NULL && last_error[0] != '\0' ? last_error :
	    "unknown error";
}

void
tend_error_clear(void)
{
	keep(NULL);
	last_nomem = 0;
}

int
tend_error_set(int code, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	keep(format(fmt, ap));
	va_end(ap);
	return code;
}

int
tend_error_set_str(int code, const char *message)
{
	keep(strdup(message));
	return code;
}

int
tend_error_nomem(void)
{
	/* No allocation: the message is a constant. */
	keep(NULL);
	return TEND_ENOMEM;
}

int
tend_error_warn(tend_warn_fn warn, void *arg)
{
	return warn != NULL ? warn(tend_error(), arg) : 0;
}

int
tend_error_wrap(int code, const char *fmt, ...)
{
	char	*context, *message = NULL;
	va_list	 ap;

	va_start(ap, fmt);
	context = format(fmt, ap);
	va_end(ap);
	if (context != NULL)
		message = join(context, tend_error());
	free(context);
	keep(message);
	return code;
}

int
tend_error_errno(const char *fmt, ...)
{
	char	*context, *message = NULL;
	int	 saved = errno;
	va_list	 ap;

	va_start(ap, fmt);
	context = format(fmt, ap);
	va_end(ap);
	if (context != NULL)
		message = join(context, strerror(saved));
	free(context);
	keep(message);
	return saved == ENOENT ? TEND_ENOTFOUND : TEND_ERROR;
}
