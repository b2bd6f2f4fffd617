/*
 * Taking a partner's commits in: how two branches relate, fast-forward
 * and merge that keep both sides, the work tree brought along safely, and
 * what a sync would send out.
 */

#include <sys/stat.h>

#include <git2.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-internal.h"

#define HASH_DEPTH_MAX	32	/* deeper folders: the index is diffed */

static int	close_folder(struct tend_buf *, const struct tend_buf *,
		    const size_t *, size_t);
static int	put_entry(struct tend_buf *, const git_index_entry *,
		    const char *);
static int	index_is_head(int *, git_repository *, git_index *);
static int	diff_paths(git_strarray *, const git_diff *);
static int	checkout_then_move(struct tend_store *, const git_oid *,
		    git_commit *, const char *);
static int	can_redo_checkout(int *, struct tend_store *, const char *,
		    const git_diff_delta *);
static int	move_branch(struct tend_store *, const git_oid *,
		    const git_oid *, const char *);
static int	read_update(int *, git_oid *, git_oid *, struct tend_store *);
static int	has_bad_name(const char *);
static int	keep_both_sides(git_index *, struct tend_store *, const char *,
		    const git_index_entry *, const git_index_entry *,
		    const git_index_entry *, const char *, const char *);

int
tend_store_relation(enum tend_relation *relation, char theirs[TEND_OID_SIZE],
    struct tend_store *store, const char *remote, const char *branch)
{
	struct tend_buf	 ref = TEND_BUF_INIT;
	git_oid		 ours_oid, theirs_oid, base;
	size_t		 ahead, behind;
	int		 error;

	theirs[0] = '\0';
	if ((error = tend_buf_printf(&ref, "refs/remotes/%s/%s", remote,
	    branch)) < 0)
		return error;
	error = git_reference_name_to_id(&theirs_oid, store->repo, ref.data);
	tend_buf_free(&ref);
	if (error == GIT_ENOTFOUND) {
		*relation = TEND_REMOTE_EMPTY;
		return 0;
	}
	if (error < 0)
		return store_fail(error, "cannot read %s/%s", remote, branch);
	git_oid_tostr(theirs, TEND_OID_SIZE, &theirs_oid);
	if ((error = git_reference_name_to_id(&ours_oid, store->repo,
	    "HEAD")) < 0)
		return store_fail(error, "cannot resolve HEAD");
	if (git_oid_equal(&ours_oid, &theirs_oid)) {
		*relation = TEND_SAME;
		return 0;
	}
	error = git_merge_base(&base, store->repo, &ours_oid, &theirs_oid);
	if (error == GIT_ENOTFOUND) {
		*relation = TEND_UNRELATED;
		return 0;
	}
	if (error < 0 || (error = git_graph_ahead_behind(&ahead, &behind,
	    store->repo, &ours_oid, &theirs_oid)) < 0)
		return store_fail(error, "cannot compare with %s/%s", remote,
		    branch);
	*relation = behind == 0 ? TEND_AHEAD : ahead == 0 ? TEND_BEHIND :
	    TEND_DIVERGED;
	return 0;
}

int
tend_store_git_op_in_progress(struct tend_store *store)
{
	return git_repository_state(store->repo) != GIT_REPOSITORY_STATE_NONE;
}

int
tend_store_unmerged(struct tend_store *store,
    int (*fn)(const char *, void *), void *arg)
{
	git_index			*index;
	git_index_conflict_iterator	*it;
	const git_index_entry		*ancestor, *ours, *theirs;
	int				 error;

	if ((error = git_repository_index(&index, store->repo)) < 0)
		return store_fail(error, "cannot read the index");
	if ((error = git_index_conflict_iterator_new(&it, index)) < 0) {
		git_index_free(index);
		return store_fail(error, "cannot read the index");
	}
	while ((error = git_index_conflict_next(&ancestor, &ours, &theirs,
	    it)) == 0)
		if ((error = fn(ours != NULL ? ours->path : theirs != NULL ?
		    theirs->path : ancestor->path, arg)) != 0)
			break;
	git_index_conflict_iterator_free(it);
	git_index_free(index);
	return error == GIT_ITEROVER ? 0 : error;
}

/*
 * Hash the tree at DEPTH of TREES (FOLDER's first PREFIX[DEPTH] bytes
 * name it, with its slash) into the tree above it, as git writes an
 * entry of a folder.  libgcrypt's SHA-1 is several times as fast as
 * libgit2's, which looks for collision attacks on what others wrote.
 */
