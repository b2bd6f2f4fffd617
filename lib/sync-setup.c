/*
 * Setting up the remote a journal is shared through: added, pushed to,
 * made the upstream, or taken out again when the first sync fails.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int	taken_out(struct tend_store *, const char *, int);

int
tend_sync_remote_name(char **out, struct tend_store *store)
{
	int	error;

	error = tend_store_config_get(out, store, "tend.remote");
	if (error == TEND_ENOTFOUND && (*out = strdup("origin")) == NULL)
		return tend_error_nomem();
	return error == TEND_ENOTFOUND ? 0 : error;
}

/*
 * Take out remote NAME, added for a sync that failed with ERROR, which
 * stays the error told, with what became of the remote.
 */
static int
taken_out(struct tend_store *store, const char *name, int error)
{
	char	*why;

	if ((why = strdup(tend_error())) == NULL)
		return tend_error_nomem();
	if (tend_store_remote_remove(store, name) == 0)
		error = tend_error_set(error, "%s; remote '%s' was taken out "
		    "again", why, name);
	else
		error = tend_error_set(error, "%s; remote '%s' stays, remove "
		    "it with 'git remote remove %s' (%s)", why, name, name,
		    tend_error());
	free(why);
	return error;
}

int
tend_sync_setup(int *outcome, struct tend_journal *journal, const char *name,
    const char *url, const struct tend_progress *progress,
    int (*conflict)(const char *, void *), void *arg)
{
	struct tend_store	*store = tend_journal_store(journal);
	struct tend_buf		 remote_key = TEND_BUF_INIT;
	struct tend_buf		 merge_key = TEND_BUF_INIT;
	struct tend_buf		 merge = TEND_BUF_INIT;
	char			*used = NULL, *existing = NULL, *branch = NULL;
	int			 added = 0, error;

	*outcome = 0;
	/* A URL that reads as an option would be one to a git run on it. */
	if (url[0] == '\0' || url[0] == '-')
		return tend_error_set(TEND_EINVALID, "'%s' is not a URL to "
		    "share the journal through", url);
	if ((error = tend_sync_remote_name(&used, store)) < 0)
		return error;
	if (name == NULL)
		name = used;
	if ((error = tend_store_remote_url(&existing, store, name)) == 0 &&
	    strcmp(existing, url) != 0) {
		error = tend_error_set(TEND_EEXISTS, "remote '%s' exists "
		    "already, with URL '%s'; name another with --remote NAME, "
		    "or change it with 'git remote set-url %s URL'", name,
		    existing, name);
		goto out;
	}
	if (error == TEND_ENOTFOUND) {
		if ((error = tend_store_remote_add(store, name, url)) < 0)
			goto out;
		added = 1;
	}
	if (error < 0 || (error = tend_store_branch(&branch, store)) < 0 ||
	    (error = tend_sync(outcome, journal, name, progress, conflict,
	    arg)) < 0) {
		if (added && error != TEND_ENOMEM)
			error = taken_out(store, name, error);
		goto out;
	}
	/* As git push --set-upstream does; and tend sync's own choice. */
	if ((error = tend_buf_printf(&remote_key, "branch.%s.remote",
	    branch)) == 0 &&
	    (error = tend_buf_printf(&merge_key, "branch.%s.merge",
	    branch)) == 0 &&
	    (error = tend_buf_printf(&merge, "refs/heads/%s", branch)) == 0 &&
	    (error = tend_store_config_set(store, remote_key.data, name)) == 0)
		error = tend_store_config_set(store, merge_key.data,
		    merge.data);
	if (error == 0 && strcmp(name, used) != 0)
		error = tend_store_config_set(store, "tend.remote", name);
out:
	tend_buf_free(&remote_key);
	tend_buf_free(&merge_key);
	tend_buf_free(&merge);
	free(used);
	free(existing);
	free(branch);
	return error;
}
