/*
 * Files and folders written the way a journal needs them: private modes
 * whatever the umask, and atomic replacement so that a crash leaves either
 * the old file or the new one, never a mix.
 */

#define _DEFAULT_SOURCE		/* d_type and DT_*, where readdir has them */

#include <sys/stat.h>
#include <sys/uio.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define FILE_MODE	0600
#define DIR_MODE	0700

static int	note_made(struct tend_fs_made *, const char *);
static void	unmake_from(struct tend_fs_made *, size_t);
static int	sync_dir_of(const char *);
static int	write_pieces(int, const struct tend_piece *, size_t);
static int	write_whole(const char *, const struct tend_piece *, size_t,
		    int);
static int	read_fd(char **, size_t *, int, const char *, size_t);
static void	crlf_to_lf(char *, size_t *);
static int	remove_tree(const char *, const struct stat *);
static int	remove_cb(const char *, const char *, const struct stat *,
		    void *);
static int	each_entry(int *, const char *, int (*)(const char *,
		    const char *, const struct stat *, void *),
		    int (*)(const char *, const char *, mode_t, void *),
		    void *);
static mode_t	dirent_type(const struct dirent *);

char *
tend_fs_join(const char *a, const char *b)
{
	size_t	 alen = strlen(a), blen = strlen(b);
	char	*path;

	while (alen > 1 && a[alen - 1] == '/')
		alen--;
	if ((path = malloc(alen + blen + 2)) == NULL)
		return NULL;
	memcpy(path, a, alen);
	path[alen] = '/';
	memcpy(path + alen + 1, b, blen + 1);
	return path;
}

int
tend_fs_exists(const char *path)
{
	struct stat	st;

	return lstat(path, &st) == 0;
}

static int
note_made(struct tend_fs_made *made, const char *path)
{
	char	**dirs;

	if ((dirs = realloc(made->dirs, (made->count + 1) *
	    sizeof(*dirs))) == NULL)
		return -1;
	made->dirs = dirs;
	if ((dirs[made->count] = strdup(path)) == NULL)
		return -1;
	made->count++;
	return 0;
}

/* Remove the folders MADE holds from index FROM on, newest first. */
static void
unmake_from(struct tend_fs_made *made, size_t from)
{
	while (made->count > from) {
		made->count--;
		/* Only an empty folder goes: what another wrote there stays. */
		(void)rmdir(made->dirs[made->count]);
		free(made->dirs[made->count]);
	}
}

int
tend_fs_mkdirs(const char *dir, struct tend_fs_made *made)
{
	struct tend_fs_made	 own = TEND_FS_MADE_INIT;
	char			*path, *slash;
	size_t			 before;
	int			 error = 0;

	if (made == NULL)
		made = &own;
	before = made->count;
	if ((path = strdup(dir)) == NULL)
		return tend_error_nomem();
	for (slash = path + 1;; slash++) {
		if (*slash != '/' && *slash != '\0')
			continue;
		char saved = *slash;
		*slash = '\0';
		if (mkdir(path, DIR_MODE) == 0) {
			if (note_made(made, path) < 0) {
				(void)rmdir(path);
				error = tend_error_nomem();
				break;
			}
			/* mkdir's mode passes through the umask; undo that. */
			if (chmod(path, DIR_MODE) < 0) {
				error = tend_error_errno("cannot create '%s'",
				    path);
				break;
			}
		} else if (errno != EEXIST) {
			error = tend_error_errno("cannot create '%s'", path);
			break;
		}
		*slash = saved;
		if (saved == '\0')
			break;
	}
	free(path);
	/* A failed call leaves none of the folders it made. */
	if (error < 0)
		unmake_from(made, before);
	tend_fs_made_free(&own);
	return error;
}

void
tend_fs_unmake(struct tend_fs_made *made)
{
	unmake_from(made, 0);
	tend_fs_made_free(made);
}

