/* Unit tests for lib/json.c: strings any bytes make, and front matter. */

#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

static void	string_is(const char *, size_t, const char *, const char *);
static void	meta_is(const char *, const char *, const char *);

static void
string_is(const char *text, size_t len, const char *want, const char *name)
{
	struct tend_buf	out = TEND_BUF_INIT;

	if (!ok(tend_json_string(&out, text, len) == 0, "%s: written", name))
		diag("%s", tend_error());
	is_str(out.data, want, name);
	tend_buf_free(&out);
}

static void
meta_is(const char *yaml, const char *want, const char *name)
{
	struct tend_meta	*meta;
	struct tend_buf		 out = TEND_BUF_INIT;

	if (!ok(tend_meta_parse(&meta, yaml, strlen(yaml), 1) == 0,
	    "%s: parsed", name)) {
		diag("%s", tend_error());
		return;
	}
	ok(tend_json_meta(&out, meta) == 0, "%s: written", name);
	is_str(out.data, want, name);
	tend_buf_free(&out);
	tend_meta_free(meta);
}

int
main(void)
{
	plan(41);

	string_is("", 0, "\"\"", "the empty string");
	string_is("plain words", 11, "\"plain words\"", "plain text as is");
	string_is("a \"quote\" and a \\", 17,
	    "\"a \\\"quote\\\" and a \\\\\"", "quotes and backslashes");
	string_is("a\nb\tc\rd", 7, "\"a\\nb\\tc\\rd\"", "newline, tab, CR");
	string_is("\033[31m\007\b\f\x7f", 9,
	    "\"\\u001b[31m\\u0007\\u0008\\u000c\x7f\"", "other controls");
	string_is("nul\0byte", 8, "\"nul\\u0000byte\"", "a NUL byte");
	string_is("Zo\xc3\xab \xe6\x9d\x8e\xe6\x98\x8e \xf0\x9f\x98\x80", 16,
	    "\"Zo\xc3\xab \xe6\x9d\x8e\xe6\x98\x8e \xf0\x9f\x98\x80\"",
	    "UTF-8 as it is");
	string_is("a\xe2\x80\xa8" "b\xe2\x80\xa9", 8, "\"a\\u2028b\\u2029\"",
	    "the JavaScript line ends escaped");
	string_is("bad \xff byte", 10, "\"bad \\ufffd byte\"",
	    "a byte that is not UTF-8");
	string_is("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"", "an overlong slash");
	string_is("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"",
	    "an encoded surrogate");
	string_is("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
	    "past U+10FFFF");
	string_is("cut \xe6\x9d", 6, "\"cut \\ufffd\\ufffd\"",
	    "a character cut short");

	meta_is("kind: checkin\npillars:\n  empathy: 4\n  shared: 2\n",
	    "{\"kind\": \"checkin\", \"pillars\": {\"empathy\": 4, "
	    "\"shared\": 2}}", "ratings are numbers");
	meta_is("a: -1.5e3\nb: \"4\"\nc: 007\nd: 1.\n",
	    "{\"a\": -1.5e3, \"b\": \"4\", \"c\": \"007\", \"d\": \"1.\"}",
	    "only plain JSON numbers are numbers");
	meta_is("a: true\nb: \"false\"\nc: null\nd: ~\ne:\nf: yes\n",
	    "{\"a\": true, \"b\": \"false\", \"c\": null, \"d\": null, "
	    "\"e\": null, \"f\": \"yes\"}", "booleans and nulls");
	meta_is("date: 2026-11-24T21:05:00+01:00\ntags: [a, b]\nempty: []\n",
	    "{\"date\": \"2026-11-24T21:05:00+01:00\", \"tags\": [\"a\", "
	    "\"b\"], \"empty\": []}", "dates are strings, lists arrays");
	meta_is("\"we\\\"ird\": \"x\\ty\"\n", "{\"we\\\"ird\": \"x\\ty\"}",
	    "keys are escaped too");
	return done_testing();
}
