/* Exchange entries with the remote: fetch, integrate, push. */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_sync_exec(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	report_conflict(const char *, void *);

const struct cmd_entry cmd_sync_entry = {
	.name = "sync",
	.usage = "[remote]",
	.summary = "fetch the partners' entries and push yours",
	.flags = CMD_JOURNAL,
	.exec = cmd_sync_exec,
};

static int
report_conflict(const char *path, void *arg)
{
	size_t	*count = arg;
	char	 name[TEND_AGREE_NAME_MAX + 1];

	(*count)++;
	if (tend_layout_agree_name(name, path, strlen(path)))
		cmd_error("both versions of '%s' are kept; settle it with "
		    "'tend agree edit %s', then sync again", path, name);
	else
		cmd_error("both versions of '%s' are kept, with conflict "
		    "markers; settle it, commit, then sync again", path);
	return 0;
}

static int
cmd_sync_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tend_progress		 progress;
	int				 drawn;
	size_t				 conflicts = 0;
	int				 ch, error, outcome;

	while ((ch = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (ch == 'h') {
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		}
		cmd_usage(self, stderr);
		return EXIT_USAGE;
	}
	if (argc - optind > 1)
		return cmd_usage_error(self, "one remote at most");
	cmd_progress(&progress, &drawn);
	error = tend_sync(&outcome, ctx->journal, argc > optind ?
	    argv[optind] : NULL, &progress, report_conflict, &conflicts);
	cmd_progress_end(&progress);
	if (error < 0)
		return cmd_fail(error == TEND_EINVALID ? TEND_ERROR : error,
		    "cannot sync");
	if (outcome == 0)
		printf("up to date\n");
	if (outcome & TEND_SYNC_UPDATED)
		printf("took in the partners' entries%s\n",
		    outcome & TEND_SYNC_MERGED ? " (merged)" : "");
	if (outcome & TEND_SYNC_PUSHED)
		printf("shared yours\n");
	return EXIT_SUCCESS;
}
