/*
 * Walking the history and comparing: what each commit changed in a
 * folder, commit trailers, unified diffs, and which commits and refs
 * reach which.
 */

#include <git2.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-internal.h"

static int	describe(struct tend_commit *, struct tend_buf *,
		    struct tend_store *, git_commit *);
static int	start_walk(git_revwalk **, struct tend_store *, const char *);
static int	walk_since(git_revwalk **, struct tend_store *, const char *,
		    const char *);
static int	folder_of(git_tree **, git_commit *, const char *);
static void	changes_free(struct tend_file_change *, size_t);
static const git_oid *blob_named(git_tree *, const char *);
static int	same_blob(const git_oid *, const git_oid *);
struct folder_carry;
static int	folder_id(git_oid *, int *, git_commit *, const char *);
static int	same_folder(int, const git_oid *, int, const git_oid *);
struct seen;
static int	seen_add(struct seen *, const git_oid *);
struct whole_walk;
static int	whole_walk_push(struct whole_walk *, const git_oid *);
static int	folder_ids_alike(git_commit *, const char *, unsigned int,
		    struct folder_carry *);
static int	folder_changes(struct tend_file_change **, size_t *,
		    git_commit *, const char *, struct folder_carry *);
static int	patch_line(const git_diff_delta *, const git_diff_hunk *,
		    const git_diff_line *, void *);

struct changed_paths;
static void	changed_paths_clear(struct changed_paths *);
static void	changed_paths_free(struct changed_paths *);
static int	add_path(struct changed_paths *, const char *, const git_oid *,
		    const git_oid *);
static int	compare_trees(struct changed_paths *, git_repository *,
		    git_tree *, git_tree *, const char *const *, size_t);
static int	path_commits(struct tend_store *, const char *, const char *,
		    const char *const *, size_t, int,
		    int (*)(const struct tend_commit *,
		    const struct tend_path_change *, size_t, void *), void *);
static int	path_changes(struct changed_paths *, git_commit *,
		    const char *const *, size_t);
static int	add_change(struct tend_file_change **, size_t *,
		    const char *, const git_oid *);
static int	chosen_sides(struct tend_file_change **, size_t *,
		    git_commit *, const char *, git_tree *, git_tree *[2]);

/* What a walk tells about one commit; MESSAGE holds its text, opened. */
static int
describe(struct tend_commit *info, struct tend_buf *message,
    struct tend_store *store, git_commit *commit)
{
	const git_signature	*author = git_commit_author(commit);
	int			 error;

	memset(info, 0, sizeof(*info));
	git_oid_tostr(info->id, sizeof(info->id), git_commit_id(commit));
	info->author_name = author->name;
	info->author_email = author->email;
	info->time = (time_t)author->when.time;
	info->offset = author->when.offset;
	info->parents = git_commit_parentcount(commit);
	info->commit_time = (time_t)git_commit_time(commit);
	message->len = 0;
	info->sealed = store_message_is_sealed(git_commit_message(commit));
	if ((error = store_open_message(message, store,
	    git_commit_message(commit), info->id)) < 0)
		return error;
	info->message = message->data != NULL ? message->data : "";
	return 0;
}

/*
 * A walk of HEAD's history without KNOWN's, oldest first; 1 when HEAD is
 * unborn.
 */
static int
start_walk(git_revwalk **out, struct tend_store *store, const char *known)
{
	git_revwalk	*walk;
	git_oid		 oid;
	int		 error;

	if ((error = git_revwalk_new(&walk, store->repo)) < 0)
		return store_fail(error, "cannot walk the history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	error = git_revwalk_push_head(walk);
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		git_revwalk_free(walk);
		return 1;
	}
	if (error == 0 && known != NULL && (error = git_oid_fromstr(&oid,
	    known)) == 0)
		error = git_revwalk_hide(walk, &oid);
	if (error < 0) {
		git_revwalk_free(walk);
		return store_fail(error, "cannot walk the history");
	}
	*out = walk;
	return 0;
}

/* A walk of what commit TARGET brings over revision SINCE, oldest first. */
static int
walk_since(git_revwalk **out, struct tend_store *store, const char *target,
    const char *since)
{
	git_revwalk	*walk = NULL;
	git_object	*base = NULL;
	git_oid		 oid;
	int		 error;

	if ((error = git_oid_fromstr(&oid, target)) < 0 ||
	    (error = git_revwalk_new(&walk, store->repo)) < 0 ||
	    (error = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE)) < 0 ||
	    (error = git_revwalk_push(walk, &oid)) < 0 ||
	    (since != NULL && ((error = git_revparse_single(&base, store->repo,
	    since)) < 0 ||
	    (error = git_revwalk_hide(walk, git_object_id(base))) < 0))) {
		git_object_free(base);
		git_revwalk_free(walk);
		return store_fail(error, "cannot walk the history");
	}
	git_object_free(base);
	*out = walk;
	return 0;
}

