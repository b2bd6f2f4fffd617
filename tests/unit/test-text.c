/* Unit tests for lib/text.c: UTF-8 checks, terminal-safe text. */

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

/* A string literal and its length, NUL bytes included. */
#define LIT(s)	s, sizeof(s) - 1

static void	valid(const char *, size_t, const char *);
static void	invalid(const char *, size_t, int, const char *, const char *);
static void	sanitized(const char *, size_t, const char *, const char *);
static void	field(const char *, size_t, unsigned int, const char *,
		    const char *);

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
sanitized(const char *text, size_t len, const char *want, const char *name)
{
	struct tend_buf	buf = TEND_BUF_INIT;

	is_int(tend_text_sanitize(&buf, text, len), 0, name);
	is_str(buf.data, want, name);
	ok(tend_text_validate("output", buf.data, buf.len) == 0,
	    "%s: output is UTF-8", name);
	tend_buf_free(&buf);
}

static void
field(const char *text, size_t width, unsigned int flags, const char *want,
    const char *name)
{
	char	*got = NULL;

	is_int(tend_text_field(&got, text, width, flags), 0, name);
	is_str(got, want, name);
	ok(got != NULL && tend_text_validate("field", got, strlen(got)) == 0 &&
	    strchr(got, '\n') == NULL, "%s: one line of UTF-8", name);
	free(got);
}

