/*
 * Resentments: written down privately first, raised when the writer is
 * ready, and resolved together, perhaps into an agreement.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define MAX_SLUG	40	/* of the title, in the file name */
#define TITLE_MAX	200	/* bytes */

static const char *const root_keys[TEND_RESENT_KIND_COUNT] = {
	"expectation", "hurt", "communication", "need", "disappointment",
};

static const char *const state_names[] = {
	"private", "raised", "resolved", "dropped",
};

struct row_list {
	struct tend_resent_row	*rows;
	size_t			 count;
	struct tend_journal	*journal;
	const struct tend_resent_filter *filter;
	const char		*since;		/* closed before it: left out */
	int			 private;	/* the store being listed */
	tend_warn_fn		 warn;
	void			*arg;
	struct tend_store	*store;		/* for id_cb: the journal's */
	struct tend_blob_cache *cache;
};

/* The front matter keys closed_before reads, and those it wants seen. */
static const char *const day_keys[] = { "raised", "resolved", "dropped" };
static const char *const needed_keys[] = {
	"kind", "author", "date", "title", "root", "state",
};
#define MAX_KEYS	32	/* more lines than that: left to the parser */

static int	state_index(const char *);
static int	find(struct tend_entry **, struct tend_journal *, const char *);
static int	update(struct tend_txn *, struct tend_entry *, int,
		    const char *, const char *, const char *, const char *);
static int	list_cb(struct tend_entry *, struct row_list *);
static int	known_of(struct tend_resent_known *, char [TEND_TAGS_LINE],
		    struct tend_entry *);
static int	add_row(struct row_list *, const struct tend_resent_known *,
		    const char *);
static int	file_cb(const char *, const char *, size_t, void *);
static int	closed_days(const char *, size_t, char [11]);
static int	closed_before(const char *, size_t, const char *);
static int	id_cb(const char *, const char *, size_t, void *);
static int	closed_before_since(const struct row_list *,
		    const struct tend_resent_known *);
static int	plain_value(const char *, size_t);
static int	ascii_tags(const char *, size_t);
static int	oldest_first(const void *, const void *);

const char *
tend_resent_kind(size_t i)
{
	return i < TEND_RESENT_KIND_COUNT ? root_keys[i] : NULL;
}

int
tend_resent_kind_summary(char **out, struct tend_journal *journal, size_t i)
{
	struct tend_buf	name = TEND_BUF_INIT;
	int		error;

	if (i >= TEND_RESENT_KIND_COUNT)
		return tend_error_set(TEND_EINVALID, "no such kind");
	if ((error = tend_buf_printf(&name, "resent/%s.md", root_keys[i])) == 0)
		error = tend_content_summary(out, tend_journal_path(journal),
		    tend_journal_content_dir(journal), name.data);
	tend_buf_free(&name);
	return error;
}

int
tend_resent_check_kind(const char *kind)
{
	size_t	i;

	for (i = 0; i < TEND_RESENT_KIND_COUNT; i++)
		if (strcmp(kind, root_keys[i]) == 0)
			return 0;
	return tend_error_set(TEND_EINVALID, "unknown kind '%s' (the kinds are "
	    "expectation, hurt, communication, need, disappointment)", kind);
}

static int
state_index(const char *state)
{
	size_t	i;

	for (i = 0; state != NULL && i < sizeof(state_names) /
	    sizeof(state_names[0]); i++)
		if (strcmp(state, state_names[i]) == 0)
			return (int)i;
	return -1;
}

int
tend_resent_check_state(const char *state)
{
	if (state_index(state) < 0)
		return tend_error_set(TEND_EINVALID, "unknown state '%s' (the "
		    "states are private, raised, resolved, dropped)", state);
	return 0;
}

