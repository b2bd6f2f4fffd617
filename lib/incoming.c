/*
 * The one check of what comes in from a partner, made before any of it is
 * written: sync before it fast-forwards or merges, clone before it checks
 * out, and the next command before it finishes a sync cut short.  A
 * partner may push anything plain git can make, so every path, mode, size
 * and shared setting is judged here as strictly as a typed argument.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * What an encrypted journal says of a file or a message a partner's git
 * stored in plain text, and how they put it right.
 */
#define PLAIN_FILE	"it is stored in plain text, in an encrypted journal"
#define PLAIN_FIX	"commit it with tend, or with git set up as 'tend " \
			"clone' sets it up ('tend doctor --fix' does), and " \
			"take the plain one out of the history"
/* A file bigger than any entry, prompt or setting a person writes. */
#define FILE_MAX	(8u << 20)
/* Bytes of a whole path, as PATH_MAX bounds it on Linux. */
#define PATH_BYTES_MAX	4095

struct check {
	struct tend_journal	*journal;	/* whose partners own entries */
	struct tend_store	*store;
	const char		*target;
	const char		*since;		/* NULL: all of TARGET is new */
	const char		*from;
	struct tend_buf		 changed;	/* partners TARGET changes */
	int			 sealed;	/* TARGET is an encrypted journal */
	int			 outgoing;	/* judging a push of ours */
};

static int	path_cb(const struct tend_incoming_path *, void *);
static int	refuse(const struct check *, const struct tend_incoming_path *,
		    const char *, const char *);
static int	sealing_rule(const char *, const char *, int *);
static int	check_attributes(const struct check *);
static int	check_conf(const struct check *);
static int	changes_cb(const char *, enum tend_partner_change, void *);
static int	has_change(const struct tend_buf *, const char *);
static int	has_partner(const struct tend_buf *, const char *);
static int	owners_cb(const struct tend_commit *,
		    const struct tend_path_change *, size_t, void *);
static int	check_owners(struct check *);
static int	key_collect_cb(const char *, const uint8_t *, void *);
static int	conf_keys(struct tend_buf *, struct tend_store *,
		    const char *);
static int	keys_have(const struct tend_buf *, const char *,
		    const uint8_t *);
static int	keys_cb(const struct tend_commit *,
		    const struct tend_path_change *, size_t, void *);
static int	check_keys(struct check *);
static int	plain_file_cb(const struct tend_commit *,
		    const struct tend_path_change *, size_t, void *);
static int	plain_message_cb(const struct tend_commit *, void *);
static int	refuse_plain(const struct tend_commit *, const char *, void *);
static int	check_sealed(struct check *);

/* One side of a change to an entry: its text and what it says of itself. */
struct side {
	char			*text;		/* NULL: no file there */
	size_t			 len;
	struct tend_meta	*meta;		/* NULL: no front matter read */
	size_t			 body;
	const char		*author;	/* a partner's id, or NULL */
};

/* A walk of the commits that change entries, for tend_incoming_foreign. */
struct foreign_walk {
	struct tend_journal	*journal;
	struct tend_store	*store;
	int			(*fn)(const struct tend_foreign_change *,
				    void *);
	void			*arg;
	struct tend_trust	*trust;		/* NULL: owners by author */
};

/* Whether one commit is a partner's, as far as it was worked out. */
struct claim {
	int	checked;		/* its signature was read */
	int	good;			/* and it verifies */
	uint8_t	key[TEND_ED25519_PUBLIC];
};

static int	side_read(struct side *, const struct foreign_walk *,
		    const char *, const char *);
static const char *named_partner(const struct foreign_walk *, const char *,
		    const char *);
static void	side_free(struct side *);
static int	is_resolution(int *, const struct side *, const struct side *);
static int	same_text(const struct side *, const struct side *);
static int	owns(int *, const struct foreign_walk *, const char *,
		    const struct tend_commit *, struct claim *);
static const char *wronged(int *, const struct foreign_walk *,
		    const struct tend_commit *, const struct side *,
		    const struct side *, struct claim *);
static int	entries_cb(const struct tend_commit *,
		    const struct tend_path_change *, size_t, void *);
static int	refuse_foreign(const struct tend_foreign_change *, void *);
static int	check_entries(struct check *);

/*
 * Refuse PATH with REASON, naming the commit that brought it and who made
 * that commit, and FIX, what the partner can do.
 */
static int
refuse(const struct check *check, const struct tend_incoming_path *path,
    const char *reason, const char *fix)
{
	struct tend_buf	 dir = TEND_BUF_INIT;
	const char	*slash = strrchr(path->path, '/');
	char		 commit[TEND_OID_SIZE], *author = NULL;
	int		 error;

	if ((error = tend_buf_put(&dir, path->path, slash != NULL ?
	    (size_t)(slash - path->path) : 0)) < 0 ||
	    (error = tend_store_incoming_commit(commit, &author, check->store,
	    check->target, check->since, dir.data, path->folder)) < 0) {
		tend_buf_free(&dir);
		return error;
	}
	error = tend_error_set(TEND_EINVALID, "refusing to take in '%s' from "
	    "'%s' (commit %.7s by %s): %s; %s there with git", path->path,
	    check->from, commit, author, reason, fix);
	free(author);
	tend_buf_free(&dir);
	return error;
}

