/*
 * The agreements' history: every change of a file in agree/ and every
 * signature, newest first.  Finding them means reading every commit of
 * the journal, which grows by one or two a day for years, so what was
 * found is kept in .git/tend/agreements with the commit it was read up to,
 * and the next reader reads only the commits made since, merges included.
 * What a commit brought depends on it and its parents alone, and events
 * are kept in the order of their commits' corrected times (see rank in
 * internal.h), which new commits never change for old ones: so a history
 * read a piece at a time is the history read whole.  The file is a cache
 * of facts that commits never change: when it is missing, cut short,
 * unreadable, or from a history that was since rewritten, the whole
 * history is read again and the file is written anew.  A signature is
 * checked when it is first asked for (tend_history_check): most never
 * are, and checking every one was half of reading the whole history.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CACHE_HEADER	"tend-agreements 6\nhead "
/*
 * How many of the newest commits' ranks the file keeps besides those of
 * the commits with events: enough that a partner's side of a merge most
 * often starts from one of them, so that its rank is not read afresh.
 */
#define CACHE_RANKS	256

/* Commits' ranks by id: open addressing, a power of two slots. */
struct ranks {
	struct tend_history_rank	*slots;
	size_t				 size;
	size_t				 used;
};

/*
 * The commits a walk read, with their parents, to be ranked once all
 * are read: a walk of the whole history reads children first.
 */
struct graph {
	struct node {
		char	 id[TEND_OID_SIZE];
		time_t	 time;		/* the committer's */
		size_t	 first;		/* in PARENTS */
		size_t	 count;
	}		*nodes;
	size_t		 count;
	size_t		 allocated;
	char		(*parents)[TEND_OID_SIZE];
	size_t		 nparents;
	size_t		 parents_room;
	struct ranks	 index;		/* a node's number by its id */
};

struct gather {
	struct tend_history	*history;
	struct tend_store	*store;
	struct graph		 graph;
	const struct tend_cipher *cipher;	/* what seals names, or NULL */
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
static int	cache_read(struct tend_history *, struct ranks *,
		    char [TEND_OID_SIZE], const char *);
static int	keep_ranks(struct tend_history *, const struct ranks *,
		    const char *);
static void	cache_write(const struct tend_history *, const char *);
static struct tend_history_rank *rank_slot(const struct ranks *,
		    const char *);
static int	rank_set(struct ranks *, const char *, long long);
static int	ranks_room(struct ranks *, size_t);
static int	rank_of(long long *, struct ranks *, const struct graph *,
		    struct tend_store *, const char *);
static int	graph_add(struct graph *, const struct tend_commit *);
static void	graph_free(struct graph *);
static void	ranks_free(struct ranks *);
static int	event_cmp(const void *, const void *);
static int	slot_cmp(const void *, const void *);
static void	keep_newest(struct tend_history_rank *, size_t *,
		    const struct tend_history_rank *);
static const char *decimal(char [24], long long);
static void	key_to_hex(char [2 * TEND_ED25519_PUBLIC + 1],
		    const uint8_t [TEND_ED25519_PUBLIC]);
static int	key_from_hex(uint8_t [TEND_ED25519_PUBLIC], const char *);
static int	hex_digit(char);
static int	put_line(struct tend_buf *, const char *const *, size_t, char);
static int	merge_events(struct tend_history *, struct tend_history *);
static int	is_hex_id(const char *);
static long long number(const char *, char **);
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
	size_t				 wholen, authorlen, emaillen;
	char				*block;

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
	/* WHO, AUTHOR and EMAIL in one block: thousands of events. */
	wholen = strlen(who) + 1;
	authorlen = author != NULL ? strlen(author) + 1 : 0;
	emaillen = email != NULL ? strlen(email) + 1 : 0;
	if ((block = malloc(wholen + authorlen + emaillen)) == NULL)
		return tend_error_nomem();
	event->who = memcpy(block, who, wholen);
	if (author != NULL)
		event->author = memcpy(block + wholen, author, authorlen);
	if (email != NULL)
		event->email = memcpy(block + wholen + authorlen, email,
		    emaillen);
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
	char		 name[TEND_AGREE_NAME_MAX + 1];
	size_t		 i;
	int		 error = 0;

	/* Ranked once the walk is done (tend_history_read). */
	if ((error = graph_add(&gather->graph, commit)) < 0)
		return error;
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
	/* Checked when first asked for (tend_history_check). */
	return add(gather->history, TEND_SIGNED, commit->id, commit->time,
	    gather->blob, gather->name, strlen(gather->name),
	    gather->signer, author, email, TEND_SIG_UNCHECKED, NULL);
}

