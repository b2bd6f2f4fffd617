/*
 * Changing an entry after the fact: its text edited, or the entry taken
 * out, by the partner who wrote it and no one else.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int	find_mine(struct tend_entry **, struct tend_journal *,
		    const char *, const char *);
static int	check_unchanged(struct tend_journal *,
		    const struct tend_entry *);
static int	recheck(struct tend_journal *, const struct tend_entry *);
static int	check_edit(struct tend_journal *, const struct tend_entry *,
		    const char *, size_t);
static int	keep_rejected(struct tend_journal *, const char *, size_t);
static int	with_answer(struct tend_buf *, const char *, const char *,
		    size_t);
static int	with_notes(struct tend_buf *, const char *, const char *,
		    size_t);
static int	save(int *, struct tend_txn *, const struct tend_entry *,
		    const char *, size_t);

/* What an edit may not change: what the entry is, whose, when, its state. */
static const char *const locked_keys[] = {
	"kind", "author", "date", "state", "shared", "raised", "resolved",
	"dropped", "prompt", "agreement",
};

/*
 * The entry ID names, if it is the local partner's and not an agreement;
 * VERB ("edit", "remove") for the messages.
 */
static int
find_mine(struct tend_entry **out, struct tend_journal *journal,
    const char *id, const char *verb)
{
	struct tend_entry	*entry;
	const char		*me, *author;
	int			 error;

	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = tend_entry_find(&entry, journal, id)) < 0)
		return error;
	author = tend_entry_author(entry);
	if (strcmp(tend_entry_kind(entry), "agree") == 0)
		error = tend_error_set(TEND_EINVALID, "'%s' is an agreement, "
		    "which partners keep together: %s", tend_entry_id(entry),
		    strcmp(verb, "edit") == 0 ? "change it with 'tend agree "
		    "edit', which asks everyone to sign again" : "it cannot "
		    "be removed; change it with 'tend agree edit'");
	else if (author == NULL || strcmp(author, me) != 0)
		error = tend_error_set(TEND_EINVALID, "cannot %s '%s': it is "
		    "%s's entry, and only its author may %s it",
		    verb, tend_entry_id(entry), author != NULL ? author :
		    "nobody", verb);
	if (error < 0) {
		tend_entry_free(entry);
		return error;
	}
	*out = entry;
	return 0;
}

/*
 * ENTRY, found before the lock was taken, must be as committed still: a
 * sync or another tend may have changed it meanwhile.
 */
static int
recheck(struct tend_journal *journal, const struct tend_entry *entry)
{
	struct tend_store	*store = tend_journal_store(journal);
	const char		*was;
	char			*text = NULL;
	size_t			 len, was_len;
	int			 error;

	if (tend_entry_is_private(entry) && (error = tend_journal_private(
	    &store, journal, TEND_PRIVATE_OPEN)) < 0)
		return error;
	error = tend_store_read(&text, &len, store, tend_entry_path(entry));
	if (error < 0 && error != TEND_ENOTFOUND)
		return error;
	was = tend_entry_text(entry, &was_len);
	if (error == TEND_ENOTFOUND || len != was_len ||
	    memcmp(text, was, len) != 0)
		error = tend_error_set(TEND_ECONFLICT, "'%s' changed meanwhile; "
		    "run tend again", tend_entry_id(entry));
	free(text);
	return error;
}