static int
path_cb(const struct tend_incoming_path *path, void *arg)
{
	const struct check	*check = arg;
	const char		*problem;
	int			 error, sealed;

	switch (path->kind) {
	case TEND_PATH_LINK:
		return refuse(check, path, "it is a symbolic link, and a "
		    "journal holds only files", "remove it");
	case TEND_PATH_SUBMODULE:
		return refuse(check, path, "it is a submodule, not a file",
		    "remove it");
	case TEND_PATH_OTHER:
		return refuse(check, path, "it is neither a file nor a folder "
		    "as git writes them", "remove it");
	case TEND_PATH_DUPLICATE:
		return refuse(check, path, "its folder names it twice, which "
		    "git never writes", "rewrite that folder");
	case TEND_PATH_TOO_DEEP:
		return refuse(check, path, "it lies deeper in folders than a "
		    "journal goes", "move it");
	case TEND_PATH_FILE:
	case TEND_PATH_FOLDER:
		break;
	}
	if (path->kind == TEND_PATH_FILE && check->sealed &&
	    tend_layout_is_sealed(path->path)) {
		if ((error = tend_store_blob_sealed(&sealed, check->store,
		    path->blob)) < 0)
			return error;
		if (!sealed)
			return refuse(check, path, PLAIN_FILE, PLAIN_FIX);
	}
	if ((problem = tend_layout_name_problem(path->name)) != NULL)
		return refuse(check, path, problem, "rename or remove it");
	if (strlen(path->path) > PATH_BYTES_MAX)
		return refuse(check, path, "its path is longer than a file "
		    "system takes", "move it");
	if (path->kind == TEND_PATH_FILE && path->size > FILE_MAX)
		return refuse(check, path, "it is bigger than any journal "
		    "file (8 MiB)", "remove it");
	return 0;
}

/*
 * Whether the rule WORD for PATTERN is one an encrypted journal's
 * .gitattributes holds: every file sealed, merged and shown by tend,
 * but the few git and the host read as they are.
 */
static int
sealing_rule(const char *pattern, const char *word, int *sealed)
{
	static const char *const sealing[] = {
		"filter=tend", "merge=tend", "diff=tend", "-text",
	};
	static const char *const plain[] = {
		"-filter", "-merge", "-diff", "text", "eol=lf",
	};
	size_t	i;

	if (strcmp(pattern, "*") == 0) {
		for (i = 0; i < sizeof(sealing) / sizeof(sealing[0]); i++)
			if (strcmp(word, sealing[i]) == 0) {
				*sealed |= 1 << i;
				return 1;
			}
		return 0;
	}
	if (!tend_layout_is_sealed(pattern))
		for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
			if (strcmp(word, plain[i]) == 0)
				return 1;
	return 0;
}

/*
 * The merge rules tend relies on stay as tend wrote them: tend.conf
 * merged as a union, so that partners added on two machines both stay,
 * and no other merge rule, which could merge an agreement's clauses
 * without the conflict markers that ask both partners to settle it.  An
 * encrypted journal's rules seal, merge and show every file through tend
 * but the few it keeps readable, and nothing else may change that.
 */
static int
check_attributes(const struct check *check)
{
	char	 theirs[TEND_OID_SIZE], ours[TEND_OID_SIZE];
	char	 commit[TEND_OID_SIZE], keyring[TEND_OID_SIZE];
	char	*text = NULL, *line, *next, *word, *pattern, *save;
	size_t	 len, number = 0;
	int	 error, union_kept = 0, sealed = 0;

	ours[0] = '\0';
	if ((error = tend_store_blob(theirs, commit, check->store,
	    check->target, ".gitattributes")) < 0 ||
	    (error = tend_store_blob(keyring, commit, check->store,
	    check->target, TEND_LAYOUT_KEYRING)) < 0 ||
	    (check->since != NULL && (error = tend_store_blob(ours, commit,
	    check->store, check->since, ".gitattributes")) < 0))
		return error;
	if (theirs[0] == '\0')
		return ours[0] == '\0' && keyring[0] == '\0' ? 0 :
		    tend_error_set(TEND_EINVALID, "refusing to take in the "
		    "commits from '%s': they remove .gitattributes, whose rules "
		    "tend relies on to merge%s; put it back there with git",
		    check->from, keyring[0] != '\0' ? " and seal files" : "");
	if ((error = tend_store_read_blob(&text, &len, check->store,
	    theirs)) < 0)
		return error;
	if ((error = tend_text_validate_utf8(".gitattributes", text,
	    len)) < 0)
		goto out;
	for (line = text; error == 0 && line != NULL && *line != '\0';
	    line = next) {
		number++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((pattern = strtok_r(line, " \t\r", &save)) == NULL ||
		    pattern[0] == '#')
			continue;
		while (error == 0 &&
		    (word = strtok_r(NULL, " \t\r", &save)) != NULL) {
			if (keyring[0] != '\0' && sealing_rule(pattern, word,
			    &sealed))
				continue;
			if (keyring[0] == '\0' &&
			    strcmp(pattern, "tend.conf") == 0 &&
			    strcmp(word, "merge=union") == 0) {
				union_kept = 1;
				continue;
			}
			word += word[0] == '-' || word[0] == '!';
			if (strncmp(pattern, "[attr]", 6) == 0 ||
			    strcmp(word, "binary") == 0 ||
			    strcmp(word, "merge") == 0 ||
			    strncmp(word, "merge=", 6) == 0 ||
			    (keyring[0] != '\0' &&
			    (strcmp(word, "filter") == 0 ||
			    strncmp(word, "filter=", 7) == 0 ||
			    strcmp(word, "diff") == 0 ||
			    strncmp(word, "diff=", 5) == 0)))
				error = tend_error_set(TEND_EINVALID,
				    "refusing to take in '.gitattributes' from "
				    "'%s': line %zu sets how '%s' is %s, which "
				    "%s; remove that rule there with git",
				    check->from, number, pattern,
				    keyring[0] != '\0' ? "merged or sealed" :
				    "merged", keyring[0] != '\0' ? "only tend "
				    "does in an encrypted journal" : "tend "
				    "leaves to git so that both partners see "
				    "what to settle");
		}
	}
	if (error == 0 && keyring[0] == '\0' && !union_kept)
		error = tend_error_set(TEND_EINVALID, "refusing to take in "
		    "'.gitattributes' from '%s': it drops 'tend.conf "
		    "merge=union', which keeps partners added on two machines; "
		    "put the line back there with git", check->from);
	/* Sealed and merged by tend, at least: what keeps words off the host. */
	if (error == 0 && keyring[0] != '\0' && (sealed & 3) != 3)
		error = tend_error_set(TEND_EINVALID, "refusing to take in "
		    "'.gitattributes' from '%s': it drops '* filter=tend "
		    "merge=tend', which seals every file of this encrypted "
		    "journal; put the line back there with git", check->from);
out:
	free(text);
	return error;
}

