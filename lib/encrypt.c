/*
 * An encrypted journal's own operations: making its first key, and
 * telling plain git how to seal and open its files.  What its keys seal
 * is cipher.c's, where they live keyring.c's.
 */

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "journal-internal.h"

_Static_assert(TEND_INVITE_CODE == TEND_CODE_BYTES,
    "an invitation's code is the bytes the words carry");

static int	read_ring(struct tend_keyring **, struct tend_journal *);
static int	commit_ring(struct tend_txn *, const struct tend_keyring *,
		    const char *);
static int	reseal_cb(const char *, const char *, size_t, void *);
static int	rekey(struct tend_txn *, struct tend_journal *,
		    struct tend_journal_keys *, const struct tend_keyring *,
		    const char *);
static int	holders(struct tend_buf *, const struct tend_keyring *,
		    const struct tend_journal_keys *);
static int	install_hooks(struct tend_journal *);
static int	sealed_path(struct tend_buf *, struct tend_journal *,
		    const char *);
static int	copy_cb(const char *, const char *, size_t, void *);
static int	copy_conf(char **, size_t *, struct tend_journal *,
		    struct tend_journal *);
static int	fill_cb(struct tend_txn *, struct tend_journal *, void *);

/* The keyring as committed; a hand change in the work tree is refused. */
static int
read_ring(struct tend_keyring **ring, struct tend_journal *journal)
{
	char	*text = NULL, *path, *committed = NULL;
	size_t	 len, committed_len;
	int	 error;

	if (!journal->encrypted)
		return tend_error_set(TEND_EINVALID, "the journal is not "
		    "encrypted; see 'tend encrypt'");
	if (journal->cipher == NULL)
		return tend_error_set(TEND_EINVALID, "this device holds no key "
		    "of the journal's; a partner lets it in with 'tend key "
		    "invite'");
	if ((path = tend_fs_join(tend_journal_path(journal),
	    TEND_LAYOUT_KEYRING)) == NULL)
		return tend_error_nomem();
	if ((error = tend_fs_read(&text, &len, path)) == 0 &&
	    (error = tend_store_read(&committed, &committed_len,
	    journal->store, TEND_LAYOUT_KEYRING)) == 0 &&
	    (committed_len != len || memcmp(committed, text, len) != 0))
		error = tend_error_set(TEND_EINVALID, "%s has changes that are "
		    "not committed; undo them with 'git checkout %s'",
		    TEND_LAYOUT_KEYRING, TEND_LAYOUT_KEYRING);
	if (error == 0 && (error = tend_keyring_parse(ring, text, len)) < 0)
		error = tend_error_wrap(error, "'%s'", TEND_LAYOUT_KEYRING);
	free(path);
	free(text);
	free(committed);
	return error;
}

/* Stage RING's text and commit it with MESSAGE. */
static int
commit_ring(struct tend_txn *txn, const struct tend_keyring *ring,
    const char *message)
{
	struct tend_buf	text = TEND_BUF_INIT;
	int		error;

	if ((error = tend_keyring_text(&text, ring)) == 0 &&
	    (error = tend_txn_stage(txn, TEND_TXN_JOURNAL, TEND_LAYOUT_KEYRING,
	    text.data, text.len)) == 0)
		error = tend_txn_commit(txn, TEND_TXN_JOURNAL, message);
	tend_buf_free(&text);
	return error;
}

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

/*
 * git's hooks for plain git in an encrypted journal: the commit-msg hook
 * seals a commit's message, as no filter can; the pre-push hook refuses
 * what git stored in plain text.  A hook already there is the user's,
 * and stays; so do hooks kept elsewhere (core.hooksPath).
 */
static int
install_hooks(struct tend_journal *journal)
{
	/* Their text is hooks.c's, which knows them when tend commits. */
	static const char *const hooks[] = { "commit-msg", "pre-push" };
	struct tend_buf	 path = TEND_BUF_INIT;
	const char	*text;
	char		*elsewhere;
	size_t		 i;
	int		 error;

	error = tend_store_config_get(&elsewhere, journal->store,
	    "core.hooksPath");
	if (error == 0)
		free(elsewhere);
	if (error != TEND_ENOTFOUND)
		return error;
	error = 0;
	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]) && error == 0; i++) {
		path.len = 0;
		if ((error = tend_buf_printf(&path, "%s/hooks",
		    tend_store_gitdir(journal->store))) < 0 ||
		    (error = tend_fs_mkdirs(path.data, NULL)) < 0 ||
		    (error = tend_buf_printf(&path, "/%s", hooks[i])) < 0)
			break;
		if (tend_fs_exists(path.data))
			continue;
		text = tend_hook_own_text(hooks[i]);
		if ((error = tend_fs_write_atomic(path.data, text,
		    strlen(text))) == 0 && chmod(path.data, 0700) < 0)
			error = tend_error_errno("cannot make '%s' a program",
			    path.data);
	}
	tend_buf_free(&path);
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
	return error == 0 ? install_hooks(journal) : error;
}

