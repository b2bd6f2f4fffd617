/*
 * An agreement's past: its text as it was at a moment, what changed
 * between two moments, its revisions and signatures, and who wrote each
 * clause first.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agree-internal.h"

/* A moment in an agreement's history: a commit, or else a time. */
struct moment {
	char	commit[TEND_OID_SIZE];
	time_t	time;
};

static int	resolve(char [TEND_OID_SIZE], struct moment *,
		    struct tend_journal *, const char *, const char *,
		    struct signatures *);
static time_t	end_of_day(time_t);
static int	stored_blob(char [TEND_OID_SIZE], struct tend_journal *,
		    const char *, const char *);
/*
 * A revision's clauses kept from one summary to the next: the log goes
 * newest first, so that each text is the new side of one summary and the
 * old side of the next, and is read and parsed once.
 */
struct kept_text {
	char			 blob[TEND_OID_SIZE];
	struct tend_clause	*clauses;	/* its body's, or NULL */
	size_t			 count;
};

static int	summarize(struct tend_buf *, struct tend_journal *,
		    const char *, const char *, struct kept_text *);
static int	body_clauses(struct tend_clause **, size_t *,
		    struct tend_journal *, const char *);
static const char *partner_name(struct tend_journal *, const char *);
struct attributions;
static size_t	attribution_slot(const struct attributions *, const char *);
static const struct attribution *attribution_find(const struct attributions *,
		    const char *);
static int	attribution_add(struct attributions *, const char *,
		    const char *, time_t);
static void	attributions_free(struct attributions *);

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
 * The blob that holds the text TEXT (a text's own id, as signatures name
 * it) of agreement PATH: TEXT itself, but in an encrypted journal, where
 * a revision of that text says which sealed blob holds it.
 */
static int
stored_blob(char blob[TEND_OID_SIZE], struct tend_journal *journal,
    const char *path, const char *text)
{
	struct revisions	list;
	size_t			i;
	int			error;

	memcpy(blob, text, TEND_OID_SIZE);
	if (tend_journal_cipher(journal) == NULL)
		return 0;
	if ((error = agree_read_revisions(&list, journal, path, NULL)) < 0)
		return error;
	for (i = 0; i < list.count; i++)
		if (strcmp(list.items[i].text, text) == 0) {
			memcpy(blob, list.items[i].blob, TEND_OID_SIZE);
			break;
		}
	agree_revisions_free(&list);
	return 0;
}

/*
 * The blob SPEC names for agreement NAME: "signed" (the last text every
 * partner signed), a day (the text at its end), a time or a revision;
 * THEN is the moment it names.
 */
static int
resolve(char blob[TEND_OID_SIZE], struct moment *then,
    struct tend_journal *journal, const char *name, const char *spec,
    struct signatures *signatures)
{
	struct revisions	 list;
	struct tend_buf		 path = TEND_BUF_INIT;
	char			 day[11], spec_day[11];
	size_t			 i;
	time_t			 when;
	int			 error, whole_day;