/*
 * A partner's tend.conf that every later command would refuse (an include
 * line, a bad partner id, broken syntax) is refused before it lands.
 */
static int
check_conf(const struct check *check)
{
	char	 blob[TEND_OID_SIZE], commit[TEND_OID_SIZE], *text = NULL;
	size_t	 len;
	int	 error;

	if ((error = tend_store_blob(blob, commit, check->store,
	    check->target, "tend.conf")) < 0 || blob[0] == '\0')
		return error;
	if ((error = tend_store_read_blob(&text, &len, check->store,
	    blob)) == 0 && (error = tend_journal_check_conf(check->store, text,
	    len)) < 0)
		error = tend_error_wrap(TEND_EINVALID, "refusing to take in "
		    "'tend.conf' from '%s'", check->from);
	free(text);
	return error;
}

/* Each change as "R" or "C" and the id, NUL-ended, into a buffer. */
static int
changes_cb(const char *id, enum tend_partner_change change, void *arg)
{
	struct tend_buf	*set = arg;

	return tend_buf_printf(set, "%c%s%c", change == TEND_PARTNER_REMOVED ?
	    'R' : 'C', id, '\0');
}

static int
has_change(const struct tend_buf *set, const char *change)
{
	const char	*p;

	for (p = set->data; p != NULL && p < set->data + set->len;
	    p += strlen(p) + 1)
		if (strcmp(p, change) == 0)
			return 1;
	return 0;
}

/* Whether SET has a change of any kind to partner ID. */
static int
has_partner(const struct tend_buf *set, const char *id)
{
	const char	*p;

	for (p = set->data; p != NULL && p < set->data + set->len;
	    p += strlen(p) + 1)
		if (strcmp(p + 1, id) == 0)
			return 1;
	return 0;
}

/*
 * One commit that changed tend.conf: what it did to a partner other than
 * its author, measured against each parent, so that a merge answers only
 * for what neither side had.
 */
static int
owners_cb(const struct tend_commit *commit,
    const struct tend_path_change *changes, size_t nchanges, void *arg)
{
	const struct check	*check = arg;
	struct tend_buf		*sets;
	const char		*change, *blob, (*parents)[TEND_OID_SIZE];
	char			*text = NULL, *old;
	size_t			 len, oldlen, i, j, count = commit->parents;
	int			 error = 0;

	/* The pathspec takes a folder named so too: not tend.conf. */
	for (i = 0; i < nchanges; i++)
		if (strcmp(changes[i].path, "tend.conf") == 0)
			break;
	if (i == nchanges)
		return 0;
	blob = changes[i].blob;
	parents = changes[i].parents;
	if (blob[0] == '\0')
		return tend_error_set(TEND_EINVALID, "refusing to take in the "
		    "commits from '%s': commit %.7s by %s removes tend.conf; "
		    "put it back there with git", check->from, commit->id,
		    commit->author_name);
	if ((sets = calloc(count, sizeof(*sets))) == NULL)
		return tend_error_nomem();
	if ((error = tend_store_read_blob(&text, &len, check->store,
	    blob)) < 0)
		goto out;
	for (i = 0; i < count && error == 0; i++) {
		if (parents[i][0] == '\0' || (error = tend_store_read_blob(&old,
		    &oldlen, check->store, parents[i])) < 0)
			continue;
		if ((error = tend_journal_conf_changes(check->store, old,
		    oldlen, text, len, commit->author_name,
		    commit->author_email, changes_cb, &sets[i])) < 0 &&
		    error != TEND_ENOMEM)
			error = tend_error_wrap(TEND_EINVALID, "refusing to "
			    "take in 'tend.conf' from '%s' (commit %.7s by %s)",
			    check->from, commit->id, commit->author_name);
		free(old);
	}
	for (change = sets[0].data; error == 0 && change != NULL &&
	    change < sets[0].data + sets[0].len;
	    change += strlen(change) + 1) {
		for (j = 1; j < count && has_change(&sets[j], change); j++)
			;
		/* Undone later on, or the partner came in with these commits. */
		if (j < count || !has_partner(&check->changed, change + 1))
			continue;
		error = tend_error_set(TEND_EINVALID, "refusing to take in "
		    "'tend.conf' from '%s' (commit %.7s by %s): it %s partner "
		    "'%s', which only %s may do; undo that there with git",
		    check->from, commit->id, commit->author_name,
		    change[0] == 'R' ? "removes" : "changes the name, address or "
		    "keys of", change + 1, change + 1);
	}
out:
	for (i = 0; i < count; i++)
		tend_buf_free(&sets[i]);
	free(sets);
	free(text);
	return error;
}

