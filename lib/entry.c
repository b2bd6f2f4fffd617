/*
 * Entries: one Markdown file each, opened by a YAML front matter block.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_CANDIDATES	8

struct tend_entry {
	char			*path;
	char			*id;
	char			*text;
	size_t			 len;
	struct tend_meta	*meta;
	const char		*body;	/* points into text */
	int			 private;
};

struct match {
	char	*path;
	int	 private;	/* in the private store, not the journal */
};

struct foreach_walk {
	const struct tend_cipher *cipher;	/* what seals names, or NULL */
	int		(*fn)(struct tend_entry *, void *);
	void		*arg;
	tend_warn_fn	 warn;
	void		*warn_arg;
	int		 private;
	const char	*since;		/* days, or NULL: no bound */
	const char	*until;
	int		 undated;	/* only what no day names */
};

/* Its first member is what outside_days is given, as for foreach_walk. */
struct id_search {
	struct foreach_walk	 days;		/* since and until: an id's day */
	const struct tend_cipher *cipher;	/* what seals names, or NULL */
	const char	*prefix;
	size_t		 prefix_len;
	int		 private;	/* the store being searched */
	struct match	 exact;		/* the first whose id is PREFIX */
	size_t		 nexact;
	struct match	 matches[MAX_CANDIDATES];
	size_t		 nmatches;
};

static int	 is_entry_path(const char *);
static size_t	 day_prefix(const char *);
static int	 outside_days(const char *, int, void *);
static int	 seen(const struct id_search *, const char *);
static int	 search_cb(const char *, const char *, size_t, void *);
static int	 search_stores(struct id_search *, struct tend_store *[2]);
static int	 foreach_cb(const char *, const char *, size_t, void *);
static size_t	 line_end(const char *, size_t, size_t);
static int	 render_meta(struct tend_buf *, const struct tend_meta *,
		    size_t, int);

static int
is_entry_path(const char *path)
{
	size_t	len = strlen(path);

	return len > 3 && strcmp(path + len - 3, ".md") == 0;
}

/* Where the line starting at POS ends (at its newline or at LEN). */
static size_t
line_end(const char *text, size_t len, size_t pos)
{
	const char	*nl = memchr(text + pos, '\n', len - pos);

	return nl != NULL ? (size_t)(nl - text) : len;
}

int
tend_entry_split(struct tend_meta **meta, size_t *body, const char *path,
    const char *text, size_t len)
{
	size_t	pos, end, line, yaml_start;
	int	error;

	if (len > TEND_ENTRY_MAX)
		return tend_error_set(TEND_EINVALID, "cannot read '%s': it is "
		    "larger than 4 MiB, the limit for an entry", path);
	if ((error = tend_text_validate_utf8("the file", text, len)) < 0)
		return tend_error_wrap(error, "cannot read '%s'", path);
	end = line_end(text, len, 0);
	if (end != 3 || memcmp(text, "---", 3) != 0)
		return tend_error_set(TEND_EINVALID, "cannot read '%s': line 1: "
		    "it must start with a '---' line", path);
	yaml_start = pos = end + 1;
	for (line = 2; pos < len; line++) {
		end = line_end(text, len, pos);
		if (end - pos == 3 && (memcmp(text + pos, "---", 3) == 0 ||
		    memcmp(text + pos, "...", 3) == 0))
			break;
		pos = end + 1;
	}
	if (pos >= len)
		return tend_error_set(TEND_EINVALID, "cannot read '%s': the "
		    "front matter has no closing '---' line", path);
	if ((error = tend_meta_parse(meta, text + yaml_start,
	    pos - yaml_start, 2)) < 0)
		return tend_error_wrap(error, "cannot read '%s'", path);
	/* Tags are every kind's, and a partner's may be anything. */
	if ((error = tend_tags_check_meta(*meta)) < 0) {
		tend_meta_free(*meta);
		*meta = NULL;
		return tend_error_wrap(error, "cannot read '%s'", path);
	}
	/* The body starts after the closing line and one blank line. */
	pos = line_end(text, len, pos) + 1;
	if (pos < len && text[pos] == '\n')
		pos++;
	*body = pos < len ? pos : len;
	return 0;
}

