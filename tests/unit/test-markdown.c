/* Unit tests for lib/markdown.c: terminal layout and sections. */

#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

#define RULE	"------------------------------------------------------------" \
		"------------------"	/* 78 dashes */

static char	*render(const char *, int);
static void	 renders(const char *, int, const char *, const char *);
static int	 widest_line(const char *);
static int	 has_escape(const char *);
static void	 section(const char *, const char *, const char *);

static const char	agreement[] =
    "# Phones at dinner\n"
    "\n"
    "Intro text.\n"
    "\n"
    "## Needs  \n"
    "\n"
    "\n"
    "Quiet meals.\n"
    "\n"
    "### Why\n"
    "\n"
    "We talk more.   \n"
    "\n"
    "#### Really\n"
    "\n"
    "Yes.\n"
    "\n"
    "> ## Wants\n"
    "> (quoted, not a section)\n"
    "\n"
    "## Wants\n"
    "\n"
    "- phones in the basket\n"
    "    - even on call\n"
    "\n"
    "Boundaries\n"
    "----------\n"
    "\n"
    "    code stays indented\n"
    "\n"
    "## Empty\n"
    "## Last\n"
    "Tail line\n"
    "\n"
    "# Appendix\n"
    "\n"
    "Not in Last.\n";

/* The layout of SOURCE, or NULL when rendering failed. */
static char *
render(const char *source, int flags)
{
	struct tend_buf	buf = TEND_BUF_INIT;

	if (tend_markdown_render(&buf, source, strlen(source), flags) < 0) {
		tend_buf_free(&buf);
		return NULL;
	}
	return tend_buf_detach(&buf);
}

static void
renders(const char *source, int flags, const char *want, const char *name)
{
	char	*got = render(source, flags);

	is_str(got, want, name);
	free(got);
}

/* Code points on the longest line. */
static int
widest_line(const char *text)
{
	int	width = 0, widest = 0;

	for (; *text != '\0'; text++) {
		if (*text == '\n')
			width = 0;
		else if (((unsigned char)*text & 0xc0) != 0x80 &&
		    ++width > widest)
			widest = width;
	}
	return widest;
}

/* An ESC not starting one of the SGR codes the renderer puts in itself. */
static int
has_escape(const char *text)
{
	static const char	*codes[] = {
		"\033[0m", "\033[1m", "\033[22m", "\033[3m", "\033[23m"
	};
	size_t			 i;

	while ((text = strchr(text, '\033')) != NULL) {
		for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
			if (strncmp(text, codes[i], strlen(codes[i])) == 0)
				break;
		if (i == sizeof(codes) / sizeof(codes[0]))
			return 1;
		text++;
	}
	return 0;
}

static void
section(const char *name, const char *want, const char *test)
{
	char	*got = NULL;
	int	 error;

	error = tend_markdown_section(&got, agreement, strlen(agreement),
	    name);
	is_int(error, 0, test);
	is_str(got, want, test);
	free(got);
}

