/*
 * Checking every object of a repository, for tend doctor: libgit2 has no
 * fsck, so tend has its own, run in a child process it can kill.
 */


#include <git2.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store-internal.h"

/*
 * Checking a repository, for tend doctor.  libgit2 has no fsck: every
 * object reachable from a ref or the index is read, which checks its hash,
 * and parsed, so that one missing or damaged is named with the ref that
 * reaches it.
 *
 * libgit2 up to 1.8 loops forever on a loose object cut short (its issue
 * 7342), so the walk runs in a child process, which says it is alive at
 * least every VERIFY_BEAT.  When it makes no progress for a while, it is
 * killed.  Telling the parent of each object before reading it would name
 * the one it hangs on, but costs a write and a wake-up an object (half
 * the check's time in a journal of 60,000): so the first walk says
 * nothing of the objects it reads, and only after a hang does the walk
 * start again announcing each.  The object it announced last when it
 * hangs again is the damaged one: the child is killed, and the walk
 * starts again without it.
 */
#define VERIFY_STALL	5	/* seconds one object may take to read */
#define VERIFY_BEAT	1	/* seconds between the child's signs of life */
#define VERIFY_RESTARTS	16	/* hung objects before giving up */
#define VERIFY_CACHED	(1024 * 1024)	/* the largest commit kept read */

struct oid_set {
	git_oid		*slots;
	unsigned char	*used;
	size_t		 cap;		/* a power of two */
	size_t		 count;
};

struct verify_item {
	git_oid		 oid;
	git_object_t	 type;		/* what the referrer says it is */
	char		*path;		/* in the tree, or NULL */
};

/* The child's side: the walk, told record by record through FD. */
struct verify {
	git_repository		*repo;
	git_odb			*odb;
	struct oid_set		 seen;
	struct verify_item	*stack;
	size_t			 depth;
	size_t			 cap;
	size_t			 count;
	const char		*from;	/* the ref being walked */
	int			 fd;
	int			 announce;	/* each object, before reading */
	struct timespec		 beat;		/* the last sign of life */
};

/*
 * A record is a letter and NUL-terminated fields: R (about to read) and
 * D (damaged) give id, type, ref, path and cause; E (the end) the count;
 * P (alive) none.
 */
#define RECORD_FIELDS	5

/* The parent's side: what the child said, and where it stands. */
struct verify_watch {
	struct tend_store *store;	/* the one checked */
	struct tend_buf	 input;
	size_t		 used;		/* of INPUT, parsed already */
	char		 reading[RECORD_FIELDS][512];	/* the last R */
	struct oid_set	 told;		/* damaged ones passed to FN */
	int		 announce;	/* the child tells each object */
	int		 ended;
	size_t		 count;
	int		(*fn)(const struct tend_damage *, void *);
	int		(*meanwhile)(void *);	/* not run yet, or NULL */
	void		*arg;
};

static int	oid_set_add(struct oid_set *, const git_oid *);
static void	oid_set_free(struct oid_set *);
static int	verify_record(struct verify *, char, const char *const *,
		    size_t);
static int	verify_tell(struct verify *, char, const struct verify_item *,
		    const char *);
static int	verify_alive(struct verify *);
static int	verify_push(struct verify *, const git_oid *, git_object_t,
		    const char *, const char *);
static int	tree_next(const char **, const char *, git_object_t *,
		    const char **, const unsigned char **);
static int	verify_tree(struct verify *, const struct verify_item *,
		    git_odb_object *);
static const char *last_message(void);
static int	verify_one(struct verify *, const struct verify_item *);
static int	verify_from(struct verify *, const git_oid *, const char *,
		    git_object_t, const char *);
static int	verify_walk(struct verify *);
static int	verify_parse(struct verify_watch *);
static int	walk_run(int, void *);
static int	walk_take(const char *, size_t, void *);
static int	walk_meanwhile(void *);
static int	verify_run(struct verify_watch *);

