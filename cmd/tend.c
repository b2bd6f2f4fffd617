/*
 * tend: the global options, the command table, and the one place where
 * commands are looked up and usage errors reported.
 */

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#ifndef TEND_CONTENT_DIR
#define TEND_CONTENT_DIR	"/usr/local/share/tend/content"
#endif

/* Unknown commands within this many edits get suggested. */
#define SIMILAR_DISTANCE	3
#define VERB_TYPOS		2	/* "rase" for raise */

/* Room for getopt_long's view of the longest option table. */
#define MAX_LONGS	24
#define MAX_SHORTS	(3 * MAX_LONGS + 3)

const struct cmd_entry *const cmd_table[] = {
	&cmd_agree_entry,
	&cmd_checkin_entry,
	&cmd_clone_entry,
	&cmd_config_entry,
	&cmd_doctor_entry,
	&cmd_edit_entry,
	&cmd_encrypt_entry,
	&cmd_export_entry,
	&cmd_filter_entry,
	&cmd_help_entry,
	&cmd_import_entry,
	&cmd_init_entry,
	&cmd_key_entry,
	&cmd_log_entry,
	&cmd_reflect_entry,
	&cmd_remind_entry,
	&cmd_resent_entry,
	&cmd_rm_entry,
	&cmd_search_entry,
	&cmd_show_entry,
	&cmd_status_entry,
	&cmd_sync_entry,
	&cmd_undo_entry,
	NULL
};

const struct cmd_option cmd_global_options[] = {
	{ NULL, 'C', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "color", 0, CMD_OPTARG, 'c', CMD_COMPLETE_COLOR },
	{ "version", 0, CMD_NOARG, 'V', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

static size_t	edit_distance(const char *, const char *);
static int	getopt_table(char *, struct option *, const struct cmd_option *,
		    int);
static int	is_help(const char *);
static const struct cmd_entry *near_verb(const struct cmd_entry *,
		    const char *);
static int	not_a_verb(const struct cmd_entry *, const char *);
static int	parse_args(int *, struct cmd_args *, const struct cmd_entry *,
		    const struct cmd_entry *, int, char **);
static int	run(const struct cmd_entry *, struct cmd_ctx *, int, char **);

static char	*find_content_dir(void);
static int	finish(int, int);
static void	show_objects(size_t, size_t, void *);
static void	show_remote_text(const char *, void *);
static void	show_hook_output(const char *, const char *, void *);

void
cmd_usage_all(FILE *fp)
{
	const struct cmd_entry *const	*cmd;

	fprintf(fp, "usage: tend [-C dir] [--color[=when]] [--version] "
	    "[-h | --help] command [args ...]\n\ncommands:\n");
	for (cmd = cmd_table; *cmd != NULL; cmd++)
		fprintf(fp, "   %-10s %s\n", (*cmd)->name, (*cmd)->summary);
	fprintf(fp, "\nSee 'tend COMMAND -h' and tend(1).\n");
}

/* A usage of several lines gives one form of the command per line. */
void
cmd_usage(const struct cmd_entry *cmd, FILE *fp)
{
	const char	*line = cmd->usage, *end;
	int		 first = 1;

	do {
		end = strchr(line, '\n');
		fprintf(fp, "%s tend %s %.*s\n", first ? "usage:" : "      ",
		    cmd->name, end != NULL ? (int)(end - line) :
		    (int)strlen(line), line);
		first = 0;
		line = end + 1;
	} while (end != NULL);
}

/*
 * Print PREFIX, then FMT's message and CAUSE (either may be NULL), on one
 * line: a message quotes names from arguments and files, which may hold
 * anything, so it goes through tend_text_oneline.
 */
static void
say(const char *prefix, const char *cause, const char *fmt, va_list ap)
{
	va_list	 copy;
	char	*message = NULL, *line = NULL;
	int	 len = 0;

	if (fmt != NULL) {
		va_copy(copy, ap);
		len = vsnprintf(NULL, 0, fmt, copy);
		va_end(copy);
	}
	if (len >= 0 && (message = malloc((size_t)len + 3 +
	    (cause != NULL ? strlen(cause) : 0))) != NULL) {
		message[0] = '\0';
		if (fmt != NULL)
			vsnprintf(message, (size_t)len + 1, fmt, ap);
		if (fmt != NULL && cause != NULL)
			strcat(message, ": ");
		if (cause != NULL)
			strcat(message, cause);
	}
	if (message == NULL || tend_text_oneline(&line, message) < 0)
		fprintf(stderr, "%sout of memory\n", prefix);
	else
		fprintf(stderr, "%s%s\n", prefix, line);
	free(message);
	free(line);
}

const char *
cmd_safe(const char *text)
{
	return cmd_field(text, 0, 0);
}

const char *
cmd_field(const char *text, size_t width, unsigned int flags)
{
	static char	*kept[CMD_SAFE_KEPT];
	static size_t	 next;
	char		*field;

	if (text == NULL)
		return NULL;
	if (tend_text_field(&field, text, width, flags) < 0)
		return "?";
	free(kept[next]);
	kept[next] = field;
	next = (next + 1) % CMD_SAFE_KEPT;
	return field;
}

void
cmd_json_string(const char *text, size_t len)
{
	char	*quoted;

	if (tend_json_quote(&quoted, text, len) < 0) {
		/* Still JSON: what is left out is said on standard error. */
		fputs("null", stdout);
		cmd_error("%s", tend_error());
		return;
	}
	fputs(quoted, stdout);
	free(quoted);
}

void
cmd_json_safe(const char *text)
{
	if ((text = cmd_safe(text)) == NULL)
		fputs("null", stdout);
	else
		cmd_json_string(text, strlen(text));
}

void
cmd_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	say("tend: ", NULL, fmt, ap);
	va_end(ap);
}

int
cmd_usage_error(const struct cmd_entry *cmd, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "tend %s: ", cmd->name);
	va_start(ap, fmt);
	say("", NULL, fmt, ap);
	va_end(ap);
	cmd_usage(cmd, stderr);
	return EXIT_USAGE;
}

