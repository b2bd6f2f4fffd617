/*
 * tend doctor's check of keys and signatures: this machine's device key,
 * published, and the git settings that make plain git sign and verify as
 * tend does; partners' keys not trusted yet; and agreements whose current
 * text has a signature that does not count.  --fix makes and publishes
 * a missing key and sets git's settings again.
 */

#include <stdlib.h>
#include <string.h>

#include "doctor-internal.h"

static int	check_device(struct doctor *);
static int	check_git_config(struct doctor *);
static int	unconfirmed_cb(const struct tend_key_row *, void *);
static int	unverified_cb(const struct tend_agree_row *, void *);

/* This machine's key, readable and published in tend.conf. */
static int
check_device(struct doctor *d)
{
	const uint8_t	(*keys)[TEND_ED25519_PUBLIC];
	uint8_t		 public[TEND_ED25519_PUBLIC];
	const char	*me = tend_journal_me(d->journal);
	size_t		 i, nkeys;
	int		 error;

	if (me == NULL)
		return 0;
	error = tend_keys_device_public(public, d->journal, TEND_KEYS_OPEN);
	if (error == 0) {
		nkeys = tend_journal_partner_keys(&keys, d->journal, me);
		for (i = 0; i < nkeys; i++)
			if (memcmp(keys[i], public, sizeof(public)) == 0)
				return 0;
	} else if (error != TEND_ENOTFOUND)
		return doctor_report(d, TEND_DOCTOR_ERROR, "keys",
		    TEND_LAYOUT_DEVICE_KEY, "move the file aside; the next "
		    "commit makes a new key, which the partners confirm",
		    "%s", tend_error());
	if (d->flags & TEND_DOCTOR_FIX) {
		if ((error = tend_journal_publish_key(d->journal)) < 0)
			return doctor_report_failure(d, "keys", "tend.conf",
			    error);
		return doctor_report(d, TEND_DOCTOR_FIXED, "keys", "tend.conf",
		    NULL, "this machine's device key is published now");
	}
	return doctor_report(d, TEND_DOCTOR_WARNING, "keys", "tend.conf",
	    "run 'tend doctor --fix' or 'tend sync' to publish it",
	    "this machine's device key is not published, so the partners "
	    "cannot check what it signs");
}

/* What init and clone set for git, still set. */
static int
check_git_config(struct doctor *d)
{
	static const char *const keys[] = {
		"gpg.format", "user.signingKey", "gpg.ssh.allowedSignersFile",
		"commit.gpgSign",
	};
	char	*value;
	size_t	 i;
	int	 error, missing = 0;

	if (tend_journal_me(d->journal) == NULL)
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		error = tend_store_config_get(&value, d->store, keys[i]);
		if (error == TEND_ENOTFOUND)
			missing++;
		else if (error < 0)
			return error;
		else
			free(value);
	}
	if (missing == 0)
		return 0;
	if (d->flags & TEND_DOCTOR_FIX) {
		if ((error = tend_keys_git_config(d->journal)) < 0)
			return doctor_report_failure(d, "keys", ".git/config",
			    error);
		return doctor_report(d, TEND_DOCTOR_FIXED, "keys",
		    ".git/config", NULL, "git signs and verifies commits as "
		    "tend does again");
	}
	return doctor_report(d, TEND_DOCTOR_WARNING, "keys", ".git/config",
	    "run 'tend doctor --fix' to set them", "plain git does not sign "
	    "or verify commits as tend does: %zu of its settings are not "
	    "set (gpg.format, user.signingKey, gpg.ssh.allowedSignersFile, "
	    "commit.gpgSign)", (size_t)missing);
}

static int
unconfirmed_cb(const struct tend_key_row *row, void *arg)
{
	struct doctor	*d = arg;
	struct tend_buf	 fix = TEND_BUF_INIT;
	int		 error;

	if (row->state != TEND_KEY_UNCONFIRMED)
		return 0;
	if ((error = tend_buf_printf(&fix, "compare it with %s, then run "
	    "'tend key confirm %s %s'", row->partner, row->partner,
	    row->fingerprint)) < 0)
		return error;
	error = doctor_report(d, TEND_DOCTOR_WARNING, "keys", "tend.conf",
	    fix.data, "%s published the device key %s, not trusted here: "
	    "what it signs does not count", row->partner, row->fingerprint);
	tend_buf_free(&fix);
	return error;
}

static int
unverified_cb(const struct tend_agree_row *row, void *arg)
{
	struct doctor	*d = arg;
	struct tend_buf	 subject = TEND_BUF_INIT, fix = TEND_BUF_INIT;
	int		 error;

	if (strstr(row->unsigned_by, "(unverified)") == NULL)
		return 0;
	if ((error = tend_buf_printf(&subject, "agree/%s.md", row->name)) < 0 ||
	    (error = tend_buf_printf(&fix, "'tend agree log %s' says why; the "
	    "partner signs again with 'tend agree sign %s'", row->name,
	    row->name)) < 0)
		goto out;
	error = doctor_report(d, TEND_DOCTOR_WARNING, "signatures",
	    subject.data, fix.data, "a signature of the current text does "
	    "not count: %s", row->unsigned_by);
out:
	tend_buf_free(&subject);
	tend_buf_free(&fix);
	return error;
}

int
doctor_check_keys(struct doctor *d)
{
	int	error;

	d->problems = 0;
	/* The history is read no further where libgit2 may loop on it. */
	if (d->damaged & DAMAGED_JOURNAL)
		return doctor_report(d, TEND_DOCTOR_WARNING, "keys", "journal",
		    "repair the objects first", "not checked: some of its "
		    "objects are damaged");
	if ((error = check_device(d)) < 0 ||
	    (error = check_git_config(d)) < 0 ||
	    (error = tend_key_list(d->journal, unconfirmed_cb, d)) < 0 ||
	    (error = tend_agree_list(d->journal, unverified_cb, NULL, d)) < 0)
		return error == TEND_ENOMEM ? error :
		    doctor_report_failure(d, "keys", "journal", error);
	if (d->problems == 0)
		return doctor_report(d, TEND_DOCTOR_OK, "keys", "journal",
		    NULL, "this machine's key is published, and every "
		    "partner's key and signature counts");
	return 0;
}
