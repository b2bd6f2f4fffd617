/*
 * The journal's own writes, each through a transaction: settings in
 * tend.conf, a partner joining, a new entry, and finishing a move into the
 * journal that a crash cut short.
 */

#include <stdlib.h>
#include <string.h>

#include "journal-internal.h"

static int	moves_cb(const char *, const char *, size_t, void *);

/* One change of tend.conf: KEY set to VALUE, or given one more VALUE. */
struct conf_edit {
	const char	*key;
	const char	*value;
	int		 add;
};

/* Make EDITS to tend.conf and commit them with MESSAGE. */
static int
edit_conf(struct tend_journal *journal, const struct conf_edit *edits,
    size_t count, const char *message)
{
	struct tend_txn		*txn;
	struct tend_conf	*conf = NULL;
	char			*path, *text = NULL, *committed = NULL;
	size_t			 i, len, committed_len;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((path = tend_fs_join(tend_journal_path(journal), CONF_FILE)) ==
	    NULL) {
		error = tend_error_nomem();
		goto out;
	}
	/* libgit2 edits the file's text through a scratch copy in .git. */
	if ((error = tend_fs_read(&text, &len, path)) < 0 ||
	    (error = tend_store_read(&committed, &committed_len,
	    journal->store, CONF_FILE)) < 0)
		goto out;
	/* A hand edit not yet committed is not ours to commit. */
	if (committed_len != len || memcmp(committed, text, len) != 0) {
		error = tend_error_set(TEND_EINVALID, "%s has changes that are "
		    "not committed; commit or undo them first", CONF_FILE);
		goto out;
	}
	if ((error = tend_conf_load(&conf, tend_store_gitdir(journal->store),
	    CONF_FILE, text, len)) < 0)
		goto out;
	for (i = 0; i < count && error == 0; i++)
		error = edits[i].add ? tend_conf_add(conf, edits[i].key,
		    edits[i].value) : tend_conf_set(conf, edits[i].key,
		    edits[i].value);
	free(text);
	text = NULL;
	if (error < 0 || (error = tend_conf_text(&text, &len, conf)) < 0)
		goto out;
	if ((error = tend_txn_stage(txn, TEND_TXN_JOURNAL, CONF_FILE, text,
	    len)) == 0)
		error = tend_txn_commit(txn, TEND_TXN_JOURNAL, message);
out:
	tend_conf_free(conf);
	free(path);
	free(text);
	free(committed);
	tend_txn_end(txn);
	return error;
}

