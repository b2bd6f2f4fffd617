/*
 * Which partners' keys this machine believes: .git/tend/allowed_signers,
 * in the form git reads with gpg.ssh.allowedSignersFile, so that tend and
 * git log --show-signature judge a signature alike.  tend.conf only
 * publishes keys, and anyone who can push can write there; a key becomes
 * trusted here when it is a partner's first (trust on first use, its
 * fingerprint shown so that both can compare it), when the local partner
 * confirms it, or when it is this machine's own.  A trusted key stays
 * trusted, so what it signed before a device changed still counts.
 */

#include <stdlib.h>
#include <string.h>

#include "journal-internal.h"

struct trusted {
	char	*id;
	uint8_t	 key[TEND_ED25519_PUBLIC];
};

struct tend_trust {
	struct trusted	*items;
	size_t		 count;
};

static int	trust_append(struct tend_trust *, const char *, size_t,
		    const uint8_t *);
static int	parse_line(struct tend_trust *, const char *, size_t);
static int	signers_path(char **, struct tend_journal *);
static int	trust_write(struct tend_journal *, const struct tend_trust *);
static int	key_row(struct tend_key_row *, struct tend_buf *,
		    const char *, const uint8_t *, enum tend_key_state);
static int	published(const uint8_t (*)[TEND_ED25519_PUBLIC], size_t,
		    const uint8_t *);
static int	same_fingerprint(const char *, const char *);

