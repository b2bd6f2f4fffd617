/*
 * Deterministic authenticated encryption: AES-SIV (RFC 5297), as
 * libgcrypt's GCRY_CIPHER_MODE_SIV does it.  The one file that includes
 * <gcrypt.h>; libgcrypt's errors become tend's here.  Also the plain
 * SHA-1 with which tend doctor checks that an object is whole.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "internal.h"

/* The first release with GCRY_CIPHER_MODE_SIV. */
#define GCRYPT_NEEDED	"1.10.0"

/* A key set up once for any number of texts. */
struct tend_siv {
	gcry_cipher_hd_t	hd;
};

static int	siv_fail(gcry_error_t, const char *);
static int	siv_start(struct tend_siv *, const struct tend_siv_ad *,
		    size_t);

/*
 * A pointer to an input of no bytes: libgcrypt reads a NULL input of
 * encrypt and decrypt as "in place, the whole output buffer".
 */
static const uint8_t	nothing[1];

/* Record libgcrypt's ERR after CONTEXT, and return a tend code. */
static int
siv_fail(gcry_error_t err, const char *context)
{
	if (gcry_err_code(err) == GPG_ERR_ENOMEM)
		return tend_error_nomem();
	return tend_error_set(TEND_ERROR, "%s: %s", context,
	    gcry_strerror(err));
}

int
tend_siv_new(struct tend_siv **out, const uint8_t *key, size_t keylen)
{
	struct tend_siv	*siv;
	gcry_error_t	 err;
	int		 algo;

	*out = NULL;
	if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
		return tend_error_set(TEND_ERROR,
		    "libgcrypt is not set up: tend_lib_init was not called");
	/* SIV's key is two AES keys: S2V's (CMAC) half, then CTR's. */
	switch (keylen) {
	case 32:
		algo = GCRY_CIPHER_AES128;
		break;
	case 64:
		algo = GCRY_CIPHER_AES256;
		break;
	default:
		return tend_error_set(TEND_EINVALID,
		    "an AES-SIV key has 32 or 64 bytes, not %zu", keylen);
	}
	if ((siv = malloc(sizeof(*siv))) == NULL)
		return tend_error_nomem();
	if ((err = gcry_cipher_open(&siv->hd, algo, GCRY_CIPHER_MODE_SIV,
	    0)) != 0) {
		free(siv);
		return siv_fail(err, "cannot start AES-SIV");
	}
	if ((err = gcry_cipher_setkey(siv->hd, key, keylen)) != 0) {
		tend_siv_free(siv);
		return siv_fail(err, "cannot start AES-SIV");
	}
	*out = siv;
	return 0;
}

void
tend_siv_free(struct tend_siv *siv)
{
	if (siv == NULL)
		return;
	/* Closing wipes the handle, keys and all. */
	gcry_cipher_close(siv->hd);
	free(siv);
}

/*
 * Take SIV back to the state its key left it in, and give it the NAD
 * components of AD.  gcry_cipher_reset keeps the key: for SIV, the CMAC
 * and CTR halves, and clears the rest, the decryption tag included.
 * Each gcry_cipher_authenticate call is one component of S2V, as RFC 5297
 * has them: libgcrypt's cipher-siv.c doubles and xors once a call (and
 * refuses a 127th), and its manual says "multiple AD instances can be
 * passed to SIV mode with separate calls".  A nonce is no more than the
 * last component (gcry_cipher_setiv does the same).
 */
static int
siv_start(struct tend_siv *siv, const struct tend_siv_ad *ad, size_t nad)
{
	gcry_error_t	err;
	size_t		i;

	if (nad > TEND_SIV_AD_MAX)
		return tend_error_set(TEND_EINVALID,
		    "%zu components of associated data: the most is %d", nad,
		    TEND_SIV_AD_MAX);
	if ((err = gcry_cipher_reset(siv->hd)) != 0)
		return siv_fail(err, "cannot start AES-SIV");
	for (i = 0; i < nad; i++)
		if ((err = gcry_cipher_authenticate(siv->hd, ad[i].len != 0 ?
		    ad[i].data : nothing, ad[i].len)) != 0)
			return siv_fail(err, "cannot start AES-SIV");
	return 0;
}

