/*
 * Unit tests for lib/keyring.c and the primitives it takes from
 * lib/crypto.c: libsodium's key derivation against BLAKE2b as Python's
 * hashlib computes it, sealed boxes to an Ed25519 key's X25519 twin, and
 * a keyring written once by tend 0.1 and frozen here, so that version 1
 * of the format reads the same for as long as journals hold it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

/*
 * crypto_kdf of the key 00 01 .. 1f, context "tendjrnl": BLAKE2b-512 with
 * that key, the id as salt and the context as personalisation, from
 * hashlib.blake2b(b"", digest_size=64, key=key, salt=id.to_bytes(8,
 * "little") + bytes(8), person=b"tendjrnl" + bytes(8)).
 */
static const char *const kdf_vectors[] = {
	"218fc604ff19320c1457d9fefe6ff236b41076b27934579b0da4e90b0d97716e"
	"eaa042e53b12c501f7df0bc113218630af2238c011014d65bb383a1f8fed7875",
	"1dcab4a49ddbc2027493408b3a62ed8aa985b39453a37d7a3c92996fcacbcacf"
	"bcc62930278ba09174d0f5fa459e1279354cae138fee84e0df828a079c76843a",
};

/* The key tests/unit/test-ssh.c checks against ssh-keygen. */
static const char alex_private[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACC8qun3pULUKz/xAm69st1FBFu1VtHAAuQ8lJGjsmshLAAAAJhijDDLYoww\n"
    "ywAAAAtzc2gtZWQyNTUxOQAAACC8qun3pULUKz/xAm69st1FBFu1VtHAAuQ8lJGjsmshLA\n"
    "AAAEBFPdNCxYeILSzFzBtGj3Bz2qTL8ThgBQ7C1nNP8GEcTLyq6felQtQrP/ECbr2y3UUE\n"
    "W7VW0cAC5DyUkaOyayEsAAAAEGFsZXhAZXhhbXBsZS5vcmcBAgMEBQ==\n"
    "-----END OPENSSH PRIVATE KEY-----\n";

/*
 * Generations 1 and 2 sealed to that key, and an invitation to both,
 * whose code and keys follow.
 */
static const char frozen_ring[] =
    "tend-keyring 1\n"
    "key 1 vKrp96VC1Cs/8QJuvbLdRQRbtVbRwALkPJSRo7JrISw= n4ypkeTA+"
    "sjZfS3++SMlcQoNb4Ccl6AjEod13FSONmY/gz2542nKU5C+lHL1i3Kc5Eg2g"
    "UsLYWqbY6CI7fzZNH9AH7IWd86yvM1CC2Ggecs=\n"
    "key 2 vKrp96VC1Cs/8QJuvbLdRQRbtVbRwALkPJSRo7JrISw= 6xMd9bgSD"
    "pSuodu8IDOJOyPUYHfie3vVXsm1DBfEkR/OX3JW8UMjDV4UoQNUD+xh4Qtna"
    "CaYlIk7DF5lqyZ2xNka0yYNuMntesvJ6gS4vwI=\n"
    "invite 96fefee0fd44ec6a 5saVm0gbmqkc/QxhLpMD5w== 2 67108864 "
    "yfK5WhS6dygZFc6H5Fu6n1S+jOCRVxAH VgoBh+svXbcwk+f4O2UzSIEhyKk"
    "N7pTDq9o9+LwWWNctLYzGA0wrbXZPPuXHND+N4p8sQNpXa35r+GidKHnWWes"
    "PFMLc/FMttvNv653AzEICooYlEK6J8w==\n";
static const char frozen_code[] = "8c030e36c8d2fe1a2d6537e227c7639e";
static const char frozen_key1[] =
    "08093b4c2d118a4291cc2a8ce9a094d4f375a00b97fb347c695a043b83479249";
static const char frozen_key2[] =
    "4fa842e04470d7dc3b6f88fb7984686db4d607a8bdb14c8201137b766f4ad3ab";

static size_t	unhex(uint8_t *, const char *);
static void	refused(const char *, const char *, const char *);

static size_t
unhex(uint8_t *out, const char *hex)
{
	size_t		i;
	unsigned int	byte;

	for (i = 0; hex[2 * i] != '\0'; i++) {
		sscanf(hex + 2 * i, "%2x", &byte);
		out[i] = (uint8_t)byte;
	}
	return i;
}

/* TEXT, a keyring, is refused with the message WHY. */
static void
refused(const char *text, const char *why, const char *name)
{
	struct tend_keyring	*ring = NULL;

	is_int(tend_keyring_parse(&ring, text, strlen(text)), TEND_EINVALID,
	    name);
	is_str(tend_error(), why, name);
	tend_keyring_free(ring);
}

int
main(void)
{
	struct tend_keyring		*ring, *again;
	struct tend_journal_keys	*keys, *opened, *invited;
	struct tend_buf			 text = TEND_BUF_INIT;
	uint8_t				 alex[TEND_ED25519_SECRET];
	uint8_t				 sam[TEND_ED25519_SECRET];
	uint8_t				 public[TEND_ED25519_PUBLIC];
	uint8_t				 xpublic[TEND_X25519_PUBLIC];
	uint8_t				 xsecret[TEND_X25519_SECRET];
	uint8_t				 kdf_key[TEND_KDF_KEY], out[64], want[64];
	uint8_t				 code[TEND_INVITE_CODE];
	uint8_t				 sealed[5 + TEND_BOX_SEAL_OVERHEAD];
	const uint8_t			*key;
	char				 id[TEND_INVITE_ID_SIZE];
	char				*copy;
	size_t				 i;

	plan(48);
	if (tend_lib_init() < 0)
		return 1;

	for (i = 0; i < sizeof(kdf_key); i++)
		kdf_key[i] = (uint8_t)i;
	for (i = 0; i < 2; i++) {
		unhex(want, kdf_vectors[i]);
		ok(tend_crypto_kdf(out, 64, i + 1, "tendjrnl", kdf_key) == 0 &&
		    memcmp(out, want, 64) == 0, "crypto_kdf subkey %zu is "
		    "hashlib's BLAKE2b", i + 1);
	}

	ok(tend_ssh_private_read(alex, alex_private, strlen(alex_private)) == 0,
	    "Alex's key reads");
	ok(tend_crypto_ed25519_keypair(public, sam, NULL) == 0, "Sam has a key");
	ok(tend_crypto_x25519_public(xpublic, alex + TEND_ED25519_SEED) == 0 &&
	    tend_crypto_x25519_secret(xsecret, alex) == 0,
	    "an Ed25519 key has an X25519 twin");
	ok(tend_crypto_box_seal(sealed, (const uint8_t *)"hello", 5,
	    xpublic) == 0, "a sealed box to it is made");
	ok(tend_crypto_box_open(out, sealed, sizeof(sealed), xpublic,
	    xsecret) == 0 && memcmp(out, "hello", 5) == 0,
	    "and opens with the twin's secret");
	sealed[10] ^= 1;
	is_int(tend_crypto_box_open(out, sealed, sizeof(sealed), xpublic,
	    xsecret), TEND_EINVALID, "a changed box does not open");

	/* The frozen ring: version 1 reads, and opens, as it did. */
	ok(tend_keyring_parse(&ring, frozen_ring, strlen(frozen_ring)) == 0,
	    "the frozen keyring reads");
	ok(tend_keyring_text(&text, ring) == 0 && strcmp(text.data,
	    frozen_ring) == 0, "and writes back byte for byte");
	ok(tend_keyring_unlock(&opened, ring, alex) == 0, "Alex opens it");
	unhex(want, frozen_key1);
	key = tend_journal_keys_get(opened, 1);
	ok(key != NULL && memcmp(key, want, 32) == 0, "generation 1 as made");
	unhex(want, frozen_key2);
	ok(tend_journal_keys_current(opened, &key) == 2 &&
	    memcmp(key, want, 32) == 0, "generation 2 is the current one");
	is_int(tend_keyring_unlock(&keys, ring, sam), TEND_ENOTFOUND,
	    "Sam's key opens nothing");
	is_int((long)tend_keyring_invites(ring), 1, "it holds an invitation");
	unhex(code, frozen_code);
	ok(tend_keyring_redeem(&invited, id, ring, code) == 0,
	    "the frozen code opens it");
	ok(tend_journal_keys_get(invited, 1) != NULL && memcmp(
	    tend_journal_keys_get(invited, 1), tend_journal_keys_get(opened, 1),
	    32) == 0 && tend_journal_keys_current(invited, &key) == 2 &&
	    memcmp(key, want, 32) == 0, "to both generations' keys");
	is_str(id, "96fefee0fd44ec6a", "naming the invitation");
	tend_journal_keys_free(invited);
	code[15] ^= 1;
	is_int(tend_keyring_redeem(&invited, id, ring, code), TEND_ENOTFOUND,
	    "a code one bit off opens nothing");
	is_str(tend_error(), "no invitation in the journal opens with this "
	    "code: it was mistyped, taken up already, or withdrawn",
	    "saying so");

	/* A joiner: Sam's device is granted the keys, the invite withdrawn. */
	ok(tend_keyring_grant(ring, opened, sam + TEND_ED25519_SEED) == 0,
	    "Sam's device is granted the keys");
	ok(tend_keyring_withdraw(ring, "96fefee0fd44ec6a") == 0 &&
	    tend_keyring_invites(ring) == 0, "the invitation is withdrawn");
	text.len = 0;
	ok(tend_keyring_text(&text, ring) == 0 && tend_keyring_parse(&again,
	    text.data, text.len) == 0, "the ring writes and reads again");
	ok(tend_keyring_unlock(&keys, again, sam) == 0 &&
	    tend_journal_keys_current(keys, &key) == 2 && memcmp(key, want,
	    32) == 0, "and Sam opens it");
	tend_journal_keys_free(keys);
	is_int((long)tend_keyring_revoke(again, sam + TEND_ED25519_SEED), 2,
	    "taking Sam's device out drops both its keys");
	is_int(tend_keyring_unlock(&keys, again, sam), TEND_ENOTFOUND,
	    "and Sam opens nothing");
	tend_keyring_free(again);
	tend_keyring_free(ring);

	/* A new journal: one generation, then a second. */
	ok(tend_journal_keys_new(&keys) == 0 &&
	    tend_journal_keys_current(keys, &key) == 1, "a new journal key");
	ok(tend_journal_keys_rotate(keys) == 0 &&
	    tend_journal_keys_current(keys, &key) == 2, "rotated to 2");
	ok(tend_keyring_new(&ring) == 0 && tend_keyring_grant(ring, keys,
	    alex + TEND_ED25519_SEED) == 0 && tend_keyring_grant(ring, keys,
	    alex + TEND_ED25519_SEED) == 0, "granted twice, kept once");
	text.len = 0;
	ok(tend_keyring_text(&text, ring) == 0 &&
	    strstr(text.data, "key 2 ") != NULL &&
	    strstr(strstr(text.data, "key 2 ") + 1, "key 2 ") == NULL,
	    "one line a generation and device");
	ok(tend_keyring_invite(id, code, ring, keys) == 0 &&
	    tend_keyring_invites(ring) == 1, "an invitation is made");
	ok(tend_keyring_redeem(&invited, id, ring, code) == 0 &&
	    tend_journal_keys_current(invited, &key) == 2, "and taken up");
	tend_journal_keys_free(invited);
	is_int(tend_keyring_withdraw(ring, "0123456789abcdef"), TEND_ENOTFOUND,
	    "an unknown invitation cannot be withdrawn");
	tend_keyring_free(ring);
	tend_journal_keys_free(keys);

	/* A sealed key changed on the host opens nothing, and says so. */
	copy = strdup(frozen_ring);
	copy[strlen("tend-keyring 1\nkey 1 ") + 45 + 10] ^= 1;
	ok(tend_keyring_parse(&ring, copy, strlen(copy)) == 0,
	    "a changed sealed key still parses");
	is_int(tend_keyring_unlock(&keys, ring, alex), TEND_EINVALID,
	    "but does not open");
	is_str(tend_error(), "the journal key of generation 1 for this device: "
	    "it is not for this key, or it was changed", "saying which");
	tend_keyring_free(ring);
	free(copy);

	refused("", "line 1: not a keyring of version 1 ('tend-keyring 1')",
	    "an empty file");
	refused("tend-keyring 2\n", "line 1: not a keyring of version 1 "
	    "('tend-keyring 1')", "a later version");
	refused("tend-keyring 1\nsecret 1\n", "line 2: 'secret' is not a "
	    "line a keyring has", "an unknown line");
	refused("tend-keyring 1\nkey 0 AAAA AAAA\n", "line 2: a generation is "
	    "a number from 1 to 1000", "generation 0");
	refused("tend-keyring 1\nkey 1 AAAA AAAA\n", "line 2: its device key "
	    "is not 32 bytes of base64", "a short device key");
	refused("tend-keyring 1\ninvite 0123456789abcdef "
	    "AAAAAAAAAAAAAAAAAAAAAA== 99 64 A A\n", "line 2: the invitation "
	    "asks more time or memory than tend gives it",
	    "an invitation that would cost too much");

	tend_journal_keys_free(opened);
	tend_buf_free(&text);
	tend_lib_shutdown();
	return done_testing();
}
