/*
 * Adding a remote to a journal's .git/config and taking it out again,
 * for tend sync --setup.
 */

#include <git2.h>

#include "store-internal.h"

int
tend_store_remote_add(struct tend_store *store, const char *name,
    const char *url)
{
	git_remote	*remote;
	int		 error;

	/* libgit2 checks the name as git does, and says why it is not one. */
	if ((error = git_remote_create(&remote, store->repo, name, url)) < 0)
		return store_fail(error, "cannot add remote '%s'", name);
	git_remote_free(remote);
	return 0;
}

int
tend_store_remote_remove(struct tend_store *store, const char *name)
{
	int	error;

	/* Its remote-tracking branches and the upstreams naming it go too. */
	if ((error = git_remote_delete(store->repo, name)) < 0)
		return store_fail(error, "cannot remove remote '%s'", name);
	return 0;
}
