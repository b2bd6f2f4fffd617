/* The last error message, kept per thread for tend_error(). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ERROR_MAX	1024

static _Thread_local char	last_error[ERROR_MAX];

static void	record(const char *);
static char	*format(const char *, va_list);
static void	compose(const char *, const char *);
static void	cut_whole(void);

/*
 * Keep MESSAGE as one line a terminal can show: messages quote names from
 * arguments and files, which may hold anything, even a 5,000-byte name.
 */
static void
record(const char *message)
{
	static _Thread_local int	 busy;
	char				*line = NULL;

	/* tend_text_oneline reports running out of memory through here. */
	if (!busy) {
		busy = 1;
		if (tend_text_oneline(&line, message) < 0)
			line = NULL;
		busy = 0;
	}
	if (snprintf(last_error, sizeof(last_error), "%s", line != NULL ?
	    line : message) >= (int)sizeof(last_error)) {
		last_error[sizeof(last_error) - 4] = '\0';
		cut_whole();
		strcat(last_error, "...");
	}
	free(line);
}

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

/* Set the message to "CONTEXT: CAUSE". */
static void
compose(const char *context, const char *cause)
{
	size_t	 len = strlen(context) + strlen(cause) + 3;
	char	*message;

	if ((message = malloc(len)) == NULL) {
		(void)tend_error_nomem();
		return;
	}
	snprintf(message, len, "%s: %s", context, cause);
	record(message);
	free(message);
}

const char *
tend_error(void)
{
	return last_error[0] != '\0' ? last_error : "unknown error";
}

int
tend_error_set(int code, const char *fmt, ...)
{
	va_list	 ap;
	char	*message;

	va_start(ap, fmt);
	message = format(fmt, ap);
	va_end(ap);
	if (message == NULL) {
		(void)tend_error_nomem();
		return code;
	}
	record(message);
	free(message);
	return code;
}

int
tend_error_set_str(int code, const char *message)
{
	return tend_error_set(code, "%s", message);
}

int
tend_error_nomem(void)
{
	/* No allocation: the message is a constant. */
	snprintf(last_error, sizeof(last_error), "%s", "out of memory");
	return TEND_ENOMEM;
}

int
tend_error_wrap(int code, const char *fmt, ...)
{
	char	 cause[ERROR_MAX], *context;
	va_list	 ap;

	memcpy(cause, last_error, sizeof(cause));
	va_start(ap, fmt);
	context = format(fmt, ap);
	va_end(ap);
	if (context == NULL) {
		(void)tend_error_nomem();
		return code;
	}
	compose(context, cause);
	free(context);
	return code;
}

int
tend_error_errno(const char *fmt, ...)
{
	char	*context;
	int	 saved = errno;
	va_list	 ap;

	va_start(ap, fmt);
	context = format(fmt, ap);
	va_end(ap);
	if (context == NULL)
		(void)tend_error_nomem();
	else
		compose(context, strerror(saved));
	free(context);
	return saved == ENOENT ? TEND_ENOTFOUND : TEND_ERROR;
}