/* The top-level folder DIR of COMMIT's tree, or NULL when it has none. */
static int
folder_of(git_tree **out, git_commit *commit, const char *dir)
{
	git_oid	 id;
	int	 has, error;

	*out = NULL;
	if ((error = folder_id(&id, &has, commit, dir)) < 0 || !has)
		return error;
	if ((error = git_tree_lookup(out, git_commit_owner(commit), &id)) < 0)
		error = store_fail(error, "cannot read '%s'", dir);
	return error;
}

static void
changes_free(struct tend_file_change *changes, size_t count)
{
	size_t	i;

	for (i = 0; i < count; i++)
		free(changes[i].name);
	free(changes);
}

/* NAME's blob in TREE (which may be NULL), or NULL. */
static const git_oid *
blob_named(git_tree *tree, const char *name)
{
	const git_tree_entry	*entry;

	if (tree == NULL || (entry = git_tree_entry_byname(tree, name)) ==
	    NULL || git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return NULL;
	return git_tree_entry_id(entry);
}

static int
same_blob(const git_oid *a, const git_oid *b)
{
	return a == NULL ? b == NULL : b != NULL && git_oid_equal(a, b);
}

#define MAX_PARENTS	16
/* The largest commit or tree libgit2 caches unless told otherwise. */
#define LIBGIT2_CACHED	4096

static int
add_change(struct tend_file_change **changes, size_t *count,
    const char *name, const git_oid *blob)
{
	struct tend_file_change	*grown;

	if ((grown = realloc(*changes, (*count + 1) * sizeof(*grown))) ==
	    NULL)
		return tend_error_nomem();
	*changes = grown;
	if ((grown[*count].name = strdup(name)) == NULL)
		return tend_error_nomem();
	if (blob != NULL)
		git_oid_tostr(grown[*count].blob, sizeof(grown[*count].blob),
		    blob);
	else
		grown[*count].blob[0] = '\0';
	(*count)++;
	return 0;
}

/*
 * A merge of two sides that both changed a file, settled by keeping one
 * side's text as it was (git checkout --ours or --theirs, or a removal):
 * nothing differs from every parent, yet the text that stands is the
 * merge's choice, and the history must end with it.  Each such file of
 * folder DIR, whose trees are MINE and the parents' THEIRS.
 */
static int
chosen_sides(struct tend_file_change **changes, size_t *count,
    git_commit *commit, const char *dir, git_tree *mine, git_tree *theirs[2])
{
	git_repository		*repo = git_commit_owner(commit);
	git_commit		*base = NULL;
	git_tree		*before = NULL, *trees[3];
	const git_oid		*m, *a, *b, *o;
	const char		*name;
	git_oid			 base_id;
	size_t			 t, i, k, known = *count;
	int			 error = 0;

	/* Sides alike, or unrelated: nothing was chosen. */
	if ((theirs[0] != NULL && theirs[1] != NULL &&
	    git_oid_equal(git_tree_id(theirs[0]), git_tree_id(theirs[1]))) ||
	    git_merge_base(&base_id, repo, git_commit_parent_id(commit, 0),
	    git_commit_parent_id(commit, 1)) < 0)
		return 0;
	if ((error = git_commit_lookup(&base, repo, &base_id)) < 0)
		return store_fail(error, "cannot read a commit");
	if ((error = folder_of(&before, base, dir)) < 0)
		goto out;
	trees[0] = mine;
	trees[1] = theirs[0];
	trees[2] = theirs[1];
	for (t = 0; t < 3 && error == 0; t++)
		for (i = 0; trees[t] != NULL && error == 0 &&
		    i < git_tree_entrycount(trees[t]); i++) {
			name = git_tree_entry_name(git_tree_entry_byindex(
			    trees[t], i));
			for (k = known; k < *count; k++)
				if (strcmp((*changes)[k].name, name) == 0)
					break;
			m = blob_named(mine, name);
			a = blob_named(theirs[0], name);
			b = blob_named(theirs[1], name);
			o = blob_named(before, name);
			if (k < *count || (m == NULL && a == NULL && b == NULL) ||
			    same_blob(a, b) ||
			    (!same_blob(m, a) && !same_blob(m, b)) ||
			    same_blob(a, o) || same_blob(b, o))
				continue;
			error = add_change(changes, count, name, m);
		}
out:
	git_tree_free(before);
	git_commit_free(base);
	return error;
}

/*
 * The folder's ids in the commits a walk read last: the commit and its
 * parents.  Oldest first, a commit is most often the next one's parent;
 * newest first, the next one is most often its parent: either way its
 * tree need not be read again.
 */
struct folder_carry {
	struct {
		git_oid	commit;
		git_oid	folder;
		int	has;		/* the commit has the folder */
	}		 known[MAX_PARENTS + 1], next[MAX_PARENTS + 1];
	size_t		 count;
	/*
	 * The first parent, read for its folder's id: newest first, the
	 * commit the walk reads next, which is not read twice.
	 */
	git_commit	*parent;
};

/* Commits a walk has met: open addressing on their ids. */
struct seen {
	git_oid	*slots;		/* a zero id is a free slot */
	size_t	 size;
	size_t	 used;
};

/* The id of top-level folder DIR in COMMIT's tree; *HAS 0 if it has none. */
static int
folder_id(git_oid *out, int *has, git_commit *commit, const char *dir)
{
	const git_tree_entry	*entry;
	git_tree		*tree;
	int			 error;

	*has = 0;
	/* A top-level tree is small: a few entries, whatever the years. */
	if ((error = git_commit_tree(&tree, commit)) < 0)
		return store_fail(error, "cannot read a commit's tree");
	entry = git_tree_entry_byname(tree, dir);
	if (entry != NULL && git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
		git_oid_cpy(out, git_tree_entry_id(entry));
		*has = 1;
	}
	git_tree_free(tree);
	return 0;
}

static int
same_folder(int has_a, const git_oid *a, int has_b, const git_oid *b)
{
	return has_a ? has_b && git_oid_equal(a, b) : !has_b;
}

/*
 * 1 when COMMIT's first NPARENTS parents leave nothing in folder DIR for
 * it to have changed, by the folders' ids alone: a commit with one parent
 * (or more than two) whose folder is a parent's, a merge whose folder is
 * both sides', a first commit without it.  A merge with one side's folder
 * may still have chosen that side's text (chosen_sides): 0, read it.
 */
static int
folder_ids_alike(git_commit *commit, const char *dir, unsigned int nparents,
    struct folder_carry *carry)
{
	git_commit	*parent;
	git_oid		*ids, *mine;
	const git_oid	*id;
	unsigned int	 p, alike = 0;
	size_t		 i;
	int		 error, *has;

	/* Entry 0 is the commit, entry P + 1 its parent P. */
	for (p = 0; p <= nparents; p++) {
		error = 0;
		id = p == 0 ? git_commit_id(commit) :
		    git_commit_parent_id(commit, p - 1);
		ids = &carry->next[p].folder;
		has = &carry->next[p].has;
		git_oid_cpy(&carry->next[p].commit, id);
		for (i = 0; i < carry->count; i++)
			if (git_oid_equal(&carry->known[i].commit, id))
				break;
		if (i < carry->count) {
			git_oid_cpy(ids, &carry->known[i].folder);
			*has = carry->known[i].has;
		} else if (p == 0)
			error = folder_id(ids, has, commit, dir);
		else if ((error = git_commit_parent(&parent, commit,
		    p - 1)) < 0)
			error = store_fail(error, "cannot read a parent commit");
		else {
			error = folder_id(ids, has, parent, dir);
			if (p == 1) {
				git_commit_free(carry->parent);
				carry->parent = parent;
			} else
				git_commit_free(parent);
		}
		if (i == carry->count && error < 0) {
			carry->count = 0;
			return error;
		}
	}
	mine = &carry->next[0].folder;
	for (p = 1; p <= nparents; p++)
		alike += same_folder(carry->next[0].has, mine,
		    carry->next[p].has, &carry->next[p].folder);
	memcpy(carry->known, carry->next, (nparents + 1) *
	    sizeof(carry->known[0]));
	carry->count = nparents + 1;
	if (nparents == 0)
		return !carry->next[0].has;
	return nparents == 2 ? alike == 2 : alike != 0;
}

/*
 * What COMMIT changed in folder DIR: each file whose blob differs from
 * its blob in every parent, as describe() decides for one path.  Most
 * commits leave the folder's tree as a parent had it, and are done with
 * one comparison of ids, before any folder is read; CARRY saves reading
 * the parent when the walk read it just before.
 */
static int
folder_changes(struct tend_file_change **changes, size_t *count,
    git_commit *commit, const char *dir, struct folder_carry *carry)
{
	git_tree		*mine = NULL, *theirs[MAX_PARENTS];
	git_commit		*parent;
	const git_tree_entry	*entry;
	const git_oid		*blob;
	unsigned int		 nparents = git_commit_parentcount(commit);
	unsigned int		 p, q;
	size_t			 i, n;
	int			 error, as_parent;

	changes_free(*changes, *count);
	*changes = NULL;
	*count = 0;
	if (nparents > MAX_PARENTS)
		nparents = MAX_PARENTS;
	memset(theirs, 0, sizeof(theirs));
	if ((error = folder_ids_alike(commit, dir, nparents, carry)) != 0)
		return error < 0 ? error : 0;
	if ((error = folder_of(&mine, commit, dir)) < 0)
		return error;
	for (p = 0, as_parent = 0; p < nparents; p++) {
		if ((error = git_commit_parent(&parent, commit, p)) < 0) {
			error = store_fail(error,
			    "cannot read a parent commit");
			goto out;
		}
		error = folder_of(&theirs[p], parent, dir);
		git_commit_free(parent);
		if (error < 0)
			goto out;
		as_parent |= (mine == NULL && theirs[p] == NULL) ||
		    (mine != NULL && theirs[p] != NULL &&
		    git_oid_equal(git_tree_id(mine), git_tree_id(theirs[p])));
	}
	if (nparents == 2 && (error = chosen_sides(changes, count, commit,
	    dir, mine, theirs)) < 0)
		goto out;
	/* As a parent had it: nothing differs from every parent. */
	if (as_parent)
		goto out;
	/* The files here, then the ones only a parent had: removed. */
	for (p = 0; p <= nparents; p++) {
		git_tree *tree = p == 0 ? mine : theirs[p - 1];

		n = tree != NULL ? git_tree_entrycount(tree) : 0;
		for (i = 0; i < n; i++) {
			entry = git_tree_entry_byindex(tree, i);
			if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
				continue;
			if (p != 0 && blob_named(mine,
			    git_tree_entry_name(entry)) != NULL)
				continue;
			for (q = 1; p != 0 && q < p; q++)
				if (blob_named(theirs[q - 1],
				    git_tree_entry_name(entry)) != NULL)
					break;
			if (p != 0 && q < p)
				continue;
			blob = p == 0 ? git_tree_entry_id(entry) : NULL;
			for (q = 0; q < nparents; q++)
				if (same_blob(blob, blob_named(theirs[q],
				    git_tree_entry_name(entry))))
					break;
			if (q < nparents)
				continue;
			if ((error = add_change(changes, count,
			    git_tree_entry_name(entry), blob)) < 0)
				goto out;
		}
	}
out:
	git_tree_free(mine);
	for (p = 0; p < nparents; p++)
		git_tree_free(theirs[p]);
	return error;
}

/* Add ID to SEEN: 1 if it was not there, 0 if it was. */
static int
seen_add(struct seen *seen, const git_oid *id)
{
	static const git_oid	 none;
	git_oid			*grown, *old = seen->slots;
	size_t			 i, n = seen->size;

	/* At most half full, so that a search ends soon. */
	if ((seen->used + 1) * 2 > seen->size) {
		seen->size = n != 0 ? n * 2 : 1024;
		if ((grown = calloc(seen->size, sizeof(*grown))) == NULL) {
			seen->size = n;
			return tend_error_nomem();
		}
		seen->slots = grown;
		seen->used = 0;
		for (i = 0; i < n; i++)
			if (!git_oid_equal(&old[i], &none))
				(void)seen_add(seen, &old[i]);
		free(old);
	}
	/* Ids are hashes already: their first bytes spread well. */
	i = ((size_t)id->id[0] << 24 | (size_t)id->id[1] << 16 |
	    (size_t)id->id[2] << 8 | id->id[3]) & (seen->size - 1);
	while (!git_oid_equal(&seen->slots[i], &none)) {
		if (git_oid_equal(&seen->slots[i], id))
			return 0;
		i = (i + 1) & (seen->size - 1);
	}
	git_oid_cpy(&seen->slots[i], id);
	seen->used++;
	return 1;
}

/*
 * A walk of each commit of HEAD's history once, newest first along first
 * parents: libgit2's walk reads every commit to order them, and the
 * caller reads it again, where this reads it once (as a parent, and then
 * from libgit2's cache); the order does not matter to the caller.  The
 * commits to read next are on STACK, the first parent on top.
 */
struct whole_walk {
	struct seen	 seen;
	git_oid		*stack;
	size_t		 depth;
	size_t		 room;
};

static int
whole_walk_push(struct whole_walk *walk, const git_oid *id)
{
	git_oid	*grown;
	size_t	 room;
	int	 error;

	if ((error = seen_add(&walk->seen, id)) <= 0)
		return error;
	if (walk->depth == walk->room) {
		room = walk->room != 0 ? walk->room * 2 : 64;
		if ((grown = realloc(walk->stack, room *
		    sizeof(*grown))) == NULL)
			return tend_error_nomem();
		walk->stack = grown;
		walk->room = room;
	}
	git_oid_cpy(&walk->stack[walk->depth++], id);
	return 0;
}

int
tend_store_walk_folder(struct tend_store *store, const char *dir,
    const char *known, int (*fn)(const struct tend_commit *,
    const struct tend_file_change *, size_t, void *), void *arg)
{
	struct tend_commit	 info;
	struct tend_file_change	*changes = NULL;
	struct tend_buf		 message = TEND_BUF_INIT;
	struct folder_carry	 carry;
	struct whole_walk	 whole;
	git_revwalk		*walk = NULL;
	git_commit		*commit;
	git_oid			 oid;
	char			 parents[MAX_PARENTS][TEND_OID_SIZE];
	unsigned int		 p;
	size_t			 count = 0;
	int			 error;

	memset(&carry, 0, sizeof(carry));
	memset(&whole, 0, sizeof(whole));
	/*
	 * Each commit is read once here, and its trees when its folder
	 * changed: libgit2's cache would keep none of them for long, and
	 * evicting from it took a fifth of a walk of ten years.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_COMMIT,
	    (size_t)0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)0);
	if (known != NULL) {
		if ((error = start_walk(&walk, store, known)) != 0)
			return error > 0 ? 0 : error;
	} else if ((error = git_reference_name_to_id(&oid, store->repo,
	    "HEAD")) == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return 0;
	else if (error < 0 || (error = whole_walk_push(&whole, &oid)) < 0)
		return error == TEND_ENOMEM ? error :
		    store_fail(error, "cannot walk the history");
	for (;;) {
		if (walk != NULL)
			error = git_revwalk_next(&oid, walk);
		else if (whole.depth != 0)
			git_oid_cpy(&oid, &whole.stack[--whole.depth]);
		else
			error = GIT_ITEROVER;
		if (error != 0)
			break;
		if (carry.parent != NULL &&
		    git_oid_equal(git_commit_id(carry.parent), &oid)) {
			commit = carry.parent;
			carry.parent = NULL;
		} else if ((error = git_commit_lookup(&commit, store->repo,
		    &oid)) < 0) {
			error = store_fail(error, "cannot read a commit");
			break;
		}
		/* The first parent on top, to be read next. */
		for (p = git_commit_parentcount(commit); walk == NULL &&
		    error == 0 && p > 0; p--)
			error = whole_walk_push(&whole,
			    git_commit_parent_id(commit, p - 1));
		if (error == 0 &&
		    (error = describe(&info, &message, store, commit)) == 0 &&
		    (error = folder_changes(&changes, &count, commit,
		    dir, &carry)) == 0) {
			if (info.parents > MAX_PARENTS)
				info.parents = MAX_PARENTS;
			for (p = 0; p < info.parents; p++)
				git_oid_tostr(parents[p], TEND_OID_SIZE,
				    git_commit_parent_id(commit, p));
			info.parent_ids = (const char (*)[TEND_OID_SIZE])parents;
			error = fn(&info, changes, count, arg);
		}
		git_commit_free(commit);
		if (error != 0)
			break;
	}
	git_commit_free(carry.parent);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_COMMIT,
	    (size_t)LIBGIT2_CACHED);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)LIBGIT2_CACHED);
	git_revwalk_free(walk);
	free(whole.seen.slots);
	free(whole.stack);
	changes_free(changes, count);
	tend_buf_free(&message);
	if (error == GIT_ITEROVER)
		return 0;
	return error > 0 ? 0 : error;
}