int
tend_journal_encrypted(const struct tend_journal *journal)
{
	return journal->encrypted;
}

const struct tend_cipher *
tend_journal_cipher(const struct tend_journal *journal)
{
	return journal->cipher;
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

int
tend_key_invite(char **out, struct tend_journal *journal)
{
	struct tend_txn		*txn;
	struct tend_keyring	*ring = NULL;
	struct tend_buf		 message = TEND_BUF_INIT, words = TEND_BUF_INIT;
	uint8_t			 code[TEND_INVITE_CODE];
	char			 id[TEND_INVITE_ID_SIZE];
	const char		*me;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = read_ring(&ring, journal)) < 0 ||
	    (error = tend_keyring_invite(id, code, ring,
	    tend_cipher_keys(journal->cipher))) < 0)
		goto out;
	if ((error = tend_buf_printf(&message, "keys: %s invites a device "
	    "(%s)", me, id)) < 0 ||
	    (error = commit_ring(txn, ring, message.data)) < 0)
		goto out;
	if ((error = tend_words_code(&words, code)) == 0)
		*out = tend_buf_detach(&words);
out:
	tend_crypto_wipe(code, sizeof(code));
	tend_buf_free(&words);
	tend_buf_free(&message);
	tend_keyring_free(ring);
	tend_txn_end(txn);
	return error;
}

int
tend_journal_redeem(struct tend_journal_keys **keys, char id[TEND_INVITE_ID_SIZE],
    const char *ring_text, size_t len, const char *words)
{
	struct tend_keyring	*ring;
	uint8_t			 code[TEND_INVITE_CODE];
	int			 error;

	if ((error = tend_words_code_read(code, words)) < 0)
		return error;
	if ((error = tend_keyring_parse(&ring, ring_text, len)) < 0) {
		tend_crypto_wipe(code, sizeof(code));
		return tend_error_wrap(error, "'%s'", TEND_LAYOUT_KEYRING);
	}
	error = tend_keyring_redeem(keys, id, ring, code);
	tend_crypto_wipe(code, sizeof(code));
	tend_keyring_free(ring);
	return error;
}

void
tend_journal_seal_with(struct tend_journal *journal, struct tend_cipher *cipher)
{
	tend_store_set_cipher(journal->store, NULL);
	tend_cipher_free(journal->cipher);
	journal->cipher = cipher;
	journal->encrypted = 1;
	tend_store_set_cipher(journal->store, cipher);
}

int
tend_journal_admit(struct tend_journal *journal, const char *id)
{
	struct tend_txn		*txn;
	struct tend_keyring	*ring = NULL;
	struct tend_buf		 message = TEND_BUF_INIT;
	uint8_t			 device[TEND_ED25519_PUBLIC];
	const char		*me;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = read_ring(&ring, journal)) < 0 ||
	    (error = tend_keys_device_public(device, journal,
	    TEND_KEYS_CREATE)) < 0 ||
	    (error = tend_keyring_grant(ring, tend_cipher_keys(
	    journal->cipher), device)) < 0 ||
	    (error = tend_keyring_withdraw(ring, id)) < 0 ||
	    (error = tend_buf_printf(&message, "keys: %s joins with "
	    "invitation %s", me, id)) < 0)
		goto out;
	error = commit_ring(txn, ring, message.data);
out:
	tend_buf_free(&message);
	tend_keyring_free(ring);
	tend_txn_end(txn);
	return error;
}

/* One sealed file of HEAD, staged again to be sealed anew. */
struct reseal {
	struct tend_txn	*txn;
	size_t		 count;
};

static int
reseal_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct reseal	*reseal = arg;

	if (!tend_layout_is_sealed(path))
		return 0;
	reseal->count++;
	return tend_txn_stage(reseal->txn, TEND_TXN_JOURNAL, path, data, len);
}

/*
 * Seal every file of HEAD anew with KEYS' newest generation, and commit
 * that with RING, in one commit.  Paths keep the names they were sealed
 * with: a name is sealed once, when its entry is made.
 */
