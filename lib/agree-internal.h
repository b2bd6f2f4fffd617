/*
 * What agree.c, which writes agreements, shares with agree-history.c,
 * which reads their past: signatures, revisions and an agreement's state.
 */
#ifndef TEND_AGREE_INTERNAL_H
#define TEND_AGREE_INTERNAL_H

#include <time.h>

#include "internal.h"

#define MAX_NAME	TEND_AGREE_NAME_MAX

/* "draft", "in force", ...: for each enum agree_state. */
extern const char *const agree_state_names[];

enum agree_state { DRAFT, IN_FORCE, AMENDED, REVIEW_DUE, CONFLICT };

/*
 * Whether a signature counts: only one its signer's key made, by a key
 * this machine trusts as theirs.
 */
enum signature_verdict {
	SIGNATURE_GOOD,
	SIGNATURE_UNSIGNED,	/* a trailer alone, as tend wrote before keys */
	SIGNATURE_UNTRUSTED,	/* by a key not trusted as the signer's */
	SIGNATURE_BAD,		/* a signature that does not verify */
	SIGNATURE_UNCHECKED,	/* not asked for yet (agree_verdict) */
};

/* What each verdict is called where a signature is shown. */
extern const char *const signature_verdict_names[];

/*
 * SEQ is the place in the agreements' history (0: newest), to merge by
 * and to keep what a check of its signature found.
 * BLOB is the text signed as signatures name it: its own blob id, which
 * a revision's TEXT is.
 */
struct signature {
	char			 name[MAX_NAME + 1];
	char			 blob[TEND_OID_SIZE];
	char			*signer;	/* in signers, the list's */
	char			 commit[TEND_OID_SIZE];
	time_t			 time;
	size_t			 seq;
	enum signature_verdict	 verdict;
};

struct signatures {
	struct signature	*items;		/* newest first */
	size_t			 count;
	char			*signers;	/* the items' signers, one block */
	/*
	 * The items by name, blob and signer, for the verdicts' searches:
	 * made when first searched, and again when COUNT is no longer
	 * NSORTED (items are only ever taken out, as agree show --as-of
	 * does).
	 */
	struct signature	**sorted;
	size_t			 nsorted;
	/* What verdicts are reached with, when first asked for. */
	struct tend_journal	*journal;
	struct tend_trust	*trust;
	int			 error;	/* TEND_ENOMEM, met reaching one */
};

struct revision {
	char	 commit[TEND_OID_SIZE];
	char	 blob[TEND_OID_SIZE];	/* "" when the file was removed */
	char	 text[TEND_OID_SIZE];	/* what signatures name (history.c) */
	char	*author;
	time_t	 time;
	size_t	 seq;
};

struct revisions {
	struct revision		*items;		/* newest first */
	size_t			 count;
};

/*
 * Agreement NAME's path, once NAME is checked to be an agreement's name:
 * agree/NAME.md, or in an encrypted journal where it is, or would be.
 */
int	agree_path(struct tend_buf *, struct tend_journal *, const char *name);
/* The body of an agreement's TEXT: what follows its front matter. */
void	agree_body_of(const char **, size_t *, const char *text, size_t);
/*
 * Every commit that changed agreement PATH, newest first; with SIGNATURES,
 * its signatures too, from the same walk.
 */
int	agree_read_revisions(struct revisions *, struct tend_journal *,
	    const char *path, struct signatures *);
/* Every signature in HEAD's history (of agreement NAME), newest first. */
int	agree_read_signatures(struct signatures *, struct tend_journal *,
	    const char *name);
/* The committed text of agreement NAME; TEND_ENOTFOUND when none. */
int	agree_read_text(char **, size_t *, struct tend_journal *,
	    const char *name);
void	agree_revisions_free(struct revisions *);
void	agree_signatures_free(struct signatures *);
/*
 * Whether signature I counts: checked when first asked for, since most
 * never are.  One that cannot be checked for want of memory does not
 * count, and leaves TEND_ENOMEM in the list's ERROR for its reader.
 */
enum signature_verdict agree_verdict(struct signatures *, size_t i);
/*
 * Whether every partner signed BLOB of NAME, or PARTNER did, with a
 * signature that counts.
 */
int	agree_signed_by_all(struct signatures *,
	    struct tend_journal *, const char *name, const char *blob);
int	agree_signed_by(struct signatures *, const char *name,
	    const char *blob, const char *partner);
/* A signature of BLOB of NAME by PARTNER that does not count, or NULL. */
const struct signature *agree_doubtful_signature(struct signatures *,
	    const char *name, const char *blob, const char *partner);
/* The state of agreement NAME, whose TEXT is BLOB, reviewed by REVIEW. */
enum agree_state agree_state_of(struct signatures *,
	    struct tend_journal *, const char *name, const char *blob,
	    const char *text, const char *review);

#endif