/*
 * Partners own their entries in tend.conf: anyone may add a partner, but
 * only partner X may rename X, change X's address or take X out, for
 * nobody may be removed from the journal behind their back.  A clone
 * takes the journal as it stands, so only a sync's commits are judged.
 */
static int
check_owners(struct check *check)
{
	static const char *const conf_path[] = { "tend.conf" };

	char	 ours[TEND_OID_SIZE], theirs[TEND_OID_SIZE];
	char	 commit[TEND_OID_SIZE], *old = NULL, *new = NULL;
	size_t	 oldlen, newlen;
	int	 error;

	if (check->since == NULL)
		return 0;
	/* First the partners the commits change all told; then who did. */
	if ((error = tend_store_blob(ours, commit, check->store, check->since,
	    "tend.conf")) < 0 || (error = tend_store_blob(theirs, commit,
	    check->store, check->target, "tend.conf")) < 0 ||
	    ours[0] == '\0')
		return error;
	if (theirs[0] != '\0' && ((error = tend_store_read_blob(&old, &oldlen,
	    check->store, ours)) < 0 || (error = tend_store_read_blob(&new,
	    &newlen, check->store, theirs)) < 0 ||
	    (error = tend_journal_conf_changes(check->store, old, oldlen, new,
	    newlen, NULL, NULL, changes_cb, &check->changed)) < 0))
		goto out;
	if (theirs[0] == '\0' || check->changed.len != 0)
		error = tend_store_path_commits(check->store, check->target,
		    check->since, conf_path, 1, owners_cb, check);
out:
	free(old);
	free(new);
	tend_buf_free(&check->changed);
	return error;
}

/* Each (id, key) as the id, a NUL and the key's 32 bytes, into a buffer. */
static int
key_collect_cb(const char *id, const uint8_t *key, void *arg)
{
	struct tend_buf	*set = arg;
	int		 error;

	if ((error = tend_buf_put(set, id, strlen(id) + 1)) < 0)
		return error;
	return tend_buf_put(set, (const char *)key, TEND_ED25519_PUBLIC);
}

/* The keys the tend.conf of blob BLOB ("" for none) publishes. */
static int
conf_keys(struct tend_buf *set, struct tend_store *store, const char *blob)
{
	char	*text;
	size_t	 len;
	int	 error;

	if (blob[0] == '\0')
		return 0;
	if ((error = tend_store_read_blob(&text, &len, store, blob)) < 0)
		return error;
	error = tend_journal_conf_keys(store, text, len, key_collect_cb, set);
	free(text);
	return error;
}

static int
keys_have(const struct tend_buf *set, const char *id, const uint8_t *key)
{
	const char	*p;

	for (p = set->data; p != NULL && p < set->data + set->len;
	    p += strlen(p) + 1 + TEND_ED25519_PUBLIC)
		if (strcmp(p, id) == 0 && memcmp(p + strlen(p) + 1, key,
		    TEND_ED25519_PUBLIC) == 0)
			return 1;
	return 0;
}

/*
 * One commit that changed tend.conf: each key it publishes that none of
 * its parents did must have signed it.
 */
