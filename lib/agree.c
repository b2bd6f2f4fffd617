/*
 * Agreements: the living documents of a journal.  Each is one file,
 * agree/NAME.md; a signature is an empty commit whose trailers name the
 * exact text (its blob) and the partner, so partners can sign on two
 * machines at once and merge without a conflict, and any edit of the
 * text leaves earlier signatures behind by construction.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define MAX_NAME	TEND_AGREE_NAME_MAX
#define TITLE_MAX	200	/* bytes */
#define CONFLICT_MARK	"<<<<<<< "
/* Put before a text with both versions in it, and taken out on save. */
#define CONFLICT_NOTE	"\n<!-- tend: a sync kept both versions, between " \
	"marker lines\n(<<<<<<<, =======, >>>>>>>).  Keep what you both want, " \
	"remove the markers\nand save; this note is left out.  Then sign it " \
	"again and sync. -->\n"

static const char *const state_names[] = {
	"draft", "in force", "amended", "review due", "conflict",
};

enum state { DRAFT, IN_FORCE, AMENDED, REVIEW_DUE, CONFLICT };

/* SEQ is the place in the agreements' history (0: newest), to merge by. */
struct signature {
	char	 name[MAX_NAME + 1];
	char	 blob[41];
	char	*signer;
	char	 commit[41];
	time_t	 time;
	size_t	 seq;
};

struct signatures {
	struct signature	*items;		/* newest first */
	size_t			 count;
};

struct revision {
	char	 commit[41];
	char	 blob[41];	/* "" when the file was removed */
	char	*author;
	time_t	 time;
	size_t	 seq;
};

struct revisions {
	struct revision		*items;		/* newest first */
	size_t			 count;
};

static int	check_name(const char *);
static int	agree_path(struct tend_buf *, const char *);
static int	read_signatures(struct signatures *, struct tend_journal *);
static int	take_signatures(struct signatures *,
		    const struct tend_history *, const char *);
static void	signatures_free(struct signatures *);
static int	read_revisions(struct revisions *, struct tend_journal *,
		    const char *, struct signatures *);
static void	revisions_free(struct revisions *);
static int	signed_by(const struct signatures *, const char *,
		    const char *, const char *);
static int	signed_by_all(const struct signatures *,
		    struct tend_journal *, const char *, const char *);
static enum state state_of(const struct signatures *, struct tend_journal *,
		    const char *, const char *, const char *, const char *);
static int	build(struct tend_buf *, const char *, const char *,
		    const char *, const char *);
static int	validate(struct tend_meta **, size_t *, const char *,
		    const char *, size_t);
static int	count_clauses(size_t *, const char *, size_t);
static int	keep_rejected(struct tend_journal *, const char *,
		    const char *, size_t);
/* A moment in an agreement's history: a commit, or else a time. */
struct moment {
	char	commit[41];
	time_t	time;
};

static int	resolve(char [41], struct moment *, struct tend_journal *,
		    const char *, const char *, const struct signatures *);
static time_t	end_of_day(time_t);
static int	read_text(char **, size_t *, struct tend_journal *,
		    const char *);
static void	body_of(const char **, size_t *, const char *, size_t);
static int	list_cb(const char *, const char *, size_t, void *);
static int	summarize(struct tend_buf *, struct tend_journal *,
		    const char *, const char *);
static const char *partner_name(struct tend_journal *, const char *);
struct attributions;
static size_t	text_hash(const char *);
static size_t	attribution_slot(const struct attributions *, const char *);
static const struct attribution *attribution_find(const struct attributions *,
		    const char *);
static int	attribution_add(struct attributions *, const char *,
		    const char *, time_t);
static void	attributions_free(struct attributions *);
static int	template_cb(const char *, const char *, const char *, size_t,
		    void *);

static int
check_name(const char *name)
{
	if (strlen(name) > MAX_NAME || !tend_text_is_slug(name))
		return tend_error_set(TEND_EINVALID, "'%s' is not an agreement "
		    "name: use lowercase letters, digits and single dashes, "
		    "like phones-at-dinner (at most %d)", name, MAX_NAME);
	return 0;
}

static int
agree_path(struct tend_buf *path, const char *name)
{
	int	error;

	if ((error = check_name(name)) < 0)
		return error;
	return tend_layout_agree_path(path, name);
}

/* Collect "Agreed-to: agree/NAME.md BLOB" and "Agreed-by: ID". */
/* Every signature in HEAD's history, newest first. */
static int
read_signatures(struct signatures *list, struct tend_journal *journal)
{
	struct tend_history	 history;
	int			 error;

	memset(list, 0, sizeof(*list));
	if ((error = tend_history_read(&history, journal)) < 0)
		return error;
	error = take_signatures(list, &history, NULL);
	tend_history_free(&history);
	return error;
}

/*
 * The signatures of HISTORY (of agreement NAME, or all), each with its
 * place in it, so that they can be merged with revisions by it.
 */
static int
take_signatures(struct signatures *list, const struct tend_history *history,
    const char *name)
{
	const struct tend_history_event	*event;
	struct signature		*grown;
	size_t				 i;

	memset(list, 0, sizeof(*list));
	for (i = 0; i < history->count; i++) {
		event = &history->items[i];
		if (event->kind != TEND_SIGNED ||
		    (name != NULL && strcmp(event->name, name) != 0))
			continue;
		if ((grown = realloc(list->items, (list->count + 1) *
		    sizeof(*grown))) == NULL ||
		    (grown[list->count].signer = strdup(event->who)) == NULL) {
			if (grown != NULL)
				list->items = grown;
			signatures_free(list);
			return tend_error_nomem();
		}
		list->items = grown;
		grown = &list->items[list->count++];
		memcpy(grown->name, event->name, sizeof(grown->name));
		memcpy(grown->blob, event->blob, sizeof(grown->blob));
		memcpy(grown->commit, event->commit, sizeof(grown->commit));
		grown->time = event->time;
		grown->seq = i;
	}
	return 0;
}

