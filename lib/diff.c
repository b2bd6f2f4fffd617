/*
 * Agreements compared clause by clause: what was added, removed, reworded
 * or moved, section by section, so partners read changes as clauses rather
 * than as lines.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff-internal.h"

#define NONE		SIZE_MAX
#define WORDS_MAX	400		/* longer clauses compare as wholes */
#define PAIRS_MAX	250000		/* clause pairs weighed for likeness */
#define WORK_MAX	20000000	/* LCS cells spent on likeness at most */

struct section {
	const char	*name;
	size_t		*clauses;	/* in the order of the text */
	size_t		 count;
	size_t		 partner;	/* section of the other side, or NONE */
	int		 renamed;
};

/* One of the two texts. */
struct side {
	const struct tend_clause *clauses;
	size_t			 count;
	struct clause_info	*info;
	struct section		*sections;
	size_t			 nsections;
	size_t			*order;		/* the sections' clause lists */
};

/* A text to match and what it belongs to. */
struct key {
	const char	*text;
	size_t		 index;
	size_t		 other;		/* index of the equal key, or NONE */
};

/* A pair of clauses or of sections and how alike they are. */
struct candidate {
	size_t	old;
	size_t	new;
	size_t	shared;
	size_t	of;
};

struct context {
	struct tend_diff	*diff;
	struct side		 old;
	struct side		 new;
	struct key		*keys;		/* room for every clause */
	uint16_t		*rows;		/* two rows of an LCS table */
	size_t			 work;		/* LCS cells left to spend */
};

static int	build_side(struct side *, struct key *,
		    const struct tend_clause *, size_t);
static void	free_side(struct side *);
static int	same_text(const struct context *, size_t, size_t);
static void	match_keys(struct key *, size_t, struct key *, size_t, int);
static int	key_order(const void *, const void *);
static int	key_order_fold(const void *, const void *);
static void	match_sections(struct context *);
static void	match_same(struct context *, size_t, size_t);
static int	find_renames(struct context *);
static void	match_moves(struct context *);
static int	match_changed(struct context *, size_t, size_t);
static int	add_candidate(struct candidate **, size_t *, size_t *,
		    const struct candidate *);
static int	candidate_order(const void *, const void *);
static int	alike(struct context *, size_t, size_t, size_t *, size_t *);
static size_t	lcs_length(uint16_t *, const struct word *, size_t,
		    const struct word *, size_t);
static int	build_parts(struct context *);
static int	put_part(struct context *, enum part_kind, const char *,
		    const char *);
static int	put_op(struct context *, enum op_kind, size_t, size_t);
static int	put_removed_from(struct context *, const struct section *,
		    size_t);
static int	put_removed_sections(struct context *, size_t);
static int	is_anchor(const struct clause_info *);
static int	grow(void **, size_t *, size_t, size_t);

int
tend_diff_texts(struct tend_diff **diffp, const char *old, size_t oldlen,
    const char *new, size_t newlen)
{
	struct tend_clause	*old_clauses = NULL, *new_clauses = NULL;
	size_t			 nold = 0, nnew = 0;
	int			 error;

	*diffp = NULL;
	if ((error = tend_markdown_clauses(&old_clauses, &nold, old,
	    oldlen)) < 0 || (error = tend_markdown_clauses(&new_clauses,
	    &nnew, new, newlen)) < 0) {
		tend_clauses_free(old_clauses, nold);
		return error;
	}
	return tend_diff_clauses(diffp, old_clauses, nold, new_clauses, nnew);
}

