/*
 * tty: run a command on a new pseudo-terminal and drive it from a script
 * of expect, send, sleep and eof lines, so shell tests can exercise
 * interactive programs.  A tiny expect(1).
 */

#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define EXIT_TIMEOUT	124
#define EXIT_ERROR	125

/* How long to keep reading after the command exits, in case something
 * it left behind still holds the terminal open. */
#define LINGER		0.2

enum verb { EXPECT, SEND, SLEEP, SEND_EOF, WAIT };

struct step {
	enum verb	 verb;
	char		*text;		/* after escapes */
	size_t		 len;
	char		*raw;		/* as written, for messages */
	double		 seconds;
};

struct session {
	int		 master;
	pid_t		 child;
	int		 closed;	/* the master returned EOF or EIO */
	int		 reaped;
	int		 status;
	int		 midline;	/* we sent part of an input line */
	char		*seen;		/* output since the last match */
	size_t		 seen_len, seen_size;
	double		 timeout;
	double		 limit;		/* when the whole run gives up */
};

static _Noreturn void usage(void);
static _Noreturn void die(struct session *, int, const char *, ...);
static double	now(void);
static double	number(const char *, double);
static const char *parse_line(struct step *, char *);
static struct step *parse(const char *, size_t *);
static void	on_child(int);
static void	spawn(struct session *, char **, unsigned short);
static int	pump(struct session *, double, const char **, size_t *);
static void	readout(struct session *);
static void	expect(struct session *, const struct step *);
static void	sendtext(struct session *, const char *, size_t);
static int	finish(struct session *);

/* The SIGCHLD handler writes here so that poll wakes up. */
static int	wake[2] = { -1, -1 };

static void
usage(void)
{
	fprintf(stderr, "usage: tty [-t seconds] [-w cols] script -- "
	    "command [arg ...]\n");
	exit(EXIT_ERROR);
}

/*
 * Report, kill the command's whole session, reap it and exit with CODE.
 * A timeout shows what the command said instead of what was expected.
 */
static void
die(struct session *s, int code, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "tty: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, code == EXIT_TIMEOUT ?
	    "; output since the last match:\n" : "\n");
	if (code == EXIT_TIMEOUT && s->seen_len > 0) {
		fwrite(s->seen, 1, s->seen_len, stderr);
		if (s->seen[s->seen_len - 1] != '\n')
			fprintf(stderr, "\n");
	}
	if (s != NULL && s->child > 0) {
		kill(-s->child, SIGKILL);
		kill(s->child, SIGKILL);
		while (!s->reaped && waitpid(s->child, &s->status, 0) == -1 &&
		    errno == EINTR)
			continue;
	}
	exit(code);
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A decimal number from 0 to MAX, or -1. */
static double
number(const char *text, double max)
{
	char	*end;
	double	 value;

	value = strtod(text, &end);
	if (end == text || *end != '\0' || !(value >= 0 && value <= max))
		return -1;
	return value;
}

/* Fill ST from LINE; return why it is wrong, or NULL. */
static const char *
parse_line(struct step *st, char *line)
{
	static const char *const verbs[] = { "expect", "send", "sleep",
	    "eof", "wait" };
	static const char escapes[] = "n\nr\rt\ta\ae\033\\\\";
	const char	*in, *e;
	char		*arg, *o, digits[4];
	size_t		 n;
	long		 value;

	if ((arg = strchr(line, ' ')) != NULL)
		*arg++ = '\0';
	for (n = 0; n < sizeof verbs / sizeof verbs[0]; n++)
		if (strcmp(line, verbs[n]) == 0)
			break;
	if (n == sizeof verbs / sizeof verbs[0])
		return "unknown command";
	st->verb = n;
	if ((st->verb == SEND_EOF || st->verb == WAIT) != (arg == NULL))
		return arg == NULL ? "missing argument" : "unexpected argument";
	if (st->verb == SLEEP)
		return (st->seconds = number(arg, 1e6)) < 0 ?
		    "bad number of seconds" : NULL;
	if (arg == NULL)
		return NULL;
	if ((st->raw = strdup(arg)) == NULL ||
	    (st->text = o = malloc(strlen(arg) + 1)) == NULL)
		die(NULL, EXIT_ERROR, "%s", strerror(errno));
	for (in = arg; *in != '\0'; ) {
		if (*in != '\\') {
			*o++ = *in++;
			continue;
		}
		in++;
		if (*in == 'x' && isxdigit((unsigned char)in[1]) &&
		    isxdigit((unsigned char)in[2])) {
			memcpy(digits, in + 1, 2);
			digits[2] = '\0';
			*o++ = strtol(digits, NULL, 16);
			in += 3;
		} else if (*in >= '0' && *in <= '7') {
			if ((n = strspn(in, "01234567")) > 3)
				n = 3;
			memcpy(digits, in, n);
			digits[n] = '\0';
			if ((value = strtol(digits, NULL, 8)) > 255)
				return "bad escape";
			*o++ = value;
			in += n;
		} else if (*in != '\0' && (e = strchr(escapes, *in)) != NULL &&
		    (e - escapes) % 2 == 0) {
			*o++ = e[1];
			in++;
		} else
			return "bad escape";
	}
	st->len = o - st->text;
	return st->verb == EXPECT && st->len == 0 ? "nothing to expect" : NULL;
}