static int
trust_append(struct tend_trust *trust, const char *id, size_t idlen,
    const uint8_t *key)
{
	struct trusted	*grown;

	if ((grown = realloc(trust->items, (trust->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	trust->items = grown;
	if ((grown[trust->count].id = strndup(id, idlen)) == NULL)
		return tend_error_nomem();
	memcpy(grown[trust->count].key, key, TEND_ED25519_PUBLIC);
	trust->count++;
	return 0;
}

/*
 * "ID [OPTIONS] ssh-ed25519 BASE64 [COMMENT]": the file is this machine's
 * own, and a person may edit it (take a line out to stop trusting a key),
 * so a line tend cannot read, or of another type of key, is passed over.
 */
static int
parse_line(struct tend_trust *trust, const char *line, size_t len)
{
	uint8_t		 key[TEND_ED25519_PUBLIC];
	const char	*space, *at;

	if (len == 0 || line[0] == '#' ||
	    (space = memchr(line, ' ', len)) == NULL)
		return 0;
	for (at = space; at != NULL && at < line + len;
	    at = memchr(at + 1, ' ', (size_t)(line + len - at - 1)))
		if (tend_ssh_public_parse(key, at + 1,
		    (size_t)(line + len - at - 1)) == 0)
			return tend_text_is_slug_n(line, (size_t)(space -
			    line)) ? trust_append(trust, line,
			    (size_t)(space - line), key) : 0;
	return 0;
}

static int
signers_path(char **out, struct tend_journal *journal)
{
	if ((*out = tend_fs_join(tend_store_gitdir(journal->store),
	    TEND_LAYOUT_SIGNERS)) == NULL)
		return tend_error_nomem();
	return 0;
}

int
tend_trust_load(struct tend_trust **out, struct tend_journal *journal)
{
	struct tend_trust	*trust;
	const char		*line, *end, *newline;
	char			*path, *text = NULL;
	size_t			 len;
	int			 error;

	if ((trust = calloc(1, sizeof(*trust))) == NULL)
		return tend_error_nomem();
	if ((error = signers_path(&path, journal)) < 0)
		goto out;
	error = tend_fs_read(&text, &len, path);
	free(path);
	if (error == TEND_ENOTFOUND) {
		error = 0;
		goto out;
	}
	for (line = text, end = text + len; error == 0 && line != NULL &&
	    line < end; line = newline != NULL ? newline + 1 : NULL) {
		newline = memchr(line, '\n', (size_t)(end - line));
		error = parse_line(trust, line, newline != NULL ?
		    (size_t)(newline - line) : (size_t)(end - line));
	}
out:
	free(text);
	if (error < 0) {
		tend_trust_free(trust);
		return error;
	}
	*out = trust;
	return 0;
}

void
tend_trust_free(struct tend_trust *trust)
{
	size_t	i;

	if (trust == NULL)
		return;
	for (i = 0; i < trust->count; i++)
		free(trust->items[i].id);
	free(trust->items);
	free(trust);
}

int
tend_trust_has(const struct tend_trust *trust, const char *id,
    const uint8_t key[TEND_ED25519_PUBLIC])
{
	size_t	i;

	for (i = 0; i < trust->count; i++)
		if (strcmp(trust->items[i].id, id) == 0 &&
		    memcmp(trust->items[i].key, key, TEND_ED25519_PUBLIC) == 0)
			return 1;
	return 0;
}

int
tend_trust_any(const struct tend_trust *trust, const char *id)
{
	size_t	i;

	for (i = 0; i < trust->count; i++)
		if (strcmp(trust->items[i].id, id) == 0)
			return 1;
	return 0;
}

/* The file written anew from TRUST, whole or not at all. */
static int
trust_write(struct tend_journal *journal, const struct tend_trust *trust)
{
	struct tend_buf	 text = TEND_BUF_INIT;
	char		*path = NULL;
	size_t		 i;
	int		 error;

	error = tend_buf_puts(&text, "# The partners' keys this machine "
	    "trusts, as git reads them\n# (gpg.ssh.allowedSignersFile); "
	    "written by tend, see tend-key(1).\n");
	for (i = 0; i < trust->count && error == 0; i++)
		if ((error = tend_buf_printf(&text, "%s namespaces=\"git\" ",
		    trust->items[i].id)) == 0 &&
		    (error = tend_ssh_public_line(&text,
		    trust->items[i].key)) == 0)
			error = tend_buf_puts(&text, "\n");
	if (error == 0 && (error = signers_path(&path, journal)) == 0)
		error = tend_fs_write_atomic(path, text.data, text.len);
	free(path);
	tend_buf_free(&text);
	return error;
}

int
tend_trust_add(struct tend_journal *journal, const char *id,
    const uint8_t key[TEND_ED25519_PUBLIC])
{
	struct tend_txn		*txn;
	struct tend_trust	*trust = NULL;
	int			 error;

	/* Under the lock: two commands never write the file at once. */
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_trust_load(&trust, journal)) == 0 &&
	    !tend_trust_has(trust, id, key) &&
	    (error = trust_append(trust, id, strlen(id), key)) == 0)
		error = trust_write(journal, trust);
	tend_trust_free(trust);
	tend_txn_end(txn);
	return error;
}

static int
published(const uint8_t (*keys)[TEND_ED25519_PUBLIC], size_t nkeys,
    const uint8_t *key)
{
	size_t	k;

	for (k = 0; k < nkeys; k++)
		if (memcmp(keys[k], key, TEND_ED25519_PUBLIC) == 0)
			return 1;
	return 0;
}

/* "SHA256:abc..." as typed, with or without its "SHA256:". */
static int
same_fingerprint(const char *fingerprint, const char *typed)
{
	if (strncmp(typed, "SHA256:", 7) == 0)
		typed += 7;
	return strcmp(fingerprint + 7, typed) == 0;
}

/*
 * A row for tend_key_list and tend_key_learn; TEXT holds the fingerprint,
 * a NUL, then the words of the same digest.
 */
static int
key_row(struct tend_key_row *row, struct tend_buf *text, const char *id,
    const uint8_t *key, enum tend_key_state state)
{
	struct tend_buf	blob = TEND_BUF_INIT;
	uint8_t		digest[TEND_SHA256_SIZE];
	char		fingerprint[TEND_SSH_FINGERPRINT_SIZE];
	size_t		words;
	int		error;

	text->len = 0;
	if ((error = tend_ssh_fingerprint(fingerprint, key)) < 0 ||
	    (error = tend_ssh_key_blob(&blob, key)) < 0)
		goto out;
	tend_crypto_sha256(digest, blob.data, blob.len);
	if ((error = tend_buf_put(text, fingerprint,
	    sizeof(fingerprint))) < 0)
		goto out;
	words = text->len;
	if ((error = tend_words_fingerprint(text, digest,
	    sizeof(digest))) < 0)
		goto out;
	row->partner = id;
	row->fingerprint = text->data;
	row->words = text->data + words;
	row->state = state;
out:
	tend_buf_free(&blob);
	return error;
}

int
tend_key_learn(struct tend_journal *journal,
    int (*fn)(const struct tend_key_row *, void *), void *arg)
{
	const uint8_t		(*keys)[TEND_ED25519_PUBLIC];
	struct tend_txn		*txn;
	struct tend_trust	*trust = NULL;
	struct tend_key_row	 row;
	struct tend_buf		 fingerprint = TEND_BUF_INIT;
	uint8_t			 mine[TEND_ED25519_PUBLIC];
	const char		*id, *me = tend_journal_me(journal);
	size_t			 i, k, nkeys;
	int			 error, changed = 0, first, took;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_trust_load(&trust, journal)) < 0)
		goto out;
	/* This machine's own key is trusted as made. */
	if (me != NULL && tend_keys_device_public(mine, journal,
	    TEND_KEYS_OPEN) == 0 && !tend_trust_has(trust, me, mine)) {
		if ((error = trust_append(trust, me, strlen(me), mine)) < 0)
			goto out;
		changed = 1;
	}
	for (i = 0; i < tend_journal_partner_count(journal); i++) {
		id = tend_journal_partner_id(journal, i);
		nkeys = tend_journal_partner_keys(&keys, journal, id);
		first = !tend_trust_any(trust, id);
		for (k = 0; k < nkeys; k++) {
			if (tend_trust_has(trust, id, keys[k]))
				continue;
			/*
			 * Only a partner's one first key is taken on trust;
			 * two at once, or one more, wait to be confirmed.
			 */
			took = first && nkeys == 1;
			if (took && (error = trust_append(trust, id,
			    strlen(id), keys[k])) < 0)
				goto out;
			changed |= took;
			if ((error = key_row(&row, &fingerprint, id, keys[k],
			    took ? TEND_KEY_NEW : TEND_KEY_UNCONFIRMED)) < 0 ||
			    (fn != NULL && (error = fn(&row, arg)) < 0))
				goto out;
		}
	}
	if (changed)
		error = trust_write(journal, trust);
out:
	tend_buf_free(&fingerprint);
	tend_trust_free(trust);
	tend_txn_end(txn);
	return error;
}

