/*
 * Exchange entries with the remote: fetch, integrate, push; set the remote
 * up the first time; and the sync that sync.auto makes after a write.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define AUTO_SECONDS	10	/* for the remote to answer an auto sync */

static int	cmd_sync_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	report_conflict(const char *, void *);
static void	put_outcome(FILE *, int, const char *);
static void	put_word(const char *);
static void	put_join(struct cmd_ctx *, const char *);

static const struct cmd_option sync_options[] = {
	{ "remote", 0, CMD_ARG, 'R', CMD_COMPLETE_NONE },
	{ "setup", 0, CMD_ARG, 'S', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_sync_entry = {
	.name = "sync",
	.usage = "[remote | --remote name]\n"
	    "--setup url [--remote name]",
	.summary = "fetch the partners' entries and push yours",
	.options = sync_options,
	.operands = { 0, 1, "one remote at most", CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL | CMD_FETCHES,
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

/* What a sync did (TEND_SYNC_*), SEPARATOR between, and a newline. */
static void
put_outcome(FILE *fp, int outcome, const char *separator)
{
	static const struct {
		int		 flag;
		const char	*said;
	} said[] = {
		{ TEND_SYNC_BRANCH_GONE, "the remote's branch was gone "
		    "(deleted, or renamed)" },
		{ TEND_SYNC_FORCED, "the remote's branch lost commits it had "
		    "(a forced push); both sides are kept" },
		{ TEND_SYNC_UPDATED, "took in the partners' entries" },
		{ TEND_SYNC_PUSHED, "shared yours" },
	};
	const char	*before = "";
	size_t		 i;

	if (outcome == 0)
		fputs("up to date", fp);
	for (i = 0; i < sizeof(said) / sizeof(said[0]); i++) {
		if (!(outcome & said[i].flag))
			continue;
		fprintf(fp, "%s%s%s", before, said[i].said,
		    said[i].flag == TEND_SYNC_UPDATED &&
		    outcome & TEND_SYNC_MERGED ? " (merged)" : "");
		before = separator;
	}
	fputc('\n', fp);
}

/* WORD as the shell reads it back: quoted when it has to be. */
static void
put_word(const char *word)
{
	size_t	 len = strlen(word), i, n = 0;
	char	*quoted;

	if (len > 0 && strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789@%_+=:,./-") == len) {
		fputs(cmd_safe(word), stdout);
		return;
	}
	if ((quoted = malloc(4 * len + 3)) == NULL) {
		fputs("?", stdout);
		return;
	}
	quoted[n++] = '\'';
	for (i = 0; i < len; i++) {
		if (word[i] == '\'') {
			memcpy(quoted + n, "'\\''", 4);
			n += 4;
		} else
			quoted[n++] = word[i];
	}
	quoted[n++] = '\'';
	quoted[n] = '\0';
	fputs(cmd_safe(quoted), stdout);
	free(quoted);
}

/*
 * The line the partner runs to join through URL: named as the journal
 * knows them when there is one other partner, into a folder named as
 * this one; with the words of an invitation when it is encrypted.
 */
static void
put_join(struct cmd_ctx *ctx, const char *url)
{
	struct tend_journal	*journal = ctx->journal;
	const char		*me = tend_journal_me(journal), *id;
	const char		*who = NULL, *name = NULL, *top;
	const char		*folder;
	size_t			 i, others = 0;

	for (i = 0; i < tend_journal_partner_count(journal); i++) {
		id = tend_journal_partner_id(journal, i);
		if (me != NULL && strcmp(id, me) == 0)
			continue;
		if (others++ == 0) {
			who = id;
			name = tend_journal_partner_name(journal, i);
		}
	}
	if (others != 1)
		who = NULL;
	top = tend_journal_path(journal);
	folder = strrchr(top, '/');
	folder = folder != NULL && folder[1] != '\0' ? folder + 1 : top;
	if (tend_journal_encrypted(journal))
		printf("Run 'tend key invite', then 'tend sync', and give %s "
		    "the twelve words it printed;\nthey join with:\n",
		    who != NULL ? cmd_safe(name) : "your partner");
	else
		printf("%s joins with:\n", who != NULL ? cmd_safe(name) :
		    "Your partner");
	printf("  tend clone --me %s ", who != NULL ? who : "NAME");
	if (tend_journal_encrypted(journal))
		fputs("--code - ", stdout);
	put_word(url);
	putchar(' ');
	put_word(folder);
	putchar('\n');
	if (tend_journal_encrypted(journal))
		printf("which asks for the words.\n");
	if (who != NULL)
		return;
	fputs("where NAME is", stdout);
	for (i = 0, others = 0; i < tend_journal_partner_count(journal); i++) {
		id = tend_journal_partner_id(journal, i);
		if (me == NULL || strcmp(id, me) != 0)
			printf("%s%s", others++ == 0 ? " their id (" : ", ",
			    cmd_safe(id));
	}
	printf("%s 'Name <address>' for someone new.\n", others > 0 ?
	    "), or" : "");
}

static int
cmd_sync_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_progress	 progress;
	const char		*remote = NULL, *url = NULL, *value;
	size_t			 conflicts = 0;
	int			 drawn, key, error, outcome;

	while ((key = cmd_args_next(args, &value)) != -1)
		if (key == 'R')
			remote = value;
		else if (key == 'S')
			url = value;
	if (args->argc > 0 && remote != NULL)
		return cmd_usage_error(self, "name the remote once");
	if (args->argc > 0)
		remote = args->argv[0];
	cmd_progress(&progress, &drawn);
	if (url != NULL)
		error = tend_sync_setup(&outcome, ctx->journal, remote, url,
		    &progress, report_conflict, &conflicts);
	else
		error = tend_sync(&outcome, ctx->journal, remote, &progress,
		    report_conflict, &conflicts);
	cmd_progress_end(&progress);
	/* A refusal of what came in is no usage error. */
	if (error == TEND_EINVALID)
		error = TEND_ERROR;
	if (error < 0 && url != NULL)
		return cmd_fail(error, "cannot share the journal through '%s'",
		    url);
	if (error < 0)
		return cmd_fail(error, "cannot sync");
	put_outcome(stdout, outcome, "\n");
	if (url != NULL)
		put_join(ctx, url);
	if (tend_key_learn(ctx->journal, cmd_key_told, NULL) < 0)
		return cmd_fail(TEND_ERROR, "cannot take in the partners' keys");
	return EXIT_SUCCESS;
}

void
cmd_sync_auto(struct cmd_ctx *ctx, const char *mark)
{
	size_t	conflicts = 0;
	int	outcome;

	/* No progress: one line at most, after the command's own output. */
	if (tend_sync_auto(&outcome, ctx->journal, mark, AUTO_SECONDS, NULL,
	    report_conflict, &conflicts) < 0) {
		cmd_error("saved; not synced: %s (run 'tend sync' later)",
		    tend_error());
		return;
	}
	if (outcome & TEND_SYNC_SKIPPED)
		return;
	fflush(stdout);
	fputs("synced: ", stderr);
	put_outcome(stderr, outcome, "; ");
	/* Standard output is the command's own: the id it wrote. */
	if (tend_key_learn(ctx->journal, cmd_key_told, stderr) < 0)
		cmd_error("synced, but cannot take in the partners' keys: %s",
		    tend_error());
}
