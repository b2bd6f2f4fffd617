/*
 * The ways tend explains itself: a command's manual page, and the words
 * that may come next on a command line, for the shell completions.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_help_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	open_manual(struct cmd_ctx *, const struct cmd_entry *);
static int	complete(struct cmd_ctx *, int, char **);
static void	offer(const char *, const char *);
static void	offer_flags(const char *, const char *, const char *);
static void	offer_verbs(const struct cmd_entry *, const char *);
static int	offer_entries(struct tend_entry *, void *);
static int	offer_named(const char *, const char *, void *);
static int	is_verb(const struct cmd_entry *, const char *);

static const struct cmd_option help_options[] = {
	{ "complete", 0, CMD_NOARG, 'c', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

/* After --complete, the words are the shell's, not help's options. */
const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[command]",
	.summary = "show the manual of tend or of a command",
	.options = help_options,
	/* With --complete, any number of words. */
	.operands = { 0, CMD_ANY, NULL, CMD_COMPLETE_COMMAND },
	.flags = CMD_IN_ORDER,
	.exec = cmd_help_exec,
};

/* Which kind of entry ids the words before the cursor call for. */
struct id_wish {
	const char	*prefix;
	const char	*kind;		/* NULL: any */
	int		 where;		/* TEND_IN_* */
};

static int
cmd_help_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	const struct cmd_entry	*cmd = NULL;
	const char		*value;

	if (cmd_args_next(args, &value) == 'c')
		return complete(ctx, args->argc, args->argv);
	if (args->argc > 1)
		return cmd_usage_error(self, "one command at a time");
	if (args->argc == 1 && (cmd = cmd_lookup(args->argv[0])) == NULL) {
		cmd_suggest(args->argv[0]);
		return EXIT_USAGE;
	}
	return open_manual(ctx, cmd);
}

/*
 * man(1) on the page: from the source tree when run from the build
 * folder, else the installed one; without man, the usage text.
 */
static int
open_manual(struct cmd_ctx *ctx, const struct cmd_entry *cmd)
{
	char	page[64], *source;
	size_t	len;

	snprintf(page, sizeof(page), "tend%s%s", cmd != NULL ? "-" : "",
	    cmd != NULL ? cmd->name : "");
	len = strlen(ctx->content_dir);
	if (len > 8 && strcmp(ctx->content_dir + len - 8, "/content") == 0 &&
	    (source = malloc(len + sizeof(page) + 8)) != NULL) {
		snprintf(source, len + sizeof(page) + 8, "%.*s/man/%s.%d",
		    (int)(len - 8), ctx->content_dir, page, 1);
		if (access(source, R_OK) == 0) {
			fflush(stdout);
			execlp("man", "man", "-l", source, (char *)NULL);
		}
		free(source);
	}
	fflush(stdout);
	execlp("man", "man", page, (char *)NULL);
	/* No man here: the next best thing. */
	fprintf(stderr, "tend: cannot run man (%s); here is the usage\n",
	    strerror(errno));
	if (cmd != NULL)
		cmd_usage(cmd, stdout);
	else
		cmd_usage_all(stdout);
	return EXIT_SUCCESS;
}

static void
offer(const char *candidate, const char *prefix)
{
	if (strncmp(candidate, prefix, strlen(prefix)) == 0)
		printf("%s\n", candidate);
}

