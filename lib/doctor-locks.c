/*
 * tend doctor's "locks" check: the journal lock, git's lock files, a sync
 * cut short, and what a tend that stopped while writing left behind
 * (temporary files, empty folders); --fix removes what is safe to.
 */

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doctor-internal.h"

#define GIT_LOCK_AGE	(10 * 60)	/* seconds: older looks left over */

/* What a walk of the folders below carries into each. */
struct sweep {
	struct doctor	*d;
	int		 deep;		/* into the folders in it too */
	int		 fix;
	size_t		*count;		/* git's lock files seen */
};

static int	check_tend_lock(struct doctor *);
static int	check_git_lock(struct doctor *, const char *,
		    const struct stat *, size_t *);
static int	scan_git_locks(struct doctor *, const char *, int, size_t *);
static int	git_lock_cb(const char *, const char *, const struct stat *,
		    void *);
static int	check_update_cut_short(struct doctor *);
static int	is_temporary(const char *);
static int	walk_result(struct doctor *, const char *, int, int);
static int	clear_temporary(struct doctor *, const char *, int, int);
static int	temporary_cb(const char *, const char *, mode_t, void *);
static int	is_hollow(const char *);
static int	hollow_cb(const char *, const char *, mode_t, void *);
static int	remove_hollow(const char *);
static int	remove_hollow_cb(const char *, const char *, mode_t,
		    void *);
static int	clear_empty(struct doctor *, const char *, int);
static int	empty_cb(const char *, const char *, mode_t, void *);
static int	check_temporary(struct doctor *);

/*
 * Locks.  The journal's lock is read and cleared by lock.c, which alone
 * knows its format and when it is stale: its holder has ended on this
 * host, or it stayed empty or garbled past the moment of its writing.
 */
static int
check_tend_lock(struct doctor *d)
{
	struct tend_lock_info	 info;
	struct tend_buf		 fix = TEND_BUF_INIT, rm = TEND_BUF_INIT;
	const char		*subject;
	char			*path;
	int			 error;

	if ((path = tend_fs_join(d->gitdir, TEND_LAYOUT_LOCK)) == NULL)
		return tend_error_nomem();
	subject = doctor_relative(d, path);
	if ((error = tend_lock_inspect(&info, path)) < 0) {
		error = doctor_report_failure(d, "locks", subject, error);
		goto out;
	}
	if (info.state == TEND_LOCK_FREE)
		goto out;
	if ((error = tend_buf_puts(&rm, "rm ")) < 0 ||
	    (error = doctor_quote(&rm, path)) < 0)
		goto out;
	if (info.state == TEND_LOCK_HELD) {
		/* The fixes that take the lock would wait for it, then fail. */
		d->lock_held = 1;
		if (info.malformed)
			error = doctor_report(d, TEND_DOCTOR_WARNING, "locks",
			    subject, "run tend doctor again", "being taken at "
			    "this moment");
		else if (info.other_host) {
			if ((error = tend_buf_printf(&fix, "if no tend runs on "
			    "'%s', %s", info.host, rm.data)) == 0)
				error = doctor_report(d, TEND_DOCTOR_WARNING,
				    "locks", subject, fix.data,
				    "held by process %ld on '%s', which cannot "
				    "be looked at from here", info.pid,
				    info.host);
		} else if ((error = tend_buf_printf(&fix, "let it finish; if "
		    "process %ld is no tend, its number was reused: %s",
		    info.pid, rm.data)) == 0)
			error = doctor_report(d, TEND_DOCTOR_WARNING, "locks",
			    subject, fix.data, "held by process %ld, which is "
			    "running", info.pid);
		goto out;
	}
	/* Stale: removing it is safe, unless another tend took it since. */
	if (d->flags & TEND_DOCTOR_FIX) {
		if ((error = tend_lock_clear(path)) == 0) {
			if (info.malformed)
				error = doctor_report(d, TEND_DOCTOR_FIXED,
				    "locks", subject, NULL, "removed; it was "
				    "empty or garbled, left by a tend that "
				    "stopped");
			else
				error = doctor_report(d, TEND_DOCTOR_FIXED,
				    "locks", subject, NULL, "removed; process "
				    "%ld, which held it, had ended", info.pid);
			goto out;
		}
		if (error == TEND_ELOCKED) {
			error = doctor_report(d, TEND_DOCTOR_WARNING, "locks",
			    subject, "run tend doctor again", "changed while "
			    "it was checked; left alone");
			goto out;
		}
		error = doctor_report_failure(d, "locks", subject, error);
		goto out;
	}
	if ((error = tend_buf_printf(&fix, "tend doctor --fix, or %s",
	    rm.data)) == 0)
		error = info.malformed ?
		    doctor_report(d, TEND_DOCTOR_ERROR, "locks", subject,
		    fix.data, "it is empty or garbled, left by a tend that "
		    "stopped while taking it; until it is gone, tend cannot "
		    "write") :
		    doctor_report(d, TEND_DOCTOR_ERROR, "locks", subject,
		    fix.data, "left by process %ld, which has ended; until it "
		    "is gone, tend cannot write", info.pid);
out:
	tend_buf_free(&fix);
	tend_buf_free(&rm);
	free(path);
	return error;
}

