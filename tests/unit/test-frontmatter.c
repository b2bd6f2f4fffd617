/* Unit tests for lib/frontmatter.c: parsing, emitting and editing. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

static struct tend_meta	*parse_ok(const char *, const char *);
static char	*emit_ok(const struct tend_meta *, const char *);
static void	 parse_fails(const char *, size_t, int, const char *,
		    const char *);
static void	 test_entry(void);
static void	 test_order(void);
static void	 test_round_trip(void);
static void	 test_quoting(void);
static void	 test_plain(void);
static void	 test_errors(void);
static void	 test_depth(void);
static void	 test_edit(void);
static void	 test_empty(void);

/* Parse TEXT, which must succeed, as if it began on line 2. */
static struct tend_meta *
parse_ok(const char *text, const char *name)
{
	struct tend_meta	*meta = NULL;
	int			 error;

	error = tend_meta_parse(&meta, text, strlen(text), 2);
	if (!ok(error == 0 && meta != NULL, "%s", name))
		diag("error %d: %s", error, tend_error());
	return meta;
}

static char *
emit_ok(const struct tend_meta *meta, const char *name)
{
	char	*text = NULL;
	size_t	 len = 0;
	int	 error;

	error = tend_meta_emit(&text, &len, meta);
	if (!ok(error == 0 && text != NULL && len == strlen(text) &&
	    len > 0 && text[len - 1] == '\n', "%s", name))
		diag("error %d: %s", error, tend_error());
	return text;
}

/* Parsing TEXT must fail with CODE and exactly the message MESSAGE. */
static void
parse_fails(const char *text, size_t first_line, int code,
    const char *message, const char *name)
{
	struct tend_meta	*meta = NULL;
	char			 label[256];
	int			 error;

	error = tend_meta_parse(&meta, text, strlen(text), first_line);
	snprintf(label, sizeof(label), "%s: fails", name);
	is_int(error, code, label);
	snprintf(label, sizeof(label), "%s: message", name);
	is_str(error < 0 ? tend_error() : NULL, message, label);
	ok(meta == NULL, "%s: no tree", name);
	tend_meta_free(meta);
}

/* Characters beyond 16 bits are written as themselves, not escaped. */
static void
test_astral(void)
{
	static const struct {
		const char	*text;
		const char	*line;		/* as emitted */
	} cases[] = {
		{ "No \xF0\x9F\x93\xB1 at dinner",
		    "v: \"No \xF0\x9F\x93\xB1 at dinner\"\n" },
		{ "\xF0\x9F\x98\x80 \xE6\x9D\x8E\xE6\x98\x8E",
		    "v: \"\xF0\x9F\x98\x80 \xE6\x9D\x8E\xE6\x98\x8E\"\n" },
		/* A backslash and U typed as text stay escaped text. */
		{ "a \\U0001F4F1 \xF0\x9F\x93\xB1",
		    "v: \"a \\\\U0001F4F1 \xF0\x9F\x93\xB1\"\n" },
		{ "tab\there \xF0\x9F\x8C\x99",
		    "v: \"tab\\there \xF0\x9F\x8C\x99\"\n" },
	};
	struct tend_meta	*meta, *back;
	char			*text;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		meta = tend_meta_new_map();
		tend_meta_set_text(meta, "v", cases[i].text);
		text = emit_ok(meta, "astral: emitted");
		ok(text != NULL && strstr(text, cases[i].line) != NULL,
		    "astral: written as UTF-8, case %zu", i);
		if (text != NULL && strstr(text, cases[i].line) == NULL)
			diag("emitted: %s", text);
		back = text != NULL ? parse_ok(text, "astral: reads back") :
		    NULL;
		is_str(tend_meta_get_text(back, "v"), cases[i].text,
		    "astral: the same text");
		tend_meta_free(back);
		tend_meta_free(meta);
		free(text);
	}
}

