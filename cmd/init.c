/* Make a journal, or adopt the git repository already in its folder. */

#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define MAX_PARTNERS	16

static int	cmd_init_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);

static const struct cmd_option init_options[] = {
	{ "encrypt", 0, CMD_NOARG, 'E', CMD_COMPLETE_NONE },
	{ "id", 0, CMD_ARG, 'I', CMD_COMPLETE_NONE },
	{ "me", 0, CMD_ARG, 'M', CMD_COMPLETE_NONE },
	{ "partner", 0, CMD_ARG, 'P', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "[--encrypt] [--me name] [--id id] [--partner name]... [dir]",
	.summary = "make a journal, or adopt a git repository",
	.options = init_options,
	.operands = { 0, 1, "one folder at most", CMD_COMPLETE_NONE },
	.flags = 0,
	.exec = cmd_init_exec,
};

static int
cmd_init_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_journal	*journal;
	struct tend_lock_hook	 hook = { cmd_lock_hook, ctx };
	const char		*partners[MAX_PARTNERS];
	const char		*me = NULL, *id = NULL, *dir, *value;
	char			*default_dir = NULL;
	size_t			 npartners = 0, i;
	unsigned int		 flags = 0;
	int			 key, error;

	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'E':
			flags |= TEND_INIT_ENCRYPT;
			break;
		case 'I':
			if (tend_id_check(value) < 0)
				return cmd_usage_error(self, "--id: %s",
				    tend_error());
			id = value;
			break;
		case 'M':
			me = value;
			break;
		case 'P':
			if (npartners == MAX_PARTNERS)
				return cmd_usage_error(self, "at most %d "
				    "partners at once", MAX_PARTNERS);
			partners[npartners++] = value;
			break;
		}
	}
	if (args->argc == 1)
		dir = args->argv[0];
	else if (ctx->dir != NULL)
		dir = ctx->dir;
	else if ((error = tend_journal_default_dir(&default_dir)) < 0)
		return cmd_fail(error, NULL);
	else
		dir = default_dir;
	error = tend_journal_init(&journal, dir, ctx->content_dir, me, id,
	    partners, npartners, &hook, flags);
	if (error == TEND_EEXISTS) {
		printf("%s\n", cmd_safe(tend_error()));
		free(default_dir);
		return EXIT_SUCCESS;
	}
	if (error < 0) {
		error = cmd_fail(error, "cannot make a journal in '%s'", dir);
		free(default_dir);
		return error;
	}
	/* An adopted repository may bring a tend.conf of its own. */
	printf("made a journal in '%s' for ",
	    cmd_safe(tend_journal_path(journal)));
	for (i = 0; i < tend_journal_partner_count(journal); i++)
		printf("%s%s", i == 0 ? "" :
		    i + 1 == tend_journal_partner_count(journal) ? " and " :
		    ", ", cmd_safe(tend_journal_partner_name(journal, i)));
	printf("; you are '%s'%s\n", cmd_safe(tend_journal_me(journal)),
	    tend_journal_encrypted(journal) ? "; it is encrypted" : "");
	tend_journal_free(journal);
	free(default_dir);
	return EXIT_SUCCESS;
}
