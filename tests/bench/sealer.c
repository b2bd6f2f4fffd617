/*
 * sealer: what gen-journal --encrypt needs sealed, sealed by tend's own
 * code (lib/cipher.c, lib/store-seal.c, lib/keyring.c) with the keys of a
 * journal that 'tend init --encrypt' made, so that the generated history
 * is what tend would have written.
 *
 *	sealer DIR
 *
 * opens the journal in DIR as plain git's filter does (its local
 * partner's device key opens the journal keys of its work tree's
 * keyring), then answers requests on standard input, each a line "VERB
 * [ARG] LENGTH\n" followed by LENGTH bytes, with "LENGTH\n" followed by
 * the answer, flushed at once: gen-journal runs it once, as a
 * co-process, for every file, name and message of the history.
 *
 *	file PATH LENGTH	the file's bytes as the repository keeps
 *				them at PATH: sealed, but for the few files
 *				an encrypted journal leaves plain
 *	name LENGTH		a slug as an entry's path holds it: sealed,
 *				in base32
 *	message LENGTH		a commit message as tend commits it
 *	invite LENGTH		a keyring's text, given an invitation that
 *				holds the journal keys, as 'tend key invite'
 *				commits it; the answer is the invitation's id
 *				on a line, then the keyring's new text
 *	admit ID LENGTH		a device's public key on a line ("ssh-ed25519
 *				BASE64"), then a keyring's text; the answer is
 *				that keyring with the journal keys sealed to
 *				the device and invitation ID taken up, as
 *				'tend clone --code' commits it
 *
 * Sealing is deterministic (AES-SIV), so the same journal key gives the
 * same bytes; a keyring's sealed keys and invitations are random, as
 * tend makes them.
 */

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"

/* Far more than any file or message gen-journal writes. */
#define MAX_REQUEST	(1024 * 1024)
/* A verb, and a path or an invitation id. */
#define MAX_WORD	256

static void	usage(void);
static int	serve(struct tend_journal *);
static int	answer(struct tend_buf *, struct tend_journal *, const char *,
		    const char *, const char *, size_t);
static int	invite(struct tend_buf *, const struct tend_cipher *,
		    const char *, size_t);
static int	admit(struct tend_buf *, const struct tend_cipher *,
		    const char *, const char *, size_t);

static void
usage(void)
{
	fprintf(stderr, "usage: sealer dir\n");
	exit(2);
}

/* A keyring given an invitation to the journal keys: "ID\n" and its text. */
static int
invite(struct tend_buf *out, const struct tend_cipher *cipher,
    const char *text, size_t len)
{
	struct tend_keyring	*ring;
	uint8_t			 code[TEND_INVITE_CODE];
	char			 id[TEND_INVITE_ID_SIZE];
	int			 error;

	if ((error = tend_keyring_parse(&ring, text, len)) < 0)
		return error;
	if ((error = tend_keyring_invite(id, code, ring,
	    tend_cipher_keys(cipher))) == 0 &&
	    (error = tend_buf_printf(out, "%s\n", id)) == 0)
		error = tend_keyring_text(out, ring);
	/* No one redeems it: the device it is for is admitted directly. */
	tend_crypto_wipe(code, sizeof(code));
	tend_keyring_free(ring);
	return error;
}

/* The keyring after the device of key line DATA took up invitation ID. */
static int
admit(struct tend_buf *out, const struct tend_cipher *cipher, const char *id,
    const char *data, size_t len)
{
	struct tend_keyring	*ring;
	uint8_t			 device[TEND_ED25519_PUBLIC];
	const char		*newline = memchr(data, '\n', len);
	size_t			 line;
	int			 error;

	if (newline == NULL)
		return tend_error_set(TEND_EINVALID, "no device key line");
	line = (size_t)(newline - data);
	if ((error = tend_ssh_public_parse(device, data, line)) < 0 ||
	    (error = tend_keyring_parse(&ring, newline + 1,
	    len - line - 1)) < 0)
		return error;
	if ((error = tend_keyring_grant(ring, tend_cipher_keys(cipher),
	    device)) == 0 && (error = tend_keyring_withdraw(ring, id)) == 0)
		error = tend_keyring_text(out, ring);
	tend_keyring_free(ring);
	return error;
}