static int
keys_cb(const struct tend_commit *commit,
    const struct tend_path_change *changes, size_t nchanges, void *arg)
{
	const struct check	*check = arg;
	struct tend_buf		 added = TEND_BUF_INIT, had = TEND_BUF_INIT;
	uint8_t			 signer[TEND_ED25519_PUBLIC];
	const char		*p, *id;
	size_t			 i, j;
	int			 error, signed_by;

	for (i = 0; i < nchanges; i++)
		if (strcmp(changes[i].path, "tend.conf") == 0)
			break;
	if (i == nchanges)
		return 0;
	if ((error = conf_keys(&added, check->store, changes[i].blob)) < 0)
		goto out;
	for (j = 0; j < commit->parents && error == 0; j++)
		error = conf_keys(&had, check->store, changes[i].parents[j]);
	signed_by = error == 0 && tend_keys_commit_signer(signer, check->store,
	    commit->id) == 0;
	for (p = added.data; error == 0 && p != NULL &&
	    p < added.data + added.len; p += strlen(p) + 1 +
	    TEND_ED25519_PUBLIC) {
		id = p;
		if (keys_have(&had, id, (const uint8_t *)p + strlen(p) + 1))
			continue;
		if (!signed_by || memcmp(signer, p + strlen(p) + 1,
		    TEND_ED25519_PUBLIC) != 0)
			error = tend_error_set(TEND_EINVALID, "refusing to take "
			    "in 'tend.conf' from '%s' (commit %.7s by %s): it "
			    "publishes a device key of %s that did not sign "
			    "the commit; a key is published only in a commit "
			    "it signs", check->from, commit->id,
			    commit->author_name, id);
	}
out:
	tend_buf_free(&added);
	tend_buf_free(&had);
	return error;
}

/*
 * Whoever publishes a device key in tend.conf shows they hold it: the
 * commit is signed by that key.  Whose key it may be is check_owners'
 * rule, and whether this machine believes it, trust.c's.  A clone takes
 * the keys as they stand, as it takes the partners.
 */
static int
check_keys(struct check *check)
{
	static const char *const conf_path[] = { "tend.conf" };

	struct tend_buf	 before = TEND_BUF_INIT, after = TEND_BUF_INIT;
	char		 ours[TEND_OID_SIZE], theirs[TEND_OID_SIZE];
	char		 commit[TEND_OID_SIZE];
	const char	*p;
	int		 error, new = 0;

	if (check->since == NULL)
		return 0;
	if ((error = tend_store_blob(ours, commit, check->store, check->since,
	    "tend.conf")) < 0 || (error = tend_store_blob(theirs, commit,
	    check->store, check->target, "tend.conf")) < 0 ||
	    (error = conf_keys(&before, check->store, ours)) < 0 ||
	    (error = conf_keys(&after, check->store, theirs)) < 0)
		goto out;
	for (p = after.data; p != NULL && p < after.data + after.len;
	    p += strlen(p) + 1 + TEND_ED25519_PUBLIC)
		new |= !keys_have(&before, p, (const uint8_t *)p + strlen(p) +
		    1);
	if (new)
		error = tend_store_path_commits(check->store, check->target,
		    check->since, conf_path, 1, keys_cb, check);
out:
	tend_buf_free(&before);
	tend_buf_free(&after);
	return error;
}

/* tend_incoming_plain's walk: where to look, and whom to tell. */
struct plain_walk {
	struct tend_store	*store;
	int			(*fn)(const struct tend_commit *, const char *,
				    void *);
	void			*arg;
};

/* Every file a commit changes that the journal seals, sealed. */
static int
plain_file_cb(const struct tend_commit *commit,
    const struct tend_path_change *changes, size_t nchanges, void *arg)
{
	const struct plain_walk	*walk = arg;
	size_t			 i;
	int			 error, sealed;

	for (i = 0; i < nchanges; i++) {
		if (changes[i].blob[0] == '\0' ||
		    !tend_layout_is_sealed(changes[i].path))
			continue;
		if ((error = tend_store_blob_sealed(&sealed, walk->store,
		    changes[i].blob)) < 0)
			return error;
		if (!sealed && (error = walk->fn(commit, changes[i].path,
		    walk->arg)) != 0)
			return error;
	}
	return 0;
}

static int
plain_message_cb(const struct tend_commit *commit, void *arg)
{
	const struct plain_walk	*walk = arg;

	return commit->sealed ? 0 : walk->fn(commit, NULL, walk->arg);
}

int
tend_incoming_plain(struct tend_store *store, const char *target,
    const char *since, int (*fn)(const struct tend_commit *, const char *,
    void *), void *arg)
{
	struct plain_walk	walk = { store, fn, arg };
	int			error;

	/* A first commit too: a history of its own can be merged in. */
	if ((error = tend_store_path_commits_all(store, target, since,
	    plain_file_cb, &walk)) != 0)
		return error;
	return tend_store_commits(store, target, since, plain_message_cb,
	    &walk);
}

/* The first thing in plain text, refused. */
static int
refuse_plain(const struct tend_commit *commit, const char *path, void *arg)
{
	const struct check	*check = arg;

	if (path != NULL && check->outgoing)
		return tend_error_set(TEND_EINVALID, "refusing to push "
		    "'%s' (commit %.7s by %s): %s; %s", path, commit->id,
		    commit->author_name, PLAIN_FILE, PLAIN_FIX);
	if (path != NULL)
		return tend_error_set(TEND_EINVALID, "refusing to take "
		    "in '%s' from '%s' (commit %.7s by %s): %s; %s "
		    "there with git", path, check->from, commit->id,
		    commit->author_name, PLAIN_FILE, PLAIN_FIX);
	if (check->outgoing)
		return tend_error_set(TEND_EINVALID, "refusing to push: commit "
		    "%.7s by %s has its message in plain text, in an encrypted "
		    "journal; make it again with tend, or with git set up as "
		    "'tend clone' sets it up", commit->id, commit->author_name);
	return tend_error_set(TEND_EINVALID, "refusing to take in the commits "
	    "from '%s': commit %.7s by %s has its message in plain text, in "
	    "an encrypted journal; make it with tend, or with git set up as "
	    "'tend clone' sets it up, and push it again", check->from,
	    commit->id, commit->author_name);
}

