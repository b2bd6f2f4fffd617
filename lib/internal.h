/*
 * Declarations shared inside lib/ and with the unit tests; commands use
 * tend.h only.  Each group below is one file of lib/.
 */
#ifndef TEND_INTERNAL_H
#define TEND_INTERNAL_H

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tend.h"

#define TEND_ATTR_PRINTF(f, a)	__attribute__((format(printf, f, a)))

/*
 * Terminal styles (SGR sequences), written only with TEND_RENDER_COLOR.
 */
#define TEND_SGR_PLAIN		"\033[0m"
#define TEND_SGR_BOLD		"\033[1m"
#define TEND_SGR_DIM		"\033[2m"
#define TEND_SGR_ITALIC		"\033[3m"
#define TEND_SGR_NOT_BOLD	"\033[22m"
#define TEND_SGR_NOT_ITALIC	"\033[23m"
#define TEND_SGR_RED		"\033[31m"
#define TEND_SGR_GREEN		"\033[32m"

/*
 * error.c: the last error message, kept as said; whoever shows it to a
 * person makes it safe (tend_text_oneline).
 */
/* Record a message and return CODE, for `return tend_error_set(...)`. */
int	 tend_error_set(int code, const char *fmt, ...) TEND_ATTR_PRINTF(2, 3);
/* Put "context: " in front of the recorded message and return CODE. */
int	 tend_error_wrap(int code, const char *fmt, ...) TEND_ATTR_PRINTF(2, 3);
/* Record strerror(errno) after a message; returns TEND_ERROR. */
int	 tend_error_errno(const char *fmt, ...) TEND_ATTR_PRINTF(1, 2);
/* Record that an allocation failed; returns TEND_ENOMEM. */
int	 tend_error_nomem(void);
/* Forget the message, freeing it (tend_lib_shutdown). */
void	 tend_error_clear(void);
/*
 * Pass the recorded message, about a file a listing skips, to WARN, and
 * return what WARN returns (0 when WARN is NULL).
 */
int	 tend_error_warn(tend_warn_fn warn, void *arg);

/*
 * buf.c: a growing byte string, always NUL-terminated.
 */
struct tend_buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
#define TEND_BUF_INIT	{ NULL, 0, 0 }

int	 tend_buf_grow(struct tend_buf *, size_t);
int	 tend_buf_put(struct tend_buf *, const char *, size_t);
int	 tend_buf_puts(struct tend_buf *, const char *);
int	 tend_buf_printf(struct tend_buf *, const char *, ...)
	    TEND_ATTR_PRINTF(2, 3);
/* Hand the bytes over (never NULL on success); the buffer is emptied. */
char	*tend_buf_detach(struct tend_buf *);
void	 tend_buf_free(struct tend_buf *);

/*
 * text.c: checks and transformations of user text.
 */
/*
 * The most text one flag, file or editor session may give (1 MiB), and
 * the largest entry file tend reads (4 MiB: a check-in holds three texts).
 */
#define TEND_TEXT_MAX	(1024 * 1024)
#define TEND_ENTRY_MAX	(4 * 1024 * 1024)

/*
 * Fail with TEND_EINVALID on NUL bytes, bad UTF-8 or more than
 * TEND_TEXT_MAX bytes; WHAT names the text.
 */
int	 tend_text_validate(const char *what, const char *, size_t);
/* The same without the size limit, for files whose limit is their own. */
int	 tend_text_validate_utf8(const char *what, const char *, size_t);
/*
 * The same for a title, a tag, a name or a setting: one line of 1 to MAX
 * bytes without control characters.
 */
int	 tend_text_validate_line(const char *what, const char *, size_t max);
/* True when TEXT is UTF-8 of one line without control characters. */
int	 tend_text_is_line(const char *, size_t);
/*
 * The code point of the UTF-8 character that starts TEXT into *CP, and
 * its length; 0 when the LEN bytes start with none (overlong, a
 * surrogate, past U+10FFFF, cut short).
 */
size_t	 tend_text_utf8_char(uint32_t *, const char *, size_t);
/* Narrow TEXT to leave out blank lines before it and white space after. */
void	 tend_text_trim(const char **, size_t *);
/*
 * Trim TEXT, and leave out a <!-- --> block that opens it: the guidance
 * of an editor's template.  Later comments are the writer's and stay.
 */
void	 tend_text_strip_comment(const char **, size_t *);
/*
 * Copy TEXT for a terminal: control characters but \n and \t, C1 codes,
 * bidirectional overrides and bad UTF-8 become U+FFFD, visibly.
 */
int	 tend_text_sanitize(struct tend_buf *, const char *, size_t);
/* Append the LEN bytes of TEXT as tend_text_field lays out a field. */
int	 tend_text_field_put(struct tend_buf *, const char *, size_t,
	    size_t width, unsigned int flags);
/*
 * Letters and case in ASCII alone: isalnum(3) and strcasecmp(3) follow
 * LC_CTYPE, which the program sets for display widths (a Turkish locale
 * folds no I to i), and what tend matches must not depend on it.
 */
int	 tend_text_is_alnum(int);
int	 tend_text_casecmp(const char *, const char *);
int	 tend_text_ncasecmp(const char *, const char *, size_t);
/* FNV-1a of LEN bytes: for hash tables and quick inequality tests. */
uint32_t tend_text_hash(const char *, size_t);

/*
 * slug.c: ids and slugs made from names and titles in any script.
 */
/*
 * "Sam Rivera" -> "sam-rivera", "Zoë" -> "zoe", "李明" -> "李明": ASCII
 * letters lowercased, Latin letters with diacritics as their ASCII
 * letters, letters of other scripts kept (lowercased where simple), the
 * rest one dash between words; at most 64 bytes, cut between words.
 * TEND_EINVALID for a name that is not UTF-8 or has no letter or digit.
 */
int	 tend_text_slug(char **, const char *);
/*
 * True when the string is a slug: the slug of itself (letters and digits
 * as tend_text_slug writes them, runs joined by single dashes).
 */
int	 tend_text_is_slug(const char *);
/* The same for the first LEN bytes of TEXT. */
int	 tend_text_is_slug_n(const char *, size_t);
/*
 * Shorten SLUG to at most MAX bytes, if it is longer: at its last dash
 * before MAX, or, for one long word, between two characters.
 */
void	 tend_text_slug_cut(char *, size_t max);
/*
 * True when TEXT holds a character that shows nothing of itself (a
 * zero-width space or joiner, a bidirectional mark, any Unicode format
 * character) or starts with a combining mark: never in a path or an id.
 */
int	 tend_text_is_hidden(const char *, size_t);

/*
 * date.c: the dates entries carry.
 */
/* "2026-11-24T09:15:00+01:00" for T in local time. */
int	 tend_date_format(char out[32], time_t);
/* "2026-11-24" for T in local time. */
int	 tend_date_day(char out[11], time_t);
/*
 * Parse "YYYY-MM-DD" (that day, at the current time of day) or an RFC 3339
 * time, as files hold them; WHAT names the input in messages.
 */
int	 tend_date_parse(time_t *, const char *what, const char *);
/*
 * The same, or as typed: "today", "yesterday", "N.days.ago",
 * "N.weeks.ago" ("N.day.ago", "N.week.ago"), as git reads them, or "last
 * WEEKDAY", the last one before today; a day at the current time of day.
 * A file's date is never one of these: what they name changes each day.
 */
int	 tend_date_parse_typed(time_t *, const char *what, const char *);

/*
 * The time a new entry records, typed as for tend_date_parse_typed; a
 * day after today is refused.
 */
int	 tend_date_written(time_t *, const char *what, const char *);

/* The local day INPUT names, in any form tend_date_parse_typed reads. */
int	 tend_date_day_of(char [11], const char *what, const char *);

/* Whole days from DAY ("YYYY-MM-DD...") to NOW; -1 when DAY is no date. */
long	 tend_date_age(const char *day, time_t now);
/* The same, with TODAY the day ("YYYY-MM-DD") that NOW is. */
long	 tend_date_age_on(const char *day, const char *today);

/*
 * words.c: bytes written as words of a fixed list, 11 bits a word, most
 * significant first: invitation codes that partners read aloud or paste,
 * key fingerprints they compare aloud.  The list (content/words/en.txt)
 * is compiled in, so a code reads the same on every machine.  A word is
 * read whole or by its first four letters or more, in any case; words are
 * parted by any run of spaces, tabs, newlines, hyphens or commas.
 */
#define TEND_WORDS_COUNT	2048
/*
 * Append the first NWORDS * 11 bits of the LEN bytes at DATA as NWORDS
 * words joined by single spaces; TEND_EINVALID when LEN bytes hold fewer.
 */
int	 tend_words_encode(struct tend_buf *out, const uint8_t *data,
	    size_t len, size_t nwords);
/*
 * Read exactly NWORDS words of TEXT into OUT, whose LEN must be the
 * ceil(NWORDS * 11 / 8) bytes they make; the bits past the last word are
 * zero.  A word not in the list, or too few or too many, fail with
 * TEND_EINVALID saying which; OUT is then all zero.
 */
int	 tend_words_decode(uint8_t *out, size_t len, size_t nwords,
	    const char *text);
/*
 * An invitation code, made as BIP-39 makes a mnemonic: a secret of 128
 * bits and the first 4 bits of its SHA-256, 132 bits in 12 words.
 */
#define TEND_CODE_BYTES		16
#define TEND_CODE_WORDS		12
int	 tend_words_code(struct tend_buf *out,
	    const uint8_t secret[TEND_CODE_BYTES]);
/* Read a code back; words that do not add up fail with TEND_EINVALID. */
int	 tend_words_code_read(uint8_t secret[TEND_CODE_BYTES],
	    const char *text);
/* A key's fingerprint: the first 88 bits of a digest of 11 bytes or more. */
#define TEND_FINGERPRINT_WORDS	8
int	 tend_words_fingerprint(struct tend_buf *out, const uint8_t *digest,
	    size_t len);

/*
 * child.c: work in a forked child, given up on when it takes too long.
 */
struct tend_child {
	const char	*what;		/* "the check of remote 'x'", for errors */
	/* In the child: 0, or < 0 leaving a message, which the parent gets. */
	int		(*run)(int fd, void *arg);
	/* In the parent, each piece the child wrote on FD; < 0 stops it. */
	int		(*take)(const char *data, size_t len, void *arg);
	/*
	 * In the parent, once the child has started and before TAKE is
	 * first called, or NULL: work of its own done while the child
	 * works, its output waiting in the pipe meanwhile.  < 0 stops it.
	 */
	int		(*meanwhile)(void *arg);
	void		*arg;
	long		 silence_ms;	/* killed when silent so long; 0: never */
	long		 deadline_ms;	/* killed after so long in all; 0: never */
};
/*
 * Run CHILD: 1 when it was killed for its time, 0 when it ended, with
 * waitpid's STATUS, or < 0 when it could not be run or TAKE or MEANWHILE
 * failed (the child is then killed).
 */
int	 tend_child_run(int *status, const struct tend_child *child);

/*
 * url.c: remote URLs.
 */
/* Whether URL is a path or file:// URL: reached without a network. */
int	 tend_url_is_local(const char *url);
/* Where URL's host name starts, and its length; its port, if it has one. */
const char	*tend_url_host(int *len, const char **port, int *port_len,
		    const char *url);
/* URL as a message shows it: the password of "s://user:pw@host" hidden. */
int	 tend_url_safe(struct tend_buf *, const char *url);
/* "cannot WHAT 'URL': " for a message, URL shown safe; "" without WHAT. */
void	 tend_url_context(char *, size_t, const char *what, const char *url);

/*
 * gitcli.c: the network through the git program (sync.transport), for
 * what libgit2 cannot reach: ~/.ssh/config, remote helpers, http.*.
 */
