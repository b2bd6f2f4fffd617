/*
 * Syncing a journal with its remote: fetch, integrate, push; never
 * rebase, never force, never drop either side.  And joining a partner's
 * journal with a clone.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define MAX_ATTEMPTS	3	/* pushes that lose a race before giving up */

/* The private store's text that must never leave this machine. */
struct secrets {
	struct tend_store	 *journal;	/* whose blobs they would be */
	char			**paths;
	char			(*blobs)[TEND_OID_SIZE];
	size_t			  count;
	int			  error;
};

struct dirty {
	struct tend_buf	paths;
	size_t		count;
};

static int	secret_cb(const char *, const char *, size_t, void *);
static int	read_secrets(struct secrets *, struct tend_journal *);
static void	secrets_free(struct secrets *);
static int	outgoing_cb(const char *, const char *, void *);
static int	dirty_cb(const char *, void *);
static int	unfetch(struct tend_store *, const char *, const char *,
		    const struct tend_fetched *, int);
static int	redeem(struct tend_cipher **, char [TEND_INVITE_ID_SIZE],
		    struct tend_store *, const char *, const char *);
static int	readable_conflict(const char *, void *);
static int	run_pre_push(struct tend_store *, const char *, const char *,
		    const char *, const char *, const char *);
static int	fetch_merge_push(int *, struct tend_journal *, const char *,
		    const struct tend_progress *, int (*)(const char *, void *),
		    void *);

static int
secret_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct secrets		*secrets = arg;
	struct tend_meta	*meta;
	const char		*shared;
	size_t			 body, n = secrets->count;
	char			**paths;
	char			(*blobs)[TEND_OID_SIZE];
	int			 error;

	/* A reflection shared on purpose is the one exception. */
	if (tend_entry_split(&meta, &body, path, data, len) == 0) {
		shared = tend_meta_get_text(meta, "shared");
		error = shared != NULL && strcmp(shared, "true") == 0;
		tend_meta_free(meta);
		if (error)
			return 0;
	}
	paths = realloc(secrets->paths, (n + 1) * sizeof(*paths));
	if (paths != NULL)
		secrets->paths = paths;
	blobs = realloc(secrets->blobs, (n + 1) * sizeof(*blobs));
	if (blobs != NULL)
		secrets->blobs = blobs;
	if (paths == NULL || blobs == NULL ||
	    (secrets->paths[n] = strdup(path)) == NULL)
		return tend_error_nomem();
	if ((error = tend_store_blob_id(secrets->blobs[n], secrets->journal,
	    path, data, len)) < 0) {
		free(secrets->paths[n]);
		return error;
	}
	secrets->count++;
	return 0;
}

static int
read_secrets(struct secrets *secrets, struct tend_journal *journal)
{
	static const char *const dirs[] = { "reflect", "resent" };
	struct tend_store	*store;
	size_t			 i;
	int			 error;

	memset(secrets, 0, sizeof(*secrets));
	secrets->journal = tend_journal_store(journal);
	if ((error = tend_journal_private(&store, journal,
	    TEND_PRIVATE_OPEN)) < 0)
		return error == TEND_ENOTFOUND ? 0 : error;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && error == 0; i++)
		error = tend_store_list(store, dirs[i], TEND_LIST_CONTENT,
		    secret_cb, secrets);
	if (error < 0)
		secrets_free(secrets);
	return error;
}

static void
secrets_free(struct secrets *secrets)
{
	size_t	i;

	for (i = 0; i < secrets->count; i++)
		free(secrets->paths[i]);
	free(secrets->paths);
	free(secrets->blobs);
	memset(secrets, 0, sizeof(*secrets));
}

/* libgit2 runs no pre-push hook; this check is tend's own. */
static int
outgoing_cb(const char *path, const char *blob, void *arg)
{
	const struct secrets	*secrets = arg;
	size_t			 i;

	for (i = 0; i < secrets->count; i++)
		if (strcmp(secrets->paths[i], path) == 0 ||
		    strcmp(secrets->blobs[i], blob) == 0)
			return tend_error_set(TEND_EINVALID, "refusing to push: "
			    "'%s' would share the private text of '%s'; take it "
			    "out of the commits to push with git first", path,
			    secrets->paths[i]);
	return 0;
}