void
tend_fs_made_free(struct tend_fs_made *made)
{
	size_t	i;

	for (i = 0; i < made->count; i++)
		free(made->dirs[i]);
	free(made->dirs);
	made->dirs = NULL;
	made->count = 0;
}

void
tend_fs_made_discard(struct tend_fs_made *made, int error)
{
	char	*saved;

	if (error < 0 && made->count > 0) {
		/* The first error is the one to tell. */
		saved = strdup(tend_error());
		(void)tend_fs_remove_tree(made->dirs[0]);
		if (saved != NULL)
			(void)tend_error_set(error, "%s", saved);
		free(saved);
	}
	tend_fs_made_free(made);
}

void
tend_fs_prune_empty(const char *top, const char *path)
{
	char	*full, *slash;
	size_t	 toplen = strlen(top);

	if ((full = tend_fs_join(top, path)) == NULL)
		return;
	/* rmdir fails on the first folder that still holds something. */
	while ((slash = strrchr(full, '/')) != NULL &&
	    (size_t)(slash - full) > toplen) {
		*slash = '\0';
		if (rmdir(full) < 0)
			break;
	}
	free(full);
}

int
tend_fs_write_all(int fd, const void *buf, size_t len)
{
	const char	*data = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, data, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Make a rename durable: fsync the folder that holds PATH. */
static int
sync_dir_of(const char *path)
{
	char	*dir, *slash;
	int	 fd, error = 0;

	if ((dir = strdup(path)) == NULL)
		return tend_error_nomem();
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fsync(fd) < 0)
		error = tend_error_errno("cannot sync '%s'", dir);
	if (fd >= 0)
		close(fd);
	free(dir);
	return error;
}

