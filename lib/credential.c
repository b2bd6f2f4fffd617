/*
 * git's credential helper protocol (git-credential(1)): a few "key=value"
 * lines to 'git credential fill', 'approve' or 'reject', a few back.  Git
 * runs as a program, so every helper a person set up for git works for
 * tend as it is, and tend keeps no password anywhere.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/*
 * The request is in git's pipe before git starts, so that tend never
 * writes to a program that may have gone (which would raise SIGPIPE); it
 * must fit the pipe, and 4 KiB does everywhere.
 */
#define REQUEST_MAX	4096
/* What is kept of git's answer and of what it says on stderr. */
#define ANSWER_MAX	(64 * 1024)
#define SAID_MAX	1024

extern char	**environ;

struct tend_credential {
	char	*git_dir;	/* whose config git reads; NULL: the user's */
	char	*protocol;
	char	*host;		/* with the port, as git sends it */
	char	*path;		/* NULL: none */
	char	*username;
	char	*password;
	int	 prompt;	/* 0: git must not ask at the terminal */
};

static char	*dup_span(const char *, const char *);
static int	 from_url(struct tend_credential *, const char *,
		    const char *);
static int	 request_put(struct tend_buf *, const char *, const char *);
static int	 request_make(struct tend_buf *,
		    const struct tend_credential *, int);
static int	 pipe_fill(int, const struct tend_buf *);
static char	**env_without_prompt(void);
static int	 take(struct tend_buf *, int, size_t);
static int	 follow_git(int *, int *, struct tend_buf *, struct tend_buf *,
		    pid_t, int, int);
static int	 git_failed(const char *, int, struct tend_buf *);
static int	 run_git(struct tend_buf *, const struct tend_credential *,
		    const char *, int);
static int	 answer_take(struct tend_credential *, const struct tend_buf *);
static int	 tell(const struct tend_credential *, const char *);
static void	 wipe(char *);
static void	 wipe_buf(struct tend_buf *);

static char *
dup_span(const char *start, const char *end)
{
	return strndup(start, (size_t)(end - start));
}

/*
 * "https://alex@host:443/journal.git" as git splits it: protocol, host
 * with its port, path, and the user name USERNAME, or else the URL's.
 */
static int
from_url(struct tend_credential *cred, const char *url, const char *username)
{
	const char	*scheme_end, *authority, *host, *end, *at, *colon;
	const char	*path, *path_end;

	if ((scheme_end = strstr(url, "://")) == NULL || scheme_end == url)
		return tend_error_set(TEND_EINVALID, "'%s' is not a URL", url);
	authority = scheme_end + 3;
	end = authority + strcspn(authority, "/?#");
	for (at = NULL, host = authority; host < end; host++)
		if (*host == '@')
			at = host;
	host = at != NULL ? at + 1 : authority;
	if (host == end)
		return tend_error_set(TEND_EINVALID, "'%s' names no host", url);
	if ((cred->protocol = dup_span(url, scheme_end)) == NULL ||
	    (cred->host = dup_span(host, end)) == NULL)
		return tend_error_nomem();
	if (username != NULL)
		cred->username = strdup(username);
	else if (at != NULL) {
		colon = memchr(authority, ':', (size_t)(at - authority));
		cred->username = dup_span(authority,
		    colon != NULL ? colon : at);
	}
	if ((username != NULL || at != NULL) && cred->username == NULL)
		return tend_error_nomem();
	/* git leaves out the slashes around the path. */
	path = *end == '/' ? end + 1 : end;
	path_end = path + strcspn(path, "?#");
	while (path_end > path && path_end[-1] == '/')
		path_end--;
	if (path_end > path && (cred->path = dup_span(path, path_end)) == NULL)
		return tend_error_nomem();
	return 0;
}

/* One "key=value" line; a newline in VALUE would start a field of its own. */
static int
request_put(struct tend_buf *request, const char *key, const char *value)
{
	if (value == NULL)
		return 0;
	if (strpbrk(value, "\r\n") != NULL)
		return tend_error_set(TEND_EINVALID, "the %s for git's "
		    "credential helpers has a line break", key);
	return tend_buf_printf(request, "%s=%s\n", key, value);
}