/* The paths a commit changed, as path_changes collects them. */
struct changed_paths {
	struct tend_path_change	*changes;
	char			(*blobs)[TEND_OID_SIZE];	/* per parent */
	size_t			 count;
	size_t			 allocated;
	size_t			 blob_room;
	size_t			 parents;
	struct tend_buf		 path;		/* the folder being compared */
};

static void
changed_paths_clear(struct changed_paths *set)
{
	size_t	i;

	for (i = 0; i < set->count; i++)
		free((char *)set->changes[i].path);
	set->count = 0;
}

static void
changed_paths_free(struct changed_paths *set)
{
	changed_paths_clear(set);
	free(set->changes);
	free(set->blobs);
	tend_buf_free(&set->path);
}

/* SET's folder path and NAME: a changed file, its blobs here and before. */
static int
add_path(struct changed_paths *set, const char *name, const git_oid *blob,
    const git_oid *before)
{
	struct tend_path_change	*change;
	void			*grown;
	size_t			 n = set->allocated != 0 ? set->allocated * 2 : 16;
	size_t			 p = set->parents;

	if (set->count == set->allocated) {
		if ((grown = realloc(set->changes, n *
		    sizeof(*set->changes))) == NULL)
			return tend_error_nomem();
		set->changes = grown;
		set->allocated = n;
	}
	/* Commits differ in parents: the blobs' room is counted apart. */
	if ((set->count + 1) * p > set->blob_room) {
		n = set->allocated * p;
		if ((grown = realloc(set->blobs, n * sizeof(*set->blobs))) ==
		    NULL)
			return tend_error_nomem();
		set->blobs = grown;
		set->blob_room = n;
	}
	change = &set->changes[set->count];
	memset(change, 0, sizeof(*change));
	if (p != 0)
		memset(set->blobs[set->count * p], 0, p * sizeof(*set->blobs));
	if ((change->path = malloc(set->path.len + strlen(name) + 1)) == NULL)
		return tend_error_nomem();
	memcpy((char *)change->path, set->path.data, set->path.len);
	strcpy((char *)change->path + set->path.len, name);
	if (blob != NULL)
		git_oid_tostr(change->blob, TEND_OID_SIZE, blob);
	if (before != NULL)
		git_oid_tostr(set->blobs[set->count * p], TEND_OID_SIZE, before);
	set->count++;
	return 0;
}

