/*
 * What the files wrapping libgit2 (store*.c, conf.c) share: the repository
 * handle and the helpers that turn libgit2's results into tend's.
 */
#ifndef TEND_STORE_INTERNAL_H
#define TEND_STORE_INTERNAL_H

#include <git2.h>

#include "internal.h"

struct tend_store {
	git_repository	*repo;
	char		*workdir;	/* without the trailing slash */
	char		*gitdir;
};

/* store.c: libgit2's last message after the context, as a tend code. */
int	 store_fail(int git_code, const char *fmt, ...) TEND_ATTR_PRINTF(2, 3);
/* store.c: a store around REPO, which it owns from then on, even on error. */
int	 store_wrap(struct tend_store **, git_repository *repo,
	    const char *dir);

/* store-read.c: HEAD's commit and tree; both NULL on an unborn branch. */
int	 store_head_tree(git_tree **, git_commit **, struct tend_store *);

/* store-commit.c: a lock of git's own stood in the way; name the file. */
int	 store_lock_fail(struct tend_store *, int git_code,
	    const char *context);

#endif