static void
signatures_free(struct signatures *list)
{
	size_t	i;

	for (i = 0; i < list->count; i++)
		free(list->items[i].signer);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

/*
 * Every commit that changed agreement PATH, newest first; with SIGNATURES,
 * the agreement's signatures too, placed in the same order.
 */
static int
read_revisions(struct revisions *list, struct tend_journal *journal,
    const char *path, struct signatures *signatures)
{
	const struct tend_history_event	*event;
	struct tend_history		 history;
	struct revision			*grown;
	char				 name[TEND_AGREE_NAME_MAX + 1];
	size_t				 i;
	int				 error;

	memset(list, 0, sizeof(*list));
	if (signatures != NULL)
		memset(signatures, 0, sizeof(*signatures));
	if (!tend_layout_agree_name(name, path, strlen(path)))
		return tend_error_set(TEND_EINVALID, "'%s' is not an "
		    "agreement's path", path);
	if ((error = tend_history_read(&history, journal)) < 0)
		return error;
	for (i = 0; i < history.count && error == 0; i++) {
		event = &history.items[i];
		if (event->kind != TEND_REVISED ||
		    strcmp(event->name, name) != 0)
			continue;
		if ((grown = realloc(list->items, (list->count + 1) *
		    sizeof(*grown))) == NULL) {
			error = tend_error_nomem();
			break;
		}
		list->items = grown;
		grown = &list->items[list->count];
		memcpy(grown->commit, event->commit, sizeof(grown->commit));
		memcpy(grown->blob, event->blob, sizeof(grown->blob));
		grown->time = event->time;
		grown->seq = i;
		if ((grown->author = strdup(event->who)) == NULL)
			error = tend_error_nomem();
		else
			list->count++;
	}
	if (error == 0 && signatures != NULL)
		error = take_signatures(signatures, &history, name);
	tend_history_free(&history);
	if (error < 0)
		revisions_free(list);
	return error;
}

static void
revisions_free(struct revisions *list)
{
	size_t	i;

	for (i = 0; i < list->count; i++)
		free(list->items[i].author);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int
signed_by(const struct signatures *list, const char *name, const char *blob,
    const char *partner)
{
	size_t	i;

	for (i = 0; i < list->count; i++)
		if (strcmp(list->items[i].name, name) == 0 &&
		    strcmp(list->items[i].blob, blob) == 0 &&
		    strcmp(list->items[i].signer, partner) == 0)
			return 1;
	return 0;
}

static int
signed_by_all(const struct signatures *list, struct tend_journal *journal,
    const char *name, const char *blob)
{
	size_t	i, count = tend_journal_partner_count(journal);

	for (i = 0; i < count; i++)
		if (!signed_by(list, name, blob, tend_journal_partner_id(journal,
		    i)))
			return 0;
	return count != 0;
}

static enum state
state_of(const struct signatures *list, struct tend_journal *journal,
    const char *name, const char *blob, const char *text, const char *review)
{
	char	today[11];
	size_t	i;

	if (strncmp(text, CONFLICT_MARK, strlen(CONFLICT_MARK)) == 0 ||
	    strstr(text, "\n" CONFLICT_MARK) != NULL)
		return CONFLICT;
	if (signed_by_all(list, journal, name, blob)) {
		if (review != NULL && tend_date_day(today, time(NULL)) == 0 &&
		    strncmp(review, today, 10) <= 0)
			return REVIEW_DUE;
		return IN_FORCE;
	}
	for (i = 0; i < list->count; i++)
		if (strcmp(list->items[i].name, name) == 0 &&
		    signed_by_all(list, journal, name, list->items[i].blob))
			return AMENDED;
	return DRAFT;
}

/* Where an agreement's body starts: after its front matter, if it has one. */
static void
body_of(const char **body, size_t *len, const char *text, size_t textlen)
{
	struct tend_meta	*meta;
	size_t			 start;

	*body = text;
	*len = textlen;
	if (tend_entry_split(&meta, &start, "agreement", text, textlen) == 0) {
		tend_meta_free(meta);
		*body = text + start;
		*len = textlen - start;
	}
}

static int
build(struct tend_buf *out, const char *title, const char *created,
    const char *review, const char *body)
{
	struct tend_meta	*meta;
	int			 error;

	if ((meta = tend_meta_new_map()) == NULL)
		return tend_error_nomem();
	if ((error = tend_meta_set_plain(meta, "kind", "agree")) == 0 &&
	    (error = tend_meta_set_text(meta, "title", title)) == 0 &&
	    (error = tend_meta_set_plain(meta, "created", created)) == 0 &&
	    review != NULL)
		error = tend_meta_set_plain(meta, "review", review);
	if (error == 0)
		error = tend_entry_compose(out, meta, body);
	tend_meta_free(meta);
	return error;
}

/* How many clauses (list items, paragraphs with words) a body has. */
static int
count_clauses(size_t *count, const char *body, size_t len)
{
	struct tend_clause	*clauses;
	int			 error;

	if ((error = tend_markdown_clauses(&clauses, count, body, len)) < 0)
		return error;
	tend_clauses_free(clauses, *count);
	return 0;
}

/* Check an agreement file as a person wrote it. */
static int
validate(struct tend_meta **meta, size_t *body, const char *path,
    const char *text, size_t len)
{
	const char	*kind, *review;
	time_t		 when;
	size_t		 clauses;
	int		 error;

	if ((error = tend_entry_split(meta, body, path, text, len)) < 0)
		return error;
	kind = tend_meta_get_text(*meta, "kind");
	review = tend_meta_get_text(*meta, "review");
	if (kind == NULL || strcmp(kind, "agree") != 0)
		error = tend_error_set(TEND_EINVALID, "'%s': the front matter "
		    "must say 'kind: agree'", path);
	else if (tend_meta_get_text(*meta, "title") == NULL ||
	    tend_meta_get_text(*meta, "title")[0] == '\0')
		error = tend_error_set(TEND_EINVALID, "'%s': the front matter "
		    "needs a 'title'", path);
	else if ((error = count_clauses(&clauses, text + *body,
	    len - *body)) == 0 && clauses == 0)
		error = tend_error_set(TEND_EINVALID, "'%s' has no clause yet; "
		    "an agreement needs at least one", path);
	else if (error < 0)
		;
	else if (review != NULL && (strlen(review) != 10 ||
	    tend_date_parse(&when, "review", review) < 0))
		error = tend_error_set(TEND_EINVALID, "'%s': 'review' must be a "
		    "day, YYYY-MM-DD, not '%s'", path, review);
	else if (strstr(text, "\n" CONFLICT_MARK) != NULL)
		error = tend_error_set(TEND_EINVALID, "'%s' still has conflict "
		    "markers; keep what both of you want and remove them",
		    path);
	if (error < 0) {
		tend_meta_free(*meta);
		*meta = NULL;
	}
	return error;
}

/* Keep text that could not be saved, so that nothing typed is lost. */
static int
keep_rejected(struct tend_journal *journal, const char *name,
    const char *text, size_t len)
{
	struct tend_buf	 path = TEND_BUF_INIT;
	char		*reason;
	int		 error;

	if ((reason = strdup(tend_error())) == NULL)
		return tend_error_nomem();
	error = tend_buf_printf(&path, "%s/tend/rejected-%s.md",
	    tend_store_gitdir(tend_journal_store(journal)), name);
	if (error == 0 && (error = tend_fs_mkdirs(tend_store_gitdir(
	    tend_journal_store(journal)), NULL)) == 0)
		error = tend_fs_write_atomic(path.data, text, len);
	if (error == 0)
		error = tend_error_set(TEND_EINVALID, "%s; your text is kept in "
		    "'%s'", reason, path.data);
	free(reason);
	tend_buf_free(&path);
	return error;
}

/* The agreement's file at HEAD. */
static int
read_text(char **text, size_t *len, struct tend_journal *journal,
    const char *name)
{
	struct tend_buf	path = TEND_BUF_INIT;
	int		error;

	if ((error = agree_path(&path, name)) == 0)
		error = tend_store_read(text, len, tend_journal_store(journal),
		    path.data);
	if (error == TEND_ENOTFOUND)
		error = tend_error_set(TEND_ENOTFOUND, "there is no agreement "
		    "'%s'; 'tend agree list' shows them", name);
	tend_buf_free(&path);
	return error;
}

int
tend_agree_text(char **text, size_t *len, struct tend_journal *journal,
    const char *name)
{
	struct tend_buf	 buf = TEND_BUF_INIT;
	char		*plain;
	size_t		 plain_len, start = 0;
	int		 error;

	if ((error = read_text(&plain, &plain_len, journal, name)) < 0)
		return error;
	if (strstr(plain, "\n" CONFLICT_MARK) == NULL) {
		*text = plain;
		*len = plain_len;
		return 0;
	}
	/* Both versions from a merge: say how to finish, after the header. */
	if (strncmp(plain, "---\n", 4) == 0) {
		const char *close = strstr(plain + 3, "\n---\n");

		start = close != NULL ? (size_t)(close - plain) + 5 : 0;
	}
	if ((error = tend_buf_put(&buf, plain, start)) == 0 &&
	    (error = tend_buf_puts(&buf, CONFLICT_NOTE)) == 0)
		error = tend_buf_put(&buf, plain + start, plain_len - start);
	free(plain);
	if (error < 0) {
		tend_buf_free(&buf);
		return error;
	}
	*len = buf.len;
	*text = tend_buf_detach(&buf);
	return 0;
}

int
tend_agree_new(struct tend_journal *journal, const struct tend_agree_new *new)
{
	struct tend_txn		*txn;
	struct tend_buf		 path = TEND_BUF_INIT, file = TEND_BUF_INIT;
	struct tend_buf		 template = TEND_BUF_INIT;
	struct tend_buf		 title = TEND_BUF_INIT, message = TEND_BUF_INIT;
	struct tend_meta	*meta = NULL;
	const char		*body = "", *template_title;
	char			 today[11], *text = NULL, *full;
	size_t			 len, start, i;
	time_t			 when;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = agree_path(&path, new->name)) < 0)
		goto out;
	if ((full = tend_fs_join(tend_journal_path(journal), path.data)) ==
	    NULL) {
		error = tend_error_nomem();
		goto out;
	}
	i = (size_t)tend_fs_exists(full);
	free(full);
	if (i) {
		error = tend_error_set(TEND_EEXISTS, "there is an agreement "
		    "'%s' already; change it with 'tend agree edit %s'",
		    new->name, new->name);
		goto out;
	}
	if (new->review != NULL && (strlen(new->review) != 10 ||
	    (error = tend_date_parse(&when, "--review", new->review)) < 0)) {
		error = tend_error_set(TEND_EINVALID, "--review takes a day, "
		    "YYYY-MM-DD, not '%s'", new->review);
		goto out;
	}
	if (new->template != NULL) {
		/* A template's name is a file name too: the same rule. */
		if (check_name(new->template) < 0) {
			error = tend_error_set(TEND_EINVALID, "there is no "
			    "template '%s'; 'tend agree new --templates' lists "
			    "them", new->template);
			goto out;
		}
		if ((error = tend_buf_printf(&template,
		    "templates/agree/%s.md", new->template)) < 0)
			goto out;
		error = tend_content_read(&text, &len,
		    tend_journal_path(journal),
		    tend_journal_content_dir(journal), template.data);
		if (error == TEND_ENOTFOUND)
			error = tend_error_set(TEND_EINVALID, "there is no "
			    "template '%s'; 'tend agree new --templates' lists "
			    "them", new->template);
		if (error < 0 || (error = tend_entry_split(&meta, &start,
		    template.data, text, len)) < 0)
			goto out;
		body = text + start;
		template_title = tend_meta_get_text(meta, "title");
		if (new->title == NULL && template_title != NULL)
			error = tend_buf_puts(&title, template_title);
	}
	if (new->text != NULL) {
		const char	*given = new->text;
		size_t		 given_len = new->len;

		if ((error = tend_text_validate("the text", given,
		    given_len)) < 0)
			goto out;
		tend_text_trim(&given, &given_len);
		if (given_len == 0) {
			error = tend_error_set(TEND_EINVALID, "the text is "
			    "empty; an agreement needs at least one clause");
			goto out;
		}
		template.len = 0;
		if ((error = tend_buf_printf(&template, "%.*s\n",
		    (int)given_len, given)) < 0)
			goto out;
		body = template.data;
	}
	if (error == 0 && new->title != NULL)
		error = tend_buf_puts(&title, new->title);
	/* No title anywhere: the name, in words ("phones-at-dinner"). */
	if (error == 0 && title.len == 0 &&
	    (error = tend_buf_puts(&title, new->name)) == 0) {
		for (i = 0; i < title.len; i++)
			if (title.data[i] == '-')
				title.data[i] = ' ';
		if (title.data[0] >= 'a' && title.data[0] <= 'z')
			title.data[0] = (char)(title.data[0] - 'a' + 'A');
	}
	if (error < 0 || (error = tend_text_validate_line("the title",
	    title.data, TITLE_MAX)) < 0 || (error = tend_date_day(today, time(NULL))) < 0 ||
	    (error = build(&file, title.data, today, new->review, body)) < 0 ||
	    (error = tend_buf_printf(&message, "agree: new %s",
	    new->name)) < 0)
		goto out;
	if ((error = tend_txn_stage(txn, TEND_TXN_JOURNAL, path.data,
	    file.data, file.len)) == 0)
		error = tend_txn_commit(txn, TEND_TXN_JOURNAL, message.data);
out:
	tend_meta_free(meta);
	free(text);
	tend_buf_free(&path);
	tend_buf_free(&file);
	tend_buf_free(&template);
	tend_buf_free(&title);
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}

