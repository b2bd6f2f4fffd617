/*
 * tend: the library behind the tend(1) commands.
 *
 * Every function that can fail returns 0 or a negative TEND_E* code and
 * leaves a message for tend_error().  Out-parameters come first.  Whatever
 * a function hands back through a pointer-to-pointer belongs to the caller,
 * who releases it with the matching _free function (or free(3) for plain
 * strings); const char * results are borrowed from the object they came
 * from and live as long as it does.  The library never prints and never
 * exits.
 */
#ifndef TEND_H
#define TEND_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define TEND_VERSION	"0.1.0"

/* A git object id in hex, with its NUL: the size of a buffer for one. */
#define TEND_OID_SIZE	41

enum tend_status {
	TEND_OK = 0,
	TEND_ERROR = -1,	/* anything not listed below */
	TEND_ENOTFOUND = -2,	/* no such journal, entry, partner or file */
	TEND_EEXISTS = -3,	/* the thing to create is already there */
	TEND_EAMBIGUOUS = -4,	/* an id prefix matches more than one entry */
	TEND_EINVALID = -5,	/* input that breaks a rule the message states */
	TEND_ENOMEM = -6,
	TEND_ECONFLICT = -7,	/* someone else changed the journal meanwhile */
	TEND_ELOCKED = -8,	/* the journal's lock is held, or left stale */
};

/* The message left by the last failing call, in this thread. */
const char	*tend_error(void);
/*
 * Leave MESSAGE for tend_error() and return CODE: for a callback the
 * library calls (an editor, say) to tell why it failed.
 */
int		 tend_error_set_str(int code, const char *message);

/*
 * The one way a listing tells of a file it skips because the file is not
 * what its folder holds: MESSAGE names the file and says why.  Returning
 * < 0 stops the listing with that error.  A NULL tend_warn_fn skips such
 * files without a word.
 */
typedef int	(*tend_warn_fn)(const char *message, void *arg);

/* How tend_text_field lays a field out in its WIDTH columns. */
enum tend_field_flag {
	TEND_FIELD_CUT = 0x1,	/* at most WIDTH columns, cut short with "…" */
	TEND_FIELD_PAD = 0x2,	/* at least WIDTH columns, spaces after it */
};

/*
 * TEXT made safe as one field of a line on a terminal, whoever wrote it:
 * C0 and C1 controls, DEL, bytes that are not UTF-8, the bidirectional
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the zero-width
 * characters (U+200B-U+200D, U+2060, U+FEFF, so that two names that look
 * alike do not read as one; but for a joiner between two emoji, which
 * makes them one) become U+FFFD; newline, tab, U+2028 and U+2029 become
 * spaces.  FLAGS (TEND_FIELD_* or'ed, or 0) fit it to WIDTH display
 * columns, as wcwidth(3) counts them in LC_CTYPE: a wide character (李)
 * takes two, a combining mark none and stays with its base, and a cut is
 * never made inside a character.  When LC_CTYPE is not UTF-8 (the program
 * has not called setlocale(3), say), each character takes one column and
 * a cut ends in "...".
 */
int		 tend_text_field(char **, const char *text, size_t width,
		    unsigned int flags);
/*
 * A message made safe for one line of a terminal, as tend_text_field makes
 * a field, and with a 'quoted' part longer than 80 bytes (200 when it
 * holds a path) cut to its start and its end.
 */
int		 tend_text_oneline(char **, const char *);

/*
 * LEN bytes of TEXT as one JSON string, quotes and all (RFC 8259):
 * controls, U+2028 and U+2029 escaped, and a byte that is not UTF-8
 * written as U+FFFD, so that the document parses.
 */
int		 tend_json_quote(char **, const char *text, size_t len);

/* Set up and tear down the libraries tend stands on; main calls each once. */
int		 tend_lib_init(void);
void		 tend_lib_shutdown(void);

/*
 * Read all of the file at PATH, or of standard input when PATH is "-", as
 * text: at most 1 MiB of UTF-8 without NUL, CR LF line ends read as LF.
 */
int		 tend_fs_read_input(char **, size_t *, const char *path);
/*
 * Write all LEN bytes of DATA to FD, through interruptions and short
 * writes: 0, or -1 with errno as write(2) left it, for the caller to name.
 */
int		 tend_fs_write_all(int fd, const void *data, size_t len);

/* What a fetch or a push reports while it runs (any member may be NULL). */
struct tend_progress {
	void	(*objects)(size_t received, size_t total, void *);
	void	(*remote_text)(const char *, void *);	/* made harmless */
	void	*arg;
};

/*
 * Journals.
 */
struct tend_journal;

/* The folder `tend init` uses when given none: $XDG_DATA_HOME/tend/journal. */
int		 tend_journal_default_dir(char **);

/*
 * Open the journal holding DIR (walking up to a repository with tend.conf),
 * or, when DIR is NULL, the one holding the current directory and else the
 * default folder.  CONTENT_DIR is where the installed content lives.
 */
int		 tend_journal_open(struct tend_journal **, const char *dir,
		    const char *content_dir);
/*
 * Open the journal whose repository holds DIR for tend_journal_seal,
 * tend_journal_unseal and tend_journal_merge alone, as plain git's filter
 * needs it: from tend.me, this device's key and the work tree's keyring,
 * never tend.conf, which a checkout by plain git writes sealed, or late.
 * The journal knows no partner but the local one, by id.
 */
int		 tend_journal_open_keys(struct tend_journal **,
		    const char *dir, const char *content_dir);

/* What tend_lock_inspect finds; see the lock's description below. */
enum tend_lock_state {
	TEND_LOCK_FREE,		/* no lock file */
	TEND_LOCK_HELD,		/* a running process holds it (or may: see
				   other_host), or it is being written */
	TEND_LOCK_STALE,	/* its process is gone, or the file stayed
				   empty or garbled: safe to remove */
};

#define TEND_LOCK_HOST_MAX	256

/* What a lock file says; pid, host and time are 0 or "" when malformed. */
struct tend_lock_info {
	enum tend_lock_state	 state;
	long			 pid;
	char			 host[TEND_LOCK_HOST_MAX];
	long long		 time;		/* when taken, Unix seconds */
	long long		 mtime;		/* the file's modification time */
	int			 malformed;	/* empty or not a lock line */
	int			 other_host;	/* taken on another host: whether
						   it runs cannot be told */
};

/*
 * While a write holds the journal's lock, a signal that ends the program
 * would leave half a change; the library handles no signals, so it tells
 * the program, which may hold them back until the lock is let go.
 */