/*
 * Compare folders OLD and NEW (either NULL: none), adding each file that
 * differs to SET.  A folder whose id both share is alike all through and
 * is not read, so a commit that changed one file costs a walk down its
 * path.  At the top (TOPS non-NULL) only the NTOPS names given are.
 */
static int
compare_trees(struct changed_paths *set, git_repository *repo, git_tree *old,
    git_tree *new, const char *const *tops, size_t ntops)
{
	const git_tree_entry	*o, *n, *e;
	git_tree		*ot, *nt;
	size_t			 i = 0, j = 0, k, mark;
	size_t			 on = old != NULL ? git_tree_entrycount(old) : 0;
	size_t			 nn = new != NULL ? git_tree_entrycount(new) : 0;
	int			 cmp, error = 0;

	while (error == 0 && (i < on || j < nn)) {
		o = i < on ? git_tree_entry_byindex(old, i) : NULL;
		n = j < nn ? git_tree_entry_byindex(new, j) : NULL;
		cmp = o == NULL ? 1 : n == NULL ? -1 : git_tree_entry_cmp(o, n);
		if (cmp <= 0)
			i++;
		else
			o = NULL;
		if (cmp >= 0)
			j++;
		else
			n = NULL;
		e = n != NULL ? n : o;
		for (k = 0; tops != NULL && k < ntops; k++)
			if (strcmp(tops[k], git_tree_entry_name(e)) == 0)
				break;
		if ((tops != NULL && k == ntops) || (o != NULL && n != NULL &&
		    git_tree_entry_filemode(o) == git_tree_entry_filemode(n) &&
		    git_oid_equal(git_tree_entry_id(o), git_tree_entry_id(n))))
			continue;
		ot = nt = NULL;
		if (o != NULL && git_tree_entry_type(o) == GIT_OBJECT_TREE &&
		    (error = git_tree_lookup(&ot, repo,
		    git_tree_entry_id(o))) < 0)
			break;
		if (n != NULL && git_tree_entry_type(n) == GIT_OBJECT_TREE &&
		    (error = git_tree_lookup(&nt, repo,
		    git_tree_entry_id(n))) < 0) {
			git_tree_free(ot);
			break;
		}
		if (ot != NULL || nt != NULL) {
			mark = set->path.len;
			if ((error = tend_buf_printf(&set->path, "%s/",
			    git_tree_entry_name(e))) == 0)
				error = compare_trees(set, repo, ot, nt, NULL, 0);
			set->path.len = mark;
		}
		git_tree_free(ot);
		git_tree_free(nt);
		if (o != NULL && git_tree_entry_type(o) != GIT_OBJECT_BLOB)
			o = NULL;
		if (n != NULL && git_tree_entry_type(n) != GIT_OBJECT_BLOB)
			n = NULL;
		if (error == 0 && (o != NULL || n != NULL) &&
		    !(o != NULL && n != NULL && git_oid_equal(
		    git_tree_entry_id(o), git_tree_entry_id(n))))
			error = add_path(set, git_tree_entry_name(e),
			    n != NULL ? git_tree_entry_id(n) : NULL,
			    o != NULL ? git_tree_entry_id(o) : NULL);
	}
	if (error < 0 && error != TEND_ENOMEM)
		error = store_fail(error, "cannot read a folder");
	return error;
}

