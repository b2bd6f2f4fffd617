/*
 * The agreements' history: every change of a file in agree/ and every
 * signature, newest first.  Finding them means reading every commit of
 * the journal, which grows by one or two a day for years, so what was
 * found is kept in .git/tend/agreements with the commit it was read up to,
 * and the next reader reads only the commits made since.  The file is a
 * cache of facts that commits never change: when it is missing, cut
 * short, unreadable, or from a history that was since rewritten, the
 * whole history is read again and the file is written anew.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CACHE_HEADER	"tend-agreements 4\nhead "

struct gather {
	struct tend_history	*history;
	struct tend_store	*store;
	const struct tend_cipher *cipher;	/* what seals names, or NULL */
	int			 since_known;	/* only commits after a known one */
	int			 merge_seen;
	/* Filled while reading one commit's trailers. */
	char			 name[TEND_AGREE_NAME_MAX + 1];
	char			 blob[TEND_OID_SIZE];
	char			*signer;
};

static int	add(struct tend_history *, int, const char *, time_t,
		    const char *, const char *, size_t, const char *,
		    const char *, const char *, int, const uint8_t *);
static int	trailer_cb(const char *, const char *, void *);
static int	commit_cb(const struct tend_commit *,
		    const struct tend_file_change *, size_t, void *);
static int	cache_read(struct tend_history *, char [TEND_OID_SIZE],
		    const char *);
static void	cache_write(const struct tend_history *, const char *,
		    const char *);
static int	is_hex_id(const char *);
static int	text_id(char [TEND_OID_SIZE], struct tend_store *,
		    const char *);

/* The blob id the text sealed in blob BLOB has in plain. */
static int
text_id(char out[TEND_OID_SIZE], struct tend_store *store, const char *blob)
{
	char	*text;
	size_t	 len;
	int	 error;

	if ((error = tend_store_read_blob(&text, &len, store, blob)) < 0)
		return error;
	error = tend_store_blob_id(out, NULL, "", text, len);
	free(text);
	return error;
}

static int
add(struct tend_history *history, int kind, const char *commit, time_t time,
    const char *blob, const char *name, size_t namelen, const char *who,
    const char *author, const char *email, int sig, const uint8_t *key)
{
	struct tend_history_event	*grown, *event;

	if (namelen > TEND_AGREE_NAME_MAX)
		return 0;
	if (history->count == history->allocated) {
		size_t more = history->allocated != 0 ?
		    history->allocated * 2 : 64;

		if ((grown = realloc(history->items, more *
		    sizeof(*grown))) == NULL)
			return tend_error_nomem();
		history->items = grown;
		history->allocated = more;
	}
	event = &history->items[history->count];
	memset(event, 0, sizeof(*event));
	event->kind = kind;
	memcpy(event->commit, commit, 40);
	event->time = time;
	memcpy(event->blob, blob, strlen(blob) == 40 ? 40 : 0);
	memcpy(event->text, event->blob, sizeof(event->text));
	memcpy(event->name, name, namelen);
	event->sig = sig;
	if (sig == TEND_SIG_GOOD)
		memcpy(event->key, key, TEND_ED25519_PUBLIC);
	if ((event->who = strdup(who)) == NULL ||
	    (author != NULL && (event->author = strdup(author)) == NULL) ||
	    (email != NULL && (event->email = strdup(email)) == NULL)) {
		free(event->who);
		free(event->author);
		return tend_error_nomem();
	}
	history->count++;
	return 0;
}

/* "Agreed-to: agree/NAME.md BLOB" and "Agreed-by: PARTNER". */
static int
trailer_cb(const char *key, const char *value, void *arg)
{
	struct gather	*gather = arg;
	const char	*space;

	if (strcmp(key, "Agreed-by") == 0) {
		free(gather->signer);
		if ((gather->signer = strdup(value)) == NULL)
			return tend_error_nomem();
		return 0;
	}
	if (strcmp(key, "Agreed-to") != 0 ||
	    (space = strchr(value, ' ')) == NULL || !is_hex_id(space + 1) ||
	    space[TEND_OID_SIZE] != '\0' ||
	    !tend_layout_agree_name_of(gather->name, gather->cipher, value,
	    (size_t)(space - value)))
		return 0;
	memcpy(gather->blob, space + 1, TEND_OID_SIZE);
	return 0;
}