int
tend_agree_starter(char **out, struct tend_journal *journal,
    const struct tend_agree_new *new)
{
	struct tend_buf	 file = TEND_BUF_INIT, title = TEND_BUF_INIT;
	char		 today[11], *text;
	size_t		 i, len;
	int		 error;

	if ((error = check_name(new->name)) < 0)
		return error;
	if (read_text(&text, &len, journal, new->name) == 0) {
		free(text);
		return tend_error_set(TEND_EEXISTS, "there is an agreement "
		    "'%s' already; change it with 'tend agree edit %s'",
		    new->name, new->name);
	}
	if ((error = tend_buf_puts(&title, new->title != NULL ? new->title :
	    new->name)) < 0)
		goto out;
	for (i = 0; new->title == NULL && i < title.len; i++)
		if (title.data[i] == '-')
			title.data[i] = ' ';
	if ((error = tend_date_day(today, time(NULL))) == 0)
		error = build(&file, title.data, today, new->review,
		    "## What we agree\n\n- \n");
	if (error == 0 && (*out = tend_buf_detach(&file)) == NULL)
		error = tend_error_nomem();
out:
	tend_buf_free(&file);
	tend_buf_free(&title);
	return error;
}

int
tend_agree_save(int *changed, struct tend_journal *journal, const char *name,
    const char *text, size_t len)
{
	struct tend_txn		*txn;
	struct tend_buf		 path = TEND_BUF_INIT, message = TEND_BUF_INIT;
	struct tend_buf		 cleaned = TEND_BUF_INIT;
	struct tend_meta	*meta = NULL;
	char			*old = NULL, *note;
	size_t			 oldlen, body;
	int			 error;

	*changed = 0;
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	/* A new agreement is saved the same way, with nothing before it. */
	if (((error = read_text(&old, &oldlen, journal, name)) < 0 &&
	    error != TEND_ENOTFOUND) ||
	    (error = agree_path(&path, name)) < 0 ||
	    (error = tend_buf_put(&cleaned, text, len)) < 0)
		goto out;
	/* The note about a merge's two versions is not part of the text. */
	if ((note = strstr(cleaned.data, CONFLICT_NOTE)) != NULL) {
		memmove(note, note + strlen(CONFLICT_NOTE), cleaned.len -
		    (size_t)(note - cleaned.data) - strlen(CONFLICT_NOTE) + 1);
		cleaned.len -= strlen(CONFLICT_NOTE);
	}
	text = cleaned.data;
	len = cleaned.len;
	if ((error = validate(&meta, &body, path.data, text, len)) < 0) {
		error = keep_rejected(journal, name, text, len);
		goto out;
	}
	if (old != NULL && len == oldlen && memcmp(text, old, len) == 0)
		goto out;
	if ((error = tend_buf_printf(&message, "agree: %s %s", old != NULL ?
	    "edit" : "new", name)) < 0)
		goto out;
	if ((error = tend_txn_stage(txn, TEND_TXN_JOURNAL, path.data, text,
	    len)) == 0 &&
	    (error = tend_txn_commit(txn, TEND_TXN_JOURNAL,
	    message.data)) == 0)
		*changed = 1;
out:
	tend_meta_free(meta);
	free(old);
	tend_buf_free(&cleaned);
	tend_buf_free(&path);
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}

