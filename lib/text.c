/* Checks and transformations of user text: UTF-8, ids, terminal safety. */

#define _XOPEN_SOURCE	700	/* wcwidth */

#include <langinfo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "internal.h"

/*
 * A longer 'name' in a message is cut, keeping its head and tail.  An
 * absolute path may be longer, so that a hint to remove a file can be
 * pasted as it is.
 */
#define QUOTED_MAX	80
#define QUOTED_HEAD	48
#define QUOTED_TAIL	16
#define PATH_MAX_SHOWN	200
#define PATH_HEAD	140
#define PATH_TAIL	40
#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD in UTF-8 */
#define ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 */

/* One character of a field as it is shown, and the columns it takes. */
struct shown {
	const char	*bytes;
	size_t		 len;
	size_t		 columns;
};

static size_t	utf8_scan(const unsigned char *, size_t, int *);
static int	is_control(const unsigned char *, size_t);
static int	is_zero_width(const unsigned char *, size_t);
static int	is_line_break(const unsigned char *, size_t);
static int	utf8_locale(void);
static size_t	columns_of(const unsigned char *, size_t);
static int	is_emoji(const unsigned char *, size_t);
static size_t	shown_char(struct shown *, const unsigned char *, size_t, int,
		    int *);
static int	ascii_lower(int);
static size_t	utf8_back(const char *, size_t);

/*
 * Measure the character at S: the length of a valid UTF-8 sequence, or,
 * with *VALID cleared, of the longest start of one (at least one byte), so
 * a broken sequence is replaced once and never swallows the next character.
 * Overlong forms, surrogates and code points past U+10FFFF are invalid.
 */
static size_t
utf8_scan(const unsigned char *s, size_t len, int *valid)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		need, i;

	*valid = 0;
	if (s[0] < 0x80)
		need = 1;
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* below U+0800 is overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* U+D800 to U+DFFF are surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* below U+10000 is overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return 1;
	for (i = 1; i < need; i++) {
		if (i >= len || s[i] < lo || s[i] > hi)
			return i;
		lo = 0x80;
		hi = 0xbf;
	}
	*valid = 1;
	return need;
}

/* C0 controls but newline and tab, DEL, and C1 controls (U+0080-U+009F). */
static int
is_control(const unsigned char *s, size_t len)
{
	if (len == 1)
		return (s[0] < 0x20 && s[0] != '\n' && s[0] != '\t') ||
		    s[0] == 0x7f;
	if (len == 2)
		return s[0] == 0xc2 && s[1] < 0xa0;
	/*
	 * The bidirectional overrides and isolates, U+202A-U+202E and
	 * U+2066-U+2069: they can make text read otherwise than it is.
	 */
	return len == 3 && s[0] == 0xe2 && ((s[1] == 0x80 && s[2] >= 0xaa &&
	    s[2] <= 0xae) || (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9));
}

/*
 * Zero-width spaces and joiners, U+200B-U+200D, U+2060 and U+FEFF: they
 * make two names that look alike differ.  A field shows them, but for a
 * joiner between two emoji; a body keeps them all.
 */
static int
is_zero_width(const unsigned char *s, size_t len)
{
	return (len == 3 && s[0] == 0xe2 && ((s[1] == 0x80 && s[2] >= 0x8b &&
	    s[2] <= 0x8d) || (s[1] == 0x81 && s[2] == 0xa0))) ||
	    (len == 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf);
}

/*
 * The emoji a zero-width joiner makes one of (a couple with a heart is
 * U+1F469 U+200D U+2764 U+FE0F U+200D U+1F468): U+2600-U+27BF and
 * U+1F000-U+1FAFF, skin tones among them.
 */
static int
is_emoji(const unsigned char *s, size_t len)
{
	return (len == 3 && s[0] == 0xe2 && s[1] >= 0x98 && s[1] <= 0x9e) ||
	    (len == 4 && s[0] == 0xf0 && s[1] == 0x9f && s[2] <= 0xab);
}

/* Newline, tab, and the line and paragraph separators U+2028, U+2029. */
static int
is_line_break(const unsigned char *s, size_t len)
{
	return (len == 1 && (s[0] == '\n' || s[0] == '\t')) ||
	    (len == 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 ||
	    s[2] == 0xa9));
}