/* A commit's changes come before its signatures, as in one walk. */
static int
commit_cb(const struct tend_commit *commit,
    const struct tend_file_change *changes, size_t count, void *arg)
{
	struct gather	*gather = arg;
	struct tend_buf	 path = TEND_BUF_INIT;
	const char	*email, *author;
	uint8_t		 key[TEND_ED25519_PUBLIC];
	char		 name[TEND_AGREE_NAME_MAX + 1];
	size_t		 i;
	int		 error = 0;

	/*
	 * New commits in a line on the known ones come before all of them in
	 * a walk of the whole history too; a merge can interleave the two
	 * sides, so then the whole history is read, to keep one order.
	 */
	if (gather->since_known && commit->parents != 1) {
		gather->merge_seen = 1;
		return 1;
	}
	for (i = 0; i < count && error == 0; i++) {
		path.len = 0;
		if ((error = tend_buf_printf(&path, "agree/%s",
		    changes[i].name)) < 0)
			break;
		if (tend_layout_agree_name_of(name, gather->cipher, path.data,
		    path.len) && (error = add(gather->history, TEND_REVISED,
		    commit->id, commit->time, changes[i].blob, name,
		    strlen(name), commit->author_name, NULL, NULL,
		    TEND_SIG_NONE, NULL)) == 0 && gather->cipher != NULL &&
		    changes[i].blob[0] != '\0')
			error = text_id(gather->history->items[
			    gather->history->count - 1].text, gather->store,
			    changes[i].blob);
	}
	tend_buf_free(&path);
	if (error < 0 || strstr(commit->message, "\nAgreed-to: ") == NULL)
		return error;
	gather->name[0] = '\0';
	free(gather->signer);
	gather->signer = NULL;
	if ((error = tend_store_trailers(commit->message, trailer_cb,
	    gather)) < 0)
		return error;
	/* A signer that is no partner id can never count: not kept. */
	if (gather->name[0] == '\0' || gather->signer == NULL ||
	    !tend_text_is_slug(gather->signer))
		return 0;
	/* An address no partner can have ("-"), for one a line cannot hold. */
	email = commit->author_email;
	if (email == NULL || email[0] == '\0' || strpbrk(email, " \n") != NULL)
		email = "-";
	author = commit->author_name;
	if (author == NULL || strchr(author, '\n') != NULL)
		author = "";
	/* Checked once, and kept: a commit's signature never changes. */
	error = tend_keys_commit_signer(key, gather->store, commit->id);
	if (error == TEND_ENOMEM)
		return error;
	return add(gather->history, TEND_SIGNED, commit->id, commit->time,
	    gather->blob, gather->name, strlen(gather->name),
	    gather->signer, author, email, error == 0 ? TEND_SIG_GOOD :
	    error == TEND_ENOTFOUND ? TEND_SIG_NONE : TEND_SIG_BAD, key);
}