/* Add OID: 1 when it is new, 0 when it was there, < 0 out of memory. */
static int
oid_set_add(struct oid_set *set, const git_oid *oid)
{
	struct oid_set	 grown;
	size_t		 i, hash, mask;

	if (set->count * 2 >= set->cap) {
		grown.cap = set->cap != 0 ? set->cap * 2 : 1024;
		grown.count = 0;
		grown.slots = calloc(grown.cap, sizeof(*grown.slots));
		grown.used = calloc(grown.cap, 1);
		if (grown.slots == NULL || grown.used == NULL) {
			free(grown.slots);
			free(grown.used);
			return tend_error_nomem();
		}
		for (i = 0; i < set->cap; i++)
			if (set->used[i])
				(void)oid_set_add(&grown, &set->slots[i]);
		free(set->slots);
		free(set->used);
		*set = grown;
	}
	mask = set->cap - 1;
	/* An object id is a hash already: its first bytes spread well. */
	memcpy(&hash, oid->id, sizeof(hash));
	for (i = hash & mask; set->used[i]; i = (i + 1) & mask)
		if (git_oid_equal(&set->slots[i], oid))
			return 0;
	git_oid_cpy(&set->slots[i], oid);
	set->used[i] = 1;
	set->count++;
	return 1;
}

static void
oid_set_free(struct oid_set *set)
{
	free(set->slots);
	free(set->used);
	memset(set, 0, sizeof(*set));
}

/* Write one record; the parent reading it is gone if this fails. */
static int
verify_record(struct verify *v, char kind, const char *const *fields,
    size_t count)
{
	struct tend_buf	 record = TEND_BUF_INIT;
	size_t		 i;
	int		 error;

	if ((error = tend_buf_put(&record, &kind, 1)) < 0)
		return error;
	for (i = 0; i < count && error == 0; i++)
		error = tend_buf_put(&record, fields[i], strlen(fields[i]) + 1);
	if (error == 0 && tend_fs_write_all(v->fd, record.data,
	    record.len) < 0)
		error = tend_error_errno("cannot report");
	tend_buf_free(&record);
	return error;
}

static int
verify_tell(struct verify *v, char kind, const struct verify_item *item,
    const char *cause)
{
	const char	*fields[RECORD_FIELDS];
	char		 id[GIT_OID_HEXSZ + 1];

	git_oid_tostr(id, sizeof(id), &item->oid);
	fields[0] = id;
	fields[1] = item->type == GIT_OBJECT_ANY ? "object" :
	    git_object_type2string(item->type);
	fields[2] = v->from;
	fields[3] = item->path != NULL ? item->path : "";
	fields[4] = cause;
	return verify_record(v, kind, fields, RECORD_FIELDS);
}

