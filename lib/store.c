/*
 * The journal's git repositories, through libgit2.  This is the only file
 * that includes git2.h; libgit2's errors become tend's here.
 */

/* RTLD_NEXT, to reach the certificate parser tend stands in front of. */
#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/wait.h>

#include <git2.h>

#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* How long a commit waits for git's own lock files, and in what steps. */
#define LOCK_WAIT_NS		2000000000L
#define LOCK_FIRST_SLEEP_NS	10000000L
#define LOCK_LAST_SLEEP_NS	200000000L

struct tend_store {
	git_repository	*repo;
	char		*workdir;	/* without the trailing slash */
	char		*gitdir;
};

struct tend_conf {
	git_config	*config;
	char		*scratch;	/* the file libgit2 edits, or NULL */
	char		*name;		/* what messages call it */
};

struct list_walk {
	git_repository	*repo;
	const char	*dir;
	int		 with_content;
	int		(*skip)(const char *, int, void *);
	int		(*fn)(const char *, const char *, size_t, void *);
	void		*arg;
	int		 error;
	struct tend_buf	 path;
};

/*
 * Debian's libgit2 is built on mbedTLS, whose start-up, run by
 * git_libgit2_init(), parses the whole bundle of trusted certificates:
 * about 50 million instructions, several milliseconds, on every command,
 * though only an https remote ever needs them.  tend defines the parser's
 * entry point itself, so that the dynamic linker finds it before mbedTLS's
 * own: it only notes what libgit2 asked to be read, and the real parse runs
 * when a remote is first used.  Until then the chain is empty, so a TLS
 * connection could only fail, never trust too much.  With a libgit2 built
 * on another TLS library, none of this is ever called.
 *
 * The note is process-wide because libgit2's TLS settings are.
 */
struct mbedtls_x509_crt;
int	mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *, const char *);

static struct {
	struct mbedtls_x509_crt	*chain;
	char			*path;
} deferred_certificates;

static void	certificates_load(void);

/*
 * libgit2 keeps up to 256 MB of parsed objects by default; a walk of a
 * long history fills it with commits that are never read twice.
 */
#define CACHE_BYTES	(4 * 1024 * 1024)
static int	git_fail(int, const char *, ...) TEND_ATTR_PRINTF(2, 3);

static char	*strip_slash(const char *);
static int	head_tree(git_tree **, git_commit **, struct tend_store *);
static int	update_index(struct tend_store *, const struct tend_change *,
		    size_t, int, git_tree *);
static int	lock_fail(struct tend_store *, int, const char *);
static int	landed(struct tend_store *, git_commit *, const git_oid *);
static int	commit_once(struct tend_store *, const struct tend_change *,
		    size_t, const char *, const char *, const char *, int *);
static int	list_cb(const char *, const git_tree_entry *, void *);
static int	conf_cb(const git_config_entry *, void *);
static int	scratch_fail(const struct tend_conf *);
static int	blob_in_tree(char [GIT_OID_HEXSZ + 1], git_tree *,
		    const char *);
static void	describe(struct tend_commit *, git_commit *);
static int	tree_put(git_oid *, int *, git_repository *, git_tree *,
		    const char *, const char *, const git_oid *);
static int	patch_line(const git_diff_delta *, const git_diff_hunk *,
		    const git_diff_line *, void *);
struct remote_state;
static int	credentials_cb(git_credential **, const char *, const char *,
		    unsigned int, void *);
static int	certificate_cb(git_cert *, int, const char *, void *);
static int	transfer_cb(const git_indexer_progress *, void *);
static int	sideband_cb(const char *, int, void *);
static int	push_update_cb(const char *, const char *, void *);
static void	remote_callbacks(git_remote_callbacks *, struct remote_state *,
		    const char *);
static int	remote_fail(int, const char *, const char *);
static int	advance(struct tend_store *, const git_oid *, git_commit *,
		    const char *);
static int	taken_in(int *, struct tend_store *, const char *,
		    const git_diff_delta *);
static int	move_branch(struct tend_store *, const git_oid *,
		    const git_oid *, const char *);
static int	keep_both(git_index *, git_repository *, const char *,
		    const git_index_entry *, const git_index_entry *,
		    const git_index_entry *, const char *, const char *);

/* Record libgit2's last message after CONTEXT, and return a tend code. */
static int
git_fail(int git_code, const char *fmt, ...)
{
	const git_error	*last = git_error_last();
	char		 context[512];
	va_list		 ap;
	int		 code;

	va_start(ap, fmt);
	vsnprintf(context, sizeof(context), fmt, ap);
	va_end(ap);
	switch (git_code) {
	case GIT_ENOTFOUND:
		code = TEND_ENOTFOUND;
		break;
	case GIT_EEXISTS:
		code = TEND_EEXISTS;
		break;
	case GIT_EMODIFIED:
	case GIT_ELOCKED:
		code = TEND_ECONFLICT;
		break;
	default:
		code = TEND_ERROR;
		break;
	}
	return tend_error_set(code, "%s: %s", context,
	    last != NULL && last->message != NULL ? last->message :
	    "unknown git error");
}

static char *
strip_slash(const char *path)
{
	char	*copy;
	size_t	 len;

	if ((copy = strdup(path)) == NULL)
		return NULL;
	len = strlen(copy);
	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	return copy;
}

int
mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	char	*copy;

	if ((copy = strdup(path)) == NULL)
		return -1;
	free(deferred_certificates.path);
	deferred_certificates.chain = chain;
	deferred_certificates.path = copy;
	return 0;
}

static void
certificates_load(void)
{
	int	(*parse)(struct mbedtls_x509_crt *, const char *);

	if (deferred_certificates.path == NULL)
		return;
	/* A failure shows later, as a certificate the remote cannot prove. */
	if ((parse = (int (*)(struct mbedtls_x509_crt *, const char *))
	    dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file")) != NULL)
		(void)parse(deferred_certificates.chain,
		    deferred_certificates.path);
	free(deferred_certificates.path);
	deferred_certificates.path = NULL;
}

int
tend_store_global_init(void)
{
	if (git_libgit2_init() < 0)
		return git_fail(-1, "cannot start libgit2");
	/*
	 * A journal must survive a power cut: fsync what git writes too.
	 * Objects are not hashed again on every read, as git does not:
	 * reading a long history twice as slowly buys nothing that 'git
	 * fsck' does not check.
	 */
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) < 0 ||
	    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0) < 0 ||
	    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)CACHE_BYTES) < 0)
		return git_fail(-1, "cannot configure libgit2");
	return 0;
}

void
tend_store_global_shutdown(void)
{
	free(deferred_certificates.path);
	deferred_certificates.path = NULL;
	git_libgit2_shutdown();
}

static int
store_wrap(struct tend_store **out, git_repository *repo, const char *dir)
{
	struct tend_store	*store;

	if (git_repository_is_bare(repo)) {
		git_repository_free(repo);
		return tend_error_set(TEND_ERROR,
		    "'%s' is a bare repository", dir);
	}
	if ((store = calloc(1, sizeof(*store))) == NULL ||
	    (store->workdir = strip_slash(git_repository_workdir(repo))) ==
	    NULL || (store->gitdir = strip_slash(git_repository_path(repo))) ==
	    NULL) {
		if (store != NULL)
			free(store->workdir);
		free(store);
		git_repository_free(repo);
		return tend_error_set(TEND_ENOMEM, "out of memory");
	}
	store->repo = repo;
	*out = store;
	return 0;
}

