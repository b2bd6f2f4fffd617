/*
 * Unit tests for lib/crypto.c, lib/ssh.c and lib/sshsig.c against vectors
 * from outside tend: RFC 8032's Ed25519 tests, and a key, fingerprint and
 * signature that OpenSSH 9.2's ssh-keygen made (ssh-keygen -t ed25519;
 * ssh-keygen -lf; ssh-keygen -Y sign -n git), so that what tend writes is
 * byte for byte what git and ssh-keygen write and read.
 */

#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

/* RFC 8032, section 7.1, TEST 1 and TEST 2. */
static const char *const rfc8032[][4] = {
	{ "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
	  "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
	  "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
};

/* Made by ssh-keygen for a fictional Alex; never anyone's real key. */
static const char alex_private[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACC8qun3pULUKz/xAm69st1FBFu1VtHAAuQ8lJGjsmshLAAAAJhijDDLYoww\n"
    "ywAAAAtzc2gtZWQyNTUxOQAAACC8qun3pULUKz/xAm69st1FBFu1VtHAAuQ8lJGjsmshLA\n"
    "AAAEBFPdNCxYeILSzFzBtGj3Bz2qTL8ThgBQ7C1nNP8GEcTLyq6felQtQrP/ECbr2y3UUE\n"
    "W7VW0cAC5DyUkaOyayEsAAAAEGFsZXhAZXhhbXBsZS5vcmcBAgMEBQ==\n"
    "-----END OPENSSH PRIVATE KEY-----\n";
static const char alex_public[] =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILyq6felQtQrP/ECbr2y3UUEW7VW0cAC5Dy"
    "UkaOyayEs";
static const char alex_fingerprint[] =
    "SHA256:xePLsZ8b1t0meZnLiUK9RKxKX+DpPdgTQ4BTi/P6ZDw";
/* A commit as git signs it: the object without its gpgsig header. */
static const char commit[] =
    "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
    "author Alex <alex@example.org> 1795000000 +0000\n"
    "committer Alex <alex@example.org> 1795000000 +0000\n"
    "\n"
    "agree: alex signs phones\n";
static const char commit_signature[] =
    "-----BEGIN SSH SIGNATURE-----\n"
    "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgvKrp96VC1Cs/8QJuvbLdRQRbtV\n"
    "bRwALkPJSRo7JrISwAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
    "AAAAQFFrYJ5X7lpo9TgcBFwVudkHkow5e2A5JfOtcAOQzT5NZewc/WqSKSScYRk4JZhO/a\n"
    "5EgBnYYlobUjnmcCcWPAA=\n"
    "-----END SSH SIGNATURE-----";

static size_t	unhex(uint8_t *, const char *);
static void	ed25519_vector(size_t);
static void	refused(const char *, const char *, const char *,
		    const char *);

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

static void
ed25519_vector(size_t n)
{
	uint8_t	seed[32], public[32], want_public[32], secret[64];
	uint8_t	message[8], signature[64], want[64];
	size_t	len;

	unhex(seed, rfc8032[n][0]);
	unhex(want_public, rfc8032[n][1]);
	len = unhex(message, rfc8032[n][2]);
	unhex(want, rfc8032[n][3]);
	ok(tend_crypto_ed25519_keypair(public, secret, seed) == 0 &&
	    memcmp(public, want_public, 32) == 0,
	    "RFC 8032 test %zu: the public key", n + 1);
	ok(tend_crypto_ed25519_sign(signature, message, len, secret) == 0 &&
	    memcmp(signature, want, 64) == 0,
	    "RFC 8032 test %zu: the signature", n + 1);
	is_int(tend_crypto_ed25519_verify(want, message, len, public), 0,
	    "RFC 8032 signature verifies");
	want[63] ^= 0x40;
	is_int(tend_crypto_ed25519_verify(want, message, len, public),
	    TEND_EINVALID, "a changed RFC 8032 signature does not");
}

/* SIGNATURE over DATA in NAMESPACE is refused, with WHY as the message. */
static void
refused(const char *signature, const char *data, const char *namespace,
    const char *why)
{
	uint8_t	key[TEND_ED25519_PUBLIC];

	is_int(tend_sshsig_verify(key, signature, strlen(signature),
	    namespace, data, strlen(data)), TEND_EINVALID, why);
	is_str(tend_error(), why, why);
}

int
main(void)
{
	struct tend_buf	 buf = TEND_BUF_INIT;
	uint8_t		 secret[TEND_ED25519_SECRET], again[TEND_ED25519_SECRET];
	uint8_t		 key[TEND_ED25519_PUBLIC], public[TEND_ED25519_PUBLIC];
	char		 fingerprint[TEND_SSH_FINGERPRINT_SIZE], *copy;
	size_t		 i, failures;

	plan(53);
	if (tend_lib_init() < 0)
		return 1;

	ed25519_vector(0);
	ed25519_vector(1);

	is_int(tend_ssh_private_read(secret, alex_private,
	    strlen(alex_private)), 0, "ssh-keygen's key file reads");
	is_int(tend_ssh_public_line(&buf, secret + TEND_ED25519_SEED), 0,
	    "its public line is written");
	is_str(buf.data, alex_public, "as ssh-keygen wrote it");
	is_int(tend_ssh_public_parse(public, alex_public, strlen(alex_public)),
	    0, "the public line reads");
	ok(memcmp(public, secret + TEND_ED25519_SEED, 32) == 0,
	    "to the key in the key file");
	is_int(tend_ssh_fingerprint(fingerprint, public), 0,
	    "a fingerprint is made");
	is_str(fingerprint, alex_fingerprint, "as ssh-keygen -l shows it");

	buf.len = 0;
	is_int(tend_sshsig_sign(&buf, secret, "git", commit, strlen(commit)), 0,
	    "tend signs the commit");
	is_str(buf.data, commit_signature,
	    "byte for byte as ssh-keygen -Y sign did (Ed25519 is deterministic)");
	is_int(tend_sshsig_verify(key, commit_signature,
	    strlen(commit_signature), "git", commit, strlen(commit)), 0,
	    "ssh-keygen's signature verifies");
	ok(memcmp(key, public, 32) == 0, "and names Alex's key");

	/* A newline at the end, as git's gpgsig header may give it back. */
	buf.len = 0;
	tend_buf_printf(&buf, "%s\n", commit_signature);
	is_int(tend_sshsig_verify(key, buf.data, buf.len, "git", commit,
	    strlen(commit)), 0, "one newline after it is fine");

	refused(commit_signature, "agree: alex signs dishes\n", "git",
	    "the signature does not match what was signed");
	refused(commit_signature, commit, "file",
	    "the signature is not for this use: its namespace is not 'file'");
	refused("-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----",
	    commit, "git", "the signature is not an SSH signature");
	refused("-----BEGIN PGP SIGNATURE-----\nAAAA\n-----END PGP SIGNATURE-----",
	    commit, "git", "the signature does not start and end as one does");
	refused("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH!!\n"
	    "-----END SSH SIGNATURE-----", commit, "git",
	    "the signature is damaged: not base64, or longer than 1024 bytes");
	/* "SSHSIG", version 2. */
	refused("-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAg==\n"
	    "-----END SSH SIGNATURE-----", commit, "git",
	    "the signature is of version 2, and tend reads version 1");
	/* "SSHSIG", version 1, then nothing. */
	refused("-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n"
	    "-----END SSH SIGNATURE-----", commit, "git",
	    "the signature is damaged: it ends too soon");
	/* "SSHSIG", version 1, an "ssh-rsa" key of no bytes. */
	refused("-----BEGIN SSH SIGNATURE-----\n"
	    "U1NIU0lHAAAAAQAAAA8AAAAHc3NoLXJzYQAAAAA=\n"
	    "-----END SSH SIGNATURE-----", commit, "git",
	    "the signing key: it is a 'ssh-rsa' key, and tend reads Ed25519 "
	    "keys only");

	/* Every one-character change of the armored text is refused. */
	copy = strdup(commit_signature);
	failures = 0;
	for (i = strlen("-----BEGIN SSH SIGNATURE-----\n");
	    copy != NULL && i < strlen(copy) - strlen("\n-----END SSH "
	    "SIGNATURE-----"); i++) {
		char	was = copy[i];

		if (was == '\n')
			continue;
		copy[i] = was == 'A' ? 'B' : 'A';
		if (tend_sshsig_verify(key, copy, strlen(copy), "git", commit,
		    strlen(commit)) != TEND_EINVALID)
			failures++;
		copy[i] = was;
	}
	free(copy);
	is_int((long)failures, 0, "no changed character of it verifies");

	/* tend's own key files read back, and are of the key they hold. */
	buf.len = 0;
	is_int(tend_ssh_private_write(&buf, secret, "alex@example.org"), 0,
	    "a key file is written");
	ok(strncmp(buf.data, "-----BEGIN OPENSSH PRIVATE KEY-----\n", 36) == 0,
	    "as OpenSSH's");
	is_int(tend_ssh_private_read(again, buf.data, buf.len), 0,
	    "it reads back");
	ok(memcmp(again, secret, sizeof(secret)) == 0, "to the same key");
	is_int(tend_crypto_ed25519_keypair(public, secret, NULL), 0,
	    "a random key is made");
	buf.len = 0;
	is_int(tend_ssh_private_write(&buf, secret, ""), 0,
	    "its file is written without a comment");
	is_int(tend_ssh_private_read(again, buf.data, buf.len), 0,
	    "and reads back");
	ok(memcmp(again, secret, sizeof(secret)) == 0, "to that key");

	/* A key file whose public half is not its secret's is refused. */
	buf.len = 0;
	memcpy(again, secret, sizeof(again));
	again[40] ^= 1;
	is_int(tend_ssh_private_write(&buf, again, ""), 0,
	    "a mismatched key file is written");
	is_int(tend_ssh_private_read(again, buf.data, buf.len), TEND_EINVALID,
	    "and refused when read");
	is_str(tend_error(), "not an Ed25519 key tend can read: its public "
	    "half is not its secret's", "saying so");

	is_int(tend_ssh_public_parse(public, "ssh-rsa AAAA", 12), TEND_EINVALID,
	    "an RSA key line is refused");
	is_int(tend_ssh_public_parse(public, alex_public, strlen(alex_public) -
	    4), TEND_EINVALID, "a cut key line is refused");
	is_int(tend_ssh_public_parse(public, "ssh-ed25519 "
	    "AAAAB3NzaC1yc2EAAAAA", 32), TEND_EINVALID,
	    "a line that names another type inside is refused");
	is_str(tend_error(), "not an Ed25519 key: it is a 'ssh-rsa' key, and "
	    "tend reads Ed25519 keys only", "saying which");
	buf.len = 0;
	tend_buf_printf(&buf, "%s alex@laptop", alex_public);
	is_int(tend_ssh_public_parse(public, buf.data, buf.len), 0,
	    "a line with a comment reads");

	tend_buf_free(&buf);
	tend_lib_shutdown();
	return done_testing();
}