static void
test_entry(void)
{
	static const char *const pillars[] = {
		"vulnerability", "listening", "empathy", "trust",
		"appreciation",
	};
	static const char *const ratings[] = { "4", "3", "5", "2", "4" };
	struct tend_meta	*meta;
	const struct tend_meta	*node;
	size_t			 i;

	meta = parse_ok(
	    "kind: checkin\n"
	    "author: sam\n"
	    "date: 2026-11-24T09:15:00+01:00\n"
	    "pillars:\n"
	    "  vulnerability: 4\n"
	    "  listening: 3\n"
	    "  empathy: 5\n"
	    "  trust: 2\n"
	    "  appreciation: 4\n"
	    "tags:\n"
	    "  - weekly\n"
	    "  - \"hard talk\"\n", "entry: parses");
	is_int(tend_meta_type(meta), TEND_META_MAP, "entry: root is a map");
	is_int(tend_meta_count(meta), 5, "entry: five top-level keys");
	is_str(tend_meta_get_text(meta, "kind"), "checkin", "entry: kind");
	is_str(tend_meta_get_text(meta, "author"), "sam", "entry: author");
	is_str(tend_meta_get_text(meta, "date"), "2026-11-24T09:15:00+01:00",
	    "entry: date");
	is_str(tend_meta_get_text(meta, "pillars"), NULL,
	    "entry: get_text of a map is NULL");
	is_str(tend_meta_get_text(meta, "missing"), NULL,
	    "entry: absent key is NULL");
	ok(tend_meta_get(meta, "missing") == NULL, "entry: get absent is NULL");

	node = tend_meta_get(meta, "pillars");
	ok(node != NULL && tend_meta_type(node) == TEND_META_MAP,
	    "entry: pillars is a map");
	is_int(tend_meta_count(node), 5, "entry: five pillars");
	for (i = 0; i < 5; i++) {
		is_str(tend_meta_key_at(node, i), pillars[i],
		    "entry: pillar key in order");
		is_str(tend_meta_text(tend_meta_at(node, i)), ratings[i],
		    "entry: pillar rating");
	}
	ok(tend_meta_at(node, 5) == NULL && tend_meta_key_at(node, 5) == NULL,
	    "entry: out of range is NULL");
	is_str(tend_meta_text(node), NULL, "entry: text of a map is NULL");

	node = tend_meta_get(meta, "tags");
	ok(node != NULL && tend_meta_type(node) == TEND_META_LIST,
	    "entry: tags is a list");
	is_int(tend_meta_count(node), 2, "entry: two tags");
	is_str(tend_meta_key_at(node, 0), NULL, "entry: list has no keys");
	is_str(tend_meta_text(tend_meta_at(node, 0)), "weekly", "entry: tag 1");
	is_str(tend_meta_text(tend_meta_at(node, 1)), "hard talk",
	    "entry: tag 2");
	is_str(tend_meta_get_text(node, "weekly"), NULL,
	    "entry: get on a list is NULL");
	tend_meta_free(meta);
}

static void
test_order(void)
{
	struct tend_meta	*meta;
	char			*text;

	meta = parse_ok("zeta: 1\nalpha: two\nmid: [x, y]\nbeta: {b: 1}\n",
	    "order: parses");
	is_str(tend_meta_key_at(meta, 0), "zeta", "order: first key");
	is_str(tend_meta_key_at(meta, 1), "alpha", "order: second key");
	is_str(tend_meta_key_at(meta, 2), "mid", "order: third key");
	is_str(tend_meta_key_at(meta, 3), "beta", "order: fourth key");
	text = emit_ok(meta, "order: emits");
	is_str(text, "zeta: 1\nalpha: two\nmid: [x, y]\nbeta:\n  b: 1\n",
	    "order: emitted in order, maps in block style, lists on a line");
	free(text);
	tend_meta_free(meta);
}

