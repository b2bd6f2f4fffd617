/*
 * Reminders: what is due today for the local partner, and the systemd
 * timer or crontab lines that ask for them at the rituals' times.
 */

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define CHECKIN_RITUAL	"checkin"

struct reflect_walk {
	struct tend_journal	*journal;
	const char		*me;
	char			 newest[11];	/* my newest reflection's day */
};

struct gather {
	struct tend_reminders	*list;
	const char		*me;
	int			 checked_in;
	int			 reviews;	/* a review day has come */
	time_t			 now;
	const char		*today;
	tend_warn_fn		 warn;		/* the caller's */
	void			*warn_arg;
};

static const char *const day_abbrevs[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
    "Fri", "Sat" };

static struct tend_remind_item *add_item(struct tend_reminders *,
		    enum tend_remind_kind);
static int	day_cb(const char *, const char *, void *);
static int	author_is(struct tend_journal *, const char *, const char *);
static int	reflect_cb(const char *, int, void *);
static int	reflect_newest(struct reflect_walk *);
static int	warn_cb(const char *, void *);
static int	resent_cb(const struct tend_resent_row *, void *);
static int	review_cb(struct tend_entry *, void *);
static int	agree_cb(const struct tend_agree_row *, void *);
static int	timed_rituals(struct tend_rituals *, struct tend_journal *);
static int	put_unit_arg(struct tend_buf *, const char *, int);
static int	put_cron_arg(struct tend_buf *, const char *);

static struct tend_remind_item *
add_item(struct tend_reminders *list, enum tend_remind_kind kind)
{
	struct tend_remind_item	*grown, *item;

	if ((grown = realloc(list->items, (list->count + 1) *
	    sizeof(*grown))) == NULL) {
		tend_error_nomem();
		return NULL;
	}
	list->items = grown;
	item = &grown[list->count++];
	memset(item, 0, sizeof(*item));
	item->kind = kind;
	return item;
}

/* Today's check-ins, from their names: is one of them mine? */
static int
day_cb(const char *day, const char *author, void *arg)
{
	struct gather	*gather = arg;

	if (strcmp(day, gather->today) == 0 &&
	    strcmp(author, gather->me) == 0) {
		gather->checked_in = 1;
		return 1;
	}
	return 0;
}

/*
 * Whether NAME ("AUTHOR-slug") is ME's: ids may hold dashes, so the
 * longest partner id it starts with is its author ("sam-rivera-x" is
 * sam-rivera's, not sam's).
 */
static int
author_is(struct tend_journal *journal, const char *name, const char *me)
{
	const char	*id, *best = NULL;
	size_t		 p, len, best_len = 0;

	for (p = 0; p < tend_journal_partner_count(journal); p++) {
		id = tend_journal_partner_id(journal, p);
		len = strlen(id);
		if (len > best_len && strncmp(name, id, len) == 0 &&
		    name[len] == '-') {
			best = id;
			best_len = len;
		}
	}
	return best != NULL && strcmp(best, me) == 0;
}

/* reflect/YYYY/MM/YYYY-MM-DD-AUTHOR-slug.md: the newest day of mine. */
static int
reflect_cb(const char *path, int private, void *arg)
{
	struct reflect_walk	*walk = arg;
	const char		*name, *p;
	size_t			 i;

	(void)private;
	name = (p = strrchr(path, '/')) != NULL ? p + 1 : path;
	if (strlen(name) < 12 || name[10] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? name[i] != '-' :
		    name[i] < '0' || name[i] > '9')
			return 0;
	if (strncmp(name, walk->newest, 10) <= 0 ||
	    !author_is(walk->journal, name + 11, walk->me))
		return 0;
	memcpy(walk->newest, name, 10);
	walk->newest[10] = '\0';
	return 0;
}

/*
 * My newest reflection's day, from the files' names: the last week's
 * folders first, which is enough when I reflected in it, then wider
 * windows, and all at last; an old journal's years are listed only when
 * I have not reflected for more than a year.  The pruned listing keeps
 * off the trees' cache, where this walk's folders would push out the
 * check-in months that status keeps there.
 */
static int
reflect_newest(struct reflect_walk *walk)
{
	static const char *const windows[] = {
		"6.days.ago", "62.days.ago", "400.days.ago", NULL,
	};
	char	since[11];
	size_t	i;
	int	error;

	for (i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
		if ((windows[i] != NULL && (error = tend_date_day_of(since,
		    "since", windows[i])) < 0) ||
		    (error = tend_entry_paths_dated(walk->journal, "reflect",
		    TEND_IN_JOURNAL | TEND_IN_PRIVATE, windows[i] != NULL ?
		    since : NULL, NULL, reflect_cb, walk)) < 0)
			return error;
		if (walk->newest[0] != '\0')
			break;
	}
	return 0;
}

