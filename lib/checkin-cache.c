/*
 * Check-in rows (day, author, ratings) kept by blob id in .git/tend/checkins
 * (blob-cache.c): the dashboard's weeks of ratings would otherwise mean a
 * YAML parse of each check-in on each status.  Only an unsealed journal
 * keeps one, whose blobs say as much already.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * A record: the day's ten bytes, the five ratings as digits ('0':
 * missing), the author and a NUL, its tags (each followed by a space)
 * and a NUL.
 */
#define CHECKINS_HEADER	"tend-checkins 3 " TEND_VERSION "\n"
#define FIXED		(10 + TEND_PILLAR_COUNT)

int
tend_checkin_cache_open(struct tend_blob_cache **out, const char *gitdir)
{
	return tend_blob_cache_open(out, gitdir,
	    TEND_LAYOUT_CHECKIN_CACHE, CHECKINS_HEADER);
}

int
tend_checkin_cache_get(struct tend_blob_cache *cache, const char *id,
    struct tend_checkin_row *row)
{
	const char	*record, *tags;
	size_t		 len, i;
	int		 ratings[TEND_PILLAR_COUNT];

	if (tend_blob_cache_get(cache, id, &record, &len) < 0 ||
	    len <= FIXED || memchr(record, '\0', FIXED) != NULL ||
	    (tags = memchr(record + FIXED, '\0', len - FIXED)) == NULL ||
	    tags == record + len - 1 || memchr(tags + 1, '\0',
	    len - (size_t)(tags + 1 - record)) != record + len - 1)
		return -1;
	tags++;
	for (i = 0; i < TEND_PILLAR_COUNT; i++) {
		ratings[i] = record[10 + i] - '0';
		if (ratings[i] < 0 || ratings[i] > TEND_RATING_MAX)
			return -1;
	}
	if (row != NULL) {
		memcpy(row->day, record, 10);
		row->day[10] = '\0';
		row->author = record + FIXED;
		row->tags = tags;
		memcpy(row->ratings, ratings, sizeof(row->ratings));
	}
	return 0;
}

int
tend_checkin_cache_put(struct tend_blob_cache *cache, const char *id,
    const struct tend_checkin_row *row)
{
	struct tend_buf	 record = TEND_BUF_INIT;
	size_t		 i;
	char		 digits[TEND_PILLAR_COUNT];
	int		 error;

	if (strlen(row->day) != 10 || tend_checkin_cache_get(cache, id,
	    NULL) == 0)
		return 0;
	for (i = 0; i < TEND_PILLAR_COUNT; i++)
		digits[i] = (char)('0' + row->ratings[i]);
	if ((error = tend_buf_put(&record, row->day, 10)) == 0 &&
	    (error = tend_buf_put(&record, digits, sizeof(digits))) == 0 &&
	    (error = tend_buf_put(&record, row->author,
	    strlen(row->author) + 1)) == 0 &&
	    (error = tend_buf_puts(&record, row->tags != NULL ? row->tags :
	    "")) == 0 && (error = tend_buf_put(&record, "", 1)) == 0)
		error = tend_blob_cache_put(cache,
		    id, record.data, record.len);
	tend_buf_free(&record);
	return error;
}
