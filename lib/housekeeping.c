/*
 * Housekeeping as git does it.  tend writes through libgit2, which has
 * no gc: every object it writes stays loose, and every fetch leaves a
 * pack, so that a year of daily check-ins and syncs leaves thousands of
 * loose objects and hundreds of packs, and every read slows.  After a
 * write, when they pile up past git's own thresholds, git's own 'git gc
 * --auto' packs them, started and left to run on its own.
 */

#define _XOPEN_SOURCE	700	/* nice */

#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "internal.h"

/* git's defaults (git-gc(1)). */
#define GC_AUTO_DEFAULT		6700	/* gc.auto: loose objects */
#define GC_PACK_LIMIT_DEFAULT	50	/* gc.autoPackLimit: packs */
#define FDS_CLOSED		1024	/* fds closed before git runs */

static long	config_long(struct tend_store *, const char *, long);
static int	config_false(struct tend_store *, const char *);
static int	too_many_loose(const char *, long);
static int	too_many_packs(const char *, long);
static void	start_gc(const char *, const char *);

/*
 * A number as git reads it (git_config_int): an optional k, m or g
 * multiplies it.  Unset or not a number: DEFAULT, as git would refuse
 * to run rather than guess.
 */
static long
config_long(struct tend_store *store, const char *key, long fallback)
{
	char	*value, *end;
	long	 n;

	if (tend_store_config_get(&value, store, key) < 0)
		return fallback;
	errno = 0;
	n = strtol(value, &end, 10);
	if (end == value || errno != 0)
		n = fallback;
	else if (strcasecmp(end, "k") == 0)
		n *= 1024;
	else if (strcasecmp(end, "m") == 0)
		n *= 1024 * 1024;
	else if (strcasecmp(end, "g") == 0)
		n *= 1024L * 1024 * 1024;
	else if (*end != '\0')
		n = fallback;
	free(value);
	return n;
}

/* git's spellings of false, for a value set with git config itself. */
static int
config_false(struct tend_store *store, const char *key)
{
	static const char *const no[] = { "false", "no", "off", "0" };
	char	*value;
	size_t	 i;
	int	 is_false = 0;

	if (tend_store_config_get(&value, store, key) < 0)
		return 0;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(value, no[i]) == 0)
			is_false = 1;
	free(value);
	return is_false;
}

/*
 * git's estimate (too_many_loose_objects in builtin/gc.c): object ids
 * spread evenly, so objects/17 holds one in 256 of the loose objects.
 * One folder read, whatever the journal's size.
 */
static int
too_many_loose(const char *gitdir, long limit)
{
	struct dirent	*entry;
	DIR		*dir;
	char		*path;
	long		 over = (limit + 255) / 256, count = 0;

	if ((path = tend_fs_join(gitdir, "objects/17")) == NULL)
		return 0;
	dir = opendir(path);
	free(path);
	if (dir == NULL)
		return 0;
	while (count <= over && (entry = readdir(dir)) != NULL)
		if (strlen(entry->d_name) == 38 &&
		    strspn(entry->d_name, "0123456789abcdef") == 38)
			count++;
	closedir(dir);
	return count > over;
}

/* Packs without a .keep, as git counts them for gc.autoPackLimit. */
static int
too_many_packs(const char *gitdir, long limit)
{
	struct dirent	*entry;
	DIR		*dir;
	char		*path, *keep;
	size_t		 len;
	long		 count = 0;

	if ((path = tend_fs_join(gitdir, "objects/pack")) == NULL)
		return 0;
	if ((dir = opendir(path)) == NULL) {
		free(path);
		return 0;
	}
	while (count <= limit && (entry = readdir(dir)) != NULL) {
		len = strlen(entry->d_name);
		if (len < 6 || strcmp(entry->d_name + len - 5, ".pack") != 0)
			continue;
		if ((keep = tend_fs_join(path, entry->d_name)) == NULL)
			break;
		memcpy(keep + strlen(keep) - 4, "keep", 4);
		if (!tend_fs_exists(keep))
			count++;
		free(keep);
	}
	closedir(dir);
	free(path);
	return count > limit;
}