/* The answer to VERB (ARG, or NULL) about the LEN bytes of DATA. */
static int
answer(struct tend_buf *out, struct tend_journal *journal, const char *verb,
    const char *arg, const char *data, size_t len)
{
	const struct tend_cipher	*cipher = tend_journal_cipher(journal);
	char				*result;
	size_t				 result_len;
	int				 error;

	if (strcmp(verb, "file") == 0 && arg != NULL) {
		if ((error = tend_journal_seal(&result, &result_len, journal,
		    arg, data, len)) == 0) {
			error = tend_buf_put(out, result, result_len);
			free(result);
		}
		return error;
	}
	/* DATA is NUL-terminated: a name or a message is a C string. */
	if (strlen(data) != len)
		return tend_error_set(TEND_EINVALID, "a NUL byte in a %s",
		    verb);
	if (strcmp(verb, "name") == 0 && arg == NULL)
		return tend_cipher_name(out, cipher, data);
	if (strcmp(verb, "message") == 0 && arg == NULL) {
		if ((error = tend_journal_seal_message(&result, journal,
		    data)) == 0) {
			error = tend_buf_puts(out, result);
			free(result);
		}
		return error;
	}
	if (strcmp(verb, "invite") == 0 && arg == NULL)
		return invite(out, cipher, data, len);
	if (strcmp(verb, "admit") == 0 && arg != NULL)
		return admit(out, cipher, arg, data, len);
	return tend_error_set(TEND_EINVALID, "no request '%s'", verb);
}

static int
serve(struct tend_journal *journal)
{
	struct tend_buf	 out = TEND_BUF_INIT;
	char		 line[2 * MAX_WORD + 32], verb[MAX_WORD], arg[MAX_WORD];
	char		*data;
	size_t		 len;
	int		 fields;

	if ((data = malloc(MAX_REQUEST + 1)) == NULL)
		err(1, NULL);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		/* "%255s": a word's room in MAX_WORD, with its NUL. */
		if ((fields = sscanf(line, "%255s %255s %zu", verb, arg,
		    &len)) != 3 && (fields = sscanf(line, "%255s %zu", verb,
		    &len)) != 2)
			errx(1, "a request is not \"VERB [ARG] LENGTH\\n\"");
		if (len > MAX_REQUEST)
			errx(1, "a request of more than %d bytes", MAX_REQUEST);
		if (fread(data, 1, len, stdin) != len)
			errx(1, "a request ends before its length");
		data[len] = '\0';
		out.len = 0;
		if (answer(&out, journal, verb, fields == 3 ? arg : NULL, data,
		    len) < 0)
			errx(1, "cannot %s%s%s: %s", verb, fields == 3 ? " " :
			    "", fields == 3 ? arg : "", tend_error());
		if (printf("%zu\n", out.len) < 0 ||
		    fwrite(out.data, 1, out.len, stdout) != out.len ||
		    fflush(stdout) != 0)
			err(1, "cannot answer");
	}
	if (ferror(stdin))
		err(1, "cannot read a request");
	tend_buf_free(&out);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	struct tend_journal	*journal;
	int			 status;

	if (argc != 2)
		usage();
	if (tend_lib_init() < 0)
		errx(1, "%s", tend_error());
	/* Only the keys are read: no content is needed. */
	if (tend_journal_open_keys(&journal, argv[1], "") < 0)
		errx(1, "%s", tend_error());
	if (tend_journal_cipher(journal) == NULL)
		errx(1, "'%s' is not an encrypted journal whose keys this "
		    "device holds", argv[1]);
	status = serve(journal);
	tend_journal_free(journal);
	tend_lib_shutdown();
	return status;
}