static int
request_make(struct tend_buf *request, const struct tend_credential *cred,
    int with_password)
{
	int	error;

	/* Room for it all at once: a realloc leaves copies unwiped. */
	if ((error = tend_buf_grow(request, REQUEST_MAX)) < 0 ||
	    (error = request_put(request, "protocol", cred->protocol)) < 0 ||
	    (error = request_put(request, "host", cred->host)) < 0 ||
	    (error = request_put(request, "path", cred->path)) < 0 ||
	    (error = request_put(request, "username", cred->username)) < 0 ||
	    (with_password && (error = request_put(request, "password",
	    cred->password)) < 0) ||
	    (error = tend_buf_puts(request, "\n")) < 0)
		return error;
	if (request->len > REQUEST_MAX)
		return tend_error_set(TEND_EINVALID, "the request for git's "
		    "credential helpers is longer than %d bytes", REQUEST_MAX);
	return 0;
}

/* REQUEST into the pipe FD, which nobody reads yet: it must not block. */
static int
pipe_fill(int fd, const struct tend_buf *request)
{
	size_t	done = 0;
	ssize_t	n;

	if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0)
		return tend_error_errno("cannot talk to git");
	while (done < request->len) {
		if ((n = write(fd, request->data + done,
		    request->len - done)) < 0) {
			if (errno == EINTR)
				continue;
			return tend_error_errno("cannot talk to git");
		}
		done += (size_t)n;
	}
	return 0;
}

/*
 * The environment with GIT_TERMINAL_PROMPT=0 in place of what it had: a
 * new array of the same strings, which the caller frees alone.
 */
static char **
env_without_prompt(void)
{
	static char	  no_prompt[] = "GIT_TERMINAL_PROMPT=0";
	char		**env;
	size_t		  count, i, kept = 0;

	for (count = 0; environ[count] != NULL; count++)
		;
	if ((env = calloc(count + 2, sizeof(*env))) == NULL)
		return NULL;
	for (i = 0; i < count; i++)
		if (strncmp(environ[i], "GIT_TERMINAL_PROMPT=", 20) != 0)
			env[kept++] = environ[i];
	env[kept] = no_prompt;
	return env;
}

/* One read from FD into BUF, which keeps at most MAX bytes; 1 at the end. */
static int
take(struct tend_buf *buf, int fd, size_t max)
{
	char	chunk[4096];
	ssize_t	n;

	if ((n = read(fd, chunk, sizeof(chunk))) < 0)
		return errno == EINTR ? 0 :
		    tend_error_errno("cannot read what git said");
	if (n == 0)
		return 1;
	if (buf->len + (size_t)n > max)
		n = (ssize_t)(max - buf->len);
	return tend_buf_put(buf, chunk, (size_t)n);
}

/*
 * Git's stdout into ANSWER and its stderr into SAID while git PID runs;
 * *STATUS once it ended, when *REAPED.  A daemon a helper started may
 * hold the pipes open long after, so their end is not waited for.
 */
static int
follow_git(int *reaped, int *status, struct tend_buf *answer,
    struct tend_buf *said, pid_t pid, int out, int err)
{
	struct pollfd	pfd[2];
	pid_t		ended;
	int		ready, error = 0;

	*reaped = 0;
	pfd[0].fd = out;
	pfd[1].fd = err;
	pfd[0].events = pfd[1].events = POLLIN;
	while (error == 0 && (pfd[0].fd >= 0 || pfd[1].fd >= 0)) {
		/* Once git has ended, what it wrote is read and no more. */
		if ((ready = poll(pfd, 2, *reaped ? 0 : 100)) < 0) {
			if (errno != EINTR)
				error = tend_error_errno("cannot follow git");
			continue;
		}
		if (ready == 0) {
			if (*reaped)
				break;
			if ((ended = waitpid(pid, status, WNOHANG)) < 0 &&
			    errno != EINTR)
				error = tend_error_errno("cannot follow git");
			*reaped = ended > 0;
			continue;
		}
		if (pfd[0].revents != 0 &&
		    (error = take(answer, out, ANSWER_MAX)) == 1) {
			pfd[0].fd = -1;
			error = 0;
		}
		if (error == 0 && pfd[1].revents != 0 &&
		    (error = take(said, err, SAID_MAX)) == 1) {
			pfd[1].fd = -1;
			error = 0;
		}
	}
	return error;
}

