/*
 * The daily check-in: optionally the timed ritual of speaking and
 * listening, then five pillar ratings and a few words.  Also lists them.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"

#define DEFAULT_MINUTES	15.0
#define MAX_MINUTES	180.0
#define MAX_PARTNERS	16

static int	cmd_checkin_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	parse_duration(double *, const char *);
static int	run_timer(const struct cmd_entry *, struct cmd_ctx *,
		    const char *);
static int	ask_ratings(struct cmd_ctx *, struct tend_checkin *);
static int	ask_replace(const char *);
static int	ask_texts(struct cmd_ctx *, struct tend_checkin *,
		    const int *);
static int	print_row(const struct tend_checkin_row *, void *);

static const struct cmd_option checkin_options[] = {
	{ "appreciation", 'a', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "date", 0, CMD_ARG, 'D', CMD_COMPLETE_NONE },
	{ "file", 'F', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "list", 0, CMD_NOARG, 'L', CMD_COMPLETE_NONE },
	{ "message", 'm', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "need", 'n', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "rate", 'r', CMD_ARG, 0, CMD_COMPLETE_PILLAR },
	{ "since", 0, CMD_ARG, 'S', CMD_COMPLETE_NONE },
	{ "tag", 't', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "timer", 0, CMD_OPTARG, 'T', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_checkin_entry = {
	.name = "checkin",
	.usage = "[-r pillar=rating ...] [-a text] [-n text] [-t tag]... "
	    "[-m text | -F file] [--date date] [--timer[=minutes]]\n"
	    "--list [--since date]",
	.summary = "record the daily check-in",
	.options = checkin_options,
	/* Said after a bad rating, with the word it did not expect. */
	.operands = { 0, CMD_ANY, NULL, CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL | CMD_WRITES,
	.exec = cmd_checkin_exec,
};

/*
 * Minutes as tend.conf takes them ("15", "7.5"), or whole seconds ("90s"),
 * which make the timer testable; -1 if neither.
 */
static int
parse_duration(double *seconds, const char *arg)
{
	size_t	digits = strspn(arg, "0123456789");

	if (digits != 0 && digits <= 5 && strcmp(arg + digits, "s") == 0) {
		*seconds = atoi(arg);
		return *seconds >= 1 && *seconds <= MAX_MINUTES * 60 ? 0 : -1;
	}
	if (tend_minutes_parse(seconds, "--timer", arg, MAX_MINUTES) < 0)
		return -1;
	*seconds *= 60;
	return 0;
}

static int
run_timer(const struct cmd_entry *self, struct cmd_ctx *ctx, const char *arg)
{
	const char	*names[MAX_PARTNERS];
	char		*setting = NULL;
	double		 seconds = DEFAULT_MINUTES * 60;
	size_t		 i, count;
	int		 error;

	if (arg == NULL) {
		error = tend_journal_setting(&setting, ctx->journal,
		    "checkin.minutes");
		if (error < 0 && error != TEND_ENOTFOUND)
			return cmd_fail(error, NULL);
		if (setting != NULL && (error = tend_minutes_parse(&seconds,
		    "tend.conf: checkin.minutes", setting, MAX_MINUTES)) < 0) {
			cmd_error("%s", tend_error());
			free(setting);
			return EXIT_FAILURE;
		}
		if (setting != NULL)
			seconds *= 60;
		free(setting);
	} else if (parse_duration(&seconds, arg) < 0)
		return cmd_usage_error(self, "--timer takes minutes from 1 to "
		    "%.0f (\"7.5\") or whole seconds (\"90s\"), not '%s'",
		    MAX_MINUTES, arg);
	count = tend_journal_partner_count(ctx->journal);
	if (count > MAX_PARTNERS)
		count = MAX_PARTNERS;
	for (i = 0; i < count; i++)
		names[i] = tend_journal_partner_name(ctx->journal, i);
	if (count < 2) {
		fprintf(stderr, "tend: the timer needs two partners in "
		    "tend.conf\n");
		return EXIT_FAILURE;
	}
	cmd_timer(stderr, names, count, seconds);
	return EXIT_SUCCESS;
}

