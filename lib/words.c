/*
 * Bytes written as words and read back: invitation codes that partners
 * read aloud or paste, and key fingerprints they compare aloud.  Each word
 * of the list stands for 11 bits, most significant first, as in BIP-39.
 */

#include <stdint.h>
#include <string.h>

#include "internal.h"
/* tend_words_list[]: made from content/words/en.txt by the Makefile. */
#include "words-list.h"

#define WORD_BITS	11
#define WORD_MAX	8	/* letters in the longest word */
#define PREFIX_LEN	4	/* letters that tell any two words apart */
#define SHOWN_MAX	20	/* bytes of an unknown word a message shows */
#define CHECK_BITS	4	/* of the SHA-256 that follow a code's secret */
#define CODE_LEN	((TEND_CODE_WORDS * WORD_BITS + 7) / 8)

_Static_assert(sizeof(tend_words_list) / sizeof(tend_words_list[0]) ==
    TEND_WORDS_COUNT, "content/words/en.txt must hold 2048 words");
_Static_assert(TEND_WORDS_LONGEST <= WORD_MAX,
    "no word of content/words/en.txt may be longer than WORD_MAX");
_Static_assert(TEND_CODE_BYTES * 8 + CHECK_BITS ==
    TEND_CODE_WORDS * WORD_BITS, "a code's words hold secret and checksum");

static size_t		bytes_for(size_t);
static unsigned int	bits_get(const uint8_t *, size_t);
static void		bits_put(uint8_t *, size_t, unsigned int);
static int		is_separator(int);
static int		find_word(unsigned int *, const char *, size_t);
static int		unknown_word(size_t, const char *, size_t);

/* The bytes NWORDS words make, ceil(NWORDS * 11 / 8); SIZE_MAX if too many. */
static size_t
bytes_for(size_t nwords)
{
	if (nwords > (SIZE_MAX - 7) / WORD_BITS)
		return SIZE_MAX;
	return (nwords * WORD_BITS + 7) / 8;
}

/* The 11 bits of DATA from bit BIT on (0 is the top bit of DATA[0]). */
static unsigned int
bits_get(const uint8_t *data, size_t bit)
{
	unsigned int	value = 0;
	int		i;

	for (i = 0; i < WORD_BITS; i++, bit++)
		value = value << 1 | (data[bit / 8] >> (7 - bit % 8) & 1);
	return value;
}

/* Set the 11 bits of OUT from bit BIT on to VALUE; they were zero. */
static void
bits_put(uint8_t *out, size_t bit, unsigned int value)
{
	int	i;

	for (i = WORD_BITS - 1; i >= 0; i--, bit++)
		if (value >> i & 1)
			out[bit / 8] |= 0x80 >> (bit % 8);
}

/* What may part words: what a person types, and what a paste brings. */
static int
is_separator(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' ||
	    c == ',';
}

/*
 * The index of the word that TOKEN (LEN bytes) gives, whole or by a start
 * of four letters or more, in any case; 0 when no word fits.
 */
static int
find_word(unsigned int *index, const char *token, size_t len)
{
	const char	*word;
	char		 key[WORD_MAX + 1];
	size_t		 i, low = 0, high = TEND_WORDS_COUNT, mid;
	int		 c, cmp, found = 0;

	if (len > WORD_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)token[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c < 'a' || c > 'z') {
			tend_crypto_wipe(key, sizeof(key));
			return 0;
		}
		key[i] = (char)c;
	}
	key[len] = '\0';
	/*
	 * The list is sorted and no two words begin with the same four
	 * letters, so their starts are in order too.  A key of three letters
	 * meets only the word it is: strncmp compares its NUL.
	 */
	while (low < high) {
		mid = low + (high - low) / 2;
		word = tend_words_list[mid];
		if ((cmp = strncmp(key, word, PREFIX_LEN)) == 0) {
			found = len <= strlen(word) && memcmp(key, word, len) == 0;
			*index = (unsigned int)mid;
			break;
		}
		if (cmp < 0)
			high = mid;
		else
			low = mid + 1;
	}
	/* The letters may be a code's. */
	tend_crypto_wipe(key, sizeof(key));
	return found;
}

/*
 * Fail naming word POSITION, showing what was typed only when it is
 * printable ASCII, which cannot steer a terminal or break a message.
 */
static int
unknown_word(size_t position, const char *token, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if ((unsigned char)token[i] < '!' ||
		    (unsigned char)token[i] > '~')
			return tend_error_set(TEND_EINVALID,
			    "word %zu is not in the word list", position);
	return tend_error_set(TEND_EINVALID,
	    "word %zu, '%.*s', is not in the word list", position,
	    (int)(len < SHOWN_MAX ? len : SHOWN_MAX), token);
}

