/*
 * The names in trees, kept by tree id in .git/tend/trees: a walk of years
 * of check-in folders, newest first, would otherwise inflate every
 * month's tree on each status, though a past month's tree keeps its id
 * for good.  A tree id names the tree's bytes, so the names kept for it
 * are what reading it gives; a file that is cut short or unreadable is
 * simply read from the trees again.
 */

#include <git2.h>

#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

/*
 * After the header, a record a tree: "ID COUNT\n", then COUNT entries,
 * each "T" and the subtree's id, or "B", then the name and a NUL (no
 * name holds one).  Entries of other types are not kept: no walk reads
 * them.
 */
#define TREES_HEADER	"tend-trees 1 " TEND_VERSION "\n"
#define TREES_MAX	(64 * 1024 * 1024)	/* bigger: not read */

struct store_trees {
	struct store_tree	**items;
	size_t			  count, sorted, cap;
	char			 *text;		/* the file, names in it */
	int			  dirty;	/* a tree was read anew */
};

static int	by_id(const void *, const void *);
static int	add(struct store_trees *, struct store_tree *);
static void	tree_free(struct store_tree *);
static void	load(struct store_trees *, const char *);
static int	parse(struct store_trees *, char *, size_t);
static void	save(const struct store_trees *, const char *);

static int
by_id(const void *a, const void *b)
{
	return git_oid_cmp(&(*(struct store_tree *const *)a)->id,
	    &(*(struct store_tree *const *)b)->id);
}

static int
add(struct store_trees *trees, struct store_tree *tree)
{
	struct store_tree	**grown;
	size_t			  cap;

	if (trees->count == trees->cap) {
		cap = trees->cap != 0 ? trees->cap * 2 : 64;
		if ((grown = realloc(trees->items, cap * sizeof(*grown))) ==
		    NULL)
			return tend_error_nomem();
		trees->items = grown;
		trees->cap = cap;
	}
	trees->items[trees->count++] = tree;
	return 0;
}

static void
tree_free(struct store_tree *tree)
{
	if (tree == NULL)
		return;
	free(tree->names);
	free(tree->entries);
	free(tree);
}