/* The N PIECES to FD, in order, a few hundred a system call. */
static int
write_pieces(int fd, const struct tend_piece *pieces, size_t n)
{
	struct iovec	iov[256];
	size_t		i, k, skip = 0;
	ssize_t		done;

	for (i = 0; i < n; ) {
		for (k = 0; k < 256 && i + k < n; k++) {
			/* writev takes them as not const, and only reads. */
			iov[k].iov_base = (char *)(uintptr_t)pieces[i + k].data;
			iov[k].iov_len = pieces[i + k].len;
		}
		iov[0].iov_base = (char *)iov[0].iov_base + skip;
		iov[0].iov_len -= skip;
		if ((done = writev(fd, iov, (int)k)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		/* Past the pieces written whole, into the one cut short. */
		for (; i < n && (size_t)done >= pieces[i].len - skip; i++) {
			done -= (ssize_t)(pieces[i].len - skip);
			skip = 0;
		}
		skip += (size_t)done;
	}
	return 0;
}

/* Write PATH whole through a temporary file; DURABLE: fsynced too. */
static int
write_whole(const char *path, const struct tend_piece *pieces, size_t n,
    int durable)
{
	struct tend_buf	tmp = TEND_BUF_INIT;
	int		fd = -1, error;

	if ((error = tend_buf_printf(&tmp, "%s.tmp-XXXXXX", path)) < 0)
		return error;
	if ((fd = mkstemp(tmp.data)) < 0) {
		error = tend_error_errno("cannot write '%s'", path);
		goto out;
	}
	/* mkstemp makes 0600 files already; the umask cannot widen that. */
	if (fchmod(fd, FILE_MODE) < 0 ||
	    write_pieces(fd, pieces, n) < 0 ||
	    (durable && fsync(fd) < 0)) {
		error = tend_error_errno("cannot write '%s'", path);
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		error = tend_error_errno("cannot write '%s'", path);
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, path) < 0) {
		error = tend_error_errno("cannot write '%s'", path);
		goto out;
	}
	error = durable ? sync_dir_of(path) : 0;
	tend_buf_free(&tmp);
	return error;
out:
	if (fd >= 0)
		close(fd);
	if (tmp.data != NULL)
		unlink(tmp.data);
	tend_buf_free(&tmp);
	return error;
}

int
tend_fs_write_atomic(const char *path, const char *data, size_t len)
{
	struct tend_piece	piece = { data, len };

	return write_whole(path, &piece, 1, 1);
}

int
tend_fs_write_replace(const char *path, const char *data, size_t len)
{
	struct tend_piece	piece = { data, len };

	return write_whole(path, &piece, 1, 0);
}

int
tend_fs_write_replace_pieces(const char *path, const struct tend_piece *pieces,
    size_t n)
{
	return write_whole(path, pieces, n, 0);
}

int
tend_fs_write_temp(char **out, const char *dir, const char *prefix,
    const char *data, size_t len)
{
	struct tend_buf	path = TEND_BUF_INIT;
	int		fd, error;

	if ((error = tend_buf_printf(&path, "%s/%s-XXXXXX", dir, prefix)) < 0)
		return error;
	if ((fd = mkstemp(path.data)) < 0) {
		error = tend_error_errno("cannot create a file in '%s'", dir);
		tend_buf_free(&path);
		return error;
	}
	if (tend_fs_write_all(fd, data, len) < 0) {
		error = tend_error_errno("cannot write '%s'", path.data);
		close(fd);
		unlink(path.data);
		tend_buf_free(&path);
		return error;
	}
	close(fd);
	*out = tend_buf_detach(&path);
	return 0;
}

/* Read FD to its end, refusing more than MAX bytes before reading them. */
static int
read_fd(char **out, size_t *outlen, int fd, const char *name, size_t max)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	ssize_t		n;
	int		error;

	for (;;) {
		if ((error = tend_buf_grow(&buf, 65536)) < 0)
			goto fail;
		n = read(fd, buf.data + buf.len, buf.cap - buf.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error = tend_error_errno("cannot read '%s'", name);
			goto fail;
		}
		if (n == 0)
			break;
		buf.len += (size_t)n;
		if (buf.len > max) {
			error = tend_error_set(TEND_EINVALID, "'%s' is larger "
			    "than %s, the limit for %s", name, max ==
			    TEND_TEXT_MAX ? "1 MiB" : "4 MiB", max ==
			    TEND_TEXT_MAX ? "a text" : "a file tend reads");
			goto fail;
		}
	}
	buf.data[buf.len] = '\0';
	*outlen = buf.len;
	*out = tend_buf_detach(&buf);
	return 0;
fail:
	tend_buf_free(&buf);
	return error;
}

/* A file saved with CR LF line ends is read as lines, like any other. */
static void
crlf_to_lf(char *text, size_t *len)
{
	size_t	i, j;

	for (i = j = 0; i < *len; i++)
		if (text[i] != '\r' || i + 1 >= *len || text[i + 1] != '\n')
			text[j++] = text[i];
	text[j] = '\0';
	*len = j;
}

int
tend_fs_read(char **out, size_t *outlen, const char *path)
{
	int	fd, error;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return tend_error_errno("cannot read '%s'", path);
	error = read_fd(out, outlen, fd, path, TEND_ENTRY_MAX);
	close(fd);
	return error;
}

int
tend_fs_read_input(char **out, size_t *outlen, const char *path)
{
	struct tend_buf	name = TEND_BUF_INIT;
	int		fd, error;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return tend_error_errno("cannot read '%s'", path);
	error = read_fd(out, outlen, fd, fd == STDIN_FILENO ?
	    "standard input" : path, TEND_TEXT_MAX);
	if (fd != STDIN_FILENO)
		close(fd);
	if (error < 0)
		return error;
	crlf_to_lf(*out, outlen);
	if ((error = tend_buf_printf(&name, "'%s'", fd == STDIN_FILENO ?
	    "standard input" : path)) == 0)
		error = tend_text_validate_utf8(name.data, *out, *outlen);
	tend_buf_free(&name);
	if (error < 0) {
		free(*out);
		*out = NULL;
	}
	return error;
}