int
tend_entry_parse(struct tend_entry **out, const char *path, const char *text,
    size_t len)
{
	return tend_entry_parse_sealed(out, NULL, path, text, len);
}

int
tend_entry_parse_sealed(struct tend_entry **out,
    const struct tend_cipher *cipher, const char *path, const char *text,
    size_t len)
{
	struct tend_entry	*entry;
	size_t			 body;
	int			 error;

	if ((entry = calloc(1, sizeof(*entry))) == NULL)
		return tend_error_nomem();
	if ((error = tend_entry_split(&entry->meta, &body, path, text,
	    len)) < 0)
		goto fail;
	if (tend_meta_get_text(entry->meta, "kind") == NULL) {
		error = tend_error_set(TEND_EINVALID, "cannot read '%s': the "
		    "front matter has no 'kind'", path);
		goto fail;
	}
	if ((error = tend_layout_entry_id(&entry->id, cipher, path)) < 0)
		goto fail;
	if ((entry->path = strdup(path)) == NULL ||
	    (entry->text = malloc(len + 1)) == NULL) {
		error = tend_error_nomem();
		goto fail;
	}
	memcpy(entry->text, text, len);
	entry->text[len] = '\0';
	entry->len = len;
	entry->body = entry->text + body;
	*out = entry;
	return 0;
fail:
	tend_entry_free(entry);
	return error;
}

void
tend_entry_free(struct tend_entry *entry)
{
	if (entry == NULL)
		return;
	tend_meta_free(entry->meta);
	free(entry->path);
	free(entry->id);
	free(entry->text);
	free(entry);
}

const char *
tend_entry_id(const struct tend_entry *entry)
{
	return entry->id;
}

const char *
tend_entry_path(const struct tend_entry *entry)
{
	return entry->path;
}

const char *
tend_entry_kind(const struct tend_entry *entry)
{
	return tend_meta_get_text(entry->meta, "kind");
}

const char *
tend_entry_author(const struct tend_entry *entry)
{
	return tend_meta_get_text(entry->meta, "author");
}

const char *
tend_entry_body(const struct tend_entry *entry)
{
	return entry->body;
}

const char *
tend_entry_text(const struct tend_entry *entry, size_t *len)
{
	if (len != NULL)
		*len = entry->len;
	return entry->text;
}

const char *
tend_entry_field(const struct tend_entry *entry, const char *key)
{
	return tend_meta_get_text(entry->meta, key);
}

int
tend_entry_compose(struct tend_buf *out, const struct tend_meta *meta,
    const char *body)
{
	char	*yaml;
	size_t	 len;
	int	 error;

	if ((error = tend_meta_emit(&yaml, &len, meta)) < 0)
		return error;
	if ((error = tend_buf_puts(out, "---\n")) == 0 &&
	    (error = tend_buf_put(out, yaml, len)) == 0 &&
	    (error = tend_buf_puts(out, "---\n")) == 0 && body[0] != '\0')
		error = tend_buf_printf(out, "\n%s", body);
	free(yaml);
	return error;
}

/* Has the journal already given this path?  (A shared reflection.) */
static int
seen(const struct id_search *search, const char *path)
{
	size_t	i;

	for (i = 0; i < search->nmatches && i < MAX_CANDIDATES; i++)
		if (strcmp(search->matches[i].path, path) == 0)
			return 1;
	return 0;
}

static int
search_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct id_search	*search = arg;
	struct match		 match;
	char			*id;
	int			 exact, prefixed, error;

	(void)data;
	(void)len;
	if (!is_entry_path(path))
		return 0;
	if ((error = tend_layout_entry_id(&id, search->cipher, path)) < 0)
		return error;
	exact = strcmp(id, search->prefix) == 0;
	prefixed = strncmp(id, search->prefix, search->prefix_len) == 0;
	free(id);
	if (!prefixed || (search->private && seen(search, path)))
		return 0;
	if ((match.path = strdup(path)) == NULL)
		return tend_error_nomem();
	match.private = search->private;
	if (exact && search->nexact++ == 0) {
		if ((search->exact.path = strdup(path)) == NULL) {
			free(match.path);
			return tend_error_nomem();
		}
		search->exact.private = search->private;
	}
	if (search->nmatches < MAX_CANDIDATES)
		search->matches[search->nmatches] = match;
	else
		free(match.path);
	search->nmatches++;
	return 0;
}