int
cmd_fail(int error, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	say("tend: ", tend_error(), fmt, ap);
	va_end(ap);
	return error == TEND_EINVALID ? EXIT_USAGE : EXIT_FAILURE;
}

/*
 * getopt_long's view of TABLE, and of -h and --help, into SHORTS and
 * LONGS; IN_ORDER stops at the first operand.  -1 if it has no room.
 */
static int
getopt_table(char *shorts, struct option *longs,
    const struct cmd_option *table, int in_order)
{
	const struct cmd_option	*option;
	size_t			 nshorts = 0, nlongs = 0;

	if (in_order)
		shorts[nshorts++] = '+';
	/* A missing value is told apart from an unknown option. */
	shorts[nshorts++] = ':';
	shorts[nshorts++] = 'h';
	longs[nlongs].name = "help";
	longs[nlongs].has_arg = no_argument;
	longs[nlongs].flag = NULL;
	longs[nlongs++].val = 'h';
	for (option = table; option != NULL && (option->name != NULL ||
	    option->letter != 0); option++) {
		if (nlongs + 2 > MAX_LONGS || nshorts + 4 > MAX_SHORTS)
			return -1;
		if (option->letter != 0) {
			shorts[nshorts++] = (char)option->letter;
			if (option->arg != CMD_NOARG)
				shorts[nshorts++] = ':';
			if (option->arg == CMD_OPTARG)
				shorts[nshorts++] = ':';
		}
		if (option->name == NULL)
			continue;
		longs[nlongs].name = option->name;
		longs[nlongs].has_arg = option->arg == CMD_ARG ?
		    required_argument : option->arg == CMD_OPTARG ?
		    optional_argument : no_argument;
		longs[nlongs].flag = NULL;
		longs[nlongs++].val = option->key != 0 ? option->key :
		    option->letter;
	}
	shorts[nshorts] = '\0';
	memset(&longs[nlongs], 0, sizeof(longs[nlongs]));
	return 0;
}

static int
is_help(const char *word)
{
	return strcmp(word, "-h") == 0 || strcmp(word, "--help") == 0;
}

/* The verb of CMD that WORD is a typo of, or NULL. */
static const struct cmd_entry *
near_verb(const struct cmd_entry *cmd, const char *word)
{
	const struct cmd_entry	*verb;

	for (verb = cmd->verbs; verb != NULL && verb->name != NULL; verb++)
		if (edit_distance(word, verb->name) <= VERB_TYPOS)
			return verb;
	return NULL;
}