int
tend_fs_each(int *stop, const char *dir, int (*fn)(const char *,
    const char *, const struct stat *, void *), void *arg)
{
	return each_entry(stop, dir, fn, NULL, arg);
}

int
tend_fs_each_type(int *stop, const char *dir, int (*fn)(const char *,
    const char *, mode_t, void *), void *arg)
{
	return each_entry(stop, dir, NULL, fn, arg);
}

/*
 * The walk behind both: each entry's lstat for STAT_FN, or for TYPE_FN
 * only its type, which readdir tells on most file systems without one.
 * Taken relative to the folder open, an lstat looks up one name, not
 * every folder of the path again.
 */
static int
each_entry(int *stop, const char *dir, int (*stat_fn)(const char *,
    const char *, const struct stat *, void *), int (*type_fn)(const char *,
    const char *, mode_t, void *), void *arg)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	char		*path;
	mode_t		 type;
	int		 error = 0, cause, found;

	*stop = 0;
	if ((dp = opendir(dir)) == NULL) {
		cause = errno;
		error = tend_error_errno("cannot read '%s'", dir);
		errno = cause;
		return cause == ENOTDIR ? TEND_ENOTFOUND : error;
	}
	while (*stop == 0 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((path = tend_fs_join(dir, de->d_name)) == NULL) {
			error = tend_error_nomem();
			break;
		}
		if (type_fn != NULL && (type = dirent_type(de)) != 0) {
			*stop = type_fn(path, de->d_name, type, arg);
			free(path);
			continue;
		}
		/* Nothing between fstatat and FN, which may read its errno. */
		found = fstatat(dirfd(dp), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0;
		if (stat_fn != NULL)
			*stop = stat_fn(path, de->d_name, found ? &st : NULL,
			    arg);
		else
			*stop = type_fn(path, de->d_name, found ?
			    st.st_mode & S_IFMT : 0, arg);
		free(path);
	}
	closedir(dp);
	return error;
}

/* The type readdir gave DE, as lstat's S_IFMT bits; 0 when it gave none. */
static mode_t
dirent_type(const struct dirent *de)
{
#ifdef DT_UNKNOWN
	switch (de->d_type) {
	case DT_REG:
		return S_IFREG;
	case DT_DIR:
		return S_IFDIR;
	case DT_LNK:
		return S_IFLNK;
	case DT_FIFO:
		return S_IFIFO;
	case DT_SOCK:
		return S_IFSOCK;
	case DT_CHR:
		return S_IFCHR;
	case DT_BLK:
		return S_IFBLK;
	}
#else
	(void)de;
#endif
	return 0;
}

int
tend_fs_remove_tree(const char *path)
{
	return remove_tree(path, NULL);
}

/* Remove PATH, whose lstat is ST (NULL: not taken yet), and all in it. */
static int
remove_tree(const char *path, const struct stat *st)
{
	struct stat	own;
	int		error, stop;

	if (st == NULL) {
		if (lstat(path, &own) < 0)
			return errno == ENOENT ? 0 :
			    tend_error_errno("cannot remove '%s'", path);
		st = &own;
	}
	/* A symbolic link goes, never what it points to. */
	if (!S_ISDIR(st->st_mode))
		return unlink(path) == 0 ? 0 :
		    tend_error_errno("cannot remove '%s'", path);
	if ((error = tend_fs_each(&stop, path, remove_cb, NULL)) ==
	    TEND_ENOMEM)
		return error;
	if (error < 0)
		return tend_error_errno("cannot remove '%s'", path);
	if (stop != 0)
		return stop;
	return rmdir(path) == 0 ? 0 :
	    tend_error_errno("cannot remove '%s'", path);
}

static int
remove_cb(const char *path, const char *name, const struct stat *st,
    void *arg)
{
	(void)name;
	(void)arg;
	/* Without ST, remove_tree's own lstat says why it failed. */
	return remove_tree(path, st);
}