static int
close_folder(struct tend_buf *trees, const struct tend_buf *folder,
    const size_t *prefix, size_t depth)
{
	uint8_t		 id[TEND_SHA1_SIZE];
	struct tend_buf	*parent = &trees[depth - 1];
	int		 error;

	tend_git_object_id(id, "tree", trees[depth].data, trees[depth].len);
	if ((error = tend_buf_put(parent, "40000 ", 6)) < 0 ||
	    (error = tend_buf_put(parent, folder->data + prefix[depth - 1],
	    prefix[depth] - prefix[depth - 1] - 1)) < 0 ||
	    (error = tend_buf_put(parent, "", 1)) < 0)
		return error;
	return tend_buf_put(parent, (const char *)id, sizeof(id));
}

/* An index entry as git writes it in a tree: "MODE NAME", a NUL, the id. */
static int
put_entry(struct tend_buf *tree, const git_index_entry *entry,
    const char *name)
{
	char		 mode[16];
	size_t		 n = sizeof(mode);
	unsigned int	 bits = entry->mode;
	int		 error;

	/* Octal, without leading zeros, then a space. */
	mode[--n] = ' ';
	do {
		mode[--n] = (char)('0' + (bits & 7));
		bits >>= 3;
	} while (bits != 0 && n > 0);
	if ((error = tend_buf_put(tree, mode + n, sizeof(mode) - n)) < 0 ||
	    (error = tend_buf_put(tree, name, strlen(name) + 1)) < 0)
		return error;
	return tend_buf_put(tree, (const char *)entry->id.id, GIT_OID_RAWSZ);
}

/*
 * Whether INDEX holds HEAD's tree exactly, as git write-tree would find
 * it: the index's trees hashed from its entries, written nowhere, and
 * the root's id set against HEAD's tree.  A diff of HEAD against the
 * index reads every tree of HEAD instead, and libgit2 keeps the delta
 * bases it inflates for that until the pack is closed: megabytes, held
 * through all of a sync.  An index this cannot hash (a conflict, an
 * entry only meant to be added, folders deeper than HASH_DEPTH_MAX) is
 * not the same, and gets the diff.
 */
static int
index_is_head(int *same, git_repository *repo, git_index *index)
{
	struct tend_buf		 trees[HASH_DEPTH_MAX + 1];
	struct tend_buf		 folder = TEND_BUF_INIT;
	size_t			 prefix[HASH_DEPTH_MAX + 1];
	size_t			 depth = 0, i, n;
	const git_index_entry	*entry;
	const char		*slash;
	git_commit		*head = NULL;
	git_oid			 head_id;
	uint8_t			 root[TEND_SHA1_SIZE];
	int			 error = 0;

	*same = 0;
	for (i = 0; i <= HASH_DEPTH_MAX; i++)
		trees[i] = (struct tend_buf)TEND_BUF_INIT;
	prefix[0] = 0;
	/* No HEAD yet: the diff says what is staged. */
	if (git_reference_name_to_id(&head_id, repo, "HEAD") < 0 ||
	    git_index_has_conflicts(index))
		goto out;
	if ((error = git_commit_lookup(&head, repo, &head_id)) < 0) {
		error = store_fail(error, "cannot read HEAD");
		goto out;
	}
	/* The index is sorted by path, which is the order of git's trees. */
	n = git_index_entrycount(index);
	for (i = 0; i < n && error == 0; i++) {
		entry = git_index_get_byindex(index, i);
		if (entry->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD)
			goto out;
		while (depth > 0 && strncmp(entry->path, folder.data,
		    prefix[depth]) != 0 && error == 0)
			if ((error = close_folder(trees, &folder, prefix,
			    depth--)) == 0)
				folder.len = prefix[depth];
		while (error == 0 && (slash = strchr(entry->path +
		    prefix[depth], '/')) != NULL) {
			if (depth == HASH_DEPTH_MAX)
				goto out;
			depth++;
			prefix[depth] = (size_t)(slash - entry->path) + 1;
			trees[depth].len = 0;
			folder.len = 0;
			error = tend_buf_put(&folder, entry->path,
			    prefix[depth]);
		}
		if (error == 0)
			error = put_entry(&trees[depth], entry,
			    entry->path + prefix[depth]);
	}
	while (depth > 0 && error == 0)
		if ((error = close_folder(trees, &folder, prefix,
		    depth--)) == 0)
			folder.len = prefix[depth];
	if (error < 0)
		goto out;
	tend_git_object_id(root, "tree", trees[0].data != NULL ?
	    trees[0].data : "", trees[0].len);
	*same = memcmp(root, git_commit_tree_id(head)->id, sizeof(root)) == 0;
out:
	for (i = 0; i <= HASH_DEPTH_MAX; i++)
		tend_buf_free(&trees[i]);
	tend_buf_free(&folder);
	git_commit_free(head);
	return error;
}