/* "agree frobnicate": the verbs in the order of the table. */
static int
not_a_verb(const struct cmd_entry *cmd, const char *word)
{
	const struct cmd_entry	*verb, *near = near_verb(cmd, word);
	char			 names[256];
	size_t			 len = 0;

	names[0] = '\0';
	for (verb = cmd->verbs; verb->name != NULL && len < sizeof(names);
	    verb++)
		len += (size_t)snprintf(names + len, sizeof(names) - len,
		    "%s%s", verb == cmd->verbs ? "" : ", ", verb->name);
	if (near != NULL)
		return cmd_usage_error(cmd, "'%s' is not one of %s; did you "
		    "mean '%s'?", word, names, near->name);
	return cmd_usage_error(cmd, "'%s' is not one of %s", word, names);
}

/*
 * What getopt_long found wrong with an option (CH is '?' or ':'), said
 * as tend says a usage error, of command SELF or (NULL) of tend's own
 * options; WORD is the word it was reading last.
 */
static int
option_error(const struct cmd_entry *self, const char *word, int ch)
{
	char	what[128];
	int	len = (int)strcspn(word, "=");
	int	is_long;

	/* A short option may follow a long one in the word before it. */
	is_long = strncmp(word, "--", 2) == 0 && (optopt == 0 || ch == ':' ||
	    word[len] == '=');
	if (is_long && ch == ':')
		snprintf(what, sizeof(what), "option '%.*s' needs a value", len,
		    word);
	else if (is_long && optopt != 0)
		snprintf(what, sizeof(what), "option '%.*s' takes no value",
		    len, word);
	else if (is_long)
		snprintf(what, sizeof(what), "unknown option '%.*s'", len, word);
	else if (ch == ':')
		snprintf(what, sizeof(what), "option '-%c' needs a value",
		    optopt);
	else
		snprintf(what, sizeof(what), "unknown option '-%c'", optopt);
	if (self != NULL)
		return cmd_usage_error(self, "%s", what);
	cmd_error("%s", what);
	cmd_usage_all(stderr);
	return EXIT_USAGE;
}

/*
 * Parse ARGV (ARGV[0] is the name of ENTRY, the command SELF or one of
 * its verbs) into ARGS.  Returns 0 to run ENTRY, else -1 with the exit
 * status in *STATUS: -h printed the usage, or a usage error was said.
 */
static int
parse_args(int *status, struct cmd_args *args, const struct cmd_entry *self,
    const struct cmd_entry *entry, int argc, char **argv)
{
	const struct cmd_operands	*operands = &entry->operands;
	struct option			 longs[MAX_LONGS];
	char				 shorts[MAX_SHORTS];
	int				 ch;

	memset(args, 0, sizeof(*args));
	if (getopt_table(shorts, longs, entry->options,
	    entry->flags & CMD_IN_ORDER) < 0) {
		fprintf(stderr, "tend %s: too many options for the table\n",
		    self->name);
		*status = EXIT_FAILURE;
		return -1;
	}
	/* Never more options than words. */
	if ((args->options = calloc((size_t)argc,
	    sizeof(*args->options))) == NULL) {
		*status = cmd_fail(TEND_ENOMEM, NULL);
		return -1;
	}
	/* glibc starts afresh on 0, after tend's own options. */
	optind = 0;
	opterr = 0;
	for (;;) {
		optarg = NULL;
		if ((ch = getopt_long(argc, argv, shorts, longs, NULL)) == -1)
			break;
		if (ch == 'h') {
			cmd_usage(self, stdout);
			*status = EXIT_SUCCESS;
			return -1;
		}
		if (ch == '?' || ch == ':') {
			*status = option_error(self, argv[optind > 0 ?
			    optind - 1 : 0], ch);
			return -1;
		}
		args->options[args->noptions].key = ch;
		args->options[args->noptions++].value = optarg;
	}
	args->argc = argc - optind;
	args->argv = argv + optind;
	if (operands->error != NULL && (args->argc < operands->min ||
	    (operands->max != CMD_ANY && args->argc > operands->max))) {
		*status = cmd_usage_error(self, "%s", operands->error);
		return -1;
	}
	return 0;
}

