/*
 * The daily check-in: five pillar ratings and three short texts, one file
 * per partner per day.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static const char *const pillar_keys[TEND_PILLAR_COUNT] = {
	"vulnerability", "listening", "empathy", "affirmation", "shared",
};

/* The body's sections, in enum tend_checkin_text order. */
static const char *const section_names[] = {
	"Appreciation", "Need", "Notes",
};
#define NTEXTS	(sizeof(section_names) / sizeof(section_names[0]))

struct tend_checkin {
	int	 ratings[TEND_PILLAR_COUNT];	/* 0: not rated */
	char	*texts[NTEXTS];
	time_t	 when;
	int	 dated;
	char	 tags[TEND_TAGS_MAX][TEND_TAG_MAX + 1];
	size_t	 ntags;
};

static int	pillar_index(const char *, size_t);
static int	build(struct tend_buf *, const struct tend_checkin *,
		    const char *, const char *);
static int	list_cb(struct tend_entry *, void *);
static int	checkin_path(struct tend_buf *, char [11], time_t *,
		    struct tend_journal *, const struct tend_checkin *);

const char *
tend_pillar_key(size_t i)
{
	return i < TEND_PILLAR_COUNT ? pillar_keys[i] : NULL;
}

static int
pillar_index(const char *key, size_t len)
{
	size_t	i;

	for (i = 0; i < TEND_PILLAR_COUNT; i++)
		if (strlen(pillar_keys[i]) == len &&
		    strncmp(pillar_keys[i], key, len) == 0)
			return (int)i;
	return -1;
}

int
tend_checkin_new(struct tend_checkin **out)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return tend_error_nomem();
	return 0;
}

void
tend_checkin_free(struct tend_checkin *checkin)
{
	size_t	i;

	if (checkin == NULL)
		return;
	for (i = 0; i < NTEXTS; i++)
		free(checkin->texts[i]);
	free(checkin);
}

int
tend_checkin_rate(struct tend_checkin *checkin, const char *arg)
{
	const char	*equals = strchr(arg, '=');
	char		*end;
	long		 rating;
	int		 pillar;

	if (equals == NULL)
		return tend_error_set(TEND_EINVALID, "'%s' is not "
		    "PILLAR=RATING (for example empathy=4)", arg);
	if ((pillar = pillar_index(arg, (size_t)(equals - arg))) < 0)
		return tend_error_set(TEND_EINVALID, "unknown pillar '%.*s' "
		    "(the pillars are vulnerability, listening, empathy, "
		    "affirmation, shared)", (int)(equals - arg), arg);
	errno = 0;
	rating = strtol(equals + 1, &end, 10);
	if (equals[1] == '\0' || *end != '\0' || errno != 0 ||
	    rating < TEND_RATING_MIN || rating > TEND_RATING_MAX)
		return tend_error_set(TEND_EINVALID, "rating for '%s' must be "
		    "a whole number from %d to %d, not '%s'",
		    pillar_keys[pillar], TEND_RATING_MIN, TEND_RATING_MAX,
		    equals + 1);
	checkin->ratings[pillar] = (int)rating;
	return 0;
}

int
tend_checkin_set_text(struct tend_checkin *checkin,
    enum tend_checkin_text which, const char *text, size_t len)
{
	static const char *const what[] = {
		"the appreciation", "the need", "the notes",
	};
	char	*copy;
	int	 error;

	if ((size_t)which >= NTEXTS)
		return tend_error_set(TEND_EINVALID, "no such check-in text");
	if ((error = tend_text_validate(what[which], text, len)) < 0)
		return error;
	/* Blank lines around it would only pile up between sections. */
	tend_text_trim(&text, &len);
	copy = NULL;
	if (len != 0 && (copy = strndup(text, len)) == NULL)
		return tend_error_nomem();
	free(checkin->texts[which]);
	checkin->texts[which] = copy;
	return 0;
}

int
tend_checkin_add_tag(struct tend_checkin *checkin, const char *tag)
{
	char	word[TEND_TAG_MAX + 1];
	size_t	i;
	int	error;

	if ((error = tend_tag_check(word, tag)) < 0)
		return error;
	for (i = 0; i < checkin->ntags; i++)
		if (strcmp(checkin->tags[i], word) == 0)
			return 0;
	if (checkin->ntags == TEND_TAGS_MAX)
		return tend_error_set(TEND_EINVALID, "at most %d tags",
		    TEND_TAGS_MAX);
	memcpy(checkin->tags[checkin->ntags++], word, sizeof(word));
	return 0;
}

