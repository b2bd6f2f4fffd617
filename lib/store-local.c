/*
 * Fetching from and pushing to a repository on this machine (a file://
 * URL or a path), as libgit2's local transport does, reading only what
 * the other side lacks.  libgit2's pack builder reads every tree of the
 * commits both sides have, to leave their objects out, and keeps the
 * delta bases it inflates on the way until the pack is closed: tens of
 * megabytes once a journal is decades old.  Here an object the receiving
 * side has is left out with all it reaches, as that side's object store
 * answers, and nothing else is read.
 */

#include <sys/stat.h>

#include <git2.h>

#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

#define TREE_DEPTH_MAX	256	/* folders deeper: refused */

/* What goes from one repository to the other, and what the other has. */
struct copy {
	git_packbuilder	*pack;
	git_repository	*from;
	git_odb		*has;		/* the receiving side's */
};

static int	hex_digit(int);
static int	present(git_odb *, const git_oid *);
static int	hide_cb(const git_oid *, void *);
static int	add_tree(struct copy *, const git_oid *, const char *, int);
static int	progress_cb(const git_indexer_progress *, void *);
static int	copy_new(git_repository *, git_repository *, const git_oid *,
		    const struct tend_progress *);
static int	open_remote(git_repository **, const char *, const char *,
		    const char *);

static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
store_local_path(struct tend_buf *path, const char *url)
{
	struct stat	 st;
	const char	*p;
	char		 c;
	int		 error;

	path->len = 0;
	/* libgit2's rules: file://[localhost]/PATH, %-escapes decoded. */
	if (strncmp(url, "file://", 7) == 0) {
		p = url + 7;
		if (strncmp(p, "localhost/", 10) == 0)
			p += 9;
		if (*p != '/')
			return 0;
		for (; *p != '\0'; p++) {
			c = *p;
			if (c == '%' && hex_digit(p[1]) >= 0 &&
			    hex_digit(p[2]) >= 0) {
				c = (char)(hex_digit(p[1]) * 16 +
				    hex_digit(p[2]));
				p += 2;
			}
			/* Not a path: libgit2 says what is wrong with it. */
			if (c == '\0')
				return 0;
			if ((error = tend_buf_put(path, &c, 1)) < 0)
				return error;
		}
		return 1;
	}
	/* A folder named without a scheme; "host:path" is scp's form. */
	if (strchr(url, ':') != NULL || stat(url, &st) == -1 ||
	    !S_ISDIR(st.st_mode))
		return 0;
	return (error = tend_buf_puts(path, url)) < 0 ? error : 1;
}

/*
 * Whether the receiving side has the object ID.  Its packs are not
 * looked for again at each miss, as libgit2 otherwise does: most of
 * what is asked is missing, and an object counted missing is only sent.
 */
static int
present(git_odb *odb, const git_oid *id)
{
	return git_odb_exists_ext(odb, id, GIT_ODB_LOOKUP_NO_REFRESH);
}

/* The walk stops at a commit the receiving side has: it has its past. */
static int
hide_cb(const git_oid *id, void *arg)
{
	return present(arg, id);
}

/*
 * Tree ID, named NAME in its folder (NULL: a root), and what it holds
 * that the receiving side lacks, DEPTH down.  Names guide the search for
 * deltas, as in libgit2's own walk.
 */
static int
add_tree(struct copy *copy, const git_oid *id, const char *name, int depth)
{
	const git_tree_entry	*entry;
	git_tree		*tree;
	size_t			 i, count;
	int			 error;

	if (present(copy->has, id))
		return 0;
	if (depth > TREE_DEPTH_MAX) {
		git_error_set_str(GIT_ERROR_INVALID, "folders nested too deep");
		return -1;
	}
	/* A tree another commit brought already: all it holds is in too. */
	count = git_packbuilder_object_count(copy->pack);
	if ((error = git_packbuilder_insert(copy->pack, id, name)) < 0 ||
	    git_packbuilder_object_count(copy->pack) == count)
		return error;
	if ((error = git_tree_lookup(&tree, copy->from, id)) < 0)
		return error;
	for (i = 0; i < git_tree_entrycount(tree) && error == 0; i++) {
		entry = git_tree_entry_byindex(tree, i);
		/* A submodule's commit is not in this repository. */
		if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
			error = add_tree(copy, git_tree_entry_id(entry),
			    git_tree_entry_name(entry), depth + 1);
		else if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB &&
		    !present(copy->has, git_tree_entry_id(entry)))
			error = git_packbuilder_insert(copy->pack,
			    git_tree_entry_id(entry),
			    git_tree_entry_name(entry));
	}
	git_tree_free(tree);
	return error;
}

static int
progress_cb(const git_indexer_progress *stats, void *arg)
{
	const struct tend_progress	*progress = arg;

	if (progress != NULL && progress->objects != NULL)
		progress->objects(stats->received_objects,
		    stats->total_objects, progress->arg);
	return 0;
}

/*
 * The commits of FROM from TIP back to those TO has, with the trees and
 * blobs TO lacks, into one new pack of TO, whose indexer hashes each
 * object again: an object is kept under the id its bytes give.
 */
