/*
 * tend config: the keys of tend.conf (shared, committed) and of the
 * journal's .git/config (this machine's), each checked before it is
 * written.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct key_rule {
	const char		*pattern;	/* '*' stands for one name part */
	enum tend_config_file	 file;
	const char		*(*check)(const char *);
	const char		*meaning;
};

static const char	*any(const char *);
static const char	*boolean(const char *);
static const char	*minutes(const char *);
static const char	*timer_minutes(const char *);
static const char	*minutes_up_to(const char *, double, const char *);
static const char	*time_of_day(const char *);
static const char	*repeat(const char *);
static const char	*weekday(const char *);
static const char	*address(const char *);
static const char	*slug(const char *);
static const char	*transport(const char *);
static const struct key_rule *rule_for(const char *, enum tend_config_file);
static int		 matches(const char *, const char *);
static int		 unknown(const char *, enum tend_config_file);
static int		 list_cb(const char *, const char *, void *);

static const struct key_rule rules[] = {
	{ "partner.*.name", TEND_CONFIG_SHARED, any,
	    "a partner's name" },
	{ "partner.*.email", TEND_CONFIG_SHARED, address,
	    "a partner's email address" },
	{ "checkin.minutes", TEND_CONFIG_SHARED, timer_minutes,
	    "the check-in timer's length" },
	{ "sign.entries", TEND_CONFIG_SHARED, boolean,
	    "whether an entry is its author's only when their key signs it" },
	{ "ritual.*.time", TEND_CONFIG_SHARED, time_of_day,
	    "when a ritual starts, HH:MM" },
	{ "ritual.*.minutes", TEND_CONFIG_SHARED, minutes,
	    "how long a ritual lasts" },
	{ "ritual.*.repeat", TEND_CONFIG_SHARED, repeat,
	    "daily or weekly" },
	{ "ritual.*.day", TEND_CONFIG_SHARED, weekday,
	    "the day of a weekly ritual" },
	{ "tend.me", TEND_CONFIG_LOCAL, slug,
	    "who you are: your partner id" },
	{ "tend.remote", TEND_CONFIG_LOCAL, any,
	    "the remote tend sync uses" },
	{ "sync.transport", TEND_CONFIG_LOCAL, transport,
	    "what carries a sync: git, libgit2 or auto" },
	{ "sync.auto", TEND_CONFIG_LOCAL, boolean,
	    "whether each new entry is synced at once" },
};
#define NRULES	(sizeof(rules) / sizeof(rules[0]))
#define VALUE_MAX	200	/* bytes: a name, an address, a number */
#define NAME_MAX_PART	64	/* the ritual or partner of a key */

static const char *
any(const char *value)
{
	return value[0] != '\0' ? NULL : "must not be empty";
}

static const char *
transport(const char *value)
{
	return strcmp(value, "git") == 0 || strcmp(value, "libgit2") == 0 ||
	    strcmp(value, "auto") == 0 ? NULL : "must be git, libgit2 or auto";
}

static const char *
boolean(const char *value)
{
	return strcmp(value, "true") == 0 || strcmp(value, "false") == 0 ?
	    NULL : "must be true or false";
}

static const char *
minutes(const char *value)
{
	return minutes_up_to(value, 600, "must be a number of minutes from "
	    "1 to 600, with at most two decimals");
}

/* What tend checkin --timer takes: minutes up to 180. */
static const char *
timer_minutes(const char *value)
{
	return minutes_up_to(value, 180, "must be a number of minutes from "
	    "1 to 180, with at most two decimals");
}

static const char *
minutes_up_to(const char *value, double max, const char *why)
{
	double	n;

	if (tend_minutes_parse(&n, "minutes", value, max) == 0)
		return NULL;
	tend_error_clear();
	return why;
}

static const char *
time_of_day(const char *value)
{
	return strlen(value) == 5 && value[2] == ':' &&
	    value[0] >= '0' && value[0] <= '2' && value[1] >= '0' &&
	    value[1] <= '9' && value[3] >= '0' && value[3] <= '5' &&
	    value[4] >= '0' && value[4] <= '9' &&
	    (value[0] != '2' || value[1] <= '3') ? NULL :
	    "must be a time of day, HH:MM";
}

static const char *
repeat(const char *value)
{
	return strcmp(value, "daily") == 0 || strcmp(value, "weekly") == 0 ?
	    NULL : "must be daily or weekly";
}

static const char *
weekday(const char *value)
{
	static const char *const days[] = { "monday", "tuesday", "wednesday",
	    "thursday", "friday", "saturday", "sunday" };
	size_t	i;

	for (i = 0; i < 7; i++)
		if (strcmp(value, days[i]) == 0)
			return NULL;
	return "must be a day of the week, monday to sunday";
}

static const char *
address(const char *value)
{
	return strchr(value, '@') != NULL && strpbrk(value, " <>\n") == NULL ?
	    NULL : "must be an email address";
}

static const char *
slug(const char *value)
{
	return tend_text_is_slug(value) ? NULL :
	    "must be a partner id: letters, lowercase where they have a "
	    "case, digits and single dashes";
}

