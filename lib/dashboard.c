/*
 * The dashboard's facts: today's check-ins and streaks, pillar trends,
 * where partners see things differently, resentments and agreements that
 * want attention, and patterns that are hard to see from inside.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define RECENT_DAYS	28	/* "the last 4 weeks" */
#define STREAK_DAYS	(366 * 30)	/* how far back a streak is counted */
/* The trends' weeks, and the four weeks "before" the last four. */
#define RATED_DAYS	(7 * TEND_DASHBOARD_WEEKS > 2 * RECENT_DAYS ? \
			    7 * TEND_DASHBOARD_WEEKS : 2 * RECENT_DAYS)
#define PATTERN_DAYS	60	/* for resentments of one kind */
#define PATTERN_COUNT	3
#define RESOLVED_DAYS	30	/* "resolved in the last 30 days" */
#define SILENT_DAYS	7
#define FALL		1.0	/* a pillar average this much lower */
#define GAP		1.5	/* partners this far apart */

struct sums {
	double	sum[TEND_PILLAR_COUNT];
	int	count[TEND_PILLAR_COUNT];
};

struct partner_days {
	unsigned char	checked[STREAK_DAYS + 1];	/* by age in days */
	long		seen;		/* checked[1..seen] has no gap */
	int		broken;		/* and checked[seen + 1] is one */
	struct sums	recent, before, weekly[TEND_DASHBOARD_WEEKS];
};

struct gather {
	struct tend_dashboard	*status;
	struct partner_days	*days;
	time_t			 now;
	long			 newest;	/* the latest check-in's age */
	size_t			 kinds[TEND_RESENT_KIND_COUNT];
	size_t			 broken;	/* partners whose streak ended */
	char			 day[11];	/* the last day day_cb was given */
	long			 age;		/* and its age */
	tend_warn_fn		 warn;		/* the caller's */
	void			*warn_arg;
	size_t			 tags_cap;
};

static double	mean(const struct sums *, size_t);
static int	day_cb(const char *, const char *, void *);
static int	warn_cb(const char *, void *);
static int	checkin_cb(const struct tend_checkin_row *, void *);
static int	resent_cb(const struct tend_resent_row *, void *);
static int	agree_cb(const struct tend_agree_row *, void *);
static int	add_line(char ***, size_t *, const char *, ...)
		    TEND_ATTR_PRINTF(3, 4);
static int	names(const struct tend_agree_row *, const char *);
static int	add_tag(struct gather *, const char *);
static int	add_tags(struct gather *, const char *);
static int	tag_cb(struct tend_entry *, void *);
static int	no_warning(const char *, void *);
static int	most_used(const void *, const void *);
static int	count_tags(struct gather *, struct tend_journal *);

static double
mean(const struct sums *sums, size_t pillar)
{
	return sums->count[pillar] != 0 ?
	    sums->sum[pillar] / sums->count[pillar] : -1;
}

static int
add_line(char ***lines, size_t *count, const char *fmt, ...)
{
	char	**grown, *line;
	va_list	  ap;
	int	  len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (line = malloc((size_t)len + 1)) == NULL)
		return tend_error_nomem();
	va_start(ap, fmt);
	vsnprintf(line, (size_t)len + 1, fmt, ap);
	va_end(ap);
	if ((grown = realloc(*lines, (*count + 1) * sizeof(*grown))) == NULL) {
		free(line);
		return tend_error_nomem();
	}
	grown[(*count)++] = line;
	*lines = grown;
	return 0;
}

/*
 * Who checked in on which day: streaks, and the latest check-in's age.
 * The days come newest first, so when one AGE days old comes, the days
 * after it are all known: once every partner's streak has a gap there
 * (or they reach further back than streaks are counted), the older
 * check-ins change nothing shown, and the walk is told it has enough.
 */