/*
 * Whether the program's LC_CTYPE reads UTF-8.  Until it calls setlocale(3)
 * it is "C", and a field counts a column for each character.
 */
static int
utf8_locale(void)
{
	const char	*codeset = nl_langinfo(CODESET);

	return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 ||
	    strcmp(codeset, "utf8") == 0);
}

/*
 * The columns a printable character of LEN bytes takes on a terminal: 2
 * for a wide one, 0 for a combining mark; 1 where wcwidth(3) knows none.
 */
static size_t
columns_of(const unsigned char *s, size_t len)
{
	mbstate_t	state;
	wchar_t		wc;
	int		columns;

	memset(&state, 0, sizeof(state));
	if (mbrtowc(&wc, (const char *)s, len, &state) != len)
		return 1;
	columns = wcwidth(wc);
	return columns < 0 ? 1 : (size_t)columns;
}

/*
 * How the character at S is shown in a field; returns its length.
 * *AFTER_EMOJI says whether an emoji came last (a variation selector,
 * U+FE0F, after it aside), for a joiner that may follow.
 */
static size_t
shown_char(struct shown *ch, const unsigned char *s, size_t len, int utf8,
    int *after_emoji)
{
	size_t	n, next;
	int	valid, next_valid, joins = 0;

	n = utf8_scan(s, len, &valid);
	if (valid && *after_emoji && n == 3 && memcmp(s, "\xe2\x80\x8d",
	    3) == 0 && n < len) {
		next = utf8_scan(s + n, len - n, &next_valid);
		joins = next_valid && is_emoji(s + n, next);
	}
	if (!valid || n != 3 || memcmp(s, "\xef\xb8\x8f", 3) != 0)
		*after_emoji = valid && is_emoji(s, n);
	if (valid && is_line_break(s, n)) {
		ch->bytes = " ";
		ch->len = 1;
		ch->columns = 1;
	} else if (!valid || is_control(s, n) || (is_zero_width(s, n) &&
	    !joins)) {
		ch->bytes = REPLACEMENT;
		ch->len = sizeof(REPLACEMENT) - 1;
		ch->columns = 1;
	} else {
		ch->bytes = (const char *)s;
		ch->len = n;
		ch->columns = n > 1 && utf8 ? columns_of(s, n) : 1;
	}
	return n;
}

int
tend_text_field_put(struct tend_buf *buf, const char *text, size_t len,
    size_t width, unsigned int flags)
{
	const unsigned char	*s = (const unsigned char *)text;
	struct shown		 ch;
	size_t			 i, n, total = 0, used = 0, room = SIZE_MAX;
	size_t			 dots;
	int			 utf8 = utf8_locale(), after_emoji = 0, error;

	if ((flags & TEND_FIELD_CUT) && width != 0) {
		for (i = 0; i < len && total <= width; i += n) {
			n = shown_char(&ch, s + i, len - i, utf8, &after_emoji);
			total += ch.columns;
		}
		/* Room for the text before the ellipsis, only when cut. */
		if (total > width)
			room = width - (utf8 ? 1 : width < 3 ? width : 3);
	}
	if ((error = tend_buf_grow(buf, len)) < 0)
		return error;
	after_emoji = 0;
	for (i = 0; i < len && error == 0; i += n) {
		n = shown_char(&ch, s + i, len - i, utf8, &after_emoji);
		/* What follows a character that is left out goes too. */
		if (used + ch.columns > room)
			break;
		error = tend_buf_put(buf, ch.bytes, ch.len);
		used += ch.columns;
	}
	if (error == 0 && room != SIZE_MAX) {
		dots = utf8 ? 1 : width - room;
		error = utf8 ? tend_buf_puts(buf, ELLIPSIS) :
		    tend_buf_put(buf, "...", dots);
		used += dots;
	}
	while (error == 0 && (flags & TEND_FIELD_PAD) && used < width) {
		error = tend_buf_put(buf, " ", 1);
		used++;
	}
	return error < 0 ? error : tend_buf_put(buf, "", 0);
}

