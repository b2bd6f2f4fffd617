/*
 * An agreement's comparison written out for a person: each section with
 * what became of it, each clause added, removed, moved or reworded, the
 * words that changed marked in colour or in [-brackets-] {+braces+}.
 */

#include <stdlib.h>
#include <string.h>

#include "diff-internal.h"

static int	format_part(struct tend_buf *, const struct part *);
static int	format_op(struct tend_buf *, const struct tend_diff *,
		    const struct op *, int);
static int	format_words(struct tend_buf *, const char *, const char *,
		    int);
static int	format_run(struct tend_buf *, const char *, const char *,
		    int, int);
static int	put_text(struct tend_buf *, const char *, size_t);
static int	put_name(struct tend_buf *, const char *, int);

int
tend_diff_format(struct tend_buf *out, const struct tend_diff *diff,
    int flags)
{
	size_t	start = out->len, i, j;
	int	color = (flags & TEND_RENDER_COLOR) != 0, error;

	if ((error = tend_buf_put(out, "", 0)) < 0)
		return error;
	for (i = 0; diff != NULL && i < diff->nparts && error == 0; i++) {
		if (i > 0)
			error = tend_buf_puts(out, "\n");
		if (error == 0)
			error = format_part(out, &diff->parts[i]);
		for (j = 0; j < diff->parts[i].count && error == 0; j++)
			error = format_op(out, diff,
			    &diff->ops[diff->parts[i].first + j], color);
	}
	if (error < 0) {
		/* Leave no half-written diff behind. */
		out->len = start;
		out->data[out->len] = '\0';
	}
	return error;
}

/* "## Name", and what became of the section unless it was only edited. */
static int
format_part(struct tend_buf *out, const struct part *part)
{
	int	error;

	if ((error = tend_buf_puts(out, "## ")) < 0 ||
	    (error = put_name(out, part->name, 0)) < 0)
		return error;
	switch (part->kind) {
	case PART_RENAMED:
		if ((error = tend_buf_puts(out, " (was ")) < 0 ||
		    (error = put_name(out, part->was, 1)) < 0 ||
		    (error = tend_buf_puts(out, ")")) < 0)
			return error;
		break;
	case PART_NEW:
		error = tend_buf_puts(out, " (new section)");
		break;
	case PART_REMOVED:
		error = tend_buf_puts(out, " (section removed)");
		break;
	case PART_KEPT:
		break;
	}
	return error < 0 ? error : tend_buf_puts(out, "\n");
}

static int
format_op(struct tend_buf *out, const struct tend_diff *diff,
    const struct op *op, int color)
{
	const char	*text;
	int		 error;

	switch (op->kind) {
	case OP_ADDED:
	case OP_REMOVED:
		text = op->kind == OP_ADDED ? diff->new[op->new].text :
		    diff->old[op->old].text;
		if ((color && (error = tend_buf_puts(out, op->kind ==
		    OP_ADDED ? TEND_SGR_GREEN : TEND_SGR_RED)) < 0) ||
		    (error = tend_buf_puts(out, op->kind == OP_ADDED ?
		    "+ " : "- ")) < 0 ||
		    (error = put_text(out, text, strlen(text))) < 0 ||
		    (color && (error = tend_buf_puts(out, TEND_SGR_PLAIN)) < 0))
			return error;
		break;
	case OP_CHANGED:
		if ((error = tend_buf_puts(out, "~ ")) < 0 ||
		    (error = format_words(out, diff->old[op->old].text,
		    diff->new[op->new].text, color)) < 0)
			return error;
		break;
	case OP_MOVED:
		text = diff->new[op->new].text;
		if ((error = tend_buf_puts(out, "> ")) < 0 ||
		    (error = put_text(out, text, strlen(text))) < 0 ||
		    (error = tend_buf_puts(out, "  (moved from ")) < 0 ||
		    (error = put_name(out, diff->old[op->old].section,
		    1)) < 0 || (error = tend_buf_puts(out, ")")) < 0)
			return error;
		break;
	}
	return tend_buf_puts(out, "\n");
}

/*
 * The words of OLD and NEW, those of only one shown as [-removed-] and
 * {+added+}, or in red and green.  Between two shared words, all removed
 * words come as one run, then all added ones.
 */