int
tend_key_list(struct tend_journal *journal,
    int (*fn)(const struct tend_key_row *, void *), void *arg)
{
	const uint8_t		(*keys)[TEND_ED25519_PUBLIC];
	struct tend_trust	*trust;
	struct tend_key_row	 row;
	struct tend_buf		 fingerprint = TEND_BUF_INIT;
	enum tend_key_state	 state;
	uint8_t			 mine[TEND_ED25519_PUBLIC];
	const char		*id, *me = tend_journal_me(journal);
	size_t			 i, k, nkeys;
	int			 error, have_mine;

	if ((error = tend_trust_load(&trust, journal)) < 0)
		return error;
	have_mine = me != NULL && tend_keys_device_public(mine, journal,
	    TEND_KEYS_OPEN) == 0;
	for (i = 0; i < tend_journal_partner_count(journal) && error == 0;
	    i++) {
		id = tend_journal_partner_id(journal, i);
		nkeys = tend_journal_partner_keys(&keys, journal, id);
		for (k = 0; k < nkeys && error == 0; k++) {
			if (have_mine && strcmp(id, me) == 0 &&
			    memcmp(keys[k], mine, sizeof(mine)) == 0)
				state = TEND_KEY_MINE;
			else if (tend_trust_has(trust, id, keys[k]))
				state = TEND_KEY_TRUSTED;
			else
				state = TEND_KEY_UNCONFIRMED;
			if ((error = key_row(&row, &fingerprint, id, keys[k],
			    state)) == 0)
				error = fn(&row, arg);
		}
		/* Trusted here, no longer published: what it signed counts. */
		for (k = 0; k < trust->count && error == 0; k++) {
			if (strcmp(trust->items[k].id, id) != 0 ||
			    published(keys, nkeys, trust->items[k].key))
				continue;
			if ((error = key_row(&row, &fingerprint, id,
			    trust->items[k].key, TEND_KEY_RETIRED)) == 0)
				error = fn(&row, arg);
		}
	}
	tend_buf_free(&fingerprint);
	tend_trust_free(trust);
	return error;
}

int
tend_key_confirm(char fingerprint_out[TEND_KEY_FINGERPRINT_SIZE],
    struct tend_journal *journal, const char *id, const char *fingerprint)
{
	const uint8_t		(*keys)[TEND_ED25519_PUBLIC];
	struct tend_trust	*trust;
	char			 text[TEND_SSH_FINGERPRINT_SIZE];
	const uint8_t		*chosen = NULL;
	size_t			 k, nkeys, unconfirmed = 0;
	int			 error;

	if (journal_partner_find(journal, id) == NULL)
		return tend_error_set(TEND_ENOTFOUND, "'%s' is not a partner "
		    "in tend.conf", id);
	if ((error = tend_trust_load(&trust, journal)) < 0)
		return error;
	nkeys = tend_journal_partner_keys(&keys, journal, id);
	for (k = 0; k < nkeys && error == 0; k++) {
		if (tend_trust_has(trust, id, keys[k]))
			continue;
		unconfirmed++;
		if ((error = tend_ssh_fingerprint(text, keys[k])) == 0 &&
		    (fingerprint == NULL || same_fingerprint(text,
		    fingerprint)))
			chosen = chosen == NULL ? keys[k] : chosen;
	}
	tend_trust_free(trust);
	if (error < 0)
		return error;
	if (unconfirmed == 0)
		return tend_error_set(TEND_ENOTFOUND, "%s has no key waiting to "
		    "be confirmed (see 'tend key list')", id);
	if (chosen == NULL)
		return tend_error_set(TEND_ENOTFOUND, "%s has no key waiting to "
		    "be confirmed with the fingerprint '%s' (see 'tend key "
		    "list')", id, fingerprint);
	if (fingerprint == NULL && unconfirmed > 1)
		return tend_error_set(TEND_EAMBIGUOUS, "%s has %zu keys waiting "
		    "to be confirmed; name the one to confirm by its "
		    "fingerprint (see 'tend key list')", id, unconfirmed);
	if ((error = tend_ssh_fingerprint(fingerprint_out, chosen)) < 0)
		return error;
	return tend_trust_add(journal, id, chosen);
}