enum tend_lock_event {
	TEND_LOCK_TOOK_OVER,		/* a stale lock was taken over */
	TEND_LOCK_TAKEN,		/* a write began: defer ^C and kin */
	TEND_LOCK_TAKEN_INTERRUPTIBLE,	/* one ^C may stop (a sync) */
	TEND_LOCK_LET_GO,		/* nothing is half done now */
};

/* What the lock hook is told. */
struct tend_lock_note {
	enum tend_lock_event		 event;
	const char			*path;	/* the lock file */
	/* TEND_LOCK_TOOK_OVER: whose lock it was; else NULL. */
	const struct tend_lock_info	*stale;
};

struct tend_lock_hook {
	void	(*fn)(const struct tend_lock_note *, void *arg);
	void	 *arg;
};

/* Call HOOK (copied; NULL: none) each time the lock is taken or let go. */
void		 tend_journal_set_lock_hook(struct tend_journal *,
		    const struct tend_lock_hook *);

/*
 * git's hooks (githooks(5)): what one wrote on its standard output and
 * error, made harmless, once it ended; HOOK is its name ("pre-commit").
 */
struct tend_hook_output {
	void	(*fn)(const char *hook, const char *text, void *arg);
	void	 *arg;
};

/*
 * Run git's hooks for the journal's commits, merges and pushes, handing
 * what they write to OUTPUT (copied); NULL, as a journal is opened, runs
 * none, so none runs while tend init or tend clone makes a journal.
 */
void		 tend_journal_set_hooks(struct tend_journal *,
		    const struct tend_hook_output *);

/*
 * 0 if ID may be a partner's id: a slug (letters of any script, lowercase
 * where they have a case, digits, single dashes) of at most 64 bytes;
 * else TEND_EINVALID with a message that names it.
 */
int		 tend_id_check(const char *id);

/*
 * Make DIR a journal: create it, or adopt the git repository already there.
 * ME (may be NULL) is the local partner, and ID (may be NULL) their id,
 * made from their name when NULL; PARTNERS are the others.  With
 * TEND_INIT_ENCRYPT in FLAGS, a new folder only, the journal is
 * encrypted from its first commit.  Each name
 * may carry an address, "Sam <sam@example.org>".  Returns TEND_EEXISTS,
 * changing nothing, when DIR already is a journal.  HOOK (may be NULL) is
 * the new journal's lock hook from the start.
 */
#define TEND_INIT_ENCRYPT	0x1	/* seal every file, name and message */
int		 tend_journal_init(struct tend_journal **, const char *dir,
		    const char *content_dir, const char *me, const char *id,
		    const char *const *partners, size_t npartners,
		    const struct tend_lock_hook *, unsigned int flags);
/* Whether the journal is encrypted: it has a keyring. */
int		 tend_journal_encrypted(const struct tend_journal *);
/*
 * For plain git (tend filter): the bytes of file PATH as an encrypted
 * journal's repository keeps them, sealed, and as its work tree holds
 * them, opened; the same bytes for a journal not encrypted and for the
 * files it never seals.  Sealing gives the same bytes each time.
 */
int		 tend_journal_seal(char **, size_t *, struct tend_journal *,
		    const char *path, const char *, size_t);
int		 tend_journal_unseal(char **, size_t *,
		    struct tend_journal *, const char *path, const char *,
		    size_t);
/*
 * TEXTS (base, ours, theirs, as the repository keeps them; NULL for
 * none) of PATH merged as git merges text, with conflict markers named
 * OUR_LABEL and THEIR_LABEL, and sealed: *CLEAN says whether both sides
 * changed no line alike.  tend.conf keeps the lines of both, as a union.
 */
int		 tend_journal_merge(char **, size_t *, int *clean,
		    struct tend_journal *, const char *path,
		    const char *const texts[3], const size_t lens[3],
		    const char *our_label, const char *their_label);
/*
 * A commit MESSAGE as an encrypted journal keeps it, sealed under a
 * subject that tells nothing (one sealed already, or in a journal not
 * encrypted, as it is): for git's commit-msg hook.
 */
int		 tend_journal_seal_message(char **, struct tend_journal *,
		    const char *message);
/*
 * Refuse, in an encrypted journal, what pushing commit LOCAL over REMOTE
 * (an id, or "" when the remote has none) would send in plain text: a
 * file the journal seals, or a commit message.  For git's pre-push hook.
 */
int		 tend_journal_check_push(struct tend_journal *,
		    const char *local, const char *remote);
void		 tend_journal_free(struct tend_journal *);

/* The journal's top folder. */
const char	*tend_journal_path(const struct tend_journal *);
/* The local partner's id (tend.me), or NULL when it is not set. */
const char	*tend_journal_me(const struct tend_journal *);
/* The same, or TEND_ENOTFOUND saying how to set it when unset or unknown. */
int		 tend_journal_whoami(const char **,
		    const struct tend_journal *);
/*
 * The editor the journal asks for text in: EDIT opens the file PATH, which
 * holds a template, and returns 0 once it was saved, or < 0 having left a
 * message (tend_error_set_str).  The library starts no editor itself.
 */
void		 tend_journal_set_editor(struct tend_journal *,
		    int (*edit)(const char *path, void *), void *);
/*
 * Write TEMPLATE to a private file of the journal's .git, have the editor
 * open it, and return what was saved; without an editor, TEND_EINVALID.
 */
int		 tend_journal_edit(char **, size_t *, struct tend_journal *,
		    const char *template);
/*
 * Make ME ("Sam" or "Sam <sam@example.org>") the local partner (tend.me),
 * by the id ID, or one made from their name when ID is NULL; someone new
 * is added to tend.conf in a commit.
 */
int		 tend_journal_join(struct tend_journal *, const char *me,
		    const char *id);
/* A value from tend.conf ("checkin.minutes"); TEND_ENOTFOUND if unset. */
int		 tend_journal_setting(char **, struct tend_journal *,
		    const char *key);
/* The number of partners, and the id and display name of the Nth. */
size_t		 tend_journal_partner_count(const struct tend_journal *);
const char	*tend_journal_partner_id(const struct tend_journal *, size_t);
const char	*tend_journal_partner_name(const struct tend_journal *, size_t);

/*
 * The journal's write lock, <gitdir>/tend/lock: made with O_CREAT|O_EXCL,
 * mode 0600, holding one line "pid=PID host=HOST time=SECONDS".  Every
 * command that writes holds it around its read-modify-commit cycle (both
 * the journal and the private store).  A waiting writer retries for about
 * five seconds while the holder runs, then fails with TEND_ELOCKED; a lock
 * whose holder is gone from this host is taken over, and the lock hook
 * told whose it was.
 */