/*
 * An encrypted journal takes nothing in plain text: no file it seals, in
 * any of the commits, and no commit message.  A clone takes the history
 * as it stands, and path_cb judges what it checks out.
 */
static int
check_sealed(struct check *check)
{
	if (!check->sealed || (check->since == NULL && !check->outgoing))
		return 0;
	return tend_incoming_plain(check->store, check->target, check->since,
	    refuse_plain, check);
}

/*
 * The file BLOB (or "" for none) at PATH, and whose entry its name or
 * its front matter says it is; a file whose front matter does not read
 * claims only what its name does, as the listings pass it over.
 */
static int
side_read(struct side *side, const struct foreign_walk *walk,
    const char *blob, const char *path)
{
	const char	*author, *named;
	size_t		 i;
	int		 error;

	memset(side, 0, sizeof(*side));
	if (blob[0] == '\0')
		return 0;
	if ((error = tend_store_read_blob(&side->text, &side->len,
	    walk->store, blob)) < 0)
		return error;
	if ((error = tend_entry_split(&side->meta, &side->body, path,
	    side->text, side->len)) == TEND_ENOMEM)
		return error;
	author = error == 0 ? tend_meta_get_text(side->meta, "author") : NULL;
	for (i = 0; author != NULL &&
	    i < tend_journal_partner_count(walk->journal); i++)
		if (strcmp(tend_journal_partner_id(walk->journal, i),
		    author) == 0)
			side->author = author;
	/* The file's name says whose it is too; the name wins a dispute. */
	if ((named = named_partner(walk, path, author)) != NULL)
		side->author = named;
	return 0;
}

/*
 * The partner the name of the entry at PATH gives, "DAY-ID.md" or
 * "DAY-ID-SLUG.md", when AUTHOR is not one it may give (an id may hold
 * a dash, so a name can fit more than one); else NULL.  A partner's file
 * at the path of my private entry would otherwise stand in for it.
 */
static const char *
named_partner(const struct foreign_walk *walk, const char *path,
    const char *author)
{
	const char	*base = strrchr(path, '/'), *id, *named = NULL;
	size_t		 i, len;

	base = base != NULL ? base + 1 : path;
	if (strlen(base) < 11 || base[10] != '-')
		return NULL;
	base += 11;
	for (i = 0; i < tend_journal_partner_count(walk->journal); i++) {
		id = tend_journal_partner_id(walk->journal, i);
		len = strlen(id);
		if (strncmp(base, id, len) != 0 || (base[len] != '-' &&
		    strcmp(base + len, ".md") != 0))
			continue;
		if (author != NULL && strcmp(author, id) == 0)
			return NULL;
		named = id;
	}
	return named;
}