static int
rekey(struct tend_txn *txn, struct tend_journal *journal,
    struct tend_journal_keys *keys, const struct tend_keyring *ring,
    const char *message)
{
	struct reseal		 reseal = { txn, 0 };
	struct tend_cipher	*cipher;
	struct tend_buf		 text = TEND_BUF_INIT;
	int			 error;

	/* Read with the old cipher, then seal with the new. */
	if ((error = tend_keyring_text(&text, ring)) < 0 ||
	    (error = tend_txn_stage(txn, TEND_TXN_JOURNAL, TEND_LAYOUT_KEYRING,
	    text.data, text.len)) < 0) {
		tend_buf_free(&text);
		tend_journal_keys_free(keys);
		return error;
	}
	tend_buf_free(&text);
	if (tend_store_list(journal->store, "", TEND_LIST_CONTENT, reseal_cb,
	    &reseal) < 0) {
		tend_journal_keys_free(keys);
		return tend_error_wrap(TEND_ERROR, "cannot read the journal to "
		    "seal it anew");
	}
	if ((error = tend_cipher_new(&cipher, keys)) < 0)
		return error;
	tend_journal_seal_with(journal, cipher);
	return tend_txn_commit(txn, TEND_TXN_JOURNAL, message);
}

/* The devices RING seals the newest generation of KEYS to, into DEVICES. */
static int
holders(struct tend_buf *devices, const struct tend_keyring *ring,
    const struct tend_journal_keys *keys)
{
	const uint8_t	*key;

	return tend_keyring_holders(devices, ring,
	    tend_journal_keys_current(keys, &key));
}

int
tend_key_rotate(unsigned long *generation, struct tend_journal *journal,
    const char *leaving)
{
	const uint8_t			(*published)[TEND_ED25519_PUBLIC];
	struct tend_txn			*txn;
	struct tend_keyring		*ring = NULL;
	struct tend_journal_keys	*keys = NULL;
	struct tend_buf			 devices = TEND_BUF_INIT;
	struct tend_buf			 message = TEND_BUF_INIT;
	const uint8_t			*key;
	const char			*me;
	size_t				 i, n, gone = 0;
	int				 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = read_ring(&ring, journal)) < 0)
		goto out;
	if (leaving != NULL) {
		if (journal_partner_find(journal, leaving) == NULL) {
			error = tend_error_set(TEND_ENOTFOUND, "'%s' is not a "
			    "partner in tend.conf", leaving);
			goto out;
		}
		if (strcmp(leaving, me) == 0) {
			error = tend_error_set(TEND_EINVALID, "a partner takes "
			    "out another, not themselves; leave by no longer "
			    "syncing");
			goto out;
		}
		n = tend_journal_partner_keys(&published, journal, leaving);
		for (i = 0; i < n; i++)
			gone += tend_keyring_revoke(ring, published[i]);
	}
	/* Who holds the newest key now holds the next, and no one else. */
	if ((error = tend_journal_keys_copy(&keys, tend_cipher_keys(
	    journal->cipher))) < 0 ||
	    (error = holders(&devices, ring, keys)) < 0 ||
	    (error = tend_journal_keys_rotate(keys)) < 0)
		goto out;
	for (i = 0; i + TEND_ED25519_PUBLIC <= devices.len && error == 0;
	    i += TEND_ED25519_PUBLIC)
		error = tend_keyring_grant(ring, keys,
		    (const uint8_t *)devices.data + i);
	*generation = tend_journal_keys_current(keys, &key);
	if (error == 0)
		error = leaving != NULL ? tend_buf_printf(&message, "keys: %s "
		    "takes %s's devices out (%zu keys), key generation %lu", me,
		    leaving, gone, *generation) :
		    tend_buf_printf(&message, "keys: %s starts key generation "
		    "%lu", me, *generation);
	if (error == 0) {
		error = rekey(txn, journal, keys, ring, message.data);
		keys = NULL;
	}
out:
	tend_journal_keys_free(keys);
	tend_buf_free(&devices);
	tend_buf_free(&message);
	tend_keyring_free(ring);
	tend_txn_end(txn);
	return error;
}

int
tend_journal_seal_message(char **out, struct tend_journal *journal,
    const char *message)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	int		error;

	if (journal->encrypted && journal->cipher == NULL)
		return tend_error_set(TEND_ERROR, "cannot encrypt the message: "
		    "this device holds no key of the journal's");
	if ((error = tend_store_seal_message(&buf, journal->store,
	    message)) == 0 && (error = tend_buf_grow(&buf, 0)) == 0)
		*out = tend_buf_detach(&buf);
	tend_buf_free(&buf);
	return error;
}

