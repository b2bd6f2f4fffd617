/* Unit tests for lib/words.c: bytes as words, codes and fingerprints. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

#define MAX_WORDS	32
#define MAX_BYTES	((MAX_WORDS * 11 + 7) / 8)

static uint32_t	next_random(uint32_t *);
static size_t	bytes_for(size_t);
static void	encodes(const uint8_t *, size_t, size_t, const char *,
		    const char *);
static void	code_is(const uint8_t *, const char *, const char *);
static void	decode_fails(size_t, const char *, const char *,
		    const char *);
static void	code_fails(const char *, const char *, const char *);
static char	*replace_word(const char *, size_t, const char *);
static int	checksum_of(const uint8_t *);
static void	every_word(void);
static void	round_trips(void);
static void	separators(void);
static void	errors(void);
static void	checksum(void);

/* A fixed xorshift32: the same "random" inputs on every machine. */
static uint32_t
next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static size_t
bytes_for(size_t nwords)
{
	return (nwords * 11 + 7) / 8;
}

/* The first NWORDS words of the LEN bytes at DATA read WANT. */
static void
encodes(const uint8_t *data, size_t len, size_t nwords, const char *want,
    const char *name)
{
	struct tend_buf	out = TEND_BUF_INIT;

	is_int(tend_words_encode(&out, data, len, nwords), 0, name);
	is_str(out.data, want, name);
	tend_buf_free(&out);
}

/* SECRET's code reads WANT, and WANT reads back to SECRET. */
static void
code_is(const uint8_t *secret, const char *want, const char *name)
{
	struct tend_buf	out = TEND_BUF_INIT;
	uint8_t		back[TEND_CODE_BYTES];

	is_int(tend_words_code(&out, secret), 0, name);
	is_str(out.data, want, name);
	memset(back, 0x5a, sizeof(back));
	is_int(tend_words_code_read(back, want), 0, name);
	ok(memcmp(back, secret, sizeof(back)) == 0, "%s: read back", name);
	tend_buf_free(&out);
}

/* Reading NWORDS words of TEXT fails with MESSAGE and leaves zeros. */
static void
decode_fails(size_t nwords, const char *text, const char *message,
    const char *name)
{
	uint8_t	out[MAX_BYTES];
	size_t	i, len = bytes_for(nwords);
	int	zero = 1;

	memset(out, 0x5a, sizeof(out));
	is_int(tend_words_decode(out, len, nwords, text), TEND_EINVALID,
	    name);
	is_str(tend_error(), message, name);
	for (i = 0; i < len; i++)
		zero &= out[i] == 0;
	ok(zero, "%s: nothing is left in the output", name);
}

/* Reading TEXT as a code fails with MESSAGE; the secret is untouched. */
static void
code_fails(const char *text, const char *message, const char *name)
{
	uint8_t	secret[TEND_CODE_BYTES];
	size_t	i;
	int	untouched = 1;

	memset(secret, 0x5a, sizeof(secret));
	is_int(tend_words_code_read(secret, text), TEND_EINVALID, name);
	is_str(tend_error(), message, name);
	for (i = 0; i < sizeof(secret); i++)
		untouched &= secret[i] == 0x5a;
	ok(untouched, "%s: the secret is untouched", name);
}

/* TEXT, words joined by single spaces, with word AT (from 0) made WORD. */
static char *
replace_word(const char *text, size_t at, const char *word)
{
	struct tend_buf	 out = TEND_BUF_INIT;
	const char	*p = text, *end;
	size_t		 i;

	for (i = 0; *p != '\0'; i++) {
		end = strchr(p, ' ');
		if (end == NULL)
			end = p + strlen(p);
		if (i > 0)
			tend_buf_put(&out, " ", 1);
		if (i == at)
			tend_buf_puts(&out, word);
		else
			tend_buf_put(&out, p, (size_t)(end - p));
		p = *end == ' ' ? end + 1 : end;
	}
	return tend_buf_detach(&out);
}

