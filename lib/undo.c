/*
 * Taking back the local partner's last change by tend: a commit not yet
 * shared goes, one a partner may have fetched is reverted, and a change of
 * the private store, which is never shared, goes.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A file the commit changed, as it left it and as its parent had it. */
struct undo_path {
	char	*path;
	char	*after;		/* NULL: the commit removed it */
	size_t	 after_len;
	char	*before;	/* NULL: the parent had none */
	size_t	 before_len;
};

/* The last commit of one store, and what taking it back would write. */
struct side {
	struct tend_store	*store;
	enum tend_txn_store	 where;
	char			 head[TEND_OID_SIZE];	/* "" when unborn */
	time_t			 time;
	size_t			 parents;
	char			*author;
	char			*email;
	char			*subject;
	struct undo_path	*paths;
	size_t			 npaths;
	size_t			 allocated;
	char			*pushed;	/* a remote branch holding it */
};

/* The verbs of the messages tend writes; another commit is not its. */
static const char *const tend_subjects[] = {
	"checkin: ", "reflect: ", "resent: ", "agree: ", "edit: ", "rm: ",
	"undo: ",
};

static int	side_read(struct side *);
static int	commit_cb(const struct tend_commit *, void *);
static int	paths_cb(const struct tend_commit *,
		    const struct tend_path_change *, size_t, void *);
static void	side_free(struct side *);
static int	is_tend_subject(const char *);
static int	check_side(struct tend_journal *, const struct side *);
static int	check_worktree(const struct side *);
static int	take_back(struct tend_txn *, const struct side *);
static int	last_noted(const struct side *, const struct side *,
		    char [TEND_OID_SIZE]);

static int
commit_cb(const struct tend_commit *commit, void *arg)
{
	struct side	*side = arg;
	size_t		 len;

	len = strcspn(commit->message, "\n");
	if ((side->author = strdup(commit->author_name)) == NULL ||
	    (side->email = strdup(commit->author_email)) == NULL ||
	    (side->subject = strndup(commit->message, len)) == NULL)
		return tend_error_nomem();
	return 0;
}

static int
paths_cb(const struct tend_commit *commit,
    const struct tend_path_change *changes, size_t count, void *arg)
{
	struct side		*side = arg;
	struct undo_path	*p, *grown;
	size_t			 i;
	int			 error = 0;

	(void)commit;
	for (i = 0; i < count && error == 0; i++) {
		if (side->npaths == side->allocated) {
			grown = realloc(side->paths, (side->allocated + 8) *
			    sizeof(*grown));
			if (grown == NULL)
				return tend_error_nomem();
			side->paths = grown;
			side->allocated += 8;
		}
		p = &side->paths[side->npaths];
		memset(p, 0, sizeof(*p));
		if ((p->path = strdup(changes[i].path)) == NULL)
			return tend_error_nomem();
		side->npaths++;
		if (changes[i].blob[0] != '\0')
			error = tend_store_read_blob_at(&p->after,
			    &p->after_len, side->store, changes[i].blob,
			    p->path);
		if (error == 0 && changes[i].parents != NULL &&
		    changes[i].parents[0][0] != '\0')
			error = tend_store_read_blob_at(&p->before,
			    &p->before_len, side->store, changes[i].parents[0],
			    p->path);
	}
	return error;
}

/* SIDE's store's last commit, what it changed, and whether it was pushed. */
static int
side_read(struct side *side)
{
	char	(*parents)[TEND_OID_SIZE] = NULL;
	int	 error;

	if ((error = tend_store_head(side->head, side->store)) < 0 ||
	    side->head[0] == '\0')
		return error;
	if ((error = tend_store_commit_parents(&side->time, &parents,
	    &side->parents, side->store, side->head)) < 0)
		return error;
	/* A merge is refused before its changes are read. */
	if (side->parents <= 1 && (error = tend_store_commits(side->store,
	    side->head, side->parents != 0 ? parents[0] : NULL, commit_cb,
	    side)) == 0)
		error = tend_store_path_commits_all(side->store, side->head,
		    side->parents != 0 ? parents[0] : NULL, paths_cb, side);
	free(parents);
	if (error == 0 && side->where == TEND_TXN_JOURNAL)
		error = tend_store_pushed(&side->pushed, side->store,
		    side->head);
	return error;
}

