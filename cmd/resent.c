/*
 * Resentments: write one down privately, raise it, resolve it together,
 * or let it go; and list and show them.
 */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define MAX_TAGS	16

static int	cmd_resent_exec(const struct cmd_entry *, struct cmd_ctx *,
		    int, char **);
static int	resent_new(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	resent_raise(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	resent_resolve(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	resent_drop(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	resent_list(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	resent_show(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	ask_kind(struct cmd_ctx *, const char **);
static int	print_row(const struct tend_resent_row *, void *);

const struct cmd_entry cmd_resent_entry = {
	.name = "resent",
	.usage = "[-k kind] [-t tag]... [-m text | -F file] [--raise] title\n"
	    "raise id\n"
	    "resolve id [-m text] [--agreement name]\n"
	    "drop id\n"
	    "list [--all] [--state state] [--kind kind]\n"
	    "show [--raw | --pretty] id",
	.summary = "write down a resentment; raise, resolve, list",
	.flags = CMD_JOURNAL,
	.exec = cmd_resent_exec,
};

/* The first verb is what runs when no other is named. */
static const struct cmd_verb resent_verbs[] = {
	{ "", resent_new },
	{ "drop", resent_drop },
	{ "list", resent_list },
	{ "raise", resent_raise },
	{ "resolve", resent_resolve },
	{ "show", resent_show },
	{ NULL, NULL }
};

static int
cmd_resent_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	return cmd_dispatch(self, resent_verbs, ctx, argc, argv);
}

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
		fprintf(stderr, "  %zu  %-15s %s\n", i + 1, tend_resent_kind(i),
		    summary != NULL ? summary : "");
		free(summary);
	}
	for (;;) {
		if ((error = cmd_ask(&answer, stdin, stderr,
		    "kind (1-5, or q to stop): ")) < 0)
			return error;
		for (i = 0; i < TEND_RESENT_KIND_COUNT; i++)
			if (strcmp(answer, tend_resent_kind(i)) == 0 ||
			    (answer[0] == (char)('1' + i) && answer[1] == '\0'))
				break;
		if (strcmp(answer, "q") == 0) {
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
resent_new(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "file", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "kind", required_argument, NULL, 'k' },
		{ "message", required_argument, NULL, 'm' },
		{ "raise", no_argument, NULL, 'R' },
		{ "tag", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct tend_resent_new		 new;
	const char			*tags[MAX_TAGS], *message = NULL;
	const char			*file = NULL, *me;
	char				*text = NULL, *id = NULL;
	size_t				 len = 0;
	int				 ch, error, status = EXIT_FAILURE;

	memset(&new, 0, sizeof(new));
	while ((ch = getopt_long(argc, argv, "F:hk:m:t:", options, NULL)) !=
	    -1) {
		switch (ch) {
		case 'F':
			file = optarg;
			break;
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'k':
			if (tend_resent_check_kind(optarg) < 0)
				return cmd_usage_error(self, "%s",
				    tend_error());
			new.kind = optarg;
			break;
		case 'm':
			message = optarg;
			break;
		case 'R':
			new.raise = 1;
			break;
		case 't':
			if (new.ntags == MAX_TAGS)
				return cmd_usage_error(self, "at most %d tags",
				    MAX_TAGS);
			tags[new.ntags++] = optarg;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1 || argv[0][0] == '\0')
		return cmd_usage_error(self, "give the resentment a title, "
		    "in quotes");
	if (message != NULL && file != NULL)
		return cmd_usage_error(self, "-m and -F cannot be combined");
	new.title = argv[0];
	new.tags = tags;
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
resent_raise(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	char	*id;
	int	 status, error;

	if (cmd_one_operand(self, argc, argv, "raise", &status) < 0)
		return status;
	if ((error = tend_resent_raise(&id, ctx->journal, argv[optind])) < 0)
		return cmd_fail(error, "cannot raise '%s'", argv[optind]);
	printf("%s\n", id);
	free(id);
	return EXIT_SUCCESS;
}

static int
resent_drop(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	char	*id;
	int	 status, error;

	if (cmd_one_operand(self, argc, argv, "drop", &status) < 0)
		return status;
	if ((error = tend_resent_drop(&id, ctx->journal, argv[optind])) < 0)
		return cmd_fail(error, "cannot drop '%s'", argv[optind]);
	printf("%s\n", id);
	free(id);
	return EXIT_SUCCESS;
}

static int
resent_show(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	return cmd_show_main(self, ctx, argc, argv, "resent");
}

static int
resent_resolve(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "agreement", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ "message", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*note = NULL, *agreement = NULL;
	char				*id;
	int				 ch, error;

	while ((ch = getopt_long(argc, argv, "hm:", options, NULL)) != -1) {
		switch (ch) {
		case 'A':
			agreement = optarg;
			break;
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'm':
			note = optarg;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(self, "resolve takes one id");
	if ((error = tend_resent_resolve(&id, ctx->journal, argv[optind], note,
	    agreement)) < 0)
		return cmd_fail(error, "cannot resolve '%s'", argv[optind]);
	printf("%s\n", id);
	free(id);
	return EXIT_SUCCESS;
}

static int
print_row(const struct tend_resent_row *row, void *arg)
{
	int	*header = arg;

	if (!*header) {
		printf("%-36s %-9s %5s  %-14s %-10s %s\n", "id", "state",
		    "age", "kind", "author", "title");
		*header = 1;
	}
	printf("%-36s %-9s %4ldd  %-14s %-10s %s\n", cmd_safe(row->id),
	    cmd_safe(row->state), row->age, cmd_safe(row->kind),
	    cmd_safe(row->author), cmd_safe(row->title));
	return 0;
}

static int
resent_list(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "kind", required_argument, NULL, 'k' },
		{ "state", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct tend_resent_filter	 filter;
	int				 ch, error, header = 0;

	memset(&filter, 0, sizeof(filter));
	while ((ch = getopt_long(argc, argv, "ahk:s:", options, NULL)) != -1) {
		switch (ch) {
		case 'a':
			filter.all = 1;
			break;
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'k':
			filter.kind = optarg;
			break;
		case 's':
			filter.state = optarg;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc != optind)
		return cmd_usage_error(self, "list takes no arguments");
	if ((error = tend_resent_list(ctx->journal, &filter, print_row,
	    cmd_warn, &header)) < 0)
		return error == TEND_EINVALID ? cmd_usage_error(self, "%s",
		    tend_error()) : cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}
