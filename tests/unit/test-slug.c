/*
 * Unit tests for lib/slug.c: ids and slugs made from names in any script,
 * the slug check, the --id check, and names that hide a character.
 */

#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

/* A string literal and its length, NUL bytes included. */
#define LIT(s)	s, sizeof(s) - 1

static void	slug(const char *, const char *);
static void	no_slug(const char *, const char *, const char *);
static void	long_names(void);
static void	cut(const char *, size_t, const char *);

static void
slug(const char *name, const char *want)
{
	char	*got = NULL, *again = NULL;
	int	 error;

	error = tend_text_slug(&got, name);
	is_int(error, 0, name);
	is_str(error == 0 ? got : NULL, want, want);
	ok(error != 0 || tend_text_is_slug(got), "'%s' is a slug", want);
	ok(error != 0 || (tend_text_slug(&again, got) == 0 &&
	    strcmp(again, got) == 0), "'%s' is its own slug", want);
	free(again);
	free(got);
}

static void
no_slug(const char *name, const char *message, const char *what)
{
	char	*got = NULL;

	is_int(tend_text_slug(&got, name), TEND_EINVALID, what);
	is_str(tend_error(), message, what);
	ok(got == NULL, "%s: nothing handed back", what);
}

/* Cut at 64 bytes: after a whole word, never inside a character. */
static void
long_names(void)
{
	char	name[300], want[80], *got = NULL;
	size_t	i;

	memset(name, 'a', 70);
	name[70] = '\0';
	memset(want, 'a', 64);
	want[64] = '\0';
	slug(name, want);
	name[64] = '\0';
	slug(name, want);
	memset(name, 'b', 60);
	strcpy(name + 60, " cd efgh");
	memcpy(want, name, 63);
	want[60] = '-';
	want[63] = '\0';
	slug(name, want);
	/* A word ending right at the limit is kept whole. */
	memset(name, 'c', 61);
	strcpy(name + 61, " de f");
	memcpy(want, name, 64);
	want[61] = '-';
	want[64] = '\0';
	slug(name, want);
	/* 25 ideographs are 75 bytes: 21 of them fit, 63 bytes. */
	name[0] = want[0] = '\0';
	for (i = 0; i < 25; i++)
		strcat(name, "\xe6\x98\x8e");
	for (i = 0; i < 21; i++)
		strcat(want, "\xe6\x98\x8e");
	slug(name, want);
	/* Two words of ideographs: the second one goes whole. */
	strcpy(name, "\xe6\x9d\x8e ");
	for (i = 0; i < 25; i++)
		strcat(name, "\xe6\x98\x8e");
	slug(name, "\xe6\x9d\x8e");
	/* A letter keeps its marks; the cut falls before it. */
	memset(name, 'd', 62);
	strcpy(name + 62, "\xe0\xa4\x95\xe0\xa4\xbf");	/* क and ि */
	memcpy(want, name, 62);
	want[62] = '\0';
	slug(name, want);
	/* One letter with more marks than fit keeps those that do. */
	strcpy(name, "\xd0\xb8");
	for (i = 0; i < 40; i++)
		strcat(name, "\xcc\x86");
	is_int(tend_text_slug(&got, name), 0, "a letter and 40 marks");
	ok(got != NULL && strlen(got) == 64 && tend_text_is_slug(got),
	    "cut to 64 bytes, between two marks");
	free(got);
}

static void
cut(const char *slug_in, size_t max, const char *want)
{
	char	copy[200];

	strcpy(copy, slug_in);
	tend_text_slug_cut(copy, max);
	is_str(copy, want, want);
	ok(tend_text_is_slug(copy), "'%s' is a slug", copy);
}