/* A P record when the last sign of life is VERIFY_BEAT old. */
static int
verify_alive(struct verify *v)
{
	struct timespec	now;

	/* Read from the vDSO: no system call an object. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - v->beat.tv_sec < VERIFY_BEAT)
		return 0;
	v->beat = now;
	return verify_record(v, 'P', NULL, 0);
}

/* Put OID on the stack, once: DIR/NAME is its path, when it has one. */
static int
verify_push(struct verify *v, const git_oid *oid, git_object_t type,
    const char *dir, const char *name)
{
	struct verify_item	*stack;
	struct tend_buf		 path = TEND_BUF_INIT;
	int			 error;

	if ((error = oid_set_add(&v->seen, oid)) <= 0)
		return error;
	if (v->depth == v->cap) {
		v->cap = v->cap != 0 ? v->cap * 2 : 64;
		if ((stack = realloc(v->stack, v->cap * sizeof(*stack))) ==
		    NULL)
			return tend_error_nomem();
		v->stack = stack;
	}
	/* Put together without printf: every object but commits has one. */
	if (name != NULL && ((dir != NULL &&
	    ((error = tend_buf_puts(&path, dir)) < 0 ||
	    (error = tend_buf_put(&path, "/", 1)) < 0)) ||
	    (error = tend_buf_puts(&path, name)) < 0)) {
		tend_buf_free(&path);
		return error;
	}
	git_oid_cpy(&v->stack[v->depth].oid, oid);
	v->stack[v->depth].type = type;
	v->stack[v->depth].path = name != NULL ? tend_buf_detach(&path) : NULL;
	v->depth++;
	return 0;
}

/*
 * The modes of a tree's entries as git writes them, and what each entry
 * is; an entry is then "MODE NAME", a NUL and the id's 20 bytes.
 */
static const struct {
	const char	*mode;		/* and the space after it */
	size_t		 len;
	git_object_t	 type;
} tree_modes[] = {
	{ "40000 ", 6, GIT_OBJECT_TREE },
	{ "100644 ", 7, GIT_OBJECT_BLOB },
	{ "100755 ", 7, GIT_OBJECT_BLOB },
	{ "120000 ", 7, GIT_OBJECT_BLOB },
	{ "160000 ", 7, GIT_OBJECT_COMMIT },
};

/* The entry at *P, which moves past it; 0 when it is not well formed. */
static int
tree_next(const char **p, const char *end, git_object_t *type,
    const char **name, const unsigned char **id)
{
	const char	*nul;
	size_t		 i, n = sizeof(tree_modes) / sizeof(tree_modes[0]);

	for (i = 0; i < n; i++)
		if ((size_t)(end - *p) > tree_modes[i].len &&
		    memcmp(*p, tree_modes[i].mode, tree_modes[i].len) == 0)
			break;
	if (i == n)
		return 0;
	*name = *p + tree_modes[i].len;
	if ((nul = memchr(*name, '\0', (size_t)(end - *name))) == NULL ||
	    nul == *name || end - (nul + 1) < GIT_OID_RAWSZ ||
	    memchr(*name, '/', (size_t)(nul - *name)) != NULL)
		return 0;
	*type = tree_modes[i].type;
	*id = (const unsigned char *)nul + 1;
	*p = nul + 1 + GIT_OID_RAWSZ;
	return 1;
}

/*
 * Put what the tree RAW refers to on the stack, read from its bytes:
 * libgit2's parse, with an allocation an entry, was a quarter of the
 * walk.  1 when a single entry is not as git writes it: libgit2 parses
 * that tree then, and says what is wrong with it, as before.
 */
static int
verify_tree(struct verify *v, const struct verify_item *item,
    git_odb_object *raw)
{
	const char		*start = git_odb_object_data(raw), *p, *name;
	const char		*end = start + git_odb_object_size(raw);
	const unsigned char	*id;
	git_object_t		 type;
	git_oid			 oid;
	int			 error = 0;

	for (p = start; p < end; )
		if (!tree_next(&p, end, &type, &name, &id))
			return 1;
	for (p = start; p < end && error == 0; ) {
		(void)tree_next(&p, end, &type, &name, &id);
		/* A submodule's commit lives in another repository. */
		if (type == GIT_OBJECT_COMMIT)
			continue;
		git_oid_fromraw(&oid, id);
		error = verify_push(v, &oid, type, item->path, name);
	}
	return error;
}

/* The message of libgit2's last error, for a cause. */
static const char *
last_message(void)
{
	const git_error	*last = git_error_last();

	return last != NULL && last->message != NULL ? last->message :
	    "unknown git error";
}

/*
 * Read one object, check that its bytes hash to its id, and put what it
 * refers to on the stack.  Its raw bytes are read once and hashed here
 * (tend_git_object_id): libgit2's own check hashes with the slower,
 * collision-detecting SHA-1, which finds damage no better.  A commit,
 * tree or tag is then parsed from libgit2's cache, not read again.
 */
static int
verify_one(struct verify *v, const struct verify_item *item)
{
	const git_tree_entry	*entry;
	git_odb_object		*raw;
	git_object		*object;
	git_commit		*commit;
	git_object_t		 type;
	git_oid			 got;
	uint8_t			 id[TEND_SHA1_SIZE];
	char			 cause[256];
	char			 expected[GIT_OID_HEXSZ + 1];
	char			 hex[GIT_OID_HEXSZ + 1];
	size_t			 i;
	int			 error;

	if ((error = v->announce ? verify_tell(v, 'R', item, "") :
	    verify_alive(v)) < 0)
		return error;
	if ((error = git_odb_read(&raw, v->odb, &item->oid)) < 0) {
		if (error == GIT_ENOTFOUND)
			snprintf(cause, sizeof(cause), "is missing");
		else
			snprintf(cause, sizeof(cause), "cannot be read: %s",
			    last_message());
		return verify_tell(v, 'D', item, cause);
	}
	type = git_odb_object_type(raw);
	tend_git_object_id(id, git_object_type2string(type),
	    git_odb_object_data(raw), git_odb_object_size(raw));
	/* A tree read whole and well formed is all it has to be. */
	if (type == GIT_OBJECT_TREE && item->type != GIT_OBJECT_BLOB &&
	    item->type != GIT_OBJECT_COMMIT &&
	    memcmp(id, item->oid.id, sizeof(id)) == 0 &&
	    (error = verify_tree(v, item, raw)) <= 0) {
		git_odb_object_free(raw);
		if (error == 0)
			v->count++;
		return error;
	}
	git_odb_object_free(raw);
	if (memcmp(id, item->oid.id, sizeof(id)) != 0) {
		/* libgit2's words for it, as when it checked itself. */
		git_oid_fromraw(&got, id);
		git_oid_tostr(expected, sizeof(expected), &item->oid);
		git_oid_tostr(hex, sizeof(hex), &got);
		snprintf(cause, sizeof(cause), "cannot be read: object hash "
		    "mismatch - expected %s but got %s", expected, hex);
		return verify_tell(v, 'D', item, cause);
	}
	if (item->type != GIT_OBJECT_ANY && type != item->type) {
		v->count++;
		snprintf(cause, sizeof(cause), "is a %s",
		    git_object_type2string(type));
		return verify_tell(v, 'D', item, cause);
	}
	/* A blob refers to nothing: whole is all it has to be. */
	if (type == GIT_OBJECT_BLOB) {
		v->count++;
		return 0;
	}
	if ((error = git_object_lookup(&object, v->repo, &item->oid,
	    type)) < 0) {
		snprintf(cause, sizeof(cause), "cannot be read: %s",
		    last_message());
		return verify_tell(v, 'D', item, cause);
	}
	v->count++;
	error = 0;
	switch (type) {
	case GIT_OBJECT_COMMIT:
		commit = (git_commit *)object;
		error = verify_push(v, git_commit_tree_id(commit),
		    GIT_OBJECT_TREE, NULL, NULL);
		for (i = 0; error == 0 && i < git_commit_parentcount(commit);
		    i++)
			error = verify_push(v, git_commit_parent_id(commit,
			    (unsigned int)i), GIT_OBJECT_COMMIT, NULL, NULL);
		break;
	case GIT_OBJECT_TREE:
		for (i = 0; error == 0 &&
		    i < git_tree_entrycount((git_tree *)object); i++) {
			entry = git_tree_entry_byindex((git_tree *)object, i);
			/* A submodule's commit lives in another repository. */
			if (git_tree_entry_type(entry) == GIT_OBJECT_COMMIT)
				continue;
			error = verify_push(v, git_tree_entry_id(entry),
			    git_tree_entry_type(entry), item->path,
			    git_tree_entry_name(entry));
		}
		break;
	case GIT_OBJECT_TAG:
		error = verify_push(v, git_tag_target_id((git_tag *)object),
		    git_tag_target_type((git_tag *)object), NULL, NULL);
		break;
	default:
		break;
	}
	git_object_free(object);
	return error;
}

/* Read everything OID reaches, FROM naming where the walk started. */
static int
verify_from(struct verify *v, const git_oid *oid, const char *from,
    git_object_t type, const char *path)
{
	struct verify_item	item;
	int			error;

	v->from = from;
	if ((error = verify_push(v, oid, type, NULL, path)) < 0)
		return error;
	while (error == 0 && v->depth > 0) {
		item = v->stack[--v->depth];
		error = verify_one(v, &item);
		free(item.path);
	}
	return error;
}

/* The child's walk: refs, a detached HEAD, the index; then an E record. */
static int
verify_walk(struct verify *v)
{
	git_reference_iterator	*refs = NULL;
	git_reference		*ref;
	git_index		*index = NULL;
	const git_index_entry	*entry;
	const char		*fields[1];
	git_oid			 head;
	char			 count[32];
	size_t			 i;
	int			 error;

	if ((error = git_reference_iterator_new(&refs, v->repo)) < 0)
		return store_fail(error, "cannot list the refs");
	for (;;) {
		if ((error = git_reference_next(&ref, refs)) < 0) {
			error = error == GIT_ITEROVER ? 0 :
			    store_fail(error, "cannot list the refs");
			break;
		}
		/* A symbolic ref (origin/HEAD) names one listed anyway. */
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT)
			error = verify_from(v, git_reference_target(ref),
			    git_reference_name(ref), GIT_OBJECT_ANY, NULL);
		git_reference_free(ref);
		if (error < 0)
			break;
	}
	git_reference_iterator_free(refs);
	/* A detached HEAD is a ref of its own. */
	if (error == 0 && git_repository_head_detached(v->repo) == 1 &&
	    git_reference_name_to_id(&head, v->repo, "HEAD") == 0)
		error = verify_from(v, &head, "HEAD", GIT_OBJECT_COMMIT, NULL);
	if (error == 0 && (error = git_repository_index(&index, v->repo)) < 0)
		error = store_fail(error, "cannot read the index");
	for (i = 0; error == 0 && i < git_index_entrycount(index); i++) {
		entry = git_index_get_byindex(index, i);
		if (entry != NULL && entry->mode != GIT_FILEMODE_COMMIT)
			error = verify_from(v, &entry->id, "the index",
			    GIT_OBJECT_BLOB, entry->path);
	}
	git_index_free(index);
	if (error == 0) {
		snprintf(count, sizeof(count), "%zu", v->count);
		fields[0] = count;
		error = verify_record(v, 'E', fields, 1);
	}
	return error;
}

