/*
 * tend doctor's check that entries are their author's: a change one
 * partner made to another's entry, taken in with plain git (tend sync
 * refuses it), and still standing.  --fix brings back the local
 * partner's own entries as they wrote them.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor-internal.h"

/*
 * The cache of what the history showed up to a commit, so that the next
 * run walks only the commits since: the header, "HEAD CONF" (the commit
 * and the tend.conf whose partners judged it), one line a wronged path,
 * and "end COUNT", so that a file cut short is never taken for a whole.
 */
#define CACHE_HEADER	"tend-authors 1\n"

/* One path a partner wronged: the owner's text, and what stands now. */
struct wronged {
	char	*path;
	char	*owner;
	char	*author;		/* who made the first such commit */
	char	 commit[TEND_OID_SIZE];
	char	 owned[TEND_OID_SIZE];	/* the owner's ("" none) */
	char	 blob[TEND_OID_SIZE];	/* what the last one left */
	enum tend_foreign_what	 what;
	size_t	 commits;
	int	 undone;		/* put back, or wronged anew */
};

struct wronged_list {
	struct wronged	*items;
	size_t		 count;
};

/* What became of a wronged path. */
enum { GONE, STANDS, RESTORED };

static int	foreign_cb(const struct tend_foreign_change *, void *);
static int	add_wronged(struct wronged_list *, const char *, const char *,
		    const char *);
static int	cache_read(struct wronged_list *, char [TEND_OID_SIZE],
		    const char *, const char *);
static void	cache_write(const struct wronged_list *, const char *,
		    const char *, const char *);
static void	wronged_free(struct wronged_list *);
static int	is_clean(int *, struct doctor *, const struct wronged *);
static int	restore(struct doctor *, struct wronged_list *, int *);
static int	tell(struct doctor *, const struct wronged *, int);

/*
 * Each wronged path once: a later change of what an earlier one left
 * continues it, so the owner's own text is the one to bring back.
 */
static int
foreign_cb(const struct tend_foreign_change *foreign, void *arg)
{
	struct wronged_list	*list = arg;
	struct wronged		*w;
	size_t			 i;
	int			 error;

	for (i = 0; i < list->count; i++) {
		w = &list->items[i];
		if (!w->undone && strcmp(w->path, foreign->path) == 0 &&
		    strcmp(w->owner, foreign->owner) == 0 &&
		    strcmp(w->blob, foreign->owned) == 0) {
			memcpy(w->blob, foreign->blob, TEND_OID_SIZE);
			w->undone = strcmp(w->blob, w->owned) == 0;
			w->commits++;
			return 0;
		}
	}
	/* A new wrong of a path: what was before it stands no more. */
	for (i = 0; i < list->count; i++)
		if (strcmp(list->items[i].path, foreign->path) == 0)
			list->items[i].undone = 1;
	if ((error = add_wronged(list, foreign->path, foreign->owner,
	    foreign->commit->author_name)) < 0)
		return error;
	w = &list->items[list->count - 1];
	memcpy(w->commit, foreign->commit->id, TEND_OID_SIZE);
	memcpy(w->owned, foreign->owned, TEND_OID_SIZE);
	memcpy(w->blob, foreign->blob, TEND_OID_SIZE);
	w->what = foreign->what;
	w->commits = 1;
	return 0;
}

