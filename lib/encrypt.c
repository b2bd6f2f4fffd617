/*
 * An encrypted journal's own operations: making its first key, and
 * telling plain git how to seal and open its files.  What its keys seal
 * is cipher.c's, where they live keyring.c's.
 */

#include <stdlib.h>
#include <string.h>

#include "journal-internal.h"

int
journal_encrypt_new(struct tend_journal *journal, struct tend_buf *keyring)
{
	struct tend_journal_keys	*keys = NULL;
	struct tend_keyring		*ring = NULL;
	uint8_t				 device[TEND_ED25519_PUBLIC];
	int				 error;

	if ((error = tend_keys_device_public(device, journal,
	    TEND_KEYS_CREATE)) < 0 ||
	    (error = tend_journal_keys_new(&keys)) < 0 ||
	    (error = tend_keyring_new(&ring)) < 0 ||
	    (error = tend_keyring_grant(ring, keys, device)) < 0 ||
	    (error = tend_keyring_text(keyring, ring)) < 0)
		goto out;
	/* From here on, everything the store writes is sealed. */
	tend_cipher_free(journal->cipher);
	error = tend_cipher_new(&journal->cipher, keys);
	keys = NULL;
	if (error < 0) {
		journal->cipher = NULL;
		goto out;
	}
	tend_store_set_cipher(journal->store, journal->cipher);
	journal->encrypted = 1;
out:
	tend_journal_keys_free(keys);
	tend_keyring_free(ring);
	return error;
}

int
journal_git_filter(struct tend_journal *journal)
{
	static const char *const settings[][2] = {
		/* One process for all the files of a git command. */
		{ "filter.tend.process", "tend filter" },
		/* Without it, git would store a file as it is: refused. */
		{ "filter.tend.required", "true" },
		{ "diff.tend.textconv", "tend filter --textconv" },
		{ "merge.tend.name", "tend's merge of sealed files" },
		{ "merge.tend.driver", "tend filter --merge %O %A %B %P" },
	};
	size_t	i;
	int	error = 0;

	if (!journal->encrypted)
		return 0;
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]) && error == 0;
	    i++)
		error = tend_store_config_set(journal->store, settings[i][0],
		    settings[i][1]);
	return error;
}

int
tend_journal_encrypted(const struct tend_journal *journal)
{
	return journal->encrypted;
}

int
tend_journal_seal(char **out, size_t *len, struct tend_journal *journal,
    const char *path, const char *data, size_t datalen)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	int		error;

	if (journal->encrypted && journal->cipher == NULL)
		return tend_error_set(TEND_EINVALID, "cannot encrypt '%s': this "
		    "device holds no key of the journal's", path);
	if ((error = tend_store_seal(&buf, journal->store, path, data,
	    datalen)) == 0 && (error = tend_buf_grow(&buf, 0)) == 0) {
		*len = buf.len;
		*out = tend_buf_detach(&buf);
	}
	tend_buf_free(&buf);
	return error;
}

int
tend_journal_unseal(char **out, size_t *len, struct tend_journal *journal,
    const char *path, const char *data, size_t datalen)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	int		error;

	if ((error = tend_store_unseal(&buf, journal->store, path, data,
	    datalen)) == 0 && (error = tend_buf_grow(&buf, 0)) == 0) {
		*len = buf.len;
		*out = tend_buf_detach(&buf);
	}
	tend_buf_free(&buf);
	return error;
}

int
tend_journal_merge(char **out, size_t *len, int *clean,
    struct tend_journal *journal, const char *path,
    const char *const texts[3], const size_t lens[3],
    const char *our_label, const char *their_label)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	int		error;

	if (journal->encrypted && journal->cipher == NULL)
		return tend_error_set(TEND_EINVALID, "cannot merge '%s': this "
		    "device holds no key of the journal's", path);
	if ((error = tend_store_merge_sealed(&buf, clean, journal->store, path,
	    texts, lens, our_label, their_label)) == 0 &&
	    (error = tend_buf_grow(&buf, 0)) == 0) {
		*len = buf.len;
		*out = tend_buf_detach(&buf);
	}
	tend_buf_free(&buf);
	return error;
}