int
tend_journal_set_conf(struct tend_journal *journal, const char *const *keys,
    const char *const *values, size_t count, const char *message)
{
	struct conf_edit	*edits;
	size_t			 i;
	int			 error;

	if ((edits = calloc(count != 0 ? count : 1, sizeof(*edits))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < count; i++) {
		edits[i].key = keys[i];
		edits[i].value = values[i];
	}
	error = edit_conf(journal, edits, count, message);
	free(edits);
	return error;
}

int
tend_journal_publish_key(struct tend_journal *journal)
{
	struct tend_buf		 key = TEND_BUF_INIT, line = TEND_BUF_INIT;
	struct tend_buf		 message = TEND_BUF_INIT;
	struct conf_edit	 edit;
	struct partner		*me;
	uint8_t			 public[TEND_ED25519_PUBLIC];
	char			 fingerprint[TEND_SSH_FINGERPRINT_SIZE];
	const char		*id;
	int			 error;

	if ((error = tend_journal_whoami(&id, journal)) < 0 ||
	    (error = tend_keys_device_public(public, journal,
	    TEND_KEYS_CREATE)) < 0)
		return error;
	me = journal_partner_find(journal, id);
	if (journal_partner_has_key(me, public))
		return 0;
	if ((error = tend_ssh_public_line(&line, public)) < 0 ||
	    (error = tend_ssh_fingerprint(fingerprint, public)) < 0 ||
	    (error = tend_buf_printf(&key, "partner.%s.key", id)) < 0 ||
	    (error = tend_buf_printf(&message, "keys: %s's device key %s",
	    id, fingerprint)) < 0)
		goto out;
	edit.key = key.data;
	edit.value = line.data;
	edit.add = 1;
	if ((error = edit_conf(journal, &edit, 1, message.data)) == 0)
		error = journal_partner_add_key(me, public);
out:
	tend_buf_free(&key);
	tend_buf_free(&line);
	tend_buf_free(&message);
	return error;
}

int
tend_journal_join(struct tend_journal *journal, const char *me,
    const char *given_id)
{
	struct tend_txn		*txn;
	struct tend_buf		 name_key = TEND_BUF_INIT, email_key = TEND_BUF_INIT;
	struct tend_buf		 key_key = TEND_BUF_INIT, line = TEND_BUF_INIT;
	struct tend_buf		 message = TEND_BUF_INIT;
	struct conf_edit	 edits[3];
	uint8_t			 public[TEND_ED25519_PUBLIC];
	char			*name = NULL, *email = NULL, *id = NULL;
	size_t			 count = 0, i;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = journal_parse_person(&name, &email, me)) < 0 ||
	    (error = journal_person_id(&id, given_id, name)) < 0)
		goto out;
	/*
	 * A partner named already by this very name is the one joining,
	 * under the id they were given: one an older tend made of a name
	 * in another script ("zo" of Zoë), or one chosen with --id.
	 */
	for (i = 0; given_id == NULL && journal_partner_find(journal,
	    id) == NULL && i < journal->npartners; i++)
		if (strcmp(journal->partners[i].name, name) == 0) {
			free(id);
			if ((id = strdup(journal->partners[i].id)) == NULL) {
				error = tend_error_nomem();
				goto out;
			}
		}
	if ((error = tend_store_config_set(journal->store, "tend.me", id)) < 0)
		goto out;
	free(journal->me);
	if ((journal->me = strdup(id)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	/* A partner named already publishes this machine's key alone. */
	if (journal_partner_find(journal, id) != NULL) {
		error = tend_journal_publish_key(journal);
		goto out;
	}
	/*
	 * A new partner: named in tend.conf with their device key, in a
	 * commit it signs, shared at the next sync.
	 */
	if ((error = tend_buf_printf(&name_key, "partner.%s.name", id)) < 0 ||
	    (error = tend_buf_printf(&email_key, "partner.%s.email", id)) < 0 ||
	    (error = tend_buf_printf(&key_key, "partner.%s.key", id)) < 0 ||
	    (error = tend_buf_printf(&message, "partners: add %s", name)) < 0 ||
	    (error = journal_add_partner(journal, id, name, email)) < 0 ||
	    (error = tend_keys_device_public(public, journal,
	    TEND_KEYS_CREATE)) < 0 ||
	    (error = tend_ssh_public_line(&line, public)) < 0)
		goto out;
	edits[count++] = (struct conf_edit){ name_key.data, name, 0 };
	if (email != NULL)
		edits[count++] = (struct conf_edit){ email_key.data, email, 0 };
	edits[count++] = (struct conf_edit){ key_key.data, line.data, 1 };
	if ((error = edit_conf(journal, edits, count, message.data)) == 0)
		error = journal_partner_add_key(journal_partner_find(journal,
		    id), public);
out:
	if (error == 0)
		error = journal_plain_git(journal);
	tend_buf_free(&name_key);
	tend_buf_free(&email_key);
	tend_buf_free(&key_key);
	tend_buf_free(&line);
	tend_buf_free(&message);
	free(name);
	free(email);
	free(id);
	tend_txn_end(txn);
	return error;
}

/*
 * What plain git needs to work beside tend in this clone: the local
 * partner's name and address from tend.conf, so that a commit made with
 * git is judged theirs; a pull that merges, as tend sync does, so that
 * git never rewrites commits a partner already has; and the device key,
 * so that git signs and verifies commits as tend does.
 */
int
journal_plain_git(struct tend_journal *journal)
{
	struct partner	*me = journal_partner_find(journal, journal->me);
	uint8_t		 public[TEND_ED25519_PUBLIC];
	int		 error;

	if ((error = tend_store_config_set(journal->store, "pull.rebase",
	    "false")) < 0 || me == NULL)
		return error;
	if ((error = tend_store_config_set(journal->store, "user.name",
	    me->name)) < 0 || (me->email != NULL &&
	    (error = tend_store_config_set(journal->store, "user.email",
	    me->email)) < 0))
		return error;
	if ((error = tend_keys_device_public(public, journal,
	    TEND_KEYS_CREATE)) < 0 ||
	    (error = tend_trust_add(journal, me->id, public)) < 0 ||
	    (error = journal_git_filter(journal)) < 0)
		return error;
	return tend_keys_git_config(journal);
}

int
tend_journal_add(char **id, struct tend_txn *txn, enum tend_txn_store where,
    const char *path, const struct tend_buf *file, const char *message)
{
	int	error;

	if ((error = tend_txn_stage(txn, where, path, file->data,
	    file->len)) == 0)
		error = tend_txn_commit(txn, where, message);
	if (error == 0)
		error = tend_layout_entry_id(id, tend_journal_cipher(
		    tend_txn_journal(txn)), path);
	return error;
}

static int
moves_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct tend_buf	*paths = arg;

	(void)data;
	(void)len;
	return tend_buf_put(paths, path, strlen(path) + 1);
}