int
tend_siv_init(void)
{
	gcry_error_t	err;

	/* libgcrypt wants this before any other call, and takes it again. */
	if (gcry_check_version(GCRYPT_NEEDED) == NULL)
		return tend_error_set(TEND_ERROR,
		    "libgcrypt %s is too old: tend needs %s or later",
		    gcry_check_version(NULL), GCRYPT_NEEDED);
	/* Whoever set it up first (tend, or a program tend is part of) wins. */
	if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
		return 0;
	/*
	 * Secure memory is a small locked pool that libgcrypt warns about on
	 * stderr when it cannot lock it, and a library never prints.  tend
	 * never asks for it: keys and plaintext are in ordinary memory, and
	 * wiped (tend_crypto_wipe) when done with.
	 */
	if ((err = gcry_control(GCRYCTL_DISABLE_SECMEM, 0)) != 0 ||
	    (err = gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0)) != 0)
		return siv_fail(err, "cannot set up libgcrypt");
	return 0;
}

int
tend_siv_seal(struct tend_siv *siv, uint8_t *out,
    const struct tend_siv_ad *ad, size_t nad, const uint8_t *in, size_t len)
{
	gcry_error_t	err;
	int		error;

	if ((error = siv_start(siv, ad, nad)) < 0)
		return error;
	/* All of it in one call: S2V takes the plaintext as a whole. */
	err = gcry_cipher_encrypt(siv->hd, out + TEND_SIV_TAG, len,
	    len != 0 ? in : nothing, len);
	if (err == 0)
		err = gcry_cipher_gettag(siv->hd, out, TEND_SIV_TAG);
	if (err != 0)
		return siv_fail(err, "cannot encrypt with AES-SIV");
	return 0;
}

int
tend_siv_open(struct tend_siv *siv, uint8_t *out,
    const struct tend_siv_ad *ad, size_t nad, const uint8_t *in, size_t len)
{
	gcry_error_t	 err;
	uint8_t		*scratch;
	size_t		 plain_len;
	int		 error;

	if (len < TEND_SIV_TAG)
		return tend_error_set(TEND_EINVALID,
		    "the data is cut short: %zu bytes, less than a tag", len);
	plain_len = len - TEND_SIV_TAG;
	/*
	 * CTR decrypts before S2V can check the tag: the plaintext goes to
	 * a scratch buffer, and to OUT only when it proves authentic.
	 */
	if ((scratch = malloc(plain_len != 0 ? plain_len : 1)) == NULL)
		return tend_error_nomem();
	if ((error = siv_start(siv, ad, nad)) < 0) {
		free(scratch);
		return error;
	}
	err = gcry_cipher_set_decryption_tag(siv->hd, in, TEND_SIV_TAG);
	if (err == 0)
		err = gcry_cipher_decrypt(siv->hd, scratch, plain_len,
		    plain_len != 0 ? in + TEND_SIV_TAG : nothing, plain_len);
	if (err == 0 && plain_len != 0)
		memcpy(out, scratch, plain_len);
	tend_crypto_wipe(scratch, plain_len);
	free(scratch);
	if (gcry_err_code(err) == GPG_ERR_CHECKSUM)
		return tend_error_set(TEND_EINVALID,
		    "the data does not authenticate (wrong key, or changed)");
	if (err != 0)
		return siv_fail(err, "cannot decrypt with AES-SIV");
	return 0;
}

void
tend_git_object_id(uint8_t out[TEND_SHA1_SIZE], const char *type,
    const void *data, size_t len)
{
	gcry_buffer_t	parts[2];
	char		header[64];
	int		n;

	n = snprintf(header, sizeof(header), "%s %zu", type, len);
	memset(parts, 0, sizeof(parts));
	parts[0].size = parts[0].len = (size_t)n + 1;	/* and its NUL */
	parts[0].data = header;
	parts[1].size = parts[1].len = len;
	parts[1].data = (void *)(uintptr_t)data;
	/* SHA-1 is there in every libgcrypt: this cannot fail. */
	(void)gcry_md_hash_buffers(GCRY_MD_SHA1, 0, out, parts, 2);
}
