/*
 * Making a journal: a new folder or an adopted git repository, with its
 * tend.conf naming the partners, a README and .gitattributes, committed
 * as its first commit; a failed init leaves the folder as it was.
 */

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal-internal.h"

static int	build_conf(char **, size_t *, struct tend_journal *);
static int	add_template(struct tend_buf *, struct tend_change *,
		    struct tend_journal *, const char *, const char *);

static int
build_conf(char **out, size_t *len, struct tend_journal *journal)
{
	struct tend_conf	*conf;
	struct tend_buf		 key = TEND_BUF_INIT, line = TEND_BUF_INIT;
	uint8_t			 public[TEND_ED25519_PUBLIC];
	size_t			 i;
	int			 error;

	if ((error = tend_conf_load(&conf, tend_store_gitdir(journal->store),
	    CONF_FILE, "", 0)) < 0)
		return error;
	error = tend_conf_set(conf, "tend.version", CONF_VERSION);
	for (i = 0; i < journal->npartners && error == 0; i++) {
		struct partner *p = &journal->partners[i];

		key.len = 0;
		if ((error = tend_buf_printf(&key, "partner.%s.name",
		    p->id)) < 0 ||
		    (error = tend_conf_set(conf, key.data, p->name)) < 0)
			break;
		key.len = 0;
		if (p->email != NULL &&
		    ((error = tend_buf_printf(&key, "partner.%s.email",
		    p->id)) < 0 ||
		    (error = tend_conf_set(conf, key.data, p->email)) < 0))
			break;
	}
	/* The first commit is signed by the key it publishes. */
	key.len = 0;
	if (error == 0 && (error = tend_keys_device_public(public, journal,
	    TEND_KEYS_CREATE)) == 0 &&
	    (error = tend_ssh_public_line(&line, public)) == 0 &&
	    (error = tend_buf_printf(&key, "partner.%s.key", journal->me)) == 0 &&
	    (error = tend_conf_add(conf, key.data, line.data)) == 0)
		error = journal_partner_add_key(journal_partner_find(journal,
		    journal->me), public);
	if (error == 0)
		error = tend_conf_text(out, len, conf);
	tend_buf_free(&key);
	tend_buf_free(&line);
	tend_conf_free(conf);
	return error;
}

/* Add a file from a template, unless the repository already has one. */
static int
add_template(struct tend_buf *data, struct tend_change *change,
    struct tend_journal *journal, const char *path, const char *template)
{
	char	*full, *text;
	size_t	 len;
	int	 error, exists;

	if ((full = tend_fs_join(tend_journal_path(journal), path)) == NULL)
		return tend_error_nomem();
	exists = tend_fs_exists(full);
	free(full);
	if (exists)
		return 0;
	if ((error = tend_content_read(&text, &len, NULL,
	    journal->content_dir, template)) < 0)
		return error;
	error = tend_buf_put(data, text, len);
	free(text);
	if (error < 0)
		return error;
	change->path = path;
	change->len = len;
	return 1;
}

int
tend_journal_init(struct tend_journal **out, const char *dir,
    const char *content_dir, const char *me, const char *id,
    const char *const *partners, size_t npartners,
    const struct tend_lock_hook *hook, unsigned int flags)
{
	return tend_journal_init_with(out, dir, content_dir, me, id, partners,
	    NULL, npartners, hook, flags, NULL, NULL);
}

