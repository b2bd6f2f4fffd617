/*
 * An encrypted journal's cipher on this device: the journal keys its
 * device key opens in .tend/keyring, and what they seal.  Each key
 * generation gives its AES-SIV key (sealed.c) by libsodium's key
 * derivation; files, commit messages and the names in paths are sealed
 * with the newest generation and opened by whichever generation their
 * header names.  Sealing is deterministic, so git, which cleans a file again
 * whenever its stat data changes, sees the same blob for the same text.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SUBKEY_CONTEXT	"tendjrnl"
#define SUBKEY_SIV	1
/* RFC 4648 base32 in lowercase: file names that no file system folds. */
#define BASE32		"abcdefghijklmnopqrstuvwxyz234567"

struct tend_cipher {
	struct tend_journal_keys	*keys;
	/*
	 * The SIV subkey of each generation the keys hold, in their order,
	 * set up once: a checkout through the filter opens thousands of
	 * files, and setting the key up again for each cost twice what
	 * opening them does.
	 */
	struct tend_siv			**siv;
	uint32_t			*generations;
	size_t				 count;
};

static struct tend_siv *siv_of(const struct tend_cipher *, uint32_t);

int
tend_cipher_new(struct tend_cipher **out, struct tend_journal_keys *keys)
{
	struct tend_cipher	*cipher;
	const uint8_t		*key;
	uint8_t			 subkey[TEND_SIV_KEY];
	uint32_t		 g, newest;
	size_t			 n = 0;
	int			 error = 0;

	if ((cipher = calloc(1, sizeof(*cipher))) == NULL) {
		tend_journal_keys_free(keys);
		return tend_error_nomem();
	}
	cipher->keys = keys;
	newest = tend_journal_keys_current(keys, &key);
	for (g = 1; g <= newest; g++)
		n += tend_journal_keys_get(keys, g) != NULL;
	if ((cipher->siv = calloc(n, sizeof(*cipher->siv))) == NULL ||
	    (cipher->generations = calloc(n, sizeof(uint32_t))) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	for (g = 1; g <= newest && error == 0; g++) {
		if ((key = tend_journal_keys_get(keys, g)) == NULL)
			continue;
		if ((error = tend_crypto_kdf(subkey, sizeof(subkey),
		    SUBKEY_SIV, SUBKEY_CONTEXT, key)) == 0 &&
		    (error = tend_siv_new(&cipher->siv[cipher->count], subkey,
		    sizeof(subkey))) == 0)
			cipher->generations[cipher->count++] = g;
	}
	tend_crypto_wipe(subkey, sizeof(subkey));
out:
	if (error < 0) {
		tend_cipher_free(cipher);
		return error;
	}
	*out = cipher;
	return 0;
}

void
tend_cipher_free(struct tend_cipher *cipher)
{
	size_t	i;

	if (cipher == NULL)
		return;
	for (i = 0; i < cipher->count; i++)
		tend_siv_free(cipher->siv[i]);
	free(cipher->siv);
	free(cipher->generations);
	tend_journal_keys_free(cipher->keys);
	free(cipher);
}

const struct tend_journal_keys *
tend_cipher_keys(const struct tend_cipher *cipher)
{
	return cipher->keys;
}

/* The SIV key of GENERATION, or NULL when this device lacks it. */
static struct tend_siv *
siv_of(const struct tend_cipher *cipher, uint32_t generation)
{
	size_t	i;

	for (i = 0; i < cipher->count; i++)
		if (cipher->generations[i] == generation)
			return cipher->siv[i];
	return NULL;
}

int
tend_cipher_seal(struct tend_buf *out, const struct tend_cipher *cipher,
    enum tend_sealed_what what, const char *plain, size_t len)
{
	return tend_sealed_seal(out, what, cipher->generations[cipher->count -
	    1], cipher->siv[cipher->count - 1], plain, len);
}

int
tend_cipher_open(struct tend_buf *out, const struct tend_cipher *cipher,
    enum tend_sealed_what what, const char *data, size_t len)
{
	enum tend_sealed_what	 had;
	struct tend_siv		*siv;
	uint32_t		 generation;
	int			 error;

	/* Written before the journal was encrypted: read as it is. */
	if (!tend_sealed_is(data, len))
		return tend_buf_put(out, data, len);
	if ((error = tend_sealed_generation(&generation, &had, data, len)) < 0)
		return error;
	if ((siv = siv_of(cipher, generation)) == NULL)
		return tend_error_set(TEND_EINVALID, "it is sealed with key "
		    "generation %lu, which this device was never given",
		    (unsigned long)generation);
	return tend_sealed_open(out, what, siv, data, len);
}

int
tend_cipher_name(struct tend_buf *out, const struct tend_cipher *cipher,
    const char *name)
{
	struct tend_buf	 sealed = TEND_BUF_INIT;
	const uint8_t	*p;
	uint32_t	 bits = 0;
	size_t		 i, nbits = 0;
	int		 error;

	if ((error = tend_cipher_seal(&sealed, cipher, TEND_SEALED_NAME, name,
	    strlen(name))) < 0)
		goto out;
	/* Five bits a letter, the last one padded with zero bits. */
	for (i = 0, p = (const uint8_t *)sealed.data; i < sealed.len &&
	    error == 0; i++) {
		bits = bits << 8 | p[i];
		nbits += 8;
		while (nbits >= 5 && error == 0) {
			nbits -= 5;
			error = tend_buf_put(out, &BASE32[(bits >> nbits) & 31],
			    1);
		}
	}
	if (error == 0 && nbits > 0)
		error = tend_buf_put(out, &BASE32[(bits << (5 - nbits)) & 31],
		    1);
out:
	tend_buf_free(&sealed);
	return error;
}

int
tend_cipher_unname(struct tend_buf *out, const struct tend_cipher *cipher,
    const char *text, size_t len)
{
	struct tend_buf	 sealed = TEND_BUF_INIT;
	const char	*at;
	uint32_t	 bits = 0;
	uint8_t		 byte;
	size_t		 i, nbits = 0;
	int		 error = 0;

	for (i = 0; i < len && error == 0; i++) {
		if ((at = memchr(BASE32, text[i], 32)) == NULL || text[i] ==
		    '\0')
			return tend_error_set(TEND_EINVALID, "not a sealed name");
		bits = bits << 5 | (uint32_t)(at - BASE32);
		nbits += 5;
		if (nbits >= 8) {
			nbits -= 8;
			byte = (uint8_t)(bits >> nbits);
			error = tend_buf_put(&sealed, (const char *)&byte, 1);
		}
	}
	/* Only zero bits may be left over, as tend_cipher_name writes. */
	if (error == 0 && (nbits >= 5 || (bits & ((1u << nbits) - 1)) != 0))
		error = tend_error_set(TEND_EINVALID, "not a sealed name");
	if (error == 0 && !tend_sealed_is(sealed.data, sealed.len))
		error = tend_error_set(TEND_EINVALID, "not a sealed name");
	if (error == 0)
		error = tend_cipher_open(out, cipher, TEND_SEALED_NAME,
		    sealed.data, sealed.len);
	tend_buf_free(&sealed);
	return error;
}