static int
graph_add(struct graph *graph, const struct tend_commit *commit)
{
	struct node	*node;
	void		*grown;
	size_t		 n;
	int		 error;

	if (graph->count == graph->allocated) {
		n = graph->allocated != 0 ? graph->allocated * 2 : 256;
		if ((grown = realloc(graph->nodes, n *
		    sizeof(*graph->nodes))) == NULL)
			return tend_error_nomem();
		graph->nodes = grown;
		graph->allocated = n;
	}
	if (graph->nparents + commit->parents > graph->parents_room) {
		n = graph->parents_room * 2 + commit->parents + 256;
		if ((grown = realloc(graph->parents, n *
		    sizeof(*graph->parents))) == NULL)
			return tend_error_nomem();
		graph->parents = grown;
		graph->parents_room = n;
	}
	if ((error = rank_set(&graph->index, commit->id,
	    (long long)graph->count)) < 0)
		return error;
	node = &graph->nodes[graph->count++];
	memcpy(node->id, commit->id, TEND_OID_SIZE);
	node->time = commit->commit_time;
	node->first = graph->nparents;
	node->count = commit->parents;
	if (commit->parents != 0)
		memcpy(graph->parents[graph->nparents], commit->parent_ids,
		    commit->parents * sizeof(*graph->parents));
	graph->nparents += commit->parents;
	return 0;
}

static void
graph_free(struct graph *graph)
{
	free(graph->nodes);
	free(graph->parents);
	ranks_free(&graph->index);
	memset(graph, 0, sizeof(*graph));
}

int
tend_history_read(struct tend_history *history, struct tend_journal *journal)
{
	struct tend_store	*store = tend_journal_store(journal);
	struct tend_history	 known;
	struct ranks		 ranks;
	struct gather		 gather;
	char			 head[TEND_OID_SIZE], upto[TEND_OID_SIZE];
	char			*path;
	long long		 rank;
	size_t			 i;
	int			 error;

	memset(history, 0, sizeof(*history));
	memset(&ranks, 0, sizeof(ranks));
	if ((error = tend_store_head(head, store)) < 0 || head[0] == '\0')
		return error;
	if ((path = tend_fs_join(tend_store_gitdir(store),
	    TEND_LAYOUT_AGREE_CACHE)) == NULL)
		return tend_error_nomem();
	/* A rewritten history may have lost commits the file tells of. */
	if (cache_read(&known, &ranks, upto, path) < 0 ||
	    !tend_store_contains(store, head, upto)) {
		tend_history_free(&known);
		ranks_free(&ranks);
		upto[0] = '\0';
	}
	if (upto[0] != '\0' && strcmp(upto, head) == 0) {
		*history = known;
		error = keep_ranks(history, &ranks, head);
		ranks_free(&ranks);
		free(path);
		if (error < 0)
			tend_history_free(history);
		return error;
	}
	memset(&gather, 0, sizeof(gather));
	gather.history = history;
	gather.store = store;
	gather.cipher = tend_journal_cipher(journal);
	/* The commits HEAD has and UPTO has not: a line, or a merge's sides. */
	error = tend_store_walk_folder(store, "agree", upto[0] != '\0' ?
	    upto : NULL, commit_cb, &gather);
	free(gather.signer);
	/* Every commit read is ranked, for the file's newest ranks too. */
	for (i = 0; error == 0 && i < gather.graph.count; i++)
		error = rank_of(&rank, &ranks, &gather.graph, store,
		    gather.graph.nodes[i].id);
	for (i = 0; error == 0 && i < history->count; i++)
		error = rank_of(&history->items[i].rank, &ranks,
		    &gather.graph, store, history->items[i].commit);
	graph_free(&gather.graph);
	if (error == 0)
		error = merge_events(history, &known);
	if (error == 0)
		error = keep_ranks(history, &ranks, head);
	tend_history_free(&known);
	if (error < 0)
		tend_history_free(history);
	else
		cache_write(history, path);
	ranks_free(&ranks);
	free(path);
	return error;
}