int
tend_resent_write(char **id, struct tend_journal *journal,
    const struct tend_resent_new *new)
{
	struct tend_txn		*txn;
	struct tend_meta	*meta;
	struct tend_buf		 stem = TEND_BUF_INIT, path = TEND_BUF_INIT;
	struct tend_buf		 file = TEND_BUF_INIT, message = TEND_BUF_INIT;
	struct tend_buf		 body = TEND_BUF_INIT;
	const char		*me, *text = new->text;
	char			 date[32], day[11], *slug = NULL, *readable = NULL;
	size_t			 len = new->len;
	time_t			 now = time(NULL);
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = tend_resent_check_kind(new->kind)) < 0 ||
	    (error = tend_text_validate_line("the title", new->title,
	    TITLE_MAX)) < 0 ||
	    (text != NULL && (error = tend_text_validate("the text", text,
	    len)) < 0) ||
	    (error = tend_text_slug(&slug, new->title)) < 0 ||
	    (new->date != NULL && (error = tend_date_written(&now, "--date",
	    new->date)) < 0))
		goto out;
	/* A long title makes a short name. */
	tend_text_slug_cut(slug, MAX_SLUG);
	if ((meta = tend_meta_new_map()) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if ((error = tend_date_format(date, now)) == 0 &&
	    (error = tend_date_day(day, now)) == 0 &&
	    (error = tend_meta_set_plain(meta, "kind", "resent")) == 0 &&
	    (error = tend_meta_set_text(meta, "author", me)) == 0 &&
	    (error = tend_meta_set_plain(meta, "date", date)) == 0 &&
	    (error = tend_meta_set_text(meta, "title", new->title)) == 0 &&
	    (error = tend_meta_set_plain(meta, "root", new->kind)) == 0 &&
	    (error = tend_meta_set_plain(meta, "state", new->raise ?
	    "raised" : "private")) == 0 && new->raise)
		error = tend_meta_set_plain(meta, "raised", day);
	if (error == 0)
		error = tend_tags_set_meta(meta, new->tags, new->ntags);
	if (text != NULL)
		tend_text_trim(&text, &len);
	if (error == 0 && text != NULL && len != 0)
		error = tend_buf_printf(&body, "%.*s\n", (int)len, text);
	if (error == 0)
		error = tend_entry_compose(&file, meta, body.data != NULL ?
		    body.data : "");
	tend_meta_free(meta);
	if (error < 0)
		goto out;
	if ((error = tend_layout_entry_stem(&stem, tend_journal_cipher(journal),
	    TEND_KIND_RESENT, day, me, slug)) < 0 ||
	    (error = tend_journal_new_path(&path, journal, stem.data)) < 0 ||
	    (error = tend_layout_entry_id(&readable, tend_journal_cipher(
	    journal), path.data)) < 0 ||
	    (error = tend_buf_printf(&message, "resent: %s %s", new->raise ?
	    "raise" : "note", readable)) < 0)
		goto out;
	error = tend_journal_add(id, txn, new->raise ? TEND_TXN_JOURNAL :
	    TEND_TXN_PRIVATE, path.data, &file, message.data);
out:
	free(slug);
	free(readable);
	tend_buf_free(&body);
	tend_buf_free(&stem);
	tend_buf_free(&path);
	tend_buf_free(&file);
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}

int
tend_resent_edit(char **out, size_t *len, struct tend_journal *journal)
{
	static const char	 guidance[] = "<!--\nWhat happened, and what "
	    "did it stir in you?  Write it as it is: it stays\nprivate until "
	    "you raise it.  This block is left out when you save.\n-->\n\n";
	const char		*text;
	char			*edited;
	size_t			 edited_len;
	int			 error;

	if ((error = tend_journal_edit(&edited, &edited_len, journal,
	    guidance)) < 0)
		return error;
	text = edited;
	tend_text_strip_comment(&text, &edited_len);
	*len = edited_len;
	*out = strndup(text, edited_len);
	free(edited);
	return *out != NULL ? 0 : tend_error_nomem();
}

/* The resentment ID names, wherever it is. */
static int
find(struct tend_entry **entry, struct tend_journal *journal, const char *id)
{
	int	error;

	if ((error = tend_entry_find(entry, journal, id)) < 0)
		return error;
	if (strcmp(tend_entry_kind(*entry), "resent") != 0) {
		error = tend_error_set(TEND_EINVALID, "'%s' is a %s, not a "
		    "resentment", tend_entry_id(*entry),
		    tend_entry_kind(*entry));
		tend_entry_free(*entry);
		return error;
	}
	return 0;
}

/*
 * Give ENTRY the new STATE, with the day under DAY_KEY and perhaps an
 * agreement and a note, and commit it: to the journal when TO_JOURNAL
 * (taking it out of the private store if it was there), else in place.
 */