static void
side_free(struct side *side)
{
	size_t	i;

	for (i = 0; i < side->npaths; i++) {
		free(side->paths[i].path);
		free(side->paths[i].after);
		free(side->paths[i].before);
	}
	free(side->paths);
	free(side->author);
	free(side->email);
	free(side->subject);
	free(side->pushed);
}

static int
is_tend_subject(const char *subject)
{
	size_t	i;

	for (i = 0; i < sizeof(tend_subjects) / sizeof(tend_subjects[0]); i++)
		if (strncmp(subject, tend_subjects[i],
		    strlen(tend_subjects[i])) == 0)
			return 1;
	return 0;
}

/* Only my own change by tend is taken back, never a partner's or a merge. */
static int
check_side(struct tend_journal *journal, const struct side *side)
{
	const char	*me;
	int		 error;

	if ((error = tend_journal_whoami(&me, journal)) < 0)
		return error;
	if (side->parents > 1)
		return tend_error_set(TEND_EINVALID, "the last commit, %.7s, "
		    "is a merge; tend undo takes back only a change of yours "
		    "made by tend", side->head);
	if (!tend_journal_made_by(journal, me, side->author, side->email))
		return tend_error_set(TEND_EINVALID, "the last commit, %.7s "
		    "'%s', is by %s, not you; tend undo takes back only your "
		    "own changes", side->head, side->subject, side->author);
	if (!is_tend_subject(side->subject))
		return tend_error_set(TEND_EINVALID, "the last commit, %.7s "
		    "'%s', is no change of an entry made by tend; take it "
		    "back with git if you mean to", side->head, side->subject);
	if (side->pushed != NULL && side->npaths == 0)
		return tend_error_set(TEND_EINVALID, "'%s' is shared already "
		    "and changed no file: a signature cannot be taken back "
		    "(edit the agreement, which asks for new signatures)",
		    side->subject);
	return check_worktree(side);
}

/* The files must be as the commit left them: other changes are not ours. */
static int
check_worktree(const struct side *side)
{
	const struct undo_path	*p;
	char			*full, *text = NULL;
	size_t			 i, len;
	int			 error = 0;

	for (i = 0; i < side->npaths && error == 0; i++) {
		p = &side->paths[i];
		if ((full = tend_fs_join(tend_store_workdir(side->store),
		    p->path)) == NULL)
			return tend_error_nomem();
		error = tend_fs_read(&text, &len, full);
		free(full);
		if (error == TEND_ENOTFOUND)
			error = p->after == NULL ? 0 : 1;
		else if (error == 0)
			error = p->after == NULL || len != p->after_len ||
			    memcmp(text, p->after, len) != 0;
		free(text);
		text = NULL;
		if (error == 1)
			error = tend_error_set(TEND_EINVALID, "cannot take back "
			    "'%s': '%s' has changes that are not committed; "
			    "commit or undo them with git first",
			    side->subject, p->path);
	}
	return error;
}

/* Put SIDE's paths back as the parent had them, in a revert if pushed. */
static int
take_back(struct tend_txn *txn, const struct side *side)
{
	struct tend_buf	message = TEND_BUF_INIT;
	size_t		i;
	int		error = 0;

	for (i = 0; i < side->npaths && error == 0; i++)
		error = tend_txn_stage(txn, side->where, side->paths[i].path,
		    side->paths[i].before, side->paths[i].before_len);
	if (error < 0)
		return error;
	if (side->pushed == NULL)
		return tend_txn_uncommit(txn, side->where, side->head);
	if ((error = tend_buf_printf(&message, "undo: %s", side->subject)) ==
	    0 && (error = tend_buf_printf(&message, "\n\nThis reverts commit "
	    "%s.\n", side->head)) == 0)
		error = tend_txn_commit(txn, side->where, message.data);
	tend_buf_free(&message);
	return error;
}

/*
 * Which store txn.c noted tend committed to last, "journal" or "private",
 * into STORE_NAME; "" when the commit noted is no longer that store's
 * last (an undo, a sync or git moved it since).
 */