/*
 * Parse the arguments of CMD, or of the verb ARGV[1] names, open the
 * journal if CMD needs one, and run it.
 */
static int
run(const struct cmd_entry *cmd, struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry	*entry = cmd, *verb;
	struct cmd_args		 args;
	struct tend_lock_hook	 hook = { cmd_lock_hook, ctx };
	struct tend_hook_output	 hooks = { show_hook_output, NULL };
	char			 mark[TEND_OID_SIZE];
	int			 status, marked;

	/* "agree sign ...": the verb parses what follows it. */
	if (argc > 1 && (verb = cmd_find_verb(cmd, argv[1])) != NULL) {
		entry = verb;
		argc--;
		argv++;
	} else if (argc > 1 && cmd->verbs != NULL && cmd->options == NULL &&
	    cmd->operands.max == 0 && !is_help(argv[1]))
		return not_a_verb(cmd, argv[1]);
	/*
	 * "resent rase ID": a title is one word, in quotes, so a typo of a
	 * verb followed by an operand is no title.
	 */
	else if (argc > 2 && cmd->verbs != NULL && argv[2][0] != '-' &&
	    near_verb(cmd, argv[1]) != NULL)
		return not_a_verb(cmd, argv[1]);
	/* -h and a usage error need no journal. */
	if (parse_args(&status, &args, cmd, entry, argc, argv) == 0) {
		if (cmd->flags & CMD_JOURNAL && tend_journal_open(&ctx->journal,
		    ctx->dir, ctx->content_dir) < 0)
			status = cmd_fail(TEND_ERROR, NULL);
		else {
			if (ctx->journal != NULL) {
				tend_journal_set_editor(ctx->journal, cmd_edit,
				    NULL);
				tend_journal_set_lock_hook(ctx->journal,
				    &hook);
				tend_journal_set_hooks(ctx->journal, &hooks);
			}
			marked = entry->flags & CMD_WRITES &&
			    tend_sync_mark(mark, ctx->journal) == 0;
			status = entry->exec(cmd, ctx, &args);
			/* Only once the write is committed, and not failed. */
			if (marked && status == EXIT_SUCCESS)
				cmd_sync_auto(ctx, mark);
			/* Packing, if due, goes on after tend has returned. */
			if (status == EXIT_SUCCESS && ctx->journal != NULL &&
			    entry->flags & (CMD_WRITES | CMD_FETCHES))
				tend_housekeeping(ctx->journal);
		}
	}
	free(args.options);
	return status;
}

/*
 * The lock an interruptible write holds, for the handler below: a signal
 * handler takes no argument, so this one place outside main's context
 * holds it, set and cleared by cmd_lock_hook alone.
 */
static char			interrupted_lock[PATH_MAX];
static char			our_lock_line[64];	/* "pid=PID host=" */
static const int		ending_signals[] = {
	SIGINT, SIGHUP, SIGTERM, SIGQUIT,
};

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * A signal that ends a sync lets go of the lock first, as the sync would:
 * what it left half done is finished or undone by the next command.  Only
 * a lock that is still ours goes (open, read and unlink are safe here).
 * The disposition is the default again (SA_RESETHAND), so raise ends us.
 */
static void
release_and_die(int signo)
{
	char	line[sizeof(our_lock_line)];
	size_t	len = strlen(our_lock_line);
	int	saved = errno, fd;

	if (interrupted_lock[0] != '\0' &&
	    (fd = open(interrupted_lock, O_RDONLY | O_NOFOLLOW)) >= 0) {
		if (read(fd, line, len) == (ssize_t)len &&
		    memcmp(line, our_lock_line, len) == 0)
			(void)unlink(interrupted_lock);
		close(fd);
	}
	errno = saved;
	raise(signo);
}