/* The records of TEXT, LEN bytes after the header; -1 if any is amiss. */
static int
parse(struct store_trees *trees, char *text, size_t len)
{
	struct store_tree	*tree;
	char			*p = text, *end = text + len, *next, *start;
	unsigned long		 count, i;

	while (p < end) {
		if (end - p < GIT_OID_HEXSZ + 3 || p[GIT_OID_HEXSZ] != ' ' ||
		    (next = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return -1;
		if ((tree = calloc(1, sizeof(*tree))) == NULL)
			return -1;
		start = p;
		if (p[GIT_OID_HEXSZ + 1] < '0' || p[GIT_OID_HEXSZ + 1] > '9') {
			free(tree);
			return -1;
		}
		count = strtoul(p + GIT_OID_HEXSZ + 1, &p, 10);
		if (git_oid_fromstrn(&tree->id, start, GIT_OID_HEXSZ) < 0 ||
		    p != next || count > (unsigned long)(end - next) / 2 ||
		    (count != 0 && (tree->entries = calloc(count,
		    sizeof(*tree->entries))) == NULL) || add(trees, tree) < 0) {
			tree_free(tree);
			return -1;
		}
		tree->count = count;
		for (p = next + 1, i = 0; i < count; i++) {
			struct store_tree_entry *entry = &tree->entries[i];

			if (p < end && *p == 'T' && end - p > GIT_OID_HEXSZ &&
			    git_oid_fromstrn(&entry->id, p + 1,
			    GIT_OID_HEXSZ) == 0) {
				entry->is_tree = 1;
				p += 1 + GIT_OID_HEXSZ;
			} else if (p < end && *p == 'B')
				p++;
			else
				return -1;
			if (p == end || *p == '\0' || (next = memchr(p, '\0',
			    (size_t)(end - p))) == NULL ||
			    memchr(p, '/', (size_t)(next - p)) != NULL)
				return -1;
			entry->name = p;
			p = next + 1;
		}
	}
	return 0;
}

/* The cache at FILE; anything amiss in it, and it is as if empty. */
static void
load(struct store_trees *trees, const char *file)
{
	char	*text;
	size_t	 len, header = strlen(TREES_HEADER), i;

	if (tend_fs_read(&text, &len, file) < 0) {
		tend_error_clear();
		return;
	}
	if (len > TREES_MAX || len < header ||
	    memcmp(text, TREES_HEADER, header) != 0 ||
	    parse(trees, text + header, len - header) < 0) {
		for (i = 0; i < trees->count; i++)
			tree_free(trees->items[i]);
		trees->count = 0;
		free(text);
		return;
	}
	trees->text = text;
	if (trees->count > 1)
		qsort(trees->items, trees->count, sizeof(*trees->items), by_id);
	/* The same id twice would be a file not written here. */
	for (i = 1; i < trees->count; i++)
		if (git_oid_cmp(&trees->items[i - 1]->id,
		    &trees->items[i]->id) == 0) {
			for (i = 0; i < trees->count; i++)
				tree_free(trees->items[i]);
			trees->count = 0;
			free(text);
			trees->text = NULL;
			return;
		}
	trees->sorted = trees->count;
}

/* The trees this run used; those it did not are left out, to stay small. */
static void
save(const struct store_trees *trees, const char *file)
{
	struct tend_buf		 text = TEND_BUF_INIT;
	struct store_tree	*tree;
	char			 id[GIT_OID_HEXSZ + 1];
	size_t			 i, j;
	int			 error;

	error = tend_buf_puts(&text, TREES_HEADER);
	for (i = 0; i < trees->count && error == 0; i++) {
		if (!(tree = trees->items[i])->used)
			continue;
		git_oid_tostr(id, sizeof(id), &tree->id);
		error = tend_buf_printf(&text, "%s %zu\n", id, tree->count);
		for (j = 0; j < tree->count && error == 0; j++) {
			if (tree->entries[j].is_tree) {
				git_oid_tostr(id, sizeof(id),
				    &tree->entries[j].id);
				error = tend_buf_printf(&text, "T%s", id);
			} else
				error = tend_buf_puts(&text, "B");
			if (error == 0)
				error = tend_buf_put(&text,
				    tree->entries[j].name,
				    strlen(tree->entries[j].name) + 1);
		}
	}
	/* A cache that cannot be written only means reading again. */
	if (error == 0)
		(void)tend_fs_write_replace(file, text.data, text.len);
	tend_error_clear();
	tend_buf_free(&text);
}

int
store_tree_names(const struct store_tree **out, struct tend_store *store,
    const git_oid *id, git_tree *given, const char *path)
{
	struct store_trees	*trees;
	struct store_tree	*tree, key, *keyp = &key, **found;
	const git_tree_entry	*entry;
	git_tree		*read = NULL;
	git_object_t		 type;
	size_t			 i, n, len;
	char			*file, *names;
	int			 error;

	if ((trees = store->trees) == NULL) {
		if ((trees = calloc(1, sizeof(*trees))) == NULL)
			return tend_error_nomem();
		store->trees = trees;
		if ((file = tend_fs_join(store->gitdir,
		    TEND_LAYOUT_TREES_CACHE)) == NULL)
			return tend_error_nomem();
		load(trees, file);
		free(file);
	}
	key.id = *id;
	found = trees->sorted != 0 ? bsearch(&keyp, trees->items,
	    trees->sorted, sizeof(*trees->items), by_id) : NULL;
	for (i = trees->sorted; found == NULL && i < trees->count; i++)
		if (git_oid_equal(&trees->items[i]->id, id))
			found = &trees->items[i];
	if (found != NULL) {
		(*found)->used = 1;
		*out = *found;
		return 0;
	}
	if (given == NULL && (error = git_tree_lookup(&read, store->repo,
	    id)) < 0)
		return store_fail(error, "cannot read '%s'", path);
	if (given == NULL)
		given = read;
	n = git_tree_entrycount(given);
	for (len = 0, i = 0; i < n; i++)
		len += strlen(git_tree_entry_name(git_tree_entry_byindex(given,
		    i))) + 1;
	error = tend_error_nomem();
	if ((tree = calloc(1, sizeof(*tree))) == NULL ||
	    (n != 0 && (tree->entries = calloc(n, sizeof(*tree->entries))) ==
	    NULL) || (len != 0 && (tree->names = malloc(len)) == NULL))
		goto fail;
	tree->id = *id;
	tree->used = 1;
	for (names = tree->names, i = 0; i < n; i++) {
		entry = git_tree_entry_byindex(given, i);
		type = git_tree_entry_type(entry);
		if (type != GIT_OBJECT_BLOB && type != GIT_OBJECT_TREE)
			continue;
		len = strlen(git_tree_entry_name(entry)) + 1;
		memcpy(names, git_tree_entry_name(entry), len);
		tree->entries[tree->count].name = names;
		names += len;
		if ((tree->entries[tree->count].is_tree =
		    type == GIT_OBJECT_TREE))
			tree->entries[tree->count].id = *git_tree_entry_id(entry);
		tree->count++;
	}
	if ((error = add(trees, tree)) < 0)
		goto fail;
	trees->dirty = 1;
	git_tree_free(read);
	*out = tree;
	return 0;
fail:
	tree_free(tree);
	git_tree_free(read);
	return error;
}

void
store_trees_free(struct tend_store *store)
{
	struct store_trees	*trees = store->trees;
	char			*file;
	size_t			 i;

	if (trees == NULL)
		return;
	if (trees->dirty && (file = tend_fs_join(store->gitdir,
	    TEND_LAYOUT_TREES_CACHE)) != NULL) {
		save(trees, file);
		free(file);
	}
	for (i = 0; i < trees->count; i++)
		tree_free(trees->items[i]);
	free(trees->items);
	free(trees->text);
	free(trees);
	store->trees = NULL;
}

void
tend_store_trees_done(struct tend_store *store)
{
	store_trees_free(store);
}
