/*
 * The journal's git repositories, through libgit2.  This is the only file
 * that includes git2.h; libgit2's errors become tend's here.
 */

#include <git2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

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
	int		(*fn)(const char *, const char *, size_t, void *);
	void		*arg;
	int		 error;
	struct tend_buf	 path;
};

static int	git_fail(int, const char *, ...) TEND_ATTR_PRINTF(2, 3);
static char	*strip_slash(const char *);
static int	head_tree(git_tree **, git_commit **, struct tend_store *);
static int	update_index(struct tend_store *, const struct tend_change *,
		    size_t);
static int	list_cb(const char *, const git_tree_entry *, void *);
static int	conf_cb(const git_config_entry *, void *);
static int	blob_in_tree(char [GIT_OID_HEXSZ + 1], git_tree *,
		    const char *);
static int	describe(struct tend_commit *, git_commit *, const char *);
static int	patch_line(const git_diff_delta *, const git_diff_hunk *,
		    const git_diff_line *, void *);
struct remote_state;
static int	credentials_cb(git_credential **, const char *, const char *,
		    unsigned int, void *);
static int	certificate_cb(git_cert *, int, const char *, void *);
static int	transfer_cb(const git_indexer_progress *, void *);
static int	sideband_cb(const char *, int, void *);
static int	push_update_cb(const char *, const char *, void *);
static void	remote_callbacks(git_remote_callbacks *, struct remote_state *);
static int	remote_fail(int, const char *, const char *);
static int	checkout(struct tend_store *, git_tree *);
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
tend_store_global_init(void)
{
	if (git_libgit2_init() < 0)
		return git_fail(-1, "cannot start libgit2");
	/* A journal must survive a power cut: fsync what git writes too. */
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) < 0)
		return git_fail(-1, "cannot configure libgit2");
	return 0;
}

