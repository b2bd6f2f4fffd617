/*
 * The journal's git repositories opened, made and configured, through
 * libgit2.  The other store*.c files read, commit, walk the history, talk
 * to remotes, integrate and verify; libgit2's errors become tend's here.
 */

#include <git2.h>
#include <git2/sys/repository.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

/*
 * libgit2 keeps up to 256 MB of parsed objects by default; a walk of a
 * long history fills it with commits that are never read twice.
 */
#define CACHE_BYTES	(4 * 1024 * 1024)

static char	*strip_slash(const char *);

/* Record libgit2's last message after CONTEXT, and return a tend code. */
int
store_fail(int git_code, const char *fmt, ...)
{
	const git_error	*last = git_error_last();
	const char	*message;
	char		 context[512];
	va_list		 ap;
	int		 code, saved = errno;

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
	message = last != NULL && last->message != NULL ? last->message :
	    "unknown git error";
	/*
	 * libgit2 (1.5) reports a file write that a full or failing disk cut
	 * short during a checkout as an assertion of its stream writer, and
	 * errno is gone by then.
	 */
	if (strncmp(message, "unrecoverable internal error", 28) == 0)
		message = saved == ENOSPC || saved == EIO ? strerror(saved) :
		    strstr(message, "writer.open") != NULL ? "a file could "
		    "not be written whole (is the disk full or failing?)" :
		    message;
	return tend_error_set(code, "%s: %s", context, message);
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
		return store_fail(-1, "cannot start libgit2");
	/*
	 * A journal must survive a power cut: fsync what git writes too.
	 * Objects are not hashed again on every read, as git does not:
	 * reading a long history twice as slowly buys nothing that 'git
	 * fsck' does not check.
	 */
	if (git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) < 0 ||
	    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0) < 0 ||
	    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)CACHE_BYTES) < 0)
		return store_fail(-1, "cannot configure libgit2");
	return store_seal_register();
}

void
tend_store_global_shutdown(void)
{
	git_libgit2_shutdown();
}

int
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
		return tend_error_nomem();
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
		return store_fail(error, "cannot open repository '%s'", dir);
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
		return store_fail(error, "cannot create repository '%s'", dir);
	return store_wrap(out, repo, dir);
}

void
tend_store_set_signer(struct tend_store *store, tend_store_sign_fn sign,
    void *arg)
{
	store->sign = sign;
	store->sign_arg = arg;
}

void
tend_store_set_hooks(struct tend_store *store,
    const struct tend_hook_output *output)
{
	store->hooks.fn = output != NULL ? output->fn : NULL;
	store->hooks.arg = output != NULL ? output->arg : NULL;
}

const struct tend_hook_output *
tend_store_hooks(const struct tend_store *store)
{
	return store->hooks.fn != NULL ? &store->hooks : NULL;
}

/*
 * libgit2 keeps the delta bases it inflated from a pack (up to 16 MB a
 * pack, a limit fixed when it is built) until the pack is closed, and
 * the index and the objects it read until the repository is: a step
 * that read many trees would hold them through every step after it.
 * Close them; libgit2 opens again what it needs next.
 */
void
store_release(struct tend_store *store)
{
	(void)git_repository__cleanup(store->repo);
}

void
tend_store_free(struct tend_store *store)
{
	if (store == NULL)
		return;
	store_seal_forget(store);
	store_trees_free(store);
	git_repository_free(store->repo);
	free(store->workdir);
	free(store->gitdir);
	free(store);
}

int
tend_store_discover(struct tend_store **out, const char *dir)
{
	git_buf		 gitdir = GIT_BUF_INIT;
	git_repository	*repo = NULL;
	int		 error;

	if ((error = git_repository_discover(&gitdir, dir, 0, NULL)) < 0)
		return store_fail(error, "no repository holds '%s'", dir);
	error = git_repository_open_ext(&repo, gitdir.ptr,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	git_buf_dispose(&gitdir);
	if (error < 0)
		return store_fail(error, "cannot open the repository of '%s'",
		    dir);
	if (git_repository_workdir(repo) == NULL) {
		git_repository_free(repo);
		return tend_error_set(TEND_ENOTFOUND,
		    "the repository holding '%s' is bare", dir);
	}
	return store_wrap(out, repo, dir);
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
		return store_fail(error, "cannot read the git configuration");
	error = git_config_get_string_buf(&value, config, key);
	git_config_free(config);
	if (error == GIT_ENOTFOUND)
		return tend_error_set(TEND_ENOTFOUND, "'%s' is not set", key);
	if (error < 0)
		return store_fail(error, "cannot read '%s'", key);
	*out = strdup(value.ptr);
	git_buf_dispose(&value);
	return *out != NULL ? 0 : tend_error_nomem();
}

int
tend_store_config_set(struct tend_store *store, const char *key,
    const char *value)
{
	git_config	*config, *local;
	int		 error;

	if ((error = git_repository_config(&config, store->repo)) < 0)
		return store_fail(error, "cannot open the git configuration");
	error = git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL);
	git_config_free(config);
	if (error < 0)
		return store_fail(error, "cannot open '%s/config'",
		    store->gitdir);
	if ((error = git_config_set_string(local, key, value)) < 0)
		error = store_fail(error, "cannot set '%s'", key);
	git_config_free(local);
	return error;
}