/* Whether there is a git program on PATH. */
int	 tend_gitcli_found(void);
/*
 * Whether git carries URL's traffic, as SETTING (NULL: auto) says; WHOLE
 * when it is a clone's whole history.
 */
int	 tend_gitcli_chosen(int *git, const char *setting, const char *url,
	    int whole);
/*
 * Run git ARGS (NULL-ended) in DIR (NULL: here): 0, or 1 when it was
 * killed after DEADLINE_MS (0: never; else git asks nothing at the
 * terminal).  What the server said goes to
 * PROGRESS; a failure is one line, "cannot WHAT 'URL': why" (WHAT NULL:
 * the why alone).  SAID (may be NULL; the caller frees it) gets all git
 * wrote, failed or not.
 */
/*
 * The error for a host not trusted, with the fix: an SSH host key not in
 * known_hosts, or a TLS certificate (WHY: what the TLS library said).
 */
enum tend_untrusted { TEND_UNTRUSTED_SSH, TEND_UNTRUSTED_TLS };
int	 tend_remote_untrusted(enum tend_untrusted, const char *what,
	    const char *url, const char *why);
/* What a host that needs a login answered, through either transport. */
#define TEND_LOGIN_REFUSED	"the host refused the user name and password " \
	"from git's credential helpers; check them with 'git credential fill'"
#define TEND_LOGIN_MISSING	"git's credential helpers gave no user name " \
	"and password"
int	 tend_gitcli_run(struct tend_buf *said, const char *dir,
	    const char *const args[], const char *what, const char *url,
	    long deadline_ms, const struct tend_progress *);

/*
 * credential.c: user names and passwords for a host, from git's credential
 * helpers ('git credential fill', gitcredentials(7)), so that tend asks as
 * git asks and keeps none itself.  Git runs with GIT_DIR's config (NULL:
 * the user's alone) and the environment as it is: credential.helper,
 * credential.<url>.* and, when no helper answers, git's terminal prompt
 * (GIT_TERMINAL_PROMPT=0 turns it off) all apply.
 */
struct tend_credential;
/*
 * Ask for URL's user name and password; USERNAME, when not NULL, is the
 * one the URL names.  With PROMPT 0 git does not ask at the terminal
 * (GIT_TERMINAL_PROMPT=0), for work that may be cut short.  The message
 * of a failure says what git said.
 */
int	 tend_credential_fill(struct tend_credential **, const char *git_dir,
	    const char *url, const char *username, int prompt);
/* The credential's fields; they live as long as it does. */
const char *tend_credential_username(const struct tend_credential *);
const char *tend_credential_password(const struct tend_credential *);
/* Tell the helpers the host took it, so they keep it; or refused it. */
int	 tend_credential_approve(const struct tend_credential *);
int	 tend_credential_reject(const struct tend_credential *);
/* Free it, wiping the password first. */
void	 tend_credential_free(struct tend_credential *);

/*
 * crypto.c (libsodium): the primitives every cryptographic format of tend
 * is made of.
 */
#define TEND_ED25519_PUBLIC	32
#define TEND_ED25519_SEED	32
#define TEND_ED25519_SECRET	64	/* the seed, then the public key */
#define TEND_ED25519_SIGNATURE	64
#define TEND_SHA256_SIZE	32
#define TEND_SHA512_SIZE	64

int	 tend_crypto_init(void);
/* Random bytes from the kernel; never fails. */
void	 tend_crypto_random(void *, size_t);
/* Clear secret bytes in a way the compiler cannot leave out. */
void	 tend_crypto_wipe(void *, size_t);
/* Whether two secrets are equal, in time that does not tell where not. */
int	 tend_crypto_equal(const void *, const void *, size_t);
/* A key pair from SEED (TEND_ED25519_SEED bytes), or at random if NULL. */
int	 tend_crypto_ed25519_keypair(uint8_t [TEND_ED25519_PUBLIC],
	    uint8_t [TEND_ED25519_SECRET], const uint8_t *seed);
int	 tend_crypto_ed25519_sign(uint8_t [TEND_ED25519_SIGNATURE],
	    const void *, size_t, const uint8_t [TEND_ED25519_SECRET]);
/* 0 when the signature is good; else TEND_EINVALID. */
int	 tend_crypto_ed25519_verify(const uint8_t [TEND_ED25519_SIGNATURE],
	    const void *, size_t, const uint8_t [TEND_ED25519_PUBLIC]);
void	 tend_crypto_sha256(uint8_t [TEND_SHA256_SIZE], const void *, size_t);
void	 tend_crypto_sha512(uint8_t [TEND_SHA512_SIZE], const void *, size_t);
enum tend_base64 {
	TEND_BASE64_PADDED,	/* RFC 4648's, as in SSH keys */
	TEND_BASE64_UNPADDED,	/* without '=', as in SSH fingerprints */
};
/* Append DATA in base64. */
int	 tend_crypto_base64(struct tend_buf *, const void *, size_t,
	    enum tend_base64);
/*
 * Decode padded base64 TEXT, skipping the characters in IGNORE (or NULL),
 * into at most MAX bytes; anything else is TEND_EINVALID.
 */
int	 tend_crypto_unbase64(uint8_t *, size_t max, size_t *len,
	    const char *, size_t, const char *ignore);

/* An Ed25519 key's X25519 twin, to receive keys in sealed boxes. */
#define TEND_X25519_PUBLIC	32
#define TEND_X25519_SECRET	32
int	 tend_crypto_x25519_public(uint8_t [TEND_X25519_PUBLIC],
	    const uint8_t [TEND_ED25519_PUBLIC]);
int	 tend_crypto_x25519_secret(uint8_t [TEND_X25519_SECRET],
	    const uint8_t [TEND_ED25519_SECRET]);
/*
 * libsodium's sealed box (X25519, XSalsa20-Poly1305): LEN bytes to the
 * holder of TO, LEN + TEND_BOX_SEAL_OVERHEAD bytes out, and back.
 */
#define TEND_BOX_SEAL_OVERHEAD	48
int	 tend_crypto_box_seal(uint8_t *, const uint8_t *, size_t,
	    const uint8_t to[TEND_X25519_PUBLIC]);
int	 tend_crypto_box_open(uint8_t *, const uint8_t *, size_t,
	    const uint8_t [TEND_X25519_PUBLIC],
	    const uint8_t [TEND_X25519_SECRET]);
/* libsodium's secret box (XSalsa20-Poly1305): LEN + MAC bytes out. */
#define TEND_SECRETBOX_KEY	32
#define TEND_SECRETBOX_NONCE	24
#define TEND_SECRETBOX_MAC	16
int	 tend_crypto_secretbox(uint8_t *, const uint8_t *, size_t,
	    const uint8_t [TEND_SECRETBOX_NONCE],
	    const uint8_t [TEND_SECRETBOX_KEY]);
int	 tend_crypto_secretbox_open(uint8_t *, const uint8_t *, size_t,
	    const uint8_t [TEND_SECRETBOX_NONCE],
	    const uint8_t [TEND_SECRETBOX_KEY]);
/*
 * libsodium's key derivation (BLAKE2b, the subkey's ID as salt and an
 * 8-byte CONTEXT as personalisation): LEN bytes, 16 to 64.
 */
#define TEND_KDF_KEY		32
#define TEND_KDF_CONTEXT	8
int	 tend_crypto_kdf(uint8_t *, size_t, uint64_t id,
	    const char [TEND_KDF_CONTEXT], const uint8_t [TEND_KDF_KEY]);
/* BLAKE2b of DATA keyed with KEY, LEN bytes (16 to 64). */
void	 tend_crypto_keyed_hash(uint8_t *, size_t, const void *, size_t,
	    const uint8_t [TEND_KDF_KEY]);
/*
 * Argon2id (RFC 9106) of SECRET with SALT, OPS passes over MEM bytes; the
 * limits bound what a file from a partner may ask of this machine.
 */
#define TEND_ARGON2_SALT	16
#define TEND_ARGON2_OPS_MAX	16ULL
#define TEND_ARGON2_MEM_MAX	((size_t)1 << 30)
int	 tend_crypto_argon2id(uint8_t *, size_t, const char *, size_t,
	    const uint8_t [TEND_ARGON2_SALT], unsigned long long ops,
	    size_t mem);

/*
 * keyring.c: an encrypted journal's keys (see the file).
 */
#define TEND_JOURNAL_KEY	32
#define TEND_INVITE_CODE	16	/* the random bytes of a code */
#define TEND_INVITE_ID_SIZE	17	/* 16 hex digits and a NUL */
struct tend_keyring;
/* The journal keys of every generation this device can open. */
struct tend_journal_keys;

int	 tend_keyring_new(struct tend_keyring **);
/* Read a keyring's text; TEND_EINVALID names the line at fault. */
int	 tend_keyring_parse(struct tend_keyring **, const char *, size_t);
int	 tend_keyring_text(struct tend_buf *, const struct tend_keyring *);
void	 tend_keyring_free(struct tend_keyring *);
/*
 * Open every journal key sealed to the device key SECRET; TEND_ENOTFOUND
 * when there is none for it.
 */
int	 tend_keyring_unlock(struct tend_journal_keys **,
	    const struct tend_keyring *, const uint8_t [TEND_ED25519_SECRET]);
/* Seal each of KEYS the ring lacks for DEVICE to it. */
int	 tend_keyring_grant(struct tend_keyring *,
	    const struct tend_journal_keys *,
	    const uint8_t device[TEND_ED25519_PUBLIC]);
/* Append, 32 bytes each, the devices GENERATION is sealed to. */
int	 tend_keyring_holders(struct tend_buf *, const struct tend_keyring *,
	    uint32_t generation);
/* Take out every key sealed to DEVICE; how many went. */
size_t	 tend_keyring_revoke(struct tend_keyring *,
	    const uint8_t device[TEND_ED25519_PUBLIC]);
/*
 * A new invitation holding every one of KEYS, opened by the random CODE
 * made for it; ID names it in the ring.
 */
int	 tend_keyring_invite(char [TEND_INVITE_ID_SIZE],
	    uint8_t code[TEND_INVITE_CODE], struct tend_keyring *,
	    const struct tend_journal_keys *);
/* The keys of the invitation CODE opens, and its ID; else ENOTFOUND. */
int	 tend_keyring_redeem(struct tend_journal_keys **,
	    char [TEND_INVITE_ID_SIZE], const struct tend_keyring *,
	    const uint8_t code[TEND_INVITE_CODE]);
int	 tend_keyring_withdraw(struct tend_keyring *, const char *id);
size_t	 tend_keyring_invites(const struct tend_keyring *);
/* A journal's first key, of generation 1; a next generation's. */
int	 tend_journal_keys_new(struct tend_journal_keys **);
int	 tend_journal_keys_rotate(struct tend_journal_keys *);
int	 tend_journal_keys_copy(struct tend_journal_keys **,
	    const struct tend_journal_keys *);
/* Add MORE's generations to KEYS; one generation's two keys are refused. */
int	 tend_journal_keys_merge(struct tend_journal_keys *,
	    const struct tend_journal_keys *);
void	 tend_journal_keys_free(struct tend_journal_keys *);
/* The newest generation and its key (borrowed). */
uint32_t tend_journal_keys_current(const struct tend_journal_keys *,
	    const uint8_t **);
/* The key of GENERATION (borrowed), or NULL when this device lacks it. */
const uint8_t *tend_journal_keys_get(const struct tend_journal_keys *,
	    uint32_t generation);

/*
 * ssh.c: OpenSSH's formats for Ed25519 keys (see the file).
 */
/* "SHA256:" and 43 characters of base64, with the NUL. */
#define TEND_SSH_FINGERPRINT_SIZE	51

/* Reading RFC 4253 fields; each fails with TEND_EINVALID at the end. */
struct tend_ssh_reader {
	const uint8_t	*data;
	size_t		 left;
};
int	 tend_ssh_read_u32(uint32_t *, struct tend_ssh_reader *);
int	 tend_ssh_read_string(const uint8_t **, size_t *,
	    struct tend_ssh_reader *);