static int
dirty_cb(const char *path, void *arg)
{
	struct dirty	*dirty = arg;

	/* Entries, and the files that say how they are shared. */
	if (!tend_kind_of_path(NULL, path) &&
	    strncmp(path, "tend.conf", strlen("tend.conf")) != 0 &&
	    strncmp(path, ".gitattributes", strlen(".gitattributes")) != 0)
		return 0;
	dirty->count++;
	if (dirty->count > 5)
		return 0;
	return tend_buf_printf(&dirty->paths, "%s'%s'", dirty->count > 1 ?
	    ", " : "", path);
}

/*
 * Take back a fetch whose commits are refused with ERROR, which stays the
 * error told, whether or not the taking back worked.
 */
static int
unfetch(struct tend_store *store, const char *remote, const char *branch,
    const struct tend_fetched *fetched, int error)
{
	char	*why;

	if ((why = strdup(tend_error())) == NULL)
		return tend_error_nomem();
	if (tend_store_unfetch(store, remote, branch, fetched) == TEND_ENOMEM)
		error = TEND_ENOMEM;
	else
		error = tend_error_set(error, "%s", why);
	free(why);
	return error;
}

/* A conflict as the caller is told of it: with the names it knows. */
struct conflict_told {
	struct tend_journal	*journal;
	int			(*fn)(const char *, void *);
	void			*arg;
};

/* An agreement's sealed path becomes agree/NAME.md, as tend names it. */
static int
readable_conflict(const char *path, void *arg)
{
	struct conflict_told	*told = arg;
	struct tend_buf		 readable = TEND_BUF_INIT;
	char			 name[TEND_AGREE_NAME_MAX + 1];
	int			 error;

	if (told->fn == NULL)
		return 0;
	if (!tend_layout_agree_name_of(name, tend_journal_cipher(
	    told->journal), path, strlen(path)))
		return told->fn(path, told->arg);
	if ((error = tend_layout_agree_path(&readable, NULL, name)) == 0)
		error = told->fn(readable.data, told->arg);
	tend_buf_free(&readable);
	return error;
}

/*
 * git's pre-push hook, as git push runs it: the remote's name and URL as
 * arguments, and on standard input the one ref pushed, from HEAD over
 * THEIRS ("" when the remote has no such branch yet).  Both transports
 * run it here, once: the git transport pushes with --no-verify.
 */
static int
run_pre_push(struct tend_store *store, const char *remote, const char *url,
    const char *branch, const char *head, const char *theirs)
{
	const char	*args[] = { remote, url, NULL };
	struct tend_buf	 line = TEND_BUF_INIT;
	int		 error;

	if ((error = tend_buf_printf(&line, "refs/heads/%s %s refs/heads/%s "
	    "%s\n", branch, head, branch, theirs[0] != '\0' ? theirs :
	    "0000000000000000000000000000000000000000")) == 0 &&
	    (error = tend_hook_run(store, "pre-push", args, line.data)) < 0 &&
	    error != TEND_ENOMEM)
		error = tend_error_set(error, "%s; nothing was pushed",
		    tend_error());
	tend_buf_free(&line);
	return error;
}

