/*
 * Agreements: the living documents of a journal.  Each is one file,
 * agree/NAME.md; a signature is an empty commit whose trailers name the
 * exact text (its blob) and the partner, so partners can sign on two
 * machines at once and merge without a conflict, and any edit of the
 * text leaves earlier signatures behind by construction.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agree-internal.h"

const char *const agree_state_names[] = {
	"draft", "in force", "amended", "review due", "conflict",
};

#define TITLE_MAX	200	/* bytes */
#define CONFLICT_MARK	"<<<<<<< "
/* Put before a text with both versions in it, and taken out on save. */
#define CONFLICT_NOTE	"\n<!-- tend: a sync kept both versions, between " \
	"marker lines\n(<<<<<<<, =======, >>>>>>>).  Keep what you both want, " \
	"remove the markers\nand save; this note is left out.  Then sign it " \
	"again and sync. -->\n"

static int	check_name(const char *);
static int	check_review(char [11], const char *);
static int	check_unchanged(struct tend_journal *, const char *,
		    const char *, size_t);
static int	name_cb(const char *, const char *, size_t, void *);
static int	take_signatures(struct signatures *, struct tend_journal *,
		    const struct tend_history *, const char *);
static int	created_day(char [11], const struct tend_agree_new *);
static int	build(struct tend_buf *, const char *, const char *,
		    const char *, const struct tend_agree_new *, const char *);
static int	validate(struct tend_meta **, size_t *, const char *,
		    const char *, size_t);
static int	count_clauses(size_t *, const char *, size_t);
static void	drop_note(struct tend_buf *);
static int	moved_under(struct tend_buf *, const char *, const char *,
		    size_t, const char *, size_t);
static int	save(int *, struct tend_journal *, const char *, int,
		    const char *, size_t, const char *, size_t);
static int	given_whole(struct tend_meta **, struct tend_agree_new *);
static int	says_agree(const char *, size_t);
static int	keep_rejected(struct tend_journal *, const char *, int,
		    const char *, size_t);
static int	list_cb(const char *, const char *, size_t, void *);
static int	collect_cb(const char *, const char *, size_t, void *);
static int	by_name(const void *, const void *);
static int	template_cb(const char *, const char *, const char *, size_t,
		    void *);

static int
check_name(const char *name)
{
	if (strlen(name) > MAX_NAME || !tend_text_is_slug(name))
		return tend_error_set(TEND_EINVALID, "'%s' is not an agreement "
		    "name: use letters (lowercase where they have a case), "
		    "digits and single dashes, like phones-at-dinner (at most "
		    "%d bytes)", name, MAX_NAME);
	return 0;
}

/*
 * A review day typed: a day from today on.  A past one would be due at
 * once, and changing it makes the partners sign the text again.
 */
static int
check_review(char day[11], const char *review)
{
	char	today[11];
	int	error;

	/* Typed as every date is; RFC 3339 times name their day. */
	if (tend_date_day_of(day, "--review", review) < 0)
		return tend_error_set(TEND_EINVALID, "--review takes a day, "
		    "YYYY-MM-DD or today, not '%s'", review);
	if ((error = tend_date_day(today, time(NULL))) < 0)
		return error;
	if (strcmp(day, today) < 0)
		return tend_error_set(TEND_EINVALID, "--review %s is past; "
		    "give a day from today (%s) on", day, today);
	return 0;
}

/* Where agreement NAME of an encrypted journal is, as tend_store_list finds. */
struct name_search {
	const struct tend_cipher	*cipher;
	const char			*name;
	struct tend_buf			*path;
	int				 found;
};

static int
name_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct name_search	*search = arg;
	char			 name[MAX_NAME + 1];

	(void)data;
	(void)len;
	if (search->found || !tend_layout_agree_name_of(name, search->cipher,
	    path, strlen(path)) || strcmp(name, search->name) != 0)
		return 0;
	search->found = 1;
	search->path->len = 0;
	return tend_buf_puts(search->path, path);
}

int
agree_path(struct tend_buf *path, struct tend_journal *journal,
    const char *name)
{
	struct name_search	 search = { tend_journal_cipher(journal), name,
				    path, 0 };
	int			 error;

	if ((error = check_name(name)) < 0)
		return error;
	/*
	 * A sealed name is sealed with the key generation it was made in:
	 * an agreement older than the last new key is found by its name.
	 */
	if (search.cipher != NULL && (error = tend_store_list(
	    tend_journal_store(journal), "agree", TEND_LIST_PATHS, name_cb,
	    &search)) < 0)
		return error;
	if (search.found)
		return 0;
	return tend_layout_agree_path(path, search.cipher, name);
}

