/*
 * The primitives tend takes from libsodium, the only file that includes
 * its header: random bytes, Ed25519, SHA-2 and base64.  Formats built on
 * them (ssh.c, sshsig.c) never call libsodium themselves.
 */

#include <sodium.h>

#include <string.h>

#include "internal.h"

int
tend_crypto_init(void)
{
	/* 0: started now, 1: started before; both are fine. */
	if (sodium_init() < 0)
		return tend_error_set(TEND_ERROR, "cannot start libsodium "
		    "(is /dev/urandom readable?)");
	return 0;
}

void
tend_crypto_random(void *out, size_t len)
{
	randombytes_buf(out, len);
}

void
tend_crypto_wipe(void *data, size_t len)
{
	sodium_memzero(data, len);
}

int
tend_crypto_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

int
tend_crypto_ed25519_keypair(uint8_t public[TEND_ED25519_PUBLIC],
    uint8_t secret[TEND_ED25519_SECRET], const uint8_t *seed)
{
	int	error;

	if (seed != NULL)
		error = crypto_sign_ed25519_seed_keypair(public, secret, seed);
	else
		error = crypto_sign_ed25519_keypair(public, secret);
	if (error != 0)
		return tend_error_set(TEND_ERROR, "cannot make a key");
	return 0;
}

int
tend_crypto_ed25519_sign(uint8_t signature[TEND_ED25519_SIGNATURE],
    const void *data, size_t len, const uint8_t secret[TEND_ED25519_SECRET])
{
	if (crypto_sign_ed25519_detached(signature, NULL, data, len,
	    secret) != 0)
		return tend_error_set(TEND_ERROR, "cannot sign");
	return 0;
}

int
tend_crypto_ed25519_verify(const uint8_t signature[TEND_ED25519_SIGNATURE],
    const void *data, size_t len, const uint8_t public[TEND_ED25519_PUBLIC])
{
	/* libsodium also refuses small-order keys and non-canonical values. */
	if (crypto_sign_ed25519_verify_detached(signature, data, len,
	    public) != 0)
		return tend_error_set(TEND_EINVALID, "the signature does not "
		    "match what was signed");
	return 0;
}

void
tend_crypto_sha256(uint8_t out[TEND_SHA256_SIZE], const void *data,
    size_t len)
{
	crypto_hash_sha256(out, data, len);
}

void
tend_crypto_sha512(uint8_t out[TEND_SHA512_SIZE], const void *data,
    size_t len)
{
	crypto_hash_sha512(out, data, len);
}

int
tend_crypto_base64(struct tend_buf *out, const void *data, size_t len,
    enum tend_base64 variant)
{
	int	sodium_variant = variant == TEND_BASE64_PADDED ?
		    sodium_base64_VARIANT_ORIGINAL :
		    sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
	size_t	size = sodium_base64_encoded_len(len, sodium_variant);
	int	error;

	if ((error = tend_buf_grow(out, size)) < 0)
		return error;
	sodium_bin2base64(out->data + out->len, size, data, len,
	    sodium_variant);
	/* The size counts the NUL that bin2base64 writes. */
	out->len += size - 1;
	return 0;
}

int
tend_crypto_unbase64(uint8_t *out, size_t max, size_t *len,
    const char *text, size_t textlen, const char *ignore)
{
	const char	*end;

	if (sodium_base642bin(out, max, text, textlen, ignore, len, &end,
	    sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != text + textlen)
		return tend_error_set(TEND_EINVALID, "not base64, or longer "
		    "than %zu bytes", max);
	return 0;
}