/* The lock file's path, "<gitdir>/tend/lock" (free it); NULL: no memory. */
char		*tend_journal_lock_path(const struct tend_journal *);
/* Read the lock at PATH and judge its holder; FREE when there is none. */
int		 tend_lock_inspect(struct tend_lock_info *, const char *path);
/*
 * Remove the lock at PATH if, and only if, it is stale (0 also when there
 * is none); TEND_ELOCKED, with the reason, while it is held.
 */
int		 tend_lock_clear(const char *path);

/*
 * Sharing a journal.
 */
#define TEND_SYNC_UPDATED	0x1	/* the partner's commits came in */
#define TEND_SYNC_MERGED	0x2	/* ... through a merge commit */
#define TEND_SYNC_PUSHED	0x4	/* ours went out */
#define TEND_SYNC_BRANCH_GONE	0x8	/* the remote's branch was gone */
#define TEND_SYNC_FORCED	0x10	/* it lost commits it had: forced */

/*
 * Fetch from REMOTE (NULL: tend.remote, else origin), fast-forward or
 * merge, and push without force, again if a partner's push came first.
 * Each path both sides changed keeps both versions with conflict markers
 * and is passed to CONFLICT.  Refuses while git is mid-merge, while
 * journal files have uncommitted changes, and to push private text.
 */
int		 tend_sync(int *outcome, struct tend_journal *,
		    const char *remote, const struct tend_progress *,
		    int (*conflict)(const char *, void *), void *);
/*
 * Share the journal through URL as remote NAME (NULL: tend.remote, else
 * origin), then tend_sync with it.  NAME is added unless it has that URL
 * already (another URL is refused), and becomes the branch's upstream and
 * the remote tend sync uses.  When the sync fails, a remote added here is
 * taken out again, and the message says so.
 */
int		 tend_sync_setup(int *outcome, struct tend_journal *,
		    const char *name, const char *url,
		    const struct tend_progress *,
		    int (*conflict)(const char *, void *), void *);
#define TEND_SYNC_SKIPPED	0x20	/* tend_sync_auto had nothing to do */
/* Where HEAD is before a write, for tend_sync_auto; "" before any commit. */
int		 tend_sync_mark(char [TEND_OID_SIZE], struct tend_journal *);
/*
 * The sync a write asks for when .git/config says sync.auto = true: as
 * tend_sync with the remote it uses, when HEAD moved from MARK and the
 * journal has that remote; else TEND_SYNC_SKIPPED alone.  A remote that
 * does not answer within SECONDS fails it, so a write never waits on a
 * network that hangs for longer.
 */
int		 tend_sync_auto(int *outcome, struct tend_journal *,
		    const char *mark, int seconds,
		    const struct tend_progress *,
		    int (*conflict)(const char *, void *), void *);
/*
 * After a write: when loose objects or packs are past git's gc.auto or
 * gc.autoPackLimit, start 'git gc --auto' on the journal, detached, and
 * return at once.  Nothing happens with gc.auto = 0, maintenance.auto =
 * false, or no git on PATH; it never fails the write.
 */
void		 tend_housekeeping(struct tend_journal *);
/*
 * Clone the journal at URL into DIR as ME, by the id ID (NULL: one made
 * from ME's name); nothing is left on failure.
 * An encrypted journal is joined with CODE, the words 'tend key invite'
 * gave (NULL for a journal not encrypted).  HOOK (may be NULL) is the new
 * journal's lock hook from the start.
 */
int		 tend_clone(struct tend_journal **, const char *url,
		    const char *dir, const char *content_dir, const char *me,
		    const char *id, const char *code,
		    const struct tend_progress *,
		    const struct tend_lock_hook *);

/*
 * Device keys: each partner signs their commits with a key of their own
 * on each machine, published in tend.conf; a machine believes a partner's
 * first key on first use, and others once its partner confirms them.
 */
enum tend_key_state {
	TEND_KEY_MINE,		/* this machine's own */
	TEND_KEY_TRUSTED,	/* a partner's, trusted here */
	TEND_KEY_NEW,		/* a partner's first, trusted just now */
	TEND_KEY_UNCONFIRMED,	/* published, not yet confirmed here */
	TEND_KEY_RETIRED,	/* trusted here, no longer published */
};

/* "SHA256:" and 43 characters of base64, as ssh-keygen -l shows a key. */
#define TEND_KEY_FINGERPRINT_SIZE	51

struct tend_key_row {
	const char		*partner;	/* the partner's id */
	const char		*fingerprint;
	const char		*words;		/* the same, to read aloud */
	enum tend_key_state	 state;
};

/* Call FN with each partner's keys, published or trusted here. */
int		 tend_key_list(struct tend_journal *,
		    int (*fn)(const struct tend_key_row *, void *), void *);
/*
 * Take in what tend.conf publishes: trust a partner's one first key (FN
 * is told, TEND_KEY_NEW) and tell FN of each key still unconfirmed.
 */
int		 tend_key_learn(struct tend_journal *,
		    int (*fn)(const struct tend_key_row *, void *), void *);
/*
 * Trust partner ID's key whose FINGERPRINT is given ("SHA256:..." or
 * without "SHA256:"), or, when NULL, their one key waiting to be
 * confirmed; its fingerprint comes back in the first argument.
 */
int		 tend_key_confirm(char [TEND_KEY_FINGERPRINT_SIZE],
		    struct tend_journal *, const char *id,
		    const char *fingerprint);

/*
 * Invite a device into an encrypted journal: an invitation holding its
 * keys is committed to the keyring, and the one-time code that opens it
 * comes back as twelve words, for 'tend clone --code'.
 */
int		 tend_key_invite(char **code, struct tend_journal *);
/*
 * Make DIR, a new folder, an encrypted journal that holds what JOURNAL
 * (not encrypted) holds now: its settings, partners and entries, and the
 * local partner's private ones, each under a sealed name, all in its
 * first commit.  JOURNAL and its history stay as they are; nothing is
 * left of DIR on failure.
 */
int		 tend_journal_encrypt(struct tend_journal **,
		    struct tend_journal *, const char *dir,
		    const struct tend_lock_hook *);
/*
 * Start a new key generation in an encrypted journal: sealed to every
 * device that holds the newest one, but LEAVING's (a partner's id, or
 * NULL), whose devices are taken out of the keyring; every file is
 * sealed anew with it, in one commit.  Its number comes back.
 */
int		 tend_key_rotate(unsigned long *generation, struct tend_journal *,
		    const char *leaving);

/*
 * The journal's layout (layout.c): each kind of entry lives in the folder
 * of its name.
 */
enum tend_kind {
	TEND_KIND_CHECKIN,
	TEND_KIND_REFLECT,
	TEND_KIND_RESENT,
	TEND_KIND_AGREE,
};
#define TEND_KIND_COUNT		4
#define TEND_AGREE_NAME_MAX	64