int
tend_history_read(struct tend_history *history, struct tend_journal *journal)
{
	struct tend_store	*store = tend_journal_store(journal);
	struct tend_history	 known;
	struct gather		 gather;
	char			 head[TEND_OID_SIZE], upto[TEND_OID_SIZE];
	char			*path;
	int			 error;

	memset(history, 0, sizeof(*history));
	if ((error = tend_store_head(head, store)) < 0 || head[0] == '\0')
		return error;
	if ((path = tend_fs_join(tend_store_gitdir(store),
	    TEND_LAYOUT_AGREE_CACHE)) == NULL)
		return tend_error_nomem();
	if (cache_read(&known, upto, path) < 0 ||
	    !tend_store_contains(store, head, upto)) {
		tend_history_free(&known);
		upto[0] = '\0';
	}
	if (upto[0] != '\0' && strcmp(upto, head) == 0) {
		*history = known;
		free(path);
		return 0;
	}
	memset(&gather, 0, sizeof(gather));
	gather.history = history;
	gather.store = store;
	gather.cipher = tend_journal_cipher(journal);
	gather.since_known = upto[0] != '\0';
	error = tend_store_walk_folder(store, "agree", gather.since_known ?
	    upto : NULL, commit_cb, &gather);
	if (error == 0 && gather.merge_seen) {
		tend_history_free(history);
		tend_history_free(&known);
		gather.since_known = 0;
		error = tend_store_walk_folder(store, "agree", NULL, commit_cb,
		    &gather);
	}
	free(gather.signer);
	if (error == 0 && known.count != 0) {
		struct tend_history_event *all;

		if ((all = realloc(history->items, (history->count +
		    known.count) * sizeof(*all))) == NULL)
			error = tend_error_nomem();
		else {
			memcpy(all + history->count, known.items,
			    known.count * sizeof(*all));
			history->items = all;
			history->count += known.count;
			history->allocated = history->count;
			free(known.items);
			memset(&known, 0, sizeof(known));
		}
	}
	tend_history_free(&known);
	if (error < 0)
		tend_history_free(history);
	else
		cache_write(history, head, path);
	free(path);
	return error;
}

void
tend_history_free(struct tend_history *history)
{
	size_t	i;

	for (i = 0; i < history->count; i++) {
		free(history->items[i].who);
		free(history->items[i].author);
		free(history->items[i].email);
	}
	free(history->items);
	memset(history, 0, sizeof(*history));
}

static int
is_hex_id(const char *s)
{
	return strspn(s, "0123456789abcdef") >= 40;
}

/*
 * The cache's lines: the header and "head ID", one line an event, "s" or
 * "r", COMMIT TIME BLOB NAME WHO, where a revision's BLOB is "-" for a
 * removal, else the stored blob and the text's own (see text), a signature's
 * WHO is "SIGNER SIG EMAIL AUTHOR", SIG being "-" (none), "!" (bad) or the
 * key in base64, and "end COUNT", so that a file cut short is never taken
 * for a whole one.
 */
static int
cache_read(struct tend_history *history, char upto[TEND_OID_SIZE],
    const char *path)
{
	char		*text, *line, *next, *end, *name, *blob, *who;
	char		*author, *email, *sigtext, *textid;
	uint8_t		 key[TEND_ED25519_PUBLIC];
	long long	 time;
	size_t		 len, count, namelen, keylen;
	int		 error, kind, n, sig, done = 0;

	memset(history, 0, sizeof(*history));
	upto[0] = '\0';
	if ((error = tend_fs_read(&text, &len, path)) < 0)
		return error;
	error = TEND_EINVALID;
	line = text + strlen(CACHE_HEADER);
	if (strlen(text) != len || strncmp(text, CACHE_HEADER,
	    strlen(CACHE_HEADER)) != 0 || !is_hex_id(line) || line[40] != '\n')
		goto out;
	memcpy(upto, line, 40);
	upto[40] = '\0';
	for (line += TEND_OID_SIZE; *line != '\0' && !done; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			goto out;
		*next++ = '\0';
		if (sscanf(line, "end %zu%n", &count, &n) == 1 &&
		    line[n] == '\0') {
			if (count != history->count || *next != '\0')
				goto out;
			done = 1;
			continue;
		}
		kind = line[0];
		if ((kind != TEND_SIGNED && kind != TEND_REVISED) ||
		    line[1] != ' ' || !is_hex_id(line + 2) || line[42] != ' ')
			goto out;
		time = strtoll(line + 43, &end, 10);
		if (*end++ != ' ')
			goto out;
		textid = NULL;
		if (kind == TEND_REVISED && strncmp(end, "- ", 2) == 0) {
			blob = end + 1;
			*blob = '\0';
			end += 2;
		} else if (is_hex_id(end) && end[40] == ' ') {
			blob = end;
			end += TEND_OID_SIZE;
			if (kind == TEND_REVISED) {
				if (!is_hex_id(end) || end[40] != ' ')
					goto out;
				textid = end;
				end[40] = '\0';
				end += TEND_OID_SIZE;
			}
		} else
			goto out;
		name = end;
		if ((namelen = strcspn(name, " ")) == 0 || name[namelen] !=
		    ' ' || name[namelen + 1] == '\0')
			goto out;
		name[namelen] = '\0';
		if (blob[0] != '\0')
			blob[40] = '\0';
		who = name + namelen + 1;
		author = email = NULL;
		sig = TEND_SIG_NONE;
		if (kind == TEND_SIGNED) {
			if ((sigtext = strchr(who, ' ')) == NULL ||
			    (email = strchr(sigtext + 1, ' ')) == NULL ||
			    (author = strchr(email + 1, ' ')) == NULL)
				goto out;
			*sigtext++ = '\0';
			*email++ = '\0';
			*author++ = '\0';
			if (strcmp(sigtext, "!") == 0)
				sig = TEND_SIG_BAD;
			else if (strcmp(sigtext, "-") != 0) {
				if (tend_crypto_unbase64(key, sizeof(key),
				    &keylen, sigtext, strlen(sigtext),
				    NULL) < 0 || keylen != sizeof(key))
					goto out;
				sig = TEND_SIG_GOOD;
			}
		}
		if ((error = add(history, kind, line + 2, (time_t)time, blob,
		    name, namelen, who, author, email, sig, key)) < 0)
			goto out;
		if (textid != NULL)
			memcpy(history->items[history->count - 1].text, textid,
			    TEND_OID_SIZE);
		error = TEND_EINVALID;
	}
	if (done)
		error = 0;
out:
	free(text);
	if (error < 0) {
		tend_history_free(history);
		upto[0] = '\0';
	}
	return error;
}