/*
 * Into SET, each file under the top-level names TOPS that COMMIT changed:
 * whose blob differs from its blob in every parent, so that a merge
 * answers only for what neither side had.  The first parent is compared
 * whole; each other parent is asked only about the files that differ.
 */
static int
path_changes(struct changed_paths *set, git_commit *commit,
    const char *const *tops, size_t ntops)
{
	git_repository		*repo = git_commit_owner(commit);
	git_tree		*tree = NULL, *before = NULL;
	git_commit		*parent;
	git_tree_entry		*entry;
	char			*blob;
	unsigned int		 p;
	size_t			 i, kept;
	int			 error;

	set->parents = git_commit_parentcount(commit);
	set->path.len = 0;
	if ((error = tend_buf_puts(&set->path, "")) < 0)
		return error;
	if ((error = git_commit_tree(&tree, commit)) < 0)
		return store_fail(error, "cannot read a commit's tree");
	/* A first commit made all it holds. */
	if (set->parents == 0)
		error = compare_trees(set, repo, NULL, tree, tops, ntops);
	for (p = 0; p < set->parents && error == 0 &&
	    (p == 0 || set->count != 0); p++) {
		if ((error = git_commit_parent(&parent, commit, p)) == 0) {
			error = git_commit_tree(&before, parent);
			git_commit_free(parent);
		}
		if (error < 0) {
			error = store_fail(error, "cannot read a parent commit");
			break;
		}
		if (p == 0) {
			error = compare_trees(set, repo, before, tree, tops,
			    ntops);
			git_tree_free(before);
			continue;
		}
		for (i = 0, kept = 0; i < set->count; i++) {
			blob = set->blobs[i * set->parents + p];
			if (git_tree_entry_bypath(&entry, before,
			    set->changes[i].path) == 0) {
				if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
					git_oid_tostr(blob, TEND_OID_SIZE,
					    git_tree_entry_id(entry));
				git_tree_entry_free(entry);
			}
			/* As this parent had it: not the commit's own change. */
			if (strcmp(blob, set->changes[i].blob) == 0) {
				free((char *)set->changes[i].path);
				continue;
			}
			set->changes[kept] = set->changes[i];
			memmove(set->blobs[kept * set->parents],
			    set->blobs[i * set->parents],
			    set->parents * sizeof(*set->blobs));
			kept++;
		}
		set->count = kept;
		git_tree_free(before);
	}
	for (i = 0; i < set->count && set->parents != 0; i++)
		set->changes[i].parents = (const char (*)[TEND_OID_SIZE])
		    &set->blobs[i * set->parents];
	git_tree_free(tree);
	return error;
}

