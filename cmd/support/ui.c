/*
 * The few places tend talks with a person at a terminal: the editor the
 * library asks for text in, a question and its answer, and the check-in
 * timer.  They live in the program, not the library, because they run
 * processes, print, and take signals.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../cmd.h"

static int	cmd_error_errno(const char *);
static void	put_minutes(FILE *, double);

/* Leave "WHAT: strerror(errno)" for tend_error(); returns TEND_ERROR. */
static int
cmd_error_errno(const char *what)
{
	char	message[256];

	snprintf(message, sizeof(message), "%s: %s", what, strerror(errno));
	return tend_error_set_str(TEND_ERROR, message);
}

/*
 * Run $VISUAL, $EDITOR or vi on PATH as git does: through sh, so that the
 * variable may hold flags.
 */
int
cmd_edit(const char *path, void *arg)
{
	struct sigaction	 ignore, old_int, old_quit;
	const char		*editor = getenv("VISUAL");
	char			*script, message[256];
	pid_t			 pid;
	int			 status, error = 0;

	(void)arg;
	if (editor == NULL || editor[0] == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || editor[0] == '\0')
		editor = "vi";
	if ((script = malloc(strlen(editor) + sizeof(" \"$@\""))) == NULL)
		return tend_error_set_str(TEND_ENOMEM, "out of memory");
	strcpy(script, editor);
	strcat(script, " \"$@\"");
	/* Like system(3): the editor gets ^C, tend waits for it. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	if ((pid = fork()) == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl("/bin/sh", "sh", "-c", script, editor, path,
		    (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		snprintf(message, sizeof(message), "cannot start the editor "
		    "'%s': %s", editor, strerror(errno));
		error = tend_error_set_str(TEND_ERROR, message);
	} else {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			snprintf(message, sizeof(message), "the editor '%s' "
			    "failed (status %d); nothing written", editor,
			    WIFEXITED(status) ? WEXITSTATUS(status) :
			    128 + WTERMSIG(status));
			error = tend_error_set_str(TEND_ERROR, message);
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(script);
	return error;
}

int
cmd_ask(char **answer, FILE *in, FILE *out, const char *question)
{
	char	*line = NULL;
	size_t	 cap = 0, skip;
	ssize_t	 len;

	fputs(question, out);
	fflush(out);
	if ((len = getline(&line, &cap, in)) < 0) {
		free(line);
		if (ferror(in))
			return cmd_error_errno("cannot read the answer");
		return tend_error_set_str(TEND_ENOTFOUND, "no answer");
	}
	/* " 5 " is 5: spaces around an answer are never meant. */
	while (len > 0 && strchr(" \t\r\n", line[len - 1]) != NULL)
		line[--len] = '\0';
	skip = strspn(line, " \t");
	memmove(line, line + skip, (size_t)len - skip + 1);
	*answer = line;
	return 0;
}

int
cmd_is_quit(const char *answer)
{
	return strcasecmp(answer, "q") == 0 || strcasecmp(answer, "quit") == 0;
}

static void
put_minutes(FILE *out, double seconds)
{
	long	whole = (long)(seconds + 0.5);

	fprintf(out, "%ld:%02ld", whole / 60, whole % 60);
}

int
cmd_timer(FILE *out, const char *const *names, size_t count,
    double seconds)
{
	struct timespec	 start, now, wait;
	sigset_t	 interrupt, old;
	size_t		 turn, turns = count * 2;
	double		 turn_length = seconds / (double)turns, elapsed, left;
	int		 signo, stopped = 0;

	/*
	 * ^C is taken as a signal to wait for, not caught by a handler, so
	 * the timer needs no global state to notice it.
	 */
	sigemptyset(&interrupt);
	sigaddset(&interrupt, SIGINT);
	if (sigprocmask(SIG_BLOCK, &interrupt, &old) < 0)
		return cmd_error_errno("cannot start the timer");
	clock_gettime(CLOCK_MONOTONIC, &start);
	fprintf(out, "Put your phones away, out of sight, and sit where you "
	    "can see each other.\nFor the next ");
	put_minutes(out, seconds);
	fprintf(out, " you take turns: one speaks, the others listen "
	    "without fixing or defending.\nPress Ctrl-C to stop early.\n");
	for (turn = 0; turn < turns && !stopped; turn++) {
		/* The names are the partners' own, from tend.conf. */
		if (count == 2)
			fprintf(out, "\a\n[%zu/%zu] %s speaks, %s listens. ",
			    turn + 1, turns, cmd_safe(names[turn % count]),
			    cmd_safe(names[(turn + 1) % count]));
		else
			fprintf(out, "\a\n[%zu/%zu] %s speaks, the others "
			    "listen. ", turn + 1, turns,
			    cmd_safe(names[turn % count]));
		put_minutes(out, turn_length);
		fputs(" for this turn, ", out);
		put_minutes(out, seconds - (double)turn * turn_length);
		fputs(" left.\n", out);
		fflush(out);
		for (;;) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			elapsed = (double)(now.tv_sec - start.tv_sec) +
			    (double)(now.tv_nsec - start.tv_nsec) / 1e9;
			left = (double)(turn + 1) * turn_length - elapsed;
			if (left <= 0)
				break;
			wait.tv_sec = (time_t)left;
			wait.tv_nsec = (long)((left - (double)wait.tv_sec) *
			    1e9);
			signo = sigtimedwait(&interrupt, NULL, &wait);
			if (signo == SIGINT) {
				stopped = 1;
				break;
			}
			if (signo < 0 && errno != EAGAIN && errno != EINTR)
				break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = (double)(now.tv_sec - start.tv_sec) +
	    (double)(now.tv_nsec - start.tv_nsec) / 1e9;
	if (stopped) {
		fputs("\nStopped with ", out);
		put_minutes(out, seconds - elapsed);
		fputs(" left.\n", out);
	} else
		fputs("\a\nTime is up. Thank you for listening to each other.\n",
		    out);
	fflush(out);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return stopped;
}
