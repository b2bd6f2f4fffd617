/*
 * tend doctor's check of an encrypted journal: nothing in its history is
 * in plain text where the host can read it, neither a file the journal
 * seals nor a commit message.  tend sync and the pre-push hook refuse
 * such commits; plain git without the journal's settings, or a 'git
 * pull', can still bring one in.  Nothing is repaired: a commit that was
 * pushed cannot be taken back from the host, only out of the history.
 */

#include <string.h>

#include "doctor-internal.h"

/* Findings named one by one; the rest are counted. */
#define PLAIN_SHOWN	10

#define PLAIN_FIX	"what it says was readable by whoever holds a copy; " \
			"make the commit again with tend, or with git set up " \
			"as 'tend clone' sets it up, take the plain one out " \
			"of the history, and push with --force"

struct plain_found {
	struct doctor	*d;
	size_t		 count;
};

static int	plain_cb(const struct tend_commit *, const char *, void *);

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

int
doctor_check_sealed(struct doctor *d)
{
	struct plain_found	found = { d, 0 };
	char			head[TEND_OID_SIZE];
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
	if ((error = tend_store_head(head, d->store)) == 0 && head[0] != '\0')
		error = tend_incoming_plain(d->store, head, NULL, plain_cb,
		    &found);
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
