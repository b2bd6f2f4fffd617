/*
 * What every command file shares: its table entry, the context main hands
 * it, and the exit codes.
 */
#ifndef TEND_CMD_H
#define TEND_CMD_H

#include <sys/types.h>

#include <stdio.h>

#include "../lib/tend.h"

#define EXIT_USAGE	2	/* a bad option or argument; nothing written */

#define CMD_JOURNAL	0x1	/* main opens the journal before exec */

struct cmd_ctx {
	struct tend_journal	*journal;	/* with CMD_JOURNAL, else NULL */
	const char		*dir;		/* -C or $TEND_DIR, or NULL */
	const char		*content_dir;	/* the installed content */
	int			 render_flags;	/* TEND_RENDER_* for stdout */
	pid_t			 pager;		/* 0 until cmd_pager starts one */
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* the arguments, as in a SYNOPSIS;
					   one line per form of the command */
	const char	*summary;	/* one line for the command list */
	int		 flags;
	/* Returns the exit status. */
	int		(*exec)(const struct cmd_entry *, struct cmd_ctx *,
			    int, char **);
};

extern const struct cmd_entry	cmd_agree_entry;
extern const struct cmd_entry	cmd_checkin_entry;
extern const struct cmd_entry	cmd_clone_entry;
extern const struct cmd_entry	cmd_config_entry;
extern const struct cmd_entry	cmd_doctor_entry;
extern const struct cmd_entry	cmd_export_entry;
extern const struct cmd_entry	cmd_help_entry;
extern const struct cmd_entry	cmd_init_entry;
extern const struct cmd_entry	cmd_log_entry;
extern const struct cmd_entry	cmd_reflect_entry;
extern const struct cmd_entry	cmd_resent_entry;
extern const struct cmd_entry	cmd_show_entry;
extern const struct cmd_entry	cmd_status_entry;
extern const struct cmd_entry	cmd_sync_entry;

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
/*
 * Run the sub-verb of VERBS named by ARGV[1] ("agree sign ..."), with
 * ARGV shifted to start at it; DEFAULT_EXEC when ARGV[1] names none.
 */
struct cmd_verb {
	const char	*name;
	int		(*exec)(const struct cmd_entry *, struct cmd_ctx *,
			    int, char **);
};
int	cmd_dispatch(const struct cmd_entry *, const struct cmd_verb *,
	    struct cmd_ctx *, int, char **);
/*
 * Parse the options of a verb that takes only -h and one operand (an id,
 * a name).  Returns 0 with the operand at ARGV[optind], else -1 with the
 * exit status in *STATUS.
 */
int	cmd_one_operand(const struct cmd_entry *, int, char **,
	    const char *verb, int *status);
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
int	cmd_show_main(const struct cmd_entry *, struct cmd_ctx *, int, char **,
	    const char *kind);
/* Progress of a transfer on standard error, when it is a terminal. */
void	cmd_progress(struct tend_progress *, int *drawn);
/* End the progress line, if one was drawn. */
void	cmd_progress_end(struct tend_progress *);
/*
 * Send standard output through $TEND_PAGER, $PAGER or less -FRX, as git
 * does, when it is a terminal; main waits for the pager at the end.
 */
void	cmd_pager(struct cmd_ctx *);
/* Report a failed library call: "tend: CONTEXT: cause"; returns 1 or 2. */
int	cmd_fail(int, const char *, ...) __attribute__((format(printf, 2, 3)));
/*
 * TEXT from an entry or a partner, made safe for one line of a terminal;
 * the result lives until CMD_SAFE_KEPT more calls.
 */
#define CMD_SAFE_KEPT	16
const char	*cmd_safe(const char *);
/* Print "tend: " and the message on one line, made safe for a terminal. */
void	cmd_error(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * ui.c: talking with a person at a terminal (IN and OUT are the caller's).
 */
/* The journal's editor (tend_journal_set_editor): $VISUAL, $EDITOR or vi. */
int	cmd_edit(const char *path, void *);
/* Print QUESTION and read one line, without its newline; EOF: ENOTFOUND. */
int	cmd_ask(char **, FILE *in, FILE *out, const char *question);
/*
 * The speaking and listening turns of the check-in: each of the NAMES
 * speaks twice, in turn, over SECONDS in all.  Returns 1 when stopped
 * early with ^C, 0 when the time ran out.
 */
int	cmd_timer(FILE *out, const char *const *names, size_t, double seconds);

#endif
