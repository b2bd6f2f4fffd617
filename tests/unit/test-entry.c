/* Entry files: splitting front matter from body, ids, and composing. */

#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

static const char good[] =
    "---\n"
    "kind: checkin\n"
    "author: alex\n"
    "date: 2026-11-24T21:05:00+01:00\n"
    "pillars:\n"
    "  vulnerability: 4\n"
    "  listening: 3\n"
    "---\n"
    "\n"
    "## Appreciation\n"
    "\n"
    "the soup\n";

static void	test_parse(void);
static void	test_errors(void);
static void	test_compose(void);

static void
test_parse(void)
{
	struct tend_entry	*entry;
	const char		*text;
	size_t			 len;

	if (!ok(tend_entry_parse(&entry, "checkin/2026/11/2026-11-24-alex.md",
	    good, strlen(good)) == 0, "a well-formed entry parses")) {
		diag("%s", tend_error());
		return;
	}
	is_str(tend_entry_id(entry), "2026-11-24-alex", "the id is the name");
	is_str(tend_entry_kind(entry), "checkin", "kind");
	is_str(tend_entry_author(entry), "alex", "author");
	is_str(tend_entry_field(entry, "date"), "2026-11-24T21:05:00+01:00",
	    "date");
	ok(tend_entry_field(entry, "pillars") == NULL,
	    "a mapping is not a text field");
	is_str(tend_entry_body(entry), "## Appreciation\n\nthe soup\n",
	    "the body starts after the blank line");
	text = tend_entry_text(entry, &len);
	ok(len == strlen(good) && memcmp(text, good, len) == 0,
	    "the text is kept byte for byte");
	tend_entry_free(entry);

	ok(tend_entry_parse(&entry, "agree/x.md", "---\nkind: agree\n...\n",
	    strlen("---\nkind: agree\n...\n")) == 0,
	    "'...' closes the front matter too");
	if (entry != NULL)
		is_str(tend_entry_body(entry), "", "an entry may have no body");
	tend_entry_free(entry);
}

/* Parse TEXT, expecting failure with a message that contains WANT. */
static void
expect_error(const char *text, const char *want, const char *name)
{
	struct tend_entry	*entry = NULL;
	int			 error;

	error = tend_entry_parse(&entry, "resent/x.md", text, strlen(text));
	if (!ok(error == TEND_EINVALID && strstr(tend_error(), want) != NULL,
	    "%s", name))
		diag("error %d, message '%s', wanted '%s'", error,
		    tend_error(), want);
	tend_entry_free(entry);
}

static void
test_errors(void)
{
	static const char nul[] = "---\nkind: x\n---\nbody\0more\n";
	struct tend_entry	*entry = NULL;

	expect_error("kind: x\n", "cannot read 'resent/x.md': line 1: it "
	    "must start with a '---' line", "no opening line");
	expect_error("---\nkind: x\n", "has no closing '---' line",
	    "no closing line");
	expect_error("---\nauthor: sam\n---\n", "has no 'kind'", "no kind");
	expect_error("---\nkind: x\nauthor: [a\n---\n",
	    "cannot read 'resent/x.md': line 4: ", "a YAML error names the file "
	    "line");
	expect_error("---\nkind: x\nkind: y\n---\n", "line 3: duplicate key",
	    "a duplicate key names its line");
	expect_error("---\nkind: x\n---\n\xff\n", "not valid UTF-8 at line 4",
	    "bad UTF-8 names its line");
	ok(tend_entry_parse(&entry, "x.md", nul, sizeof(nul) - 1) ==
	    TEND_EINVALID && strstr(tend_error(), "NUL byte at line 4") !=
	    NULL, "a NUL byte is refused");
	tend_entry_free(entry);
}

static void
test_compose(void)
{
	struct tend_buf		 out = TEND_BUF_INIT;
	struct tend_meta	*meta = tend_meta_new_map();
	struct tend_entry	*entry = NULL;

	tend_meta_set_plain(meta, "kind", "reflect");
	tend_meta_set_text(meta, "title", "---\nyes: no");
	ok(tend_entry_compose(&out, meta, "Body text.\n") == 0,
	    "compose an entry");
	ok(out.data != NULL && strncmp(out.data, "---\nkind: reflect\n", 18) ==
	    0, "it opens with the front matter");
	ok(tend_entry_parse(&entry, "reflect/a.md", out.data, out.len) == 0,
	    "what compose writes parses");
	if (entry != NULL) {
		is_str(tend_entry_field(entry, "title"), "---\nyes: no",
		    "a tricky title comes back");
		is_str(tend_entry_body(entry), "Body text.\n",
		    "the body comes back");
	}
	tend_entry_free(entry);
	tend_buf_free(&out);
	tend_meta_free(meta);
}

int
main(void)
{
	test_parse();
	test_errors();
	test_compose();
	plan(tap_run);
	return done_testing();
}
