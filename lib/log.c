/*
 * One timeline of a journal: every shared entry, and the local partner's
 * private ones, newest first.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"


struct row {
	struct tend_log_row	 row;
	char			*author;
	char			*kind;
	char			*id;
	char			*title;
};

struct timeline {
	struct row			*rows;
	size_t				 count;
	struct tend_journal		*journal;
	const struct tend_log_filter	*filter;
	char				 since[11];
	char				 until[11];
	char				 tags[TEND_TAGS_MAX][TEND_TAG_MAX + 1];
	void				*arg;
};

static int	collect_cb(struct tend_entry *, void *);
static int	newest_first(const void *, const void *);
static char	*title_of(const struct tend_entry *);
static char	*ratings(const struct tend_entry *);
static int	by_author(const struct timeline *, const char *);

/* What a list shows of an entry: its title, or its first line of text. */
static char *
title_of(const struct tend_entry *entry)
{
	const char	*title = tend_entry_field(entry, "title");
	const char	*line = tend_entry_body(entry), *end;
	const char	*kind = tend_entry_kind(entry);

	/* A check-in's title repeats its day and author: its words tell more. */
	if (title != NULL && (kind == NULL || strcmp(kind, "checkin") != 0))
		return strdup(title);
	/*
	 * The first line of text: a title ("# ...") without its mark; the
	 * names of sections ("## Appreciation") say nothing of the entry.
	 */
	for (; *line != '\0'; line = end + (*end == '\n')) {
		end = line + strcspn(line, "\n");
		if (strncmp(line, "##", 2) == 0)
			continue;
		while (line < end && (*line == '#' || *line == ' '))
			line++;
		if (line < end)
			return strndup(line, (size_t)(end - line));
	}
	return ratings(entry);
}

/* A check-in with no words: its five ratings, "ratings 4 3 5 4 2". */
static char *
ratings(const struct tend_entry *entry)
{
	const struct tend_meta	*pillars;
	const char		*rating;
	char			 out[32] = "ratings";
	size_t			 i, len = strlen(out);

	pillars = tend_meta_get(tend_entry_meta(entry), "pillars");
	if (pillars == NULL)
		return strdup("");
	for (i = 0; i < TEND_PILLAR_COUNT && len + 3 < sizeof(out); i++) {
		rating = tend_meta_get_text(pillars, tend_pillar_key(i));
		out[len++] = ' ';
		out[len++] = rating != NULL && strlen(rating) == 1 ? rating[0] :
		    '-';
	}
	out[len] = '\0';
	return strdup(out);
}

static int
by_author(const struct timeline *timeline, const char *author)
{
	const char	*wanted = timeline->filter->author;
	size_t		 i;

	if (wanted == NULL || tend_text_casecmp(wanted, author) == 0)
		return 1;
	for (i = 0; i < tend_journal_partner_count(timeline->journal); i++)
		if (strcmp(tend_journal_partner_id(timeline->journal, i),
		    author) == 0 && tend_text_casecmp(tend_journal_partner_name(
		    timeline->journal, i), wanted) == 0)
			return 1;
	return 0;
}

static int
collect_cb(struct tend_entry *entry, void *arg)
{
	struct timeline	*timeline = arg;
	struct row	 r, *grown;
	const char	*date, *author;
	size_t		 i;

	date = tend_entry_field(entry, "date");
	if (date == NULL)
		date = tend_entry_field(entry, "created");
	author = tend_entry_author(entry) != NULL ? tend_entry_author(entry) :
	    "-";
	if (date == NULL || strlen(date) < 10)
		return 0;
	memset(&r, 0, sizeof(r));
	memcpy(r.row.day, date, 10);
	if (strcmp(r.row.day, timeline->since) < 0 ||
	    (timeline->until[0] != '\0' &&
	    strcmp(r.row.day, timeline->until) > 0) ||
	    !by_author(timeline, author) ||
	    (timeline->filter->ntags != 0 && !tend_tags_has(
	    tend_entry_meta(entry), timeline->tags, timeline->filter->ntags)))
		return 0;
	/* A shared reflection is in both stores: list the journal's copy. */
	for (i = 0; tend_entry_is_private(entry) && i < timeline->count; i++)
		if (strcmp(timeline->rows[i].id, tend_entry_id(entry)) == 0)
			return 0;
	r.row.private = tend_entry_is_private(entry);
	if ((r.author = strdup(author)) == NULL ||
	    (r.kind = strdup(tend_entry_kind(entry))) == NULL ||
	    (r.id = strdup(tend_entry_id(entry))) == NULL ||
	    (r.title = title_of(entry)) == NULL ||
	    (grown = realloc(timeline->rows, (timeline->count + 1) *
	    sizeof(*grown))) == NULL) {
		free(r.author);
		free(r.kind);
		free(r.id);
		free(r.title);
		return tend_error_nomem();
	}
	timeline->rows = grown;
	grown[timeline->count++] = r;
	return 0;
}

