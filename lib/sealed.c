/*
 * The sealed blob, format version 1: what an encrypted journal's host
 * stores of each file, name and commit message.  A header says what the
 * blob holds and which key generation sealed it; the plaintext is padded
 * to a bucket, so that its size shows only to the bucket, and sealed
 * with AES-SIV (siv.c), the header its associated data.  Header and
 * padding are framing only: the encryption is siv.c's.
 *
 *	offset	size
 *	0	6	"\0tend\0": git and grep see binary, and no Markdown
 *			file starts so
 *	6	1	the version, 1
 *	7	1	what it holds (enum tend_sealed_what)
 *	8	4	the key generation, big-endian, from 1
 *	12	16	the SIV tag
 *	28	n	the ciphertext of the padded plaintext
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAGIC		"\0tend\0"
#define MAGIC_LEN	6
#define VERSION		1
#define AD_LEN		12	/* magic, version, what, generation */
#define BUCKET_TEXT	256	/* a file or a commit message */
#define BUCKET_NAME	32	/* a name: names are short */
#define PAD_MARK	0x80	/* ISO/IEC 7816-4 padding: 0x80, then zeros */

static size_t	 bucket_of(enum tend_sealed_what);
static const char *what_name(enum tend_sealed_what);
static size_t	 padded_size(size_t, size_t);
static int	 unpad(size_t *, const uint8_t *, size_t, size_t);
static void	 header_put(uint8_t *, enum tend_sealed_what, uint32_t);

/* The bucket WHAT's plaintext is padded to; 0 when WHAT is unknown. */
static size_t
bucket_of(enum tend_sealed_what what)
{
	switch (what) {
	case TEND_SEALED_FILE:
	case TEND_SEALED_MESSAGE:
		return BUCKET_TEXT;
	case TEND_SEALED_NAME:
		return BUCKET_NAME;
	}
	return 0;
}

static const char *
what_name(enum tend_sealed_what what)
{
	switch (what) {
	case TEND_SEALED_FILE:
		return "a file";
	case TEND_SEALED_NAME:
		return "a name";
	case TEND_SEALED_MESSAGE:
		return "a commit message";
	}
	return "an unknown kind";
}

/* LEN bytes and the padding: at least the 0x80, up to a whole bucket. */
static size_t
padded_size(size_t len, size_t bucket)
{
	return (len / bucket + 1) * bucket;
}

/*
 * The length of the plaintext in PADDED, SIZE bytes, when its padding is
 * the one tend_sealed_seal writes: 0x80, zeros, and no bucket more than
 * needed.  So a blob opens to one plaintext only, which seals to that
 * blob again.  It runs after authentication, on what the key's holder
 * made, so its timing tells an attacker nothing.
 */
static int
unpad(size_t *len, const uint8_t *padded, size_t size, size_t bucket)
{
	size_t	end = size;

	while (end > 0 && padded[end - 1] == 0)
		end--;
	if (end == 0 || padded[end - 1] != PAD_MARK || end - 1 >
	    TEND_SEALED_MAX || padded_size(end - 1, bucket) != size)
		return tend_error_set(TEND_EINVALID, "the padding is damaged");
	*len = end - 1;
	return 0;
}

static void
header_put(uint8_t *header, enum tend_sealed_what what, uint32_t generation)
{
	memcpy(header, MAGIC, MAGIC_LEN);
	header[6] = VERSION;
	header[7] = (uint8_t)what;
	header[8] = (uint8_t)(generation >> 24);
	header[9] = (uint8_t)(generation >> 16);
	header[10] = (uint8_t)(generation >> 8);
	header[11] = (uint8_t)generation;
}

int
tend_sealed_is(const char *data, size_t len)
{
	return len >= MAGIC_LEN && memcmp(data, MAGIC, MAGIC_LEN) == 0;
}

