/*
 * Unit tests for the store (lib/store*.c): a repository is made, committed
 * to, read and listed, and a commit git's own lock stands in the way of is
 * refused, changing nothing; a commit of many paths in any order builds
 * the tree one at a time would.
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

#define NAME	"Sam"
#define EMAIL	"sam@example.org"

static char	top[] = "/tmp/tend-store-XXXXXX";

static char	*at(const char *);
static int	put(const char *, const char *);
static int	list_cb(const char *, const char *, size_t, void *);

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

/* The store commits files already in the work tree: write REL there. */
static int
put(const char *rel, const char *text)
{
	char	*dir, *slash;
	int	 error;

	if ((dir = strdup(at(rel))) == NULL)
		return -1;
	slash = strrchr(dir, '/');
	*slash = '\0';
	error = tend_fs_mkdirs(dir, NULL);
	free(dir);
	if (error < 0)
		return error;
	return tend_fs_write_atomic(at(rel), text, strlen(text));
}

static int
list_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct tend_buf	*seen = arg;

	return tend_buf_printf(seen, "%s=%.*s;", path, (int)len,
	    data != NULL ? data : "");
}

int
main(void)
{
	struct tend_store	*store, *again;
	struct tend_change	 changes[6];
	struct tend_buf		 seen = TEND_BUF_INIT;
	char			 head[41], before[41], *text;
	size_t			 len;
	int			 fd, error;

	plan(27);
	if (mkdtemp(top) == NULL || setenv("HOME", top, 1) < 0 ||
	    tend_lib_init() < 0)
		return 99;

	is_int(tend_store_init(&store, top), 0, "init makes a repository");
	is_int(tend_store_head(head, store), 0, "an unborn HEAD can be read");
	is_str(head, "", "and names no commit");

	changes[0] = (struct tend_change){ "checkin/a.md", "one\n", 4 };
	changes[1] = (struct tend_change){ "checkin/b.md", "two\n", 4 };
	if (put("checkin/a.md", "one\n") < 0 || put("checkin/b.md", "two\n") < 0)
		return 99;
	is_int(tend_store_commit(store, changes, 2, NAME, EMAIL,
	    "first"), 0, "commit two files on an unborn HEAD");
	tend_store_head(head, store);
	ok(strlen(head) == 40, "HEAD is a commit now");
	is_int(tend_store_read(&text, &len, store, "checkin/a.md"), 0,
	    "read a committed file");
	ok(len == 4 && memcmp(text, "one\n", 4) == 0, "with its bytes");
	free(text);
	is_int(tend_store_read(&text, &len, store, "checkin/c.md"),
	    TEND_ENOTFOUND, "a file not committed is not found");

	is_int(tend_store_list(store, "checkin", TEND_LIST_CONTENT,
	    list_cb, &seen), 0, "list a folder");
	is_str(seen.data, "checkin/a.md=one\n;checkin/b.md=two\n;",
	    "each file, with its bytes");

	/* A removal is a change too, and a reopened store sees it. */
	changes[0] = (struct tend_change){ "checkin/a.md", NULL, 0 };
	unlink(at("checkin/a.md"));
	is_int(tend_store_commit(store, changes, 1, NAME, EMAIL, "second"),
	    0, "commit a removal");
	is_int(tend_store_open(&again, top), 0, "open the repository again");
	is_int(tend_store_read(&text, &len, again, "checkin/a.md"),
	    TEND_ENOTFOUND, "the removed file is gone from HEAD");
	tend_store_free(again);

	/* git's own lock on the index: the commit is refused, HEAD stays. */
	tend_store_head(before, store);
	if ((fd = open(at(".git/index.lock"), O_CREAT | O_EXCL | O_WRONLY,
	    0600)) < 0)
		return 99;
	close(fd);
	changes[0] = (struct tend_change){ "checkin/c.md", "three\n", 6 };
	if (put("checkin/c.md", "three\n") < 0)
		return 99;
	error = tend_store_commit(store, changes, 1, NAME, EMAIL, "third");
	is_int(error, TEND_ELOCKED, "a commit is refused while index.lock "
	    "is held");
	ok(strstr(tend_error(), "index.lock") != NULL, "naming the lock");
	tend_store_head(head, store);
	is_str(head, before, "and HEAD has not moved");
	unlink(at(".git/index.lock"));

	/*
	 * Many paths in no order, in folders new and old, one staged twice
	 * (the later wins), a removal that empties its folder.
	 */
	changes[0] = (struct tend_change){ "z/one.md", "z\n", 2 };
	changes[1] = (struct tend_change){ "a/b/c.md", "old\n", 4 };
	changes[2] = (struct tend_change){ "checkin/b.md", NULL, 0 };
	changes[3] = (struct tend_change){ "a/b.md", "b\n", 2 };
	changes[4] = (struct tend_change){ "a/b/c.md", "new\n", 4 };
	changes[5] = (struct tend_change){ "a/b-c.md", "bc\n", 3 };
	unlink(at("checkin/b.md"));
	if (put("z/one.md", "z\n") < 0 || put("a/b/c.md", "new\n") < 0 ||
	    put("a/b.md", "b\n") < 0 || put("a/b-c.md", "bc\n") < 0)
		return 99;
	is_int(tend_store_commit(store, changes, 6, NAME, EMAIL, "fourth"),
	    0, "commit six changes in one");
	is_int(tend_store_read(&text, &len, store, "a/b/c.md"), 0,
	    "a path staged twice is committed");
	ok(len == 4 && memcmp(text, "new\n", 4) == 0, "with the later bytes");
	free(text);
	seen.len = 0;
	is_int(tend_store_list(store, "a", TEND_LIST_CONTENT, list_cb, &seen),
	    0, "list the new folder");
	is_str(seen.data, "a/b-c.md=bc\n;a/b.md=b\n;a/b/c.md=new\n;",
	    "it holds its files");
	seen.len = 0;
	ok(tend_store_list(store, "checkin", TEND_LIST_CONTENT, list_cb,
	    &seen) < 0 || seen.len == 0, "the folder emptied is gone");

	/* A file added, then removed in the same commit: no folder left. */
	changes[0] = (struct tend_change){ "gone/x.md", "x\n", 2 };
	changes[1] = (struct tend_change){ "gone/x.md", NULL, 0 };
	is_int(tend_store_commit(store, changes, 2, NAME, EMAIL, "none"), 0,
	    "a file added and removed in one commit");
	is_int(tend_store_read(&text, &len, store, "gone/x.md"),
	    TEND_ENOTFOUND, "is not there");

	/* A path through a committed file is refused; HEAD stays. */
	tend_store_head(before, store);
	changes[0] = (struct tend_change){ "a/new.md", "n\n", 2 };
	changes[1] = (struct tend_change){ "a/b.md/x.md", "x\n", 2 };
	is_int(tend_store_commit(store, changes, 2, NAME, EMAIL, "fifth"),
	    TEND_EEXISTS, "a path through a file is refused");
	ok(strstr(tend_error(), "'a/b.md' is a file") != NULL,
	    "naming the file");
	tend_store_head(head, store);
	is_str(head, before, "and HEAD has not moved");

	tend_buf_free(&seen);
	tend_store_free(store);
	tend_lib_shutdown();
	if (tend_fs_remove_tree(top) < 0)
		diag("cannot remove %s", top);
	return done_testing();
}