static int
same_text(const struct side *a, const struct side *b)
{
	if (a->text == NULL || b->text == NULL)
		return a->text == b->text;
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

static void
side_free(struct side *side)
{
	tend_meta_free(side->meta);
	free(side->text);
}

/*
 * Whether NEW is OLD, a raised resentment, marked resolved as 'tend
 * resent resolve' does: its state, the day and an agreement set, a note
 * added after its words, nothing else changed.  Any partner may resolve.
 */
static int
is_resolution(int *yes, const struct side *old, const struct side *new)
{
	static const char *const set_by_resolve[] = {
		"state", "resolved", "agreement",
	};
	struct tend_meta	*metas[2] = { NULL, NULL };
	const struct side	*sides[2] = { old, new };
	char			*yaml[2] = { NULL, NULL };
	size_t			 len[2], i, k;
	const char		*state;
	int			 error = 0;

	*yes = 0;
	if (old->meta == NULL || new->meta == NULL ||
	    (state = tend_meta_get_text(old->meta, "state")) == NULL ||
	    strcmp(state, "raised") != 0 ||
	    (state = tend_meta_get_text(new->meta, "state")) == NULL ||
	    strcmp(state, "resolved") != 0 ||
	    new->len - new->body < old->len - old->body ||
	    memcmp(new->text + new->body, old->text + old->body,
	    old->len - old->body) != 0)
		return 0;
	/* The rest of the front matter as it was: compared as written. */
	for (i = 0; i < 2 && error == 0; i++) {
		if ((error = tend_entry_split(&metas[i], &k, "",
		    sides[i]->text, sides[i]->len)) < 0)
			break;
		for (k = 0; k < sizeof(set_by_resolve) /
		    sizeof(set_by_resolve[0]); k++)
			(void)tend_meta_remove(metas[i], set_by_resolve[k]);
		error = tend_meta_emit(&yaml[i], &len[i], metas[i]);
	}
	if (error == 0)
		*yes = len[0] == len[1] && memcmp(yaml[0], yaml[1],
		    len[0]) == 0;
	for (i = 0; i < 2; i++) {
		tend_meta_free(metas[i]);
		free(yaml[i]);
	}
	return error;
}

/*
 * Whose entry, other than the committer's, NEW and OLD (one per parent)
 * are or were: the partner a change would wrong, or NULL.
 */
/*
 * Whether COMMIT is PARTNER's: by its author, as tend.conf knows them,
 * and, when the walk judges by signer, for a partner with a key trusted
 * here, by its signature with such a key.  *UNSIGNED says when only the
 * signature was wanting.
 */
static int
owns(int *unsigned_claim, const struct foreign_walk *walk,
    const char *partner, const struct tend_commit *commit,
    struct claim *claim)
{
	*unsigned_claim = 0;
	if (!tend_journal_made_by(walk->journal, partner, commit->author_name,
	    commit->author_email))
		return 0;
	if (walk->trust == NULL || !tend_trust_any(walk->trust, partner))
		return 1;
	if (!claim->checked) {
		claim->good = tend_keys_commit_signer(claim->key, walk->store,
		    commit->id) == 0;
		claim->checked = 1;
	}
	if (claim->good && tend_trust_has(walk->trust, partner, claim->key))
		return 1;
	*unsigned_claim = 1;
	return 0;
}

/*
 * Whose entry, other than the committer's, NEW and OLD (one per parent)
 * are or were: the partner a change would wrong, or NULL.
 */
static const char *
wronged(int *unsigned_claim, const struct foreign_walk *walk,
    const struct tend_commit *commit, const struct side *new,
    const struct side *old, struct claim *claim)
{
	size_t	p;

	if (new->author != NULL && !owns(unsigned_claim, walk, new->author,
	    commit, claim))
		return new->author;
	for (p = 0; p < commit->parents; p++)
		if (old[p].author != NULL && !owns(unsigned_claim, walk,
		    old[p].author, commit, claim))
			return old[p].author;
	return NULL;
}

/*
 * One commit that changed entries: each must be its committer's own.  A
 * change to a partner's entry, its removal, or an entry written in a
 * partner's name by someone else goes to the walk's FN; only the
 * resolution of a raised resentment, which any partner may make, is not.
 */
static int
entries_cb(const struct tend_commit *commit,
    const struct tend_path_change *changes, size_t nchanges, void *arg)
{
	const struct foreign_walk	*walk = arg;
	struct tend_foreign_change	 foreign;
	struct side			 new, *old;
	struct claim			 claim = { 0, 0, { 0 } };
	size_t				 i, p;
	int				 error = 0, resolves;

	if ((old = calloc(commit->parents, sizeof(*old))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < nchanges && error == 0; i++) {
		memset(&new, 0, sizeof(new));
		memset(old, 0, commit->parents * sizeof(*old));
		if ((error = side_read(&new, walk, changes[i].blob,
		    changes[i].path)) < 0)
			goto next;
		for (p = 0; p < commit->parents && error == 0; p++)
			error = side_read(&old[p], walk,
			    changes[i].parents[p], changes[i].path);
		/* Sealed anew by a new key generation: the same words. */
		for (p = 0; error == 0 && p < commit->parents; p++)
			if (!same_text(&new, &old[p]))
				break;
		if (error == 0 && p == commit->parents)
			goto next;
		if (error < 0 || (foreign.owner = wronged(
		    &foreign.unsigned_claim, walk, commit, &new, old,
		    &claim)) == NULL)
			goto next;
		foreign.commit = commit;
		foreign.path = changes[i].path;
		foreign.blob = changes[i].blob;
		foreign.owned = "";
		foreign.what = new.text == NULL ? TEND_FOREIGN_REMOVED :
		    TEND_FOREIGN_WRITTEN;
		for (p = 0, resolves = 0; p < commit->parents && !resolves &&
		    error == 0; p++) {
			if (old[p].author == NULL ||
			    strcmp(old[p].author, foreign.owner) != 0)
				continue;
			foreign.owned = changes[i].parents[p];
			if (foreign.what == TEND_FOREIGN_WRITTEN)
				foreign.what = TEND_FOREIGN_CHANGED;
			if (new.author != NULL &&
			    strcmp(new.author, foreign.owner) == 0 &&
			    strncmp(changes[i].path, "resent/", 7) == 0)
				error = is_resolution(&resolves, &old[p], &new);
		}
		if (error == 0 && !resolves)
			error = walk->fn(&foreign, walk->arg);
next:
		side_free(&new);
		for (p = 0; p < commit->parents; p++)
			side_free(&old[p]);
	}
	free(old);
	return error;
}

int
tend_incoming_foreign(struct tend_journal *journal, const char *target,
    const char *since, enum tend_owner_rule rule,
    int (*fn)(const struct tend_foreign_change *, void *), void *arg)
{
	struct tend_store	*store = tend_journal_store(journal);
	static const char *const entry_paths[] = {
		"checkin", "reflect", "resent",
	};
	struct foreign_walk	 walk = { journal, store, fn, arg, NULL };
	char			*setting = NULL;
	int			 error;

	/*
	 * The setting as this journal has it, not as the commits judged
	 * would have it: a push cannot turn the rule off for itself.
	 */
	if (rule == TEND_OWNER_BY_SIGNER) {
		error = tend_journal_setting(&setting, journal, "sign.entries");
		if (error < 0 && error != TEND_ENOTFOUND)
			return error;
		if (setting != NULL && strcmp(setting, "true") == 0 &&
		    (error = tend_trust_load(&walk.trust, journal)) < 0) {
			free(setting);
			return error;
		}
		free(setting);
	}
	error = tend_store_path_commits(store, target, since, entry_paths,
	    sizeof(entry_paths) / sizeof(entry_paths[0]), entries_cb, &walk);
	tend_trust_free(walk.trust);
	return error;
}

static int
refuse_foreign(const struct tend_foreign_change *foreign, void *arg)
{
	const struct check	*check = arg;
	struct tend_buf		 what = TEND_BUF_INIT;
	char			 before[TEND_OID_SIZE], after[TEND_OID_SIZE];
	char			 commit[TEND_OID_SIZE];
	int			 error;

	/* Undone within the same commits (a git revert): nothing changes. */
	if ((error = tend_store_blob(before, commit, check->store,
	    check->since, foreign->path)) < 0 ||
	    (error = tend_store_blob(after, commit, check->store,
	    check->target, foreign->path)) < 0)
		return error;
	if (strcmp(before, after) == 0)
		return 0;
	if ((error = tend_incoming_foreign_text(&what, foreign)) == 0)
		error = tend_error_set(TEND_EINVALID, "refusing to take in "
		    "'%s' from '%s' (commit %.7s by %s): it %s, and only they "
		    "may%s; undo that there with git", foreign->path,
		    check->from, foreign->commit->id,
		    foreign->commit->author_name, what.data,
		    foreign->unsigned_claim ? ", signing with their key "
		    "(sign.entries)" : "");
	tend_buf_free(&what);
	return error;
}

int
tend_incoming_foreign_text(struct tend_buf *out,
    const struct tend_foreign_change *foreign)
{
	out->len = 0;
	switch (foreign->what) {
	case TEND_FOREIGN_REMOVED:
		return tend_buf_printf(out, "removes %s's entry",
		    foreign->owner);
	case TEND_FOREIGN_CHANGED:
		return tend_buf_printf(out, "changes %s's entry",
		    foreign->owner);
	case TEND_FOREIGN_WRITTEN:
		break;
	}
	return tend_buf_printf(out, "writes an entry in %s's name",
	    foreign->owner);
}

/*
 * Entries are their author's: no partner may change, remove or write
 * another's check-ins, reflections or resentments.  Like the partners in
 * tend.conf, only a sync's commits are judged; a clone takes the journal
 * as it stands.
 */
static int
check_entries(struct check *check)
{
	if (check->since == NULL)
		return 0;
	return tend_incoming_foreign(check->journal, check->target,
	    check->since, TEND_OWNER_BY_SIGNER, refuse_foreign, check);
}

int
tend_incoming_check(struct tend_journal *journal, struct tend_store *store,
    const char *target, const char *since, const char *from)
{
	struct check	check = { journal, store, target, since, from,
			    TEND_BUF_INIT, 0, 0 };
	char		keyring[TEND_OID_SIZE], commit[TEND_OID_SIZE];
	int		error;

	if ((error = tend_store_blob(keyring, commit, store, target,
	    TEND_LAYOUT_KEYRING)) < 0)
		return error;
	check.sealed = keyring[0] != '\0';
	if ((error = tend_store_incoming(store, target, since, path_cb,
	    &check)) == 0 &&
	    (error = check_sealed(&check)) == 0 &&
	    (error = check_attributes(&check)) == 0 &&
	    (error = check_conf(&check)) == 0 &&
	    (error = check_owners(&check)) == 0 &&
	    (error = check_keys(&check)) == 0)
		error = check_entries(&check);
	return error;
}

int
tend_outgoing_sealed(struct tend_journal *journal, const char *head,
    const char *remote_head)
{
	struct check	check = { journal, tend_journal_store(journal), head,
			    remote_head[0] != '\0' ? remote_head : NULL,
			    "here", TEND_BUF_INIT, 1, 1 };

	if (!tend_journal_encrypted(journal))
		return 0;
	return check_sealed(&check);
}

int
tend_incoming_end_update(struct tend_journal *journal)
{
	struct tend_store	*store = tend_journal_store(journal);
	char			 old[TEND_OID_SIZE], new[TEND_OID_SIZE], *why;
	int			 error;

	if ((error = tend_store_update_pending(old, new, store)) <= 0)
		return error;
	/* What an older tend began to take in is judged as sync judges it. */
	if ((error = tend_journal_learn_keys(journal, new)) == 0 &&
	    (error = tend_incoming_check(journal, store, new, old,
	    "the remote")) == 0 &&
	    (error = tend_store_end_update(store, TEND_UPDATE_FINISH)) == 0)
		return 0;
	/* A lock of git's in the way is the user's to clear: said, kept. */
	if (error == TEND_ENOMEM || error == TEND_ELOCKED)
		return error;
	/* Undone, the journal is as it was before that sync: never wedged. */
	if ((why = strdup(tend_error())) == NULL)
		return tend_error_nomem();
	if ((error = tend_store_end_update(store, TEND_UPDATE_UNDO)) == 0)
		error = tend_error_set(TEND_ERROR, "a sync cut short could "
		    "not be finished, so it was undone: %s", why);
	free(why);
	return error;
}
