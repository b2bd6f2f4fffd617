/*
 * Agreements: make one, change it, sign it, and see how it changed and
 * who agreed to what.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

static int	agree_new(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	agree_edit(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	agree_sign(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	agree_list(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	agree_show(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	agree_log(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	agree_diff(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	agree_blame(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	parse_text(const struct cmd_entry *, struct cmd_args *,
		    struct tend_agree_new *, struct cmd_tags *, char **,
		    int *);
static int	print_row(const struct tend_agree_row *, void *);
static int	print_template(const char *, const char *, void *);
static int	print_event(const struct tend_agree_event *, void *);
static int	print_clause(const struct tend_agree_clause *, void *);
static void	put_day(time_t);

/* The text of new and edit, and -t and --templates for new. */
static const struct cmd_option text_options[] = {
	{ "file", 'F', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "message", 'm', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "review", 0, CMD_ARG, 'R', CMD_COMPLETE_NONE },
	{ "template", 't', CMD_ARG, 0, CMD_COMPLETE_TEMPLATE },
	{ "templates", 0, CMD_NOARG, 'T', CMD_COMPLETE_NONE },
	{ "title", 0, CMD_ARG, 'I', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

/* The same for new, which also takes the day it was made and tags. */
static const struct cmd_option new_options[] = {
	{ "date", 0, CMD_ARG, 'D', CMD_COMPLETE_NONE },
	{ "file", 'F', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "message", 'm', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "review", 0, CMD_ARG, 'R', CMD_COMPLETE_NONE },
	/* -t is the template's. */
	{ "tag", 0, CMD_ARG, 'g', CMD_COMPLETE_NONE },
	{ "template", 't', CMD_ARG, 0, CMD_COMPLETE_TEMPLATE },
	{ "templates", 0, CMD_NOARG, 'T', CMD_COMPLETE_NONE },
	{ "title", 0, CMD_ARG, 'I', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

static const struct cmd_option show_options[] = {
	{ "as-of", 0, CMD_ARG, 'A', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

static const struct cmd_option diff_options[] = {
	{ "unified", 'u', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

/* In the order of the usage, which "is not one of" repeats. */
static const struct cmd_entry agree_verbs[] = {
	/* Whether new takes a name depends on --templates. */
	{ .name = "new", .options = new_options, .exec = agree_new,
	  .operands = { 0, CMD_ANY, NULL, CMD_COMPLETE_NONE },
	  .flags = CMD_WRITES },
	{ .name = "edit", .options = text_options, .exec = agree_edit,
	  .operands = { 1, 1, "edit takes the agreement's name",
	      CMD_COMPLETE_AGREEMENT }, .flags = CMD_WRITES },
	{ .name = "sign", .exec = agree_sign,
	  .operands = { 1, 1, "sign takes one argument",
	      CMD_COMPLETE_AGREEMENT }, .flags = CMD_WRITES },
	{ .name = "list", .exec = agree_list,
	  .operands = { 0, 0, "list takes no arguments", CMD_COMPLETE_NONE } },
	{ .name = "show", .options = show_options, .exec = agree_show,
	  .operands = { 1, 1, "show takes the agreement's name",
	      CMD_COMPLETE_AGREEMENT } },
	{ .name = "log", .exec = agree_log,
	  .operands = { 1, 1, "log takes one argument",
	      CMD_COMPLETE_AGREEMENT } },
	{ .name = "diff", .options = diff_options, .exec = agree_diff,
	  .operands = { 1, 3, "diff takes the agreement's name, then at most "
	      "two texts to compare", CMD_COMPLETE_AGREEMENT } },
	{ .name = "blame", .exec = agree_blame,
	  .operands = { 1, 1, "blame takes one argument",
	      CMD_COMPLETE_AGREEMENT } },
	{ .name = NULL }
};

/* Alone, "tend agree" lists them; any other word must be a verb. */
const struct cmd_entry cmd_agree_entry = {
	.name = "agree",
	.usage = "new name [-t template] [-m text | -F file] [--title title] "
	    "[--review date] [--tag tag]... [--date date]\n"
	    "new --templates\n"
	    "edit name [-m text | -F file] [--title title] [--review date]\n"
	    "sign name\n"
	    "list\n"
	    "show name [--as-of date | revision]\n"
	    "log name\n"
	    "diff name [--unified] [from [to]]\n"
	    "blame name",
	.summary = "make, change and sign agreements; see their history",
	.operands = { 0, 0, NULL, CMD_COMPLETE_NONE },
	.verbs = agree_verbs,
	.flags = CMD_JOURNAL,
	.exec = agree_list,
};

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
 * -t, --templates, --tag and --date for new.  Returns -1 with *STATUS set
 * on an error.
 */
static int
parse_text(const struct cmd_entry *self, struct cmd_args *args,
    struct tend_agree_new *change, struct cmd_tags *tags, char **text,
    int *status)
{
	const char	*file = NULL, *message = NULL, *value;
	int		 key, error;

	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'D':
			if (tend_date_check_written("--date", value) < 0) {
				*status = cmd_usage_error(self, "%s",
				    tend_error());
				return -1;
			}
			change->date = value;
			break;
		case 'F':
			file = value;
			break;
		case 'g':
			if ((*status = cmd_tag_add(self, tags, value)) != 0)
				return -1;
			break;
		case 'I':
			change->title = value;
			break;
		case 'm':
			message = value;
			break;
		case 'R':
			change->review = value;
			break;
		case 't':
			change->template = value;
			break;
		case 'T':
			change->template = "";
			break;
		}
	}
	if (message != NULL && file != NULL) {
		*status = cmd_usage_error(self, "-m and -F cannot be combined");
		return -1;
	}
	change->tags = tags->list;
	change->ntags = tags->count;
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
	printf("%s %s\n", cmd_field(id, 24, TEND_FIELD_PAD), cmd_safe(title));
	return 0;
}

static int
agree_new(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_agree_new	 new;
	struct cmd_tags		 tags = { .count = 0 };
	char			*text = NULL, *edited = NULL, *starter = NULL;
	size_t			 len;
	int			 status = EXIT_FAILURE, error, changed;

	memset(&new, 0, sizeof(new));
	if (parse_text(self, args, &new, &tags, &text, &status) < 0)
		return status;
	if (new.template != NULL && new.template[0] == '\0') {
		if (args->argc != 0)
			return cmd_usage_error(self, "--templates takes no "
			    "name");
		if ((error = tend_agree_templates(ctx->journal,
		    print_template, NULL)) < 0)
			return cmd_fail(error, NULL);
		return EXIT_SUCCESS;
	}
	if (args->argc != 1) {
		status = cmd_usage_error(self, "new takes the agreement's name");
		goto out;
	}
	new.name = args->argv[0];
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
		error = tend_agree_save_edit(&changed, ctx->journal, new.name,
		    NULL, 0, edited, len);
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
agree_edit(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_agree_new	 edit;
	struct cmd_tags		 tags = { .count = 0 };
	char			*text = NULL, *old = NULL, *edited = NULL;
	size_t			 oldlen, len;
	int			 status = EXIT_FAILURE, error, changed = 0;

	memset(&edit, 0, sizeof(edit));
	if (parse_text(self, args, &edit, &tags, &text, &status) < 0)
		return status;
	if (edit.template != NULL) {
		status = cmd_usage_error(self, "templates are for new "
		    "agreements");
		goto out;
	}
	edit.name = args->argv[0];
	if (edit.text != NULL || edit.title != NULL || edit.review != NULL)
		error = tend_agree_edit(&changed, ctx->journal, &edit);
	else if (!isatty(STDIN_FILENO)) {
		status = cmd_usage_error(self, "give the new text (-m, -F), "
		    "--title or --review, or run it on a terminal");
		goto out;
	} else if ((error = tend_agree_text(&old, &oldlen, ctx->journal,
	    edit.name)) == 0 && (error = tend_journal_edit(&edited, &len,
	    ctx->journal, old)) == 0)
		error = tend_agree_save_edit(&changed, ctx->journal, edit.name,
		    old, oldlen, edited, len);
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
agree_sign(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	int	error;

	(void)self;
	if ((error = tend_agree_sign(ctx->journal, args->argv[0])) < 0)
		return cmd_fail(error, "cannot sign '%s'", args->argv[0]);
	printf("%s\n", args->argv[0]);
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
	printf("%s %s %s %s %s\n", cmd_field(row->name, 24, TEND_FIELD_PAD),
	    cmd_field(row->state, 10, TEND_FIELD_PAD),
	    cmd_field(row->unsigned_by[0] != '\0' ? row->unsigned_by : "-",
	    16, TEND_FIELD_PAD), cmd_field(row->review != NULL ? row->review :
	    "-", 10, TEND_FIELD_PAD), cmd_safe(row->title));
	return 0;
}

static int
agree_list(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	int	error, header = 0;

	(void)self;
	(void)args;
	if ((error = tend_agree_list(ctx->journal, print_row, cmd_warn,
	    &header)) < 0)
		return cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}

static int
agree_show(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	const char	*as_of = NULL, *value;
	char		*text;
	int		 error;

	(void)self;
	while (cmd_args_next(args, &value) == 'A')
		as_of = value;
	if ((error = tend_agree_show(&text, ctx->journal, args->argv[0], as_of,
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
	printf("  %.7s  %s %s%s%s%s%s%s\n", event->commit,
	    cmd_field(event->who, 10, TEND_FIELD_PAD), event->what,
	    event->doubt != NULL ? " (" : "", event->doubt != NULL ?
	    event->doubt : "", event->doubt != NULL ? "; it does not count)" :
	    "", event->detail[0] != '\0' ? ": " : "", cmd_safe(event->detail));
	return 0;
}

static int
agree_log(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	int	error;

	(void)self;
	cmd_pager(ctx);
	if ((error = tend_agree_log(ctx->journal, args->argv[0], print_event,
	    NULL)) < 0)
		return cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}

static int
agree_diff(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	enum tend_diff_form	 form = TEND_DIFF_CLAUSES;
	const char		*value;
	char			*out, **argv = args->argv;
	int			 error, argc = args->argc;

	(void)self;
	while (cmd_args_next(args, &value) == 'u')
		form = TEND_DIFF_UNIFIED;
	if ((error = tend_agree_diff(&out, ctx->journal, argv[0],
	    argc > 1 ? argv[1] : NULL, argc > 2 ? argv[2] : NULL,
	    ctx->render_flags, form)) < 0)
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
	printf("  %s %s\n", cmd_field(clause->who, 10, TEND_FIELD_PAD),
	    cmd_safe(clause->text));
	return 0;
}

static int
agree_blame(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct blame_state	state = { NULL };
	int			error;

	(void)self;
	if ((error = tend_agree_blame(ctx->journal, args->argv[0],
	    print_clause, &state)) < 0)
		return cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}
