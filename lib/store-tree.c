/*
 * Comparing and merging trees by their ids.  A subtree with the same id
 * on both sides is the same, so it is never opened: the cost follows what
 * changed, not how many years the journal holds.  libgit2's tree diff and
 * its merge (through a whole index) read every entry of both trees, which
 * made a sync grow with the journal's age where git's does not.
 */

#include <git2.h>

#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

static int	diff_level(struct tend_buf *, git_repository *,
		    const git_tree *, const git_tree *, store_tree_change_fn,
		    void *);
static int	diff_entries(struct tend_buf *, git_repository *,
		    const git_tree_entry *, const git_tree_entry *,
		    store_tree_change_fn, void *);
static int	merge_level(git_oid *, int *, git_repository *,
		    const git_tree *, const git_tree *, const git_tree *);
static int	merge_name(git_treebuilder *, git_repository *, const char *,
		    const git_tree_entry *, const git_tree_entry *,
		    const git_tree_entry *);

/* Whether A and B are the same entry, or both absent. */
static int
same(const git_tree_entry *a, const git_tree_entry *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return git_tree_entry_filemode(a) == git_tree_entry_filemode(b) &&
	    git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b));
}

static int
is_tree(const git_tree_entry *entry)
{
	return entry != NULL && git_tree_entry_type(entry) == GIT_OBJECT_TREE;
}

/* The tree ENTRY names, or NULL for none. */
static int
subtree(git_tree **out, git_repository *repo, const git_tree_entry *entry)
{
	*out = NULL;
	if (entry == NULL)
		return 0;
	return git_tree_lookup(out, repo, git_tree_entry_id(entry));
}

int
store_tree_diff(git_repository *repo, const git_tree *old,
    const git_tree *new, store_tree_change_fn fn, void *arg)
{
	struct tend_buf	 path = TEND_BUF_INIT;
	int		 error;

	if ((error = tend_buf_puts(&path, "")) == 0)
		error = diff_level(&path, repo, old, new, fn, arg);
	tend_buf_free(&path);
	return error;
}

/* OLD and NEW (either may be NULL: empty), whose entries are in PATH. */
static int
diff_level(struct tend_buf *path, git_repository *repo, const git_tree *old,
    const git_tree *new, store_tree_change_fn fn, void *arg)
{
	const git_tree_entry	*a, *b;
	size_t			 i = 0, j = 0;
	size_t			 na = old != NULL ? git_tree_entrycount(old) : 0;
	size_t			 nb = new != NULL ? git_tree_entrycount(new) : 0;
	int			 cmp, error = 0;

	/* Both lists are in git's order, so one pass pairs them. */
	while (error == 0 && (i < na || j < nb)) {
		a = i < na ? git_tree_entry_byindex(old, i) : NULL;
		b = j < nb ? git_tree_entry_byindex(new, j) : NULL;
		cmp = a == NULL ? 1 : b == NULL ? -1 : git_tree_entry_cmp(a, b);
		if (cmp < 0) {
			error = diff_entries(path, repo, a, NULL, fn, arg);
			i++;
		} else if (cmp > 0) {
			error = diff_entries(path, repo, NULL, b, fn, arg);
			j++;
		} else {
			if (!same(a, b))
				error = diff_entries(path, repo, a, b, fn, arg);
			i++;
			j++;
		}
	}
	return error;
}

/*
 * A and B, of one name in PATH and of one kind when both are given; a
 * tree is gone through, so FN hears of files only.
 */
static int
diff_entries(struct tend_buf *path, git_repository *repo,
    const git_tree_entry *a, const git_tree_entry *b,
    store_tree_change_fn fn, void *arg)
{
	const git_tree_entry	*either = a != NULL ? a : b;
	git_tree		*old = NULL, *new = NULL;
	size_t			 len = path->len;
	int			 error;

	if ((error = tend_buf_puts(path, git_tree_entry_name(either))) < 0)
		return error;
	if (!is_tree(either))
		error = fn(path->data, a, b, arg);
	else if ((error = subtree(&old, repo, a)) < 0 ||
	    (error = subtree(&new, repo, b)) < 0)
		error = store_fail(error, "cannot read '%s'", path->data);
	else if ((error = tend_buf_puts(path, "/")) == 0)
		error = diff_level(path, repo, old, new, fn, arg);
	git_tree_free(old);
	git_tree_free(new);
	path->len = len;
	path->data[len] = '\0';
	return error;
}