/* The 4 bits of SHA-256 a code adds to SECRET. */
static int
checksum_of(const uint8_t *secret)
{
	uint8_t	digest[32];

	tend_crypto_sha256(digest, secret, TEND_CODE_BYTES);
	return digest[0] >> 4;
}

/*
 * Every word of the list, from its index: it reads back whole, by every
 * start of four letters or more, in capitals; a shorter start does not.
 */
static void
every_word(void)
{
	struct tend_buf	 out = TEND_BUF_INIT;
	char		 previous[16] = "", typed[16];
	uint8_t		 data[2], back[2];
	size_t		 i, len, cut;
	int		 sorted = 1, whole = 1, starts = 1, capitals = 1;
	int		 shorter = 1, sizes = 1, prefixes = 1;

	for (i = 0; i < TEND_WORDS_COUNT; i++) {
		data[0] = (uint8_t)(i >> 3);
		data[1] = (uint8_t)((i & 7) << 5);
		out.len = 0;
		if (tend_words_encode(&out, data, 2, 1) < 0)
			break;
		len = strlen(out.data);
		sizes &= len >= 3 && len <= 8;
		sorted &= strcmp(previous, out.data) < 0;
		prefixes &= strncmp(previous, out.data, 4) != 0;
		whole &= tend_words_decode(back, 2, 1, out.data) == 0 &&
		    memcmp(back, data, 2) == 0;
		for (cut = 4; cut <= len; cut++) {
			memcpy(typed, out.data, cut);
			typed[cut] = '\0';
			starts &= tend_words_decode(back, 2, 1, typed) == 0 &&
			    memcmp(back, data, 2) == 0;
		}
		for (cut = 0; cut < len; cut++)
			typed[cut] = (char)(out.data[cut] - 'a' + 'A');
		typed[len] = '\0';
		capitals &= tend_words_decode(back, 2, 1, typed) == 0 &&
		    memcmp(back, data, 2) == 0;
		if (len > 3) {
			memcpy(typed, out.data, 3);
			typed[3] = '\0';
			shorter &= tend_words_decode(back, 2, 1, typed) < 0;
		}
		strcpy(previous, out.data);
	}
	is_int((long)i, TEND_WORDS_COUNT, "every index has a word");
	ok(sizes, "every word has 3 to 8 letters");
	ok(sorted, "the words are sorted and distinct");
	ok(prefixes, "no two words begin with the same four letters");
	ok(whole, "every word reads back to its index");
	ok(starts, "every start of four letters or more reads as its word");
	ok(capitals, "every word reads in capitals");
	ok(shorter, "three letters of a longer word are no word");
	tend_buf_free(&out);
}

/* Random bytes of every length up to MAX_WORDS words, and random codes. */
static void
round_trips(void)
{
	struct tend_buf	 out = TEND_BUF_INIT;
	uint8_t		 data[MAX_BYTES], back[MAX_BYTES];
	uint8_t		 secret[TEND_CODE_BYTES], read[TEND_CODE_BYTES];
	uint32_t	 state = 20261124;
	size_t		 nwords, len, i, words, trial;
	int		 same = 1, counted = 1, codes = 1;

	for (trial = 0; trial < 50; trial++)
		for (nwords = 1; nwords <= MAX_WORDS; nwords++) {
			len = bytes_for(nwords);
			for (i = 0; i < len; i++)
				data[i] = (uint8_t)next_random(&state);
			/* What is past the last word reads back as zero. */
			if (nwords * 11 % 8 != 0)
				data[len - 1] &= (uint8_t)(0xff <<
				    (8 - nwords * 11 % 8));
			out.len = 0;
			if (tend_words_encode(&out, data, len, nwords) < 0) {
				same = 0;
				continue;
			}
			for (words = 1, i = 0; out.data[i] != '\0'; i++)
				words += out.data[i] == ' ';
			counted &= words == nwords;
			memset(back, 0x5a, sizeof(back));
			same &= tend_words_decode(back, len, nwords,
			    out.data) == 0 && memcmp(back, data, len) == 0;
		}
	ok(counted, "N words are N words joined by single spaces");
	ok(same, "random bytes of 1 to %d words read back", MAX_WORDS);

	for (trial = 0; trial < 500; trial++) {
		for (i = 0; i < TEND_CODE_BYTES; i++)
			secret[i] = (uint8_t)next_random(&state);
		out.len = 0;
		codes &= tend_words_code(&out, secret) == 0 &&
		    tend_words_code_read(read, out.data) == 0 &&
		    memcmp(read, secret, sizeof(read)) == 0;
	}
	ok(codes, "500 random codes read back");
	tend_buf_free(&out);
}

