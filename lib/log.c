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

/*
 * What a read that may be done again, further back, warned of: told only
 * once it proves the last, so that no file is warned of twice.
 */
struct held {
	struct tend_buf	 messages;	/* each ends with a NUL */
};

struct timeline {
	struct row			*rows;
	size_t				 count;
	size_t				 allocated;
	struct tend_journal		*journal;
	const struct tend_log_filter	*filter;
	char				 since[11];
	char				 until[11];
	char				 tags[TEND_TAGS_MAX][TEND_TAG_MAX + 1];
	void				*arg;
	struct held			*held;	/* what the read warned of */
	struct tend_blob_cache		*cache;	/* rows by blob id, or NULL */
};

/* The days in the names of the entries a timeline may show. */
struct days {
	char	(*day)[11];
	size_t	 count;
	size_t	 allocated;
};

static int	known_of(struct tend_log_known *, char [TEND_TAGS_LINE],
		    char **, const struct tend_entry *);
static int	has_tag(const struct timeline *, const char *);
static int	add_row(struct timeline *, const struct tend_log_known *,
		    const char *, int);
static int	collect_cb(struct tend_entry *, void *);
static int	id_cb(const char *, const char *, void *);
static int	wants_kind(const struct timeline *, size_t);
static int	entry_days(struct days *, struct timeline *, size_t);
static int	day_cb(const char *, void *);
static int	later_day(const void *, const void *);
static int	hold_cb(const char *, void *);
static int	read_rows(struct timeline *, const char *from);
static void	rows_free(struct timeline *);
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

/*
 * What a row shows of ENTRY, into KNOWN, its tags into TAGS and its title
 * into *TITLE (the caller's to free): 0; 1 for an entry with no day, which
 * no timeline shows; or an error.
 */
static int
known_of(struct tend_log_known *known, char tags[TEND_TAGS_LINE],
    char **title, const struct tend_entry *entry)
{
	const char	*date;

	date = tend_entry_field(entry, "date");
	if (date == NULL)
		date = tend_entry_field(entry, "created");
	if (date == NULL || strlen(date) < 10)
		return 1;
	memcpy(known->day, date, 10);
	known->day[10] = '\0';
	known->kind = tend_entry_kind(entry);
	known->author = tend_entry_author(entry) != NULL ?
	    tend_entry_author(entry) : "-";
	tend_tags_line(tags, tend_entry_meta(entry));
	known->tags = tags;
	if ((*title = title_of(entry)) == NULL)
		return tend_error_nomem();
	known->title = *title;
	return 0;
}

/* Whether LINE, tags as tend_tags_line writes them, holds a wanted one. */
static int
has_tag(const struct timeline *timeline, const char *line)
{
	const char	*end;
	size_t		 i;

	for (; *line != '\0'; line = end + 1) {
		end = strchr(line, ' ');
		for (i = 0; i < timeline->filter->ntags; i++)
			if (strlen(timeline->tags[i]) == (size_t)(end - line) &&
			    memcmp(timeline->tags[i], line, (size_t)(end -
			    line)) == 0)
				return 1;
	}
	return 0;
}

/* A row of the entry ID as KNOWN, unless the filters leave it out. */
static int
add_row(struct timeline *timeline, const struct tend_log_known *known,
    const char *id, int private)
{
	struct row	 r, *grown;
	size_t		 i, more;

	if (strcmp(known->day, timeline->since) < 0 ||
	    (timeline->until[0] != '\0' &&
	    strcmp(known->day, timeline->until) > 0) ||
	    !by_author(timeline, known->author) ||
	    (timeline->filter->ntags != 0 && !has_tag(timeline, known->tags)))
		return 0;
	/* A shared reflection is in both stores: list the journal's copy. */
	for (i = 0; private && i < timeline->count; i++)
		if (strcmp(timeline->rows[i].id, id) == 0)
			return 0;
	if (timeline->count == timeline->allocated) {
		more = timeline->allocated * 2 + 64;
		if ((grown = realloc(timeline->rows, more *
		    sizeof(*grown))) == NULL)
			return tend_error_nomem();
		timeline->rows = grown;
		timeline->allocated = more;
	}
	memset(&r, 0, sizeof(r));
	memcpy(r.row.day, known->day, sizeof(r.row.day));
	r.row.private = private;
	if ((r.author = strdup(known->author)) == NULL ||
	    (r.kind = strdup(known->kind)) == NULL ||
	    (r.id = strdup(id)) == NULL ||
	    (r.title = strdup(known->title)) == NULL) {
		free(r.author);
		free(r.kind);
		free(r.id);
		return tend_error_nomem();
	}
	timeline->rows[timeline->count++] = r;
	return 0;
}