	if ((error = agree_path(&path, journal, name)) < 0)
		return error;
	then->time = time(NULL);
	then->commit[0] = '\0';
	if (strcmp(spec, "signed") == 0) {
		error = tend_error_set(TEND_ENOTFOUND, "no text of '%s' was "
		    "ever signed by every partner", name);
		for (i = 0; i < signatures->count; i++)
			if (strcmp(signatures->items[i].name, name) == 0 &&
			    agree_signed_by_all(signatures, journal, name,
			    signatures->items[i].blob)) {
				error = stored_blob(blob, journal, path.data,
				    signatures->items[i].blob);
				break;
			}
		if (signatures->error < 0)
			error = signatures->error;
	} else if (tend_date_parse_typed(&when, "date", spec) == 0) {
		/*
		 * A day, as typed anywhere (2026-11-24, yesterday), means its
		 * end; a full time means that moment.
		 */
		whole_day = strchr(spec, ':') == NULL;
		if (whole_day && (error = tend_date_day(spec_day, when)) < 0)
			goto out;
		then->time = whole_day ? end_of_day(when) : when;
		if ((error = agree_read_revisions(&list, journal, path.data,
	    NULL)) < 0)
			goto out;
		error = tend_error_set(TEND_ENOTFOUND, "there was no agreement "
		    "'%s' yet on %s", name, spec);
		for (i = 0; i < list.count; i++) {
			if (tend_date_day(day, list.items[i].time) < 0)
				continue;
			if (whole_day ? strcmp(day, spec_day) <= 0 :
			    list.items[i].time <= when) {
				if (list.items[i].blob[0] != '\0') {
					memcpy(blob, list.items[i].blob,
					    TEND_OID_SIZE);
					error = 0;
				}
				break;
			}
		}
		agree_revisions_free(&list);
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
	char			 blob[TEND_OID_SIZE];
	char			*text = NULL, *rendered = NULL;
	size_t			 len, i, j, nsigners = 0;
	struct moment		 then;
	int			 error;

	if ((error = agree_path(&path, journal, name)) < 0 ||
	    (error = agree_read_signatures(&list, journal, name)) < 0)
		goto out_path;
	if (as_of != NULL) {
		if ((error = resolve(blob, &then, journal, name, as_of,
		    &list)) < 0 ||
		    (error = tend_store_read_blob(&text, &len,
		    tend_journal_store(journal), blob)) < 0)
			goto out;
		/*
		 * As things stood then: later signatures were not made yet.
		 * (Their signers stay in the list's block, freed with it.)
		 */
		for (i = j = 0; i < list.count; i++)
			if (then.commit[0] != '\0' ? tend_store_contains(
			    tend_journal_store(journal), then.commit,
			    list.items[i].commit) : list.items[i].time <=
			    then.time)
				list.items[j++] = list.items[i];
		list.count = j;
	} else if ((error = agree_read_text(&text, &len, journal, name)) < 0)
		goto out;
	/* The state and signers are of the text, as signatures name it. */
	if ((error = tend_store_blob_id(blob, NULL, path.data, text, len)) < 0 ||
	    (error = tend_entry_parse_sealed(&entry, tend_journal_cipher(
	    journal), path.data, text, len)) < 0 ||
	    (error = tend_entry_render(&rendered, entry, flags)) < 0)
		goto out;
	review = tend_entry_field(entry, "review");
	/* The render's first line names it; state and signers come next. */
	len = strcspn(rendered, "\n") + 1;
	if ((error = tend_buf_put(&buf, rendered, len)) < 0 ||
	    (as_of != NULL && (error = tend_buf_printf(&buf, "as of    %s\n",
	    as_of)) < 0) ||
	    (error = tend_buf_printf(&buf, "state    %s\nsigned   ",
	    agree_state_names[agree_state_of(&list, journal, name, blob, text,
	    review)])) < 0)
		goto out;
	for (i = 0; i < tend_journal_partner_count(journal) && error == 0; i++)
		if (agree_signed_by(&list, name, blob,
		    tend_journal_partner_id(journal, i)))
			error = tend_buf_printf(&buf, "%s%s", nsigners++ != 0 ?
			    ", " : "", tend_journal_partner_id(journal, i));
	if (error == 0 && (error = list.error) == 0)
		error = tend_buf_printf(&buf, "%s\n%s", nsigners == 0 ?
		    "nobody yet" : "", rendered + len);
	if (error == 0)
		*out = tend_buf_detach(&buf);
out:
	agree_signatures_free(&list);
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
    const char *from, const char *to, int flags, enum tend_diff_form form)
{
	struct tend_buf		 buf = TEND_BUF_INIT, *out = &buf;
	struct signatures	 list;
	struct tend_diff	*diff = NULL;
	struct tend_buf		 path = TEND_BUF_INIT;
	const char		*old_body, *new_body;
	char			 old_blob[TEND_OID_SIZE];
	char			 new_blob[TEND_OID_SIZE];
	char			*old_text = NULL, *new_text = NULL;
	size_t			 old_len = 0, new_len, old_body_len = 0;
	size_t			 new_body_len;
	struct moment		 then;
	int			 error;

	/* Only "signed" is found by signatures; commits and days are not. */
	memset(&list, 0, sizeof(list));
	if ((error = agree_path(&path, journal, name)) < 0 ||
	    ((from == NULL || strcmp(from, "signed") == 0 ||
	    (to != NULL && strcmp(to, "signed") == 0)) &&
	    (error = agree_read_signatures(&list, journal, name)) < 0))
		goto out_path;
	if (to == NULL)
		error = agree_read_text(&new_text, &new_len, journal, name);
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
	if (form == TEND_DIFF_UNIFIED) {
		error = tend_store_unified(out, old_text != NULL ? old_text :
		    "", old_len, new_text, new_len, path.data);
		goto out;
	}
	agree_body_of(&new_body, &new_body_len, new_text, new_len);
	if (old_text != NULL)
		agree_body_of(&old_body, &old_body_len, old_text, old_len);
	else
		old_body = "";
	if ((error = tend_diff_texts(&diff, old_body, old_body_len, new_body,
	    new_body_len)) == 0)
		error = tend_diff_format(out, diff, flags);
out:
	tend_diff_free(diff);
	agree_signatures_free(&list);
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

/*
 * "2 added, 1 changed" between two blobs of the agreement; KEPT holds the
 * clauses of NEW_BLOB if the last summary parsed them, and then those of
 * OLD_BLOB.
 */
static int
summarize(struct tend_buf *out, struct tend_journal *journal,
    const char *old_blob, const char *new_blob, struct kept_text *kept)
{
	struct tend_diff	*diff = NULL;
	struct tend_clause	*old_clauses = NULL, *new_clauses = NULL;
	size_t			 nold = 0, nnew = 0, counts[5];
	size_t			 i, any = 0;
	int			 error;
	static const char *const words[] = {
		"added", "removed", "changed", "moved", "renamed",
	};

	if ((error = body_clauses(&old_clauses, &nold, journal,
	    old_blob)) < 0)
		return error;
	if (kept->clauses != NULL && strcmp(kept->blob, new_blob) == 0) {
		new_clauses = kept->clauses;
		nnew = kept->count;
		kept->clauses = NULL;
		kept->count = 0;
	} else if ((error = body_clauses(&new_clauses, &nnew, journal,
	    new_blob)) < 0) {
		tend_clauses_free(old_clauses, nold);
		return error;
	}
	/* The diff takes both lists. */
	if ((error = tend_diff_clauses(&diff, old_clauses, nold, new_clauses,
	    nnew)) < 0)
		return error;
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
	/* The old text is the new one of the next, older, summary. */
	if (error == 0 && old_blob != NULL) {
		tend_clauses_free(kept->clauses, kept->count);
		snprintf(kept->blob, sizeof(kept->blob), "%s", old_blob);
		tend_diff_take_old(diff, &kept->clauses, &kept->count);
	}
	tend_diff_free(diff);
	return error;
}

/* The clauses of the body of the agreement's blob BLOB (NULL: none). */
static int
body_clauses(struct tend_clause **clauses, size_t *count,
    struct tend_journal *journal, const char *blob)
{
	const char	*body = "";
	char		*text = NULL;
	size_t		 len, body_len = 0;
	int		 error;

	if (blob != NULL) {
		if ((error = tend_store_read_blob(&text, &len,
		    tend_journal_store(journal), blob)) < 0)
			return error;
		agree_body_of(&body, &body_len, text, len);
	}
	error = tend_markdown_clauses(clauses, count, body, body_len);
	free(text);
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
	struct kept_text	 kept;
	size_t			 r = 0, s = 0, i;
	int			 error;

	memset(&kept, 0, sizeof(kept));
	if ((error = agree_path(&path, journal, name)) < 0)
		return error;
	if ((error = agree_read_revisions(&revisions, journal, path.data,
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
			struct signature *sig = &signatures.items[s];
			enum signature_verdict verdict = agree_verdict(
			    &signatures, s++);

			event.what = "signed";
			event.doubt = verdict == SIGNATURE_GOOD ? NULL :
			    signature_verdict_names[verdict];
			event.who = partner_name(journal, sig->signer);
			event.time = sig->time;
			memcpy(event.commit, sig->commit, sizeof(event.commit));
			/* Name the text signed by the commit that made it. */
			for (i = 0; i < revisions.count; i++)
				if (strcmp(revisions.items[i].text,
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
				    rev->blob, &kept);
			} else {
				event.what = "edited";
				error = summarize(&what, journal,
				    revisions.items[r].blob, rev->blob, &kept);
			}
		}
		event.detail = what.data != NULL ? what.data : "";
		if (error == 0 && (error = signatures.error) == 0)
			error = fn(&event, arg);
	}
out:
	agree_signatures_free(&signatures);
	agree_revisions_free(&revisions);
out_path:
	tend_clauses_free(kept.clauses, kept.count);
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

/* The slot holding TEXT, or the free one where it would go. */
static size_t
attribution_slot(const struct attributions *known, const char *text)
{
	size_t	i = tend_text_hash(text, strlen(text)) &
	    (known->nslots - 1);

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
	if ((error = agree_path(&path, journal, name)) < 0)
		return error;
	if ((error = agree_read_revisions(&revisions, journal, path.data,
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
		agree_body_of(&body, &body_len, text, len);
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
	agree_revisions_free(&revisions);
out_path:
	tend_buf_free(&path);
	return error;
}
