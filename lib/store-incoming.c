/*
 * What a partner's commits would bring in, read before any of it is
 * written: every file and folder that differs from what the journal has
 * (HEAD for a sync, nothing for a clone), with what git's trees say of
 * it, so that lib/incoming.c can judge it, and who brought it.  Only the
 * folders that changed are read.
 */

#include <git2.h>

#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

struct incoming_walk {
	git_repository		*repo;
	git_odb			*odb;
	int			(*fn)(const struct tend_incoming_path *,
				    void *);
	void			*arg;
	struct tend_buf		 path;
	git_oid			 folder;	/* the tree holding the path */
};

static int	walk_tree(struct incoming_walk *, git_tree *, git_tree *,
		    size_t);
static int	report(struct incoming_walk *, const git_tree_entry *,
		    enum tend_path_kind, size_t);
static int	by_name(const void *, const void *);
static int	has_duplicate(int *, git_tree *);
static int	tree_of(git_tree **, struct tend_store *, const char *);
static int	tree_holds(git_tree *, const char *, const git_oid *);

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Whether TREE names an entry twice.  Git writes each name once, in an
 * order in which a file "x" and a folder "x" need not be neighbours, so
 * the names are sorted plainly to find a pair.
 */
static int
has_duplicate(int *found, git_tree *tree)
{
	const char	**names;
	size_t		  i, count = git_tree_entrycount(tree);

	*found = 0;
	if (count < 2)
		return 0;
	if ((names = calloc(count, sizeof(*names))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < count; i++)
		names[i] = git_tree_entry_name(git_tree_entry_byindex(tree, i));
	qsort(names, count, sizeof(*names), by_name);
	for (i = 1; i < count && !*found; i++)
		*found = strcmp(names[i - 1], names[i]) == 0;
	free(names);
	return 0;
}

static int
report(struct incoming_walk *walk, const git_tree_entry *entry,
    enum tend_path_kind kind, size_t depth)
{
	struct tend_incoming_path	 path;
	git_object_t			 type;
	size_t				 size = 0;
	int				 error;

	if (kind == TEND_PATH_FILE) {
		if ((error = git_odb_read_header(&size, &type, walk->odb,
		    git_tree_entry_id(entry))) < 0)
			return store_fail(error, "cannot read '%s'",
			    walk->path.data);
		if (type != GIT_OBJECT_BLOB)
			kind = TEND_PATH_OTHER;
	}
	memset(&path, 0, sizeof(path));
	path.path = walk->path.data;
	path.name = git_tree_entry_name(entry);
	path.kind = kind;
	path.depth = depth;
	path.size = size;
	git_oid_tostr(path.blob, sizeof(path.blob), git_tree_entry_id(entry));
	git_oid_tostr(path.folder, sizeof(path.folder), &walk->folder);
	return walk->fn(&path, walk->arg);
}

/*
 * Report each entry of THEIRS that OURS (NULL: none) does not hold alike,
 * and walk into the folders among them.  DEPTH is THEIRS's: 1 at the top.
 */
static int
walk_tree(struct incoming_walk *walk, git_tree *theirs, git_tree *ours,
    size_t depth)
{
	const git_tree_entry	*entry, *had;
	git_tree		*sub_theirs, *sub_ours;
	enum tend_path_kind	 kind;
	size_t			 i, prefix = walk->path.len;
	int			 error, twice;

	if ((error = has_duplicate(&twice, theirs)) < 0)
		return error;
	for (i = 0; i < git_tree_entrycount(theirs); i++) {
		entry = git_tree_entry_byindex(theirs, i);
		had = ours != NULL ? git_tree_entry_byname(ours,
		    git_tree_entry_name(entry)) : NULL;
		/* Unchanged: it was judged when it came in. */
		if (!twice && had != NULL && git_oid_equal(git_tree_entry_id(had),
		    git_tree_entry_id(entry)) && git_tree_entry_filemode(had) ==
		    git_tree_entry_filemode(entry))
			continue;
		walk->path.len = prefix;
		if ((error = tend_buf_printf(&walk->path, "%s%s",
		    prefix != 0 ? "/" : "", git_tree_entry_name(entry))) < 0)
			return error;
		git_oid_cpy(&walk->folder, git_tree_id(theirs));
		switch (git_tree_entry_filemode(entry)) {
		case GIT_FILEMODE_BLOB:
		case GIT_FILEMODE_BLOB_EXECUTABLE:
			kind = TEND_PATH_FILE;
			break;
		case GIT_FILEMODE_TREE:
			kind = TEND_PATH_FOLDER;
			break;
		case GIT_FILEMODE_LINK:
			kind = TEND_PATH_LINK;
			break;
		case GIT_FILEMODE_COMMIT:
			kind = TEND_PATH_SUBMODULE;
			break;
		default:
			kind = TEND_PATH_OTHER;
			break;
		}
		if (twice)
			kind = TEND_PATH_DUPLICATE;
		else if (depth > TEND_INCOMING_DEPTH_MAX)
			kind = TEND_PATH_TOO_DEEP;
		if ((error = report(walk, entry, kind, depth)) < 0)
			return error;
		if (kind != TEND_PATH_FOLDER)
			continue;
		sub_ours = NULL;
		if ((error = git_tree_lookup(&sub_theirs, walk->repo,
		    git_tree_entry_id(entry))) < 0)
			return store_fail(error, "cannot read '%s'",
			    walk->path.data);
		if (had != NULL &&
		    git_tree_entry_filemode(had) == GIT_FILEMODE_TREE &&
		    (error = git_tree_lookup(&sub_ours, walk->repo,
		    git_tree_entry_id(had))) < 0) {
			git_tree_free(sub_theirs);
			return store_fail(error, "cannot read '%s'",
			    walk->path.data);
		}
		error = walk_tree(walk, sub_theirs, sub_ours, depth + 1);
		git_tree_free(sub_theirs);
		git_tree_free(sub_ours);
		if (error < 0)
			return error;
	}
	walk->path.len = prefix;
	return 0;
}

int
tend_store_incoming(struct tend_store *store, const char *target,
    const char *since, int (*fn)(const struct tend_incoming_path *, void *),
    void *arg)
{
	struct incoming_walk	 walk;
	git_tree		*ours = NULL, *theirs = NULL;
	git_commit		*commit = NULL;
	git_oid			 oid;
	int			 error;

	memset(&walk, 0, sizeof(walk));
	walk.repo = store->repo;
	walk.fn = fn;
	walk.arg = arg;
	if (since != NULL && (error = tree_of(&ours, store, since)) < 0)
		return error;
	if ((error = git_oid_fromstr(&oid, target)) < 0 ||
	    (error = git_commit_lookup(&commit, store->repo, &oid)) < 0 ||
	    (error = git_commit_tree(&theirs, commit)) < 0 ||
	    (error = git_repository_odb(&walk.odb, store->repo)) < 0)
		error = store_fail(error, "cannot read the commits to take in");
	else if ((error = tend_buf_puts(&walk.path, "")) == 0)
		error = walk_tree(&walk, theirs, ours, 1);
	tend_buf_free(&walk.path);
	git_odb_free(walk.odb);
	git_tree_free(theirs);
	git_commit_free(commit);
	git_tree_free(ours);
	return error;
}

/* The tree of revision REV; NULL for a HEAD on an unborn branch. */
static int
tree_of(git_tree **out, struct tend_store *store, const char *rev)
{
	git_object	*object;
	int		 error;

	*out = NULL;
	if ((error = git_revparse_single(&object, store->repo, rev)) < 0)
		return error == GIT_ENOTFOUND && strcmp(rev, "HEAD") == 0 ? 0 :
		    store_fail(error, "cannot read '%s'", rev);
	if ((error = git_object_peel((git_object **)out, object,
	    GIT_OBJECT_TREE)) < 0)
		error = store_fail(error, "cannot read the tree of '%s'", rev);
	git_object_free(object);
	return error;
}

/* Whether TREE holds the folder WANT at DIR ("" for TREE itself). */
static int
tree_holds(git_tree *tree, const char *dir, const git_oid *want)
{
	git_tree_entry	*entry;
	int		 holds;

	if (dir[0] == '\0')
		return git_oid_equal(git_tree_id(tree), want);
	if (git_tree_entry_bypath(&entry, tree, dir) < 0)
		return 0;
	holds = git_oid_equal(git_tree_entry_id(entry), want);
	git_tree_entry_free(entry);
	return holds;
}

int
tend_store_incoming_commit(char id[TEND_OID_SIZE], char **author,
    struct tend_store *store, const char *target, const char *since,
    const char *dir, const char *folder)
{
	git_revwalk		*walk = NULL;
	git_commit		*commit = NULL;
	git_tree		*tree = NULL;
	git_object		*base = NULL;
	git_oid			 oid, want;
	const git_signature	*who;
	int			 error, found = 0;

	*author = NULL;
	id[0] = '\0';
	if ((error = git_oid_fromstr(&oid, target)) < 0 ||
	    (error = git_oid_fromstr(&want, folder)) < 0 ||
	    (error = git_revwalk_new(&walk, store->repo)) < 0 ||
	    (error = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE)) < 0 ||
	    (error = git_revwalk_push(walk, &oid)) < 0 ||
	    (since != NULL && git_revparse_single(&base, store->repo,
	    since) == 0 && (error = git_revwalk_hide(walk,
	    git_object_id(base))) < 0)) {
		error = store_fail(error, "cannot walk the commits to take in");
		goto out;
	}
	/* The oldest commit holding that folder as it is brought it. */
	while (!found && (error = git_revwalk_next(&oid, walk)) == 0) {
		if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0 ||
		    (error = git_commit_tree(&tree, commit)) < 0)
			break;
		found = tree_holds(tree, dir, &want);
		git_tree_free(tree);
		tree = NULL;
		if (!found) {
			git_commit_free(commit);
			commit = NULL;
		}
	}
	if (error == GIT_ITEROVER)
		error = 0;
	if (error < 0) {
		error = store_fail(error, "cannot walk the commits to take in");
		goto out;
	}
	if (!found && (error = git_oid_fromstr(&oid, target)) == 0 &&
	    (error = git_commit_lookup(&commit, store->repo, &oid)) < 0) {
		error = store_fail(error, "cannot read commit %s", target);
		goto out;
	}
	git_oid_tostr(id, TEND_OID_SIZE, git_commit_id(commit));
	who = git_commit_author(commit);
	if ((*author = strdup(who->name != NULL ? who->name : "")) == NULL)
		error = tend_error_nomem();
out:
	git_object_free(base);
	git_commit_free(commit);
	git_revwalk_free(walk);
	return error;
}
