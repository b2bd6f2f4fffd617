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

int
tend_conf_set(struct tend_conf *conf, const char *key, const char *value)
{
	int	error;

	if ((error = git_config_set_string(conf->config, key, value)) < 0)
		return git_fail(error, "cannot set '%s' in '%s'", key,
		    conf->name);
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

	if ((walk->error = walk->fn(entry->name, entry->value, walk->arg)) < 0)
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
tend_store_blob(char out[41], struct tend_store *store, const char *rev,
    const char *path)
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