/* Look for the search's id among the entries of STORES, pruned by its day. */
static int
search_stores(struct id_search *search, struct tend_store *stores[2])
{
	size_t	i, s;
	int	error;

	for (s = 0; s < 2 && stores[s] != NULL; s++) {
		search->private = s == 1;
		for (i = 0; i < TEND_KIND_COUNT; i++)
			if ((error = tend_store_list_pruned(stores[s],
			    tend_kind_name(i), TEND_LIST_PATHS, outside_days,
			    search_cb, search)) < 0)
				return error;
	}
	return 0;
}

int
tend_entry_find(struct tend_entry **out, struct tend_journal *journal,
    const char *id)
{
	struct id_search	 search;
	struct tend_buf		 names = TEND_BUF_INIT;
	struct tend_store	*stores[2];
	const struct match	*chosen;
	char			*text, day[11];
	size_t			 i, len;
	int			 error = 0;

	if (id[0] == '\0' || strchr(id, '/') != NULL)
		return tend_error_set(TEND_EINVALID, "'%s' is not an entry id",
		    id);
	memset(&search, 0, sizeof(search));
	search.cipher = tend_journal_cipher(journal);
	search.prefix = id;
	search.prefix_len = strlen(id);
	stores[0] = tend_journal_store(journal);
	if ((error = tend_journal_private(&stores[1], journal,
	    TEND_PRIVATE_OPEN)) < 0) {
		if (error != TEND_ENOTFOUND)
			return error;
		stores[1] = NULL;
	}
	/*
	 * An entry named for a day has an id that starts with it: an id
	 * that starts with a day is looked for in the folders of that day,
	 * as --since reads them, and one that starts with no digit (an
	 * agreement's) outside every dated folder.  The whole journal is
	 * read only when they hold none: for a file plain git put elsewhere.
	 */
	if (day_prefix(id) == 10) {
		memcpy(day, id, 10);
		day[10] = '\0';
		search.days.since = search.days.until = day;
	} else
		search.days.undated = id[0] < '0' || id[0] > '9';
	if ((error = search_stores(&search, stores)) < 0)
		goto out;
	if (search.nmatches == 0 && (search.days.since != NULL ||
	    search.days.undated)) {
		search.days.since = search.days.until = NULL;
		search.days.undated = 0;
		if ((error = search_stores(&search, stores)) < 0)
			goto out;
	}
	/* An id that matches exactly wins over longer ones it prefixes. */
	if (search.nexact == 1)
		chosen = &search.exact;
	else
		chosen = search.nmatches == 1 ? &search.matches[0] : NULL;
	if (search.nmatches == 0) {
		error = tend_error_set(TEND_ENOTFOUND, "no entry '%s'", id);
		goto out;
	}
	if (chosen == NULL) {
		for (i = 0; i < search.nmatches && i < MAX_CANDIDATES; i++)
			if ((error = tend_buf_printf(&names, "%s%s%s",
			    i != 0 ? ", " : "", search.matches[i].path,
			    search.matches[i].private ? " (private)" : "")) < 0)
				goto out;
		error = tend_error_set(TEND_EAMBIGUOUS, "'%s' is ambiguous: "
		    "%s%s", id, names.data, search.nmatches > MAX_CANDIDATES ?
		    ", ..." : "");
		goto out;
	}
	if ((error = tend_store_read(&text, &len, stores[chosen->private],
	    chosen->path)) < 0)
		goto out;
	if ((error = tend_entry_parse_sealed(out, search.cipher, chosen->path,
	    text, len)) == 0)
		(*out)->private = chosen->private;
	free(text);
out:
	for (i = 0; i < search.nmatches && i < MAX_CANDIDATES; i++)
		free(search.matches[i].path);
	free(search.exact.path);
	tend_buf_free(&names);
	return error;
}