/* The sync proper, under the lock. */
static int
fetch_merge_push(int *outcome, struct tend_journal *journal, const char *remote,
    const struct tend_progress *progress,
    int (*conflict)(const char *, void *), void *arg)
{
	struct conflict_told	 told = { journal, conflict, arg };
	struct tend_store	*store = tend_journal_store(journal);
	struct dirty		 dirty = { TEND_BUF_INIT, 0 };
	struct secrets		 secrets;
	enum tend_relation	 relation;
	struct tend_buf		 message = TEND_BUF_INIT;
	const char		*name;
	char			*configured = NULL, *url = NULL, *branch = NULL;
	char			*email = NULL, theirs[TEND_OID_SIZE];
	char			 head[TEND_OID_SIZE];
	struct tend_fetched	 fetched = { "", TEND_BUF_INIT };
	int			 attempt, error;

	*outcome = 0;
	memset(&secrets, 0, sizeof(secrets));
	if (remote == NULL) {
		if ((error = tend_sync_remote_name(&configured, store)) < 0)
			return error;
		remote = configured;
	}
	if ((error = tend_store_remote_url(&url, store, remote)) < 0) {
		if (error == TEND_ENOTFOUND)
			error = tend_error_set(TEND_ENOTFOUND, "there is no "
			    "remote '%s'; add the place you share the journal "
			    "with 'git -C %s remote add %s URL'", remote,
			    tend_journal_path(journal), remote);
		goto out;
	}
	if ((error = tend_store_changes(store, dirty_cb, &dirty)) < 0)
		goto out;
	if (dirty.count != 0) {
		error = tend_error_set(TEND_EINVALID, "uncommitted changes to "
		    "%s%s; commit them or put them aside with 'git stash', "
		    "then sync again", dirty.paths.data, dirty.count > 5 ?
		    " and more" : "");
		goto out;
	}
	/* What this sync pushes, the partners can verify. */
	if ((error = tend_journal_publish_key(journal)) < 0 ||
	    (error = tend_store_branch(&branch, store)) < 0 ||
	    (error = tend_journal_identity(&name, &email, journal)) < 0 ||
	    (error = read_secrets(&secrets, journal)) < 0 ||
	    (error = tend_buf_printf(&message, "sync: merge %s/%s", remote,
	    branch)) < 0)
		goto out;
	for (attempt = 1; ; attempt++) {
		if ((error = tend_store_fetch(store, remote, branch, progress,
		    &fetched)) < 0 ||
		    (error = tend_store_relation(&relation, theirs, store,
		    remote, branch)) < 0)
			break;
		/* What the last fetch saw tells a branch gone or forced back. */
		if (attempt == 1 && fetched.before[0] != '\0') {
			if (relation == TEND_REMOTE_EMPTY)
				*outcome |= TEND_SYNC_BRANCH_GONE;
			else if (!tend_store_contains(store, theirs,
			    fetched.before))
				*outcome |= TEND_SYNC_FORCED;
		}
		if (relation == TEND_UNRELATED)
			error = tend_error_set(TEND_EINVALID, "'%s' holds a "
			    "history unrelated to this journal; to join it, "
			    "start from 'tend clone %s'", url, url);
		else if (relation == TEND_BEHIND || relation == TEND_DIVERGED) {
			/* A new key generation opens what it sealed. */
			if ((error = tend_journal_learn_keys(journal,
			    theirs)) == 0)
				error = tend_incoming_check(journal, store,
				    theirs, "HEAD", remote);
		}
		/* Refused: not one object of it stays, as if never fetched. */
		if (error < 0) {
			if (error != TEND_ENOMEM)
				error = unfetch(store, remote, branch, &fetched,
				    error);
			break;
		}
		if (relation == TEND_BEHIND) {
			if ((error = tend_store_fast_forward(store,
			    theirs)) == 0)
				*outcome |= TEND_SYNC_UPDATED;
			break;
		}
		if (relation == TEND_DIVERGED) {
			if ((error = tend_store_merge(store, theirs, name,
			    email, message.data, remote, readable_conflict,
			    &told)) < 0)
				break;
			*outcome |= TEND_SYNC_UPDATED | TEND_SYNC_MERGED;
		}
		if (relation == TEND_SAME)
			break;
		if ((error = tend_store_outgoing(store, theirs, outgoing_cb,
		    &secrets)) < 0 || (error = tend_store_head(head,
		    store)) < 0 || (error = tend_outgoing_sealed(journal, head,
		    theirs)) < 0)
			break;
		/* git's pre-push hook, the same through either transport. */
		if ((error = run_pre_push(store, remote, url, branch, head,
		    theirs)) < 0)
			break;
		error = tend_store_push(store, remote, branch, progress);
		if (error == 0)
			*outcome |= TEND_SYNC_PUSHED;
		/* Lost a race with a partner's push: take theirs in, again. */
		if (error != TEND_ECONFLICT || attempt == MAX_ATTEMPTS)
			break;
	}
	if (error == TEND_ECONFLICT)
		error = tend_error_set(TEND_ECONFLICT, "'%s' kept changing "
		    "while syncing (%d tries); sync again in a moment", url,
		    MAX_ATTEMPTS);
out:
	tend_store_fetched_free(&fetched);
	secrets_free(&secrets);
	tend_buf_free(&dirty.paths);
	tend_buf_free(&message);
	free(configured);
	free(url);
	free(branch);
	free(email);
	return error;
}

