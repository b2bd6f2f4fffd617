/*
 * The rituals of tend.conf, each a [ritual "NAME"] section with its time,
 * length, repeat and day, as the calendar export and the reminders read
 * them.  tend.conf comes from a partner's push too: a value that breaks
 * the rule tend config checks (an edit by hand) leaves the ritual
 * without it.
 */

#include <string.h>

#include "internal.h"

#define DEFAULT_MINUTES	15

const char *const tend_weekdays[7] = { "sunday", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday" };

static int	ritual_cb(const char *, const char *, void *);
static void	take_time(struct tend_ritual *, const char *);

/* HH:MM on a 24-hour clock, or no time. */
static void
take_time(struct tend_ritual *r, const char *value)
{
	r->hour = r->minute = -1;
	if (strlen(value) == 5 && value[2] == ':' &&
	    strspn(value, "0123456789") == 2 &&
	    strspn(value + 3, "0123456789") == 2 &&
	    (value[0] - '0') * 10 + value[1] - '0' < 24 && value[3] - '0' < 6) {
		r->hour = (value[0] - '0') * 10 + value[1] - '0';
		r->minute = (value[3] - '0') * 10 + value[4] - '0';
	}
}

static int
ritual_cb(const char *key, const char *value, void *arg)
{
	struct tend_rituals	*list = arg;
	struct tend_ritual	*r;
	const char		*name, *field;
	double			 minutes;
	size_t			 i, len;

	if (strncmp(key, "ritual.", 7) != 0 ||
	    (field = strrchr(key, '.')) == key + 6)
		return 0;
	name = key + 7;
	len = (size_t)(field - name);
	if (len == 0 || len >= sizeof(list->items[0].name))
		return 0;
	for (i = 0; i < list->count; i++)
		if (strncmp(list->items[i].name, name, len) == 0 &&
		    list->items[i].name[len] == '\0')
			break;
	if (i == list->count) {
		if (list->count == TEND_RITUALS_MAX)
			return 0;
		r = &list->items[list->count++];
		memcpy(r->name, name, len);
		r->name[len] = '\0';
		r->hour = r->minute = r->weekday = -1;
		r->minutes = DEFAULT_MINUTES;
		r->weekly = 0;
	}
	r = &list->items[i];
	field++;
	if (strcmp(field, "time") == 0)
		take_time(r, value);
	else if (strcmp(field, "minutes") == 0) {
		r->minutes = DEFAULT_MINUTES;
		if (tend_minutes_parse(&minutes, key, value, 600) == 0)
			r->minutes = (int)(minutes + 0.5);
		tend_error_clear();
	} else if (strcmp(field, "repeat") == 0)
		r->weekly = strcmp(value, "weekly") == 0;
	else if (strcmp(field, "day") == 0) {
		r->weekday = -1;
		for (i = 0; i < 7; i++)
			if (strcmp(value, tend_weekdays[i]) == 0)
				r->weekday = (int)i;
	}
	return 0;
}

int
tend_rituals_read(struct tend_rituals *list, struct tend_journal *journal)
{
	size_t	i, kept;
	int	error;

	list->count = 0;
	if ((error = tend_config_list(journal, TEND_CONFIG_SHARED, ritual_cb,
	    list)) < 0)
		return error;
	/* Without its time, or a weekly one without its day: unplaced. */
	for (i = kept = 0; i < list->count; i++) {
		if (list->items[i].hour < 0 ||
		    (list->items[i].weekly && list->items[i].weekday < 0))
			continue;
		if (!list->items[i].weekly)
			list->items[i].weekday = -1;
		list->items[kept++] = list->items[i];
	}
	list->count = kept;
	return 0;
}