/*
 * git's own lock files say nothing of who holds them.  An old one is most
 * likely left over, but 'git commit' holds index.lock for as long as its
 * editor is open, and a slow push holds its ref's lock: removing one under
 * a running git could break the commit.  So even --fix leaves them, and
 * gives the command that removes them.
 */
static int
check_git_lock(struct doctor *d, const char *path, const struct stat *st,
    size_t *count)
{
	struct tend_buf	fix = TEND_BUF_INIT;
	long		age = (long)(d->now - st->st_mtime);
	int		error;

	(*count)++;
	if (age <= GIT_LOCK_AGE)
		return doctor_report(d, TEND_DOCTOR_WARNING, "locks",
		    doctor_relative(d, path), "run tend doctor again in a few "
		    "minutes", "made %ld seconds ago: a git is probably at "
		    "work", age < 0 ? 0 : age);
	if ((error = tend_buf_puts(&fix, "if no git runs on this journal, "
	    "rm ")) < 0 || (error = doctor_quote(&fix, path)) < 0)
		goto out;
	error = doctor_report(d, TEND_DOCTOR_ERROR, "locks", doctor_relative(d,
	    path), fix.data, "made %ld minutes ago, so probably left by a git "
	    "that stopped; while it is there, nothing can be committed%s",
	    age / 60, d->flags & TEND_DOCTOR_FIX ? " (left in place: tend "
	    "cannot tell whether a git still holds it)" : "");
out:
	tend_buf_free(&fix);
	return error;
}

/* The *.lock files in DIR, and with RECURSE in the folders below it. */
static int
scan_git_locks(struct doctor *d, const char *dir, int recurse, size_t *count)
{
	struct sweep	sweep = { d, recurse, 0, count };
	int		stop;

	if (tend_fs_each(&stop, dir, git_lock_cb, &sweep) == TEND_ENOMEM)
		return TEND_ENOMEM;
	return stop;
}

static int
git_lock_cb(const char *path, const char *name, const struct stat *st,
    void *arg)
{
	struct sweep	*sweep = arg;
	size_t		 len = strlen(name);

	if (st == NULL)
		return 0;
	if (S_ISDIR(st->st_mode) && sweep->deep)
		return scan_git_locks(sweep->d, path, 1, sweep->count);
	if (S_ISREG(st->st_mode) && len > 5 &&
	    strcmp(name + len - 5, ".lock") == 0)
		return check_git_lock(sweep->d, path, st, sweep->count);
	return 0;
}

/*
 * A sync cut short between updating the work tree and moving the branch
 * (tend-sync(1)).  Any tend that takes the journal lock finishes it, so
 * --fix takes the lock; a file changed since stops that, with its name.
 */
static int
check_update_cut_short(struct doctor *d)
{
	struct tend_txn	*txn;
	const char	*subject;
	char		*path, cause[1024];
	int		 error = 0;

	if ((path = tend_fs_join(d->gitdir, TEND_UPDATE_FILE)) == NULL)
		return tend_error_nomem();
	subject = doctor_relative(d, path);
	if (!tend_fs_exists(path))
		goto out;
	if (!(d->flags & TEND_DOCTOR_FIX) || d->lock_held) {
		error = doctor_report(d, TEND_DOCTOR_WARNING, "locks", subject,
		    "tend doctor --fix, or any tend command that writes",
		    "a sync was cut short before it moved the branch; until it "
		    "is finished, the partner's files it took in look like "
		    "local changes");
		goto out;
	}
	if ((error = tend_txn_begin(&txn, d->journal,
	    TEND_TXN_INTERRUPTIBLE)) == 0) {
		tend_txn_end(txn);
		error = doctor_report(d, TEND_DOCTOR_FIXED, "locks", subject,
		    NULL, "finished the sync that was cut short");
	} else if (error != TEND_ENOMEM) {
		snprintf(cause, sizeof(cause), "%s", tend_error());
		/* Undone rather than finished: fixed all the same. */
		error = tend_fs_exists(path) ?
		    doctor_report(d, TEND_DOCTOR_ERROR, "locks", subject,
		    NULL, "cannot finish the sync that was cut short: %s",
		    cause) :
		    doctor_report(d, TEND_DOCTOR_FIXED, "locks", subject,
		    NULL, "%s", cause);
	}
out:
	free(path);
	return error;
}