void
cmd_lock_hook(const struct tend_lock_note *note, void *arg)
{
	struct cmd_ctx		*ctx = arg;
	struct sigaction	 act;
	sigset_t		 block;
	size_t			 i;

	switch (note->event) {
	case TEND_LOCK_TOOK_OVER:
		if (note->stale->malformed)
			cmd_error("took over the journal's lock, left empty by a "
			    "tend that stopped while taking it");
		else
			cmd_error("took over the journal's lock from process "
			    "%ld, which is no longer running", note->stale->pid);
		return;
	case TEND_LOCK_LET_GO:
		interrupted_lock[0] = '\0';
		for (i = 0; i < nitems(ending_signals); i++)
			sigaction(ending_signals[i], &ctx->ending_actions[i],
			    NULL);
		/* A ^C that came meanwhile is delivered now, nothing half done. */
		sigprocmask(SIG_SETMASK, &ctx->unlocked_mask, NULL);
		return;
	case TEND_LOCK_TAKEN:
		sigemptyset(&block);
		for (i = 0; i < nitems(ending_signals); i++)
			sigaddset(&block, ending_signals[i]);
		sigprocmask(SIG_BLOCK, &block, &ctx->unlocked_mask);
		for (i = 0; i < nitems(ending_signals); i++)
			sigaction(ending_signals[i], NULL,
			    &ctx->ending_actions[i]);
		return;
	case TEND_LOCK_TAKEN_INTERRUPTIBLE:
		sigprocmask(SIG_BLOCK, NULL, &ctx->unlocked_mask);
		if (strlen(note->path) >= sizeof(interrupted_lock))
			return;
		snprintf(our_lock_line, sizeof(our_lock_line), "pid=%ld host=",
		    (long)getpid());
		memcpy(interrupted_lock, note->path, strlen(note->path) + 1);
		memset(&act, 0, sizeof(act));
		act.sa_handler = release_and_die;
		act.sa_flags = SA_RESETHAND;
		sigemptyset(&act.sa_mask);
		for (i = 0; i < nitems(ending_signals); i++) {
			sigaction(ending_signals[i], NULL,
			    &ctx->ending_actions[i]);
			/* One the user ignored stays ignored. */
			if (ctx->ending_actions[i].sa_handler != SIG_IGN)
				sigaction(ending_signals[i], &act, NULL);
		}
		return;
	}
}

int
cmd_args_next(struct cmd_args *args, const char **value)
{
	const struct cmd_arg	*arg;

	if (args->next == args->noptions) {
		*value = NULL;
		return -1;
	}
	arg = &args->options[args->next++];
	*value = arg->value;
	return arg->key;
}

const struct cmd_entry *
cmd_find_verb(const struct cmd_entry *cmd, const char *name)
{
	const struct cmd_entry	*verb;

	/* Sub-verbs are spelled out: a prefix could be someone's title. */
	for (verb = cmd->verbs; verb != NULL && verb->name != NULL; verb++)
		if (strcmp(verb->name, name) == 0)
			return verb;
	return NULL;
}

int
cmd_warn(const char *problem, void *arg)
{
	(void)arg;
	cmd_error("warning: %s", problem);
	return 0;
}

/* Drawn in place on a terminal; ARG counts the lines that need ending. */
static void
show_objects(size_t received, size_t total, void *arg)
{
	int	*drawn = arg;

	fprintf(stderr, "\rreceiving objects: %zu/%zu", received, total);
	*drawn = 1;
}

static void
show_remote_text(const char *text, void *arg)
{
	int	*drawn = arg;

	fprintf(stderr, "%sremote: %s", *drawn ? "\n" : "", text);
	*drawn = text[0] != '\0' && text[strlen(text) - 1] != '\n';
}

/* What a git hook wrote goes where git shows it: standard error. */
static void
show_hook_output(const char *hook, const char *text, void *arg)
{
	size_t	len = strlen(text);

	(void)hook;
	(void)arg;
	fprintf(stderr, "%s%s", text, len != 0 && text[len - 1] != '\n' ?
	    "\n" : "");
}

void
cmd_progress(struct tend_progress *progress, int *drawn)
{
	memset(progress, 0, sizeof(*progress));
	*drawn = 0;
	if (!isatty(STDERR_FILENO))
		return;
	progress->objects = show_objects;
	progress->remote_text = show_remote_text;
	progress->arg = drawn;
}

void
cmd_progress_end(struct tend_progress *progress)
{
	int	*drawn = progress->arg;

	if (drawn != NULL && *drawn)
		fputc('\n', stderr);
}

const struct cmd_entry *
cmd_lookup(const char *name)
{
	const struct cmd_entry *const	*cmd;
	const struct cmd_entry		*found = NULL;
	size_t				 len = strlen(name), nfound = 0;

	for (cmd = cmd_table; *cmd != NULL; cmd++) {
		if (strcmp((*cmd)->name, name) == 0)
			return *cmd;
		if (strncmp((*cmd)->name, name, len) == 0) {
			found = *cmd;
			nfound++;
		}
	}
	return nfound == 1 ? found : NULL;
}