int
tend_store_path_commits(struct tend_store *store, const char *target,
    const char *since, const char *const *tops, size_t ntops,
    int (*fn)(const struct tend_commit *, const struct tend_path_change *,
    size_t, void *), void *arg)
{
	return path_commits(store, target, since, tops, ntops, 0, fn, arg);
}

int
tend_store_path_commits_all(struct tend_store *store, const char *target,
    const char *since, int (*fn)(const struct tend_commit *,
    const struct tend_path_change *, size_t, void *), void *arg)
{
	return path_commits(store, target, since, NULL, 0, 1, fn, arg);
}

static int
path_commits(struct tend_store *store, const char *target, const char *since,
    const char *const *tops, size_t ntops, int roots,
    int (*fn)(const struct tend_commit *, const struct tend_path_change *,
    size_t, void *), void *arg)
{
	struct tend_commit	 info;
	struct changed_paths	 set;
	struct tend_buf		 message = TEND_BUF_INIT;
	git_revwalk		*walk = NULL;
	git_commit		*commit;
	git_oid			 oid;
	int			 error;

	memset(&set, 0, sizeof(set));
	if ((error = walk_since(&walk, store, target, since)) < 0)
		return error;
	while ((error = git_revwalk_next(&oid, walk)) == 0) {
		if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0) {
			error = store_fail(error, "cannot read a commit");
			break;
		}
		/*
		 * A first commit is a history of its own, which the callers
		 * but one judge whole, by its tree.
		 */
		if ((roots || git_commit_parentcount(commit) != 0) &&
		    (error = path_changes(&set, commit, tops, ntops)) == 0 &&
		    set.count != 0 && (error = describe(&info, &message, store,
		    commit)) == 0)
			error = fn(&info, set.changes, set.count, arg);
		changed_paths_clear(&set);
		git_commit_free(commit);
		if (error != 0)
			break;
	}
	git_revwalk_free(walk);
	changed_paths_free(&set);
	tend_buf_free(&message);
	return error == GIT_ITEROVER ? 0 : error;
}