int
tend_journal_init_with(struct tend_journal **out, const char *dir,
    const char *content_dir, const char *me, const char *me_id,
    const char *const *partners, const char *const *partner_ids,
    size_t npartners, const struct tend_lock_hook *hook, unsigned int flags,
    int (*fill)(struct tend_txn *, struct tend_journal *, void *),
    void *arg)
{
	struct tend_journal	*journal = NULL;
	struct tend_store	*store = NULL;
	struct tend_txn		*txn = NULL;
	struct tend_change	 changes[4];
	struct tend_buf		 message = TEND_BUF_INIT, keyring = TEND_BUF_INIT;
	struct tend_buf		 attributes = TEND_BUF_INIT;
	struct tend_buf		 readme = TEND_BUF_INIT;
	struct tend_fs_made	 made = TEND_FS_MADE_INIT;
	char			*conf = NULL, *name = NULL, *email = NULL;
	char			*id = NULL, *user_name = NULL, *git = NULL;
	struct stat		 st;
	size_t			 i, len, nchanges = 0;
	int			 error, had_git = 1;

	if (journal_is_dir(dir)) {
		if (tend_store_open(&store, dir) < 0)
			return tend_error_set(TEND_EINVALID, "'%s' has a "
			    "tend.conf but is not a git repository", dir);
		tend_store_free(store);
		return tend_error_set(TEND_EEXISTS,
		    "'%s' is already a journal; nothing changed", dir);
	}
	if ((journal = calloc(1, sizeof(*journal))) == NULL ||
	    (journal->content_dir = strdup(content_dir)) == NULL) {
		free(journal);
		return tend_error_nomem();
	}
	tend_journal_set_lock_hook(journal, hook);
	/* Every name is checked before anything is written. */
	for (i = 0; i <= npartners; i++) {
		const char *spec = i == 0 ? me : partners[i - 1];
		const char *given = i == 0 ? me_id : partner_ids != NULL ?
		    partner_ids[i - 1] : NULL;

		if (spec == NULL)
			continue;
		if ((error = journal_parse_person(&name, &email, spec)) < 0 ||
		    (error = journal_person_id(&id, given, name)) < 0 ||
		    (error = journal_add_partner(journal, id, name, email)) < 0)
			goto out;
		if (i == 0 && (journal->me = strdup(id)) == NULL) {
			error = tend_error_nomem();
			goto out;
		}
		free(name);
		free(email);
		free(id);
		name = email = id = NULL;
	}
	if (me == NULL &&
	    tend_store_config_get(&user_name, NULL, "user.name") == 0) {
		if ((error = journal_person_id(&id, me_id, user_name)) < 0 ||
		    (error = journal_add_partner(journal, id, user_name,
		    NULL)) < 0)
			goto out;
		journal->me = id;
		id = NULL;
	}
	if (journal->me == NULL) {
		error = tend_error_set(TEND_EINVALID, "who is starting this "
		    "journal? give --me NAME");
		goto out;
	}
	if (lstat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		error = tend_error_set(TEND_EINVALID, "'%s' is not a folder",
		    dir);
		goto out;
	}
	/* A new folder is made only for a journal that can be committed. */
	if (!tend_fs_exists(dir) &&
	    journal_partner_find(journal, journal->me)->email == NULL) {
		error = tend_store_config_get(&email, NULL, "user.email");
		if (error == TEND_ENOTFOUND)
			error = tend_error_set(TEND_EINVALID, "no email address "
			    "for '%s': give it as --me 'Name <address>', or set "
			    "git's user.email", journal->me);
		free(email);
		email = NULL;
		if (error < 0)
			goto out;
	}
	if ((git = tend_fs_join(dir, ".git")) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	had_git = tend_fs_exists(git);
	/* A history already there would stay as it is, unsealed. */
	if ((flags & TEND_INIT_ENCRYPT) && had_git) {
		error = tend_error_set(TEND_EINVALID, "'%s' is a git repository "
		    "already; make an encrypted journal in a new folder, or "
		    "encrypt this one with 'tend encrypt'", dir);
		goto out;
	}
	if ((error = tend_fs_mkdirs(dir, &made)) < 0 ||
	    (error = tend_store_init(&store, dir)) < 0)
		goto out;
	journal->store = store;
	tend_store_set_signer(store, tend_keys_sign_commit, journal);
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0 ||
	    (error = tend_store_config_set(store, "tend.me", journal->me)) < 0 ||
	    ((flags & TEND_INIT_ENCRYPT) && (error = journal_encrypt_new(journal,
	    &keyring)) < 0) ||
	    (error = build_conf(&conf, &len, journal)) < 0)
		goto out;
	changes[nchanges++] = (struct tend_change){ CONF_FILE, conf, len };
	if (flags & TEND_INIT_ENCRYPT)
		changes[nchanges++] = (struct tend_change){
		    TEND_LAYOUT_KEYRING, keyring.data, keyring.len };
	if ((error = add_template(&attributes, &changes[nchanges], journal,
	    ".gitattributes", flags & TEND_INIT_ENCRYPT ?
	    "templates/gitattributes-encrypted" :
	    "templates/gitattributes")) < 0)
		goto out;
	nchanges += (size_t)error;
	if ((error = add_template(&readme, &changes[nchanges], journal,
	    "README.md", "templates/journal-README.md")) < 0)
		goto out;
	nchanges += (size_t)error;
	/* The templates' bytes are final only now that both buffers are. */
	for (i = 1; i < nchanges; i++)
		if (strcmp(changes[i].path, "README.md") == 0)
			changes[i].data = readme.data;
		else if (strcmp(changes[i].path, ".gitattributes") == 0)
			changes[i].data = attributes.data;
	if ((error = tend_buf_puts(&message, "init: journal for ")) < 0)
		goto out;
	for (i = 0; i < journal->npartners && error == 0; i++)
		error = tend_buf_printf(&message, "%s%s", i == 0 ? "" :
		    i + 1 == journal->npartners ? " and " : ", ",
		    journal->partners[i].name);
	for (i = 0; i < nchanges && error == 0; i++)
		error = tend_txn_stage(txn, TEND_TXN_JOURNAL, changes[i].path,
		    changes[i].data, changes[i].len);
	if (error == 0 && fill != NULL)
		error = fill(txn, journal, arg);
	if (error == 0 &&
	    (error = tend_txn_commit(txn, TEND_TXN_JOURNAL, message.data)) == 0)
		error = journal_plain_git(journal);
out:
	tend_buf_free(&message);
	tend_buf_free(&keyring);
	tend_buf_free(&attributes);
	tend_buf_free(&readme);
	free(conf);
	free(name);
	free(email);
	free(id);
	free(user_name);
	tend_txn_end(txn);
	if (error < 0) {
		tend_journal_free(journal);
		/*
		 * A failed init leaves the folder as it found it: the folders
		 * it made go whole (nothing but tend wrote there), and in a
		 * folder it adopted, the repository it started.
		 */
		if (made.count == 0 && !had_git && git != NULL)
			(void)tend_fs_remove_tree(git);
		tend_fs_made_discard(&made, error);
		free(git);
		return error;
	}
	tend_fs_made_free(&made);
	free(git);
	*out = journal;
	return 0;
}