/* Levenshtein distance, enough to catch a typo. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t	row[64], alen = strlen(a), blen = strlen(b), i, j;
	size_t	diagonal, above;

	if (alen >= sizeof(row) / sizeof(row[0]))
		return SIZE_MAX;
	for (i = 0; i <= alen; i++)
		row[i] = i;
	for (j = 1; j <= blen; j++) {
		diagonal = row[0];
		row[0] = j;
		for (i = 1; i <= alen; i++) {
			above = row[i];
			row[i] = diagonal + (a[i - 1] != b[j - 1]);
			if (above + 1 < row[i])
				row[i] = above + 1;
			if (row[i - 1] + 1 < row[i])
				row[i] = row[i - 1] + 1;
			diagonal = above;
		}
	}
	return row[alen];
}

void
cmd_suggest(const char *name)
{
	const struct cmd_entry *const	*cmd;
	size_t				 len = strlen(name);
	/* Three typos in a word of two is another word. */
	size_t				 near = (len + 1) / 2 < SIMILAR_DISTANCE ?
					    (len + 1) / 2 : SIMILAR_DISTANCE;
	int				 any = 0, prefix = 0;

	for (cmd = cmd_table; *cmd != NULL; cmd++)
		prefix += strncmp((*cmd)->name, name, len) == 0;
	/* cmd_lookup takes a prefix of one command only. */
	if (prefix > 1) {
		cmd_error("'%s' is short for more than one command:", name);
		for (cmd = cmd_table; *cmd != NULL; cmd++)
			if (strncmp((*cmd)->name, name, len) == 0)
				fprintf(stderr, "\t%s\n", (*cmd)->name);
		return;
	}
	cmd_error("'%s' is not a tend command", name);
	for (cmd = cmd_table; *cmd != NULL; cmd++) {
		if (edit_distance(name, (*cmd)->name) > near &&
		    strncmp((*cmd)->name, name, len) != 0)
			continue;
		fprintf(stderr, "%s\t%s\n", any ? "" :
		    "\nThe most similar commands are:\n", (*cmd)->name);
		any = 1;
	}
	if (!any)
		fprintf(stderr, "See 'tend --help'.\n");
}

/*
 * The content beside the binary when run from the build folder, else
 * beside its installed place (so a staged DESTDIR install works too),
 * else where the Makefile installed it.
 */
static char *
find_content_dir(void)
{
	static const char *const beside[] = {
		"content", "../share/tend/content",
	};
	char	 exe[PATH_MAX], *dir, *slash;
	size_t	 i, len;
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			slash[1] = '\0';
		for (i = 0; slash != NULL && i < 2; i++) {
			len = strlen(exe) + strlen(beside[i]) +
			    sizeof("/templates");
			if ((dir = malloc(len)) == NULL)
				return NULL;
			snprintf(dir, len, "%s%s/templates", exe, beside[i]);
			if (access(dir, F_OK) == 0) {
				dir[strlen(dir) - strlen("/templates")] = '\0';
				return dir;
			}
			free(dir);
		}
	}
	return strdup(TEND_CONTENT_DIR);
}

const char *
cmd_color(const struct cmd_ctx *ctx, const char *sgr)
{
	return ctx->render_flags & TEND_RENDER_COLOR ? sgr : "";
}

void
cmd_pager(struct cmd_ctx *ctx)
{
	const char	*pager = getenv("TEND_PAGER");
	int		 fds[2];
	pid_t		 pid;

	if (ctx->pager != 0 || !isatty(STDOUT_FILENO))
		return;
	if (pager == NULL)
		pager = getenv("PAGER");
	if (pager == NULL)
		pager = "less";
	/* "cat" or nothing means no pager, as for git. */
	if (pager[0] == '\0' || strcmp(pager, "cat") == 0 || pipe(fds) < 0)
		return;
	fflush(stdout);
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		/* Quit at once on short output, keep colours, leave the screen. */
		setenv("LESS", "FRX", 0);
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
		_exit(127);
	}
	dup2(fds[1], STDOUT_FILENO);
	close(fds[0]);
	close(fds[1]);
	/* Quitting the pager early is no error: writes then just fail. */
	signal(SIGPIPE, SIG_IGN);
	ctx->pager = pid;
}