int
tend_sync(int *outcome, struct tend_journal *journal, const char *remote,
    const struct tend_progress *progress,
    int (*conflict)(const char *, void *), void *arg)
{
	struct tend_txn	*txn;
	int		 error;

	/*
	 * The lock covers fetch, merge and push, so no commit slips in
	 * between; ^C stays free to stop a slow network.
	 */
	*outcome = 0;
	if ((error = tend_txn_begin(&txn, journal,
	    TEND_TXN_INTERRUPTIBLE)) < 0)
		return error;
	if ((error = tend_journal_finish_moves(txn)) == 0)
		error = fetch_merge_push(outcome, journal, remote, progress,
		    conflict, arg);
	/* What came in may name partners and keys anew. */
	if (error == 0 && (*outcome & TEND_SYNC_UPDATED))
		error = tend_journal_reread(journal);
	tend_txn_end(txn);
	/*
	 * git's post-merge hook, once a sync that took commits in, as once a
	 * git pull (not a squash: "0"); after the lock, as post-commit.
	 */
	if (*outcome & TEND_SYNC_UPDATED)
		tend_hook_notify(tend_journal_store(journal), "post-merge",
		    (const char *const []){ "0", NULL });
	return error;
}

/*
 * An encrypted journal's keys, from the invitation CODE opens in the
 * keyring commit HEAD of STORE holds, as a cipher, and the invitation's
 * ID; *CIPHER stays NULL for a journal that is not encrypted.
 */
static int
redeem(struct tend_cipher **cipher, char id[TEND_INVITE_ID_SIZE],
    struct tend_store *store, const char *url, const char *code)
{
	struct tend_journal_keys	*keys;
	char				 blob[TEND_OID_SIZE];
	char				 head[TEND_OID_SIZE], *text;
	size_t				 len;
	int				 error;

	*cipher = NULL;
	if ((error = tend_store_blob(blob, head, store, "HEAD",
	    TEND_LAYOUT_KEYRING)) < 0)
		return error;
	if (blob[0] == '\0')
		return code == NULL ? 0 : tend_error_set(TEND_EINVALID, "'%s' "
		    "is not encrypted: clone it without --code", url);
	if (code == NULL)
		return tend_error_set(TEND_EINVALID, "'%s' is an encrypted "
		    "journal: join it with --code and the words a partner's "
		    "'tend key invite' gave", url);
	if ((error = tend_store_read_blob(&text, &len, store, blob)) < 0)
		return error;
	error = tend_journal_redeem(&keys, id, text, len, code);
	free(text);
	if (error == 0)
		error = tend_cipher_new(cipher, keys);
	return error;
}