int
tend_agree_edit(int *changed, struct tend_journal *journal,
    const struct tend_agree_new *edit)
{
	struct tend_txn		*txn;
	struct tend_buf		 file = TEND_BUF_INIT, body = TEND_BUF_INIT;
	struct tend_meta	*meta = NULL;
	const char		*given = edit->text;
	char			*old = NULL;
	size_t			 oldlen, start, given_len = edit->len;
	time_t			 when;
	int			 error;

	*changed = 0;
	/* A whole file, front matter and all, replaces the file. */
	if (given != NULL && given_len >= 4 && memcmp(given, "---\n", 4) == 0 &&
	    edit->title == NULL && edit->review == NULL)
		return tend_agree_save(changed, journal, edit->name, given,
		    given_len);
	/* Held from the read to the save, so no other write comes between. */
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = read_text(&old, &oldlen, journal, edit->name)) < 0 ||
	    (error = tend_entry_split(&meta, &start, edit->name, old,
	    oldlen)) < 0)
		goto out;
	if (edit->title != NULL &&
	    ((error = tend_text_validate_line("the title", edit->title,
	    TITLE_MAX)) < 0 ||
	    (error = tend_meta_set_text(meta, "title", edit->title)) < 0))
		goto out;
	if (edit->review != NULL) {
		if (strlen(edit->review) != 10 || tend_date_parse(&when,
		    "--review", edit->review) < 0) {
			error = tend_error_set(TEND_EINVALID, "--review takes a "
			    "day, YYYY-MM-DD, not '%s'", edit->review);
			goto out;
		}
		if ((error = tend_meta_set_plain(meta, "review",
		    edit->review)) < 0)
			goto out;
	}
	if (given != NULL) {
		if ((error = tend_text_validate("the text", given,
		    given_len)) < 0)
			goto out;
		tend_text_trim(&given, &given_len);
		if (given_len == 0) {
			error = tend_error_set(TEND_EINVALID, "the text is "
			    "empty; an agreement needs at least one clause");
			goto out;
		}
		error = tend_buf_printf(&body, "%.*s\n", (int)given_len, given);
	} else
		error = tend_buf_put(&body, old + start, oldlen - start);
	if (error == 0)
		error = tend_entry_compose(&file, meta, body.data);
	if (error == 0)
		error = tend_agree_save(changed, journal, edit->name, file.data,
		    file.len);