int
agree_read_signatures(struct signatures *list, struct tend_journal *journal,
    const char *name)
{
	const struct tend_history	*history;
	int				 error;

	memset(list, 0, sizeof(*list));
	if ((error = tend_journal_history(&history, journal)) < 0)
		return error;
	return take_signatures(list, journal, history, name);
}

const char *const signature_verdict_names[] = {
	[SIGNATURE_GOOD] = "verified",
	[SIGNATURE_UNSIGNED] = "not signed with a key",
	[SIGNATURE_UNTRUSTED] = "by a key not trusted as theirs",
	[SIGNATURE_BAD] = "a signature that does not verify",
};

/*
 * The signatures of HISTORY (of agreement NAME, or all), each with its
 * place in it, so that they can be merged with revisions by it, and
 * what its verdict is reached with (agree_verdict).
 */
static int
take_signatures(struct signatures *list, struct tend_journal *journal,
    const struct tend_history *history, const char *name)
{
	const struct tend_history_event	*event;
	struct signature		*grown;
	struct tend_trust		*trust;
	size_t				 i, wanted, bytes, len;
	char				*at;
	int				 error;

	memset(list, 0, sizeof(*list));
	if ((error = tend_trust_load(&trust, journal)) < 0)
		return error;
	list->journal = journal;
	list->trust = trust;
	/*
	 * Counted first, and their signers' ids measured: thousands of
	 * them, in two allocations rather than two each.
	 */
	for (i = 0, wanted = 0, bytes = 0; i < history->count; i++) {
		event = &history->items[i];
		if (event->kind != TEND_SIGNED ||
		    (name != NULL && strcmp(event->name, name) != 0))
			continue;
		wanted++;
		bytes += strlen(event->who) + 1;
	}
	if (wanted != 0 && ((list->items = calloc(wanted,
	    sizeof(*list->items))) == NULL ||
	    (list->signers = malloc(bytes)) == NULL)) {
		agree_signatures_free(list);
		return tend_error_nomem();
	}
	for (i = 0, at = list->signers; i < history->count; i++) {
		event = &history->items[i];
		if (event->kind != TEND_SIGNED ||
		    (name != NULL && strcmp(event->name, name) != 0))
			continue;
		grown = &list->items[list->count++];
		len = strlen(event->who) + 1;
		grown->signer = memcpy(at, event->who, len);
		at += len;
		memcpy(grown->name, event->name, sizeof(grown->name));
		memcpy(grown->blob, event->blob, sizeof(grown->blob));
		memcpy(grown->commit, event->commit, sizeof(grown->commit));
		grown->time = event->time;
		grown->seq = i;
		grown->verdict = SIGNATURE_UNCHECKED;
	}
	return 0;
}

/*
 * Anyone who can push can write a trailer: only a signature made by a
 * key trusted as the signer's counts.
 */
enum signature_verdict
agree_verdict(struct signatures *list, size_t i)
{
	struct signature	*item = &list->items[i];
	uint8_t			 key[TEND_ED25519_PUBLIC];
	int			 sig, error;

	if (item->verdict != SIGNATURE_UNCHECKED)
		return item->verdict;
	if ((error = tend_journal_signature(&sig, key, list->journal,
	    item->seq, item->commit)) < 0) {
		if (list->error == 0)
			list->error = error;
		return SIGNATURE_BAD;
	}
	item->verdict = sig == TEND_SIG_NONE ? SIGNATURE_UNSIGNED :
	    sig == TEND_SIG_BAD ? SIGNATURE_BAD : tend_trust_has(list->trust,
	    item->signer, key) ? SIGNATURE_GOOD : SIGNATURE_UNTRUSTED;
	return item->verdict;
}

void
agree_signatures_free(struct signatures *list)
{
	free(list->signers);
	free(list->items);
	free(list->sorted);
	tend_trust_free(list->trust);
	memset(list, 0, sizeof(*list));
}

/*
 * Every commit that changed agreement PATH, newest first; with SIGNATURES,
 * the agreement's signatures too, placed in the same order.
 */
