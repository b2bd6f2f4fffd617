/*
 * The terminal sanitiser: whatever comes in, what goes out is valid UTF-8
 * with no byte that could steer a terminal; safe text passes unchanged,
 * and sanitising twice changes nothing more.  A field is one line, as
 * many columns wide as it was asked to be.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

static size_t	characters(const char *);
static void	check_field(const uint8_t *, size_t);

/* Characters in valid UTF-8: the bytes that start one. */
static size_t
characters(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * The locale is "C" here, as setlocale(3) is never called: one column a
 * character, so widths can be counted without wcwidth(3).
 */
static void
check_field(const uint8_t *data, size_t size)
{
	char	*text, *once, *twice, *fitted;
	size_t	 width = size > 0 ? data[0] % 24 : 0;

	fuzz_check((text = malloc(size + 1)) != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_check(tend_text_field(&once, text, 0, 0) == 0);
	fuzz_check(fuzz_terminal_safe((const unsigned char *)once,
	    strlen(once), 0));
	fuzz_check(strchr(once, '\n') == NULL && strchr(once, '\t') == NULL);
	fuzz_check(tend_text_field(&twice, once, 0, 0) == 0);
	fuzz_check(strcmp(once, twice) == 0);
	fuzz_check(tend_text_field(&fitted, text, width,
	    TEND_FIELD_CUT | TEND_FIELD_PAD) == 0);
	fuzz_check(fuzz_terminal_safe((const unsigned char *)fitted,
	    strlen(fitted), 0));
	fuzz_check(width == 0 ? strcmp(fitted, once) == 0 :
	    characters(fitted) == width);
	free(text);
	free(once);
	free(twice);
	free(fitted);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tend_buf	once = TEND_BUF_INIT, twice = TEND_BUF_INIT;
	const char	*text = (const char *)data;

	/* Output is appended: what the buffer held before must stay. */
	fuzz_check(tend_buf_puts(&once, "> ") == 0);
	fuzz_check(tend_text_sanitize(&once, text, size) == 0);
	fuzz_check(once.len >= 2 && memcmp(once.data, "> ", 2) == 0);
	fuzz_check(once.data[once.len] == '\0');
	fuzz_check(fuzz_terminal_safe((const unsigned char *)once.data,
	    once.len, 0));

	/* Safe input is left as it is, and only safe input is. */
	if (fuzz_terminal_safe(data, size, 0) && memchr(data, '\0', size) ==
	    NULL)
		fuzz_check(once.len == size + 2 &&
		    memcmp(once.data + 2, data, size) == 0);
	else
		fuzz_check(once.len != size + 2 ||
		    memcmp(once.data + 2, data, size) != 0);

	fuzz_check(tend_text_sanitize(&twice, once.data, once.len) == 0);
	fuzz_check(twice.len == once.len &&
	    memcmp(twice.data, once.data, once.len) == 0);

	/* Validation agrees with the independent UTF-8 check. */
	fuzz_check((tend_text_validate("input", text, size) == 0) ==
	    (fuzz_utf8_valid(data, size) && memchr(data, '\0', size) == NULL));

	tend_buf_free(&once);
	tend_buf_free(&twice);
	check_field(data, size);
	return 0;
}