out:
	tend_meta_free(meta);
	free(old);
	tend_buf_free(&file);
	tend_buf_free(&body);
	tend_txn_end(txn);
	return error;
}

int
tend_agree_sign(struct tend_journal *journal, const char *name)
{
	struct tend_txn		*txn;
	struct signatures	 list;
	struct tend_buf		 path = TEND_BUF_INIT, message = TEND_BUF_INIT;
	const char		*me;
	char			*text = NULL, blob[41];
	size_t			 len;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = read_text(&text, &len, journal, name)) < 0 ||
	    (error = agree_path(&path, name)) < 0 ||
	    (error = tend_store_blob_id(blob, text, len)) < 0 ||
	    (error = read_signatures(&list, journal)) < 0)
		goto out;
	if (state_of(&list, journal, name, blob, text, NULL) == CONFLICT)
		error = tend_error_set(TEND_EINVALID, "'%s' has two versions "
		    "from a merge; settle it with 'tend agree edit %s' first",
		    name, name);
	else if (signed_by(&list, name, blob, me))
		error = tend_error_set(TEND_EEXISTS, "you have signed this "
		    "text of '%s' already", name);
	if (error == 0)
		error = tend_buf_printf(&message, "agree: %s signs %s\n\n"
		    "Agreed-to: %s %s\nAgreed-by: %s\n", me, name, path.data,
		    blob, me);
	/* No file changes: the commit itself is the signature. */
	if (error == 0)
		error = tend_txn_commit(txn, TEND_TXN_JOURNAL, message.data);
	signatures_free(&list);
out:
	free(text);
	tend_buf_free(&path);
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}

struct list_walk {
	struct tend_journal	*journal;
	struct signatures	*signatures;
	int			(*fn)(const struct tend_agree_row *, void *);
	int			(*warn)(const char *, void *);
	void			*arg;
};

static int
list_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct list_walk	*walk = arg;
	struct tend_agree_row	 row;
	struct tend_meta	*meta;
	struct tend_buf		 missing = TEND_BUF_INIT;
	const char		*title, *review, *partner;
	char			 name[MAX_NAME + 1], blob[41];
	size_t			 body, i;
	int			 error;

	if (!tend_layout_agree_name(name, path, strlen(path)))
		return 0;
	if ((error = tend_entry_split(&meta, &body, path, data, len)) < 0)
		return error == TEND_ENOMEM ? error :
		    walk->warn(tend_error(), walk->arg);
	title = tend_meta_get_text(meta, "title");
	review = tend_meta_get_text(meta, "review");
	if ((error = tend_store_blob_id(blob, data, len)) < 0)
		goto out;
	memset(&row, 0, sizeof(row));
	row.name = name;
	row.title = title != NULL ? title : "";
	row.review = review;
	row.state = state_names[state_of(walk->signatures, walk->journal,
	    name, blob, data, review)];
	for (i = 0; i < tend_journal_partner_count(walk->journal); i++) {
		partner = tend_journal_partner_id(walk->journal, i);
		if (!signed_by(walk->signatures, name, blob, partner) &&
		    (error = tend_buf_printf(&missing, "%s%s",
		    missing.len != 0 ? ", " : "", partner)) < 0)
			goto out;
	}
	row.unsigned_by = missing.data != NULL ? missing.data : "";
	error = walk->fn(&row, walk->arg);
out:
	tend_buf_free(&missing);
	tend_meta_free(meta);
	return error;
}

int
tend_agree_list(struct tend_journal *journal,
    int (*fn)(const struct tend_agree_row *, void *),
    int (*warn)(const char *, void *), void *arg)
{
	struct signatures	list;
	struct list_walk	walk = { journal, &list, fn, warn, arg };
	int			error;

	if ((error = read_signatures(&list, journal)) < 0)
		return error;
	error = tend_store_list(tend_journal_store(journal), "agree", 1,
	    list_cb, &walk);
	signatures_free(&list);
	return error;
}