static int
foreach_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct foreach_walk	*walk = arg;
	struct tend_entry	*entry;
	int			 error;

	if (!is_entry_path(path))
		return 0;
	if ((error = tend_entry_parse_sealed(&entry, walk->cipher, path, data,
	    len)) == TEND_ENOMEM)
		return error;
	if (error < 0)
		return tend_error_warn(walk->warn, walk->warn_arg);
	entry->private = walk->private;
	error = walk->fn(entry, walk->arg);
	tend_entry_free(entry);
	return error;
}

/* How much of NAME, up to all ten, reads as a day, YYYY-MM-DD. */
static size_t
day_prefix(const char *name)
{
	size_t	i;

	for (i = 0; i < 10 && name[i] != '\0'; i++)
		if (!(i == 4 || i == 7 ? name[i] == '-' :
		    name[i] >= '0' && name[i] <= '9'))
			break;
	return i;
}

/*
 * Whether PATH lies wholly outside the walk's days, by its name alone:
 * dated folders are named YYYY and YYYY/MM, and dated files start with
 * their day, so a query of a month reads a month, not the years before.
 */
static int
outside_days(const char *path, int is_folder, void *arg)
{
	const struct foreach_walk	*walk = arg;
	const char			*name = strrchr(path, '/');
	char				 first[11], last[11];
	size_t				 len, i;

	name = name != NULL ? name + 1 : path;
	len = strlen(name);
	i = day_prefix(name);
	if (is_folder && len == 4 && i == 4 && name - path >= 1) {
		snprintf(first, sizeof(first), "%.4s-01-01", name);
		snprintf(last, sizeof(last), "%.4s-12-31", name);
	} else if (is_folder && len == 2 && i == 2 && name - path >= 6 &&
	    name[-1] == '/') {
		snprintf(first, sizeof(first), "%.4s-%.2s-01", name - 5, name);
		snprintf(last, sizeof(last), "%.4s-%.2s-31", name - 5, name);
	} else if (!is_folder && i == 10) {
		memcpy(first, name, 10);
		first[10] = '\0';
		memcpy(last, first, sizeof(last));
	} else
		return 0;
	return walk->undated || (walk->since != NULL &&
	    strcmp(last, walk->since) < 0) || (walk->until != NULL &&
	    strcmp(first, walk->until) > 0);
}

/* Its first member is what outside_days is given, as for foreach_walk. */
struct names_walk {
	struct foreach_walk	 days;
	int			(*fn)(const char *, int, void *);
};

static int
names_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct names_walk	*walk = arg;

	(void)data;
	(void)len;
	return is_entry_path(path) ? walk->fn(path, walk->days.private,
	    walk->days.arg) : 0;
}

/*
 * List DIR in the stores of WHERE with CB, skipping what lies outside the
 * days of DAYS, whose PRIVATE says which store CB is given.
 */
static int
list_stores(struct tend_journal *journal, const char *dir,
    unsigned int where, enum tend_list_what what, struct foreach_walk *days,
    int (*cb)(const char *, const char *, size_t, void *), void *arg)
{
	struct tend_store	*store;
	int			 error = 0;

	days->private = 0;
	if (where & TEND_IN_JOURNAL)
		error = tend_store_list_pruned(tend_journal_store(journal), dir,
		    what, outside_days, cb, arg);
	if (error < 0 || !(where & TEND_IN_PRIVATE))
		return error;
	if ((error = tend_journal_private(&store, journal,
	    TEND_PRIVATE_OPEN)) < 0)
		return error == TEND_ENOTFOUND ? 0 : error;
	days->private = 1;
	return tend_store_list_pruned(store, dir, what, outside_days, cb,
	    arg);
}

