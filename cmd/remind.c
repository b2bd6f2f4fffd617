/*
 * What is due now, one short line each, for a shell prompt or a login;
 * or the systemd timer (or crontab lines) that says it at ritual times.
 */

#define _XOPEN_SOURCE	700	/* realpath */

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define EXIT_DUE	3	/* --quiet: something is due */
#define NOTIFY_SEND	"notify-send"
/* A prompt is no place for a long list: the oldest few, then a count. */
#define RESENT_SHOWN	3

enum install_how { HOW_AUTO, HOW_SYSTEMD, HOW_CRON };

static int	cmd_remind_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static const char *item_line(const struct tend_remind_item *);
static char	**text_lines(const struct tend_reminders *, size_t *);
static void	free_lines(char **, size_t);
static void	print_json(const struct tend_reminders *);
static char	*find_program(const char *);
static int	notify(const struct tend_reminders *);
static int	has_systemd(void);
static char	*unit_dir(void);
static int	install(struct cmd_ctx *, enum install_how);
static int	uninstall(void);

static const struct cmd_option remind_options[] = {
	{ "install", 0, CMD_OPTARG, 'I', CMD_COMPLETE_NONE },
	{ "json", 0, CMD_NOARG, 'j', CMD_COMPLETE_NONE },
	{ "notify", 0, CMD_NOARG, 'n', CMD_COMPLETE_NONE },
	{ "quiet", 'q', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "uninstall", 0, CMD_NOARG, 'U', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_remind_entry = {
	.name = "remind",
	.usage = "[--json | --notify | --quiet]\n"
	    "--install[=systemd | cron]\n"
	    "--uninstall",
	.summary = "what is due now: check-in, reflection, reviews",
	.options = remind_options,
	.operands = { 0, 0, "remind takes no arguments", CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL,
	.exec = cmd_remind_exec,
};

/* One item as a line, partners' words made safe; kept until the next. */
static const char *
item_line(const struct tend_remind_item *item)
{
	static char	line[1024];

	switch (item->kind) {
	case TEND_REMIND_CHECKIN:
		if (item->time[0] != '\0')
			snprintf(line, sizeof(line), "check-in: not done today "
			    "(ritual at %s)", item->time);
		else
			snprintf(line, sizeof(line), "check-in: not done "
			    "today");
		break;
	case TEND_REMIND_REFLECT:
		if (item->day[0] == '\0')
			snprintf(line, sizeof(line), "reflect: no reflection "
			    "yet");
		else
			snprintf(line, sizeof(line), "reflect: last reflection "
			    "%ld days ago", item->days);
		break;
	case TEND_REMIND_REVIEW:
		snprintf(line, sizeof(line), "agree: '%s' review due %s",
		    cmd_field(item->subject, 60, TEND_FIELD_CUT),
		    cmd_safe(item->day));
		break;
	case TEND_REMIND_RESENT:
		snprintf(line, sizeof(line), "resent: '%s' open for %ld "
		    "days%s", cmd_field(item->subject, 60, TEND_FIELD_CUT),
		    item->days, item->private ? ", not raised yet" : "");
		break;
	}
	return line;
}

/*
 * The lines to say, each its own allocation: each item's, but the
 * resentments past the first few, which are counted in one more line.
 */
static char **
text_lines(const struct tend_reminders *list, size_t *count)
{
	char	**lines, buf[80];
	size_t	  i, resentments = 0, more = 0;

	if ((lines = calloc(list->count + 1, sizeof(*lines))) == NULL)
		return NULL;
	*count = 0;
	for (i = 0; i < list->count; i++) {
		if (list->items[i].kind == TEND_REMIND_RESENT &&
		    resentments++ >= RESENT_SHOWN) {
			more++;
			continue;
		}
		if ((lines[(*count)++] = strdup(item_line(&list->items[i]))) ==
		    NULL)
			goto fail;
	}
	if (more != 0) {
		snprintf(buf, sizeof(buf), "resent: %zu more open for %d days "
		    "or more", more, TEND_REMIND_RESENT_DAYS);
		if ((lines[(*count)++] = strdup(buf)) == NULL)
			goto fail;
	}
	return lines;
fail:
	free_lines(lines, *count);
	return NULL;
}

static void
free_lines(char **lines, size_t count)
{
	size_t	i;

	for (i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
}

static void
print_json(const struct tend_reminders *list)
{
	static const char *const kinds[] = {
		"checkin", "reflect", "review", "resent",
	};
	const struct tend_remind_item	*item;
	size_t				 i;

	putchar('[');
	for (i = 0; i < list->count; i++) {
		item = &list->items[i];
		printf("%s\n  {\"kind\": \"%s\"", i != 0 ? "," : "",
		    kinds[item->kind]);
		switch (item->kind) {
		case TEND_REMIND_CHECKIN:
			fputs(", \"ritual\": ", stdout);
			if (item->time[0] != '\0')
				cmd_json_safe(item->time);
			else
				fputs("null", stdout);
			break;
		case TEND_REMIND_REFLECT:
			fputs(", \"last\": ", stdout);
			if (item->day[0] != '\0') {
				cmd_json_safe(item->day);
				printf(", \"days\": %ld", item->days);
			} else
				fputs("null, \"days\": null", stdout);
			break;
		case TEND_REMIND_REVIEW:
			fputs(", \"agreement\": ", stdout);
			cmd_json_safe(item->subject);
			fputs(", \"review\": ", stdout);
			cmd_json_safe(item->day);
			break;
		case TEND_REMIND_RESENT:
			fputs(", \"id\": ", stdout);
			cmd_json_safe(item->id);
			fputs(", \"title\": ", stdout);
			cmd_json_safe(item->subject);
			printf(", \"days\": %ld, \"private\": %s", item->days,
			    item->private ? "true" : "false");
			break;
		}
		putchar('}');
	}
	fputs(list->count != 0 ? "\n]\n" : "]\n", stdout);
}

/* NAME's path in $PATH, as execvp would find it, or NULL. */
static char *
find_program(const char *name)
{
	const char	*path = getenv("PATH"), *start, *end;
	char		*file;
	size_t		 len;

	if (path == NULL || path[0] == '\0')
		return NULL;
	for (start = path; ; start = end + 1) {
		if ((end = strchr(start, ':')) == NULL)
			end = start + strlen(start);
		/* An empty part is the current folder, as for execvp. */
		len = (size_t)(end - start) + strlen(name) + 3;
		if ((file = malloc(len)) == NULL)
			return NULL;
		snprintf(file, len, "%.*s/%s", end == start ? 1 :
		    (int)(end - start), end == start ? "." : start, name);
		if (access(file, X_OK) == 0)
			return file;
		free(file);
		if (*end == '\0')
			return NULL;
	}
}

/*
 * The lines through notify-send, as arguments and never through a shell;
 * without it, or when it fails (no desktop session), on standard output,
 * where the timer's log or cron's mail keeps them.
 */
static int
notify(const struct tend_reminders *list)
{
	char		**lines, *program, *body, summary[64];
	size_t		  i, len, size, count;
	pid_t		  pid;
	int		  status;

	if (list->count == 0)
		return 0;
	if ((lines = text_lines(list, &count)) == NULL) {
		cmd_error("cannot say the reminders: out of memory");
		return -1;
	}
	if ((program = find_program(NOTIFY_SEND)) != NULL) {
		for (size = 1, i = 0; i < count; i++)
			size += strlen(lines[i]) + 1;
		if ((body = malloc(size)) == NULL) {
			free(program);
			free_lines(lines, count);
			return -1;
		}
		for (len = 0, i = 0; i < count; i++)
			len += (size_t)snprintf(body + len, size - len, "%s%s",
			    i != 0 ? "\n" : "", lines[i]);
		snprintf(summary, sizeof(summary), "tend: %zu thing%s due",
		    list->count, list->count == 1 ? "" : "s");
		fflush(stdout);
		if ((pid = fork()) == 0) {
			execl(program, NOTIFY_SEND, "--app-name=tend", "--",
			    summary, body, (char *)NULL);
			_exit(127);
		}
		status = -1;
		while (pid > 0 && waitpid(pid, &status, 0) == -1 &&
		    errno == EINTR)
			;
		free(body);
		free(program);
		if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			free_lines(lines, count);
			return 0;
		}
		cmd_error("%s failed; the reminders follow", NOTIFY_SEND);
	}
	for (i = 0; i < count; i++)
		printf("%s\n", lines[i]);
	free_lines(lines, count);
	return 0;
}

/* systemd runs this session's services: its folder, and systemctl. */
static int
has_systemd(void)
{
	struct stat	 st;
	char		*systemctl;

	if ((systemctl = find_program("systemctl")) == NULL)
		return 0;
	free(systemctl);
	return stat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

/* $XDG_CONFIG_HOME/systemd/user, or ~/.config/systemd/user. */
static char *
unit_dir(void)
{
	const char	*config = getenv("XDG_CONFIG_HOME"), *home;
	char		*dir;
	size_t		 len;

	/* The specification says a relative one is to be left aside. */
	if (config != NULL && config[0] == '/') {
		len = strlen(config) + sizeof("/systemd/user");
		if ((dir = malloc(len)) != NULL)
			snprintf(dir, len, "%s/systemd/user", config);
		return dir;
	}
	if ((home = getenv("HOME")) == NULL || home[0] != '/') {
		cmd_error("cannot find the systemd user units' folder: "
		    "neither XDG_CONFIG_HOME nor HOME is an absolute path");
		return NULL;
	}
	len = strlen(home) + sizeof("/.config/systemd/user");
	if ((dir = malloc(len)) != NULL)
		snprintf(dir, len, "%s/.config/systemd/user", home);
	return dir;
}

static int
install(struct cmd_ctx *ctx, enum install_how how)
{
	struct tend_remind_command	 command;
	char				 exe[PATH_MAX], journal[PATH_MAX];
	char				*service, *timer, *lines, *dir;
	ssize_t				 n;
	int				 error;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0) {
		cmd_error("cannot find tend's own path: %s", strerror(errno));
		return EXIT_FAILURE;
	}
	exe[n] = '\0';
	if (realpath(tend_journal_path(ctx->journal), journal) == NULL) {
		cmd_error("cannot read '%s': %s",
		    tend_journal_path(ctx->journal), strerror(errno));
		return EXIT_FAILURE;
	}
	command.tend = exe;
	command.journal = journal;
	if (how == HOW_AUTO)
		how = has_systemd() ? HOW_SYSTEMD : HOW_CRON;
	if (how == HOW_CRON) {
		if ((error = tend_remind_crontab(&lines, ctx->journal,
		    &command)) < 0)
			return cmd_fail(error, "cannot write the crontab lines");
		fprintf(stderr, "tend: add these lines to your crontab, "
		    "with 'crontab -e':\n");
		fputs(lines, stdout);
		free(lines);
		return EXIT_SUCCESS;
	}
	if ((error = tend_remind_units(&service, &timer, ctx->journal,
	    &command)) < 0)
		return cmd_fail(error, "cannot write the systemd units");
	if ((dir = unit_dir()) == NULL) {
		free(service);
		free(timer);
		return EXIT_FAILURE;
	}
	error = tend_remind_install(dir, service, timer);
	free(service);
	free(timer);
	if (error < 0) {
		error = cmd_fail(error, "cannot install the units in '%s'", dir);
		free(dir);
		return error;
	}
	printf("wrote %s/%s and %s\nto start it: systemctl --user "
	    "daemon-reload && systemctl --user enable --now %s\n",
	    cmd_safe(dir), TEND_REMIND_SERVICE, TEND_REMIND_TIMER,
	    TEND_REMIND_TIMER);
	free(dir);
	return EXIT_SUCCESS;
}

static int
uninstall(void)
{
	char	*dir;
	int	 error, removed;

	if ((dir = unit_dir()) == NULL)
		return EXIT_FAILURE;
	if ((error = tend_remind_uninstall(&removed, dir)) < 0) {
		free(dir);
		return cmd_fail(error, "cannot remove the units");
	}
	if (removed)
		printf("removed %s from %s\nto stop it now: systemctl --user "
		    "stop %s && systemctl --user daemon-reload\n",
		    TEND_REMIND_TIMER, cmd_safe(dir), TEND_REMIND_TIMER);
	else
		printf("no units in %s; lines in a crontab are removed with "
		    "'crontab -e'\n", cmd_safe(dir));
	free(dir);
	return EXIT_SUCCESS;
}

static int
cmd_remind_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_reminders	*list;
	enum install_how	 how = HOW_AUTO;
	const char		*value;
	char			**lines;
	size_t			 i, count;
	int			 key, error, json = 0, quiet = 0, send = 0;
	int			 installing = 0, removing = 0, status;

	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'I':
			installing = 1;
			if (value == NULL)
				how = HOW_AUTO;
			else if (strcmp(value, "systemd") == 0)
				how = HOW_SYSTEMD;
			else if (strcmp(value, "cron") == 0)
				how = HOW_CRON;
			else
				return cmd_usage_error(self, "--install takes "
				    "systemd or cron, not '%s'", value);
			break;
		case 'j':
			json = 1;
			break;
		case 'n':
			send = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'U':
			removing = 1;
			break;
		}
	}
	if (json + quiet + send + installing + removing > 1)
		return cmd_usage_error(self, "--json, --notify, --quiet, "
		    "--install and --uninstall cannot be combined");
	if (installing)
		return install(ctx, how);
	if (removing)
		return uninstall();
	/* At every prompt, a warning would be said each time. */
	if ((error = tend_remind_read(&list, ctx->journal, quiet || send ?
	    NULL : cmd_warn, NULL)) < 0)
		return cmd_fail(error, "cannot read the journal");
	status = EXIT_SUCCESS;
	if (quiet)
		status = list->count != 0 ? EXIT_DUE : EXIT_SUCCESS;
	else if (json)
		print_json(list);
	else if (send)
		notify(list);
	else if ((lines = text_lines(list, &count)) == NULL) {
		cmd_error("cannot say the reminders: out of memory");
		status = EXIT_FAILURE;
	} else {
		for (i = 0; i < count; i++)
			printf("%s\n", lines[i]);
		free_lines(lines, count);
	}
	tend_reminders_free(list);
	return status;
}