int
tend_checkin_set_date(struct tend_checkin *checkin, const char *date)
{
	char	day[11], today[11];
	int	error;

	if ((error = tend_date_parse_typed(&checkin->when, "date",
	    date)) < 0 ||
	    (error = tend_date_day(day, checkin->when)) < 0 ||
	    (error = tend_date_day(today, time(NULL))) < 0)
		return error;
	if (strcmp(day, today) > 0)
		return tend_error_set(TEND_EINVALID, "the date %s is in the "
		    "future; a check-in records a day that has been", day);
	checkin->dated = 1;
	return 0;
}

const char *
tend_checkin_other_day(const struct tend_checkin *checkin, char day[11])
{
	char	today[11];

	if (!checkin->dated || tend_date_day(day, checkin->when) < 0 ||
	    tend_date_day(today, time(NULL)) < 0 || strcmp(day, today) == 0)
		return NULL;
	return day;
}

int
tend_checkin_is_rated(const struct tend_checkin *checkin)
{
	size_t	i;

	for (i = 0; i < TEND_PILLAR_COUNT; i++)
		if (checkin->ratings[i] != 0)
			return 1;
	return 0;
}

int
tend_pillar_summary(char **out, struct tend_journal *journal, size_t pillar)
{
	struct tend_buf	name = TEND_BUF_INIT;
	int		error;

	if (pillar >= TEND_PILLAR_COUNT)
		return tend_error_set(TEND_EINVALID, "no such pillar");
	if ((error = tend_buf_printf(&name, "pillars/%s.md",
	    pillar_keys[pillar])) == 0)
		error = tend_content_summary(out, tend_journal_path(journal),
		    tend_journal_content_dir(journal), name.data);
	tend_buf_free(&name);
	return error;
}

struct list_walk {
	const char			*since;
	int				(*fn)(const struct tend_checkin_row *,
					    void *);
	tend_warn_fn			 warn;
	void				*arg;
	struct tend_journal		*journal;
	struct tend_blob_cache	*cache;	/* NULL: none kept */
};

static int	row_of(struct tend_checkin_row *, char [TEND_TAGS_LINE],
		    struct tend_entry *);
static int	id_cb(const char *, const char *, void *);

/*
 * ROW from ENTRY, its tags written into TAGS, or -1 with the error set
 * when it is no check-in.
 */
static int
row_of(struct tend_checkin_row *row, char tags[TEND_TAGS_LINE],
    struct tend_entry *entry)
{
	const struct tend_meta	*pillars;
	const char		*date, *rating;
	size_t			 i;

	date = tend_entry_field(entry, "date");
	if (date == NULL || strlen(date) < 10 ||
	    strcmp(tend_entry_kind(entry), "checkin") != 0 ||
	    tend_entry_author(entry) == NULL)
		return tend_error_set(TEND_EINVALID, "'%s' is not a check-in "
		    "with a date and an author", tend_entry_path(entry));
	memset(row, 0, sizeof(*row));
	snprintf(row->day, sizeof(row->day), "%.10s", date);
	row->id = tend_entry_id(entry);
	row->author = tend_entry_author(entry);
	pillars = tend_meta_get(tend_entry_meta(entry), "pillars");
	/* A rating that is missing or not 1 to 5 shows as 0: unknown. */
	for (i = 0; i < TEND_PILLAR_COUNT; i++) {
		rating = tend_meta_get_text(pillars, pillar_keys[i]);
		if (rating != NULL && rating[0] >= '0' + TEND_RATING_MIN &&
		    rating[0] <= '0' + TEND_RATING_MAX && rating[1] == '\0')
			row->ratings[i] = rating[0] - '0';
	}
	tend_tags_line(tags, tend_entry_meta(entry));
	row->tags = tags;
	return 0;
}

static int
list_cb(struct tend_entry *entry, void *arg)
{
	struct list_walk		*walk = arg;
	struct tend_checkin_row		 row;
	char				 tags[TEND_TAGS_LINE];

	if (row_of(&row, tags, entry) < 0)
		return tend_error_warn(walk->warn, walk->arg);
	if (walk->since != NULL && strcmp(row.day, walk->since) < 0)
		return 0;
	return walk->fn(&row, walk->arg);
}

/*
 * A check-in of the journal by its blob id: its row from the cache when
 * it is known there, else read, parsed and kept.
 */