int
agree_read_revisions(struct revisions *list, struct tend_journal *journal,
    const char *path, struct signatures *signatures)
{
	const struct tend_history_event	*event;
	const struct tend_history	*history;
	struct revision			*grown;
	char				 name[TEND_AGREE_NAME_MAX + 1];
	size_t				 i, kept;
	int				 error;

	memset(list, 0, sizeof(*list));
	if (signatures != NULL)
		memset(signatures, 0, sizeof(*signatures));
	if (!tend_layout_agree_name_of(name, tend_journal_cipher(journal), path,
	    strlen(path)))
		return tend_error_set(TEND_EINVALID, "'%s' is not an "
		    "agreement's path", path);
	if ((error = tend_journal_history(&history, journal)) < 0)
		return error;
	for (i = 0; i < history->count && error == 0; i++) {
		event = &history->items[i];
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
		memcpy(grown->text, event->text, sizeof(grown->text));
		grown->time = event->time;
		grown->seq = i;
		if ((grown->author = strdup(event->who)) == NULL)
			error = tend_error_nomem();
		else
			list->count++;
	}
	/* A text sealed anew by a new key generation is no new revision. */
	for (i = 0, kept = 0; error == 0 && i < list->count; i++) {
		if (i + 1 < list->count && list->items[i].text[0] != '\0' &&
		    strcmp(list->items[i].text, list->items[i + 1].text) == 0) {
			free(list->items[i].author);
			continue;
		}
		list->items[kept++] = list->items[i];
	}
	if (error == 0)
		list->count = kept;
	if (error == 0 && signatures != NULL)
		error = take_signatures(signatures, journal, history, name);
	if (error < 0)
		agree_revisions_free(list);
	return error;
}

