/*
 * The journal as one JSON document: every entry with its front matter
 * and its body, for programs of the partners' own choosing.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Raised when the document's shape changes in a way readers must know. */
#define EXPORT_JSON_VERSION	1

struct json_walk {
	struct tend_buf	*out;
	size_t		 count;
};

static int	put_field(struct tend_buf *, const char *, const char *);
static int	entry_cb(struct tend_entry *, void *);

/* "KEY": "VALUE", or null when VALUE is NULL. */
static int
put_field(struct tend_buf *out, const char *key, const char *value)
{
	int	error;

	if ((error = tend_buf_printf(out, "\"%s\": ", key)) < 0)
		return error;
	if (value == NULL)
		return tend_buf_puts(out, "null");
	return tend_json_string(out, value, strlen(value));
}

static int
entry_cb(struct tend_entry *entry, void *arg)
{
	struct json_walk	*walk = arg;
	struct tend_buf		*out = walk->out;
	const struct tend_meta	*meta = tend_entry_meta(entry);
	const char		*date, *body;
	int			 error;

	/* A shared reflection's private copy: the shared one is there. */
	if (tend_entry_is_private(entry) && tend_meta_get_text(meta,
	    "shared") != NULL && strcmp(tend_meta_get_text(meta, "shared"),
	    "true") == 0)
		return 0;
	/* Agreements carry the day they were made as created. */
	if ((date = tend_meta_get_text(meta, "date")) == NULL)
		date = tend_meta_get_text(meta, "created");
	body = tend_entry_body(entry);
	if ((error = tend_buf_puts(out, walk->count == 0 ? "\n    {\n      " :
	    ",\n    {\n      ")) < 0 ||
	    (error = put_field(out, "id", tend_entry_id(entry))) < 0 ||
	    (error = tend_buf_puts(out, ",\n      ")) < 0 ||
	    (error = put_field(out, "kind", tend_entry_kind(entry))) < 0 ||
	    (error = tend_buf_puts(out, ",\n      ")) < 0 ||
	    (error = put_field(out, "author", tend_entry_author(entry))) < 0 ||
	    (error = tend_buf_puts(out, ",\n      ")) < 0 ||
	    (error = put_field(out, "date", date)) < 0 ||
	    (error = tend_buf_puts(out, ",\n      ")) < 0 ||
	    (error = put_field(out, "path", tend_entry_path(entry))) < 0 ||
	    (error = tend_buf_printf(out, ",\n      \"private\": %s,\n      "
	    "\"front_matter\": ", tend_entry_is_private(entry) ? "true" :
	    "false")) < 0 ||
	    (error = tend_json_meta(out, meta)) < 0 ||
	    (error = tend_buf_puts(out, ",\n      ")) < 0 ||
	    (error = put_field(out, "body", body != NULL ? body : "")) < 0 ||
	    (error = tend_buf_puts(out, "\n    }")) < 0)
		return error;
	walk->count++;
	return 0;
}

int
tend_export_json(char **out, size_t *len, size_t *count,
    struct tend_journal *journal, unsigned int where, tend_warn_fn warn,
    void *warn_arg)
{
	static const enum tend_kind kinds[] = {
		TEND_KIND_CHECKIN, TEND_KIND_REFLECT, TEND_KIND_RESENT,
		TEND_KIND_AGREE,
	};
	struct tend_buf		json = TEND_BUF_INIT;
	struct json_walk	walk = { &json, 0 };
	size_t			i;
	int			error;

	*out = NULL;
	*len = 0;
	if ((error = tend_buf_printf(&json, "{\n  \"version\": %d,\n  "
	    "\"generator\": \"tend %s\",\n  \"entries\": [",
	    EXPORT_JSON_VERSION, TEND_VERSION)) < 0)
		goto out;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((error = tend_entry_foreach(journal,
		    tend_kind_name(kinds[i]), where, entry_cb, &walk, warn,
		    warn_arg)) < 0)
			goto out;
	if ((error = tend_buf_puts(&json, walk.count != 0 ? "\n  ]\n}\n" :
	    "]\n}\n")) < 0)
		goto out;
	*len = json.len;
	*count = walk.count;
	*out = tend_buf_detach(&json);
out:
	tend_buf_free(&json);
	return error;
}

int
tend_export_save(struct tend_journal *journal, const char *path,
    const char *data, size_t len)
{
	int	error;

	/* A file inside the journal is one 'git add' away from shared. */
	if ((error = tend_export_check_dir(journal, path)) < 0)
		return error;
	return tend_fs_write_atomic(path, data, len);
}
