/*
 * What the dashboard needs of each resentment, kept by blob id in
 * .git/tend/resent: whether it is surely closed and its last day, and the
 * fields of its row.  Years of resentments then stay unread and unparsed;
 * a blob id names the bytes, so what is kept for it is what reading it
 * gives.  Only an unsealed journal keeps one: its blobs say as much
 * already.  A file cut short or unreadable is as if empty.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * After the header, a record a blob: its id (hex), 'C' (surely closed) or
 * 'O', the last day's ten bytes (or ten '-', none: no value starts so),
 * then 'V' and the row's day, raised, resolved, state, title, kind,
 * author and tags (each followed by a space), each ended by a NUL; or 'N'
 * (no row: read it again).
 */
#define RESENT_HEADER	"tend-resent 3 " TEND_VERSION "\n"
#define ID_LEN		(TEND_OID_SIZE - 1)
#define HEAD_LEN	(ID_LEN + 1 + 10 + 1)
#define NO_DAY		"----------"
#define NFIELDS		8

struct known {
	char				 id[TEND_OID_SIZE];
	struct tend_resent_known	 k;
	char				*own;	/* the fields, when not in text */
	int				 used;
};

struct tend_resent_cache {
	char		*file;
	char		*text;
	struct known	*items;
	size_t		 count, sorted, used, loaded;
	int		 dirty;
};

static int	by_id(const void *, const void *);
static int	add(struct tend_resent_cache *, const char *,
		    const struct tend_resent_known *, char *);
static int	copy_day(char [11], const char *, size_t);
static void	load(struct tend_resent_cache *);
static void	items_free(struct tend_resent_cache *);

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct known *)a)->id,
	    ((const struct known *)b)->id);
}