/* "ritual.*.time" matches "ritual.date-night.time". */
static int
matches(const char *pattern, const char *key)
{
	const char	*dot;

	while (*pattern != '\0') {
		if (*pattern == '*') {
			if ((dot = strchr(key, '.')) == NULL || dot == key ||
			    dot - key > NAME_MAX_PART ||
			    !tend_text_is_slug_n(key, (size_t)(dot - key)))
				return 0;
			key = dot;
			pattern++;
			continue;
		}
		if (*pattern++ != *key++)
			return 0;
	}
	return *key == '\0';
}

static const struct key_rule *
rule_for(const char *key, enum tend_config_file file)
{
	size_t	i;

	for (i = 0; i < NRULES; i++)
		if (rules[i].file == file && matches(rules[i].pattern, key))
			return &rules[i];
	return NULL;
}

/* The message for an unknown KEY: every known one, with what it means. */
static int
unknown(const char *key, enum tend_config_file file)
{
	struct tend_buf	list = TEND_BUF_INIT;
	size_t		i;
	int		error = 0;

	/* A key of the other file: say which, and how to set it. */
	if (rule_for(key, file == TEND_CONFIG_LOCAL ? TEND_CONFIG_SHARED :
	    TEND_CONFIG_LOCAL) != NULL)
		return tend_error_set(TEND_EINVALID, "'%s' is a key of %s: "
		    "use 'tend config%s %s'", key, file == TEND_CONFIG_LOCAL ?
		    "tend.conf, shared" : "this machine's .git/config",
		    file == TEND_CONFIG_LOCAL ? "" : " --local", key);
	for (i = 0; i < NRULES && error == 0; i++)
		if (rules[i].file == file)
			error = tend_buf_printf(&list, "%s%s", list.len != 0 ?
			    ", " : "", rules[i].pattern);
	if (error == 0)
		error = tend_error_set(TEND_EINVALID, "'%s' is not a key of %s "
		    "(the keys are %s)", key, file == TEND_CONFIG_LOCAL ?
		    ".git/config (--local)" : "tend.conf", list.data);
	tend_buf_free(&list);
	return error;
}

int
tend_config_file_of(enum tend_config_file *file, const char *key)
{
	if (rule_for(key, TEND_CONFIG_SHARED) != NULL)
		*file = TEND_CONFIG_SHARED;
	else if (rule_for(key, TEND_CONFIG_LOCAL) != NULL)
		*file = TEND_CONFIG_LOCAL;
	else
		return TEND_ENOTFOUND;
	return 0;
}

int
tend_config_get(char **out, struct tend_journal *journal,
    enum tend_config_file file, const char *key)
{
	if (rule_for(key, file) == NULL)
		return unknown(key, file);
	if (file == TEND_CONFIG_LOCAL)
		return tend_store_config_get(out, tend_journal_store(journal),
		    key);
	return tend_journal_setting(out, journal, key);
}

int
tend_config_set(struct tend_journal *journal, enum tend_config_file file,
    const char *key, const char *value)
{
	struct tend_txn		*txn;
	const struct key_rule	*rule;
	struct tend_buf		 message = TEND_BUF_INIT;
	const char		*problem;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((rule = rule_for(key, file)) == NULL) {
		error = unknown(key, file);
		goto out;
	}
	if ((error = tend_text_validate_line("the value", value,
	    VALUE_MAX)) < 0)
		goto out;
	if ((problem = rule->check(value)) != NULL)
		error = tend_error_set(TEND_EINVALID, "%s (%s) %s, not '%s'",
		    key, rule->meaning, problem, value);
	else if (file == TEND_CONFIG_LOCAL)
		error = tend_store_config_set(tend_journal_store(journal), key,
		    value);
	else if ((error = tend_buf_printf(&message, "config: %s = %s", key,
	    value)) == 0)
		error = tend_journal_set_conf(journal, &key, &value, 1,
		    message.data);
out:
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}

struct list_walk {
	enum tend_config_file	 file;
	int			(*fn)(const char *, const char *, void *);
	void			*arg;
};

static int
list_cb(const char *key, const char *value, void *arg)
{
	struct list_walk	*walk = arg;

	if (rule_for(key, walk->file) == NULL)
		return 0;
	return walk->fn(key, value, walk->arg);
}

int
tend_config_list(struct tend_journal *journal, enum tend_config_file file,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	struct list_walk	 walk = { file, fn, arg };
	struct tend_conf	*conf;
	char			*path;
	int			 error;

	path = file == TEND_CONFIG_LOCAL ? tend_fs_join(tend_store_gitdir(
	    tend_journal_store(journal)), "config") :
	    tend_fs_join(tend_journal_path(journal), "tend.conf");
	if (path == NULL)
		return tend_error_nomem();
	if ((error = tend_conf_open(&conf, path, file == TEND_CONFIG_LOCAL ?
	    ".git/config" : "tend.conf", file == TEND_CONFIG_LOCAL ?
	    TEND_CONF_INCLUDES_OK : TEND_CONF_NO_INCLUDES)) == 0) {
		error = tend_conf_foreach(conf, list_cb, &walk);
		tend_conf_free(conf);
	}
	free(path);
	return error;
}