/* "checkin", "reflect", "resent", "agree"; NULL for no kind. */
const char	*tend_kind_name(enum tend_kind);
/*
 * 1 when the LEN bytes at PATH are an agreement's path, "agree/NAME.md",
 * with NAME copied to OUT; 0 when not.
 */
int		 tend_layout_agree_name(char out[TEND_AGREE_NAME_MAX + 1],
		    const char *path, size_t len);

/*
 * Entries.
 */
struct tend_entry;

/*
 * Find the entry whose id is ID or starts with it, and read it.  An
 * ambiguous prefix fails with TEND_EAMBIGUOUS and names the candidates.
 */
int		 tend_entry_find(struct tend_entry **, struct tend_journal *,
		    const char *id);
/* Parse the text of an entry file; PATH (journal-relative) names it. */
int		 tend_entry_parse(struct tend_entry **, const char *path,
		    const char *text, size_t len);
void		 tend_entry_free(struct tend_entry *);

/* Where entries live; a walk may take both, or'ed. */
enum tend_where {
	TEND_IN_JOURNAL = 0x1,	/* the shared journal */
	TEND_IN_PRIVATE = 0x2,	/* the local partner's private store */
};

/*
 * Call FN(ENTRY, ARG) with each entry under the folder DIR ("checkin",
 * "reflect", ...) of the stores in WHERE; the entry is freed when FN
 * returns.  WARN(MESSAGE, WARN_ARG) names each file that does not parse.
 * FN stops the walk by returning < 0.
 */
int		 tend_entry_foreach(struct tend_journal *, const char *dir,
		    unsigned int where, int (*fn)(struct tend_entry *, void *),
		    void *arg, tend_warn_fn warn, void *warn_arg);
/*
 * The same, but only for the entries named for the days from SINCE to
 * UNTIL ("YYYY-MM-DD", either NULL for no bound); entries whose names
 * carry no day (agreements) are all passed.  The others are not read.
 */
int		 tend_entry_foreach_dated(struct tend_journal *,
		    const char *dir, unsigned int where, const char *since,
		    const char *until, int (*fn)(struct tend_entry *, void *),
		    void *arg, tend_warn_fn warn, void *warn_arg);
/* The same, but only the paths, unread; FN's int says "private". */
int		 tend_entry_paths_dated(struct tend_journal *,
		    const char *dir, unsigned int where, const char *since,
		    const char *until, int (*fn)(const char *, int, void *),
		    void *);

const char	*tend_entry_id(const struct tend_entry *);
const char	*tend_entry_path(const struct tend_entry *);
const char	*tend_entry_kind(const struct tend_entry *);
const char	*tend_entry_author(const struct tend_entry *);
const char	*tend_entry_body(const struct tend_entry *);
/* The entry's file exactly as stored. */
const char	*tend_entry_text(const struct tend_entry *, size_t *);
/* Whether the entry lives in the private store. */
int		 tend_entry_is_private(const struct tend_entry *);
/* A top-level front matter field that holds text, or NULL. */
const char	*tend_entry_field(const struct tend_entry *, const char *);

#define TEND_RENDER_COLOR	0x1	/* bold headings, dim labels (ANSI) */
/* Wrap at N columns (20 to 1000) instead of 78. */
#define TEND_RENDER_WIDTH(n)	((n) << 8)

/* The entry laid out for a terminal, control characters made harmless. */
int		 tend_entry_render(char **, const struct tend_entry *, int flags);

/*
 * Changing my own entries (entry-edit.c).  An agreement is refused (it is
 * changed with tend_agree_edit and signed again), and so is another
 * partner's entry.
 */
/*
 * The entry ID names, if the local partner may edit it (or REMOVE it):
 * the entry the calls below change, which check, once they hold the
 * journal's lock, that it is still as read (TEND_ECONFLICT if not).
 */
int		 tend_entry_find_mine(struct tend_entry **,
		    struct tend_journal *, const char *id, int remove);
/*
 * Save TEXT, a whole file from an editor, as ENTRY, where it lives; its
 * kind, author, date and state must be as they were, and what its kind
 * asks for there (five ratings of 1 to 5, a title).  A text that fails
 * the check is kept in .git/tend and the error says where.  *CHANGED
 * says whether anything was committed.
 */
int		 tend_entry_save(int *changed, struct tend_journal *,
		    const struct tend_entry *, const char *, size_t);
/*
 * Replace ENTRY's text after its front matter with TEXT; a check-in's
 * notes alone (none when TEXT is empty).
 */
int		 tend_entry_set_body(int *changed, struct tend_journal *,
		    const struct tend_entry *, const char *, size_t);
/*
 * Take ENTRY out of the store it lives in (a shared reflection out of
 * both), in a commit.  History keeps it.
 */
int		 tend_entry_remove(struct tend_journal *,
		    const struct tend_entry *);

/* What tend_undo took back, or would. */
#define TEND_UNDO_SUBJECT_MAX	200
struct tend_undo {
	char		 subject[TEND_UNDO_SUBJECT_MAX];  /* the commit's */
	char		 commit[TEND_OID_SIZE];	/* in the journal, or "" */
	char		 private_commit[TEND_OID_SIZE];	/* or "" */
	unsigned int	 where;		/* TEND_IN_* of the stores it touched */
	int		 reverted;	/* shared already: a commit reverts it */
	/* A raise or share a partner may have fetched: they may have seen it. */
	int		 seen;
};
/*
 * Take back the local partner's last change by tend: a commit of the
 * journal not yet on a remote-tracking branch goes (the branch and the
 * files it touched back to its parent), one already pushed is reverted in
 * a new commit, and a change of the private store goes.  A commit that is
 * a partner's, a merge or not tend's is refused, as are files changed and
 * not committed on its paths.  With DRY_RUN, nothing is written.
 */
int		 tend_undo(struct tend_undo *, struct tend_journal *,
		    int dry_run);

/*
 * TEND_EINVALID unless INPUT is a day a new entry may record (its --date):
 * YYYY-MM-DD, an RFC 3339 time, today, yesterday, N.days.ago, N.weeks.ago
 * or last WEEKDAY, and not after today.  WHAT names it.
 */
int		 tend_date_check_written(const char *what, const char *input);

/*
 * Tags, on an entry of any kind: letters of any script, digits, '-' and
 * '_', at most TEND_TAG_MAX bytes, ASCII lowercased; at most TEND_TAGS_MAX
 * on one entry.
 */
#define TEND_TAG_MAX	32
#define TEND_TAGS_MAX	16
/* TAG checked and lowercased into OUT, or TEND_EINVALID naming it. */
int		 tend_tag_check(char out[TEND_TAG_MAX + 1], const char *tag);

/*
 * The daily check-in.
 */
