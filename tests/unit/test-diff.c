/* Unit tests for lib/diff.c and the clauses of lib/markdown.c. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../lib/internal.h"
#include "tap.h"

static char	*diff_of(const char *, const char *, int);
static void	 diffs(const char *, const char *, int, const char *,
		    const char *);
static void	 counts(const char *, const char *, size_t, size_t, size_t,
		    size_t, size_t, const char *);
static void	 clause_is(const struct tend_clause *, size_t, size_t,
		    const char *, const char *, const char *);
static double	 seconds(clock_t);
static int	 put_clauses(struct tend_buf *, size_t, const char *);

static const char	body[] =
    "Before   any\n"
    "heading.\n"
    "\n"
    "# Title\n"
    "\n"
    "## Needs\n"
    "\n"
    "- one\n"
    "-\n"
    "- two\n"
    "  - nested a\n"
    "  - nested b\n"
    "\n"
    "A paragraph\n"
    "over   lines.\n"
    "\n"
    "### Deeper *still*\n"
    "1. first\n"
    "2. second\n"
    "\n"
    "> quoted\n"
    "> text\n"
    "\n"
    "---\n"
    "\n"
    "    code  here\n"
    "\n"
    "3) third\n";

static const char	crlf[] =
    "## A\r\n\r\n- x\r\n  y\r\n- z\r\n\r\n## B\r\nw\r\n";

static const char	phones[] =
    "## What we do\n"
    "\n"
    "- We keep phones off the table during meals.\n"
    "- Our phones charge outside the bedroom overnight.\n"
    "- The last half hour before sleep is phone-free.\n"
    "\n"
    "## When it is hard\n"
    "\n"
    "- If one of us is on call, we say so before the meal.\n"
    "- We talk about the week on Sundays.\n"
    "\n"
    "## Phones\n"
    "\n"
    "- Phones stay in the hall when friends visit.\n"
    "- Games on phones wait until the children sleep.\n";

/* The diff of OLD and NEW as text, or NULL when it failed. */
static char *
diff_of(const char *old, const char *new, int flags)
{
	struct tend_buf		 buf = TEND_BUF_INIT;
	struct tend_diff	*diff;

	if (tend_diff_texts(&diff, old, strlen(old), new, strlen(new)) < 0)
		return NULL;
	if (tend_diff_format(&buf, diff, flags) < 0) {
		tend_diff_free(diff);
		tend_buf_free(&buf);
		return NULL;
	}
	tend_diff_free(diff);
	return tend_buf_detach(&buf);
}

static void
diffs(const char *old, const char *new, int flags, const char *want,
    const char *name)
{
	char	*got = diff_of(old, new, flags);

	is_str(got, want, name);
	free(got);
}

static void
counts(const char *old, const char *new, size_t added, size_t removed,
    size_t changed, size_t moved, size_t renamed, const char *name)
{
	struct tend_diff	*diff;
	int			 same;

	if (!ok(tend_diff_texts(&diff, old, strlen(old), new,
	    strlen(new)) == 0, "%s: compared", name))
		return;
	same = tend_diff_added(diff) == added &&
	    tend_diff_removed(diff) == removed &&
	    tend_diff_changed(diff) == changed &&
	    tend_diff_moved(diff) == moved &&
	    tend_diff_renamed(diff) == renamed;
	if (!ok(same, "%s: counts", name))
		diag("got %zu added, %zu removed, %zu changed, %zu moved, "
		    "%zu renamed", tend_diff_added(diff),
		    tend_diff_removed(diff), tend_diff_changed(diff),
		    tend_diff_moved(diff), tend_diff_renamed(diff));
	tend_diff_free(diff);
}

static void
clause_is(const struct tend_clause *clauses, size_t count, size_t i,
    const char *section, const char *text, const char *name)
{
	if (!ok(i < count, "%s: there", name))
		return;
	is_str(clauses[i].section, section, name);
	is_str(clauses[i].text, text, name);
}

