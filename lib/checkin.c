/*
 * The daily check-in: five pillar ratings and three short texts, one file
 * per partner per day.
 */

#include <errno.h>
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
};

static int	pillar_index(const char *, size_t);
static int	build(struct tend_buf *, const struct tend_checkin *,
		    const char *, const char *);

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
		return tend_error_set(TEND_ENOMEM, "out of memory");
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
	/* Trailing blank lines would only pile up between sections. */
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' ' ||
	    text[len - 1] == '\t' || text[len - 1] == '\r'))
		len--;
	copy = NULL;
	if (len != 0 && (copy = strndup(text, len)) == NULL)
		return tend_error_set(TEND_ENOMEM, "out of memory");
	free(checkin->texts[which]);
	checkin->texts[which] = copy;
	return 0;
}

int
tend_checkin_set_date(struct tend_checkin *checkin, const char *date)
{
	int	error;

	if ((error = tend_date_parse(&checkin->when, "date", date)) < 0)
		return error;
	checkin->dated = 1;
	return 0;
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
	struct tend_buf		 body = TEND_BUF_INIT;
	char			 rating[2];
	size_t			 i;
	int			 error;

	if ((meta = tend_meta_new_map()) == NULL)
		return tend_error_set(TEND_ENOMEM, "out of memory");
	if ((error = tend_meta_set_plain(meta, "kind", "checkin")) < 0 ||
	    (error = tend_meta_set_plain(meta, "author", author)) < 0 ||
	    (error = tend_meta_set_plain(meta, "date", date)) < 0 ||
	    (error = tend_meta_set_map(&pillars, meta, "pillars")) < 0)
		goto out;
	for (i = 0; i < TEND_PILLAR_COUNT; i++) {
		rating[0] = (char)('0' + checkin->ratings[i]);
		rating[1] = '\0';
		if ((error = tend_meta_set_plain(pillars, pillar_keys[i],
		    rating)) < 0)
			goto out;
	}
	for (i = 0; i < NTEXTS; i++)
		if (checkin->texts[i] != NULL &&
		    (error = tend_buf_printf(&body, "%s## %s\n\n%s\n",
		    body.len != 0 ? "\n" : "", section_names[i],
		    checkin->texts[i])) < 0)
			goto out;
	error = tend_entry_compose(out, meta, body.data != NULL ?
	    body.data : "");
out:
	tend_buf_free(&body);
	tend_meta_free(meta);
	return error;
}

int
tend_checkin_write(char **id, struct tend_journal *journal,
    const struct tend_checkin *checkin)
{
	struct tend_buf		 text = TEND_BUF_INIT, path = TEND_BUF_INIT;
	struct tend_buf		 message = TEND_BUF_INIT;
	struct tend_change	 change;
	const char		*me;
	char			 date[32], day[11];
	time_t			 when;
	int			 error;

	if ((error = tend_checkin_validate(checkin)) < 0 ||
	    (error = tend_journal_whoami(&me, journal)) < 0)
		return error;
	when = checkin->dated ? checkin->when : time(NULL);
	if ((error = tend_date_format(date, when)) < 0 ||
	    (error = tend_date_day(day, when)) < 0)
		return error;
	if ((error = build(&text, checkin, me, date)) < 0 ||
	    (error = tend_buf_printf(&path, "checkin/%.4s/%.2s/%s-%s.md", day,
	    day + 5, day, me)) < 0 ||
	    (error = tend_buf_printf(&message, "checkin: %s %s", me, day)) < 0)
		goto out;
	change.path = path.data;
	change.data = text.data;
	change.len = text.len;
	if ((error = tend_journal_commit(journal, &change, 1,
	    message.data)) < 0)
		goto out;
	if ((*id = strndup(path.data + strlen("checkin/YYYY/MM/"),
	    path.len - strlen("checkin/YYYY/MM/") - strlen(".md"))) == NULL)
		error = tend_error_set(TEND_ENOMEM, "out of memory");
out:
	tend_buf_free(&text);
	tend_buf_free(&path);
	tend_buf_free(&message);
	return error;
}
