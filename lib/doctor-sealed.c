/*
 * tend doctor's check of an encrypted journal: nothing in its history is
 * in plain text where the host can read it, neither a file the journal
 * seals nor a commit message.  tend sync and the pre-push hook refuse
 * such commits; plain git without the journal's settings, or a 'git
 * pull', can still bring one in.  Nothing is repaired: a commit that was
 * pushed cannot be taken back from the host, only out of the history.
 * The last HEAD found sealed all through is kept, so that the next run
 * reads only the commits since (a second for a ten-year history).
 */

#include <stdlib.h>
#include <string.h>

#include "doctor-internal.h"

/* Findings named one by one; the rest are counted. */
#define PLAIN_SHOWN	10

/* The cache: this header and a commit whose history holds nothing plain. */
#define CACHE_HEADER	"tend-sealed 1\n"

#define PLAIN_FIX	"what it says was readable by whoever holds a copy; " \
			"make the commit again with tend, or with git set up " \
			"as 'tend clone' sets it up, take the plain one out " \
			"of the history, and push with --force"

struct plain_found {
	struct doctor	*d;
	size_t		 count;
};

static int	plain_cb(const struct tend_commit *, const char *, void *);
static void	cache_read(char [TEND_OID_SIZE], const char *);

static int
plain_cb(const struct tend_commit *commit, const char *path, void *arg)
{
	struct plain_found	*found = arg;

	if (found->count++ >= PLAIN_SHOWN)
		return 0;
	if (path != NULL)
		return doctor_report(found->d, TEND_DOCTOR_ERROR, "sealed",
		    path, PLAIN_FIX, "commit %.7s by %s stores it in plain "
		    "text, in an encrypted journal", commit->id,
		    commit->author_name);
	return doctor_report(found->d, TEND_DOCTOR_ERROR, "sealed",
	    "journal", PLAIN_FIX, "commit %.7s by %s has its message in plain "
	    "text, in an encrypted journal", commit->id, commit->author_name);
}

/* The commit the cache at PATH holds, or "" when it holds none. */
static void
cache_read(char upto[TEND_OID_SIZE], const char *path)
{
	char	*text;
	size_t	 len, header = strlen(CACHE_HEADER);

	upto[0] = '\0';
	if (tend_fs_read(&text, &len, path) < 0)
		return;
	if (len == header + TEND_OID_SIZE && memcmp(text, CACHE_HEADER,
	    header) == 0 && text[len - 1] == '\n' &&
	    strspn(text + header, "0123456789abcdef") == TEND_OID_SIZE - 1) {
		memcpy(upto, text + header, TEND_OID_SIZE - 1);
		upto[TEND_OID_SIZE - 1] = '\0';
	}
	free(text);
}

int
doctor_check_sealed(struct doctor *d)
{
	struct plain_found	found = { d, 0 };
	struct tend_buf		text = TEND_BUF_INIT;
	char			head[TEND_OID_SIZE], upto[TEND_OID_SIZE];
	char			*cache;
	int			error;

	d->problems = 0;
	if (!tend_journal_encrypted(d->journal))
		return doctor_report(d, TEND_DOCTOR_OK, "sealed", "journal",
		    NULL, "not encrypted: whoever holds a copy can read it "
		    "('tend encrypt' makes an encrypted one)");
	if (d->damaged & DAMAGED_JOURNAL)
		return doctor_report(d, TEND_DOCTOR_WARNING, "sealed",
		    "journal", "repair the objects first", "not checked: some "
		    "of its objects are damaged");
	if ((cache = tend_fs_join(d->gitdir, TEND_LAYOUT_SEALED_CACHE)) ==
	    NULL)
		return tend_error_nomem();
	/* A history rewritten since is read whole again. */
	cache_read(upto, cache);
	if ((error = tend_store_head(head, d->store)) == 0 && head[0] != '\0' &&
	    strcmp(upto, head) != 0) {
		if (upto[0] != '\0' && !tend_store_contains(d->store, head, upto))
			upto[0] = '\0';
		error = tend_incoming_plain(d->store, head, upto[0] != '\0' ?
		    upto : NULL, plain_cb, &found);
		if (error == 0 && found.count == 0 &&
		    tend_buf_printf(&text, CACHE_HEADER "%s\n", head) == 0)
			(void)tend_fs_write_atomic(cache, text.data, text.len);
	}
	tend_buf_free(&text);
	free(cache);
	if (error < 0)
		return error == TEND_ENOMEM ? error :
		    doctor_report_failure(d, "sealed", "journal", error);
	if (found.count > PLAIN_SHOWN)
		return doctor_report(d, TEND_DOCTOR_ERROR, "sealed", "journal",
		    PLAIN_FIX, "%zu more in plain text, in an encrypted "
		    "journal; 'git log --stat' shows them", found.count -
		    PLAIN_SHOWN);
	if (found.count == 0)
		return doctor_report(d, TEND_DOCTOR_OK, "sealed", "journal",
		    NULL, "every commit and every file it seals is sealed");
	return 0;
}