static double
seconds(clock_t start)
{
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

/* COUNT list items "- WORD N" under "## Part N / 10". */
static int
put_clauses(struct tend_buf *buf, size_t count, const char *word)
{
	size_t	i;
	int	error = 0;

	for (i = 0; i < count && error == 0; i++) {
		if (i % 10 == 0)
			error = tend_buf_printf(buf, "\n## Part %zu\n\n",
			    i / 10);
		if (error == 0)
			error = tend_buf_printf(buf, "- %s %zu\n", word, i);
	}
	return error;
}

int
main(void)
{
	struct tend_clause	*clauses;
	struct tend_diff	*diff;
	struct tend_buf		 buf = TEND_BUF_INIT;
	struct tend_buf		 other = TEND_BUF_INIT;
	clock_t			 start;
	char			*got, *text;
	size_t			 count, i;
	int			 error;

	plan(89);

	/* Clauses. */
	error = tend_markdown_clauses(&clauses, &count, body, strlen(body));
	is_int(error, 0, "clauses of a body");
	is_int(count, 9, "nine clauses, the empty item and the rule left out");
	clause_is(clauses, count, 0, "", "Before any heading.",
	    "text before the first heading");
	clause_is(clauses, count, 1, "Needs", "one", "list item");
	clause_is(clauses, count, 2, "Needs", "two - nested a - nested b",
	    "item with its nested list");
	clause_is(clauses, count, 3, "Needs", "A paragraph over lines.",
	    "paragraph, white space collapsed");
	clause_is(clauses, count, 4, "Deeper still", "first",
	    "ordered item, any heading level starts a section");
	clause_is(clauses, count, 6, "Deeper still", "> quoted > text",
	    "block quote as written");
	clause_is(clauses, count, 7, "Deeper still", "code here", "code");
	clause_is(clauses, count, 8, "Deeper still", "third",
	    "ordered item with a parenthesis");
	tend_clauses_free(clauses, count);
	error = tend_markdown_clauses(&clauses, &count, crlf,
	    sizeof(crlf) - 1);
	is_int(error, 0, "CRLF clauses");
	is_int(count, 3, "three of them");
	clause_is(clauses, count, 0, "A", "x y", "CRLF item over two lines");
	clause_is(clauses, count, 2, "B", "w", "CRLF paragraph");
	tend_clauses_free(clauses, count);
	error = tend_markdown_clauses(&clauses, &count, "- a\0b\n", 6);
	ok(error == 0 && count == 1 &&
	    strcmp(clauses[0].text, "a\xef\xbf\xbd" "b") == 0,
	    "a NUL in a clause becomes U+FFFD");
	tend_clauses_free(clauses, count);
	error = tend_markdown_clauses(&clauses, &count, "", 0);
	ok(error == 0 && count == 0 && clauses == NULL, "no clauses");

	/* No change. */
	diffs(phones, phones, 0, "", "identical texts give nothing");
	counts(phones, phones, 0, 0, 0, 0, 0, "identical texts");
	diffs(phones,
	    "## Phones\n\n"
	    "- Games on phones wait until the children sleep.\n"
	    "- Phones stay in the hall when friends visit.\n\n"
	    "## What we do\n\n"
	    "- The last half hour before sleep is phone-free.\n"
	    "- We keep phones off the table during meals.\n\n"
	    "- Our phones charge   outside the bedroom\n  overnight.\n\n"
	    "## When it is hard\n\n"
	    "If one of us is on call, we say so before the meal.\n\n"
	    "* We talk about the week on Sundays.\n", 0, "",
	    "reordered clauses and sections, other markup, give nothing");

	/* One clause added, one removed, one changed. */
	diffs(phones,
	    "## What we do\n\n"
	    "- We put our phones in the basket at dinner.\n"
	    "- We keep phones off the table during meals.\n"
	    "- Our phones charge in the kitchen overnight.\n\n"
	    "## When it is hard\n\n"
	    "- If one of us is on call, we say so before the meal.\n"
	    "- We talk about the week on Sundays.\n\n"
	    "## Phones\n\n"
	    "- Phones stay in the hall when friends visit.\n"
	    "- Games on phones wait until the children sleep.\n", 0,
	    "## What we do\n"
	    "+ We put our phones in the basket at dinner.\n"
	    "~ Our phones charge [-outside-]{+in+} the [-bedroom-]"
	    "{+kitchen+} overnight.\n"
	    "- The last half hour before sleep is phone-free.\n",
	    "added, changed and removed clauses, in the new order");
	counts(phones,
	    "## What we do\n\n"
	    "- We put our phones in the basket at dinner.\n"
	    "- We keep phones off the table during meals.\n"
	    "- Our phones charge in the kitchen overnight.\n\n"
	    "## When it is hard\n\n"
	    "- If one of us is on call, we say so before the meal.\n"
	    "- We talk about the week on Sundays.\n\n"
	    "## Phones\n\n"
	    "- Phones stay in the hall when friends visit.\n"
	    "- Games on phones wait until the children sleep.\n",
	    1, 1, 1, 0, 0, "added, changed and removed");
	diffs("- one\n- two\n- three\n- four\n", "- one\n- four\n", 0,
	    "## (top)\n- two\n- three\n",
	    "removed clauses stay where they were");
	diffs("- alpha one\n- beta two\n",
	    "- gamma three\n- beta two\n- delta four\n", 0,
	    "## (top)\n- alpha one\n+ gamma three\n+ delta four\n",
	    "a removed first clause comes first");

	/* Words. */
	diffs("- a b c d e\n", "- a x y d e f\n", 0,
	    "## (top)\n~ a [-b c-]{+x y+} d e {+f+}\n",
	    "word runs grouped, one added at the end");
	diffs("- one two three four\n", "- one 2 three 3 four\n", 0,
	    "## (top)\n~ one [-two-]{+2+} three {+3+} four\n",
	    "runs between shared words");
	diffs("- we sit down, together at dinner\n",
	    "- we sit down together, at dinner\n", 0,
	    "## (top)\n~ we sit [-down, together-]{+down together,+} at "
	    "dinner\n", "punctuation stays on its word");
	diffs("- a b c d\n", "- w x c d\n", 0,
	    "## (top)\n~ [-a b-]{+w x+} c d\n", "half the words is enough");
	diffs("- a b c d\n", "- w x y d\n", 0,
	    "## (top)\n- a b c d\n+ w x y d\n",
	    "less than half is a new clause");
	diffs("- we talk on Sundays\n- we rest on Sundays\n",
	    "- we talk on Mondays\n", 0,
	    "## (top)\n~ we talk on [-Sundays-]{+Mondays+}\n"
	    "- we rest on Sundays\n", "the most alike pair first");

	/* Sections. */
	diffs(phones,
	    "## What we do\n\n"
	    "- We keep phones off the table during meals.\n"
	    "- Our phones charge outside the bedroom overnight.\n"
	    "- The last half hour before sleep is phone-free.\n\n"
	    "## When it is hard\n\n"
	    "- If one of us is on call, we say so before the meal.\n"
	    "- We talk about the week on Sundays.\n\n"
	    "## Screens\n\n"
	    "- Screens stay in the hall when friends visit.\n"
	    "- Games on phones wait until the children sleep.\n", 0,
	    "## Screens (was \"Phones\")\n"
	    "~ [-Phones-]{+Screens+} stay in the hall when friends visit.\n",
	    "a renamed section");
	diffs("## Phones\n\n- one thing\n- two things\n",
	    "## Screens\n\n- one thing\n- two things\n", 0,
	    "## Screens (was \"Phones\")\n",
	    "a renamed section alone is shown");
	diffs("## Phones\n\n- one thing\n- two things\n- three\n",
	    "## Screens\n\n- one thing\n- four\n- five\n", 0,
	    "## Phones (section removed)\n- two things\n- three\n\n"
	    "## Screens (new section)\n> one thing  (moved from \"Phones\")\n"
	    "+ four\n+ five\n",
	    "less than half in common is no rename");
	diffs("## what WE do\n\n- x\n- y\n", "## What we do\n\n- x\n- z\n", 0,
	    "## What we do\n- y\n+ z\n", "names matched but for case");
	diffs(phones,
	    "## What we do\n\n"
	    "- We keep phones off the table during meals.\n"
	    "- Our phones charge outside the bedroom overnight.\n"
	    "- The last half hour before sleep is phone-free.\n\n"
	    "## Bedtime\n\n"
	    "- We read instead of scrolling.\n\n"
	    "## Phones\n\n"
	    "- Phones stay in the hall when friends visit.\n"
	    "- Games on phones wait until the children sleep.\n", 0,
	    "## When it is hard (section removed)\n"
	    "- If one of us is on call, we say so before the meal.\n"
	    "- We talk about the week on Sundays.\n\n"
	    "## Bedtime (new section)\n"
	    "+ We read instead of scrolling.\n",
	    "a section added and one removed, each where it was");
	diffs(phones,
	    "## What we do\n\n"
	    "- We keep phones off the table during meals.\n"
	    "- We talk about the week on Sundays.\n"
	    "- Our phones charge outside the bedroom overnight.\n"
	    "- The last half hour before sleep is phone-free.\n\n"
	    "## When it is hard\n\n"
	    "- If one of us is on call, we say so before the meal.\n\n"
	    "## Phones\n\n"
	    "- Phones stay in the hall when friends visit.\n"
	    "- Games on phones wait until the children sleep.\n", 0,
	    "## What we do\n"
	    "> We talk about the week on Sundays.  "
	    "(moved from \"When it is hard\")\n",
	    "a clause moved to another section");
	counts(phones,
	    "## What we do\n\n"
	    "- We keep phones off the table during meals.\n"
	    "- We talk about the week on Sundays.\n"
	    "- Our phones charge outside the bedroom overnight.\n"
	    "- The last half hour before sleep is phone-free.\n\n"
	    "## When it is hard\n\n"
	    "- If one of us is on call, we say so before the meal.\n\n"
	    "## Screens\n\n"
	    "- Phones stay in the hall when friends visit.\n"
	    "- Games on phones wait until the children sleep.\n", 0, 0, 0,
	    1, 1, "moved once, renamed once");
	diffs("Intro.\n\n## A\n\n- x\n", "## A\n\n- x\n- Intro.\n", 0,
	    "## (top) (section removed)\n\n## A\n"
	    "> Intro.  (moved from (top))\n",
	    "the text before any heading is \"(top)\"");

	/* Colour. */
	diffs("- a b c\n- gone\n", "- a x c\n- new\n", TEND_RENDER_COLOR,
	    "## (top)\n~ a \033[31mb\033[0m\033[32mx\033[0m c\n"
	    "\033[31m- gone\033[0m\n\033[32m+ new\033[0m\n",
	    "colour instead of brackets");

	/* Terminal safety. */
	got = diff_of("## Sa\033]0;x\007fe\n\n- a \033[2J b\n",
	    "## Sa\033]0;x\007fe\n\n- a \033[2J c\n- \033c\n", 0);
	is_str(got, "## Sa\xef\xbf\xbd]0;x\xef\xbf\xbd" "fe\n"
	    "~ a \xef\xbf\xbd[2J [-b-]{+c+}\n+ \xef\xbf\xbd" "c\n",
	    "control characters replaced");
	ok(got != NULL && strchr(got, '\033') == NULL,
	    "no escape without colour");
	free(got);
	diffs("", "- ok \xff\n", TEND_RENDER_COLOR,
	    "## (top) (new section)\n\033[32m+ ok \xef\xbf\xbd\033[0m\n",
	    "bad UTF-8 replaced");

	/* From nothing, and to nothing. */
	diffs("", "Intro.\n\n## A\n\n- x\n- y\n\n## B\n\n1. z\n", 0,
	    "## (top) (new section)\n+ Intro.\n\n"
	    "## A (new section)\n+ x\n+ y\n\n"
	    "## B (new section)\n+ z\n", "empty old text: all added");
	counts("", "Intro.\n\n## A\n\n- x\n- y\n\n## B\n\n1. z\n", 4, 0, 0, 0,
	    0, "empty old text");
	diffs("## A\n\n- x\n", "", 0, "## A (section removed)\n- x\n",
	    "empty new text: all removed");
	diffs("# Title only\n\n---\n", "\n\n", 0, "",
	    "no clauses on either side");
	ok(tend_diff_texts(&diff, NULL, 0, NULL, 0) == 0, "NULL texts");
	is_int(tend_diff_format(&buf, diff, 0), 0, "format nothing");
	is_str(buf.data, "", "into a string");
	tend_diff_free(diff);
	tend_buf_puts(&buf, "before\n");
	tend_diff_texts(&diff, "- a\n", 4, "- b\n", 4);
	tend_diff_format(&buf, diff, 0);
	is_str(buf.data, "before\n## (top)\n- a\n+ b\n", "format appends");
	tend_diff_free(diff);
	tend_buf_free(&buf);

	/* Hostile input ends soon. */
	start = clock();
	error = put_clauses(&buf, 5000, "clause number");
	if (error == 0)
		error = put_clauses(&other, 5000, "item");
	for (i = 0; error == 0 && i < 5000; i++)
		error = tend_buf_printf(&other, "- clause number %zu\n",
		    4999 - i);
	is_int(error, 0, "5,000 clauses written");
	got = NULL;
	if (tend_diff_texts(&diff, buf.data, buf.len, other.data,
	    other.len) == 0) {
		ok(tend_diff_added(diff) == 5000 &&
		    tend_diff_removed(diff) == 0 &&
		    tend_diff_moved(diff) == 4990, "5,000 clauses compared");
		text = NULL;
		if (tend_diff_format(&buf, diff, 0) == 0)
			text = buf.data;
		ok(text != NULL, "and shown");
		tend_diff_free(diff);
	} else
		ok(0, "5,000 clauses compared");
	ok(seconds(start) < 5, "in %.2f seconds", seconds(start));
	tend_buf_free(&buf);
	tend_buf_free(&other);

	start = clock();
	for (i = 0, error = 0; error == 0 && i < 2000; i++)
		error = tend_buf_printf(&buf, "- alike %zu words in a row\n",
		    i);
	for (i = 0; error == 0 && i < 2000; i++)
		error = tend_buf_printf(&other, "- alike %zu words in line\n",
		    i);
	ok(error == 0 && tend_diff_texts(&diff, buf.data, buf.len,
	    other.data, other.len) == 0, "2,000 by 2,000 alike clauses");
	ok(tend_diff_added(diff) == 2000 && tend_diff_changed(diff) == 0,
	    "too many pairs to weigh: added and removed");
	tend_diff_free(diff);
	ok(seconds(start) < 5, "in %.2f seconds", seconds(start));
	tend_buf_free(&buf);
	tend_buf_free(&other);

	start = clock();
	tend_buf_puts(&buf, "- ");
	for (i = 0; i < 400; i++)
		tend_buf_printf(&buf, "w%zu ", i % 7);
	tend_buf_puts(&buf, "\n");
	for (i = 0; i < 200; i++)
		tend_buf_printf(&other, "%s", buf.data);
	tend_buf_free(&buf);
	tend_buf_puts(&buf, "- ");
	for (i = 0; i < 400; i++)
		tend_buf_printf(&buf, "w%zu ", i % 5);
	tend_buf_puts(&buf, "\n");
	text = strdup(buf.data);
	for (i = 1; text != NULL && i < 200; i++)
		tend_buf_puts(&buf, text);
	free(text);
	ok(tend_diff_texts(&diff, other.data, other.len, buf.data,
	    buf.len) == 0, "200 by 200 clauses of 400 words");
	is_int(tend_diff_added(diff) + tend_diff_changed(diff), 200,
	    "each new one added or changed");
	tend_buf_free(&other);
	ok(tend_diff_format(&other, diff, 0) == 0, "and shown");
	tend_diff_free(diff);
	ok(seconds(start) < 5, "in %.2f seconds", seconds(start));
	tend_buf_free(&buf);
	tend_buf_free(&other);

	start = clock();
	tend_buf_puts(&buf, "- ");
	for (i = 0; i < 50000; i++)
		tend_buf_printf(&buf, "w%zu ", i);
	tend_buf_puts(&other, buf.data);
	tend_buf_puts(&buf, "end\n");
	tend_buf_puts(&other, "finish\n");
	ok(tend_diff_texts(&diff, buf.data, buf.len, other.data,
	    other.len) == 0, "a 50,000-word clause");
	ok(tend_diff_added(diff) == 1 && tend_diff_removed(diff) == 1,
	    "compared as a whole");
	tend_diff_free(diff);
	ok(seconds(start) < 5, "in %.2f seconds", seconds(start));
	tend_buf_free(&buf);
	tend_buf_free(&other);

	start = clock();
	tend_buf_puts(&buf, "## ");
	for (i = 0; i < 10000; i++)
		tend_buf_puts(&buf, "long name ");
	tend_buf_puts(&buf, "\n\n");
	for (i = 0; i < 20000; i++)
		tend_buf_printf(&buf, "- c%zu\n", i);
	tend_buf_puts(&other, buf.data);
	tend_buf_puts(&other, "- one more\n");
	ok(tend_diff_texts(&diff, buf.data, buf.len, other.data,
	    other.len) == 0 && tend_diff_added(diff) == 1,
	    "a 100,000-byte heading over 20,000 clauses");
	tend_diff_free(diff);
	ok(seconds(start) < 5, "in %.2f seconds", seconds(start));
	tend_buf_free(&buf);
	tend_buf_free(&other);

	return done_testing();
}
