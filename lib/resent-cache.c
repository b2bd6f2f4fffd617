/*
 * What the dashboard needs to know of each resentment before it reads it
 * whole: whether it is surely closed, and its last day, kept by blob id
 * in .git/tend/resent.  Years of closed resentments then stay unread; a
 * blob id names the bytes, so what is kept for it is what reading gives.
 * Only an unsealed journal keeps one: its blobs say as much already.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A line a blob: "ID C DAY" (closed, DAY its last day), "ID C -" (closed,
 * no day), "ID O" (to be read). */
#define RESENT_HEADER	"tend-resent 1 " TEND_VERSION "\n"
#define ID_LEN		(TEND_OID_SIZE - 1)

struct known {
	char	id[TEND_OID_SIZE];
	char	last[11];
	int	state;		/* 0: to be read; 1: closed */
	int	used;
};

struct tend_resent_cache {
	char		*file;
	struct known	*items;
	size_t		 count, sorted, used;
	size_t		 loaded;
	int		 dirty;
};

static int	by_id(const void *, const void *);
static int	add(struct tend_resent_cache *, const char *, int,
		    const char *);
static void	load(struct tend_resent_cache *);

static int
by_id(const void *a, const void *b)
{
	return strcmp(((const struct known *)a)->id,
	    ((const struct known *)b)->id);
}

static int
add(struct tend_resent_cache *cache, const char *id, int state,
    const char *last)
{
	struct known	*grown;

	if ((grown = realloc(cache->items, (cache->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	cache->items = grown;
	grown += cache->count++;
	memcpy(grown->id, id, ID_LEN);
	grown->id[ID_LEN] = '\0';
	memcpy(grown->last, last, sizeof(grown->last));
	grown->state = state;
	grown->used = 0;
	return 0;
}

/* The cache's file; anything amiss in it, and it is as if empty. */
static void
load(struct tend_resent_cache *cache)
{
	char	*text, *line, *next, last[11];
	size_t	 len, header = strlen(RESENT_HEADER), i;
	int	 bad = 0, state;

	if (tend_fs_read(&text, &len, cache->file) < 0) {
		tend_error_clear();
		return;
	}
	if (strlen(text) != len || len < header ||
	    memcmp(text, RESENT_HEADER, header) != 0)
		bad = 1;
	for (line = text + header; !bad && *line != '\0'; line = next + 1) {
		if ((next = strchr(line, '\n')) == NULL ||
		    strspn(line, "0123456789abcdef") != ID_LEN ||
		    line[ID_LEN] != ' ') {
			bad = 1;
			break;
		}
		last[0] = '\0';
		if (next - line == ID_LEN + 2 && line[ID_LEN + 1] == 'O')
			state = 0;
		else if (next - line == ID_LEN + 4 &&
		    memcmp(line + ID_LEN + 1, "C -", 3) == 0)
			state = 1;
		else if (next - line == ID_LEN + 13 &&
		    memcmp(line + ID_LEN + 1, "C ", 2) == 0) {
			state = 1;
			memcpy(last, line + ID_LEN + 3, 10);
			last[10] = '\0';
		} else {
			bad = 1;
			break;
		}
		if (add(cache, line, state, last) < 0)
			bad = 1;
	}
	if (!bad && cache->count > 1) {
		qsort(cache->items, cache->count, sizeof(*cache->items), by_id);
		for (i = 1; i < cache->count; i++)
			if (strcmp(cache->items[i - 1].id,
			    cache->items[i].id) == 0)
				bad = 1;
	}
	if (bad) {
		free(cache->items);
		cache->items = NULL;
		cache->count = 0;
	}
	tend_error_clear();
	cache->sorted = cache->loaded = cache->count;
	free(text);
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
    char last[11])
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
	memcpy(last, found->last, 11);
	return found->state;
}

int
tend_resent_cache_put(struct tend_resent_cache *cache, const char *id,
    int closed, const char *last)
{
	int	error;

	if (strlen(id) != ID_LEN || tend_resent_cache_get(cache, id,
	    (char [11]){ 0 }) >= 0)
		return 0;
	if ((error = add(cache, id, closed, closed ? last : "")) < 0)
		return error;
	cache->items[cache->count - 1].used = 1;
	cache->used++;
	cache->dirty = 1;
	return 0;
}

void
tend_resent_cache_close(struct tend_resent_cache *cache, int save)
{
	struct tend_buf	 text = TEND_BUF_INIT;
	struct known	*k;
	size_t		 i;
	int		 error;

	if (cache == NULL)
		return;
	/* Only what this walk met is kept: the blobs of HEAD. */
	if (save && (cache->dirty || cache->used != cache->loaded)) {
		error = tend_buf_puts(&text, RESENT_HEADER);
		for (i = 0; i < cache->count && error == 0; i++) {
			if (!(k = &cache->items[i])->used)
				continue;
			error = k->state == 0 ?
			    tend_buf_printf(&text, "%s O\n", k->id) :
			    tend_buf_printf(&text, "%s C %s\n", k->id,
			    k->last[0] != '\0' ? k->last : "-");
		}
		/* A cache that cannot be written only means reading again. */
		if (error == 0)
			(void)tend_fs_write_replace(cache->file, text.data,
			    text.len);
		tend_error_clear();
		tend_buf_free(&text);
	}
	free(cache->items);
	free(cache->file);
	free(cache);
}
