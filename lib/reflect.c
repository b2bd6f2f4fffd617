/*
 * Reflections: private writing on a prompt, shared only when the writer
 * chooses, and the prompts they answer.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define PROMPT_DIR	"prompts/reflect"

struct tend_prompt {
	char	*id;
	char	*theme;
	char	*question;
	char	*guidance;
	char	*followup;	/* NULL when the prompt has none */
	char	 last[11];	/* the day I last answered it, or "" */
};

struct tend_prompts {
	struct tend_prompt	*prompts;	/* in id order */
	size_t			 count;
};

struct load_walk {
	struct tend_prompts	*prompts;
	tend_warn_fn		 warn;
	void			*arg;
};

struct reflection {
	char	*id;
	char	*date;
	char	*prompt;
	int	 shared;
	int	 private;
};

struct reflections {
	struct reflection	*items;
	size_t			 count;
	const char		*me;
	int			 error;
};

static int	load_cb(const char *, const char *, const char *, size_t,
		    void *);
static int	collect_cb(struct tend_entry *, void *);
static int	collect(struct reflections *, struct tend_journal *);
static void	reflections_free(struct reflections *);
static int	newest_first(const void *, const void *);
static int	compose(struct tend_buf *, const char *, const char *,
		    const char *, int, const char *const *, size_t,
		    const char *, const char *);

/* Take one prompt file; a file that is not a prompt is named to WARN. */
static int
load_cb(const char *id, const char *path, const char *text, size_t len,
    void *arg)
{
	struct load_walk	*walk = arg;
	struct tend_prompts	*prompts = walk->prompts;
	struct tend_prompt	*grown, p;
	struct tend_meta	*meta;
	const char		*theme;
	size_t			 body;
	int			 error;

	memset(&p, 0, sizeof(p));
	if ((error = tend_entry_split(&meta, &body, path, text, len)) < 0)
		return error == TEND_ENOMEM ? error :
		    tend_error_warn(walk->warn, walk->arg);
	if ((theme = tend_meta_get_text(meta, "theme")) == NULL)
		theme = "";
	p.theme = strdup(theme);
	tend_meta_free(meta);
	if (p.theme == NULL || (p.id = strdup(id)) == NULL) {
		error = tend_error_nomem();
		goto fail;
	}
	error = tend_markdown_title(&p.question, &p.guidance, text + body,
	    len - body);
	if (error == TEND_ENOTFOUND) {
		tend_error_set(TEND_EINVALID, "'%s' has no '# ' heading with "
		    "the question; skipped", path);
		error = tend_error_warn(walk->warn, walk->arg);
		goto fail;
	}
	if (error < 0)
		goto fail;
	error = tend_markdown_section(&p.followup, text + body, len - body,
	    "Follow-up");
	if (error < 0 && error != TEND_ENOTFOUND)
		goto fail;
	if ((grown = realloc(prompts->prompts, (prompts->count + 1) *
	    sizeof(*grown))) == NULL) {
		error = tend_error_nomem();
		goto fail;
	}
	prompts->prompts = grown;
	grown[prompts->count++] = p;
	return 0;
fail:
	free(p.id);
	free(p.theme);
	free(p.question);
	free(p.guidance);
	free(p.followup);
	return error;
}

static int
collect_cb(struct tend_entry *entry, void *arg)
{
	struct reflections	*list = arg;
	struct reflection	*grown, r;
	const char		*shared, *author;
	size_t			 i;

	author = tend_entry_author(entry);
	if (author == NULL || list->me == NULL || strcmp(author, list->me) != 0)
		return 0;
	/* A shared one is in both stores: list it once. */
	for (i = 0; i < list->count; i++)
		if (strcmp(list->items[i].id, tend_entry_id(entry)) == 0)
			return 0;
	shared = tend_entry_field(entry, "shared");
	memset(&r, 0, sizeof(r));
	r.shared = !tend_entry_is_private(entry) ||
	    (shared != NULL && strcmp(shared, "true") == 0);
	r.private = tend_entry_is_private(entry);
	r.id = strdup(tend_entry_id(entry));
	r.date = strdup(tend_entry_field(entry, "date") != NULL ?
	    tend_entry_field(entry, "date") : "");
	r.prompt = strdup(tend_entry_field(entry, "prompt") != NULL ?
	    tend_entry_field(entry, "prompt") : "");
	grown = realloc(list->items, (list->count + 1) * sizeof(*grown));
	if (r.id == NULL || r.date == NULL || r.prompt == NULL ||
	    grown == NULL) {
		free(r.id);
		free(r.date);
		free(r.prompt);
		if (grown != NULL)
			list->items = grown;
		return tend_error_nomem();
	}
	list->items = grown;
	list->items[list->count++] = r;
	return 0;
}