/* Git's last line on stderr, without "fatal: ", says best what went wrong. */
static int
git_failed(const char *verb, int status, struct tend_buf *said)
{
	const char	*line;

	while (said->len > 0 && (said->data[said->len - 1] == '\n' ||
	    said->data[said->len - 1] == '\r'))
		said->data[--said->len] = '\0';
	if (said->len == 0) {
		if (WIFEXITED(status))
			return tend_error_set(TEND_ERROR, "'git credential %s' "
			    "exited with status %d", verb, WEXITSTATUS(status));
		return tend_error_set(TEND_ERROR, "'git credential %s' was "
		    "killed", verb);
	}
	line = strrchr(said->data, '\n');
	line = line != NULL ? line + 1 : said->data;
	if (strncmp(line, "fatal: ", 7) == 0)
		line += 7;
	return tend_error_set(TEND_ERROR, "%s", line);
}

/*
 * Run 'git credential VERB' on CRED; what git prints is ANSWER.  Its
 * stderr is kept for the message; a terminal prompt goes to /dev/tty.
 */
static int
run_git(struct tend_buf *answer, const struct tend_credential *cred,
    const char *verb, int with_password)
{
	posix_spawn_file_actions_t	 actions;
	struct tend_buf			 request = TEND_BUF_INIT;
	struct tend_buf			 git_dir = TEND_BUF_INIT;
	struct tend_buf			 said = TEND_BUF_INIT;
	char				*argv[5], **env = NULL;
	pid_t				 pid;
	int				 fds[6] = { -1, -1, -1, -1, -1, -1 };
	int				 argc = 0, reaped, status, error, i;

	argv[argc++] = "git";
	if (cred->git_dir != NULL) {
		if ((error = tend_buf_printf(&git_dir, "--git-dir=%s",
		    cred->git_dir)) < 0)
			goto out;
		argv[argc++] = git_dir.data;
	}
	argv[argc++] = "credential";
	argv[argc++] = (char *)verb;
	argv[argc] = NULL;
	if ((error = request_make(&request, cred, with_password)) < 0)
		goto out;
	if (!cred->prompt && (env = env_without_prompt()) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	/* fds: git's stdin (read, write), stdout and stderr (likewise). */
	for (i = 0; i < 6; i += 2)
		if (pipe(fds + i) < 0) {
			error = tend_error_errno("cannot run git");
			goto out;
		}
	/* Only the copies on 0, 1 and 2 are git's. */
	for (i = 0; i < 6; i++)
		if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) < 0) {
			error = tend_error_errno("cannot run git");
			goto out;
		}
	if ((error = pipe_fill(fds[1], &request)) < 0)
		goto out;
	close(fds[1]);
	fds[1] = -1;
	if ((error = posix_spawn_file_actions_init(&actions)) != 0) {
		errno = error;
		error = tend_error_errno("cannot run git");
		goto out;
	}
	if ((error = posix_spawn_file_actions_adddup2(&actions, fds[0],
	    0)) == 0 &&
	    (error = posix_spawn_file_actions_adddup2(&actions, fds[3],
	    1)) == 0 &&
	    (error = posix_spawn_file_actions_adddup2(&actions, fds[5],
	    2)) == 0)
		error = posix_spawnp(&pid, "git", &actions, NULL, argv,
		    env != NULL ? env : environ);
	posix_spawn_file_actions_destroy(&actions);
	if (error != 0) {
		errno = error;
		error = tend_error_errno("cannot run 'git credential %s'",
		    verb);
		goto out;
	}
	/* Git holds its ends now: the answer ends when git does. */
	close(fds[0]);
	close(fds[3]);
	close(fds[5]);
	fds[0] = fds[3] = fds[5] = -1;
	error = follow_git(&reaped, &status, answer, &said, pid, fds[2],
	    fds[4]);
	/* Closed first, so that a git still writing ends rather than waits. */
	close(fds[2]);
	close(fds[4]);
	fds[2] = fds[4] = -1;
	while (!reaped && waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			if (error == 0)
				error = tend_error_errno("cannot follow git");
			break;
		}
	if (error == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		error = git_failed(verb, status, &said);
out:
	for (i = 0; i < 6; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	wipe_buf(&request);
	free(env);
	tend_buf_free(&git_dir);
	tend_buf_free(&said);
	return error;
}

/* The user name and password in git's answer. */
static int
answer_take(struct tend_credential *cred, const struct tend_buf *answer)
{
	const char	*line, *end;
	char		**field;

	if (answer->len > 0 && memchr(answer->data, '\0', answer->len) != NULL)
		return tend_error_set(TEND_EINVALID, "'git credential fill' "
		    "answered with a NUL byte");
	for (line = answer->data; line != NULL && *line != '\0'; line = end) {
		end = line + strcspn(line, "\n");
		field = strncmp(line, "username=", 9) == 0 ? &cred->username :
		    strncmp(line, "password=", 9) == 0 ? &cred->password : NULL;
		if (field != NULL) {
			wipe(*field);
			free(*field);
			if ((*field = dup_span(line + 9, end)) == NULL)
				return tend_error_nomem();
		}
		if (*end == '\n')
			end++;
	}
	if (cred->username == NULL || cred->password == NULL)
		return tend_error_set(TEND_ERROR, "'git credential fill' gave "
		    "no %s", cred->username == NULL ? "user name" : "password");
	return 0;
}

/* Approve or reject: git answers nothing but a failure. */
static int
tell(const struct tend_credential *cred, const char *verb)
{
	struct tend_buf	answer = TEND_BUF_INIT;
	int		error;

	error = run_git(&answer, cred, verb, 1);
	tend_buf_free(&answer);
	return error;
}

int
tend_credential_fill(struct tend_credential **out, const char *git_dir,
    const char *url, const char *username, int prompt)
{
	struct tend_credential	*cred;
	struct tend_buf		 answer = TEND_BUF_INIT;
	int			 error;

	*out = NULL;
	if ((cred = calloc(1, sizeof(*cred))) == NULL)
		return tend_error_nomem();
	cred->prompt = prompt;
	if (git_dir != NULL && (cred->git_dir = strdup(git_dir)) == NULL)
		error = tend_error_nomem();
	else if ((error = from_url(cred, url, username)) == 0 &&
	    (error = tend_buf_grow(&answer, ANSWER_MAX)) == 0 &&
	    (error = run_git(&answer, cred, "fill", 0)) == 0)
		error = answer_take(cred, &answer);
	wipe_buf(&answer);
	if (error < 0)
		tend_credential_free(cred);
	else
		*out = cred;
	return error;
}

const char *
tend_credential_username(const struct tend_credential *cred)
{
	return cred->username;
}

const char *
tend_credential_password(const struct tend_credential *cred)
{
	return cred->password;
}

int
tend_credential_approve(const struct tend_credential *cred)
{
	return tell(cred, "approve");
}

int
tend_credential_reject(const struct tend_credential *cred)
{
	return tell(cred, "reject");
}

/* A password leaves no copy in freed memory; volatile keeps the stores. */
static void
wipe(char *secret)
{
	volatile char	*p = secret;

	while (p != NULL && *p != '\0')
		*p++ = '\0';
}

static void
wipe_buf(struct tend_buf *buf)
{
	volatile char	*p = buf->data;
	size_t		 i;

	for (i = 0; p != NULL && i < buf->cap; i++)
		p[i] = '\0';
	tend_buf_free(buf);
}

void
tend_credential_free(struct tend_credential *cred)
{
	if (cred == NULL)
		return;
	wipe(cred->password);
	free(cred->password);
	free(cred->username);
	free(cred->path);
	free(cred->host);
	free(cred->protocol);
	free(cred->git_dir);
	free(cred);
}