static time_t
end_of_day(time_t when)
{
	struct tm	tm;

	if (localtime_r(&when, &tm) == NULL)
		return when;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 59;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/*
 * The blob SPEC names for agreement NAME: "signed" (the last text every
 * partner signed), a day (the text at its end), a time or a revision;
 * THEN is the moment it names.
 */
static int
resolve(char blob[41], struct moment *then, struct tend_journal *journal,
    const char *name, const char *spec, const struct signatures *signatures)
{
	struct revisions	 list;
	struct tend_buf		 path = TEND_BUF_INIT;
	char			 day[11];
	size_t			 i;
	time_t			 when;
	int			 error;

	if ((error = agree_path(&path, name)) < 0)
		return error;
	then->time = time(NULL);
	then->commit[0] = '\0';
	if (strcmp(spec, "signed") == 0) {
		error = tend_error_set(TEND_ENOTFOUND, "no text of '%s' was "
		    "ever signed by every partner", name);
		for (i = 0; i < signatures->count; i++)
			if (strcmp(signatures->items[i].name, name) == 0 &&
			    signed_by_all(signatures, journal, name,
			    signatures->items[i].blob)) {
				memcpy(blob, signatures->items[i].blob, 41);
				error = 0;
				break;
			}
	} else if (tend_date_parse(&when, "date", spec) == 0) {
		/* A day means its end; a full time means that moment. */
		then->time = strlen(spec) == 10 ? end_of_day(when) : when;
		if ((error = read_revisions(&list, journal, path.data,
	    NULL)) < 0)
			goto out;
		error = tend_error_set(TEND_ENOTFOUND, "there was no agreement "
		    "'%s' yet on %s", name, spec);
		for (i = 0; i < list.count; i++) {
			if (tend_date_day(day, list.items[i].time) < 0)
				continue;
			if (strlen(spec) == 10 ? strcmp(day, spec) <= 0 :
			    list.items[i].time <= when) {
				if (list.items[i].blob[0] != '\0') {
					memcpy(blob, list.items[i].blob, 41);
					error = 0;
				}
				break;
			}
		}
		revisions_free(&list);
	} else if ((error = tend_store_blob(blob, then->commit,
	    tend_journal_store(journal), spec, path.data)) == 0 &&
	    blob[0] == '\0')
		error = tend_error_set(TEND_ENOTFOUND, "there was no agreement "
		    "'%s' in revision %s", name, spec);
out:
	tend_buf_free(&path);
	return error;
}

int
tend_agree_show(char **out, struct tend_journal *journal, const char *name,
    const char *as_of, int flags)
{
	struct signatures	 list;
	struct tend_entry	*entry = NULL;
	struct tend_buf		 buf = TEND_BUF_INIT, path = TEND_BUF_INIT;
	const char		*review;
	char			 blob[41], *text = NULL, *rendered = NULL;
	size_t			 len, i, j, nsigners = 0;
	struct moment		 then;
	int			 error;

	if ((error = agree_path(&path, name)) < 0 ||
	    (error = read_signatures(&list, journal)) < 0)
		goto out_path;
	if (as_of != NULL) {
		if ((error = resolve(blob, &then, journal, name, as_of,
		    &list)) < 0 ||
		    (error = tend_store_read_blob(&text, &len,
		    tend_journal_store(journal), blob)) < 0)
			goto out;
		/* As things stood then: later signatures were not made yet. */
		for (i = j = 0; i < list.count; i++) {
			if (then.commit[0] != '\0' ? tend_store_contains(
			    tend_journal_store(journal), then.commit,
			    list.items[i].commit) : list.items[i].time <=
			    then.time)
				list.items[j++] = list.items[i];
			else
				free(list.items[i].signer);
		}
		list.count = j;
	} else if ((error = read_text(&text, &len, journal, name)) < 0 ||
	    (error = tend_store_blob_id(blob, text, len)) < 0)
		goto out;
	if ((error = tend_entry_parse(&entry, path.data, text, len)) < 0 ||
	    (error = tend_entry_render(&rendered, entry, flags)) < 0)
		goto out;
	review = tend_entry_field(entry, "review");
	/* The render's first line names it; state and signers come next. */
	len = strcspn(rendered, "\n") + 1;
	if ((error = tend_buf_put(&buf, rendered, len)) < 0 ||
	    (as_of != NULL && (error = tend_buf_printf(&buf, "as of    %s\n",
	    as_of)) < 0) ||
	    (error = tend_buf_printf(&buf, "state    %s\nsigned   ",
	    state_names[state_of(&list, journal, name, blob, text,
	    review)])) < 0)
		goto out;
	for (i = 0; i < tend_journal_partner_count(journal) && error == 0; i++)
		if (signed_by(&list, name, blob,
		    tend_journal_partner_id(journal, i)))
			error = tend_buf_printf(&buf, "%s%s", nsigners++ != 0 ?
			    ", " : "", tend_journal_partner_id(journal, i));
	if (error == 0)
		error = tend_buf_printf(&buf, "%s\n%s", nsigners == 0 ?
		    "nobody yet" : "", rendered + len);
	if (error == 0)
		*out = tend_buf_detach(&buf);
out:
	signatures_free(&list);
out_path:
	tend_entry_free(entry);
	free(rendered);
	free(text);
	tend_buf_free(&buf);
	tend_buf_free(&path);
	return error;
}

int
tend_agree_diff(char **result, struct tend_journal *journal, const char *name,
    const char *from, const char *to, int flags, int unified)
{
	struct tend_buf		 buf = TEND_BUF_INIT, *out = &buf;
	struct signatures	 list;
	struct tend_diff	*diff = NULL;
	struct tend_buf		 path = TEND_BUF_INIT;
	const char		*old_body, *new_body;
	char			 old_blob[41], new_blob[41];
	char			*old_text = NULL, *new_text = NULL;
	size_t			 old_len = 0, new_len, old_body_len = 0;
	size_t			 new_body_len;
	struct moment		 then;
	int			 error;

	/* Only "signed" is found by signatures; commits and days are not. */
	memset(&list, 0, sizeof(list));
	if ((error = agree_path(&path, name)) < 0 ||
	    ((from == NULL || strcmp(from, "signed") == 0 ||
	    (to != NULL && strcmp(to, "signed") == 0)) &&
	    (error = read_signatures(&list, journal)) < 0))
		goto out_path;
	if (to == NULL)
		error = read_text(&new_text, &new_len, journal, name);
	else if ((error = resolve(new_blob, &then, journal, name, to,
	    &list)) == 0)
		error = tend_store_read_blob(&new_text, &new_len,
		    tend_journal_store(journal), new_blob);
	if (error < 0)
		goto out;
	error = resolve(old_blob, &then, journal, name, from != NULL ? from :
	    "signed", &list);
	/* Never signed by all: compare with nothing, so all of it shows. */
	if (error == TEND_ENOTFOUND && from == NULL)
		error = tend_buf_puts(out, "(no text was signed by every "
		    "partner yet: all of it is new)\n");
	else if (error == 0)
		error = tend_store_read_blob(&old_text, &old_len,
		    tend_journal_store(journal), old_blob);
	if (error < 0)
		goto out;
	if (unified) {
		error = tend_store_unified(out, old_text != NULL ? old_text :
		    "", old_len, new_text, new_len, path.data);
		goto out;
	}
	body_of(&new_body, &new_body_len, new_text, new_len);
	if (old_text != NULL)
		body_of(&old_body, &old_body_len, old_text, old_len);
	else
		old_body = "";
	if ((error = tend_diff_texts(&diff, old_body, old_body_len, new_body,
	    new_body_len)) == 0)
		error = tend_diff_format(out, diff, flags);
out:
	tend_diff_free(diff);
	signatures_free(&list);
out_path:
	if (error == 0 && (*result = tend_buf_detach(&buf)) == NULL)
		error = tend_error_nomem();
	tend_buf_free(&buf);
	free(old_text);
	free(new_text);
	tend_buf_free(&path);
	return error;
}

/* The display name of partner ID, or the id when tend.conf lacks it. */
static const char *
partner_name(struct tend_journal *journal, const char *id)
{
	size_t	i;

	for (i = 0; i < tend_journal_partner_count(journal); i++)
		if (strcmp(tend_journal_partner_id(journal, i), id) == 0)
			return tend_journal_partner_name(journal, i);
	return id;
}

/* "2 added, 1 changed" between two blobs of the agreement. */
static int
summarize(struct tend_buf *out, struct tend_journal *journal,
    const char *old_blob, const char *new_blob)
{
	struct tend_diff	*diff = NULL;
	const char		*old_body = "", *new_body;
	char			*old_text = NULL, *new_text = NULL;
	size_t			 old_len = 0, new_len, old_body_len = 0;
	size_t			 new_body_len, counts[5];
	size_t			 i, any = 0;
	int			 error;
	static const char *const words[] = {
		"added", "removed", "changed", "moved", "renamed",
	};

	if ((old_blob != NULL && (error = tend_store_read_blob(&old_text,
	    &old_len, tend_journal_store(journal), old_blob)) < 0) ||
	    (error = tend_store_read_blob(&new_text, &new_len,
	    tend_journal_store(journal), new_blob)) < 0)
		goto out;
	if (old_text != NULL)
		body_of(&old_body, &old_body_len, old_text, old_len);
	body_of(&new_body, &new_body_len, new_text, new_len);
	if ((error = tend_diff_texts(&diff, old_body, old_body_len, new_body,
	    new_body_len)) < 0)
		goto out;
	counts[0] = tend_diff_added(diff);
	counts[1] = tend_diff_removed(diff);
	counts[2] = tend_diff_changed(diff);
	counts[3] = tend_diff_moved(diff);
	counts[4] = tend_diff_renamed(diff);
	for (i = 0; i < 5 && error == 0; i++)
		if (counts[i] != 0)
			error = tend_buf_printf(out, "%s%zu %s%s",
			    any++ != 0 ? ", " : "", counts[i], i != 4 ? "" :
			    counts[i] == 1 ? "section " : "sections ",
			    words[i]);
	if (error == 0 && any == 0)
		error = tend_buf_puts(out, "no clause changed");
out:
	tend_diff_free(diff);
	free(old_text);
	free(new_text);
	return error;
}

int
tend_agree_log(struct tend_journal *journal, const char *name,
    int (*fn)(const struct tend_agree_event *, void *), void *arg)
{
	struct revisions	 revisions;
	struct signatures	 signatures;
	struct tend_agree_event	 event;
	struct tend_buf		 path = TEND_BUF_INIT, what = TEND_BUF_INIT;
	size_t			 r = 0, s = 0, i;
	int			 error;

	if ((error = agree_path(&path, name)) < 0)
		return error;
	if ((error = read_revisions(&revisions, journal, path.data,
	    &signatures)) < 0)
		goto out_path;
	if (revisions.count == 0) {
		error = tend_error_set(TEND_ENOTFOUND, "there is no agreement "
		    "'%s'; 'tend agree list' shows them", name);
		goto out;
	}
	/* Both lists are in the order of one walk: merge them by it. */
	while (error == 0 && (r < revisions.count || s < signatures.count)) {
		memset(&event, 0, sizeof(event));
		what.len = 0;
		if (what.data != NULL)
			what.data[0] = '\0';
		if (s < signatures.count &&
		    strcmp(signatures.items[s].name, name) != 0) {
			s++;
			continue;
		}
		if (s < signatures.count && (r == revisions.count ||
		    signatures.items[s].seq < revisions.items[r].seq)) {
			struct signature *sig = &signatures.items[s++];

			event.what = "signed";
			event.who = partner_name(journal, sig->signer);
			event.time = sig->time;
			memcpy(event.commit, sig->commit, sizeof(event.commit));
			/* Name the text signed by the commit that made it. */
			for (i = 0; i < revisions.count; i++)
				if (strcmp(revisions.items[i].blob,
				    sig->blob) == 0)
					break;
			error = tend_buf_printf(&what, "the text of %.7s",
			    i < revisions.count ? revisions.items[i].commit :
			    sig->blob);
		} else {
			struct revision *rev = &revisions.items[r++];

			event.who = rev->author;
			event.time = rev->time;
			memcpy(event.commit, rev->commit, sizeof(event.commit));
			if (rev->blob[0] == '\0')
				event.what = "removed";
			else if (r == revisions.count ||
			    revisions.items[r].blob[0] == '\0') {
				event.what = "created";
				error = summarize(&what, journal, NULL,
				    rev->blob);
			} else {
				event.what = "edited";
				error = summarize(&what, journal,
				    revisions.items[r].blob, rev->blob);
			}
		}
		event.detail = what.data != NULL ? what.data : "";
		if (error == 0)
			error = fn(&event, arg);
	}
out:
	signatures_free(&signatures);
	revisions_free(&revisions);
out_path:
	tend_buf_free(&path);
	tend_buf_free(&what);
	return error;
}

struct attribution {
	char	*text;
	char	*who;
	time_t	 time;
};

/*
 * The clauses blame has met, each with who wrote it first, hashed by text
 * so that a long agreement costs no more than a short one per clause.
 * SLOTS hold indexes of ITEMS plus one; 0 is free.
 */
struct attributions {
	struct attribution	*items;
	size_t			 count;
	size_t			 cap;
	size_t			*slots;
	size_t			 nslots;	/* a power of two, or 0 */
};

/* FNV-1a. */
static size_t
text_hash(const char *text)
{
	uint32_t	hash = 2166136261u;

	for (; *text != '\0'; text++)
		hash = (hash ^ (unsigned char)*text) * 16777619u;
	return hash;
}

/* The slot holding TEXT, or the free one where it would go. */
static size_t
attribution_slot(const struct attributions *known, const char *text)
{
	size_t	i = text_hash(text) & (known->nslots - 1);

	while (known->slots[i] != 0 &&
	    strcmp(known->items[known->slots[i] - 1].text, text) != 0)
		i = (i + 1) & (known->nslots - 1);
	return i;
}

static const struct attribution *
attribution_find(const struct attributions *known, const char *text)
{
	size_t	i;

	if (known->nslots == 0)
		return NULL;
	i = attribution_slot(known, text);
	return known->slots[i] != 0 ? &known->items[known->slots[i] - 1] :
	    NULL;
}

/* Record TEXT as written by WHO at WHEN, unless it was met before. */
static int
attribution_add(struct attributions *known, const char *text,
    const char *who, time_t when)
{
	struct attribution	*item, *grown;
	size_t			*slots, nslots, cap, i;

	if (attribution_find(known, text) != NULL)
		return 0;
	if (known->count == known->cap) {
		cap = known->cap != 0 ? known->cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof(*grown) || (grown =
		    realloc(known->items, cap * sizeof(*grown))) == NULL)
			return tend_error_nomem();
		known->items = grown;
		known->cap = cap;
	}
	if ((known->count + 1) * 2 > known->nslots) {
		nslots = known->nslots != 0 ? known->nslots * 2 : 128;
		if ((slots = calloc(nslots, sizeof(*slots))) == NULL)
			return tend_error_nomem();
		free(known->slots);
		known->slots = slots;
		known->nslots = nslots;
		for (i = 0; i < known->count; i++)
			known->slots[attribution_slot(known,
			    known->items[i].text)] = i + 1;
	}
	item = &known->items[known->count];
	item->text = strdup(text);
	item->who = strdup(who);
	item->time = when;
	if (item->text == NULL || item->who == NULL) {
		free(item->text);
		free(item->who);
		return tend_error_nomem();
	}
	known->slots[attribution_slot(known, text)] = ++known->count;
	return 0;
}