static void
test_round_trip(void)
{
	static const char *const texts[] = {
		"key: value", "---", "...", "a\n---\nb", "a\n...\n", "yes",
		"No", "~", "null", "", "123", "0x1F", "1_000", "1:30",
		"2026-11-24", ".inf", "- item", "# not a comment",
		"a # b", "a\nb\n", "a\n\n\nb\n\n", "\n", "  leading",
		"trailing  ", "tab\there", "quote \" and '", "back\\slash",
		"emoji \xf0\x9f\x8c\xb1", "\r\n", "cr\ronly", "\x01\x1f\x7f",
		"[x]", "{x}", "& * ! | > % @ `", "a: b: c", "<<", "=",
		"Sam Rivera", "caf\xc3\xa9", "line\xe2\x80\xa8sep",
		"n\xc2\x85" "el", "\xef\xbb\xbf" "bom", "'single'",
		"\"double\"", "?", "? x", ": x", "-", "a,b",
	};
	struct tend_meta	*meta, *back;
	struct tend_meta	*list;
	char			 name[64], *big, *text;
	size_t			 i;
	int			 all;

	meta = tend_meta_new_map();
	ok(meta != NULL, "round trip: new map");
	all = 1;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		snprintf(name, sizeof(name), "k%zu", i);
		all &= tend_meta_set_text(meta, name, texts[i]) == 0;
	}
	ok(all, "round trip: set every text");
	if ((big = malloc(5001)) == NULL)
		abort();
	for (i = 0; i < 5000; i++)
		big[i] = "abc: d#\"\n "[i % 10];
	big[5000] = '\0';
	ok(tend_meta_set_text(meta, "big", big) == 0, "round trip: set big");
	ok(tend_meta_set_list(&list, meta, "list") == 0,
	    "round trip: set list");
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		tend_meta_append_text(list, texts[i]);
	ok(tend_meta_set_text(meta, "the key: \"odd\"", "v") == 0,
	    "round trip: set an odd key");

	text = emit_ok(meta, "round trip: emits");
	back = text != NULL ? parse_ok(text, "round trip: parses back") : NULL;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		snprintf(name, sizeof(name), "k%zu", i);
		is_str(tend_meta_get_text(back, name), texts[i], name);
	}
	is_str(tend_meta_get_text(back, "big"), big, "round trip: big");
	list = (struct tend_meta *)tend_meta_get(back, "list");
	is_int(tend_meta_count(list), sizeof(texts) / sizeof(texts[0]),
	    "round trip: list length");
	all = 1;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char	*item = tend_meta_text(tend_meta_at(list, i));

		if (item == NULL || strcmp(item, texts[i]) != 0) {
			diag("list item %zu differs", i);
			all = 0;
		}
	}
	ok(all, "round trip: every list item");
	is_str(tend_meta_get_text(back, "the key: \"odd\""), "v",
	    "round trip: odd key");
	ok(text != NULL && strncmp(text, "---", 3) != 0 &&
	    strstr(text, "\n---\n") == NULL && strstr(text, "\n...\n") == NULL,
	    "round trip: no document markers");
	free(text);
	free(big);
	tend_meta_free(back);
	tend_meta_free(meta);
}

/* Strings a YAML 1.1 reader would retype must not go out plain. */
static void
test_quoting(void)
{
	static const char *const texts[] = {
		"yes", "Yes", "YES", "No", "y", "N", "on", "OFF", "true",
		"False", "~", "null", "Null", "NULL", "", "123", "-1", "+1",
		"0x1F", "0o17", "017", "1_000", "1:30", "1.5", "1e3", ".5",
		"2026-11-24", "2026-11-24 09:15:00", ".inf", "-.inf", ".NaN",
		"<<", "=",
	};
	struct tend_meta	*meta;
	char			*text, name[64];
	size_t			 i;
	const char		*at;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		meta = tend_meta_new_map();
		tend_meta_set_text(meta, "v", texts[i]);
		if (tend_meta_emit(&text, NULL, meta) < 0)
			text = NULL;
		at = text != NULL && strncmp(text, "v: ", 3) == 0 ? text + 3 :
		    "";
		snprintf(name, sizeof(name), "quoting: '%s' is quoted",
		    texts[i]);
		if (!ok(at[0] == '"' || at[0] == '\'', "%s", name))
			diag("emitted: %s", text != NULL ? text : "nothing");
		free(text);
		tend_meta_free(meta);
	}
}

