/*
 * Unit tests for lib/credential.c against git itself: a helper script
 * that logs what git asks it and answers for a fictional Sam.
 */

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "tap.h"

static char	dir[200];
static char	log_path[256];

static void	write_file(const char *, const char *);
static char	*read_log(void);

static void
write_file(const char *path, const char *text)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
}

/* What the helper was asked since the last call, then forgotten. */
static char *
read_log(void)
{
	static char	text[4096];
	FILE		*f;
	size_t		 n = 0;

	if ((f = fopen(log_path, "r")) != NULL) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	unlink(log_path);
	return text;
}

int
main(void)
{
	struct tend_credential	*cred;
	char			 path[256], text[1024];
	time_t			 started;

	plan(20);
	snprintf(dir, sizeof(dir), "%s/tend-test-credential.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(log_path, sizeof(log_path), "%s/log", dir);
	snprintf(path, sizeof(path), "%s/helper", dir);
	snprintf(text, sizeof(text), "#!/bin/sh\n"
	    "{ echo \"action=$1\"; cat; } >>%s\n"
	    "[ \"$1\" = get ] || exit 0\n"
	    "echo username=sam\n"
	    "echo 'password=tea=at five'\n", log_path);
	write_file(path, text);
	chmod(path, 0700);
	snprintf(text, sizeof(text), "[credential]\n\thelper = %s\n"
	    "\tuseHttpPath = true\n", path);
	snprintf(path, sizeof(path), "%s/gitconfig", dir);
	write_file(path, text);
	setenv("GIT_CONFIG_GLOBAL", path, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_TERMINAL_PROMPT", "0", 1);
	unsetenv("GIT_DIR");

	is_int(tend_credential_fill(&cred, NULL,
	    "https://alex@127.0.0.1:8443/journal.git/", NULL, 1), 0,
	    "fill: the helper answers");
	is_str(cred != NULL ? tend_credential_username(cred) : NULL, "sam",
	    "fill: the user name is the helper's");
	is_str(cred != NULL ? tend_credential_password(cred) : NULL,
	    "tea=at five", "fill: the password is whole, '=' and spaces too");
	is_str(read_log(), "action=get\nprotocol=https\nhost=127.0.0.1:8443\n"
	    "path=journal.git\nusername=alex\n",
	    "fill: git asks with protocol, host:port, path, the URL's user");
	is_int(cred != NULL ? tend_credential_approve(cred) : -1, 0,
	    "approve");
	is_str(read_log(), "action=store\nprotocol=https\nhost=127.0.0.1:8443\n"
	    "path=journal.git\nusername=sam\npassword=tea=at five\n",
	    "approve: the helper stores what was filled");
	is_int(cred != NULL ? tend_credential_reject(cred) : -1, 0, "reject");
	ok(strncmp(read_log(), "action=erase\n", 13) == 0,
	    "reject: the helper erases it");
	tend_credential_free(cred);

	is_int(tend_credential_fill(&cred, NULL, "https://h.example/j.git",
	    "robin", 1), 0, "fill: a user name libgit2 gives");
	ok(strstr(read_log(), "username=robin\n") != NULL,
	    "fill: it is the one git asks for");
	tend_credential_free(cred);

	is_int(tend_credential_fill(&cred, NULL, "https://h.example/j.git",
	    "alex\nhost=evil.example", 1), TEND_EINVALID,
	    "a field with a line break is refused");
	ok(cred == NULL && strstr(tend_error(), "line break") != NULL,
	    "and says so: %s", tend_error());
	is_str(read_log(), "", "git is not run for it");

	is_int(tend_credential_fill(&cred, NULL, "h.example:j.git", NULL, 1),
	    TEND_EINVALID, "a URL without a scheme is refused");

	/* A helper's daemon keeps git's stderr: the answer is not held up. */
	snprintf(path, sizeof(path), "%s/daemon", dir);
	write_file(path, "#!/bin/sh\nsleep 30 >/dev/null &\n"
	    "echo username=sam\necho password=x\n");
	chmod(path, 0700);
	snprintf(text, sizeof(text), "[credential]\n\thelper = %s\n", path);
	snprintf(path, sizeof(path), "%s/daemon.config", dir);
	write_file(path, text);
	setenv("GIT_CONFIG_GLOBAL", path, 1);
	started = time(NULL);
	is_int(tend_credential_fill(&cred, NULL, "https://h.example/j.git",
	    NULL, 1), 0, "a helper that leaves a process behind answers");
	ok(time(NULL) - started < 20, "without waiting for that process");
	tend_credential_free(cred);

	/* No helper, no prompt: git's reason, without "fatal: ". */
	snprintf(path, sizeof(path), "%s/empty", dir);
	write_file(path, "");
	setenv("GIT_CONFIG_GLOBAL", path, 1);
	/* PROMPT 0 wins over the environment's GIT_TERMINAL_PROMPT. */
	setenv("GIT_TERMINAL_PROMPT", "1", 1);
	is_int(tend_credential_fill(&cred, NULL, "https://h.example/j.git",
	    NULL, 0), TEND_ERROR, "no helper: an error");
	ok(strstr(tend_error(), "terminal prompts disabled") != NULL &&
	    strncmp(tend_error(), "fatal", 5) != 0, "with git's reason: %s",
	    tend_error());

	/* No git at all. */
	setenv("PATH", dir, 1);
	ok(tend_credential_fill(&cred, NULL, "https://h.example/j.git",
	    NULL, 1) < 0 && cred == NULL, "no git: an error");
	/* Under valgrind, posix_spawnp is a fork whose exec fails: 127. */
	ok(strstr(tend_error(), "'git credential fill'") != NULL,
	    "naming what could not run: %s", tend_error());

	snprintf(text, sizeof(text), "/bin/rm -rf '%s'", dir);
	(void)!system(text);
	tend_error_clear();
	return tap_failed != 0;
}
