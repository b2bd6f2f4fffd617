/*
 * What reading a blob gave, kept by the blob's id in a file of .git/tend,
 * so that years of entries stay unread and unparsed: a blob id names the
 * bytes, so what is kept for it is what reading it gives.  The record is
 * the caller's, as bytes; a file cut short or unreadable is as if empty,
 * and only the records this run met are written back.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * After the caller's header, a record a blob: its id (hex), the record's
 * length in eight hex digits, and its bytes.
 */
#define ID_LEN		(TEND_OID_SIZE - 1)
#define LEN_DIGITS	8
#define HEAD_LEN	(ID_LEN + LEN_DIGITS)

struct record {
	char		 id[TEND_OID_SIZE];
	const char	*bytes;		/* in text, or own */
	size_t		 len;
	char		*own;		/* put by this run */
	int		 used;
};

struct tend_blob_cache {
	char		*file;
	const char	*header;
	char		*text;
	struct record	*items;
	size_t		 count, sorted, used, loaded;
	int		 dirty;
};

static int	 by_id(const void *, const void *);
static int	 add(struct tend_blob_cache *, const char *, const char *,
		    size_t, char *);
static struct record *find(struct tend_blob_cache *, const char *);
static void	 load(struct tend_blob_cache *);
static void	 records_free(struct tend_blob_cache *);

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct record *)a)->id,
	    ((const struct record *)b)->id);
}

static int
add(struct tend_blob_cache *cache, const char *id, const char *bytes,
    size_t len, char *own)
{
	struct record	*grown;

	if ((grown = realloc(cache->items, (cache->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	cache->items = grown;
	grown += cache->count++;
	memcpy(grown->id, id, ID_LEN);
	grown->id[ID_LEN] = '\0';
	grown->bytes = bytes;
	grown->len = len;
	grown->own = own;
	grown->used = 0;
	return 0;
}

static void
records_free(struct tend_blob_cache *cache)
{
	size_t	i;

	for (i = 0; i < cache->count; i++)
		free(cache->items[i].own);
	free(cache->items);
	cache->items = NULL;
	cache->count = 0;
}

/* The file's records, sorted by id; anything amiss, and there are none. */
static void
load(struct tend_blob_cache *cache)
{
	char	*text, *p, *end, digits[LEN_DIGITS + 1];
	size_t	 len, header = strlen(cache->header), i, record;
	int	 bad = 0;

	if (tend_fs_read(&text, &len, cache->file) < 0) {
		tend_error_clear();
		return;
	}
	if (len < header || memcmp(text, cache->header, header) != 0)
		bad = 1;
	for (p = text + header, end = text + len; !bad && p < end;
	    p += HEAD_LEN + record) {
		if ((size_t)(end - p) < HEAD_LEN ||
		    strspn(p, "0123456789abcdef") < HEAD_LEN) {
			bad = 1;
			break;
		}
		memcpy(digits, p + ID_LEN, LEN_DIGITS);
		digits[LEN_DIGITS] = '\0';
		record = (size_t)strtoul(digits, NULL, 16);
		if (record > (size_t)(end - p) - HEAD_LEN ||
		    add(cache, p, p + HEAD_LEN, record, NULL) < 0)
			bad = 1;
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
		records_free(cache);
		free(text);
		return;
	}
	cache->text = text;
	cache->sorted = cache->loaded = cache->count;
}

int
tend_blob_cache_open(struct tend_blob_cache **out, const char *gitdir,
    const char *name, const char *header)
{
	struct tend_blob_cache	*cache;

	if ((cache = calloc(1, sizeof(*cache))) == NULL ||
	    (cache->file = tend_fs_join(gitdir, name)) == NULL) {
		free(cache);
		return tend_error_nomem();
	}
	cache->header = header;
	load(cache);
	*out = cache;
	return 0;
}

/* The record of ID: the file's by search, then those put by this run. */
static struct record *
find(struct tend_blob_cache *cache, const char *id)
{
	struct record	 key, *found;
	size_t		 i;

	if (strlen(id) != ID_LEN)
		return NULL;
	memcpy(key.id, id, TEND_OID_SIZE);
	found = cache->sorted != 0 ? bsearch(&key, cache->items,
	    cache->sorted, sizeof(*cache->items), by_id) : NULL;
	for (i = cache->sorted; found == NULL && i < cache->count; i++)
		if (strcmp(cache->items[i].id, id) == 0)
			found = &cache->items[i];
	return found;
}

int
tend_blob_cache_get(struct tend_blob_cache *cache, const char *id,
    const char **bytes, size_t *len)
{
	struct record	*found;

	if ((found = find(cache, id)) == NULL)
		return -1;
	if (!found->used) {
		found->used = 1;
		cache->used++;
	}
	*bytes = found->bytes;
	*len = found->len;
	return 0;
}

int
tend_blob_cache_put(struct tend_blob_cache *cache, const char *id,
    const char *bytes, size_t len)
{
	struct record	*found;
	char		*own;

	if (strlen(id) != ID_LEN || len >= (size_t)1 << (4 * LEN_DIGITS))
		return 0;
	if ((own = malloc(len != 0 ? len : 1)) == NULL)
		return tend_error_nomem();
	memcpy(own, bytes, len);
	/* A record its reader could not make sense of is replaced. */
	if ((found = find(cache, id)) != NULL) {
		free(found->own);
		if (!found->used)
			cache->used++;
	} else if (add(cache, id, NULL, 0, NULL) < 0) {
		free(own);
		return TEND_ENOMEM;
	} else {
		found = &cache->items[cache->count - 1];
		cache->used++;
	}
	found->bytes = found->own = own;
	found->len = len;
	found->used = 1;
	cache->dirty = 1;
	return 0;
}

void
tend_blob_cache_close(struct tend_blob_cache *cache, int save)
{
	struct tend_buf	 text = TEND_BUF_INIT;
	struct record	*r;
	size_t		 i;
	char		 digits[LEN_DIGITS + 1];
	int		 error;

	if (cache == NULL)
		return;
	if (save && (cache->dirty || cache->used != cache->loaded)) {
		error = tend_buf_puts(&text, cache->header);
		for (i = 0; i < cache->count && error == 0; i++) {
			if (!(r = &cache->items[i])->used)
				continue;
			snprintf(digits, sizeof(digits), "%08zx", r->len);
			if ((error = tend_buf_put(&text, r->id, ID_LEN)) < 0 ||
			    (error = tend_buf_put(&text, digits,
			    LEN_DIGITS)) < 0)
				break;
			error = tend_buf_put(&text, r->bytes, r->len);
		}
		/* A cache that cannot be written only means reading again. */
		if (error == 0)
			(void)tend_fs_write_replace(cache->file, text.data,
			    text.len);
		tend_error_clear();
		tend_buf_free(&text);
	}
	records_free(cache);
	free(cache->text);
	free(cache->file);
	free(cache);
}