/* Read the whole script first, so that a mistake in it stops us before
 * the command runs rather than halfway through. */
static struct step *
parse(const char *path, size_t *nsteps)
{
	struct step	*steps = NULL;
	FILE		*fp;
	char		*line = NULL, *copy;
	const char	*why;
	size_t		 cap = 0, n = 0;
	ssize_t		 got;
	long		 lineno = 0;

	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (fp == NULL)
		die(NULL, EXIT_ERROR, "cannot open '%s': %s", path,
		    strerror(errno));
	while ((got = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (got > 0 && line[got - 1] == '\n')
			line[got - 1] = '\0';
		if (line[strspn(line, " \t")] == '\0' || line[0] == '#')
			continue;
		if ((steps = realloc(steps, (n + 1) * sizeof *steps)) == NULL ||
		    (copy = strdup(line)) == NULL)
			die(NULL, EXIT_ERROR, "%s", strerror(errno));
		memset(&steps[n], 0, sizeof steps[n]);
		if ((why = parse_line(&steps[n++], copy)) != NULL)
			die(NULL, EXIT_ERROR, "cannot read '%s': line %ld: "
			    "%s: '%s'", path, lineno, why, line);
		free(copy);
	}
	if (ferror(fp))
		die(NULL, EXIT_ERROR, "cannot read '%s': %s", path,
		    strerror(errno));
	if (fp != stdin)
		fclose(fp);
	free(line);
	*nsteps = n;
	return steps;
}

static void
on_child(int signo)
{
	int	saved = errno;

	(void)signo;
	while (write(wake[1], "", 1) == -1 && errno == EINTR)
		continue;
	errno = saved;
}

static void
spawn(struct session *s, char **argv, unsigned short cols)
{
	static const int defaults[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE,
	    SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU };
	struct winsize	 ws;
	sigset_t	 none;
	const char	*name;
	int		 slave, report[2], err, fd;
	size_t		 i;
	ssize_t		 n;

	if ((s->master = posix_openpt(O_RDWR | O_NOCTTY)) == -1 ||
	    grantpt(s->master) == -1 || unlockpt(s->master) == -1 ||
	    (name = ptsname(s->master)) == NULL)
		die(s, EXIT_ERROR, "cannot open a pseudo-terminal: %s",
		    strerror(errno));
	/* Hold the slave open until the command has it, or the master
	 * could report a hangup before the command has started. */
	memset(&ws, 0, sizeof ws);
	ws.ws_row = 24;
	ws.ws_col = cols;
	if ((slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1 ||
	    ioctl(slave, TIOCSWINSZ, &ws) == -1)
		die(s, EXIT_ERROR, "cannot open '%s': %s", name,
		    strerror(errno));
	/* The child reports a failed exec here; EOF means it worked. */
	if (pipe(report) == -1 || fcntl(report[0], F_SETFD, FD_CLOEXEC) ||
	    fcntl(report[1], F_SETFD, FD_CLOEXEC) ||
	    fcntl(s->master, F_SETFD, FD_CLOEXEC) || (s->child = fork()) == -1)
		die(s, EXIT_ERROR, "cannot start '%s': %s", argv[0],
		    strerror(errno));
	if (s->child == 0) {
		/* Start like a shell would on a terminal, whatever we were
		 * given: a background job gets SIGINT and SIGQUIT ignored. */
		for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
			signal(defaults[i], SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (setsid() == -1 || (fd = open(name, O_RDWR)) == -1)
			goto failed;
#ifdef TIOCSCTTY
		/* BSD needs this; on Linux the open has already done it. */
		if (ioctl(fd, TIOCSCTTY, 0) == -1)
			goto failed;
#endif
		if (dup2(fd, 0) == -1 || dup2(fd, 1) == -1 || dup2(fd, 2) == -1)
			goto failed;
		if (fd > 2)
			close(fd);
		execvp(argv[0], argv);
failed:
		err = errno;
		while (write(report[1], &err, sizeof err) == -1 &&
		    errno == EINTR)
			continue;
		_exit(127);
	}
	close(report[1]);
	while ((n = read(report[0], &err, sizeof err)) == -1 && errno == EINTR)
		continue;
	close(report[0]);
	close(slave);
	if (n == sizeof err)
		die(s, EXIT_ERROR, "cannot run '%s': %s", argv[0],
		    strerror(err));
	if (fcntl(s->master, F_SETFL, O_NONBLOCK) == -1)
		die(s, EXIT_ERROR, "%s", strerror(errno));
}

/*
 * Wait until output arrives, input can be written, the command changes
 * state or DEADLINE passes, and deal with it.  Return 0 once DEADLINE
 * has passed; the overall limit is fatal.
 */
static int
pump(struct session *s, double deadline, const char **out, size_t *outlen)
{
	struct pollfd	pfd[2];
	double		left;
	ssize_t		n;
	char		buf[64];

	if ((left = s->limit - now()) <= 0)
		die(s, EXIT_TIMEOUT, "timed out after %g seconds overall",
		    4 * s->timeout);
	if (deadline < s->limit && (left = deadline - now()) <= 0)
		return 0;
	pfd[0].fd = s->closed ? -1 : s->master;
	pfd[0].events = POLLIN | (outlen != NULL ? POLLOUT : 0);
	pfd[1].fd = wake[0];
	pfd[1].events = POLLIN;
	/* Round up, so that a sub-millisecond remainder cannot spin. */
	if (poll(pfd, 2, left > 3600 ? 3600000 : (int)(left * 1000) + 1) == -1) {
		if (errno == EINTR)
			return 1;
		die(s, EXIT_ERROR, "poll: %s", strerror(errno));
	}
	if (pfd[1].revents != 0) {
		while (read(wake[0], buf, sizeof buf) > 0)
			continue;
		if (!s->reaped && waitpid(s->child, &s->status, WNOHANG) > 0)
			s->reaped = 1;
	}
	if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))
		readout(s);
	if ((pfd[0].revents & POLLOUT) && !s->closed) {
		if ((n = write(s->master, *out, *outlen)) == -1) {
			if (errno != EINTR && errno != EAGAIN)
				die(s, EXIT_ERROR, "cannot send to the "
				    "command: %s", strerror(errno));
		} else {
			*out += n;
			*outlen -= n;
		}
	}
	return 1;
}

/* Copy what the command wrote to our output and keep it for expect. */
static void
readout(struct session *s)
{
	char	 buf[4096];
	ssize_t	 n, done, w;

	if ((n = read(s->master, buf, sizeof buf)) == -1) {
		if (errno == EINTR || errno == EAGAIN)
			return;
		/* Linux says EIO once the slave side is closed. */
		if (errno != EIO)
			die(s, EXIT_ERROR, "cannot read from the command: %s",
			    strerror(errno));
	}
	if (n <= 0) {
		s->closed = 1;
		return;
	}
	for (done = 0; done < n; done += w > 0 ? w : 0)
		if ((w = write(STDOUT_FILENO, buf + done, n - done)) == -1 &&
		    errno != EINTR)
			die(s, EXIT_ERROR, "cannot write the transcript: %s",
			    strerror(errno));
	if (s->seen_len + n > s->seen_size) {
		s->seen_size = 2 * (s->seen_len + n);
		if ((s->seen = realloc(s->seen, s->seen_size)) == NULL)
			die(s, EXIT_ERROR, "%s", strerror(errno));
	}
	memcpy(s->seen + s->seen_len, buf, n);
	s->seen_len += n;
}

static void
expect(struct session *s, const struct step *st)
{
	double	deadline = now() + s->timeout;
	size_t	i;

	for (;;) {
		for (i = 0; st->len <= s->seen_len &&
		    i <= s->seen_len - st->len; i++)
			if (memcmp(s->seen + i, st->text, st->len) == 0) {
				i += st->len;
				memmove(s->seen, s->seen + i, s->seen_len - i);
				s->seen_len -= i;
				return;
			}
		if (s->closed)
			die(s, EXIT_TIMEOUT, "the command closed the terminal "
			    "while tty was waiting for '%s'", st->raw);
		if (!pump(s, deadline, NULL, NULL))
			die(s, EXIT_TIMEOUT, "timed out waiting for '%s'",
			    st->raw);
	}
}

static void
sendtext(struct session *s, const char *text, size_t len)
{
	double	deadline = now() + s->timeout;

	if (len > 0)
		s->midline = memchr("\n\r\003\004", text[len - 1], 4) == NULL;
	while (len > 0) {
		if (s->closed)
			die(s, EXIT_ERROR, "cannot send to the command: it "
			    "has closed the terminal");
		if (!pump(s, deadline, &text, &len))
			die(s, EXIT_TIMEOUT, "timed out sending input");
	}
}

/* Drain the output, reap the command and turn its status into ours. */
static int
finish(struct session *s)
{
	double	linger = 0;

	while (!s->closed || !s->reaped) {
		if (s->reaped && linger == 0)
			linger = now() + LINGER;
		if (!pump(s, s->reaped ? linger : s->limit, NULL, NULL))
			break;
	}
	if (WIFEXITED(s->status))
		return WEXITSTATUS(s->status);
	return WIFSIGNALED(s->status) ? 128 + WTERMSIG(s->status) : EXIT_ERROR;
}

int
main(int argc, char *argv[])
{
	struct session	 s;
	struct sigaction sa;
	struct termios	 tio;
	struct step	*steps;
	size_t		 nsteps, i;
	double		 cols = 80, end;
	int		 sep, ch, status;
	char		 eof[2] = { '\004', '\004' };

	memset(&s, 0, sizeof s);
	s.timeout = 10;
	s.child = -1;
	/* Split at "--" first: GNU getopt would permute it away. */
	for (sep = 1; sep < argc && strcmp(argv[sep], "--") != 0; sep++)
		continue;
	if (sep >= argc - 1)
		usage();
	argv[sep] = NULL;
	while ((ch = getopt(sep, argv, "t:w:")) != -1) {
		switch (ch) {
		case 't':
			if ((s.timeout = number(optarg, 1e6)) <= 0)
				die(NULL, EXIT_ERROR, "bad timeout '%s'",
				    optarg);
			break;
		case 'w':
			cols = number(optarg, 65535);
			if (cols < 1 || cols != (unsigned short)cols)
				die(NULL, EXIT_ERROR, "bad width '%s'", optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != sep - 1)
		usage();
	steps = parse(argv[optind], &nsteps);

	if (pipe(wake) == -1)
		die(NULL, EXIT_ERROR, "%s", strerror(errno));
	for (i = 0; i < 2; i++)
		if (fcntl(wake[i], F_SETFD, FD_CLOEXEC) == -1 ||
		    fcntl(wake[i], F_SETFL, O_NONBLOCK) == -1)
			die(NULL, EXIT_ERROR, "%s", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		die(NULL, EXIT_ERROR, "%s", strerror(errno));

	spawn(&s, argv + sep + 1, (unsigned short)cols);
	s.limit = now() + 4 * s.timeout;
	for (i = 0; i < nsteps && steps[i].verb != WAIT; i++) {
		if (steps[i].verb == EXPECT)
			expect(&s, &steps[i]);
		else if (steps[i].verb == SEND)
			sendtext(&s, steps[i].text, steps[i].len);
		else if (steps[i].verb == SLEEP) {
			end = now() + steps[i].seconds;
			while (pump(&s, end, NULL, NULL))
				continue;
		} else if (steps[i].verb == SEND_EOF) {
			if (tcgetattr(s.master, &tio) == 0 &&
			    tio.c_cc[VEOF] != _POSIX_VDISABLE)
				eof[0] = eof[1] = tio.c_cc[VEOF];
			/* Mid-line, a first EOF only hands over the line. */
			sendtext(&s, eof, s.midline ? 2 : 1);
		}
	}
	status = finish(&s);
	for (i = 0; i < nsteps; i++) {
		free(steps[i].text);
		free(steps[i].raw);
	}
	free(steps);
	free(s.seen);
	return status;
}
