/*
 * An encrypted journal's .tend/keyring as a partner may push it: whatever
 * its bytes, tend_keyring_parse refuses it naming a line, or reads it
 * whole, and what it reads writes back to a text that reads to the same
 * text again.  A fixed device key unlocks what it can; nothing crashes.
 * Invitations are not redeemed here: each costs Argon2id's memory.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

#define INPUT_MAX	16384

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t			 secret[TEND_ED25519_SECRET];
	static int			 started;
	struct tend_keyring		*ring, *again;
	struct tend_journal_keys	*keys;
	struct tend_buf			 text = TEND_BUF_INIT;
	struct tend_buf			 text2 = TEND_BUF_INIT;
	uint8_t				 public[TEND_ED25519_PUBLIC];
	uint8_t				 seed[TEND_ED25519_SEED];
	int				 error;

	if (!started) {
		fuzz_check(tend_crypto_init() == 0);
		memset(seed, 7, sizeof(seed));
		fuzz_check(tend_crypto_ed25519_keypair(public, secret,
		    seed) == 0);
		started = 1;
	}
	if (size > INPUT_MAX)
		return 0;
	error = tend_keyring_parse(&ring, (const char *)data, size);
	if (error < 0) {
		fuzz_check(error == TEND_EINVALID || error == TEND_ENOMEM);
		fuzz_check(strlen(tend_error()) > 0);
		return 0;
	}
	fuzz_check(tend_keyring_text(&text, ring) == 0);
	fuzz_check(tend_keyring_parse(&again, text.data, text.len) == 0);
	fuzz_check(tend_keyring_text(&text2, again) == 0);
	fuzz_check(text.len == text2.len &&
	    memcmp(text.data, text2.data, text.len) == 0);
	error = tend_keyring_unlock(&keys, ring, secret);
	fuzz_check(error == 0 || error == TEND_ENOTFOUND ||
	    error == TEND_EINVALID);
	if (error == 0)
		tend_journal_keys_free(keys);
	fuzz_check(tend_keyring_revoke(ring, public) <= size);
	tend_keyring_free(again);
	tend_keyring_free(ring);
	tend_buf_free(&text);
	tend_buf_free(&text2);
	return 0;
}
