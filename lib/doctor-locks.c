/*
 * tend doctor's "locks" check: the journal lock, git's lock files, a sync
 * cut short, and what a tend that stopped while writing left behind
 * (temporary files, empty folders); --fix removes what is safe to.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doctor-internal.h"

#define GIT_LOCK_AGE	(10 * 60)	/* seconds: older looks left over */

static int	check_tend_lock(struct doctor *);
static int	check_git_lock(struct doctor *, const char *,
		    const struct stat *, size_t *);
static int	scan_git_locks(struct doctor *, const char *, int, size_t *);
static int	check_update_cut_short(struct doctor *);
static int	is_temporary(const char *);
static int	clear_temporary(struct doctor *, const char *, int, int);
static int	is_hollow(const char *);
static int	remove_hollow(const char *);
static int	clear_empty(struct doctor *, const char *, int);
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
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	char		*path;
	size_t		 len;
	int		 error = 0;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while (error == 0 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((path = tend_fs_join(dir, de->d_name)) == NULL) {
			error = tend_error_nomem();
			break;
		}
		len = strlen(de->d_name);
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && recurse)
				error = scan_git_locks(d, path, 1, count);
			else if (S_ISREG(st.st_mode) && len > 5 &&
			    strcmp(de->d_name + len - 5, ".lock") == 0)
				error = check_git_lock(d, path, &st, count);
		}
		free(path);
	}
	closedir(dp);
	return error;
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
 * Report, or with --fix remove, every temporary file under PATH: one that
 * a tend stopped while writing left before its rename, so the file it was
 * for is as it was.  Folders named .git (the private store's) are git's.
 */
static int
clear_temporary(struct doctor *d, const char *path, int deep, int fix)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	char		*child;
	int		 error = 0;

	if ((dp = opendir(path)) == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 :
		    doctor_report(d, TEND_DOCTOR_ERROR, "locks",
		    doctor_relative(d, path), NULL,
		    "cannot read the folder: %s", strerror(errno));
	while (error == 0 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, ".git") == 0)
			continue;
		if ((child = tend_fs_join(path, de->d_name)) == NULL) {
			error = tend_error_nomem();
			break;
		}
		if (lstat(child, &st) < 0)
			;	/* gone meanwhile */
		else if (S_ISDIR(st.st_mode) && deep)
			error = clear_temporary(d, child, deep, fix);
		else if (S_ISREG(st.st_mode) && is_temporary(de->d_name)) {
			if (!fix)
				error = doctor_report(d, TEND_DOCTOR_WARNING,
				    "locks", doctor_relative(d, child),
				    "tend doctor --fix", "a temporary file "
				    "left by a tend that stopped while "
				    "writing; the file it was for is as it was "
				    "before");
			else if (unlink(child) == 0 || errno == ENOENT)
				error = doctor_report(d, TEND_DOCTOR_FIXED,
				    "locks", doctor_relative(d, child), NULL,
				    "removed; a temporary file left by a tend "
				    "that stopped while writing");
			else
				error = doctor_report(d, TEND_DOCTOR_ERROR,
				    "locks", doctor_relative(d, child), NULL,
				    "cannot remove this temporary file: %s",
				    strerror(errno));
		}
		free(child);
	}
	closedir(dp);
	return error;
}

/* 1 when PATH is a folder that holds folders at most, 0 when not, or < 0. */
static int
is_hollow(const char *path)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	char		*child;
	int		 hollow = 1;

	if ((dp = opendir(path)) == NULL)
		return 0;
	while (hollow == 1 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((child = tend_fs_join(path, de->d_name)) == NULL)
			hollow = tend_error_nomem();
		else if (lstat(child, &st) < 0 || !S_ISDIR(st.st_mode))
			hollow = 0;
		else
			hollow = is_hollow(child);
		free(child);
	}
	closedir(dp);
	return hollow;
}

/* Remove a hollow folder with rmdir alone: a file that came meanwhile stays. */
static int
remove_hollow(const char *path)
{
	struct dirent	*de;
	DIR		*dp;
	char		*child;
	int		 error = 0;

	if ((dp = opendir(path)) == NULL)
		return -1;
	while (error == 0 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((child = tend_fs_join(path, de->d_name)) == NULL)
			error = -1;
		else
			error = remove_hollow(child);
		free(child);
	}
	closedir(dp);
	return error == 0 && rmdir(path) == 0 ? 0 : -1;
}

/*
 * Report, or with --fix remove, each folder under the entry folder PATH
 * that holds no file: a write that failed before tend undid its folders
 * left it.  git keeps no empty folder, so nothing is lost with it.
 */
static int
clear_empty(struct doctor *d, const char *path, int fix)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	char		*child;
	int		 error = 0, hollow;

	if ((dp = opendir(path)) == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 :
		    doctor_report(d, TEND_DOCTOR_ERROR, "locks",
		    doctor_relative(d, path), NULL,
		    "cannot read the folder: %s", strerror(errno));
	while (error == 0 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((child = tend_fs_join(path, de->d_name)) == NULL) {
			error = tend_error_nomem();
			break;
		}
		if (lstat(child, &st) < 0 || !S_ISDIR(st.st_mode))
			;	/* a file, or gone meanwhile */
		else if ((hollow = is_hollow(child)) < 0)
			error = hollow;
		else if (!hollow)
			error = clear_empty(d, child, fix);
		else if (!fix)
			error = doctor_report(d, TEND_DOCTOR_WARNING, "locks",
			    doctor_relative(d, child), "tend doctor --fix",
			    "an empty folder, left by a write that failed; "
			    "git keeps no empty folders, so nothing is lost "
			    "with it");
		else if (remove_hollow(child) == 0)
			error = doctor_report(d, TEND_DOCTOR_FIXED, "locks",
			    doctor_relative(d, child), NULL, "removed; an "
			    "empty folder left by a write that failed");
		else
			error = doctor_report(d, TEND_DOCTOR_ERROR, "locks",
			    doctor_relative(d, child), NULL, "cannot remove "
			    "this empty folder: %s", strerror(errno));
		free(child);
	}
	closedir(dp);
	return error;
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