static int
update(struct tend_txn *txn, struct tend_entry *entry, int to_journal,
    const char *state, const char *day_key, const char *agreement,
    const char *note)
{
	struct tend_meta	*meta = NULL;
	struct tend_buf		 file = TEND_BUF_INIT, message = TEND_BUF_INIT;
	struct tend_buf		 body = TEND_BUF_INIT;
	enum tend_txn_store	 where;
	const char		*text;
	char			 day[11];
	size_t			 len, start;
	int			 error;

	text = tend_entry_text(entry, &len);
	if ((error = tend_date_day(day, time(NULL))) < 0 ||
	    (error = tend_entry_split(&meta, &start, tend_entry_path(entry),
	    text, len)) < 0 ||
	    (error = tend_meta_set_plain(meta, "state", state)) < 0 ||
	    (error = tend_meta_set_plain(meta, day_key, day)) < 0 ||
	    (agreement != NULL &&
	    (error = tend_meta_set_plain(meta, "agreement", agreement)) < 0) ||
	    (error = tend_buf_put(&body, text + start, len - start)) < 0)
		goto out;
	if (note != NULL && note[0] != '\0')
		error = tend_buf_printf(&body, "%s## Resolution\n\n%s\n",
		    body.len != 0 ? "\n" : "", note);
	if (error == 0)
		error = tend_entry_compose(&file, meta, body.data != NULL ?
		    body.data : "");
	if (error == 0)
		error = tend_buf_printf(&message, "resent: %s %s",
		    strcmp(state, "raised") == 0 ? "raise" :
		    strcmp(state, "resolved") == 0 ? "resolve" : "drop",
		    tend_entry_id(entry));
	if (error < 0)
		goto out;
	where = to_journal || !tend_entry_is_private(entry) ?
	    TEND_TXN_JOURNAL : TEND_TXN_PRIVATE;
	if ((error = tend_txn_stage(txn, where, tend_entry_path(entry),
	    file.data, file.len)) == 0)
		error = tend_txn_commit(txn, where, message.data);
	/*
	 * Raised: the private copy goes; its history stays in that store.
	 * The journal has it now, so the raise stands even if this fails:
	 * tend_journal_finish_moves finishes it at the next raise or sync.
	 */
	if (error == 0 && to_journal && tend_entry_is_private(entry) &&
	    tend_txn_stage(txn, TEND_TXN_PRIVATE, tend_entry_path(entry),
	    NULL, 0) == 0)
		(void)tend_txn_commit(txn, TEND_TXN_PRIVATE, message.data);
out:
	tend_meta_free(meta);
	tend_buf_free(&file);
	tend_buf_free(&message);
	tend_buf_free(&body);
	return error;
}

int
tend_resent_raise(char **id, struct tend_journal *journal, const char *prefix)
{
	struct tend_txn		*txn;
	struct tend_entry	*entry;
	const char		*state;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_finish_moves(txn)) < 0 ||
	    (error = find(&entry, journal, prefix)) < 0)
		goto out;
	state = tend_entry_field(entry, "state");
	if (!tend_entry_is_private(entry) || state_index(state) != 0)
		error = tend_error_set(TEND_EINVALID, "'%s' is %s already",
		    tend_entry_id(entry), tend_entry_is_private(entry) &&
		    state != NULL ? state : "raised");
	else
		error = update(txn, entry, 1, "raised", "raised", NULL, NULL);
	if (error == 0 && (*id = strdup(tend_entry_id(entry))) == NULL)
		error = tend_error_nomem();
	tend_entry_free(entry);
out:
	tend_txn_end(txn);
	return error;
}

int
tend_resent_resolve(char **id, struct tend_journal *journal,
    const char *prefix, const char *note, const char *agreement)
{
	struct tend_txn		*txn;
	struct tend_entry	*entry;
	const char		*state;
	char			*text;
	size_t			 len;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((note != NULL && (error = tend_text_validate("the note", note,
	    strlen(note))) < 0) || (error = find(&entry, journal, prefix)) < 0)
		goto out;
	state = tend_entry_field(entry, "state");
	if (tend_entry_is_private(entry))
		error = tend_error_set(TEND_EINVALID, "'%s' is private: raise "
		    "it first with 'tend resent raise %s'",
		    tend_entry_id(entry), tend_entry_id(entry));
	else if (state_index(state) != 1)
		error = tend_error_set(TEND_EINVALID, "'%s' is %s already",
		    tend_entry_id(entry), state != NULL ? state : "closed");
	if (error == 0 && agreement != NULL) {
		if (!tend_text_is_slug(agreement))
			error = tend_error_set(TEND_EINVALID, "'%s' is not an "
			    "agreement name", agreement);
		else if ((error = tend_agree_text(&text, &len, journal,
		    agreement)) == 0)
			free(text);
		else if (error == TEND_ENOTFOUND)
			error = tend_error_set(TEND_EINVALID, "there is no "
			    "agreement '%s'; 'tend agree list' shows them",
			    agreement);
	}
	if (error == 0)
		error = update(txn, entry, 0, "resolved", "resolved",
		    agreement, note);
	if (error == 0 && (*id = strdup(tend_entry_id(entry))) == NULL)
		error = tend_error_nomem();
	tend_entry_free(entry);
out:
	tend_txn_end(txn);
	return error;
}