/* A file that cannot be read, passed on to the caller. */
static int
warn_cb(const char *problem, void *arg)
{
	struct gather	*gather = arg;

	return gather->warn != NULL ? gather->warn(problem, gather->warn_arg) :
	    0;
}

static int
resent_cb(const struct tend_resent_row *row, void *arg)
{
	struct gather		*gather = arg;
	struct tend_remind_item	*item;
	int			 private;

	private = row->private && strcmp(row->state, "private") == 0;
	if (!private && strcmp(row->state, "raised") != 0)
		return 0;
	if (row->age < TEND_REMIND_RESENT_DAYS)
		return 0;
	if ((item = add_item(gather->list, TEND_REMIND_RESENT)) == NULL)
		return TEND_ENOMEM;
	item->days = row->age;
	item->private = private;
	if ((item->subject = strdup(row->title != NULL ? row->title : "")) ==
	    NULL || (item->id = strdup(row->id)) == NULL)
		return tend_error_nomem();
	return 0;
}

/*
 * Whether an agreement's review day has come, from its front matter:
 * only then is it worth the signatures' walk that tells whether it is in
 * force, which costs most of a remind.
 */
static int
review_cb(struct tend_entry *entry, void *arg)
{
	struct gather	*gather = arg;
	const char	*review = tend_entry_field(entry, "review");

	if (review != NULL && strncmp(review, gather->today, 10) <= 0)
		gather->reviews = 1;
	return 0;
}

static int
agree_cb(const struct tend_agree_row *row, void *arg)
{
	struct gather		*gather = arg;
	struct tend_remind_item	*item;

	if (strcmp(row->state, "review due") != 0)
		return 0;
	if ((item = add_item(gather->list, TEND_REMIND_REVIEW)) == NULL)
		return TEND_ENOMEM;
	if (row->review != NULL)
		snprintf(item->day, sizeof(item->day), "%s", row->review);
	if ((item->subject = strdup(row->name)) == NULL)
		return tend_error_nomem();
	return 0;
}

int
tend_remind_read(struct tend_reminders **out, struct tend_journal *journal,
    tend_warn_fn warn, void *warn_arg)
{
	struct tend_resent_filter	 filter = { 0, NULL, NULL };
	struct tend_reminders		*list;
	struct tend_remind_item		*item;
	struct reflect_walk		 walk;
	struct tend_rituals		 rituals;
	struct tend_ritual		*checkin = NULL;
	struct gather			 gather;
	struct tm			 tm;
	char				 today[11];
	size_t				 i;
	long				 age;
	int				 error;

	if ((list = calloc(1, sizeof(*list))) == NULL)
		return tend_error_nomem();
	memset(&gather, 0, sizeof(gather));
	gather.list = list;
	gather.me = tend_journal_me(journal);
	gather.now = time(NULL);
	gather.today = today;
	gather.warn = warn;
	gather.warn_arg = warn_arg;
	if ((error = tend_date_day(today, gather.now)) < 0 ||
	    localtime_r(&gather.now, &tm) == NULL) {
		error = error < 0 ? error : tend_error_set(TEND_ERROR,
		    "cannot read the clock");
		goto fail;
	}
	if ((error = tend_rituals_read(&rituals, journal)) < 0)
		goto fail;
	for (i = 0; i < rituals.count; i++)
		if (strcmp(rituals.items[i].name, CHECKIN_RITUAL) == 0)
			checkin = &rituals.items[i];

	/* A weekly check-in is due on its day alone. */
	if (gather.me != NULL && (checkin == NULL || checkin->weekday < 0 ||
	    checkin->weekday == tm.tm_wday)) {
		if ((error = tend_checkin_days(journal, today, day_cb,
		    &gather)) < 0)
			goto fail;
		if (!gather.checked_in) {
			if ((item = add_item(list, TEND_REMIND_CHECKIN)) ==
			    NULL) {
				error = TEND_ENOMEM;
				goto fail;
			}
			if (checkin != NULL)
				snprintf(item->time, sizeof(item->time),
				    "%02d:%02d", checkin->hour,
				    checkin->minute);
		}
	}

	if (gather.me != NULL) {
		memset(&walk, 0, sizeof(walk));
		walk.journal = journal;
		walk.me = gather.me;
		if ((error = reflect_newest(&walk)) < 0)
			goto fail;
		age = walk.newest[0] != '\0' ? tend_date_age_on(walk.newest,
		    today) : -1;
		if (walk.newest[0] == '\0' || age >= TEND_REMIND_REFLECT_DAYS) {
			if ((item = add_item(list, TEND_REMIND_REFLECT)) ==
			    NULL) {
				error = TEND_ENOMEM;
				goto fail;
			}
			memcpy(item->day, walk.newest, sizeof(item->day));
			item->days = age;
		}
	}

	/*
	 * Open resentments only: with a day given, the ones closed before it
	 * are known by the cache status keeps too, and not read again.
	 */
	if ((error = tend_entry_foreach(journal, "agree", TEND_IN_JOURNAL,
	    review_cb, &gather, NULL, NULL)) < 0 ||
	    (gather.reviews && (error = tend_agree_list(journal, agree_cb,
	    warn_cb, &gather)) < 0) ||
	    (error = tend_resent_list_since(journal, &filter, today, resent_cb,
	    warn_cb, &gather)) < 0)
		goto fail;
	*out = list;
	return 0;
fail:
	tend_reminders_free(list);
	return error;
}