void
tend_store_global_shutdown(void)
{
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

/* Bring the index in line with the work tree for the committed paths. */
static int
update_index(struct tend_store *store, const struct tend_change *changes,
    size_t count)
{
	git_index	*index;
	size_t		 i;
	int		 error;

	if ((error = git_repository_index(&index, store->repo)) < 0)
		return git_fail(error, "cannot open the index");
	for (i = 0; i < count && error >= 0; i++) {
		if (changes[i].data != NULL)
			error = git_index_add_bypath(index, changes[i].path);
		else {
			error = git_index_remove_bypath(index, changes[i].path);
		}
	}
	if (error >= 0)
		error = git_index_write(index);
	git_index_free(index);
	return error < 0 ? git_fail(error, "cannot update the index") : 0;
}

int
tend_store_commit(struct tend_store *store, const struct tend_change *changes,
    size_t count, const char *name, const char *email, const char *message)
{
	git_index		*scratch = NULL;
	git_tree		*parent_tree = NULL, *tree = NULL;
	git_commit		*parent = NULL;
	git_signature		*author = NULL;
	git_index_entry		 entry;
	git_oid			 blob, tree_oid, commit_oid;
	const git_commit	*parents[1];
	size_t			 i;
	int			 error;

	if ((error = head_tree(&parent_tree, &parent, store)) < 0)
		return error;
	/*
	 * Build the tree in an index of our own, from HEAD plus the changes,
	 * so whatever else the user has staged stays out of this commit.
	 */
	if ((error = git_index_new(&scratch)) < 0 ||
	    (parent_tree != NULL &&
	    (error = git_index_read_tree(scratch, parent_tree)) < 0)) {
		error = git_fail(error, "cannot prepare a commit");
		goto out;
	}
	for (i = 0; i < count; i++) {
		if (changes[i].data == NULL) {
			error = git_index_remove(scratch, changes[i].path, 0);
			if (error == GIT_ENOTFOUND)
				error = 0;
		} else if ((error = git_blob_create_from_buffer(&blob,
		    store->repo, changes[i].data, changes[i].len)) == 0) {
			memset(&entry, 0, sizeof(entry));
			entry.mode = GIT_FILEMODE_BLOB;
			entry.id = blob;
			entry.path = changes[i].path;
			error = git_index_add(scratch, &entry);
		}
		if (error < 0) {
			error = git_fail(error, "cannot store '%s'",
			    changes[i].path);
			goto out;
		}
	}
	if ((error = git_index_write_tree_to(&tree_oid, scratch,
	    store->repo)) < 0 ||
	    (error = git_tree_lookup(&tree, store->repo, &tree_oid)) < 0) {
		error = git_fail(error, "cannot write a tree");
		goto out;
	}
	/* Nothing changed: a commit would only say so (a signature is meant). */
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
		error = git_fail(error, "cannot commit");
		goto out;
	}
	error = update_index(store, changes, count);
out:
	git_signature_free(author);
	git_tree_free(tree);
	git_tree_free(parent_tree);
	git_commit_free(parent);
	git_index_free(scratch);
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
	int			 error;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
		return 0;
	walk->path.len = 0;
	if ((walk->error = tend_buf_printf(&walk->path, "%s/%s%s", walk->dir,
	    root, git_tree_entry_name(entry))) < 0)
		return -1;
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
	struct list_walk	 walk = { store->repo, dir, with_content, fn, arg,
				    0, TEND_BUF_INIT };
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
	if ((error = git_config_open_ondisk(&conf->config, conf->scratch)) <
	    0) {
		error = git_fail(error, "cannot read '%s'", name);
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
	if ((error = git_config_open_ondisk(&check, conf->scratch)) < 0)
		return git_fail(error, "cannot read '%s'", conf->name);
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

/* What a walk tells about one commit; PATH's blob is filled on request. */
static int
describe(struct tend_commit *info, git_commit *commit, const char *path)
{
	const git_signature	*author = git_commit_author(commit);
	git_commit		*parent;
	git_tree		*tree;
	unsigned int		 i;
	int			 error = 0;

	memset(info, 0, sizeof(*info));
	git_oid_tostr(info->id, sizeof(info->id), git_commit_id(commit));
	info->author_name = author->name;
	info->author_email = author->email;
	info->time = (time_t)author->when.time;
	info->offset = author->when.offset;
	info->message = git_commit_message(commit);
	info->parents = git_commit_parentcount(commit);
	if (path == NULL)
		return 0;
	if ((error = git_commit_tree(&tree, commit)) < 0)
		return git_fail(error, "cannot read commit %s", info->id);
	error = blob_in_tree(info->blob, tree, path);
	git_tree_free(tree);
	/* A change is new here only if no parent had the same text. */
	info->changed = info->parents != 0 || info->blob[0] != '\0';
	for (i = 0; error == 0 && i < info->parents; i++) {
		char	 before[GIT_OID_HEXSZ + 1];

		if ((error = git_commit_parent(&parent, commit, i)) < 0) {
			error = git_fail(error, "cannot read a parent of %s",
			    info->id);
			break;
		}
		if ((error = git_commit_tree(&tree, parent)) == 0) {
			error = blob_in_tree(before, tree, path);
			git_tree_free(tree);
		} else
			error = git_fail(error, "cannot read a parent tree");
		git_commit_free(parent);
		if (error == 0 && strcmp(before, info->blob) == 0)
			info->changed = 0;
	}
	return error;
}

int
tend_store_walk(struct tend_store *store, const char *path,
    int (*fn)(const struct tend_commit *, void *), void *arg)
{
	struct tend_commit	 info;
	git_revwalk		*walk;
	git_commit		*commit;
	git_oid			 oid;
	int			 error;

	if ((error = git_revwalk_new(&walk, store->repo)) < 0)
		return git_fail(error, "cannot walk the history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	error = git_revwalk_push_head(walk);
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		git_revwalk_free(walk);
		return 0;
	}
	if (error < 0) {
		git_revwalk_free(walk);
		return git_fail(error, "cannot walk the history");
	}
	while ((error = git_revwalk_next(&oid, walk)) == 0) {
		if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0) {
			error = git_fail(error, "cannot read a commit");
			break;
		}
		if ((error = describe(&info, commit, path)) == 0)
			error = fn(&info, arg);
		git_commit_free(commit);
		if (error != 0)
			break;
	}
	git_revwalk_free(walk);
	if (error == GIT_ITEROVER)
		return 0;
	/* A positive return from FN stops the walk early, as asked. */
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
remote_callbacks(git_remote_callbacks *callbacks, struct remote_state *state)
{
	git_remote_init_callbacks(callbacks, GIT_REMOTE_CALLBACKS_VERSION);
	callbacks->credentials = credentials_cb;
	callbacks->certificate_check = certificate_cb;
	callbacks->transfer_progress = transfer_cb;
	callbacks->sideband_progress = sideband_cb;
	callbacks->push_update_reference = push_update_cb;
	callbacks->payload = state;
}

/* A remote error, with a hint for the ones people can act on. */
static int
remote_fail(int git_code, const char *what, const char *url)
{
	const git_error	*last = git_error_last();
	const char	*message = last != NULL && last->message != NULL ?
			    last->message : "unknown error";
	const char	*host_start, *host_end;

	if (git_code == GIT_ECERTIFICATE || strstr(message, "hostkey") !=
	    NULL) {
		/* "ssh://user@host:port/path" or "user@host:path". */
		host_start = strstr(url, "://");
		host_start = host_start != NULL ? host_start + 3 : url;
		if (strchr(host_start, '@') != NULL)
			host_start = strchr(host_start, '@') + 1;
		host_end = host_start + strcspn(host_start, ":/");
		return tend_error_set(TEND_ERROR, "cannot %s '%s': the host "
		    "key of '%.*s' is not in ~/.ssh/known_hosts; check it, "
		    "then run 'ssh-keyscan %.*s >>~/.ssh/known_hosts'", what,
		    url, (int)(host_end - host_start), host_start,
		    (int)(host_end - host_start), host_start);
	}
	return tend_error_set(git_code == GIT_ENOTFOUND ? TEND_ENOTFOUND :
	    TEND_ERROR, "cannot %s '%s': %s", what, url, message);
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
	remote_callbacks(&opts.callbacks, &state);
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
		return tend_error_set(TEND_EINVALID, "HEAD is not on a branch; "
		    "run 'git switch BRANCH' first");
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
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
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
static int
checkout(struct tend_store *store, git_tree *tree)
{
	git_checkout_options	opts;
	int			error;

	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	opts.checkout_strategy = GIT_CHECKOUT_SAFE;
	if ((error = git_checkout_tree(store->repo, (git_object *)tree,
	    &opts)) < 0)
		return git_fail(error, "cannot update the work tree");
	return 0;
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
		error = git_fail(error, "cannot move the branch");
	else
		git_reference_free(moved);
	git_reference_free(branch);
	return error;
}

int
tend_store_fast_forward(struct tend_store *store, const char *target)
{
	git_commit	*commit;
	git_tree	*tree;
	git_oid		 oid, head;
	int		 error;

	if (git_oid_fromstr(&oid, target) < 0 ||
	    (error = git_reference_name_to_id(&head, store->repo, "HEAD")) < 0)
		return tend_error_set(TEND_ERROR, "cannot fast-forward");
	if ((error = git_commit_lookup(&commit, store->repo, &oid)) < 0)
		return git_fail(error, "cannot read %s", target);
	if ((error = git_commit_tree(&tree, commit)) == 0) {
		if ((error = checkout(store, tree)) == 0)
			error = move_branch(store, &head, &oid,
			    "sync: fast-forward");
		git_tree_free(tree);
	} else
		error = git_fail(error, "cannot read %s", target);
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
	if ((error = git_index_write_tree_to(&tree_oid, index,
	    store->repo)) < 0 ||
	    (error = git_tree_lookup(&tree, store->repo, &tree_oid)) < 0 ||
	    (error = git_signature_now(&author, name, email)) < 0) {
		error = git_fail(error, "cannot write the merge");
		goto out;
	}
	parents[0] = our_commit;
	parents[1] = their_commit;
	if ((error = git_commit_create(&merged, store->repo, NULL, author,
	    author, NULL, message, tree, 2, parents)) < 0) {
		error = git_fail(error, "cannot commit the merge");
		goto out;
	}
	if ((error = checkout(store, tree)) == 0)
		error = move_branch(store, &our_oid, &merged, message);
out:
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
	remote_callbacks(&opts.callbacks, &state);
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
	remote_callbacks(&opts.fetch_opts.callbacks, &state);
	if ((error = git_clone(&repo, url, dir, &opts)) < 0)
		return remote_fail(error, "clone", url);
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