static int
format_words(struct tend_buf *out, const char *old, const char *new,
    int color)
{
	struct clause_info	 a, b;
	uint16_t		*table = NULL;
	const char		*gone = NULL, *gone_end = NULL;
	const char		*come = NULL, *come_end = NULL;
	size_t			 i, j, width;
	int			 first = 1, error;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if ((error = diff_split_words(&a, old)) < 0 ||
	    (error = diff_split_words(&b, new)) < 0)
		goto out;
	if (a.words == NULL || b.words == NULL) {
		/* Too long to compare word by word: the wholes. */
		if ((error = format_run(out, old, old + strlen(old), color,
		    1)) == 0)
			error = format_run(out, new, new + strlen(new), color,
			    0);
		goto out;
	}
	/* TABLE[i][j]: the LCS of the words of A from i and of B from j. */
	width = b.nwords + 1;
	if ((table = calloc((a.nwords + 1) * width, sizeof(*table))) ==
	    NULL) {
		error = tend_error_nomem();
		goto out;
	}
	for (i = a.nwords; i-- > 0; )
		for (j = b.nwords; j-- > 0; ) {
			if (diff_same_word(&a.words[i], &b.words[j]))
				table[i * width + j] =
				    table[(i + 1) * width + j + 1] + 1;
			else
				table[i * width + j] =
				    table[(i + 1) * width + j] >
				    table[i * width + j + 1] ?
				    table[(i + 1) * width + j] :
				    table[i * width + j + 1];
		}
	for (i = 0, j = 0; error == 0 && (i < a.nwords || j < b.nwords); ) {
		if (i < a.nwords && j < b.nwords &&
		    diff_same_word(&a.words[i], &b.words[j])) {
			if (gone != NULL || come != NULL) {
				if ((error = tend_buf_puts(out, first ? "" :
				    " ")) < 0 || (error = format_run(out,
				    gone, gone_end, color, 1)) < 0 ||
				    (error = format_run(out, come, come_end,
				    color, 0)) < 0)
					break;
				gone = come = NULL;
				first = 0;
			}
			if ((error = tend_buf_puts(out, first ? "" :
			    " ")) < 0 || (error = put_text(out,
			    a.words[i].start, a.words[i].len)) < 0)
				break;
			first = 0;
			i++;
			j++;
		} else if (j == b.nwords || (i < a.nwords &&
		    table[(i + 1) * width + j] >= table[i * width + j + 1])) {
			if (gone == NULL)
				gone = a.words[i].start;
			gone_end = a.words[i].start + a.words[i].len;
			i++;
		} else {
			if (come == NULL)
				come = b.words[j].start;
			come_end = b.words[j].start + b.words[j].len;
			j++;
		}
	}
	if (error == 0 && (gone != NULL || come != NULL) &&
	    (error = tend_buf_puts(out, first ? "" : " ")) == 0 &&
	    (error = format_run(out, gone, gone_end, color, 1)) == 0)
		error = format_run(out, come, come_end, color, 0);
out:
	free(table);
	free(a.words);
	free(b.words);
	return error;
}

/* A run of removed (GONE) or added words from START to END; NULL: none. */
static int
format_run(struct tend_buf *out, const char *start, const char *end,
    int color, int gone)
{
	int	error;

	if (start == NULL)
		return 0;
	if ((error = tend_buf_puts(out, color ?
	    (gone ? TEND_SGR_RED : TEND_SGR_GREEN) :
	    (gone ? "[-" : "{+"))) < 0 ||
	    (error = put_text(out, start, end - start)) < 0)
		return error;
	return tend_buf_puts(out, color ? TEND_SGR_PLAIN : gone ? "-]" : "+}");
}

/* User text on one line, nothing in it that could steer a terminal. */
static int
put_text(struct tend_buf *out, const char *text, size_t len)
{
	size_t	i, start = out->len;
	int	error;

	if ((error = tend_text_sanitize(out, text, len)) < 0)
		return error;
	for (i = start; i < out->len; i++)
		if (out->data[i] == '\n' || out->data[i] == '\t')
			out->data[i] = ' ';
	return 0;
}

/* A section's name, quoted if asked; "(top)" for the text before any. */
static int
put_name(struct tend_buf *out, const char *name, int quoted)
{
	int	error;

	if (*name == '\0')
		return tend_buf_puts(out, "(top)");
	if (quoted && (error = tend_buf_puts(out, "\"")) < 0)
		return error;
	if ((error = put_text(out, name, strlen(name))) < 0)
		return error;
	return quoted ? tend_buf_puts(out, "\"") : 0;
}