static int
day_cb(const char *day, const char *author, void *arg)
{
	struct gather		*gather = arg;
	struct partner_days	*days;
	long			 age;
	size_t			 p;

	/* Each partner's check-in of a day comes in turn: one date sum. */
	if (strcmp(day, gather->day) != 0) {
		memcpy(gather->day, day, sizeof(gather->day));
		gather->age = tend_date_age_on(day, gather->status->today);
	}
	if ((age = gather->age) < 0)
		return 0;
	if (gather->newest < 0 || age < gather->newest)
		gather->newest = age;
	for (p = 0; p < gather->status->npartners; p++)
		if (strcmp(gather->status->partners[p].id, author) == 0)
			break;
	if (p < gather->status->npartners && age <= STREAK_DAYS) {
		gather->days[p].checked[age] = 1;
		if (age == 0)
			gather->status->partners[p].today = 1;
	}
	if (age > STREAK_DAYS + 1)
		return 1;
	/* Today may be open yet; a streak ends at the first gap after it. */
	for (p = 0; p < gather->status->npartners; p++) {
		days = &gather->days[p];
		while (!days->broken && days->seen + 1 < age) {
			if (!days->checked[days->seen + 1]) {
				days->broken = 1;
				gather->broken++;
			} else
				days->seen++;
		}
	}
	return gather->broken == gather->status->npartners;
}

/* A file that is not what its folder says, passed on to the caller. */
static int
warn_cb(const char *problem, void *arg)
{
	struct gather	*gather = arg;

	return gather->warn != NULL ? gather->warn(problem, gather->warn_arg) :
	    0;
}

/* The ratings of the last weeks' check-ins. */
static int
checkin_cb(const struct tend_checkin_row *row, void *arg)
{
	struct gather		*gather = arg;
	struct partner_days	*days;
	long			 age;
	size_t			 p, i, week;
	int			 error;

	if ((age = tend_date_age(row->day, gather->now)) < 0)
		return 0;
	for (p = 0; p < gather->status->npartners; p++)
		if (strcmp(gather->status->partners[p].id, row->author) == 0)
			break;
	if (p == gather->status->npartners)
		return 0;
	days = &gather->days[p];
	if (age < TEND_DASHBOARD_TAG_DAYS &&
	    (error = add_tags(gather, row->tags)) < 0)
		return error;
	for (i = 0; i < TEND_PILLAR_COUNT; i++) {
		if (row->ratings[i] == 0)
			continue;
		if (age < RECENT_DAYS) {
			days->recent.sum[i] += row->ratings[i];
			days->recent.count[i]++;
		} else if (age < 2 * RECENT_DAYS) {
			days->before.sum[i] += row->ratings[i];
			days->before.count[i]++;
		}
		if (age < 7 * TEND_DASHBOARD_WEEKS) {
			week = TEND_DASHBOARD_WEEKS - 1 - (size_t)age / 7;
			days->weekly[week].sum[i] += row->ratings[i];
			days->weekly[week].count[i]++;
		}
	}
	return 0;
}

static int
resent_cb(const struct tend_resent_row *row, void *arg)
{
	struct gather		*gather = arg;
	struct tend_dashboard	*status = gather->status;
	long			 raised, resolved;
	size_t			 k;
	int			 error;

	/* Any written in the tags' days is open, or closed lately. */
	if (row->age < TEND_DASHBOARD_TAG_DAYS &&
	    (error = add_tags(gather, row->tags)) < 0)
		return error;

	if (row->private && strcmp(row->state, "private") == 0) {
		status->private_resentments++;
		if (row->age > status->oldest_private)
			status->oldest_private = row->age;
		return 0;
	}
	raised = row->raised[0] != '\0' ? tend_date_age(row->raised, gather->now) : -1;
	resolved = row->resolved[0] != '\0' ?
	    tend_date_age(row->resolved, gather->now) : -1;
	if (strcmp(row->state, "raised") == 0) {
		status->raised_resentments++;
		if (row->age > status->oldest_raised)
			status->oldest_raised = row->age;
	}
	if (resolved >= 0 && resolved <= RESOLVED_DAYS)
		status->resolved_recently++;
	for (k = 0; raised >= 0 && raised <= PATTERN_DAYS &&
	    k < TEND_RESENT_KIND_COUNT; k++)
		if (strcmp(row->kind, tend_resent_kind(k)) == 0)
			gather->kinds[k]++;
	return 0;
}

