/*
 * Make an encrypted copy of a journal, for a new remote: its settings,
 * partners and entries now, under sealed names; its history stays where
 * it was.
 */

#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int	cmd_encrypt_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);

const struct cmd_entry cmd_encrypt_entry = {
	.name = "encrypt",
	.usage = "dir",
	.summary = "make an encrypted copy of the journal, for a new remote",
	.operands = { 1, 1, "give the new journal's folder", CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL,
	.exec = cmd_encrypt_exec,
};

static int
cmd_encrypt_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_journal	*journal;
	struct tend_lock_hook	 hook = { cmd_lock_hook, ctx };
	int			 error;

	(void)self;
	if ((error = tend_journal_encrypt(&journal, ctx->journal,
	    args->argv[0], &hook)) < 0)
		return cmd_fail(error, "cannot encrypt the journal");
	printf("made an encrypted journal in '%s' from the one in '%s'\n",
	    cmd_safe(tend_journal_path(journal)),
	    cmd_safe(tend_journal_path(ctx->journal)));
	printf("Its history stays in the old journal, and every remote of the "
	    "old journal still\nholds it, in plain text: delete those "
	    "repositories where they must not stay.\nAgreements are to be "
	    "signed again in the new journal.  Share it on a new remote\n"
	    "with 'git -C %s remote add origin URL' and 'tend sync', and "
	    "invite each\npartner with 'tend key invite'.\n",
	    cmd_safe(tend_journal_path(journal)));
	tend_journal_free(journal);
	return EXIT_SUCCESS;
}