#define TEND_PILLAR_COUNT	5
#define TEND_RATING_MIN		1
#define TEND_RATING_MAX		5

/* The key of the Nth pillar: vulnerability, listening, empathy, ... */
const char	*tend_pillar_key(size_t);

/* The one-line description of the Nth pillar, from content/pillars. */
int		 tend_pillar_summary(char **, struct tend_journal *, size_t);

struct tend_checkin;

/* One check-in, as tend_checkin_list gives it (borrowed, for the call). */
struct tend_checkin_row {
	char		 day[11];
	const char	*id;
	const char	*author;
	int		 ratings[TEND_PILLAR_COUNT];	/* 0: missing */
	const char	*tags;		/* each followed by a space; "" */
};

/*
 * Call FN with each check-in in the journal from SINCE (a date, or NULL
 * for all), by day and then partner; WARN names each file that is not a
 * check-in.
 */
int		 tend_checkin_list(struct tend_journal *, const char *since,
		    int (*fn)(const struct tend_checkin_row *, void *),
		    tend_warn_fn warn, void *);
/*
 * Call FN with the day and the author of each check-in from the day SINCE
 * (or NULL), read from the files' names alone, so that years of history
 * cost a listing of folders and no parse.  The days of the year and month
 * folders come newest first; once FN returns a positive number, the
 * older years and months are passed over unread.
 */
int		 tend_checkin_days(struct tend_journal *, const char *since,
		    int (*)(const char *day, const char *author, void *),
		    void *);

enum tend_checkin_text {
	TEND_CHECKIN_APPRECIATION,
	TEND_CHECKIN_NEED,
	TEND_CHECKIN_NOTES,
};

int		 tend_checkin_new(struct tend_checkin **);
void		 tend_checkin_free(struct tend_checkin *);
/* Take one "pillar=rating" argument. */
int		 tend_checkin_rate(struct tend_checkin *, const char *);
/* Set one of the written parts; the text must be UTF-8 without NUL. */
int		 tend_checkin_set_text(struct tend_checkin *,
		    enum tend_checkin_text, const char *, size_t);
/*
 * Date the check-in: "YYYY-MM-DD", an RFC 3339 time or a day counted
 * back ("yesterday", "3.days.ago"; default: now); a day after today is
 * refused.
 */
int		 tend_checkin_set_date(struct tend_checkin *, const char *);
/*
 * A ritual's length as tend.conf and --timer give it, in any locale:
 * minutes with at most two decimals ("15", "7.5"), from 1 to MAX, into
 * the double; TEND_EINVALID, naming WHAT, if it is anything else.
 */
int		 tend_minutes_parse(double *, const char *what,
		    const char *text, double max);
/* File it under TAG too (tend_tag_check); each tag once. */
int		 tend_checkin_add_tag(struct tend_checkin *, const char *);
/* Its day, into DAY, when dated another day than today; else NULL. */
const char	*tend_checkin_other_day(const struct tend_checkin *,
		    char day[11]);
/* Whether any pillar has been rated yet. */
int		 tend_checkin_is_rated(const struct tend_checkin *);
/* Fails with TEND_EINVALID, naming what is missing, unless complete. */
int		 tend_checkin_validate(const struct tend_checkin *);
/*
 * Whether the local partner has checked in already on the check-in's
 * day, which tend_checkin_write would replace: into the int.
 */
int		 tend_checkin_exists(int *, struct tend_journal *,
		    const struct tend_checkin *);
/*
 * Write the local partner's check-in for its day and commit it; a second
 * check-in on the same day replaces that day's file in a new commit.  The
 * new entry's id is returned through the first argument.
 */
int		 tend_checkin_write(char **, struct tend_journal *,
		    const struct tend_checkin *);

/*
 * Reflections and their prompts.
 */
struct tend_prompts;
struct tend_prompt;

/*
 * Load the reflection prompts (content/prompts/reflect, with overrides),
 * with the day the local partner last answered each.  Files that are not
 * prompts are skipped, each named to WARN.
 */
int		 tend_prompts_load(struct tend_prompts **,
		    struct tend_journal *, tend_warn_fn warn, void *);
void		 tend_prompts_free(struct tend_prompts *);
size_t		 tend_prompts_count(const struct tend_prompts *);
const struct tend_prompt *tend_prompts_at(const struct tend_prompts *, size_t);
int		 tend_prompts_find(const struct tend_prompt **,
		    const struct tend_prompts *, const char *id);
/* The prompt answered least recently (never answered first; then by id). */
int		 tend_prompts_next(const struct tend_prompt **,
		    const struct tend_prompts *);

const char	*tend_prompt_id(const struct tend_prompt *);
const char	*tend_prompt_theme(const struct tend_prompt *);
const char	*tend_prompt_question(const struct tend_prompt *);
const char	*tend_prompt_guidance(const struct tend_prompt *);
const char	*tend_prompt_followup(const struct tend_prompt *);	/* or NULL */
const char	*tend_prompt_last_answered(const struct tend_prompt *);	/* or NULL */

/* Open the editor on PROMPT's template and return the text written. */
int		 tend_reflect_edit(char **, size_t *, struct tend_journal *,
		    const struct tend_prompt *);
struct tend_reflect_new {
	const struct tend_prompt *prompt;
	const char		*text;
	size_t			 len;
	enum tend_where		 where;		/* private, or shared */
	const char *const	*tags;
	size_t			 ntags;
	const char		*date;		/* as typed, or NULL: now */
};

/*
 * Write a reflection into its WHERE: the private store, or shared in the
 * journal.  Its id is returned.
 */
int		 tend_reflect_write(char **, struct tend_journal *,
		    const struct tend_reflect_new *);
/* Publish a private reflection; the private copy stays, marked shared. */
int		 tend_reflect_share(char **, struct tend_journal *,
		    const char *id);
/* Call FN(ID, DATE, PROMPT, SHARED, ARG) for my reflections, newest first. */
int		 tend_reflect_list(struct tend_journal *, int (*)(const char *,
		    const char *, const char *, int, void *), void *);

/*
 * Resentments.
 */
#define TEND_RESENT_KIND_COUNT	5

/* The key of the Nth kind: expectation, hurt, communication, ... */
const char	*tend_resent_kind(size_t);
/* Its one-line description, from content/resent. */
int		 tend_resent_kind_summary(char **, struct tend_journal *,
		    size_t);
/* TEND_EINVALID, listing the valid ones, unless it is a kind or state. */
int		 tend_resent_check_kind(const char *);
int		 tend_resent_check_state(const char *);

struct tend_resent_new {
	const char		*title;
	const char		*kind;
	const char *const	*tags;
	size_t			 ntags;
	const char		*text;		/* may be NULL */
	size_t			 len;
	int			 raise;		/* into the journal at once */
	const char		*date;		/* as typed, or NULL: now */
};