/* A new wronged path at the end of LIST, its strings copied. */
static int
add_wronged(struct wronged_list *list, const char *path, const char *owner,
    const char *author)
{
	struct wronged	*grown, *w;

	if ((grown = realloc(list->items, (list->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	list->items = grown;
	w = &grown[list->count];
	memset(w, 0, sizeof(*w));
	if ((w->path = strdup(path)) == NULL ||
	    (w->owner = strdup(owner)) == NULL ||
	    (w->author = strdup(author)) == NULL) {
		free(w->path);
		free(w->owner);
		return tend_error_nomem();
	}
	list->count++;
	return 0;
}

/*
 * A line a wronged path: OWNED BLOB ("-" for none), COMMIT, WHAT, COMMITS
 * and UNDONE, then OWNER, PATH and the author's name, between tabs (no
 * path or id holds one; a name's are made spaces).
 */
static int
cache_read(struct wronged_list *list, char upto[TEND_OID_SIZE],
    const char *conf, const char *path)
{
	struct wronged	*w;
	char		*text, *line, *next, *field[9], *end;
	unsigned long	 what, commits, undone;
	size_t		 len, count, i;
	int		 error, n, done = 0;

	upto[0] = '\0';
	if ((error = tend_fs_read(&text, &len, path)) < 0)
		return error;
	error = TEND_EINVALID;
	line = text + strlen(CACHE_HEADER);
	if (strlen(text) != len || strncmp(text, CACHE_HEADER,
	    strlen(CACHE_HEADER)) != 0 || strlen(line) < 2 * TEND_OID_SIZE ||
	    line[TEND_OID_SIZE - 1] != ' ' ||
	    strncmp(line + TEND_OID_SIZE, conf, TEND_OID_SIZE - 1) != 0 ||
	    line[2 * TEND_OID_SIZE - 1] != '\n')
		goto out;
	memcpy(upto, line, TEND_OID_SIZE - 1);
	upto[TEND_OID_SIZE - 1] = '\0';
	for (line += 2 * TEND_OID_SIZE; *line != '\0' && !done; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			goto out;
		*next++ = '\0';
		if (sscanf(line, "end %zu%n", &count, &n) == 1 &&
		    line[n] == '\0') {
			if (count != list->count || *next != '\0')
				goto out;
			done = 1;
			continue;
		}
		for (i = 0; i < 9; i++) {
			field[i] = line;
			if (i < 8 && (line = strchr(line, '\t')) == NULL)
				goto out;
			if (i < 8)
				*line++ = '\0';
		}
		what = strtoul(field[3], &end, 10);
		if (*end != '\0' || what > TEND_FOREIGN_WRITTEN)
			goto out;
		commits = strtoul(field[4], &end, 10);
		if (*end != '\0')
			goto out;
		undone = strtoul(field[5], &end, 10);
		if (*end != '\0' || undone > 1)
			goto out;
		for (i = 0; i < 3; i++)
			if (strcmp(field[i], "-") != 0 &&
			    strlen(field[i]) != TEND_OID_SIZE - 1)
				goto out;
		if ((error = add_wronged(list, field[7], field[6],
		    field[8])) < 0)
			goto out;
		error = TEND_EINVALID;
		w = &list->items[list->count - 1];
		snprintf(w->owned, sizeof(w->owned), "%s",
		    strcmp(field[0], "-") != 0 ? field[0] : "");
		snprintf(w->blob, sizeof(w->blob), "%s",
		    strcmp(field[1], "-") != 0 ? field[1] : "");
		snprintf(w->commit, sizeof(w->commit), "%s", field[2]);
		w->what = (enum tend_foreign_what)what;
		w->commits = commits;
		w->undone = (int)undone;
	}
	if (done)
		error = 0;
out:
	free(text);
	if (error < 0) {
		wronged_free(list);
		upto[0] = '\0';
	}
	return error;
}

/* Best effort: a journal that cannot keep the cache walks it all. */
static void
cache_write(const struct wronged_list *list, const char *head,
    const char *conf, const char *path)
{
	const struct wronged	*w;
	struct tend_buf		 text = TEND_BUF_INIT;
	size_t			 i, k;
	int			 error;

	error = tend_buf_printf(&text, CACHE_HEADER "%s %s\n", head, conf);
	for (i = 0; i < list->count && error == 0; i++) {
		w = &list->items[i];
		if (strpbrk(w->path, "\t\n") != NULL ||
		    strpbrk(w->owner, "\t\n") != NULL)
			error = TEND_EINVALID;
		else
			error = tend_buf_printf(&text, "%s\t%s\t%s\t%d\t%zu\t%d"
			    "\t%s\t%s\t", w->owned[0] != '\0' ? w->owned : "-",
			    w->blob[0] != '\0' ? w->blob : "-", w->commit,
			    (int)w->what, w->commits, w->undone, w->owner,
			    w->path);
		for (k = 0; w->author[k] != '\0' && error == 0; k++)
			error = tend_buf_printf(&text, "%c",
			    w->author[k] == '\t' || w->author[k] == '\n' ?
			    ' ' : w->author[k]);
		if (error == 0)
			error = tend_buf_puts(&text, "\n");
	}
	if (error == 0)
		error = tend_buf_printf(&text, "end %zu\n", list->count);
	if (error == 0)
		(void)tend_fs_write_atomic(path, text.data, text.len);
	tend_buf_free(&text);
}

static void
wronged_free(struct wronged_list *list)
{
	size_t	i;

	for (i = 0; i < list->count; i++) {
		free(list->items[i].path);
		free(list->items[i].owner);
		free(list->items[i].author);
	}
	free(list->items);
	list->count = 0;
	list->items = NULL;
}

/* Whether the work tree holds W's path as HEAD does: nothing to lose. */
static int
is_clean(int *clean, struct doctor *d, const struct wronged *w)
{
	char	*path, *text, id[TEND_OID_SIZE];
	size_t	 len;
	int	 error;

	*clean = 0;
	if ((path = tend_fs_join(d->top, w->path)) == NULL)
		return tend_error_nomem();
	error = tend_fs_read(&text, &len, path);
	free(path);
	if (error == TEND_ENOTFOUND) {
		*clean = w->blob[0] == '\0';
		return 0;
	}
	if (error < 0)
		return error == TEND_ENOMEM ? error : 0;
	if ((error = tend_store_blob_id(id, d->store, w->path, text,
	    len)) == 0)
		*clean = strcmp(id, w->blob) == 0;
	free(text);
	return error;
}

/*
 * Bring back, in one commit, the local partner's entries of LIST that
 * still stand wronged in STATE and whose files are as HEAD has them;
 * each one restored is marked so.
 */
static int
restore(struct doctor *d, struct wronged_list *list, int *state)
{
	struct tend_txn	*txn;
	const char	*me = tend_journal_me(d->journal);
	char		*text;
	size_t		 i, len, staged = 0;
	int		 error, clean;

	if (me == NULL || d->lock_held)
		return 0;
	if ((error = tend_txn_begin(&txn, d->journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	for (i = 0; i < list->count && error == 0; i++) {
		if (state[i] != STANDS ||
		    strcmp(list->items[i].owner, me) != 0 ||
		    (error = is_clean(&clean, d, &list->items[i])) < 0 ||
		    !clean)
			continue;
		text = NULL;
		len = 0;
		/* Written in my name by someone else: it goes. */
		if (list->items[i].owned[0] != '\0' &&
		    (error = tend_store_read_blob(&text, &len, d->store,
		    list->items[i].owned)) < 0)
			break;
		error = tend_txn_stage(txn, TEND_TXN_JOURNAL,
		    list->items[i].path, text, len);
		free(text);
		if (error == 0) {
			state[i] = RESTORED;
			staged++;
		}
	}
	if (error == 0 && staged != 0)
		error = tend_txn_commit(txn, TEND_TXN_JOURNAL, "doctor: bring "
		    "back my entries as I wrote them");
	tend_txn_end(txn);
	for (i = 0; error < 0 && i < list->count; i++)
		if (state[i] == RESTORED)
			state[i] = STANDS;
	return error;
}

static int
tell(struct doctor *d, const struct wronged *w, int fixed)
{
	struct tend_foreign_change	 as_told;
	struct tend_commit		 commit;
	struct tend_buf			 what = TEND_BUF_INIT, fix = TEND_BUF_INIT;
	const char			*me = tend_journal_me(d->journal);
	int				 error;

	memset(&commit, 0, sizeof(commit));
	memset(&as_told, 0, sizeof(as_told));
	as_told.commit = &commit;
	as_told.owner = w->owner;
	as_told.what = w->what;
	if ((error = tend_incoming_foreign_text(&what, &as_told)) < 0)
		goto out;
	if (fixed) {
		error = doctor_report(d, TEND_DOCTOR_FIXED, "entries", w->path,
		    NULL, "brought back as you wrote it: commit %.7s by %s "
		    "%s", w->commit, w->author, what.data);
		goto out;
	}
	if (me != NULL && strcmp(w->owner, me) == 0)
		error = tend_buf_printf(&fix, "tend doctor --fix brings it "
		    "back as you wrote it%s", d->flags & TEND_DOCTOR_FIX ?
		    ", once its uncommitted changes are committed or put "
		    "aside" : "");
	else
		error = tend_buf_printf(&fix, "%s's tend sync refuses it: take "
		    "it back with 'git revert %.7s'", w->owner, w->commit);
	if (error == 0)
		error = doctor_report(d, TEND_DOCTOR_ERROR, "entries", w->path,
		    fix.data, "commit %.7s by %s %s%s, which only they may do",
		    w->commit, w->author, what.data, w->commits > 1 ?
		    " (and later ones carry it on)" : "");
out:
	tend_buf_free(&what);
	tend_buf_free(&fix);
	return error;
}

int
doctor_check_authors(struct doctor *d)
{
	struct wronged_list	 list = { NULL, 0 };
	char			 blob[TEND_OID_SIZE], head[TEND_OID_SIZE];
	char			 at[TEND_OID_SIZE], conf[TEND_OID_SIZE];
	char			 upto[TEND_OID_SIZE], *cache;
	int			*state = NULL, error;
	size_t			 i;

	/* An unborn HEAD has nothing to walk. */
	if ((error = tend_store_blob(conf, head, d->store, "HEAD",
	    "tend.conf")) < 0)
		return error == TEND_ENOTFOUND ? 0 : error;
	if ((cache = tend_fs_join(d->gitdir, TEND_LAYOUT_AUTHORS_CACHE)) ==
	    NULL)
		return tend_error_nomem();
	if (cache_read(&list, upto, conf, cache) < 0 ||
	    !tend_store_contains(d->store, head, upto)) {
		wronged_free(&list);
		upto[0] = '\0';
	}
	if (strcmp(upto, head) != 0 && (error = tend_incoming_foreign(
	    d->journal, head, upto[0] != '\0' ? upto : NULL,
	    TEND_OWNER_BY_AUTHOR, foreign_cb, &list)) < 0) {
		error = doctor_report_failure(d, "entries", "journal", error);
		goto out;
	}
	if (strcmp(upto, head) != 0)
		cache_write(&list, head, conf, cache);
	if (list.count == 0)
		goto out;
	if ((state = calloc(list.count, sizeof(*state))) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	/* What was put back, or written again since, is nothing to tell. */
	for (i = 0; i < list.count && error == 0; i++)
		if ((error = tend_store_blob(blob, at, d->store, head,
		    list.items[i].path)) == 0)
			state[i] = !list.items[i].undone &&
			    strcmp(blob, list.items[i].blob) == 0 ? STANDS :
			    GONE;
	if (error == 0 && (d->flags & TEND_DOCTOR_FIX) &&
	    (error = restore(d, &list, state)) < 0)
		error = doctor_report_failure(d, "entries", "journal", error);
	for (i = 0; i < list.count && error == 0; i++)
		if (state[i] != GONE)
			error = tell(d, &list.items[i], state[i] == RESTORED);
out:
	free(cache);
	free(state);
	wronged_free(&list);
	return error;
}
