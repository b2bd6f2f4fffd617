/* Join a partner's journal: clone it, and say who you are in it. */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_clone_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static char	*folder_of(const char *);

static const struct cmd_option clone_options[] = {
	{ "code", 0, CMD_ARG, 'K', CMD_COMPLETE_NONE },
	{ "id", 0, CMD_ARG, 'I', CMD_COMPLETE_NONE },
	{ "me", 0, CMD_ARG, 'M', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_clone_entry = {
	.name = "clone",
	.usage = "--me name [--id id] [--code words] url [dir]",
	.summary = "join a partner's journal",
	.options = clone_options,
	.operands = { 1, 2, "give the journal's URL, and a folder if you like",
	    CMD_COMPLETE_NONE },
	.flags = 0,
	.exec = cmd_clone_exec,
};

/* "host:/srv/our-journal.git/" -> "our-journal", as git clone names it. */
static char *
folder_of(const char *url)
{
	const char	*end = url + strlen(url), *start;

	while (end > url && end[-1] == '/')
		end--;
	if (end - url > 4 && strncmp(end - 4, ".git", 4) == 0)
		end -= 4;
	for (start = end; start > url && start[-1] != '/' &&
	    start[-1] != ':'; start--)
		;
	return start < end ? strndup(start, (size_t)(end - start)) : NULL;
}

static int
cmd_clone_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_journal	*journal;
	struct tend_dashboard	*dashboard;
	struct tend_lock_hook	 hook = { cmd_lock_hook, ctx };
	struct tend_progress	 progress;
	int			 drawn;
	const char		*me = NULL, *id = NULL, *code = NULL, *value;
	char			*dir = NULL, *typed = NULL, **argv = args->argv;
	int			 key, error, status;

	while ((key = cmd_args_next(args, &value)) != -1)
		if (key == 'M')
			me = value;
		else if (key == 'I')
			id = value;
		else if (key == 'K')
			code = value;
	if (id != NULL && tend_id_check(id) < 0)
		return cmd_usage_error(self, "--id: %s", tend_error());
	if (me == NULL)
		return cmd_usage_error(self, "say who you are with --me NAME");
	if (args->argc == 2)
		dir = strdup(argv[1]);
	else if ((dir = folder_of(argv[0])) == NULL)
		return cmd_usage_error(self, "cannot name a folder after '%s'; "
		    "give one", argv[0]);
	if (dir == NULL)
		return cmd_fail(TEND_ENOMEM, NULL);
	/* "-": typed or piped, kept out of the shell's history and ps(1). */
	if (code != NULL && strcmp(code, "-") == 0) {
		if ((error = cmd_ask(&typed, stdin, stderr, isatty(STDIN_FILENO) ?
		    "The twelve words from 'tend key invite': " : "")) < 0) {
			free(dir);
			return cmd_fail(error, "cannot read the code");
		}
		code = typed;
	}
	cmd_progress(&progress, &drawn);
	error = tend_clone(&journal, argv[0], dir, ctx->content_dir, me, id,
	    code, &progress, &hook);
	cmd_progress_end(&progress);
	free(typed);
	if (error < 0) {
		error = cmd_fail(error, "cannot clone '%s'", argv[0]);
		free(dir);
		return error;
	}
	printf("joined the journal in '%s'; you are '%s'\n",
	    cmd_safe(tend_journal_path(journal)),
	    cmd_safe(tend_journal_me(journal)));
	status = EXIT_SUCCESS;
	if (tend_key_learn(journal, cmd_key_told, NULL) < 0)
		status = cmd_fail(TEND_ERROR, "cannot take in the partners' "
		    "keys");
	/*
	 * The first read of a journal reads all its history for the caches
	 * later reads start from, and checks every signature with the keys
	 * just learnt: 0.5 s at ten years, better spent while the clone is
	 * waited for anyway.  A failure is the next command's to report.
	 */
	else if (tend_dashboard_read(&dashboard, journal, NULL, NULL) == 0)
		tend_dashboard_free(dashboard);
	tend_journal_free(journal);
	free(dir);
	return status;
}
