/*
 * What diff.c, which compares two agreements, hands diff-format.c, which
 * writes the comparison out: the sections of the result and their lines.
 */
#ifndef TEND_DIFF_INTERNAL_H
#define TEND_DIFF_INTERNAL_H

#include <stddef.h>

#include <stdint.h>

#include "internal.h"

enum state {
	ALONE,		/* added or removed */
	SAME,
	CHANGED,
	MOVED,
};

struct word {
	const char	*start;
	size_t		 len;
	uint32_t	 hash;
};

/* What the comparison found out about one clause. */
struct clause_info {
	size_t		 section;	/* on its side */
	size_t		 position;	/* in that section */
	size_t		 partner;	/* clause of the other side, or NONE */
	enum state	 state;
	uint32_t	 hash;		/* of the whole text */
	struct word	*words;		/* NULL past WORDS_MAX */
	size_t		 nwords;
};

enum op_kind {
	OP_ADDED,
	OP_REMOVED,
	OP_CHANGED,
	OP_MOVED,
};

enum part_kind {
	PART_KEPT,
	PART_RENAMED,
	PART_NEW,
	PART_REMOVED,
};

struct op {
	enum op_kind	kind;
	size_t		old;
	size_t		new;
};

/* A section of the output and its lines. */
struct part {
	enum part_kind	 kind;
	const char	*name;
	const char	*was;
	size_t		 first;		/* in the ops */
	size_t		 count;
};

struct tend_diff {
	struct tend_clause	*old;
	struct tend_clause	*new;
	size_t			 nold;
	size_t			 nnew;
	struct part		*parts;
	size_t			 nparts;
	size_t			 partcap;
	struct op		*ops;
	size_t			 nops;
	size_t			 opcap;
	size_t			 added;
	size_t			 removed;
	size_t			 changed;
	size_t			 moved;
	size_t			 renamed;
};

/* The words of a clause, split at spaces; none kept past WORDS_MAX. */
int	diff_split_words(struct clause_info *, const char *);
int	diff_same_word(const struct word *, const struct word *);

#endif