/* Open the editor for a resentment's text (guidance left out; may be empty). */
int		 tend_resent_edit(char **, size_t *, struct tend_journal *);
/* Write a resentment: private, or raised at once; its id comes back. */
int		 tend_resent_write(char **, struct tend_journal *,
		    const struct tend_resent_new *);
/* Move a private resentment into the journal, state "raised". */
int		 tend_resent_raise(char **, struct tend_journal *,
		    const char *id);
/* Record how a raised one was resolved; AGREEMENT must exist if given. */
int		 tend_resent_resolve(char **, struct tend_journal *,
		    const char *id, const char *note, const char *agreement);
/* Let a private one go; it stays in the private history. */
int		 tend_resent_drop(char **, struct tend_journal *,
		    const char *id);

struct tend_resent_filter {
	int		 all;		/* resolved and dropped ones too */
	const char	*state;		/* only this state */
	const char	*kind;		/* only this kind */
};

struct tend_resent_row {
	char	 day[11];
	char	 raised[11];	/* the day it was raised, or "" */
	char	 resolved[11];	/* the day it was resolved, or "" */
	long	 age;		/* days since it was written */
	char	*id;
	char	*title;
	char	*kind;
	char	*author;
	char	*state;
	char	*tags;		/* each followed by a space; "" */
	int	 private;
};

/*
 * Call FN with each resentment FILTER lets through, oldest first; WARN
 * gets the reason for each file that is not a resentment.
 */
int		 tend_resent_list(struct tend_journal *,
		    const struct tend_resent_filter *,
		    int (*fn)(const struct tend_resent_row *, void *),
		    tend_warn_fn warn, void *);
/*
 * The same, but a resolved or dropped one whose days (raised, resolved,
 * dropped) all come before the day SINCE may be left out, unparsed.
 */
int		 tend_resent_list_since(struct tend_journal *,
		    const struct tend_resent_filter *, const char *since,
		    int (*fn)(const struct tend_resent_row *, void *),
		    tend_warn_fn warn, void *);

/*
 * Agreements.
 */
struct tend_agree_new {
	const char	*name;		/* a slug: phones-at-dinner */
	const char	*template;	/* from content/templates/agree, or NULL */
	const char	*title;		/* or NULL: the template's, or the name */
	const char	*review;	/* YYYY-MM-DD, or NULL */
	const char	*text;		/* the body, or NULL */
	size_t		 len;
	/* Only for a new one: */
	const char *const *tags;
	size_t		 ntags;
	const char	*date;		/* the day it was made, or NULL */
};

/* Make agreement NAME (not signed by anyone yet). */
int		 tend_agree_new(struct tend_journal *,
		    const struct tend_agree_new *);
/*
 * Change an agreement's title, review day or body (the fields not NULL);
 * *CHANGED says whether anything was committed.
 */
int		 tend_agree_edit(int *changed, struct tend_journal *,
		    const struct tend_agree_new *);
/*
 * The agreement's file as committed, to edit; one with both versions of
 * a merge in it opens with a note saying how to finish.
 */
int		 tend_agree_text(char **, size_t *, struct tend_journal *,
		    const char *name);
/* A new agreement's file to fill in with an editor, then to save. */
int		 tend_agree_starter(char **, struct tend_journal *,
		    const struct tend_agree_new *);
/*
 * Save a whole text of the file (from an editor, say), checked first: a
 * new agreement, or a change of one.  A text that fails the check is kept
 * in .git/tend and the error says where.
 */
int		 tend_agree_save(int *changed, struct tend_journal *,
		    const char *name, const char *, size_t);
/*
 * The same for a text edited from BASE (NULL: a new agreement): when a
 * partner's change came in while the editor was open, one to other lines
 * is merged in; one to the same lines, or the file made or removed
 * meanwhile, fails with the text kept.
 */
int		 tend_agree_save_edit(int *changed, struct tend_journal *,
		    const char *name, const char *base, size_t,
		    const char *, size_t);
/* Sign the current text as the local partner. */
int		 tend_agree_sign(struct tend_journal *, const char *name);

struct tend_agree_row {
	const char	*name;
	const char	*title;
	const char	*state;		/* draft, in force, amended, ... */
	/*
	 * Partner ids, ", " between them, each followed by " (unverified)"
	 * when their signature of the text does not count.
	 */
	const char	*unsigned_by;
	const char	*review;	/* or NULL */
};

/* Call FN for each agreement, by name; WARN for files that do not parse. */
int		 tend_agree_list(struct tend_journal *,
		    int (*fn)(const struct tend_agree_row *, void *),
		    tend_warn_fn warn, void *);
/*
 * The agreement laid out for reading, with its state and signers; AS_OF
 * (a day, a time or a revision) shows an older text.
 */
int		 tend_agree_show(char **, struct tend_journal *,
		    const char *name, const char *as_of, int flags);
enum tend_diff_form {
	TEND_DIFF_CLAUSES,	/* clause by clause, laid out for reading */
	TEND_DIFF_UNIFIED,	/* a unified diff of the file */
};

/*
 * What changed between FROM and TO (each "signed", a day, a time or a
 * revision; NULL: the last text all signed, and the current one), in
 * FORM; FLAGS are those of tend_entry_render.
 */
int		 tend_agree_diff(char **, struct tend_journal *,
		    const char *name, const char *from, const char *to,
		    int flags, enum tend_diff_form form);

struct tend_agree_event {
	const char	*what;		/* created, edited, removed, signed */
	const char	*who;
	time_t		 time;
	char		 commit[TEND_OID_SIZE];
	const char	*detail;	/* "1 added, 2 changed", ... */
	/* Why a signature does not count ("not signed with a key"), or NULL. */
	const char	*doubt;
};

/* Call FN with each revision and signature of NAME, newest first. */
int		 tend_agree_log(struct tend_journal *, const char *name,
		    int (*fn)(const struct tend_agree_event *, void *), void *);

struct tend_agree_clause {
	const char	*section;
	const char	*text;
	const char	*who;		/* who last wrote it */
	time_t		 time;
};

/* Call FN with each clause of the current text and who last changed it. */
int		 tend_agree_blame(struct tend_journal *, const char *name,
		    int (*fn)(const struct tend_agree_clause *, void *), void *);
/* Call FN(ID, TITLE) for each agreement template. */
int		 tend_agree_templates(struct tend_journal *,
		    int (*fn)(const char *, const char *, void *), void *);

/*
 * The timeline.
 */
