/*
 * Committing a set of changes on HEAD, as one commit of the partner who
 * wrote them, waiting out git's own locks for a moment.
 */

#include <sys/stat.h>

#include <git2.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-internal.h"

/* How long a commit waits for git's own lock files, and in what steps. */
#define GIT_LOCK_WAIT_MS	2000	/* for a git holding its lock, all told */

/* What git's commit hooks settled, once for all the tries of a commit. */
struct verified {
	int		done;
	struct tend_buf	message;	/* as the commit-msg hook left it */
};

/* A change to commit, as the trees are built from it. */
struct put {
	const char	*path;
	const git_oid	*blob;		/* NULL removes the file */
	size_t		 index;		/* in the changes given */
};

static int	tree_build(git_oid *, int *, git_repository *, git_tree *,
		    const struct put *, size_t, size_t);
static int	folder_put(git_treebuilder *, git_repository *,
		    const struct put *, size_t, size_t, size_t);
static int	by_path(const void *, const void *);
static void	entry_of(git_index_entry *, struct tend_store *, const char *,
		    const git_oid *);
static void	restage(struct tend_store *, const struct tend_change *,
		    const git_oid *, size_t);
static int	update_index(struct tend_store *, const struct tend_change *,
		    const git_oid *, size_t, int, git_tree *);
static int	move_head(struct tend_store *, const git_oid *,
		    const git_oid *);
static int	head_is_commit_of(struct tend_store *, git_commit *,
		    const git_oid *);
static int	verify(struct tend_buf *, struct tend_store *, const char *);
static int	commit_once(struct tend_store *, const struct tend_change *,
		    const git_oid *, const struct put *, size_t, const char *,
		    const char *, const char *, struct verified *, int *);

/*
 * The tree BASE (NULL: an empty one) with the COUNT paths of PUTS set,
 * each SKIP bytes into its path being in this folder; PUTS are in path
 * order, so a folder's paths come together and each tree is read and
 * written once, however many files go into it.  Folders left empty go.
 * EMPTY (may be NULL) says whether the result holds nothing.
 */
static int
tree_build(git_oid *out, int *empty, git_repository *repo, git_tree *base,
    const struct put *puts, size_t count, size_t skip)
{
	git_treebuilder	*builder;
	const char	*path, *slash;
	size_t		 i, next;
	int		 error;

	if ((error = git_treebuilder_new(&builder, repo, base)) < 0)
		return store_fail(error, "cannot prepare a commit");
	for (i = 0; i < count && error >= 0; i = next) {
		path = puts[i].path + skip;
		next = i + 1;
		if ((slash = strchr(path, '/')) != NULL) {
			/* The paths in that folder: one name, then '/'. */
			while (next < count && strncmp(puts[next].path + skip,
			    path, (size_t)(slash - path) + 1) == 0)
				next++;
			error = folder_put(builder, repo, puts + i, next - i,
			    skip, (size_t)(slash - path));
			continue;
		}
		if (path[0] == '\0') {
			error = tend_error_set(TEND_EINVALID, "cannot store "
			    "'%s': not a file's path", puts[i].path);
			break;
		}
		if (puts[i].blob != NULL)
			error = git_treebuilder_insert(NULL, builder, path,
			    puts[i].blob, GIT_FILEMODE_BLOB);
		else if ((error = git_treebuilder_remove(builder, path)) ==
		    GIT_ENOTFOUND)
			error = 0;
		if (error < 0)
			error = store_fail(error, "cannot store '%s'",
			    puts[i].path);
	}
	if (error >= 0 && empty != NULL)
		*empty = git_treebuilder_entrycount(builder) == 0;
	if (error >= 0 && (error = git_treebuilder_write(out, builder)) < 0)
		error = store_fail(error, "cannot store '%s'", count != 0 ?
		    puts[0].path : "");
	git_treebuilder_free(builder);
	return error;
}

