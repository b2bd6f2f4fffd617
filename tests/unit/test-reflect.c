/* The reflection editor's template, and what is kept of what was saved. */

#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

/* Strip IN and compare with WANT (NULL: expect the empty-text error). */
static void
check_strip(const char *in, const char *want, const char *name)
{
	char	*out = NULL;
	size_t	 len = 0;
	int	 error;

	error = tend_reflect_strip(&out, &len, in, strlen(in));
	if (want == NULL) {
		ok(error == TEND_EINVALID && strstr(tend_error(), "empty") !=
		    NULL, "%s", name);
		return;
	}
	if (is_str(error == 0 ? out : tend_error(), want, name))
		is_int((long)len, (long)strlen(want), "its length");
	free(out);
}

static void
check_trim(const char *in, const char *want, const char *name)
{
	const char	*text = in;
	size_t		 len = strlen(in);
	char		*got;

	tend_text_trim(&text, &len);
	got = strndup(text, len);
	is_str(got, want, name);
	free(got);
}

int
main(void)
{
	check_strip("<!--\nQuestion?\n\nGuidance.\n-->\n\nMy words.\n\n",
	    "My words.", "the template block goes");
	check_strip("<!--\nQuestion?\n-->\n", NULL,
	    "the template alone is an empty text");
	check_strip("   \n\n", NULL, "blank space is an empty text");
	check_strip("Just words.\n", "Just words.", "no block: all is kept");
	check_strip("<!-- q -->\nMine.\n<!-- my note -->\n",
	    "Mine.\n<!-- my note -->", "a later comment is the writer's");
	check_strip("<!-- never closed\nWords.\n",
	    "<!-- never closed\nWords.", "an unclosed block is kept");
	check_strip("\n\n<!--x-->\n\n    code\n", "    code",
	    "indentation of the first line stays");
	check_trim("\n  \n  indented\nnext\n\n \t", "  indented\nnext",
	    "trim: blank lines before, white space after");
	check_trim(" \n\t\n", "", "trim: all blank");
	check_trim("x", "x", "trim: nothing to trim");
	plan(tap_run);
	return done_testing();
}