static int
id_cb(const char *path, const char *id, void *arg)
{
	struct list_walk		*walk = arg;
	struct tend_checkin_row		 row;
	struct tend_entry		*entry;
	char				*entry_id, tags[TEND_TAGS_LINE];
	int				 error;

	if (tend_checkin_cache_get(walk->cache, id, &row) == 0) {
		if (walk->since != NULL && strcmp(row.day, walk->since) < 0)
			return 0;
		if ((error = tend_layout_entry_id(&entry_id, NULL, path)) < 0)
			return error;
		row.id = entry_id;
		error = walk->fn(&row, walk->arg);
		free(entry_id);
		return error;
	}
	if ((error = tend_entry_read_at(&entry, walk->journal, id, path)) != 0)
		return error < 0 ? error : tend_error_warn(walk->warn,
		    walk->arg);
	if (row_of(&row, tags, entry) < 0)
		error = tend_error_warn(walk->warn, walk->arg);
	else if ((error = tend_checkin_cache_put(walk->cache, id, &row)) == 0 &&
	    (walk->since == NULL || strcmp(row.day, walk->since) >= 0))
		error = walk->fn(&row, walk->arg);
	tend_entry_free(entry);
	return error;
}

int
tend_checkin_list(struct tend_journal *journal, const char *since,
    int (*fn)(const struct tend_checkin_row *, void *), tend_warn_fn warn,
    void *arg)
{
	struct list_walk	 walk = { NULL, fn, warn, arg, journal, NULL };
	char			 day[11];
	int			 error;

	if (since != NULL) {
		if ((error = tend_date_day_of(day, "--since", since)) < 0)
			return error;
		walk.since = day;
	}
	/*
	 * Git keeps trees sorted, so the walk goes by day, then partner.  An
	 * unsealed journal's weeks of check-ins are known by blob id in a
	 * cache, so that only the new ones are parsed.
	 */
	if (since == NULL || tend_journal_cipher(journal) != NULL)
		return tend_entry_foreach_dated(journal, "checkin",
		    TEND_IN_JOURNAL, walk.since, NULL, list_cb, &walk, warn,
		    arg);
	if ((error = tend_checkin_cache_open(&walk.cache, tend_store_gitdir(
	    tend_journal_store(journal)))) < 0)
		return error;
	error = tend_entry_ids_dated(journal, "checkin", walk.since, NULL,
	    id_cb, &walk);
	tend_blob_cache_close(walk.cache, error == 0);
	return error;
}

/* A check-in found outside a month's folder, to be given in its turn. */
struct stray {
	char	day[11];
	char	author[64];
};

struct days_walk {
	const char	*since;		/* a day, or NULL */
	int		(*fn)(const char *, const char *, void *);
	void		*arg;
	int		 months;	/* the second pass: months' folders */
	int		 enough;	/* FN has seen all it needs */
	struct stray	*strays;	/* the newest first, once sorted */
	size_t		 nstrays, next;
};

static int	dated_folder(char [11], const char *);
static int	day_of(char [11], char [64], const char *);
static int	newest_first(const void *, const void *);
static int	give(struct days_walk *, const char *, const char *);
static int	days_cb(const char *, int, void *);

/*
 * Whether PATH is checkin/YYYY (1) or checkin/YYYY/MM (2), and the last
 * day such a folder can hold.
 */