/* A change of the file made by hand and not committed is not ours to drop. */
static int
check_unchanged(struct tend_journal *journal, const struct tend_entry *entry)
{
	struct tend_store	*store = tend_journal_store(journal);
	const char		*committed;
	char			*path, *text = NULL;
	size_t			 len, committed_len;
	int			 error;

	if (tend_entry_is_private(entry) && (error = tend_journal_private(
	    &store, journal, TEND_PRIVATE_OPEN)) < 0)
		return error;
	if ((path = tend_fs_join(tend_store_workdir(store),
	    tend_entry_path(entry))) == NULL)
		return tend_error_nomem();
	error = tend_fs_read(&text, &len, path);
	free(path);
	if (error == TEND_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	committed = tend_entry_text(entry, &committed_len);
	if (len != committed_len || memcmp(text, committed, len) != 0)
		error = tend_error_set(TEND_EINVALID, "'%s' has changes that "
		    "are not committed; commit or undo them with git first",
		    tend_entry_path(entry));
	free(text);
	return error;
}

/*
 * TEXT, a whole new file for ENTRY, must read as the same entry would: the
 * same kind, author, date and state, and what its kind asks for.
 */
static int
check_edit(struct tend_journal *journal, const struct tend_entry *entry,
    const char *text, size_t len)
{
	struct tend_entry	*edited;
	const struct tend_meta	*pillars, *tags;
	const char		*was, *now, *rating;
	char			 tag[TEND_TAG_MAX + 1];
	size_t			 i;
	int			 error;

	if ((error = tend_entry_parse_sealed(&edited,
	    tend_journal_cipher(journal), tend_entry_path(entry), text,
	    len)) < 0)
		return error;
	for (i = 0; i < sizeof(locked_keys) / sizeof(locked_keys[0]); i++) {
		was = tend_entry_field(entry, locked_keys[i]);
		now = tend_entry_field(edited, locked_keys[i]);
		if ((was == NULL) != (now == NULL) ||
		    (was != NULL && strcmp(was, now) != 0)) {
			error = tend_error_set(TEND_EINVALID, "cannot save "
			    "'%s': its '%s' cannot be edited (it was %s%s%s)",
			    tend_entry_path(entry), locked_keys[i],
			    was != NULL ? "'" : "", was != NULL ? was : "unset",
			    was != NULL ? "'" : "");
			goto out;
		}
	}
	if (strcmp(tend_entry_kind(entry), "checkin") == 0) {
		pillars = tend_meta_get(tend_entry_meta(edited), "pillars");
		for (i = 0; i < TEND_PILLAR_COUNT && error == 0; i++) {
			rating = tend_meta_get_text(pillars,
			    tend_pillar_key(i));
			if (rating == NULL || rating[0] < '0' +
			    TEND_RATING_MIN || rating[0] > '0' +
			    TEND_RATING_MAX || rating[1] != '\0')
				error = tend_error_set(TEND_EINVALID, "cannot "
				    "save '%s': pillars: %s must be rated "
				    "%d to %d", tend_entry_path(entry),
				    tend_pillar_key(i), TEND_RATING_MIN,
				    TEND_RATING_MAX);
		}
	} else if (strcmp(tend_entry_kind(entry), "resent") == 0) {
		now = tend_entry_field(edited, "title");
		if (now == NULL || now[0] == '\0')
			error = tend_error_set(TEND_EINVALID, "cannot save "
			    "'%s': a resentment needs a 'title'",
			    tend_entry_path(entry));
		else if ((now = tend_entry_field(edited, "root")) != NULL &&
		    (error = tend_resent_check_kind(now)) < 0)
			error = tend_error_wrap(error, "cannot save '%s': "
			    "root", tend_entry_path(entry));
	}
	tags = tend_meta_get(tend_entry_meta(edited), "tags");
	if (error == 0 && tags != NULL && tend_meta_type(tags) !=
	    TEND_META_LIST)
		error = tend_error_set(TEND_EINVALID, "cannot save '%s': "
		    "'tags' must be a list, as [work, money]",
		    tend_entry_path(entry));
	if (error == 0 && tags != NULL && tend_meta_count(tags) >
	    TEND_TAGS_MAX)
		error = tend_error_set(TEND_EINVALID, "cannot save '%s': more "
		    "than %d tags", tend_entry_path(entry), TEND_TAGS_MAX);
	for (i = 0; error == 0 && tags != NULL && i < tend_meta_count(tags);
	    i++) {
		if (tend_meta_type(tend_meta_at(tags, i)) != TEND_META_TEXT)
			error = tend_error_set(TEND_EINVALID, "cannot save "
			    "'%s': each of 'tags' must be a word",
			    tend_entry_path(entry));
		else if ((error = tend_tag_check(tag,
		    tend_meta_text(tend_meta_at(tags, i)))) < 0)
			error = tend_error_wrap(error, "cannot save '%s'",
			    tend_entry_path(entry));
	}
out:
	tend_entry_free(edited);
	return error;
}

/*
 * An edit that cannot be saved stays in .git/tend, as the editor's file
 * does when the editor fails, so that nothing typed is lost.
 */
static int
keep_rejected(struct tend_journal *journal, const char *text, size_t len)
{
	char	*dir, *path = NULL, *reason;
	int	 error;

	if ((reason = strdup(tend_error())) == NULL)
		return tend_error_nomem();
	if ((dir = tend_fs_join(tend_store_gitdir(tend_journal_store(
	    journal)), "tend")) == NULL)
		error = tend_error_nomem();
	else if ((error = tend_fs_mkdirs(dir, NULL)) == 0 &&
	    (error = tend_fs_write_temp(&path, dir, "EDIT", text, len)) == 0)
		error = tend_error_set(TEND_EINVALID, "%s; what you wrote is "
		    "kept in '%s'", reason, path);
	free(dir);
	free(path);
	free(reason);
	return error;
}

/* BODY, a check-in's, with its Notes section TEXT (none when empty). */
static int
with_notes(struct tend_buf *out, const char *body, const char *text,
    size_t len)
{
	const char	*line, *notes = NULL;
	size_t		 keep;
	int		 error = 0;

	for (line = body; line != NULL && *line != '\0'; ) {
		if (strncmp(line, "## Notes", 8) == 0 &&
		    (line[8] == '\n' || line[8] == '\0')) {
			notes = line;
			break;
		}
		if ((line = strchr(line, '\n')) != NULL)
			line++;
	}
	keep = notes != NULL ? (size_t)(notes - body) : strlen(body);
	while (keep > 0 && body[keep - 1] == '\n')
		keep--;
	if (keep != 0)
		error = tend_buf_printf(out, "%.*s\n", (int)keep, body);
	if (error == 0 && len != 0)
		error = tend_buf_printf(out, "%s## Notes\n\n%.*s\n",
		    keep != 0 ? "\n" : "", (int)len, text);
	if (error == 0 && out->data == NULL)
		error = tend_buf_puts(out, "");
	return error;
}

/*
 * BODY with TEXT in place of what follows its heading: a reflection's
 * prompt question ("# ...") stays above the answer that replaces it.
 */
static int
with_answer(struct tend_buf *out, const char *body, const char *text,
    size_t len)
{
	size_t	heading;

	body += strspn(body, "\n");
	if (strncmp(body, "# ", 2) != 0)
		return tend_buf_printf(out, "%.*s\n", (int)len, text);
	heading = strcspn(body, "\n");
	return tend_buf_printf(out, "%.*s\n\n%.*s\n", (int)heading, body,
	    (int)len, text);
}

/* Commit TEXT as ENTRY's file, where it lives (both copies of a share). */
static int
save(int *changed, struct tend_txn *txn, const struct tend_entry *entry,
    const char *text, size_t len)
{
	struct tend_journal	*journal = tend_txn_journal(txn);
	struct tend_store	*private_store;
	struct tend_buf		 message = TEND_BUF_INIT;
	const char		*old;
	char			*kept = NULL;
	size_t			 old_len, kept_len;
	int			 error;

	old = tend_entry_text(entry, &old_len);
	*changed = old_len != len || memcmp(old, text, len) != 0;
	if (!*changed)
		return 0;
	if ((error = tend_buf_printf(&message, "edit: %s",
	    tend_entry_id(entry))) < 0)
		return error;
	if ((error = tend_txn_stage(txn, tend_entry_is_private(entry) ?
	    TEND_TXN_PRIVATE : TEND_TXN_JOURNAL, tend_entry_path(entry), text,
	    len)) == 0)
		error = tend_txn_commit(txn, tend_entry_is_private(entry) ?
		    TEND_TXN_PRIVATE : TEND_TXN_JOURNAL, message.data);
	/* A shared reflection's private copy follows, as sharing made it. */
	if (error == 0 && !tend_entry_is_private(entry) &&
	    tend_journal_private(&private_store, journal,
	    TEND_PRIVATE_OPEN) == 0 &&
	    tend_store_read(&kept, &kept_len, private_store,
	    tend_entry_path(entry)) == 0 &&
	    tend_txn_stage(txn, TEND_TXN_PRIVATE, tend_entry_path(entry),
	    text, len) == 0)
		(void)tend_txn_commit(txn, TEND_TXN_PRIVATE, message.data);
	free(kept);
	tend_buf_free(&message);
	return error;
}

int
tend_entry_find_mine(struct tend_entry **out, struct tend_journal *journal,
    const char *id, int remove)
{
	return find_mine(out, journal, id, remove ? "remove" : "edit");
}

int
tend_entry_save(int *changed, struct tend_journal *journal,
    const struct tend_entry *entry, const char *text, size_t len)
{
	struct tend_txn		*txn;
	int			 error;

	*changed = 0;
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	/* Whatever stops the save, what was typed in the editor is kept. */
	if ((error = recheck(journal, entry)) < 0 ||
	    (error = check_unchanged(journal, entry)) < 0 ||
	    (error = check_edit(journal, entry, text, len)) < 0) {
		error = keep_rejected(journal, text, len);
		goto out;
	}
	error = save(changed, txn, entry, text, len);
out:
	tend_txn_end(txn);
	return error;
}

int
tend_entry_set_body(int *changed, struct tend_journal *journal,
    const struct tend_entry *entry, const char *text, size_t len)
{
	struct tend_txn		*txn;
	struct tend_meta	*meta = NULL;
	struct tend_buf		 body = TEND_BUF_INIT, file = TEND_BUF_INIT;
	const char		*old;
	size_t			 old_len, start;
	int			 error;

	*changed = 0;
	if ((error = tend_text_validate("the text", text, len)) < 0)
		return error;
	tend_text_trim(&text, &len);
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = recheck(journal, entry)) < 0 ||
	    (error = check_unchanged(journal, entry)) < 0)
		goto out;
	old = tend_entry_text(entry, &old_len);
	if ((error = tend_entry_split(&meta, &start, tend_entry_path(entry),
	    old, old_len)) < 0)
		goto out;
	/* A check-in's -m is its notes, as for tend checkin. */
	if (strcmp(tend_entry_kind(entry), "checkin") == 0)
		error = with_notes(&body, tend_entry_body(entry), text, len);
	else if (len == 0)
		error = tend_error_set(TEND_EINVALID, "the text is empty; "
		    "nothing written (to take '%s' back, use tend rm)",
		    tend_entry_id(entry));
	else
		error = with_answer(&body, tend_entry_body(entry), text, len);
	if (error == 0 && (error = tend_entry_compose(&file, meta,
	    body.data)) == 0 &&
	    (error = check_edit(journal, entry, file.data, file.len)) == 0)
		error = save(changed, txn, entry, file.data, file.len);