int
tend_diff_clauses(struct tend_diff **diffp, struct tend_clause *old,
    size_t nold, struct tend_clause *new, size_t nnew)
{
	struct context	 ctx;
	struct tend_diff *diff;
	size_t		 i;
	int		 error;

	*diffp = NULL;
	memset(&ctx, 0, sizeof(ctx));
	if ((diff = calloc(1, sizeof(*diff))) == NULL) {
		tend_clauses_free(old, nold);
		tend_clauses_free(new, nnew);
		return tend_error_nomem();
	}
	diff->old = old;
	diff->nold = nold;
	diff->new = new;
	diff->nnew = nnew;
	ctx.diff = diff;
	ctx.work = WORK_MAX;
	if ((ctx.keys = calloc(diff->nold + diff->nnew + 1,
	    sizeof(*ctx.keys))) == NULL ||
	    (ctx.rows = calloc(2 * (WORDS_MAX + 1), sizeof(*ctx.rows))) ==
	    NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if ((error = build_side(&ctx.old, ctx.keys, diff->old,
	    diff->nold)) < 0 || (error = build_side(&ctx.new, ctx.keys,
	    diff->new, diff->nnew)) < 0)
		goto out;

	/*
	 * Exact texts first, so a clause found again is never taken for a
	 * reworded one, nor a moved one for a reworded neighbour.
	 */
	match_sections(&ctx);
	for (i = 0; i < ctx.old.nsections; i++)
		if (ctx.old.sections[i].partner != NONE)
			match_same(&ctx, i, ctx.old.sections[i].partner);
	if ((error = find_renames(&ctx)) < 0)
		goto out;
	match_moves(&ctx);
	for (i = 0; i < ctx.old.nsections; i++)
		if (ctx.old.sections[i].partner != NONE &&
		    (error = match_changed(&ctx, i,
		    ctx.old.sections[i].partner)) < 0)
			goto out;
	error = build_parts(&ctx);
out:
	free_side(&ctx.old);
	free_side(&ctx.new);
	free(ctx.keys);
	free(ctx.rows);
	if (error < 0) {
		tend_diff_free(diff);
		return error;
	}
	*diffp = diff;
	return 0;
}

void
tend_diff_take_old(struct tend_diff *diff, struct tend_clause **clauses,
    size_t *count)
{
	*clauses = diff->old;
	*count = diff->nold;
	diff->old = NULL;
	diff->nold = 0;
}

void
tend_diff_free(struct tend_diff *diff)
{
	if (diff == NULL)
		return;
	tend_clauses_free(diff->old, diff->nold);
	tend_clauses_free(diff->new, diff->nnew);
	free(diff->parts);
	free(diff->ops);
	free(diff);
}

size_t
tend_diff_added(const struct tend_diff *diff)
{
	return diff != NULL ? diff->added : 0;
}

size_t
tend_diff_removed(const struct tend_diff *diff)
{
	return diff != NULL ? diff->removed : 0;
}

size_t
tend_diff_changed(const struct tend_diff *diff)
{
	return diff != NULL ? diff->changed : 0;
}

size_t
tend_diff_moved(const struct tend_diff *diff)
{
	return diff != NULL ? diff->moved : 0;
}

size_t
tend_diff_renamed(const struct tend_diff *diff)
{
	return diff != NULL ? diff->renamed : 0;
}

/*
 * Gather the clauses of one text into sections, one for each heading text
 * (a heading used twice makes one section), in the order they first come.
 * Clauses under one heading share its string, so only the runs of them
 * are sorted by name: a long name is not compared once for every clause.
 */
static int
build_side(struct side *side, struct key *keys,
    const struct tend_clause *clauses, size_t count)
{
	struct section	*section;
	size_t		 i, j, runs = 0, head, *fill;
	int		 error;

	side->clauses = clauses;
	side->count = count;
	if ((side->info = calloc(count + 1, sizeof(*side->info))) == NULL ||
	    (side->order = calloc(count + 1, sizeof(*side->order))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < count; i++) {
		side->info[i].partner = NONE;
		side->info[i].hash = tend_text_hash(clauses[i].text,
		    strlen(clauses[i].text));
		if ((error = diff_split_words(&side->info[i],
		    clauses[i].text)) < 0)
			return error;
		if (i == 0 || clauses[i].section != clauses[i - 1].section) {
			keys[runs].text = clauses[i].section;
			keys[runs++].index = i;
		}
	}

	/* The first clause of each run learns the first of its section. */
	if (runs > 1)
		qsort(keys, runs, sizeof(*keys), key_order);
	for (i = 0; i < runs; i = j) {
		head = keys[i].index;
		for (j = i; j < runs && (keys[j].text == keys[i].text ||
		    strcmp(keys[j].text, keys[i].text) == 0); j++)
			side->info[keys[j].index].section = head;
	}
	/* Sections numbered in the order of the text. */
	for (i = 0; i < count; i++) {
		if (i > 0 && clauses[i].section == clauses[i - 1].section)
			side->info[i].section = side->info[i - 1].section;
		else if ((head = side->info[i].section) == i)
			side->info[i].section = side->nsections++;
		else
			side->info[i].section = side->info[head].section;
	}

	if ((side->sections = calloc(side->nsections + 1,
	    sizeof(*side->sections))) == NULL ||
	    (fill = calloc(side->nsections + 1, sizeof(*fill))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < count; i++) {
		section = &side->sections[side->info[i].section];
		if (section->count++ == 0)
			section->name = clauses[i].section;
	}
	for (i = 0, j = 0; i < side->nsections; i++) {
		side->sections[i].clauses = side->order + j;
		side->sections[i].partner = NONE;
		j += side->sections[i].count;
	}
	for (i = 0; i < count; i++) {
		section = &side->sections[side->info[i].section];
		side->info[i].position = fill[side->info[i].section]++;
		section->clauses[side->info[i].position] = i;
	}
	free(fill);
	return 0;
}

static void
free_side(struct side *side)
{
	size_t	i;

	if (side->info != NULL)
		for (i = 0; i < side->count; i++)
			free(side->info[i].words);
	free(side->info);
	free(side->sections);
	free(side->order);
}

/* The words of a clause, split at spaces; none kept past WORDS_MAX. */
int
diff_split_words(struct clause_info *info, const char *text)
{
	const char	*p;
	struct word	*word;
	size_t		 count = 0;

	for (p = text; *p != '\0'; ) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		count++;
		while (*p != '\0' && *p != ' ')
			p++;
	}
	info->nwords = count;
	if (count == 0 || count > WORDS_MAX)
		return 0;
	if ((info->words = calloc(count, sizeof(*info->words))) == NULL)
		return tend_error_nomem();
	for (p = text, word = info->words; *p != '\0'; word++) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		word->start = p;
		while (*p != '\0' && *p != ' ')
			p++;
		word->len = p - word->start;
		word->hash = tend_text_hash(word->start, word->len);
	}
	return 0;
}

/* Whether old clause O and new clause N read the same. */
static int
same_text(const struct context *ctx, size_t o, size_t n)
{
	return ctx->old.info[o].hash == ctx->new.info[n].hash &&
	    strcmp(ctx->old.clauses[o].text, ctx->new.clauses[n].text) == 0;
}

/*
 * Pair the keys of A and B whose texts are equal (FOLD: but for ASCII
 * case), in the order of their indexes when a text comes more than once.
 */
static void
match_keys(struct key *a, size_t na, struct key *b, size_t nb, int fold)
{
	size_t	i = 0, j = 0;
	int	cmp;

	if (na > 1)
		qsort(a, na, sizeof(*a), fold ? key_order_fold : key_order);
	if (nb > 1)
		qsort(b, nb, sizeof(*b), fold ? key_order_fold : key_order);
	while (i < na && j < nb) {
		cmp = fold ? tend_text_casecmp(a[i].text, b[j].text) :
		    strcmp(a[i].text, b[j].text);
		if (cmp < 0)
			i++;
		else if (cmp > 0)
			j++;
		else {
			a[i].other = b[j].index;
			b[j].other = a[i].index;
			i++;
			j++;
		}
	}
}

static int
key_order(const void *one, const void *two)
{
	const struct key	*a = one, *b = two;
	int			 cmp;

	if (a->text != b->text && (cmp = strcmp(a->text, b->text)) != 0)
		return cmp;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int
key_order_fold(const void *one, const void *two)
{
	const struct key	*a = one, *b = two;
	int			 cmp;

	if ((cmp = tend_text_casecmp(a->text, b->text)) != 0)
		return cmp;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Sections of the same name, exactly, then but for case. */
static void
match_sections(struct context *ctx)
{
	struct side	*old = &ctx->old, *new = &ctx->new;
	struct key	*a = ctx->keys, *b;
	size_t		 i, na, nb;
	int		 fold;

	for (fold = 0; fold <= 1; fold++) {
		for (i = 0, na = 0; i < old->nsections; i++)
			if (old->sections[i].partner == NONE) {
				a[na].text = old->sections[i].name;
				a[na].index = i;
				a[na++].other = NONE;
			}
		b = a + na;
		for (i = 0, nb = 0; i < new->nsections; i++)
			if (new->sections[i].partner == NONE) {
				b[nb].text = new->sections[i].name;
				b[nb].index = i;
				b[nb++].other = NONE;
			}
		match_keys(a, na, b, nb, fold);
		for (i = 0; i < na; i++)
			if (a[i].other != NONE) {
				old->sections[a[i].index].partner = a[i].other;
				new->sections[a[i].other].partner = a[i].index;
			}
	}
}

/* Clauses of sections O and N found in both with the same text. */
static void
match_same(struct context *ctx, size_t o, size_t n)
{
	const struct section	*from = &ctx->old.sections[o];
	const struct section	*to = &ctx->new.sections[n];
	struct key		*a = ctx->keys, *b = ctx->keys + from->count;
	size_t			 i;

	for (i = 0; i < from->count; i++) {
		a[i].text = ctx->old.clauses[from->clauses[i]].text;
		a[i].index = from->clauses[i];
		a[i].other = NONE;
	}
	for (i = 0; i < to->count; i++) {
		b[i].text = ctx->new.clauses[to->clauses[i]].text;
		b[i].index = to->clauses[i];
		b[i].other = NONE;
	}
	match_keys(a, from->count, b, to->count, 0);
	for (i = 0; i < from->count; i++) {
		if (a[i].other == NONE)
			continue;
		ctx->old.info[a[i].index].state = SAME;
		ctx->old.info[a[i].index].partner = a[i].other;
		ctx->new.info[a[i].other].state = SAME;
		ctx->new.info[a[i].other].partner = a[i].index;
	}
}

/*
 * An old and a new section left without a partner are one section renamed
 * when at least half of the old one's clauses are in the new one, as they
 * were or reworded; the best such pairs first.  The section before any
 * heading has no name to change and is never renamed.
 */
static int
find_renames(struct context *ctx)
{
	struct side		*old = &ctx->old, *new = &ctx->new;
	struct section		*from, *to;
	struct candidate	*list = NULL, pair;
	size_t			 count = 0, cap = 0, olds = 0, news = 0;
	size_t			 i, j, k, l, shared, longer;
	int			 error = 0;

	for (i = 0; i < old->nsections; i++)
		if (old->sections[i].partner == NONE)
			olds += old->sections[i].count;
	for (i = 0; i < new->nsections; i++)
		if (new->sections[i].partner == NONE)
			news += new->sections[i].count;
	if (olds == 0 || news == 0 || news > PAIRS_MAX / olds)
		return 0;
	for (i = 0; i < old->nsections; i++) {
		from = &old->sections[i];
		if (from->partner != NONE || *from->name == '\0')
			continue;
		for (j = 0; j < new->nsections; j++) {
			to = &new->sections[j];
			if (to->partner != NONE || *to->name == '\0')
				continue;
			pair.old = i;
			pair.new = j;
			pair.shared = 0;
			pair.of = from->count;
			for (k = 0; k < from->count; k++)
				for (l = 0; l < to->count; l++)
					if (same_text(ctx, from->clauses[k],
					    to->clauses[l]) || alike(ctx,
					    from->clauses[k], to->clauses[l],
					    &shared, &longer)) {
						pair.shared++;
						break;
					}
			if (pair.shared * 2 >= pair.of && (error =
			    add_candidate(&list, &count, &cap, &pair)) < 0)
				goto out;
		}
	}
	if (count > 1)
		qsort(list, count, sizeof(*list), candidate_order);
	for (i = 0; i < count; i++) {
		from = &old->sections[list[i].old];
		to = &new->sections[list[i].new];
		if (from->partner != NONE || to->partner != NONE)
			continue;
		from->partner = list[i].new;
		to->partner = list[i].old;
		to->renamed = 1;
		match_same(ctx, list[i].old, list[i].new);
	}
out:
	free(list);
	return error;
}

/* A clause gone from one section whose very text is new in another. */
static void
match_moves(struct context *ctx)
{
	struct key	*a = ctx->keys, *b;
	size_t		 i, na = 0, nb = 0;

	for (i = 0; i < ctx->old.count; i++)
		if (ctx->old.info[i].state == ALONE) {
			a[na].text = ctx->old.clauses[i].text;
			a[na].index = i;
			a[na++].other = NONE;
		}
	b = a + na;
	for (i = 0; i < ctx->new.count; i++)
		if (ctx->new.info[i].state == ALONE) {
			b[nb].text = ctx->new.clauses[i].text;
			b[nb].index = i;
			b[nb++].other = NONE;
		}
	/* Equal texts in one pair of sections were matched already. */
	match_keys(a, na, b, nb, 0);
	for (i = 0; i < na; i++) {
		if (a[i].other == NONE)
			continue;
		ctx->old.info[a[i].index].state = MOVED;
		ctx->old.info[a[i].index].partner = a[i].other;
		ctx->new.info[a[i].other].state = MOVED;
		ctx->new.info[a[i].other].partner = a[i].index;
	}
}

/*
 * Of the clauses of sections O and N still without a partner, pair those
 * most alike first, each clause in one pair at most.
 */
static int
match_changed(struct context *ctx, size_t o, size_t n)
{
	const struct section	*from = &ctx->old.sections[o];
	const struct section	*to = &ctx->new.sections[n];
	struct clause_info	*a, *b;
	struct candidate	*list = NULL, pair;
	size_t			 count = 0, cap = 0, olds = 0, news = 0;
	size_t			 i, j;
	int			 error = 0;

	for (i = 0; i < from->count; i++)
		olds += ctx->old.info[from->clauses[i]].state == ALONE;
	for (j = 0; j < to->count; j++)
		news += ctx->new.info[to->clauses[j]].state == ALONE;
	if (olds == 0 || news == 0 || news > PAIRS_MAX / olds)
		return 0;
	for (i = 0; i < from->count; i++) {
		if (ctx->old.info[from->clauses[i]].state != ALONE)
			continue;
		for (j = 0; j < to->count; j++) {
			if (ctx->new.info[to->clauses[j]].state != ALONE)
				continue;
			pair.old = from->clauses[i];
			pair.new = to->clauses[j];
			if (alike(ctx, pair.old, pair.new, &pair.shared,
			    &pair.of) && (error = add_candidate(&list, &count,
			    &cap, &pair)) < 0)
				goto out;
		}
	}
	if (count > 1)
		qsort(list, count, sizeof(*list), candidate_order);
	for (i = 0; i < count; i++) {
		a = &ctx->old.info[list[i].old];
		b = &ctx->new.info[list[i].new];
		if (a->state != ALONE || b->state != ALONE)
			continue;
		a->state = b->state = CHANGED;
		a->partner = list[i].new;
		b->partner = list[i].old;
	}
out:
	free(list);
	return error;
}

static int
add_candidate(struct candidate **list, size_t *count, size_t *cap,
    const struct candidate *pair)
{
	int	error;

	if ((error = grow((void **)list, cap, *count + 1,
	    sizeof(**list))) < 0)
		return error;
	(*list)[(*count)++] = *pair;
	return 0;
}

/* The larger share first; then in the order of the old, then new text. */
static int
candidate_order(const void *one, const void *two)
{
	const struct candidate	*a = one, *b = two;
	uint64_t		 left, right;

	left = (uint64_t)a->shared * b->of;
	right = (uint64_t)b->shared * a->of;
	if (left != right)
		return left > right ? -1 : 1;
	if (a->old != b->old)
		return a->old < b->old ? -1 : 1;
	return a->new < b->new ? -1 : a->new > b->new;
}

/*
 * Whether old clause O and new clause N are one reworded: the words they
 * share in order (their LCS) make at least half of the longer one.  Long
 * clauses, and any once the work allowed is spent, are never alike.
 */
static int
alike(struct context *ctx, size_t o, size_t n, size_t *shared,
    size_t *longer)
{
	const struct clause_info	*a = &ctx->old.info[o];
	const struct clause_info	*b = &ctx->new.info[n];
	size_t				 shorter, cells;

	if (a->words == NULL || b->words == NULL)
		return 0;
	*longer = a->nwords > b->nwords ? a->nwords : b->nwords;
	shorter = a->nwords < b->nwords ? a->nwords : b->nwords;
	if (shorter * 2 < *longer)
		return 0;
	cells = a->nwords * b->nwords;
	if (cells > ctx->work)
		return 0;
	ctx->work -= cells;
	*shared = lcs_length(ctx->rows, a->words, a->nwords, b->words,
	    b->nwords);
	return *shared * 2 >= *longer;
}

/* The length of the LCS of A and B, in two rows of WORDS_MAX + 1. */
static size_t
lcs_length(uint16_t *rows, const struct word *a, size_t na,
    const struct word *b, size_t nb)
{
	uint16_t	*last = rows, *row = rows + WORDS_MAX + 1, *swap;
	size_t		 i, j;

	memset(last, 0, (nb + 1) * sizeof(*last));
	for (i = 0; i < na; i++) {
		row[0] = 0;
		for (j = 0; j < nb; j++) {
			if (diff_same_word(&a[i], &b[j]))
				row[j + 1] = last[j] + 1;
			else
				row[j + 1] = last[j + 1] > row[j] ?
				    last[j + 1] : row[j];
		}
		swap = last;
		last = row;
		row = swap;
	}
	return last[nb];
}

int
diff_same_word(const struct word *a, const struct word *b)
{
	return a->hash == b->hash && a->len == b->len &&
	    memcmp(a->start, b->start, a->len) == 0;
}

/*
 * The sections to show, in the order of the new text, a removed one after
 * the section that came before it in the old text.
 */
static int
build_parts(struct context *ctx)
{
	struct side		*old = &ctx->old, *new = &ctx->new;
	const struct section	*section, *from;
	const struct clause_info *info;
	size_t			 i, j, clause;
	enum part_kind		 kind;
	int			 error;

	error = put_removed_sections(ctx, 0);
	for (i = 0; i < new->nsections && error == 0; i++) {
		section = &new->sections[i];
		from = section->partner != NONE ?
		    &old->sections[section->partner] : NULL;
		kind = from == NULL ? PART_NEW : section->renamed ?
		    PART_RENAMED : PART_KEPT;
		if ((error = put_part(ctx, kind, section->name,
		    kind == PART_RENAMED ? from->name : NULL)) < 0)
			break;
		if (from != NULL)
			error = put_removed_from(ctx, from, 0);
		for (j = 0; j < section->count && error == 0; j++) {
			clause = section->clauses[j];
			info = &new->info[clause];
			switch (info->state) {
			case ALONE:
				error = put_op(ctx, OP_ADDED, NONE, clause);
				break;
			case CHANGED:
				error = put_op(ctx, OP_CHANGED, info->partner,
				    clause);
				break;
			case MOVED:
				error = put_op(ctx, OP_MOVED, info->partner,
				    clause);
				break;
			case SAME:
				break;
			}
			/* Removed clauses stay after the one they followed. */
			if (error == 0 && from != NULL && is_anchor(info))
				error = put_removed_from(ctx, from,
				    old->info[info->partner].position + 1);
		}
		/* A section kept as it was is not shown. */
		if (error == 0 && kind == PART_KEPT &&
		    ctx->diff->parts[ctx->diff->nparts - 1].count == 0)
			ctx->diff->nparts--;
		if (error == 0 && from != NULL)
			error = put_removed_sections(ctx, section->partner + 1);
	}
	return error;
}

static int
put_part(struct context *ctx, enum part_kind kind, const char *name,
    const char *was)
{
	struct tend_diff	*diff = ctx->diff;
	struct part		*part;
	int			 error;

	if ((error = grow((void **)&diff->parts, &diff->partcap,
	    diff->nparts + 1, sizeof(*diff->parts))) < 0)
		return error;
	part = &diff->parts[diff->nparts++];
	part->kind = kind;
	part->name = name;
	part->was = was;
	part->first = diff->nops;
	part->count = 0;
	if (kind == PART_RENAMED)
		diff->renamed++;
	return 0;
}

/* A line in the last part. */
static int
put_op(struct context *ctx, enum op_kind kind, size_t old, size_t new)
{
	struct tend_diff	*diff = ctx->diff;
	struct op		*op;
	int			 error;

	if ((error = grow((void **)&diff->ops, &diff->opcap, diff->nops + 1,
	    sizeof(*diff->ops))) < 0)
		return error;
	op = &diff->ops[diff->nops++];
	op->kind = kind;
	op->old = old;
	op->new = new;
	diff->parts[diff->nparts - 1].count++;
	switch (kind) {
	case OP_ADDED:
		diff->added++;
		break;
	case OP_REMOVED:
		diff->removed++;
		break;
	case OP_CHANGED:
		diff->changed++;
		break;
	case OP_MOVED:
		diff->moved++;
		break;
	}
	return 0;
}

/* The removed clauses of FROM from place K up to one with a partner. */
static int
put_removed_from(struct context *ctx, const struct section *from, size_t k)
{
	const struct clause_info	*info;
	int				 error = 0;

	for (; k < from->count && error == 0; k++) {
		info = &ctx->old.info[from->clauses[k]];
		if (is_anchor(info))
			break;
		if (info->state == ALONE)
			error = put_op(ctx, OP_REMOVED, from->clauses[k], NONE);
	}
	return error;
}

/* The removed sections of the old text from section K to a kept one. */
static int
put_removed_sections(struct context *ctx, size_t k)
{
	const struct section	*from;
	size_t			 j;
	int			 error = 0;

	for (; k < ctx->old.nsections && error == 0; k++) {
		from = &ctx->old.sections[k];
		if (from->partner != NONE)
			break;
		if ((error = put_part(ctx, PART_REMOVED, from->name,
		    NULL)) < 0)
			break;
		/* Its moved clauses are shown where they went. */
		for (j = 0; j < from->count && error == 0; j++)
			if (ctx->old.info[from->clauses[j]].state == ALONE)
				error = put_op(ctx, OP_REMOVED,
				    from->clauses[j], NONE);
	}
	return error;
}

/* A clause with a partner in the matching section. */
static int
is_anchor(const struct clause_info *info)
{
	return info->state == SAME || info->state == CHANGED;
}

/* Make room in *ARRAY for NEED elements of SIZE bytes. */
static int
grow(void **array, size_t *cap, size_t need, size_t size)
{
	size_t	 want;
	void	*bigger;

	if (need <= *cap)
		return 0;
	want = *cap != 0 ? *cap : 16;
	while (want < need && want <= SIZE_MAX / 2)
		want *= 2;
	if (want < need || want > SIZE_MAX / size ||
	    (bigger = realloc(*array, want * size)) == NULL)
		return tend_error_nomem();
	*array = bigger;
	*cap = want;
	return 0;
}
