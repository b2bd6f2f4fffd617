/*
 * Work done in a child process that the parent may give up on: libgit2
 * has no timeout for a connection, and can loop forever on an object cut
 * short, so such work runs forked and is killed when it takes too long.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static long	elapsed_ms(const struct timespec *);

static long
elapsed_ms(const struct timespec *start)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000L +
	    (now.tv_nsec - start->tv_nsec) / 1000000L;
}

int
tend_child_run(int *status, const struct tend_child *child)
{
	struct timespec	 start;
	struct pollfd	 pfd;
	char		 chunk[4096];
	ssize_t		 n;
	long		 wait_ms, spent;
	pid_t		 pid;
	int		 fds[2], ready, result = 0;

	if (pipe(fds) < 0)
		return tend_error_errno("cannot start %s", child->what);
	/*
	 * The program's output still buffered would be the child's too, and
	 * a child that flushes on its way out (as under valgrind, whose exit
	 * runs libc's cleanup) would print it twice.
	 */
	(void)fflush(NULL);
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return tend_error_errno("cannot start %s", child->what);
	}
	if (pid == 0) {
		/*
		 * A failure's message follows whatever the child wrote; _exit,
		 * so that nothing of the parent's (buffers, exit handlers)
		 * runs twice.
		 */
		close(fds[0]);
		if (child->run(fds[1], child->arg) == 0)
			_exit(0);
		(void)!write(fds[1], tend_error(), strlen(tend_error()));
		_exit(1);
	}
	close(fds[1]);
	clock_gettime(CLOCK_MONOTONIC, &start);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	/* The parent's own work, on a second processor where there is one. */
	if (child->meanwhile != NULL)
		result = child->meanwhile(child->arg);
	while (result == 0) {
		wait_ms = child->silence_ms > 0 ? child->silence_ms : -1;
		if (child->deadline_ms > 0) {
			spent = elapsed_ms(&start);
			if (spent >= child->deadline_ms) {
				result = 1;
				break;
			}
			if (wait_ms < 0 || child->deadline_ms - spent < wait_ms)
				wait_ms = child->deadline_ms - spent;
		}
		if ((ready = poll(&pfd, 1, (int)wait_ms)) < 0) {
			if (errno == EINTR)
				continue;
			result = tend_error_errno("cannot follow %s",
			    child->what);
			break;
		}
		if (ready == 0) {
			result = 1;
			break;
		}
		if ((n = read(fds[0], chunk, sizeof(chunk))) < 0 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((result = child->take(chunk, (size_t)n, child->arg)) < 0)
			break;
	}
	if (result != 0)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR) {
			if (result == 0)
				result = tend_error_errno("cannot follow %s",
				    child->what);
			break;
		}
	return result;
}
