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

static void	describe(struct tend_commit *, git_commit *);
static int	start_walk(git_revwalk **, struct tend_store *, const char *);
static int	folder_of(git_tree **, git_commit *, const char *);
static void	changes_free(struct tend_file_change *, size_t);
static const git_oid *blob_named(git_tree *, const char *);
static int	same_blob(const git_oid *, const git_oid *);
static int	folder_changes(struct tend_file_change **, size_t *,
		    git_commit *, const char *);
static int	patch_line(const git_diff_delta *, const git_diff_hunk *,
		    const git_diff_line *, void *);

static int	top_blob(char [TEND_OID_SIZE], const git_commit *,
		    const char *);
static int	add_change(struct tend_file_change **, size_t *,
		    const char *, const git_oid *);
static int	chosen_sides(struct tend_file_change **, size_t *,
		    git_commit *, const char *, git_tree *, git_tree *[2]);

/* What a walk tells about one commit. */
static void
describe(struct tend_commit *info, git_commit *commit)
{
	const git_signature	*author = git_commit_author(commit);

	memset(info, 0, sizeof(*info));
	git_oid_tostr(info->id, sizeof(info->id), git_commit_id(commit));
	info->author_name = author->name;
	info->author_email = author->email;
	info->time = (time_t)author->when.time;
	info->offset = author->when.offset;
	info->message = git_commit_message(commit);
	info->parents = git_commit_parentcount(commit);
}

/* A walk of HEAD's history without KNOWN's; 1 when HEAD is unborn. */
static int
start_walk(git_revwalk **out, struct tend_store *store, const char *known)
{
	git_revwalk	*walk;
	git_oid		 oid;
	int		 error;

	if ((error = git_revwalk_new(&walk, store->repo)) < 0)
		return store_fail(error, "cannot walk the history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
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

/* The top-level folder DIR of COMMIT's tree, or NULL when it has none. */
static int
folder_of(git_tree **out, git_commit *commit, const char *dir)
{
	const git_tree_entry	*entry;
	git_tree		*tree;
	int			 error;

	*out = NULL;
	if ((error = git_commit_tree(&tree, commit)) < 0)
		return store_fail(error, "cannot read a commit's tree");
	entry = git_tree_entry_byname(tree, dir);
	if (entry != NULL && git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
	    (error = git_tree_lookup(out, git_commit_owner(commit),
	    git_tree_entry_id(entry))) < 0)
		error = store_fail(error, "cannot read '%s'", dir);
	git_tree_free(tree);
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
 * What COMMIT changed in folder DIR: each file whose blob differs from
 * its blob in every parent, as describe() decides for one path.  Most
 * commits leave the folder's tree as a parent had it, and are done with
 * one comparison of ids.
 */
static int
folder_changes(struct tend_file_change **changes, size_t *count,
    git_commit *commit, const char *dir)
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

int
tend_store_walk_folder(struct tend_store *store, const char *dir,
    const char *known, int (*fn)(const struct tend_commit *,
    const struct tend_file_change *, size_t, void *), void *arg)
{
	struct tend_commit	 info;
	struct tend_file_change	*changes = NULL;
	git_revwalk		*walk = NULL;
	git_commit		*commit;
	git_oid			 oid;
	size_t			 count = 0;
	int			 error;

	if ((error = start_walk(&walk, store, known)) != 0)
		return error > 0 ? 0 : error;
	while ((error = git_revwalk_next(&oid, walk)) == 0) {
		if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0) {
			error = store_fail(error, "cannot read a commit");
			break;
		}
		describe(&info, commit);
		if ((error = folder_changes(&changes, &count, commit,
		    dir)) == 0)
			error = fn(&info, changes, count, arg);
		git_commit_free(commit);
		if (error != 0)
			break;
	}
	git_revwalk_free(walk);
	changes_free(changes, count);
	if (error == GIT_ITEROVER)
		return 0;
	return error > 0 ? 0 : error;
}

/* The blob of top-level file NAME in COMMIT, or "" when it has none. */
static int
top_blob(char out[TEND_OID_SIZE], const git_commit *commit, const char *name)
{
	git_tree		*tree;
	const git_tree_entry	*entry;
	int			 error;

	out[0] = '\0';
	if ((error = git_commit_tree(&tree, commit)) < 0)
		return store_fail(error, "cannot read a commit's tree");
	if ((entry = git_tree_entry_byname(tree, name)) != NULL &&
	    git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
		git_oid_tostr(out, TEND_OID_SIZE, git_tree_entry_id(entry));
	git_tree_free(tree);
	return 0;
}

int
tend_store_file_commits(struct tend_store *store, const char *target,
    const char *since, const char *name,
    int (*fn)(const struct tend_commit *, const char *,
    const char (*)[TEND_OID_SIZE], size_t, void *), void *arg)
{
	struct tend_commit	  info;
	git_revwalk		 *walk = NULL;
	git_commit		 *commit = NULL, *parent;
	git_object		 *base = NULL;
	git_oid			  oid;
	char			  blob[TEND_OID_SIZE], (*parents)[TEND_OID_SIZE];
	size_t			  i, count;
	int			  error, changed;

	if ((error = git_oid_fromstr(&oid, target)) < 0 ||
	    (error = git_revwalk_new(&walk, store->repo)) < 0 ||
	    (error = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE)) < 0 ||
	    (error = git_revwalk_push(walk, &oid)) < 0 ||
	    (error = git_revparse_single(&base, store->repo, since)) < 0 ||
	    (error = git_revwalk_hide(walk, git_object_id(base))) < 0) {
		git_object_free(base);
		git_revwalk_free(walk);
		return store_fail(error, "cannot walk the commits to take in");
	}
	git_object_free(base);
	while ((error = git_revwalk_next(&oid, walk)) == 0) {
		if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0) {
			error = store_fail(error, "cannot read a commit");
			break;
		}
		count = git_commit_parentcount(commit);
		if ((parents = calloc(count != 0 ? count : 1,
		    sizeof(*parents))) == NULL) {
			error = tend_error_nomem();
			break;
		}
		error = top_blob(blob, commit, name);
		/* Changed only if it differs from every parent's version. */
		for (i = 0, changed = 1; i < count && error == 0; i++) {
			if ((error = git_commit_parent(&parent, commit,
			    (unsigned int)i)) < 0) {
				error = store_fail(error, "cannot read a commit");
				break;
			}
			error = top_blob(parents[i], parent, name);
			git_commit_free(parent);
			changed = changed && strcmp(parents[i], blob) != 0;
		}
		if (error == 0 && changed && count != 0) {
			describe(&info, commit);
			error = fn(&info, blob, (const char (*)[TEND_OID_SIZE])
			    parents, count, arg);
		}
		free(parents);
		git_commit_free(commit);
		if (error != 0)
			break;
	}
	git_revwalk_free(walk);
	return error == GIT_ITEROVER ? 0 : error;
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
