/*
 * git's hooks (githooks(5)), which libgit2 never runs, run as git runs
 * them for what tend commits, merges and pushes in the journal: found in
 * core.hooksPath or $GIT_DIR/hooks, executable files only, run in the top
 * of the work tree with what they write caught and handed to the caller.
 */

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal-internal.h"

#define OUTPUT_MAX	(256 * 1024)	/* what a hook's output may show */

/*
 * The hooks an encrypted journal's repository gets for plain git
 * (encrypt.c): each does what tend does itself when it commits and
 * pushes, so tend runs neither while they are as it wrote them.
 */
static const char *const own_hooks[][2] = {
	{ "commit-msg", "#!/bin/sh\n# Written by tend(1): seals the message "
	    "of a commit made with git in\n# this encrypted journal, as tend "
	    "seals its own (tend-filter(1)).\n"
	    "exec tend filter --seal-message \"$1\"\n" },
	{ "pre-push", "#!/bin/sh\n# Written by tend(1): refuses to push what "
	    "git stored in plain text\n# in this encrypted journal "
	    "(tend-filter(1)).\nexec tend filter --pre-push\n" },
};

/* What the child's setting up comes to: how git's hook process starts. */
struct hook_run {
	const char		 *path;		/* the hook */
	const char		 *name;
	const char *const	 *args;
	const char		 *workdir;
	const char		 *gitdir;
	int			  with_index;	/* GIT_INDEX_FILE, as git sets */
	int			  in;		/* its standard input */
	int			  out;		/* its standard output and error */
	int			  failed;	/* the child's errno, when exec fails */
};

static int	hook_dir(struct tend_buf *, struct tend_store *);
static int	is_own(const char *, const char *, const struct stat *);
static int	find(char **, struct tend_store *, const char *);
static void	close_others(int);
static void	child(const struct hook_run *);
static int	spawn(int *, struct tend_buf *, struct hook_run *);
static void	tell(struct tend_store *, const char *, const char *, size_t);
static int	refused(const char *, int);
static int	run_found(int *, struct tend_store *, const char *,
		    const char *, const char *const [], const char *);

/*
 * Where hooks are: core.hooksPath, relative to the work tree's top as git
 * reads it there, "~/" the home folder; else $GIT_DIR/hooks.
 */
static int
hook_dir(struct tend_buf *dir, struct tend_store *store)
{
	const char	*home;
	char		*set;
	int		 error;

	error = tend_store_config_get(&set, store, "core.hooksPath");
	if (error == TEND_ENOTFOUND)
		return tend_buf_printf(dir, "%s/hooks",
		    tend_store_gitdir(store));
	if (error < 0)
		return error;
	if (strncmp(set, "~/", 2) == 0 && (home = getenv("HOME")) != NULL)
		error = tend_buf_printf(dir, "%s/%s", home, set + 2);
	else if (set[0] == '/')
		error = tend_buf_puts(dir, set);
	else
		error = tend_buf_printf(dir, "%s/%s", tend_store_workdir(store),
		    set);
	free(set);
	return error;
}

/* Whether hook NAME at PATH is tend's own, as encrypt.c wrote it. */
static int
is_own(const char *name, const char *path, const struct stat *st)
{
	const char	*own = tend_hook_own_text(name);
	char		*text;
	size_t		 len;
	int		 same;

	/* The size tells most hooks apart without a read. */
	if (own == NULL || (size_t)st->st_size != strlen(own) ||
	    tend_fs_read(&text, &len, path) < 0)
		return 0;
	same = len == strlen(own) && memcmp(text, own, len) == 0;
	free(text);
	return same;
}

/*
 * Hook NAME's path into *PATH, or NULL when none is to run: a stat when
 * there is none, and no process started.  A file git would not run
 * (not executable: git's rule) is left quietly, as git does unless told
 * to advise.
 */