int
tend_store_changes(struct tend_store *store,
    int (*fn)(const char *, void *), void *arg)
{
	git_status_options	 opts;
	git_status_list		*list;
	git_index		*index;
	const git_status_entry	*entry;
	const char		*path;
	size_t			 i;
	int			 error, same;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	/*
	 * As git status does, keep what was learned of files whose stat data
	 * had gone stale (after a copy, say), so that they are not read and
	 * hashed again the next time.
	 */
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_UPDATE_INDEX;
	if ((error = git_repository_index(&index, store->repo)) < 0)
		return store_fail(error, "cannot read the index");
	if ((error = git_index_read(index, 0)) < 0)
		error = store_fail(error, "cannot read the index");
	else
		error = index_is_head(&same, store->repo, index);
	git_index_free(index);
	if (error < 0)
		return error;
	/* Nothing staged: only the work tree is compared with the index. */
	if (same)
		opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	if ((error = git_status_list_new(&list, store->repo, &opts)) < 0)
		return store_fail(error, "cannot read the work tree's status");
	for (i = 0, error = 0; i < git_status_list_entrycount(list) &&
	    error == 0; i++) {
		entry = git_status_byindex(list, i);
		path = entry->head_to_index != NULL ?
		    entry->head_to_index->new_file.path :
		    entry->index_to_workdir->new_file.path;
		if (entry->status != GIT_STATUS_CURRENT &&
		    !(entry->status & GIT_STATUS_IGNORED))
			error = fn(path, arg);
	}
	git_status_list_free(list);
	return error;
}

/*
 * The path each delta of DIFF changes, in order (the old one for a file
 * removed), into PATHS, which borrows them from DIFF.
 */
