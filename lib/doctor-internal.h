/*
 * What the files of tend doctor share: the state of one run, and how a
 * finding is told.
 */
#ifndef TEND_DOCTOR_INTERNAL_H
#define TEND_DOCTOR_INTERNAL_H

#include <time.h>

#include "internal.h"

/* A finding held back, to be told in its turn (doctor_release). */
struct doctor_held {
	enum tend_doctor_level	 level;
	const char		*check;		/* a literal: "locks" */
	char			*subject;
	char			*message;
	char			*fix;		/* or NULL */
};

struct doctor {
	struct tend_journal	*journal;
	struct tend_store	*store;
	struct tend_store	*private_store;	/* NULL: none, or unreadable */
	int			 flags;
	int			(*fn)(const struct tend_doctor_finding *,
				    void *);
	void			*arg;
	const char		*top;		/* the journal's folder */
	const char		*gitdir;
	time_t			 now;
	size_t			 problems;	/* found by this check */
	int			 damaged;	/* objects: DAMAGED_* */
	int			 verified;	/* read whole: DAMAGED_* */
	int			 lock_held;	/* by a running tend, or maybe */
	int			 holding;	/* findings held, not told */
	struct doctor_held	*held;
	size_t			 nheld;
	int			 early;		/* work tree checked already */
};

/*
 * A store with a damaged object is read no further: libgit2 (to 1.8) can
 * loop forever on one, and what it holds cannot be trusted until mended.
 */
#define DAMAGED_JOURNAL	0x1
#define DAMAGED_PRIVATE	0x2

/*
 * Pass one finding to the caller; the subject, message and fix are made
 * harmless for a terminal, as they may hold names from a partner's tree.
 */
int	doctor_report(struct doctor *, enum tend_doctor_level, const char *,
	    const char *, const char *, const char *, ...)
	    TEND_ATTR_PRINTF(6, 7);
/*
 * Tell the findings held while D->holding, in the order found, and forget
 * them; < 0 as soon as the caller's function says stop.
 */
int	doctor_release(struct doctor *);
/* Forget the findings held without telling them. */
void	doctor_held_free(struct doctor *);
/* A check that could not run is an error of its own, with the cause. */
int	doctor_report_failure(struct doctor *, const char *, const char *,
	    int);
/* PATH as the journal's folder names it, when it is inside it. */
const char *doctor_relative(const struct doctor *, const char *);
/* PATH quoted for sh(1), for a hint to paste. */
int	doctor_quote(struct tend_buf *, const char *);
/* Locks, a sync cut short, and what a stopped tend left (doctor-locks.c). */
int	doctor_check_locks(struct doctor *);
/* Entries a partner changed that are another's (doctor-authors.c). */
int	doctor_check_authors(struct doctor *);
/* Device keys, git's signing settings, signatures (doctor-keys.c). */
int	doctor_check_keys(struct doctor *);
/* An encrypted journal's history, sealed all through (doctor-sealed.c). */
int	doctor_check_sealed(struct doctor *);

#endif
