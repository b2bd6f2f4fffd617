/*
 * Reading what HEAD and other commits hold: files, folders, blobs, and
 * which branch and commit HEAD is.
 */

#include <git2.h>

#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

struct list_walk {
	struct tend_store	*store;
	git_repository		*repo;
	const char		*dir;
	enum tend_list_what	 what;
	int			(*skip)(const char *, int, void *);
	/* Given each folder's tree id, in tend_store_list_ids. */
	int			(*folder)(const char *, const char *, void *);
	int			(*fn)(const char *, const char *, size_t,
				    void *);
	void			*arg;
	int			 error;
	struct tend_buf		 path;
	struct tend_buf		 text;		/* the file read, opened */
};

static int	list_cb(const char *, const git_tree_entry *, void *);
static int	blob_text(char **, size_t *, struct tend_store *, const char *,
		    git_blob *);
static int	blob_in_tree(char [GIT_OID_HEXSZ + 1], git_tree *,
		    const char *);
static int	newest_walk(struct tend_store *, const struct store_tree *,
		    struct tend_buf *, int (*)(const char *, int, void *),
		    void *);

/* HEAD's commit and tree; both NULL on an unborn branch. */
int
store_head_tree(git_tree **tree, git_commit **commit, struct tend_store *store)
{
	git_oid	oid;
	int	error;

	*tree = NULL;
	*commit = NULL;
	error = git_reference_name_to_id(&oid, store->repo, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return 0;
	if (error < 0)
		return store_fail(error, "cannot resolve HEAD");
	if ((error = git_commit_lookup(commit, store->repo, &oid)) < 0)
		return store_fail(error, "cannot read HEAD");
	if ((error = git_commit_tree(tree, *commit)) < 0) {
		git_commit_free(*commit);
		*commit = NULL;
		return store_fail(error, "cannot read HEAD's tree");
	}
	return 0;
}


/* BLOB, the file PATH, as a string of its own: opened if sealed. */
static int
blob_text(char **out, size_t *len, struct tend_store *store, const char *path,
    git_blob *blob)
{
	struct tend_buf	text = TEND_BUF_INIT;
	int		error;

	if ((error = store_unseal(&text, store, path, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob))) < 0 ||
	    (error = tend_buf_grow(&text, 0)) < 0) {
		tend_buf_free(&text);
		return error;
	}
	*len = text.len;
	*out = tend_buf_detach(&text);
	return 0;
}

int
tend_store_read(char **out, size_t *outlen, struct tend_store *store,
    const char *path)
{
	git_tree	*tree;
	git_commit	*commit;
	git_tree_entry	*entry = NULL;
	git_blob	*blob = NULL;
	int		 error;

	if ((error = store_head_tree(&tree, &commit, store)) < 0)
		return error;
	if (tree == NULL)
		return tend_error_set(TEND_ENOTFOUND, "'%s' is not committed",
		    path);
	if ((error = git_tree_entry_bypath(&entry, tree, path)) < 0 ||
	    (error = git_blob_lookup(&blob, store->repo,
	    git_tree_entry_id(entry))) < 0) {
		error = store_fail(error, "cannot read '%s'", path);
		goto out;
	}
	error = blob_text(out, outlen, store, path, blob);
out:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	return error;
}

static int
list_cb(const char *root, const git_tree_entry *entry, void *arg)
{
	struct list_walk	*walk = arg;
	git_blob		*blob = NULL;
	git_object_t		 type = git_tree_entry_type(entry);
	int			 error;

	if (type != GIT_OBJECT_BLOB && type != GIT_OBJECT_TREE)
		return 0;
	/* Asked for each of thousands of files: no printf. */
	walk->path.len = 0;
	if ((walk->error = tend_buf_puts(&walk->path, walk->dir)) < 0 ||
	    (walk->dir[0] != '\0' &&
	    (walk->error = tend_buf_puts(&walk->path, "/")) < 0) ||
	    (walk->error = tend_buf_puts(&walk->path, root)) < 0 ||
	    (walk->error = tend_buf_puts(&walk->path,
	    git_tree_entry_name(entry))) < 0)
		return -1;
	/* A positive return skips a folder's contents: nothing is read. */
	if (walk->skip != NULL && walk->skip(walk->path.data,
	    type == GIT_OBJECT_TREE, walk->arg))
		return 1;
	if (type == GIT_OBJECT_TREE && walk->folder != NULL) {
		char	id[GIT_OID_HEXSZ + 1];

		git_oid_tostr(id, sizeof(id), git_tree_entry_id(entry));
		if ((error = walk->folder(walk->path.data, id,
		    walk->arg)) < 0) {
			walk->error = error;
			return -1;
		}
		return error > 0;
	}
	if (type == GIT_OBJECT_TREE)
		return 0;
	if (walk->what == TEND_LIST_CONTENT && (error = git_blob_lookup(&blob,
	    walk->repo, git_tree_entry_id(entry))) < 0) {
		walk->error = store_fail(error, "cannot read '%s'",
		    walk->path.data);
		return -1;
	}
	walk->text.len = 0;
	/* Its id alone, for a caller that reads only what changed. */
	if (walk->what == TEND_LIST_IDS) {
		char	id[GIT_OID_HEXSZ + 1];

		git_oid_tostr(id, sizeof(id), git_tree_entry_id(entry));
		walk->error = walk->fn(walk->path.data, id, GIT_OID_HEXSZ,
		    walk->arg);
		return walk->error < 0 ? -1 : 0;
	}
	if (blob != NULL && (walk->error = store_unseal(&walk->text,
	    walk->store, walk->path.data, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob))) < 0) {
		git_blob_free(blob);
		return -1;
	}
	walk->error = walk->fn(walk->path.data, blob != NULL ?
	    (walk->text.data != NULL ? walk->text.data : "") : NULL,
	    walk->text.len, walk->arg);
	git_blob_free(blob);
	return walk->error < 0 ? -1 : 0;
}

