/*
 * The network through the git program, for what libgit2 1.5 cannot do:
 * ~/.ssh/config (aliases, ProxyJump, keys with a passphrase), remote
 * helpers (gcrypt::, ext::), and every http.* and credential setting as
 * git reads it.  Only the transfer goes through git: tend still checks,
 * integrates and refuses what comes in itself.
 */

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define SAID_MAX	(64 * 1024)	/* bytes of git's output kept */
#define GIT_ARGS_MAX	24

struct run {
	const char		*dir;
	const char *const	*args;
	int			 detached;	/* from the terminal */
	struct tend_buf		 said;
};

static int	run_exec(int, void *);
static int	run_take(const char *, size_t, void *);
static void	pass_remote_text(const struct tend_buf *,
		    const struct tend_progress *);
static int	has_line(const struct tend_buf *, const char *);
static int	last_line(struct tend_buf *, const struct tend_buf *,
		    const char *);
static int	explain(const struct tend_buf *, const char *, const char *);

int
tend_gitcli_found(void)
{
	struct tend_buf	 path = TEND_BUF_INIT;
	const char	*dirs = getenv("PATH"), *end;
	int		 found = 0;

	for (; dirs != NULL && !found; dirs = *end != '\0' ? end + 1 : NULL) {
		end = dirs + strcspn(dirs, ":");
		path.len = 0;
		if (tend_buf_printf(&path, "%.*s/git", end > dirs ?
		    (int)(end - dirs) : 1, end > dirs ? dirs : ".") < 0)
			break;
		found = access(path.data, X_OK) == 0;
	}
	tend_buf_free(&path);
	return found;
}

int
tend_gitcli_chosen(int *git, const char *setting, const char *url,
    int whole)
{
	/*
	 * auto: libgit2 for a path, where it needs no process and is the
	 * quicker for what a sync brings, but not for a clone's whole
	 * history: its local transport gives the indexer one object at a
	 * time, and each maps the pack written so far again (39 s for ten
	 * years of journal, against git's 3 s).
	 */
	if (setting == NULL || strcmp(setting, "auto") == 0)
		*git = (whole || !tend_url_is_local(url)) &&
		    tend_gitcli_found();
	else if (strcmp(setting, "git") == 0) {
		if (!tend_gitcli_found())
			return tend_error_set(TEND_ENOTFOUND, "sync.transport "
			    "is git, but there is no git program on PATH");
		*git = 1;
	} else if (strcmp(setting, "libgit2") == 0)
		*git = 0;
	else
		return tend_error_set(TEND_EINVALID, "sync.transport is '%s'; "
		    "it must be git, libgit2 or auto", setting);
	return 0;
}

