/*
 * signer: the device keys of gen-journal's fictional partners, and the
 * signatures they put on its commits, made with tend's own code
 * (lib/ssh.c, lib/sshsig.c) so that they are what tend would make.
 *
 *	signer key SEED ID [FILE]
 *	signer sign SEED [ID FILE]
 *
 * A partner's key is derived from the generator's seed and the partner's
 * id: its Ed25519 seed is the SHA-256 of "gen-journal SEED ID".  The same
 * seed thus gives the same keys, signatures and history on any machine
 * (Ed25519 signatures are deterministic), and no private key is kept in
 * the source tree.  Anyone can make these keys again: they are test
 * fixtures, and protect nothing.
 *
 * key prints ID's public key as tend.conf publishes it ("ssh-ed25519
 * BASE64") and its fingerprint as ssh-keygen -l shows it, one a line, and
 * with FILE writes the private key there (0600, OpenSSH's format), as
 * .git/tend/key-ID on that partner's machine.
 *
 * sign answers requests on standard input, each "ID LENGTH\n" followed by
 * LENGTH bytes of a commit as git signs it, with "LENGTH\n" followed by
 * the armored SSH signature (namespace "git") by ID's key, flushed at
 * once: gen-journal runs it once, as a co-process, for every commit.
 * With ID and FILE, that partner's key is the private key in FILE
 * instead: the one 'tend init --encrypt' made, which gen-journal
 * --encrypt cannot give it beforehand.
 */

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"

/* Partners there can be (gen-journal has up to six), with room to spare. */
#define MAX_PARTNERS	16
/* A partner id is a short slug. */
#define MAX_ID		64
/* Far more than any commit gen-journal writes. */
#define MAX_COMMIT	(1024 * 1024)

struct partner_key {
	char	id[MAX_ID];
	uint8_t	secret[TEND_ED25519_SECRET];
};

static void	usage(void);
static void	derive(uint8_t [TEND_ED25519_SECRET], const char *,
		    const char *);
static int	key(const char *, const char *, const char *);
static int	sign(const char *, const char *, const char *);
static void	read_key(struct partner_key *, const char *, const char *);
static const uint8_t *partner_secret(struct partner_key *, size_t *,
		    const char *, const char *);

static void
usage(void)
{
	fprintf(stderr, "usage: signer key seed id [file]\n"
	    "       signer sign seed [id file]\n");
	exit(2);
}

/* ID's key pair, made again from SEED whenever it is asked for. */
static void
derive(uint8_t secret[TEND_ED25519_SECRET], const char *seed, const char *id)
{
	struct tend_buf	text = TEND_BUF_INIT;
	uint8_t		hash[TEND_SHA256_SIZE];
	uint8_t		public[TEND_ED25519_PUBLIC];

	if (tend_buf_printf(&text, "gen-journal %s %s", seed, id) < 0)
		errx(1, "%s", tend_error());
	tend_crypto_sha256(hash, text.data, text.len);
	if (tend_crypto_ed25519_keypair(public, secret, hash) < 0)
		errx(1, "cannot make %s's key: %s", id, tend_error());
	tend_buf_free(&text);
}

static int
key(const char *seed, const char *id, const char *path)
{
	struct tend_buf	line = TEND_BUF_INIT, file = TEND_BUF_INIT;
	uint8_t		secret[TEND_ED25519_SECRET];
	char		fingerprint[TEND_SSH_FINGERPRINT_SIZE];
	const uint8_t	*public = secret + TEND_ED25519_SEED;

	derive(secret, seed, id);
	if (tend_ssh_public_line(&line, public) < 0 ||
	    tend_ssh_fingerprint(fingerprint, public) < 0)
		errx(1, "%s's key: %s", id, tend_error());
	/* The comment tend gives the keys it makes: the partner's id. */
	if (path != NULL && (tend_ssh_private_write(&file, secret, id) < 0 ||
	    tend_fs_write_atomic(path, file.data, file.len) < 0))
		errx(1, "cannot write '%s': %s", path, tend_error());
	printf("%s\n%s\n", line.data, fingerprint);
	tend_crypto_wipe(secret, sizeof(secret));
	tend_buf_free(&line);
	tend_buf_free(&file);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ID's secret key, derived the first time it is asked for. */
static const uint8_t *
partner_secret(struct partner_key *keys, size_t *count, const char *seed,
    const char *id)
{
	size_t	i;

	for (i = 0; i < *count; i++)
		if (strcmp(keys[i].id, id) == 0)
			return keys[i].secret;
	if (*count == MAX_PARTNERS)
		errx(1, "more than %d partners", MAX_PARTNERS);
	memcpy(keys[*count].id, id, strlen(id) + 1);
	derive(keys[*count].secret, seed, id);
	return keys[(*count)++].secret;
}

/* The private key in PATH, as ID's. */
static void
read_key(struct partner_key *key, const char *id, const char *path)
{
	char	*text;
	size_t	 len;

	if (strlen(id) >= MAX_ID)
		errx(1, "'%s' is too long for a partner id", id);
	memcpy(key->id, id, strlen(id) + 1);
	if (tend_fs_read(&text, &len, path) < 0 ||
	    tend_ssh_private_read(key->secret, text, len) < 0)
		errx(1, "cannot read '%s': %s", path, tend_error());
	tend_crypto_wipe(text, len);
	free(text);
}

static int
sign(const char *seed, const char *given_id, const char *given_path)
{
	struct partner_key	 keys[MAX_PARTNERS];
	struct tend_buf		 signature = TEND_BUF_INIT;
	const uint8_t		*secret;
	char			 id[MAX_ID], *data;
	size_t			 count = 0, len;
	int			 fields;

	if ((data = malloc(MAX_COMMIT)) == NULL)
		err(1, NULL);
	if (given_id != NULL)
		read_key(&keys[count++], given_id, given_path);
	/* "%63s": the id's room in MAX_ID, with its NUL. */
	while ((fields = scanf("%63s %zu", id, &len)) != EOF) {
		if (fields != 2 || getchar() != '\n' || len > MAX_COMMIT)
			errx(1, "a request is not \"ID LENGTH\\n\" and at most "
			    "%d bytes", MAX_COMMIT);
		if (fread(data, 1, len, stdin) != len)
			errx(1, "a commit ends before its length");
		secret = partner_secret(keys, &count, seed, id);
		signature.len = 0;
		if (tend_sshsig_sign(&signature, secret, "git", data, len) < 0)
			errx(1, "cannot sign as %s: %s", id, tend_error());
		if (printf("%zu\n", signature.len) < 0 ||
		    fwrite(signature.data, 1, signature.len, stdout) !=
		    signature.len || fflush(stdout) != 0)
			err(1, "cannot answer");
	}
	if (ferror(stdin))
		err(1, "cannot read a request");
	tend_crypto_wipe(keys, sizeof(keys));
	tend_buf_free(&signature);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 3)
		usage();
	if (tend_crypto_init() < 0)
		errx(1, "%s", tend_error());
	if (strcmp(argv[1], "key") == 0 && (argc == 4 || argc == 5))
		return key(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	if (strcmp(argv[1], "sign") == 0 && (argc == 3 || argc == 5))
		return sign(argv[2], argc == 5 ? argv[3] : NULL,
		    argc == 5 ? argv[4] : NULL);
	usage();
	return 2;
}