void
agree_revisions_free(struct revisions *list)
{
	size_t	i;

	for (i = 0; i < list->count; i++)
		free(list->items[i].author);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

/* Name, blob, signer (NULL: before any), then newest first. */
static int
signature_order(const struct signature *a, const char *name,
    const char *blob, const char *signer)
{
	int	order;

	if ((order = strcmp(a->name, name)) != 0 ||
	    (blob != NULL && (order = strcmp(a->blob, blob)) != 0) ||
	    (signer != NULL && (order = strcmp(a->signer, signer)) != 0))
		return order;
	return blob == NULL || signer == NULL ? 1 : 0;
}

static int
by_key(const void *a, const void *b)
{
	const struct signature	*x = *(struct signature *const *)a;
	const struct signature	*y = *(struct signature *const *)b;
	int			 order;

	if ((order = signature_order(x, y->name, y->blob, y->signer)) != 0)
		return order;
	return x < y ? -1 : x > y;
}

/*
 * Where the signatures of NAME (of BLOB, by SIGNER, unless NULL) start in
 * LIST's sorted items, which are made first if need be; LIST->NSORTED
 * when there are none, or when there is no memory to sort them (then
 * left in LIST's ERROR).  An agreement's state asks for the signatures
 * of each text it had: searching all of them for each grew with the
 * square of the signatures, 0.3 G instructions of status at ten years
 * for a partner who had signed none.
 */
static size_t
first_signature(struct signatures *list, const char *name, const char *blob,
    const char *signer)
{
	size_t	i, low, high, mid;

	if (list->sorted == NULL || list->nsorted != list->count) {
		free(list->sorted);
		list->nsorted = 0;
		if ((list->sorted = calloc(list->count + 1,
		    sizeof(*list->sorted))) == NULL) {
			if (list->error == 0)
				list->error = tend_error_nomem();
			return 0;
		}
		for (i = 0; i < list->count; i++)
			list->sorted[i] = &list->items[i];
		qsort(list->sorted, list->count, sizeof(*list->sorted), by_key);
		list->nsorted = list->count;
	}
	for (low = 0, high = list->nsorted; low < high; ) {
		mid = low + (high - low) / 2;
		if (signature_order(list->sorted[mid], name, blob, signer) < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

/* The next signature of NAME, BLOB and PARTNER from the Kth sorted on. */
static const struct signature *
next_signature(struct signatures *list, size_t *k, const char *name,
    const char *blob, const char *partner)
{
	const struct signature	*item;

	if (*k >= list->nsorted)
		return NULL;
	item = list->sorted[(*k)++];
	return strcmp(item->name, name) == 0 && strcmp(item->blob, blob) == 0 &&
	    strcmp(item->signer, partner) == 0 ? item : NULL;
}

int
agree_signed_by(struct signatures *list, const char *name,
    const char *blob, const char *partner)
{
	const struct signature	*item;
	size_t			 k;

	k = first_signature(list, name, blob, partner);
	while ((item = next_signature(list, &k, name, blob, partner)) != NULL)
		if (agree_verdict(list, (size_t)(item - list->items)) ==
		    SIGNATURE_GOOD)
			return 1;
	return 0;
}

const struct signature *
agree_doubtful_signature(struct signatures *list, const char *name,
    const char *blob, const char *partner)
{
	const struct signature	*item;
	size_t			 k;

	k = first_signature(list, name, blob, partner);
	while ((item = next_signature(list, &k, name, blob, partner)) != NULL)
		if (agree_verdict(list, (size_t)(item - list->items)) !=
		    SIGNATURE_GOOD)
			return item;
	return NULL;
}

int
agree_signed_by_all(struct signatures *list, struct tend_journal *journal,
    const char *name, const char *blob)
{
	const char	*partner;
	size_t		 i, k, count = tend_journal_partner_count(journal);

	/*
	 * Whether each signed at all, before any signature is checked: a
	 * partner who joined lately signed none of the texts before, and
	 * checking the others' signatures of each cost a clone 1.6 G
	 * instructions at ten years.
	 */
	for (i = 0; i < count; i++) {
		partner = tend_journal_partner_id(journal, i);
		k = first_signature(list, name, blob, partner);
		if (next_signature(list, &k, name, blob, partner) == NULL)
			return 0;
	}
	for (i = 0; i < count; i++)
		if (!agree_signed_by(list, name, blob,
		    tend_journal_partner_id(journal, i)))
			return 0;
	return count != 0;
}

enum agree_state
agree_state_of(struct signatures *list, struct tend_journal *journal,
    const char *name, const char *blob, const char *text, const char *review)
{
	char	today[11];
	size_t	i;

	if (strncmp(text, CONFLICT_MARK, strlen(CONFLICT_MARK)) == 0 ||
	    strstr(text, "\n" CONFLICT_MARK) != NULL)
		return CONFLICT;
	if (agree_signed_by_all(list, journal, name, blob)) {
		if (review != NULL && tend_date_day(today, time(NULL)) == 0 &&
		    strncmp(review, today, 10) <= 0)
			return REVIEW_DUE;
		return IN_FORCE;
	}
	/* Newest first: the text before is most often the one in force. */
	for (i = 0; i < list->count; i++)
		if (strcmp(list->items[i].name, name) == 0 &&
		    agree_signed_by_all(list, journal, name,
		    list->items[i].blob))
			return AMENDED;
	return DRAFT;
}

/* Where an agreement's body starts: after its front matter, if it has one. */
void
agree_body_of(const char **body, size_t *len, const char *text, size_t textlen)
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
    const char *review, const struct tend_agree_new *new, const char *body)
{
	struct tend_meta	*meta;
	int			 error;

	if ((meta = tend_meta_new_map()) == NULL)
		return tend_error_nomem();
	if ((error = tend_meta_set_plain(meta, "kind", "agree")) == 0 &&
	    (error = tend_meta_set_text(meta, "title", title)) == 0 &&
	    (error = tend_meta_set_plain(meta, "created", created)) == 0 &&
	    /* The day it was made is its date, for site generators. */
	    (error = tend_meta_set_plain(meta, "date", created)) == 0 &&
	    review != NULL)
		error = tend_meta_set_plain(meta, "review", review);
	if (error == 0 && new != NULL)
		error = tend_tags_set_meta(meta, new->tags, new->ntags);
	if (error == 0)
		error = tend_entry_compose(out, meta, body);
	tend_meta_free(meta);
	return error;
}

/* The day a new agreement was made: today, or the day --date names. */
static int
created_day(char day[11], const struct tend_agree_new *new)
{
	time_t	when = time(NULL);
	int	error;

	if (new->date != NULL && (error = tend_date_written(&when, "--date",
	    new->date)) < 0)
		return error;
	return tend_date_day(day, when);
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

/*
 * A text given with an agreement's front matter, as 'tend show --raw'
 * prints it: its title and review day count as --title and --review would
 * (those given win), its body is the text, and the rest (created, the
 * kind) is tend's to keep.  CHANGE points into *META until it is freed.
 */
static int
given_whole(struct tend_meta **meta, struct tend_agree_new *change)
{
	size_t	start;
	int	error;

	*meta = NULL;
	if (!says_agree(change->text, change->len))
		return 0;
	if ((error = tend_text_validate("the text", change->text,
	    change->len)) < 0 || (error = tend_entry_split(meta, &start,
	    "the text", change->text, change->len)) < 0)
		return error;
	if (change->title == NULL)
		change->title = tend_meta_get_text(*meta, "title");
	if (change->review == NULL)
		change->review = tend_meta_get_text(*meta, "review");
	change->text += start;
	change->len -= start;
	return 0;
}

/*
 * Whether TEXT opens with front matter that has the line "kind: agree".
 * Any other text is an agreement's body, however it starts: a body may
 * hold a rule and lines that look like another entry's front matter.
 */
static int
says_agree(const char *text, size_t len)
{
	const char	*line, *end = text + len, *next;
	size_t		 n;

	if (text == NULL || len < 4 || memcmp(text, "---\n", 4) != 0)
		return 0;
	for (line = text + 4; line < end; line = next + 1) {
		if ((next = memchr(line, '\n', (size_t)(end - line))) == NULL)
			return 0;
		n = (size_t)(next - line);
		if (n == 3 && memcmp(line, "---", 3) == 0)
			return 0;
		if (n == 11 && memcmp(line, "kind: agree", 11) == 0)
			return 1;
	}
	return 0;
}

/* Keep text that could not be saved, so that nothing typed is lost. */
static int
keep_rejected(struct tend_journal *journal, const char *name, int exists,
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
		    "'%s': mend it and give it again with 'tend agree %s %s "
		    "-F %s'", reason, path.data, exists ? "edit" : "new", name,
		    path.data);
	free(reason);
	tend_buf_free(&path);
	return error;
}

/* The agreement's file at HEAD. */
int
agree_read_text(char **text, size_t *len, struct tend_journal *journal,
    const char *name)
{
	struct tend_buf	path = TEND_BUF_INIT;
	int		error;

	if ((error = agree_path(&path, journal, name)) == 0)
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

	if ((error = agree_read_text(&plain, &plain_len, journal, name)) < 0)
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
tend_agree_new(struct tend_journal *journal,
    const struct tend_agree_new *asked)
{
	struct tend_agree_new	 copy = *asked, *new = &copy;
	struct tend_meta	*whole = NULL;
	struct tend_txn		*txn;
	struct tend_buf		 path = TEND_BUF_INIT, file = TEND_BUF_INIT;
	struct tend_buf		 template = TEND_BUF_INIT;
	struct tend_buf		 title = TEND_BUF_INIT, message = TEND_BUF_INIT;
	struct tend_meta	*meta = NULL;
	const char		*body = "", *template_title;
	char			 today[11], review[11], *text = NULL, *full;
	size_t			 len, start, i;
	int			 error;

	if ((error = given_whole(&whole, new)) < 0) {
		tend_meta_free(whole);
		return error;
	}
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0) {
		tend_meta_free(whole);
		return error;
	}
	if ((error = agree_path(&path, journal, new->name)) < 0)
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
	if (new->review != NULL && (error = check_review(review,
	    new->review)) < 0)
		goto out;
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
	    title.data, TITLE_MAX)) < 0 ||
	    (error = created_day(today, new)) < 0 ||
	    (error = build(&file, title.data, today, new->review != NULL ?
	    review : NULL, new, body)) < 0 ||
	    (error = tend_buf_printf(&message, "agree: new %s",
	    new->name)) < 0)
		goto out;
	if ((error = tend_txn_stage(txn, TEND_TXN_JOURNAL, path.data,
	    file.data, file.len)) == 0)
		error = tend_txn_commit(txn, TEND_TXN_JOURNAL, message.data);
out:
	tend_meta_free(meta);
	tend_meta_free(whole);
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
	char		 today[11], review[11], *text;
	size_t		 i, len;
	int		 error;

	if ((error = check_name(new->name)) < 0)
		return error;
	if (agree_read_text(&text, &len, journal, new->name) == 0) {
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
	if ((error = created_day(today, new)) == 0 && (new->review == NULL ||
	    (error = check_review(review, new->review)) == 0))
		error = build(&file, title.data, today, new->review != NULL ?
		    review : NULL, new, "## What we agree\n\n- \n");
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
	return save(changed, journal, name, 0, NULL, 0, text, len);
}

int
tend_agree_save_edit(int *changed, struct tend_journal *journal,
    const char *name, const char *base, size_t baselen, const char *text,
    size_t len)
{
	return save(changed, journal, name, 1, base, baselen, text, len);
}

/* The note about a merge's two versions is not part of the text. */
static void
drop_note(struct tend_buf *text)
{
	char	*note;

	if (text->data == NULL ||
	    (note = strstr(text->data, CONFLICT_NOTE)) == NULL)
		return;
	memmove(note, note + strlen(CONFLICT_NOTE), text->len -
	    (size_t)(note - text->data) - strlen(CONFLICT_NOTE) + 1);
	text->len -= strlen(CONFLICT_NOTE);
}

/*
 * Whether the file changed from BASE (NULL: there was none) to OLD while
 * the editor was open: a sync took a partner's change in meanwhile.
 * Changes to other lines are merged into TEXT; else the error says so.
 */
static int
moved_under(struct tend_buf *text, const char *name, const char *base,
    size_t baselen, const char *old, size_t oldlen)
{
	char	*merged;
	size_t	 len;
	int	 error;

	if (base == NULL ? old == NULL : old != NULL && baselen == oldlen &&
	    memcmp(base, old, oldlen) == 0)
		return 0;
	if (base == NULL || old == NULL)
		return tend_error_set(TEND_ECONFLICT, "'%s' was %s while you "
		    "wrote it, by a partner's change a sync took in", name,
		    old != NULL ? "made" : "removed");
	if ((error = tend_store_merge_text(&merged, &len, name, base, baselen,
	    text->data, text->len, old, oldlen)) < 0)
		return error;
	if (error > 0)
		return tend_error_set(TEND_ECONFLICT, "'%s' changed while you "
		    "edited it, in the same lines, by a partner's change a "
		    "sync took in; see it with 'tend agree show %s' and edit "
		    "again", name, name);
	text->len = 0;
	error = tend_buf_put(text, merged, len);
	free(merged);
	return error;
}

/*
 * Save TEXT as agreement NAME; CHECKED, when it was edited from BASE, so
 * that a change that came in meanwhile is merged, not lost.
 */
static int
save(int *changed, struct tend_journal *journal, const char *name,
    int checked, const char *base, size_t baselen, const char *text,
    size_t len)
{
	struct tend_txn		*txn;
	struct tend_buf		 path = TEND_BUF_INIT, message = TEND_BUF_INIT;
	struct tend_buf		 cleaned = TEND_BUF_INIT;
	struct tend_buf		 base_text = TEND_BUF_INIT;
	struct tend_meta	*meta = NULL;
	char			*old = NULL;
	size_t			 oldlen, body;
	int			 error;

	*changed = 0;
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	/* A new agreement is saved the same way, with nothing before it. */
	if (((error = agree_read_text(&old, &oldlen, journal, name)) < 0 &&
	    error != TEND_ENOTFOUND) ||
	    (error = agree_path(&path, journal, name)) < 0 ||
	    (error = tend_buf_put(&cleaned, text, len)) < 0)
		goto out;
	drop_note(&cleaned);
	if (checked && base != NULL &&
	    (error = tend_buf_put(&base_text, base, baselen)) < 0)
		goto out;
	drop_note(&base_text);
	if (checked && (error = moved_under(&cleaned, name, base == NULL ?
	    NULL : base_text.data != NULL ? base_text.data : "",
	    base_text.len, old, oldlen)) < 0) {
		if (error != TEND_ENOMEM)
			error = keep_rejected(journal, name, old != NULL,
			    cleaned.data, cleaned.len);
		goto out;
	}
	text = cleaned.data;
	len = cleaned.len;
	if ((error = validate(&meta, &body, path.data, text, len)) < 0) {
		error = keep_rejected(journal, name, old != NULL, text, len);
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
	tend_buf_free(&base_text);
	tend_buf_free(&path);
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}

int
tend_agree_edit(int *changed, struct tend_journal *journal,
    const struct tend_agree_new *asked)
{
	struct tend_agree_new	 change = *asked, *edit = &change;
	struct tend_txn		*txn;
	struct tend_buf		 file = TEND_BUF_INIT, body = TEND_BUF_INIT;
	struct tend_meta	*meta = NULL, *whole = NULL;
	const char		*given;
	char			*old = NULL, review[11];
	size_t			 oldlen, start, given_len;
	int			 error;

	*changed = 0;
	if ((error = given_whole(&whole, edit)) < 0) {
		tend_meta_free(whole);
		return error;
	}
	given = edit->text;
	given_len = edit->len;
	/* Held from the read to the save, so no other write comes between. */
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0) {
		tend_meta_free(whole);
		return error;
	}
	if ((error = agree_read_text(&old, &oldlen, journal, edit->name)) < 0 ||
	    (error = tend_entry_split(&meta, &start, edit->name, old,
	    oldlen)) < 0)
		goto out;
	if (edit->title != NULL &&
	    ((error = tend_text_validate_line("the title", edit->title,
	    TITLE_MAX)) < 0 ||
	    (error = tend_meta_set_text(meta, "title", edit->title)) < 0))
		goto out;
	if (edit->review != NULL) {
		if ((error = check_review(review, edit->review)) < 0)
			goto out;
		if ((error = tend_meta_set_plain(meta, "review",
		    review)) < 0)
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
	tend_meta_free(whole);
	free(old);
	tend_buf_free(&file);
	tend_buf_free(&body);
	tend_txn_end(txn);
	return error;
}

/*
 * A signature is of the committed text; a different one in the work tree
 * (a hand edit, say) would be what the partner reads as signed.
 */
static int
check_unchanged(struct tend_journal *journal, const char *path,
    const char *committed, size_t len)
{
	char	*full, *text = NULL;
	size_t	 textlen;
	int	 error;

	if ((full = tend_fs_join(tend_journal_path(journal), path)) == NULL)
		return tend_error_nomem();
	if ((error = tend_fs_read(&text, &textlen, full)) == TEND_ENOTFOUND ||
	    (error == 0 && (textlen != len || memcmp(text, committed,
	    len) != 0)))
		error = tend_error_set(TEND_EINVALID, "'%s' has changes that "
		    "are not committed; sign the text you mean once it is "
		    "committed ('tend agree edit'), or undo them with 'git "
		    "checkout %s'", path, path);
	free(text);
	free(full);
	return error;
}

int
tend_agree_sign(struct tend_journal *journal, const char *name)
{
	struct tend_txn		*txn;
	struct signatures	 list;
	struct tend_buf		 path = TEND_BUF_INIT, message = TEND_BUF_INIT;
	const char		*me;
	char			*text = NULL, blob[TEND_OID_SIZE];
	size_t			 len;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = agree_read_text(&text, &len, journal, name)) < 0 ||
	    (error = agree_path(&path, journal, name)) < 0 ||
	    (error = tend_store_blob_id(blob, NULL, path.data, text,
	    len)) < 0 ||
	    (error = agree_read_signatures(&list, journal, name)) < 0)
		goto out;
	if ((error = check_unchanged(journal, path.data, text, len)) < 0)
		goto signatures;
	if (agree_state_of(&list, journal, name, blob, text, NULL) == CONFLICT)
		error = tend_error_set(TEND_EINVALID, "'%s' has two versions "
		    "from a merge; settle it with 'tend agree edit %s' first",
		    name, name);
	else if (agree_signed_by(&list, name, blob, me))
		error = tend_error_set(TEND_EEXISTS, "you have signed this "
		    "text of '%s' already", name);
	if (error == 0)
		error = list.error;
	/* A signature the partners cannot check against a key is no use. */
	if (error == 0)
		error = tend_journal_publish_key(journal);
	if (error == 0)
		error = tend_buf_printf(&message, "agree: %s signs %s\n\n"
		    "Agreed-to: %s %s\nAgreed-by: %s\n", me, name, path.data,
		    blob, me);
	/* No file changes: the commit itself is the signature. */
	if (error == 0)
		error = tend_txn_commit(txn, TEND_TXN_JOURNAL, message.data);
signatures:
	agree_signatures_free(&list);
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
	tend_warn_fn		 warn;
	void			*arg;
};

