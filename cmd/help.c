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
static int	open_manual(struct cmd_ctx *, const char *, int,
		    const struct cmd_entry *);
static int	complete(struct cmd_ctx *, int, char **);
static const struct cmd_option *find_option(const struct cmd_option *,
		    const char *, const char **, int *);
static void	offer(const char *, const char *);
static void	offer_after(const char *, const char *, const char *);
static void	offer_options(const struct cmd_option *, const char *);
static void	offer_values(struct cmd_ctx *, const char *, enum cmd_complete,
		    const char *, const char *);
static int	offer_entries(struct tend_entry *, void *);
static int	offer_named(const char *, const char *, void *);

static const struct cmd_option help_options[] = {
	{ "complete", 0, CMD_NOARG, 'c', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

/* The manuals that are no command's, by the names help takes. */
static const struct topic {
	const char	*name;
	const char	*page;
	int		 section;
} topics[] = {
	{ "tend.conf", "tend.conf", 5 },
	{ "entry", "tend-entry", 5 },
	{ "guide", "tend", 7 },
};

/* After --complete, the words are the shell's, not help's options. */
const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[command | topic]",
	.summary = "show the manual of tend, of a command or of a topic",
	.options = help_options,
	/* With --complete, any number of words. */
	.operands = { 0, CMD_ANY, NULL, CMD_COMPLETE_TOPIC },
	.flags = CMD_IN_ORDER,
	.exec = cmd_help_exec,
};

/* The names from a journal that may complete the word PREFIX. */
struct id_wish {
	const char	*before;	/* "--prompt=", or "" */
	const char	*prefix;
	const char	*kind;		/* an entry's kind; NULL: any */
};

static int
cmd_help_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	const struct cmd_entry	*cmd = NULL;
	const char		*value;
	char			 page[64];
	size_t			 i;

	if (cmd_args_next(args, &value) == 'c')
		return complete(ctx, args->argc, args->argv);
	if (args->argc > 1)
		return cmd_usage_error(self, "one command at a time");
	if (args->argc == 0)
		return open_manual(ctx, "tend", 1, NULL);
	for (i = 0; i < sizeof(topics) / sizeof(topics[0]); i++)
		if (strcmp(args->argv[0], topics[i].name) == 0)
			return open_manual(ctx, topics[i].page,
			    topics[i].section, NULL);
	if ((cmd = cmd_lookup(args->argv[0])) == NULL) {
		cmd_suggest(args->argv[0]);
		fprintf(stderr, "Topics: tend help tend.conf, entry or "
		    "guide.\n");
		return EXIT_USAGE;
	}
	snprintf(page, sizeof(page), "tend-%s", cmd->name);
	return open_manual(ctx, page, 1, cmd);
}

/*
 * man(1) on PAGE in SECTION (of command CMD, or NULL): from the source
 * tree when run from the build folder, else the installed one; without
 * man, the usage text.
 */