void
tend_reminders_free(struct tend_reminders *list)
{
	size_t	i;

	if (list == NULL)
		return;
	for (i = 0; i < list->count; i++) {
		free(list->items[i].subject);
		free(list->items[i].id);
	}
	free(list->items);
	free(list);
}

/*
 * One word of ExecStart, in double quotes: systemd reads C escapes there
 * and '%' starts a specifier everywhere, '$' a variable in the arguments
 * but not in the EXECUTABLE's path, where it refuses quotes and
 * backslashes (systemd.service(5), "Command lines").  A control
 * character has no way through at all.
 */
static int
put_unit_arg(struct tend_buf *out, const char *arg, int executable)
{
	const unsigned char	*p;
	int			 error = tend_buf_puts(out, "\"");

	for (p = (const unsigned char *)arg; *p != '\0' && error == 0; p++) {
		if (*p < 0x20 || *p == 0x7f || (executable &&
		    strchr("\\\"'", *p) != NULL))
			return tend_error_set(TEND_EINVALID, "'%s' has a "
			    "character that systemd cannot take in %s", arg,
			    executable ? "a program's path" : "a unit");
		error = *p == '\\' ? tend_buf_puts(out, "\\\\") :
		    *p == '"' ? tend_buf_puts(out, "\\\"") :
		    *p == '%' ? tend_buf_puts(out, "%%") :
		    *p == '$' && !executable ? tend_buf_puts(out, "$$") :
		    tend_buf_put(out, (const char *)p, 1);
	}
	return error < 0 ? error : tend_buf_puts(out, "\"");
}

/* The rituals that have a time, for the timer or crontab; none: an error. */
static int
timed_rituals(struct tend_rituals *rituals, struct tend_journal *journal)
{
	int	error;

	if ((error = tend_rituals_read(rituals, journal)) < 0)
		return error;
	if (rituals->count == 0)
		return tend_error_set(TEND_EINVALID, "no ritual has a time; "
		    "add one, for example with 'tend config "
		    "ritual.checkin.time 20:30'");
	return 0;
}

int
tend_remind_units(char **service, char **timer, struct tend_journal *journal,
    const struct tend_remind_command *command)
{
	struct tend_buf		 unit = TEND_BUF_INIT, times = TEND_BUF_INIT;
	struct tend_rituals	 rituals;
	struct tend_ritual	*r;
	size_t			 i;
	int			 error;

	if ((error = timed_rituals(&rituals, journal)) < 0)
		return error;
	if ((error = tend_buf_puts(&unit, "# Written by 'tend remind "
	    "--install'; 'tend remind --uninstall' removes it.\n"
	    "[Unit]\nDescription=tend: say what is due in the journal\n\n"
	    "[Service]\nType=oneshot\nExecStart=")) < 0 ||
	    (error = put_unit_arg(&unit, command->tend, 1)) < 0 ||
	    (error = tend_buf_puts(&unit, " -C ")) < 0 ||
	    (error = put_unit_arg(&unit, command->journal, 0)) < 0 ||
	    (error = tend_buf_puts(&unit, " remind --notify\n")) < 0)
		goto fail;
	if ((error = tend_buf_puts(&times, "# Written by 'tend remind "
	    "--install'; 'tend remind --uninstall' removes it.\n"
	    "[Unit]\nDescription=tend: reminders at the rituals' times\n\n"
	    "[Timer]\n")) < 0)
		goto fail;
	for (i = 0; i < rituals.count; i++) {
		r = &rituals.items[i];
		if ((error = tend_buf_printf(&times, "# the ritual %s\n"
		    "OnCalendar=%s%s*-*-* %02d:%02d:00\n", r->name,
		    r->weekday >= 0 ? day_abbrevs[r->weekday] : "",
		    r->weekday >= 0 ? " " : "", r->hour, r->minute)) < 0)
			goto fail;
	}
	if ((error = tend_buf_puts(&times, "\n[Install]\n"
	    "WantedBy=timers.target\n")) < 0)
		goto fail;
	*service = unit.data;
	*timer = times.data;
	return 0;
fail:
	tend_buf_free(&unit);
	tend_buf_free(&times);
	return error;
}

