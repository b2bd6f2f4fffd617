/*
 * JSON text (RFC 8259) for exports: strings escaped so that any bytes,
 * whoever wrote them, make valid JSON, and front matter as objects.
 */

#include <stdint.h>
#include <string.h>

#include "internal.h"

static size_t	utf8_length(const unsigned char *, size_t);
static int	is_number(const char *);

/*
 * The length of the UTF-8 character at S (of LEN bytes), or 0 when it is
 * none: a stray or missing continuation byte, an overlong form, a
 * surrogate, or past U+10FFFF, which no JSON reader would take.
 */
static size_t
utf8_length(const unsigned char *s, size_t len)
{
	uint32_t	c;
	size_t		n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return n;
}

int
tend_json_string(struct tend_buf *out, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i, n, start;
	int			 error;

	if ((error = tend_buf_put(out, "\"", 1)) < 0)
		return error;
	for (i = start = 0; i < len; i += n) {
		n = utf8_length(s + i, len - i);
		if (n == 1 && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
			continue;
		/* U+2028 and U+2029 end lines in JavaScript: escaped too. */
		if (n == 3 && s[i] == 0xe2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
			if ((error = tend_buf_put(out, text + start,
			    i - start)) < 0 || (error = tend_buf_printf(out,
			    "\\u%s", s[i + 2] == 0xa8 ? "2028" : "2029")) < 0)
				return error;
			start = i + n;
			continue;
		}
		if (n > 1)
			continue;
		if ((error = tend_buf_put(out, text + start, i - start)) < 0)
			return error;
		if (n == 0) {
			/* Not UTF-8: one U+FFFD for the byte, visibly. */
			n = 1;
			error = tend_buf_puts(out, "\\ufffd");
		} else if (s[i] == '"' || s[i] == '\\')
			error = tend_buf_printf(out, "\\%c", s[i]);
		else if (s[i] == '\n')
			error = tend_buf_puts(out, "\\n");
		else if (s[i] == '\t')
			error = tend_buf_puts(out, "\\t");
		else if (s[i] == '\r')
			error = tend_buf_puts(out, "\\r");
		else
			error = tend_buf_printf(out, "\\u%04x", s[i]);
		if (error < 0)
			return error;
		start = i + n;
	}
	if ((error = tend_buf_put(out, text + start, len - start)) < 0)
		return error;
	return tend_buf_put(out, "\"", 1);
}

int
tend_json_quote(char **out, const char *text, size_t len)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	int		error;

	if ((error = tend_json_string(&buf, text, len)) < 0 ||
	    (*out = tend_buf_detach(&buf)) == NULL) {
		tend_buf_free(&buf);
		return error < 0 ? error : tend_error_nomem();
	}
	return 0;
}

/* Whether TEXT is a number as JSON writes one. */
static int
is_number(const char *text)
{
	const char	*p = text;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		if (*++p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

int
tend_json_meta(struct tend_buf *out, const struct tend_meta *node)
{
	const char	*text, *key;
	size_t		 i, count;
	int		 error, map;

	if (tend_meta_type(node) == TEND_META_TEXT) {
		text = tend_meta_text(node);
		if (tend_meta_is_plain(node) && (is_number(text) ||
		    strcmp(text, "true") == 0 || strcmp(text, "false") == 0 ||
		    strcmp(text, "null") == 0))
			return tend_buf_puts(out, text);
		/* A plain ~ or nothing at all is YAML's null. */
		if (tend_meta_is_plain(node) && (strcmp(text, "~") == 0 ||
		    *text == '\0'))
			return tend_buf_puts(out, "null");
		return tend_json_string(out, text, strlen(text));
	}
	map = tend_meta_type(node) == TEND_META_MAP;
	if ((error = tend_buf_puts(out, map ? "{" : "[")) < 0)
		return error;
	count = tend_meta_count(node);
	for (i = 0; i < count; i++) {
		if (i != 0 && (error = tend_buf_puts(out, ", ")) < 0)
			return error;
		key = tend_meta_key_at(node, i);
		if (map && ((error = tend_json_string(out, key,
		    strlen(key))) < 0 || (error = tend_buf_puts(out,
		    ": ")) < 0))
			return error;
		if ((error = tend_json_meta(out, tend_meta_at(node, i))) < 0)
			return error;
	}
	return tend_buf_puts(out, map ? "}" : "]");
}
