/*
 * The terminal sanitiser: whatever comes in, what goes out is valid UTF-8
 * with no byte that could steer a terminal; safe text passes unchanged,
 * and sanitising twice changes nothing more.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

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
	return 0;
}