/*
 * The agreements' files, to be listed by name: the tree's order is the
 * sealed names' in an encrypted journal, and puts "a-b.md" before
 * "a.md" in any.
 */
struct agree_file {
	char	 name[MAX_NAME + 1];
	char	*path;
	char	*data;
	size_t	 len;
};
struct agree_files {
	struct agree_file	*items;
	size_t			 count;
	size_t			 allocated;
	struct tend_journal	*journal;
};

static int
collect_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct agree_files	*files = arg;
	struct agree_file	*file, *grown;
	size_t			 n;

	if (files->count == files->allocated) {
		n = files->allocated != 0 ? files->allocated * 2 : 16;
		if ((grown = realloc(files->items, n * sizeof(*grown))) ==
		    NULL)
			return tend_error_nomem();
		files->items = grown;
		files->allocated = n;
	}
	file = &files->items[files->count];
	/* A file whose name does not open is list_cb's to pass over. */
	if (!tend_layout_agree_name_of(file->name,
	    tend_journal_cipher(files->journal), path, strlen(path)))
		file->name[0] = '\0';
	file->len = len;
	/* NUL-ended: agree_state_of reads it as a string. */
	if ((file->path = strdup(path)) == NULL ||
	    (file->data = malloc(len + 1)) == NULL) {
		free(file->path);
		return tend_error_nomem();
	}
	memcpy(file->data, data, len);
	file->data[len] = '\0';
	files->count++;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	const struct agree_file	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int