int
tend_resent_drop(char **id, struct tend_journal *journal, const char *prefix)
{
	struct tend_txn		*txn;
	struct tend_entry	*entry;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = find(&entry, journal, prefix)) < 0)
		goto out;
	if (!tend_entry_is_private(entry))
		error = tend_error_set(TEND_EINVALID, "'%s' is raised: only a "
		    "private one can be dropped; resolve it together",
		    tend_entry_id(entry));
	else if (state_index(tend_entry_field(entry, "state")) != 0)
		error = tend_error_set(TEND_EINVALID, "'%s' is dropped already",
		    tend_entry_id(entry));
	else
		error = update(txn, entry, 0, "dropped", "dropped", NULL,
		    NULL);
	if (error == 0 && (*id = strdup(tend_entry_id(entry))) == NULL)
		error = tend_error_nomem();
	tend_entry_free(entry);
out:
	tend_txn_end(txn);
	return error;
}

/*
 * Whether the LEN bytes at VALUE are a plain YAML scalar that means just
 * those bytes: starting with a letter or digit, all printable ASCII, with
 * no ": " or " #" in it (those would make it something else, or an error)
 * and no space at the end (which YAML would drop).
 */
static int
plain_value(const char *value, size_t len)
{
	size_t	i;

	if (len == 0 || !((value[0] >= 'a' && value[0] <= 'z') ||
	    (value[0] >= 'A' && value[0] <= 'Z') ||
	    (value[0] >= '0' && value[0] <= '9')) || value[len - 1] == ' ' ||
	    value[len - 1] == ':')
		return 0;
	for (i = 0; i < len; i++)
		if (value[i] < 0x20 || value[i] > 0x7e ||
		    (i + 1 < len && value[i] == ':' && value[i + 1] == ' ') ||
		    (i + 1 < len && value[i] == ' ' && value[i + 1] == '#'))
			return 0;
	return 1;
}

/*
 * How many tags the LEN bytes at VALUE are, words of ASCII letters,
 * digits, '-' and '_' joined by ", " (a flow list's inside), each as
 * tend_tag_check takes it; -1 for anything else.
 */
static int
ascii_tags(const char *value, size_t len)
{
	size_t	i, word = 0;
	int	count = 1;

	for (i = 0; i < len; i++) {
		if ((value[i] >= 'a' && value[i] <= 'z') || (value[i] >= 'A' &&
		    value[i] <= 'Z') || (value[i] >= '0' && value[i] <= '9') ||
		    value[i] == '-' || value[i] == '_') {
			if (++word > TEND_TAG_MAX)
				return -1;
		} else if (value[i] == ',' && word != 0 && i + 2 < len &&
		    value[i + 1] == ' ') {
			word = 0;
			count++;
			i++;
		} else
			return -1;
	}
	return word != 0 ? count : -1;
}

/*
 * Whether TEXT is surely a closed resentment (resolved or dropped) whose
 * days (raised, resolved, dropped) are each ten bytes, and LAST the
 * greatest of them ("" if none), judged from its front matter's lines
 * without a YAML parse: the dashboard reads years of these to find the
 * few it shows.  Only front matter made of lines "key: plain value" (and
 * the items of a list, such as tags) is judged, with every key a
 * resentment needs, none twice; anything else gets 0, and so the full
 * parse, and its warning if it is not a resentment.
 */