/* Best effort: a journal that cannot keep the cache is read in full. */
static void
cache_write(const struct tend_history *history, const char *head,
    const char *path)
{
	const struct tend_history_event	*event;
	struct tend_buf			 text = TEND_BUF_INIT;
	const char			*slash = strrchr(path, '/');
	char				*dir;
	size_t				 i;
	int				 error;

	error = tend_buf_printf(&text, CACHE_HEADER "%s\n", head);
	for (i = 0; i < history->count && error == 0; i++) {
		event = &history->items[i];
		/* A line holds no newline, and a name no space. */
		if (strchr(event->who, '\n') != NULL || event->who[0] == '\0' ||
		    strpbrk(event->name, " \n") != NULL)
			error = TEND_EINVALID;
		else if (event->kind == TEND_SIGNED) {
			if ((error = tend_buf_printf(&text, "%c %s %lld %s %s "
			    "%s ", event->kind, event->commit,
			    (long long)event->time, event->blob, event->name,
			    event->who)) == 0)
				error = event->sig == TEND_SIG_GOOD ?
				    tend_crypto_base64(&text, event->key,
				    sizeof(event->key), TEND_BASE64_PADDED) :
				    tend_buf_printf(&text, "%c", event->sig);
			if (error == 0)
				error = tend_buf_printf(&text, " %s %s\n",
				    event->email, event->author);
		}
		else if (event->blob[0] == '\0')
			error = tend_buf_printf(&text, "%c %s %lld - %s %s\n",
			    event->kind, event->commit,
			    (long long)event->time, event->name, event->who);
		else
			error = tend_buf_printf(&text, "%c %s %lld %s %s %s "
			    "%s\n", event->kind, event->commit,
			    (long long)event->time, event->blob, event->text,
			    event->name, event->who);
	}
	if (error == 0)
		error = tend_buf_printf(&text, "end %zu\n", history->count);
	if (error == 0 && (dir = strndup(path, (size_t)(slash - path))) !=
	    NULL) {
		if (tend_fs_mkdirs(dir, NULL) == 0)
			(void)tend_fs_write_atomic(path, text.data, text.len);
		free(dir);
	}
	tend_buf_free(&text);
}