static int
newest_first(const void *a, const void *b)
{
	const struct row	*ra = a, *rb = b;
	int			 order;

	if ((order = strcmp(rb->row.day, ra->row.day)) != 0)
		return order;
	return strcmp(rb->id, ra->id);
}

int
tend_log(struct tend_journal *journal, const struct tend_log_filter *filter,
    int (*fn)(const struct tend_log_row *, void *), tend_warn_fn warn,
    void *arg)
{
	struct timeline	timeline;
	size_t		i, j;
	int		error = 0;

	memset(&timeline, 0, sizeof(timeline));
	timeline.journal = journal;
	timeline.filter = filter;
	timeline.arg = arg;
	if ((filter->since != NULL && (error = tend_date_day_of(
	    timeline.since, "--since", filter->since)) < 0) ||
	    (filter->until != NULL && (error = tend_date_day_of(
	    timeline.until, "--until", filter->until)) < 0))
		return error;
	if (filter->ntags > TEND_TAGS_MAX)
		return tend_error_set(TEND_EINVALID, "at most %d tags",
		    TEND_TAGS_MAX);
	for (i = 0; i < filter->ntags; i++)
		if ((error = tend_tag_check(timeline.tags[i],
		    filter->tags[i])) < 0)
			return error;
	for (i = 0; i < filter->nkinds; i++) {
		for (j = 0; j < TEND_KIND_COUNT; j++)
			if (strcmp(filter->kinds[i], tend_kind_name(j)) == 0)
				break;
		if (j == TEND_KIND_COUNT)
			return tend_error_set(TEND_EINVALID, "unknown kind '%s' "
			    "(the kinds are checkin, reflect, resent, agree)",
			    filter->kinds[i]);
	}
	for (i = 0; i < TEND_KIND_COUNT && error == 0; i++) {
		for (j = 0; j < filter->nkinds; j++)
			if (strcmp(filter->kinds[j],
			    tend_kind_name(i)) == 0)
				break;
		if (filter->nkinds != 0 && j == filter->nkinds)
			continue;
		error = tend_entry_foreach_dated(journal,
		    tend_kind_name(i),
		    TEND_IN_JOURNAL | TEND_IN_PRIVATE, timeline.since[0] !=
		    '\0' ? timeline.since : NULL, timeline.until[0] != '\0' ?
		    timeline.until : NULL, collect_cb, &timeline, warn, arg);
	}
	if (error == 0 && timeline.count > 1)
		qsort(timeline.rows, timeline.count, sizeof(*timeline.rows),
		    newest_first);
	for (i = 0; i < timeline.count && error == 0 &&
	    (filter->limit == 0 || i < filter->limit); i++) {
		timeline.rows[i].row.author = timeline.rows[i].author;
		timeline.rows[i].row.kind = timeline.rows[i].kind;
		timeline.rows[i].row.id = timeline.rows[i].id;
		timeline.rows[i].row.title = timeline.rows[i].title;
		error = fn(&timeline.rows[i].row, arg);
	}
	for (i = 0; i < timeline.count; i++) {
		free(timeline.rows[i].author);
		free(timeline.rows[i].kind);
		free(timeline.rows[i].id);
		free(timeline.rows[i].title);
	}
	free(timeline.rows);
	return error;
}