int
tend_entry_paths_dated(struct tend_journal *journal, const char *dir,
    unsigned int where, const char *since, const char *until,
    int (*fn)(const char *, int, void *), void *arg)
{
	struct names_walk	 walk = { { tend_journal_cipher(journal), NULL, arg,
				    NULL, NULL, 0, since, until, 0 }, fn };

	return list_stores(journal, dir, where, TEND_LIST_PATHS, &walk.days,
	    names_cb,
	    &walk);
}

/* Its first member is what outside_days is given, as for foreach_walk. */
struct newest_walk {
	struct foreach_walk	 days;
	int			(*fn)(const char *, void *);
	size_t			 left;		/* days still wanted */
};

static int
newest_cb(const char *path, int is_folder, void *arg)
{
	struct newest_walk	*walk = arg;
	const char		*name = strrchr(path, '/') + 1;
	char			 day[11];
	int			 error;

	if (outside_days(path, is_folder, &walk->days))
		return TEND_LIST_SKIP;
	if (is_folder || !is_entry_path(path) || day_prefix(name) != 10)
		return 0;
	memcpy(day, name, 10);
	day[10] = '\0';
	if ((error = walk->fn(day, walk->days.arg)) < 0)
		return error;
	return --walk->left == 0 ? TEND_LIST_STOP : 0;
}

int
tend_entry_days_newest(struct tend_journal *journal, const char *dir,
    const char *since, const char *until, size_t most,
    int (*fn)(const char *, void *), void *arg)
{
	struct newest_walk	 walk = { { NULL, NULL, arg, NULL, NULL, 0,
				    since, until, 0 }, fn, most };
	struct tend_store	*store;
	int			 error;

	if (most == 0)
		return 0;
	if ((error = tend_store_list_newest(tend_journal_store(journal), dir,
	    newest_cb, &walk)) < 0)
		return error;
	walk.left = most;
	if ((error = tend_journal_private(&store, journal,
	    TEND_PRIVATE_OPEN)) < 0)
		return error == TEND_ENOTFOUND ? 0 : error;
	return tend_store_list_newest(store, dir, newest_cb, &walk);
}

/* Its first member is what outside_days is given, as for foreach_walk. */
struct ids_walk {
	struct foreach_walk	 days;
	int			(*fn)(const char *, const char *, void *);
};

static int
ids_cb(const char *path, const char *id, size_t len, void *arg)
{
	struct ids_walk	*walk = arg;

	(void)len;
	return is_entry_path(path) ? walk->fn(path, id, walk->days.arg) : 0;
}

int
tend_entry_ids_dated(struct tend_journal *journal, const char *dir,
    const char *since, const char *until,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	struct ids_walk	 walk = { { tend_journal_cipher(journal), NULL, arg,
			    NULL, NULL, 0, since, until, 0 }, fn };

	return tend_store_list_pruned(tend_journal_store(journal), dir,
	    TEND_LIST_IDS, outside_days, ids_cb, &walk);
}

int
tend_entry_read_at(struct tend_entry **out, struct tend_journal *journal,
    const char *id, const char *path)
{
	char	*text;
	size_t	 len;
	int	 error;

	*out = NULL;
	if ((error = tend_store_read_blob_at(&text, &len,
	    tend_journal_store(journal), id, path)) < 0)
		return error;
	error = tend_entry_parse_sealed(out, tend_journal_cipher(journal),
	    path, text, len);
	free(text);
	return error >= 0 || error == TEND_ENOMEM ? error : 1;
}

int
tend_entry_foreach(struct tend_journal *journal, const char *dir,
    unsigned int where,
    int (*fn)(struct tend_entry *, void *), void *arg, tend_warn_fn warn,
    void *warn_arg)
{
	return tend_entry_foreach_dated(journal, dir, where, NULL, NULL, fn,
	    arg, warn, warn_arg);
}

int
tend_entry_foreach_dated(struct tend_journal *journal, const char *dir,
    unsigned int where, const char *since, const char *until,
    int (*fn)(struct tend_entry *, void *), void *arg, tend_warn_fn warn,
    void *warn_arg)
{
	struct foreach_walk	 walk = { tend_journal_cipher(journal), fn, arg,
				    warn, warn_arg, 0, since, until, 0 };

	return list_stores(journal, dir, where, TEND_LIST_CONTENT, &walk,
	    foreach_cb, &walk);
}