static int
closed_days(const char *text, size_t len, char last[11])
{
	const char	*keys[MAX_KEYS], *line, *end, *colon, *value;
	size_t		 key_lens[MAX_KEYS], nkeys = 0, i, key_len, value_len;
	unsigned int	 needed = 0;
	int		 closed = 0, list_ok = 0, ntags = 0;

	last[0] = '\0';
	if (len > TEND_ENTRY_MAX || len < 4 || memcmp(text, "---\n", 4) != 0)
		return 0;
	for (line = text + 4; line < text + len; line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(text + len - line))) ==
		    NULL)
			return 0;
		if (end - line == 3 && (memcmp(line, "---", 3) == 0 ||
		    memcmp(line, "...", 3) == 0))
			break;
		/* An item of the list the key before opened ("tags:"). */
		if (line[0] == '-' || line[0] == ' ') {
			for (value = line; value < end && *value == ' '; value++)
				;
			if (!list_ok || end - value < 3 || value[0] != '-' ||
			    value[1] != ' ' || !plain_value(value + 2,
			    (size_t)(end - value - 2)) || (list_ok == 2 &&
			    (ascii_tags(value + 2, (size_t)(end - value - 2)) !=
			    1 || ++ntags > TEND_TAGS_MAX)))
				return 0;
			continue;
		}
		list_ok = 0;
		for (colon = line; colon < end && ((*colon >= 'a' &&
		    *colon <= 'z') || *colon == '_'); colon++)
			;
		key_len = (size_t)(colon - line);
		if (key_len == 0 || colon == end || *colon != ':' ||
		    nkeys == MAX_KEYS)
			return 0;
		for (i = 0; i < nkeys; i++)
			if (key_lens[i] == key_len &&
			    memcmp(keys[i], line, key_len) == 0)
				return 0;
		keys[nkeys] = line;
		key_lens[nkeys++] = key_len;
		/* "tags:" alone opens a list; no other key of ours may. */
		if (colon + 1 == end) {
			list_ok = key_len == 4 && memcmp(line, "tags", 4) == 0 ?
			    2 : 1;
			for (i = 0; i < sizeof(needed_keys) /
			    sizeof(needed_keys[0]); i++)
				if (strlen(needed_keys[i]) == key_len &&
				    memcmp(needed_keys[i], line, key_len) == 0)
					return 0;
			continue;
		}
		value = colon + 2;
		value_len = (size_t)(end - value);
		/* Tags are written on one line, "tags: [work, money]". */
		if (key_len == 4 && memcmp(line, "tags", 4) == 0) {
			if (colon[1] != ' ' || value_len < 3 ||
			    value[0] != '[' || value[value_len - 1] != ']' ||
			    ascii_tags(value + 1, value_len - 2) < 0 ||
			    ascii_tags(value + 1, value_len - 2) >
			    TEND_TAGS_MAX)
				return 0;
			continue;
		}
		if (colon[1] != ' ' || !plain_value(value, value_len))
			return 0;
		for (i = 0; i < sizeof(needed_keys) / sizeof(needed_keys[0]);
		    i++)
			if (strlen(needed_keys[i]) == key_len &&
			    memcmp(needed_keys[i], line, key_len) == 0)
				needed |= 1U << i;
		if (key_len == 5 && memcmp(line, "state", 5) == 0)
			closed = (value_len == 8 &&
			    memcmp(value, "resolved", 8) == 0) ||
			    (value_len == 7 && memcmp(value, "dropped", 7) == 0);
		for (i = 0; i < sizeof(day_keys) / sizeof(day_keys[0]); i++)
			if (strlen(day_keys[i]) == key_len &&
			    memcmp(day_keys[i], line, key_len) == 0) {
				if (value_len != 10)
					return 0;
				if (last[0] == '\0' ||
				    memcmp(value, last, 10) > 0) {
					memcpy(last, value, 10);
					last[10] = '\0';
				}
			}
	}
	return line < text + len && closed &&
	    needed == (1U << (sizeof(needed_keys) / sizeof(needed_keys[0]))) - 1;
}

/* Whether TEXT is closed_days', with all its days before SINCE. */
static int
closed_before(const char *text, size_t len, const char *since)
{
	char	last[11];

	return closed_days(text, len, last) &&
	    (last[0] == '\0' || memcmp(last, since, 10) < 0);
}

/* A file the listing of one store gives: a row, unless left out unread. */
static int
file_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct row_list		*list = arg;
	struct tend_entry	*entry;
	size_t			 path_len = strlen(path);
	int			 error;

	if (path_len <= 3 || strcmp(path + path_len - 3, ".md") != 0)
		return 0;
	if (list->since != NULL && closed_before(data, len, list->since))
		return 0;
	if ((error = tend_entry_parse_sealed(&entry,
	    tend_journal_cipher(list->journal), path, data, len)) ==
	    TEND_ENOMEM)
		return error;
	if (error < 0)
		return tend_error_warn(list->warn, list->arg);
	error = list_cb(entry, list);
	tend_entry_free(entry);
	return error;
}