/* What a person types or pastes: starts, capitals, hyphens, lines. */
static void
separators(void)
{
	static const uint8_t	zero[TEND_CODE_BYTES];
	static const char	*const spellings[] = {
		"aard aard aard aard aard aard aard aard aard aard aard abso",
		"AARDVARK Aardvark aardVARK aardv aardva aardvar aardvark "
		    "AARD aard aard aard ABSORB",
		"aardvark-aardvark-aardvark-aardvark aardvark-aardvark-"
		    "aardvark-aardvark aardvark-aardvark-aardvark-absorb",
		"aardvark aardvark aardvark aardvark\naardvark aardvark "
		    "aardvark aardvark\r\naardvark aardvark aardvark absorb\n",
		"  aardvark,aardvark, aardvark ,\taardvark\t\taardvark "
		    "-- aardvark,,aardvark - aardvark\n\n aardvark aardvark "
		    "aardvark absorb  ",
	};
	uint8_t			 secret[TEND_CODE_BYTES];
	size_t			 i;

	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		memset(secret, 0x5a, sizeof(secret));
		ok(tend_words_code_read(secret, spellings[i]) == 0 &&
		    memcmp(secret, zero, sizeof(secret)) == 0,
		    "spelling %zu reads the all-zero code", i + 1);
	}
}

static void
errors(void)
{
	struct tend_buf	out = TEND_BUF_INIT;
	uint8_t		data[MAX_BYTES];
	char		longword[64];

	memset(data, 0, sizeof(data));
	decode_fails(12, "apple apple apple apple bannana apple apple apple "
	    "apple apple apple apple",
	    "word 5, 'bannana', is not in the word list", "an unknown word");
	decode_fails(3, "apple \x1b[31mred apple",
	    "word 2 is not in the word list", "a word with an escape");
	decode_fails(2, "apple caf\xc3\xa9", "word 2 is not in the word list",
	    "a word that is not ASCII");
	memset(longword, 'q', sizeof(longword) - 1);
	longword[sizeof(longword) - 1] = '\0';
	decode_fails(1, longword,
	    "word 1, 'qqqqqqqqqqqqqqqqqqqq', is not in the word list",
	    "a long word is cut to 20 bytes");
	decode_fails(2, "apple app", "word 2, 'app', is not in the word list",
	    "three letters of a longer word");
	decode_fails(2, "apple applz", "word 2, 'applz', is not in the word "
	    "list", "four right letters, then a wrong one");
	decode_fails(2, "apple apples", "word 2, 'apples', is not in the word "
	    "list", "a plural");
	decode_fails(2, "apple 42", "word 2, '42', is not in the word list",
	    "a number");
	decode_fails(12, "apple apple apple", "expected 12 words, found 3",
	    "too few words");
	decode_fails(12, "apple apple apple apple apple apple apple apple "
	    "apple apple apple apple apple", "expected 12 words, found 13",
	    "too many words");
	decode_fails(12, " -,\n", "expected 12 words, found 0",
	    "separators alone");
	decode_fails(1, "apple apple", "expected 1 word, found 2",
	    "one word");
	decode_fails(3, "apple apple apple apple bannana",
	    "word 5, 'bannana', is not in the word list",
	    "an unknown word past the last is named too");

	is_int(tend_words_decode(data, 16, 12, "apple"), TEND_EINVALID,
	    "12 words into 16 bytes");
	is_str(tend_error(), "12 words of 11 bits make 17 bytes, not 16",
	    "the message gives both counts");
	is_int(tend_words_encode(&out, data, 1, 1), TEND_EINVALID,
	    "one byte holds no word");
	is_str(tend_error(), "1 word of 11 bits makes 2 bytes, more than 1",
	    "the message gives both counts");
	is_int(tend_words_encode(&out, data, 16, 12), TEND_EINVALID,
	    "16 bytes hold no 12 words");
	ok(out.len == 0, "a refused encoding appends nothing");
	is_int(tend_words_encode(&out, data, 0, 0), 0, "no words of nothing");
	is_str(out.data, "", "no words are an empty string");
	is_int(tend_words_decode(NULL, 0, 0, " \n"), 0,
	    "no words from separators alone");
	is_int(tend_words_fingerprint(&out, data, 10), TEND_EINVALID,
	    "a digest of 10 bytes");
	is_str(tend_error(), "a fingerprint needs a digest of 11 bytes or "
	    "more, not 10", "the message says how much is needed");
	tend_buf_free(&out);

	code_fails("apple", "expected 12 words, found 1", "a code too short");
	code_fails("aardvark aardvark aardvark aardvark aardvark aardvark "
	    "aardvark aardvark aardvark aardvark aardvark able",
	    "the code has a typo: its words do not add up; check each word",
	    "a code whose last word is wrong");
	code_fails("aardvark aardvark aardvark aardvark able aardvark "
	    "aardvark aardvark aardvark aardvark aardvark absorb",
	    "the code has a typo: its words do not add up; check each word",
	    "a code with a word changed");
}