/* Take the complete records in the input; a partial one waits. */
static int
verify_parse(struct verify_watch *w)
{
	struct tend_damage	 damage;
	const char		*fields[RECORD_FIELDS], *p, *end, *nul;
	size_t			 want, i;
	git_oid			 oid;
	int			 error;

	for (;;) {
		p = w->input.data + w->used;
		end = w->input.data + w->input.len;
		if (p >= end)
			return 0;
		want = *p == 'E' ? 1 : *p == 'P' ? 0 : RECORD_FIELDS;
		for (i = 0, nul = p + 1; i < want; i++, nul++) {
			fields[i] = nul;
			if ((nul = memchr(nul, '\0', (size_t)(end - nul))) ==
			    NULL)
				return 0;
		}
		w->used = (size_t)(nul - w->input.data);
		if (*p == 'E') {
			w->ended = 1;
			w->count += strtoul(fields[0], NULL, 10);
		} else if (*p == 'R') {
			for (i = 0; i < RECORD_FIELDS; i++)
				snprintf(w->reading[i], sizeof(w->reading[i]),
				    "%s", fields[i]);
		} else if (*p == 'D' && git_oid_fromstr(&oid, fields[0]) == 0) {
			if ((error = oid_set_add(&w->told, &oid)) < 0)
				return error;
			if (error == 0)
				continue;
			snprintf(damage.id, sizeof(damage.id), "%s", fields[0]);
			damage.type = fields[1];
			damage.ref = fields[2];
			damage.path = fields[3][0] != '\0' ? fields[3] : NULL;
			damage.cause = fields[4];
			if ((error = w->fn(&damage, w->arg)) < 0)
				return error;
		}
	}
}