static int
find(char **path, struct tend_store *store, const char *name)
{
	struct tend_buf	 full = TEND_BUF_INIT;
	struct stat	 st;
	int		 error;

	*path = NULL;
	if (tend_store_hooks(store) == NULL)
		return 0;
	if ((error = hook_dir(&full, store)) < 0 ||
	    (error = tend_buf_printf(&full, "/%s", name)) < 0) {
		tend_buf_free(&full);
		return error;
	}
	if (stat(full.data, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(full.data, X_OK) == 0 && !is_own(name, full.data, &st))
		*path = tend_buf_detach(&full);
	tend_buf_free(&full);
	return 0;
}

/*
 * Close every descriptor but the standard three and KEEP: libgit2's
 * packs and index, the journal's lock, must not reach the hook.
 */
static void
close_others(int keep)
{
	struct dirent	*entry;
	DIR		*dir;
	long		 fd, max;
	int		 listed = 0;
	char		*end;

	if ((dir = opendir("/dev/fd")) != NULL) {
		listed = 1;
		while ((entry = readdir(dir)) != NULL) {
			fd = strtol(entry->d_name, &end, 10);
			if (*end == '\0' && end != entry->d_name && fd > 2 &&
			    fd != keep && fd != dirfd(dir))
				(void)close((int)fd);
		}
		closedir(dir);
	}
	if (listed)
		return;
	if ((max = sysconf(_SC_OPEN_MAX)) < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		if (fd != keep)
			(void)close((int)fd);
}

/* In the child: become the hook, or tell the parent why not. */
static void
child(const struct hook_run *run)
{
	sigset_t	 none;
	const char	*argv[8];
	char		*index = NULL;
	size_t		 n = 0, i;
	int		 saved;

	/* A ^C the journal's lock holds back must still stop a hook. */
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(run->in, STDIN_FILENO) < 0 ||
	    dup2(run->out, STDOUT_FILENO) < 0 ||
	    dup2(run->out, STDERR_FILENO) < 0)
		goto failed;
	close_others(run->failed);
	if (chdir(run->workdir) < 0 ||
	    setenv("GIT_DIR", run->gitdir, 1) < 0)
		goto failed;
	if (run->with_index && ((index = tend_fs_join(run->gitdir,
	    "index")) == NULL || setenv("GIT_INDEX_FILE", index, 1) < 0))
		goto failed;
	argv[n++] = run->path;
	/* Room for "sh" in front: no hook of git's takes more than three. */
	for (i = 0; run->args != NULL && run->args[i] != NULL && n < 6; i++)
		argv[n++] = run->args[i];
	argv[n] = NULL;
	execv(run->path, (char *const *)argv);
	/* A script without "#!" is the shell's, as git runs it. */
	if (errno == ENOEXEC) {
		memmove(argv + 1, argv, (n + 1) * sizeof(*argv));
		argv[0] = "sh";
		execv("/bin/sh", (char *const *)argv);
	}
failed:
	saved = errno;
	(void)!write(run->failed, &saved, sizeof(saved));
	_exit(127);
}

/*
 * Start RUN's hook, catch what it writes into OUTPUT, and wait for it;
 * *STATUS is waitpid's.
 */
static int
spawn(int *status, struct tend_buf *output, struct hook_run *run)
{
	char	 chunk[4096];
	ssize_t	 n, told;
	pid_t	 pid;
	int	 out[2], failed[2], saved = 0, error = 0;

	if (pipe(out) < 0)
		return tend_error_errno("cannot run the %s hook", run->name);
	if (pipe(failed) < 0) {
		error = tend_error_errno("cannot run the %s hook", run->name);
		close(out[0]);
		close(out[1]);
		return error;
	}
	run->out = out[1];
	run->failed = failed[1];
	/* Output still buffered would be the hook's too. */
	(void)fflush(NULL);
	if (fcntl(failed[1], F_SETFD, FD_CLOEXEC) < 0)
		pid = -1;
	else if ((pid = fork()) == 0)
		child(run);
	if (pid < 0)
		error = tend_error_errno("cannot run the %s hook", run->name);
	close(out[1]);
	close(failed[1]);
	if (pid < 0) {
		close(out[0]);
		close(failed[0]);
		return error;
	}
	/* Nothing comes on FAILED once the hook is running: exec closed it. */
	while ((told = read(failed[0], &saved, sizeof(saved))) < 0 &&
	    errno == EINTR)
		;
	close(failed[0]);
	for (;;) {
		if ((n = read(out[0], chunk, sizeof(chunk))) < 0 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		/* All is read, so a talkative hook never blocks; some kept. */
		if (output->len < OUTPUT_MAX && error == 0)
			error = tend_buf_put(output, chunk, (size_t)n);
	}
	close(out[0]);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return tend_error_errno("cannot wait for the %s hook",
			    run->name);
	if (told == (ssize_t)sizeof(saved))
		return tend_error_set(TEND_ERROR, "cannot run the %s hook "
		    "'%s': %s", run->name, run->path, strerror(saved));
	return error;
}

/* Hand what hook NAME said to the store's output. */
static void
tell(struct tend_store *store, const char *name, const char *text,
    size_t len)
{
	const struct tend_hook_output	*told = tend_store_hooks(store);
	struct tend_buf			 safe = TEND_BUF_INIT;

	/* Hooks are the user's own, but their bytes go to a terminal. */
	if (tend_text_sanitize(&safe, text, len) == 0)
		told->fn(name, safe.data, told->arg);
	tend_buf_free(&safe);
}

/* The error of a hook that ended with STATUS, which is not success. */
static int
refused(const char *name, int status)
{
	if (WIFSIGNALED(status))
		return tend_error_set(TEND_ERROR, "the %s hook refused it "
		    "(killed by signal %d)", name, WTERMSIG(status));
	return tend_error_set(TEND_ERROR, "the %s hook refused it (exit %d)",
	    name, WIFEXITED(status) ? WEXITSTATUS(status) : status);
}

/*
 * Run hook NAME found at PATH, as tend_hook_run does; *STATUS is
 * waitpid's, and < 0 comes back only when it could not be run.
 */
static int
run_found(int *status, struct tend_store *store, const char *path,
    const char *name, const char *const args[], const char *input)
{
	struct hook_run	 run;
	struct tend_buf	 output = TEND_BUF_INIT;
	FILE		*in = NULL;
	int		 error = 0;

	*status = 0;
	memset(&run, 0, sizeof(run));
	run.in = -1;
	run.path = path;
	run.name = name;
	run.args = args;
	run.workdir = tend_store_workdir(store);
	run.gitdir = tend_store_gitdir(store);
	/* git runs these two on the index the commit is made of. */
	run.with_index = strcmp(name, "pre-commit") == 0 ||
	    strcmp(name, "commit-msg") == 0;
	/* A file, not a pipe: a hook that reads none of it stops nothing. */
	if (input != NULL && ((in = tmpfile()) == NULL ||
	    fputs(input, in) == EOF || fflush(in) == EOF ||
	    fseek(in, 0, SEEK_SET) < 0))
		error = tend_error_errno("cannot run the %s hook", name);
	else if (input == NULL && (run.in = open("/dev/null", O_RDONLY)) < 0)
		error = tend_error_errno("cannot run the %s hook", name);
	if (in != NULL)
		run.in = fileno(in);
	if (error == 0)
		error = spawn(status, &output, &run);
	if (in != NULL)
		fclose(in);
	else if (run.in >= 0)
		close(run.in);
	if (output.len != 0)
		tell(store, name, output.data, output.len);
	tend_buf_free(&output);
	return error;
}

int
tend_hook_run(struct tend_store *store, const char *name,
    const char *const args[], const char *input)
{
	char	*path;
	int	 status, error;

	if ((error = find(&path, store, name)) < 0 || path == NULL)
		return error;
	if ((error = run_found(&status, store, path, name, args,
	    input)) == 0 && status != 0)
		error = refused(name, status);
	free(path);
	return error;
}

void
tend_hook_notify(struct tend_store *store, const char *name,
    const char *const args[])
{
	char	*path = NULL, *kept;
	int	 status;

	if (tend_store_hooks(store) == NULL)
		return;
	/*
	 * The caller's message stays (looking for the hook sets one), and
	 * the hook's failure is ignored, as git ignores it; one that could
	 * not start is told of, as git does.
	 */
	if ((kept = strdup(tend_error())) == NULL)
		return;
	if (find(&path, store, name) == 0 && path != NULL &&
	    run_found(&status, store, path, name, args, NULL) < 0)
		tell(store, name, tend_error(), strlen(tend_error()));
	(void)tend_error_set_str(0, kept);
	free(kept);
	free(path);
}

int
tend_hook_commit_msg(struct tend_buf *out, struct tend_store *store,
    const char *message)
{
	struct tend_buf	 given = TEND_BUF_INIT;
	const char	*args[2];
	char		*path = NULL, *hook, *edited = NULL;
	size_t		 len;
	int		 status, error;

	out->len = 0;
	if ((error = find(&hook, store, "commit-msg")) < 0)
		return error;
	if (hook == NULL)
		return tend_buf_puts(out, message);
	/* Where git leaves the message for its hooks, ended as git ends it. */
	if ((path = tend_fs_join(tend_store_gitdir(store),
	    "COMMIT_EDITMSG")) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	args[0] = path;
	args[1] = NULL;
	if ((error = tend_buf_printf(&given, "%s%s", message,
	    message[0] != '\0' && message[strlen(message) - 1] == '\n' ?
	    "" : "\n")) < 0 ||
	    (error = tend_fs_write_atomic(path, given.data, given.len)) < 0 ||
	    (error = run_found(&status, store, hook, "commit-msg", args,
	    NULL)) < 0)
		goto out;
	if (status != 0) {
		error = refused("commit-msg", status);
		goto out;
	}
	if ((error = tend_fs_read(&edited, &len, path)) < 0)
		goto out;
	/* Left as it was: the message tend made, byte for byte. */
	if (len == given.len && memcmp(edited, given.data, len) == 0)
		error = tend_buf_puts(out, message);
	else if (memchr(edited, '\0', len) != NULL ||
	    strspn(edited, " \t\n") == len)
		error = tend_error_set(TEND_ERROR, "the commit-msg hook left "
		    "the message empty");
	else
		error = tend_buf_put(out, edited, len);
out:
	tend_buf_free(&given);
	free(edited);
	free(path);
	free(hook);
	return error;
}

const char *
tend_hook_own_text(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(own_hooks) / sizeof(own_hooks[0]); i++)
		if (strcmp(own_hooks[i][0], name) == 0)
			return own_hooks[i][1];
	return NULL;
}

void
tend_journal_set_hooks(struct tend_journal *journal,
    const struct tend_hook_output *output)
{
	tend_store_set_hooks(journal->store, output);
}