static void
attributions_free(struct attributions *known)
{
	size_t	i;

	for (i = 0; i < known->count; i++) {
		free(known->items[i].text);
		free(known->items[i].who);
	}
	free(known->items);
	free(known->slots);
}

int
tend_agree_blame(struct tend_journal *journal, const char *name,
    int (*fn)(const struct tend_agree_clause *, void *), void *arg)
{
	struct revisions	 revisions;
	struct tend_clause	*clauses = NULL;
	struct attributions	 known;
	const struct attribution *first;
	struct tend_agree_clause line;
	struct tend_buf		 path = TEND_BUF_INIT;
	const char		*body;
	char			*text = NULL;
	size_t			 nclauses = 0, len, body_len;
	size_t			 r, c;
	int			 error;

	memset(&known, 0, sizeof(known));
	if ((error = agree_path(&path, name)) < 0)
		return error;
	if ((error = read_revisions(&revisions, journal, path.data,
	    NULL)) < 0)
		goto out_path;
	if (revisions.count == 0 || revisions.items[0].blob[0] == '\0') {
		error = tend_error_set(TEND_ENOTFOUND, "there is no agreement "
		    "'%s'; 'tend agree list' shows them", name);
		goto out;
	}
	/* Oldest first: a clause belongs to the revision that wrote it. */
	for (r = revisions.count; r-- > 0 && error == 0;) {
		if (revisions.items[r].blob[0] == '\0')
			continue;
		tend_clauses_free(clauses, nclauses);
		clauses = NULL;
		free(text);
		text = NULL;
		if ((error = tend_store_read_blob(&text, &len,
		    tend_journal_store(journal), revisions.items[r].blob)) < 0)
			break;
		body_of(&body, &body_len, text, len);
		if ((error = tend_markdown_clauses(&clauses, &nclauses, body,
		    body_len)) < 0)
			break;
		for (c = 0; c < nclauses && error == 0; c++)
			error = attribution_add(&known, clauses[c].text,
			    revisions.items[r].author, revisions.items[r].time);
	}
	/* CLAUSES now holds the newest text. */
	for (c = 0; c < nclauses && error == 0; c++) {
		first = attribution_find(&known, clauses[c].text);
		memset(&line, 0, sizeof(line));
		line.section = clauses[c].section;
		line.text = clauses[c].text;
		line.who = first != NULL ? first->who : "";
		line.time = first != NULL ? first->time : 0;
		error = fn(&line, arg);
	}
out:
	attributions_free(&known);
	tend_clauses_free(clauses, nclauses);
	free(text);
	revisions_free(&revisions);
out_path:
	tend_buf_free(&path);
	return error;
}

struct template_walk {
	int	(*fn)(const char *, const char *, void *);
	void	*arg;
};

static int
template_cb(const char *id, const char *path, const char *text, size_t len,
    void *arg)
{
	struct template_walk	*walk = arg;
	struct tend_meta	*meta;
	const char		*title;
	size_t			 body;
	int			 error;

	if ((error = tend_entry_split(&meta, &body, path, text, len)) < 0)
		return error == TEND_ENOMEM ? error : 0;
	title = tend_meta_get_text(meta, "title");
	error = walk->fn(id, title != NULL ? title : "", walk->arg);
	tend_meta_free(meta);
	return error;
}

int
tend_agree_templates(struct tend_journal *journal,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	struct template_walk	walk = { fn, arg };

	return tend_content_foreach(tend_journal_path(journal),
	    tend_journal_content_dir(journal), "templates/agree", template_cb,
	    &walk);
}