/*
 * The 4 bits of checksum catch a changed word 15 times in 16.  The last
 * word holds the secret's last 7 bits and the checksum: of its 2048
 * values, one in each group of 16 that share 7 bits is right.
 */
static void
checksum(void)
{
	struct tend_buf	 out = TEND_BUF_INIT, word = TEND_BUF_INIT;
	uint8_t		 secret[TEND_CODE_BYTES], changed[TEND_CODE_BYTES];
	uint8_t		 read[TEND_CODE_BYTES], data[2];
	char		*text;
	size_t		 i, at, passed = 0, last_passed = 0, total = 0;
	int		 right, as_told = 1, last_as_told = 1, error;

	for (i = 0; i < TEND_CODE_BYTES; i++)
		secret[i] = (uint8_t)(0x10 + i);
	is_int(tend_words_code(&out, secret), 0, "the code of 10 11 ... 1f");

	/* Word 12 as every word of the list. */
	for (i = 0; i < TEND_WORDS_COUNT; i++) {
		data[0] = (uint8_t)(i >> 3);
		data[1] = (uint8_t)((i & 7) << 5);
		word.len = 0;
		tend_words_encode(&word, data, 2, 1);
		text = replace_word(out.data, 11, word.data);
		memcpy(changed, secret, sizeof(changed));
		changed[15] = (uint8_t)((changed[15] & 0x80) | i >> 4);
		right = checksum_of(changed) == (int)(i & 0xf);
		error = tend_words_code_read(read, text);
		last_as_told &= right ? error == 0 &&
		    memcmp(read, changed, sizeof(read)) == 0 :
		    error == TEND_EINVALID;
		last_passed += error == 0;
		free(text);
	}
	ok(last_as_told, "word 12 passes just when its 4 bits are the "
	    "checksum of the secret it makes");
	is_int((long)last_passed, 128, "one word in each group of 16 passes "
	    "as word 12, the code's own among them");

	/* Words 1 to 11 as every other word: the secret changes. */
	for (at = 0; at < 11; at++)
		for (i = 0; i < TEND_WORDS_COUNT; i++) {
			data[0] = (uint8_t)(i >> 3);
			data[1] = (uint8_t)((i & 7) << 5);
			word.len = 0;
			tend_words_encode(&word, data, 2, 1);
			text = replace_word(out.data, at, word.data);
			error = tend_words_code_read(read, text);
			free(text);
			if (error == 0 && memcmp(read, secret,
			    sizeof(read)) == 0)
				continue;	/* the word it was */
			total++;
			passed += error == 0;
			as_told &= error == 0 ? checksum_of(read) ==
			    checksum_of(secret) : error == TEND_EINVALID;
		}
	ok(as_told, "a changed word among 1 to 11 passes just when the new "
	    "secret has the same checksum");
	ok(passed * 16 <= total + total / 10, "%zu of %zu changed words "
	    "pass, about one in 16", passed, total);
	tend_buf_free(&out);
	tend_buf_free(&word);
}

