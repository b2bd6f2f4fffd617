/*
 * The one check of what comes in from a partner, made before any of it is
 * written: sync before it fast-forwards or merges, clone before it checks
 * out, and the next command before it finishes a sync cut short.  A
 * partner may push anything plain git can make, so every path, mode, size
 * and shared setting is judged here as strictly as a typed argument.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A file bigger than any entry, prompt or setting a person writes. */
#define FILE_MAX	(8u << 20)
/* Bytes of a whole path, as PATH_MAX bounds it on Linux. */
#define PATH_BYTES_MAX	4095

struct check {
	struct tend_store	*store;
	const char		*target;
	const char		*since;		/* NULL: all of TARGET is new */
	const char		*from;
	struct tend_buf		 changed;	/* partners TARGET changes */
};

static int	path_cb(const struct tend_incoming_path *, void *);
static int	refuse(const struct check *, const struct tend_incoming_path *,
		    const char *, const char *);
static int	check_attributes(const struct check *);
static int	check_conf(const struct check *);
static int	changes_cb(const char *, enum tend_partner_change, void *);
static int	has_change(const struct tend_buf *, const char *);
static int	has_partner(const struct tend_buf *, const char *);
static int	owners_cb(const struct tend_commit *, const char *,
		    const char (*)[TEND_OID_SIZE], size_t, void *);
static int	check_owners(struct check *);

/*
 * Refuse PATH with REASON, naming the commit that brought it and who made
 * that commit, and FIX, what the partner can do.
 */
static int
refuse(const struct check *check, const struct tend_incoming_path *path,
    const char *reason, const char *fix)
{
	struct tend_buf	 dir = TEND_BUF_INIT;
	const char	*slash = strrchr(path->path, '/');
	char		 commit[TEND_OID_SIZE], *author = NULL;
	int		 error;

	if ((error = tend_buf_put(&dir, path->path, slash != NULL ?
	    (size_t)(slash - path->path) : 0)) < 0 ||
	    (error = tend_store_incoming_commit(commit, &author, check->store,
	    check->target, check->since, dir.data, path->folder)) < 0) {
		tend_buf_free(&dir);
		return error;
	}
	error = tend_error_set(TEND_EINVALID, "refusing to take in '%s' from "
	    "'%s' (commit %.7s by %s): %s; %s there with git", path->path,
	    check->from, commit, author, reason, fix);
	free(author);
	tend_buf_free(&dir);
	return error;
}

static int
path_cb(const struct tend_incoming_path *path, void *arg)
{
	const struct check	*check = arg;
	const char		*problem;

	switch (path->kind) {
	case TEND_PATH_LINK:
		return refuse(check, path, "it is a symbolic link, and a "
		    "journal holds only files", "remove it");
	case TEND_PATH_SUBMODULE:
		return refuse(check, path, "it is a submodule, not a file",
		    "remove it");
	case TEND_PATH_OTHER:
		return refuse(check, path, "it is neither a file nor a folder "
		    "as git writes them", "remove it");
	case TEND_PATH_DUPLICATE:
		return refuse(check, path, "its folder names it twice, which "
		    "git never writes", "rewrite that folder");
	case TEND_PATH_TOO_DEEP:
		return refuse(check, path, "it lies deeper in folders than a "
		    "journal goes", "move it");
	case TEND_PATH_FILE:
	case TEND_PATH_FOLDER:
		break;
	}
	if ((problem = tend_layout_name_problem(path->name)) != NULL)
		return refuse(check, path, problem, "rename or remove it");
	if (strlen(path->path) > PATH_BYTES_MAX)
		return refuse(check, path, "its path is longer than a file "
		    "system takes", "move it");
	if (path->kind == TEND_PATH_FILE && path->size > FILE_MAX)
		return refuse(check, path, "it is bigger than any journal "
		    "file (8 MiB)", "remove it");
	return 0;
}

/*
 * The merge rules tend relies on stay as tend wrote them: tend.conf
 * merged as a union, so that partners added on two machines both stay,
 * and no other merge rule, which could merge an agreement's clauses
 * without the conflict markers that ask both partners to settle it.
 */