static int
add(struct tend_resent_cache *cache, const char *id,
    const struct tend_resent_known *k, char *own)
{
	struct known	*grown;

	if ((grown = realloc(cache->items, (cache->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	cache->items = grown;
	grown += cache->count++;
	memcpy(grown->id, id, ID_LEN);
	grown->id[ID_LEN] = '\0';
	grown->k = *k;
	grown->own = own;
	grown->used = 0;
	return 0;
}

static void
items_free(struct tend_resent_cache *cache)
{
	size_t	i;

	for (i = 0; i < cache->count; i++)
		free(cache->items[i].own);
	free(cache->items);
	cache->items = NULL;
	cache->count = 0;
}

/* A day of at most ten bytes, as the row keeps it; -1 if longer. */
static int
copy_day(char out[11], const char *day, size_t len)
{
	if (len > 10)
		return -1;
	memcpy(out, day, len);
	out[len] = '\0';
	return 0;
}

/* The cache's file; anything amiss in it, and it is as if empty. */
static void
load(struct tend_resent_cache *cache)
{
	struct tend_resent_known	 k;
	const char			*fields[NFIELDS];
	char				*text, *p, *end, *nul;
	size_t				 len, header = strlen(RESENT_HEADER), i;
	int				 bad = 0;

	if (tend_fs_read(&text, &len, cache->file) < 0) {
		tend_error_clear();
		return;
	}
	if (len < header || memcmp(text, RESENT_HEADER, header) != 0)
		bad = 1;
	for (p = text + header, end = text + len; !bad && p < end;) {
		memset(&k, 0, sizeof(k));
		if ((size_t)(end - p) < HEAD_LEN ||
		    strspn(p, "0123456789abcdef") < ID_LEN ||
		    memchr(p, '\0', HEAD_LEN) != NULL ||
		    (p[ID_LEN] != 'C' && p[ID_LEN] != 'O') ||
		    (p[HEAD_LEN - 1] != 'V' && p[HEAD_LEN - 1] != 'N')) {
			bad = 1;
			break;
		}
		k.closed = p[ID_LEN] == 'C';
		if (memcmp(p + ID_LEN + 1, NO_DAY, 10) != 0)
			copy_day(k.last, p + ID_LEN + 1, 10);
		k.valid = p[HEAD_LEN - 1] == 'V';
		nul = p + HEAD_LEN - 1;
		for (i = 0; k.valid && i < NFIELDS; i++) {
			fields[i] = nul + 1;
			if (fields[i] >= end || (nul = memchr(fields[i], '\0',
			    (size_t)(end - fields[i]))) == NULL ||
			    (i < 3 && copy_day(i == 0 ? k.day : i == 1 ?
			    k.raised : k.resolved, fields[i],
			    (size_t)(nul - fields[i])) < 0)) {
				bad = 1;
				break;
			}
		}
		if (bad)
			break;
		if (k.valid) {
			k.state = fields[3];
			k.title = fields[4];
			k.kind = fields[5];
			k.author = fields[6];
			k.tags = fields[7];
		}
		if (add(cache, p, &k, NULL) < 0)
			bad = 1;
		p = nul + 1;
	}
	if (!bad && cache->count > 1) {
		qsort(cache->items, cache->count, sizeof(*cache->items), by_id);
		for (i = 1; i < cache->count; i++)
			if (strcmp(cache->items[i - 1].id,
			    cache->items[i].id) == 0)
				bad = 1;
	}
	tend_error_clear();
	if (bad) {
		items_free(cache);
		free(text);
		return;
	}
	cache->text = text;
	cache->sorted = cache->loaded = cache->count;
}

int
tend_resent_cache_open(struct tend_resent_cache **out, const char *gitdir)
{
	struct tend_resent_cache	*cache;

	if ((cache = calloc(1, sizeof(*cache))) == NULL ||
	    (cache->file = tend_fs_join(gitdir, TEND_LAYOUT_RESENT_CACHE)) ==
	    NULL) {
		free(cache);
		return tend_error_nomem();
	}
	load(cache);
	*out = cache;
	return 0;
}

int
tend_resent_cache_get(struct tend_resent_cache *cache, const char *id,
    struct tend_resent_known *k)
{
	struct known	 key, *found;
	size_t		 i;

	if (strlen(id) != ID_LEN)
		return -1;
	memcpy(key.id, id, TEND_OID_SIZE);
	found = cache->sorted != 0 ? bsearch(&key, cache->items,
	    cache->sorted, sizeof(*cache->items), by_id) : NULL;
	for (i = cache->sorted; found == NULL && i < cache->count; i++)
		if (strcmp(cache->items[i].id, id) == 0)
			found = &cache->items[i];
	if (found == NULL)
		return -1;
	if (!found->used) {
		found->used = 1;
		cache->used++;
	}
	if (k != NULL)
		*k = found->k;
	return 0;
}

int
tend_resent_cache_put(struct tend_resent_cache *cache, const char *id,
    const struct tend_resent_known *given)
{
	struct tend_resent_known	 k = *given;
	const char			*from[5];
	const char			**to[5];
	char				*own = NULL, *p;
	size_t				 i, len = 0;
	int				 error;

	if (strlen(id) != ID_LEN || strlen(k.last) != (k.last[0] != '\0' ?
	    10 : 0) || tend_resent_cache_get(cache, id, NULL) == 0)
		return 0;
	/* The fields live in the entry read: copied, to outlive it. */
	if (k.valid) {
		from[0] = k.state;
		from[1] = k.title;
		from[2] = k.kind;
		from[3] = k.author;
		from[4] = k.tags != NULL ? k.tags : "";
		to[0] = &k.state;
		to[1] = &k.title;
		to[2] = &k.kind;
		to[3] = &k.author;
		to[4] = &k.tags;
		for (i = 0; i < 5; i++)
			len += strlen(from[i]) + 1;
		if ((own = malloc(len)) == NULL)
			return tend_error_nomem();
		for (p = own, i = 0; i < 5; i++) {
			len = strlen(from[i]) + 1;
			memcpy(p, from[i], len);
			*to[i] = p;
			p += len;
		}
	}
	if ((error = add(cache, id, &k, own)) < 0) {
		free(own);
		return error;
	}
	cache->items[cache->count - 1].used = 1;
	cache->used++;
	cache->dirty = 1;
	return 0;
}

void
tend_resent_cache_close(struct tend_resent_cache *cache, int save)
{
	struct tend_buf			 text = TEND_BUF_INIT;
	const struct tend_resent_known	*k;
	const char			*fields[NFIELDS];
	size_t				 i, j;
	int				 error;

	if (cache == NULL)
		return;
	/* Only what this walk met is kept: the blobs of HEAD. */
	if (save && (cache->dirty || cache->used != cache->loaded)) {
		error = tend_buf_puts(&text, RESENT_HEADER);
		for (i = 0; i < cache->count && error == 0; i++) {
			if (!cache->items[i].used)
				continue;
			k = &cache->items[i].k;
			if ((error = tend_buf_put(&text, cache->items[i].id,
			    ID_LEN)) < 0 || (error = tend_buf_put(&text,
			    k->closed ? "C" : "O", 1)) < 0 ||
			    (error = tend_buf_put(&text, k->last[0] != '\0' ?
			    k->last : NO_DAY, 10)) < 0 ||
			    (error = tend_buf_put(&text, k->valid ? "V" : "N",
			    1)) < 0)
				break;
			fields[0] = k->day;
			fields[1] = k->raised;
			fields[2] = k->resolved;
			fields[3] = k->state;
			fields[4] = k->title;
			fields[5] = k->kind;
			fields[6] = k->author;
			fields[7] = k->tags;
			for (j = 0; k->valid && j < NFIELDS && error == 0; j++)
				error = tend_buf_put(&text, fields[j],
				    strlen(fields[j]) + 1);
		}
		/* A cache that cannot be written only means reading again. */
		if (error == 0)
			(void)tend_fs_write_replace(cache->file, text.data,
			    text.len);
		tend_error_clear();
		tend_buf_free(&text);
	}
	items_free(cache);
	free(cache->text);
	free(cache->file);
	free(cache);
}