static void
test_plain(void)
{
	struct tend_meta	*meta;
	char			*text, line[200], quoted[210], want[512];
	size_t			 i;

	meta = tend_meta_new_map();
	ok(tend_meta_set_plain(meta, "rating", "4") == 0, "plain: set rating");
	ok(tend_meta_set_plain(meta, "date", "2026-11-24") == 0,
	    "plain: set date");
	ok(tend_meta_set_text(meta, "author", "Sam Rivera") == 0,
	    "plain: set safe text");
	ok(tend_meta_set_text(meta, "note", "yes") == 0, "plain: set yes");
	ok(tend_meta_set_text(meta, "place", "caf\xc3\xa9 \xc3\xbc" "ber") == 0,
	    "plain: set non-ASCII text");
	text = emit_ok(meta, "plain: emits");
	is_str(text, "rating: 4\ndate: 2026-11-24\nauthor: Sam Rivera\n"
	    "note: \"yes\"\nplace: caf\xc3\xa9 \xc3\xbc" "ber\n",
	    "plain: plain values plain, text quoted, UTF-8 unescaped");
	free(text);
	tend_meta_free(meta);

	/* A file's own plain scalars stay plain, its quoted ones quoted. */
	meta = parse_ok("a: 'yes'\nb: yes\nc: '12'\nd: 12\ne: \"x\"\n",
	    "plain: parse styles");
	text = emit_ok(meta, "plain: emit styles");
	is_str(text, "a: \"yes\"\nb: yes\nc: \"12\"\nd: 12\ne: x\n",
	    "plain: styles kept where they matter");
	free(text);
	tend_meta_free(meta);

	/* Long lines are not folded, plain or quoted. */
	meta = tend_meta_new_map();
	for (i = 0; i < 40; i++)
		memcpy(line + 5 * i, "word ", 5);
	memcpy(line + 195, "last", 5);
	snprintf(quoted, sizeof(quoted), "1 %s", line);
	snprintf(want, sizeof(want), "long: %s\nquoted: \"%s\"\n", line,
	    quoted);
	tend_meta_set_text(meta, "long", line);
	tend_meta_set_text(meta, "quoted", quoted);
	text = emit_ok(meta, "plain: emit long lines");
	is_str(text, want, "plain: long lines unfolded");
	free(text);
	tend_meta_free(meta);
}