static int
copy_new(git_repository *from, git_repository *to, const git_oid *tip,
    const struct tend_progress *progress)
{
	struct copy	 copy = { NULL, from, NULL };
	git_revwalk	*walk = NULL;
	git_commit	*commit;
	git_oid		 id;
	char		*dir = NULL;
	int		 error;

	if ((error = git_repository_odb(&copy.has, to)) < 0)
		return error;
	if (git_odb_exists(copy.has, tip))
		goto out;
	if ((error = git_revwalk_new(&walk, from)) < 0 ||
	    (error = git_revwalk_add_hide_cb(walk, hide_cb, copy.has)) < 0 ||
	    (error = git_revwalk_push(walk, tip)) < 0 ||
	    (error = git_packbuilder_new(&copy.pack, from)) < 0)
		goto out;
	while ((error = git_revwalk_next(&id, walk)) == 0) {
		if ((error = git_commit_lookup(&commit, from, &id)) < 0)
			break;
		if ((error = git_packbuilder_insert(copy.pack, &id,
		    NULL)) == 0)
			error = add_tree(&copy, git_commit_tree_id(commit),
			    NULL, 0);
		git_commit_free(commit);
		if (error < 0)
			break;
	}
	if (error != GIT_ITEROVER)
		goto out;
	error = 0;
	if (git_packbuilder_object_count(copy.pack) == 0)
		goto out;
	if ((dir = tend_fs_join(git_repository_path(to), "objects/pack")) ==
	    NULL) {
		git_error_set_oom();
		error = -1;
		goto out;
	}
	if ((error = git_packbuilder_write(copy.pack, dir, 0, progress_cb,
	    (void *)progress)) == 0)
		error = git_odb_refresh(copy.has);
out:
	free(dir);
	git_packbuilder_free(copy.pack);
	git_revwalk_free(walk);
	git_odb_free(copy.has);
	return error;
}

/* The repository at PATH, or what WHAT (with URL) could not do. */
static int
open_remote(git_repository **remote, const char *path, const char *what,
    const char *url)
{
	int	error;

	if ((error = git_repository_open_ext(remote, path,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)) < 0)
		return store_remote_fail(error, what, url);
	return 0;
}

int
store_local_fetch(struct tend_store *store, const char *path,
    const char *url, const char *branch, const char *tracking,
    const struct tend_progress *progress)
{
	git_repository	*remote;
	struct tend_buf	 ref = TEND_BUF_INIT;
	git_oid		 tip, had;
	int		 error;

	if ((error = tend_buf_printf(&ref, "refs/heads/%s", branch)) < 0)
		return error;
	if ((error = open_remote(&remote, path, "fetch from", url)) < 0)
		goto out;
	error = git_reference_name_to_id(&tip, remote, ref.data);
	/* A branch deleted there goes here too: sync sees it is gone. */
	if (error == GIT_ENOTFOUND)
		error = store_forget_ref(store, tracking);
	else if (error < 0 ||
	    (error = copy_new(remote, store->repo, &tip, progress)) < 0)
		error = store_remote_fail(error, "fetch from", url);
	else if ((git_reference_name_to_id(&had, store->repo, tracking) < 0 ||
	    !git_oid_equal(&had, &tip)) &&
	    (error = git_reference_create(NULL, store->repo, tracking, &tip,
	    1, "sync: fetch")) < 0)
		error = store_fail(error, "cannot update '%s'", tracking);
	git_repository_free(remote);
out:
	tend_buf_free(&ref);
	return error;
}

int
store_local_push(struct tend_store *store, const char *path,
    const char *url, const char *branch, const char *tracking,
    const struct tend_progress *progress)
{
	git_repository	*remote = NULL;
	struct tend_buf	 ref = TEND_BUF_INIT;
	git_oid		 head, theirs;
	int		 error, had;

	if ((error = tend_buf_printf(&ref, "refs/heads/%s", branch)) < 0)
		return error;
	if ((error = git_reference_name_to_id(&head, store->repo,
	    ref.data)) < 0) {
		error = store_fail(error, "cannot read '%s'", ref.data);
		goto out;
	}
	if ((error = open_remote(&remote, path, "push to", url)) < 0)
		goto out;
	/* git refuses to move the branch a work tree has out, by default. */
	if (!git_repository_is_bare(remote)) {
		git_error_set_str(GIT_ERROR_INVALID, "local push doesn't (yet) "
		    "support pushing to non-bare repos.");
		error = store_remote_fail(-1, "push to", url);
		goto out;
	}
	error = git_reference_name_to_id(&theirs, remote, ref.data);
	if (error < 0 && error != GIT_ENOTFOUND) {
		error = store_remote_fail(error, "push to", url);
		goto out;
	}
	had = error == 0;
	/* Never force: what is there must be in what goes. */
	if (had && !git_oid_equal(&theirs, &head) &&
	    git_graph_descendant_of(store->repo, &head, &theirs) != 1) {
		error = tend_error_set(TEND_ECONFLICT, "the remote moved on");
		goto out;
	}
	if ((error = copy_new(store->repo, remote, &head, progress)) < 0) {
		error = store_remote_fail(error, "push to", url);
		goto out;
	}
	/* Moved only from where it was seen: a partner's push is not lost. */
	if (had)
		error = git_reference_create_matching(NULL, remote, ref.data,
		    &head, 1, &theirs, NULL);
	else
		error = git_reference_create(NULL, remote, ref.data, &head, 0,
		    NULL);
	if (error == GIT_EMODIFIED || error == GIT_EEXISTS ||
	    error == GIT_ELOCKED)
		error = tend_error_set(TEND_ECONFLICT, "the remote moved on");
	else if (error < 0)
		error = store_remote_fail(error, "push to", url);
	else if ((error = git_reference_create(NULL, store->repo, tracking,
	    &head, 1, "update by push")) < 0)
		error = store_fail(error, "cannot update '%s'", tracking);
out:
	git_repository_free(remote);
	tend_buf_free(&ref);
	return error;
}