/*
 * Run 'git gc --auto --quiet' on GITDIR holding the journal's lock at
 * LOCK, and leave it: the write that asked for it is done, and its
 * command returns at once.
 *
 * The gc runs in a session of its own, so that a ^C at the terminal
 * does not reach it, with nothing of the terminal open, and is nobody's
 * child but init's (the middle process ends at once), so that it never
 * waits as a zombie for tend.  git takes gc.pid itself: a second gc
 * started meanwhile leaves at once.  git gc reads no work tree, so an
 * encrypted journal needs no filter.
 *
 * tend writes nothing while it runs: git's prune-packed takes out each
 * object folder it empties, and an object libgit2 writes between making
 * its folder and renaming the object into it is lost with an error (git
 * itself tries again).  So the process that runs git holds the lock a
 * write takes, and git does not go on in the background without it
 * (gc.autoDetach); a command that writes meanwhile waits, as for another
 * tend.  When a write holds the lock, the packing is left for the next.
 * No object is lost otherwise: git gc deletes only objects that nothing
 * reaches and that are older than gc.pruneExpire (two weeks).
 */
static void
start_gc(const char *gitdir, const char *lock)
{
	char	*option;
	pid_t	 pid;
	int	 fd, status;

	if ((option = malloc(strlen("--git-dir=") + strlen(gitdir) + 1)) ==
	    NULL)
		return;
	strcpy(option, "--git-dir=");
	strcat(option, gitdir);
	if ((pid = fork()) == 0) {
		if (setsid() < 0 || (pid = fork()) < 0)
			_exit(1);
		if (pid > 0)
			_exit(0);
		if ((fd = open("/dev/null", O_RDWR)) >= 0) {
			(void)dup2(fd, STDIN_FILENO);
			(void)dup2(fd, STDOUT_FILENO);
			(void)dup2(fd, STDERR_FILENO);
		}
		/* A pipe held open would keep a reader of tend's waiting. */
		for (fd = STDERR_FILENO + 1; fd < FDS_CLOSED; fd++)
			(void)close(fd);
		/* Housekeeping gives way to what the partners run. */
		(void)nice(10);
		(void)unsetenv("GIT_DIR");
		(void)unsetenv("GIT_WORK_TREE");
		(void)unsetenv("GIT_INDEX_FILE");
		(void)unsetenv("GIT_OBJECT_DIRECTORY");
		if (tend_lock_acquire(lock, NULL) < 0)
			_exit(0);
		if ((pid = fork()) == 0) {
			execlp("git", "git", "-c", "gc.autoDetach=false",
			    option, "gc", "--auto", "--quiet", (char *)NULL);
			_exit(127);
		}
		while (pid > 0 && waitpid(pid, &status, 0) < 0 &&
		    errno == EINTR)
			;
		tend_lock_release(lock);
		_exit(0);
	}
	free(option);
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
}

void
tend_housekeeping(struct tend_journal *journal)
{
	struct tend_store	*store = tend_journal_store(journal);
	const char		*gitdir = tend_store_gitdir(store);
	char			*lock;
	long			 loose, packs;

	/* git's switches for it: gc.auto = 0, or maintenance.auto = false. */
	if ((loose = config_long(store, "gc.auto", GC_AUTO_DEFAULT)) <= 0 ||
	    config_false(store, "maintenance.auto"))
		return;
	packs = config_long(store, "gc.autoPackLimit", GC_PACK_LIMIT_DEFAULT);
	/* The same test git gc --auto makes, so git is rarely run for nothing. */
	if ((too_many_loose(gitdir, loose) ||
	    (packs > 0 && too_many_packs(gitdir, packs))) &&
	    tend_gitcli_found() &&
	    (lock = tend_journal_lock_path(journal)) != NULL) {
		start_gc(gitdir, lock);
		free(lock);
	}
}