/* Ask for each pillar in turn until it gets a rating; "q" gives up. */
static int
ask_ratings(struct cmd_ctx *ctx, struct tend_checkin *checkin)
{
	const char	*other;
	char		*summary, *answer, rating[32], day[11];
	size_t		 i;
	int		 error;

	other = tend_checkin_other_day(checkin, day);
	fprintf(stderr, "Rate each pillar from 1 (hardly) to 5 (fully) for "
	    "%s; q stops without writing.\n", other != NULL ? other :
	    "today");
	for (i = 0; i < TEND_PILLAR_COUNT; i++) {
		if (tend_pillar_summary(&summary, ctx->journal, i) == 0) {
			fprintf(stderr, "\n%s: %s\n", tend_pillar_key(i),
			    cmd_safe(summary));
			free(summary);
		} else
			fprintf(stderr, "\n%s\n", tend_pillar_key(i));
		for (;;) {
			if ((error = cmd_ask(&answer, stdin, stderr,
			    "rating (1-5): ")) < 0)
				return error;
			if (cmd_is_quit(answer)) {
				free(answer);
				return TEND_ENOTFOUND;
			}
			snprintf(rating, sizeof(rating), "%s=%s",
			    tend_pillar_key(i), answer);
			free(answer);
			if (tend_checkin_rate(checkin, rating) == 0)
				break;
			fprintf(stderr, "please answer with a number from 1 "
			    "to 5, or q to stop\n");
		}
	}
	return 0;
}

/* The texts not GIVEN already, each skipped with Enter. */
static int
ask_texts(struct cmd_ctx *ctx, struct tend_checkin *checkin, const int *given)
{
	static const struct {
		enum tend_checkin_text	 which;
		const char		*question;
	} texts[] = {
		{ TEND_CHECKIN_APPRECIATION,
		    "\nOne thing you appreciated (Enter to skip, q to stop):"
		    "\n> " },
		{ TEND_CHECKIN_NEED,
		    "\nOne thing you need (Enter to skip, q to stop):\n> " },
		{ TEND_CHECKIN_NOTES,
		    "\nNotes: a line, 'e' for your editor, Enter to skip, q to "
		    "stop:\n> " },
	};
	char	*answer, *edited;
	size_t	 i, len;
	int	 error;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (given[texts[i].which])
			continue;
		if ((error = cmd_ask(&answer, stdin, stderr,
		    texts[i].question)) < 0)
			return error;
		/* "q" is no appreciation: it stops, as it does for ratings. */
		if (cmd_is_quit(answer)) {
			free(answer);
			return TEND_ENOTFOUND;
		}
		if (texts[i].which == TEND_CHECKIN_NOTES &&
		    strcmp(answer, "e") == 0) {
			free(answer);
			if ((error = tend_journal_edit(&edited, &len,
			    ctx->journal, "")) < 0)
				return error;
			error = tend_checkin_set_text(checkin, texts[i].which,
			    edited, len);
			free(edited);
		} else {
			error = tend_checkin_set_text(checkin, texts[i].which,
			    answer, strlen(answer));
			free(answer);
		}
		if (error < 0)
			return error;
	}
	return 0;
}

static int
print_row(const struct tend_checkin_row *row, void *arg)
{
	size_t	i;
	int	*header = arg;

	if (!*header) {
		printf("%-10s  %-12s", "date", "partner");
		for (i = 0; i < TEND_PILLAR_COUNT; i++)
			printf("  %s", tend_pillar_key(i));
		putchar('\n');
		*header = 1;
	}
	printf("%-10s  %s", row->day, cmd_field(row->author, 12,
	    TEND_FIELD_PAD));
	for (i = 0; i < TEND_PILLAR_COUNT; i++)
		printf("  %*c", (int)strlen(tend_pillar_key(i)),
		    row->ratings[i] != 0 ? '0' + row->ratings[i] : '-');
	putchar('\n');
	return 0;
}

