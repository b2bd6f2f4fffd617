/*
 * cmark-style pathological inputs through tend's own paths: each is
 * rendered for a terminal, split into clauses and compared (diff.c),
 * parsed as an entry, and must end well under the generous bound
 * asserted here (a quadratic blow-up takes minutes, not seconds).  The
 * times are printed as TAP comments.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../lib/internal.h"
#include "tap.h"

#define N		50000
#define BOUND		5.0	/* seconds; each should take well under one */

static double	 now(void);
static void	 repeat(struct tend_buf *, const char *, size_t);
static void	 through_all(const char *, const struct tend_buf *);
static void	 front_matter(const char *, const struct tend_buf *, int);

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
repeat(struct tend_buf *buf, const char *text, size_t count)
{
	size_t	i;

	for (i = 0; i < count; i++)
		if (tend_buf_puts(buf, text) < 0)
			abort();
}

/* Render, diff (against itself with a line added) and parse as an entry. */
static void
through_all(const char *name, const struct tend_buf *body)
{
	struct tend_buf		 out = TEND_BUF_INIT, changed = TEND_BUF_INIT;
	struct tend_buf		 file = TEND_BUF_INIT;
	struct tend_diff	*diff;
	struct tend_entry	*entry;
	char			*shown;
	double			 start, took;
	int			 error;

	start = now();
	error = tend_markdown_render(&out, body->data, body->len, 0);
	took = now() - start;
	diag("%s: render %.3f s", name, took);
	ok(error == 0 && took < BOUND, "%s: rendered", name);

	tend_buf_put(&changed, body->data, body->len);
	tend_buf_puts(&changed, "\n\n- one more clause\n");
	start = now();
	error = tend_diff_texts(&diff, body->data, body->len, changed.data,
	    changed.len);
	if (error == 0) {
		out.len = 0;
		error = tend_diff_format(&out, diff, TEND_RENDER_COLOR);
		tend_diff_free(diff);
	}
	took = now() - start;
	diag("%s: diff %.3f s", name, took);
	ok(error == 0 && took < BOUND, "%s: compared", name);

	tend_buf_puts(&file, "---\nkind: agree\ntitle: Phones\n---\n\n");
	tend_buf_put(&file, body->data, body->len);
	start = now();
	error = tend_entry_parse(&entry, "agree/phones.md", file.data,
	    file.len);
	if (error == 0) {
		error = tend_entry_render(&shown, entry, TEND_RENDER_COLOR);
		if (error == 0)
			free(shown);
		tend_entry_free(entry);
	}
	took = now() - start;
	diag("%s: entry %.3f s", name, took);
	ok(error == 0 && took < BOUND, "%s: parsed and shown", name);

	tend_buf_free(&out);
	tend_buf_free(&changed);
	tend_buf_free(&file);
}

/* YAML between the markers; WANT_OK says whether it must parse. */
static void
front_matter(const char *name, const struct tend_buf *yaml, int want_ok)
{
	struct tend_buf		 file = TEND_BUF_INIT;
	struct tend_entry	*entry;
	double			 start, took;
	int			 error;

	tend_buf_puts(&file, "---\nkind: checkin\n");
	tend_buf_put(&file, yaml->data, yaml->len);
	tend_buf_puts(&file, "---\n\nBody.\n");
	start = now();
	error = tend_entry_parse(&entry, "checkin/2026-11-24-sam.md",
	    file.data, file.len);
	took = now() - start;
	if (error == 0)
		tend_entry_free(entry);
	diag("%s: %.3f s%s%s", name, took, error < 0 ? ": " : "",
	    error < 0 ? tend_error() : "");
	ok((error == 0) == want_ok && took < BOUND, "%s: %s", name,
	    want_ok ? "parsed" : "refused");
	tend_buf_free(&file);
}

int
main(void)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	size_t		i;

	plan(11 * 3 + 5);

	repeat(&buf, ">", N);
	tend_buf_puts(&buf, " deep quote\n");
	through_all("50,000 '>'", &buf);

	buf.len = 0;
	repeat(&buf, "*", N);
	tend_buf_puts(&buf, "a");
	repeat(&buf, "*", N);
	through_all("50,000 '*' around a word", &buf);

	buf.len = 0;
	repeat(&buf, "*a ", N);
	through_all("50,000 unclosed emphasis", &buf);

	buf.len = 0;
	repeat(&buf, "- ", N);
	tend_buf_puts(&buf, "deep item\n");
	through_all("50,000 nested list markers", &buf);

	buf.len = 0;
	for (i = 0; i < 5000; i++) {
		tend_buf_printf(&buf, "%*s- level %zu\n", (int)(i % 200) * 2,
		    "", i);
	}
	through_all("5,000 items indented up to 200 levels", &buf);

	buf.len = 0;
	repeat(&buf, "- the same clause again\n", N);
	through_all("50,000 list items, all alike", &buf);

	buf.len = 0;
	repeat(&buf, "[", N);
	tend_buf_puts(&buf, "a");
	repeat(&buf, "](b)", N);
	through_all("50,000 nested links", &buf);

	buf.len = 0;
	repeat(&buf, "`", N);
	tend_buf_puts(&buf, "a ");
	repeat(&buf, "``", N / 2);
	through_all("50,000 backticks", &buf);

	buf.len = 0;
	repeat(&buf, "<a", N);
	through_all("50,000 open tags", &buf);

	buf.len = 0;
	repeat(&buf, "word ", 200000);
	tend_buf_puts(&buf, "\n");
	through_all("a line of a million bytes", &buf);

	buf.len = 0;
	for (i = 0; i < N; i++)
		tend_buf_printf(&buf, "%s %zu\n\n", i % 2 ? "##" : "- clause",
		    i);
	through_all("25,000 sections of one clause", &buf);

	/* The front matter: many keys, long lists, deep nesting. */
	buf.len = 0;
	for (i = 0; i < N; i++)
		tend_buf_printf(&buf, "key%zu: value %zu\n", i, i);
	front_matter("50,000 keys", &buf, 1);

	buf.len = 0;
	for (i = 0; i < N; i++)
		tend_buf_printf(&buf, "key%zu: value\n", i);
	tend_buf_puts(&buf, "key0: again\n");
	front_matter("50,000 keys and a duplicate", &buf, 0);

	buf.len = 0;
	tend_buf_puts(&buf, "words:\n");
	repeat(&buf, "  - listening\n", N);
	front_matter("a list of 50,000 items", &buf, 1);

	buf.len = 0;
	tend_buf_puts(&buf, "deep: ");
	repeat(&buf, "[", N);
	repeat(&buf, "]", N);
	tend_buf_puts(&buf, "\n");
	front_matter("50,000 nested flow lists", &buf, 0);

	buf.len = 0;
	tend_buf_puts(&buf, "deep: ");
	repeat(&buf, "{a: ", N);
	tend_buf_puts(&buf, "b");
	repeat(&buf, "}", N);
	tend_buf_puts(&buf, "\n");
	front_matter("50,000 nested flow mappings", &buf, 0);

	tend_buf_free(&buf);
	return done_testing();
}
