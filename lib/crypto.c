/*
 * The primitives tend takes from libsodium, the only file that includes
 * its header: random bytes, Ed25519 and its X25519 twin, sealed boxes,
 * secret boxes, BLAKE2b key derivation and keyed hashing, Argon2id, SHA-2
 * and base64.  Formats built on them (ssh.c, sshsig.c, keyring.c) never
 * call libsodium themselves, and none of them is tend's own invention.
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

int
tend_crypto_x25519_public(uint8_t out[TEND_X25519_PUBLIC],
    const uint8_t ed25519[TEND_ED25519_PUBLIC])
{
	if (crypto_sign_ed25519_pk_to_curve25519(out, ed25519) != 0)
		return tend_error_set(TEND_EINVALID, "the key cannot receive "
		    "an encrypted key (it is of a small order)");
	return 0;
}

int
tend_crypto_x25519_secret(uint8_t out[TEND_X25519_SECRET],
    const uint8_t ed25519[TEND_ED25519_SECRET])
{
	if (crypto_sign_ed25519_sk_to_curve25519(out, ed25519) != 0)
		return tend_error_set(TEND_EINVALID, "the key is damaged");
	return 0;
}

int
tend_crypto_box_seal(uint8_t *out, const uint8_t *data, size_t len,
    const uint8_t to[TEND_X25519_PUBLIC])
{
	if (crypto_box_seal(out, data, len, to) != 0)
		return tend_error_set(TEND_ERROR, "cannot encrypt a key");
	return 0;
}

int
tend_crypto_box_open(uint8_t *out, const uint8_t *sealed, size_t len,
    const uint8_t public[TEND_X25519_PUBLIC],
    const uint8_t secret[TEND_X25519_SECRET])
{
	if (len < TEND_BOX_SEAL_OVERHEAD ||
	    crypto_box_seal_open(out, sealed, len, public, secret) != 0)
		return tend_error_set(TEND_EINVALID, "it is not for this key, "
		    "or it was changed");
	return 0;
}

int
tend_crypto_secretbox(uint8_t *out, const uint8_t *data, size_t len,
    const uint8_t nonce[TEND_SECRETBOX_NONCE],
    const uint8_t key[TEND_SECRETBOX_KEY])
{
	if (crypto_secretbox_easy(out, data, len, nonce, key) != 0)
		return tend_error_set(TEND_ERROR, "cannot encrypt");
	return 0;
}

int
tend_crypto_secretbox_open(uint8_t *out, const uint8_t *boxed, size_t len,
    const uint8_t nonce[TEND_SECRETBOX_NONCE],
    const uint8_t key[TEND_SECRETBOX_KEY])
{
	if (len < TEND_SECRETBOX_MAC ||
	    crypto_secretbox_open_easy(out, boxed, len, nonce, key) != 0)
		return tend_error_set(TEND_EINVALID, "it is not for this key, "
		    "or it was changed");
	return 0;
}

int
tend_crypto_kdf(uint8_t *out, size_t len, uint64_t id,
    const char context[TEND_KDF_CONTEXT], const uint8_t key[TEND_KDF_KEY])
{
	if (len < crypto_kdf_BYTES_MIN || len > crypto_kdf_BYTES_MAX ||
	    crypto_kdf_derive_from_key(out, len, id, context, key) != 0)
		return tend_error_set(TEND_ERROR, "cannot derive a %zu-byte "
		    "key", len);
	return 0;
}

void
tend_crypto_keyed_hash(uint8_t *out, size_t len, const void *data,
    size_t datalen, const uint8_t key[TEND_KDF_KEY])
{
	crypto_generichash(out, len, data, datalen, key, TEND_KDF_KEY);
}

int
tend_crypto_argon2id(uint8_t *out, size_t len, const char *secret,
    size_t secretlen, const uint8_t salt[TEND_ARGON2_SALT],
    unsigned long long ops, size_t mem)
{
	if (ops < crypto_pwhash_OPSLIMIT_MIN || mem < crypto_pwhash_MEMLIMIT_MIN)
		return tend_error_set(TEND_EINVALID, "its key derivation is "
		    "too weak to use");
	if (ops > TEND_ARGON2_OPS_MAX || mem > TEND_ARGON2_MEM_MAX)
		return tend_error_set(TEND_EINVALID, "its key derivation would "
		    "take more time or memory than tend gives it");
	if (crypto_pwhash(out, len, secret, secretlen, salt, ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return tend_error_set(TEND_ERROR, "cannot derive a key from the "
		    "code (out of memory?)");
	return 0;
}
