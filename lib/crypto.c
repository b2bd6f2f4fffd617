/*
 * libsodium, wrapped: the one file that includes its header.  For now
 * SHA-256 alone, for the checksum of invitation codes (words.c).
 */

#include <sodium.h>

#include "internal.h"

void
tend_crypto_sha256(uint8_t out[32], const void *data, size_t len)
{
	/* libsodium has a single, portable SHA-256: no sodium_init needed. */
	crypto_hash_sha256(out, data, len);
}