int
tend_journal_finish_moves(struct tend_txn *txn)
{
	static const enum tend_kind private_kinds[] = {
		TEND_KIND_REFLECT, TEND_KIND_RESENT,
	};
	struct tend_journal	*journal = tend_txn_journal(txn);
	enum tend_kind		 kind;
	struct tend_buf		 paths = TEND_BUF_INIT, message = TEND_BUF_INIT;
	struct tend_store	*private_store;
	const char		*path, *data;
	char			*shared = NULL, *kept = NULL;
	size_t			 i, shared_len, kept_len;
	int			 error;

	if ((error = tend_journal_private(&private_store, journal,
	    TEND_PRIVATE_OPEN)) < 0)
		return error == TEND_ENOTFOUND ? 0 : error;
	for (i = 0; i < sizeof(private_kinds) / sizeof(private_kinds[0]) &&
	    error == 0; i++)
		error = tend_store_list(private_store,
		    tend_kind_name(private_kinds[i]), TEND_LIST_PATHS, moves_cb,
		    &paths);
	for (path = paths.data; error == 0 && path != NULL &&
	    path < paths.data + paths.len; path += strlen(path) + 1) {
		error = tend_store_read(&shared, &shared_len, journal->store,
		    path);
		if (error == TEND_ENOTFOUND) {
			error = 0;
			continue;
		}
		if (error < 0 || (error = tend_store_read(&kept, &kept_len,
		    private_store, path)) < 0)
			break;
		/*
		 * Raising or sharing commits to the journal first: a copy
		 * that differs there is a move a crash cut short.  A raised
		 * resentment leaves the private store; a shared reflection
		 * stays, as shared.
		 */
		if (kept_len != shared_len ||
		    memcmp(kept, shared, kept_len) != 0) {
			data = tend_kind_of_path(&kind, path) &&
			    kind == TEND_KIND_RESENT ? NULL : shared;
			message.len = 0;
			if ((error = tend_buf_printf(&message, "%s: finish "
			    "moving %s into the journal", data == NULL ?
			    "resent" : "reflect", path)) == 0 &&
			    (error = tend_txn_stage(txn, TEND_TXN_PRIVATE,
			    path, data, data != NULL ? shared_len : 0)) == 0)
				error = tend_txn_commit(txn, TEND_TXN_PRIVATE,
				    message.data);
		}
		free(shared);
		free(kept);
		shared = kept = NULL;
	}
	free(shared);
	free(kept);
	tend_buf_free(&paths);
	tend_buf_free(&message);
	return error;
}