/* Read a string that must be WANT; WHAT names the field in messages. */
int	 tend_ssh_read_expect(struct tend_ssh_reader *, const char *want,
	    const char *what);
int	 tend_ssh_put_u32(struct tend_buf *, uint32_t);
int	 tend_ssh_put_string(struct tend_buf *, const void *, size_t);
int	 tend_ssh_put_cstring(struct tend_buf *, const char *);
/* A public key as SSH encodes it: "ssh-ed25519" and the 32 bytes. */
int	 tend_ssh_key_blob(struct tend_buf *,
	    const uint8_t [TEND_ED25519_PUBLIC]);
int	 tend_ssh_key_from_blob(uint8_t [TEND_ED25519_PUBLIC],
	    const uint8_t *, size_t);
/* "ssh-ed25519 BASE64", as authorized_keys and allowed_signers have it. */
int	 tend_ssh_public_line(struct tend_buf *,
	    const uint8_t [TEND_ED25519_PUBLIC]);
/* Parse "ssh-ed25519 BASE64", and any comment after a space. */
int	 tend_ssh_public_parse(uint8_t [TEND_ED25519_PUBLIC], const char *,
	    size_t);
/* "SHA256:...", as ssh-keygen -l shows the key. */
int	 tend_ssh_fingerprint(char [TEND_SSH_FINGERPRINT_SIZE],
	    const uint8_t [TEND_ED25519_PUBLIC]);
/* DATA in base64 between the line BEGIN and END, 70 columns a line. */
int	 tend_ssh_armor(struct tend_buf *, const char *begin, const char *end,
	    const void *, size_t);
/*
 * The bytes between the line BEGIN and END of TEXT (which may end in a
 * newline), at most MAX; WHAT names the text in messages.
 */
int	 tend_ssh_unarmor(uint8_t *, size_t max, size_t *len, const char *,
	    size_t, const char *begin, const char *end, const char *what);
/* An unencrypted OpenSSH private key file of SECRET, as ssh-keygen writes. */
int	 tend_ssh_private_write(struct tend_buf *,
	    const uint8_t [TEND_ED25519_SECRET], const char *comment);
int	 tend_ssh_private_read(uint8_t [TEND_ED25519_SECRET], const char *,
	    size_t);

/*
 * sshsig.c: SSH signatures (OpenSSH's PROTOCOL.sshsig), as git makes and
 * checks them with gpg.format = ssh.
 */
/* The largest signature read: an Ed25519 one is under 300 bytes. */
#define TEND_SSHSIG_MAX			1024
#define TEND_SSHSIG_ARMORED_MAX		2048
/* Append the armored signature of DATA in NAMESPACE, no newline after. */
int	 tend_sshsig_sign(struct tend_buf *,
	    const uint8_t [TEND_ED25519_SECRET], const char *namespace,
	    const void *, size_t);
/*
 * 0 when ARMORED is a good signature of DATA in NAMESPACE, with the key
 * that made it in KEY (whose it is, is the caller's to judge); else
 * TEND_EINVALID, saying why.
 */
int	 tend_sshsig_verify(uint8_t [TEND_ED25519_PUBLIC], const char *armored,
	    size_t, const char *namespace, const void *, size_t);

/*
 * layout.c: where everything lives, under the work tree and under .git.
 */
#define TEND_LAYOUT_LOCK	"tend/lock"	/* the journal lock */
#define TEND_LAYOUT_PRIVATE	"tend/private"	/* the private store */
#define TEND_LAYOUT_LAST	"tend-last"	/* txn.c's, in the private
						   store's git folder */
#define TEND_LAYOUT_AGREE_CACHE	"tend/agreements" /* history.c's cache */
#define TEND_LAYOUT_AUTHORS_CACHE "tend/authors"	/* doctor-authors.c's */
#define TEND_LAYOUT_SEALED_CACHE "tend/sealed"	/* doctor-sealed.c's */
#define TEND_LAYOUT_ENTRIES_CACHE "tend/entries"	/* doctor.c's */
#define TEND_LAYOUT_TREES_CACHE "tend/trees"	/* store-trees.c's */
#define TEND_LAYOUT_RESENT_CACHE "tend/resent"	/* resent-cache.c's */
#define TEND_LAYOUT_CHECKIN_CACHE "tend/checkins" /* checkin-cache.c's */
#define TEND_LAYOUT_LOG_CACHE	"tend/log"	/* log-cache.c's */
#define TEND_LAYOUT_DEVICE_KEY	"tend/key-"	/* and the partner's id */
#define TEND_LAYOUT_SIGNERS	"tend/allowed_signers"	/* trust.c's */
/* 1 when PATH lies in an entry folder, with its kind in *KIND (or NULL). */
int	 tend_kind_of_path(enum tend_kind *kind, const char *path);
/*
 * The path of an entry of KIND without ".md": checkin/YYYY/MM/DAY-ME,
 * reflect/YYYY/MM/DAY-ME-SLUG, resent/DAY-ME-SLUG or agree/SLUG; in an
 * encrypted journal (CIPHER not NULL) SLUG is sealed, as base32.
 */
struct tend_cipher;
int	 tend_layout_entry_stem(struct tend_buf *, const struct tend_cipher *,
	    enum tend_kind, const char *day, const char *me, const char *slug);
/* agree/NAME.md, NAME sealed with CIPHER when not NULL. */
int	 tend_layout_agree_path(struct tend_buf *, const struct tend_cipher *,
	    const char *name);
/* The least a sealed slug takes in a path: 60 bytes in base32. */
#define TEND_LAYOUT_SEALED_NAME_MIN	96
/*
 * tend_layout_agree_name for a journal that CIPHER (or NULL) seals: the
 * name an agreement's path holds, opened.
 */
int	 tend_layout_agree_name_of(char [TEND_AGREE_NAME_MAX + 1],
	    const struct tend_cipher *, const char *path, size_t len);
/* The id of the entry at PATH: its file's name without ".md", opened. */
int	 tend_layout_entry_id(char **, const struct tend_cipher *,
	    const char *path);
/* An encrypted journal's keyring, in its work tree (keyring.c). */
#define TEND_LAYOUT_KEYRING	".tend/keyring"
/*
 * Whether an encrypted journal seals the file at PATH: all but the few
 * that git and the host must read (.gitattributes, the keyring, the
 * README).
 */
int	 tend_layout_is_sealed(const char *path);
/* Bytes in one name of a path, as Linux file systems allow (NAME_MAX). */
#define TEND_LAYOUT_NAME_MAX	255
/*
 * Why NAME cannot name a file or folder in a journal ("." or "..", git's
 * own folder in any spelling, too long, a control character, not UTF-8),
 * or NULL when it can.
 */
const char *tend_layout_name_problem(const char *name);

/*
 * fsutil.c: files written so that a crash leaves the old or the new one.
 */
struct stat;
/* The folders tend_fs_mkdirs made, so that a failed write can remove them. */
struct tend_fs_made {
	char	**dirs;		/* in the order made: parents first */
	size_t	  count;
};
#define TEND_FS_MADE_INIT	{ NULL, 0 }
/*
 * Create DIR and its missing parents as 0700 folders, noting each one made
 * in MADE (or NULL).  A call that fails leaves none of its folders behind.
 */
int	 tend_fs_mkdirs(const char *dir, struct tend_fs_made *made);
/* Remove the folders MADE notes, newest first, where still empty; forget. */
void	 tend_fs_unmake(struct tend_fs_made *made);
/* Forget the folders MADE notes, keeping them. */
void	 tend_fs_made_free(struct tend_fs_made *made);
/*
 * When ERROR < 0, remove the first folder MADE notes with all in it, for
 * a new folder that only the failed command wrote (a clone, an export),
 * keeping ERROR's message.  MADE is forgotten either way.
 */
void	 tend_fs_made_discard(struct tend_fs_made *made, int error);
/*
 * After TOP/PATH was removed: remove the folders between it and TOP that
 * it leaves empty, as git does, deepest first.
 */
void	 tend_fs_prune_empty(const char *top, const char *path);
/* Write DATA to PATH via a 0600 temporary file, fsync and rename. */
int	 tend_fs_write_atomic(const char *path, const char *, size_t);
/*
 * ritual.c: the rituals of tend.conf that have a time (and a weekly one
 * its day), in the file's order.
 */
#define TEND_RITUALS_MAX	32
struct tend_ritual {
	char	name[65];
	int	hour, minute;
	int	minutes;		/* its length, rounded; 15 if unset */
	int	weekly;
	int	weekday;		/* 0 sunday .. 6 if weekly, else -1 */
};
struct tend_rituals {
	struct tend_ritual	items[TEND_RITUALS_MAX];
	size_t			count;
};
extern const char *const tend_weekdays[7];	/* "sunday" .. "saturday" */
int	 tend_rituals_read(struct tend_rituals *, struct tend_journal *);
/*
 * blob-cache.c: what reading a blob gave, a record of bytes by the blob's
 * id, in the file NAME (beginning with HEADER) of the git directory
 * GITDIR.  get: 0 and the record, living as long as the cache, else -1;
 * put: a record for ID, replacing one its reader could not use.  close
 * writes the records this run met, if SAVE, and frees.
 */
struct tend_blob_cache;
int	 tend_blob_cache_open(struct tend_blob_cache **, const char *gitdir,
	    const char *name, const char *header);
int	 tend_blob_cache_get(struct tend_blob_cache *, const char *id,
	    const char **, size_t *);
int	 tend_blob_cache_put(struct tend_blob_cache *, const char *id,
	    const char *, size_t);
void	 tend_blob_cache_close(struct tend_blob_cache *, int save);
/*
 * checkin-cache.c: check-in rows as records of a blob cache.  get: 0 and
 * ROW's day, author and ratings if known (the author lives as long as
 * the cache), else -1; put: what a read gave.
 */
int	 tend_checkin_cache_open(struct tend_blob_cache **,
	    const char *gitdir);
int	 tend_checkin_cache_get(struct tend_blob_cache *, const char *id,
	    struct tend_checkin_row *);
int	 tend_checkin_cache_put(struct tend_blob_cache *, const char *id,
	    const struct tend_checkin_row *);

/*
 * log-cache.c: what the timeline shows of an entry's blob, as records of a
 * blob cache: its DAY, KIND, AUTHOR ("-" for none), TITLE and TAGS (as
 * tend_tags_line writes them), the strings living as long as the cache.
 * get: 0 if known, else -1; put: what a read gave.
 */
struct tend_log_known {
	char		 day[11];
	const char	*kind, *author, *title, *tags;
};
int	 tend_log_cache_open(struct tend_blob_cache **, const char *gitdir);
int	 tend_log_cache_get(struct tend_blob_cache *, const char *id,
	    struct tend_log_known *);
int	 tend_log_cache_put(struct tend_blob_cache *, const char *id,
	    const struct tend_log_known *);

/*
 * resent-cache.c: what is known of resentments' blobs, as records of a
 * blob cache.  CLOSED: surely closed, LAST its last day ("" if none), as
 * resent.c's scan judges; VALID: the row's fields, as its parse gives
 * them (living as long as the entry read, or the cache).  get: 0 if
 * known, else -1.
 */
struct tend_resent_known {
	int		 closed;
	char		 last[11];
	int		 valid;
	char		 day[11], raised[11], resolved[11];
	const char	*state, *title, *kind, *author;
	const char	*tags;		/* as tend_tags_line writes them */
};
int	 tend_resent_cache_open(struct tend_blob_cache **,
	    const char *gitdir);
int	 tend_resent_cache_get(struct tend_blob_cache *, const char *id,
	    struct tend_resent_known *);
