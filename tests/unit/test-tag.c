/* Unit tests for lib/tag.c: tags typed, and tags read from front matter. */

#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

static void	good(const char *, const char *);
static void	bad(const char *, const char *, const char *);
static void	meta(const char *, int, const char *);

static void
good(const char *tag, const char *want)
{
	char	out[TEND_TAG_MAX + 1];

	is_int(tend_tag_check(out, tag), 0, want);
	is_str(out, want, want);
}

static void
bad(const char *tag, const char *message, const char *name)
{
	char	out[TEND_TAG_MAX + 1];

	is_int(tend_tag_check(out, tag), TEND_EINVALID, name);
	is_str(tend_error(), message, name);
}

/* Front matter YAML, and whether its tags pass. */
static void
meta(const char *yaml, int want, const char *name)
{
	struct tend_meta	*m = NULL;

	if (tend_meta_parse(&m, yaml, strlen(yaml), 2) < 0) {
		ok(0, "%s: parses", name);
		return;
	}
	is_int(tend_tags_check_meta(m), want, name);
	tend_meta_free(m);
}

int
main(void)
{
	plan(35);
	good("work", "work");
	good("Work-Life_2", "work-life_2");
	good("été", "été");
	good("ÉTÉ", "ÉtÉ");
	good("李明", "李明");
	good("Zoë", "zoë");
	good("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	bad("", "a tag cannot be empty", "empty");
	bad("two words", "bad tag 'two words': a tag holds letters, digits, "
	    "'-' and '_', no spaces", "a space");
	bad("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bad tag "
	    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa': a tag is at most 32 bytes",
	    "33 bytes");
	bad("a\033b", "bad tag 'a\xef\xbf\xbd" "b': a tag holds letters, "
	    "digits, '-' and '_', no spaces", "a control, shown safely");
	bad("a\377", "bad tag 'a\xef\xbf\xbd': not valid UTF-8", "not UTF-8");
	bad("\xf0\x9f\x93\xb1", "bad tag '\xf0\x9f\x93\xb1': a tag holds "
	    "letters, digits, '-' and '_', no spaces", "an emoji");
	bad("a\xc2\xa0" "b", "bad tag 'a\xc2\xa0" "b': a tag holds letters, "
	    "digits, '-' and '_', no spaces", "a no-break space");
	meta("kind: checkin\n", 0, "no tags");
	meta("tags: [work, Money]\n", 0, "a list");
	meta("tags:\n- work\n- home\n", 0, "a block list");
	meta("tags: work\n", TEND_EINVALID, "not a list");
	meta("tags: [[a]]\n", TEND_EINVALID, "a list in the list");
	meta("tags: [a b]\n", TEND_EINVALID, "a bad tag");
	meta("tags: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q]\n",
	    TEND_EINVALID, "17 tags");
	return done_testing();
}