static int
check_attributes(const struct check *check)
{
	char	 theirs[TEND_OID_SIZE], ours[TEND_OID_SIZE];
	char	 commit[TEND_OID_SIZE], *text = NULL, *line, *next, *word;
	char	*pattern, *save;
	size_t	 len, number = 0;
	int	 error, union_kept = 0;

	ours[0] = '\0';
	if ((error = tend_store_blob(theirs, commit, check->store,
	    check->target, ".gitattributes")) < 0 ||
	    (check->since != NULL && (error = tend_store_blob(ours, commit,
	    check->store, check->since, ".gitattributes")) < 0))
		return error;
	if (theirs[0] == '\0')
		return ours[0] == '\0' ? 0 : tend_error_set(TEND_EINVALID,
		    "refusing to take in the commits from '%s': they remove "
		    ".gitattributes, whose merge rule for tend.conf keeps "
		    "partners added on two machines; put it back there with "
		    "git", check->from);
	if ((error = tend_store_read_blob(&text, &len, check->store,
	    theirs)) < 0)
		return error;
	if ((error = tend_text_validate_utf8(".gitattributes", text,
	    len)) < 0)
		goto out;
	for (line = text; error == 0 && line != NULL && *line != '\0';
	    line = next) {
		number++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((pattern = strtok_r(line, " \t\r", &save)) == NULL ||
		    pattern[0] == '#')
			continue;
		while (error == 0 &&
		    (word = strtok_r(NULL, " \t\r", &save)) != NULL) {
			if (strcmp(pattern, "tend.conf") == 0 &&
			    strcmp(word, "merge=union") == 0) {
				union_kept = 1;
				continue;
			}
			word += word[0] == '-' || word[0] == '!';
			if (strncmp(pattern, "[attr]", 6) == 0 ||
			    strcmp(word, "binary") == 0 ||
			    strcmp(word, "merge") == 0 ||
			    strncmp(word, "merge=", 6) == 0)
				error = tend_error_set(TEND_EINVALID,
				    "refusing to take in '.gitattributes' from "
				    "'%s': line %zu sets how '%s' is merged, "
				    "which tend leaves to git so that both "
				    "partners see what to settle; remove that "
				    "rule there with git", check->from, number,
				    pattern);
		}
	}
	if (error == 0 && !union_kept)
		error = tend_error_set(TEND_EINVALID, "refusing to take in "
		    "'.gitattributes' from '%s': it drops 'tend.conf "
		    "merge=union', which keeps partners added on two machines; "
		    "put the line back there with git", check->from);
out:
	free(text);
	return error;
}

/*
 * A partner's tend.conf that every later command would refuse (an include
 * line, a bad partner id, broken syntax) is refused before it lands.
 */
static int
check_conf(const struct check *check)
{
	char	 blob[TEND_OID_SIZE], commit[TEND_OID_SIZE], *text = NULL;
	size_t	 len;
	int	 error;

	if ((error = tend_store_blob(blob, commit, check->store,
	    check->target, "tend.conf")) < 0 || blob[0] == '\0')
		return error;
	if ((error = tend_store_read_blob(&text, &len, check->store,
	    blob)) == 0 && (error = tend_journal_check_conf(check->store, text,
	    len)) < 0)
		error = tend_error_wrap(TEND_EINVALID, "refusing to take in "
		    "'tend.conf' from '%s'", check->from);
	free(text);
	return error;
}

/* Each change as "R" or "C" and the id, NUL-ended, into a buffer. */
static int
changes_cb(const char *id, enum tend_partner_change change, void *arg)
{
	struct tend_buf	*set = arg;

	return tend_buf_printf(set, "%c%s%c", change == TEND_PARTNER_REMOVED ?
	    'R' : 'C', id, '\0');
}

static int
has_change(const struct tend_buf *set, const char *change)
{
	const char	*p;

	for (p = set->data; p != NULL && p < set->data + set->len;
	    p += strlen(p) + 1)
		if (strcmp(p, change) == 0)
			return 1;
	return 0;
}

/* Whether SET has a change of any kind to partner ID. */
static int
has_partner(const struct tend_buf *set, const char *id)
{
	const char	*p;

	for (p = set->data; p != NULL && p < set->data + set->len;
	    p += strlen(p) + 1)
		if (strcmp(p + 1, id) == 0)
			return 1;
	return 0;
}

/*
 * One commit that changed tend.conf: what it did to a partner other than
 * its author, measured against each parent, so that a merge answers only
 * for what neither side had.
 */
