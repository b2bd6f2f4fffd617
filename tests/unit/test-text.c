/* Unit tests for lib/text.c: UTF-8 checks, ids, terminal-safe text. */

#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

/* A string literal and its length, NUL bytes included. */
#define LIT(s)	s, sizeof(s) - 1

static void	valid(const char *, size_t, const char *);
static void	invalid(const char *, size_t, int, const char *, const char *);
static void	slug(const char *, const char *);
static void	sanitized(const char *, size_t, const char *, const char *);

static void
valid(const char *text, size_t len, const char *name)
{
	is_int(tend_text_validate("note", text, len), 0, name);
}

static void
invalid(const char *text, size_t len, int code, const char *message,
    const char *name)
{
	is_int(tend_text_validate("note", text, len), code, name);
	is_str(tend_error(), message, name);
}

static void
slug(const char *name, const char *want)
{
	char	*got = NULL;
	int	 error;

	error = tend_text_slug(&got, name);
	is_int(error, 0, name);
	is_str(error == 0 ? got : NULL, want, want);
	ok(error != 0 || tend_text_is_slug(got), "'%s' is a slug", want);
	free(got);
}

static void
sanitized(const char *text, size_t len, const char *want, const char *name)
{
	struct tend_buf	buf = TEND_BUF_INIT;

	is_int(tend_text_sanitize(&buf, text, len), 0, name);
	is_str(buf.data, want, name);
	ok(tend_text_validate("output", buf.data, buf.len) == 0,
	    "%s: output is UTF-8", name);
	tend_buf_free(&buf);
}