int
tend_store_commits(struct tend_store *store, const char *target,
    const char *since, int (*fn)(const struct tend_commit *, void *),
    void *arg)
{
	struct tend_commit	 info;
	struct tend_buf		 message = TEND_BUF_INIT;
	git_revwalk		*walk = NULL;
	git_commit		*commit;
	git_oid			 oid;
	int			 error;

	if ((error = walk_since(&walk, store, target, since)) < 0)
		return error;
	while ((error = git_revwalk_next(&oid, walk)) == 0) {
		if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0) {
			error = store_fail(error, "cannot read a commit");
			break;
		}
		if ((error = describe(&info, &message, store, commit)) == 0)
			error = fn(&info, arg);
		git_commit_free(commit);
		if (error != 0)
			break;
	}
	git_revwalk_free(walk);
	tend_buf_free(&message);
	return error == GIT_ITEROVER ? 0 : error;
}

int
tend_store_commit_signature(struct tend_buf *signature,
    struct tend_buf *signed_data, struct tend_store *store,
    const char *commit)
{
	git_buf	sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	git_oid	oid;
	int	error;

	if (git_oid_fromstr(&oid, commit) < 0)
		return tend_error_set(TEND_EINVALID, "'%s' is not a commit id",
		    commit);
	error = git_commit_extract_signature(&sig, &data, store->repo, &oid,
	    NULL);
	if (error == GIT_ENOTFOUND)
		error = tend_error_set(TEND_ENOTFOUND, "commit %.7s is not "
		    "signed", commit);
	else if (error < 0)
		error = store_fail(error, "cannot read commit %.7s", commit);
	else if ((error = tend_buf_put(signature, sig.ptr, sig.size)) == 0)
		error = tend_buf_put(signed_data, data.ptr, data.size);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return error;
}