int
tend_words_encode(struct tend_buf *out, const uint8_t *data, size_t len,
    size_t nwords)
{
	size_t	i, start = out->len;
	int	error;

	if (bytes_for(nwords) > len)
		return tend_error_set(TEND_EINVALID,
		    "%zu word%s of 11 bits make%s %zu bytes, more than %zu",
		    nwords, nwords == 1 ? "" : "s", nwords == 1 ? "s" : "",
		    bytes_for(nwords), len);
	/* Room for all at once: no word is left behind by a realloc. */
	if ((error = tend_buf_grow(out, nwords * (WORD_MAX + 1))) < 0)
		return error;
	for (i = 0; i < nwords && error == 0; i++) {
		if (i > 0)
			error = tend_buf_put(out, " ", 1);
		if (error == 0)
			error = tend_buf_puts(out,
			    tend_words_list[bits_get(data, i * WORD_BITS)]);
	}
	if (error < 0) {
		tend_crypto_wipe(out->data + start, out->len - start);
		out->len = start;
	}
	return error;
}

int
tend_words_decode(uint8_t *out, size_t len, size_t nwords, const char *text)
{
	const char	*p = text, *start;
	unsigned int	 index;
	size_t		 count = 0;

	if (bytes_for(nwords) != len)
		return tend_error_set(TEND_EINVALID,
		    "%zu word%s of 11 bits make%s %zu bytes, not %zu",
		    nwords, nwords == 1 ? "" : "s", nwords == 1 ? "s" : "",
		    bytes_for(nwords), len);
	if (len > 0)
		memset(out, 0, len);
	for (;;) {
		while (is_separator((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		for (start = p; *p != '\0' && !is_separator((unsigned char)*p);
		    p++)
			;
		count++;
		/* A word out of the list is named wherever it stands. */
		if (!find_word(&index, start, (size_t)(p - start))) {
			tend_crypto_wipe(out, len);
			return unknown_word(count, start, (size_t)(p - start));
		}
		if (count <= nwords)
			bits_put(out, (count - 1) * WORD_BITS, index);
	}
	if (count != nwords) {
		tend_crypto_wipe(out, len);
		return tend_error_set(TEND_EINVALID,
		    "expected %zu word%s, found %zu", nwords,
		    nwords == 1 ? "" : "s", count);
	}
	return 0;
}

int
tend_words_code(struct tend_buf *out, const uint8_t secret[TEND_CODE_BYTES])
{
	uint8_t	bits[CODE_LEN], digest[32];
	int	error;

	memcpy(bits, secret, TEND_CODE_BYTES);
	tend_crypto_sha256(digest, secret, TEND_CODE_BYTES);
	bits[TEND_CODE_BYTES] = digest[0] & 0xf0;
	error = tend_words_encode(out, bits, sizeof(bits), TEND_CODE_WORDS);
	tend_crypto_wipe(bits, sizeof(bits));
	tend_crypto_wipe(digest, sizeof(digest));
	return error;
}

int
tend_words_code_read(uint8_t secret[TEND_CODE_BYTES], const char *text)
{
	uint8_t	bits[CODE_LEN], digest[32];
	int	error;

	if ((error = tend_words_decode(bits, sizeof(bits), TEND_CODE_WORDS,
	    text)) < 0)
		return error;
	tend_crypto_sha256(digest, bits, TEND_CODE_BYTES);
	/* A wrong word passes this by chance once in 16 times. */
	if (((digest[0] ^ bits[TEND_CODE_BYTES]) & 0xf0) != 0)
		error = tend_error_set(TEND_EINVALID, "the code has a typo: "
		    "its words do not add up; check each word");
	else
		memcpy(secret, bits, TEND_CODE_BYTES);
	tend_crypto_wipe(bits, sizeof(bits));
	tend_crypto_wipe(digest, sizeof(digest));
	return error;
}

int
tend_words_fingerprint(struct tend_buf *out, const uint8_t *digest,
    size_t len)
{
	if (len < bytes_for(TEND_FINGERPRINT_WORDS))
		return tend_error_set(TEND_EINVALID, "a fingerprint needs a "
		    "digest of %zu bytes or more, not %zu",
		    bytes_for(TEND_FINGERPRINT_WORDS), len);
	return tend_words_encode(out, digest, len, TEND_FINGERPRINT_WORDS);
}