int
store_tree_merge(git_oid *out, git_repository *repo, const git_tree *base,
    const git_tree *ours, const git_tree *theirs)
{
	int	 empty, error;

	/* Settled first without writing, so that a merge that needs the
	 * full one leaves no folder of it behind (git fsck: dangling). */
	if ((error = merge_level(NULL, &empty, repo, base, ours, theirs)) != 0)
		return error;
	return merge_level(out, &empty, repo, base, ours, theirs);
}

/*
 * OURS and THEIRS merged against BASE (NULL: none) into *OUT, or 1 when a
 * name changed on both sides.  *EMPTY tells that nothing is left.  With
 * OUT NULL, only whether they can be: nothing is written.
 */
static int
merge_level(git_oid *out, int *empty, git_repository *repo,
    const git_tree *base, const git_tree *ours, const git_tree *theirs)
{
	git_treebuilder		*builder = NULL;
	const git_tree_entry	*b, *t;
	const char		*name;
	size_t			 i;
	int			 error = 0;

	if (out != NULL && (error = git_treebuilder_new(&builder, repo,
	    ours)) < 0)
		return store_fail(error, "cannot merge");
	/* What only ours holds is already in; each name theirs or the
	 * base holds is settled once. */
	for (i = 0; error == 0 && i < git_tree_entrycount(theirs); i++) {
		t = git_tree_entry_byindex(theirs, i);
		name = git_tree_entry_name(t);
		error = merge_name(builder, repo, name, base != NULL ?
		    git_tree_entry_byname(base, name) : NULL,
		    git_tree_entry_byname(ours, name), t);
	}
	for (i = 0; error == 0 && base != NULL &&
	    i < git_tree_entrycount(base); i++) {
		b = git_tree_entry_byindex(base, i);
		name = git_tree_entry_name(b);
		if (git_tree_entry_byname(theirs, name) == NULL)
			error = merge_name(builder, repo, name, b,
			    git_tree_entry_byname(ours, name), NULL);
	}
	if (error == 0 && builder != NULL) {
		*empty = git_treebuilder_entrycount(builder) == 0;
		if ((error = git_treebuilder_write(out, builder)) < 0)
			error = store_fail(error, "cannot write the merge");
	}
	git_treebuilder_free(builder);
	return error;
}

/*
 * NAME as the base (B), ours (O) and theirs (T) hold it, into BUILDER, or
 * with BUILDER NULL only whether it can be merged.
 */
static int
merge_name(git_treebuilder *builder, git_repository *repo, const char *name,
    const git_tree_entry *b, const git_tree_entry *o, const git_tree_entry *t)
{
	git_tree	*base = NULL, *ours = NULL, *theirs = NULL;
	git_oid		 merged;
	int		 empty, error;

	/* Ours is what the builder holds already. */
	if (same(o, t) || same(b, t))
		return 0;
	if (same(b, o)) {
		if (builder == NULL)
			return 0;
		if (t == NULL)
			error = git_treebuilder_remove(builder, name);
		else
			error = git_treebuilder_insert(NULL, builder, name,
			    git_tree_entry_id(t), git_tree_entry_filemode(t));
		return error < 0 ? store_fail(error, "cannot merge") : 0;
	}
	/* Changed on both sides: only two folders can still be merged. */
	if (!is_tree(o) || !is_tree(t) || (b != NULL && !is_tree(b)))
		return 1;
	if ((error = subtree(&base, repo, b)) < 0 ||
	    (error = subtree(&ours, repo, o)) < 0 ||
	    (error = subtree(&theirs, repo, t)) < 0)
		error = store_fail(error, "cannot read '%s'", name);
	else if ((error = merge_level(builder != NULL ? &merged : NULL,
	    &empty, repo, base, ours, theirs)) == 0 && builder != NULL) {
		error = empty ? git_treebuilder_remove(builder, name) :
		    git_treebuilder_insert(NULL, builder, name, &merged,
		    GIT_FILEMODE_TREE);
		if (error < 0)
			error = store_fail(error, "cannot merge");
	}
	git_tree_free(base);
	git_tree_free(ours);
	git_tree_free(theirs);
	return error;
}
