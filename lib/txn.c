/*
 * The transaction: the one way anything writes the journal or the private
 * store, and the one place that takes the journal's lock.
 */

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

struct staged {
	enum tend_txn_store	 where;
	char			*path;
	char			*data;	/* NULL removes the file */
	size_t			 len;
};

struct saved_file {
	char	*path;		/* absolute */
	char	*data;		/* NULL: the file did not exist */
	size_t	 len;
};

struct tend_txn {
	struct tend_journal	*journal;
	struct tend_txn		*outer;		/* NULL: this one holds the lock */
	char			*lock_path;
	unsigned int		 flags;		/* TEND_TXN_* */
	int			 nested;	/* begun inside, not yet ended */
	struct staged		*staged;
	size_t			 nstaged;
	size_t			 allocated;
	unsigned int		 commits;	/* on the journal: post-commit */
};

static int	take_lock(struct tend_txn *, struct tend_lock_info *);
static int	unmerged_cb(const char *, void *);
static int	check_git_idle(struct tend_journal *);
static void	drop_staged(struct tend_txn *, enum tend_txn_store);
static int	by_path(const void *, const void *);
static int	latest_only(struct tend_change *, size_t *);
static int	check_no_link(const char *, const char *);
static void	restore(struct saved_file *, size_t);
static int	commit_to(struct tend_journal *, struct tend_store *,
		    const struct tend_change *, size_t, const char *,
		    const char *);
static int	finish(struct tend_txn *, enum tend_txn_store, const char *,
		    const char *);
static void	note_last(struct tend_journal *, struct tend_store *,
		    enum tend_txn_store);

int
tend_txn_begin(struct tend_txn **out, struct tend_journal *journal,
    unsigned int flags)
{
	struct tend_txn		**held = tend_journal_txn(journal);
	struct tend_txn		 *txn;
	struct tend_lock_info	  stale;
	struct tend_lock_note	  note;
	int			  error;

	if ((txn = calloc(1, sizeof(*txn))) == NULL)
		return tend_error_nomem();
	txn->journal = journal;
	txn->flags = flags;
	/* Inside a held transaction (finishing moves, a first private entry). */
	if (*held != NULL) {
		txn->outer = *held;
		txn->outer->nested++;
		*out = txn;
		return 0;
	}
	if ((error = take_lock(txn, &stale)) < 0) {
		free(txn);
		return error;
	}
	*held = txn;
	note.path = txn->lock_path;
	note.stale = NULL;
	if (stale.state == TEND_LOCK_STALE) {
		note.event = TEND_LOCK_TOOK_OVER;
		note.stale = &stale;
		tend_journal_lock_event(journal, &note);
		note.stale = NULL;
	}
	note.event = flags & TEND_TXN_INTERRUPTIBLE ?
	    TEND_LOCK_TAKEN_INTERRUPTIBLE : TEND_LOCK_TAKEN;
	tend_journal_lock_event(journal, &note);
	if ((error = check_git_idle(journal)) < 0) {
		tend_txn_end(txn);
		return error;
	}
	/* No commit starts from a sync cut short: it is ended first. */
	if ((error = tend_incoming_end_update(journal)) <
	    0) {
		tend_txn_end(txn);
		return error;
	}
	*out = txn;
	return 0;
}

struct tend_journal *
tend_txn_journal(struct tend_txn *txn)
{
	return txn->journal;
}

int
tend_txn_stage(struct tend_txn *txn, enum tend_txn_store where,
    const char *path, const char *data, size_t len)
{
	struct staged	*s, *grown;
	char		*copy = NULL;

	if (data != NULL && (copy = malloc(len != 0 ? len : 1)) == NULL)
		return tend_error_nomem();
	if (copy != NULL)
		memcpy(copy, data, len);
	/* Staged twice, the later bytes win: finish drops the earlier. */
	if (txn->nstaged == txn->allocated) {
		grown = realloc(txn->staged, (txn->allocated * 2 + 4) *
		    sizeof(*grown));
		if (grown == NULL) {
			free(copy);
			return tend_error_nomem();
		}
		txn->staged = grown;
		txn->allocated = txn->allocated * 2 + 4;
	}
	s = &txn->staged[txn->nstaged];
	if ((s->path = strdup(path)) == NULL) {
		free(copy);
		return tend_error_nomem();
	}
	s->where = where;
	s->data = copy;
	s->len = len;
	txn->nstaged++;
	return 0;
}