/* The flags a usage line names ("-r", "--timer"), taken from USAGE. */
static void
offer_flags(const char *usage, const char *verb, const char *prefix)
{
	const char	*line, *p, *end;
	char		 flag[32], seen[64][32];
	size_t		 len, nseen = 0, i;

	for (line = usage; *line != '\0'; line = end + (*end == '\n')) {
		end = line + strcspn(line, "\n");
		/* With a verb, only its own line: "sign name" for sign. */
		if (verb != NULL && (strncmp(line, verb, strlen(verb)) != 0 ||
		    (line[strlen(verb)] != ' ' && line[strlen(verb)] != '\n' &&
		    line[strlen(verb)] != '\0')))
			continue;
		for (p = line; p < end; p++) {
			if (*p != '-' || (p > line && p[-1] != '[' &&
			    p[-1] != ' ' && p[-1] != '|'))
				continue;
			len = strspn(p, "-abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
			    "KLMNOPQRSTUVWXYZ");
			if (len < 2 || len >= sizeof(flag) || (p[1] == '-' &&
			    len < 3))
				continue;
			memcpy(flag, p, len);
			flag[len] = '\0';
			p += len - 1;
			/* A flag of two forms of a command is offered once. */
			for (i = 0; i < nseen && strcmp(seen[i], flag) != 0; i++)
				;
			if (i < nseen)
				continue;
			if (nseen < sizeof(seen) / sizeof(seen[0]))
				memcpy(seen[nseen++], flag, sizeof(flag));
			offer(flag, prefix);
		}
	}
	offer("-h", prefix);
	offer("--help", prefix);
}

/* A sub-verb of CMD: a usage line that starts with a plain word. */
static int
is_verb(const struct cmd_entry *cmd, const char *word)
{
	const char	*line;
	size_t		 len = strlen(word);

	for (line = cmd->usage; line != NULL; line = strchr(line, '\n'),
	    line = line != NULL ? line + 1 : NULL)
		if (strncmp(line, word, len) == 0 && len > 0 &&
		    word[0] >= 'a' && word[0] <= 'z' &&
		    (line[len] == ' ' || line[len] == '\n' || line[len] == '\0'))
			return 1;
	return 0;
}

static void
offer_verbs(const struct cmd_entry *cmd, const char *prefix)
{
	const char	*line;
	char		 verb[32], last[32] = "";
	size_t		 len;

	for (line = cmd->usage; line != NULL; line = strchr(line, '\n'),
	    line = line != NULL ? line + 1 : NULL) {
		len = strspn(line, "abcdefghijklmnopqrstuvwxyz");
		if (len == 0 || len >= sizeof(verb))
			continue;
		memcpy(verb, line, len);
		verb[len] = '\0';
		/* A verb with two forms ("new") has two lines in a row. */
		if (strcmp(verb, last) != 0)
			offer(verb, prefix);
		memcpy(last, verb, sizeof(last));
	}
}

static int
offer_entries(struct tend_entry *entry, void *arg)
{
	const struct id_wish	*wish = arg;

	if (entry != NULL && (wish->kind == NULL ||
	    strcmp(tend_entry_kind(entry), wish->kind) == 0))
		offer(tend_entry_id(entry), wish->prefix);
	return 0;
}

static int
offer_named(const char *id, const char *title, void *arg)
{
	(void)title;
	offer(id, arg);
	return 0;
}

