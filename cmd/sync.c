/* Exchange entries with the remote: fetch, integrate, push. */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_sync_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	report_conflict(const char *, void *);

const struct cmd_entry cmd_sync_entry = {
	.name = "sync",
	.usage = "[remote]",
	.summary = "fetch the partners' entries and push yours",
	.operands = { 0, 1, "one remote at most", CMD_COMPLETE_NONE },
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
cmd_sync_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_progress	 progress;
	int			 drawn;
	size_t			 conflicts = 0;
	int			 error, outcome;

	(void)self;
	cmd_progress(&progress, &drawn);
	error = tend_sync(&outcome, ctx->journal, args->argc > 0 ?
	    args->argv[0] : NULL, &progress, report_conflict, &conflicts);
	cmd_progress_end(&progress);
	if (error < 0)
		return cmd_fail(error == TEND_EINVALID ? TEND_ERROR : error,
		    "cannot sync");
	if (outcome & TEND_SYNC_BRANCH_GONE)
		printf("the remote's branch was gone (deleted, or renamed)\n");
	if (outcome & TEND_SYNC_FORCED)
		printf("the remote's branch lost commits it had (a forced "
		    "push); both sides are kept\n");
	if (outcome == 0)
		printf("up to date\n");
	if (outcome & TEND_SYNC_UPDATED)
		printf("took in the partners' entries%s\n",
		    outcome & TEND_SYNC_MERGED ? " (merged)" : "");
	if (outcome & TEND_SYNC_PUSHED)
		printf("shared yours\n");
	if (tend_key_learn(ctx->journal, cmd_key_told, NULL) < 0)
		return cmd_fail(TEND_ERROR, "cannot take in the partners' keys");
	return EXIT_SUCCESS;
}