static int
diff_paths(git_strarray *paths, const git_diff *diff)
{
	const git_diff_delta	*delta;
	size_t			 i, n = git_diff_num_deltas(diff);

	paths->count = 0;
	if (n > 0 && (paths->strings = calloc(n, sizeof(char *))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < n; i++) {
		delta = git_diff_get_delta(diff, i);
		paths->strings[paths->count++] = (char *)(delta->status ==
		    GIT_DELTA_DELETED ? delta->old_file.path :
		    delta->new_file.path);
	}
	return 0;
}

/*
 * Check NEW out, then move the branch from OLD to it.  A sync cut short
 * between the two (a kill, a failing disk) would leave the partner's
 * files in the work tree as if they were local changes, so the move is
 * written down first and the next tend_store_end_update ends it.
 */
/* Each path that differs, into the git_strarray ARG, which owns it. */
static int
collect_path(const char *path, const git_tree_entry *old,
    const git_tree_entry *new, void *arg)
{
	git_strarray	 *paths = arg;
	char		**grown;

	(void)old;
	(void)new;
	if ((grown = realloc(paths->strings, (paths->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	paths->strings = grown;
	if ((grown[paths->count] = strdup(path)) == NULL)
		return tend_error_nomem();
	paths->count++;
	return 0;
}

static int
checkout_then_move(struct tend_store *store, const git_oid *old,
    git_commit *new, const char *message)
{
	git_checkout_options	 opts;
	git_strarray		 paths = { NULL, 0 };
	git_commit		*old_commit = NULL;
	git_tree		*tree, *old_tree = NULL;
	char			 ids[2 * GIT_OID_HEXSZ + 3], *path = NULL, *slash;
	size_t			 i;
	int			 error;

	if ((error = git_commit_tree(&tree, new)) < 0)
		return store_fail(error, "cannot read the commit to take in");
	/*
	 * Only the paths the commit changes are checked out: the rest of the
	 * work tree is not read at all, as git merge does not read it.
	 */
	if ((error = git_commit_lookup(&old_commit, store->repo, old)) < 0 ||
	    (error = git_commit_tree(&old_tree, old_commit)) < 0) {
		error = store_fail(error, "cannot read the commit to take in");
		goto out;
	}
	if ((error = store_tree_diff(store->repo, old_tree, tree,
	    collect_path, &paths)) < 0)
		goto out;
	git_oid_tostr(ids, GIT_OID_HEXSZ + 1, old);
	ids[GIT_OID_HEXSZ] = ' ';
	git_oid_tostr(ids + GIT_OID_HEXSZ + 1, GIT_OID_HEXSZ + 1,
	    git_commit_id(new));
	ids[2 * GIT_OID_HEXSZ + 1] = '\n';
	ids[2 * GIT_OID_HEXSZ + 2] = '\0';
	if ((path = tend_fs_join(store->gitdir, TEND_UPDATE_FILE)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	error = tend_fs_mkdirs(path, NULL);
	*slash = '/';
	if (error == 0)
		error = tend_fs_write_atomic(path, ids, strlen(ids));
	if (error < 0)
		goto out;
	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	opts.checkout_strategy = GIT_CHECKOUT_SAFE |
	    GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	opts.paths = paths;
	/* No paths would mean the whole tree: nothing to check out. */
	if (paths.count > 0 && (error = git_checkout_tree(store->repo,
	    (git_object *)tree, &opts)) == GIT_ECONFLICT) {
		/* Refused before anything was written: nothing to finish. */
		error = store_fail(error, "cannot update the work tree");
		(void)unlink(path);
		goto out;
	}
	if (error < 0)
		error = store_fail(error, "cannot update the work tree");
	else if ((error = move_branch(store, old, git_commit_id(new),
	    message)) == 0 && unlink(path) < 0)
		error = tend_error_errno("cannot remove '%s'", path);
out:
	free(path);
	for (i = 0; i < paths.count; i++)
		free(paths.strings[i]);
	free(paths.strings);
	git_tree_free(old_tree);
	git_commit_free(old_commit);
	git_tree_free(tree);
	return error;
}

/*
 * Whether the work tree's copy of NAME, which DELTA changes, can be put right
 * without losing a word: the old version, missing (putting a file back
 * loses nothing), or the start of the new version, as a checkout cut
 * short while writing leaves it.  Anything else is a change made since.
 */
static int
can_redo_checkout(int *ok, struct tend_store *store, const char *name,
    const git_diff_delta *delta)
{
	struct stat	 st;
	struct tend_buf	 text = TEND_BUF_INIT;
	git_blob	*blob = NULL;
	git_oid		 oid;
	char		*path, *data = NULL;
	size_t		 len;
	int		 error = 0;

	*ok = 0;
	if ((path = tend_fs_join(store->workdir, name)) == NULL)
		return tend_error_nomem();
	if (lstat(path, &st) < 0) {
		*ok = errno == ENOENT;
		if (!*ok)
			error = tend_error_errno("cannot read '%s'", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode))
		goto out;
	if ((error = git_repository_hashfile(&oid, store->repo, path,
	    GIT_OBJECT_BLOB, name)) < 0) {
		error = store_fail(error, "cannot read '%s'", path);
		goto out;
	}
	if (git_oid_equal(&oid, &delta->old_file.id) ||
	    git_oid_equal(&oid, &delta->new_file.id)) {
		*ok = 1;
		goto out;
	}
	if (git_oid_is_zero(&delta->new_file.id))
		goto out;
	if ((error = git_blob_lookup(&blob, store->repo,
	    &delta->new_file.id)) < 0) {
		error = store_fail(error, "cannot read '%s'", name);
		goto out;
	}
	/* What checkout writes is the text, opened when sealed. */
	if ((error = store_unseal(&text, store, name,
	    git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob))) < 0)
		goto out;
	if ((size_t)st.st_size < text.len) {
		if ((error = tend_fs_read(&data, &len, path)) < 0)
			goto out;
		*ok = len < text.len && memcmp(data, text.data, len) == 0;
	}
out:
	tend_buf_free(&text);
	git_blob_free(blob);
	free(data);
	free(path);
	return error;
}

int
tend_store_checkout(struct tend_store *store)
{
	git_checkout_options	opts;
	int			error;

	/* The folder is new and empty: nothing in it to keep. */
	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	opts.checkout_strategy = GIT_CHECKOUT_FORCE;
	if ((error = git_checkout_head(store->repo, &opts)) < 0)
		return store_fail(error, "cannot write the files of '%s'",
		    store->workdir);
	return 0;
}

/*
 * The update cut short that TEND_UPDATE_FILE records: *PENDING is 0 when
 * there is none, or when git moved the branch since (the file then goes).
 */
static int
read_update(int *pending, git_oid *old, git_oid *new,
    struct tend_store *store)
{
	git_oid	 head;
	char	*path, *ids = NULL;
	size_t	 len;
	int	 error;

	*pending = 0;
	if ((path = tend_fs_join(store->gitdir, TEND_UPDATE_FILE)) == NULL)
		return tend_error_nomem();
	if ((error = tend_fs_read(&ids, &len, path)) < 0) {
		free(path);
		return error == TEND_ENOTFOUND ? 0 : error;
	}
	if (len != 2 * GIT_OID_HEXSZ + 2 || ids[GIT_OID_HEXSZ] != ' ' ||
	    ids[len - 1] != '\n' ||
	    git_oid_fromstrn(old, ids, GIT_OID_HEXSZ) < 0 ||
	    git_oid_fromstrn(new, ids + GIT_OID_HEXSZ + 1,
	    GIT_OID_HEXSZ) < 0)
		error = tend_error_set(TEND_ERROR, "'%s' is damaged; remove "
		    "it, then see what an earlier sync left with 'git status'",
		    path);
	/* Finished, or git moved the branch since: nothing left to do. */
	else if (git_reference_name_to_id(&head, store->repo, "HEAD") < 0 ||
	    !git_oid_equal(&head, old)) {
		if (unlink(path) < 0 && errno != ENOENT)
			error = tend_error_errno("cannot remove '%s'", path);
	} else
		*pending = 1;
	free(ids);
	free(path);
	return error;
}

int
tend_store_update_pending(char old_id[TEND_OID_SIZE],
    char new_id[TEND_OID_SIZE], struct tend_store *store)
{
	git_oid	old, new;
	int	error, pending;

	old_id[0] = new_id[0] = '\0';
	if ((error = read_update(&pending, &old, &new, store)) < 0 ||
	    !pending)
		return error;
	git_oid_tostr(old_id, TEND_OID_SIZE, &old);
	git_oid_tostr(new_id, TEND_OID_SIZE, &new);
	return 1;
}

/* Whether a name on PATH is one no checkout can have written. */
static int
has_bad_name(const char *path)
{
	char	*copy, *name, *save;
	int	 bad = 0;

	if ((copy = strdup(path)) == NULL)
		return 0;
	for (name = strtok_r(copy, "/", &save); name != NULL && !bad;
	    name = strtok_r(NULL, "/", &save))
		bad = tend_layout_name_problem(name) != NULL;
	free(copy);
	return bad;
}

int
tend_store_end_update(struct tend_store *store, enum tend_update_end how)
{
	git_checkout_options	 opts;
	git_strarray		 paths = { NULL, 0 };
	git_commit		*old_commit = NULL, *new_commit = NULL;
	git_tree		*old_tree = NULL, *new_tree = NULL;
	git_diff		*diff = NULL;
	git_oid			 old, new;
	const git_diff_delta	*delta;
	const char		*name;
	char			*path;
	size_t			 i, count;
	int			 error, ok, pending;

	if ((error = read_update(&pending, &old, &new, store)) < 0 ||
	    !pending)
		return error;
	if ((path = tend_fs_join(store->gitdir, TEND_UPDATE_FILE)) == NULL)
		return tend_error_nomem();
	if ((error = git_commit_lookup(&old_commit, store->repo, &old)) < 0 ||
	    (error = git_commit_lookup(&new_commit, store->repo, &new)) < 0 ||
	    (error = git_commit_tree(&old_tree, old_commit)) < 0 ||
	    (error = git_commit_tree(&new_tree, new_commit)) < 0 ||
	    (error = git_diff_tree_to_tree(&diff, store->repo, old_tree,
	    new_tree, NULL)) < 0) {
		error = store_fail(error, "cannot end the sync cut short in "
		    "'%s'", store->workdir);
		goto out;
	}
	if ((error = diff_paths(&paths, diff)) < 0)
		goto out;
	for (i = 0, count = paths.count, paths.count = 0; i < count; i++) {
		delta = git_diff_get_delta(diff, i);
		name = paths.strings[i];
		/* What no checkout can write was not written: none to undo. */
		if (how == TEND_UPDATE_UNDO && has_bad_name(name))
			continue;
		if ((error = can_redo_checkout(&ok, store, name, delta)) < 0)
			goto out;
		if (!ok) {
			error = tend_error_set(TEND_ERROR, "a sync cut short "
			    "in '%s' was taking in '%s', and it has changed "
			    "since; put that change aside with 'git stash -u', "
			    "then run tend again", store->workdir, name);
			goto out;
		}
		paths.strings[paths.count++] = (char *)name;
	}
	/*
	 * Each path is as the old or the new commit has it, or half written:
	 * forced, the checkout puts it right.  No paths would mean the whole
	 * tree.
	 */
	if (paths.count > 0) {
		git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
		opts.checkout_strategy = GIT_CHECKOUT_FORCE |
		    GIT_CHECKOUT_REMOVE_UNTRACKED |
		    GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
		opts.paths = paths;
		if ((error = git_checkout_tree(store->repo, (git_object *)
		    (how == TEND_UPDATE_FINISH ? new_tree : old_tree),
		    &opts)) < 0) {
			/* A git lock in the way is named, as for a commit. */
			error = error == GIT_ELOCKED ? store_lock_fail(store,
			    error, how == TEND_UPDATE_FINISH ? "cannot finish "
			    "the sync cut short" : "cannot undo the sync cut "
			    "short") : store_fail(error, "cannot %s the sync "
			    "cut short in '%s'", how == TEND_UPDATE_FINISH ?
			    "finish" : "undo", store->workdir);
			goto out;
		}
	}
	if (how == TEND_UPDATE_FINISH && (error = move_branch(store, &old,
	    &new, "sync: finish a sync cut short")) < 0)
		goto out;
	if (unlink(path) < 0 && errno != ENOENT)
		error = tend_error_errno("cannot remove '%s'", path);
out:
	free(paths.strings);
	git_diff_free(diff);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	git_commit_free(old_commit);
	git_commit_free(new_commit);
	free(path);
	return error;
}

/* Move the branch HEAD is on from OLD to NEW, unless someone moved it. */
static int
move_branch(struct tend_store *store, const git_oid *old, const git_oid *new,
    const char *message)
{
	git_reference	*head, *branch, *moved;
	int		 error;

	if ((error = git_reference_lookup(&head, store->repo, "HEAD")) < 0)
		return store_fail(error, "cannot read HEAD");
	error = git_reference_resolve(&branch, head);
	git_reference_free(head);
	if (error < 0)
		return store_fail(error, "cannot read the branch");
	if (!git_oid_equal(git_reference_target(branch), old))
		error = tend_error_set(TEND_ECONFLICT, "the branch moved while "
		    "syncing; run it again");
	else if ((error = git_reference_set_target(&moved, branch, new,
	    message)) < 0)
		error = error == GIT_ELOCKED ? store_lock_fail(store, error,
		    "cannot move the branch") :
		    store_fail(error, "cannot move the branch");
	else
		git_reference_free(moved);
	git_reference_free(branch);
	return error;
}

int
tend_store_fast_forward(struct tend_store *store, const char *target)
{
	git_commit	*commit;
	git_oid		 oid, head;
	int		 error;

	if (git_oid_fromstr(&oid, target) < 0 ||
	    (error = git_reference_name_to_id(&head, store->repo, "HEAD")) < 0)
		return tend_error_set(TEND_ERROR, "cannot fast-forward");
	if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0)
		return store_fail(error, "cannot read %s", target);
	error = checkout_then_move(store, &head, commit, "sync: fast-forward");
	git_commit_free(commit);
	return error;
}

/*
 * Settle one conflicted path in INDEX so that nothing is lost: both sides
 * in one file with conflict markers, or the side that still has it.
 */
static int
keep_both_sides(git_index *index, struct tend_store *store, const char *path,
    const git_index_entry *base, const git_index_entry *ours,
    const git_index_entry *theirs, const char *our_label,
    const char *their_label)
{
	git_merge_file_options	 opts;
	git_merge_file_result	 merged;
	git_index_entry		 entry;
	struct tend_buf		 sealed = TEND_BUF_INIT;
	const git_index_entry	*kept = ours != NULL ? ours : theirs;
	int			 error, clean;

	/* PATH is our own copy: removing the conflict frees the entries'. */
	memset(&entry, 0, sizeof(entry));
	entry.path = path;
	entry.mode = kept->mode;
	if (ours != NULL && theirs != NULL && store->cipher != NULL &&
	    tend_layout_is_sealed(path)) {
		/* The markers go between the texts, not their ciphertexts. */
		if ((error = store_seal_merge(&sealed, &clean, store, path,
		    base, ours, theirs, our_label, their_label)) == 0)
			error = git_blob_create_from_buffer(&entry.id,
			    store->repo, sealed.data, sealed.len);
		tend_buf_free(&sealed);
		if (error < 0)
			return error;
	} else if (ours != NULL && theirs != NULL) {
		git_merge_file_options_init(&opts,
		    GIT_MERGE_FILE_OPTIONS_VERSION);
		opts.our_label = our_label;
		opts.their_label = their_label;
		if ((error = git_merge_file_from_index(&merged, store->repo,
		    base, ours, theirs, &opts)) < 0)
			return error;
		error = git_blob_create_from_buffer(&entry.id, store->repo,
		    merged.ptr, merged.len);
		git_merge_file_result_free(&merged);
		if (error < 0)
			return error;
	} else
		entry.id = kept->id;
	if ((error = git_index_conflict_remove(index, path)) < 0)
		return error;
	return git_index_add(index, &entry);
}

int
tend_store_merge_text(char **out, size_t *outlen, const char *path,
    const char *base, size_t baselen, const char *ours, size_t ourlen,
    const char *theirs, size_t theirlen)
{
	git_merge_file_input	 sides[3];
	git_merge_file_result	 merged;
	const char		*texts[3] = { base, ours, theirs };
	size_t			 lens[3] = { baselen, ourlen, theirlen }, i;
	int			 error;

	*out = NULL;
	*outlen = 0;
	for (i = 0; i < 3; i++) {
		git_merge_file_input_init(&sides[i],
		    GIT_MERGE_FILE_INPUT_VERSION);
		sides[i].ptr = texts[i];
		sides[i].size = lens[i];
		sides[i].path = path;
		sides[i].mode = GIT_FILEMODE_BLOB;
	}
	if ((error = git_merge_file(&merged, &sides[0], &sides[1], &sides[2],
	    NULL)) < 0)
		return store_fail(error, "cannot merge '%s'", path);
	if (!merged.automergeable)
		error = 1;
	else if ((*out = malloc(merged.len != 0 ? merged.len : 1)) == NULL)
		error = tend_error_nomem();
	else {
		memcpy(*out, merged.ptr, merged.len);
		*outlen = merged.len;
	}
	git_merge_file_result_free(&merged);
	return error;
}

/*
 * OURS and THEIRS merged folder by folder into *OUT when each file changed
 * on one side only, as a sync of each partner's new entries brings; 1
 * when a file changed on both, or the two have more than one merge base,
 * which git_merge_commits settles.
 */
static int
merge_trees(git_oid *out, struct tend_store *store, git_commit *ours,
    git_commit *theirs)
{
	git_oidarray	 bases = { NULL, 0 };
	git_commit	*base_commit = NULL;
	git_tree	*base = NULL, *our_tree = NULL, *their_tree = NULL;
	int		 error;

	error = git_merge_bases(&bases, store->repo, git_commit_id(ours),
	    git_commit_id(theirs));
	if (error == GIT_ENOTFOUND || (error == 0 && bases.count != 1)) {
		error = 1;
		goto out;
	}
	if (error < 0 ||
	    (error = git_commit_lookup(&base_commit, store->repo,
	    &bases.ids[0])) < 0 ||
	    (error = git_commit_tree(&base, base_commit)) < 0 ||
	    (error = git_commit_tree(&our_tree, ours)) < 0 ||
	    (error = git_commit_tree(&their_tree, theirs)) < 0) {
		error = store_fail(error, "cannot read the commits to merge");
		goto out;
	}
	error = store_tree_merge(out, store->repo, base, our_tree, their_tree);
out:
	git_tree_free(their_tree);
	git_tree_free(our_tree);
	git_tree_free(base);
	git_commit_free(base_commit);
	git_oidarray_dispose(&bases);
	return error;
}

/*
 * OURS and THEIRS merged by libgit2 into *OUT, each file both changed
 * kept in both versions (CONFLICT is told of each).
 */
static int
merge_index(git_oid *out, struct tend_store *store, git_commit *ours,
    git_commit *theirs, const char *their_label,
    int (*conflict)(const char *, void *), void *arg)
{
	git_merge_options		 opts;
	git_index_conflict_iterator	*conflicts = NULL;
	const git_index_entry		*base, *our_entry, *their_entry;
	git_index			*index = NULL;
	char				**paths = NULL;
	size_t				 npaths = 0, i;
	int				 error;

	git_merge_options_init(&opts, GIT_MERGE_OPTIONS_VERSION);
	/* In memory: the work tree changes only once all is settled. */
	if ((error = git_merge_commits(&index, store->repo, ours, theirs,
	    &opts)) < 0) {
		error = store_fail(error, "cannot merge");
		goto out;
	}
	if (git_index_has_conflicts(index)) {
		if ((error = git_index_conflict_iterator_new(&conflicts,
		    index)) < 0) {
			error = store_fail(error, "cannot read the conflicts");
			goto out;
		}
		/* Collect first: settling changes what the iterator walks. */
		while ((error = git_index_conflict_next(&base, &our_entry,
		    &their_entry, conflicts)) == 0) {
			char **grown = realloc(paths, (npaths + 1) *
			    sizeof(*grown));

			if (grown == NULL) {
				error = tend_error_nomem();
				goto out;
			}
			paths = grown;
			if ((paths[npaths] = strdup(our_entry != NULL ?
			    our_entry->path : their_entry->path)) == NULL) {
				error = tend_error_nomem();
				goto out;
			}
			npaths++;
		}
		git_index_conflict_iterator_free(conflicts);
		conflicts = NULL;
		for (i = 0; i < npaths; i++) {
			if ((error = git_index_conflict_get(&base, &our_entry,
			    &their_entry, index, paths[i])) < 0 ||
			    (error = keep_both_sides(index, store,
			    paths[i], base, our_entry, their_entry, "ours",
			    their_label)) < 0) {
				error = store_fail(error, "cannot keep both "
				    "versions of '%s'", paths[i]);
				goto out;
			}
			if (conflict != NULL &&
			    (error = conflict(paths[i], arg)) < 0)
				goto out;
		}
	}
	/*
	 * Every entry of the merged index came from one of the two trees, so
	 * there is no need to look up each of thousands of blobs again.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	error = git_index_write_tree_to(out, index, store->repo);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	if (error < 0)
		error = store_fail(error, "cannot write the merge");
out:
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	git_index_conflict_iterator_free(conflicts);
	git_index_free(index);
	return error;
}

int
tend_store_merge(struct tend_store *store, const char *target,
    const char *name, const char *email, const char *message,
    const char *their_label, int (*conflict)(const char *, void *), void *arg)
{
	git_commit			*our_commit = NULL, *their_commit = NULL;
	git_commit			*merge_commit = NULL;
	const git_commit		*parents[2];
	git_signature			*author = NULL;
	git_tree			*tree = NULL;
	git_oid				 our_oid, their_oid, tree_oid, merged;
	int				 error, git_code;

	if (git_oid_fromstr(&their_oid, target) < 0 ||
	    git_reference_name_to_id(&our_oid, store->repo, "HEAD") < 0)
		return tend_error_set(TEND_ERROR, "cannot merge %s", target);
	if ((error = git_commit_lookup(&our_commit, store->repo,
	    &our_oid)) < 0 || (error = git_commit_lookup(&their_commit,
	    store->repo, &their_oid)) < 0) {
		error = store_fail(error, "cannot read the commits to merge");
		goto out;
	}
	if ((error = merge_trees(&tree_oid, store, our_commit,
	    their_commit)) == 1)
		error = merge_index(&tree_oid, store, our_commit,
		    their_commit, their_label, conflict, arg);
	if (error < 0)
		goto out;
	if ((error = git_tree_lookup(&tree, store->repo, &tree_oid)) < 0 ||
	    (error = git_signature_now(&author, name, email)) < 0) {
		error = store_fail(error, "cannot write the merge");
		goto out;
	}
	parents[0] = our_commit;
	parents[1] = their_commit;
	if ((error = store_commit_write(&merged, &git_code, store, 0, author,
	    message, tree, 2, parents)) < 0 ||
	    (error = git_commit_lookup(&merge_commit, store->repo,
	    &merged)) < 0) {
		if (git_code != 0 || error == GIT_ENOTFOUND)
			error = store_fail(error, "cannot commit the merge");
		goto out;
	}
	error = checkout_then_move(store, &our_oid, merge_commit, message);
out:
	git_commit_free(merge_commit);
	git_signature_free(author);
	git_tree_free(tree);
	git_commit_free(our_commit);
	git_commit_free(their_commit);
	return error;
}

struct outgoing {
	int	(*fn)(const char *, const char *, void *);
	void	*arg;
};

static int
outgoing_file(const char *path, const git_tree_entry *old,
    const git_tree_entry *new, void *arg)
{
	const struct outgoing	*outgoing = arg;
	char			 blob[GIT_OID_HEXSZ + 1];

	(void)old;
	if (new == NULL)
		return 0;
	git_oid_tostr(blob, sizeof(blob), git_tree_entry_id(new));
	return outgoing->fn(path, blob, outgoing->arg);
}

int
tend_store_outgoing(struct tend_store *store, const char *remote_head,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	git_revwalk	*walk;
	struct outgoing	 outgoing = { fn, arg };
	git_commit	*commit, *parent;
	git_tree	*tree, *parent_tree;
	git_oid		 oid;
	int		 error;

	if ((error = git_revwalk_new(&walk, store->repo)) < 0 ||
	    (error = git_revwalk_push_head(walk)) < 0 ||
	    (remote_head[0] != '\0' && (git_oid_fromstr(&oid, remote_head) < 0 ||
	    (error = git_revwalk_hide(walk, &oid)) < 0))) {
		git_revwalk_free(walk);
		return store_fail(error, "cannot list the commits to push");
	}
	while (error == 0 && git_revwalk_next(&oid, walk) == 0) {
		parent = NULL;
		parent_tree = NULL;
		tree = NULL;
		if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0) {
			error = store_fail(error,
			    "cannot read a commit to push");
			break;
		}
		if ((error = git_commit_tree(&tree, commit)) == 0 &&
		    git_commit_parentcount(commit) > 0 &&
		    (error = git_commit_parent(&parent, commit, 0)) == 0)
			error = git_commit_tree(&parent_tree, parent);
		if (error < 0)
			error = store_fail(error,
			    "cannot read a commit to push");
		/* What the commit adds or changes against its first parent. */
		else
			error = store_tree_diff(store->repo, parent_tree, tree,
			    outgoing_file, &outgoing);
		git_tree_free(parent_tree);
		git_commit_free(parent);
		git_tree_free(tree);
		git_commit_free(commit);
	}
	git_revwalk_free(walk);
	return error;
}