int
tend_journal_check_push(struct tend_journal *journal, const char *local,
    const char *remote)
{
	return tend_outgoing_sealed(journal, local, remote);
}

/*
 * Where the file at PATH of a journal not encrypted goes in NEW, an
 * encrypted one: the same place, its slug sealed when its name has one.
 */
static int
sealed_path(struct tend_buf *out, struct tend_journal *new, const char *path)
{
	enum tend_kind	 kind;
	const char	*base, *id, *best = NULL;
	char		 name[TEND_AGREE_NAME_MAX + 1], day[11];
	char		*slug;
	size_t		 i, len;
	int		 error;

	out->len = 0;
	if (!tend_kind_of_path(&kind, path) || kind == TEND_KIND_CHECKIN)
		return tend_buf_puts(out, path);
	if (kind == TEND_KIND_AGREE)
		return tend_layout_agree_name_of(name, NULL, path,
		    strlen(path)) ? tend_layout_agree_path(out, new->cipher,
		    name) : tend_buf_puts(out, path);
	/* "DAY-ID-SLUG.md", the id the longest partner id that fits. */
	base = strrchr(path, '/') + 1;
	len = strlen(base);
	if (len < 15 || base[10] != '-' || strcmp(base + len - 3, ".md") != 0)
		return tend_buf_puts(out, path);
	for (i = 0; i < new->npartners; i++) {
		id = new->partners[i].id;
		if (strncmp(base + 11, id, strlen(id)) == 0 &&
		    base[11 + strlen(id)] == '-' && (best == NULL ||
		    strlen(id) > strlen(best)))
			best = id;
	}
	if (best == NULL || 11 + strlen(best) + 1 >= len - 3)
		return tend_buf_puts(out, path);
	memcpy(day, base, 10);
	day[10] = '\0';
	if ((slug = strndup(base + 12 + strlen(best), len - 3 - 12 -
	    strlen(best))) == NULL)
		return tend_error_nomem();
	if ((error = tend_layout_entry_stem(out, new->cipher, kind, day, best,
	    slug)) == 0)
		error = tend_buf_puts(out, ".md");
	free(slug);
	return error;
}

/* Copying one store's files into the new journal, as copy_cb sees them. */
struct copy {
	struct tend_txn		*txn;
	struct tend_journal	*old;
	struct tend_journal	*new;
	enum tend_txn_store	 where;
	struct tend_buf		 path;
	size_t			 count;
};

static int
copy_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct copy	*copy = arg;
	int		 error;

	/* tend init wrote these for the new journal, as they must be. */
	if (copy->where == TEND_TXN_JOURNAL && (strcmp(path, CONF_FILE) == 0 ||
	    strcmp(path, ".gitattributes") == 0 ||
	    strcmp(path, "README.md") == 0 ||
	    strcmp(path, TEND_LAYOUT_KEYRING) == 0))
		return 0;
	if ((error = sealed_path(&copy->path, copy->new, path)) < 0)
		return error;
	copy->count++;
	return tend_txn_stage(copy->txn, copy->where, copy->path.data, data,
	    len);
}

/*
 * The old journal's tend.conf, its settings and partners, for the new
 * one: without the old devices' keys, whose owners join the new journal
 * from devices of their own, but with this device's new key.
 */
static int
copy_conf(char **text, size_t *len, struct tend_journal *new,
    struct tend_journal *old)
{
	const uint8_t		(*keys)[TEND_ED25519_PUBLIC];
	struct tend_conf	*conf = NULL;
	struct tend_buf		 key = TEND_BUF_INIT, line = TEND_BUF_INIT;
	char			*committed = NULL;
	size_t			 committed_len, i;
	int			 error;

	if ((error = tend_store_read(&committed, &committed_len, old->store,
	    CONF_FILE)) < 0 ||
	    (error = tend_conf_load(&conf, tend_store_gitdir(new->store),
	    CONF_FILE, committed, committed_len)) < 0)
		goto out;
	for (i = 0; i < old->npartners && error == 0; i++) {
		key.len = 0;
		if ((error = tend_buf_printf(&key, "partner.%s.key",
		    old->partners[i].id)) == 0)
			error = tend_conf_unset(conf, key.data);
	}
	if (error == 0 && tend_journal_partner_keys(&keys, new,
	    new->me) == 1) {
		key.len = 0;
		if ((error = tend_ssh_public_line(&line, keys[0])) == 0 &&
		    (error = tend_buf_printf(&key, "partner.%s.key",
		    new->me)) == 0)
			error = tend_conf_add(conf, key.data, line.data);
	}
	if (error == 0)
		error = tend_conf_text(text, len, conf);
out:
	tend_conf_free(conf);
	tend_buf_free(&key);
	tend_buf_free(&line);
	free(committed);
	return error;
}