/* Whether the partner NAME is among ROW's unsigned ones. */
static int
names(const struct tend_agree_row *row, const char *name)
{
	const char	*p = row->unsigned_by;
	size_t		 len = strlen(name);

	for (; (p = strstr(p, name)) != NULL; p += len)
		if ((p == row->unsigned_by || p[-1] == ' ') &&
		    (p[len] == ',' || p[len] == '\0' || p[len] == ' '))
			return 1;
	return 0;
}

static int
agree_cb(const struct tend_agree_row *row, void *arg)
{
	struct tend_dashboard	*status = ((struct gather *)arg)->status;
	const char		*me = status->me;

	if (strcmp(row->state, "conflict") == 0)
		return add_line(&status->conflicts, &status->nconflicts, "%s",
		    row->name);
	if (strcmp(row->state, "review due") == 0 &&
	    add_line(&status->review_due, &status->nreview_due, "%s",
	    row->name) < 0)
		return TEND_ENOMEM;
	if (strcmp(row->state, "amended") == 0 &&
	    add_line(&status->amended, &status->namended, "%s",
	    row->name) < 0)
		return TEND_ENOMEM;
	if (strstr(row->unsigned_by, "(unverified)") != NULL &&
	    add_line(&status->unverified, &status->nunverified, "%s",
	    row->name) < 0)
		return TEND_ENOMEM;
	if (me != NULL && names(row, me))
		return add_line(&status->to_sign, &status->nto_sign, "%s",
		    row->name);
	return 0;
}

static int
key_cb(const struct tend_key_row *row, void *arg)
{
	struct tend_dashboard	*status = arg;

	if (row->state != TEND_KEY_UNCONFIRMED)
		return 0;
	return add_line(&status->keys_to_confirm, &status->nkeys_to_confirm,
	    "%s %s", row->partner, row->fingerprint);
}

/* One more use of TAG, a checked tag. */
static int
add_tag(struct gather *gather, const char *tag)
{
	struct tend_dashboard		*status = gather->status;
	struct tend_dashboard_tag	*grown;
	size_t				 k;

	for (k = 0; k < status->ntags; k++)
		if (strcmp(status->tags[k].tag, tag) == 0)
			break;
	if (k == status->ntags) {
		if (k == gather->tags_cap) {
			gather->tags_cap = k != 0 ? 2 * k : 8;
			if ((grown = realloc(status->tags, gather->tags_cap *
			    sizeof(*grown))) == NULL)
				return tend_error_nomem();
			status->tags = grown;
		}
		snprintf(status->tags[k].tag, sizeof(status->tags[k].tag),
		    "%s", tag);
		status->tags[k].count = 0;
		status->ntags++;
	}
	status->tags[k].count++;
	return 0;
}

/* One more use of each tag of TAGS, each followed by a space. */
static int
add_tags(struct gather *gather, const char *tags)
{
	const char	*end;
	char		 word[TEND_TAG_MAX + 1];
	int		 error;

	for (; tags != NULL && (end = strchr(tags, ' ')) != NULL;
	    tags = end + 1) {
		if ((size_t)(end - tags) > TEND_TAG_MAX)
			continue;
		memcpy(word, tags, (size_t)(end - tags));
		word[end - tags] = '\0';
		if ((error = add_tag(gather, word)) < 0)
			return error;
	}
	return 0;
}

/* Count the tags of one reflection. */
static int
tag_cb(struct tend_entry *entry, void *arg)
{
	const struct tend_meta	*tags;
	const char		*shared;
	char			 tag[TEND_TAG_MAX + 1];
	size_t			 i;
	int			 error;

	/* A shared reflection counts once: as the journal's copy. */
	shared = tend_entry_field(entry, "shared");
	if (tend_entry_is_private(entry) && shared != NULL &&
	    strcmp(shared, "true") == 0)
		return 0;
	tags = tend_meta_get(tend_entry_meta(entry), "tags");
	for (i = 0; i < tend_meta_count(tags); i++)
		if (tend_meta_text(tend_meta_at(tags, i)) != NULL &&
		    tend_tag_check(tag, tend_meta_text(tend_meta_at(tags,
		    i))) == 0 && (error = add_tag(arg, tag)) < 0)
			return error;
	return 0;
}