static int
owners_cb(const struct tend_commit *commit, const char *blob,
    const char (*parents)[TEND_OID_SIZE], size_t count, void *arg)
{
	const struct check	*check = arg;
	struct tend_buf		*sets;
	const char		*change;
	char			*text = NULL, *old;
	size_t			 len, oldlen, i, j;
	int			 error = 0;

	if (blob[0] == '\0')
		return tend_error_set(TEND_EINVALID, "refusing to take in the "
		    "commits from '%s': commit %.7s by %s removes tend.conf; "
		    "put it back there with git", check->from, commit->id,
		    commit->author_name);
	if ((sets = calloc(count, sizeof(*sets))) == NULL)
		return tend_error_nomem();
	if ((error = tend_store_read_blob(&text, &len, check->store,
	    blob)) < 0)
		goto out;
	for (i = 0; i < count && error == 0; i++) {
		if (parents[i][0] == '\0' || (error = tend_store_read_blob(&old,
		    &oldlen, check->store, parents[i])) < 0)
			continue;
		if ((error = tend_journal_conf_changes(check->store, old,
		    oldlen, text, len, commit->author_name,
		    commit->author_email, changes_cb, &sets[i])) < 0 &&
		    error != TEND_ENOMEM)
			error = tend_error_wrap(TEND_EINVALID, "refusing to "
			    "take in 'tend.conf' from '%s' (commit %.7s by %s)",
			    check->from, commit->id, commit->author_name);
		free(old);
	}
	for (change = sets[0].data; error == 0 && change != NULL &&
	    change < sets[0].data + sets[0].len;
	    change += strlen(change) + 1) {
		for (j = 1; j < count && has_change(&sets[j], change); j++)
			;
		/* Undone later on, or the partner came in with these commits. */
		if (j < count || !has_partner(&check->changed, change + 1))
			continue;
		error = tend_error_set(TEND_EINVALID, "refusing to take in "
		    "'tend.conf' from '%s' (commit %.7s by %s): it %s partner "
		    "'%s', which only %s may do; undo that there with git",
		    check->from, commit->id, commit->author_name,
		    change[0] == 'R' ? "removes" : "changes the name or "
		    "address of", change + 1, change + 1);
	}
out:
	for (i = 0; i < count; i++)
		tend_buf_free(&sets[i]);
	free(sets);
	free(text);
	return error;
}

/*
 * Partners own their entries in tend.conf: anyone may add a partner, but
 * only partner X may rename X, change X's address or take X out, for
 * nobody may be removed from the journal behind their back.  A clone
 * takes the journal as it stands, so only a sync's commits are judged.
 */
static int
check_owners(struct check *check)
{
	char	 ours[TEND_OID_SIZE], theirs[TEND_OID_SIZE];
	char	 commit[TEND_OID_SIZE], *old = NULL, *new = NULL;
	size_t	 oldlen, newlen;
	int	 error;

	if (check->since == NULL)
		return 0;
	/* First the partners the commits change all told; then who did. */
	if ((error = tend_store_blob(ours, commit, check->store, check->since,
	    "tend.conf")) < 0 || (error = tend_store_blob(theirs, commit,
	    check->store, check->target, "tend.conf")) < 0 ||
	    ours[0] == '\0')
		return error;
	if (theirs[0] != '\0' && ((error = tend_store_read_blob(&old, &oldlen,
	    check->store, ours)) < 0 || (error = tend_store_read_blob(&new,
	    &newlen, check->store, theirs)) < 0 ||
	    (error = tend_journal_conf_changes(check->store, old, oldlen, new,
	    newlen, NULL, NULL, changes_cb, &check->changed)) < 0))
		goto out;
	if (theirs[0] == '\0' || check->changed.len != 0)
		error = tend_store_file_commits(check->store, check->target,
		    check->since, "tend.conf", owners_cb, check);
out:
	free(old);
	free(new);
	tend_buf_free(&check->changed);
	return error;
}

int
tend_incoming_check(struct tend_store *store, const char *target,
    const char *since, const char *from)
{
	struct check	check = { store, target, since, from, TEND_BUF_INIT };
	int		error;

	if ((error = tend_store_incoming(store, target, since, path_cb,
	    &check)) == 0 &&
	    (error = check_attributes(&check)) == 0 &&
	    (error = check_conf(&check)) == 0)
		error = check_owners(&check);
	return error;
}

int
tend_incoming_end_update(struct tend_store *store)
{
	char	 old[TEND_OID_SIZE], new[TEND_OID_SIZE], *why;
	int	 error;

	if ((error = tend_store_update_pending(old, new, store)) <= 0)
		return error;
	/* What an older tend began to take in is judged as sync judges it. */
	if ((error = tend_incoming_check(store, new, old, "the remote")) == 0 &&
	    (error = tend_store_end_update(store, TEND_UPDATE_FINISH)) == 0)
		return 0;
	/* A lock of git's in the way is the user's to clear: said, kept. */
	if (error == TEND_ENOMEM || error == TEND_ELOCKED)
		return error;
	/* Undone, the journal is as it was before that sync: never wedged. */
	if ((why = strdup(tend_error())) == NULL)
		return tend_error_nomem();
	if ((error = tend_store_end_update(store, TEND_UPDATE_UNDO)) == 0)
		error = tend_error_set(TEND_ERROR, "a sync cut short could "
		    "not be finished, so it was undone: %s", why);
	free(why);
	return error;
}
