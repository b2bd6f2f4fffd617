/*
 * Unit tests for lib/child.c: what a child writes reaches the parent
 * whole, even when the parent does work of its own meanwhile, and a
 * failure of that work stops the child.
 */

#include <sys/wait.h>

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "tap.h"

/* What the parent saw of one run. */
struct seen {
	char	 got[64];
	size_t	 len;
	int	 meanwhile;	/* calls of the hook */
	int	 taken_first;	/* TAKE came before the hook */
	int	 fail;		/* the hook's return */
};

static int	write_run(int, void *);
static int	sleep_run(int, void *);
static int	take_cb(const char *, size_t, void *);
static int	meanwhile_cb(void *);

/* In the child: a few words, then the end. */
static int
write_run(int fd, void *arg)
{
	(void)arg;
	return write(fd, "said", 4) == 4 ? 0 : -1;
}

/* In the child: longer than any test waits, unless killed. */
static int
sleep_run(int fd, void *arg)
{
	(void)fd;
	(void)arg;
	sleep(30);
	return 0;
}

static int
take_cb(const char *data, size_t len, void *arg)
{
	struct seen	*seen = arg;

	if (seen->meanwhile == 0)
		seen->taken_first = 1;
	if (seen->len + len < sizeof(seen->got)) {
		memcpy(seen->got + seen->len, data, len);
		seen->len += len;
	}
	return 0;
}

/* In the parent, while the child works: long enough for it to write. */
static int
meanwhile_cb(void *arg)
{
	struct seen	*seen = arg;
	struct timespec	 pause = { 0, 100 * 1000 * 1000 };

	seen->meanwhile++;
	nanosleep(&pause, NULL);
	return seen->fail;
}

int
main(void)
{
	struct tend_child	child;
	struct seen		seen;
	time_t			start;
	int			status;

	plan(9);

	memset(&seen, 0, sizeof(seen));
	memset(&child, 0, sizeof(child));
	child.what = "a test child";
	child.run = write_run;
	child.take = take_cb;
	child.arg = &seen;
	child.silence_ms = 5000;
	is_int(tend_child_run(&status, &child), 0, "a child with no hook ends");
	ok(seen.len == 4 && memcmp(seen.got, "said", 4) == 0,
	    "and what it wrote is taken");

	memset(&seen, 0, sizeof(seen));
	child.meanwhile = meanwhile_cb;
	is_int(tend_child_run(&status, &child), 0, "with a hook, it ends too");
	is_int(seen.meanwhile, 1, "the hook runs once");
	ok(!seen.taken_first, "before anything is taken");
	ok(seen.len == 4 && memcmp(seen.got, "said", 4) == 0 &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "and what the child wrote meanwhile is taken whole");

	/* A hook that fails stops a child that would run on. */
	memset(&seen, 0, sizeof(seen));
	seen.fail = TEND_ENOMEM;
	child.run = sleep_run;
	start = time(NULL);
	is_int(tend_child_run(&status, &child), TEND_ENOMEM,
	    "a hook's failure is returned");
	ok(WIFSIGNALED(status), "the child is killed");
	ok(time(NULL) - start < 10, "at once, not when it ends");
	return done_testing();
}