static int
last_noted(const struct side *shared, const struct side *kept,
    char store_name[TEND_OID_SIZE])
{
	const struct side	*noted;
	char			*path, *text = NULL, *space;
	size_t			 len;
	int			 error;

	store_name[0] = '\0';
	if (kept->store == NULL)
		return 0;
	if ((path = tend_fs_join(tend_store_gitdir(kept->store),
	    TEND_LAYOUT_LAST)) == NULL)
		return tend_error_nomem();
	error = tend_fs_read(&text, &len, path);
	free(path);
	if (error == TEND_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	/* "journal ID" or "private ID", and a newline. */
	text[strcspn(text, "\n")] = '\0';
	if ((space = strchr(text, ' ')) != NULL) {
		*space++ = '\0';
		noted = strcmp(text, "journal") == 0 ? shared :
		    strcmp(text, "private") == 0 ? kept : NULL;
		if (noted != NULL && strcmp(noted->head, space) == 0)
			snprintf(store_name, TEND_OID_SIZE, "%s", text);
	}
	free(text);
	return 0;
}

int
tend_undo(struct tend_undo *out, struct tend_journal *journal, int dry_run)
{
	struct tend_txn	*txn;
	struct side	 shared, kept;
	struct side	*first = NULL, *second = NULL;
	char		 noted[TEND_OID_SIZE];
	int		 error, have_private;

	memset(out, 0, sizeof(*out));
	noted[0] = '\0';
	memset(&shared, 0, sizeof(shared));
	memset(&kept, 0, sizeof(kept));
	shared.store = tend_journal_store(journal);
	shared.where = TEND_TXN_JOURNAL;
	kept.where = TEND_TXN_PRIVATE;
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = side_read(&shared)) < 0)
		goto out;
	error = tend_journal_private(&kept.store, journal, TEND_PRIVATE_OPEN);
	if (error < 0 && error != TEND_ENOTFOUND)
		goto out;
	have_private = error == 0;
	if (have_private && ((error = side_read(&kept)) < 0 ||
	    (error = last_noted(&shared, &kept, noted)) < 0))
		goto out;
	error = 0;
	/*
	 * Which store tend wrote last: as noted, when that store's commit is
	 * still its last one and the other has none later; else by time.
	 */
	if (shared.head[0] == '\0' && kept.head[0] == '\0') {
		error = tend_error_set(TEND_ENOTFOUND, "nothing to undo");
		goto out;
	}
	if (kept.head[0] == '\0')
		first = &shared;
	else if (shared.head[0] == '\0')
		first = &kept;
	else if (strcmp(noted, "private") == 0 && kept.time >= shared.time)
		first = &kept;
	else if (strcmp(noted, "journal") == 0 && shared.time >= kept.time)
		first = &shared;
	else
		first = kept.time > shared.time ? &kept : &shared;
	if ((error = check_side(journal, first)) < 0)
		goto out;
	/*
	 * A raise, a share or a change of a shared reflection commits the
	 * same message to both stores: both are taken back.
	 */
	second = first == &shared ? &kept : &shared;
	if (second->head[0] == '\0' || second->subject == NULL ||
	    strcmp(second->subject, first->subject) != 0 ||
	    check_side(journal, second) < 0)
		second = NULL;
	snprintf(out->subject, sizeof(out->subject), "%s", first->subject);
	if (shared.head[0] != '\0' && (first == &shared || second == &shared))
		snprintf(out->commit, sizeof(out->commit), "%s", shared.head);
	if (kept.head[0] != '\0' && (first == &kept || second == &kept))
		snprintf(out->private_commit, sizeof(out->private_commit),
		    "%s", kept.head);
	out->where = (out->commit[0] != '\0' ? TEND_IN_JOURNAL : 0) |
	    (out->private_commit[0] != '\0' ? TEND_IN_PRIVATE : 0);
	out->reverted = out->commit[0] != '\0' && shared.pushed != NULL;
	out->seen = out->reverted;
	if (dry_run)
		goto out;
	/* The private side first: a journal side that fails leaves a copy. */
	if (first == &kept || second == &kept)
		error = take_back(txn, &kept);
	if (error == 0 && (first == &shared || second == &shared))
		error = take_back(txn, &shared);
out:
	side_free(&shared);
	side_free(&kept);
	tend_txn_end(txn);
	return error;
}