static int
newest_first(const void *a, const void *b)
{
	const struct reflection	*ra = a, *rb = b;
	int			 order;

	if ((order = strcmp(rb->date, ra->date)) != 0)
		return order;
	return strcmp(rb->id, ra->id);
}

/* My reflections, private and shared, newest first. */
static int
collect(struct reflections *list, struct tend_journal *journal)
{
	int	error;

	memset(list, 0, sizeof(*list));
	list->me = tend_journal_me(journal);
	error = tend_entry_foreach(journal, "reflect",
	    TEND_IN_JOURNAL | TEND_IN_PRIVATE, collect_cb, list, NULL, NULL);
	if (error < 0) {
		reflections_free(list);
		return error;
	}
	if (list->count > 1)
		qsort(list->items, list->count, sizeof(*list->items),
		    newest_first);
	return 0;
}

static void
reflections_free(struct reflections *list)
{
	size_t	i;

	for (i = 0; i < list->count; i++) {
		free(list->items[i].id);
		free(list->items[i].date);
		free(list->items[i].prompt);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

int
tend_prompts_load(struct tend_prompts **out, struct tend_journal *journal,
    tend_warn_fn warn, void *arg)
{
	struct tend_prompts	*prompts;
	struct load_walk	 walk;
	struct reflections	 list;
	size_t			 i, j;
	int			 error;

	if ((prompts = calloc(1, sizeof(*prompts))) == NULL)
		return tend_error_nomem();
	walk.prompts = prompts;
	walk.warn = warn;
	walk.arg = arg;
	if ((error = tend_content_foreach(tend_journal_path(journal),
	    tend_journal_content_dir(journal), PROMPT_DIR, load_cb,
	    &walk)) < 0 || (error = collect(&list, journal)) < 0) {
		tend_prompts_free(prompts);
		return error;
	}
	/* The list is newest first: the first date seen is the last answer. */
	for (i = 0; i < list.count; i++)
		for (j = 0; j < prompts->count; j++)
			if (prompts->prompts[j].last[0] == '\0' &&
			    strcmp(prompts->prompts[j].id,
			    list.items[i].prompt) == 0)
				snprintf(prompts->prompts[j].last,
				    sizeof(prompts->prompts[j].last), "%.10s",
				    list.items[i].date);
	reflections_free(&list);
	*out = prompts;
	return 0;
}

void
tend_prompts_free(struct tend_prompts *prompts)
{
	size_t	i;

	if (prompts == NULL)
		return;
	for (i = 0; i < prompts->count; i++) {
		free(prompts->prompts[i].id);
		free(prompts->prompts[i].theme);
		free(prompts->prompts[i].question);
		free(prompts->prompts[i].guidance);
		free(prompts->prompts[i].followup);
	}
	free(prompts->prompts);
	free(prompts);
}

size_t
tend_prompts_count(const struct tend_prompts *prompts)
{
	return prompts->count;
}

const struct tend_prompt *
tend_prompts_at(const struct tend_prompts *prompts, size_t i)
{
	return i < prompts->count ? &prompts->prompts[i] : NULL;
}

int
tend_prompts_find(const struct tend_prompt **out,
    const struct tend_prompts *prompts, const char *id)
{
	size_t	i;

	for (i = 0; i < prompts->count; i++)
		if (strcmp(prompts->prompts[i].id, id) == 0) {
			*out = &prompts->prompts[i];
			return 0;
		}
	return tend_error_set(TEND_ENOTFOUND, "no prompt '%s'; 'tend reflect "
	    "--prompts' lists them", id);
}

int
tend_prompts_next(const struct tend_prompt **out,
    const struct tend_prompts *prompts)
{
	const struct tend_prompt	*best = NULL, *p;
	size_t				 i;

	/* Never answered beats answered; then the oldest answer; then id. */
	for (i = 0; i < prompts->count; i++) {
		p = &prompts->prompts[i];
		if (best == NULL || strcmp(p->last, best->last) < 0)
			best = p;
	}
	if (best == NULL)
		return tend_error_set(TEND_ENOTFOUND, "there are no reflection "
		    "prompts to choose from");
	*out = best;
	return 0;
}

const char *
tend_prompt_id(const struct tend_prompt *p)
{
	return p->id;
}

const char *
tend_prompt_theme(const struct tend_prompt *p)
{
	return p->theme;
}

const char *
tend_prompt_question(const struct tend_prompt *p)
{
	return p->question;
}

const char *
tend_prompt_guidance(const struct tend_prompt *p)
{
	return p->guidance;
}

const char *
tend_prompt_followup(const struct tend_prompt *p)
{
	return p->followup;
}

const char *
tend_prompt_last_answered(const struct tend_prompt *p)
{
	return p->last[0] != '\0' ? p->last : NULL;
}

int
tend_reflect_template(char **out, const struct tend_prompt *p)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	int		error;

	error = tend_buf_printf(&buf, "<!--\n%s\n\n%s\n", p->question,
	    p->guidance);
	if (error == 0 && p->followup != NULL)
		error = tend_buf_printf(&buf, "\nThen: %s\n", p->followup);
	if (error == 0)
		error = tend_buf_puts(&buf, "\nWrite below this block; it is "
		    "left out when you save.\nSave an empty text to write "
		    "nothing.\n-->\n\n");
	if (error < 0) {
		tend_buf_free(&buf);
		return error;
	}
	*out = tend_buf_detach(&buf);
	return 0;
}

int
tend_reflect_strip(char **out, size_t *outlen, const char *text, size_t len)
{
	tend_text_strip_comment(&text, &len);
	if (len == 0)
		return tend_error_set(TEND_EINVALID, "the reflection is empty; "
		    "nothing written");
	if ((*out = strndup(text, len)) == NULL)
		return tend_error_nomem();
	*outlen = len;
	return 0;
}

static int
compose(struct tend_buf *out, const char *me, const char *date,
    const char *prompt, int shared, const char *const *tags, size_t ntags,
    const char *question, const char *text)
{
	struct tend_meta	*meta;
	struct tend_buf		 body = TEND_BUF_INIT;
	int			 error;

	if ((meta = tend_meta_new_map()) == NULL)
		return tend_error_nomem();
	if ((error = tend_meta_set_plain(meta, "kind", "reflect")) == 0 &&
	    (error = tend_meta_set_text(meta, "author", me)) == 0 &&
	    (error = tend_meta_set_plain(meta, "date", date)) == 0 &&
	    (error = tend_meta_set_text(meta, "title", question)) == 0 &&
	    (error = tend_meta_set_text(meta, "prompt", prompt)) == 0 &&
	    (error = tend_meta_set_plain(meta, "shared",
	    shared ? "true" : "false")) == 0 &&
	    (error = tend_tags_set_meta(meta, tags, ntags)) == 0 &&
	    (error = tend_buf_printf(&body, "# %s\n\n%s\n", question,
	    text)) == 0)
		error = tend_entry_compose(out, meta, body.data);
	tend_buf_free(&body);
	tend_meta_free(meta);
	return error;
}

int
tend_reflect_edit(char **out, size_t *len, struct tend_journal *journal,
    const struct tend_prompt *prompt)
{
	char	*template, *text;
	size_t	 textlen;
	int	 error;

	if ((error = tend_reflect_template(&template, prompt)) < 0)
		return error;
	error = tend_journal_edit(&text, &textlen, journal, template);
	free(template);
	if (error < 0)
		return error;
	error = tend_reflect_strip(out, len, text, textlen);
	free(text);
	return error;
}

int
tend_reflect_write(char **id, struct tend_journal *journal,
    const struct tend_reflect_new *new)
{
	const struct tend_prompt *prompt = new->prompt;
	const char		*text = new->text;
	size_t			 len = new->len;
	enum tend_where		 where = new->where;
	struct tend_txn		*txn;
	struct tend_buf		 path = TEND_BUF_INIT, file = TEND_BUF_INIT;
	struct tend_buf		 message = TEND_BUF_INIT, stem = TEND_BUF_INIT;
	const char		*me;
	char			 date[32], day[11], *copy = NULL;
	time_t			 now = time(NULL);
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_text_validate("the reflection", text, len)) < 0 ||
	    (error = tend_journal_whoami(&me, journal)) < 0 ||
	    (new->date != NULL && (error = tend_date_written(&now, "--date",
	    new->date)) < 0) ||
	    (error = tend_date_format(date, now)) < 0 ||
	    (error = tend_date_day(day, now)) < 0)
		goto out;
	tend_text_trim(&text, &len);
	if (len == 0) {
		error = tend_error_set(TEND_EINVALID, "the reflection is "
		    "empty; nothing written");
		goto out;
	}
	if ((copy = strndup(text, len)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if ((error = tend_layout_entry_stem(&stem, tend_journal_cipher(journal),
	    TEND_KIND_REFLECT, day, me, prompt->id)) < 0 ||
	    (error = tend_journal_new_path(&path, journal, stem.data)) < 0 ||
	    (error = compose(&file, me, date, prompt->id,
	    where == TEND_IN_JOURNAL, new->tags, new->ntags,
	    prompt->question, copy)) < 0 ||
	    (error = tend_buf_printf(&message, "reflect: %s %s %s", me, day,
	    prompt->id)) < 0)
		goto out;
	error = tend_journal_add(id, txn, where == TEND_IN_JOURNAL ?
	    TEND_TXN_JOURNAL : TEND_TXN_PRIVATE, path.data, &file,
	    message.data);
out:
	free(copy);
	tend_buf_free(&stem);
	tend_buf_free(&path);
	tend_buf_free(&file);
	tend_buf_free(&message);
	tend_txn_end(txn);
	return error;
}

int
tend_reflect_share(char **id, struct tend_journal *journal, const char *prefix)
{
	struct tend_txn		*txn;
	struct tend_entry	*entry = NULL;
	struct tend_meta	*meta = NULL;
	struct tend_buf		 file = TEND_BUF_INIT, message = TEND_BUF_INIT;
	const char		*shared, *text;
	size_t			 len, body;
	int			 error;

	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_finish_moves(txn)) < 0 ||
	    (error = tend_entry_find(&entry, journal, prefix)) < 0)
		goto out;
	shared = tend_entry_field(entry, "shared");
	if (strcmp(tend_entry_kind(entry), "reflect") != 0)
		error = tend_error_set(TEND_EINVALID, "'%s' is a %s, not a "
		    "reflection", tend_entry_id(entry), tend_entry_kind(entry));
	else if (!tend_entry_is_private(entry) ||
	    (shared != NULL && strcmp(shared, "true") == 0))
		error = tend_error_set(TEND_EEXISTS, "'%s' is shared already",
		    tend_entry_id(entry));
	if (error < 0)
		goto out;
	/* The same file, marked shared, in the journal and then here. */
	text = tend_entry_text(entry, &len);
	if ((error = tend_entry_split(&meta, &body, tend_entry_path(entry),
	    text, len)) < 0 ||
	    (error = tend_meta_set_plain(meta, "shared", "true")) < 0 ||
	    (error = tend_entry_compose(&file, meta, text + body)) < 0 ||
	    (error = tend_buf_printf(&message, "reflect: share %s",
	    tend_entry_id(entry))) < 0)
		goto out;
	if ((error = tend_txn_stage(txn, TEND_TXN_JOURNAL,
	    tend_entry_path(entry), file.data, file.len)) < 0 ||
	    (error = tend_txn_commit(txn, TEND_TXN_JOURNAL,
	    message.data)) < 0)
		goto out;
	/* Shared now; tend_journal_finish_moves marks the copy here if this fails. */
	if (tend_txn_stage(txn, TEND_TXN_PRIVATE, tend_entry_path(entry),
	    file.data, file.len) == 0)
		(void)tend_txn_commit(txn, TEND_TXN_PRIVATE, message.data);
	if ((*id = strdup(tend_entry_id(entry))) == NULL)
		error = tend_error_nomem();
out:
	tend_buf_free(&file);
	tend_buf_free(&message);
	tend_meta_free(meta);
	tend_entry_free(entry);
	tend_txn_end(txn);
	return error;
}

int
tend_reflect_list(struct tend_journal *journal,
    int (*fn)(const char *, const char *, const char *, int, void *),
    void *arg)
{
	struct reflections	list;
	size_t			i;
	int			error;

	if ((error = collect(&list, journal)) < 0)
		return error;
	for (i = 0; i < list.count && error == 0; i++)
		error = fn(list.items[i].id, list.items[i].date,
		    list.items[i].prompt, list.items[i].shared, arg);
	reflections_free(&list);
	return error;
}