/* NAME.tmp-XXXXXX: tend_fs_write_atomic's file before its rename. */
static int
is_temporary(const char *name)
{
	const char	*tail = strstr(name, ".tmp-");
	size_t		 i;

	if (tail == NULL || tail == name)
		return 0;
	tail += strlen(".tmp-");
	for (i = 0; tail[i] != '\0'; i++)
		if (!tend_text_is_alnum((unsigned char)tail[i]))
			return 0;
	return i == 6;
}

/*
 * What a walk of PATH that stopped at ERROR or STOP comes to: a folder not
 * there holds nothing left over, one that cannot be read is told.
 */
static int
walk_result(struct doctor *d, const char *path, int error, int stop)
{
	if (error == TEND_ENOTFOUND)
		return 0;
	if (error == TEND_ERROR)
		return doctor_report(d, TEND_DOCTOR_ERROR, "locks",
		    doctor_relative(d, path), NULL,
		    "cannot read the folder: %s", strerror(errno));
	return error < 0 ? error : stop;
}

/*
 * Report, or with --fix remove, every temporary file under PATH: one that
 * a tend stopped while writing left before its rename, so the file it was
 * for is as it was.  Folders named .git (the private store's) are git's.
 */
static int
clear_temporary(struct doctor *d, const char *path, int deep, int fix)
{
	struct sweep	sweep = { d, deep, fix, NULL };
	int		error, stop;

	error = tend_fs_each_type(&stop, path, temporary_cb, &sweep);
	return walk_result(d, path, error, stop);
}

static int
temporary_cb(const char *path, const char *name, mode_t type, void *arg)
{
	struct sweep	*sweep = arg;
	struct doctor	*d = sweep->d;

	if (strcmp(name, ".git") == 0 || type == 0)
		return 0;	/* git's, or gone meanwhile */
	if (S_ISDIR(type) && sweep->deep)
		return clear_temporary(d, path, sweep->deep, sweep->fix);
	if (!S_ISREG(type) || !is_temporary(name))
		return 0;
	if (!sweep->fix)
		return doctor_report(d, TEND_DOCTOR_WARNING, "locks",
		    doctor_relative(d, path), "tend doctor --fix", "a "
		    "temporary file left by a tend that stopped while writing; "
		    "the file it was for is as it was before");
	if (unlink(path) == 0 || errno == ENOENT)
		return doctor_report(d, TEND_DOCTOR_FIXED, "locks",
		    doctor_relative(d, path), NULL, "removed; a temporary file "
		    "left by a tend that stopped while writing");
	return doctor_report(d, TEND_DOCTOR_ERROR, "locks",
	    doctor_relative(d, path), NULL, "cannot remove this temporary "
	    "file: %s", strerror(errno));
}

/* 1 when PATH is a folder that holds folders at most, 0 when not, or < 0. */
static int
is_hollow(const char *path)
{
	int	error, solid;

	if ((error = tend_fs_each_type(&solid, path, hollow_cb, NULL)) < 0)
		return error == TEND_ENOMEM ? error : 0;
	return solid < 0 ? solid : !solid;
}

/* 1, which stops the walk, at the first entry that is not hollow. */
static int
hollow_cb(const char *path, const char *name, mode_t type, void *arg)
{
	int	hollow;

	(void)name;
	(void)arg;
	if (!S_ISDIR(type))
		return 1;
	if ((hollow = is_hollow(path)) < 0)
		return hollow;
	return !hollow;
}

/* Remove a hollow folder with rmdir alone: a file that came meanwhile stays. */
static int
remove_hollow(const char *path)
{
	int	stop;

	if (tend_fs_each_type(&stop, path, remove_hollow_cb, NULL) < 0 ||
	    stop != 0)
		return -1;
	return rmdir(path) == 0 ? 0 : -1;
}

static int
remove_hollow_cb(const char *path, const char *name, mode_t type, void *arg)
{
	(void)name;
	(void)type;
	(void)arg;
	return remove_hollow(path);
}