/*
 * In the folder BUILDER builds, the COUNT paths of PUTS that go on in its
 * folder named by their next LEN bytes (after SKIP): that folder is built
 * once, with all of them, and put in, or taken out when left empty.
 */
static int
folder_put(git_treebuilder *builder, git_repository *repo,
    const struct put *puts, size_t count, size_t skip, size_t len)
{
	const git_tree_entry	*entry;
	git_tree		*sub = NULL;
	git_oid			 sub_oid;
	char			*name;
	size_t			 i;
	int			 sub_empty, error = 0;

	if ((name = strndup(puts[0].path + skip, len)) == NULL)
		return tend_error_nomem();
	entry = git_treebuilder_get(builder, name);
	if (entry != NULL && git_tree_entry_type(entry) != GIT_OBJECT_TREE) {
		error = tend_error_set(TEND_EEXISTS, "cannot store '%s': "
		    "'%.*s' is a file", puts[0].path, (int)(skip + len),
		    puts[0].path);
		goto out;
	}
	if (entry != NULL && (error = git_tree_lookup(&sub, repo,
	    git_tree_entry_id(entry))) < 0) {
		error = store_fail(error, "cannot store '%s'", puts[0].path);
		goto out;
	}
	/* Nothing there to remove. */
	for (i = 0; entry == NULL && i < count && puts[i].blob == NULL; i++)
		;
	if (entry == NULL && i == count)
		goto out;
	if ((error = tree_build(&sub_oid, &sub_empty, repo, sub, puts, count,
	    skip + len + 1)) < 0)
		goto out;
	/* A folder made and emptied by the same commit is not there. */
	if (sub_empty)
		error = entry != NULL ? git_treebuilder_remove(builder, name) : 0;
	else
		error = git_treebuilder_insert(NULL, builder, name, &sub_oid,
		    GIT_FILEMODE_TREE);
	if (error < 0)
		error = store_fail(error, "cannot store '%s'", puts[0].path);
out:
	git_tree_free(sub);
	free(name);
	return error;
}

