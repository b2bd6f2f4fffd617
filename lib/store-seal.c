/*
 * An encrypted journal's blobs: sealed on their way into the object
 * store, opened on their way out, whether tend reads them, libgit2
 * checks them out or cleans a file (the "tend" filter), or merges two
 * sides of one (the "tend" merge driver).  Which paths are sealed is the
 * layout's to say (tend_layout_is_sealed); the cipher is the journal's.
 *
 * libgit2 keeps filters and merge drivers in one table for the whole
 * process, and calls them with a repository alone: the stores with a
 * cipher are listed here so that the filter and the driver find the
 * cipher of the repository they run for.  This list is the library's
 * only state outside an object it hands out, forced by that table.
 */

#include <git2.h>
#include <git2/sys/filter.h>
#include <git2/sys/merge.h>

#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

#define DRIVER_NAME	"tend"
/* The first line of a sealed commit message: it tells nothing. */
#define SEALED_SUBJECT	"sealed by tend"
#define MESSAGE_WIDTH	72

static struct tend_store *sealed_stores;

static struct tend_store *store_of(git_repository *);
static int	filter_check(git_filter *, void **, const git_filter_source *,
		    const char **);
static int	filter_apply(git_filter *, void **, git_buf *, const git_buf *,
		    const git_filter_source *);
static int	driver_apply(git_merge_driver *, const char **, uint32_t *,
		    git_buf *, const char *, const git_merge_driver_source *);

static git_filter filter = {
	.version = GIT_FILTER_VERSION,
	.attributes = "filter=" DRIVER_NAME,
	.check = filter_check,
	.apply = filter_apply,
};

static git_merge_driver driver = {
	.version = GIT_MERGE_DRIVER_VERSION,
	.apply = driver_apply,
};

int
store_seal_register(void)
{
	int	error;

	if ((error = git_filter_register(DRIVER_NAME, &filter,
	    GIT_FILTER_DRIVER_PRIORITY)) < 0 ||
	    (error = git_merge_driver_register(DRIVER_NAME, &driver)) < 0)
		return store_fail(error, "cannot register tend's filter");
	return 0;
}

void
tend_store_set_cipher(struct tend_store *store,
    const struct tend_cipher *cipher)
{
	struct tend_store	**at;

	for (at = &sealed_stores; *at != NULL; at = &(*at)->next_sealed)
		if (*at == store) {
			*at = store->next_sealed;
			break;
		}
	store->cipher = cipher;
	store->next_sealed = NULL;
	if (cipher != NULL) {
		store->next_sealed = sealed_stores;
		sealed_stores = store;
	}
}

void
store_seal_forget(struct tend_store *store)
{
	tend_store_set_cipher(store, NULL);
}

static struct tend_store *
store_of(git_repository *repo)
{
	struct tend_store	*store;

	for (store = sealed_stores; store != NULL; store = store->next_sealed)
		if (store->repo == repo)
			return store;
	return NULL;
}

int
store_seal(struct tend_buf *out, struct tend_store *store, const char *path,
    const char *data, size_t len)
{
	if (store->cipher == NULL || !tend_layout_is_sealed(path))
		return tend_buf_put(out, data, len);
	if (tend_cipher_seal(out, store->cipher, TEND_SEALED_FILE, data,
	    len) < 0)
		return tend_error_wrap(TEND_ERROR, "cannot encrypt '%s'", path);
	return 0;
}

int
store_unseal(struct tend_buf *out, struct tend_store *store, const char *path,
    const char *data, size_t len)
{
	if (!tend_sealed_is(data, len))
		return tend_buf_put(out, data, len);
	if (store->cipher == NULL)
		return tend_error_set(TEND_ERROR, "'%s' is encrypted, and "
		    "this device holds no key of the journal's", path);
	if (tend_cipher_open(out, store->cipher, TEND_SEALED_FILE, data,
	    len) < 0)
		return tend_error_wrap(TEND_ERROR, "cannot decrypt '%s'",
		    path);
	return 0;
}

int
tend_store_seal(struct tend_buf *out, struct tend_store *store,
    const char *path, const char *data, size_t len)
{
	return store_seal(out, store, path, data, len);
}

int
tend_store_unseal(struct tend_buf *out, struct tend_store *store,
    const char *path, const char *data, size_t len)
{
	return store_unseal(out, store, path, data, len);
}