/* ENTRY's fields for a row, its tags into TAGS, or -1 with the error set. */
static int
known_of(struct tend_resent_known *k, char tags[TEND_TAGS_LINE],
    struct tend_entry *entry)
{
	const char	*date;

	k->state = tend_entry_field(entry, "state");
	date = tend_entry_field(entry, "date");
	k->title = tend_entry_field(entry, "title");
	k->kind = tend_entry_field(entry, "root");
	k->author = tend_entry_author(entry);
	tend_tags_line(tags, tend_entry_meta(entry));
	k->tags = tags;
	if (state_index(k->state) < 0 || date == NULL || k->title == NULL ||
	    k->kind == NULL || k->author == NULL || strlen(date) < 10)
		return tend_error_set(TEND_EINVALID, "'%s' lacks a state, date, "
		    "title, root or author", tend_entry_path(entry));
	snprintf(k->day, sizeof(k->day), "%.10s", date);
	snprintf(k->raised, sizeof(k->raised), "%.10s",
	    tend_entry_field(entry, "raised") != NULL ?
	    tend_entry_field(entry, "raised") : "");
	snprintf(k->resolved, sizeof(k->resolved), "%.10s",
	    tend_entry_field(entry, "resolved") != NULL ?
	    tend_entry_field(entry, "resolved") : "");
	k->valid = 1;
	return 0;
}

/*
 * A file of the journal by its blob id: one the cache knows is closed
 * before the list's day is left unread, one it knows the row of is a row;
 * any other is read, and what it gives kept.
 */
/* Whether K, as the scan judged it, was surely closed before the list's day. */
static int
closed_before_since(const struct row_list *list,
    const struct tend_resent_known *k)
{
	return list->since != NULL && k->closed && (k->last[0] == '\0' ||
	    memcmp(k->last, list->since, 10) < 0);
}

static int
id_cb(const char *path, const char *id, size_t len, void *arg)
{
	struct row_list			*list = arg;
	struct tend_resent_known	 k;
	struct tend_entry		*entry;
	char				*text, *entry_id, tags[TEND_TAGS_LINE];
	size_t				 path_len = strlen(path);
	int				 error;

	if (path_len <= 3 || strcmp(path + path_len - 3, ".md") != 0)
		return 0;
	if (tend_resent_cache_get(list->cache, id, &k) == 0) {
		if (closed_before_since(list, &k))
			return 0;
		if (k.valid) {
			if ((error = tend_layout_entry_id(&entry_id, NULL,
			    path)) < 0)
				return error;
			error = add_row(list, &k, entry_id);
			free(entry_id);
			return error;
		}
	}
	if ((error = tend_store_read_blob_at(&text, &len, list->store, id,
	    path)) < 0)
		return error;
	memset(&k, 0, sizeof(k));
	k.closed = closed_days(text, len, k.last);
	if (closed_before_since(list, &k)) {
		free(text);
		return tend_resent_cache_put(list->cache, id, &k);
	}
	error = tend_entry_parse_sealed(&entry, NULL, path, text, len);
	free(text);
	if (error == TEND_ENOMEM)
		return error;
	if (error < 0) {
		/* Kept as unread: its warning comes again each time. */
		if ((error = tend_resent_cache_put(list->cache, id, &k)) < 0)
			return error;
		return tend_error_warn(list->warn, list->arg);
	}
	if (known_of(&k, tags, entry) < 0) {
		k.valid = 0;
		error = tend_error_warn(list->warn, list->arg);
	} else
		error = add_row(list, &k, tend_entry_id(entry));
	if (error == 0)
		error = tend_resent_cache_put(list->cache, id, &k);
	tend_entry_free(entry);
	return error;
}

static int
list_cb(struct tend_entry *entry, struct row_list *list)
{
	struct tend_resent_known	k;
	char				tags[TEND_TAGS_LINE];

	if (known_of(&k, tags, entry) < 0)
		return tend_error_warn(list->warn, list->arg);
	return add_row(list, &k, tend_entry_id(entry));
}