/*
 * One argument of a crontab line, in the shell's single quotes; cron
 * reads '%' as a newline unless escaped, and "\%" after a backslash would
 * be read wrongly, so a backslash is refused with the controls.
 */
static int
put_cron_arg(struct tend_buf *out, const char *arg)
{
	const unsigned char	*p;
	int			 error = tend_buf_puts(out, "'");

	for (p = (const unsigned char *)arg; *p != '\0' && error == 0; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return tend_error_set(TEND_EINVALID, "'%s' has a "
			    "character that a crontab line cannot hold", arg);
		error = *p == '\'' ? tend_buf_puts(out, "'\\''") :
		    *p == '%' ? tend_buf_puts(out, "\\%") :
		    tend_buf_put(out, (const char *)p, 1);
	}
	return error < 0 ? error : tend_buf_puts(out, "'");
}

int
tend_remind_crontab(char **out, struct tend_journal *journal,
    const struct tend_remind_command *command)
{
	struct tend_buf		 lines = TEND_BUF_INIT, run = TEND_BUF_INIT;
	struct tend_rituals	 rituals;
	struct tend_ritual	*r;
	size_t			 i;
	int			 error;

	if ((error = timed_rituals(&rituals, journal)) < 0)
		return error;
	if ((error = put_cron_arg(&run, command->tend)) < 0 ||
	    (error = tend_buf_puts(&run, " -C ")) < 0 ||
	    (error = put_cron_arg(&run, command->journal)) < 0 ||
	    (error = tend_buf_puts(&run, " remind --notify")) < 0)
		goto fail;
	for (i = 0; i < rituals.count; i++) {
		r = &rituals.items[i];
		if (r->weekday >= 0)
			error = tend_buf_printf(&lines, "%d %d * * %d %s\n",
			    r->minute, r->hour, r->weekday, run.data);
		else
			error = tend_buf_printf(&lines, "%d %d * * * %s\n",
			    r->minute, r->hour, run.data);
		if (error < 0)
			goto fail;
	}
	tend_buf_free(&run);
	*out = lines.data;
	return 0;
fail:
	tend_buf_free(&run);
	tend_buf_free(&lines);
	return error;
}

int
tend_remind_install(const char *dir, const char *service, const char *timer)
{
	char	*path;
	int	 error;

	if ((error = tend_fs_mkdirs(dir, NULL)) < 0)
		return error;
	if ((path = tend_fs_join(dir, TEND_REMIND_SERVICE)) == NULL)
		return tend_error_nomem();
	error = tend_fs_write_atomic(path, service, strlen(service));
	free(path);
	if (error < 0)
		return error;
	/* The timer last: it names the service, which is there by then. */
	if ((path = tend_fs_join(dir, TEND_REMIND_TIMER)) == NULL)
		return tend_error_nomem();
	error = tend_fs_write_atomic(path, timer, strlen(timer));
	free(path);
	return error;
}

int
tend_remind_uninstall(int *removed, const char *dir)
{
	static const char *const names[] = {
		("timers.target.wants/" TEND_REMIND_TIMER), TEND_REMIND_TIMER,
		TEND_REMIND_SERVICE,
	};
	char	*path;
	size_t	 i;

	*removed = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((path = tend_fs_join(dir, names[i])) == NULL)
			return tend_error_nomem();
		if (unlink(path) == 0)
			*removed = 1;
		else if (errno != ENOENT) {
			tend_error_set(TEND_ERROR, "cannot remove '%s': %s",
			    path, strerror(errno));
			free(path);
			return TEND_ERROR;
		}
		free(path);
	}
	return 0;
}
