/*
 * What every command file shares: its table entry, the context main hands
 * it, and the exit codes.
 */
#ifndef TEND_CMD_H
#define TEND_CMD_H

#include <sys/types.h>

#include <signal.h>
#include <stdio.h>

#include "../lib/tend.h"

#define EXIT_USAGE	2	/* a bad option or argument; nothing written */

#define CMD_JOURNAL	0x1	/* main opens the journal before exec */
#define CMD_IN_ORDER	0x2	/* options end at the first operand */
#define CMD_WRITES	0x4	/* commits entries: sync.auto, housekeeping after */
#define CMD_FETCHES	0x8	/* brings objects in: housekeeping after */

#define CMD_ANY		-1	/* no upper bound on the operands */

struct cmd_ctx {
	struct tend_journal	*journal;	/* with CMD_JOURNAL, else NULL */
	const char		*dir;		/* -C or $TEND_DIR, or NULL */
	const char		*content_dir;	/* the installed content */
	int			 render_flags;	/* TEND_RENDER_* for stdout */
	pid_t			 pager;		/* 0 until cmd_pager starts one */
	sigset_t		 unlocked_mask;	/* the signal mask outside a
						   write (cmd_lock_hook) */
	struct sigaction	 ending_actions[4]; /* SIGINT, SIGHUP, SIGTERM,
						   SIGQUIT outside a write */
};

/* Whether an option takes a value: -m text, --timer[=minutes]. */
enum cmd_arg_need { CMD_NOARG, CMD_ARG, CMD_OPTARG };

/*
 * What the shell completions offer for an option's value, or for a
 * command's first operand.  On an option that takes no value, what the
 * first operand is once it is given (reflect --share id).
 */
enum cmd_complete {
	CMD_COMPLETE_NONE,
	CMD_COMPLETE_COMMAND,		/* tend's commands */
	CMD_COMPLETE_TOPIC,		/* commands, and tend.conf, entry ... */
	CMD_COMPLETE_COLOR,		/* always, never, auto */
	CMD_COMPLETE_PILLAR,		/* "empathy=" */
	CMD_COMPLETE_RESENT_KIND,	/* hurt, need, ... */
	CMD_COMPLETE_ENTRY_KIND,	/* checkin, reflect, resent, agree */
	CMD_COMPLETE_PROMPT,		/* the reflection prompts */
	CMD_COMPLETE_TEMPLATE,		/* the agreement templates */
	CMD_COMPLETE_ENTRY,		/* any entry's id */
	CMD_COMPLETE_AGREEMENT,		/* an agreement's name */
	CMD_COMPLETE_RESENTMENT,	/* a resentment's id */
	CMD_COMPLETE_REFLECTION		/* a private reflection's id */
};

/*
 * One option of a command, in a table ended by a row of zeroes.  -h and
 * --help are every command's and are not listed.
 */
struct cmd_option {
	const char		*name;		/* --name, or NULL */
	int			 letter;	/* -l, or 0 */
	enum cmd_arg_need	 arg;
	int			 key;		/* what cmd_args_next gives;
						   0: the letter */
	enum cmd_complete	 complete;
};

/* How many operands a command takes, and what it says when it is not. */
struct cmd_operands {
	int		 min;
	int		 max;		/* or CMD_ANY */
	const char	*error;		/* the usage error; NULL: the command
					   checks the count itself */
	enum cmd_complete complete;	/* the first operand */
};

/* The options given, in order, and the operands left after them. */
struct cmd_args {
	struct cmd_arg {
		int		 key;
		const char	*value;	/* NULL: none given */
	}		*options;
	size_t		 noptions;
	size_t		 next;		/* for cmd_args_next */
	int		 argc;		/* the operands */
	char		**argv;
};

/*
 * A command, or a sub-verb of one ("agree sign"): everything the shell
 * needs to parse its arguments, complete them, and run it.
 */