out:
	tend_buf_free(&body);
	tend_buf_free(&file);
	tend_meta_free(meta);
	tend_txn_end(txn);
	return error;
}

int
tend_entry_remove(struct tend_journal *journal,
    const struct tend_entry *entry)
{
	struct tend_txn		*txn;
	struct tend_store	*private_store;
	struct tend_buf		 message = TEND_BUF_INIT;
	enum tend_txn_store	 where;
	char			*kept = NULL;
	size_t			 kept_len;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = recheck(journal, entry)) < 0 ||
	    (error = check_unchanged(journal, entry)) < 0 ||
	    (error = tend_buf_printf(&message, "rm: %s",
	    tend_entry_id(entry))) < 0)
		goto out;
	where = tend_entry_is_private(entry) ? TEND_TXN_PRIVATE :
	    TEND_TXN_JOURNAL;
	if ((error = tend_txn_stage(txn, where, tend_entry_path(entry), NULL,
	    0)) < 0 ||
	    (error = tend_txn_commit(txn, where, message.data)) < 0)
		goto out;
	/* A shared reflection goes from the private store too. */
	if (where == TEND_TXN_JOURNAL && tend_journal_private(&private_store,
	    journal, TEND_PRIVATE_OPEN) == 0 && tend_store_read(&kept,
	    &kept_len, private_store, tend_entry_path(entry)) == 0 &&
	    (error = tend_txn_stage(txn, TEND_TXN_PRIVATE,
	    tend_entry_path(entry), NULL, 0)) == 0)
		error = tend_txn_commit(txn, TEND_TXN_PRIVATE, message.data);
out:
	free(kept);
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}
