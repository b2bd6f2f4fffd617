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
	const struct tend_cipher *cipher;	/* NULL: nothing sealed */
	struct tend_hook_output	 hooks;		/* fn NULL: none run */
	struct tend_store	*next_sealed;	/* store-seal.c's list */
	struct store_trees	*trees;		/* store-trees.c's; NULL: none */
};

/* store.c: libgit2's last message after the context, as a tend code. */
int	 store_fail(int git_code, const char *fmt, ...) TEND_ATTR_PRINTF(2, 3);
/* store.c: close the packs, the index and the caches REPO keeps open. */
void	 store_release(struct tend_store *);
/*
 * store-remote.c: a remote's error, as WHAT ("fetch from", "push to")
 * with URL could not be done, with a hint for the ones people can act on.
 */
int	 store_remote_fail(int git_code, const char *what, const char *url);
/* store-remote.c: remove TRACKING, a branch the remote no longer has. */
int	 store_forget_ref(struct tend_store *, const char *tracking);
/*
 * store-local.c: fetch from and push to a repository on this machine.
 * Whether URL names one (1, its folder into PATH) or not (0).  The fetch
 * takes BRANCH there into TRACKING, a branch gone there removes it; the
 * push moves BRANCH there to ours, never forced, and TRACKING with it.
 */
int	 store_local_path(struct tend_buf *path, const char *url);
int	 store_local_fetch(struct tend_store *, const char *path,
	    const char *url, const char *branch, const char *tracking,
	    const struct tend_progress *);
int	 store_local_push(struct tend_store *, const char *path,
	    const char *url, const char *branch, const char *tracking,
	    const struct tend_progress *);
/* store-read.c: the blob whose id is the hex text ID. */
int	 store_blob_by_id(git_blob **, struct tend_store *, const char *id);
/* store.c: a store around REPO, which it owns from then on, even on error. */
int	 store_wrap(struct tend_store **, git_repository *repo,
	    const char *dir);

/*
 * store-trees.c: the entries of a tree of blobs and trees, by its id,
 * from .git/tend/trees where they are kept; else read from GIVEN, the
 * tree itself (or NULL: looked up; PATH names it in an error), and kept.  The names live as long as
 * the store; store_trees_free writes what changed, as it frees them.
 */
struct store_tree_entry {
	const char	*name;
	git_oid		 id;		/* a subtree's */
	int		 is_tree;
};
struct store_tree {
	git_oid			 id;
	struct store_tree_entry	*entries;	/* sorted, as git keeps them */
	size_t			 count;
	char			*names;		/* NULL: in the file read */
	int			 used;		/* by this run: kept */
};
int	 store_tree_names(const struct store_tree **, struct tend_store *,
	    const git_oid *, git_tree *given, const char *path);
void	 store_trees_free(struct tend_store *);

/*
 * store-http.c: what an http:// or https:// remote needs beyond libgit2's
 * defaults: user names and passwords from git's credential helpers, the
 * certificates of http.sslCAInfo and http.sslCAPath, http.extraHeader.
 * One lives through one fetch, push, clone or connection.
 */
struct store_http {
	const char		*git_dir;	/* whose config; NULL: user's */
	struct tend_credential	*credential;	/* given, not judged yet */
	int			 fills;		/* times helpers were asked */
	int			 refused;	/* the host refused one */
	int			 prompt;	/* may git ask at a terminal */
	git_strarray		 headers;	/* http.extraHeader */
};
#define STORE_HTTP_INIT	{ NULL, NULL, 0, 0, 1, { NULL, 0 } }
/* Whether URL (NULL: none) is http:// or https://. */
int	 store_http_is(const char *url);
/*
 * Ready HTTP for URL with the config of REPO (NULL: the user's, as for a
 * clone): the certificate locations, set in libgit2 before it connects,
 * and the headers.  Nothing but the git directory when URL is no HTTP.
 */
int	 store_http_begin(struct store_http *, git_repository *repo,
	    const char *url);
/*
 * For libgit2's credential callback: a user name and password for URL
 * from the helpers.  Asked again, the host refused the last one: it is
 * rejected, and the helpers are asked once more, then it is GIT_EAUTH
 * with a message for git_error_last.
 */
int	 store_http_credential(git_credential **, struct store_http *,
	    const char *url, const char *username);
/*
 * After the libgit2 call that returned GIT_CODE: the helpers are told
 * whether the credential in use worked; then all is freed.
 */
void	 store_http_end(struct store_http *, int git_code);

/*
 * store-seal.c: libgit2's "tend" filter and merge driver, registered once
 * (store_seal_register) and told of each store with a cipher.
 */
int	 store_seal_register(void);
/* Take the store out of the filter's list, before it is freed. */
void	 store_seal_forget(struct tend_store *);
/* DATA of PATH as the object store keeps it: sealed when it should be. */
int	 store_seal(struct tend_buf *, struct tend_store *, const char *path,
	    const char *, size_t);
/* DATA of PATH as read: opened when sealed, else as it is. */
int	 store_unseal(struct tend_buf *, struct tend_store *, const char *path,
	    const char *, size_t);
/*
 * A commit MESSAGE as the store keeps it: sealed, under a subject line
 * that tells nothing, when the store has a cipher; and back, with COMMIT
 * (its id) to name in messages.
 */
int	 store_seal_message(struct tend_buf *, struct tend_store *,
	    const char *message);
int	 store_open_message(struct tend_buf *, struct tend_store *,
	    const char *message, const char *commit);
/* Whether a commit's MESSAGE is sealed, as store_seal_message seals it. */
int	 store_message_is_sealed(const char *message);
/*
 * The sides of sealed PATH merged as git merges text, with conflict
 * markers labelled OUR_LABEL and THEIR_LABEL, and sealed again; *CLEAN
 * says whether no lines were changed on both.
 */
int	 store_seal_merge(struct tend_buf *, int *clean, struct tend_store *,
	    const char *path, const git_index_entry *base,
	    const git_index_entry *ours, const git_index_entry *theirs,
	    const char *our_label, const char *their_label);

/* store-read.c: HEAD's commit and tree; both NULL on an unborn branch. */
int	 store_head_tree(git_tree **, git_commit **, struct tend_store *);

/* Each file that differs, with its entry on each side (NULL: none there). */
typedef int	(*store_tree_change_fn)(const char *path,
		    const git_tree_entry *old, const git_tree_entry *new,
		    void *arg);
int	 store_tree_diff(git_repository *, const git_tree *old,
	    const git_tree *new, store_tree_change_fn, void *);
/* 1: some name changed on both sides, so only a real merge will do. */
int	 store_tree_merge(git_oid *, git_repository *, const git_tree *base,
	    const git_tree *ours, const git_tree *theirs);

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