struct cmd_entry {
	const char		*name;
	const char		*usage;		/* the arguments, as in a
						   SYNOPSIS; one line per form
						   of the command; NULL for a
						   sub-verb, whose command's
						   usage is shown */
	const char		*summary;	/* one line for the list */
	const struct cmd_option	*options;	/* NULL: none but -h */
	struct cmd_operands	 operands;
	/*
	 * Sub-verbs, ended by a NULL name, spelled out in full: a word
	 * that names none is the command's own first operand.
	 */
	const struct cmd_entry	*verbs;
	int			 flags;
	/* Returns the exit status; SELF is the command named, for usage. */
	int			(*exec)(const struct cmd_entry *self,
				    struct cmd_ctx *, struct cmd_args *);
};

extern const struct cmd_entry	cmd_agree_entry;
extern const struct cmd_entry	cmd_checkin_entry;
extern const struct cmd_entry	cmd_clone_entry;
extern const struct cmd_entry	cmd_config_entry;
extern const struct cmd_entry	cmd_doctor_entry;
extern const struct cmd_entry	cmd_edit_entry;
extern const struct cmd_entry	cmd_encrypt_entry;
extern const struct cmd_entry	cmd_export_entry;
extern const struct cmd_entry	cmd_filter_entry;
extern const struct cmd_entry	cmd_help_entry;
extern const struct cmd_entry	cmd_import_entry;
extern const struct cmd_entry	cmd_init_entry;
extern const struct cmd_entry	cmd_key_entry;
extern const struct cmd_entry	cmd_log_entry;
extern const struct cmd_entry	cmd_reflect_entry;
extern const struct cmd_entry	cmd_remind_entry;
extern const struct cmd_entry	cmd_resent_entry;
extern const struct cmd_entry	cmd_rm_entry;
extern const struct cmd_entry	cmd_search_entry;
extern const struct cmd_entry	cmd_show_entry;
extern const struct cmd_entry	cmd_status_entry;
extern const struct cmd_entry	cmd_sync_entry;
extern const struct cmd_entry	cmd_undo_entry;

/* Every command, NULL-terminated, in the order --help lists them. */
extern const struct cmd_entry *const	cmd_table[];

