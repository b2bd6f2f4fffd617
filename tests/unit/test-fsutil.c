/*
 * Unit tests for lib/fsutil.c: the folders a write makes are noted, and
 * taken away again when the write fails, never one that holds something;
 * a folder's entries are walked one by one.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "tap.h"

#define SEEN_MAX	8

/* What each_cb was shown of one folder. */
struct seen {
	char		 dir[PATH_MAX];
	char		 names[SEEN_MAX][16];
	int		 count;
	int		 folders;	/* entries that are folders */
	int		 links;		/* entries that are symbolic links */
	int		 wrong;		/* a PATH not DIR/NAME, or no ST */
	int		 stop_at;	/* stop at this entry (from 1), or 0 */
};

static char	top[] = "/tmp/tend-fsutil-XXXXXX";

static int	is_dir(const char *);
static char	*at(const char *);
static int	touch(const char *);
static void	start(struct seen *, const char *, int);
static int	each_cb(const char *, const char *, const struct stat *,
		    void *);
static int	type_cb(const char *, const char *, mode_t, void *);
static int	by_name(const void *, const void *);
static const char *names(struct seen *);

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

static int
touch(const char *rel)
{
	int	fd;

	if ((fd = open(at(rel), O_CREAT | O_WRONLY, 0600)) < 0)
		return -1;
	close(fd);
	return 0;
}

/* A walk of TOP/REL to come, stopped at its entry STOP_AT (from 1) or not. */
static void
start(struct seen *seen, const char *rel, int stop_at)
{
	memset(seen, 0, sizeof(*seen));
	snprintf(seen->dir, sizeof(seen->dir), "%s", at(rel));
	seen->stop_at = stop_at;
}

static int
each_cb(const char *path, const char *name, const struct stat *st,
    void *arg)
{
	struct seen	*seen = arg;
	char		 want[PATH_MAX + NAME_MAX + 2];

	snprintf(want, sizeof(want), "%s/%s", seen->dir, name);
	if (strcmp(path, want) != 0 || st == NULL)
		seen->wrong++;
	else if (S_ISDIR(st->st_mode))
		seen->folders++;
	if (seen->count < SEEN_MAX)
		snprintf(seen->names[seen->count], sizeof(seen->names[0]),
		    "%s", name);
	seen->count++;
	/* Any value but 0 stops the walk: 7 shows it is passed on as is. */
	return seen->count == seen->stop_at ? 7 : 0;
}

