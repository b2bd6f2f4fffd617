/*
 * Unit tests for lib/fsutil.c: the folders a write makes are noted, and
 * taken away again when the write fails, never one that holds something.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "tap.h"

static char	top[] = "/tmp/tend-fsutil-XXXXXX";

static int	is_dir(const char *);
static char	*at(const char *);

static int
is_dir(const char *rel)
{
	struct stat	st;

	return stat(at(rel), &st) == 0 && S_ISDIR(st.st_mode);
}

/* TOP/REL, in a buffer of its own for each of the last four calls. */
static char *
at(const char *rel)
{
	static char	paths[4][PATH_MAX];
	static int	next;
	char		*path = paths[next++ % 4];

	snprintf(path, PATH_MAX, "%s/%s", top, rel);
	return path;
}

int
main(void)
{
	struct tend_fs_made	 made = TEND_FS_MADE_INIT;
	struct stat		 st;
	char			 name[NAME_MAX + 2], longer[NAME_MAX + 16];
	int			 fd;

	plan(22);
	if (mkdtemp(top) == NULL)
		return 99;

	/* Only the folders the call made are noted, parents first. */
	if (mkdir(at("checkin"), 0700) < 0)
		return 99;
	is_int(tend_fs_mkdirs(at("checkin/2026/12"), &made), 0,
	    "mkdirs checkin/2026/12");
	is_int((long)made.count, 2, "two folders made");
	is_str(made.count == 2 ? made.dirs[0] : NULL, at("checkin/2026"),
	    "the parent first");
	is_str(made.count == 2 ? made.dirs[1] : NULL, at("checkin/2026/12"),
	    "then the folder");
	ok(stat(at("checkin/2026/12"), &st) == 0 &&
	    (st.st_mode & 0777) == 0700, "made 0700 whatever the umask");
	is_int(tend_fs_mkdirs(at("checkin/2026/12"), &made), 0,
	    "mkdirs again");
	is_int((long)made.count, 2, "a folder already there is not noted");

	/* Undone: newest first, and checkin/, which was there, stays. */
	tend_fs_unmake(&made);
	ok(!is_dir("checkin/2026"), "unmake removes what was made");
	ok(is_dir("checkin"), "unmake keeps what was there");
	is_int((long)made.count, 0, "unmake forgets");

	/* A folder that came to hold a file is left with it. */
	is_int(tend_fs_mkdirs(at("resent/old"), &made), 0, "mkdirs resent/old");
	if ((fd = open(at("resent/keep.md"), O_CREAT | O_WRONLY, 0600)) < 0)
		return 99;
	close(fd);
	tend_fs_unmake(&made);
	ok(!is_dir("resent/old"), "the empty one goes");
	ok(is_dir("resent") && access(at("resent/keep.md"), F_OK) == 0,
	    "the one holding a file stays, file and all");

	/* A call that fails midway leaves none of its own folders. */
	if ((fd = open(at("agree"), O_CREAT | O_WRONLY, 0600)) < 0)
		return 99;
	close(fd);
	ok(tend_fs_mkdirs(at("x/y/agree/z"), &made) == 0, "x/y made");
	tend_fs_made_free(&made);
	ok(is_dir("x/y"), "made_free keeps the folders");
	ok(tend_fs_mkdirs(at("agree/z"), &made) < 0, "a file in the way fails");
	/* new/ and new/one/ are made before the name too long is refused. */
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(longer, sizeof(longer), "new/one/%s", name);
	ok(tend_fs_mkdirs(at(longer), &made) < 0, "a name too long fails");
	is_int((long)made.count, 0, "a failed call notes nothing");
	ok(!is_dir("new"), "and leaves no folder of its own");
	tend_fs_made_free(&made);

	/* After a removal, the folders it leaves empty go, up to TOP. */
	if (tend_fs_mkdirs(at("reflect/2026/11"), NULL) < 0 ||
	    (fd = open(at("reflect/2026/11/a.md"), O_CREAT | O_WRONLY,
	    0600)) < 0)
		return 99;
	close(fd);
	unlink(at("reflect/2026/11/a.md"));
	tend_fs_prune_empty(top, "reflect/2026/11/a.md");
	ok(!is_dir("reflect") && access(top, F_OK) == 0,
	    "prune_empty removes reflect/2026/11 and up, never TOP");
	if (tend_fs_mkdirs(at("reflect/2026/11"), NULL) < 0 ||
	    (fd = open(at("reflect/2026/b.md"), O_CREAT | O_WRONLY, 0600)) < 0)
		return 99;
	close(fd);
	tend_fs_prune_empty(top, "reflect/2026/11/a.md");
	ok(!is_dir("reflect/2026/11") && is_dir("reflect/2026"),
	    "and stops at a folder that holds something");
	tend_fs_prune_empty(top, "reflect/2026/b.md");
	ok(is_dir("reflect/2026"), "a file still there keeps its folder");

	if (tend_fs_remove_tree(top) < 0)
		diag("cannot remove %s", top);
	return done_testing();
}
