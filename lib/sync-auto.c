/*
 * The sync a write asks for when sync.auto is set: after the write is
 * committed, bounded in time, and never when there is nothing to share.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static int	auto_enabled(struct tend_store *);

int
tend_sync_mark(char mark[TEND_OID_SIZE], struct tend_journal *journal)
{
	return tend_store_head(mark, tend_journal_store(journal));
}

/* git's spellings of true, for a value set with git config itself. */
static int
auto_enabled(struct tend_store *store)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	char	*value;
	size_t	 i;
	int	 enabled = 0;

	if (tend_store_config_get(&value, store, "sync.auto") < 0)
		return 0;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(value, yes[i]) == 0)
			enabled = 1;
	free(value);
	return enabled;
}

int
tend_sync_auto(int *outcome, struct tend_journal *journal, const char *mark,
    int seconds, const struct tend_progress *progress,
    int (*conflict)(const char *, void *), void *arg)
{
	struct tend_store	*store = tend_journal_store(journal);
	char			 head[TEND_OID_SIZE], *name = NULL, *url = NULL;
	int			 error;

	*outcome = TEND_SYNC_SKIPPED;
	if (!auto_enabled(store))
		return 0;
	/* A private write, or none, has nothing to share. */
	if ((error = tend_store_head(head, store)) < 0 ||
	    strcmp(head, mark) == 0)
		return error;
	if ((error = tend_sync_remote_name(&name, store)) < 0)
		return error;
	/* Without its remote a journal is not shared: nothing to say. */
	if ((error = tend_store_remote_url(&url, store, name)) ==
	    TEND_ENOTFOUND)
		error = 0;
	/*
	 * libgit2 has no connect timeout: a quick look at the remote, in a
	 * child that is killed at the deadline, keeps a network that hangs
	 * from holding the write's command for minutes.
	 */
	else if (error == 0 &&
	    (error = tend_store_remote_check(store, name, seconds)) == 0)
		error = tend_sync(outcome, journal, name, progress, conflict,
		    arg);
	free(name);
	free(url);
	return error;
}
