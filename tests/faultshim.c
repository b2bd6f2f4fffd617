/*
 * An LD_PRELOAD shim for the tests: make the Nth call of one system call
 * fail, as a full or failing disk would.
 *
 *	TEND_FAULT=CALL:ERRNO:N		CALL is write, fsync, rename, openat
 *					(open, creat) or close; ERRNO is EIO,
 *					ENOSPC or EDQUOT; N counts from 1
 *	TEND_FAULT_LOG=FILE		append "CALL N" when the fault fires
 *	TEND_FAULT_COUNT=FILE		at exit, append "CALL COUNT" for each
 *					call, to learn the range of N
 *	TEND_BEFORE_COMMIT=COMMAND	run COMMAND with sh(1) just before
 *					the first commit is written, as
 *					another program might at that moment
 *
 * Writes to standard output and error are let through, and not counted,
 * so that the error message itself can be read.  Built only for tests:
 * gcc -shared -fPIC -o tests/faultshim.so tests/faultshim.c -ldl
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char	call_name[16];
static int	fault_errno;
static long	fault_at = -1;
static long	seen;

static const char *const calls[] = { "write", "fsync", "rename", "openat",
    "close" };
static long	counts[5];

static void
count(const char *call)
{
	size_t	i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(calls[i], call) == 0)
			counts[i]++;
}

__attribute__((destructor)) static void
report(void)
{
	const char	*path;
	FILE		*fp;
	size_t		 i;

	if ((path = getenv("TEND_FAULT_COUNT")) == NULL ||
	    (fp = fopen(path, "a")) == NULL)
		return;
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		fprintf(fp, "%s %ld\n", calls[i], counts[i]);
	fclose(fp);
}

static void
setup(void)
{
	static int	 done;
	const char	*spec;
	char		 name[16], code[16];
	long		 n;

	if (done)
		return;
	done = 1;
	if ((spec = getenv("TEND_FAULT")) == NULL ||
	    sscanf(spec, "%15[a-z]:%15[A-Z]:%ld", name, code, &n) != 3)
		return;
	if (strcmp(code, "EIO") == 0)
		fault_errno = EIO;
	else if (strcmp(code, "ENOSPC") == 0)
		fault_errno = ENOSPC;
	else if (strcmp(code, "EDQUOT") == 0)
		fault_errno = EDQUOT;
	else
		return;
	strcpy(call_name, name);
	fault_at = n;
}

/* Whether this call of CALL is the one to fail. */
static int
fault(const char *call)
{
	const char	*log;
	FILE		*fp;

	setup();
	count(call);
	if (fault_at < 0 || strcmp(call, call_name) != 0)
		return 0;
	if (++seen != fault_at)
		return 0;
	if ((log = getenv("TEND_FAULT_LOG")) != NULL &&
	    (fp = fopen(log, "a")) != NULL) {
		fprintf(fp, "%s %ld\n", call, seen);
		fclose(fp);
	}
	errno = fault_errno;
	return 1;
}

#define REAL(type, name, args) \
	static type (*real_##name) args; \
	if (real_##name == NULL) \
		real_##name = (type (*) args)dlsym(RTLD_NEXT, #name)

ssize_t
write(int fd, const void *buf, size_t len)
{
	char	link[64], target[512];
	ssize_t	n;
	FILE	*fp;
	const char *log;

	REAL(ssize_t, write, (int, const void *, size_t));
	if (fd > 2 && fault("write")) {
		if ((log = getenv("TEND_FAULT_LOG")) != NULL &&
		    (fp = fopen(log, "a")) != NULL) {
			snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
			n = readlink(link, target, sizeof(target) - 1);
			target[n > 0 ? n : 0] = '\0';
			fprintf(fp, "  on %s\n", target);
			fclose(fp);
		}
		errno = fault_errno;
		return -1;
	}
	return real_write(fd, buf, len);
}

int
fsync(int fd)
{
	REAL(int, fsync, (int));
	if (fault("fsync"))
		return -1;
	return real_fsync(fd);
}

int
fdatasync(int fd)
{
	REAL(int, fdatasync, (int));
	if (fault("fsync"))
		return -1;
	return real_fdatasync(fd);
}

int
rename(const char *from, const char *to)
{
	REAL(int, rename, (const char *, const char *));
	if (fault("rename"))
		return -1;
	return real_rename(from, to);
}

int
close(int fd)
{
	REAL(int, close, (int));
	/* Like NFS: the file is closed, and the write it held failed. */
	if (fd > 2 && fault("close")) {
		real_close(fd);
		errno = fault_errno;
		return -1;
	}
	return real_close(fd);
}

/* Only calls that create or write a file count: reads always work. */
static int
writes(int flags)
{
	return (flags & (O_WRONLY | O_RDWR | O_CREAT)) != 0;
}

int
open(const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode = 0;

	REAL(int, open, (const char *, int, ...));
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (writes(flags) && fault("openat"))
		return -1;
	return real_open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode = 0;

	REAL(int, open64, (const char *, int, ...));
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (writes(flags) && fault("openat"))
		return -1;
	return real_open64(path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode = 0;

	REAL(int, openat, (int, const char *, int, ...));
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (writes(flags) && fault("openat"))
		return -1;
	return real_openat(dirfd, path, flags, mode);
}

int
mkstemp(char *template)
{
	REAL(int, mkstemp, (char *));
	if (fault("openat"))
		return -1;
	return real_mkstemp(template);
}

int
mkstemp64(char *template)
{
	REAL(int, mkstemp64, (char *));
	if (fault("openat"))
		return -1;
	return real_mkstemp64(template);
}

/*
 * libgit2's writing of a commit, with a moment to run another command
 * first.  The arguments pass through untouched, so pointers stand for
 * libgit2's types.
 */
int
git_commit_create_with_signature(void *id, void *repo, const char *content,
    const char *signature, const char *field)
{
	static int	 ran;
	const char	*command;

	REAL(int, git_commit_create_with_signature, (void *, void *,
	    const char *, const char *, const char *));
	if (!ran && (command = getenv("TEND_BEFORE_COMMIT")) != NULL) {
		ran = 1;
		if (system(command) != 0)
			fprintf(stderr, "faultshim: '%s' failed\n", command);
	}
	return real_git_commit_create_with_signature(id, repo, content,
	    signature, field);
}