int	 tend_resent_cache_put(struct tend_blob_cache *, const char *id,
	    const struct tend_resent_known *);
/*
 * The same without the fsyncs, for files made again from the journal
 * (an export): never seen half-written, but not forced to the disk.
 */
int	 tend_fs_write_replace(const char *path, const char *, size_t);
/* Bytes that lie somewhere, to be written with others in order. */
struct tend_piece {
	const char	*data;
	size_t		 len;
};
/* The same from N pieces, written where they lie, not copied together. */
int	 tend_fs_write_replace_pieces(const char *path,
	    const struct tend_piece *, size_t);
/* Write DATA to a new 0600 file DIR/PREFIX-XXXXXX; its path is returned. */
int	 tend_fs_write_temp(char **, const char *dir, const char *prefix,
	    const char *, size_t);
/*
 * Read a whole file of at most TEND_ENTRY_MAX bytes; TEND_ENOTFOUND when
 * it does not exist.
 */
int	 tend_fs_read(char **, size_t *, const char *path);
int	 tend_fs_exists(const char *path);
/* "A/B" joined with one slash; NULL when out of memory. */
char	*tend_fs_join(const char *, const char *);
/* Remove PATH and, if it is a folder, all in it; symbolic links as such. */
int	 tend_fs_remove_tree(const char *path);
/*
 * Call FN(PATH, NAME, ST, ARG) for each entry of folder DIR but "." and
 * "..", with PATH the joined path and ST its lstat, or NULL with errno
 * saying why lstat failed (ENOENT: gone meanwhile).  FN returning non-zero
 * stops the walk; *STOP is that value, else 0, so that FN's errors are
 * never taken for the walk's own: TEND_ENOMEM, or for a DIR that cannot be
 * opened TEND_ENOTFOUND when it does not exist (ENOENT, ENOTDIR), else
 * TEND_ERROR, both with a message naming DIR and errno kept for a caller
 * that tells it in words of its own.
 */
int	 tend_fs_each(int *stop, const char *dir, int (*fn)(const char *path,
	    const char *name, const struct stat *st, void *arg), void *arg);
/*
 * The same walk for a caller that needs only each entry's TYPE (the
 * S_IFMT bits of its lstat's st_mode), which readdir tells on most file
 * systems with no lstat: a walk of many files costs a system call less a
 * file.  TYPE is 0, with errno saying why, when it cannot be told.
 */
int	 tend_fs_each_type(int *stop, const char *dir, int (*fn)(
	    const char *path, const char *name, mode_t type, void *arg),
	    void *arg);

/*
 * lock.c: the lock file behind tend_txn_begin (see tend.h).
 */
/*
 * Make the lock file at PATH, waiting while a running process holds it,
 * then TEND_ELOCKED, saying who holds it.  A stale one is taken over, and
 * TAKEN_OVER (may be NULL) says whose it was; its state is TEND_LOCK_FREE
 * when there was none.
 */
int	 tend_lock_acquire(const char *path, struct tend_lock_info *taken_over);
/* Remove the lock at PATH if this process holds it. */
void	 tend_lock_release(const char *path);
/*
 * Waiting for a lock another holds: pauses that double from 10 ms to 200
 * ms, for at most TOTAL_MS in all.  Start with TEND_BACKOFF(TOTAL_MS).
 */
struct tend_backoff {
	long	total_ms;
	long	pause_ms;
	long	waited_ms;
};
#define TEND_BACKOFF(total_ms)	{ (total_ms), 10, 0 }
/* Sleep the next pause and return 1, or 0 when the time is up. */
int	 tend_backoff_wait(struct tend_backoff *);

/*
 * frontmatter.c (libyaml): the YAML block that opens every entry, held as a
 * tree of tend_meta nodes.  A mapping keeps its keys in order.
 */
struct tend_meta;

enum tend_meta_type {
	TEND_META_TEXT,
	TEND_META_LIST,
	TEND_META_MAP,
};

struct tend_meta	*tend_meta_new_map(void);
void			 tend_meta_free(struct tend_meta *);
enum tend_meta_type	 tend_meta_type(const struct tend_meta *);

/*
 * Set KEY to a string that reads back as a string in any YAML reader
 * (quoted when it would otherwise be a number, a boolean, null, ...).
 * An existing key keeps its place and gets the new value.
 */
int	 tend_meta_set_text(struct tend_meta *, const char *key, const char *);
/* Set KEY to a plain scalar tend controls: a number, a date, an id. */
int	 tend_meta_set_plain(struct tend_meta *, const char *key, const char *);
/* Set KEY to a new empty mapping or list and return it (owned by MAP). */
int	 tend_meta_set_map(struct tend_meta **, struct tend_meta *, const char *);
int	 tend_meta_set_list(struct tend_meta **, struct tend_meta *,
	    const char *);
int	 tend_meta_append_text(struct tend_meta *list, const char *);
int	 tend_meta_remove(struct tend_meta *, const char *key);

/* The value of KEY, or NULL. */
const struct tend_meta	*tend_meta_get(const struct tend_meta *, const char *);
/* The text of KEY when it holds text, else NULL. */
const char	*tend_meta_get_text(const struct tend_meta *, const char *);
/* The text of a TEXT node. */
const char	*tend_meta_text(const struct tend_meta *);
/* Whether a TEXT node was written plain, unquoted: a number may be one. */
int		 tend_meta_is_plain(const struct tend_meta *);
/* Children of a MAP or LIST node; keys are NULL in a list. */
size_t		 tend_meta_count(const struct tend_meta *);
const char	*tend_meta_key_at(const struct tend_meta *, size_t);
const struct tend_meta	*tend_meta_at(const struct tend_meta *, size_t);

/*
 * Parse a YAML mapping (the lines between the --- markers).  FIRST_LINE is
 * the file line the text starts on, so messages say "line 3: ...".  Aliases,
 * anchors, duplicate keys, non-scalar keys and nesting deeper than
 * TEND_META_MAX_DEPTH are refused with TEND_EINVALID.
 */
#define TEND_META_MAX_DEPTH	16
int	 tend_meta_parse(struct tend_meta **, const char *, size_t,
	    size_t first_line);
/* Emit MAP as YAML block mapping text, ending in a newline. */
int	 tend_meta_emit(char **, size_t *, const struct tend_meta *);

/*
 * tag.c: an entry's tags, "tags: [work, money]" in its front matter.
 */
/* TEND_EINVALID unless a 'tags' key, if any, is a list of good tags. */
int	 tend_tags_check_meta(const struct tend_meta *);
/*
 * Set 'tags' in META to the COUNT tags given (none: nothing set), each
 * checked and lowercased, each once.
 */
int	 tend_tags_set_meta(struct tend_meta *, const char *const *, size_t);
/*
 * META's tags as one line, each tag followed by a space ("" for none),
 * as the caches keep them beside a row.
 */
#define TEND_TAGS_LINE	(TEND_TAGS_MAX * (TEND_TAG_MAX + 1) + 1)
void	 tend_tags_line(char [TEND_TAGS_LINE], const struct tend_meta *);
/* Whether META's tags hold any of the COUNT tags WANTED, as checked. */
int	 tend_tags_has(const struct tend_meta *,
	    const char (*wanted)[TEND_TAG_MAX + 1], size_t count);

/*
 * markdown.c (cmark): entry bodies.
 */
/* Lay out a CommonMark body for a terminal, text sanitised. */
int	 tend_markdown_render(struct tend_buf *, const char *, size_t,
	    int flags);
/*
 * The source text under the level-2 heading called NAME, up to the next
 * heading of level 1 or 2, trimmed; TEND_ENOTFOUND when absent.
 */
int	 tend_markdown_section(char **, const char *, size_t, const char *name);

/* A CommonMark body as HTML; raw HTML in it is left out (cmark's safe mode). */
int	 tend_markdown_html(struct tend_buf *, const char *, size_t);
/*
 * The text of the first level-1 heading, and the source text between it
 * and the next heading, trimmed; TEND_ENOTFOUND when there is no heading.
 */
int	 tend_markdown_title(char **title, char **intro, const char *, size_t);

struct tend_clause {
	char	*section;	/* its heading's text; "" before any heading */
	char	*text;		/* white space runs made one space, trimmed */
};
/*
 * Split a Markdown body into clauses: every top-level list item (with its
 * nested content), every other top-level block (paragraph, quote, code...).
 * Headings (any level) start sections and are not clauses; thematic
 * breaks and items without words are left out.  The clauses under one
 * heading share its string: free them with tend_clauses_free only.
 */
int	 tend_markdown_clauses(struct tend_clause **, size_t *, const char *,
	    size_t);
void	 tend_clauses_free(struct tend_clause *, size_t);

/*
 * diff.c: agreements compared clause by clause, section by section.
 */
struct tend_diff;

/* Compare two agreement bodies; free the result with tend_diff_free. */
int	 tend_diff_texts(struct tend_diff **, const char *old, size_t,
	    const char *new, size_t);
/*
 * The same of two bodies' clauses, as tend_markdown_clauses gives them:
 * the diff takes both lists, and frees them with itself, or at once on
 * failure.
 */
int	 tend_diff_clauses(struct tend_diff **, struct tend_clause *old,
	    size_t, struct tend_clause *new, size_t);
/*
 * Take the old body's clauses out of a diff, to compare them again with
 * another text (a history walked newest first): the diff's counts stay,
 * and it is only to be freed.
 */
void	 tend_diff_take_old(struct tend_diff *, struct tend_clause **,
	    size_t *);
void	 tend_diff_free(struct tend_diff *);
/* Counts for a one-line summary, e.g. "2 added, 1 removed, 1 changed". */
size_t	 tend_diff_added(const struct tend_diff *);
size_t	 tend_diff_removed(const struct tend_diff *);
size_t	 tend_diff_changed(const struct tend_diff *);	/* reworded clauses */
size_t	 tend_diff_moved(const struct tend_diff *);	/* to another section */
size_t	 tend_diff_renamed(const struct tend_diff *);	/* renamed sections */
/*
 * Append the readable diff to OUT; flags: TEND_RENDER_COLOR.  Nothing is
 * appended when the texts have the same clauses.
 */
int	 tend_diff_format(struct tend_buf *, const struct tend_diff *,
	    int flags);

/*
 * content.c: prompts and templates, searched in the journal's
 * .tend/content, then $XDG_CONFIG_HOME/tend/content, then the installed
 * folder; the first that has the file wins.
 */
int	 tend_content_read(char **, size_t *, const char *journal_dir,
	    const char *content_dir, const char *name);
/* The "summary" field of the content file NAME ("pillars/empathy.md"). */
int	 tend_content_summary(char **, const char *journal_dir,
	    const char *content_dir, const char *name);
/*
 * Call FN(ID, PATH, TEXT, LEN, ARG) for each .md file of SUBDIR, in the
 * order of their ids (the names without ".md"), each from the most
 * specific place that has it.
 */
int	 tend_content_foreach(const char *journal_dir, const char *content_dir,
	    const char *subdir, int (*fn)(const char *, const char *,
	    const char *, size_t, void *), void *);

/*
 * store*.c (libgit2): the git repositories under a journal, one concern a
 * file (open, read, commit, history, remote, integrate, verify).
 */
struct tend_store;

struct tend_change {
	const char	*path;	/* relative to the work tree */
	const char	*data;	/* NULL removes the file */
	size_t		 len;
};

int	 tend_store_global_init(void);
void	 tend_store_global_shutdown(void);
/* Open the repository whose work tree is DIR. */
int	 tend_store_open(struct tend_store **, const char *dir);
/* Create a repository in DIR, or open the one there; non-bare only. */
int	 tend_store_init(struct tend_store **, const char *dir);
void	 tend_store_free(struct tend_store *);
/*
 * Open the repository holding DIR (its work tree is tend_store_workdir);
 * TEND_ENOTFOUND if none, or if it is bare.
 */