int
tend_entry_is_private(const struct tend_entry *entry)
{
	return entry->private;
}

const struct tend_meta *
tend_entry_meta(const struct tend_entry *entry)
{
	return entry->meta;
}

/* The front matter as aligned "label  value" lines, nested maps indented. */
static int
render_meta(struct tend_buf *out, const struct tend_meta *map, size_t depth,
    int flags)
{
	const struct tend_meta	*value;
	const char		*key;
	size_t			 i, j, width = 0;
	int			 error = 0;

	for (i = 0; i < tend_meta_count(map); i++) {
		key = tend_meta_key_at(map, i);
		if (strlen(key) > width)
			width = strlen(key);
	}
	for (i = 0; i < tend_meta_count(map) && error == 0; i++) {
		key = tend_meta_key_at(map, i);
		value = tend_meta_at(map, i);
		if (depth == 0 && strcmp(key, "kind") == 0)
			continue;
		if ((error = tend_buf_printf(out, "%*s%s", (int)depth * 2, "",
		    flags & TEND_RENDER_COLOR ? TEND_SGR_DIM : "")) < 0 ||
		    (error = tend_text_field_put(out, key, strlen(key), 0,
		    0)) < 0 ||
		    (error = tend_buf_puts(out, flags & TEND_RENDER_COLOR ?
		    TEND_SGR_PLAIN : "")) < 0)
			break;
		/* A nested mapping goes on the lines below its key. */
		if (tend_meta_type(value) != TEND_META_MAP &&
		    (error = tend_buf_printf(out, "%*s",
		    (int)(width - strlen(key) + 2), "")) < 0)
			break;
		/* A value is one line: a newline in it would forge the next. */
		switch (tend_meta_type(value)) {
		case TEND_META_TEXT:
			error = tend_text_field_put(out, tend_meta_text(value),
			    strlen(tend_meta_text(value)), 0, 0);
			break;
		case TEND_META_LIST:
			for (j = 0; j < tend_meta_count(value) && error == 0;
			    j++) {
				const struct tend_meta *item =
				    tend_meta_at(value, j);

				if (j != 0)
					error = tend_buf_puts(out, ", ");
				if (error == 0 && tend_meta_text(item) != NULL)
					error = tend_text_field_put(out,
					    tend_meta_text(item),
					    strlen(tend_meta_text(item)), 0, 0);
			}
			break;
		case TEND_META_MAP:
			if ((error = tend_buf_puts(out, "\n")) == 0)
				error = render_meta(out, value, depth + 1,
				    flags);
			continue;
		}
		if (error == 0)
			error = tend_buf_puts(out, "\n");
	}
	return error;
}

int
tend_entry_render(char **out, const struct tend_entry *entry, int flags)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	const char	*kind = tend_entry_kind(entry);
	int		error;

	if ((error = tend_buf_printf(&buf, "%s", flags & TEND_RENDER_COLOR ?
	    TEND_SGR_BOLD : "")) < 0 ||
	    (error = tend_text_sanitize(&buf, kind, strlen(kind))) < 0 ||
	    (error = tend_buf_puts(&buf, " ")) < 0 ||
	    (error = tend_text_sanitize(&buf, entry->id,
	    strlen(entry->id))) < 0 ||
	    (error = tend_buf_printf(&buf, "%s%s\n", flags & TEND_RENDER_COLOR ?
	    TEND_SGR_PLAIN : "", entry->private ? " (private)" : "")) < 0 ||
	    (error = render_meta(&buf, entry->meta, 0, flags)) < 0)
		goto fail;
	if (entry->body[0] != '\0' &&
	    ((error = tend_buf_puts(&buf, "\n")) < 0 ||
	    (error = tend_markdown_render(&buf, entry->body,
	    strlen(entry->body), flags)) < 0))
		goto fail;
	*out = tend_buf_detach(&buf);
	return 0;
fail:
	tend_buf_free(&buf);
	return error;
}