/* A broken file is named once, by the walk that needs it. */
static int
no_warning(const char *problem, void *arg)
{
	(void)problem;
	(void)arg;
	return 0;
}

static int
most_used(const void *a, const void *b)
{
	const struct tend_dashboard_tag	*ta = a, *tb = b;

	if (ta->count != tb->count)
		return ta->count < tb->count ? 1 : -1;
	return strcmp(ta->tag, tb->tag);
}

/*
 * The tags of the reflections of the last days: those few are read
 * whole, the years before not at all.  The check-ins' and resentments'
 * come with their rows.
 */
static int
count_tags(struct gather *gather, struct tend_journal *journal)
{
	char	since[11], days[32];
	int	error;

	snprintf(days, sizeof(days), "%d.days.ago",
	    TEND_DASHBOARD_TAG_DAYS - 1);
	if ((error = tend_date_day_of(since, "since", days)) < 0)
		return error;
	if ((error = tend_entry_foreach_dated(journal, "reflect",
	    TEND_IN_JOURNAL | TEND_IN_PRIVATE, since, NULL, tag_cb, gather,
	    no_warning, NULL)) < 0)
		return error;
	if (gather->status->ntags > 1)
		qsort(gather->status->tags, gather->status->ntags,
		    sizeof(*gather->status->tags), most_used);
	return 0;
}