/* In the child: walk every object but those told already, saying each. */
static int
walk_run(int fd, void *arg)
{
	struct verify_watch	*w = arg;
	struct verify		 v;
	size_t			 i;
	int			 error = 0;

	/*
	 * tend reads without hashing (see tend_store_global_init): verify_one
	 * hashes every object it reads itself.  Commits stay in libgit2's
	 * cache between the read that hashes them and the lookup that parses
	 * them (these settings are the child's alone); trees are read from
	 * their bytes (verify_tree), each once, so none is kept: kept, they
	 * filled the cache, and libgit2 then scanned its map for some to
	 * evict at each object stored (a ninth of the check's instructions
	 * in a journal of 60,000 objects).
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_COMMIT,
	    (size_t)VERIFY_CACHED);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)0);
	memset(&v, 0, sizeof(v));
	v.repo = w->store->repo;
	if ((error = git_repository_odb(&v.odb, v.repo)) < 0)
		return store_fail(error, "cannot read the objects");
	v.fd = fd;
	v.announce = w->announce;
	clock_gettime(CLOCK_MONOTONIC, &v.beat);
	/* What was told already is not read again. */
	for (i = 0; i < w->told.cap && error >= 0; i++)
		if (w->told.used[i])
			error = oid_set_add(&v.seen, &w->told.slots[i]);
	if (error >= 0)
		error = verify_walk(&v);
	/* Items a walk that failed left on the stack, then the walk's sets. */
	for (i = 0; i < v.depth; i++)
		free(v.stack[i].path);
	free(v.stack);
	oid_set_free(&v.seen);
	git_odb_free(v.odb);
	return error < 0 ? error : 0;
}