int
main(void)
{
	struct tend_buf	 buf = TEND_BUF_INIT;
	char		 longname[200], want[80], path[400], *got;
	size_t		 i;

	plan(114);

	valid(LIT(""), "empty text");
	valid(LIT("plain\nlines\ttab\r\n"), "ASCII with controls");
	valid(LIT("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "two-, three- and four-byte characters");
	valid(LIT("\xed\x9f\xbf \xee\x80\x80 \xf4\x8f\xbf\xbf"),
	    "U+D7FF, U+E000 and U+10FFFF");
	invalid(LIT("a\nb\nc\0d"), TEND_EINVALID,
	    "note contains a NUL byte at line 3", "NUL byte");
	invalid(LIT("ok\n\x80 stray"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 2", "lone continuation byte");
	invalid(LIT("\xc0\xaf"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 1", "overlong two bytes");
	invalid(LIT("\xe0\x80\xaf"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 1", "overlong three bytes");
	invalid(LIT("\xf0\x80\x80\xaf"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 1", "overlong four bytes");
	invalid(LIT("\xed\xa0\x80"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 1", "surrogate U+D800");
	invalid(LIT("\xf4\x90\x80\x80"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 1", "past U+10FFFF");
	invalid(LIT("\xf5\x80\x80\x80"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 1", "byte 0xF5");
	invalid(LIT("\n\n\n\xe2\x82"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 4", "truncated at the end");
	invalid(LIT("\xe2\x82 x"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 1", "truncated before a space");
	invalid(LIT("\xff"), TEND_EINVALID,
	    "note is not valid UTF-8 at line 1", "byte 0xFF");

	slug("Sam Rivera", "sam-rivera");
	slug("Zo\xc3\xab", "zo");
	slug("  --A__b--  ", "a-b");
	slug("R2-D2 & C-3PO", "r2-d2-c-3po");
	slug("x", "x");
	/* Too long: cut at 64, or at the last dash before. */
	memset(longname, 'a', 70);
	longname[70] = '\0';
	memset(want, 'a', 64);
	want[64] = '\0';
	slug(longname, want);
	longname[64] = '\0';
	slug(longname, want);
	memset(longname, 'b', 60);
	strcpy(longname + 60, " cd efgh");
	memcpy(want, longname, 63);
	want[60] = '-';
	want[63] = '\0';
	slug(longname, want);
	/* A word ending right at the limit is kept whole. */
	memset(longname, 'c', 61);
	strcpy(longname + 61, " de f");
	memcpy(want, longname, 64);
	want[61] = '-';
	want[64] = '\0';
	slug(longname, want);
	got = NULL;
	is_int(tend_text_slug(&got, "\xc3\xa9\xc3\xa8 !"), TEND_EINVALID,
	    "no letter or digit");
	is_str(tend_error(), "'\xc3\xa9\xc3\xa8 !' has no letter or digit to "
	    "make an id from", "message names the name");
	is_int(tend_text_slug(&got, ""), TEND_EINVALID, "empty name");
	is_int(tend_text_slug(&got, "\033[;\a"), TEND_EINVALID,
	    "controls only");
	is_str(tend_error(), "'\xef\xbf\xbd[;\xef\xbf\xbd' has no letter or "
	    "digit to make an id from", "message shows no escape");
	ok(got == NULL, "nothing handed back on failure");

	ok(tend_text_is_slug("sam-rivera"), "sam-rivera is a slug");
	ok(tend_text_is_slug("a1-b2-3"), "a1-b2-3 is a slug");
	ok(!tend_text_is_slug(""), "empty is not a slug");
	ok(!tend_text_is_slug(NULL), "NULL is not a slug");
	ok(!tend_text_is_slug("-a"), "leading dash");
	ok(!tend_text_is_slug("a-"), "trailing dash");
	ok(!tend_text_is_slug("a--b"), "double dash");
	ok(!tend_text_is_slug("Sam"), "uppercase");
	ok(!tend_text_is_slug("a_b"), "underscore");
	ok(!tend_text_is_slug("a b"), "space");
	ok(!tend_text_is_slug("zo\xc3\xab"), "non-ASCII");

	sanitized(LIT("plain\ttext\nhere"), "plain\ttext\nhere", "plain");
	sanitized(LIT("\033[31mred\033[0m"),
	    "\xef\xbf\xbd[31mred\xef\xbf\xbd[0m", "ANSI color codes");
	sanitized(LIT("a\rb\bc\x7f" "d\0e"),
	    "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\xef\xbf\xbd" "e",
	    "CR, backspace, DEL and NUL");
	sanitized(LIT("\xc2\x9b" "2J\xc2\x85\xc2\xa0"),
	    "\xef\xbf\xbd" "2J\xef\xbf\xbd\xc2\xa0",
	    "C1 CSI and NEL replaced, U+00A0 kept");
	sanitized(LIT("\x9b" "2J"), "\xef\xbf\xbd" "2J", "raw 8-bit CSI byte");
	sanitized(LIT("\xe2\x82 ok"), "\xef\xbf\xbd ok",
	    "truncated sequence is one replacement");
	sanitized(LIT("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "surrogate bytes replaced");
	sanitized(LIT("Zo\xc3\xab \xf0\x9f\x98\x80"),
	    "Zo\xc3\xab \xf0\x9f\x98\x80",
	    "valid UTF-8 kept");
	sanitized(LIT(""), "", "empty text");
	sanitized(LIT("a\xe2\x80\xae" "txt.exe\xe2\x81\xa6" "b\xe2\x80\x8e"),
	    "a\xef\xbf\xbd" "txt.exe\xef\xbf\xbd" "b\xe2\x80\x8e",
	    "bidi override and isolate replaced, a plain mark kept");

	/* Sanitising appends to what the buffer holds. */
	tend_buf_puts(&buf, "id: ");
	is_int(tend_text_sanitize(&buf, "x\033y", 3), 0, "append");
	is_str(buf.data, "id: x\xef\xbf\xbdy", "appended after the text");
	tend_buf_free(&buf);

	/* Every C0 control but tab and newline, one by one. */
	for (i = 0; i < 0x20; i++) {
		char	c = (char)i;

		if (c == '\n' || c == '\t')
			continue;
		tend_text_sanitize(&buf, &c, 1);
	}
	is_int((long)buf.len, 30 * 3, "30 C0 controls replaced");
	tend_buf_free(&buf);

	/* One line: long names cut, absolute paths up to 200 bytes whole. */
	strcpy(path, "remove '/");
	memset(path + 9, 'p', 180);
	strcpy(path + 189, ".lock'");
	is_int(tend_text_oneline(&got, path), 0, "oneline: a long path");
	is_str(got, path, "a 186-byte absolute path is shown whole");
	free(got);
	memset(path + 9, 'p', 300);
	strcpy(path + 309, ".lock'");
	is_int(tend_text_oneline(&got, path), 0, "oneline: a longer path");
	is_int((long)strlen(got), (long)(strlen("remove '") + 140 + 3 + 40 +
	    1), "a 306-byte path is cut to its head and tail");
	ok(strstr(got, "...") != NULL && strcmp(got + strlen(got) - 6,
	    ".lock'") == 0, "the cut path keeps its end");
	free(got);
	memset(path, 'n', 100);
	strcpy(path + 100, "' is no name");
	path[0] = '\'';
	is_int(tend_text_oneline(&got, path), 0, "oneline: a long name");
	is_int((long)strlen(got), (long)(1 + 48 + 3 + 16 +
	    strlen("' is no name")), "a 99-byte name is cut at 80");
	free(got);
	strcpy(path, "the journal's lock is empty; ");
	memset(path + 29, 'w', 90);
	strcpy(path + 119, ", remove '/x/.git/tend/lock'");
	is_int(tend_text_oneline(&got, path), 0, "oneline: an apostrophe");
	is_str(got, path, "an apostrophe opens no name to cut");
	free(got);
	is_int(tend_text_oneline(&got, "two\nlines\tand a tab"), 0,
	    "oneline: newlines");
	is_str(got, "two lines and a tab", "newlines and tabs become spaces");
	free(got);

	return done_testing();
}