int
main(void)
{
	plan(241);
	slug("Sam Rivera", "sam-rivera");
	slug("Zo\xc3\xab", "zoe");
	slug("Jos\xc3\xa9", "jose");
	slug("\xe6\x9d\x8e\xe6\x98\x8e", "\xe6\x9d\x8e\xe6\x98\x8e");
	slug("\xc3\x9c" "n\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9 title", "unicode-title");
	slug("  --A__b--  ", "a-b");
	slug("R2-D2 & C-3PO", "r2-d2-c-3po");
	slug("x", "x");
	/* Latin-1 and Latin Extended-A, spelled in ASCII. */
	slug("Stra\xc3\x9f" "e", "strasse");
	slug("\xc3\x86sir \xc3\x98ystein", "aesir-oystein");
	slug("\xc5\x81\xc3\xb3" "d\xc5\xba", "lodz");
	slug("\xc4\x90or\xc4\x91" "e", "dorde");
	slug("\xc3\x9e\xc3\xb3rr", "thorr");
	slug("\xc5\x92uvre \xc4\xb2ssel", "oeuvre-ijssel");
	slug("Nguy\xe1\xbb\x85n", "nguyen");	/* U+1EC5 */
	/* Decomposed (NFD) Latin gives what composed (NFC) does. */
	slug("Jose\xcc\x81", "jose");
	slug("Zoe\xcc\x88", "zoe");
	/* Other scripts: kept, lowercased where their case is simple. */
	slug("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 "
	    "\xd0\x9c\xd0\xb8\xd1\x80",
	    "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82-"
	    "\xd0\xbc\xd0\xb8\xd1\x80");	/* Привет Мир */
	slug("\xd0\x81\xd0\xb6", "\xd1\x91\xd0\xb6");	/* Ёж */
	slug("\xce\x86\xce\xbd\xce\xbd\xce\xb1",
	    "\xce\xac\xce\xbd\xce\xbd\xce\xb1");	/* Άννα */
	slug("\xd4\xb1\xd5\xb6\xd5\xab",
	    "\xd5\xa1\xd5\xb6\xd5\xab");		/* Անի */
	slug("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");	/* שלום */
	slug("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85",
	    "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85");	/* سلام */
	/* नमस्ते: its vowel signs and virama are marks, and stay. */
	slug("\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4"
	    "\xe0\xa5\x87", "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d"
	    "\xe0\xa4\xa4\xe0\xa5\x87");
	slug("\xe4\xbd\x90\xe3\x80\x85\xe6\x9c\xa8",
	    "\xe4\xbd\x90\xe3\x80\x85\xe6\x9c\xa8");	/* 佐々木 */
	slug("\xea\xb9\x80\xec\xb2\xa0\xec\x88\x98",
	    "\xea\xb9\x80\xec\xb2\xa0\xec\x88\x98");	/* 김철수 */
	slug("\xef\xbc\xa1\xef\xbd\x82\xef\xbc\x91", "ab1");	/* full width */
	/* Mixed: words of two scripts, emoji between them. */
	slug("Zo\xc3\xab \xe2\x9d\xa4\xef\xb8\x8f \xe6\x9d\x8e\xe6\x98\x8e",
	    "zoe-\xe6\x9d\x8e\xe6\x98\x8e");
	slug("\xd0\x9c\xd0\xb0\xd1\x80\xd0\xb8\xd1\x8f Garc\xc3\xad" "a",
	    "\xd0\xbc\xd0\xb0\xd1\x80\xd0\xb8\xd1\x8f-garcia");
	/* Bidirectional and zero-width characters separate, never stay. */
	slug("abc\xe2\x80\xae" "cba\xe2\x81\xa6x", "abc-cba-x");
	slug("al\xe2\x80\x8b" "ex", "al-ex");
	slug("\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae", "\xd9\x85\xdb\x8c-\xd8\xae");
	slug("\xe2\x80\x8f\xd7\xa9\xd7\x9c", "\xd7\xa9\xd7\x9c");
	/* A mark with no letter before it is no part of a word. */
	slug("\xcc\x81" "a \xcc\x81\xd0\xb8", "a-\xd0\xb8");
	long_names();
	cut("short", 40, "short");
	cut("aaaa-bbbb-cccc", 11, "aaaa-bbbb");
	cut("aaaa-bbbb-cccc", 9, "aaaa");
	cut("\xe6\x9d\x8e\xe6\x98\x8e\xe6\x9d\x8e", 7,
	    "\xe6\x9d\x8e\xe6\x98\x8e");
	cut("\xe6\x9d\x8e\xe6\x98\x8e\xe6\x9d\x8e", 5, "\xe6\x9d\x8e");
	cut("ab-\xe6\x9d\x8e\xe6\x98\x8e", 7, "ab");

	no_slug("\xe2\x9d\xa4 !", "'\xe2\x9d\xa4 !' has no letter or digit "
	    "to make an id from", "an emoji");
	no_slug("", "'' has no letter or digit to make an id from", "empty");
	no_slug("\033[;\a", "'\xef\xbf\xbd[;\xef\xbf\xbd' has no letter or "
	    "digit to make an id from", "controls only, shown harmless");
	no_slug("Al\xff" "ex", "'Al\xef\xbf\xbd" "ex' is not UTF-8",
	    "a byte that is not UTF-8");
	no_slug("a\xc0\xaf", "'a\xef\xbf\xbd\xef\xbf\xbd' is not UTF-8",
	    "an overlong slash");
	no_slug("a\xed\xa0\x80", "'a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd' is "
	    "not UTF-8", "a surrogate");

	ok(tend_text_is_slug("sam-rivera"), "sam-rivera is a slug");
	ok(tend_text_is_slug("a1-b2-3"), "a1-b2-3 is a slug");
	ok(tend_text_is_slug("\xe6\x9d\x8e\xe6\x98\x8e"), "李明 is a slug");
	ok(tend_text_is_slug("\xd0\xbf\xd1\x80\xd0\xb8-x"), "при-x is a slug");
	ok(tend_text_is_slug("\xd0\xb8\xcc\x86"), "и and a breve is a slug");
	ok(!tend_text_is_slug(""), "empty is not a slug");
	ok(!tend_text_is_slug(NULL), "NULL is not a slug");
	ok(!tend_text_is_slug("-a"), "leading dash");
	ok(!tend_text_is_slug("a-"), "trailing dash");
	ok(!tend_text_is_slug("a--b"), "double dash");
	ok(!tend_text_is_slug("Sam"), "uppercase");
	ok(!tend_text_is_slug("a_b"), "underscore");
	ok(!tend_text_is_slug("a b"), "space");
	ok(!tend_text_is_slug("zo\xc3\xab"), "ë: its slug is e");
	ok(!tend_text_is_slug("zoe\xcc\x88"), "e and a diaeresis");
	ok(!tend_text_is_slug("\xd0\x9f"), "a Cyrillic capital");
	ok(!tend_text_is_slug("\xcc\x81" "a"), "a mark first");
	ok(!tend_text_is_slug("a-\xcc\x81\xd0\xb8"), "a mark after a dash");
	ok(!tend_text_is_slug("ab\xe2\x80\xae" "cd"), "a bidi override");
	ok(!tend_text_is_slug("ab\xe2\x80\x8b" "cd"), "a zero-width space");
	ok(!tend_text_is_slug("ab\xe2\x80\x8f"), "a right-to-left mark");
	ok(!tend_text_is_slug("a\xc0\xaf"), "overlong");
	ok(!tend_text_is_slug("\xef\xbc\xa1"), "full width");
	ok(!tend_text_is_slug_n(LIT("ab\0cd")), "a NUL byte");
	ok(tend_text_is_slug_n("ab-cd--", 5), "the first LEN bytes");

	is_int(tend_id_check("\xe6\x9d\x8e"), 0, "--id 李");
	is_int(tend_id_check("zoe-2"), 0, "--id zoe-2");
	is_int(tend_id_check("Zo\xc3\xab"), TEND_EINVALID, "--id Zoë");
	is_str(tend_error(), "'Zo\xc3\xab' is not an id: use letters "
	    "(lowercase, where a letter has a case), digits and single "
	    "dashes, at most 64 bytes", "the message names it");
	is_int(tend_id_check("a\033[2J"), TEND_EINVALID, "--id with an escape");
	ok(strchr(tend_error(), '\033') == NULL, "shown harmless");
	is_int(tend_id_check("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaa"), TEND_EINVALID, "65 bytes");

	ok(!tend_text_is_hidden(LIT("2026-11-24-zoe.md")), "a plain name");
	ok(!tend_text_is_hidden(LIT("\xe6\x9d\x8e.md")), "李.md");
	ok(!tend_text_is_hidden(LIT("\xd0\xb8\xcc\x86.md")), "a mark inside");
	ok(tend_text_is_hidden(LIT("a\xe2\x80\xae" "dm.exe")), "U+202E");
	ok(tend_text_is_hidden(LIT("a\xe2\x81\xa6" "b")), "U+2066");
	ok(tend_text_is_hidden(LIT("a\xe2\x80\x8b" "b")), "U+200B");
	ok(tend_text_is_hidden(LIT("a\xe2\x80\x8d" "b")), "U+200D");
	ok(tend_text_is_hidden(LIT("a\xe2\x80\x8e" "b")), "U+200E");
	ok(tend_text_is_hidden(LIT("\xef\xbb\xbf" "a")), "U+FEFF");
	ok(tend_text_is_hidden(LIT("a\xc2\xad" "b")), "a soft hyphen");
	ok(tend_text_is_hidden(LIT("a\xef\xb8\x8f")), "a variation selector");
	ok(tend_text_is_hidden(LIT("a\xf3\xa0\x80\x81")), "a tag character");
	ok(tend_text_is_hidden(LIT("\xcc\x81" "a.md")), "a mark first");
	return done_testing();
}