/*
 * Report, or with --fix remove, each folder under the entry folder PATH
 * that holds no file: a write that failed before tend undid its folders
 * left it.  git keeps no empty folder, so nothing is lost with it.
 */
static int
clear_empty(struct doctor *d, const char *path, int fix)
{
	struct sweep	sweep = { d, 0, fix, NULL };
	int		error, stop;

	error = tend_fs_each_type(&stop, path, empty_cb, &sweep);
	return walk_result(d, path, error, stop);
}

static int
empty_cb(const char *path, const char *name, mode_t type, void *arg)
{
	struct sweep	*sweep = arg;
	struct doctor	*d = sweep->d;
	int		 hollow;

	(void)name;
	if (!S_ISDIR(type))
		return 0;	/* a file, or gone meanwhile */
	if ((hollow = is_hollow(path)) < 0)
		return hollow;
	if (!hollow)
		return clear_empty(d, path, sweep->fix);
	if (!sweep->fix)
		return doctor_report(d, TEND_DOCTOR_WARNING, "locks",
		    doctor_relative(d, path), "tend doctor --fix", "an empty "
		    "folder, left by a write that failed; git keeps no empty "
		    "folders, so nothing is lost with it");
	if (remove_hollow(path) == 0)
		return doctor_report(d, TEND_DOCTOR_FIXED, "locks",
		    doctor_relative(d, path), NULL, "removed; an empty folder "
		    "left by a write that failed");
	return doctor_report(d, TEND_DOCTOR_ERROR, "locks",
	    doctor_relative(d, path), NULL, "cannot remove this empty folder: "
	    "%s", strerror(errno));
}

/*
 * The journal's own folders and .git/tend.  --fix holds the journal lock,
 * so that no tend is writing one of them; while another holds it, the
 * files are only told.
 */
static int
check_temporary(struct doctor *d)
{
	struct tend_txn	*txn = NULL;
	const char	*top;
	char		*path;
	size_t		 i;
	int		 error, fix = 0;

	if ((d->flags & TEND_DOCTOR_FIX) && !d->lock_held &&
	    tend_txn_begin(&txn, d->journal, TEND_TXN_INTERRUPTIBLE) == 0)
		fix = 1;
	error = clear_temporary(d, d->top, 0, fix);
	for (i = 0; i <= TEND_KIND_COUNT && error == 0; i++) {
		path = i < TEND_KIND_COUNT ?
		    tend_fs_join(d->top, tend_kind_name(i)) :
		    tend_fs_join(d->gitdir, "tend");
		if (path == NULL)
			error = tend_error_nomem();
		else
			error = clear_temporary(d, path, 1, fix);
		free(path);
	}
	/* The entry folders of the journal, then of the private store. */
	for (i = 0; i < 2 * TEND_KIND_COUNT && error == 0; i++) {
		top = i < TEND_KIND_COUNT ? d->top :
		    d->private_store != NULL ?
		    tend_store_workdir(d->private_store) : NULL;
		if (top == NULL)
			break;
		if ((path = tend_fs_join(top,
		    tend_kind_name(i % TEND_KIND_COUNT))) == NULL)
			error = tend_error_nomem();
		else
			error = clear_empty(d, path, fix);
		free(path);
	}
	if (fix)
		tend_txn_end(txn);
	return error;
}

int
doctor_check_locks(struct doctor *d)
{
	const char	*gitdirs[2];
	char		*refs;
	size_t		 i, count = 0;
	int		 error;

	d->problems = 0;
	if ((error = check_tend_lock(d)) < 0 ||
	    (error = check_update_cut_short(d)) < 0 ||
	    (error = check_temporary(d)) < 0)
		return error;
	gitdirs[0] = d->gitdir;
	gitdirs[1] = d->private_store != NULL ?
	    tend_store_gitdir(d->private_store) : NULL;
	for (i = 0; i < 2 && gitdirs[i] != NULL && error == 0; i++) {
		if ((refs = tend_fs_join(gitdirs[i], "refs")) == NULL)
			return tend_error_nomem();
		if ((error = scan_git_locks(d, gitdirs[i], 0, &count)) == 0)
			error = scan_git_locks(d, refs, 1, &count);
		free(refs);
	}
	if (error == 0 && d->problems == 0)
		error = doctor_report(d, TEND_DOCTOR_OK, "locks", "journal",
		    NULL, "no lock held or left over");
	return error;
}