int
tend_store_list(struct tend_store *store, const char *dir,
    enum tend_list_what what,
    int (*fn)(const char *, const char *, size_t, void *), void *arg)
{
	return tend_store_list_pruned(store, dir, what, NULL, fn, arg);
}

/* The folder DIR of HEAD's tree ("": all of it), or NULL where none is. */
static int
head_folder(git_tree **out, struct tend_store *store, const char *dir)
{
	git_tree	*tree;
	git_commit	*commit;
	git_tree_entry	*entry;
	int		 error;

	*out = NULL;
	if ((error = store_head_tree(&tree, &commit, store)) < 0 ||
	    tree == NULL)
		return error;
	git_commit_free(commit);
	if (dir[0] == '\0') {
		*out = tree;
		return 0;
	}
	if ((error = git_tree_entry_bypath(&entry, tree, dir)) == 0) {
		if (git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
		    (error = git_tree_lookup(out, store->repo,
		    git_tree_entry_id(entry))) < 0)
			error = store_fail(error, "cannot read '%s'", dir);
		git_tree_entry_free(entry);
	} else if (error == GIT_ENOTFOUND)
		error = 0;
	else
		error = store_fail(error, "cannot read '%s'", dir);
	git_tree_free(tree);
	return error;
}

/* The walk WALK describes, of its folder DIR at HEAD. */
static int
list_walk(struct list_walk *walk)
{
	git_tree	*folder;
	int		 error;

	if ((error = head_folder(&folder, walk->store, walk->dir)) < 0 ||
	    folder == NULL)
		return error;
	error = git_tree_walk(folder, GIT_TREEWALK_PRE, list_cb, walk);
	if (walk->error < 0)
		error = walk->error;
	else if (error < 0)
		error = store_fail(error, "cannot read '%s'", walk->dir);
	tend_buf_free(&walk->path);
	tend_buf_free(&walk->text);
	git_tree_free(folder);
	return error;
}

int
tend_store_list_pruned(struct tend_store *store, const char *dir,
    enum tend_list_what what, int (*skip)(const char *, int, void *),
    int (*fn)(const char *, const char *, size_t, void *), void *arg)
{
	struct list_walk	 walk = { store, store->repo, dir, what, skip,
				    NULL, fn, arg, 0, TEND_BUF_INIT,
				    TEND_BUF_INIT };

	return list_walk(&walk);
}

int
tend_store_list_ids(struct tend_store *store, const char *dir,
    int (*folder)(const char *, const char *, void *),
    int (*fn)(const char *, const char *, size_t, void *), void *arg)
{
	struct list_walk	 walk = { store, store->repo, dir, TEND_LIST_IDS,
				    NULL, folder, fn, arg, 0, TEND_BUF_INIT,
				    TEND_BUF_INIT };

	return list_walk(&walk);
}

/*
 * TREE's entries, last name first, under the folder PATH names; PATH is
 * grown for each entry and cut back after it, so that a walk of years
 * formats no path twice.  The trees' names come from store-trees.c, so
 * that a past month's folder is not inflated again on each walk.
 */
static int
newest_walk(struct tend_store *store, const struct store_tree *tree,
    struct tend_buf *path, int (*fn)(const char *, int, void *), void *arg)
{
	const struct store_tree_entry	*entry;
	const struct store_tree		*subtree;
	size_t				 i, len = path->len;
	int				 error = 0;

	for (i = tree->count; i-- > 0 && error == 0;) {
		entry = &tree->entries[i];
		path->len = len;
		if ((error = tend_buf_puts(path, "/")) < 0 ||
		    (error = tend_buf_puts(path, entry->name)) < 0)
			break;
		error = fn(path->data, entry->is_tree, arg);
		if (error == TEND_LIST_SKIP)
			error = 0;
		else if (error == 0 && entry->is_tree) {
			if ((error = store_tree_names(&subtree, store,
			    &entry->id, NULL, path->data)) < 0)
				break;
			error = newest_walk(store, subtree, path, fn, arg);
		}
	}
	path->len = len;
	if (path->data != NULL)
		path->data[len] = '\0';
	return error;
}