int	 tend_store_discover(struct tend_store **, const char *dir);
const char	*tend_store_workdir(const struct tend_store *);
/* The repository's .git folder. */
const char	*tend_store_gitdir(const struct tend_store *);

/*
 * Sign the bytes of a commit: append an armored signature for its gpgsig
 * header, without a newline after it.
 */
typedef int	(*tend_store_sign_fn)(struct tend_buf *, const char *, size_t,
		    void *);
/* Sign every commit the store makes from now on with SIGN (NULL: none). */
void	 tend_store_set_signer(struct tend_store *, tend_store_sign_fn,
	    void *);
/*
 * Run git's hooks for what the store commits, merges and pushes, handing
 * what they write to OUTPUT (copied; NULL, as a store starts: run none).
 */
void	 tend_store_set_hooks(struct tend_store *,
	    const struct tend_hook_output *);
/* The hooks' output as set, or NULL when no hook is to run. */
const struct tend_hook_output *tend_store_hooks(const struct tend_store *);

/*
 * Seal what the store writes and open what it reads with CIPHER (NULL:
 * none; borrowed, and outlived by the store), at the paths the layout
 * seals (tend_layout_is_sealed), in tend's reads, commits, checkouts and
 * merges alike.
 */
struct tend_cipher;
void	 tend_store_set_cipher(struct tend_store *,
	    const struct tend_cipher *);
/* DATA of PATH sealed as the store would keep it; and opened. */
int	 tend_store_seal(struct tend_buf *, struct tend_store *,
	    const char *path, const char *, size_t);
int	 tend_store_unseal(struct tend_buf *, struct tend_store *,
	    const char *path, const char *, size_t);
/* A commit MESSAGE as the store seals it; one sealed already, as it is. */
int	 tend_store_seal_message(struct tend_buf *, struct tend_store *,
	    const char *message);
/* Whether blob ID is stored sealed, as its first bytes say. */
int	 tend_store_blob_sealed(int *, struct tend_store *, const char *id);
/*
 * TEXTS (base, ours, theirs; NULL: none) of PATH, each sealed or not,
 * merged as git merges text, conflict markers labelled OUR_LABEL and
 * THEIR_LABEL where both changed the same lines, and sealed as the store
 * keeps PATH; *CLEAN says whether none were.
 */
int	 tend_store_merge_sealed(struct tend_buf *, int *clean,
	    struct tend_store *, const char *path, const char *const [3],
	    const size_t [3], const char *our_label, const char *their_label);

/*
 * A value of the repository's configuration (local, global, system), or
 * with a NULL store of the global and system configuration alone.
 */
int	 tend_store_config_get(char **, struct tend_store *, const char *key);
/* Set a value in the repository's own configuration (.git/config). */
int	 tend_store_config_set(struct tend_store *, const char *key,
	    const char *);

/*
 * Commit CHANGES on top of HEAD (an unborn HEAD is fine), touching only
 * their paths, whose files must already be in the work tree as given.  The
 * index is brought up to date for those paths only.  TEND_ECONFLICT when
 * HEAD moved meanwhile.
 */
int	 tend_store_commit(struct tend_store *, const struct tend_change *,
	    size_t, const char *name, const char *email, const char *message);
/*
 * Take back COMMIT, which must be HEAD and no merge: the branch moves to
 * its parent (a first commit leaves it unborn), and the index has CHANGES'
 * paths as the parent has them.  The work tree is the caller's to put
 * back.  TEND_ECONFLICT when HEAD is another commit.
 */
int	 tend_store_uncommit(struct tend_store *, const char *commit,
	    const struct tend_change *, size_t);
/*
 * Whether a remote-tracking branch holds COMMIT: its name in the first
 * argument (owned), or NULL when none does, as before a first push.
 */
int	 tend_store_pushed(char **, struct tend_store *, const char *commit);

/* Read PATH as of HEAD; TEND_ENOTFOUND when it is not there. */
int	 tend_store_read(char **, size_t *, struct tend_store *,
	    const char *path);
enum tend_list_what {
	TEND_LIST_PATHS,	/* the paths alone; data is NULL */
	TEND_LIST_CONTENT,	/* each file's bytes too, not NUL-terminated */
	TEND_LIST_IDS,		/* each file's blob id (hex) as its data, unread */
};

/* Call FN with each file under the top-level folder DIR ("": all) at HEAD. */
int	 tend_store_list(struct tend_store *, const char *dir,
	    enum tend_list_what, int (*fn)(const char *path, const char *data,
	    size_t len, void *), void *);
/*
 * The same, but a file or folder for which SKIP (given the same last
 * argument) returns non-zero is passed over unread, with all it holds.
 */
int	 tend_store_list_pruned(struct tend_store *, const char *dir,
	    enum tend_list_what, int (*skip)(const char *path, int is_folder,
	    void *), int (*fn)(const char *path, const char *data,
	    size_t len, void *), void *);
/*
 * The same with TEND_LIST_IDS, but FOLDER is given each folder's path
 * and tree id first (hex), and returns 0 to go into it, 1 to pass over
 * it unread (a caller who knows that tree), or an error, which ends the
 * walk and is returned.
 */
int	 tend_store_list_ids(struct tend_store *, const char *dir,
	    int (*folder)(const char *path, const char *tree, void *),
	    int (*fn)(const char *path, const char *blob, size_t len,
	    void *), void *);
/*
 * Call FN with the path of each file and folder (IS_FOLDER) under the
 * folder DIR at HEAD, each folder's entries in reverse name order: in
 * folders named by date, the newest first.  FN returns 0 to go on,
 * TEND_LIST_SKIP to pass over a folder unread, TEND_LIST_STOP to end the
 * walk, or an error, which ends it too and is returned.
 */
#define TEND_LIST_SKIP	1
#define TEND_LIST_STOP	2
int	 tend_store_list_newest(struct tend_store *, const char *dir,
	    int (*fn)(const char *path, int is_folder, void *), void *);
/*
 * The walks of tend_store_list_newest are done for now: the trees' names
 * they read are written to .git/tend/trees, and freed.
 */
void	 tend_store_trees_done(struct tend_store *);

/* One commit, as a walk shows it (borrowed for the call). */
struct tend_commit {
	char		 id[TEND_OID_SIZE];
	const char	*author_name;
	const char	*author_email;
	time_t		 time;
	int		 offset;	/* minutes east of UTC */
	const char	*message;	/* opened, when it was sealed */
	int		 sealed;	/* the message was sealed */
	unsigned int	 parents;
	time_t		 commit_time;	/* the committer's */
	/* The parents' ids, in tend_store_walk_folder only; else NULL. */
	const char	(*parent_ids)[TEND_OID_SIZE];
};

/* A file a commit changed: its name, and its blob there ("" if removed). */
struct tend_file_change {
	char	*name;
	char	 blob[TEND_OID_SIZE];
};
/*
 * Call FN with each commit of HEAD's history that KNOWN (or NULL) has not,
 * once each, in no order to rely on (with KNOWN oldest first; without it,
 * newest first along first parents), and the files of the top-level
 * folder DIR whose blobs in it differ from those in every parent.
 */
int	 tend_store_walk_folder(struct tend_store *, const char *dir,
	    const char *known, int (*fn)(const struct tend_commit *,
	    const struct tend_file_change *, size_t, void *), void *);
/* A path a commit changed: its blob there and in each parent ("" if none). */
struct tend_path_change {
	const char	*path;
	char		 blob[TEND_OID_SIZE];
	const char	(*parents)[TEND_OID_SIZE];	/* commit->parents */
};
/*
 * Call FN(COMMIT, CHANGES, COUNT), oldest first, for each commit but a
 * first one that TARGET brings over revision SINCE (NULL: all its
 * history) and that changed files
 * under the NTOPS top-level names TOPS: each file whose blob differs from
 * the one in every parent.
 */
int	 tend_store_path_commits(struct tend_store *, const char *target,
	    const char *since, const char *const *tops, size_t ntops,
	    int (*fn)(const struct tend_commit *,
	    const struct tend_path_change *, size_t, void *), void *);
/*
 * The same for every file, and for first commits too, which change every
 * file they hold (CHANGES' parents are then NULL).
 */
int	 tend_store_path_commits_all(struct tend_store *, const char *target,
	    const char *since, int (*fn)(const struct tend_commit *,
	    const struct tend_path_change *, size_t, void *), void *);
/*
 * Call FN with each commit TARGET brings over revision SINCE (NULL: all
 * its history), oldest first.
 */
int	 tend_store_commits(struct tend_store *, const char *target,
	    const char *since, int (*fn)(const struct tend_commit *, void *),
	    void *);
/*
 * COMMIT's gpgsig header, and the bytes it signs (the commit without it);
 * TEND_ENOTFOUND when the commit is not signed.
 */
int	 tend_store_commit_signature(struct tend_buf *signature,
	    struct tend_buf *signed_data, struct tend_store *,
	    const char *commit);
/* Call FN(KEY, VALUE) with each trailer of a commit message. */
int	 tend_store_trailers(const char *,
	    int (*fn)(const char *, const char *, void *), void *);
/* The blob id of PATH in revision REV ("" when absent), and REV's commit. */
int	 tend_store_blob(char [TEND_OID_SIZE], char [TEND_OID_SIZE],
	    struct tend_store *, const char *rev, const char *path);
/* The id of the first commit of HEAD's history ("" when there is none). */
int	 tend_store_first_commit(char [TEND_OID_SIZE], struct tend_store *);
/* Whether commit ANCESTOR is DESCENDANT or in its history. */
int	 tend_store_contains(struct tend_store *, const char *descendant,
	    const char *ancestor);
/* Read a blob by its id. */
int	 tend_store_read_blob(char **, size_t *, struct tend_store *,
	    const char *id);
/* The same, with PATH the file it is, as opened and in messages. */
int	 tend_store_read_blob_at(char **, size_t *, struct tend_store *,
	    const char *id, const char *path);
/*
 * The blob id DATA has as file PATH of STORE: sealed first when STORE
 * seals PATH, as it is when STORE is NULL.
 */
int	 tend_store_blob_id(char [TEND_OID_SIZE], struct tend_store *,
	    const char *path, const char *, size_t);
/* A unified diff of two texts of PATH, as git diff prints it. */
int	 tend_store_unified(struct tend_buf *, const char *, size_t,
	    const char *, size_t, const char *path);

/*
 * Remotes.  PROGRESS (from tend.h) may be NULL.
 */
enum tend_relation {
	TEND_SAME,		/* nothing to do */
	TEND_AHEAD,		/* only we have new commits: push */
	TEND_BEHIND,		/* only they do: fast-forward */
	TEND_DIVERGED,		/* both: merge */
	TEND_UNRELATED,		/* no common history */
	TEND_REMOTE_EMPTY,	/* the remote has no such branch yet */
};

int	 tend_store_remote_url(char **, struct tend_store *, const char *);
/*
 * What a fetch changes, so that it can be taken back when what it brought
 * is refused: the remote-tracking branch before it ("" for none), and the
 * packs the object store held (NUL-ended names).
 */
struct tend_fetched {
	char		 before[TEND_OID_SIZE];
	struct tend_buf	 packs;
};
/*
 * Fetch BRANCH of REMOTE into refs/remotes/REMOTE/BRANCH, pruned when the
 * remote has it no more; FETCHED (freed with tend_store_fetched_free)
 * notes what it was before.
 */
int	 tend_store_fetch(struct tend_store *, const char *remote,
	    const char *branch, const struct tend_progress *,
	    struct tend_fetched *);
/*
 * Take back the fetch FETCHED noted: the branch as it was, without the log
 * entries that name what came, and the packs it brought gone, so that not
 * one object of a refused push stays (git fsck --strict finds nothing).
 */
int	 tend_store_unfetch(struct tend_store *, const char *remote,
	    const char *branch, const struct tend_fetched *);