/* Path order, then the order staged: of one path twice, the later wins. */
static int
by_path(const void *a, const void *b)
{
	const struct put	*x = a, *y = b;
	int			 order = strcmp(x->path, y->path);

	if (order != 0)
		return order;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * An index entry for PATH holding BLOB, with the stat data of the file the
 * transaction wrote, so that git sees it clean without hashing it again.
 * A file not there (a store written without a work tree) gets none: git
 * then hashes it once to know.
 */
static void
entry_of(git_index_entry *entry, struct tend_store *store, const char *path,
    const git_oid *blob)
{
	struct stat	 st;
	char		*full;

	memset(entry, 0, sizeof(*entry));
	entry->mode = GIT_FILEMODE_BLOB;
	entry->id = *blob;
	entry->path = path;
	if (store->workdir == NULL ||
	    (full = tend_fs_join(store->workdir, path)) == NULL)
		return;
	if (lstat(full, &st) == 0 && S_ISREG(st.st_mode)) {
		entry->ctime.seconds = (int32_t)st.st_ctim.tv_sec;
		entry->ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
		entry->mtime.seconds = (int32_t)st.st_mtim.tv_sec;
		entry->mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
		entry->dev = (uint32_t)st.st_dev;
		entry->ino = (uint32_t)st.st_ino;
		entry->uid = (uint32_t)st.st_uid;
		entry->gid = (uint32_t)st.st_gid;
		entry->file_size = (uint32_t)st.st_size;
		if (st.st_mode & S_IXUSR)
			entry->mode = GIT_FILEMODE_BLOB_EXECUTABLE;
	}
	free(full);
}

/*
 * git commit reads the index before it locks it, and writes back what it
 * read: one that read it before the paths were staged unstages them, and
 * the next git commit would take them out of HEAD.  When the index was
 * written since they were staged and lacks them, they are staged again.
 * Best effort, and cheap when nobody wrote it: a check of its checksum.
 */
static void
restage(struct tend_store *store, const struct tend_change *changes,
    const git_oid *blobs, size_t count)
{
	const git_index_entry	*had;
	git_index		*index;
	git_oid			 staged;
	size_t			 i;
	int			 lost = 0;

	if (git_repository_index(&index, store->repo) < 0)
		return;
	git_oid_cpy(&staged, git_index_checksum(index));
	if (git_index_read(index, 0) == 0 &&
	    !git_oid_equal(&staged, git_index_checksum(index)))
		for (i = 0; i < count && !lost; i++) {
			had = git_index_get_bypath(index, changes[i].path, 0);
			lost = changes[i].data != NULL ? had == NULL ||
			    !git_oid_equal(&had->id, &blobs[i]) : had != NULL;
		}
	git_index_free(index);
	if (lost)
		(void)update_index(store, changes, blobs, count, 0, NULL);
}

/*
 * Bring the index in line with the committed paths, whose blobs are
 * BLOBS; with UNDO, back to what OLD (NULL: an empty tree) has there.
 */
static int
update_index(struct tend_store *store, const struct tend_change *changes,
    const git_oid *blobs, size_t count, int undo, git_tree *old)
{
	git_index	*index;
	git_tree_entry	*had;
	git_index_entry	 entry;
	size_t		 i;
	int		 error;

	if ((error = git_repository_index(&index, store->repo)) < 0)
		return error;
	/* Read again if a git command wrote it meanwhile: that is kept. */
	error = git_index_read(index, 0);
	for (i = 0; i < count && error >= 0; i++) {
		if (!undo && changes[i].data != NULL) {
			entry_of(&entry, store, changes[i].path, &blobs[i]);
			error = git_index_add(index, &entry);
		} else if (undo && old != NULL && git_tree_entry_bypath(&had,
		    old, changes[i].path) == 0) {
			memset(&entry, 0, sizeof(entry));
			entry.mode = git_tree_entry_filemode(had);
			entry.id = *git_tree_entry_id(had);
			entry.path = changes[i].path;
			error = git_index_add(index, &entry);
			git_tree_entry_free(had);
		} else {
			error = git_index_remove_bypath(index, changes[i].path);
		}
	}
	if (error >= 0)
		error = git_index_write(index);
	git_index_free(index);
	return error;
}

/*
 * A lock of git's own stood in the way (GIT_ELOCKED): name the file, which
 * libgit2's message does for references but not for the index.
 */
int
store_lock_fail(struct tend_store *store, int git_code, const char *context)
{
	const git_error	*last = git_error_last();
	const char	*message = last != NULL && last->message != NULL ?
			    last->message : "";
	const char	*open, *close;
	char		*path;
	int		 error;

	if (git_code == GIT_EMODIFIED)
		return tend_error_set(TEND_ECONFLICT, "%s: the branch kept "
		    "moving (is a git command writing to '%s'?); try again",
		    context, store->workdir);
	if ((open = strchr(message, '\'')) != NULL &&
	    (close = strchr(open + 1, '\'')) != NULL &&
	    close - open > 5 && strncmp(close - 5, ".lock", 5) == 0)
		path = strndup(open + 1, (size_t)(close - open - 1));
	else
		path = tend_fs_join(store->gitdir, "index.lock");
	if (path == NULL)
		return tend_error_nomem();
	/* libgit2 did not say which, and it is not the index's. */
	if (!tend_fs_exists(path)) {
		free(path);
		return tend_error_set(TEND_ELOCKED, "%s: %s; if no git command "
		    "is running in '%s', look for a '.lock' file left in '%s'",
		    context, message, store->workdir, store->gitdir);
	}
	/* The path once, at the end, so that a cut line keeps the hint. */
	error = tend_error_set(TEND_ELOCKED, "%s: a git command is running in "
	    "'%s', or one stopped before it finished; if none is running, "
	    "remove '%s'", context, store->workdir, path);
	free(path);
	return error;
}

/*
 * Move the branch HEAD is on (or a detached HEAD) to commit ID, as git
 * commit does: only from EXPECTED (NULL: an unborn branch), and with the
 * reflog entry git would write.
 */
static int
move_head(struct tend_store *store, const git_oid *id, const git_oid *expected)
{
	git_reference	*head = NULL, *tip = NULL, *moved = NULL;
	git_commit	*commit = NULL;
	struct tend_buf	 reflog = TEND_BUF_INIT;
	const char	*branch;
	int		 error;

	if ((error = git_commit_lookup(&commit, store->repo, id)) < 0)
		return error;
	if (tend_buf_printf(&reflog, "commit%s: %s", expected == NULL ?
	    " (initial)" : "", git_commit_summary(commit)) < 0) {
		git_commit_free(commit);
		git_error_set_oom();
		return -1;
	}
	if ((error = git_reference_lookup(&head, store->repo, "HEAD")) == 0)
		error = git_reference_resolve(&tip, head);
	if (error == GIT_ENOTFOUND && expected == NULL && head != NULL) {
		/* Unborn: the branch HEAD names is made, if still unmade. */
		if ((branch = git_reference_symbolic_target(head)) != NULL)
			error = git_reference_create(&moved, store->repo,
			    branch, id, 0, reflog.data);
		else
			error = GIT_EMODIFIED;
	} else if (error == 0 && (expected == NULL ||
	    git_reference_target(tip) == NULL ||
	    !git_oid_equal(git_reference_target(tip), expected)))
		error = GIT_EMODIFIED;
	else if (error == 0)
		error = git_reference_create_matching(&moved, store->repo,
		    git_reference_name(tip), id, 1, expected, reflog.data);
	else if (error == GIT_ENOTFOUND)
		error = GIT_EMODIFIED;
	if (error == GIT_EMODIFIED)
		git_error_set_str(GIT_ERROR_REFERENCE, "HEAD moved meanwhile");
	tend_buf_free(&reflog);
	git_reference_free(moved);
	git_reference_free(tip);
	git_reference_free(head);
	git_commit_free(commit);
	return error;
}

int
store_commit_write(git_oid *out, int *git_code, struct tend_store *store,
    int update_head, const git_signature *author, const char *message,
    const git_tree *tree, size_t nparents, const git_commit **parents)
{
	git_buf		 content = GIT_BUF_INIT;
	struct tend_buf	 signature = TEND_BUF_INIT, sealed = TEND_BUF_INIT;
	int		 error;

	*git_code = 0;
	if ((error = store_seal_message(&sealed, store, message)) < 0)
		goto out;
	if ((error = git_commit_create_buffer(&content, store->repo, author,
	    author, NULL, sealed.data, tree, nparents, parents)) < 0)
		goto git_failed;
	/* What git signs is the commit as it reads without its signature. */
	if (store->sign != NULL && (error = store->sign(&signature,
	    content.ptr, content.size, store->sign_arg)) < 0)
		goto out;
	if ((error = git_commit_create_with_signature(out, store->repo,
	    content.ptr, signature.data, NULL)) < 0)
		goto git_failed;
	if (update_head && (error = move_head(store, out, nparents != 0 ?
	    git_commit_id(parents[0]) : NULL)) < 0)
		goto git_failed;
	goto out;
git_failed:
	*git_code = error;
out:
	git_buf_dispose(&content);
	tend_buf_free(&signature);
	tend_buf_free(&sealed);
	return error;
}

/* Whether HEAD is now a commit of TREE on PARENT, as ours would be. */
static int
head_is_commit_of(struct tend_store *store, git_commit *parent,
    const git_oid *tree)
{
	git_commit	*head;
	git_oid		 oid;
	int		 ours;

	if (git_reference_name_to_id(&oid, store->repo, "HEAD") < 0 ||
	    git_commit_lookup(&head, store->repo, &oid) < 0)
		return 0;
	ours = git_oid_equal(git_commit_tree_id(head), tree) &&
	    (parent != NULL ? git_commit_parentcount(head) == 1 &&
	    git_oid_equal(git_commit_parent_id(head, 0),
	    git_commit_id(parent)) : git_commit_parentcount(head) == 0);
	git_commit_free(head);
	return ours;
}

/*
 * git's pre-commit hook, then its commit-msg hook on MESSAGE; OUT is the
 * message to commit.  In an encrypted journal tend's own commit-msg hook
 * is not run (hooks.c): it would seal what store_commit_write seals
 * anyway.  A hook of the user's that seals it too (one that calls 'tend
 * filter --seal-message') has it opened again, so that it is sealed once
 * and reads as any other; opening, not refusing, keeps such a hook
 * working for git and tend alike.
 */
static int
verify(struct tend_buf *out, struct tend_store *store, const char *message)
{
	struct tend_buf	opened = TEND_BUF_INIT;
	int		error;

	if ((error = tend_hook_run(store, "pre-commit", NULL, NULL)) < 0 ||
	    (error = tend_hook_commit_msg(out, store, message)) < 0 ||
	    store->cipher == NULL || !store_message_is_sealed(out->data))
		return error;
	if ((error = store_open_message(&opened, store, out->data,
	    "new")) == 0) {
		tend_buf_free(out);
		*out = opened;
	}
	return error;
}

/*
 * One try at tend_store_commit, with the changes' BLOBS already stored
 * and PUTS the changes in path order; *GIT_CODE says why it failed, if
 * git did.
 */
static int
commit_once(struct tend_store *store, const struct tend_change *changes,
    const git_oid *blobs, const struct put *puts, size_t count,
    const char *name, const char *email, const char *message,
    struct verified *verified, int *git_code)
{
	git_tree		*parent_tree = NULL, *tree = NULL, *now_tree;
	git_commit		*parent = NULL, *now;
	git_signature		*author = NULL;
	git_oid			 tree_oid, commit_oid;
	const git_commit	*parents[1];
	int			 error;

	*git_code = 0;
	/* Read afresh each try: the commit goes on whatever HEAD is now. */
	if ((error = store_head_tree(&parent_tree, &parent, store)) < 0)
		return error;
	/*
	 * The new tree is HEAD's with the changes put in, so whatever else the
	 * user has staged stays out of this commit.  Only the folders on the
	 * changed paths are read and written again, each once: a check-in
	 * costs the same in the tenth year as on the first day, and an
	 * import of years of writing no more than its folders.
	 */
	if (count == 0 && parent_tree != NULL)
		git_oid_cpy(&tree_oid, git_tree_id(parent_tree));
	else if ((error = tree_build(&tree_oid, NULL, store->repo,
	    parent_tree, puts, count, 0)) < 0)
		goto out;
	if ((error = git_tree_lookup(&tree, store->repo, &tree_oid)) < 0) {
		error = store_fail(error, "cannot write a tree");
		goto out;
	}
	/*
	 * Stage the paths before the commit: a crash in between leaves a
	 * staged entry, never an index that would undo the commit.
	 */
	if ((error = update_index(store, changes, blobs, count, 0,
	    NULL)) < 0) {
		*git_code = error;
		error = error == GIT_ELOCKED ? store_lock_fail(store, error,
		    "cannot update the index") :
		    store_fail(error, "cannot update the index");
		goto out;
	}
	/*
	 * Nothing changed: a commit would only say so (a signature is meant).
	 * HEAD may hold the changes because a git commit took them in from
	 * the index while a first try failed and put the index back: staged
	 * again above, the next git commit cannot drop them.
	 */
	if (count != 0 && parent_tree != NULL &&
	    git_oid_equal(&tree_oid, git_tree_id(parent_tree)))
		goto out;
	/*
	 * Where git runs them: the work tree and the index hold what the
	 * commit will, and a refusal puts the index back below, as a failed
	 * commit does, and the transaction the files.
	 */
	if (!verified->done && (error = verify(&verified->message, store,
	    message)) < 0)
		goto undo;
	verified->done = 1;
	message = verified->message.data;
	if ((error = git_signature_now(&author, name, email)) < 0) {
		error = store_fail(error, "cannot sign as '%s <%s>'", name,
		    email);
		goto out;
	}
	parents[0] = parent;
	/* Refused (GIT_EMODIFIED) if HEAD moved since we read it. */
	if ((error = store_commit_write(&commit_oid, git_code, store, 1,
	    author, message, tree, parent != NULL ? 1 : 0, parents)) < 0) {
		/* The message first: what follows sets libgit2's anew. */
		if (*git_code != 0)
			error = error == GIT_ELOCKED ||
			    error == GIT_EMODIFIED ? store_lock_fail(store,
			    error, "cannot commit") : store_fail(error,
			    "cannot commit");
		/* It failed after HEAD moved (the reflog, say): it stands. */
		if (head_is_commit_of(store, parent, &tree_oid)) {
			*git_code = 0;
			error = 0;
			restage(store, changes, blobs, count);
			goto out;
		}
		goto undo;
	}
	restage(store, changes, blobs, count);
	goto out;
undo:
	/*
	 * The old state whole: the index as HEAD now has those paths, which
	 * a git commit that moved it may have taken in.
	 */
	if (store_head_tree(&now_tree, &now, store) == 0) {
		(void)update_index(store, changes, blobs, count, 1, now_tree);
		git_tree_free(now_tree);
		git_commit_free(now);
	} else
		(void)update_index(store, changes, blobs, count, 1,
		    parent_tree);
out:
	git_signature_free(author);
	git_tree_free(tree);
	git_tree_free(parent_tree);
	git_commit_free(parent);
	return error;
}

int
tend_store_commit(struct tend_store *store, const struct tend_change *changes,
    size_t count, const char *name, const char *email, const char *message)
{
	struct tend_backoff	 backoff = TEND_BACKOFF(GIT_LOCK_WAIT_MS);
	struct tend_buf		 sealed = TEND_BUF_INIT;
	struct verified		 verified = { 0, TEND_BUF_INIT };
	struct put		*puts;
	git_oid			*blobs;
	size_t			 i;
	int			 error = 0, git_code;

	/* Each file is stored once, whatever number of tries the commit takes. */
	blobs = calloc(count != 0 ? count : 1, sizeof(*blobs));
	puts = calloc(count != 0 ? count : 1, sizeof(*puts));
	if (blobs == NULL || puts == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	for (i = 0; i < count && error == 0; i++) {
		puts[i].path = changes[i].path;
		puts[i].index = i;
		if (changes[i].data == NULL)
			continue;
		puts[i].blob = &blobs[i];
		sealed.len = 0;
		if ((error = store_seal(&sealed, store, changes[i].path,
		    changes[i].data, changes[i].len)) == 0 &&
		    (error = git_blob_create_from_buffer(&blobs[i], store->repo,
		    sealed.data != NULL ? sealed.data : "", sealed.len)) < 0)
			error = store_fail(error, "cannot store '%s'",
			    changes[i].path);
	}
	tend_buf_free(&sealed);
	if (error == 0 && count > 1)
		qsort(puts, count, sizeof(*puts), by_path);
	/* A git command holding its lock for a moment is waited for. */
	while (error == 0 && (error = commit_once(store, changes, blobs, puts,
	    count, name, email, message, &verified, &git_code)) < 0 &&
	    (git_code == GIT_ELOCKED || git_code == GIT_EMODIFIED) &&
	    tend_backoff_wait(&backoff))
		error = 0;
out:
	tend_buf_free(&verified.message);
	free(puts);
	free(blobs);
	return error;
}

int
tend_store_uncommit(struct tend_store *store, const char *commit,
    const struct tend_change *changes, size_t count)
{
	git_tree	*tree = NULL, *parent_tree = NULL;
	git_commit	*head = NULL, *parent = NULL;
	git_reference	*ref = NULL, *tip = NULL, *moved = NULL;
	struct tend_buf	 reflog = TEND_BUF_INIT;
	git_oid		 oid;
	int		 error;

	if (git_oid_fromstr(&oid, commit) < 0)
		return tend_error_set(TEND_EINVALID, "'%s' is not a commit id",
		    commit);
	if ((error = store_head_tree(&tree, &head, store)) < 0)
		return error;
	if (head == NULL || !git_oid_equal(git_commit_id(head), &oid)) {
		error = tend_error_set(TEND_ECONFLICT, "cannot take back "
		    "commit %.7s: HEAD moved meanwhile", commit);
		goto out;
	}
	if (git_commit_parentcount(head) > 1) {
		error = tend_error_set(TEND_EINVALID, "cannot take back "
		    "commit %.7s: it is a merge", commit);
		goto out;
	}
	if (git_commit_parentcount(head) == 1 &&
	    ((error = git_commit_parent(&parent, head, 0)) < 0 ||
	    (error = git_commit_tree(&parent_tree, parent)) < 0)) {
		error = store_fail(error, "cannot read the parent of %.7s",
		    commit);
		goto out;
	}
	if ((error = tend_buf_printf(&reflog, "undo: %s",
	    git_commit_summary(head))) < 0)
		goto out;
	/* The index first, as a commit stages first: then the branch. */
	if ((error = update_index(store, changes, NULL, count, 1,
	    parent_tree)) < 0) {
		error = store_fail(error, "cannot update the index");
		goto out;
	}
	if ((error = git_reference_lookup(&ref, store->repo, "HEAD")) == 0)
		error = git_reference_resolve(&tip, ref);
	if (error == 0 && parent != NULL)
		error = git_reference_create_matching(&moved, store->repo,
		    git_reference_name(tip), git_commit_id(parent), 1, &oid,
		    reflog.data);
	else if (error == 0)
		/* A first commit taken back leaves the branch unborn. */
		error = git_reference_delete(tip);
	if (error < 0) {
		error = store_fail(error, "cannot move the branch back");
		(void)update_index(store, changes, NULL, count, 1, tree);
	}
out:
	tend_buf_free(&reflog);
	git_reference_free(moved);
	git_reference_free(tip);
	git_reference_free(ref);
	git_tree_free(parent_tree);
	git_commit_free(parent);
	git_tree_free(tree);
	git_commit_free(head);
	return error;
}

int
tend_store_pushed(char **ref, struct tend_store *store, const char *commit)
{
	git_reference_iterator	*refs;
	git_reference		*each;
	git_oid			 target;
	int			 error, found = 0;

	*ref = NULL;
	if (git_oid_fromstr(&target, commit) < 0)
		return tend_error_set(TEND_EINVALID, "'%s' is not a commit id",
		    commit);
	if ((error = git_reference_iterator_glob_new(&refs, store->repo,
	    "refs/remotes/*")) < 0)
		return store_fail(error, "cannot list the remote branches");
	while (!found && (error = git_reference_next(&each, refs)) == 0) {
		if (git_reference_type(each) == GIT_REFERENCE_DIRECT &&
		    (git_oid_equal(git_reference_target(each), &target) ||
		    git_graph_descendant_of(store->repo,
		    git_reference_target(each), &target) == 1))
			found = (*ref = strdup(git_reference_name(each))) !=
			    NULL ? 1 : -1;
		git_reference_free(each);
	}
	git_reference_iterator_free(refs);
	if (found < 0)
		return tend_error_nomem();
	if (found || error == GIT_ITEROVER)
		return 0;
	return store_fail(error, "cannot list the remote branches");
}
