/*
 * How search finds its pattern in a file's text: a text through memchr
 * on its rarest byte, in either case; a regular expression, or a text
 * with letters beyond ASCII in either case, through regcomp(3).
 */

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "search-internal.h"

static int	same_bytes(const char *, const char *, size_t, int);
static int	fixed_next(const struct tend_matcher *, const char *, size_t,
		    size_t, size_t *);

/* ASCII letters folded to lowercase; other bytes as they are. */
static inline int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Letters from the most to the least common in English text: the byte
 * of the pattern latest in this list (or not in it) is the one memchr
 * looks for, so that fewer places are compared in full.
 */
static const char common_bytes[] = " etaoinsrhldcumfpgwybvkxjqz";

int
tend_matcher_init(struct tend_matcher *m, const char *pattern,
    unsigned int flags)
{
	struct tend_buf	 escaped = TEND_BUF_INIT;
	const char	*p, *where;
	size_t		 i, rank, best = 0;
	int		 ascii = 1, cflags, error;
	char		 message[256];

	memset(m, 0, sizeof(*m));
	m->fold = !(flags & TEND_SEARCH_CASE);
	for (p = pattern; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			ascii = 0;
	/*
	 * A pattern with letters beyond ASCII, in any case, goes through
	 * regcomp, which knows the locale's cases (É and é).
	 */
	if (!(flags & TEND_SEARCH_REGEX) && (ascii || !m->fold)) {
		if ((m->needle = strdup(pattern)) == NULL)
			return tend_error_nomem();
		m->len = strlen(pattern);
		for (i = 0; i < m->len; i++) {
			if (m->fold)
				m->needle[i] = (char)ascii_lower(
				    (unsigned char)m->needle[i]);
			where = strchr(common_bytes, m->needle[i]);
			rank = where != NULL ? (size_t)(where - common_bytes) :
			    sizeof(common_bytes);
			if (i == 0 || rank > best) {
				best = rank;
				m->rare = i;
			}
		}
		m->lower = (unsigned char)m->needle[m->rare];
		m->upper = m->fold && m->lower >= 'a' && m->lower <= 'z' ?
		    m->lower - 'a' + 'A' : m->lower;
		return 0;
	}
	if (!(flags & TEND_SEARCH_REGEX)) {
		for (p = pattern, error = 0; *p != '\0' && error == 0; p++) {
			if (strchr("\\.[]()*+?{}|^$", *p) != NULL)
				error = tend_buf_puts(&escaped, "\\");
			if (error == 0)
				error = tend_buf_put(&escaped, p, 1);
		}
		if (error < 0) {
			tend_buf_free(&escaped);
			return error;
		}
		pattern = escaped.data;
	}
	cflags = REG_EXTENDED | REG_NEWLINE | (m->fold ? REG_ICASE : 0);
	if ((error = regcomp(&m->re, pattern, cflags)) != 0) {
		regerror(error, &m->re, message, sizeof(message));
		tend_buf_free(&escaped);
		return tend_error_set(TEND_EINVALID, "cannot read the pattern "
		    "'%s': %s", pattern, message);
	}
	tend_buf_free(&escaped);
	m->regex = 1;
	return 0;
}

void
tend_matcher_free(struct tend_matcher *m)
{
	if (m->regex)
		regfree(&m->re);
	free(m->needle);
}

size_t
tend_byte_after(const char *text, size_t len, size_t from, int byte)
{
	const char	*at;

	if (from >= len)
		return len;
	at = memchr(text + from, byte, len - from);
	return at != NULL ? (size_t)(at - text) : len;
}

static int
same_bytes(const char *text, const char *needle, size_t len, int fold)
{
	size_t	i;

	if (!fold)
		return memcmp(text, needle, len) == 0;
	for (i = 0; i < len; i++)
		if (ascii_lower((unsigned char)text[i]) !=
		    (unsigned char)needle[i])
			return 0;
	return 1;
}

/*
 * The needle's first place at or after FROM: memchr finds its rarest
 * byte, in either case, and only there is the rest compared.
 */
static int
fixed_next(const struct tend_matcher *m, const char *text, size_t len,
    size_t from, size_t *start)
{
	size_t	lower, upper, at;

	if (len < m->len || from > len - m->len)
		return 0;
	lower = tend_byte_after(text, len, from + m->rare, m->lower);
	upper = m->upper != m->lower ? tend_byte_after(text, len,
	    from + m->rare, m->upper) : len;
	while ((at = lower < upper ? lower : upper) < len) {
		if (at - m->rare + m->len <= len &&
		    same_bytes(text + at - m->rare, m->needle, m->len, m->fold)) {
			*start = at - m->rare;
			return 1;
		}
		if (at == lower)
			lower = tend_byte_after(text, len, at + 1, m->lower);
		else
			upper = tend_byte_after(text, len, at + 1, m->upper);
	}
	return 0;
}

int
tend_matcher_next(const struct tend_matcher *m, const char *text,
    size_t len, size_t from, size_t *start, size_t *end)
{
	regmatch_t	match;

	if (!m->regex) {
		if (!fixed_next(m, text, len, from, start))
			return 0;
		*end = *start + m->len;
		return 1;
	}
	if (from > len)
		return 0;
#ifdef REG_STARTEND
	/* The whole text, so that ^ knows whether FROM starts a line. */
	match.rm_so = (regoff_t)from;
	match.rm_eo = (regoff_t)len;
	if (regexec(&m->re, text, 1, &match, REG_STARTEND) != 0)
		return 0;
	*start = (size_t)match.rm_so;
	*end = (size_t)match.rm_eo;
#else
	if (regexec(&m->re, text + from, 1, &match, from != 0 &&
	    text[from - 1] != '\n' ? REG_NOTBOL : 0) != 0)
		return 0;
	*start = from + (size_t)match.rm_so;
	*end = from + (size_t)match.rm_eo;
#endif
	return 1;
}

