/*
 * Agreements: make one, change it, sign it, and see how it changed and
 * who agreed to what.
 */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_agree_exec(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_default(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_new(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_edit(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_sign(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_list(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_show(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_log(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_diff(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	agree_blame(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	parse_text(const struct cmd_entry *, int, char **,
		    struct tend_agree_new *, char **, int *);
static int	print_row(const struct tend_agree_row *, void *);
static int	print_template(const char *, const char *, void *);
static int	print_event(const struct tend_agree_event *, void *);
static int	print_clause(const struct tend_agree_clause *, void *);
static void	put_day(time_t);

const struct cmd_entry cmd_agree_entry = {
	.name = "agree",
	.usage = "new name [-t template] [-m text | -F file] [--title title] "
	    "[--review date]\n"
	    "new --templates\n"
	    "edit name [-m text | -F file] [--title title] [--review date]\n"
	    "sign name\n"
	    "list\n"
	    "show name [--as-of date | revision]\n"
	    "log name\n"
	    "diff name [--unified] [from [to]]\n"
	    "blame name",
	.summary = "make, change and sign agreements; see their history",
	.flags = CMD_JOURNAL,
	.exec = cmd_agree_exec,
};

static const struct cmd_verb agree_verbs[] = {
	{ "", agree_default },
	{ "blame", agree_blame },
	{ "diff", agree_diff },
	{ "edit", agree_edit },
	{ "list", agree_list },
	{ "log", agree_log },
	{ "new", agree_new },
	{ "show", agree_show },
	{ "sign", agree_sign },
	{ NULL, NULL }
};

/* Options every verb shares: -h, and nothing else. */
static const struct option help_only[] = {
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_agree_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	return cmd_dispatch(self, agree_verbs, ctx, argc, argv);
}

/* "tend agree" alone lists; anything else unknown is a usage error. */
static int
agree_default(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	if (argc == 1)
		return agree_list(self, ctx, argc, argv);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		cmd_usage(self, stdout);
		return EXIT_SUCCESS;
	}
	return cmd_usage_error(self, "'%s' is not one of new, edit, sign, "
	    "list, show, log, diff, blame", argv[1]);
}

static void
put_day(time_t when)
{
	char		day[11];
	struct tm	tm;

	if (localtime_r(&when, &tm) == NULL ||
	    strftime(day, sizeof(day), "%Y-%m-%d", &tm) == 0)
		strcpy(day, "?");
	printf("%s", day);
}

/*
 * The options of new and edit: the text (-m, -F), --title, --review, and
 * -t and --templates for new.  Returns -1 with *STATUS set when done.
 */
static int
parse_text(const struct cmd_entry *self, int argc, char **argv,
    struct tend_agree_new *change, char **text, int *status)
{
	static const struct option	 options[] = {
		{ "file", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "message", required_argument, NULL, 'm' },
		{ "review", required_argument, NULL, 'R' },
		{ "template", required_argument, NULL, 't' },
		{ "templates", no_argument, NULL, 'T' },
		{ "title", required_argument, NULL, 'I' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*file = NULL, *message = NULL;
	int				 ch, error;

	while ((ch = getopt_long(argc, argv, "F:hm:t:", options, NULL)) != -1) {
		switch (ch) {
		case 'F':
			file = optarg;
			break;
		case 'h':
			cmd_usage(self, stdout);
			*status = EXIT_SUCCESS;
			return -1;
		case 'I':
			change->title = optarg;
			break;
		case 'm':
			message = optarg;
			break;
		case 'R':
			change->review = optarg;
			break;
		case 't':
			change->template = optarg;
			break;
		case 'T':
			change->template = "";
			break;
		default:
			cmd_usage(self, stderr);
			*status = EXIT_USAGE;
			return -1;
		}
	}
	if (message != NULL && file != NULL) {
		*status = cmd_usage_error(self, "-m and -F cannot be combined");
		return -1;
	}
	if (file != NULL) {
		if ((error = tend_fs_read_input(text, &change->len, file)) < 0) {
			*status = cmd_fail(error, NULL);
			return -1;
		}
		change->text = *text;
	} else if (message != NULL) {
		change->text = message;
		change->len = strlen(message);
	}
	return 0;
}

static int
print_template(const char *id, const char *title, void *arg)
{
	(void)arg;
	printf("%-24s %s\n", cmd_safe(id), cmd_safe(title));
	return 0;
}

static int
agree_new(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	struct tend_agree_new	 new;
	char			*text = NULL, *edited = NULL, *starter = NULL;
	size_t			 len;
	int			 status = EXIT_FAILURE, error, changed;

	memset(&new, 0, sizeof(new));
	if (parse_text(self, argc, argv, &new, &text, &status) < 0)
		return status;
	if (new.template != NULL && new.template[0] == '\0') {
		if (argc != optind)
			return cmd_usage_error(self, "--templates takes no "
			    "name");
		if ((error = tend_agree_templates(ctx->journal,
		    print_template, NULL)) < 0)
			return cmd_fail(error, NULL);
		return EXIT_SUCCESS;
	}
	if (argc - optind != 1) {
		status = cmd_usage_error(self, "new takes the agreement's name");
		goto out;
	}
	new.name = argv[optind];
	if (new.template == NULL && new.text == NULL &&
	    !isatty(STDIN_FILENO)) {
		status = cmd_usage_error(self, "give a template (-t) or the "
		    "text (-m, -F), or run it on a terminal to write it");
		goto out;
	}
	/* Written from nothing: a starter text to fill in, then checked. */
	if (new.template != NULL || new.text != NULL)
		error = tend_agree_new(ctx->journal, &new);
	else if ((error = tend_agree_starter(&starter, ctx->journal,
	    &new)) == 0 && (error = tend_journal_edit(&edited, &len,
	    ctx->journal, starter)) == 0)
		error = tend_agree_save(&changed, ctx->journal, new.name,
		    edited, len);
	if (error < 0) {
		status = cmd_fail(error, "cannot make '%s'", new.name);
		goto out;
	}
	printf("%s\n", new.name);
	status = EXIT_SUCCESS;
out:
	free(starter);
	free(edited);
	free(text);
	return status;
}

static int
agree_edit(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	struct tend_agree_new	 edit;
	char			*text = NULL, *old = NULL, *edited = NULL;
	size_t			 oldlen, len;
	int			 status = EXIT_FAILURE, error, changed = 0;

	memset(&edit, 0, sizeof(edit));
	if (parse_text(self, argc, argv, &edit, &text, &status) < 0)
		return status;
	if (edit.template != NULL) {
		status = cmd_usage_error(self, "templates are for new "
		    "agreements");
		goto out;
	}
	if (argc - optind != 1) {
		status = cmd_usage_error(self, "edit takes the agreement's "
		    "name");
		goto out;
	}
	edit.name = argv[optind];
	if (edit.text != NULL || edit.title != NULL || edit.review != NULL)
		error = tend_agree_edit(&changed, ctx->journal, &edit);
	else if (!isatty(STDIN_FILENO)) {
		status = cmd_usage_error(self, "give the new text (-m, -F), "
		    "--title or --review, or run it on a terminal");
		goto out;
	} else if ((error = tend_agree_text(&old, &oldlen, ctx->journal,
	    edit.name)) == 0 && (error = tend_journal_edit(&edited, &len,
	    ctx->journal, old)) == 0)
		error = tend_agree_save(&changed, ctx->journal, edit.name,
		    edited, len);
	if (error < 0) {
		status = cmd_fail(error, "cannot change '%s'", edit.name);
		goto out;
	}
	if (!changed)
		cmd_error("'%s' is unchanged; nothing committed", edit.name);
	printf("%s\n", edit.name);
	status = EXIT_SUCCESS;
out:
	free(old);
	free(edited);
	free(text);
	return status;
}

static int
agree_sign(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	int	status, error;

	if (cmd_one_operand(self, argc, argv, "sign", &status) < 0)
		return status;
	if ((error = tend_agree_sign(ctx->journal, argv[optind])) < 0)
		return cmd_fail(error, "cannot sign '%s'", argv[optind]);
	printf("%s\n", argv[optind]);
	return EXIT_SUCCESS;
}

static int
print_row(const struct tend_agree_row *row, void *arg)
{
	int	*header = arg;

	if (!*header) {
		printf("%-24s %-10s %-16s %-10s %s\n", "name", "state",
		    "to sign", "review", "title");
		*header = 1;
	}
	printf("%-24s %-10s %-16s %-10s %s\n", cmd_safe(row->name),
	    row->state, row->unsigned_by[0] != '\0' ?
	    cmd_safe(row->unsigned_by) : "-", row->review != NULL ?
	    cmd_safe(row->review) : "-", cmd_safe(row->title));
	return 0;
}

static int
agree_list(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	int	ch, error, header = 0;

	while (argc > 1 &&
	    (ch = getopt_long(argc, argv, "h", help_only, NULL)) != -1) {
		if (ch == 'h') {
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		}
		cmd_usage(self, stderr);
		return EXIT_USAGE;
	}
	if (argc > 1 && optind != argc)
		return cmd_usage_error(self, "list takes no arguments");
	if ((error = tend_agree_list(ctx->journal, print_row, cmd_warn,
	    &header)) < 0)
		return cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}

static int
agree_show(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "as-of", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*as_of = NULL;
	char				*text;
	int				 ch, error;

	while ((ch = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (ch) {
		case 'A':
			as_of = optarg;
			break;
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(self, "show takes the agreement's name");
	if ((error = tend_agree_show(&text, ctx->journal, argv[optind], as_of,
	    ctx->render_flags)) < 0)
		return cmd_fail(error, NULL);
	cmd_pager(ctx);
	fputs(text, stdout);
	free(text);
	return EXIT_SUCCESS;
}

static int
print_event(const struct tend_agree_event *event, void *arg)
{
	(void)arg;
	put_day(event->time);
	printf("  %.7s  %-10s %s%s%s\n", event->commit, cmd_safe(event->who),
	    event->what, event->detail[0] != '\0' ? ": " : "",
	    cmd_safe(event->detail));
	return 0;
}

static int
agree_log(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	int	status, error;

	if (cmd_one_operand(self, argc, argv, "log", &status) < 0)
		return status;
	cmd_pager(ctx);
	if ((error = tend_agree_log(ctx->journal, argv[optind], print_event,
	    NULL)) < 0)
		return cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}

static int
agree_diff(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "unified", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	char				*out;
	int				 ch, error, unified = 0;

	while ((ch = getopt_long(argc, argv, "hu", options, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'u':
			unified = 1;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 3)
		return cmd_usage_error(self, "diff takes the agreement's name, "
		    "then at most two texts to compare");
	if ((error = tend_agree_diff(&out, ctx->journal, argv[0],
	    argc > 1 ? argv[1] : NULL, argc > 2 ? argv[2] : NULL,
	    ctx->render_flags, unified)) < 0)
		return cmd_fail(error, NULL);
	cmd_pager(ctx);
	fputs(out, stdout);
	free(out);
	return EXIT_SUCCESS;
}

struct blame_state {
	const char	*section;
};

static int
print_clause(const struct tend_agree_clause *clause, void *arg)
{
	struct blame_state	*state = arg;

	if (state->section == NULL || strcmp(state->section,
	    clause->section) != 0)
		printf("%s## %s\n", state->section != NULL ? "\n" : "",
		    clause->section[0] != '\0' ? cmd_safe(clause->section) :
		    "(top)");
	state->section = clause->section;
	put_day(clause->time);
	printf("  %-10s %s\n", cmd_safe(clause->who), cmd_safe(clause->text));
	return 0;
}

static int
agree_blame(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	struct blame_state	state = { NULL };
	int			status, error;

	if (cmd_one_operand(self, argc, argv, "blame", &status) < 0)
		return status;
	if ((error = tend_agree_blame(ctx->journal, argv[optind],
	    print_clause, &state)) < 0)
		return cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}
