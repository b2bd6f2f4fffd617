/*
 * Check-in rows (day, author, ratings) kept by blob id in .git/tend/checkins:
 * the dashboard's weeks of ratings would otherwise mean a YAML parse of
 * each check-in on each status.  A blob id names the bytes, so the row
 * kept for it is what reading it gives.  Only an unsealed journal keeps
 * one, whose blobs say as much already; a file cut short or unreadable
 * is as if empty.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * After the header, a record a blob: its id (hex), the day's ten bytes,
 * the five ratings as digits ('0': missing), the author, a NUL, its tags
 * each followed by a space, a NUL.
 */
#define CHECKINS_HEADER	"tend-checkins 2 " TEND_VERSION "\n"
#define ID_LEN		(TEND_OID_SIZE - 1)
#define FIXED		(ID_LEN + 10 + TEND_PILLAR_COUNT)

struct row {
	char		 id[TEND_OID_SIZE];
	char		 day[11];
	int		 ratings[TEND_PILLAR_COUNT];
	const char	*author;
	const char	*tags;
	char		*own;		/* the author, when not in text */
	char		*own_tags;	/* the tags, when not in text */
	int		 used;
};

struct tend_checkin_cache {
	char		*file;
	char		*text;
	struct row	*items;
	size_t		 count, sorted, used, loaded;
	int		 dirty;
};

static int	by_id(const void *, const void *);
static int	add(struct tend_checkin_cache *, const char *, const char *,
		    const int *, const char *, char *, const char *, char *);
static void	load(struct tend_checkin_cache *);
static void	rows_free(struct tend_checkin_cache *);

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->id,
	    ((const struct row *)b)->id);
}

static int
add(struct tend_checkin_cache *cache, const char *id, const char *day,
    const int *ratings, const char *author, char *own, const char *tags,
    char *own_tags)
{
	struct row	*grown;

	if ((grown = realloc(cache->items, (cache->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	cache->items = grown;
	grown += cache->count++;
	memcpy(grown->id, id, ID_LEN);
	grown->id[ID_LEN] = '\0';
	memcpy(grown->day, day, 10);
	grown->day[10] = '\0';
	memcpy(grown->ratings, ratings, sizeof(grown->ratings));
	grown->author = author;
	grown->own = own;
	grown->tags = tags;
	grown->own_tags = own_tags;
	grown->used = 0;
	return 0;
}

static void
rows_free(struct tend_checkin_cache *cache)
{
	size_t	i;

	for (i = 0; i < cache->count; i++) {
		free(cache->items[i].own);
		free(cache->items[i].own_tags);
	}
	free(cache->items);
	cache->items = NULL;
	cache->count = 0;
}

/* The cache's file; anything amiss in it, and it is as if empty. */
static void
load(struct tend_checkin_cache *cache)
{
	char	*text, *p, *end, *nul, *tags;
	size_t	 len, header = strlen(CHECKINS_HEADER), i;
	int	 ratings[TEND_PILLAR_COUNT], bad = 0;

	if (tend_fs_read(&text, &len, cache->file) < 0) {
		tend_error_clear();
		return;
	}
	if (len < header || memcmp(text, CHECKINS_HEADER, header) != 0)
		bad = 1;
	for (p = text + header, end = text + len; !bad && p < end;
	    p = nul + 1) {
		if ((size_t)(end - p) <= FIXED ||
		    strspn(p, "0123456789abcdef") < ID_LEN ||
		    memchr(p, '\0', FIXED) != NULL ||
		    (nul = memchr(p + FIXED, '\0', (size_t)(end - p -
		    FIXED))) == NULL || (tags = nul + 1) >= end ||
		    (nul = memchr(tags, '\0', (size_t)(end - tags))) ==
		    NULL) {
			bad = 1;
			break;
		}
		for (i = 0; i < TEND_PILLAR_COUNT; i++) {
			ratings[i] = p[ID_LEN + 10 + i] - '0';
			if (ratings[i] < 0 || ratings[i] > TEND_RATING_MAX)
				bad = 1;
		}
		if (bad || add(cache, p, p + ID_LEN, ratings, p + FIXED,
		    NULL, tags, NULL) < 0)
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
		rows_free(cache);
		free(text);
		return;
	}
	cache->text = text;
	cache->sorted = cache->loaded = cache->count;
}

int
tend_checkin_cache_open(struct tend_checkin_cache **out, const char *gitdir)
{
	struct tend_checkin_cache	*cache;

	if ((cache = calloc(1, sizeof(*cache))) == NULL ||
	    (cache->file = tend_fs_join(gitdir, TEND_LAYOUT_CHECKIN_CACHE)) ==
	    NULL) {
		free(cache);
		return tend_error_nomem();
	}
	load(cache);
	*out = cache;
	return 0;
}

int
tend_checkin_cache_get(struct tend_checkin_cache *cache, const char *id,
    struct tend_checkin_row *row)
{
	struct row	 key, *found;
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
	if (row != NULL) {
		memcpy(row->day, found->day, sizeof(row->day));
		row->author = found->author;
		row->tags = found->tags;
		memcpy(row->ratings, found->ratings, sizeof(row->ratings));
	}
	return 0;
}

int
tend_checkin_cache_put(struct tend_checkin_cache *cache, const char *id,
    const struct tend_checkin_row *row)
{
	char	*own, *own_tags;
	int	 error;

	if (strlen(id) != ID_LEN || strlen(row->day) != 10 ||
	    tend_checkin_cache_get(cache, id, NULL) == 0)
		return 0;
	own = strdup(row->author);
	own_tags = strdup(row->tags != NULL ? row->tags : "");
	if (own == NULL || own_tags == NULL) {
		free(own);
		free(own_tags);
		return tend_error_nomem();
	}
	if ((error = add(cache, id, row->day, row->ratings, own, own,
	    own_tags, own_tags)) < 0) {
		free(own);
		free(own_tags);
		return error;
	}
	cache->items[cache->count - 1].used = 1;
	cache->used++;
	cache->dirty = 1;
	return 0;
}

void
tend_checkin_cache_close(struct tend_checkin_cache *cache, int save)
{
	struct tend_buf	 text = TEND_BUF_INIT;
	struct row	*r;
	size_t		 i, j;
	char		 digits[TEND_PILLAR_COUNT];
	int		 error;

	if (cache == NULL)
		return;
	/* Only what this walk met is kept: the weeks it read. */
	if (save && (cache->dirty || cache->used != cache->loaded)) {
		error = tend_buf_puts(&text, CHECKINS_HEADER);
		for (i = 0; i < cache->count && error == 0; i++) {
			if (!(r = &cache->items[i])->used)
				continue;
			for (j = 0; j < TEND_PILLAR_COUNT; j++)
				digits[j] = (char)('0' + r->ratings[j]);
			if ((error = tend_buf_put(&text, r->id, ID_LEN)) < 0 ||
			    (error = tend_buf_put(&text, r->day, 10)) < 0 ||
			    (error = tend_buf_put(&text, digits,
			    sizeof(digits))) < 0)
				break;
			if ((error = tend_buf_put(&text, r->author,
			    strlen(r->author) + 1)) < 0)
				break;
			error = tend_buf_put(&text, r->tags,
			    strlen(r->tags) + 1);
		}
		/* A cache that cannot be written only means reading again. */
		if (error == 0)
			(void)tend_fs_write_replace(cache->file, text.data,
			    text.len);
		tend_error_clear();
		tend_buf_free(&text);
	}
	rows_free(cache);
	free(cache->text);
	free(cache->file);
	free(cache);
}