/* each_cb for tend_fs_each_type: the type, where each_cb had the lstat. */
static int
type_cb(const char *path, const char *name, mode_t type, void *arg)
{
	struct seen	*seen = arg;
	char		 want[PATH_MAX + NAME_MAX + 2];

	snprintf(want, sizeof(want), "%s/%s", seen->dir, name);
	if (strcmp(path, want) != 0 || type == 0 ||
	    (type & ~(mode_t)S_IFMT) != 0)
		seen->wrong++;
	else if (S_ISDIR(type))
		seen->folders++;
	else if (S_ISLNK(type))
		seen->links++;
	if (seen->count < SEEN_MAX)
		snprintf(seen->names[seen->count], sizeof(seen->names[0]),
		    "%s", name);
	seen->count++;
	return seen->count == seen->stop_at ? 7 : 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The names SEEN was shown, sorted, as "a b c": readdir keeps no order. */
static const char *
names(struct seen *seen)
{
	static char	out[SEEN_MAX * 17];
	int		i, count = seen->count < SEEN_MAX ? seen->count :
			    SEEN_MAX;

	qsort(seen->names, (size_t)count, sizeof(seen->names[0]), by_name);
	out[0] = '\0';
	for (i = 0; i < count; i++) {
		if (i > 0)
			strcat(out, " ");
		strcat(out, seen->names[i]);
	}
	return out;
}

int
main(void)
{
	struct tend_fs_made	 made = TEND_FS_MADE_INIT;
	struct seen		 seen;
	struct stat		 st;
	char			 name[NAME_MAX + 2], longer[NAME_MAX + 16];
	static const char *const words[] = { "one\t", "", "two\n" };
	static struct tend_piece pieces[600];
	static char		 want[600 * 4 + 1];
	char			*got;
	size_t			 i, len;
	int			 fd, stop;

	plan(57);
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

	/* Each entry once, "." and ".." never, and no deeper. */
	if (tend_fs_mkdirs(at("walk/sub"), NULL) < 0 ||
	    touch("walk/a.md") < 0 || touch("walk/b") < 0 ||
	    touch("walk/sub/inner") < 0)
		return 99;
	start(&seen, "walk", 0);
	is_int(tend_fs_each(&stop, seen.dir, each_cb, &seen), 0,
	    "each walks walk/");
	is_int(stop, 0, "nothing stopped it");
	is_int(seen.count, 3, "three entries");
	is_str(names(&seen), "a.md b sub", "the files and the sub-folder");
	is_int(seen.wrong, 0, "each with its joined path and its lstat");
	is_int(seen.folders, 1, "the sub-folder is shown as one");

	/* The same walk by type: a link is told as one, not followed. */
	if (symlink("sub", at("walk/link")) < 0)
		return 99;
	start(&seen, "walk", 0);
	is_int(tend_fs_each_type(&stop, seen.dir, type_cb, &seen), 0,
	    "each_type walks walk/");
	is_int(stop, 0, "nothing stopped it");
	is_str(names(&seen), "a.md b link sub", "every entry once");
	is_int(seen.wrong, 0, "each with its joined path and its type alone");
	is_int(seen.folders, 1, "the sub-folder is shown as one");
	is_int(seen.links, 1, "the link as a link");
	start(&seen, "walk", 2);
	is_int(tend_fs_each_type(&stop, seen.dir, type_cb, &seen), 0,
	    "a walk FN stops is no failure of the walk");
	is_int(stop, 7, "STOP is what FN returned");
	is_int(seen.count, 2, "no entry after the one that stopped it");
	start(&seen, "nowhere", 0);
	is_int(tend_fs_each_type(&stop, seen.dir, type_cb, &seen),
	    TEND_ENOTFOUND, "a missing folder is TEND_ENOTFOUND");
	unlink(at("walk/link"));

	/* An empty folder: nothing to call. */
	unlink(at("walk/sub/inner"));
	start(&seen, "walk/sub", 0);
	is_int(tend_fs_each(&stop, seen.dir, each_cb, &seen), 0,
	    "each walks an empty folder");
	is_int(seen.count, 0, "and calls nothing");

	/* FN's non-zero return stops the walk and comes back in STOP. */
	start(&seen, "walk", 2);
	is_int(tend_fs_each(&stop, seen.dir, each_cb, &seen), 0,
	    "a walk FN stops is no failure of the walk");
	is_int(stop, 7, "STOP is what FN returned");
	is_int(seen.count, 2, "no entry after the one that stopped it");

	/* A folder not there, or a file: TEND_ENOTFOUND, naming it. */
	start(&seen, "nowhere", 0);
	stop = -1;
	is_int(tend_fs_each(&stop, seen.dir, each_cb, &seen), TEND_ENOTFOUND,
	    "a missing folder is TEND_ENOTFOUND");
	ok(errno == ENOENT, "with errno kept");
	ok(strstr(tend_error(), "nowhere") != NULL, "a message names it: %s",
	    tend_error());
	ok(stop == 0 && seen.count == 0, "and FN is never called");
	start(&seen, "walk/a.md", 0);
	is_int(tend_fs_each(&stop, seen.dir, each_cb, &seen), TEND_ENOTFOUND,
	    "a file is no folder either");
	ok(errno == ENOTDIR, "with errno kept");

	/* Any other reason, here a name too long: TEND_ERROR. */
	start(&seen, name, 0);
	is_int(tend_fs_each(&stop, seen.dir, each_cb, &seen), TEND_ERROR,
	    "a folder that cannot be opened is TEND_ERROR");
	ok(errno == ENAMETOOLONG, "with errno kept");
	ok(seen.count == 0, "and FN is never called");

	/*
	 * A file written from pieces, more than one writev takes, some
	 * empty: the pieces in order, whole, 0600.
	 */
	for (i = 0; i < 600; i++) {
		pieces[i].data = words[i % 3];
		pieces[i].len = strlen(words[i % 3]);
	}
	is_int(tend_fs_write_replace_pieces(at("pieces"), pieces, 600), 0,
	    "write_replace_pieces writes 600 pieces");
	for (i = 0, want[0] = '\0'; i < 600; i++)
		strcat(want, words[i % 3]);
	got = NULL;
	ok(tend_fs_read(&got, &len, at("pieces")) == 0 && len ==
	    strlen(want) && memcmp(got, want, len) == 0,
	    "the file is the pieces one after another");
	free(got);
	ok(stat(at("pieces"), &st) == 0 && (st.st_mode & 0777) == 0600,
	    "made 0600");
	is_int(tend_fs_write_replace_pieces(at("pieces"), pieces, 0), 0,
	    "no pieces at all");
	ok(stat(at("pieces"), &st) == 0 && st.st_size == 0,
	    "makes an empty file");

	if (tend_fs_remove_tree(top) < 0)
		diag("cannot remove %s", top);
	return done_testing();
}
