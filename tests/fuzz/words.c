/*
 * Words read back from any text: whatever reads as a code or as N words
 * writes back to words that read as the same bytes, in capitals and with
 * hyphens too; whatever does not leaves no bytes behind and a message of
 * printable ASCII.  The first byte picks N (0 to 32); the rest is text.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

#define INPUT_MAX	4096
#define MAX_WORDS	32
#define MAX_BYTES	((MAX_WORDS * 11 + 7) / 8)

static int	printable(const char *);
static void	check_words(const char *, size_t);
static void	check_code(const char *);

/* Whether S is printable ASCII, as a message naming a typo must be. */
static int
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static void
check_words(const char *text, size_t nwords)
{
	struct tend_buf	written = TEND_BUF_INIT;
	uint8_t		out[MAX_BYTES], again[MAX_BYTES];
	size_t		len = (nwords * 11 + 7) / 8, i;

	memset(out, 0x5a, sizeof(out));
	if (tend_words_decode(out, len, nwords, text) < 0) {
		fuzz_check(printable(tend_error()) && strlen(tend_error()) > 0);
		for (i = 0; i < len; i++)
			fuzz_check(out[i] == 0);
		return;
	}
	/* The bits past the last word are zero. */
	if (nwords * 11 % 8 != 0)
		fuzz_check((out[len - 1] & (0xff >> nwords * 11 % 8)) == 0);
	fuzz_check(tend_words_encode(&written, out, len, nwords) == 0);
	fuzz_check(tend_words_decode(again, len, nwords, written.data) == 0);
	fuzz_check(memcmp(again, out, len) == 0);
	/* Each word written is lowercase; as a person may type it, too. */
	for (i = 0; i < written.len; i++) {
		fuzz_check(written.data[i] == ' ' ||
		    (written.data[i] >= 'a' && written.data[i] <= 'z'));
		written.data[i] = written.data[i] == ' ' ? '-' :
		    (char)(written.data[i] - 'a' + 'A');
	}
	fuzz_check(tend_words_decode(again, len, nwords, written.data) == 0);
	fuzz_check(memcmp(again, out, len) == 0);
	tend_buf_free(&written);
}

static void
check_code(const char *text)
{
	struct tend_buf	written = TEND_BUF_INIT;
	uint8_t		secret[TEND_CODE_BYTES], again[TEND_CODE_BYTES];
	size_t		i, spaces = 0;

	memset(secret, 0x5a, sizeof(secret));
	if (tend_words_code_read(secret, text) < 0) {
		fuzz_check(printable(tend_error()) && strlen(tend_error()) > 0);
		for (i = 0; i < sizeof(secret); i++)
			fuzz_check(secret[i] == 0x5a);
		return;
	}
	fuzz_check(tend_words_code(&written, secret) == 0);
	for (i = 0; i < written.len; i++)
		spaces += written.data[i] == ' ';
	fuzz_check(spaces == TEND_CODE_WORDS - 1);
	fuzz_check(tend_words_code_read(again, written.data) == 0);
	fuzz_check(memcmp(again, secret, sizeof(secret)) == 0);
	tend_buf_free(&written);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	text[INPUT_MAX + 1];
	size_t	nwords;

	if (size == 0)
		return 0;
	nwords = data[0] % (MAX_WORDS + 1);
	size--;
	if (size > INPUT_MAX)
		size = INPUT_MAX;
	memcpy(text, data + 1, size);
	text[size] = '\0';

	check_words(text, nwords);
	check_code(text);
	return 0;
}
