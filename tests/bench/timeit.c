/*
 * timeit: run a command and report its wall-clock time and peak resident
 * memory, the two figures the benchmark compares.
 *
 *	timeit [-o file] command [arg ...]
 *
 * Prints "SECONDS MAXRSS_KB" on one line (to FILE with -o, else to standard
 * error) and exits with the command's status.  The command's own output
 * goes where timeit's does.  Wall time is taken with CLOCK_MONOTONIC around
 * fork and wait; the memory figure is wait4()'s ru_maxrss for the child
 * alone, so timeit's own size is not counted.
 */

#define _DEFAULT_SOURCE		/* wait4 */

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct rusage	 usage;
	const char	*report = NULL;
	FILE		*out = stderr;
	double		 start, elapsed;
	pid_t		 pid;
	int		 ch, status;

	while ((ch = getopt(argc, argv, "+o:")) != -1) {
		if (ch != 'o') {
			fprintf(stderr, "usage: timeit [-o file] command "
			    "[arg ...]\n");
			return 2;
		}
		report = optarg;
	}
	argv += optind;
	if (argv[0] == NULL) {
		fprintf(stderr, "usage: timeit [-o file] command [arg ...]\n");
		return 2;
	}
	if (report != NULL && (out = fopen(report, "w")) == NULL)
		err(2, "cannot write '%s'", report);
	start = now();
	if ((pid = fork()) == -1)
		err(2, "cannot fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		warn("cannot run '%s'", argv[0]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &usage) == -1)
		err(2, "cannot wait for '%s'", argv[0]);
	elapsed = now() - start;
	fprintf(out, "%.6f %ld\n", elapsed, usage.ru_maxrss);
	if (out != stderr && fclose(out) == EOF)
		err(2, "cannot write '%s'", report);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
