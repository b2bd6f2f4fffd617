/*
 * Unit tests for lib/txn.c: a staged write lands as one commit, a commit
 * that fails at any step leaves HEAD, the work tree and the folders as they
 * were, and the lock is held from begin to end, and only then.
 */

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "tap.h"

static char	top[] = "/tmp/tend-txn-XXXXXX";
static char	dir[256];	/* TOP/journal */

struct hook_count {
	int	taken;
	int	interruptible;
	int	let_go;
};

static char	*at(const char *);
static int	exists(const char *);
static int	lock_state(struct tend_journal *);
static int	held_here(struct tend_journal *);
static void	hook_cb(const struct tend_lock_note *, void *);
static int	try_commit(struct tend_journal *, const char *, const char *,
		    const char *, const char *);
static int	unchanged(struct tend_journal *, const char *, const char *);

/* DIR/REL, in a buffer of its own for each of the last four calls. */
static char *
at(const char *rel)
{
	static char	paths[4][PATH_MAX];
	static int	next;
	char		*path = paths[next++ % 4];

	snprintf(path, PATH_MAX, "%s/%s", dir, rel);
	return path;
}

static int
exists(const char *rel)
{
	struct stat	st;

	return lstat(at(rel), &st) == 0;
}

static int
lock_state(struct tend_journal *journal)
{
	struct tend_lock_info	 info;
	char			*path = tend_journal_lock_path(journal);

	if (path == NULL || tend_lock_inspect(&info, path) < 0)
		info.state = -1;
	free(path);
	return info.state;
}

/* The lock file names this process (which lock.c calls stale). */
static int
held_here(struct tend_journal *journal)
{
	struct tend_lock_info	 info;
	char			*path = tend_journal_lock_path(journal);
	int			 here;

	here = path != NULL && tend_lock_inspect(&info, path) == 0 &&
	    info.state != TEND_LOCK_FREE && info.pid == (long)getpid();
	free(path);
	return here;
}

static void
hook_cb(const struct tend_lock_note *note, void *arg)
{
	struct hook_count	*count = arg;

	if (note->event == TEND_LOCK_TAKEN)
		count->taken++;
	else if (note->event == TEND_LOCK_TAKEN_INTERRUPTIBLE)
		count->interruptible++;
	else if (note->event == TEND_LOCK_LET_GO)
		count->let_go++;
}

/*
 * Stage "deep/er/first.md" and README.md, then BAD with BAD_TEXT (or not,
 * when BAD is NULL), and commit; the result of the commit.
 */
static int
try_commit(struct tend_journal *journal, const char *readme, const char *bad,
    const char *bad_text, const char *message)
{
	struct tend_txn	*txn;
	int		 error;

	if (tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT) < 0)
		return 99;
	if (tend_txn_stage(txn, TEND_TXN_JOURNAL, "deep/er/first.md",
	    "first\n", 6) < 0 ||
	    tend_txn_stage(txn, TEND_TXN_JOURNAL, "README.md", readme,
	    strlen(readme)) < 0 ||
	    (bad != NULL && tend_txn_stage(txn, TEND_TXN_JOURNAL, bad,
	    bad_text, strlen(bad_text)) < 0))
		error = 99;
	else
		error = tend_txn_commit(txn, TEND_TXN_JOURNAL, message);
	tend_txn_end(txn);
	return error;
}

/* HEAD is still HEAD, README.md still README, and no "deep" was left. */
static int
unchanged(struct tend_journal *journal, const char *head, const char *readme)
{
	char	 now[41], *text;
	size_t	 len;
	int	 same;

	if (tend_store_head(now, tend_journal_store(journal)) < 0 ||
	    tend_fs_read(&text, &len, at("README.md")) < 0)
		return 0;
	same = strcmp(now, head) == 0 && len == strlen(readme) &&
	    memcmp(text, readme, len) == 0 && !exists("deep") &&
	    lock_state(journal) == TEND_LOCK_FREE;
	free(text);
	return same;
}