void	 tend_store_fetched_free(struct tend_fetched *);
/* The branch HEAD is on; TEND_EINVALID when detached. */
int	 tend_store_branch(char **, struct tend_store *);
/* HEAD's commit id, or "" on an unborn branch. */
int	 tend_store_head(char [TEND_OID_SIZE], struct tend_store *);
/* How HEAD stands to REMOTE/BRANCH, and that commit's id. */
/*
 * Merge the changes OURS and THEIRS made to BASE, texts of PATH: 0 with
 * the merged text in OUT (owned), 1 when they change the same lines.
 */
int	 tend_store_merge_text(char **out, size_t *, const char *path,
	    const char *base, size_t, const char *ours, size_t,
	    const char *theirs, size_t);
int	 tend_store_relation(enum tend_relation *, char [TEND_OID_SIZE],
	    struct tend_store *, const char *remote, const char *branch);
/* Whether a merge, rebase, cherry-pick ... is in progress. */
int	 tend_store_git_op_in_progress(struct tend_store *);
/* Call FN with each path a merge left with conflicts in the index. */
int	 tend_store_unmerged(struct tend_store *,
	    int (*fn)(const char *, void *), void *);
/* Call FN with each path that is changed, staged or untracked. */
int	 tend_store_changes(struct tend_store *,
	    int (*fn)(const char *, void *), void *);
/* Check out commit TARGET and move the branch to it. */
int	 tend_store_fast_forward(struct tend_store *, const char *target);
/*
 * A fast-forward or merge cut short between checking out and moving the
 * branch.  TEND_UPDATE_FILE, under the git folder, says "OLD NEW" while
 * one is under way; its name on disk is the one journals already have.
 */
#define TEND_UPDATE_FILE	"tend/advance"
/* 1, with the two commits' ids, when one was cut short; else 0. */
int	 tend_store_update_pending(char old[TEND_OID_SIZE],
	    char new[TEND_OID_SIZE], struct tend_store *);
enum tend_update_end {
	TEND_UPDATE_FINISH,	/* check NEW out and move the branch to it */
	TEND_UPDATE_UNDO,	/* put OLD's files back; the branch stays */
};
/*
 * End the update cut short, if there is one, either way; a path changed
 * since it was written stops both, with its name.
 */
int	 tend_store_end_update(struct tend_store *, enum tend_update_end);
/*
 * Merge commit TARGET into HEAD with a commit of two parents.  A path
 * both sides changed keeps both versions, with conflict markers, and is
 * passed to CONFLICT; nothing is ever dropped.
 */
int	 tend_store_merge(struct tend_store *, const char *target,
	    const char *name, const char *email, const char *message,
	    const char *their_label, int (*conflict)(const char *, void *),
	    void *);
/* Call FN(PATH, BLOB) for each file the commits not in REMOTE_HEAD add. */
int	 tend_store_outgoing(struct tend_store *, const char *remote_head,
	    int (*fn)(const char *, const char *, void *), void *);

/*
 * hooks.c: git's hooks, which libgit2 does not run, run as git runs them
 * for a store given somewhere for their output (tend_store_set_hooks).
 */
/*
 * Run hook NAME with ARGS (NULL-terminated; may be NULL) and INPUT on its
 * standard input (NULL: none); what it wrote goes to the store's output,
 * made harmless.  0 when there is no such hook or it succeeded; else a
 * message naming it ("the pre-commit hook refused it (exit 1)").
 */
int	 tend_hook_run(struct tend_store *, const char *name,
	    const char *const args[], const char *input);
/*
 * Run hook NAME as git runs post-commit and post-merge: what it says is
 * shown, its failure ignored, and the last error message kept.
 */
void	 tend_hook_notify(struct tend_store *, const char *name,
	    const char *const args[]);
/*
 * The commit-msg hook on MESSAGE, given in a file as git gives it: OUT is
 * the message it left (MESSAGE when there is no hook).
 */
int	 tend_hook_commit_msg(struct tend_buf *out, struct tend_store *,
	    const char *message);
/* Hook NAME as tend installs it for plain git, or NULL (encrypt.c). */
const char *tend_hook_own_text(const char *name);

/*
 * store-incoming.c (libgit2): what a partner's commits would bring in.
 * TEND_INCOMING_DEPTH_MAX: folders below this many are not read.
 */
#define TEND_INCOMING_DEPTH_MAX	32
enum tend_path_kind {
	TEND_PATH_FILE,
	TEND_PATH_FOLDER,
	TEND_PATH_LINK,		/* a symbolic link */
	TEND_PATH_SUBMODULE,	/* a commit of another repository */
	TEND_PATH_OTHER,	/* a mode or object git itself never writes */
	TEND_PATH_DUPLICATE,	/* its folder names it twice */
	TEND_PATH_TOO_DEEP,	/* below TEND_INCOMING_DEPTH_MAX folders */
};
struct tend_incoming_path {
	const char		*path;	/* from the top, '/' between names */
	const char		*name;	/* its last part, exactly as stored */
	enum tend_path_kind	 kind;
	size_t			 depth;	/* 1 at the top */
	size_t			 size;	/* a file's bytes */
	char			 blob[TEND_OID_SIZE];
	char			 folder[TEND_OID_SIZE];	/* the tree holding it */
};
/*
 * Call FN with each file and folder commit TARGET holds that revision
 * SINCE does not hold alike (all of them when SINCE is NULL or an unborn
 * HEAD), a folder before what it holds; folders alike are not read.
 */
int	 tend_store_incoming(struct tend_store *, const char *target,
	    const char *since,
	    int (*fn)(const struct tend_incoming_path *, void *), void *);
/*
 * The commit among those TARGET brings over SINCE that first has FOLDER
 * (a tree id) at DIR, and its author's name: who brought a path.  TARGET
 * itself when none has.
 */
int	 tend_store_incoming_commit(char [TEND_OID_SIZE], char **author,
	    struct tend_store *, const char *target, const char *since,
	    const char *dir, const char *folder);

/*
 * incoming.c: the one check of what a partner's commit TARGET brings over
 * SINCE (NULL: all of it, for a clone), before any of it is written; a
 * refusal names the path, the commit, its author and FROM, the remote.
 * JOURNAL's partners own their entries (NULL only with SINCE NULL).
 */
int	 tend_incoming_check(struct tend_journal *, struct tend_store *,
	    const char *target, const char *since, const char *from);
/*
 * Refuse, in an encrypted journal, to push what commit HEAD brings over
 * REMOTE_HEAD ("" when the remote has none: all of it) in plain text: a
 * file that the journal seals, or a commit message.
 */
int	 tend_outgoing_sealed(struct tend_journal *, const char *head,
	    const char *remote_head);
/*
 * Call FN(COMMIT, PATH) for what commit TARGET brings over SINCE (NULL:
 * all its history) in plain text that an encrypted journal seals: each
 * file (PATH) and each commit message (PATH NULL), files first; FN's
 * non-zero answer ends the walk and is returned.
 */
int	 tend_incoming_plain(struct tend_store *, const char *target,
	    const char *since, int (*fn)(const struct tend_commit *,
	    const char *path, void *), void *);
/* A change of one partner's entry by another (tend_incoming_foreign). */
enum tend_foreign_what {
	TEND_FOREIGN_REMOVED,
	TEND_FOREIGN_CHANGED,
	TEND_FOREIGN_WRITTEN,	/* new, in another partner's name */
};
struct tend_foreign_change {
	const struct tend_commit	*commit;
	const char			*path;
	const char			*owner;	/* the partner wronged */
	enum tend_foreign_what		 what;
	const char			*blob;	/* what it left ("" none) */
	const char			*owned;	/* the owner's before ("") */
	/* Made in the owner's name, but not signed by their key. */
	int				 unsigned_claim;
};
/* Whose a commit is, for tend_incoming_foreign. */
enum tend_owner_rule {
	TEND_OWNER_BY_AUTHOR,	/* its author, as tend.conf knows them */
	/*
	 * With sign.entries set, for a partner whose key this machine
	 * trusts, also its signature by such a key.
	 */
	TEND_OWNER_BY_SIGNER,
};
/*
 * Call FN with each change a commit TARGET brings over SINCE (NULL: all
 * its history) made to an entry of one of JOURNAL's partners other than
 * the commit's author, oldest first.
 */
int	 tend_incoming_foreign(struct tend_journal *, const char *target,
	    const char *since, enum tend_owner_rule,
	    int (*fn)(const struct tend_foreign_change *, void *), void *);
/* What the change did, as "removes alex's entry". */
int	 tend_incoming_foreign_text(struct tend_buf *,
	    const struct tend_foreign_change *);
/*
 * End a sync cut short before anything else is written: finished when
 * what it was taking in passes the check and its files can be written,
 * else undone, failing once with why (TEND_ERROR).
 */
int	 tend_incoming_end_update(struct tend_journal *);
/* Push BRANCH without force; TEND_ECONFLICT when the remote moved on. */
int	 tend_store_push(struct tend_store *, const char *remote,
	    const char *branch, const struct tend_progress *);
/* Clone URL into DIR, writing no work tree yet: see tend_store_checkout. */
int	 tend_store_clone(struct tend_store **, const char *url,
	    const char *dir, const struct tend_progress *);
/* Write HEAD's files into the empty work tree of a new clone. */
int	 tend_store_checkout(struct tend_store *);

/*
 * conf.c (libgit2): a git-config file (tend.conf) held in memory, edited
 * with libgit2's config API through a scratch file under the .git folder.
 */
struct tend_conf;

/*
 * A journal's tend.conf comes from a partner: it is refused, naming the
 * line, if it would pull other files of this machine in ([include],
 * [includeIf]), before git opens any.  .git/config is the user's own.
 */
enum tend_conf_includes {
	TEND_CONF_NO_INCLUDES,
	TEND_CONF_INCLUDES_OK,
};
/* Open the file at PATH for reading only; NAME is what messages call it. */
int	 tend_conf_open(struct tend_conf **, const char *path,
	    const char *name, enum tend_conf_includes);
/* Parse TEXT (may be empty), includes refused; SCRATCH_DIR holds a copy. */
int	 tend_conf_load(struct tend_conf **, const char *scratch_dir,
	    const char *name, const char *text, size_t);
void	 tend_conf_free(struct tend_conf *);
int	 tend_conf_get(char **, struct tend_conf *, const char *key);
int	 tend_conf_set(struct tend_conf *, const char *key, const char *);
/* Take out every value of KEY; none there is fine. */
int	 tend_conf_unset(struct tend_conf *, const char *key);
/* Give KEY one more VALUE (a multivar), unless it has it already. */
int	 tend_conf_add(struct tend_conf *, const char *key, const char *);
/* Call FN with every key and value, in the file's order. */
int	 tend_conf_foreach(struct tend_conf *,
	    int (*fn)(const char *key, const char *value, void *), void *);
/* The text of a loaded (not an opened) file as it now reads. */
int	 tend_conf_text(char **, size_t *, struct tend_conf *);

/*
 * siv.c (libgcrypt): deterministic authenticated encryption, AES-SIV of
 * RFC 5297.  The same key, associated data and plaintext always give the
 * same bytes, as git's clean filter needs; a change to any byte, or
 * another key, makes the data fail to open.
 */
/* AES-256-SIV's key (RFC 5297's AEAD_AES_SIV_CMAC_512): S2V's half first. */
#define TEND_SIV_KEY	64
/* The synthetic IV, which is also the tag, in front of the ciphertext. */
#define TEND_SIV_TAG	16
/* The most components of associated data (RFC 5297 section 7). */
#define TEND_SIV_AD_MAX	126
/* One component of associated data: each is an input of its own to S2V. */
struct tend_siv_ad {
	const void	*data;
	size_t		 len;
};
/* Check libgcrypt's version and set it up, unless done (tend_lib_init). */
int	 tend_siv_init(void);
/*
 * An AES-SIV key, set up once for any number of texts: KEYLEN bytes,
 * TEND_SIV_KEY, or 32 (AES-128-SIV) for the examples of RFC 5297.  Freeing
 * it wipes the key.
 */