/* A row of K, and the entry id ID, unless the list's filter leaves it. */
static int
add_row(struct row_list *list, const struct tend_resent_known *k,
    const char *id)
{
	struct tend_resent_row	 row, *grown;
	int			 s = state_index(k->state);

	if (list->filter->state != NULL ? strcmp(k->state,
	    list->filter->state) : !list->filter->all && s >= 2)
		return 0;
	if (list->filter->kind != NULL && strcmp(k->kind, list->filter->kind) !=
	    0)
		return 0;
	memset(&row, 0, sizeof(row));
	row.private = list->private;
	memcpy(row.day, k->day, sizeof(row.day));
	memcpy(row.raised, k->raised, sizeof(row.raised));
	memcpy(row.resolved, k->resolved, sizeof(row.resolved));
	if ((row.age = tend_date_age(row.day, time(NULL))) < 0)
		row.age = 0;
	if ((row.id = strdup(id)) == NULL ||
	    (row.title = strdup(k->title)) == NULL ||
	    (row.kind = strdup(k->kind)) == NULL ||
	    (row.author = strdup(k->author)) == NULL ||
	    (row.state = strdup(k->state)) == NULL ||
	    (row.tags = strdup(k->tags != NULL ? k->tags : "")) == NULL ||
	    (grown = realloc(list->rows, (list->count + 1) *
	    sizeof(*grown))) == NULL) {
		free(row.id);
		free(row.title);
		free(row.kind);
		free(row.author);
		free(row.state);
		free(row.tags);
		return tend_error_nomem();
	}
	list->rows = grown;
	grown[list->count++] = row;
	return 0;
}

static int
oldest_first(const void *a, const void *b)
{
	const struct tend_resent_row	*ra = a, *rb = b;
	int				 order;

	if ((order = strcmp(ra->day, rb->day)) != 0)
		return order;
	return strcmp(ra->id, rb->id);
}

int
tend_resent_list(struct tend_journal *journal,
    const struct tend_resent_filter *filter,
    int (*fn)(const struct tend_resent_row *, void *), tend_warn_fn warn,
    void *arg)
{
	return tend_resent_list_since(journal, filter, NULL, fn, warn, arg);
}

int
tend_resent_list_since(struct tend_journal *journal,
    const struct tend_resent_filter *filter, const char *since,
    int (*fn)(const struct tend_resent_row *, void *), tend_warn_fn warn,
    void *arg)
{
	struct row_list	 list = { NULL, 0, journal, filter, NULL, 0, warn,
			    arg, NULL, NULL };
	struct tend_store *store;
	char		 day[11];
	size_t		 i;
	int		 error;

	if ((filter->state != NULL &&
	    (error = tend_resent_check_state(filter->state)) < 0) ||
	    (filter->kind != NULL &&
	    (error = tend_resent_check_kind(filter->kind)) < 0) ||
	    (since != NULL &&
	    (error = tend_date_day_of(day, "--since", since)) < 0))
		return error;
	list.since = since != NULL ? day : NULL;
	/*
	 * The journal's resentments, then the private ones of this machine.
	 * An unsealed journal's are known by blob id in a cache, and only
	 * new ones are read: with SINCE, those closed before it not even for
	 * their rows.
	 */
	list.store = tend_journal_store(journal);
	if (tend_journal_cipher(journal) == NULL) {
		if ((error = tend_resent_cache_open(&list.cache,
		    tend_store_gitdir(list.store))) < 0)
			return error;
		error = tend_store_list(list.store, "resent", TEND_LIST_IDS,
		    id_cb, &list);
		tend_blob_cache_close(list.cache, error == 0);
	} else
		error = tend_store_list(list.store, "resent",
		    TEND_LIST_CONTENT, file_cb, &list);
	if (error == 0) {
		error = tend_journal_private(&store, journal,
		    TEND_PRIVATE_OPEN);
		if (error == 0) {
			list.private = 1;
			error = tend_store_list(store, "resent",
			    TEND_LIST_CONTENT, file_cb, &list);
		} else if (error == TEND_ENOTFOUND)
			error = 0;
	}
	if (error == 0 && list.count > 1)
		qsort(list.rows, list.count, sizeof(*list.rows), oldest_first);
	for (i = 0; i < list.count && error == 0; i++)
		error = fn(&list.rows[i], arg);
	for (i = 0; i < list.count; i++) {
		free(list.rows[i].id);
		free(list.rows[i].title);
		free(list.rows[i].kind);
		free(list.rows[i].author);
		free(list.rows[i].state);
		free(list.rows[i].tags);
	}
	free(list.rows);
	return error;
}
