/*
 * Resentments: write one down privately, raise it, resolve it together,
 * or let it go; and list and show them.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"

static int	resent_new(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	resent_raise(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	resent_resolve(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	resent_drop(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	resent_list(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	resent_show(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	ask_kind(struct cmd_ctx *, const char **);
static int	print_row(const struct tend_resent_row *, void *);

static const struct cmd_option new_options[] = {
	{ "date", 0, CMD_ARG, 'D', CMD_COMPLETE_NONE },
	{ "file", 'F', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "kind", 'k', CMD_ARG, 0, CMD_COMPLETE_RESENT_KIND },
	{ "message", 'm', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "raise", 0, CMD_NOARG, 'R', CMD_COMPLETE_NONE },
	{ "tag", 't', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

static const struct cmd_option resolve_options[] = {
	{ "agreement", 0, CMD_ARG, 'A', CMD_COMPLETE_NONE },
	{ "message", 'm', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

static const struct cmd_option list_options[] = {
	{ "all", 'a', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "kind", 'k', CMD_ARG, 0, CMD_COMPLETE_RESENT_KIND },
	{ "state", 's', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

static const struct cmd_entry resent_verbs[] = {
	{ .name = "raise", .exec = resent_raise,
	  .operands = { 1, 1, "raise takes one argument",
	      CMD_COMPLETE_RESENTMENT }, .flags = CMD_WRITES },
	{ .name = "resolve", .options = resolve_options, .exec = resent_resolve,
	  .operands = { 1, 1, "resolve takes one id",
	      CMD_COMPLETE_RESENTMENT }, .flags = CMD_WRITES },
	{ .name = "drop", .exec = resent_drop,
	  .operands = { 1, 1, "drop takes one argument",
	      CMD_COMPLETE_RESENTMENT }, .flags = CMD_WRITES },
	{ .name = "list", .options = list_options, .exec = resent_list,
	  .operands = { 0, 0, "list takes no arguments", CMD_COMPLETE_NONE } },
	{ .name = "show", .options = cmd_show_options, .exec = resent_show,
	  .operands = { 1, 1, "give one entry id", CMD_COMPLETE_RESENTMENT } },
	{ .name = NULL }
};

/* Without a verb, a new resentment. */
const struct cmd_entry cmd_resent_entry = {
	.name = "resent",
	.usage = "[-k kind] [-t tag]... [-m text | -F file] [--date date] "
	    "[--raise] title\n"
	    "raise id\n"
	    "resolve id [-m text] [--agreement name]\n"
	    "drop id\n"
	    "list [--all] [--state state] [--kind kind]\n"
	    "show [--raw | --pretty] id",
	.summary = "write down a resentment; raise, resolve, list",
	.options = new_options,
	.operands = { 1, 1, "give the resentment a title, in quotes",
	    CMD_COMPLETE_NONE },
	.verbs = resent_verbs,
	.flags = CMD_JOURNAL | CMD_WRITES,
	.exec = resent_new,
};

/* On a terminal: show the five kinds and take a number or a name. */
static int
ask_kind(struct cmd_ctx *ctx, const char **kind)
{
	char	*summary, *answer;
	size_t	 i;
	int	 error;

	fprintf(stderr, "Which kind of resentment is it?\n");
	for (i = 0; i < TEND_RESENT_KIND_COUNT; i++) {
		if (tend_resent_kind_summary(&summary, ctx->journal, i) < 0)
			summary = NULL;
		/* A journal's .tend/content may say what a kind means. */
		fprintf(stderr, "  %zu  %-15s %s\n", i + 1, tend_resent_kind(i),
		    summary != NULL ? cmd_safe(summary) : "");
		free(summary);
	}
	for (;;) {
		if ((error = cmd_ask(&answer, stdin, stderr,
		    "kind (1-5, or q to stop): ")) < 0)
			return error;
		for (i = 0; i < TEND_RESENT_KIND_COUNT; i++)
			if (strcasecmp(answer, tend_resent_kind(i)) == 0 ||
			    (answer[0] == (char)('1' + i) && answer[1] == '\0'))
				break;
		if (cmd_is_quit(answer)) {
			free(answer);
			return TEND_ENOTFOUND;
		}
		free(answer);
		if (i < TEND_RESENT_KIND_COUNT) {
			*kind = tend_resent_kind(i);
			return 0;
		}
		fprintf(stderr, "please answer 1 to 5, or a kind's name\n");
	}
}