static void
test_errors(void)
{
	struct tend_meta	*meta = NULL;

	parse_fails("kind: checkin\n author: sam\n", 2, TEND_EINVALID,
	    "line 3: mapping values are not allowed in this context",
	    "bad indentation");
	parse_fails("kind: agree\ntitle: Phones: at dinner\n", 2,
	    TEND_EINVALID, "line 3: mapping values are not allowed in this "
	    "context (a value with ': ' in it needs quotes, as in title: "
	    "\"Phones: at dinner\")", "a colon in a value");
	parse_fails("author: a\nkind: b\nauthor: c\n", 2, TEND_EINVALID,
	    "line 4: duplicate key 'author'", "duplicate key");
	parse_fails("a: 1\nb:\n  c: 1\n  c: 2\n", 1, TEND_EINVALID,
	    "line 4: duplicate key 'c'", "nested duplicate key");
	parse_fails("a: 1\nb: *a\n", 2, TEND_EINVALID,
	    "line 3: aliases and anchors are not supported", "alias");
	parse_fails("a: &a 1\n", 2, TEND_EINVALID,
	    "line 2: aliases and anchors are not supported", "anchor");
	parse_fails("a: 1\nb: &x\n  c: 1\n", 1, TEND_EINVALID,
	    "line 2: aliases and anchors are not supported", "map anchor");
	parse_fails("a: 1\nb: !!str 1\n", 2, TEND_EINVALID,
	    "line 3: tags are not supported", "tag");
	parse_fails("a: !x [1]\n", 5, TEND_EINVALID,
	    "line 5: tags are not supported", "list tag");
	parse_fails("- a\n- b\n", 2, TEND_EINVALID,
	    "front matter must be a mapping", "top-level list");
	parse_fails("hello\n", 2, TEND_EINVALID,
	    "front matter must be a mapping", "scalar root");
	parse_fails("a: \"x\\0y\"\n", 2, TEND_EINVALID,
	    "line 2: text contains a NUL byte", "NUL in a value");
	parse_fails("a: 1\n\"k\\0\": 1\n", 2, TEND_EINVALID,
	    "line 3: text contains a NUL byte", "NUL in a key");
	parse_fails("? [a]\n: b\n", 1, TEND_EINVALID,
	    "line 1: keys must be plain text", "list as key");
	parse_fails("a: 1\n{b: 1}: c\n", 1, TEND_EINVALID,
	    "line 2: keys must be plain text", "map as key");
	parse_fails("a: 1\n---\nb: 2\n", 2, TEND_EINVALID,
	    "line 3: front matter must be a single document",
	    "two documents");
	parse_fails("a: \xff\n", 2, TEND_EINVALID,
	    "line 2: invalid leading UTF-8 octet", "bad UTF-8");

	/* The length counts, not a terminating NUL. */
	ok(tend_meta_parse(&meta, "a: 1XYZ", 4, 1) == 0, "length: parses");
	is_str(tend_meta_get_text(meta, "a"), "1", "length: stops at len");
	tend_meta_free(meta);
}