int
main(void)
{
	struct tend_buf	 buf = TEND_BUF_INIT;
	char		 path[400], *got;
	size_t		 i;

	plan(181);

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
	strcpy(path, "run 'git -C /");
	memset(path + 13, 'd', 120);
	strcpy(path + 133, " config user.email ADDRESS'");
	is_int(tend_text_oneline(&got, path), 0, "oneline: a hint");
	is_str(got, path, "a command naming a folder is shown whole");
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
	is_int(tend_text_oneline(&got, "no partner 'Al\xe2\x80\x8b" "ex'"), 0,
	    "oneline: a zero-width space");
	is_str(got, "no partner 'Al\xef\xbf\xbd" "ex'",
	    "a message shows a zero-width space as a field does");
	free(got);

	/* Fields, in the UTF-8 locale the tests run in. */
	ok(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "the C.UTF-8 locale");
	field("Alex", 0, 0, "Alex", "field: plain");
	field("\033[31mred\033[0m", 0, 0,
	    "\xef\xbf\xbd[31mred\xef\xbf\xbd[0m", "field: ANSI colour codes");
	field("\033]52;c;SGk=\007\033[2J", 0, 0,
	    "\xef\xbf\xbd]52;c;SGk=\xef\xbf\xbd\xef\xbf\xbd[2J",
	    "field: an OSC 52 clipboard write and a clear screen");
	field("\xc2\x9b" "2J", 0, 0, "\xef\xbf\xbd" "2J",
	    "field: C1 CSI as UTF-8 (U+009B)");
	field("\x9b" "2J", 0, 0, "\xef\xbf\xbd" "2J",
	    "field: C1 CSI as a raw byte");
	field("Sa\b\b\bAlex", 0, 0,
	    "Sa\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "Alex",
	    "field: backspaces cannot overwrite");
	field("Sam\rAlex", 0, 0, "Sam\xef\xbf\xbd" "Alex",
	    "field: a carriage return");
	field("Sam\n  Alex      checked in", 0, 0, "Sam   Alex      checked in",
	    "field: a newline forges no line");
	field("a\tb\xe2\x80\xa8" "c\xe2\x80\xa9" "d", 0, 0, "a b c d",
	    "field: tab, U+2028 and U+2029 become spaces");
	field("x\x7f" "y", 0, 0, "x\xef\xbf\xbdy", "field: DEL");
	field("Sam\xe2\x80\xae" "xelA", 0, 0, "Sam\xef\xbf\xbd" "xelA",
	    "field: a right-to-left override (U+202E)");
	field("\xe2\x81\xa6" "Sam\xe2\x81\xa9", 0, 0,
	    "\xef\xbf\xbd" "Sam\xef\xbf\xbd", "field: an isolate");
	field("Al\xe2\x80\x8b" "ex", 0, 0, "Al\xef\xbf\xbd" "ex",
	    "field: a zero-width space (U+200B) is seen");
	field("\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf", 0, 0,
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "field: U+200C, U+200D, U+2060 and U+FEFF are seen");
	field("\xf0\x9f\x91\xa9\xe2\x80\x8d\xe2\x9d\xa4\xef\xb8\x8f"
	    "\xe2\x80\x8d\xf0\x9f\x91\xa8", 0, 0,
	    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xe2\x9d\xa4\xef\xb8\x8f"
	    "\xe2\x80\x8d\xf0\x9f\x91\xa8",
	    "field: a joiner between emoji is kept (a couple with a heart)");
	field("Al\xe2\x80\x8d" "ex \xf0\x9f\x91\xa9\xe2\x80\x8d" "x "
	    "\xf0\x9f\x91\xa9\xe2\x80\x8d", 0, 0,
	    "Al\xef\xbf\xbd" "ex \xf0\x9f\x91\xa9\xef\xbf\xbd" "x "
	    "\xf0\x9f\x91\xa9\xef\xbf\xbd",
	    "field: a joiner but between emoji is seen");
	field("\xff" "a\xe2\x82 b\xed\xa0\x80", 0, 0,
	    "\xef\xbf\xbd" "a\xef\xbf\xbd b"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "field: bytes that are not UTF-8");
	field("Zo\xc3\xab", 6, TEND_FIELD_PAD, "Zo\xc3\xab   ",
	    "field: Zo\xc3\xab takes 3 columns, not 4");
	field("Zoe\xcc\x88", 6, TEND_FIELD_PAD | TEND_FIELD_CUT,
	    "Zoe\xcc\x88   ", "field: a combining diaeresis takes none");
	field("\xe6\x9d\x8e\xe6\x98\x8e", 6, TEND_FIELD_PAD,
	    "\xe6\x9d\x8e\xe6\x98\x8e  ", "field: \xe6\x9d\x8e\xe6\x98\x8e "
	    "takes 4 columns");
	field("\xe6\x9d\x8e\xe6\x98\x8e", 4, TEND_FIELD_PAD | TEND_FIELD_CUT,
	    "\xe6\x9d\x8e\xe6\x98\x8e",
	    "field: a text that just fits is not cut");
	field("\xe6\x9d\x8e\xe6\x98\x8e\xe6\x9d\x8e", 5, TEND_FIELD_CUT,
	    "\xe6\x9d\x8e\xe6\x98\x8e\xe2\x80\xa6",
	    "field: a cut by columns ends in an ellipsis");
	field("\xe6\x9d\x8e\xe6\x98\x8e\xe6\x9d\x8e", 4,
	    TEND_FIELD_CUT | TEND_FIELD_PAD, "\xe6\x9d\x8e\xe2\x80\xa6 ",
	    "field: a wide character that does not fit leaves a space");
	field("Alexandra", 5, TEND_FIELD_CUT, "Alex\xe2\x80\xa6",
	    "field: cut at 5 columns");
	field("Alexandra", 5, TEND_FIELD_PAD, "Alexandra",
	    "field: padding alone cuts nothing");
	field("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, TEND_FIELD_CUT,
	    "e\xcc\x81\xe2\x80\xa6", "field: an accent stays with its letter");
	field("Zo\xc3\xab Rivera", 3, TEND_FIELD_CUT, "Zo\xe2\x80\xa6",
	    "field: no cut inside a character");
	field("\xf0\x9f\x92\x95 x", 4, TEND_FIELD_CUT | TEND_FIELD_PAD,
	    "\xf0\x9f\x92\x95 x", "field: an emoji takes 2 columns");
	field("a\033b", 2, TEND_FIELD_CUT, "a\xe2\x80\xa6",
	    "field: a replacement takes a column");
	field("", 3, TEND_FIELD_PAD, "   ", "field: empty, padded");
	field("Sam", 0, TEND_FIELD_PAD | TEND_FIELD_CUT, "Sam",
	    "field: width 0 neither cuts nor pads");

	/* Without a UTF-8 locale: a column a character, and "...". */
	ok(setlocale(LC_CTYPE, "C") != NULL, "the C locale");
	field("Alexandra", 5, TEND_FIELD_CUT, "Al...", "C locale: cut");
	field("\xe6\x9d\x8e\xe6\x98\x8e", 4, TEND_FIELD_PAD,
	    "\xe6\x9d\x8e\xe6\x98\x8e  ", "C locale: a column a character");
	field("Alexandra", 2, TEND_FIELD_CUT | TEND_FIELD_PAD, "..",
	    "C locale: narrower than the dots");
	field("\033[2J", 0, 0, "\xef\xbf\xbd[2J", "C locale: still safe");

	return done_testing();
}