static int
collect_cb(struct tend_entry *entry, void *arg)
{
	struct timeline		*timeline = arg;
	struct tend_log_known	 known;
	char			 tags[TEND_TAGS_LINE], *title = NULL;
	int			 error;

	if ((error = known_of(&known, tags, &title, entry)) == 0)
		error = add_row(timeline, &known, tend_entry_id(entry),
		    tend_entry_is_private(entry));
	free(title);
	return error < 0 ? error : 0;
}

/*
 * An entry of the journal by its blob id: its row from the cache when it
 * is known there, else read, parsed and kept.
 */
static int
id_cb(const char *path, const char *id, void *arg)
{
	struct timeline		*timeline = arg;
	struct tend_log_known	 known;
	struct tend_entry	*entry = NULL;
	char			*entry_id = NULL, *title = NULL;
	char			 tags[TEND_TAGS_LINE];
	int			 error;

	if (tend_log_cache_get(timeline->cache, id, &known) < 0) {
		if ((error = tend_entry_read_at(&entry, timeline->journal, id,
		    path)) != 0)
			return error < 0 ? error :
			    tend_error_warn(hold_cb, timeline->held);
		if ((error = known_of(&known, tags, &title, entry)) != 0 ||
		    (error = tend_log_cache_put(timeline->cache, id,
		    &known)) < 0)
			goto out;
	}
	if ((error = tend_layout_entry_id(&entry_id, NULL, path)) == 0)
		error = add_row(timeline, &known, entry_id, 0);
out:
	free(entry_id);
	free(title);
	tend_entry_free(entry);
	return error < 0 ? error : 0;
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

static int
wants_kind(const struct timeline *timeline, size_t kind)
{
	const struct tend_log_filter	*filter = timeline->filter;
	size_t				 i;

	for (i = 0; i < filter->nkinds; i++)
		if (strcmp(filter->kinds[i], tend_kind_name(kind)) == 0)
			return 1;
	return filter->nkinds == 0;
}

static int
day_cb(const char *day, void *arg)
{
	struct days	*days = arg;
	void		*grown;
	size_t		 more;

	if (days->count == days->allocated) {
		more = days->allocated * 2 + 64;
		if ((grown = realloc(days->day, more * sizeof(*days->day))) ==
		    NULL)
			return tend_error_nomem();
		days->day = grown;
		days->allocated = more;
	}
	memcpy(days->day[days->count++], day, sizeof(*days->day));
	return 0;
}

static int
later_day(const void *a, const void *b)
{
	return strcmp(b, a);
}

/*
 * The days that start the names of the timeline's dated entries, newest
 * first: at least the newest MOST, when there are as many.
 */
static int
entry_days(struct days *days, struct timeline *timeline, size_t most)
{
	size_t	i;
	int	error = 0;

	days->count = 0;
	for (i = 0; i < TEND_KIND_COUNT && error == 0; i++)
		if (wants_kind(timeline, i))
			error = tend_entry_days_newest(timeline->journal,
			    tend_kind_name(i), timeline->since[0] != '\0' ?
			    timeline->since : NULL, timeline->until[0] != '\0' ?
			    timeline->until : NULL, most, day_cb, days);
	if (error == 0 && days->count > 1)
		qsort(days->day, days->count, sizeof(*days->day), later_day);
	return error;
}

static int
hold_cb(const char *message, void *arg)
{
	struct held	*held = arg;

	return tend_buf_put(&held->messages, message, strlen(message) + 1);
}

/*
 * The rows of every entry from the day FROM on (NULL: from --since on),
 * newest first, and what reading them warned of held in HELD.
 */
static int
read_rows(struct timeline *timeline, const char *from)
{
	struct tend_journal	*journal = timeline->journal;
	const char		*until = timeline->until[0] != '\0' ?
				    timeline->until : NULL;
	size_t			 i;
	int			 whole, error = 0;

	timeline->held->messages.len = 0;
	/*
	 * The whole timeline of an unsealed journal: its rows are known by
	 * blob id in a cache, so that only the new entries are parsed.
	 */
	whole = from == NULL && timeline->since[0] == '\0' && until == NULL &&
	    tend_journal_cipher(journal) == NULL;
	if (whole && timeline->cache == NULL && (error = tend_log_cache_open(
	    &timeline->cache, tend_store_gitdir(tend_journal_store(
	    journal)))) < 0)
		return error;
	if (from == NULL && timeline->since[0] != '\0')
		from = timeline->since;
	for (i = 0; i < TEND_KIND_COUNT && error == 0; i++) {
		if (!wants_kind(timeline, i))
			continue;
		if (whole && (error = tend_entry_ids_dated(journal,
		    tend_kind_name(i), NULL, NULL, id_cb, timeline)) < 0)
			break;
		error = tend_entry_foreach_dated(journal, tend_kind_name(i),
		    whole ? TEND_IN_PRIVATE : TEND_IN_JOURNAL |
		    TEND_IN_PRIVATE, from, until, collect_cb, timeline,
		    hold_cb, timeline->held);
	}
	if (error == 0 && timeline->count > 1)
		qsort(timeline->rows, timeline->count, sizeof(*timeline->rows),
		    newest_first);
	return error;
}

static void
rows_free(struct timeline *timeline)
{
	size_t	i;

	for (i = 0; i < timeline->count; i++) {
		free(timeline->rows[i].author);
		free(timeline->rows[i].kind);
		free(timeline->rows[i].id);
		free(timeline->rows[i].title);
	}
	free(timeline->rows);
	timeline->rows = NULL;
	timeline->count = timeline->allocated = 0;
}

int
tend_log(struct tend_journal *journal, const struct tend_log_filter *filter,
    int (*fn)(const struct tend_log_row *, void *), tend_warn_fn warn,
    void *arg)
{
	struct timeline	 timeline;
	struct days	 days = { NULL, 0, 0 };
	struct held	 held = { TEND_BUF_INIT };
	const char	*from, *message;
	size_t		 i, j, window;
	int		 error = 0;

	memset(&timeline, 0, sizeof(timeline));
	timeline.journal = journal;
	timeline.filter = filter;
	timeline.arg = arg;
	timeline.held = &held;
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
	/*
	 * The newest LIMIT rows need not read every entry: dated entries are
	 * named by their day, so the names tell from which day on to read.
	 * An entry the names do not date (an agreement) is read whatever
	 * the day, and rows the filters drop read further back.
	 */
	for (window = filter->limit; error == 0; window *= 4) {
		if (window != 0 && (error = entry_days(&days, &timeline,
		    window)) < 0)
			break;
		from = window != 0 && days.count >= window ?
		    days.day[window - 1] : NULL;
		if ((error = read_rows(&timeline, from)) < 0 ||
		    from == NULL || (timeline.count >= filter->limit &&
		    strcmp(timeline.rows[filter->limit - 1].row.day,
		    from) >= 0))
			break;
		rows_free(&timeline);
	}
	for (message = held.messages.data; error == 0 && message != NULL &&
	    message < held.messages.data + held.messages.len;
	    message += strlen(message) + 1)
		if (warn != NULL)
			error = warn(message, arg);
	for (i = 0; i < timeline.count && error == 0 &&
	    (filter->limit == 0 || i < filter->limit); i++) {
		timeline.rows[i].row.author = timeline.rows[i].author;
		timeline.rows[i].row.kind = timeline.rows[i].kind;
		timeline.rows[i].row.id = timeline.rows[i].id;
		timeline.rows[i].row.title = timeline.rows[i].title;
		error = fn(&timeline.rows[i].row, arg);
	}
	/* Every entry's row was met, unless the kinds were chosen. */
	tend_blob_cache_close(timeline.cache, error == 0 &&
	    filter->nkinds == 0);
	rows_free(&timeline);
	free(days.day);
	tend_buf_free(&held.messages);
	return error;
}