/* The command NAME or a unique prefix of it names, or NULL. */
const struct cmd_entry	*cmd_lookup(const char *);
/* Say NAME is not a command, and which ones are close. */
void	cmd_suggest(const char *);
/* Print tend's own usage and the list of commands to FP. */
void	cmd_usage_all(FILE *);
/* Print "usage: tend NAME USAGE" to FP. */
void	cmd_usage(const struct cmd_entry *, FILE *);
/* Report a usage error with the usage line; returns EXIT_USAGE. */
int	cmd_usage_error(const struct cmd_entry *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Take the next option given: its key and *VALUE, or -1 after the last. */
int	cmd_args_next(struct cmd_args *, const char **value);
/* The options tend itself takes before the command's name. */
extern const struct cmd_option	cmd_global_options[];
/* The sub-verb of CMD spelled NAME, or NULL. */
const struct cmd_entry	*cmd_find_verb(const struct cmd_entry *, const char *);
/* Print a library warning about one file ("tend: warning: ..."); 0. */
int	cmd_warn(const char *, void *);
/*
 * Print entry ID (of KIND, if set): laid out for reading on a terminal,
 * exactly as stored when piped; FORM overrides that choice.
 */
enum cmd_form { CMD_FORM_AUTO, CMD_FORM_RAW, CMD_FORM_PRETTY };
int	cmd_print_entry(struct cmd_ctx *, const char *id, const char *kind,
	    enum cmd_form);
/* The whole of "show [--raw | --pretty] id", for show and its kin. */
extern const struct cmd_option	cmd_show_options[];
int	cmd_show_main(const struct cmd_entry *, struct cmd_ctx *,
	    struct cmd_args *, const char *kind);
/* Progress of a transfer on standard error, when it is a terminal. */
void	cmd_progress(struct tend_progress *, int *drawn);
/* End the progress line, if one was drawn. */
void	cmd_progress_end(struct tend_progress *);
/*
 * Send standard output through $TEND_PAGER, $PAGER or less -FRX, as git
 * does, when it is a terminal; main waits for the pager at the end.
 */
void	cmd_pager(struct cmd_ctx *);
/*
 * SGR, a CMD_SGR_* sequence, when stdout has colour (a terminal without
 * NO_COLOR, or --color=always); else "".
 */
const char	*cmd_color(const struct cmd_ctx *, const char *sgr);
#define CMD_SGR_PLAIN	"\033[0m"
#define CMD_SGR_BOLD	"\033[1m"
#define CMD_SGR_DIM	"\033[2m"
#define CMD_SGR_RED	"\033[31m"
/* Report a failed library call: "tend: CONTEXT: cause"; returns 1 or 2. */
int	cmd_fail(int, const char *, ...) __attribute__((format(printf, 2, 3)));
/*
 * TEXT from an entry, a partner or a journal's content, made safe as one
 * field of a line on a terminal (tend_text_field); the result lives until
 * CMD_SAFE_KEPT more calls of either.  cmd_field fits it to WIDTH columns
 * as FLAGS (TEND_FIELD_*) say, where printf's "%-12s" would count bytes.
 */
#define CMD_SAFE_KEPT	16
const char	*cmd_safe(const char *);
const char	*cmd_field(const char *, size_t width, unsigned int flags);
/*
 * LEN bytes of TEXT as a JSON string on standard output; cmd_json_safe
 * makes TEXT safe first (cmd_safe), where a jq -r of the output would put
 * a partner's bytes on a terminal.
 */
void	cmd_json_string(const char *, size_t);
void	cmd_json_safe(const char *);
/* Print "tend: " and the message on one line, made safe for a terminal. */
void	cmd_error(const char *, ...) __attribute__((format(printf, 1, 2)));
/*
 * The journal's lock hook (tend_journal_set_lock_hook), ARG a cmd_ctx:
 * while a write holds the lock, SIGINT, SIGHUP, SIGTERM and SIGQUIT wait,
 * so that a ^C cannot leave a stale lock or half a change; during a sync,
 * which they may stop, they let go of the lock first.  A stale lock taken
 * over is said, in one line.
 */
void	cmd_lock_hook(const struct tend_lock_note *, void *);

/*
 * After a command that wrote, with MARK where HEAD was before it: sync as
 * sync.auto asks (sync.c).  Whatever happens, the write stands: a failed
 * sync is one note on standard error.
 */
void	cmd_sync_auto(struct cmd_ctx *, const char *mark);

/*
 * Tell what tend_key_learn found (key.c): a key trusted, or to confirm;
 * on ARG, a FILE, or standard output when NULL.
 */
int	cmd_key_told(const struct tend_key_row *, void *);

/* support/tags.c: the tags given with -t or --tag, as typed. */
struct cmd_tags {
	const char	*list[TEND_TAGS_MAX];
	size_t		 count;
};
/* Take one more tag, checked: 0, or the usage error's exit status. */
int	cmd_tag_add(const struct cmd_entry *, struct cmd_tags *,
	    const char *);

/*
 * support/ui.c: talking with a person at a terminal (IN and OUT are the
 * caller's).
 */
/* The journal's editor (tend_journal_set_editor): $VISUAL, $EDITOR or vi. */
int	cmd_edit(const char *path, void *);
/*
 * Print QUESTION and read one line, without its newline and the spaces
 * around it; EOF: ENOTFOUND.
 */
int	cmd_ask(char **, FILE *in, FILE *out, const char *question);
/* Whether ANSWER asks to stop: q or quit, in any case. */
int	cmd_is_quit(const char *answer);
/*
 * The speaking and listening turns of the check-in: each of the NAMES
 * speaks twice, in turn, over SECONDS in all.  Returns 1 when stopped
 * early with ^C, 0 when the time ran out.
 */
int	cmd_timer(FILE *out, const char *const *names, size_t, double seconds);

#endif