struct tend_log_filter {
	const char		*since;		/* days as tend_log reads them */
	const char		*until;
	const char *const	*kinds;		/* none: every kind */
	size_t			 nkinds;
	const char		*author;	/* a partner's id or name */
	const char *const	*tags;		/* any of them; none: all */
	size_t			 ntags;
	size_t			 limit;		/* 0: no limit */
};

struct tend_log_row {
	char		 day[11];
	const char	*author;
	const char	*kind;
	const char	*id;
	const char	*title;		/* or the first line of the text */
	int		 private;
};

/*
 * Call FN with the entries FILTER lets through, shared and my private
 * ones, newest first; WARN names each file that does not parse.  Days
 * are YYYY-MM-DD, an RFC 3339 time, today, yesterday, N.days.ago,
 * N.weeks.ago or last WEEKDAY.
 */
int		 tend_log(struct tend_journal *, const struct tend_log_filter *,
		    int (*fn)(const struct tend_log_row *, void *),
		    tend_warn_fn warn, void *);

/*
 * Search.
 */
#define TEND_SEARCH_REGEX	0x1	/* the pattern is a POSIX extended
					   regular expression, not a text */
#define TEND_SEARCH_CASE	0x2	/* case matters */
#define TEND_SEARCH_META	0x4	/* give each hit's author and date */

struct tend_search_query {
	const char		*pattern;	/* one line */
	unsigned int		 flags;		/* TEND_SEARCH_* */
	const char *const	*kinds;		/* none: every kind */
	size_t			 nkinds;
	const char		*author;	/* a partner's id or name */
	const char		*since;		/* days as tend_log reads them */
	const char		*until;
	const char *const	*tags;		/* an entry must carry all */
	size_t			 ntags;
};

/* One matching line of an entry. */
struct tend_search_line {
	size_t		 number;	/* in the file, from 1 */
	const char	*text;		/* not NUL-terminated; no newline */
	size_t		 len;
	const size_t	*spans;		/* each match: its offset in TEXT
					   and its length, in pairs */
	size_t		 nspans;
};

/* An entry with matching lines; all is borrowed for the call. */
struct tend_search_hit {
	char				 day[11];
	const char			*id;
	const char			*kind;
	const char			*path;	/* in its store's work tree */
	const char			*author;	/* with TEND_SEARCH_META */
	const char			*date;		/* the same; or NULL */
	int				 private;
	const struct tend_search_line	*lines;
	size_t				 nlines;
};

/*
 * Call FN with each entry, shared or my private one, that QUERY lets
 * through and that has a line holding its pattern, newest first.  The
 * text of the entry is searched, and the title in its front matter;
 * without TEND_SEARCH_CASE, letters match in either case.  The files are
 * read from the work trees, as they are, so that an encrypted journal is
 * searched as a plain one.  WARN names each file that does not parse.
 */
int		 tend_search(struct tend_journal *,
		    const struct tend_search_query *,
		    int (*fn)(const struct tend_search_hit *, void *),
		    tend_warn_fn warn, void *);

/*
 * Settings, in one of two files.  Unknown keys and bad values are refused
 * with the rule (TEND_EINVALID).
 */
enum tend_config_file {
	TEND_CONFIG_SHARED,	/* tend.conf, committed and shared */
	TEND_CONFIG_LOCAL,	/* .git/config, this clone's alone */
};

/* The file KEY belongs to; TEND_ENOTFOUND for a key of neither. */
int		 tend_config_file_of(enum tend_config_file *, const char *key);
int		 tend_config_get(char **, struct tend_journal *,
		    enum tend_config_file, const char *key);
int		 tend_config_set(struct tend_journal *, enum tend_config_file,
		    const char *key, const char *value);
/* Call FN(KEY, VALUE) for each known key that is set. */
int		 tend_config_list(struct tend_journal *, enum tend_config_file,
		    int (*fn)(const char *, const char *, void *), void *);

/*
 * Exports.
 */
/*
 * The rituals of tend.conf ([ritual "NAME"] time, minutes, repeat, day)
 * as an RFC 5545 calendar; DAYS > 0 ends the repeats that many days on.
 */
int		 tend_export_ics(char **, struct tend_journal *, long days);
/*
 * Each partner's own entries, as stored, under DIR/ID/KIND/, and the
 * local partner's private ones under DIR/ID/private/KIND/.
 */
int		 tend_export_markdown(size_t *, struct tend_journal *,
		    const char *dir);

/*
 * Every entry of the stores in WHERE (TEND_IN_PRIVATE adds my private
 * ones) as one JSON document (tend-export(1) describes it), its length,
 * and the number of entries; WARN names each file that does not parse,
 * which is left out.
 */
int		 tend_export_json(char **, size_t *, size_t *count,
		    struct tend_journal *, unsigned int where,
		    tend_warn_fn warn, void *warn_arg);
/*
 * Write an export's LEN bytes of DATA to the file PATH, outside the
 * journal, whole or not at all (a 0600 file, fsynced, renamed into
 * place).
 */
int		 tend_export_save(struct tend_journal *, const char *path,
		    const char *data, size_t len);

/*
 * Imports.
 */
#define TEND_IMPORT_DRY_RUN	0x1	/* check and tell, write nothing */
#define TEND_IMPORT_SHARE	0x2	/* into the journal, not private */

struct tend_import_counts {
	size_t	imported;
	size_t	known;		/* imported before: left out */
};

/* One entry of an import, as it is written (or would be). */
struct tend_import_row {
	const char	*origin;	/* the note's path, or "FILE: entry N" */
	const char	*id;		/* the new entry's id; NULL when known */
	const char	*day;		/* YYYY-MM-DD */
	const char	*title;		/* or NULL */
	int		 known;		/* imported before: left out */
};

/*
 * Make each entry of SOURCE the local partner's reflection, dated as the
 * source dates it, in one commit: SOURCE is a jrnl JSON export (a file)
 * or a folder of Markdown notes, read whole (tend-import(1)).  Anything
 * wrong in any entry fails it all, naming the file and the entry, with
 * nothing written.  An entry imported before, as its "imported" key
 * tells, is left out.  FN (or NULL) is told of each entry.
 */
int		 tend_import(struct tend_import_counts *,
		    struct tend_journal *, const char *source,
		    unsigned int flags,
		    int (*fn)(const struct tend_import_row *, void *),
		    void *);

/* Told how far a long job has come: DONE of about TOTAL steps. */
typedef void	(*tend_progress_fn)(size_t done, size_t total, void *arg);

struct tend_export_counts {
	size_t	pages;		/* in the site */
	size_t	written;	/* made anew by this export */
	size_t	removed;	/* of entries that are gone */
};