int
tend_store_open(struct tend_store **out, const char *dir)
{
	git_repository	*repo;
	int		 error;

	error = git_repository_open_ext(&repo, dir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (error < 0)
		return git_fail(error, "cannot open repository '%s'", dir);
	return store_wrap(out, repo, dir);
}

int
tend_store_init(struct tend_store **out, const char *dir)
{
	git_repository_init_options	 opts;
	git_repository			*repo;
	int				 error;

	git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	error = git_repository_open_ext(&repo, dir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (error == GIT_ENOTFOUND) {
		opts.flags = GIT_REPOSITORY_INIT_MKPATH |
		    GIT_REPOSITORY_INIT_NO_REINIT;
		error = git_repository_init_ext(&repo, dir, &opts);
	}
	if (error < 0)
		return git_fail(error, "cannot create repository '%s'", dir);
	return store_wrap(out, repo, dir);
}

void
tend_store_free(struct tend_store *store)
{
	if (store == NULL)
		return;
	git_repository_free(store->repo);
	free(store->workdir);
	free(store->gitdir);
	free(store);
}

int
tend_store_discover(char **out, const char *dir)
{
	git_buf		 gitdir = GIT_BUF_INIT;
	git_repository	*repo = NULL;
	const char	*workdir;
	int		 error;

	if ((error = git_repository_discover(&gitdir, dir, 0, NULL)) < 0)
		return git_fail(error, "no repository holds '%s'", dir);
	error = git_repository_open_ext(&repo, gitdir.ptr,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	git_buf_dispose(&gitdir);
	if (error < 0)
		return git_fail(error, "cannot open the repository of '%s'",
		    dir);
	if ((workdir = git_repository_workdir(repo)) == NULL)
		error = tend_error_set(TEND_ENOTFOUND,
		    "the repository holding '%s' is bare", dir);
	else if ((*out = strip_slash(workdir)) == NULL)
		error = tend_error_set(TEND_ENOMEM, "out of memory");
	git_repository_free(repo);
	return error;
}

const char *
tend_store_workdir(const struct tend_store *store)
{
	return store->workdir;
}

const char *
tend_store_gitdir(const struct tend_store *store)
{
	return store->gitdir;
}

int
tend_store_config_get(char **out, struct tend_store *store, const char *key)
{
	git_config	*config;
	git_buf		 value = GIT_BUF_INIT;
	int		 error;

	if (store != NULL)
		error = git_repository_config_snapshot(&config, store->repo);
	else
		error = git_config_open_default(&config);
	if (error < 0)
		return git_fail(error, "cannot read the git configuration");
	error = git_config_get_string_buf(&value, config, key);
	git_config_free(config);
	if (error == GIT_ENOTFOUND)
		return tend_error_set(TEND_ENOTFOUND, "'%s' is not set", key);
	if (error < 0)
		return git_fail(error, "cannot read '%s'", key);
	*out = strdup(value.ptr);
	git_buf_dispose(&value);
	return *out != NULL ? 0 : tend_error_set(TEND_ENOMEM, "out of memory");
}

int
tend_store_config_set(struct tend_store *store, const char *key,
    const char *value)
{
	git_config	*config, *local;
	int		 error;

	if ((error = git_repository_config(&config, store->repo)) < 0)
		return git_fail(error, "cannot open the git configuration");
	error = git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL);
	git_config_free(config);
	if (error < 0)
		return git_fail(error, "cannot open '%s/config'", store->gitdir);
	if ((error = git_config_set_string(local, key, value)) < 0)
		error = git_fail(error, "cannot set '%s'", key);
	git_config_free(local);
	return error;
}

/* HEAD's commit and tree; both NULL on an unborn branch. */
static int
head_tree(git_tree **tree, git_commit **commit, struct tend_store *store)
{
	git_oid	oid;
	int	error;

	*tree = NULL;
	*commit = NULL;
	error = git_reference_name_to_id(&oid, store->repo, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return 0;
	if (error < 0)
		return git_fail(error, "cannot resolve HEAD");
	if ((error = git_commit_lookup(commit, store->repo, &oid)) < 0)
		return git_fail(error, "cannot read HEAD");
	if ((error = git_commit_tree(tree, *commit)) < 0) {
		git_commit_free(*commit);
		*commit = NULL;
		return git_fail(error, "cannot read HEAD's tree");
	}
	return 0;
}

/*
 * The tree BASE (NULL: an empty one) with PATH set to BLOB, or removed
 * when BLOB is NULL; folders left empty go too.  EMPTY (may be NULL) says
 * whether the result holds nothing.  FULL is the whole path, for errors.
 */
static int
tree_put(git_oid *out, int *empty, git_repository *repo, git_tree *base,
    const char *full, const char *path, const git_oid *blob)
{
	const git_tree_entry	*entry;
	git_treebuilder		*builder;
	git_tree		*sub = NULL;
	git_oid			 sub_oid;
	const char		*slash = strchr(path, '/');
	char			*name = NULL;
	int			 sub_empty, error;

	if (path[0] == '\0' && full[0] != '\0')
		return tend_error_set(TEND_EINVALID, "cannot store '%s': not a "
		    "file's path", full);
	if ((error = git_treebuilder_new(&builder, repo, base)) < 0)
		return git_fail(error, "cannot prepare a commit");
	if (path[0] == '\0')
		;	/* the empty tree of a first commit */
	else if (slash == NULL) {
		if (blob != NULL)
			error = git_treebuilder_insert(NULL, builder, path, blob,
			    GIT_FILEMODE_BLOB);
		else if ((error = git_treebuilder_remove(builder, path)) ==
		    GIT_ENOTFOUND)
			error = 0;
	} else if ((name = strndup(path, (size_t)(slash - path))) == NULL) {
		error = tend_error_set(TEND_ENOMEM, "out of memory");
		goto out;
	} else {
		entry = git_treebuilder_get(builder, name);
		if (entry != NULL && git_tree_entry_type(entry) !=
		    GIT_OBJECT_TREE) {
			error = tend_error_set(TEND_EEXISTS, "cannot store "
			    "'%s': '%.*s' is a file", full,
			    (int)(slash - path + (path - full)), full);
			goto out;
		}
		if (entry != NULL && (error = git_tree_lookup(&sub, repo,
		    git_tree_entry_id(entry))) < 0)
			goto fail;
		if (entry == NULL && blob == NULL)
			goto write;	/* nothing there to remove */
		if ((error = tree_put(&sub_oid, &sub_empty, repo, sub, full,
		    slash + 1, blob)) < 0)
			goto out;
		if (sub_empty)
			error = git_treebuilder_remove(builder, name);
		else
			error = git_treebuilder_insert(NULL, builder, name,
			    &sub_oid, GIT_FILEMODE_TREE);
	}
	if (error < 0)
		goto fail;
write:
	if (empty != NULL)
		*empty = git_treebuilder_entrycount(builder) == 0;
	if ((error = git_treebuilder_write(out, builder)) < 0)
		goto fail;
	goto out;
fail:
	error = git_fail(error, "cannot store '%s'", full);
out:
	free(name);
	git_tree_free(sub);
	git_treebuilder_free(builder);
	return error;
}

/*
 * Bring the index in line with the work tree for the committed paths; with
 * UNDO, back to what OLD (NULL: an empty tree) has there.
 */
static int
update_index(struct tend_store *store, const struct tend_change *changes,
    size_t count, int undo, git_tree *old)
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
		if (!undo && changes[i].data != NULL)
			error = git_index_add_bypath(index, changes[i].path);
		else if (undo && old != NULL && git_tree_entry_bypath(&had,
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
static int
lock_fail(struct tend_store *store, int git_code, const char *context)
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
		return tend_error_set(TEND_ENOMEM, "out of memory");
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

/* Whether HEAD is now a commit of TREE on PARENT, as ours would be. */
static int
landed(struct tend_store *store, git_commit *parent, const git_oid *tree)
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

/* One try at tend_store_commit; *GIT_CODE says why it failed, if git did. */
static int
commit_once(struct tend_store *store, const struct tend_change *changes,
    size_t count, const char *name, const char *email, const char *message,
    int *git_code)
{
	git_tree		*parent_tree = NULL, *tree = NULL, *now_tree;
	git_commit		*parent = NULL, *now;
	git_signature		*author = NULL;
	git_oid			 blob, tree_oid, commit_oid;
	const git_commit	*parents[1];
	size_t			 i;
	int			 error;

	*git_code = 0;
	/* Read afresh each try: the commit goes on whatever HEAD is now. */
	if ((error = head_tree(&parent_tree, &parent, store)) < 0)
		return error;
	/*
	 * The new tree is HEAD's with the changes put in, so whatever else the
	 * user has staged stays out of this commit.  Only the folders on the
	 * changed paths are read and written again: a check-in costs the same
	 * in the tenth year as on the first day.
	 */
	if (parent_tree != NULL)
		git_oid_cpy(&tree_oid, git_tree_id(parent_tree));
	for (i = 0; i < count; i++) {
		git_tree	*base = NULL;

		if (changes[i].data != NULL &&
		    (error = git_blob_create_from_buffer(&blob, store->repo,
		    changes[i].data, changes[i].len)) < 0) {
			error = git_fail(error, "cannot store '%s'",
			    changes[i].path);
			goto out;
		}
		if ((i != 0 || parent_tree != NULL) &&
		    (error = git_tree_lookup(&base, store->repo,
		    &tree_oid)) < 0) {
			error = git_fail(error, "cannot read a tree");
			goto out;
		}
		error = tree_put(&tree_oid, NULL, store->repo, base,
		    changes[i].path, changes[i].path, changes[i].data != NULL ?
		    &blob : NULL);
		git_tree_free(base);
		if (error < 0)
			goto out;
	}
	if (count == 0 && parent_tree == NULL &&
	    (error = tree_put(&tree_oid, NULL, store->repo, NULL, "", "",
	    NULL)) < 0)
		goto out;
	if ((error = git_tree_lookup(&tree, store->repo, &tree_oid)) < 0) {
		error = git_fail(error, "cannot write a tree");
		goto out;
	}
	/*
	 * Stage the paths before the commit: a crash in between leaves a
	 * staged entry, never an index that would undo the commit.
	 */
	if ((error = update_index(store, changes, count, 0, NULL)) < 0) {
		*git_code = error;
		error = error == GIT_ELOCKED ? lock_fail(store, error,
		    "cannot update the index") :
		    git_fail(error, "cannot update the index");
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
	if ((error = git_signature_now(&author, name, email)) < 0) {
		error = git_fail(error, "cannot sign as '%s <%s>'", name,
		    email);
		goto out;
	}
	parents[0] = parent;
	/* libgit2 refuses (GIT_EMODIFIED) if HEAD moved since we read it. */
	if ((error = git_commit_create(&commit_oid, store->repo, "HEAD",
	    author, author, NULL, message, tree, parent != NULL ? 1 : 0,
	    parents)) < 0) {
		/* The message first: what follows sets libgit2's anew. */
		*git_code = error;
		error = error == GIT_ELOCKED || error == GIT_EMODIFIED ?
		    lock_fail(store, error, "cannot commit") :
		    git_fail(error, "cannot commit");
		/* It failed after HEAD moved (the reflog, say): it stands. */
		if (landed(store, parent, &tree_oid)) {
			*git_code = 0;
			error = 0;
			goto out;
		}
		/*
		 * The old state whole: the index as HEAD now has those paths,
		 * which a git commit that moved it may have taken in.
		 */
		if (head_tree(&now_tree, &now, store) == 0) {
			(void)update_index(store, changes, count, 1, now_tree);
			git_tree_free(now_tree);
			git_commit_free(now);
		} else
			(void)update_index(store, changes, count, 1,
			    parent_tree);
	}
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
	struct timespec	pause = { 0, LOCK_FIRST_SLEEP_NS };
	long		waited_ns = 0;
	int		error, git_code;

	/* A git command holding its lock for a moment is waited for. */
	while ((error = commit_once(store, changes, count, name, email,
	    message, &git_code)) < 0 && (git_code == GIT_ELOCKED ||
	    git_code == GIT_EMODIFIED) && waited_ns < LOCK_WAIT_NS) {
		nanosleep(&pause, NULL);
		waited_ns += pause.tv_nsec;
		if ((pause.tv_nsec *= 2) > LOCK_LAST_SLEEP_NS)
			pause.tv_nsec = LOCK_LAST_SLEEP_NS;
	}
	return error;
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

	if ((error = head_tree(&tree, &commit, store)) < 0)
		return error;
	if (tree == NULL)
		return tend_error_set(TEND_ENOTFOUND, "'%s' is not committed",
		    path);
	if ((error = git_tree_entry_bypath(&entry, tree, path)) < 0 ||
	    (error = git_blob_lookup(&blob, store->repo,
	    git_tree_entry_id(entry))) < 0) {
		error = git_fail(error, "cannot read '%s'", path);
		goto out;
	}
	*outlen = (size_t)git_blob_rawsize(blob);
	if ((*out = malloc(*outlen + 1)) == NULL) {
		error = tend_error_set(TEND_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(*out, git_blob_rawcontent(blob), *outlen);
	(*out)[*outlen] = '\0';
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
	walk->path.len = 0;
	if ((walk->error = tend_buf_printf(&walk->path, "%s/%s%s", walk->dir,
	    root, git_tree_entry_name(entry))) < 0)
		return -1;
	/* A positive return skips a folder's contents: nothing is read. */
	if (walk->skip != NULL && walk->skip(walk->path.data,
	    type == GIT_OBJECT_TREE, walk->arg))
		return 1;
	if (type == GIT_OBJECT_TREE)
		return 0;
	if (walk->with_content && (error = git_blob_lookup(&blob, walk->repo,
	    git_tree_entry_id(entry))) < 0) {
		walk->error = git_fail(error, "cannot read '%s'",
		    walk->path.data);
		return -1;
	}
	walk->error = walk->fn(walk->path.data, blob != NULL ?
	    git_blob_rawcontent(blob) : NULL, blob != NULL ?
	    (size_t)git_blob_rawsize(blob) : 0, walk->arg);
	git_blob_free(blob);
	return walk->error < 0 ? -1 : 0;
}

int
tend_store_list(struct tend_store *store, const char *dir, int with_content,
    int (*fn)(const char *, const char *, size_t, void *), void *arg)
{
	return tend_store_list_some(store, dir, with_content, NULL, fn, arg);
}

int
tend_store_list_some(struct tend_store *store, const char *dir,
    int with_content, int (*skip)(const char *, int, void *),
    int (*fn)(const char *, const char *, size_t, void *), void *arg)
{
	struct list_walk	 walk = { store->repo, dir, with_content, skip,
				    fn, arg, 0, TEND_BUF_INIT };
	git_tree		*tree, *subtree = NULL;
	git_commit		*commit;
	git_tree_entry		*entry = NULL;
	int			 error;

	if ((error = head_tree(&tree, &commit, store)) < 0 || tree == NULL)
		return error;
	error = git_tree_entry_bypath(&entry, tree, dir);
	if (error == GIT_ENOTFOUND) {
		error = 0;
		goto out;
	}
	if (error < 0 || git_tree_entry_type(entry) != GIT_OBJECT_TREE ||
	    (error = git_tree_lookup(&subtree, store->repo,
	    git_tree_entry_id(entry))) < 0) {
		error = error < 0 ? git_fail(error, "cannot read '%s'", dir) : 0;
		goto out;
	}
	error = git_tree_walk(subtree, GIT_TREEWALK_PRE, list_cb, &walk);
	if (walk.error < 0)
		error = walk.error;
	else if (error < 0)
		error = git_fail(error, "cannot read '%s'", dir);
out:
	tend_buf_free(&walk.path);
	git_tree_free(subtree);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	return error;
}

/*
 * tend.conf is edited with libgit2's config API, which works on files: the
 * text is put in a scratch file, and read back after each change.
 */

/* libgit2's message names the scratch file; name the file it stands for. */
static int
scratch_fail(const struct tend_conf *conf)
{
	const git_error	*last = git_error_last();
	const char	*message, *at;

	message = last != NULL && last->message != NULL ? last->message :
	    "unknown git error";
	if ((at = strstr(message, conf->scratch)) == NULL)
		return tend_error_set(TEND_ERROR, "cannot read '%s': %s",
		    conf->name, message);
	return tend_error_set(TEND_ERROR, "cannot read '%s': %.*s%s%s",
	    conf->name, (int)(at - message), message, conf->name,
	    at + strlen(conf->scratch));
}

int
tend_conf_load(struct tend_conf **out, const char *scratch_dir,
    const char *name, const char *text, size_t len)
{
	struct tend_conf	*conf;
	int			 error;

	if ((conf = calloc(1, sizeof(*conf))) == NULL ||
	    (conf->name = strdup(name)) == NULL) {
		error = tend_error_set(TEND_ENOMEM, "out of memory");
		goto fail;
	}
	if ((error = tend_fs_write_temp(&conf->scratch, scratch_dir,
	    "tend.conf", text, len)) < 0)
		goto fail;
	if (git_config_open_ondisk(&conf->config, conf->scratch) < 0) {
		error = scratch_fail(conf);
		goto fail;
	}
	*out = conf;
	return 0;
fail:
	tend_conf_free(conf);
	return error;
}

int
tend_conf_open(struct tend_conf **out, const char *path, const char *name)
{
	struct tend_conf	*conf;
	int			 error;

	if ((conf = calloc(1, sizeof(*conf))) == NULL ||
	    (conf->name = strdup(name)) == NULL) {
		free(conf);
		return tend_error_set(TEND_ENOMEM, "out of memory");
	}
	if ((error = git_config_open_ondisk(&conf->config, path)) < 0) {
		error = git_fail(error, "cannot read '%s'", name);
		tend_conf_free(conf);
		return error;
	}
	*out = conf;
	return 0;
}

int
tend_conf_refuse_includes(struct tend_conf *conf)
{
	git_config_iterator	*iter;
	git_config_entry	*entry;
	int			 error;

	if ((error = git_config_iterator_new(&iter, conf->config)) < 0)
		return git_fail(error, "cannot read '%s'", conf->name);
	while ((error = git_config_next(&entry, iter)) == 0)
		if (strncmp(entry->name, "include.", 8) == 0 ||
		    strncmp(entry->name, "includeif.", 10) == 0)
			break;
	if (error == 0)
		error = tend_error_set(TEND_EINVALID, "'%s' may not include "
		    "other files ('%s'); remove that line", conf->name,
		    entry->name);
	else if (error == GIT_ITEROVER)
		error = 0;
	else
		error = git_fail(error, "cannot read '%s'", conf->name);
	git_config_iterator_free(iter);
	return error;
}

void
tend_conf_free(struct tend_conf *conf)
{
	if (conf == NULL)
		return;
	git_config_free(conf->config);
	if (conf->scratch != NULL)
		unlink(conf->scratch);
	free(conf->scratch);
	free(conf->name);
	free(conf);
}

int
tend_conf_get(char **out, struct tend_conf *conf, const char *key)
{
	git_buf	value = GIT_BUF_INIT;
	int	error;

	error = git_config_get_string_buf(&value, conf->config, key);
	if (error == GIT_ENOTFOUND)
		return tend_error_set(TEND_ENOTFOUND, "'%s' has no '%s'",
		    conf->name, key);
	if (error < 0)
		return git_fail(error, "cannot read '%s' in '%s'", key,
		    conf->name);
	*out = strdup(value.ptr);
	git_buf_dispose(&value);
	return *out != NULL ? 0 : tend_error_set(TEND_ENOMEM, "out of memory");
}

/*
 * libgit2 appends a new key after the text as it is: a last line ending
 * in a backslash would swallow it.  So the scratch file is read again,
 * and a value that does not come back is an error, not a silent loss.
 */
int
tend_conf_set(struct tend_conf *conf, const char *key, const char *value)
{
	git_config	*check;
	git_buf		 back = GIT_BUF_INIT;
	int		 error;

	if ((error = git_config_set_string(conf->config, key, value)) < 0)
		return git_fail(error, "cannot set '%s' in '%s'", key,
		    conf->name);
	if (conf->scratch == NULL)
		return 0;
	if (git_config_open_ondisk(&check, conf->scratch) < 0)
		return scratch_fail(conf);
	error = git_config_get_string_buf(&back, check, key);
	if (error == 0 && strcmp(back.ptr, value) != 0)
		error = GIT_ENOTFOUND;
	git_buf_dispose(&back);
	git_config_free(check);
	if (error < 0)
		return tend_error_set(TEND_EINVALID, "cannot set '%s' in '%s': "
		    "the file would not read back as written (does a line end "
		    "in a backslash?)", key, conf->name);
	return 0;
}

struct conf_walk {
	int	(*fn)(const char *, const char *, void *);
	void	*arg;
	int	 error;
};

static int
conf_cb(const git_config_entry *entry, void *arg)
{
	struct conf_walk	*walk = arg;

	/* A key with no '=' has no value in libgit2: tend reads it as "". */
	if ((walk->error = walk->fn(entry->name, entry->value != NULL ?
	    entry->value : "", walk->arg)) < 0)
		return -1;
	return 0;
}

int
tend_conf_foreach(struct tend_conf *conf,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	struct conf_walk	walk = { fn, arg, 0 };
	int			error;

	/* Not git_config_foreach_match: its PCRE2 matching leaks. */
	error = git_config_foreach(conf->config, conf_cb, &walk);
	if (walk.error < 0)
		return walk.error;
	if (error < 0)
		return git_fail(error, "cannot read '%s'", conf->name);
	return 0;
}

int
tend_conf_text(char **out, size_t *len, struct tend_conf *conf)
{
	if (conf->scratch == NULL)
		return tend_error_set(TEND_EINVALID, "'%s' was opened only to "
		    "be read", conf->name);
	return tend_fs_read(out, len, conf->scratch);
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
		return git_fail(error, "cannot read '%s'", path);
	if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	return 0;
}

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
		return git_fail(error, "cannot walk the history");
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
		return git_fail(error, "cannot walk the history");
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
		return git_fail(error, "cannot read a commit's tree");
	entry = git_tree_entry_byname(tree, dir);
	if (entry != NULL && git_tree_entry_type(entry) == GIT_OBJECT_TREE &&
	    (error = git_tree_lookup(out, git_commit_owner(commit),
	    git_tree_entry_id(entry))) < 0)
		error = git_fail(error, "cannot read '%s'", dir);
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
	struct tend_file_change	*grown;
	unsigned int		 nparents = git_commit_parentcount(commit);
	unsigned int		 p, q;
	size_t			 i, n;
	int			 error;

	changes_free(*changes, *count);
	*changes = NULL;
	*count = 0;
	if (nparents > MAX_PARENTS)
		nparents = MAX_PARENTS;
	memset(theirs, 0, sizeof(theirs));
	if ((error = folder_of(&mine, commit, dir)) < 0)
		return error;
	for (p = 0; p < nparents; p++) {
		if ((error = git_commit_parent(&parent, commit, p)) < 0) {
			error = git_fail(error, "cannot read a parent commit");
			goto out;
		}
		error = folder_of(&theirs[p], parent, dir);
		git_commit_free(parent);
		if (error < 0)
			goto out;
		/* As a parent had it: nothing differs from every parent. */
		if ((mine == NULL && theirs[p] == NULL) || (mine != NULL &&
		    theirs[p] != NULL && git_oid_equal(git_tree_id(mine),
		    git_tree_id(theirs[p]))))
			goto out;
	}
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
			if ((grown = realloc(*changes, (*count + 1) *
			    sizeof(*grown))) == NULL ||
			    (grown[*count].name = strdup(
			    git_tree_entry_name(entry))) == NULL) {
				if (grown != NULL)
					*changes = grown;
				error = tend_error_set(TEND_ENOMEM,
				    "out of memory");
				goto out;
			}
			*changes = grown;
			if (blob != NULL)
				git_oid_tostr(grown[*count].blob,
				    sizeof(grown[*count].blob), blob);
			else
				grown[*count].blob[0] = '\0';
			(*count)++;
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
			error = git_fail(error, "cannot read a commit");
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

int
tend_store_trailers(const char *message,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	git_message_trailer_array	trailers;
	size_t				i;
	int				error;

	memset(&trailers, 0, sizeof(trailers));
	if ((error = git_message_trailers(&trailers, message)) < 0)
		return git_fail(error, "cannot read a commit message");
	for (i = 0, error = 0; i < trailers.count && error == 0; i++)
		error = fn(trailers.trailers[i].key, trailers.trailers[i].value,
		    arg);
	git_message_trailer_array_free(&trailers);
	return error;
}

int
tend_store_blob(char out[41], char commit_id[41], struct tend_store *store,
    const char *rev, const char *path)
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
		error = git_fail(error, "cannot read '%s'", rev);
	git_commit_free(commit);
	return error;
}

int
tend_store_read_blob(char **out, size_t *len, struct tend_store *store,
    const char *id)
{
	git_blob	*blob;
	git_oid		 oid;
	int		 error;

	if (git_oid_fromstr(&oid, id) < 0)
		return tend_error_set(TEND_EINVALID, "'%s' is not an object id",
		    id);
	if ((error = git_blob_lookup(&blob, store->repo, &oid)) < 0)
		return git_fail(error, "cannot read object %s", id);
	*len = (size_t)git_blob_rawsize(blob);
	if ((*out = malloc(*len + 1)) == NULL) {
		git_blob_free(blob);
		return tend_error_set(TEND_ENOMEM, "out of memory");
	}
	memcpy(*out, git_blob_rawcontent(blob), *len);
	(*out)[*len] = '\0';
	git_blob_free(blob);
	return 0;
}

int
tend_store_blob_id(char out[41], const char *data, size_t len)
{
	git_oid	oid;
	int	error;

	if ((error = git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB)) < 0)
		return git_fail(error, "cannot hash a text");
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
	return 0;
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
		return git_fail(error, "cannot compare two texts");
	error = git_patch_print(p, patch_line, &patch);
	git_patch_free(p);
	if (patch.error < 0)
		return patch.error;
	return error < 0 ? git_fail(error, "cannot print a diff") : 0;
}

/*
 * Talking to remotes: fetch, push, clone.  Credentials and progress go
 * through these callbacks; the certificate check passes through, so
 * libgit2's own ~/.ssh/known_hosts check decides and nothing is accepted
 * blindly.
 */
struct remote_state {
	const struct tend_progress	*progress;
	int				 attempts;	/* credential tries */
	char				*rejected;	/* a server's refusal */
	int				 error;
};

static int
credentials_cb(git_credential **out, const char *url, const char *username,
    unsigned int allowed, void *arg)
{
	static const char *const keys[] = { "id_ed25519", "id_ecdsa", "id_rsa" };
	struct remote_state	*state = arg;
	struct tend_buf		 private_key = TEND_BUF_INIT;
	struct tend_buf		 public_key = TEND_BUF_INIT;
	const char		*home = getenv("HOME");
	const char		*user = username != NULL ? username :
				    getenv("USER") != NULL ? getenv("USER") : "git";
	int			 attempt, error;

	(void)url;
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY)) {
		if (allowed & GIT_CREDENTIAL_USERNAME)
			return git_credential_username_new(out, user);
		return GIT_PASSTHROUGH;
	}
	/* The agent first, then each usual key once; then give up. */
	attempt = state->attempts++;
	if (getenv("SSH_AUTH_SOCK") != NULL && attempt-- == 0)
		return git_credential_ssh_key_from_agent(out, user);
	for (; attempt >= 0 && attempt < 3 && home != NULL; attempt++) {
		private_key.len = public_key.len = 0;
		if (tend_buf_printf(&private_key, "%s/.ssh/%s", home,
		    keys[attempt]) < 0 || tend_buf_printf(&public_key,
		    "%s.pub", private_key.data) < 0)
			break;
		if (!tend_fs_exists(private_key.data)) {
			state->attempts++;
			continue;
		}
		error = git_credential_ssh_key_new(out, user,
		    tend_fs_exists(public_key.data) ? public_key.data : NULL,
		    private_key.data, NULL);
		tend_buf_free(&private_key);
		tend_buf_free(&public_key);
		return error;
	}
	tend_buf_free(&private_key);
	tend_buf_free(&public_key);
	git_error_set_str(GIT_ERROR_SSH, "no SSH key was accepted (tried "
	    "ssh-agent and ~/.ssh/id_ed25519, id_ecdsa, id_rsa)");
	return GIT_EAUTH;
}

static int
certificate_cb(git_cert *cert, int valid, const char *host, void *arg)
{
	(void)cert;
	(void)valid;
	(void)host;
	(void)arg;
	return GIT_PASSTHROUGH;
}

static int
transfer_cb(const git_indexer_progress *stats, void *arg)
{
	struct remote_state	*state = arg;

	if (state->progress != NULL && state->progress->objects != NULL)
		state->progress->objects(stats->received_objects,
		    stats->total_objects, state->progress->arg);
	return 0;
}

static int
sideband_cb(const char *text, int len, void *arg)
{
	struct remote_state	*state = arg;
	struct tend_buf		 clean = TEND_BUF_INIT;

	if (state->progress == NULL || state->progress->remote_text == NULL)
		return 0;
	/*
	 * What a server sends reaches a terminal only made harmless; the
	 * carriage returns that redraw its progress lines become newlines.
	 */
	if (tend_buf_put(&clean, text, (size_t)len) == 0) {
		struct tend_buf	safe = TEND_BUF_INIT;
		size_t		i;

		for (i = 0; i < clean.len; i++)
			if (clean.data[i] == '\r')
				clean.data[i] = '\n';
		if (tend_text_sanitize(&safe, clean.data, clean.len) == 0)
			state->progress->remote_text(safe.data,
			    state->progress->arg);
		tend_buf_free(&safe);
	}
	tend_buf_free(&clean);
	return 0;
}

static int
push_update_cb(const char *ref, const char *status, void *arg)
{
	struct remote_state	*state = arg;

	(void)ref;
	if (status != NULL && state->rejected == NULL)
		state->rejected = strdup(status);
	return 0;
}

static void
remote_callbacks(git_remote_callbacks *callbacks, struct remote_state *state,
    const char *url)
{
	/* Only http(s) can meet TLS; a URL rewritten to https by insteadOf
	 * finds no certificate trusted, and fails. */
	if (url != NULL && (strncasecmp(url, "https://", 8) == 0 ||
	    strncasecmp(url, "http://", 7) == 0))
		certificates_load();
	git_remote_init_callbacks(callbacks, GIT_REMOTE_CALLBACKS_VERSION);
	callbacks->credentials = credentials_cb;
	callbacks->certificate_check = certificate_cb;
	callbacks->transfer_progress = transfer_cb;
	callbacks->sideband_progress = sideband_cb;
	callbacks->push_update_reference = push_update_cb;
	callbacks->payload = state;
}

/*
 * A remote error, with a hint for the ones people can act on.  Without
 * WHAT the caller names the URL itself, as tend clone does.
 */
static int
remote_fail(int git_code, const char *what, const char *url)
{
	const git_error	*last = git_error_last();
	const char	*message = last != NULL && last->message != NULL ?
			    last->message : "unknown error";
	const char	*host_start, *host_end;
	char		 context[512] = "";

	if (what != NULL)
		snprintf(context, sizeof(context), "cannot %s '%s': ", what,
		    url);

	if (git_code == GIT_ECERTIFICATE || strstr(message, "hostkey") !=
	    NULL) {
		/* "ssh://user@host:port/path" or "user@host:path". */
		host_start = strstr(url, "://");
		host_start = host_start != NULL ? host_start + 3 : url;
		if (strchr(host_start, '@') != NULL)
			host_start = strchr(host_start, '@') + 1;
		host_end = host_start + strcspn(host_start, ":/");
		return tend_error_set(TEND_ERROR, "%sthe host key of '%.*s' "
		    "is not in ~/.ssh/known_hosts; check it, then run "
		    "'ssh-keyscan %.*s >>~/.ssh/known_hosts'", context,
		    (int)(host_end - host_start), host_start,
		    (int)(host_end - host_start), host_start);
	}
	return tend_error_set(git_code == GIT_ENOTFOUND ? TEND_ENOTFOUND :
	    TEND_ERROR, "%s%s", context, message);
}

int
tend_store_remote_url(char **out, struct tend_store *store, const char *name)
{
	git_remote	*remote;
	int		 error;

	if ((error = git_remote_lookup(&remote, store->repo, name)) < 0)
		return error == GIT_ENOTFOUND ? tend_error_set(TEND_ENOTFOUND,
		    "there is no remote '%s'", name) :
		    git_fail(error, "cannot read remote '%s'", name);
	*out = git_remote_url(remote) != NULL ?
	    strdup(git_remote_url(remote)) : NULL;
	git_remote_free(remote);
	return *out != NULL ? 0 : tend_error_set(TEND_ENOTFOUND,
	    "remote '%s' has no URL", name);
}

int
tend_store_fetch(struct tend_store *store, const char *name,
    const struct tend_progress *progress)
{
	git_fetch_options	 opts;
	struct remote_state	 state = { progress, 0, NULL, 0 };
	git_remote		*remote;
	int			 error;

	if ((error = git_remote_lookup(&remote, store->repo, name)) < 0)
		return git_fail(error, "cannot read remote '%s'", name);
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &state, git_remote_url(remote));
	if ((error = git_remote_fetch(remote, NULL, &opts, "sync: fetch")) < 0)
		error = remote_fail(error, "fetch from",
		    git_remote_url(remote));
	git_remote_free(remote);
	return error;
}

int
tend_store_branch(char **out, struct tend_store *store)
{
	git_reference	*head;
	const char	*name;
	int		 error;

	if ((error = git_reference_lookup(&head, store->repo, "HEAD")) < 0)
		return git_fail(error, "cannot read HEAD");
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
	return *out != NULL ? 0 : tend_error_set(TEND_ENOMEM, "out of memory");
}

int
tend_store_head(char out[41], struct tend_store *store)
{
	git_oid	oid;
	int	error;

	out[0] = '\0';
	error = git_reference_name_to_id(&oid, store->repo, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return 0;
	if (error < 0)
		return git_fail(error, "cannot resolve HEAD");
	git_oid_tostr(out, 41, &oid);
	return 0;
}

int
tend_store_relation(enum tend_relation *relation, char theirs[41],
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
		return git_fail(error, "cannot read %s/%s", remote, branch);
	git_oid_tostr(theirs, 41, &theirs_oid);
	if ((error = git_reference_name_to_id(&ours_oid, store->repo,
	    "HEAD")) < 0)
		return git_fail(error, "cannot resolve HEAD");
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
		return git_fail(error, "cannot compare with %s/%s", remote,
		    branch);
	*relation = behind == 0 ? TEND_AHEAD : ahead == 0 ? TEND_BEHIND :
	    TEND_DIVERGED;
	return 0;
}

int
tend_store_busy(struct tend_store *store)
{
	return git_repository_state(store->repo) != GIT_REPOSITORY_STATE_NONE;
}

int
tend_store_changes(struct tend_store *store,
    int (*fn)(const char *, void *), void *arg)
{
	git_status_options	 opts;
	git_status_list		*list;
	const git_status_entry	*entry;
	const char		*path;
	size_t			 i;
	int			 error;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	/*
	 * As git status does, keep what was learned of files whose stat data
	 * had gone stale (after a copy, say), so that they are not read and
	 * hashed again the next time.
	 */
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_UPDATE_INDEX;
	if ((error = git_status_list_new(&list, store->repo, &opts)) < 0)
		return git_fail(error, "cannot read the work tree's status");
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

/* Put TREE in the work tree and index, leaving alone what the user changed. */
/*
 * Check NEW out, then move the branch from OLD to it.  A sync cut short
 * between the two (a kill, a failing disk) would leave the partner's
 * files in the work tree as if they were local changes, so the move is
 * written down first and the next tend_store_finish_advance completes it.
 */
static int
advance(struct tend_store *store, const git_oid *old, git_commit *new,
    const char *message)
{
	git_checkout_options	 opts;
	git_tree		*tree;
	char			 ids[2 * GIT_OID_HEXSZ + 3], *path, *slash;
	int			 error;

	if ((error = git_commit_tree(&tree, new)) < 0)
		return git_fail(error, "cannot read the commit to take in");
	git_oid_tostr(ids, GIT_OID_HEXSZ + 1, old);
	ids[GIT_OID_HEXSZ] = ' ';
	git_oid_tostr(ids + GIT_OID_HEXSZ + 1, GIT_OID_HEXSZ + 1,
	    git_commit_id(new));
	ids[2 * GIT_OID_HEXSZ + 1] = '\n';
	ids[2 * GIT_OID_HEXSZ + 2] = '\0';
	if ((path = tend_fs_join(store->gitdir, TEND_ADVANCE_FILE)) == NULL) {
		git_tree_free(tree);
		return tend_error_set(TEND_ENOMEM, "out of memory");
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
	opts.checkout_strategy = GIT_CHECKOUT_SAFE;
	if ((error = git_checkout_tree(store->repo, (git_object *)tree,
	    &opts)) == GIT_ECONFLICT) {
		/* Refused before anything was written: nothing to finish. */
		error = git_fail(error, "cannot update the work tree");
		(void)unlink(path);
		goto out;
	}
	if (error < 0)
		error = git_fail(error, "cannot update the work tree");
	else if ((error = move_branch(store, old, git_commit_id(new),
	    message)) == 0 && unlink(path) < 0)
		error = tend_error_errno("cannot remove '%s'", path);
out:
	free(path);
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
taken_in(int *ok, struct tend_store *store, const char *name,
    const git_diff_delta *delta)
{
	struct stat	 st;
	git_blob	*blob = NULL;
	git_oid		 oid;
	char		*path, *data = NULL;
	size_t		 len;
	int		 error = 0;

	*ok = 0;
	if ((path = tend_fs_join(store->workdir, name)) == NULL)
		return tend_error_set(TEND_ENOMEM, "out of memory");
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
		error = git_fail(error, "cannot read '%s'", path);
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
		error = git_fail(error, "cannot read '%s'", name);
		goto out;
	}
	if ((git_object_size_t)st.st_size < git_blob_rawsize(blob)) {
		if ((error = tend_fs_read(&data, &len, path)) < 0)
			goto out;
		*ok = len < git_blob_rawsize(blob) &&
		    memcmp(data, git_blob_rawcontent(blob), len) == 0;
	}
out:
	git_blob_free(blob);
	free(data);
	free(path);
	return error;
}

int
tend_store_finish_advance(struct tend_store *store)
{
	git_checkout_options	 opts;
	git_strarray		 paths = { NULL, 0 };
	git_commit		*old_commit = NULL, *new_commit = NULL;
	git_tree		*old_tree = NULL, *new_tree = NULL;
	git_diff		*diff = NULL;
	git_oid			 old, new, head;
	const git_diff_delta	*delta;
	char			*path, *ids = NULL;
	size_t			 len, i;
	int			 error, ok;

	if ((path = tend_fs_join(store->gitdir, TEND_ADVANCE_FILE)) == NULL)
		return tend_error_set(TEND_ENOMEM, "out of memory");
	if ((error = tend_fs_read(&ids, &len, path)) < 0) {
		free(path);
		return error == TEND_ENOTFOUND ? 0 : error;
	}
	if (len != 2 * GIT_OID_HEXSZ + 2 || ids[GIT_OID_HEXSZ] != ' ' ||
	    ids[len - 1] != '\n' ||
	    git_oid_fromstrn(&old, ids, GIT_OID_HEXSZ) < 0 ||
	    git_oid_fromstrn(&new, ids + GIT_OID_HEXSZ + 1,
	    GIT_OID_HEXSZ) < 0) {
		error = tend_error_set(TEND_ERROR, "'%s' is damaged; remove "
		    "it, then see what an earlier sync left with 'git status'",
		    path);
		goto out;
	}
	/* Finished, or git moved the branch since: nothing left to do. */
	if (git_reference_name_to_id(&head, store->repo, "HEAD") < 0 ||
	    !git_oid_equal(&head, &old))
		goto done;
	if ((error = git_commit_lookup(&old_commit, store->repo, &old)) < 0 ||
	    (error = git_commit_lookup(&new_commit, store->repo, &new)) < 0 ||
	    (error = git_commit_tree(&old_tree, old_commit)) < 0 ||
	    (error = git_commit_tree(&new_tree, new_commit)) < 0 ||
	    (error = git_diff_tree_to_tree(&diff, store->repo, old_tree,
	    new_tree, NULL)) < 0) {
		error = git_fail(error, "cannot finish the sync cut short in "
		    "'%s'", store->workdir);
		goto out;
	}
	paths.count = git_diff_num_deltas(diff);
	if (paths.count > 0 &&
	    (paths.strings = calloc(paths.count, sizeof(char *))) == NULL) {
		error = tend_error_set(TEND_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < paths.count; i++) {
		delta = git_diff_get_delta(diff, i);
		/* Deltas keep the paths, which the strarray only borrows. */
		paths.strings[i] = (char *)(delta->status == GIT_DELTA_DELETED ?
		    delta->old_file.path : delta->new_file.path);
		if ((error = taken_in(&ok, store, paths.strings[i],
		    delta)) < 0)
			goto out;
		if (!ok) {
			error = tend_error_set(TEND_ERROR, "a sync cut short "
			    "in '%s' was taking in '%s', and it has changed "
			    "since; put that change aside with 'git stash -u', "
			    "then run tend again", store->workdir,
			    paths.strings[i]);
			goto out;
		}
	}
	/* No paths would mean the whole tree. */
	if (paths.count > 0) {
		git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
		opts.checkout_strategy = GIT_CHECKOUT_FORCE |
		    GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
		opts.paths = paths;
		if ((error = git_checkout_tree(store->repo,
		    (git_object *)new_tree, &opts)) < 0) {
			error = git_fail(error, "cannot finish the sync cut "
			    "short in '%s'", store->workdir);
			goto out;
		}
	}
	if ((error = move_branch(store, &old, &new,
	    "sync: finish a sync cut short")) < 0)
		goto out;
done:
	if (unlink(path) < 0 && errno != ENOENT)
		error = tend_error_errno("cannot remove '%s'", path);
out:
	free(paths.strings);
	git_diff_free(diff);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	git_commit_free(old_commit);
	git_commit_free(new_commit);
	free(ids);
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
		return git_fail(error, "cannot read HEAD");
	error = git_reference_resolve(&branch, head);
	git_reference_free(head);
	if (error < 0)
		return git_fail(error, "cannot read the branch");
	if (!git_oid_equal(git_reference_target(branch), old))
		error = tend_error_set(TEND_ECONFLICT, "the branch moved while "
		    "syncing; run it again");
	else if ((error = git_reference_set_target(&moved, branch, new,
	    message)) < 0)
		error = error == GIT_ELOCKED ? lock_fail(store, error,
		    "cannot move the branch") :
		    git_fail(error, "cannot move the branch");
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
		return git_fail(error, "cannot read %s", target);
	error = advance(store, &head, commit, "sync: fast-forward");
	git_commit_free(commit);
	return error;
}

/*
 * Settle one conflicted path in INDEX so that nothing is lost: both sides
 * in one file with conflict markers, or the side that still has it.
 */
static int
keep_both(git_index *index, git_repository *repo, const char *path,
    const git_index_entry *base, const git_index_entry *ours,
    const git_index_entry *theirs, const char *our_label,
    const char *their_label)
{
	git_merge_file_options	 opts;
	git_merge_file_result	 merged;
	git_index_entry		 entry;
	const git_index_entry	*kept = ours != NULL ? ours : theirs;
	int			 error;

	/* PATH is our own copy: removing the conflict frees the entries'. */
	memset(&entry, 0, sizeof(entry));
	entry.path = path;
	entry.mode = kept->mode;
	if (ours != NULL && theirs != NULL) {
		git_merge_file_options_init(&opts,
		    GIT_MERGE_FILE_OPTIONS_VERSION);
		opts.our_label = our_label;
		opts.their_label = their_label;
		if ((error = git_merge_file_from_index(&merged, repo, base, ours,
		    theirs, &opts)) < 0)
			return error;
		error = git_blob_create_from_buffer(&entry.id, repo, merged.ptr,
		    merged.len);
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
tend_store_merge(struct tend_store *store, const char *target,
    const char *name, const char *email, const char *message,
    const char *their_label, int (*conflict)(const char *, void *), void *arg)
{
	git_merge_options		 opts;
	git_index_conflict_iterator	*conflicts = NULL;
	const git_index_entry		*base, *ours, *theirs;
	git_commit			*our_commit = NULL, *their_commit = NULL;
	git_commit			*merge_commit = NULL;
	const git_commit		*parents[2];
	git_signature			*author = NULL;
	git_index			*index = NULL;
	git_tree			*tree = NULL;
	git_oid				 our_oid, their_oid, tree_oid, merged;
	char				**paths = NULL;
	size_t				 npaths = 0, i;
	int				 error;

	if (git_oid_fromstr(&their_oid, target) < 0 ||
	    git_reference_name_to_id(&our_oid, store->repo, "HEAD") < 0)
		return tend_error_set(TEND_ERROR, "cannot merge %s", target);
	if ((error = git_commit_lookup(&our_commit, store->repo,
	    &our_oid)) < 0 || (error = git_commit_lookup(&their_commit,
	    store->repo, &their_oid)) < 0) {
		error = git_fail(error, "cannot read the commits to merge");
		goto out;
	}
	git_merge_options_init(&opts, GIT_MERGE_OPTIONS_VERSION);
	/* In memory: the work tree changes only once all is settled. */
	if ((error = git_merge_commits(&index, store->repo, our_commit,
	    their_commit, &opts)) < 0) {
		error = git_fail(error, "cannot merge");
		goto out;
	}
	if (git_index_has_conflicts(index)) {
		if ((error = git_index_conflict_iterator_new(&conflicts,
		    index)) < 0) {
			error = git_fail(error, "cannot read the conflicts");
			goto out;
		}
		/* Collect first: settling changes what the iterator walks. */
		while ((error = git_index_conflict_next(&base, &ours, &theirs,
		    conflicts)) == 0) {
			char **grown = realloc(paths, (npaths + 1) *
			    sizeof(*grown));

			if (grown == NULL) {
				error = tend_error_set(TEND_ENOMEM,
				    "out of memory");
				goto out;
			}
			paths = grown;
			if ((paths[npaths] = strdup(ours != NULL ? ours->path :
			    theirs->path)) == NULL) {
				error = tend_error_set(TEND_ENOMEM,
				    "out of memory");
				goto out;
			}
			npaths++;
		}
		git_index_conflict_iterator_free(conflicts);
		conflicts = NULL;
		for (i = 0; i < npaths; i++) {
			if ((error = git_index_conflict_get(&base, &ours,
			    &theirs, index, paths[i])) < 0 ||
			    (error = keep_both(index, store->repo, paths[i],
			    base, ours, theirs, "ours", their_label)) < 0) {
				error = git_fail(error, "cannot keep both "
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
	error = git_index_write_tree_to(&tree_oid, index, store->repo);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	if (error < 0 ||
	    (error = git_tree_lookup(&tree, store->repo, &tree_oid)) < 0 ||
	    (error = git_signature_now(&author, name, email)) < 0) {
		error = git_fail(error, "cannot write the merge");
		goto out;
	}
	parents[0] = our_commit;
	parents[1] = their_commit;
	if ((error = git_commit_create(&merged, store->repo, NULL, author,
	    author, NULL, message, tree, 2, parents)) < 0 ||
	    (error = git_commit_lookup(&merge_commit, store->repo,
	    &merged)) < 0) {
		error = git_fail(error, "cannot commit the merge");
		goto out;
	}
	error = advance(store, &our_oid, merge_commit, message);
out:
	git_commit_free(merge_commit);
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	git_index_conflict_iterator_free(conflicts);
	git_signature_free(author);
	git_tree_free(tree);
	git_index_free(index);
	git_commit_free(our_commit);
	git_commit_free(their_commit);
	return error;
}

int
tend_store_outgoing(struct tend_store *store, const char *remote_head,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	git_revwalk	*walk;
	git_commit	*commit, *parent;
	git_tree	*tree, *parent_tree;
	git_diff	*diff;
	git_oid		 oid;
	char		 blob[GIT_OID_HEXSZ + 1];
	size_t		 i;
	int		 error;

	if ((error = git_revwalk_new(&walk, store->repo)) < 0 ||
	    (error = git_revwalk_push_head(walk)) < 0 ||
	    (remote_head[0] != '\0' && (git_oid_fromstr(&oid, remote_head) < 0 ||
	    (error = git_revwalk_hide(walk, &oid)) < 0))) {
		git_revwalk_free(walk);
		return git_fail(error, "cannot list the commits to push");
	}
	while (error == 0 && git_revwalk_next(&oid, walk) == 0) {
		parent = NULL;
		parent_tree = NULL;
		diff = NULL;
		tree = NULL;
		if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0) {
			error = git_fail(error, "cannot read a commit to push");
			break;
		}
		if ((error = git_commit_tree(&tree, commit)) == 0 &&
		    git_commit_parentcount(commit) > 0 &&
		    (error = git_commit_parent(&parent, commit, 0)) == 0)
			error = git_commit_tree(&parent_tree, parent);
		/* What the commit adds or changes against its first parent. */
		if (error == 0)
			error = git_diff_tree_to_tree(&diff, store->repo,
			    parent_tree, tree, NULL);
		if (error < 0)
			error = git_fail(error, "cannot read a commit to push");
		for (i = 0; error == 0 && diff != NULL &&
		    i < git_diff_num_deltas(diff); i++) {
			const git_diff_delta *delta = git_diff_get_delta(diff,
			    i);

			if (delta->status == GIT_DELTA_DELETED)
				continue;
			git_oid_tostr(blob, sizeof(blob), &delta->new_file.id);
			error = fn(delta->new_file.path, blob, arg);
		}
		git_diff_free(diff);
		git_tree_free(parent_tree);
		git_commit_free(parent);
		git_tree_free(tree);
		git_commit_free(commit);
	}
	git_revwalk_free(walk);
	return error;
}

int
tend_store_incoming(struct tend_store *store, const char *target,
    int (*fn)(const char *, int, void *), void *arg)
{
	git_tree	*ours = NULL, *theirs = NULL;
	git_commit	*head = NULL, *commit = NULL;
	git_diff	*diff = NULL;
	git_oid		 oid;
	size_t		 i;
	int		 error;

	if ((error = head_tree(&ours, &head, store)) < 0)
		return error;
	if ((error = git_oid_fromstr(&oid, target)) < 0 ||
	    (error = git_commit_lookup(&commit, store->repo, &oid)) < 0 ||
	    (error = git_commit_tree(&theirs, commit)) < 0 ||
	    (error = git_diff_tree_to_tree(&diff, store->repo, ours, theirs,
	    NULL)) < 0)
		error = git_fail(error, "cannot read the commits to take in");
	for (i = 0; error == 0 && diff != NULL && i < git_diff_num_deltas(diff);
	    i++) {
		const git_diff_delta *delta = git_diff_get_delta(diff, i);

		if (delta->status == GIT_DELTA_DELETED)
			continue;
		error = fn(delta->new_file.path,
		    delta->new_file.mode == GIT_FILEMODE_LINK ? TEND_PATH_LINK :
		    delta->new_file.mode == GIT_FILEMODE_COMMIT ?
		    TEND_PATH_SUBMODULE : TEND_PATH_FILE, arg);
	}
	git_diff_free(diff);
	git_tree_free(theirs);
	git_commit_free(commit);
	git_tree_free(ours);
	git_commit_free(head);
	return error;
}

int
tend_store_push(struct tend_store *store, const char *name,
    const char *branch, const struct tend_progress *progress)
{
	git_push_options	 opts;
	struct remote_state	 state = { progress, 0, NULL, 0 };
	struct tend_buf		 refspec = TEND_BUF_INIT;
	git_strarray		 refspecs;
	git_remote		*remote;
	char			*spec;
	int			 error;

	if ((error = git_remote_lookup(&remote, store->repo, name)) < 0)
		return git_fail(error, "cannot read remote '%s'", name);
	/* No '+': the remote must be an ancestor, or the push is refused. */
	if ((error = tend_buf_printf(&refspec, "refs/heads/%s:refs/heads/%s",
	    branch, branch)) < 0)
		goto out;
	spec = refspec.data;
	refspecs.strings = &spec;
	refspecs.count = 1;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &state, git_remote_url(remote));
	error = git_remote_push(remote, &refspecs, &opts);
	/* A partner's push came first, or is landing right now. */
	if (error == GIT_ENONFASTFORWARD || error == GIT_ELOCKED ||
	    (state.rejected != NULL &&
	    (strstr(state.rejected, "fast-forward") != NULL ||
	    strstr(state.rejected, "fetch first") != NULL)))
		error = tend_error_set(TEND_ECONFLICT, "the remote moved on");
	else if (error < 0)
		error = remote_fail(error, "push to", git_remote_url(remote));
	else if (state.rejected != NULL)
		error = tend_error_set(TEND_ERROR, "'%s' refused the push: %s",
		    git_remote_url(remote), state.rejected);
out:
	free(state.rejected);
	tend_buf_free(&refspec);
	git_remote_free(remote);
	return error;
}

int
tend_store_clone(struct tend_store **out, const char *url, const char *dir,
    const struct tend_progress *progress)
{
	git_clone_options	 opts;
	struct remote_state	 state = { progress, 0, NULL, 0 };
	git_repository		*repo;
	int			 error;

	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	remote_callbacks(&opts.fetch_opts.callbacks, &state, url);
	if ((error = git_clone(&repo, url, dir, &opts)) < 0)
		return remote_fail(error, NULL, url);
	return store_wrap(out, repo, dir);
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
tend_store_first_commit(char out[41], struct tend_store *store)
{
	git_revwalk	*walk;
	git_oid		 oid;
	int		 error;

	out[0] = '\0';
	if ((error = git_revwalk_new(&walk, store->repo)) < 0 ||
	    (error = git_revwalk_push_head(walk)) < 0) {
		git_revwalk_free(walk);
		return git_fail(error, "cannot walk the history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (git_revwalk_next(&oid, walk) == 0)
		git_oid_tostr(out, 41, &oid);
	git_revwalk_free(walk);
	return 0;
}

/*
 * Checking a repository, for tend doctor.  libgit2 has no fsck: every
 * object reachable from a ref or the index is read, which checks its hash,
 * and parsed, so that one missing or damaged is named with the ref that
 * reaches it.
 *
 * libgit2 up to 1.8 loops forever on a loose object cut short (its issue
 * 7342), so the walk runs in a child process that announces each object
 * before reading it.  When the child makes no progress for a while, the
 * object it announced last is the damaged one: the child is killed, and
 * the walk starts again without it.
 */
#define VERIFY_STALL	5	/* seconds one object may take to read */
#define VERIFY_RESTARTS	16	/* hung objects before giving up */

struct oid_set {
	git_oid		*slots;
	unsigned char	*used;
	size_t		 cap;		/* a power of two */
	size_t		 count;
};

struct verify_item {
	git_oid		 oid;
	git_object_t	 type;		/* what the referrer says it is */
	char		*path;		/* in the tree, or NULL */
};

/* The child's side: the walk, told record by record through FD. */
struct verify {
	git_repository		*repo;
	struct oid_set		 seen;
	struct verify_item	*stack;
	size_t			 depth;
	size_t			 cap;
	size_t			 count;
	const char		*from;	/* the ref being walked */
	int			 fd;
};

/*
 * A record is a letter and NUL-terminated fields: R (about to read) and
 * D (damaged) give id, type, ref, path and cause; E (the end) the count.
 */
#define RECORD_FIELDS	5

/* Add OID: 1 when it is new, 0 when it was there, < 0 out of memory. */
static int
oid_set_add(struct oid_set *set, const git_oid *oid)
{
	struct oid_set	 grown;
	size_t		 i, hash, mask;

	if (set->count * 2 >= set->cap) {
		grown.cap = set->cap != 0 ? set->cap * 2 : 1024;
		grown.count = 0;
		grown.slots = calloc(grown.cap, sizeof(*grown.slots));
		grown.used = calloc(grown.cap, 1);
		if (grown.slots == NULL || grown.used == NULL) {
			free(grown.slots);
			free(grown.used);
			return tend_error_set(TEND_ENOMEM, "out of memory");
		}
		for (i = 0; i < set->cap; i++)
			if (set->used[i])
				(void)oid_set_add(&grown, &set->slots[i]);
		free(set->slots);
		free(set->used);
		*set = grown;
	}
	mask = set->cap - 1;
	/* An object id is a hash already: its first bytes spread well. */
	memcpy(&hash, oid->id, sizeof(hash));
	for (i = hash & mask; set->used[i]; i = (i + 1) & mask)
		if (git_oid_equal(&set->slots[i], oid))
			return 0;
	git_oid_cpy(&set->slots[i], oid);
	set->used[i] = 1;
	set->count++;
	return 1;
}

static void
oid_set_free(struct oid_set *set)
{
	free(set->slots);
	free(set->used);
	memset(set, 0, sizeof(*set));
}

/* Write one record; the parent reading it is gone if this fails. */
static int
verify_record(struct verify *v, char kind, const char *const *fields,
    size_t count)
{
	struct tend_buf	 record = TEND_BUF_INIT;
	const char	*p;
	size_t		 i, left;
	ssize_t		 n;
	int		 error;

	if ((error = tend_buf_put(&record, &kind, 1)) < 0)
		return error;
	for (i = 0; i < count && error == 0; i++)
		error = tend_buf_put(&record, fields[i], strlen(fields[i]) + 1);
	for (p = record.data, left = record.len; error == 0 && left > 0;
	    p += n, left -= (size_t)n)
		if ((n = write(v->fd, p, left)) < 0) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			error = tend_error_errno("cannot report");
		}
	tend_buf_free(&record);
	return error;
}

static int
verify_tell(struct verify *v, char kind, const struct verify_item *item,
    const char *cause)
{
	const char	*fields[RECORD_FIELDS];
	char		 id[GIT_OID_HEXSZ + 1];

	git_oid_tostr(id, sizeof(id), &item->oid);
	fields[0] = id;
	fields[1] = item->type == GIT_OBJECT_ANY ? "object" :
	    git_object_type2string(item->type);
	fields[2] = v->from;
	fields[3] = item->path != NULL ? item->path : "";
	fields[4] = cause;
	return verify_record(v, kind, fields, RECORD_FIELDS);
}

/* Put OID on the stack, once: DIR/NAME is its path, when it has one. */
static int
verify_push(struct verify *v, const git_oid *oid, git_object_t type,
    const char *dir, const char *name)
{
	struct verify_item	*stack;
	struct tend_buf		 path = TEND_BUF_INIT;
	int			 error;

	if ((error = oid_set_add(&v->seen, oid)) <= 0)
		return error;
	if (v->depth == v->cap) {
		v->cap = v->cap != 0 ? v->cap * 2 : 64;
		if ((stack = realloc(v->stack, v->cap * sizeof(*stack))) ==
		    NULL)
			return tend_error_set(TEND_ENOMEM, "out of memory");
		v->stack = stack;
	}
	if (name != NULL && (error = tend_buf_printf(&path, "%s%s%s",
	    dir != NULL ? dir : "", dir != NULL ? "/" : "", name)) < 0)
		return error;
	git_oid_cpy(&v->stack[v->depth].oid, oid);
	v->stack[v->depth].type = type;
	v->stack[v->depth].path = name != NULL ? tend_buf_detach(&path) : NULL;
	v->depth++;
	return 0;
}

/* Read one object and put what it refers to on the stack. */
static int
verify_one(struct verify *v, const struct verify_item *item)
{
	const git_error		*last;
	const git_tree_entry	*entry;
	git_object		*object;
	git_commit		*commit;
	git_object_t		 type;
	char			 cause[256];
	size_t			 i;
	int			 error;

	if ((error = verify_tell(v, 'R', item, "")) < 0)
		return error;
	if ((error = git_object_lookup(&object, v->repo, &item->oid,
	    GIT_OBJECT_ANY)) < 0) {
		last = git_error_last();
		if (error == GIT_ENOTFOUND)
			snprintf(cause, sizeof(cause), "is missing");
		else
			snprintf(cause, sizeof(cause), "cannot be read: %s",
			    last != NULL && last->message != NULL ?
			    last->message : "unknown git error");
		return verify_tell(v, 'D', item, cause);
	}
	v->count++;
	type = git_object_type(object);
	if (item->type != GIT_OBJECT_ANY && type != item->type) {
		snprintf(cause, sizeof(cause), "is a %s",
		    git_object_type2string(type));
		error = verify_tell(v, 'D', item, cause);
		git_object_free(object);
		return error;
	}
	error = 0;
	switch (type) {
	case GIT_OBJECT_COMMIT:
		commit = (git_commit *)object;
		error = verify_push(v, git_commit_tree_id(commit),
		    GIT_OBJECT_TREE, NULL, NULL);
		for (i = 0; error == 0 && i < git_commit_parentcount(commit);
		    i++)
			error = verify_push(v, git_commit_parent_id(commit,
			    (unsigned int)i), GIT_OBJECT_COMMIT, NULL, NULL);
		break;
	case GIT_OBJECT_TREE:
		for (i = 0; error == 0 &&
		    i < git_tree_entrycount((git_tree *)object); i++) {
			entry = git_tree_entry_byindex((git_tree *)object, i);
			/* A submodule's commit lives in another repository. */
			if (git_tree_entry_type(entry) == GIT_OBJECT_COMMIT)
				continue;
			error = verify_push(v, git_tree_entry_id(entry),
			    git_tree_entry_type(entry), item->path,
			    git_tree_entry_name(entry));
		}
		break;
	case GIT_OBJECT_TAG:
		error = verify_push(v, git_tag_target_id((git_tag *)object),
		    git_tag_target_type((git_tag *)object), NULL, NULL);
		break;
	default:
		break;
	}
	git_object_free(object);
	return error;
}

/* Read everything OID reaches, FROM naming where the walk started. */
static int
verify_from(struct verify *v, const git_oid *oid, const char *from,
    git_object_t type, const char *path)
{
	struct verify_item	item;
	int			error;

	v->from = from;
	if ((error = verify_push(v, oid, type, NULL, path)) < 0)
		return error;
	while (error == 0 && v->depth > 0) {
		item = v->stack[--v->depth];
		error = verify_one(v, &item);
		free(item.path);
	}
	return error;
}

/* The child's walk: refs, a detached HEAD, the index; then an E record. */
static int
verify_walk(struct verify *v)
{
	git_reference_iterator	*refs = NULL;
	git_reference		*ref;
	git_index		*index = NULL;
	const git_index_entry	*entry;
	const char		*fields[1];
	git_oid			 head;
	char			 count[32];
	size_t			 i;
	int			 error;

	if ((error = git_reference_iterator_new(&refs, v->repo)) < 0)
		return git_fail(error, "cannot list the refs");
	for (;;) {
		if ((error = git_reference_next(&ref, refs)) < 0) {
			error = error == GIT_ITEROVER ? 0 :
			    git_fail(error, "cannot list the refs");
			break;
		}
		/* A symbolic ref (origin/HEAD) names one listed anyway. */
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT)
			error = verify_from(v, git_reference_target(ref),
			    git_reference_name(ref), GIT_OBJECT_ANY, NULL);
		git_reference_free(ref);
		if (error < 0)
			break;
	}
	git_reference_iterator_free(refs);
	/* A detached HEAD is a ref of its own. */
	if (error == 0 && git_repository_head_detached(v->repo) == 1 &&
	    git_reference_name_to_id(&head, v->repo, "HEAD") == 0)
		error = verify_from(v, &head, "HEAD", GIT_OBJECT_COMMIT, NULL);
	if (error == 0 && (error = git_repository_index(&index, v->repo)) < 0)
		error = git_fail(error, "cannot read the index");
	for (i = 0; error == 0 && i < git_index_entrycount(index); i++) {
		entry = git_index_get_byindex(index, i);
		if (entry != NULL && entry->mode != GIT_FILEMODE_COMMIT)
			error = verify_from(v, &entry->id, "the index",
			    GIT_OBJECT_BLOB, entry->path);
	}
	git_index_free(index);
	if (error == 0) {
		snprintf(count, sizeof(count), "%zu", v->count);
		fields[0] = count;
		error = verify_record(v, 'E', fields, 1);
	}
	return error;
}

/* The parent's side: what the child said, and where it stands. */
struct verify_watch {
	struct tend_buf	 input;
	size_t		 used;		/* of INPUT, parsed already */
	char		 reading[RECORD_FIELDS][512];	/* the last R */
	struct oid_set	 told;		/* damaged ones passed to FN */
	int		 ended;
	size_t		 count;
	int		(*fn)(const struct tend_damage *, void *);
	void		*arg;
};

/* Take the complete records in the input; a partial one waits. */
static int
verify_parse(struct verify_watch *w)
{
	struct tend_damage	 damage;
	const char		*fields[RECORD_FIELDS], *p, *end, *nul;
	size_t			 want, i;
	git_oid			 oid;
	int			 error;

	for (;;) {
		p = w->input.data + w->used;
		end = w->input.data + w->input.len;
		if (p >= end)
			return 0;
		want = *p == 'E' ? 1 : RECORD_FIELDS;
		for (i = 0, nul = p + 1; i < want; i++, nul++) {
			fields[i] = nul;
			if ((nul = memchr(nul, '\0', (size_t)(end - nul))) ==
			    NULL)
				return 0;
		}
		w->used = (size_t)(nul - w->input.data);
		if (*p == 'E') {
			w->ended = 1;
			w->count += strtoul(fields[0], NULL, 10);
		} else if (*p == 'R') {
			for (i = 0; i < RECORD_FIELDS; i++)
				snprintf(w->reading[i], sizeof(w->reading[i]),
				    "%s", fields[i]);
		} else if (*p == 'D' && git_oid_fromstr(&oid, fields[0]) == 0) {
			if ((error = oid_set_add(&w->told, &oid)) < 0)
				return error;
			if (error == 0)
				continue;
			snprintf(damage.id, sizeof(damage.id), "%s", fields[0]);
			damage.type = fields[1];
			damage.ref = fields[2];
			damage.path = fields[3][0] != '\0' ? fields[3] : NULL;
			damage.cause = fields[4];
			if ((error = w->fn(&damage, w->arg)) < 0)
				return error;
		}
	}
}

/*
 * Run one walk in a child, skipping the objects of W->told.  1 when the
 * child stalled on the object in W->reading, 0 when the walk ended.
 */
static int
verify_run(struct verify_watch *w, struct tend_store *store)
{
	struct verify	 v;
	struct pollfd	 pfd;
	ssize_t		 n;
	pid_t		 pid;
	size_t		 i;
	int		 fds[2], status, ready, error = 0;

	if (pipe(fds) < 0)
		return tend_error_errno("cannot check the objects");
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return tend_error_errno("cannot check the objects");
	}
	if (pid == 0) {
		close(fds[0]);
		/* tend reads without hashing (see tend_store_global_init);
		 * a check hashes every object it reads. */
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
		memset(&v, 0, sizeof(v));
		v.repo = store->repo;
		v.fd = fds[1];
		/* What was told already is not read again. */
		for (i = 0; i < w->told.cap && error >= 0; i++)
			if (w->told.used[i])
				error = oid_set_add(&v.seen, &w->told.slots[i]);
		if (error >= 0)
			error = verify_walk(&v);
		if (error < 0)
			(void)!write(fds[1], tend_error(), strlen(tend_error()));
		_exit(error < 0 ? 1 : 0);
	}
	close(fds[1]);
	w->reading[0][0] = '\0';
	w->input.len = w->used = 0;
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	for (;;) {
		if ((ready = poll(&pfd, 1, VERIFY_STALL * 1000)) < 0) {
			if (errno == EINTR)
				continue;
			error = tend_error_errno("cannot check the objects");
			break;
		}
		if (ready == 0) {
			error = 1;
			break;
		}
		if ((error = tend_buf_grow(&w->input, 4096)) < 0)
			break;
		n = read(fds[0], w->input.data + w->input.len,
		    w->input.cap - w->input.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		w->input.len += (size_t)n;
		w->input.data[w->input.len] = '\0';
		if ((error = verify_parse(w)) < 0)
			break;
		/* Keep only the partial record: a walk has many. */
		memmove(w->input.data, w->input.data + w->used,
		    w->input.len - w->used + 1);
		w->input.len -= w->used;
		w->used = 0;
	}
	if (error != 0)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (error != 0 || w->ended)
		return error;
	/* Without its E record, the child failed: its message follows. */
	if (w->used < w->input.len)
		return tend_error_set(TEND_ERROR, "%s",
		    w->input.data + w->used);
	return tend_error_set(TEND_ERROR, "the check stopped (status %d)",
	    status);
}

int
tend_store_verify(size_t *count, struct tend_store *store,
    int (*fn)(const struct tend_damage *, void *), void *arg)
{
	struct verify_watch	 w;
	struct tend_damage	 damage;
	git_oid			 oid;
	int			 restarts, error;

	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.arg = arg;
	for (restarts = 0; ; restarts++) {
		if ((error = verify_run(&w, store)) <= 0)
			break;
		/* The object the child stalled on is told, then skipped. */
		if (restarts == VERIFY_RESTARTS ||
		    git_oid_fromstr(&oid, w.reading[0]) < 0) {
			error = tend_error_set(TEND_ERROR, "reading the objects "
			    "does not end");
			break;
		}
		snprintf(damage.id, sizeof(damage.id), "%s", w.reading[0]);
		damage.type = w.reading[1];
		damage.ref = w.reading[2];
		damage.path = w.reading[3][0] != '\0' ? w.reading[3] : NULL;
		damage.cause = "cannot be read: reading it does not end (a "
		    "file cut short?)";
		if ((error = oid_set_add(&w.told, &oid)) < 0 ||
		    (error = fn(&damage, arg)) < 0)
			break;
	}
	*count = w.count;
	tend_buf_free(&w.input);
	oid_set_free(&w.told);
	return error;
}

int
tend_store_remotes(struct tend_store *store,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	git_strarray	 names;
	git_remote	*remote;
	size_t		 i;
	int		 error;

	if ((error = git_remote_list(&names, store->repo)) < 0)
		return git_fail(error, "cannot list the remotes");
	for (i = 0; error == 0 && i < names.count; i++) {
		if ((error = git_remote_lookup(&remote, store->repo,
		    names.strings[i])) < 0) {
			error = git_fail(error, "cannot read remote '%s'",
			    names.strings[i]);
			break;
		}
		error = fn(names.strings[i], git_remote_url(remote) != NULL ?
		    git_remote_url(remote) : "", arg);
		git_remote_free(remote);
	}
	git_strarray_dispose(&names);
	return error;
}

/* In the child of tend_store_remote_check: connect, list, disconnect. */
static int
remote_list_refs(struct tend_store *store, const char *name)
{
	git_remote_callbacks	 callbacks;
	struct remote_state	 state = { NULL, 0, NULL, 0 };
	const git_remote_head	**heads;
	git_remote		*remote;
	size_t			 count;
	int			 error;

	if ((error = git_remote_lookup(&remote, store->repo, name)) < 0)
		return git_fail(error, "cannot read remote '%s'", name);
	remote_callbacks(&callbacks, &state, git_remote_url(remote));
	if ((error = git_remote_connect(remote, GIT_DIRECTION_FETCH,
	    &callbacks, NULL, NULL)) < 0 ||
	    (error = git_remote_ls(&heads, &count, remote)) < 0)
		error = remote_fail(error, "reach", git_remote_url(remote));
	git_remote_disconnect(remote);
	git_remote_free(remote);
	return error;
}

/*
 * libgit2 (before 1.7) has no connect timeout: the connection is made in a
 * child process, which is killed when it takes longer than SECONDS.  The
 * child reports a failure through a pipe and leaves with _exit, so nothing
 * of the parent's (buffers, exit handlers) runs twice.
 */
int
tend_store_remote_check(struct tend_store *store, const char *name,
    int seconds)
{
	struct timespec	 start, now;
	struct pollfd	 pfd;
	char		 message[1024];
	size_t		 len = 0;
	ssize_t		 n;
	long		 left;
	pid_t		 pid;
	int		 fds[2], status, ready;

	if (pipe(fds) < 0)
		return tend_error_errno("cannot check remote '%s'", name);
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return tend_error_errno("cannot check remote '%s'", name);
	}
	if (pid == 0) {
		close(fds[0]);
		if (remote_list_refs(store, name) == 0)
			_exit(0);
		(void)!write(fds[1], tend_error(), strlen(tend_error()));
		_exit(1);
	}
	close(fds[1]);
	clock_gettime(CLOCK_MONOTONIC, &start);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = seconds * 1000L - ((now.tv_sec - start.tv_sec) * 1000L +
		    (now.tv_nsec - start.tv_nsec) / 1000000L);
		if (left <= 0 || (ready = poll(&pfd, 1, (int)left)) == 0) {
			kill(pid, SIGKILL);
			close(fds[0]);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			return tend_error_set(TEND_ERROR, "remote '%s' gave no "
			    "answer in %d seconds", name, seconds);
		}
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if ((n = read(fds[0], message + len, sizeof(message) - 1 -
		    len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (len += (size_t)n) == sizeof(message) - 1)
			break;
	}
	message[len] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return tend_error_errno("cannot check remote '%s'", name);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return tend_error_set(TEND_ERROR, "%s", len > 0 ? message :
	    "the check stopped");
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
		return git_fail(error, "cannot list the refs");
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
		return tend_error_set(TEND_ENOMEM, "out of memory");
	if (found)
		return 0;
	if (error != GIT_ITEROVER)
		return git_fail(error, "cannot list the refs");
	return tend_error_set(TEND_ENOTFOUND, "no ref reaches '%s'", commit);
}
