/* A growing, NUL-terminated byte string. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int
tend_buf_grow(struct tend_buf *buf, size_t more)
{
	size_t	 want, cap;
	char	*data;

	if (more > SIZE_MAX - buf->len - 1)
		return tend_error_nomem();
	want = buf->len + more + 1;
	if (want <= buf->cap)
		return 0;
	cap = buf->cap != 0 ? buf->cap : 64;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	if ((data = realloc(buf->data, cap)) == NULL)
		return tend_error_nomem();
	/* A buffer that holds memory always holds a string. */
	data[buf->len] = '\0';
	buf->data = data;
	buf->cap = cap;
	return 0;
}

int
tend_buf_put(struct tend_buf *buf, const char *bytes, size_t len)
{
	int	error;

	if ((error = tend_buf_grow(buf, len)) < 0)
		return error;
	if (len != 0)
		memcpy(buf->data + buf->len, bytes, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return 0;
}

int
tend_buf_puts(struct tend_buf *buf, const char *string)
{
	return tend_buf_put(buf, string, strlen(string));
}

int
tend_buf_printf(struct tend_buf *buf, const char *fmt, ...)
{
	va_list	ap;
	int	len, error;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return tend_error_set(TEND_ERROR, "cannot format text");
	if ((error = tend_buf_grow(buf, (size_t)len)) < 0)
		return error;
	va_start(ap, fmt);
	vsnprintf(buf->data + buf->len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	buf->len += (size_t)len;
	return 0;
}

char *
tend_buf_detach(struct tend_buf *buf)
{
	char	*data;

	if (buf->data == NULL && tend_buf_grow(buf, 0) < 0)
		return NULL;
	data = buf->data;
	buf->data = NULL;
	buf->len = buf->cap = 0;
	return data;
}

void
tend_buf_free(struct tend_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}