int
main(void)
{
	static const char	*me = "Sam <sam@example.org>";
	struct tend_journal	*journal;
	struct tend_txn		*txn, *inner;
	struct tend_store	*private_store;
	struct hook_count	 count = { 0, 0, 0 };
	struct tend_lock_hook	 hook = { hook_cb, &count };
	struct rlimit		 limit, saved;
	struct timespec		 start, end;
	char			 head[41], now[41], *readme, *text, big[4096];
	char			*again = NULL;
	char			 sync_byte;
	size_t			 readme_len, len;
	int			 fd, pipe_fds[2], status;
	pid_t			 child;

	plan(34);
	if (mkdtemp(top) == NULL || setenv("HOME", top, 1) < 0 ||
	    tend_lib_init() < 0)
		return 99;
	snprintf(dir, sizeof(dir), "%s/journal", top);
	is_int(tend_journal_init(&journal, dir, "content", me, NULL, NULL, 0,
	    &hook, 0), 0, "init makes a journal");
	is_int(count.taken, 1, "init took the lock through the hook");
	is_int(count.let_go, 1, "and let it go");
	if (tend_store_head(head, tend_journal_store(journal)) < 0 ||
	    tend_fs_read(&readme, &readme_len, at("README.md")) < 0)
		return 99;

	/* A staged write commits one commit with the file. */
	is_int(tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT), 0, "begin");
	ok(held_here(journal), "begin holds the lock");
	is_int(tend_txn_stage(txn, TEND_TXN_JOURNAL, "checkin/2026/a.md",
	    "a\n", 2), 0, "stage a file");
	is_int(tend_txn_commit(txn, TEND_TXN_JOURNAL, "test: a"), 0,
	    "commit it");
	tend_txn_end(txn);
	is_int(lock_state(journal), TEND_LOCK_FREE, "end lets the lock go");
	is_int(tend_store_read(&text, &len, tend_journal_store(journal),
	    "checkin/2026/a.md"), 0, "the file is in HEAD");
	free(text);
	tend_store_head(now, tend_journal_store(journal));
	is_int(tend_store_contains(tend_journal_store(journal), now, head), 1,
	    "on top of the HEAD before");
	strcpy(head, now);

	/* Of a path staged twice the later bytes are written and committed. */
	if (tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT) < 0 ||
	    tend_txn_stage(txn, TEND_TXN_JOURNAL, "twice.md", "one\n", 4) < 0 ||
	    tend_txn_stage(txn, TEND_TXN_JOURNAL, "checkin/2026/b.md", "b\n",
	    2) < 0 ||
	    tend_txn_stage(txn, TEND_TXN_JOURNAL, "twice.md", "two\n", 4) < 0)
		return 99;
	is_int(tend_txn_commit(txn, TEND_TXN_JOURNAL, "test: twice"), 0,
	    "commit a path staged twice");
	tend_txn_end(txn);
	is_int(tend_store_read(&text, &len, tend_journal_store(journal),
	    "twice.md"), 0, "it is in HEAD");
	ok(len == 4 && memcmp(text, "two\n", 4) == 0 &&
	    tend_fs_read(&again, &len, at("twice.md")) == 0 && len == 4 &&
	    memcmp(again, "two\n", 4) == 0, "with the later bytes, in HEAD "
	    "and in the work tree");
	free(text);
	free(again);
	tend_store_head(head, tend_journal_store(journal));

	/* Ending without a commit changes nothing. */
	if (tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT) < 0 ||
	    tend_txn_stage(txn, TEND_TXN_JOURNAL, "deep/x.md", "x\n", 2) < 0)
		return 99;
	tend_txn_end(txn);
	ok(unchanged(journal, head, readme), "end without commit changes "
	    "nothing and lets the lock go");

	/* Failures at each step of a commit put everything back. */
	ok(symlink(top, at("link")) == 0, "a symbolic link in the work tree");
	ok(try_commit(journal, "changed\n", "link/x.md", "x\n",
	    "test: link") == TEND_EINVALID, "a path through it is refused");
	ok(unchanged(journal, head, readme), "and nothing changed");
	unlink(at("link"));

	if ((fd = open(at("blocked"), O_CREAT | O_WRONLY, 0600)) < 0)
		return 99;
	close(fd);
	ok(try_commit(journal, "changed\n", "blocked/x.md", "x\n",
	    "test: blocked") < 0, "a file where a folder must go fails");
	ok(unchanged(journal, head, readme), "the files and folders written "
	    "before it are put back");
	unlink(at("blocked"));

	/* Past the file size limit the write fails with EFBIG. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	signal(SIGXFSZ, SIG_IGN);
	if (getrlimit(RLIMIT_FSIZE, &saved) < 0)
		return 99;
	limit = saved;
	limit.rlim_cur = readme_len + 1024;
	if (setrlimit(RLIMIT_FSIZE, &limit) < 0)
		return 99;
	status = try_commit(journal, "changed\n", "big.md", big, "test: big");
	setrlimit(RLIMIT_FSIZE, &saved);
	ok(status < 0, "a write past RLIMIT_FSIZE fails");
	ok(unchanged(journal, head, readme) && !exists("big.md"),
	    "and nothing changed");

	/* git's index.lock: the files were written, then put back. */
	if ((fd = open(at(".git/index.lock"), O_CREAT | O_WRONLY, 0600)) < 0)
		return 99;
	close(fd);
	is_int(try_commit(journal, "changed\n", NULL, NULL, "test: index"),
	    TEND_ELOCKED, "a commit git's index.lock stops fails");
	ok(unchanged(journal, head, readme), "README.md is put back, the new "
	    "file and its folders go");
	unlink(at(".git/index.lock"));

	/* A transaction begun inside one nests; the lock stays held. */
	count.taken = count.let_go = 0;
	if (tend_txn_begin(&txn, journal, TEND_TXN_INTERRUPTIBLE) < 0)
		return 99;
	is_int(tend_txn_begin(&inner, journal, TEND_TXN_DEFAULT), 0,
	    "a begin inside a held transaction nests");
	is_int(tend_txn_stage(inner, TEND_TXN_PRIVATE, "reflect/p.md",
	    "private\n", 8), 0, "stage in the private store");
	is_int(tend_txn_commit(inner, TEND_TXN_PRIVATE, "test: private"), 0,
	    "commit there");
	tend_txn_end(inner);
	ok(held_here(journal), "the outer one still holds the lock");
	tend_txn_end(txn);
	ok(count.interruptible == 1 && count.taken == 0 && count.let_go == 1,
	    "the hook heard one interruptible taking and one letting go");
	tend_store_head(now, tend_journal_store(journal));
	is_str(now, head, "the journal's HEAD did not move");
	if (tend_journal_private(&private_store, journal,
	    TEND_PRIVATE_OPEN) < 0)
		return 99;
	is_int(tend_store_read(&text, &len, private_store, "reflect/p.md"), 0,
	    "the private store has the file");
	free(text);

	/* Another process holding the lock: begin waits until it is let go. */
	if (pipe(pipe_fds) < 0 || (child = fork()) < 0)
		return 99;
	if (child == 0) {
		tend_journal_set_lock_hook(journal, NULL);
		if (tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT) < 0)
			_exit(1);
		(void)write(pipe_fds[1], "x", 1);
		sleep(1);
		tend_txn_end(txn);
		_exit(0);
	}
	close(pipe_fds[1]);
	if (read(pipe_fds[0], &sync_byte, 1) != 1)
		return 99;
	close(pipe_fds[0]);
	is_int(lock_state(journal), TEND_LOCK_HELD, "another process holds "
	    "the lock");
	clock_gettime(CLOCK_MONOTONIC, &start);
	is_int(tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT), 0,
	    "begin waits for it");
	clock_gettime(CLOCK_MONOTONIC, &end);
	ok(end.tv_sec - start.tv_sec + (end.tv_nsec - start.tv_nsec) / 1e9 >
	    0.3, "and returns only once it was let go");
	tend_txn_end(txn);
	waitpid(child, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the other process "
	    "held and let go of it");

	free(readme);
	tend_journal_free(journal);
	tend_lib_shutdown();
	if (tend_fs_remove_tree(top) < 0)
		diag("cannot remove %s", top);
	return done_testing();
}