int
tend_store_trailers(const char *message,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	git_message_trailer_array	trailers;
	size_t				i;
	int				error;

	memset(&trailers, 0, sizeof(trailers));
	if ((error = git_message_trailers(&trailers, message)) < 0)
		return store_fail(error, "cannot read a commit message");
	for (i = 0, error = 0; i < trailers.count && error == 0; i++)
		error = fn(trailers.trailers[i].key, trailers.trailers[i].value,
		    arg);
	git_message_trailer_array_free(&trailers);
	return error;
}

struct patch_out {
	struct tend_buf	*out;
	int		 error;
};

static int
patch_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
    const git_diff_line *line, void *arg)
{
	struct patch_out	*patch = arg;

	(void)delta;
	(void)hunk;
	if (line->origin == GIT_DIFF_LINE_CONTEXT ||
	    line->origin == GIT_DIFF_LINE_ADDITION ||
	    line->origin == GIT_DIFF_LINE_DELETION)
		patch->error = tend_buf_put(patch->out, &line->origin, 1);
	if (patch->error == 0)
		patch->error = tend_buf_put(patch->out, line->content,
		    line->content_len);
	return patch->error < 0 ? -1 : 0;
}

int
tend_store_unified(struct tend_buf *out, const char *old, size_t oldlen,
    const char *new, size_t newlen, const char *path)
{
	struct patch_out	 patch = { out, 0 };
	git_patch		*p;
	int			 error;

	if ((error = git_patch_from_buffers(&p, old, oldlen, path, new,
	    newlen, path, NULL)) < 0)
		return store_fail(error, "cannot compare two texts");
	error = git_patch_print(p, patch_line, &patch);
	git_patch_free(p);
	if (patch.error < 0)
		return patch.error;
	return error < 0 ? store_fail(error, "cannot print a diff") : 0;
}

int
tend_store_commit_parents(time_t *time, char (**parents)[TEND_OID_SIZE],
    size_t *count, struct tend_store *store, const char *id)
{
	git_commit	*commit;
	git_oid		 oid;
	unsigned int	 p, n;
	int		 error;

	*parents = NULL;
	*count = 0;
	if (git_oid_fromstr(&oid, id) < 0)
		return tend_error_set(TEND_EINVALID, "'%s' is not a commit id",
		    id);
	if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0)
		return store_fail(error, "cannot read commit %.7s", id);
	*time = (time_t)git_commit_time(commit);
	/* As many as tend_store_walk_folder tells of. */
	if ((n = git_commit_parentcount(commit)) > MAX_PARENTS)
		n = MAX_PARENTS;
	if (n != 0 && (*parents = calloc(n, sizeof(**parents))) == NULL) {
		git_commit_free(commit);
		return tend_error_nomem();
	}
	for (p = 0; p < n; p++)
		git_oid_tostr((*parents)[p], TEND_OID_SIZE,
		    git_commit_parent_id(commit, p));
	*count = n;
	git_commit_free(commit);
	return 0;
}

int
tend_store_contains(struct tend_store *store, const char *descendant,
    const char *ancestor)
{
	git_oid	a, d;

	if (git_oid_fromstr(&a, ancestor) < 0 ||
	    git_oid_fromstr(&d, descendant) < 0)
		return 0;
	return git_oid_equal(&a, &d) ||
	    git_graph_descendant_of(store->repo, &d, &a) == 1;
}

int
tend_store_first_commit(char out[TEND_OID_SIZE], struct tend_store *store)
{
	git_revwalk	*walk;
	git_oid		 oid;
	int		 error;

	out[0] = '\0';
	if ((error = git_revwalk_new(&walk, store->repo)) < 0 ||
	    (error = git_revwalk_push_head(walk)) < 0) {
		git_revwalk_free(walk);
		return store_fail(error, "cannot walk the history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (git_revwalk_next(&oid, walk) == 0)
		git_oid_tostr(out, TEND_OID_SIZE, &oid);
	git_revwalk_free(walk);
	return 0;
}

int
tend_store_ref_reaching(char **out, struct tend_store *store,
    const char *commit)
{
	git_reference_iterator	*refs;
	git_reference		*ref;
	git_oid			 target;
	int			 error, found = 0;

	if (git_oid_fromstr(&target, commit) < 0)
		return tend_error_set(TEND_EINVALID, "'%s' is not a commit id",
		    commit);
	if ((error = git_reference_iterator_new(&refs, store->repo)) < 0)
		return store_fail(error, "cannot list the refs");
	while (!found && (error = git_reference_next(&ref, refs)) == 0) {
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    (git_oid_equal(git_reference_target(ref), &target) ||
		    git_graph_descendant_of(store->repo,
		    git_reference_target(ref), &target) == 1))
			found = (*out = strdup(git_reference_name(ref))) !=
			    NULL ? 1 : -1;
		git_reference_free(ref);
	}
	git_reference_iterator_free(refs);
	if (found < 0)
		return tend_error_nomem();
	if (found)
		return 0;
	if (error != GIT_ITEROVER)
		return store_fail(error, "cannot list the refs");
	return tend_error_set(TEND_ENOTFOUND, "no ref reaches '%s'", commit);
}