/*
 * A static website of the journal in DIR: an index with the timeline and
 * charts (inline SVG, no JavaScript), a page per entry and per agreement,
 * of the entries in WHERE (TEND_IN_PRIVATE adds my private ones).  Into
 * the folder of an earlier export, only the pages whose sources changed
 * are written, and those of entries that are gone removed.  PROGRESS (or
 * NULL) is called after each page.
 */
int		 tend_export_html(struct tend_export_counts *,
		    struct tend_journal *, const char *dir, unsigned int where,
		    tend_progress_fn progress, void *progress_arg);

/*
 * The dashboard.  Averages are -1 where there was nothing to average.
 */
#define TEND_DASHBOARD_WEEKS	12

struct tend_dashboard_partner {
	const char	*id;		/* borrowed from the journal */
	const char	*name;
	int		 today;		/* checked in today */
	int		 streak;	/* days in a row with a check-in */
	double		 recent[TEND_PILLAR_COUNT];	/* last 4 weeks */
	double		 before[TEND_PILLAR_COUNT];	/* the 4 weeks before */
	double		 weekly[TEND_PILLAR_COUNT][TEND_DASHBOARD_WEEKS];
};

struct tend_dashboard {
	char				 today[11];
	const char			*me;
	struct tend_dashboard_partner	*partners;
	size_t				 npartners;
	int				 streak;	/* everyone, each day */
	int				 differ[TEND_PILLAR_COUNT];
	size_t				 private_resentments;
	long				 oldest_private;	/* days */
	size_t				 raised_resentments;
	long				 oldest_raised;
	size_t				 resolved_recently;	/* 30 days */
	char				**to_sign;	/* agreements */
	size_t				 nto_sign;
	char				**amended;
	size_t				 namended;
	char				**conflicts;
	size_t				 nconflicts;
	char				**review_due;
	size_t				 nreview_due;
	/* A signature of the current text that does not count. */
	char				**unverified;
	size_t				 nunverified;
	/* "sam SHA256:...": published keys not trusted here yet. */
	char				**keys_to_confirm;
	size_t				 nkeys_to_confirm;
	char				**patterns;	/* said plainly */
	size_t				 npatterns;
	int				 attention;	/* something to do */
	/* The tags of the last TEND_DASHBOARD_TAG_DAYS, most used first. */
	struct tend_dashboard_tag {
		char	 tag[TEND_TAG_MAX + 1];
		size_t	 count;
	}				*tags;
	size_t				 ntags;
};
#define TEND_DASHBOARD_TAG_DAYS	30

/*
 * Gather the dashboard's facts about the journal, as of now; WARN gets
 * the reason for each check-in or resentment file that cannot be read.
 */
int		 tend_dashboard_read(struct tend_dashboard **, struct tend_journal *,
		    tend_warn_fn warn, void *);
void		 tend_dashboard_free(struct tend_dashboard *);

/*
 * Reminders: what is due now for the local partner (tend remind).
 */
#define TEND_REMIND_REFLECT_DAYS	7	/* a reflection a week */
#define TEND_REMIND_RESENT_DAYS		14	/* open this long: ageing */

enum tend_remind_kind {
	TEND_REMIND_CHECKIN,	/* no check-in of mine today */
	TEND_REMIND_REFLECT,	/* no reflection of mine for a week */
	TEND_REMIND_REVIEW,	/* an agreement's review day has come */
	TEND_REMIND_RESENT,	/* a resentment open two weeks or more */
};

struct tend_remind_item {
	enum tend_remind_kind	 kind;
	char			*subject;	/* REVIEW: the agreement's
						   name; RESENT: the title */
	char			*id;		/* RESENT: the entry's id */
	char			 day[11];	/* REVIEW: the review day;
						   REFLECT: the last one's,
						   or "" for none */
	long			 days;		/* REFLECT: since the last
						   one; RESENT: open for */
	char			 time[6];	/* CHECKIN: the ritual's
						   HH:MM, or "" */
	int			 private;	/* RESENT: not raised yet */
};

struct tend_reminders {
	struct tend_remind_item	*items;
	size_t			 count;
};

/*
 * What is due today, in the order of the kinds: read from the names of
 * the day's check-ins and of my reflections, and from the agreements'
 * and resentments' caches, so that it is quick enough for every prompt.
 * WARN gets each resentment or agreement file that cannot be read.
 */
int		 tend_remind_read(struct tend_reminders **,
		    struct tend_journal *, tend_warn_fn warn, void *);
void		 tend_reminders_free(struct tend_reminders *);

/* How tend_remind_units writes the command it runs. */
struct tend_remind_command {
	const char	*tend;		/* the absolute path of tend */
	const char	*journal;	/* the journal's absolute path */
};

/*
 * The systemd user units that run "tend -C JOURNAL remind --notify" at
 * each ritual's time: a .service and a .timer.  TEND_EINVALID when no
 * ritual has a time, or a path cannot be written in a unit.
 */
int		 tend_remind_units(char **service, char **timer,
		    struct tend_journal *, const struct tend_remind_command *);
/* The same as crontab(5) lines, one a ritual. */
int		 tend_remind_crontab(char **, struct tend_journal *,
		    const struct tend_remind_command *);
#define TEND_REMIND_SERVICE	"tend-remind.service"
#define TEND_REMIND_TIMER	"tend-remind.timer"
/* Write the two units into DIR, made if missing, each atomically. */
int		 tend_remind_install(const char *dir, const char *service,
		    const char *timer);
/*
 * Remove the units from DIR, and the timer's link that enabling it made
 * in DIR/timers.target.wants; *REMOVED says whether there were any.
 */
int		 tend_remind_uninstall(int *removed, const char *dir);

/*
 * The journal's health (tend doctor).
 */
enum tend_doctor_level {
	TEND_DOCTOR_OK,
	TEND_DOCTOR_FIXED,	/* was wrong, and --fix repaired it */
	TEND_DOCTOR_WARNING,	/* worth a look; nothing is lost */
	TEND_DOCTOR_ERROR,	/* wrong, and still so */
};

/* One finding, borrowed for the call; text made safe for a terminal. */
struct tend_doctor_finding {
	enum tend_doctor_level	 level;
	const char		*check;		/* objects, permissions, ... */
	const char		*subject;	/* a store, a path, a remote */
	const char		*message;
	const char		*fix;		/* what to do, or NULL */
};

#define TEND_DOCTOR_FIX		0x1	/* repair what is safe to repair */
#define TEND_DOCTOR_OFFLINE	0x2	/* leave the remotes alone */

/*
 * Check the journal and its private store: objects, permissions, locks,
 * entries, privacy, remotes.  FN gets each finding, and an "ok" one for
 * each part found sound; returning < 0 stops the checks.
 */
int		 tend_doctor(struct tend_journal *, int flags,
		    int (*fn)(const struct tend_doctor_finding *, void *),
		    void *);

#endif
