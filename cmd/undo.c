/* Take back my last change made by tend. */

#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int	cmd_undo_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);

static const struct cmd_option undo_options[] = {
	{ "dry-run", 'n', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_undo_entry = {
	.name = "undo",
	.usage = "[-n]",
	.summary = "take back your last change",
	.options = undo_options,
	.operands = { 0, 0, "undo takes no arguments", CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL | CMD_WRITES,
	.exec = cmd_undo_exec,
};

static int
cmd_undo_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_undo	 undo;
	const char		*value, *where;
	int			 key, error, dry_run = 0;

	(void)self;
	while ((key = cmd_args_next(args, &value)) != -1)
		if (key == 'n')
			dry_run = 1;
	if ((error = tend_undo(&undo, ctx->journal, dry_run)) < 0)
		return cmd_fail(error, "cannot undo");
	where = undo.where == (TEND_IN_JOURNAL | TEND_IN_PRIVATE) ?
	    "the journal and your private store" : undo.where ==
	    TEND_IN_PRIVATE ? "your private store" : "the journal";
	if (dry_run)
		printf("would %s '%s' in %s\n", undo.reverted ? "revert" :
		    "take back", cmd_safe(undo.subject), where);
	else
		printf("%s '%s' in %s\n", undo.reverted ? "reverted" :
		    "took back", cmd_safe(undo.subject), where);
	if (undo.reverted)
		fprintf(stderr, "tend: '%s' was shared already: %s, and a "
		    "partner may already have seen it\n", cmd_safe(
		    undo.subject), dry_run ? "a new commit would revert it" :
		    "a new commit reverts it, shared at the next sync");
	return EXIT_SUCCESS;
}