/* Newest first: by rank, then commit, then as one commit's were found. */
static int
event_cmp(const void *a, const void *b)
{
	const struct tend_history_event *x = a, *y = b;
	int				 cmp;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	if ((cmp = strcmp(x->commit, y->commit)) != 0)
		return cmp;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Into HISTORY (the new commits' events, in walk order) the KNOWN ones,
 * already in order, each taken from KNOWN: one order, whatever was read.
 */
static int
merge_events(struct tend_history *history, struct tend_history *known)
{
	struct tend_history_event	*all;
	size_t				 i, j, k, total;

	for (i = 0; i < history->count; i++)
		history->items[i].seq = i;
	/* None is no array: qsort may not be given NULL. */
	if (history->count > 1)
		qsort(history->items, history->count, sizeof(*history->items),
		    event_cmp);
	if (known->count == 0)
		return 0;
	total = history->count + known->count;
	if ((all = malloc(total * sizeof(*all))) == NULL)
		return tend_error_nomem();
	/* A commit is new or known, never both: SEQ never decides here. */
	for (i = j = k = 0; k < total; k++)
		all[k] = j == known->count || (i < history->count &&
		    event_cmp(&history->items[i], &known->items[j]) < 0) ?
		    history->items[i++] : known->items[j++];
	for (k = 0; k < total; k++)
		all[k].seq = k;
	free(history->items);
	free(known->items);
	memset(known, 0, sizeof(*known));
	history->items = all;
	history->count = history->allocated = total;
	return 0;
}

/* RANKS' slot for commit ID: its own, or the free one it would take. */
static struct tend_history_rank *
rank_slot(const struct ranks *ranks, const char *id)
{
	size_t	i, hash = 0;

	/* Ids are hashes already: their first digits spread well. */
	for (i = 0; i < 8 && id[i] != '\0'; i++)
		hash = hash * 16 + (size_t)(id[i] <= '9' ? id[i] - '0' :
		    id[i] - 'a' + 10);
	i = hash & (ranks->size - 1);
	while (ranks->slots[i].id[0] != '\0' &&
	    strcmp(ranks->slots[i].id, id) != 0)
		i = (i + 1) & (ranks->size - 1);
	return &ranks->slots[i];
}

static int
rank_set(struct ranks *ranks, const char *id, long long rank)
{
	struct tend_history_rank	*slot;
	int				 error;

	if (strlen(id) != TEND_OID_SIZE - 1)
		return tend_error_set(TEND_EINVALID, "'%s' is not a commit id",
		    id);
	if ((error = ranks_room(ranks, ranks->used + 1)) < 0)
		return error;
	slot = rank_slot(ranks, id);
	if (slot->id[0] == '\0') {
		memcpy(slot->id, id, TEND_OID_SIZE);
		ranks->used++;
	}
	slot->rank = rank;
	return 0;
}

/*
 * Commit ID's rank: known, or else worked out from its parents', down
 * to known ones, taken from GRAPH (the commits just read) or else read
 * (a partner's side of a merge starts from an older commit).  No
 * recursion: a history can be long.
 */
static int
rank_of(long long *out, struct ranks *ranks, const struct graph *graph,
    struct tend_store *store, const char *id)
{
	struct frame {
		char	 id[TEND_OID_SIZE];
		char	(*parents)[TEND_OID_SIZE];
		char	(*owned)[TEND_OID_SIZE];	/* read, to free */
		size_t	 count;
		time_t	 time;
	}				*stack = NULL, *grown, *top;
	const struct node		*node;
	struct tend_history_rank	*slot;
	size_t				 depth = 0, room = 0, i;
	long long			 rank;
	int				 error = 0;

	if (ranks->size != 0 && (slot = rank_slot(ranks, id))->id[0] != '\0') {
		*out = slot->rank;
		return 0;
	}
	for (;;) {
		if (depth == room) {
			room = room != 0 ? room * 2 : 16;
			if ((grown = realloc(stack, room *
			    sizeof(*stack))) == NULL) {
				error = tend_error_nomem();
				break;
			}
			stack = grown;
		}
		top = &stack[depth++];
		memcpy(top->id, id, TEND_OID_SIZE);
		top->owned = NULL;
		if (graph->index.size != 0 && (slot = rank_slot(&graph->index,
		    id))->id[0] != '\0') {
			node = &graph->nodes[slot->rank];
			top->parents = &graph->parents[node->first];
			top->count = node->count;
			top->time = node->time;
		} else if ((error = tend_store_commit_parents(&top->time,
		    &top->owned, &top->count, store, top->id)) < 0) {
			depth--;
			break;
		} else
			top->parents = top->owned;
		/* Down to a parent not known yet, or done with this one. */
		for (;;) {
			top = &stack[depth - 1];
			rank = top->time;
			for (i = 0, id = NULL; i < top->count; i++) {
				slot = ranks->size != 0 ? rank_slot(ranks,
				    top->parents[i]) : NULL;
				if (slot == NULL || slot->id[0] == '\0') {
					id = top->parents[i];
					break;
				}
				if (slot->rank >= rank)
					rank = slot->rank + 1;
			}
			if (id != NULL)
				break;
			if ((error = rank_set(ranks, top->id, rank)) < 0)
				break;
			free(top->owned);
			if (--depth == 0) {
				*out = rank;
				break;
			}
		}
		if (error < 0 || depth == 0)
			break;
	}
	while (depth > 0)
		free(stack[--depth].owned);
	free(stack);
	return error;
}

/*
 * Room in RANKS for COUNT ranks, at most half full, so that a search ends
 * soon: grown at once to what a cache file holds, not doubled on the way.
 */
static int
ranks_room(struct ranks *ranks, size_t count)
{
	struct ranks	grown;
	size_t		i;

	if (count * 2 <= ranks->size)
		return 0;
	for (grown.size = ranks->size != 0 ? ranks->size * 2 : 1024;
	    count * 2 > grown.size; grown.size *= 2)
		;
	grown.used = 0;
	if ((grown.slots = calloc(grown.size, sizeof(*grown.slots))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < ranks->size; i++)
		if (ranks->slots[i].id[0] != '\0') {
			*rank_slot(&grown, ranks->slots[i].id) =
			    ranks->slots[i];
			grown.used++;
		}
	free(ranks->slots);
	*ranks = grown;
	return 0;
}

static void
ranks_free(struct ranks *ranks)
{
	free(ranks->slots);
	memset(ranks, 0, sizeof(*ranks));
}

void
tend_history_free(struct tend_history *history)
{
	size_t	i;

	/* AUTHOR and EMAIL are in WHO's block. */
	for (i = 0; i < history->count; i++)
		free(history->items[i].who);
	free(history->items);
	free(history->newest);
	memset(history, 0, sizeof(*history));
}

int
tend_history_signer(int *sig, uint8_t key[TEND_ED25519_PUBLIC],
    struct tend_store *store, const char *commit)
{
	int	error;

	error = tend_keys_commit_signer(key, store, commit);
	if (error == TEND_ENOMEM)
		return error;
	*sig = error == 0 ? TEND_SIG_GOOD : error == TEND_ENOTFOUND ?
	    TEND_SIG_NONE : TEND_SIG_BAD;
	return 0;
}

int
tend_history_check(struct tend_history *history, struct tend_store *store,
    size_t i)
{
	struct tend_history_event	*event = &history->items[i];
	int				 error;

	if (event->sig != TEND_SIG_UNCHECKED)
		return 0;
	/* A commit's signature never changes: what it is, is kept. */
	if ((error = tend_history_signer(&event->sig, event->key, store,
	    event->commit)) < 0)
		return error;
	history->unsaved = 1;
	return 0;
}

void
tend_history_save(struct tend_history *history, struct tend_store *store)
{
	char	*path;

	if (!history->unsaved || history->head[0] == '\0' ||
	    (path = tend_fs_join(tend_store_gitdir(store),
	    TEND_LAYOUT_AGREE_CACHE)) == NULL)
		return;
	cache_write(history, path);
	history->unsaved = 0;
	free(path);
}

/*
 * strtoll(TEXT, END, 10), by hand for the plain numbers the cache holds:
 * a few digits, perhaps after a minus; anything else goes to strtoll.
 */
static long long
number(const char *text, char **end)
{
	const char	*at = text + (text[0] == '-');
	long long	 n = 0;
	int		 digits;

	for (digits = 0; digits < 18 && at[digits] >= '0' &&
	    at[digits] <= '9'; digits++)
		n = n * 10 + (at[digits] - '0');
	if (digits == 0 || digits == 18)
		return strtoll(text, end, 10);
	*end = (char *)(at + digits);
	return text[0] == '-' ? -n : n;
}

static int
is_hex_id(const char *s)
{
	return strspn(s, "0123456789abcdef") >= 40;
}

/*
 * The cache's lines: the header and "head ID", "c COMMIT RANK" for the
 * newest commits (CACHE_RANKS), one line an event, "s" or "r", COMMIT
 * TIME RANK BLOB NAME WHO, where a revision's BLOB is "-" for a
 * removal, else the stored blob and the text's own (see text), a
 * signature's WHO is "SIGNER SIG EMAIL AUTHOR", SIG being "-" (none), "!"
 * (bad), "?" (not checked yet) or the key in hex, and "end COUNT", so
 * that a file cut short is never taken for a whole one.
 */
static int
cache_read(struct tend_history *history, struct ranks *ranks,
    char upto[TEND_OID_SIZE], const char *path)
{
	char		*text, *line, *next, *end, *name, *blob, *who;
	char		*author, *email, *sigtext, *textid;
	uint8_t		 key[TEND_ED25519_PUBLIC];
	long long	 time, rank;
	size_t		 len, count, namelen, lines;
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
	/*
	 * A line an event or a rank, at most: the events' array and the
	 * ranks' table made that large at once, not grown and copied
	 * while thousands are read.
	 */
	for (lines = 0, end = line; (end = memchr(end, '\n', len -
	    (size_t)(end - text))) != NULL; end++)
		lines++;
	if ((error = ranks_room(ranks, lines)) < 0)
		goto out;
	if (lines > 0 && (history->items = malloc(lines *
	    sizeof(*history->items))) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	history->allocated = lines;
	error = TEND_EINVALID;
	for (line += TEND_OID_SIZE; *line != '\0' && !done; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			goto out;
		*next++ = '\0';
		/* Thousands of lines: sscanf only for the one it can be. */
		if (line[0] == 'e' && sscanf(line, "end %zu%n", &count, &n) ==
		    1 &&
		    line[n] == '\0') {
			if (count != history->count || *next != '\0')
				goto out;
			done = 1;
			continue;
		}
		if (line[0] == 'c' && line[1] == ' ' && is_hex_id(line + 2) &&
		    line[42] == ' ') {
			line[42] = '\0';
			rank = number(line + 43, &end);
			if (*end != '\0' || end == line + 43 ||
			    (error = rank_set(ranks, line + 2, rank)) < 0)
				goto out;
			error = TEND_EINVALID;
			continue;
		}
		kind = line[0];
		if ((kind != TEND_SIGNED && kind != TEND_REVISED) ||
		    line[1] != ' ' || !is_hex_id(line + 2) || line[42] != ' ')
			goto out;
		time = number(line + 43, &end);
		if (*end++ != ' ')
			goto out;
		rank = number(end, &end);
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
			else if (strcmp(sigtext, "?") == 0)
				sig = TEND_SIG_UNCHECKED;
			else if (strcmp(sigtext, "-") != 0) {
				if (!key_from_hex(key, sigtext))
					goto out;
				sig = TEND_SIG_GOOD;
			}
		}
		if ((error = add(history, kind, line + 2, (time_t)time, blob,
		    name, namelen, who, author, email, sig, key)) < 0)
			goto out;
		history->items[history->count - 1].rank = rank;
		if ((error = rank_set(ranks, history->items[history->count -
		    1].commit, rank)) < 0)
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
		ranks_free(ranks);
		upto[0] = '\0';
	}
	return error;
}

/* Newest first; the id settles a tie, so that the file is one file. */
static int
slot_cmp(const void *a, const void *b)
{
	const struct tend_history_rank *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * Keep SLOT among the CACHE_RANKS newest in HEAP (*COUNT of them), a heap
 * with the oldest on top: sorting every commit's rank to write a few was
 * a third of taking in a merge at thirty years.
 */
static void
keep_newest(struct tend_history_rank *heap, size_t *count,
    const struct tend_history_rank *slot)
{
	struct tend_history_rank	swap;
	size_t			i, child;

	if (*count < CACHE_RANKS) {
		/* Up from the bottom while older than its parent. */
		for (i = (*count)++; i > 0 && slot_cmp(slot,
		    &heap[(i - 1) / 2]) > 0; i = (i - 1) / 2)
			heap[i] = heap[(i - 1) / 2];
		heap[i] = *slot;
		return;
	}
	if (slot_cmp(slot, &heap[0]) >= 0)
		return;
	/* Down from the top while a child is older. */
	heap[0] = *slot;
	for (i = 0; (child = 2 * i + 1) < *count; i = child) {
		if (child + 1 < *count && slot_cmp(&heap[child + 1],
		    &heap[child]) > 0)
			child++;
		if (slot_cmp(&heap[child], &heap[i]) <= 0)
			break;
		swap = heap[i];
		heap[i] = heap[child];
		heap[child] = swap;
	}
}

/*
 * A key in the file: hex, which costs a tenth of base64 to read and
 * write, and the file is read by every command that reads agreements.
 */
static void
key_to_hex(char out[2 * TEND_ED25519_PUBLIC + 1],
    const uint8_t key[TEND_ED25519_PUBLIC])
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < TEND_ED25519_PUBLIC; i++) {
		out[2 * i] = digits[key[i] >> 4];
		out[2 * i + 1] = digits[key[i] & 15];
	}
	out[2 * TEND_ED25519_PUBLIC] = '\0';
}

/* 1 if TEXT is a key in hex and no more, into KEY. */
static int
key_from_hex(uint8_t key[TEND_ED25519_PUBLIC], const char *text)
{
	size_t	i;
	int	high, low;

	for (i = 0; i < TEND_ED25519_PUBLIC; i++) {
		high = hex_digit(text[2 * i]);
		low = high < 0 ? -1 : hex_digit(text[2 * i + 1]);
		if (low < 0)
			return 0;
		key[i] = (uint8_t)(high << 4 | low);
	}
	return text[2 * TEND_ED25519_PUBLIC] == '\0';
}

static int
hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : -1;
}

/* V in decimal, in BUF. */
static const char *
decimal(char buf[24], long long v)
{
	unsigned long long	u = v < 0 ? 0 - (unsigned long long)v :
				    (unsigned long long)v;
	char			*p = buf + 23;

	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return p;
}

/*
 * FIELDS joined by spaces, then END: a printf a line was most of the
 * time spent taking in a new commit.
 */
static int
put_line(struct tend_buf *text, const char *const *fields, size_t count,
    char end)
{
	size_t	i;
	int	error = 0;

	for (i = 0; i < count && error == 0; i++)
		if ((error = tend_buf_puts(text, fields[i])) == 0)
			error = tend_buf_put(text, i + 1 < count ? " " : &end, 1);
	return error;
}

/*
 * The CACHE_RANKS newest of RANKS into HISTORY, and HEAD, for its file.
 */
static int
keep_ranks(struct tend_history *history, const struct ranks *ranks,
    const char *head)
{
	size_t	i, n = 0;

	memcpy(history->head, head, TEND_OID_SIZE);
	if (ranks->used == 0)
		return 0;
	if ((history->newest = malloc(CACHE_RANKS *
	    sizeof(*history->newest))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < ranks->size; i++)
		if (ranks->slots[i].id[0] != '\0')
			keep_newest(history->newest, &n, &ranks->slots[i]);
	qsort(history->newest, n, sizeof(*history->newest), slot_cmp);
	history->nnewest = n;
	return 0;
}

/* Best effort: a journal that cannot keep the cache is read in full. */
static void
cache_write(const struct tend_history *history, const char *path)
{
	const struct tend_history_event	*event;
	struct tend_buf			 text = TEND_BUF_INIT;
	const char			*slash = strrchr(path, '/');
	const char			*fields[10];
	char				*dir, kind[2] = "";
	char				 sig[2 * TEND_ED25519_PUBLIC + 1];
	char				 time[24], rank[24];
	size_t				 i, n;
	int				 error;

	error = tend_buf_printf(&text, CACHE_HEADER "%s\n", history->head);
	for (i = 0; error == 0 && i < history->nnewest; i++) {
		fields[0] = "c";
		fields[1] = history->newest[i].id;
		fields[2] = decimal(rank, history->newest[i].rank);
		error = put_line(&text, fields, 3, '\n');
	}
	for (i = 0; i < history->count && error == 0; i++) {
		event = &history->items[i];
		kind[0] = (char)event->kind;
		/* A line holds no newline, and a name no space. */
		if (strchr(event->who, '\n') != NULL || event->who[0] == '\0' ||
		    strpbrk(event->name, " \n") != NULL) {
			error = TEND_EINVALID;
			break;
		}
		fields[0] = kind;
		fields[1] = event->commit;
		fields[2] = decimal(time, (long long)event->time);
		fields[3] = decimal(rank, event->rank);
		fields[4] = event->blob[0] != '\0' ? event->blob : "-";
		n = 5;
		if (event->kind == TEND_REVISED && event->blob[0] != '\0')
			fields[n++] = event->text;
		fields[n++] = event->name;
		fields[n++] = event->who;
		if (event->kind != TEND_SIGNED) {
			error = put_line(&text, fields, n, '\n');
			continue;
		}
		sig[0] = (char)event->sig;
		sig[1] = '\0';
		if (event->sig == TEND_SIG_GOOD)
			key_to_hex(sig, event->key);
		fields[n++] = sig;
		fields[n++] = event->email;
		fields[n++] = event->author;
		error = put_line(&text, fields, n, '\n');
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
