/*
 * What the dashboard needs of each resentment, kept by blob id in
 * .git/tend/resent (blob-cache.c): whether it is surely closed and its
 * last day, and the fields of its row.  Years of resentments then stay
 * unread and unparsed.  Only an unsealed journal keeps one: its blobs say
 * as much already.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * A record: 'C' (surely closed) or 'O', the last day's ten bytes (or ten
 * '-', none: no value starts so), then 'V' and the row's day, raised,
 * resolved, state, title, kind, author and tags (each followed by a
 * space), each ended by a NUL; or 'N' (no row: read it again).
 */
#define RESENT_HEADER	"tend-resent 4 " TEND_VERSION "\n"
#define HEAD_LEN	(1 + 10 + 1)
#define NO_DAY		"----------"
#define NFIELDS		8

static int	copy_day(char [11], const char *, size_t);

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

int
tend_resent_cache_open(struct tend_blob_cache **out, const char *gitdir)
{
	return tend_blob_cache_open(out, gitdir, TEND_LAYOUT_RESENT_CACHE,
	    RESENT_HEADER);
}

int
tend_resent_cache_get(struct tend_blob_cache *cache, const char *id,
    struct tend_resent_known *out)
{
	struct tend_resent_known	 k;
	const char			*record, *end, *field, *nul;
	const char			*fields[NFIELDS];
	size_t				 len, i;

	if (tend_blob_cache_get(cache, id, &record, &len) < 0 ||
	    len < HEAD_LEN || (record[0] != 'C' && record[0] != 'O') ||
	    memchr(record, '\0', HEAD_LEN) != NULL ||
	    (record[HEAD_LEN - 1] != 'V' && record[HEAD_LEN - 1] != 'N'))
		return -1;
	memset(&k, 0, sizeof(k));
	k.closed = record[0] == 'C';
	if (memcmp(record + 1, NO_DAY, 10) != 0)
		copy_day(k.last, record + 1, 10);
	k.valid = record[HEAD_LEN - 1] == 'V';
	end = record + len;
	for (field = record + HEAD_LEN, i = 0; k.valid && i < NFIELDS;
	    field = nul + 1, i++) {
		if (field >= end || (nul = memchr(field, '\0',
		    (size_t)(end - field))) == NULL ||
		    (i < 3 && copy_day(i == 0 ? k.day : i == 1 ? k.raised :
		    k.resolved, field, (size_t)(nul - field)) < 0))
			return -1;
		fields[i] = field;
	}
	if (k.valid) {
		k.state = fields[3];
		k.title = fields[4];
		k.kind = fields[5];
		k.author = fields[6];
		k.tags = fields[7];
	}
	if (out != NULL)
		*out = k;
	return 0;
}

int
tend_resent_cache_put(struct tend_blob_cache *cache, const char *id,
    const struct tend_resent_known *k)
{
	struct tend_buf	 record = TEND_BUF_INIT;
	const char	*fields[NFIELDS];
	size_t		 i;
	int		 error;

	if (strlen(k->last) != (k->last[0] != '\0' ? 10 : 0) ||
	    tend_resent_cache_get(cache, id, NULL) == 0)
		return 0;
	fields[0] = k->day;
	fields[1] = k->raised;
	fields[2] = k->resolved;
	fields[3] = k->state;
	fields[4] = k->title;
	fields[5] = k->kind;
	fields[6] = k->author;
	fields[7] = k->tags != NULL ? k->tags : "";
	if ((error = tend_buf_put(&record, k->closed ? "C" : "O", 1)) == 0 &&
	    (error = tend_buf_put(&record, k->last[0] != '\0' ? k->last :
	    NO_DAY, 10)) == 0)
		error = tend_buf_put(&record, k->valid ? "V" : "N", 1);
	for (i = 0; k->valid && i < NFIELDS && error == 0; i++)
		error = tend_buf_put(&record, fields[i], strlen(fields[i]) + 1);
	if (error == 0)
		error = tend_blob_cache_put(cache, id, record.data,
		    record.len);
	tend_buf_free(&record);
	return error;
}