static int
open_manual(struct cmd_ctx *ctx, const char *page, int section,
    const struct cmd_entry *cmd)
{
	char	*source, number[4];
	size_t	 len, room;

	len = strlen(ctx->content_dir);
	room = len + strlen(page) + 16;
	if (len > 8 && strcmp(ctx->content_dir + len - 8, "/content") == 0 &&
	    (source = malloc(room)) != NULL) {
		snprintf(source, room, "%.*s/man/%s.%d", (int)(len - 8),
		    ctx->content_dir, page, section);
		if (access(source, R_OK) == 0) {
			fflush(stdout);
			execlp("man", "man", "-l", source, (char *)NULL);
		}
		free(source);
	}
	fflush(stdout);
	snprintf(number, sizeof(number), "%d", section);
	execlp("man", "man", number, page, (char *)NULL);
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

/* The shell matches the whole word: "--color=" and the value. */
static void
offer_after(const char *before, const char *value, const char *prefix)
{
	char	word[128];

	snprintf(word, sizeof(word), "%s%s", before, value);
	offer(word, prefix);
}

/* Each option of TABLE in both its forms, and -h and --help. */
static void
offer_options(const struct cmd_option *table, const char *prefix)
{
	const struct cmd_option	*option;
	char			 flag[64];

	for (option = table; option != NULL && (option->name != NULL ||
	    option->letter != 0); option++) {
		if (option->letter != 0) {
			snprintf(flag, sizeof(flag), "-%c", option->letter);
			offer(flag, prefix);
		}
		if (option->name != NULL) {
			snprintf(flag, sizeof(flag), "--%s", option->name);
			offer(flag, prefix);
		}
	}
	offer("-h", prefix);
	offer("--help", prefix);
}

/*
 * The option of TABLE that WORD gives ("-r", "-r4", "-qj", "--rate",
 * "--ra=4", as getopt_long reads them), or NULL.  *VALUE is the value in
 * WORD, if any; *NEXT is set when the value is the next word.
 */
static const struct cmd_option *
find_option(const struct cmd_option *table, const char *word,
    const char **value, int *next)
{
	const struct cmd_option	*option, *found = NULL;
	const char		*p;
	size_t			 len;
	int			 matches = 0;

	*value = NULL;
	*next = 0;
	if (word[0] != '-' || word[1] == '\0' || table == NULL)
		return NULL;
	if (word[1] == '-') {
		len = strcspn(word + 2, "=");
		for (option = table; option->name != NULL ||
		    option->letter != 0; option++) {
			if (option->name == NULL ||
			    strncmp(option->name, word + 2, len) != 0)
				continue;
			/* An exact name wins over names it begins. */
			if (option->name[len] == '\0') {
				found = option;
				matches = 1;
				break;
			}
			found = option;
			matches++;
		}
		if (matches != 1)
			return NULL;
		if (word[2 + len] == '=')
			*value = word + 3 + len;
		else
			*next = found->arg == CMD_ARG;
		return found;
	}
	/* "-qj": letters, until one that takes the rest as its value. */
	for (p = word + 1; *p != '\0'; p++) {
		for (option = table; (option->name != NULL ||
		    option->letter != 0) && option->letter != *p; option++)
			;
		if (option->letter != *p)
			return found;
		found = option;
		if (option->arg == CMD_NOARG)
			continue;
		if (p[1] != '\0')
			*value = p + 1;
		else
			*next = option->arg == CMD_ARG;
		break;
	}
	return found;
}

static int
offer_entries(struct tend_entry *entry, void *arg)
{
	const struct id_wish	*wish = arg;

	if (wish->kind == NULL || strcmp(tend_entry_kind(entry), wish->kind) == 0)
		offer_after(wish->before, tend_entry_id(entry), wish->prefix);
	return 0;
}

static int
offer_named(const char *id, const char *title, void *arg)
{
	const struct id_wish	*wish = arg;

	(void)title;
	offer_after(wish->before, id, wish->prefix);
	return 0;
}

/*
 * The values WHAT stands for that begin as CUR does, each with BEFORE
 * ("--color=") in front; those in a journal come from the one in DIR.
 */
static void
offer_values(struct cmd_ctx *ctx, const char *dir, enum cmd_complete what,
    const char *before, const char *cur)
{
	static const char *const colors[] = { "always", "never", "auto" };
	const struct cmd_entry *const	*each;
	struct tend_journal		*journal = NULL;
	struct tend_prompts		*prompts;
	struct id_wish			 wish;
	char				 word[128];
	size_t				 k;
	unsigned int			 where = 0;

	switch (what) {
	case CMD_COMPLETE_NONE:
		return;
	case CMD_COMPLETE_TOPIC:
		for (k = 0; k < sizeof(topics) / sizeof(topics[0]); k++)
			offer_after(before, topics[k].name, cur);
		/* FALLTHROUGH */
	case CMD_COMPLETE_COMMAND:
		for (each = cmd_table; *each != NULL; each++)
			offer_after(before, (*each)->name, cur);
		return;
	case CMD_COMPLETE_COLOR:
		for (k = 0; k < sizeof(colors) / sizeof(colors[0]); k++)
			offer_after(before, colors[k], cur);
		return;
	case CMD_COMPLETE_PILLAR:
		for (k = 0; k < TEND_PILLAR_COUNT; k++) {
			snprintf(word, sizeof(word), "%s=", tend_pillar_key(k));
			offer_after(before, word, cur);
		}
		return;
	case CMD_COMPLETE_RESENT_KIND:
		for (k = 0; k < TEND_RESENT_KIND_COUNT; k++)
			offer_after(before, tend_resent_kind(k), cur);
		return;
	case CMD_COMPLETE_ENTRY_KIND:
		for (k = 0; k < TEND_KIND_COUNT; k++)
			offer_after(before, tend_kind_name(k), cur);
		return;
	default:
		break;
	}
	/* The rest comes from the journal, if there is one. */
	if (tend_journal_open(&journal, dir, ctx->content_dir) < 0)
		return;
	wish.before = before;
	wish.prefix = cur;
	wish.kind = NULL;
	switch (what) {
	case CMD_COMPLETE_PROMPT:
		if (tend_prompts_load(&prompts, journal, NULL, NULL) == 0) {
			for (k = 0; k < tend_prompts_count(prompts); k++)
				offer_after(before, tend_prompt_id(
				    tend_prompts_at(prompts, k)), cur);
			tend_prompts_free(prompts);
		}
		break;
	case CMD_COMPLETE_TEMPLATE:
		tend_agree_templates(journal, offer_named, &wish);
		break;
	case CMD_COMPLETE_ENTRY:
		where = TEND_IN_JOURNAL | TEND_IN_PRIVATE;
		break;
	case CMD_COMPLETE_AGREEMENT:
		wish.kind = "agree";
		where = TEND_IN_JOURNAL;
		break;
	case CMD_COMPLETE_RESENTMENT:
		wish.kind = "resent";
		where = TEND_IN_JOURNAL | TEND_IN_PRIVATE;
		break;
	case CMD_COMPLETE_REFLECTION:
		wish.kind = "reflect";
		where = TEND_IN_PRIVATE;
		break;
	default:
		break;
	}
	for (k = 0; where != 0 && k < TEND_KIND_COUNT; k++)
		if (wish.kind == NULL ||
		    strcmp(wish.kind, tend_kind_name(k)) == 0)
			tend_entry_foreach(journal, tend_kind_name(k), where,
			    offer_entries, &wish, NULL, NULL);
	tend_journal_free(journal);
}

/*
 * What may follow WORDS; the last word is the one being completed.  The
 * words are read as tend will read them, from the same tables: tend's
 * options, the command, its verb, their options and operands.
 */
static int
complete(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_option	*table = cmd_global_options, *option;
	const struct cmd_option	*pending = NULL;
	const struct cmd_entry	*cmd = NULL, *entry = NULL, *verb;
	enum cmd_complete	 operand = CMD_COMPLETE_NONE;
	const char		*cur, *word, *value, *dir = ctx->dir;
	char			 before[64];
	int			 i, next, options_end = 0, after_cmd = 0;
	int			 noperands = 0;

	if (argc == 0)
		return EXIT_SUCCESS;
	cur = argv[argc - 1];
	for (i = 0; i < argc - 1; i++) {
		word = argv[i];
		if (pending != NULL) {
			/* -C also tells which journal to look in. */
			if (entry == NULL && pending->letter == 'C')
				dir = word;
			pending = NULL;
			continue;
		}
		if (cmd != NULL)
			after_cmd++;
		if (!options_end && strcmp(word, "--") == 0) {
			options_end = 1;
			continue;
		}
		if (!options_end && word[0] == '-' && word[1] != '\0') {
			option = find_option(table, word, &value, &next);
			if (option == NULL)
				continue;
			if (next)
				pending = option;
			else if (entry == NULL && option->letter == 'C')
				dir = value;
			else if (option->arg == CMD_NOARG &&
			    option->complete != CMD_COMPLETE_NONE)
				operand = option->complete;
			continue;
		}
		if (cmd == NULL) {
			/* The command's name ends tend's own options. */
			if ((cmd = entry = cmd_lookup(word)) == NULL)
				return EXIT_SUCCESS;
			table = entry->options;
			operand = entry->operands.complete;
			options_end = 0;
			continue;
		}
		if (entry == cmd && after_cmd == 1 &&
		    (verb = cmd_find_verb(cmd, word)) != NULL) {
			entry = verb;
			table = entry->options;
			operand = entry->operands.complete;
			continue;
		}
		noperands++;
		if (entry->flags & CMD_IN_ORDER)
			options_end = 1;
	}
	if (pending != NULL) {
		offer_values(ctx, dir, pending->complete, "", cur);
		return EXIT_SUCCESS;
	}
	if (!options_end && cur[0] == '-') {
		/* "--color=al": the value, after the option's name. */
		if (cur[1] == '-' && strchr(cur, '=') != NULL) {
			if ((option = find_option(table, cur, &value,
			    &next)) != NULL && option->arg != CMD_NOARG &&
			    (size_t)(value - cur) < sizeof(before)) {
				snprintf(before, sizeof(before), "%.*s",
				    (int)(value - cur), cur);
				offer_values(ctx, dir, option->complete, before,
				    cur);
			}
		} else
			offer_options(table, cur);
		return EXIT_SUCCESS;
	}
	if (cmd == NULL)
		offer_values(ctx, dir, CMD_COMPLETE_COMMAND, "", cur);
	else if (entry == cmd && cmd->verbs != NULL && after_cmd == 0) {
		for (verb = cmd->verbs; verb->name != NULL; verb++)
			offer(verb->name, cur);
	} else if (noperands == 0)
		offer_values(ctx, dir, operand, "", cur);
	return EXIT_SUCCESS;
}