/* In the parent: each piece of the child's records as it comes. */
static int
walk_take(const char *data, size_t len, void *arg)
{
	struct verify_watch	*w = arg;
	int			 error;

	if ((error = tend_buf_put(&w->input, data, len)) < 0 ||
	    (error = verify_parse(w)) < 0)
		return error;
	/* Keep only the partial record: a walk has many. */
	memmove(w->input.data, w->input.data + w->used,
	    w->input.len - w->used + 1);
	w->input.len -= w->used;
	w->used = 0;
	return 0;
}

/* In the parent, while the first walk's child reads: W's work of its own. */
static int
walk_meanwhile(void *arg)
{
	struct verify_watch	*w = arg;
	int			(*meanwhile)(void *) = w->meanwhile;

	w->meanwhile = NULL;
	return meanwhile(w->arg);
}

/*
 * Run one walk in a child, skipping the objects of W->told.  1 when the
 * child stalled on the object in W->reading, 0 when the walk ended.
 */
static int
verify_run(struct verify_watch *w)
{
	struct tend_child	child;
	int			status, error;

	w->reading[0][0] = '\0';
	w->input.len = w->used = 0;
	memset(&child, 0, sizeof(child));
	child.what = "the check of the objects";
	child.run = walk_run;
	child.take = walk_take;
	child.meanwhile = w->meanwhile != NULL ? walk_meanwhile : NULL;
	child.arg = w;
	child.silence_ms = VERIFY_STALL * 1000L;
	if ((error = tend_child_run(&status, &child)) != 0 || w->ended)
		return error;
	/* Without its E record, the child failed: its message follows. */
	if (w->used < w->input.len)
		return tend_error_set(TEND_ERROR, "%s",
		    w->input.data + w->used);
	return tend_error_set(TEND_ERROR, "the check stopped (status %d)",
	    status);
}

int
tend_store_verify(size_t *count, struct tend_store *store,
    int (*fn)(const struct tend_damage *, void *), int (*meanwhile)(void *),
    void *arg)
{
	struct verify_watch	 w;
	struct tend_damage	 damage;
	git_oid			 oid;
	int			 restarts, error;

	memset(&w, 0, sizeof(w));
	w.store = store;
	w.fn = fn;
	w.meanwhile = meanwhile;
	w.arg = arg;
	for (restarts = 0; ; restarts++) {
		if ((error = verify_run(&w)) <= 0)
			break;
		/* A walk that told nothing hung: again, telling each. */
		if (!w.announce) {
			w.announce = 1;
			restarts--;
			continue;
		}
		/* The object the child stalled on is told, then skipped. */
		if (restarts == VERIFY_RESTARTS ||
		    git_oid_fromstr(&oid, w.reading[0]) < 0) {
			error = tend_error_set(TEND_ERROR, "reading the objects "
			    "does not end");
			break;
		}
		snprintf(damage.id, sizeof(damage.id), "%s", w.reading[0]);
		damage.type = w.reading[1];
		damage.ref = w.reading[2];
		damage.path = w.reading[3][0] != '\0' ? w.reading[3] : NULL;
		damage.cause = "cannot be read: reading it does not end (a "
		    "file cut short?)";
		if ((error = oid_set_add(&w.told, &oid)) < 0 ||
		    (error = fn(&damage, arg)) < 0)
			break;
	}
	*count = w.count;
	tend_buf_free(&w.input);
	oid_set_free(&w.told);
	return error;
}

/* What check_tree carries down a tree. */
struct check_walk {
	struct tend_store	*store;
	int			(*skip)(const char *, const char *, void *);
	int			(*fn)(const char *, const char *, size_t,
				    void *);
	void			(*done)(const char *, const char *, int,
				    void *);
	void			*arg;
	struct tend_buf		 text;		/* a file read, opened */
};