int
store_seal_message(struct tend_buf *out, struct tend_store *store,
    const char *message)
{
	struct tend_buf	sealed = TEND_BUF_INIT, text = TEND_BUF_INIT;
	size_t		at, line;
	int		error;

	if (store->cipher == NULL)
		return tend_buf_puts(out, message);
	/* A subject line that says nothing, then the sealed text in base64. */
	if ((error = tend_cipher_seal(&sealed, store->cipher,
	    TEND_SEALED_MESSAGE, message, strlen(message))) < 0 ||
	    (error = tend_crypto_base64(&text, sealed.data, sealed.len,
	    TEND_BASE64_PADDED)) < 0 ||
	    (error = tend_buf_puts(out, SEALED_SUBJECT "\n\n")) < 0)
		goto out;
	for (at = 0; at < text.len && error == 0; at += line) {
		line = text.len - at < MESSAGE_WIDTH ? text.len - at :
		    MESSAGE_WIDTH;
		if ((error = tend_buf_put(out, text.data + at, line)) == 0)
			error = tend_buf_puts(out, "\n");
	}
out:
	tend_buf_free(&sealed);
	tend_buf_free(&text);
	return error;
}

int
tend_store_seal_message(struct tend_buf *out, struct tend_store *store,
    const char *message)
{
	if (store_message_is_sealed(message))
		return tend_buf_puts(out, message);
	return store_seal_message(out, store, message);
}

int
store_message_is_sealed(const char *message)
{
	return strncmp(message, SEALED_SUBJECT "\n\n",
	    strlen(SEALED_SUBJECT "\n\n")) == 0;
}

