/*
 * Device keys.  Each partner signs what they commit with an Ed25519 key
 * of their own on each machine, kept in .git/tend/key-ID as OpenSSH keeps
 * keys, so that git commit -S signs with the same key.  Its public half
 * is published in tend.conf (partner.ID.key, one per device), where only
 * a commit the key signs may add it; which keys this machine believes is
 * trust.c's to say.
 */

#include <stdlib.h>
#include <string.h>

#include "journal-internal.h"

/* What git and ssh-keygen are told the signature is for, as git does. */
#define NAMESPACE	"git"

static int	key_path(char **, struct tend_journal *, const char *);

/* .git/tend/key-ID, whose device key it is. */
static int
key_path(char **out, struct tend_journal *journal, const char *id)
{
	struct tend_buf	path = TEND_BUF_INIT;
	int		error;

	if ((error = tend_buf_printf(&path, "%s/%s%s",
	    tend_store_gitdir(journal->store), TEND_LAYOUT_DEVICE_KEY, id)) < 0)
		return error;
	*out = tend_buf_detach(&path);
	return 0;
}

int
tend_keys_device(uint8_t secret[TEND_ED25519_SECRET],
    struct tend_journal *journal, enum tend_keys_mode mode)
{
	struct tend_buf	 file = TEND_BUF_INIT;
	uint8_t		 public[TEND_ED25519_PUBLIC];
	const char	*me;
	char		*path = NULL, *dir = NULL, *text = NULL;
	size_t		 len;
	int		 error;

	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = key_path(&path, journal, me)) < 0)
		return error;
	error = tend_fs_read(&text, &len, path);
	if (error == 0) {
		if ((error = tend_ssh_private_read(secret, text, len)) < 0)
			error = tend_error_wrap(error, "cannot use '%s'", path);
		goto out;
	}
	if (error != TEND_ENOTFOUND || mode == TEND_KEYS_OPEN)
		goto out;
	/* Written whole, 0600, or not at all: a key is never half made. */
	if ((error = tend_crypto_ed25519_keypair(public, secret, NULL)) < 0 ||
	    (error = tend_ssh_private_write(&file, secret, me)) < 0 ||
	    (dir = tend_fs_join(tend_store_gitdir(journal->store), "tend")) ==
	    NULL || (error = tend_fs_mkdirs(dir, NULL)) < 0 ||
	    (error = tend_fs_write_atomic(path, file.data, file.len)) < 0)
		tend_crypto_wipe(secret, TEND_ED25519_SECRET);
	if (dir == NULL && error == 0)
		error = tend_error_nomem();
	/* What this machine signs, it believes. */
	if (error == 0 && (error = tend_trust_add(journal, me, public)) < 0)
		tend_crypto_wipe(secret, TEND_ED25519_SECRET);
out:
	if (text != NULL)
		tend_crypto_wipe(text, len);
	if (file.data != NULL)
		tend_crypto_wipe(file.data, file.cap);
	tend_buf_free(&file);
	free(text);
	free(path);
	free(dir);
	return error;
}

int
tend_keys_device_public(uint8_t public[TEND_ED25519_PUBLIC],
    struct tend_journal *journal, enum tend_keys_mode mode)
{
	uint8_t	secret[TEND_ED25519_SECRET];
	int	error;

	if ((error = tend_keys_device(secret, journal, mode)) < 0)
		return error;
	memcpy(public, secret + TEND_ED25519_SEED, TEND_ED25519_PUBLIC);
	tend_crypto_wipe(secret, sizeof(secret));
	return 0;
}

int
tend_keys_sign_commit(struct tend_buf *out, const char *data, size_t len,
    void *arg)
{
	struct tend_journal	*journal = arg;
	uint8_t			 secret[TEND_ED25519_SECRET];
	int			 error;

	/* The first commit after an upgrade makes the key it signs with. */
	if ((error = tend_keys_device(secret, journal, TEND_KEYS_CREATE)) < 0)
		return tend_error_wrap(error, "cannot sign the commit");
	error = tend_sshsig_sign(out, secret, NAMESPACE, data, len);
	tend_crypto_wipe(secret, sizeof(secret));
	return error;
}

int
tend_keys_commit_signer(uint8_t key[TEND_ED25519_PUBLIC],
    struct tend_store *store, const char *commit)
{
	struct tend_buf	signature = TEND_BUF_INIT, data = TEND_BUF_INIT;
	int		error;

	if ((error = tend_store_commit_signature(&signature, &data, store,
	    commit)) == 0)
		error = tend_sshsig_verify(key, signature.data, signature.len,
		    NAMESPACE, data.data, data.len);
	tend_buf_free(&signature);
	tend_buf_free(&data);
	return error;
}

int
tend_keys_git_config(struct tend_journal *journal)
{
	struct tend_store	*store = journal->store;
	const char		*me;
	char			*path = NULL, *signers = NULL;
	int			 error;

	/* What makes git commit -S sign, and git log verify, as tend does. */
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = key_path(&path, journal, me)) < 0)
		return error;
	if ((signers = tend_fs_join(tend_store_gitdir(store),
	    TEND_LAYOUT_SIGNERS)) == NULL)
		error = tend_error_nomem();
	if (error == 0 &&
	    (error = tend_store_config_set(store, "gpg.format", "ssh")) == 0 &&
	    (error = tend_store_config_set(store, "user.signingKey",
	    path)) == 0 &&
	    (error = tend_store_config_set(store, "gpg.ssh.allowedSignersFile",
	    signers)) == 0)
		error = tend_store_config_set(store, "commit.gpgSign", "true");
	free(path);
	free(signers);
	return error;
}