static int	check_tree(struct check_walk *, git_tree *, struct tend_buf *);

/* 1 when FN did not accept a file in TREE, found at PATH; 0 when it did. */
static int
check_tree(struct check_walk *w, git_tree *tree, struct tend_buf *path)
{
	const git_tree_entry	*entry;
	git_object_t		 type;
	git_tree		*subtree;
	git_blob		*blob;
	char			 id[GIT_OID_HEXSZ + 1];
	size_t			 i, len = path->len;
	int			 error = 0, found = 0;

	for (i = 0; i < git_tree_entrycount(tree) && error >= 0; i++) {
		entry = git_tree_entry_byindex(tree, i);
		type = git_tree_entry_type(entry);
		if (type != GIT_OBJECT_BLOB && type != GIT_OBJECT_TREE)
			continue;
		path->len = len;
		if ((error = tend_buf_put(path, "/", 1)) < 0 ||
		    (error = tend_buf_puts(path,
		    git_tree_entry_name(entry))) < 0)
			break;
		git_oid_tostr(id, sizeof(id), git_tree_entry_id(entry));
		if (type == GIT_OBJECT_TREE) {
			if (w->skip(path->data, id, w->arg))
				continue;
			if ((error = git_tree_lookup(&subtree,
			    w->store->repo, git_tree_entry_id(entry))) < 0) {
				error = store_fail(error, "cannot read '%s'",
				    path->data);
				break;
			}
			error = check_tree(w, subtree, path);
			git_tree_free(subtree);
			if (error >= 0)
				w->done(path->data, id, error == 0, w->arg);
		} else {
			if ((error = git_blob_lookup(&blob, w->store->repo,
			    git_tree_entry_id(entry))) < 0) {
				error = store_fail(error, "cannot read '%s'",
				    path->data);
				break;
			}
			w->text.len = 0;
			if ((error = store_unseal(&w->text, w->store,
			    path->data, git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob))) == 0)
				error = w->fn(path->data, w->text.data != NULL ?
				    w->text.data : "", w->text.len, w->arg);
			git_blob_free(blob);
		}
		if (error > 0) {
			found = 1;
			error = 0;
		}
	}
	path->len = len;
	if (path->data != NULL)
		path->data[len] = '\0';
	return error < 0 ? error : found;
}

int
tend_store_check_files(struct tend_store *store, const char *dir,
    int (*skip)(const char *, const char *, void *),
    int (*fn)(const char *, const char *, size_t, void *),
    void (*done)(const char *, const char *, int, void *), void *arg)
{
	struct check_walk	 w = { store, skip, fn, done, arg,
				    TEND_BUF_INIT };
	struct tend_buf		 path = TEND_BUF_INIT;
	git_tree		*tree, *subtree = NULL;
	git_commit		*commit;
	git_tree_entry		*entry = NULL;
	char			 id[GIT_OID_HEXSZ + 1];
	int			 error;

	if ((error = store_head_tree(&tree, &commit, store)) < 0 ||
	    tree == NULL)
		return error;
	error = git_tree_entry_bypath(&entry, tree, dir);
	if (error == GIT_ENOTFOUND || (error == 0 &&
	    git_tree_entry_type(entry) != GIT_OBJECT_TREE)) {
		error = 0;
		goto out;
	}
	if (error < 0) {
		error = store_fail(error, "cannot read '%s'", dir);
		goto out;
	}
	git_oid_tostr(id, sizeof(id), git_tree_entry_id(entry));
	if (skip(dir, id, arg))
		goto out;
	if ((error = git_tree_lookup(&subtree, store->repo,
	    git_tree_entry_id(entry))) < 0) {
		error = store_fail(error, "cannot read '%s'", dir);
		goto out;
	}
	if ((error = tend_buf_puts(&path, dir)) == 0 &&
	    (error = check_tree(&w, subtree, &path)) >= 0) {
		done(dir, id, error == 0, arg);
		error = 0;
	}
out:
	tend_buf_free(&path);
	tend_buf_free(&w.text);
	git_tree_free(subtree);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	return error;
}