int
tend_dashboard_read(struct tend_dashboard **out, struct tend_journal *journal,
    tend_warn_fn warn, void *warn_arg)
{
	struct tend_resent_filter	 filter = { 1, NULL, NULL };
	struct tend_dashboard		*status;
	struct gather			 gather;
	struct tend_dashboard_partner	*partner;
	double				 low, high, now_avg, then_avg;
	size_t				 p, i, w, k, n;
	long				 age;
	int				 all, error;
	char				 since[32], changed[32];

	if ((status = calloc(1, sizeof(*status))) == NULL)
		return tend_error_nomem();
	memset(&gather, 0, sizeof(gather));
	gather.status = status;
	gather.now = time(NULL);
	gather.newest = -1;
	gather.warn = warn;
	gather.warn_arg = warn_arg;
	status->me = tend_journal_me(journal);
	status->npartners = tend_journal_partner_count(journal);
	status->partners = calloc(status->npartners + 1,
	    sizeof(*status->partners));
	gather.days = calloc(status->npartners + 1, sizeof(*gather.days));
	if (status->partners == NULL || gather.days == NULL) {
		error = tend_error_nomem();
		goto fail;
	}
	for (p = 0; p < status->npartners; p++) {
		status->partners[p].id = tend_journal_partner_id(journal, p);
		status->partners[p].name = tend_journal_partner_name(journal,
		    p);
	}
	/* Ratings are read for the weeks the trends cover, and no further. */
	snprintf(since, sizeof(since), "%d.days.ago", RATED_DAYS);
	/*
	 * Closed resentments count only when raised or resolved lately; a
	 * day more than the longest window, as a day is not always 24 hours.
	 */
	snprintf(changed, sizeof(changed), "%d.days.ago", (PATTERN_DAYS >
	    RESOLVED_DAYS ? PATTERN_DAYS : RESOLVED_DAYS) + 1);
	if ((error = tend_date_day(status->today, gather.now)) < 0 ||
	    (error = tend_checkin_days(journal, NULL, day_cb, &gather)) < 0 ||
	    (error = tend_checkin_list(journal, since, checkin_cb, warn_cb,
	    &gather)) < 0 ||
	    (error = tend_resent_list_since(journal, &filter, changed,
	    resent_cb, warn_cb, &gather)) < 0 ||
	    (error = tend_agree_list(journal, agree_cb, NULL, &gather)) < 0 ||
	    (error = count_tags(&gather, journal)) < 0)
		goto fail;

	/* Streaks count back from today, or from yesterday if today is open. */
	for (p = 0; p <= status->npartners; p++) {
		int *streak = p < status->npartners ?
		    &status->partners[p].streak : &status->streak;

		for (age = 0; age <= STREAK_DAYS; age++) {
			for (all = 1, i = 0; i < status->npartners; i++)
				if ((p == status->npartners || i == p) &&
				    !gather.days[i].checked[age])
					all = 0;
			if (all && status->npartners != 0)
				(*streak)++;
			else if (age != 0)
				break;
		}
	}
	for (p = 0; p < status->npartners; p++) {
		partner = &status->partners[p];
		for (i = 0; i < TEND_PILLAR_COUNT; i++) {
			partner->recent[i] = mean(&gather.days[p].recent, i);
			partner->before[i] = mean(&gather.days[p].before, i);
			for (w = 0; w < TEND_DASHBOARD_WEEKS; w++)
				partner->weekly[i][w] =
				    mean(&gather.days[p].weekly[w], i);
			now_avg = partner->recent[i];
			then_avg = partner->before[i];
			if (now_avg >= 0 && then_avg >= 0 &&
			    then_avg - now_avg >= FALL &&
			    (error = add_line(&status->patterns,
			    &status->npatterns, "%s's %s fell from %.1f to %.1f "
			    "over the last four weeks", partner->name,
			    tend_pillar_key(i), then_avg, now_avg)) < 0)
				goto fail;
		}
	}
	for (i = 0; i < TEND_PILLAR_COUNT; i++) {
		low = 6;
		high = 0;
		for (n = 0, p = 0; p < status->npartners; p++) {
			if (status->partners[p].recent[i] < 0)
				continue;
			n++;
			if (status->partners[p].recent[i] < low)
				low = status->partners[p].recent[i];
			if (status->partners[p].recent[i] > high)
				high = status->partners[p].recent[i];
		}
		if (n >= 2 && high - low >= GAP)
			status->differ[i] = 1;
	}
	for (k = 0; k < TEND_RESENT_KIND_COUNT; k++)
		if (gather.kinds[k] >= PATTERN_COUNT &&
		    (error = add_line(&status->patterns, &status->npatterns,
		    "resentments of one kind (%s) were raised %zu times in %d "
		    "days", tend_resent_kind(k), gather.kinds[k],
		    PATTERN_DAYS)) < 0)
			goto fail;
	if (gather.newest >= SILENT_DAYS &&
	    (error = add_line(&status->patterns, &status->npatterns,
	    "nobody has checked in for %ld days", gather.newest)) < 0)
		goto fail;
	if ((error = tend_key_list(journal, key_cb, status)) < 0)
		goto fail;
	status->attention = status->npatterns != 0 || status->nto_sign != 0 ||
	    status->nconflicts != 0 || status->nreview_due != 0 ||
	    status->nunverified != 0 || status->nkeys_to_confirm != 0;
	free(gather.days);
	*out = status;
	return 0;
fail:
	free(gather.days);
	tend_dashboard_free(status);
	return error;
}

void
tend_dashboard_free(struct tend_dashboard *status)
{
	size_t	i;

	if (status == NULL)
		return;
	for (i = 0; i < status->npatterns; i++)
		free(status->patterns[i]);
	for (i = 0; i < status->nto_sign; i++)
		free(status->to_sign[i]);
	for (i = 0; i < status->namended; i++)
		free(status->amended[i]);
	for (i = 0; i < status->nconflicts; i++)
		free(status->conflicts[i]);
	for (i = 0; i < status->nreview_due; i++)
		free(status->review_due[i]);
	for (i = 0; i < status->nunverified; i++)
		free(status->unverified[i]);
	for (i = 0; i < status->nkeys_to_confirm; i++)
		free(status->keys_to_confirm[i]);
	free(status->unverified);
	free(status->keys_to_confirm);
	free(status->patterns);
	free(status->to_sign);
	free(status->amended);
	free(status->conflicts);
	free(status->review_due);
	free(status->partners);
	free(status->tags);
	free(status);
}
