/*
 * The journal's write lock: a file made with O_CREAT|O_EXCL that says who
 * holds it, "pid=PID host=HOST time=SECONDS".  A lock whose process is
 * gone from this host (or whose pid now names a process started later) is
 * taken over by the next writer, which says whose it was: waiting for a
 * dead process helps nobody.  One taken on another host is never judged.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define LOCK_MODE	0600
#define WAIT_MS		5000	/* for a running holder, all told */
#define LAST_SLEEP_MS	200	/* the longest pause of a backoff */
/*
 * A holder writes its line right after it makes the file: one that stays
 * empty or garbled this long was left by a process that died in between.
 */
#define MALFORMED_STALE_S	2
#define REUSED_PID_MARGIN_S	60

static int	read_info(struct tend_lock_info *, const char *);
static int	parse_line(struct tend_lock_info *, const char *);
static void	judge(struct tend_lock_info *, time_t);
static int	same_holder(const struct tend_lock_info *,
		    const struct tend_lock_info *);
static time_t	boot_time(void);
static time_t	process_start(long, time_t);
static int	locked_error(const struct tend_lock_info *, const char *);

/* The host name as the lock records it: no spaces, never empty. */
static void
host_name(char out[TEND_LOCK_HOST_MAX])
{
	size_t	i;

	if (gethostname(out, TEND_LOCK_HOST_MAX) < 0 || out[0] == '\0')
		strcpy(out, "localhost");
	out[TEND_LOCK_HOST_MAX - 1] = '\0';
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == ' ' || out[i] == '\n' || out[i] == '=')
			out[i] = '_';
}

static int
parse_line(struct tend_lock_info *info, const char *line)
{
	char	host[TEND_LOCK_HOST_MAX];
	long	pid;
	long long when;
	int	end = 0;

	if (sscanf(line, "pid=%ld host=%255s time=%lld%n", &pid, host, &when,
	    &end) != 3 || end == 0 || line[end] != '\n' ||
	    line[end + 1] != '\0' || pid <= 0)
		return -1;
	info->pid = pid;
	memcpy(info->host, host, sizeof(host));
	info->time = when;
	return 0;
}

/* Fill INFO from the file; TEND_ENOTFOUND when there is none. */
static int
read_info(struct tend_lock_info *info, const char *path)
{
	struct stat	 st;
	char		 line[512];
	ssize_t		 n;
	int		 fd;

	memset(info, 0, sizeof(*info));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		if (errno == ENOENT)
			return TEND_ENOTFOUND;
		return tend_error_errno("cannot read the lock '%s'", path);
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		return tend_error_errno("cannot read the lock '%s'", path);
	}
	n = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (n < 0)
		return tend_error_errno("cannot read the lock '%s'", path);
	line[n] = '\0';
	info->mtime = (long long)st.st_mtime;
	if ((size_t)n != strlen(line) || parse_line(info, line) < 0) {
		info->malformed = 1;
		info->pid = 0;
		info->host[0] = '\0';
		info->time = 0;
	}
	return 0;
}

/* The time this machine started, or 0 where that is not known. */
static time_t
boot_time(void)
{
	FILE		*fp;
	char		 line[128];
	long long	 btime;
	time_t		 found = 0;

	/* Linux says it in /proc/stat; elsewhere pid reuse goes unnoticed. */
	if ((fp = fopen("/proc/stat", "re")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "btime %lld", &btime) == 1) {
			found = (time_t)btime;
			break;
		}
	fclose(fp);
	return found;
}

/*
 * When process PID started, from Linux's /proc (0 where that is not
 * known): a pid that started after the lock was taken is a namesake.
 */
static time_t
process_start(long pid, time_t booted)
{
	FILE			*fp;
	char			 path[64], line[1024], *p;
	unsigned long long	 ticks;
	long			 hz = sysconf(_SC_CLK_TCK);
	int			 field;

	if (booted == 0 || hz <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	p = fgets(line, sizeof(line), fp);
	fclose(fp);
	/* The name in parentheses may hold anything: count after the last. */
	if (p == NULL || (p = strrchr(line, ')')) == NULL)
		return 0;
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p + 1, "%llu", &ticks) != 1)
		return 0;
	return booted + (time_t)(ticks / (unsigned long long)hz);
}