/* What may follow WORDS; the last word is the one being completed. */
static int
complete(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const entry_dirs[] = {
		"checkin", "reflect", "resent", "agree",
	};
	const struct cmd_entry *const	*each;
	const struct cmd_entry		*cmd;
	struct tend_journal		*journal = NULL;
	struct tend_prompts		*prompts;
	struct id_wish			 wish;
	const char			*cur, *prev, *verb = NULL, *dir = ctx->dir;
	int				 i = 0, first, sharing = 0;
	size_t				 k;

	if (argc == 0)
		return EXIT_SUCCESS;
	cur = argv[argc - 1];
	prev = argc > 1 ? argv[argc - 2] : "";
	/* Global options first; -C also tells which journal to look in. */
	while (i < argc - 1 && argv[i][0] == '-') {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc - 1)
			dir = argv[++i];
		i++;
	}
	/* --color takes its value after '=': "--color=never". */
	if (strncmp(cur, "--color=", 8) == 0) {
		offer("--color=always", cur);
		offer("--color=never", cur);
		offer("--color=auto", cur);
		return EXIT_SUCCESS;
	}
	if (i == argc - 1) {
		if (cur[0] == '-')
			offer_flags("-C --color --version", NULL, cur);
		else
			for (each = cmd_table; *each != NULL; each++)
				offer((*each)->name, cur);
		return EXIT_SUCCESS;
	}
	if ((cmd = cmd_lookup(argv[i])) == NULL)
		return EXIT_SUCCESS;
	first = ++i;
	if (first < argc - 1 && is_verb(cmd, argv[first]))
		verb = argv[first];
	for (; i < argc - 1; i++)
		if (strcmp(argv[i], "--share") == 0)
			sharing = 1;
	if (strcmp(prev, "-r") == 0 || strcmp(prev, "--rate") == 0) {
		for (k = 0; k < TEND_PILLAR_COUNT; k++) {
			char	key[32];

			snprintf(key, sizeof(key), "%s=", tend_pillar_key(k));
			offer(key, cur);
		}
		return EXIT_SUCCESS;
	}
	if ((strcmp(prev, "-k") == 0 || strcmp(prev, "--kind") == 0)) {
		for (k = 0; strcmp(cmd->name, "resent") == 0 &&
		    k < TEND_RESENT_KIND_COUNT; k++)
			offer(tend_resent_kind(k), cur);
		for (k = 0; strcmp(cmd->name, "log") == 0 && k < 4; k++)
			offer(entry_dirs[k], cur);
		return EXIT_SUCCESS;
	}
	if (cur[0] == '-') {
		offer_flags(cmd->usage, verb, cur);
		return EXIT_SUCCESS;
	}
	if (strcmp(cmd->name, "help") == 0) {
		for (each = cmd_table; *each != NULL; each++)
			offer((*each)->name, cur);
		return EXIT_SUCCESS;
	}
	if (first == argc - 1 && strcmp(cmd->name, "agree") == 0)
		offer_verbs(cmd, cur);
	if (first == argc - 1 && strcmp(cmd->name, "resent") == 0) {
		offer_verbs(cmd, cur);
		return EXIT_SUCCESS;
	}
	/* The rest comes from the journal, if there is one. */
	if (tend_journal_open(&journal, dir, ctx->content_dir) < 0)
		return EXIT_SUCCESS;
	wish.prefix = cur;
	wish.kind = NULL;
	wish.where = 0;
	if (strcmp(prev, "-p") == 0 || strcmp(prev, "--prompt") == 0) {
		if (tend_prompts_load(&prompts, journal) == 0) {
			for (k = 0; k < tend_prompts_count(prompts); k++)
				offer(tend_prompt_id(tend_prompts_at(prompts,
				    k)), cur);
			tend_prompts_free(prompts);
		}
	} else if (strcmp(cmd->name, "agree") == 0 &&
	    (strcmp(prev, "-t") == 0 || strcmp(prev, "--template") == 0))
		tend_agree_templates(journal, offer_named, (void *)cur);
	else if (strcmp(cmd->name, "agree") == 0 && verb != NULL &&
	    strcmp(verb, "new") != 0 && strcmp(verb, "list") != 0 &&
	    first + 1 == argc - 1) {
		wish.kind = "agree";
		wish.where = TEND_IN_JOURNAL;
	} else if (strcmp(cmd->name, "resent") == 0 && verb != NULL &&
	    strcmp(verb, "list") != 0) {
		wish.kind = "resent";
		wish.where = TEND_IN_JOURNAL | TEND_IN_PRIVATE;
	} else if (strcmp(cmd->name, "show") == 0)
		wish.where = TEND_IN_JOURNAL | TEND_IN_PRIVATE;
	else if (strcmp(cmd->name, "reflect") == 0 && sharing) {
		wish.kind = "reflect";
		wish.where = TEND_IN_PRIVATE;
	}
	for (k = 0; wish.where != 0 && k < 4; k++)
		if (wish.kind == NULL || strcmp(wish.kind, entry_dirs[k]) == 0)
			tend_entry_foreach(journal, entry_dirs[k], wish.where,
			    offer_entries, &wish);
	tend_journal_free(journal);
	return EXIT_SUCCESS;
}