static int
resent_new(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_resent_new	 new;
	struct cmd_tags		 tags = { .count = 0 };
	const char		*message = NULL;
	const char		*file = NULL, *me, *value;
	char			*text = NULL, *id = NULL;
	size_t			 len = 0;
	int			 key, error, status = EXIT_FAILURE;

	memset(&new, 0, sizeof(new));
	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'F':
			file = value;
			break;
		case 'k':
			if (tend_resent_check_kind(value) < 0)
				return cmd_usage_error(self, "%s",
				    tend_error());
			new.kind = value;
			break;
		case 'm':
			message = value;
			break;
		case 'R':
			new.raise = 1;
			break;
		case 'D':
			if (tend_date_check_written("--date", value) < 0)
				return cmd_usage_error(self, "%s",
				    tend_error());
			new.date = value;
			break;
		case 't':
			if ((status = cmd_tag_add(self, &tags, value)) != 0)
				return status;
			break;
		}
	}
	if (args->argv[0][0] == '\0')
		return cmd_usage_error(self, "%s", self->operands.error);
	if (message != NULL && file != NULL)
		return cmd_usage_error(self, "-m and -F cannot be combined");
	new.title = args->argv[0];
	new.tags = tags.list;
	new.ntags = tags.count;
	if (new.kind == NULL && !isatty(STDIN_FILENO))
		return cmd_usage_error(self, "give its kind with -k (%s, %s, "
		    "%s, %s or %s)", tend_resent_kind(0), tend_resent_kind(1),
		    tend_resent_kind(2), tend_resent_kind(3),
		    tend_resent_kind(4));
	/* Say who is missing before any question is asked. */
	if ((error = tend_journal_whoami(&me, ctx->journal)) < 0)
		return cmd_fail(error, NULL);
	if (new.kind == NULL && (error = ask_kind(ctx, &new.kind)) < 0) {
		if (error == TEND_ENOTFOUND)
			fprintf(stderr, "tend: stopped; nothing written\n");
		return error == TEND_ENOTFOUND ? EXIT_FAILURE :
		    cmd_fail(error, NULL);
	}
	if (file != NULL)
		error = tend_fs_read_input(&text, &len, file);
	else if (message != NULL) {
		new.text = message;
		new.len = strlen(message);
	} else if (isatty(STDIN_FILENO))
		error = tend_resent_edit(&text, &len, ctx->journal);
	if (error < 0)
		return cmd_fail(error, NULL);
	if (text != NULL) {
		new.text = text;
		new.len = len;
	}
	if ((error = tend_resent_write(&id, ctx->journal, &new)) < 0)
		status = cmd_fail(error, "cannot write the resentment");
	else {
		printf("%s\n", id);
		status = EXIT_SUCCESS;
	}
	free(id);
	free(text);
	return status;
}

static int
resent_raise(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	char	*id;
	int	 error;

	(void)self;
	if ((error = tend_resent_raise(&id, ctx->journal, args->argv[0])) < 0)
		return cmd_fail(error, "cannot raise '%s'", args->argv[0]);
	printf("%s\n", id);
	free(id);
	return EXIT_SUCCESS;
}

static int
resent_drop(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	char	*id;
	int	 error;

	(void)self;
	if ((error = tend_resent_drop(&id, ctx->journal, args->argv[0])) < 0)
		return cmd_fail(error, "cannot drop '%s'", args->argv[0]);
	printf("%s\n", id);
	free(id);
	return EXIT_SUCCESS;
}

static int
resent_show(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	return cmd_show_main(self, ctx, args, "resent");
}

static int
resent_resolve(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	const char	*note = NULL, *agreement = NULL, *value;
	char		*id;
	int		 key, error;

	(void)self;
	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'A':
			agreement = value;
			break;
		case 'm':
			note = value;
			break;
		}
	}
	if ((error = tend_resent_resolve(&id, ctx->journal, args->argv[0],
	    note, agreement)) < 0)
		return cmd_fail(error, "cannot resolve '%s'", args->argv[0]);
	printf("%s\n", id);
	free(id);
	return EXIT_SUCCESS;
}

/* The table: its id column as wide as the longest id, found first. */
struct table {
	size_t	id_width;
	int	header;
};

static int
measure_row(const struct tend_resent_row *row, void *arg)
{
	struct table	*table = arg;

	if (strlen(row->id) > table->id_width)
		table->id_width = strlen(row->id);
	return 0;
}

static int
print_row(const struct tend_resent_row *row, void *arg)
{
	struct table	*table = arg;

	if (!table->header) {
		printf("%-*s %-9s %5s  %-14s %-10s %s\n",
		    (int)table->id_width, "id", "state", "age", "kind",
		    "author", "title");
		table->header = 1;
	}
	printf("%s %s %4ldd  %s %s %s\n",
	    cmd_field(row->id, table->id_width, TEND_FIELD_PAD),
	    cmd_field(row->state, 9, TEND_FIELD_PAD), row->age,
	    cmd_field(row->kind, 14, TEND_FIELD_PAD),
	    cmd_field(row->author, 10, TEND_FIELD_PAD), cmd_safe(row->title));
	return 0;
}

static int
resent_list(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_resent_filter	 filter;
	struct table			 table = { 2, 0 };
	const char			*value;
	int				 key, error;

	memset(&filter, 0, sizeof(filter));
	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'a':
			filter.all = 1;
			break;
		case 'k':
			filter.kind = value;
			break;
		case 's':
			filter.state = value;
			break;
		}
	}
	/* Warnings once, from the pass that prints. */
	if ((error = tend_resent_list(ctx->journal, &filter, measure_row,
	    NULL, &table)) < 0 || (error = tend_resent_list(ctx->journal,
	    &filter, print_row, cmd_warn, &table)) < 0)
		return error == TEND_EINVALID ? cmd_usage_error(self, "%s",
		    tend_error()) : cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}