int
tend_text_field(char **out, const char *text, size_t width,
    unsigned int flags)
{
	struct tend_buf	field = TEND_BUF_INIT;
	int		error;

	if ((error = tend_text_field_put(&field, text, strlen(text), width,
	    flags)) < 0) {
		tend_buf_free(&field);
		return error;
	}
	*out = tend_buf_detach(&field);
	return 0;
}

int
tend_text_validate(const char *what, const char *text, size_t len)
{
	if (len > TEND_TEXT_MAX)
		return tend_error_set(TEND_EINVALID, "%s is larger than 1 MiB, "
		    "the limit for a text", what);
	return tend_text_validate_utf8(what, text, len);
}

int
tend_text_validate_line(const char *what, const char *text, size_t max)
{
	size_t	len = strlen(text);
	int	error;

	if ((error = tend_text_validate(what, text, len)) < 0)
		return error;
	if (len == 0)
		return tend_error_set(TEND_EINVALID, "%s is empty", what);
	if (len > max)
		return tend_error_set(TEND_EINVALID, "%s is too long: at most "
		    "%zu bytes", what, max);
	if (!tend_text_is_line(text, len))
		return tend_error_set(TEND_EINVALID, "%s must be one line "
		    "without control characters", what);
	return 0;
}

int
tend_text_is_line(const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i, n;
	int			 valid;

	for (i = 0; i < len; i += n) {
		n = utf8_scan(s + i, len - i, &valid);
		if (!valid || s[i] == '\0' || s[i] == '\n' || s[i] == '\t' ||
		    is_control(s + i, n))
			return 0;
	}
	return 1;
}

int
tend_text_validate_utf8(const char *what, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	uint64_t		 word;
	size_t			 i, n, k, line = 1;
	int			 valid;

	for (i = 0; i < len; i += n) {
		/*
		 * ASCII without a NUL, which is most of every entry, eight
		 * bytes at a time: no byte of WORD has its top bit, nor is
		 * zero (one that is borrows).
		 */
		while (len - i >= sizeof(word)) {
			memcpy(&word, s + i, sizeof(word));
			if (((word | (word - 0x0101010101010101ULL)) &
			    0x8080808080808080ULL) != 0)
				break;
			i += sizeof(word);
		}
		if (i == len)
			break;
		n = s[i] == '\0' ? 0 : utf8_scan(s + i, len - i, &valid);
		if (n != 0 && valid)
			continue;
		/* The line, counted only for the message. */
		for (k = 0; k < i; k++)
			line += s[k] == '\n';
		if (n == 0)
			return tend_error_set(TEND_EINVALID,
			    "%s contains a NUL byte at line %zu", what, line);
		return tend_error_set(TEND_EINVALID,
		    "%s is not valid UTF-8 at line %zu", what, line);
	}
	return 0;
}

size_t
tend_text_utf8_char(uint32_t *cp, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 n, i;
	int			 valid;

	if (len == 0 || (n = utf8_scan(s, len, &valid)) == 0 || !valid)
		return 0;
	/* The lead byte's bits, then six from each byte that follows. */
	*cp = n == 1 ? s[0] : (uint32_t)(s[0] & (0x7f >> n));
	for (i = 1; i < n; i++)
		*cp = *cp << 6 | (s[i] & 0x3f);
	return n;
}

/*
 * Every control character that could steer a terminal, and every byte that
 * is not UTF-8, becomes U+FFFD: one rule, and the result is always valid
 * UTF-8 whatever came in.
 */
int
tend_text_sanitize(struct tend_buf *buf, const char *text, size_t len)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = 0, start = 0, n;
	int			 valid, error;

	if ((error = tend_buf_grow(buf, len)) < 0)
		return error;
	while (i < len) {
		n = utf8_scan(s + i, len - i, &valid);
		if (valid && !is_control(s + i, n)) {
			i += n;
			continue;
		}
		if ((i > start && (error = tend_buf_put(buf, text + start,
		    i - start)) < 0) ||
		    (error = tend_buf_put(buf, REPLACEMENT,
		    sizeof(REPLACEMENT) - 1)) < 0)
			return error;
		i += n;
		start = i;
	}
	return i > start ? tend_buf_put(buf, text + start, i - start) :
	    tend_buf_put(buf, "", 0);
}