static int
dated_folder(char last[11], const char *path)
{
	const char	*name = path + strlen("checkin/");
	size_t		 i;

	for (i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	/* Built by hand: this is asked for each file of years of days. */
	memcpy(last, name, 4);
	memcpy(last + 4, "-12-31", 7);
	if (name[4] == '\0')
		return 1;
	if (name[4] != '/' || name[5] < '0' || name[5] > '9' ||
	    name[6] < '0' || name[6] > '9' || name[7] != '\0')
		return 0;
	memcpy(last + 5, name + 5, 2);
	return 2;
}

/* The day and author a file NAME "YYYY-MM-DD-AUTHOR.md" gives, or -1. */
static int
day_of(char day[11], char author[64], const char *name)
{
	size_t	len = strlen(name), i;

	if (len <= 3 || strcmp(name + len - 3, ".md") != 0)
		return -1;
	len -= strlen(".md");
	if (len <= 11 || len - 11 >= 64 || name[10] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? name[i] != '-' :
		    name[i] < '0' || name[i] > '9')
			return -1;
	memcpy(day, name, 10);
	day[10] = '\0';
	memcpy(author, name + 11, len - 11);
	author[len - 11] = '\0';
	return 0;
}

static int
newest_first(const void *a, const void *b)
{
	return strcmp(((const struct stray *)b)->day,
	    ((const struct stray *)a)->day);
}

/* Give FN the day DAY, after the strays newer than it. */
static int
give(struct days_walk *walk, const char *day, const char *author)
{
	struct stray	*stray;
	int		 error;

	for (; walk->next < walk->nstrays; walk->next++) {
		stray = &walk->strays[walk->next];
		if (day != NULL && strcmp(stray->day, day) <= 0)
			break;
		if ((error = walk->fn(stray->day, stray->author,
		    walk->arg)) < 0)
			return error;
		walk->enough |= error > 0;
	}
	if (day == NULL)
		return 0;
	if ((error = walk->fn(day, author, walk->arg)) < 0)
		return error;
	walk->enough |= error > 0;
	return 0;
}

/*
 * The walk goes twice: first over all but the months' folders, which in
 * a journal tend wrote holds nothing but the folders of years, to gather
 * any check-in a plain git put elsewhere; then over the months' folders,
 * newest first, each day given in its turn among those gathered.  Once
 * FN has enough, the older years and months are passed over unread: a
 * month's folder is taken to hold that month's days, as the log's --since
 * takes it.
 */
static int
days_cb(const char *path, int is_folder, void *arg)
{
	struct days_walk	*walk = arg;
	struct stray		*grown;
	char			 day[11], author[64], last[11], month[16];
	int			 dated, in_month;

	/* Within checkin/YYYY/MM/, at any depth. */
	in_month = 0;
	if (strlen(path) > sizeof(month) && path[sizeof(month) - 1] == '/') {
		memcpy(month, path, sizeof(month) - 1);
		month[sizeof(month) - 1] = '\0';
		in_month = dated_folder(last, month) == 2;
	}
	dated = dated_folder(last, path);
	if (is_folder) {
		if (!walk->months)
			return dated == 2 ? TEND_LIST_SKIP : 0;
		if (in_month)
			return 0;
		if (dated == 0)
			return TEND_LIST_SKIP;
		return walk->enough || (walk->since != NULL &&
		    strcmp(last, walk->since) < 0) ? TEND_LIST_SKIP : 0;
	}
	if (day_of(day, author, strrchr(path, '/') + 1) < 0 ||
	    (walk->since != NULL && strcmp(day, walk->since) < 0))
		return 0;
	if (walk->months)
		return in_month ? give(walk, day, author) : 0;
	if ((grown = realloc(walk->strays, (walk->nstrays + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	walk->strays = grown;
	memcpy(grown[walk->nstrays].day, day, sizeof(day));
	memcpy(grown[walk->nstrays++].author, author, sizeof(author));
	return 0;
}

int
tend_checkin_days(struct tend_journal *journal, const char *since,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	struct days_walk	 walk = { NULL, fn, arg, 0, 0, NULL, 0, 0 };
	struct tend_store	*store = tend_journal_store(journal);
	char			 day[11];
	int			 error;

	if (since != NULL) {
		if ((error = tend_date_day_of(day, "--since", since)) < 0)
			return error;
		walk.since = day;
	}
	if ((error = tend_store_list_newest(store, "checkin", days_cb,
	    &walk)) == 0) {
		if (walk.nstrays > 1)
			qsort(walk.strays, walk.nstrays, sizeof(*walk.strays),
			    newest_first);
		walk.months = 1;
		error = tend_store_list_newest(store, "checkin", days_cb,
		    &walk);
	}
	/* The strays older than every month's day. */
	if (error == 0)
		error = give(&walk, NULL, NULL);
	/* Years of names, freed before the caller reads on. */
	tend_store_trees_done(store);
	free(walk.strays);
	return error;
}

int
tend_checkin_validate(const struct tend_checkin *checkin)
{
	struct tend_buf	missing = TEND_BUF_INIT;
	size_t		i;
	int		error = 0;

	for (i = 0; i < TEND_PILLAR_COUNT && error == 0; i++)
		if (checkin->ratings[i] == 0)
			error = tend_buf_printf(&missing, "%s%s",
			    missing.len != 0 ? ", " : "", pillar_keys[i]);
	if (error == 0 && missing.len != 0)
		error = tend_error_set(TEND_EINVALID, "no rating for %s (rate "
		    "each pillar with -r PILLAR=%d..%d)", missing.data,
		    TEND_RATING_MIN, TEND_RATING_MAX);
	tend_buf_free(&missing);
	return error;
}

static int
build(struct tend_buf *out, const struct tend_checkin *checkin,
    const char *author, const char *date)
{
	struct tend_meta	*meta, *pillars;
	struct tend_buf		 body = TEND_BUF_INIT, title = TEND_BUF_INIT;
	const char		*tags[TEND_TAGS_MAX];
	char			 rating[2];
	size_t			 i;
	int			 error;

	if ((meta = tend_meta_new_map()) == NULL)
		return tend_error_nomem();
	/* A title, as static-site generators want one: the day and who. */
	if ((error = tend_buf_printf(&title, "Check-in %.10s (%s)", date,
	    author)) < 0 ||
	    (error = tend_meta_set_plain(meta, "kind", "checkin")) < 0 ||
	    (error = tend_meta_set_text(meta, "author", author)) < 0 ||
	    (error = tend_meta_set_plain(meta, "date", date)) < 0 ||
	    (error = tend_meta_set_text(meta, "title", title.data)) < 0 ||
	    (error = tend_meta_set_map(&pillars, meta, "pillars")) < 0)
		goto out;
	for (i = 0; i < TEND_PILLAR_COUNT; i++) {
		rating[0] = (char)('0' + checkin->ratings[i]);
		rating[1] = '\0';
		if ((error = tend_meta_set_plain(pillars, pillar_keys[i],
		    rating)) < 0)
			goto out;
	}
	for (i = 0; i < checkin->ntags; i++)
		tags[i] = checkin->tags[i];
	if ((error = tend_tags_set_meta(meta, tags, checkin->ntags)) < 0)
		goto out;
	for (i = 0; i < NTEXTS; i++)
		if (checkin->texts[i] != NULL &&
		    (error = tend_buf_printf(&body, "%s## %s\n\n%s\n",
		    body.len != 0 ? "\n" : "", section_names[i],
		    checkin->texts[i])) < 0)
			goto out;
	error = tend_entry_compose(out, meta, body.data != NULL ?
	    body.data : "");
out:
	tend_buf_free(&title);
	tend_buf_free(&body);
	tend_meta_free(meta);
	return error;
}

/* Where CHECKIN goes: PATH, its DAY; WHEN, the time it records. */
static int
checkin_path(struct tend_buf *path, char day[11], time_t *when,
    struct tend_journal *journal, const struct tend_checkin *checkin)
{
	const char	*me;
	int		 error;

	*when = checkin->dated ? checkin->when : time(NULL);
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = tend_date_day(day, *when)) < 0 ||
	    (error = tend_layout_entry_stem(path, tend_journal_cipher(journal),
	    TEND_KIND_CHECKIN, day, me, NULL)) < 0)
		return error;
	return tend_buf_puts(path, ".md");
}

int
tend_checkin_exists(int *exists, struct tend_journal *journal,
    const struct tend_checkin *checkin)
{
	struct tend_buf	 path = TEND_BUF_INIT;
	char		 day[11], *file = NULL;
	time_t		 when;
	int		 error;

	*exists = 0;
	if ((error = checkin_path(&path, day, &when, journal, checkin)) == 0 &&
	    (file = tend_fs_join(tend_journal_path(journal), path.data)) ==
	    NULL)
		error = tend_error_nomem();
	if (error == 0)
		*exists = tend_fs_exists(file);
	free(file);
	tend_buf_free(&path);
	return error;
}

int
tend_checkin_write(char **id, struct tend_journal *journal,
    const struct tend_checkin *checkin)
{
	struct tend_txn		*txn;
	struct tend_buf		 text = TEND_BUF_INIT, path = TEND_BUF_INIT;
	struct tend_buf		 message = TEND_BUF_INIT;
	const char		*me;
	char			 date[32], day[11];
	time_t			 when;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_checkin_validate(checkin)) < 0 ||
	    (error = checkin_path(&path, day, &when, journal, checkin)) < 0 ||
	    (error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = tend_date_format(date, when)) < 0 ||
	    (error = build(&text, checkin, me, date)) < 0 ||
	    (error = tend_buf_printf(&message, "checkin: %s %s", me, day)) < 0)
		goto out;
	error = tend_journal_add(id, txn, TEND_TXN_JOURNAL, path.data, &text,
	    message.data);
out:
	tend_buf_free(&text);
	tend_buf_free(&path);
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}