struct tend_siv;
int	 tend_siv_new(struct tend_siv **, const uint8_t *key, size_t keylen);
void	 tend_siv_free(struct tend_siv *);
/*
 * Encrypt the LEN bytes of IN under SIV's key and the NAD components of
 * AD: OUT gets the tag, then LEN bytes of ciphertext.  IN and OUT do not
 * overlap.
 */
int	 tend_siv_seal(struct tend_siv *, uint8_t *out,
	    const struct tend_siv_ad *ad, size_t nad, const uint8_t *in,
	    size_t len);
/*
 * Check IN, a tag and then ciphertext, LEN bytes in all, under SIV's key
 * and AD; only if it authenticates, write its LEN - TEND_SIV_TAG bytes of
 * plaintext to OUT.  Else TEND_EINVALID, and OUT is left as it was.
 */
int	 tend_siv_open(struct tend_siv *, uint8_t *out,
	    const struct tend_siv_ad *ad, size_t nad, const uint8_t *in,
	    size_t len);
/*
 * The id git gives an object of TYPE ("blob") and LEN bytes of DATA:
 * SHA-1 without SHAttered's collision detection, which tells damage as
 * well, at a fraction of the cost (tend doctor).
 */
#define TEND_SHA1_SIZE	20
void	 tend_git_object_id(uint8_t out[TEND_SHA1_SIZE], const char *type,
	    const void *data, size_t len);

/*
 * sealed.c: the bytes of an encrypted journal's blobs, names and commit
 * messages, format version 1.  A 12-byte header, "\0tend\0", the version,
 * what the blob holds and the key generation (32 bits, big-endian), is
 * the associated data of AES-SIV; then come the tag and the ciphertext of
 * the plaintext padded to whole buckets (0x80, then zeros: ISO/IEC
 * 7816-4), of 256 bytes, or 32 for a name.
 */
#define TEND_SEALED_HEADER	28	/* the header and the tag */
#define TEND_SEALED_MAX		(64 * 1024 * 1024)	/* the most plaintext */
enum tend_sealed_what {
	TEND_SEALED_FILE = 1,		/* an entry's or another file's text */
	TEND_SEALED_NAME = 2,		/* one name of a path */
	TEND_SEALED_MESSAGE = 3,	/* a commit message */
};
/* 1 when DATA starts as a sealed blob of any version does, else 0. */
int	 tend_sealed_is(const char *, size_t);
/* Append to OUT the blob that seals PLAIN as WHAT with SIV, GENERATION's. */
int	 tend_sealed_seal(struct tend_buf *, enum tend_sealed_what,
	    uint32_t generation, struct tend_siv *, const char *plain,
	    size_t len);
/*
 * cipher.c: what an encrypted journal's keys seal on this device.
 */
struct tend_cipher;
/* A cipher of KEYS, which it owns from then on, even on error. */
int	 tend_cipher_new(struct tend_cipher **, struct tend_journal_keys *);
void	 tend_cipher_free(struct tend_cipher *);
const struct tend_journal_keys *tend_cipher_keys(const struct tend_cipher *);
/* Seal PLAIN as WHAT with the newest generation: the same bytes each time. */
int	 tend_cipher_seal(struct tend_buf *, const struct tend_cipher *,
	    enum tend_sealed_what, const char *plain, size_t);
/*
 * Open DATA, sealed as WHAT by any generation this device holds; a text
 * that is not sealed (from before the journal was encrypted) comes back
 * as it is.
 */
int	 tend_cipher_open(struct tend_buf *, const struct tend_cipher *,
	    enum tend_sealed_what, const char *data, size_t);
/* NAME sealed and written as lowercase base32, for a path; and back. */
int	 tend_cipher_name(struct tend_buf *, const struct tend_cipher *,
	    const char *name);
int	 tend_cipher_unname(struct tend_buf *, const struct tend_cipher *,
	    const char *, size_t);

/*
 * Check DATA's header without a key, and say which key generation sealed
 * it and what it holds; TEND_EINVALID when it is no blob tend can open.
 */
int	 tend_sealed_generation(uint32_t *generation,
	    enum tend_sealed_what *what, const char *, size_t);
/*
 * Check DATA as above, and as WANT, authenticate it with SIV and append
 * its plaintext to OUT.  Nothing is appended unless every check passes.
 */
int	 tend_sealed_open(struct tend_buf *, enum tend_sealed_what want,
	    struct tend_siv *, const char *, size_t);

/*
 * entry.c: entry files.
 */
/*
 * Split a file that opens with front matter (an entry, a content file):
 * parse the YAML and give the offset where the body starts.  PATH names
 * the file in messages.
 */
int	 tend_entry_split(struct tend_meta **, size_t *body, const char *path,
	    const char *, size_t);
/*
 * tend_entry_paths_dated's walk of the journal's files, each with its
 * blob id (hex), unread.
 */
int	 tend_entry_ids_dated(struct tend_journal *, const char *dir,
	    const char *since, const char *until,
	    int (*fn)(const char *path, const char *id, void *), void *);
/*
 * The days that start the names of DIR's dated entries from SINCE to
 * UNTIL (either NULL for no bound), newest first, at most MOST of each
 * store, the journal's and the private one: FN(DAY, ARG) for each.
 * Unread, and only the newest folders are listed.
 */
int	 tend_entry_days_newest(struct tend_journal *, const char *dir,
	    const char *since, const char *until, size_t most,
	    int (*fn)(const char *day, void *), void *);
/*
 * The journal's entry of blob ID at PATH, read and parsed: 0; 1 when it
 * does not parse, with the error set for a warning; or an error.
 */
int	 tend_entry_read_at(struct tend_entry **, struct tend_journal *,
	    const char *id, const char *path);
/* tend_entry_parse in a journal that CIPHER (or NULL) seals names in. */
int	 tend_entry_parse_sealed(struct tend_entry **,
	    const struct tend_cipher *, const char *path, const char *,
	    size_t);
/* The front matter of a parsed entry. */
const struct tend_meta	*tend_entry_meta(const struct tend_entry *);
/* "---\n", the front matter, "---\n", a blank line and BODY. */
int	 tend_entry_compose(struct tend_buf *, const struct tend_meta *,
	    const char *body);

/*
 * json.c: JSON text (RFC 8259) written into a buffer.
 */
/*
 * LEN bytes of TEXT as one JSON string, quotes and all: control
 * characters escaped, and bytes that are not UTF-8 written as U+FFFD.
 */
int	 tend_json_string(struct tend_buf *, const char *, size_t);
/*
 * A front matter node as JSON: a mapping as an object, in its order, a
 * list as an array, and text as a string, but for plain (unquoted)
 * scalars that read as a JSON number, true, false or null.
 */
int	 tend_json_meta(struct tend_buf *, const struct tend_meta *);

/*
 * export.c: TEND_EINVALID when DIR is inside the journal's folder, where
 * an export would be one 'git add' away from being shared.
 */
int	 tend_export_check_dir(struct tend_journal *, const char *dir);

/*
 * reflect.c: the editor's template for a reflection.
 */
/* The question, guidance and follow-up in a leading <!-- --> block. */
int	 tend_reflect_template(char **, const struct tend_prompt *);
/* Drop that block and the blank lines around the text; empty: EINVALID. */
int	 tend_reflect_strip(char **, size_t *, const char *, size_t);

/*
 * keys.c: the local partner's device key, and commit signatures.
 */
enum tend_keys_mode {
	TEND_KEYS_OPEN,		/* TEND_ENOTFOUND when there is none */
	TEND_KEYS_CREATE,	/* made, 0600, when there is none */
};
/* The local partner's device key on this machine. */
int	 tend_keys_device(uint8_t [TEND_ED25519_SECRET],
	    struct tend_journal *, enum tend_keys_mode);
int	 tend_keys_device_public(uint8_t [TEND_ED25519_PUBLIC],
	    struct tend_journal *, enum tend_keys_mode);
/* The journal store's signer (tend_store_sign_fn): ARG is the journal. */
int	 tend_keys_sign_commit(struct tend_buf *, const char *, size_t,
	    void *arg);
/*
 * 0 with the key that signed COMMIT in KEY when its signature is good;
 * TEND_ENOTFOUND when it is not signed; TEND_EINVALID saying why not.
 * Whose key it is, is trust.c's to say.
 */
int	 tend_keys_commit_signer(uint8_t [TEND_ED25519_PUBLIC],
	    struct tend_store *, const char *commit);
/* Set what makes git sign and verify as tend does (gpg.format ssh ...). */
int	 tend_keys_git_config(struct tend_journal *);

/*
 * trust.c: the keys this machine trusts, partner by partner.
 */
struct tend_trust;
int	 tend_trust_load(struct tend_trust **, struct tend_journal *);
void	 tend_trust_free(struct tend_trust *);
/* Whether KEY is trusted here as partner ID's. */
int	 tend_trust_has(const struct tend_trust *, const char *id,
	    const uint8_t [TEND_ED25519_PUBLIC]);
int	 tend_trust_add(struct tend_journal *, const char *id,
	    const uint8_t [TEND_ED25519_PUBLIC]);
/* Whether partner ID has any key trusted here. */
int	 tend_trust_any(const struct tend_trust *, const char *id);

/*
 * txn.c: the transaction, the one way anything writes the journal or the
 * private store.  Begin takes the journal's lock (tend.h) and finishes a
 * sync cut short; a begin while a transaction holds the lock nests inside
 * it.  Stage records a file's new bytes; commit writes the files staged
 * for one store atomically and commits them as the local partner, or puts
 * the files and the folders made for them back as they were; end forgets
 * what was not committed and, outermost, lets the lock go.
 */
enum tend_txn_flags {
	TEND_TXN_DEFAULT	= 0,
	/* ^C may stop it (a slow network), so the program need not defer it. */
	TEND_TXN_INTERRUPTIBLE	= 1u << 0,
};

enum tend_txn_store {
	TEND_TXN_JOURNAL,	/* the shared journal */
	TEND_TXN_PRIVATE,	/* the local partner's private store */
};

struct tend_txn;

int	 tend_txn_begin(struct tend_txn **, struct tend_journal *,
	    unsigned int flags);
/* Stage DATA (copied; NULL removes the file) at PATH in WHERE. */
int	 tend_txn_stage(struct tend_txn *, enum tend_txn_store,
	    const char *path, const char *data, size_t len);
/* Commit what is staged in WHERE (nothing staged: an empty commit). */
int	 tend_txn_commit(struct tend_txn *, enum tend_txn_store,
	    const char *message);
/*
 * Write what is staged in WHERE, which must be what COMMIT's parent holds
 * at those paths, and take back COMMIT, HEAD there (tend_store_uncommit).
 */
int	 tend_txn_uncommit(struct tend_txn *, enum tend_txn_store,
	    const char *commit);
/* Drop what is staged and not committed; the outermost lets the lock go. */
void	 tend_txn_end(struct tend_txn *);
struct tend_journal	*tend_txn_journal(struct tend_txn *);

/*
 * journal.c: what the other parts of lib/ need of an open journal.
 */
/*
 * A path STEM.md (or STEM-2.md, ...) that neither the journal nor the
 * private store has yet.
 */
int	 tend_journal_new_path(struct tend_buf *, struct tend_journal *,
	    const char *stem);
/*
 * Stage FILE at PATH (".../ID.md") in WHERE, commit it in TXN, and return
 * the entry's id.
 */
int	 tend_journal_add(char **id, struct tend_txn *, enum tend_txn_store,
	    const char *path, const struct tend_buf *, const char *message);