int
main(void)
{
	struct tend_buf	 buf = TEND_BUF_INIT;
	char		*got, *line;
	char		 words[2048];
	size_t		 i;
	int		 lines, error;

	plan(57);

	/* Headings. */
	renders("# Title\n\n## Part\n\n### Sub\n\ntext\n", 0,
	    "Title\n=====\n\nPart\n----\n\n### Sub\n\ntext\n",
	    "headings underlined or marked without color");
	renders("Zo\xc3\xab's\n===\n", 0, "Zo\xc3\xab's\n=====\n",
	    "setext heading underlined to its width in code points");
	renders("# Title *x* **y**\n\n### Sub\n", TEND_RENDER_COLOR,
	    "\033[1mTitle \033[3mx\033[23m y\033[0m\n\n\033[1mSub\033[0m\n",
	    "headings bold with color");

	/* Inline text. */
	renders("one\ntwo *three* **four** `five  six`\n", 0,
	    "one two three four `five six`\n",
	    "soft breaks become spaces, emphasis plain");
	renders("*em* **strong**\n", TEND_RENDER_COLOR,
	    "\033[3mem\033[23m \033[1mstrong\033[22m\n",
	    "emphasis in ANSI with color");
	renders("see [the docs](https://example.org/a) or <https://x.org> "
	    "or <me@x.org>\n", 0,
	    "see the docs <https://example.org/a> or https://x.org or "
	    "me@x.org\n", "links show their address once");
	renders("line\\\nbreak\n", 0, "line\nbreak\n", "hard break");
	renders("", 0, "", "empty body");
	renders("\n\n  \n", 0, "", "blank body");

	/* Lists. */
	renders("- a\n- b\n  - c\n  - d\n- e\n\nafter\n", 0,
	    "- a\n- b\n  - c\n  - d\n- e\n\nafter\n",
	    "tight nested bullet list");
	renders("3. three\n\n4. four\n   more\n\n   second\n", 0,
	    "3. three\n\n4. four more\n\n   second\n",
	    "loose ordered list keeps its numbers and hangs");
	renders("9) nine\n10) ten\n", 0, "9) nine\n10) ten\n",
	    "parenthesis delimiter");
	renders("- first item with a long text that will have to wrap "
	    "somewhere before the right edge\n", 0,
	    "- first item with a long text that will have to wrap somewhere "
	    "before the\n  right edge\n", "wrapped item hangs under its text");

	/* Block quotes. */
	renders("> quoted\n> text\n>\n> - item\n>\n> > deeper\n\nout\n", 0,
	    "> quoted text\n>\n> - item\n>\n> > deeper\n\nout\n",
	    "block quote with a list and a nested quote");

	/* Code. */
	renders("text\n\n```\nif (a)\n\tb();  \n\nend\n```\n", 0,
	    "text\n\n    if (a)\n    \tb();\n\n    end\n",
	    "fenced code indented, verbatim");
	renders("- item\n\n      code\n", 0, "- item\n\n      code\n",
	    "code in a list item");
	renders("<script>alert(1)</script>\n\n<b>x</b> *y*\n", 0,
	    "<script>alert(1)</script>\n\n<b>x</b> y\n",
	    "raw HTML shown as text");
	renders("a\n\n---\n\nb\n", 0, "a\n\n" RULE "\n\nb\n",
	    "thematic break");

	/* Wrapping at 78 code points. */
	words[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(words, "word ");
	got = render(words, 0);
	is_int(widest_line(got), 74, "40 words wrap at 78 columns");
	ok(got != NULL && strncmp(got, "word word", 9) == 0 &&
	    got[74] == '\n' && strlen(got) == 40 * 5, "15 words a line");
	free(got);
	words[0] = '\0';
	for (i = 0; i < 24; i++)
		strcat(words, "\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9 ");
	got = render(words, 0);
	line = got != NULL ? strchr(got, '\n') : NULL;
	is_int(line != NULL ? (long)(line - got) : -1, 11 * 13 - 1,
	    "11 words of 6 accented letters on the first line");
	is_int(widest_line(got), 76, "widths counted in code points");
	free(got);
	strcpy(words, "> ");
	for (i = 0; i < 40; i++)
		strcat(words, "word ");
	got = render(words, 0);
	is_int(widest_line(got), 76, "quoted lines wrap with their prefix");
	for (lines = 0, line = got; line != NULL && *line != '\0'; lines++) {
		if (strncmp(line, "> ", 2) != 0)
			break;
		line = strchr(line, '\n') + 1;
	}
	is_int(lines, 3, "every wrapped line quoted");
	free(got);
	renders("short https://example.org/a/very/long/address/that/goes/on/"
	    "and/on/past/the/edge/of/the/terminal end\n", 0,
	    "short\nhttps://example.org/a/very/long/address/that/goes/on/"
	    "and/on/past/the/edge/of/the/terminal\nend\n",
	    "a word longer than a line stands alone");

	/* Nothing reaches the terminal that could steer it. */
	renders("Hi \033[31mred\033[0m \033]0;title\007 \xc2\x9b" "2J\n", 0,
	    "Hi \xef\xbf\xbd[31mred\xef\xbf\xbd[0m \xef\xbf\xbd]0;title"
	    "\xef\xbf\xbd \xef\xbf\xbd" "2J\n", "escapes in body text");
	renders("&#27;[2J &#x9b;&#0;\n", 0,
	    "\xef\xbf\xbd[2J \xef\xbf\xbd\xef\xbf\xbd\n",
	    "escapes written as entities");
	got = render("# \033[2J\n\n`\033[1m` [x\033](y\033z)\n\n"
	    "    \033[5m\n\n> \033c\n\n- \b\r\n\n<p>\033</p>\n", 0);
	ok(got != NULL && strchr(got, '\033') == NULL &&
	    strchr(got, '\b') == NULL && strchr(got, '\r') == NULL,
	    "no control character in any kind of block");
	free(got);
	got = render("# \033[2J *\033]0;x\007*\n\n**\033[1m** \033c\n",
	    TEND_RENDER_COLOR);
	ok(got != NULL && !has_escape(got), "color adds only its own codes");
	free(got);
	renders("a\0b", 0, "a\n", "text stops at a NUL in a C string");
	tend_buf_put(&buf, "x\0y\n", 4);
	buf.len = 0;
	is_int(tend_markdown_render(&buf, "a\0b", 3, 0), 0, "NUL inside len");
	is_str(buf.data, "a\xef\xbf\xbd" "b\n", "a NUL becomes U+FFFD");
	tend_buf_free(&buf);
	renders("bad \xff\xfe utf-8\n", 0,
	    "bad \xef\xbf\xbd\xef\xbf\xbd utf-8\n", "bad UTF-8 replaced");

	/* The body goes after what the buffer holds, without a blank. */
	tend_buf_puts(&buf, "header\n");
	is_int(tend_markdown_render(&buf, "# T\n\nbody", 9, 0), 0,
	    "render appends");
	is_str(buf.data, "header\nT\n=\n\nbody\n", "after the header");
	tend_buf_free(&buf);

	/* Sections. */
	/* Lines inside keep their ends: two spaces make a hard break. */
	section("Needs",
	    "Quiet meals.\n\n### Why\n\nWe talk more.   \n\n#### Really\n\n"
	    "Yes.\n\n"
	    "> ## Wants\n> (quoted, not a section)",
	    "section with nested headings, up to the next level 2");
	section("  wANTS ", "- phones in the basket\n    - even on call",
	    "name matched without case or surrounding spaces");
	section("boundaries", "    code stays indented",
	    "setext section keeps the code's indentation");
	section("Empty", "", "an empty section is empty text");
	section("Last", "Tail line", "a level 1 heading ends a section");
	got = NULL;
	error = tend_markdown_section(&got, agreement, strlen(agreement),
	    "Missing");
	is_int(error, TEND_ENOTFOUND, "missing section");
	is_str(tend_error(), "no section 'Missing'", "message names it");
	ok(got == NULL, "nothing handed back");
	error = tend_markdown_section(&got, agreement, strlen(agreement),
	    "Why");
	is_int(error, TEND_ENOTFOUND, "a level 3 heading is no section");
	error = tend_markdown_section(&got, agreement, strlen(agreement),
	    "Phones at dinner");
	is_int(error, TEND_ENOTFOUND, "a level 1 heading is no section");
	error = tend_markdown_section(&got, agreement, strlen(agreement),
	    "\033[2J");
	is_str(tend_error(), "no section '\xef\xbf\xbd[2J'",
	    "message keeps escapes off the terminal");
	error = tend_markdown_section(&got, "## A\r\n\r\nx\r\ny  \r\n"
	    "## B\r\nz\r\n", 25, "a");
	is_int(error, 0, "CRLF lines");
	is_str(got, "x\r\ny", "CRLF section");
	free(got);
	got = NULL;
	error = tend_markdown_section(&got, "## A", 4, "a");
	is_int(error, 0, "heading on the last line");
	is_str(got, "", "its section is empty");
	free(got);
	got = NULL;
	error = tend_markdown_section(&got, "## A\n\n  x\n", 10, "a");
	is_int(error, 0, "indented first line");
	is_str(got, "  x", "keeps its indentation");
	free(got);

	return done_testing();
}
