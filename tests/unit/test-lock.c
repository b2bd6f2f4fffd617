/* Unit tests for lib/lock.c: taking, judging and clearing the write lock. */

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "tap.h"

static char	lock_path[512];

static void	put(const char *);
static void	host(char *, size_t);
static long	dead_pid(void);

/* Write the lock file by hand, as another process would have. */
static void
put(const char *line)
{
	FILE	*fp;

	if ((fp = fopen(lock_path, "w")) == NULL)
		exit(99);
	fputs(line, fp);
	fclose(fp);
}

static void
host(char *out, size_t len)
{
	size_t	i;

	if (gethostname(out, len) < 0 || out[0] == '\0')
		strcpy(out, "localhost");
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == ' ' || out[i] == '=')
			out[i] = '_';
}

/* The pid of a child that has exited and been reaped. */
static long
dead_pid(void)
{
	pid_t	pid;

	if ((pid = fork()) == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return (long)pid;
}

int
main(void)
{
	struct tend_lock_info	 info, stale;
	struct stat		 st;
	char			 dir[] = "/tmp/tend-lock-XXXXXX", me[256];
	char			 line[512], text[1024];
	time_t			 started;
	long			 dead;
	ssize_t			 n;
	int			 fd;

	plan(40);
	if (mkdtemp(dir) == NULL)
		return 99;
	snprintf(lock_path, sizeof(lock_path), "%s/lock", dir);
	host(me, sizeof(me));

	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect: no lock");
	is_int(info.state, TEND_LOCK_FREE, "no file: free");

	is_int(tend_lock_acquire(lock_path, NULL), 0, "acquire");
	ok(stat(lock_path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the lock is 0600");
	fd = open(lock_path, O_RDONLY);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	snprintf(line, sizeof(line), "pid=%ld host=%s time=", (long)getpid(),
	    me);
	ok(strncmp(text, line, strlen(line)) == 0 &&
	    text[strlen(text) - 1] == '\n', "one line: %s", line);
	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect our own");
	/* Our own pid, held by no tend_journal: a dead namesake's. */
	is_int(info.state, TEND_LOCK_STALE, "our pid, not held: stale");
	tend_lock_release(lock_path);
	ok(access(lock_path, F_OK) < 0, "release removes it");

	/* A running process (our parent) holds it: wait, then refuse. */
	snprintf(line, sizeof(line), "pid=%ld host=%s time=%lld\n",
	    (long)getppid(), me, (long long)time(NULL));
	put(line);
	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect held");
	is_int(info.state, TEND_LOCK_HELD, "running holder: held");
	is_int(info.pid, (long)getppid(), "its pid");
	is_str(info.host, me, "its host");
	started = time(NULL);
	is_int(tend_lock_acquire(lock_path, NULL), TEND_ELOCKED, "acquire waits, "
	    "then fails");
	ok(time(NULL) - started >= 4 && time(NULL) - started <= 8,
	    "after about five seconds (%lld)", (long long)(time(NULL) -
	    started));
	ok(strstr(tend_error(), "the journal is busy: process ") != NULL &&
	    strstr(tend_error(), lock_path) != NULL, "busy: %s", tend_error());
	is_int(tend_lock_clear(lock_path), TEND_ELOCKED, "clear refuses");
	ok(access(lock_path, F_OK) == 0, "a held lock stays");
	tend_lock_release(lock_path);
	ok(access(lock_path, F_OK) == 0, "release leaves another's lock");

	/* Its process is gone: stale, at once, and taken over, saying whose. */
	dead = dead_pid();
	snprintf(line, sizeof(line), "pid=%ld host=%s time=%lld\n", dead, me,
	    (long long)time(NULL));
	put(line);
	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect stale");
	is_int(info.state, TEND_LOCK_STALE, "dead holder: stale");
	started = time(NULL);
	is_int(tend_lock_acquire(lock_path, &stale), 0, "acquire takes it over");
	ok(time(NULL) - started <= 1, "without waiting");
	ok(stale.state == TEND_LOCK_STALE && stale.pid == dead,
	    "and says whose it was (%ld)", stale.pid);
	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect ours");
	is_int(info.pid, (long)getpid(), "now ours");
	tend_lock_release(lock_path);
	is_int(tend_lock_acquire(lock_path, &stale), 0, "acquire a free one");
	is_int(stale.state, TEND_LOCK_FREE, "says none was taken over");
	tend_lock_release(lock_path);

	/* A pid that now names a process started after the lock was taken. */
	snprintf(line, sizeof(line), "pid=%ld host=%s time=%lld\n",
	    (long)getppid(), me, (long long)time(NULL) - 86400 * 365);
	put(line);
	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect reused pid");
	ok(access("/proc/self/stat", R_OK) != 0 ||
	    info.state == TEND_LOCK_STALE, "a younger process: stale");

	snprintf(line, sizeof(line), "pid=%ld host=%s time=%lld\n",
	    dead_pid(), me, (long long)time(NULL));
	put(line);
	is_int(tend_lock_clear(lock_path), 0, "clear removes a stale lock");
	ok(access(lock_path, F_OK) < 0, "gone");
	is_int(tend_lock_clear(lock_path), 0, "clearing no lock is fine");

	/* Another host: cannot be judged, so held, and said so. */
	put("pid=1 host=elsewhere.example time=1700000000\n");
	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect other host");
	ok(info.state == TEND_LOCK_HELD && info.other_host, "other host: held");

	/* Empty and old: a tend died between making and writing it. */
	put("");
	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect empty");
	ok(info.malformed && info.state == TEND_LOCK_HELD,
	    "fresh and empty: being written");
	put("garbage\n");
	{
		struct timespec times[2] = { { 1700000000, 0 },
		    { 1700000000, 0 } };

		utimensat(AT_FDCWD, lock_path, times, 0);
	}
	is_int(tend_lock_inspect(&info, lock_path), 0, "inspect garbage");
	ok(info.malformed && info.state == TEND_LOCK_STALE,
	    "old garbage: stale");
	is_int(tend_lock_acquire(lock_path, &stale), 0,
	    "old at the first look: taken over");
	ok(stale.state == TEND_LOCK_STALE && stale.malformed,
	    "and said to have been garbled");
	tend_lock_release(lock_path);
	rmdir(dir);
	return done_testing();
}