int
tend_store_blob_sealed(int *sealed, struct tend_store *store, const char *id)
{
	git_blob	*blob;
	int		 error;

	if ((error = store_blob_by_id(&blob, store, id)) < 0)
		return error;
	*sealed = tend_sealed_is(git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 0;
}

int
store_open_message(struct tend_buf *out, struct tend_store *store,
    const char *message, const char *commit)
{
	const char	*body = message + strlen(SEALED_SUBJECT "\n\n");
	uint8_t		*sealed;
	size_t		 max, len;
	int		 error;

	if (!store_message_is_sealed(message))
		return tend_buf_puts(out, message);
	if (store->cipher == NULL)
		return tend_error_set(TEND_ERROR, "the message of commit "
		    "%.7s is encrypted, and this device holds no key of the "
		    "journal's", commit);
	max = strlen(body) / 4 * 3 + 3;
	if ((sealed = malloc(max)) == NULL)
		return tend_error_nomem();
	if ((error = tend_crypto_unbase64(sealed, max, &len, body,
	    strlen(body), "\n")) < 0 ||
	    (error = tend_cipher_open(out, store->cipher, TEND_SEALED_MESSAGE,
	    (const char *)sealed, len)) < 0)
		error = tend_error_wrap(TEND_ERROR, "cannot read the message "
		    "of commit %.7s", commit);
	free(sealed);
	return error;
}

static int
filter_check(git_filter *self, void **payload, const git_filter_source *src,
    const char **attr_values)
{
	struct tend_store	*store = store_of(git_filter_source_repo(src));

	(void)self;
	(void)attr_values;
	if (store == NULL || !tend_layout_is_sealed(
	    git_filter_source_path(src)))
		return GIT_PASSTHROUGH;
	*payload = store;
	return 0;
}

/* Smudge opens, clean seals: git's words for to the work tree and back. */
static int
filter_apply(git_filter *self, void **payload, git_buf *to,
    const git_buf *from, const git_filter_source *src)
{
	struct tend_store	*store = *payload;
	struct tend_buf		 out = TEND_BUF_INIT;
	const char		*path = git_filter_source_path(src);
	int			 error;

	(void)self;
	if (git_filter_source_mode(src) == GIT_FILTER_TO_WORKTREE)
		error = store_unseal(&out, store, path, from->ptr, from->size);
	else
		error = store_seal(&out, store, path, from->ptr, from->size);
	if (error == 0 && git_buf_set(to, out.data != NULL ? out.data : "",
	    out.len) < 0)
		error = TEND_ENOMEM;
	tend_buf_free(&out);
	if (error < 0) {
		git_error_set_str(GIT_ERROR_FILTER, tend_error());
		return -1;
	}
	return 0;
}

int
tend_store_merge_sealed(struct tend_buf *out, int *clean,
    struct tend_store *store, const char *path, const char *const texts[3],
    const size_t lens[3], const char *our_label, const char *their_label)
{
	git_merge_file_input	 inputs[3];
	git_merge_file_options	 opts;
	git_merge_file_result	 merged;
	struct tend_buf		 sides[3] = { TEND_BUF_INIT, TEND_BUF_INIT,
				    TEND_BUF_INIT };
	size_t			 i;
	int			 error = 0;

	for (i = 0; i < 3 && error == 0; i++) {
		if ((error = store_unseal(&sides[i], store, path, texts[i] !=
		    NULL ? texts[i] : "", texts[i] != NULL ? lens[i] : 0)) < 0)
			break;
		git_merge_file_input_init(&inputs[i],
		    GIT_MERGE_FILE_INPUT_VERSION);
		inputs[i].ptr = sides[i].data != NULL ? sides[i].data : "";
		inputs[i].size = sides[i].len;
		inputs[i].path = path;
		inputs[i].mode = GIT_FILEMODE_BLOB;
	}
	if (error < 0)
		goto out;
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	opts.our_label = our_label;
	opts.their_label = their_label;
	/* As .gitattributes' merge=union does for a journal not sealed. */
	if (strcmp(path, "tend.conf") == 0)
		opts.favor = GIT_MERGE_FILE_FAVOR_UNION;
	if ((error = git_merge_file(&merged, &inputs[0], &inputs[1],
	    &inputs[2], &opts)) < 0) {
		error = store_fail(error, "cannot merge '%s'", path);
		goto out;
	}
	*clean = merged.automergeable;
	error = store_seal(out, store, path, merged.ptr, merged.len);
	git_merge_file_result_free(&merged);
out:
	for (i = 0; i < 3; i++)
		tend_buf_free(&sides[i]);
	return error;
}

int
store_seal_merge(struct tend_buf *out, int *clean, struct tend_store *store,
    const char *path, const git_index_entry *base,
    const git_index_entry *ours, const git_index_entry *theirs,
    const char *our_label, const char *their_label)
{
	const git_index_entry	*entries[3] = { base, ours, theirs };
	const char		*texts[3] = { NULL, NULL, NULL };
	git_blob		*blobs[3] = { NULL, NULL, NULL };
	size_t			 lens[3] = { 0, 0, 0 }, i;
	int			 error = 0;

	for (i = 0; i < 3 && error == 0; i++) {
		if (entries[i] == NULL)
			continue;
		if ((error = git_blob_lookup(&blobs[i], store->repo,
		    &entries[i]->id)) < 0) {
			error = store_fail(error, "cannot read '%s'", path);
			break;
		}
		texts[i] = git_blob_rawcontent(blobs[i]);
		lens[i] = (size_t)git_blob_rawsize(blobs[i]);
	}
	if (error == 0)
		error = tend_store_merge_sealed(out, clean, store, path, texts,
		    lens, our_label, their_label);
	for (i = 0; i < 3; i++)
		git_blob_free(blobs[i]);
	return error;
}

/*
 * What the two sides made of one sealed file, merged as git merges text
 * and sealed; lines both changed are a conflict for tend's merge to
 * settle, as for any journal.
 */
static int
driver_apply(git_merge_driver *self, const char **path_out,
    uint32_t *mode_out, git_buf *merged_out, const char *filter_name,
    const git_merge_driver_source *src)
{
	struct tend_store	*store = store_of(
				    git_merge_driver_source_repo(src));
	const git_index_entry	*ours = git_merge_driver_source_ours(src);
	const git_index_entry	*theirs = git_merge_driver_source_theirs(src);
	struct tend_buf		 merged = TEND_BUF_INIT;
	int			 error, clean;

	(void)self;
	(void)filter_name;
	if (store == NULL || ours == NULL || theirs == NULL ||
	    !tend_layout_is_sealed(ours->path))
		return GIT_PASSTHROUGH;
	if ((error = store_seal_merge(&merged, &clean, store, ours->path,
	    git_merge_driver_source_ancestor(src), ours, theirs, NULL,
	    NULL)) < 0) {
		git_error_set_str(GIT_ERROR_MERGE, tend_error());
		error = -1;
	} else if (!clean)
		error = GIT_EMERGECONFLICT;
	else if (git_buf_set(merged_out, merged.data, merged.len) < 0)
		error = -1;
	else {
		*path_out = ours->path;
		*mode_out = ours->mode;
	}
	tend_buf_free(&merged);
	return error;
}