int
main(void)
{
	static const uint8_t	counting[TEND_CODE_BYTES] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	};
	struct tend_buf		out = TEND_BUF_INIT;
	uint8_t			zero[TEND_CODE_BYTES], ones[TEND_CODE_BYTES];
	uint8_t			digest[32], data[2];

	plan(109);

	memset(zero, 0, sizeof(zero));
	memset(ones, 0xff, sizeof(ones));

	/* SHA-256("abc"), FIPS 180-2's first example: the checksum's hash. */
	tend_crypto_sha256(digest, "abc", 3);
	ok(memcmp(digest, "\xba\x78\x16\xbf\x8f\x01\xcf\xea\x41\x41\x40\xde"
	    "\x5d\xae\x22\x23\xb0\x03\x61\xa3\x96\x17\x7a\x9c\xb4\x10\xff\x61"
	    "\xf2\x00\x15\xad", 32) == 0, "SHA-256 of 'abc'");

	/*
	 * Known answers, worked out by hand from the list: word 0 is
	 * aardvark, 3 absorb, 64 apple, 1024 library, 2037 zeal, 2047 zoo.
	 */
	encodes(zero, 11, 8, "aardvark aardvark aardvark aardvark aardvark "
	    "aardvark aardvark aardvark", "eight zero words");
	encodes(ones, 11, 8, "zoo zoo zoo zoo zoo zoo zoo zoo",
	    "eight words of all ones");
	/* 0x80 00: the top bit alone is 10000000000, 1024. */
	data[0] = 0x80;
	data[1] = 0x00;
	encodes(data, 2, 1, "library", "the top bit is word 1024");
	/*
	 * 00 01 02 03 04 ...: 00000000000 (0), 00001000000 (64, apple),
	 * 10000000110 (1030, lime), 00001000000 (64), 01010000011 (643,
	 * film), ...
	 */
	encodes(counting, 11, 8, "aardvark apple lime apple film air calcium "
	    "canoe", "a counting pattern");
	is_int(tend_words_fingerprint(&out, counting, 16), 0,
	    "a fingerprint of a longer digest");
	is_str(out.data, "aardvark apple lime apple film air calcium canoe",
	    "a fingerprint is the first 88 bits");
	out.len = 0;
	tend_buf_puts(&out, "code: ");
	encodes(ones, 2, 1, "zoo", "one word from two bytes");
	is_int(tend_words_encode(&out, zero, 2, 1), 0, "appending");
	is_str(out.data, "code: aardvark", "words are appended to the buffer");
	tend_buf_free(&out);
	data[0] = data[1] = 0x5a;
	is_int(tend_words_decode(data, 2, 1, "zoo"), 0, "one word");
	ok(data[0] == 0xff && data[1] == 0xe0,
	    "the 5 bits past one word are zero");

	/*
	 * Codes.  SHA-256 of 16 zero bytes begins 0x37, so the checksum is
	 * 3 and word 12 is 0000000 0011, absorb; of 16 bytes 0xff it begins
	 * 0x5a: 1111111 0101 is 2037, zeal; of 00 01 ... 0f it begins 0xbe:
	 * word 12 is the last 7 bits, 0001111, and 1011, 251, cabin.
	 */
	code_is(zero, "aardvark aardvark aardvark aardvark aardvark aardvark "
	    "aardvark aardvark aardvark aardvark aardvark absorb",
	    "the all-zero code");
	code_is(ones, "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zeal",
	    "the all-ones code");
	code_is(counting, "aardvark apple lime apple film air calcium canoe "
	    "assist gold effort cabin", "the counting code");

	every_word();
	round_trips();
	separators();
	errors();
	checksum();
	return done_testing();
}
