/*
 * The agreement diff of two arbitrary texts (split at the first NUL byte):
 * it never fails but for memory, a text compared with itself shows no
 * change, and the readable diff is safe for a terminal in plain and in
 * colour.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

static void	compare(const char *, size_t, const char *, size_t);

static void
compare(const char *old, size_t oldlen, const char *new, size_t newlen)
{
	struct tend_diff	*diff;
	struct tend_buf		 out = TEND_BUF_INIT;
	int			 same;

	fuzz_check(tend_diff_texts(&diff, old, oldlen, new, newlen) == 0);
	fuzz_check(tend_diff_format(&out, diff, 0) == 0);
	fuzz_check(fuzz_terminal_safe((const unsigned char *)out.data,
	    out.len, 0));
	same = tend_diff_added(diff) == 0 && tend_diff_removed(diff) == 0 &&
	    tend_diff_changed(diff) == 0 && tend_diff_moved(diff) == 0 &&
	    tend_diff_renamed(diff) == 0;
	/* No change counted, nothing shown, and the other way round. */
	fuzz_check(same == (out.len == 0));
	out.len = 0;
	fuzz_check(tend_diff_format(&out, diff, TEND_RENDER_COLOR) == 0);
	fuzz_check(fuzz_terminal_safe((const unsigned char *)out.data,
	    out.len, 1));
	tend_buf_free(&out);
	tend_diff_free(diff);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tend_diff	*diff;
	struct tend_buf		 out = TEND_BUF_INIT;
	const char		*text = (const char *)data, *sep;
	size_t			 oldlen;

	sep = memchr(text, '\0', size);
	oldlen = sep != NULL ? (size_t)(sep - text) : size;
	compare(text, oldlen, sep != NULL ? sep + 1 : "",
	    sep != NULL ? size - oldlen - 1 : 0);

	/* A text against itself: no change at all. */
	fuzz_check(tend_diff_texts(&diff, text, oldlen, text, oldlen) == 0);
	fuzz_check(tend_diff_added(diff) == 0 && tend_diff_removed(diff) == 0 &&
	    tend_diff_changed(diff) == 0 && tend_diff_moved(diff) == 0 &&
	    tend_diff_renamed(diff) == 0);
	fuzz_check(tend_diff_format(&out, diff, 0) == 0 && out.len == 0);
	tend_buf_free(&out);
	tend_diff_free(diff);
	return 0;
}