list_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct list_walk	*walk = arg;
	struct tend_agree_row	 row;
	struct tend_meta	*meta;
	struct tend_buf		 missing = TEND_BUF_INIT;
	const char		*title, *review, *partner;
	char			 name[MAX_NAME + 1], blob[TEND_OID_SIZE];
	size_t			 body, i;
	int			 error;

	if (!tend_layout_agree_name_of(name, tend_journal_cipher(walk->journal),
	    path, strlen(path)))
		return 0;
	if ((error = tend_entry_split(&meta, &body, path, data, len)) < 0)
		return error == TEND_ENOMEM ? error :
		    tend_error_warn(walk->warn, walk->arg);
	title = tend_meta_get_text(meta, "title");
	review = tend_meta_get_text(meta, "review");
	if ((error = tend_store_blob_id(blob, NULL, path, data, len)) < 0)
		goto out;
	memset(&row, 0, sizeof(row));
	row.name = name;
	row.title = title != NULL ? title : "";
	row.review = review;
	row.state = agree_state_names[agree_state_of(walk->signatures,
	    walk->journal, name, blob, data, review)];
	for (i = 0; i < tend_journal_partner_count(walk->journal); i++) {
		partner = tend_journal_partner_id(walk->journal, i);
		if (!agree_signed_by(walk->signatures, name, blob, partner) &&
		    (error = tend_buf_printf(&missing, "%s%s%s",
		    missing.len != 0 ? ", " : "", partner,
		    agree_doubtful_signature(walk->signatures, name, blob,
		    partner) != NULL ? " (unverified)" : "")) < 0)
			goto out;
	}
	row.unsigned_by = missing.data != NULL ? missing.data : "";
	if ((error = walk->signatures->error) == 0)
		error = walk->fn(&row, walk->arg);
out:
	tend_buf_free(&missing);
	tend_meta_free(meta);
	return error;
}

int
tend_agree_list(struct tend_journal *journal,
    int (*fn)(const struct tend_agree_row *, void *), tend_warn_fn warn,
    void *arg)
{
	struct signatures	list;
	struct list_walk	walk = { journal, &list, fn, warn, arg };
	struct agree_files	files = { NULL, 0, 0, journal };
	size_t			i;
	int			error;

	if ((error = agree_read_signatures(&list, journal, NULL)) < 0)
		return error;
	if ((error = tend_store_list(tend_journal_store(journal), "agree",
	    TEND_LIST_CONTENT, collect_cb, &files)) == 0 && files.count > 1)
		qsort(files.items, files.count, sizeof(*files.items), by_name);
	for (i = 0; i < files.count && error == 0; i++)
		error = list_cb(files.items[i].path, files.items[i].data,
		    files.items[i].len, &walk);
	for (i = 0; i < files.count; i++) {
		free(files.items[i].path);
		free(files.items[i].data);
	}
	free(files.items);
	agree_signatures_free(&list);
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