static int
cmd_checkin_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_checkin	*checkin;
	const char		*message = NULL, *file = NULL;
	const char		*since = NULL, *timer_arg = NULL;
	const char		*me, *value, *other;
	char			*text = NULL, *id = NULL, day[11];
	size_t			 len;
	int			 key, error = 0, status, list = 0;
	int			 timer = 0, interactive, header = 0, exists;
	int			 tagged = 0;
	int			 given[3] = { 0, 0, 0 };

	if (tend_checkin_new(&checkin) < 0)
		return cmd_fail(TEND_ENOMEM, NULL);
	while (error == 0 && (key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'a':
			given[TEND_CHECKIN_APPRECIATION] = 1;
			error = tend_checkin_set_text(checkin,
			    TEND_CHECKIN_APPRECIATION, value, strlen(value));
			break;
		case 'D':
			error = tend_checkin_set_date(checkin, value);
			break;
		case 'F':
			file = value;
			break;
		case 'L':
			list = 1;
			break;
		case 'm':
			message = value;
			break;
		case 'n':
			given[TEND_CHECKIN_NEED] = 1;
			error = tend_checkin_set_text(checkin,
			    TEND_CHECKIN_NEED, value, strlen(value));
			break;
		case 'r':
			error = tend_checkin_rate(checkin, value);
			break;
		case 'S':
			since = value;
			break;
		case 't':
			tagged = 1;
			error = tend_checkin_add_tag(checkin, value);
			break;
		case 'T':
			timer = 1;
			timer_arg = value;
			break;
		}
	}
	if (error < 0) {
		status = cmd_usage_error(self, "%s", tend_error());
		goto out;
	}
	/* getopt takes an optional value only after '='. */
	if (args->argc != 0 && timer && timer_arg == NULL) {
		status = cmd_usage_error(self, "unexpected argument '%s' (for "
		    "turns of that many minutes, write --timer=%s)",
		    args->argv[0], args->argv[0]);
		goto out;
	}
	if (args->argc != 0) {
		status = cmd_usage_error(self, "unexpected argument '%s'",
		    args->argv[0]);
		goto out;
	}
	if (since != NULL && !list) {
		status = cmd_usage_error(self, "--since goes with --list");
		goto out;
	}
	if (list) {
		if (timer || message != NULL || file != NULL || tagged ||
		    tend_checkin_is_rated(checkin)) {
			status = cmd_usage_error(self, "--list cannot be "
			    "combined with a check-in");
			goto out;
		}
		error = tend_checkin_list(ctx->journal, since, print_row,
		    cmd_warn, &header);
		status = error == TEND_EINVALID ? cmd_usage_error(self, "%s",
		    tend_error()) : error < 0 ? cmd_fail(error, NULL) :
		    EXIT_SUCCESS;
		goto out;
	}
	if (message != NULL && file != NULL) {
		status = cmd_usage_error(self, "-m and -F cannot be combined");
		goto out;
	}
	given[TEND_CHECKIN_NOTES] = message != NULL || file != NULL;
	/* Say who is missing before the ritual, not after it. */
	if ((error = tend_journal_whoami(&me, ctx->journal)) < 0) {
		status = cmd_fail(error, NULL);
		goto out;
	}
	if (file != NULL) {
		if ((error = tend_fs_read_input(&text, &len, file)) < 0) {
			status = cmd_fail(error, NULL);
			goto out;
		}
		error = tend_checkin_set_text(checkin, TEND_CHECKIN_NOTES,
		    text, len);
	} else if (message != NULL)
		error = tend_checkin_set_text(checkin, TEND_CHECKIN_NOTES,
		    message, strlen(message));
	if (error < 0) {
		status = cmd_usage_error(self, "%s", tend_error());
		goto out;
	}
	/* Without ratings on a terminal, ask; in a script, say what's missing. */
	interactive = !tend_checkin_is_rated(checkin) && isatty(STDIN_FILENO);
	if (!interactive && (error = tend_checkin_validate(checkin)) < 0) {
		status = cmd_usage_error(self, "%s", tend_error());
		goto out;
	}
	/* Asked before the ritual, not after it: replace that day's? */
	if ((error = tend_checkin_exists(&exists, ctx->journal,
	    checkin)) < 0) {
		status = cmd_fail(error, "cannot record the check-in");
		goto out;
	}
	other = tend_checkin_other_day(checkin, day);
	if (exists && isatty(STDIN_FILENO) && (status = ask_replace(other !=
	    NULL ? other : "today")) != EXIT_SUCCESS)
		goto out;
	if (timer && (status = run_timer(self, ctx, timer_arg)) !=
	    EXIT_SUCCESS)
		goto out;
	if (interactive) {
		clearerr(stdin);
		if ((error = ask_ratings(ctx, checkin)) < 0 ||
		    (error = ask_texts(ctx, checkin, given)) < 0) {
			if (error == TEND_ENOTFOUND)
				fprintf(stderr, "\ntend: check-in stopped; "
				    "nothing written\n");
			status = error == TEND_ENOTFOUND ? EXIT_FAILURE :
			    cmd_fail(error, NULL);
			goto out;
		}
	}
	if ((error = tend_checkin_write(&id, ctx->journal, checkin)) < 0) {
		status = cmd_fail(error, "cannot record the check-in");
		goto out;
	}
	printf("%s\n", id);
	if (exists && !isatty(STDIN_FILENO))
		fprintf(stderr, "tend: this replaces your check-in of %s; the "
		    "history keeps the one before\n", other != NULL ? other :
		    "today");
	status = EXIT_SUCCESS;
out:
	free(id);
	free(text);
	tend_checkin_free(checkin);
	return status;
}

/* A check-in of DAY is there: EXIT_SUCCESS to replace it, as answered. */
static int
ask_replace(const char *day)
{
	char	*answer, question[96];
	int	 yes;

	snprintf(question, sizeof(question), "You checked in for %s "
	    "already; replace that check-in? (y/N) ", day);
	if (cmd_ask(&answer, stdin, stderr, question) < 0)
		answer = NULL;
	yes = answer != NULL && (strcasecmp(answer, "y") == 0 ||
	    strcasecmp(answer, "yes") == 0);
	free(answer);
	if (yes)
		return EXIT_SUCCESS;
	fprintf(stderr, "tend: check-in stopped; nothing written\n");
	return EXIT_FAILURE;
}