int
tend_txn_commit(struct tend_txn *txn, enum tend_txn_store where,
    const char *message)
{
	return finish(txn, where, message, NULL);
}

int
tend_txn_uncommit(struct tend_txn *txn, enum tend_txn_store where,
    const char *commit)
{
	return finish(txn, where, NULL, commit);
}

static int
by_path(const void *a, const void *b)
{
	const struct tend_change	*x = *(struct tend_change *const *)a;
	const struct tend_change	*y = *(struct tend_change *const *)b;
	int				 order = strcmp(x->path, y->path);

	if (order != 0)
		return order;
	return x < y ? -1 : x > y;
}

/*
 * Of a path staged twice the later bytes win: the COUNT CHANGES keep
 * their order, less the earlier stagings.  Found by sorting, so that a
 * transaction of thousands of files does not compare each with all.
 */
static int
latest_only(struct tend_change *changes, size_t *count)
{
	struct tend_change	**sorted;
	size_t			  i, kept;

	if (*count < 2)
		return 0;
	if ((sorted = calloc(*count, sizeof(*sorted))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < *count; i++)
		sorted[i] = &changes[i];
	qsort(sorted, *count, sizeof(*sorted), by_path);
	for (i = 0; i + 1 < *count; i++)
		if (strcmp(sorted[i]->path, sorted[i + 1]->path) == 0)
			sorted[i]->path = NULL;
	free(sorted);
	for (i = kept = 0; i < *count; i++)
		if (changes[i].path != NULL)
			changes[kept++] = changes[i];
	*count = kept;
	return 0;
}

/*
 * Commit what is staged in WHERE with MESSAGE, or, given UNCOMMIT, write
 * it and take that commit back instead.
 */
static int
finish(struct tend_txn *txn, enum tend_txn_store where, const char *message,
    const char *uncommit)
{
	struct tend_change	*changes;
	struct tend_store	*store = tend_journal_store(txn->journal);
	struct tend_txn		*outer;
	size_t			 i, count = 0;
	int			 error = 0;

	/* A signature changes no file: nothing staged is a commit too. */
	if ((changes = calloc(txn->nstaged != 0 ? txn->nstaged : 1,
	    sizeof(*changes))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < txn->nstaged; i++)
		if (txn->staged[i].where == where) {
			changes[count].path = txn->staged[i].path;
			changes[count].data = txn->staged[i].data;
			changes[count].len = txn->staged[i].len;
			count++;
		}
	if ((error = latest_only(changes, &count)) == 0 &&
	    where == TEND_TXN_PRIVATE)
		error = tend_journal_private(&store, txn->journal,
		    TEND_PRIVATE_CREATE);
	if (error == 0)
		error = commit_to(txn->journal, store, changes, count, message,
		    uncommit);
	if (error == 0 && uncommit == NULL) {
		note_last(txn->journal, store, where);
		for (outer = txn; outer->outer != NULL; outer = outer->outer)
			;
		if (where == TEND_TXN_JOURNAL)
			outer->commits++;
	}
	free(changes);
	/* Committed or put back: either way nothing is left staged there. */
	drop_staged(txn, where);
	return error;
}

/*
 * Which store tend committed to last, and the commit: "journal ID" or
 * "private ID" in the private store's git folder (TEND_LAYOUT_LAST), for
 * tend_undo, since two commits of one second cannot be told apart by
 * their times.  Without a private store there is nothing to tell apart.
 * A hint, never forced to the disk; a failure to write it fails nothing.
 */
static void
note_last(struct tend_journal *journal, struct tend_store *store,
    enum tend_txn_store where)
{
	struct tend_buf	 line = TEND_BUF_INIT, path = TEND_BUF_INIT;
	char		 head[TEND_OID_SIZE];

	/* By its path: opening the private store costs more than the note. */
	if (tend_buf_printf(&path, "%s/%s/.git", tend_store_gitdir(
	    tend_journal_store(journal)), TEND_LAYOUT_PRIVATE) < 0)
		return;
	if (tend_fs_exists(path.data) && tend_store_head(head, store) == 0 &&
	    tend_buf_printf(&path, "/%s", TEND_LAYOUT_LAST) == 0 &&
	    tend_buf_printf(&line, "%s %s\n", where == TEND_TXN_JOURNAL ?
	    "journal" : "private", head) == 0)
		(void)tend_fs_write_replace(path.data, line.data, line.len);
	tend_buf_free(&line);
	tend_buf_free(&path);
}

void
tend_txn_end(struct tend_txn *txn)
{
	if (txn == NULL)
		return;
	/* What was staged and not committed was never written: it goes. */
	drop_staged(txn, TEND_TXN_JOURNAL);
	drop_staged(txn, TEND_TXN_PRIVATE);
	free(txn->staged);
	if (txn->outer != NULL)
		txn->outer->nested--;
	else {
		struct tend_lock_note	note = { TEND_LOCK_LET_GO,
					    txn->lock_path, NULL };

		tend_lock_release(txn->lock_path);
		*tend_journal_txn(txn->journal) = NULL;
		/* A ^C that came meanwhile may be delivered now. */
		tend_journal_lock_event(txn->journal, &note);
		free(txn->lock_path);
		/*
		 * git's post-commit hook, once a commit, once the lock is let
		 * go: a hook that runs tend (a sync, say) finds it free, as
		 * one running git finds git's index unlocked.
		 */
		for (; txn->commits > 0; txn->commits--)
			tend_hook_notify(tend_journal_store(txn->journal),
			    "post-commit", NULL);
	}
	free(txn);
}

static int
unmerged_cb(const char *path, void *arg)
{
	struct tend_buf	*paths = arg;

	return tend_buf_printf(paths, "%s'%s'", paths->len != 0 ? ", " : "",
	    path);
}

/*
 * Nothing is written in the middle of a git merge, rebase or cherry-pick:
 * a commit would build on a base the partner has not settled, and the
 * files git left with conflict markers would go in as they are.
 */
static int
check_git_idle(struct tend_journal *journal)
{
	struct tend_store	*store = tend_journal_store(journal);
	struct tend_buf		 paths = TEND_BUF_INIT;
	int			 error;

	if (!tend_store_git_op_in_progress(store))
		return 0;
	if ((error = tend_store_unmerged(store, unmerged_cb, &paths)) == 0)
		error = tend_error_set(TEND_EINVALID, "git is in the middle of "
		    "a merge or rebase in '%s'%s%s; finish or abort it with "
		    "git, then run tend again", tend_journal_path(journal),
		    paths.len != 0 ? ": settle " : "", paths.len != 0 ?
		    paths.data : "");
	tend_buf_free(&paths);
	return error;
}

static int
take_lock(struct tend_txn *txn, struct tend_lock_info *stale)
{
	char	*path, *slash;
	int	 error;

	if ((path = tend_journal_lock_path(txn->journal)) == NULL)
		return tend_error_nomem();
	slash = strrchr(path, '/');
	*slash = '\0';
	error = tend_fs_mkdirs(path, NULL);
	*slash = '/';
	if (error == 0)
		error = tend_lock_acquire(path, stale);
	if (error < 0) {
		free(path);
		return error;
	}
	txn->lock_path = path;
	return 0;
}

static void
drop_staged(struct tend_txn *txn, enum tend_txn_store where)
{
	size_t	i, kept = 0;

	for (i = 0; i < txn->nstaged; i++) {
		if (txn->staged[i].where == where) {
			free(txn->staged[i].path);
			free(txn->staged[i].data);
		} else
			txn->staged[kept++] = txn->staged[i];
	}
	txn->nstaged = kept;
}

/*
 * A partner's commit taken in with git may put a symbolic link where tend
 * writes (checkin/2026 -> /somewhere): writing through it, or restoring a
 * file read through it, would reach outside the journal.
 */
static int
check_no_link(const char *top, const char *path)
{
	struct stat	 st;
	char		*full, *slash;
	int		 error = 0;

	if ((full = tend_fs_join(top, path)) == NULL)
		return tend_error_nomem();
	for (slash = full + strlen(top) + 1; error == 0; slash++) {
		if ((slash = strchr(slash, '/')) != NULL)
			*slash = '\0';
		if (lstat(full, &st) == 0 && S_ISLNK(st.st_mode))
			error = tend_error_set(TEND_EINVALID, "cannot write "
			    "'%s': '%s' is a symbolic link; tend writes only "
			    "inside the journal (remove the link with git)",
			    path, full + strlen(top) + 1);
		if (slash == NULL)
			break;
		*slash = '/';
	}
	free(full);
	return error;
}

static void
restore(struct saved_file *saved, size_t count)
{
	size_t	i;

	for (i = 0; i < count; i++) {
		if (saved[i].data != NULL)
			(void)tend_fs_write_atomic(saved[i].path,
			    saved[i].data, saved[i].len);
		else
			(void)unlink(saved[i].path);
	}
}

/*
 * Write CHANGES into STORE's work tree atomically and commit them as the
 * local partner (or, given UNCOMMIT, take that commit back); if anything
 * fails, the files and the folders made for
 * them are put back as they were.
 */
static int
commit_to(struct tend_journal *journal, struct tend_store *store,
    const struct tend_change *changes, size_t count, const char *message,
    const char *uncommit)
{
	struct saved_file	*saved;
	struct tend_fs_made	 made = TEND_FS_MADE_INIT;
	const char		*name;
	char			*email = NULL, *slash, *branch;
	size_t			 i, nsaved = 0;
	int			 error;

	/* A commit on a detached HEAD would be lost at the next checkout. */
	if ((error = tend_store_branch(&branch, store)) < 0)
		return error;
	free(branch);
	for (i = 0; i < count; i++)
		if ((error = check_no_link(tend_store_workdir(store),
		    changes[i].path)) < 0)
			return error;
	if ((error = tend_journal_identity(&name, &email, journal)) < 0)
		return error;
	if ((saved = calloc(count != 0 ? count : 1, sizeof(*saved))) == NULL) {
		free(email);
		return tend_error_nomem();
	}
	for (i = 0; i < count; i++, nsaved++) {
		struct saved_file *s = &saved[i];

		s->path = tend_fs_join(tend_store_workdir(store),
		    changes[i].path);
		if (s->path == NULL) {
			error = tend_error_nomem();
			break;
		}
		error = tend_fs_read(&s->data, &s->len, s->path);
		if (error < 0 && error != TEND_ENOTFOUND)
			break;
		slash = strrchr(s->path, '/');
		*slash = '\0';
		error = tend_fs_mkdirs(s->path, &made);
		*slash = '/';
		if (error < 0)
			break;
		if (changes[i].data == NULL)
			error = unlink(s->path) < 0 && errno != ENOENT ?
			    tend_error_errno("cannot remove '%s'",
			    changes[i].path) : 0;
		else
			error = tend_fs_write_atomic(s->path, changes[i].data,
			    changes[i].len);
		if (error < 0) {
			nsaved++;
			break;
		}
	}
	if (error == 0 && uncommit != NULL)
		error = tend_store_uncommit(store, uncommit, changes, count);
	else if (error == 0)
		error = tend_store_commit(store, changes, count, name, email,
		    message);
	/* A failed write leaves the folders as they were, too. */
	if (error < 0) {
		restore(saved, nsaved);
		tend_fs_unmake(&made);
	} else {
		tend_fs_made_free(&made);
		for (i = 0; i < count; i++)
			if (changes[i].data == NULL)
				tend_fs_prune_empty(tend_store_workdir(store),
				    changes[i].path);
	}
	for (i = 0; i < count; i++) {
		free(saved[i].path);
		free(saved[i].data);
	}
	free(saved);
	free(email);
	return error;
}