/*
 * Refuse TEXT, a tend.conf from elsewhere, for what opening a journal
 * would refuse in it; STORE lends its git folder for the scratch copy.
 */
int	 tend_journal_check_conf(struct tend_store *, const char *text,
	    size_t);
/*
 * Publish this machine's device key in tend.conf (made when there is
 * none), in a commit it signs; nothing when it is there already.
 */
int	 tend_journal_publish_key(struct tend_journal *);
/* Set KEYS to VALUES in tend.conf and commit that with MESSAGE. */
int	 tend_journal_set_conf(struct tend_journal *, const char *const *keys,
	    const char *const *values, size_t, const char *message);
struct tend_store	*tend_journal_store(struct tend_journal *);
const char		*tend_journal_content_dir(const struct tend_journal *);
/* The local partner's name (borrowed) and address (owned) for commits. */
int	 tend_journal_identity(const char **, char **, struct tend_journal *);
/*
 * 1 when a commit by AUTHOR <EMAIL> is partner ID's: by the address
 * tend.conf gives, or without one by the name (or, for the local
 * partner, git's user.email); else 0.
 */
int	 tend_journal_made_by(struct tend_journal *, const char *id,
	    const char *author, const char *email);
enum tend_partner_change {
	TEND_PARTNER_CHANGED,	/* a new name, address or key */
	TEND_PARTNER_REMOVED,
};
/*
 * Call FN(ID, CHANGE) for each partner of tend.conf text OLD whose entry
 * text NEW changes or removes, unless AUTHOR <EMAIL> is that partner (as
 * tend_journal_made_by judges): partners own their own entries.  STORE
 * lends its git folder for the scratch copies.
 */
int	 tend_journal_conf_changes(struct tend_store *, const char *old,
	    size_t, const char *new, size_t, const char *author,
	    const char *email,
	    int (*fn)(const char *, enum tend_partner_change, void *), void *);
/*
 * encrypt.c: joining an encrypted journal.  The journal keys the
 * invitation WORDS open in keyring text RING_TEXT, and its ID.
 */
int	 tend_journal_redeem(struct tend_journal_keys **,
	    char [TEND_INVITE_ID_SIZE], const char *ring_text, size_t,
	    const char *words);
/* Seal the journal with CIPHER, which it owns from then on. */
void	 tend_journal_seal_with(struct tend_journal *, struct tend_cipher *);
/* Commit this device's place in the keyring, invitation ID taken up. */
int	 tend_journal_admit(struct tend_journal *, const char *id);
/*
 * Learn the journal keys the keyring of revision REV seals to this
 * device, as a sync must before it reads what a new key generation
 * sealed; a revision without a keyring teaches nothing.
 */
int	 tend_journal_learn_keys(struct tend_journal *, const char *rev);
/* What seals the journal, or NULL when nothing does (or cannot, here). */
const struct tend_cipher *tend_journal_cipher(const struct tend_journal *);
/* Read tend.conf's partners again, after a sync changed it, say. */
int	 tend_journal_reread(struct tend_journal *);
/*
 * The device keys tend.conf publishes for partner ID (partner.ID.key,
 * borrowed from the journal), and how many.
 */
size_t	 tend_journal_partner_keys(const uint8_t (**)[TEND_ED25519_PUBLIC],
	    const struct tend_journal *, const char *id);
/*
 * Call FN(ID, KEY) (when not NULL) for each device key that tend.conf
 * text TEXT gives, once it reads as a journal's.
 */
int	 tend_journal_conf_keys(struct tend_store *, const char *text,
	    size_t, int (*fn)(const char *, const uint8_t *, void *), void *);
/*
 * The private store: a local-only repository under the journal's .git.
 * TEND_PRIVATE_OPEN fails with TEND_ENOTFOUND while nothing private was
 * written; TEND_PRIVATE_CREATE makes it then, and only a transaction, which
 * holds the lock, asks for that.
 */
enum tend_private_mode {
	TEND_PRIVATE_OPEN,
	TEND_PRIVATE_CREATE,
};
int	 tend_journal_private(struct tend_store **, struct tend_journal *,
	    enum tend_private_mode);
/*
 * Finish the moves into the journal (raising, sharing) that a crash cut
 * between their two commits, inside TXN.
 */
int	 tend_journal_finish_moves(struct tend_txn *);
/* The slot of the transaction that holds the lock; NULL when none does. */
struct tend_txn	**tend_journal_txn(struct tend_journal *);
/*
 * Commit ID's committer time and its parents' ids (*PARENTS allocated,
 * the caller frees it; *COUNT of them).
 */
int	 tend_store_commit_parents(time_t *, char (**parents)[TEND_OID_SIZE],
	    size_t *count, struct tend_store *, const char *id);
/* Tell the program's lock hook (tend.h), if it set one. */
void	 tend_journal_lock_event(struct tend_journal *,
	    const struct tend_lock_note *);

/*
 * history.c: every revision and signature of the agreements, newest
 * first, kept up to date in .git/tend/agreements.
 */
#define TEND_SIGNED		's'
#define TEND_REVISED		'r'

/* What a signature's commit carries (whose key it is, is trust.c's). */
#define TEND_SIG_NONE		'-'	/* no signature: an older tend's */
#define TEND_SIG_BAD		'!'	/* one that does not verify */
#define TEND_SIG_GOOD		'k'	/* a good one, by the key KEY */
/*
 * Not checked yet: a walk of the whole history leaves signatures to be
 * checked when first asked for (tend_journal_signature), since most are
 * never asked for and checking each was half of reading them.
 */
#define TEND_SIG_UNCHECKED	'?'

struct tend_history_event {
	int	 kind;			/* TEND_SIGNED or TEND_REVISED */
	char	 commit[TEND_OID_SIZE];
	time_t	 time;
	char	 blob[TEND_OID_SIZE];	/* the text; "" for a removed file */
	/*
	 * The text's own blob id, which signatures name: BLOB, but in an
	 * encrypted journal, where BLOB holds it sealed by one key
	 * generation, so that a new generation leaves signatures standing.
	 */
	char	 text[TEND_OID_SIZE];
	char	 name[TEND_AGREE_NAME_MAX + 1];
	char	*who;			/* the signer's id, the author's name */
	/*
	 * A signature's commit was made by AUTHOR <EMAIL>; else NULL.  Both
	 * are in WHO's allocation, which alone is freed.
	 */
	char	*author;
	char	*email;
	int	 sig;			/* a signature's TEND_SIG_* */
	uint8_t	 key[TEND_ED25519_PUBLIC];
	/*
	 * The commit's corrected time: its committer time, or one more than
	 * its parents' if that is later.  Events are in its order, newest
	 * first, which puts children before parents and is the same however
	 * the history was read, whole or a piece at a time.
	 */
	long long rank;
	size_t	 seq;			/* history.c's, while it sorts */
};

/* A commit's rank (see tend_history_event), by its id. */
struct tend_history_rank {
	char		id[TEND_OID_SIZE];	/* "" for a free slot */
	long long	rank;
};

struct tend_history {
	struct tend_history_event	*items;
	size_t				 count;
	size_t				 allocated;
	/* What its file is written from again (tend_history_save). */
	char				 head[TEND_OID_SIZE];
	struct tend_history_rank	*newest;	/* newest first */
	size_t				 nnewest;
	int				 unsaved;	/* checked since */
};

int	 tend_history_read(struct tend_history *, struct tend_journal *);
/* Whether COMMIT is signed, and by which KEY: a TEND_SIG_* into SIG. */
int	 tend_history_signer(int *, uint8_t [TEND_ED25519_PUBLIC],
	    struct tend_store *, const char *commit);
/*
 * Event I's signature checked, if it was not yet (its SIG and KEY set):
 * 0, or TEND_ENOMEM.  What a check finds is kept, and saved by
 * tend_history_save.
 */
int	 tend_history_check(struct tend_history *, struct tend_store *,
	    size_t i);
/* Best effort: into its file, if signatures were checked since read. */
void	 tend_history_save(struct tend_history *, struct tend_store *);
void	 tend_history_free(struct tend_history *);
/* HEAD's history, read once for the journal, which keeps it. */
int	 tend_journal_history(const struct tend_history **,
	    struct tend_journal *);
/*
 * Whether COMMIT, event I of the history tend_journal_history gave, is
 * signed, and by which KEY: a TEND_SIG_* into SIG, checked once and kept
 * in that history.  0, or TEND_ENOMEM.
 */
int	 tend_journal_signature(int *, uint8_t [TEND_ED25519_PUBLIC],
	    struct tend_journal *, size_t i, const char *commit);

/*
 * store-verify.c: checking a repository, for doctor.c.
 */
/* An object that cannot be read, as tend_store_verify reports it. */
struct tend_damage {
	char		 id[TEND_OID_SIZE];
	const char	*type;	/* commit, tree, blob, tag, or "object" */
	const char	*ref;	/* the ref (or "the index") reaching it */
	const char	*path;	/* its path in the tree, or NULL */
	const char	*cause;	/* "is missing", "cannot be read: ..." */
};

/*
 * Read and parse every object reachable from a ref, a detached HEAD or the
 * index, which checks each one's hash; call FN with each that is missing or
 * damaged.  *COUNT is how many were read whole.  MEANWHILE (may be NULL)
 * runs once in this process while a child reads the objects, for work that
 * reads none of them; its < 0 stops the check and is returned.  FN and
 * MEANWHILE share ARG.
 */
int	 tend_store_verify(size_t *count, struct tend_store *,
	    int (*fn)(const struct tend_damage *, void *),
	    int (*meanwhile)(void *), void *arg);
/*
 * Call FN(PATH, DATA, LEN, ARG) with each file under the top-level folder
 * DIR at HEAD, its content opened if sealed; FN returns 1 for a file it
 * does not accept.  SKIP(PATH, TREE_ID, ARG) is asked before each folder,
 * DIR included, is read: non-zero passes it over unread.  Each folder
 * read is then told to DONE(PATH, TREE_ID, WHOLE, ARG), WHOLE when FN
 * accepted every file in it.
 */
int	 tend_store_check_files(struct tend_store *, const char *dir,
	    int (*skip)(const char *, const char *, void *),
	    int (*fn)(const char *, const char *, size_t, void *),
	    void (*done)(const char *, const char *, int, void *), void *);
/* Call FN(NAME, URL) for each remote. */
int	 tend_store_remotes(struct tend_store *,
	    int (*fn)(const char *, const char *, void *), void *);
/* Connect to remote NAME and list its refs, giving up after SECONDS. */
int	 tend_store_remote_check(struct tend_store *, const char *name,
	    int seconds);
/* The name of a ref whose history holds COMMIT; TEND_ENOTFOUND if none. */
int	 tend_store_ref_reaching(char **, struct tend_store *,
	    const char *commit);

/*
 * sync.c: what must never leave this machine, for doctor.c.
 */
/*
 * Call FN(PATH, PRIVATE_PATH) for each file a commit of the journal's
 * HEAD adds or changes that has the path or the text of a private entry.
 */
int	 tend_sync_leaks(struct tend_journal *,
	    int (*fn)(const char *, const char *, void *), void *);

/*
 * store-remote-add.c and sync-setup.c: the remote a journal is shared
 * through, set up by tend sync --setup.
 */
/* Add remote NAME at URL, with git's fetch refspec. */
int	 tend_store_remote_add(struct tend_store *, const char *name,
	    const char *url);
/* Take remote NAME out, with its remote-tracking branches. */
int	 tend_store_remote_remove(struct tend_store *, const char *name);
/* The remote tend sync uses when none is named: tend.remote, or origin. */
int	 tend_sync_remote_name(char **, struct tend_store *);

/*
 * Split a partner as given to init or join, "Sam" or "Sam <sam@example.org>",
 * into name and address (NULL when none); refuses control characters.
 */
int	 tend_journal_person(char **name, char **email, const char *spec);

#endif