/*
 * Output that could not be written is a failure, whatever ran before,
 * unless a pager took it and the person quit the pager (PAGED).
 */
static int
finish(int status, int paged)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (paged && errno == EPIPE)
			return status;
		fprintf(stderr, "tend: cannot write output: %s\n",
		    strerror(errno));
		if (status == EXIT_SUCCESS)
			status = EXIT_FAILURE;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct option			 longs[MAX_LONGS];
	const struct cmd_entry		*cmd;
	const char			*color = "auto";
#ifdef TIOCGWINSZ
	struct winsize			 window;
#endif
	struct cmd_ctx			 ctx;
	const char			*no_color = getenv("NO_COLOR");
	char				 shorts[MAX_SHORTS];
	char				*content_dir;
	int				 ch, status;

	memset(&ctx, 0, sizeof(ctx));
	/*
	 * The terminal's character set, for the columns a name takes
	 * (tend_text_field); LC_CTYPE alone, so that numbers, dates and
	 * messages read the same in every locale.
	 */
	setlocale(LC_CTYPE, "");
	/*
	 * Past a file size limit (ulimit -f), a write fails with EFBIG and
	 * the command says so, instead of dying half-way by SIGXFSZ.
	 */
	signal(SIGXFSZ, SIG_IGN);
	/*
	 * What tend and libgit2 create (objects, refs, the index, the
	 * private store, exports) is for the partner alone, whatever the
	 * umask: libgit2 would make its files as the umask allows.
	 */
	umask(077);
	/* Options end at the command's name. */
	getopt_table(shorts, longs, cmd_global_options, 1);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		switch (ch) {
		case 'C':
			ctx.dir = optarg;
			break;
		case 'c':
			color = optarg != NULL ? optarg : "always";
			if (strcmp(color, "always") != 0 &&
			    strcmp(color, "never") != 0 &&
			    strcmp(color, "auto") != 0) {
				fprintf(stderr, "tend: --color takes always, "
				    "never or auto, not '%s'\n", color);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			cmd_usage_all(stdout);
			return finish(EXIT_SUCCESS, 0);
		case 'V':
			printf("tend %s\n", TEND_VERSION);
			return finish(EXIT_SUCCESS, 0);
		default:
			return option_error(NULL, argv[optind > 0 ?
			    optind - 1 : 0], ch);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		cmd_usage_all(stderr);
		return EXIT_USAGE;
	}
	if ((cmd = cmd_lookup(argv[0])) == NULL) {
		cmd_suggest(argv[0]);
		return EXIT_USAGE;
	}
	if (ctx.dir == NULL && (ctx.dir = getenv("TEND_DIR")) != NULL &&
	    ctx.dir[0] == '\0')
		ctx.dir = NULL;
#ifdef TIOCGWINSZ
	/* On a terminal, text wraps to its width, one column short. */
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &window) == 0 && window.ws_col > 40)
		ctx.render_flags |= TEND_RENDER_WIDTH(window.ws_col > 200 ?
		    199 : window.ws_col - 1);
#endif
	/* Colour on a terminal, unless NO_COLOR says otherwise or --color. */
	if (strcmp(color, "always") == 0 || (strcmp(color, "auto") == 0 &&
	    isatty(STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0')))
		ctx.render_flags |= TEND_RENDER_COLOR;
	if ((content_dir = find_content_dir()) == NULL) {
		fprintf(stderr, "tend: out of memory\n");
		return EXIT_FAILURE;
	}
	ctx.content_dir = content_dir;
	if (tend_lib_init() < 0) {
		status = cmd_fail(TEND_ERROR, NULL);
		goto out;
	}
	status = run(cmd, &ctx, argc, argv);
	tend_journal_free(ctx.journal);
	tend_lib_shutdown();
out:
	free(content_dir);
	status = finish(status, ctx.pager != 0);
	if (ctx.pager != 0) {
		/* The pager ends when it reads the end of our output. */
		fclose(stdout);
		while (waitpid(ctx.pager, NULL, 0) < 0 && errno == EINTR)
			;
	}
	return status;
}