/* Decide whether the holder INFO names still runs. */
static void
judge(struct tend_lock_info *info, time_t now)
{
	char	 host[TEND_LOCK_HOST_MAX];
	time_t	 booted, started;

	info->state = TEND_LOCK_HELD;
	if (info->malformed) {
		if (now - (time_t)info->mtime >= MALFORMED_STALE_S ||
		    (time_t)info->mtime > now + 60)
			info->state = TEND_LOCK_STALE;
		return;
	}
	host_name(host);
	if (strcmp(host, info->host) != 0) {
		/* No way to ask another machine: the user must say. */
		info->other_host = 1;
		return;
	}
	/* Our own pid can only be a dead namesake: we do not hold it. */
	if (info->pid == (long)getpid() ||
	    (kill((pid_t)info->pid, 0) < 0 && errno == ESRCH))
		info->state = TEND_LOCK_STALE;
	/* A process from before the machine started is long gone. */
	else if ((booted = boot_time()) != 0 && info->time < (long long)booted)
		info->state = TEND_LOCK_STALE;
	/*
	 * Its pid, reused, names a process that started after the lock; a
	 * minute's margin, as a clock set forward moves boot and start times.
	 */
	else if ((started = process_start(info->pid, booted)) != 0 &&
	    (long long)started > info->time + REUSED_PID_MARGIN_S)
		info->state = TEND_LOCK_STALE;
}

static int
same_holder(const struct tend_lock_info *a, const struct tend_lock_info *b)
{
	return a->malformed == b->malformed && a->pid == b->pid &&
	    a->time == b->time && a->mtime == b->mtime &&
	    strcmp(a->host, b->host) == 0;
}

int
tend_lock_inspect(struct tend_lock_info *info, const char *path)
{
	struct tend_lock_info	again;
	int			tries, error;

	for (tries = 0;; tries++) {
		if ((error = read_info(info, path)) == TEND_ENOTFOUND) {
			info->state = TEND_LOCK_FREE;
			return 0;
		}
		if (error < 0)
			return error;
		judge(info, time(NULL));
		if (info->state != TEND_LOCK_STALE || tries == 3)
			return 0;
		/*
		 * A holder lets go, then exits: one that exited between our
		 * read and our look at its pid has removed the file too.
		 * Stale only if the same file is still there.
		 */
		error = read_info(&again, path);
		if (error == 0 && same_holder(info, &again))
			return 0;
		if (error < 0 && error != TEND_ENOTFOUND)
			return error;
	}
}

static int
locked_error(const struct tend_lock_info *info, const char *path)
{
	if (info->state == TEND_LOCK_STALE && info->malformed)
		return tend_error_set(TEND_ELOCKED, "the journal's lock is "
		    "empty or garbled, left by a tend that stopped while "
		    "taking it; if no other tend is running, remove '%s' (or "
		    "run 'tend doctor --fix')", path);
	if (info->state == TEND_LOCK_STALE)
		return tend_error_set(TEND_ELOCKED, "the journal is locked by "
		    "process %ld on host '%s' that is no longer running; if no "
		    "other tend is running, remove '%s' (or run 'tend doctor "
		    "--fix')", info->pid, info->host, path);
	if (info->other_host)
		return tend_error_set(TEND_ELOCKED, "the journal is locked by "
		    "process %ld on host '%s' for %lld seconds; if no "
		    "tend is running there, remove '%s'", info->pid,
		    info->host, (long long)time(NULL) - info->time, path);
	if (info->malformed)
		return tend_error_set(TEND_ELOCKED, "the journal is locked "
		    "('%s' is being written); try again in a moment", path);
	return tend_error_set(TEND_ELOCKED, "the journal is busy: process "
	    "%ld, still running, has held '%s' for %lld seconds; try again "
	    "when it is done", info->pid, path,
	    (long long)time(NULL) - info->time);
}