/* The old journal's settings and entries, in the new one's first commit. */
static int
fill_cb(struct tend_txn *txn, struct tend_journal *new, void *arg)
{
	struct copy	*copy = arg;
	char		*conf;
	size_t		 len;
	int		 error;

	copy->txn = txn;
	copy->new = new;
	copy->where = TEND_TXN_JOURNAL;
	if ((error = copy_conf(&conf, &len, new, copy->old)) < 0)
		return error;
	error = tend_txn_stage(txn, TEND_TXN_JOURNAL, CONF_FILE, conf, len);
	free(conf);
	return error < 0 ? error : tend_store_list(copy->old->store, "",
	    TEND_LIST_CONTENT, copy_cb, copy);
}

int
tend_journal_encrypt(struct tend_journal **out, struct tend_journal *old,
    const char *dir, const struct tend_lock_hook *hook)
{
	struct tend_journal	*new = NULL;
	struct tend_store	*private_store;
	struct copy		 copy;
	struct tend_buf		 me = TEND_BUF_INIT;
	const char		**others = NULL, **other_ids = NULL;
	const char		*id, *name;
	char			*email = NULL;
	size_t			 i, n = 0;
	int			 error;

	memset(&copy, 0, sizeof(copy));
	copy.old = old;
	if (old->encrypted)
		return tend_error_set(TEND_EINVALID, "'%s' is encrypted "
		    "already", tend_journal_path(old));
	/* Made new, so that a failure can take all of it away again. */
	if (tend_fs_exists(dir))
		return tend_error_set(TEND_EEXISTS, "'%s' exists already; "
		    "give a new folder", dir);
	if ((error = tend_journal_whoami(&id, old)) < 0 ||
	    (error = tend_journal_identity(&name, &email, old)) < 0)
		goto out;
	/* The partners as they are named now, the local one first. */
	if ((error = tend_buf_printf(&me, "%s <%s>", name, email)) < 0 ||
	    (others = calloc(old->npartners + 1, sizeof(*others))) == NULL ||
	    (other_ids = calloc(old->npartners + 1,
	    sizeof(*other_ids))) == NULL) {
		error = error < 0 ? error : tend_error_nomem();
		goto out;
	}
	for (i = 0; i < old->npartners; i++)
		if (strcmp(old->partners[i].id, old->me) != 0) {
			other_ids[n] = old->partners[i].id;
			others[n++] = old->partners[i].name;
		}
	/* Each partner keeps the id they have, whatever their name. */
	if ((error = tend_journal_init_with(&new, dir, old->content_dir,
	    me.data, id, others, other_ids, n, hook, TEND_INIT_ENCRYPT,
	    fill_cb, &copy)) < 0)
		goto out;
	/* The local partner's private entries, under sealed names too. */
	error = tend_journal_private(&private_store, old, TEND_PRIVATE_OPEN);
	if (error == TEND_ENOTFOUND)
		error = 0;
	else if (error == 0 &&
	    (error = tend_txn_begin(&copy.txn, new, TEND_TXN_DEFAULT)) == 0) {
		copy.where = TEND_TXN_PRIVATE;
		copy.count = 0;
		if ((error = tend_store_list(private_store, "",
		    TEND_LIST_CONTENT, copy_cb, &copy)) == 0 && copy.count != 0)
			error = tend_txn_commit(copy.txn, TEND_TXN_PRIVATE,
			    "encrypt: the private entries as they stood");
		tend_txn_end(copy.txn);
	}
	if (error == 0)
		error = tend_journal_reread(new);
out:
	if (error < 0 && new != NULL) {
		/* Nothing is left of a journal that did not come whole. */
		tend_journal_free(new);
		(void)tend_fs_remove_tree(dir);
		new = NULL;
	}
	if (error == 0)
		*out = new;
	tend_buf_free(&copy.path);
	tend_buf_free(&me);
	free(others);
	free(other_ids);
	free(email);
	return error;
}
