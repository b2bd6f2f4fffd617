/* Take one of my own entries out of the journal or the private store. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_rm_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	confirm(const char *, int);

static const struct cmd_option rm_options[] = {
	{ "dry-run", 'n', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "yes", 'y', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_rm_entry = {
	.name = "rm",
	.usage = "[-n] [-y] id",
	.summary = "remove one of your entries",
	.options = rm_options,
	.operands = { 1, 1, "give one entry id", CMD_COMPLETE_ENTRY },
	.flags = CMD_JOURNAL | CMD_WRITES,
	.exec = cmd_rm_exec,
};

/* Asked on a terminal: 1 to go on. */
static int
confirm(const char *id, int private)
{
	char	*answer, question[256];
	int	 yes;

	snprintf(question, sizeof(question), "remove %s entry '%s'? (y/N) ",
	    private ? "your private" : "the shared", cmd_safe(id));
	if (cmd_ask(&answer, stdin, stderr, question) < 0)
		answer = NULL;
	yes = answer != NULL && (strcasecmp(answer, "y") == 0 ||
	    strcasecmp(answer, "yes") == 0);
	free(answer);
	return yes;
}

static int
cmd_rm_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_entry	*entry = NULL;
	const char		*value;
	int			 key, error, dry_run = 0, yes = 0, private;
	int			 status = EXIT_FAILURE;

	(void)self;
	while ((key = cmd_args_next(args, &value)) != -1) {
		if (key == 'n')
			dry_run = 1;
		else if (key == 'y')
			yes = 1;
	}
	if ((error = tend_entry_find_mine(&entry, ctx->journal, args->argv[0],
	    1)) < 0)
		return cmd_fail(error, "cannot remove '%s'", args->argv[0]);
	private = tend_entry_is_private(entry);
	if (dry_run) {
		printf("would remove %s %s\n", private ? "private" : "shared",
		    cmd_safe(tend_entry_id(entry)));
		status = EXIT_SUCCESS;
		goto out;
	}
	if (!yes && isatty(STDIN_FILENO) && !confirm(tend_entry_id(entry),
	    private)) {
		fprintf(stderr, "tend: nothing removed\n");
		goto out;
	}
	if ((error = tend_entry_remove(ctx->journal, entry)) < 0) {
		status = cmd_fail(error, "cannot remove '%s'",
		    tend_entry_id(entry));
		goto out;
	}
	printf("%s\n", cmd_safe(tend_entry_id(entry)));
	if (private)
		fprintf(stderr, "tend: removed; the private store's history "
		    "keeps it until you purge it (see tend-rm(1)), and tend "
		    "undo brings it back\n");
	else
		fprintf(stderr, "tend: removed; git's history keeps it, and "
		    "a partner who synced has it: to purge it from every "
		    "copy, see PURGING in tend-rm(1)\n");
	status = EXIT_SUCCESS;
out:
	tend_entry_free(entry);
	return status;
}