int
tend_store_list_newest(struct tend_store *store, const char *dir,
    int (*fn)(const char *, int, void *), void *arg)
{
	struct tend_buf		 path = TEND_BUF_INIT;
	const struct store_tree	*names;
	git_tree		*folder;
	int			 error;

	if ((error = head_folder(&folder, store, dir)) < 0 || folder == NULL)
		return error;
	if ((error = store_tree_names(&names, store, git_tree_id(folder),
	    folder, dir)) == 0 && (error = tend_buf_puts(&path, dir)) == 0 &&
	    (error = newest_walk(store, names, &path, fn, arg)) ==
	    TEND_LIST_STOP)
		error = 0;
	tend_buf_free(&path);
	git_tree_free(folder);
	return error;
}

/* The id of the blob at PATH in TREE, or "" when there is none. */
static int
blob_in_tree(char out[GIT_OID_HEXSZ + 1], git_tree *tree, const char *path)
{
	git_tree_entry	*entry;
	int		 error;

	out[0] = '\0';
	error = git_tree_entry_bypath(&entry, tree, path);
	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0)
		return store_fail(error, "cannot read '%s'", path);
	if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	return 0;
}

int
tend_store_blob(char out[TEND_OID_SIZE], char commit_id[TEND_OID_SIZE],
    struct tend_store *store, const char *rev, const char *path)
{
	git_object	*object;
	git_commit	*commit;
	git_tree	*tree;
	int		 error;

	if ((error = git_revparse_single(&object, store->repo, rev)) < 0)
		return tend_error_set(TEND_ENOTFOUND, "no revision '%s'", rev);
	error = git_object_peel((git_object **)&commit, object,
	    GIT_OBJECT_COMMIT);
	git_object_free(object);
	if (error < 0)
		return tend_error_set(TEND_ENOTFOUND, "'%s' is not a commit",
		    rev);
	git_oid_tostr(commit_id, GIT_OID_HEXSZ + 1, git_commit_id(commit));
	if ((error = git_commit_tree(&tree, commit)) == 0) {
		error = blob_in_tree(out, tree, path);
		git_tree_free(tree);
	} else
		error = store_fail(error, "cannot read '%s'", rev);
	git_commit_free(commit);
	return error;
}

int
store_blob_by_id(git_blob **blob, struct tend_store *store, const char *id)
{
	git_oid	oid;
	int	error;

	if (git_oid_fromstr(&oid, id) < 0)
		return tend_error_set(TEND_EINVALID, "'%s' is not an object id",
		    id);
	if ((error = git_blob_lookup(blob, store->repo, &oid)) < 0)
		return store_fail(error, "cannot read object %s", id);
	return 0;
}

int
tend_store_read_blob(char **out, size_t *len, struct tend_store *store,
    const char *id)
{
	return tend_store_read_blob_at(out, len, store, id, id);
}

int
tend_store_read_blob_at(char **out, size_t *len, struct tend_store *store,
    const char *id, const char *path)
{
	git_blob	*blob;
	int		 error;

	if ((error = store_blob_by_id(&blob, store, id)) < 0)
		return error;
	error = blob_text(out, len, store, path, blob);
	git_blob_free(blob);
	return error;
}

int
tend_store_blob_id(char out[TEND_OID_SIZE], struct tend_store *store,
    const char *path, const char *data, size_t len)
{
	struct tend_buf	sealed = TEND_BUF_INIT;
	git_oid		oid;
	int		error;

	/* A sealed journal keeps the text's sealed bytes: their id. */
	if (store != NULL && store->cipher != NULL &&
	    tend_layout_is_sealed(path)) {
		if ((error = store_seal(&sealed, store, path, data, len)) < 0)
			return error;
		data = sealed.data;
		len = sealed.len;
	}
	error = git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB);
	tend_buf_free(&sealed);
	if (error < 0)
		return store_fail(error, "cannot hash a text");
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
	return 0;
}

int
tend_store_branch(char **out, struct tend_store *store)
{
	git_reference	*head;
	const char	*name;
	int		 error;

	if ((error = git_reference_lookup(&head, store->repo, "HEAD")) < 0)
		return store_fail(error, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    strncmp((name = git_reference_symbolic_target(head)),
	    "refs/heads/", 11) != 0) {
		git_reference_free(head);
		return tend_error_set(TEND_EINVALID, "HEAD is detached (not on "
		    "a branch) in '%s'; run 'git switch BRANCH' first",
		    store->workdir);
	}
	*out = strdup(name + 11);
	git_reference_free(head);
	return *out != NULL ? 0 : tend_error_nomem();
}

int
tend_store_head(char out[TEND_OID_SIZE], struct tend_store *store)
{
	git_oid	oid;
	int	error;

	out[0] = '\0';
	error = git_reference_name_to_id(&oid, store->repo, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return 0;
	if (error < 0)
		return store_fail(error, "cannot resolve HEAD");
	git_oid_tostr(out, TEND_OID_SIZE, &oid);
	return 0;
}