/* Move POS back to the start of the UTF-8 character it is inside. */
static size_t
utf8_back(const char *text, size_t pos)
{
	while (pos > 0 && ((unsigned char)text[pos] & 0xc0) == 0x80)
		pos--;
	return pos;
}

uint32_t
tend_text_hash(const char *text, size_t len)
{
	uint32_t	hash = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++)
		hash = (hash ^ (unsigned char)text[i]) * 16777619u;
	return hash;
}

int
tend_text_oneline(char **out, const char *message)
{
	struct tend_buf	 safe = TEND_BUF_INIT, line = TEND_BUF_INIT;
	const char	*p, *open, *close;
	size_t		 len, head, tail;
	int		 error, is_path;

	if ((error = tend_text_field_put(&safe, message, strlen(message), 0,
	    0)) < 0 ||
	    (error = tend_buf_put(&line, "", 0)) < 0)
		goto out;
	for (p = safe.data; error == 0 && *p != '\0'; p = close + 1) {
		/* An apostrophe ("journal's") opens no name. */
		for (open = strchr(p, '\''); open != NULL && open > safe.data &&
		    tend_text_is_alnum((unsigned char)open[-1]);
		    open = strchr(open + 1, '\''))
			;
		if (open == NULL) {
			error = tend_buf_puts(&line, p);
			break;
		}
		/* A message cut at its limit may have lost a closing quote. */
		if ((close = strchr(open + 1, '\'')) == NULL)
			close = open + 1 + strlen(open + 1);
		len = (size_t)(close - open - 1);
		/* A hint to paste ('git -C /a/b ...') keeps its path whole. */
		is_path = memchr(open + 1, '/', len) != NULL;
		if (len <= (is_path ? PATH_MAX_SHOWN : QUOTED_MAX)) {
			error = tend_buf_put(&line, p, (size_t)(close - p) +
			    (*close != '\0'));
		} else {
			head = utf8_back(open + 1, is_path ? PATH_HEAD :
			    QUOTED_HEAD);
			tail = utf8_back(open + 1, len - (is_path ? PATH_TAIL :
			    QUOTED_TAIL));
			error = tend_buf_printf(&line, "%.*s...%.*s",
			    (int)(open + 1 - p + head), p, (int)(len - tail +
			    (*close != '\0')), open + 1 + tail);
		}
		if (*close == '\0')
			break;
	}
	if (error == 0)
		*out = tend_buf_detach(&line);
out:
	tend_buf_free(&safe);
	tend_buf_free(&line);
	return error;
}

void
tend_text_trim(const char **text, size_t *len)
{
	const char	*p = *text, *end = *text + *len, *line = p;

	/* Whole blank lines go from the front; indentation of text stays. */
	for (; p < end; p++) {
		if (*p == '\n')
			line = p + 1;
		else if (*p != ' ' && *p != '\t' && *p != '\r')
			break;
	}
	if (p == end)
		line = end;
	while (end > line && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	*text = line;
	*len = (size_t)(end - line);
}

void
tend_text_strip_comment(const char **text, size_t *len)
{
	const char	*close, *end;

	tend_text_trim(text, len);
	if (*len < 4 || memcmp(*text, "<!--", 4) != 0)
		return;
	end = *text + *len;
	for (close = *text + 4; close + 3 <= end; close++)
		if (memcmp(close, "-->", 3) == 0) {
			*len = (size_t)(end - (close + 3));
			*text = close + 3;
			tend_text_trim(text, len);
			return;
		}
}

/* The byte C in lowercase if it is an ASCII capital, whatever the locale. */
static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int
tend_text_is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

int
tend_text_casecmp(const char *a, const char *b)
{
	return tend_text_ncasecmp(a, b, SIZE_MAX);
}

int
tend_text_ncasecmp(const char *a, const char *b, size_t n)
{
	int	ca, cb;

	for (; n > 0; a++, b++, n--) {
		ca = ascii_lower((unsigned char)*a);
		cb = ascii_lower((unsigned char)*b);
		if (ca != cb || ca == '\0')
			return ca - cb;
	}
	return 0;
}