int
tend_clone(struct tend_journal **out, const char *url, const char *dir,
    const char *content_dir, const char *me, const char *id,
    const char *code, const struct tend_progress *progress,
    const struct tend_lock_hook *hook)
{
	struct tend_store	*store;
	struct tend_journal	*journal = NULL;
	struct tend_cipher	*cipher = NULL;
	struct tend_fs_made	 made = TEND_FS_MADE_INIT;
	char			 conf[TEND_OID_SIZE], head[TEND_OID_SIZE];
	char			 invite[TEND_INVITE_ID_SIZE];
	int			 error;

	if (me == NULL)
		return tend_error_set(TEND_EINVALID, "say who you are in the "
		    "journal with --me NAME");
	if (id != NULL && (error = tend_id_check(id)) < 0)
		return error;
	if (tend_fs_exists(dir))
		return tend_error_set(TEND_EEXISTS, "'%s' exists already; "
		    "clone into a new folder", dir);
	if ((error = tend_fs_mkdirs(dir, &made)) < 0)
		return error;
	if ((error = tend_store_clone(&store, url, dir, progress)) < 0)
		goto fail;
	/* An empty remote has no HEAD to read. */
	conf[0] = '\0';
	error = tend_store_blob(conf, head, store, "HEAD", "tend.conf");
	if ((error == 0 || error == TEND_ENOTFOUND) && conf[0] == '\0')
		error = tend_error_set(TEND_EINVALID, "'%s' is not a tend "
		    "journal: it has no tend.conf (to start one, use 'tend "
		    "init')", url);
	/* An encrypted journal is read, checked and checked out opened. */
	if (error == 0 && (error = redeem(&cipher, invite, store, url,
	    code)) == 0 && cipher != NULL)
		tend_store_set_cipher(store, cipher);
	/* A clone takes in all a partner has pushed: sync's check, whole. */
	if (error == 0 &&
	    (error = tend_incoming_check(NULL, store, head, NULL, url)) == 0)
		error = tend_store_checkout(store);
	tend_store_free(store);
	if (error < 0 ||
	    (error = tend_journal_open(&journal, dir, content_dir)) < 0)
		goto fail;
	tend_journal_set_lock_hook(journal, hook);
	if (cipher != NULL) {
		tend_journal_seal_with(journal, cipher);
		cipher = NULL;
	}
	/* The folder goes away on failure: a hint must not point into it. */
	if ((error = tend_journal_join(journal, me, id)) == TEND_ENOTFOUND)
		error = tend_error_set(TEND_EINVALID, "a new partner needs an "
		    "email address: give it as --me 'Name <address>', or set "
		    "git's user.email");
	if (error == 0 && tend_journal_encrypted(journal))
		error = tend_journal_admit(journal, invite);
	if (error < 0)
		goto fail;
	tend_fs_made_free(&made);
	*out = journal;
	return 0;
fail:
	tend_journal_free(journal);
	tend_cipher_free(cipher);
	/*
	 * Nothing is left behind of a clone that did not become a journal,
	 * the folders made for it included.  The clone may hold a partner's
	 * symbolic links: they go, never what they point to.
	 */
	tend_fs_made_discard(&made, error);
	return error;
}

struct leak_walk {
	struct secrets	 secrets;
	int		(*fn)(const char *, const char *, void *);
	void		*arg;
};

/* The same test outgoing_cb makes before a push, over all the history. */
static int
leak_cb(const char *path, const char *blob, void *arg)
{
	struct leak_walk	*walk = arg;
	size_t			 i;
	int			 error;

	for (i = 0; i < walk->secrets.count; i++)
		if (strcmp(walk->secrets.paths[i], path) == 0 ||
		    strcmp(walk->secrets.blobs[i], blob) == 0)
			if ((error = walk->fn(path, walk->secrets.paths[i],
			    walk->arg)) < 0)
				return error;
	return 0;
}

int
tend_sync_leaks(struct tend_journal *journal,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	struct leak_walk	walk;
	int			error;

	walk.fn = fn;
	walk.arg = arg;
	if ((error = read_secrets(&walk.secrets, journal)) < 0)
		return error;
	if (walk.secrets.count > 0)
		error = tend_store_outgoing(tend_journal_store(journal), "",
		    leak_cb, &walk);
	secrets_free(&walk.secrets);
	return error;
}