/* In the child: git's output goes to the parent, and only there. */
static int
run_exec(int fd, void *arg)
{
	struct run	*run = arg;
	const char	*argv[GIT_ARGS_MAX + 4];
	size_t		 n = 0, i;

	argv[n++] = "git";
	if (run->dir != NULL) {
		argv[n++] = "-C";
		argv[n++] = run->dir;
	}
	for (i = 0; run->args[i] != NULL && n < GIT_ARGS_MAX + 3; i++)
		argv[n++] = run->args[i];
	argv[n] = NULL;
	/* FD itself stays open until exec, for a failure's message. */
	if (dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return tend_error_errno("cannot start git");
	/*
	 * Work that may be killed asks nothing at the terminal: a password
	 * half typed would leave it without echo.  Without a controlling
	 * terminal, ssh cannot ask for a passphrase either.
	 */
	if (run->detached && (setsid() < 0 ||
	    setenv("GIT_TERMINAL_PROMPT", "0", 1) < 0))
		return tend_error_errno("cannot start git");
	/* git's words are read below: in English, whatever the locale. */
	if (setenv("LC_ALL", "C", 1) < 0 || unsetenv("LANGUAGE") < 0 ||
	    unsetenv("GIT_DIR") < 0 || unsetenv("GIT_WORK_TREE") < 0 ||
	    unsetenv("GIT_INDEX_FILE") < 0)
		return tend_error_errno("cannot start git");
	execvp("git", (char *const *)argv);
	return tend_error_errno("cannot run git");
}

static int
run_take(const char *data, size_t len, void *arg)
{
	struct run	*run = arg;

	/* The end says what went wrong: a flood keeps its last half. */
	if (run->said.len + len > SAID_MAX && run->said.len > SAID_MAX / 2) {
		memmove(run->said.data, run->said.data + run->said.len -
		    SAID_MAX / 2, SAID_MAX / 2);
		run->said.len = SAID_MAX / 2;
	}
	if (len > SAID_MAX / 2) {
		data += len - SAID_MAX / 2;
		len = SAID_MAX / 2;
	}
	return tend_buf_put(&run->said, data, len);
}

/* What the server said ("remote: ..."), made harmless, as libgit2's does. */
static void
pass_remote_text(const struct tend_buf *said,
    const struct tend_progress *progress)
{
	struct tend_buf	 safe = TEND_BUF_INIT;
	const char	*line, *end;

	if (progress == NULL || progress->remote_text == NULL)
		return;
	for (line = said->data; line != NULL && line < said->data + said->len;
	    line = end + 1) {
		if ((end = memchr(line, '\n', said->data + said->len - line)) ==
		    NULL)
			end = said->data + said->len;
		if (end - line < 8 || strncmp(line, "remote: ", 8) != 0)
			continue;
		safe.len = 0;
		if (tend_text_sanitize(&safe, line + 8, end - line - 8) == 0 &&
		    tend_buf_put(&safe, "\n", 1) == 0)
			progress->remote_text(safe.data, progress->arg);
	}
	tend_buf_free(&safe);
}

static int
has_line(const struct tend_buf *said, const char *text)
{
	return said->len > 0 && strstr(said->data, text) != NULL;
}

/*
 * The last line of SAID that starts with PREFIX (NULL: any not empty),
 * without it, made harmless, into OUT; 0 when there is none.
 */
static int
last_line(struct tend_buf *out, const struct tend_buf *said,
    const char *prefix)
{
	const char	*line, *end, *found = NULL, *found_end = NULL;
	size_t		 skip = prefix != NULL ? strlen(prefix) : 0;

	for (line = said->data; line != NULL && line < said->data + said->len;
	    line = end + 1) {
		if ((end = memchr(line, '\n', said->data + said->len - line)) ==
		    NULL)
			end = said->data + said->len;
		if (end - line <= (long)skip || (prefix != NULL &&
		    strncmp(line, prefix, skip) != 0))
			continue;
		found = line + skip;
		found_end = end;
	}
	if (found == NULL)
		return 0;
	out->len = 0;
	return tend_text_sanitize(out, found, found_end - found) < 0 ? -1 : 1;
}

/*
 * One line for a failed git command: what it could not do (WHAT, URL) and,
 * for the failures people can act on, what to do, in the words the
 * libgit2 transport uses for the same failure.
 */
static int
explain(const struct tend_buf *said, const char *what, const char *url)
{
	static const struct {
		const char	*seen;
		int		 code;
		const char	*told;	/* NULL: a TLS failure */
		int		 with_line;	/* git's own line after it */
	} known[] = {
		{ "Permission denied (", TEND_ERROR, "no SSH key was "
		    "accepted (ssh tried ssh-agent and the keys your "
		    "~/.ssh/config names)", 0 },
		{ "Authentication failed for", TEND_ERROR, TEND_LOGIN_REFUSED,
		    0 },
		{ "could not read Username", TEND_ERROR, TEND_LOGIN_MISSING,
		    1 },
		{ "could not read Password", TEND_ERROR, TEND_LOGIN_MISSING,
		    1 },
		{ "SSL certificate problem", TEND_ERROR, NULL, 1 },
		{ "server certificate verification failed", TEND_ERROR, NULL,
		    1 },
		{ "Could not resolve host", TEND_ERROR, "no such host (or no "
		    "network)", 0 },
		{ "does not appear to be a git repository", TEND_ENOTFOUND,
		    "there is no repository there", 0 },
		{ "' not found", TEND_ENOTFOUND, "there is no repository "
		    "there", 0 },
	};
	struct tend_buf	 line = TEND_BUF_INIT;
	char		 context[512] = "";
	size_t		 i;
	int		 found, error;

	if (has_line(said, "Host key verification failed"))
		return tend_remote_untrusted(TEND_UNTRUSTED_SSH, what, url,
		    "");
	if ((found = last_line(&line, said, "fatal: ")) == 0 &&
	    (found = last_line(&line, said, "error: ")) == 0)
		found = last_line(&line, said, NULL);
	if (found < 0) {
		tend_buf_free(&line);
		return tend_error_nomem();
	}
	tend_url_context(context, sizeof(context), what, url);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (has_line(said, known[i].seen))
			break;
	if (i < sizeof(known) / sizeof(known[0]) && known[i].told == NULL)
		error = tend_remote_untrusted(TEND_UNTRUSTED_TLS, what, url,
		    found > 0 ? line.data : "");
	else if (i < sizeof(known) / sizeof(known[0]))
		error = tend_error_set(known[i].code, "%s%s%s%s", context,
		    known[i].told, known[i].with_line && found > 0 ? ": " : "",
		    known[i].with_line && found > 0 ? line.data : "");
	else
		error = tend_error_set(TEND_ERROR, "%s%s", context, found > 0 ?
		    line.data : "git failed, saying nothing");
	tend_buf_free(&line);
	return error;
}

int
tend_remote_untrusted(enum tend_untrusted kind, const char *what,
    const char *url, const char *why)
{
	const char	*host, *port;
	char		 context[512] = "";
	int		 host_len, port_len;

	host = tend_url_host(&host_len, &port, &port_len, url);
	tend_url_context(context, sizeof(context), what, url);
	if (kind == TEND_UNTRUSTED_TLS)
		return tend_error_set(TEND_ERROR, "%sthe certificate of '%.*s' "
		    "is not trusted%s%s; if it comes from your own CA, name it "
		    "with 'git config http.sslCAInfo FILE'", context, host_len,
		    host, why[0] != '\0' ? ": " : "", why);
	return tend_error_set(TEND_ERROR, "%sthe host key of '%.*s' is not "
	    "in ~/.ssh/known_hosts; check it, then run 'ssh-keyscan %s%.*s%s"
	    "%.*s >>~/.ssh/known_hosts'", context, host_len, host,
	    port_len > 0 ? "-p " : "", port_len, port, port_len > 0 ? " " : "",
	    host_len, host);
}

int
tend_gitcli_run(struct tend_buf *said, const char *dir,
    const char *const args[], const char *what, const char *url,
    long deadline_ms, const struct tend_progress *progress)
{
	struct run		run = { dir, args, deadline_ms > 0, TEND_BUF_INIT };
	struct tend_child	child;
	int			status, error;

	memset(&child, 0, sizeof(child));
	child.what = "git";
	child.run = run_exec;
	child.take = run_take;
	child.arg = &run;
	child.deadline_ms = deadline_ms;
	if ((error = tend_child_run(&status, &child)) == 0) {
		pass_remote_text(&run.said, progress);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			error = explain(&run.said, what, url);
	}
	if (said != NULL)
		*said = run.said;
	else
		tend_buf_free(&run.said);
	return error;
}