int
tend_sealed_seal(struct tend_buf *out, enum tend_sealed_what what,
    uint32_t generation, struct tend_siv *siv, const char *plain, size_t len)
{
	struct tend_siv_ad	 ad;
	uint8_t			*padded, *blob = NULL;
	size_t			 bucket, size;
	int			 error;

	if ((bucket = bucket_of(what)) == 0)
		return tend_error_set(TEND_EINVALID,
		    "cannot seal data of unknown kind %d", (int)what);
	if (generation == 0)
		return tend_error_set(TEND_EINVALID,
		    "cannot seal with key generation 0: they start at 1");
	if (len > TEND_SEALED_MAX)
		return tend_error_set(TEND_EINVALID,
		    "cannot seal %zu bytes: the most is 64 MiB", len);
	size = padded_size(len, bucket);
	if ((padded = malloc(size)) == NULL)
		return tend_error_nomem();
	if (len != 0)
		memcpy(padded, plain, len);
	padded[len] = PAD_MARK;
	memset(padded + len + 1, 0, size - len - 1);
	if ((blob = malloc(TEND_SEALED_HEADER + size)) == NULL) {
		error = tend_error_nomem();
		goto done;
	}
	header_put(blob, what, generation);
	ad.data = blob;
	ad.len = AD_LEN;
	if ((error = tend_siv_seal(siv, blob + AD_LEN, &ad, 1, padded,
	    size)) == 0)
		error = tend_buf_put(out, (const char *)blob,
		    TEND_SEALED_HEADER + size);

done:
	tend_crypto_wipe(padded, size);
	free(padded);
	free(blob);
	return error;
}

int
tend_sealed_generation(uint32_t *generation, enum tend_sealed_what *what,
    const char *data, size_t len)
{
	const uint8_t	*header = (const uint8_t *)data;
	size_t		 bucket, size;
	uint32_t	 number;

	if (!tend_sealed_is(data, len))
		return tend_error_set(TEND_EINVALID,
		    "not sealed: the data does not start with tend's header");
	if (len == MAGIC_LEN)
		return tend_error_set(TEND_EINVALID,
		    "the sealed data is cut short (%zu bytes)", len);
	/* A newer version may be laid out otherwise past its number. */
	if (header[6] > VERSION)
		return tend_error_set(TEND_EINVALID,
		    "made by a newer tend (format version %d)", header[6]);
	if (header[6] != VERSION)
		return tend_error_set(TEND_EINVALID,
		    "unknown format version %d", header[6]);
	if (len < AD_LEN)
		return tend_error_set(TEND_EINVALID,
		    "the sealed data is cut short (%zu bytes)", len);
	if ((bucket = bucket_of((enum tend_sealed_what)header[7])) == 0)
		return tend_error_set(TEND_EINVALID,
		    "unknown kind of sealed data (%d)", header[7]);
	number = (uint32_t)header[8] << 24 | (uint32_t)header[9] << 16 |
	    (uint32_t)header[10] << 8 | header[11];
	if (number == 0)
		return tend_error_set(TEND_EINVALID,
		    "sealed with key generation 0, which is never used");
	if (len < TEND_SEALED_HEADER + bucket)
		return tend_error_set(TEND_EINVALID,
		    "the sealed data is cut short (%zu bytes)", len);
	size = len - TEND_SEALED_HEADER;
	if (size % bucket != 0 || size > padded_size(TEND_SEALED_MAX, bucket))
		return tend_error_set(TEND_EINVALID,
		    "the sealed data has a wrong length (%zu bytes)", len);
	*generation = number;
	*what = (enum tend_sealed_what)header[7];
	return 0;
}

int
tend_sealed_open(struct tend_buf *out, enum tend_sealed_what want,
    struct tend_siv *siv, const char *data, size_t len)
{
	struct tend_siv_ad	 ad;
	enum tend_sealed_what	 what;
	uint32_t		 generation;
	uint8_t			*padded;
	size_t			 size, plain_len = 0;
	int			 error;

	if ((error = tend_sealed_generation(&generation, &what, data,
	    len)) < 0)
		return error;
	if (what != want)
		return tend_error_set(TEND_EINVALID, "sealed as %s, not as %s",
		    what_name(what), what_name(want));
	size = len - TEND_SEALED_HEADER;
	if ((padded = malloc(size)) == NULL)
		return tend_error_nomem();
	ad.data = data;
	ad.len = AD_LEN;
	if ((error = tend_siv_open(siv, padded, &ad, 1,
	    (const uint8_t *)data + AD_LEN, len - AD_LEN)) == 0 &&
	    (error = unpad(&plain_len, padded, size, bucket_of(what))) == 0)
		error = tend_buf_put(out, (const char *)padded, plain_len);
	tend_crypto_wipe(padded, size);
	free(padded);
	return error;
}