/* Nested mappings: the root counts as one level. */
static void
test_depth(void)
{
	char			 text[1024];
	struct tend_meta	*meta = NULL;
	size_t			 len, level;

	for (len = 0, level = 1; level < TEND_META_MAX_DEPTH; level++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%*sk:\n", (int)(2 * (level - 1)), "");
	snprintf(text + len, sizeof(text) - len, "%*sk: v\n",
	    (int)(2 * (level - 1)), "");
	ok(tend_meta_parse(&meta, text, strlen(text), 1) == 0,
	    "depth: 16 levels parse");
	tend_meta_free(meta);
	meta = NULL;

	for (len = 0, level = 1; level <= TEND_META_MAX_DEPTH; level++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%*sk:\n", (int)(2 * (level - 1)), "");
	snprintf(text + len, sizeof(text) - len, "%*sk: v\n",
	    (int)(2 * (level - 1)), "");
	parse_fails(text, 1, TEND_EINVALID,
	    "line 17: nesting deeper than 16 levels", "depth: 17 levels");
	parse_fails("a: [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]\n", 1,
	    TEND_EINVALID, "line 1: nesting deeper than 16 levels",
	    "depth: flow lists");
}

static void
test_edit(void)
{
	struct tend_meta	*meta, *child, *list;
	char			*text;

	meta = parse_ok("kind: checkin\nauthor: sam\nrating: 3\n",
	    "edit: parses");
	ok(tend_meta_set_text(meta, "author", "alex") == 0,
	    "edit: set existing key");
	is_int(tend_meta_count(meta), 3, "edit: no key added");
	is_str(tend_meta_key_at(meta, 1), "author", "edit: key keeps place");
	is_str(tend_meta_get_text(meta, "author"), "alex", "edit: new value");
	ok(tend_meta_set_plain(meta, "rating", "5") == 0,
	    "edit: set plain existing");
	ok(tend_meta_set_map(&child, meta, "kind") == 0 && child != NULL,
	    "edit: replace text with a map");
	is_str(tend_meta_key_at(meta, 0), "kind", "edit: map keeps place");
	ok(tend_meta_get(meta, "kind") == child, "edit: child is owned");
	ok(tend_meta_set_text(child, "inner", "x") == 0, "edit: set in child");
	ok(tend_meta_set_list(&list, child, "items") == 0 && list != NULL,
	    "edit: new list");
	ok(tend_meta_append_text(list, "one") == 0 &&
	    tend_meta_append_text(list, "true") == 0, "edit: append");
	text = emit_ok(meta, "edit: emits");
	is_str(text, "kind:\n  inner: x\n  items: [one, \"true\"]\n"
	    "author: alex\nrating: 5\n", "edit: emitted text");
	free(text);

	is_int(tend_meta_set_text(list, "k", "v"), TEND_EINVALID,
	    "edit: set on a list fails");
	is_int(tend_meta_set_plain(list, "k", "v"), TEND_EINVALID,
	    "edit: set plain on a list fails");
	is_int(tend_meta_set_map(&child, list, "k"), TEND_EINVALID,
	    "edit: set map on a list fails");
	ok(child == NULL, "edit: no child on failure");
	is_int(tend_meta_append_text(meta, "x"), TEND_EINVALID,
	    "edit: append to a map fails");
	is_int(tend_meta_remove(list, "k"), TEND_EINVALID,
	    "edit: remove from a list fails");

	is_int(tend_meta_remove(meta, "author"), 0, "edit: remove");
	is_int(tend_meta_count(meta), 2, "edit: one key fewer");
	is_str(tend_meta_key_at(meta, 1), "rating", "edit: later key moves up");
	is_str(tend_meta_get_text(meta, "author"), NULL, "edit: removed");
	is_int(tend_meta_remove(meta, "author"), TEND_ENOTFOUND,
	    "edit: remove absent");
	is_str(tend_error(), "no key 'author'", "edit: remove message");
	is_int(tend_meta_set_text(meta, "bad", "\xff"), 0,
	    "edit: set bad UTF-8");
	is_int(tend_meta_emit(&text, NULL, meta), TEND_EINVALID,
	    "edit: bad UTF-8 is refused on emit");
	ok(text == NULL, "edit: no text on failure");
	tend_meta_free(meta);
}

static void
test_empty(void)
{
	static const char *const texts[] = {
		"", "\n", "  \n\n", "# just a comment\n", "\n# a\n  # b\n",
	};
	struct tend_meta	*meta, *back;
	char			*text;
	size_t			 i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		meta = parse_ok(texts[i], "empty: parses");
		ok(meta != NULL && tend_meta_type(meta) == TEND_META_MAP &&
		    tend_meta_count(meta) == 0, "empty: an empty map");
		tend_meta_free(meta);
	}
	meta = NULL;
	ok(tend_meta_parse(&meta, NULL, 0, 1) == 0 && meta != NULL,
	    "empty: NULL text");
	text = emit_ok(meta, "empty: emits");
	back = text != NULL ? parse_ok(text, "empty: parses back") : NULL;
	is_int(tend_meta_count(back), 0, "empty: still empty");
	free(text);
	tend_meta_free(back);
	tend_meta_free(meta);

	meta = parse_ok("a:\nb: ''\nc: []\nd: {}\n", "empty values: parse");
	is_str(tend_meta_get_text(meta, "a"), "", "empty values: bare key");
	is_str(tend_meta_get_text(meta, "b"), "", "empty values: quoted");
	text = emit_ok(meta, "empty values: emit");
	is_str(text, "a:\nb: \"\"\nc: []\nd: {}\n", "empty values: text");
	free(text);
	tend_meta_free(meta);
}

int
main(void)
{
	test_entry();
	test_order();
	test_round_trip();
	test_quoting();
	test_astral();
	test_plain();
	test_errors();
	test_depth();
	test_edit();
	test_empty();
	/* A trailing plan: the count follows the tables above. */
	plan(tap_run);
	return done_testing();
}