int
tend_backoff_wait(struct tend_backoff *backoff)
{
	struct timespec	ts;

	if (backoff->waited_ms >= backoff->total_ms)
		return 0;
	ts.tv_sec = backoff->pause_ms / 1000;
	ts.tv_nsec = (backoff->pause_ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		continue;
	backoff->waited_ms += backoff->pause_ms;
	if ((backoff->pause_ms *= 2) > LAST_SLEEP_MS)
		backoff->pause_ms = LAST_SLEEP_MS;
	return 1;
}

int
tend_lock_acquire(const char *path, struct tend_lock_info *taken_over)
{
	struct tend_lock_info	 info;
	char			 host[TEND_LOCK_HOST_MAX], line[512];
	struct tend_backoff	 backoff = TEND_BACKOFF(WAIT_MS);
	int			 fd, len, error, saved;

	host_name(host);
	if (taken_over != NULL)
		taken_over->state = TEND_LOCK_FREE;
	for (;;) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		    O_NOFOLLOW, LOCK_MODE);
		if (fd >= 0)
			break;
		if (errno != EEXIST)
			return tend_error_errno("cannot make the lock '%s'",
			    path);
		if ((error = tend_lock_inspect(&info, path)) < 0)
			return error;
		if (info.state == TEND_LOCK_FREE)
			continue;	/* let go between our two looks */
		/*
		 * A holder known to be gone, or a lock left empty or garbled
		 * longer than a writer takes to fill it in: it is moved aside
		 * and looked at again, so a live one's is never removed (one
		 * taken meanwhile is waited for).
		 */
		if (info.state == TEND_LOCK_STALE) {
			if ((error = tend_lock_clear(path)) == 0) {
				if (taken_over != NULL)
					*taken_over = info;
				continue;
			}
			if (error != TEND_ELOCKED)
				return error;
		}
		if (!tend_backoff_wait(&backoff))
			return locked_error(&info, path);
	}
	/* One write, right away: a reader sees the whole line or nothing. */
	len = snprintf(line, sizeof(line), "pid=%ld host=%s time=%lld\n",
	    (long)getpid(), host, (long long)time(NULL));
	if (fchmod(fd, LOCK_MODE) < 0 || write(fd, line, (size_t)len) != len) {
		saved = errno;
		close(fd);
		unlink(path);
		errno = saved != 0 ? saved : EIO;
		return tend_error_errno("cannot write the lock '%s'", path);
	}
	if (close(fd) < 0) {
		saved = errno;
		unlink(path);
		errno = saved;
		return tend_error_errno("cannot write the lock '%s'", path);
	}
	return 0;
}

void
tend_lock_release(const char *path)
{
	struct tend_lock_info	info;
	char			host[TEND_LOCK_HOST_MAX];

	/* Only our own: someone may have cleared ours and taken it since. */
	host_name(host);
	if (read_info(&info, path) == 0 && !info.malformed &&
	    info.pid == (long)getpid() && strcmp(info.host, host) == 0)
		unlink(path);
}

int
tend_lock_clear(const char *path)
{
	struct tend_lock_info	 seen, moved;
	struct tend_buf		 aside = TEND_BUF_INIT;
	int			 error;

	if ((error = tend_lock_inspect(&seen, path)) < 0)
		return error;
	if (seen.state == TEND_LOCK_FREE)
		return 0;
	if (seen.state != TEND_LOCK_STALE)
		return locked_error(&seen, path);
	/*
	 * Move it aside first, then look again: if a new holder took the
	 * lock between our look and the move, put theirs back.
	 */
	if ((error = tend_buf_printf(&aside, "%s.stale-%ld", path,
	    (long)getpid())) < 0)
		return error;
	if (rename(path, aside.data) < 0) {
		error = errno == ENOENT ? 0 :
		    tend_error_errno("cannot remove the lock '%s'", path);
		tend_buf_free(&aside);
		return error;
	}
	if (read_info(&moved, aside.data) == 0 &&
	    (moved.malformed != seen.malformed || moved.pid != seen.pid ||
	    moved.time != seen.time || strcmp(moved.host, seen.host) != 0)) {
		(void)link(aside.data, path);
		unlink(aside.data);
		tend_buf_free(&aside);
		return tend_error_set(TEND_ELOCKED, "'%s' was taken again "
		    "meanwhile; left as it is", path);
	}
	unlink(aside.data);
	tend_buf_free(&aside);
	return 0;
}
