/*
 * What the timeline shows of each entry, kept by blob id in .git/tend/log
 * (blob-cache.c): a whole timeline would otherwise mean a YAML parse of
 * every entry on each 'tend log'.  Only an unsealed journal keeps one: its
 * blobs say as much already.
 */

#include <string.h>

#include "internal.h"

/*
 * A record: the day's ten bytes, then the kind, the author, the title and
 * the tags (each followed by a space), each ended by a NUL.
 */
#define LOG_HEADER	"tend-log 1 " TEND_VERSION "\n"
#define NFIELDS		4

int
tend_log_cache_open(struct tend_blob_cache **out, const char *gitdir)
{
	return tend_blob_cache_open(out, gitdir, TEND_LAYOUT_LOG_CACHE,
	    LOG_HEADER);
}

int
tend_log_cache_get(struct tend_blob_cache *cache, const char *id,
    struct tend_log_known *out)
{
	const char	*record, *end, *field, *nul = NULL;
	const char	*fields[NFIELDS];
	size_t		 len, i;

	if (tend_blob_cache_get(cache, id, &record, &len) < 0 || len < 10 ||
	    memchr(record, '\0', 10) != NULL)
		return -1;
	end = record + len;
	for (field = record + 10, i = 0; i < NFIELDS; field = nul + 1, i++) {
		if (field >= end || (nul = memchr(field, '\0',
		    (size_t)(end - field))) == NULL)
			return -1;
		fields[i] = field;
	}
	if (field != end)
		return -1;
	if (out != NULL) {
		memcpy(out->day, record, 10);
		out->day[10] = '\0';
		out->kind = fields[0];
		out->author = fields[1];
		out->title = fields[2];
		out->tags = fields[3];
	}
	return 0;
}

int
tend_log_cache_put(struct tend_blob_cache *cache, const char *id,
    const struct tend_log_known *known)
{
	struct tend_buf	 record = TEND_BUF_INIT;
	const char	*fields[NFIELDS];
	size_t		 i;
	int		 error;

	if (strlen(known->day) != 10 || tend_log_cache_get(cache, id,
	    NULL) == 0)
		return 0;
	fields[0] = known->kind;
	fields[1] = known->author;
	fields[2] = known->title;
	fields[3] = known->tags;
	error = tend_buf_put(&record, known->day, 10);
	for (i = 0; i < NFIELDS && error == 0; i++)
		error = tend_buf_put(&record, fields[i], strlen(fields[i]) + 1);
	if (error == 0)
		error = tend_blob_cache_put(cache, id, record.data, record.len);
	tend_buf_free(&record);
	return error;
}
