/*
 * What the files wrapping libgit2 (store*.c, conf.c) share: the repository
 * handle and the helpers that turn libgit2's results into tend's.
 */
#ifndef TEND_STORE_INTERNAL_H
#define TEND_STORE_INTERNAL_H

#include <git2.h>

#include "internal.h"

struct tend_store {
	git_repository		*repo;
	char			*workdir;	/* without the trailing slash */
	char			*gitdir;
	tend_store_sign_fn	 sign;		/* NULL: commits go unsigned */
	void			*sign_arg;
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
/*
 * store-commit.c: write a commit of TREE on PARENTS, signed when the store
 * has a signer, and with UPDATE_HEAD move HEAD's branch to it, unless it
 * moved off PARENTS[0] meanwhile.  A failure of libgit2's
 * returns its code, also left in *GIT_CODE (else 0) for the caller to
 * turn into a message; the signer's failure has its message already.
 */
int	 store_commit_write(git_oid *, int *git_code, struct tend_store *,
	    int update_head, const git_signature *author,
	    const char *message, const git_tree *, size_t nparents,
	    const git_commit **parents);

#endif
