/*
 * A static website of the journal: no JavaScript, nothing fetched, every
 * link relative, so it works from file://.  Entries are rendered by
 * cmark in its safe mode; charts are inline SVG.
 *
 * An export is made again into the same folder, often after one new
 * entry, so a manifest there (MANIFEST) notes each page tend wrote and
 * what it was made from: an entry's blob id, a digest of an agreement's
 * history, the index's own digest.  A page whose source is unchanged is
 * not read, parsed or written again, and the index is drawn from the
 * rows the manifest keeps.  The index lists the newest entries and
 * links to a page a year (index-YEAR.html), made again only when one
 * of that year's entries is new, changed or gone: one new entry does not
 * rewrite the list of them all.  The manifest notes the tree id of each
 * folder of entries too: a folder whose tree is the same is not walked
 * again.
 * Pages are written under temporary names and renamed into place only
 * when every one is written, so a failed export leaves the last one as
 * it was; only then are the pages of entries that are gone removed, and
 * only those the manifest names.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define MAX_PARTNERS	8
#define CHART_W		600
#define CHART_H		120
#define MANIFEST	".tend-export"
/* A string literal and its length, for copy(). */
#define LITERAL(s)	(s), sizeof(s) - 1
/* A number's macro, said as text. */
#define SAID(n)		SAID_(n)
#define SAID_(n)	#n
/*
 * Change it whenever a page's markup changes, so that every page is made
 * anew; the manifest also names the tend version that wrote it.
 */
#define RENDERER	"3"
#define MANIFEST_HEAD	"tend-export 2 " TEND_VERSION " " RENDERER "\n"

/* An agreement's or the index's key: a digest of its sources, in hex. */
#define DIGEST_SIZE	TEND_OID_SIZE

/* What a row can also feed: the charts of check-ins and resentments. */
#define ROW_CHECKIN	0x1
#define ROW_RESENT	0x2

/* The newest entries the index lists; the others are on their year's. */
#define RECENT		20

static const char *const colours[MAX_PARTNERS] = {
	"#b5475b", "#3c6e9f", "#5c8a3a", "#b07d1e", "#7a4fa0", "#2f8f83",
	"#8f4a2f", "#555555",
};

/* An entry page and what the index shows of it, kept in the manifest. */
struct row {
	char	 day[11];
	char	*author;
	char	*kind;
	char	*id;
	char	*title;
	int	 private;
	char	*page;			/* "entries/ID.html" */
	char	*path;			/* its file in the store */
	/*
	 * Read from the manifest: PAGE, AUTHOR, KIND, ID, TITLE and LINE are
	 * in its text, which the site keeps, and PATH too until it moves.
	 */
	int	 borrowed, path_borrowed;
	int	 alone;			/* allocated by itself, not the manifest's */
	struct old_page *old;		/* its page there */
	/*
	 * Its manifest line, cut at its tabs, in the manifest's text, to be
	 * written again as it was; NULL when it is written anew.
	 */
	char	*line;
	size_t	 line_len;
	uint16_t cut[12];		/* where its tabs were in it */
	char	 key[TEND_OID_SIZE + 1];	/* blob id, then "s" or "p" */
	int	 flags;			/* ROW_* */
	int	 ratings[TEND_PILLAR_COUNT];
	char	 resolved[11];
};

struct rows {
	struct row	*items;
	size_t		 count, cap;
};

/* A page of the last export, from its manifest (strings in its text). */
struct old_page {
	const char *page;
	const char *key;
	struct row *row;		/* an entry's, else NULL */
	int	 kept;			/* made by this export too */
	int	 present;		/* its file is in DIR */
	int	 named_again;		/* another page has its name */
	size_t	 next;			/* in its bucket: index + 1, or 0 */
};

/* A folder of entries in a store, and its tree id there. */
struct folder {
	char	*path;
	char	 tree[TEND_OID_SIZE];
	int	 private;
};

/* One check-in for the charts. */
struct checkin {
	long	daynum;
	int	year;
	int	partner;		/* -1: not a partner of tend.conf */
	int	ratings[TEND_PILLAR_COUNT];
};

/* An entry file found in a store, to be rendered unless unchanged. */
struct found {
	char			*path;
	int			 path_owned;	/* else the manifest's */
	/* The manifest's row of this file in a folder unchanged, or NULL. */
	struct row		*row;
	char			 blob[TEND_OID_SIZE];
	struct tend_store	*store;
	const char		*kind;
	int			 private;
	int			 left_out;	/* no page made of it */
};

/* Where found_cb is listing. */
struct finding {
	struct site		*site;
	struct tend_store	*store;
	const char		*kind;
	int			 private;
};

/*
 * The entries of one year, and its page: a new entry makes its year's
 * page again and the index, not every year's.
 */
struct year {
	int	 num;			/* 2024, or -1: undated */
	char	 label[8];		/* "2024", or "undated" */
	size_t	 start, nrows;		/* its rows in by_year */
	size_t	 fresh;			/* of those, made by this export */
	size_t	 old;			/* the last export's rows of it */
	int	 sorted;		/* newest first */
};

/* Of the new manifest: OLD's bytes, or else MANIFEST's from AT. */
struct piece {
	char	*old;
	size_t	 at, len;
};

struct site {
	struct tend_journal	*journal;
	const char		*dir;
	unsigned int		 where;		/* TEND_IN_* */
	struct tend_export_counts *counts;
	tend_progress_fn	 progress;
	void			*progress_arg;
	size_t			 done, total;
	struct row		**rows;		/* this export's entries */
	size_t			 nrows, rows_cap;
	struct rows		 old_rows;	/* the last one's */
	char			*old_text;	/* the manifest, fields cut */
	struct old_page		*old;		/* in the manifest's order */
	size_t			 nold;
	size_t			*buckets;	/* by page: index + 1, or 0 */
	size_t			 nbuckets;	/* a power of two */
	char			**staged;	/* "TEMP\0PAGE" to rename */
	size_t			 nstaged, staged_cap;
	struct found		*found;		/* entry files, in tree order */
	size_t			 nfound, found_cap;
	struct folder		*folders;	/* this export's, walked */
	size_t			 nfolders, folders_cap;
	struct folder		*old_folders;	/* the last one's, sorted */
	size_t			 nold_folders;
	void			**old_by_path;	/* its rows, sorted */
	size_t			 nold_by_path;
	size_t			 npages;	/* this export's */
	size_t			 taken;		/* entries' rows kept */
	size_t			 rendered;	/* entries' pages made */
	/*
	 * The new one: what is new in MANIFEST, lines of the last one where
	 * they are, in the pieces, which cover MANIFEST up to COVERED.
	 */
	struct tend_buf		 manifest;
	struct piece		*pieces;
	size_t			 npieces, pieces_cap, covered;
	struct tend_buf		 agree_lines;	/* its agreements' lines */
	struct tend_buf		 agree_context;	/* what every agreement page
						   depends on */
	const struct tend_history *history;
	/* Its events by name, each name's in history order. */
	const struct tend_history_event **by_name;
	struct checkin		*checkins;
	size_t			 ncheckins;
	long			 first_daynum;
	long			 opened[12 * 50], resolved[12 * 50];
	int			 first_year, last_year;	/* of check-ins */
	int			 charted;	/* chart_data done */
	/* A calendar's grid, and each day's square, formatted once. */
	struct tend_buf		 grid, marks;
	size_t			 mark_at[367];
	struct year		*years;		/* newest first */
	size_t			 nyears, years_cap, year_hint;
	void			**by_year;	/* the rows, year after year */
	struct tend_buf		*index;		/* the list of agreements */
};

static int	escape(struct tend_buf *, const char *);
static int	page_start(struct tend_buf *, const char *, const char *);
static int	stage_page(struct site *, const char *, struct tend_buf *);
static int	unchanged(struct site *, const char *, const char *);
static size_t	bucket_of(const struct site *, const char *);
static int	found_cb(const char *, const char *, size_t, void *);
static int	found_add(struct finding *, const char *, const char *,
		    struct row *);
static int	folder_cb(const char *, const char *, void *);
static int	folder_add(struct site *, const char *, const char *, int);
static int	folder_order(const void *, const void *);
static int	path_order(const void *, const void *);
static int	folders_note(struct site *);
static int	entry_page(struct site *, struct found *);
static int	ratings_table(struct tend_buf *, const int *);
static void	page_made(struct site *, const char *);
static void	page_kept(struct site *, struct old_page *);
static int	render_entry(struct row *, struct site *, struct found *,
		    const char *, const char *);
static int	agreement_page(struct site *, const char *);
static int	agreement_key(char [DIGEST_SIZE], struct site *,
		    const struct tend_agree_row *);
static int	agreement_cb(const struct tend_agree_row *, void *);
static int	event_cb(const struct tend_agree_event *, void *);
static int	by_name_order(const void *, const void *);
static size_t	by_name_first(const struct site *, const char *);
static int	number(const char *);
static void	local_day(char [11], time_t);
static int	put_number(struct tend_buf *, long);
static long	day_number(const char *);
static int	charts(struct tend_buf *, struct site *);
static int	calendar(struct tend_buf *, struct site *, int);
static size_t	year_of(struct site *, const char *);
static int	year_order(const void *, const void *);
static int	years_group(struct site *);
static int	year_sort(struct site *, struct year *);
static int	year_page(struct site *, struct year *);
static const char *chart_y(char (*)[8], char [32], double, int);
static int	chart_data(struct site *);
static int	newest_first(const void *, const void *);
static int	sort_runs(void **, size_t, int (*)(const void *,
		    const void *));
static int	index_row(struct tend_buf *, const struct row *);
static char	*copy(char *, const char *, size_t);
static struct old_page *old_first(struct site *, const char *);
static struct old_page *old_next(struct site *, struct old_page *,
		    const char *);
static int	partner_index(struct site *, const char *);
static int	put_field(struct tend_buf *, const char *);
static int	digest(char [DIGEST_SIZE], const struct tend_buf *);
static char	*take_field(char **);
static int	manifest_read(struct site *);
static int	read_manifest(char **, size_t *, const char *);
static int	manifest_row(struct site *, const struct row *);
static int	manifest_cover(struct site *);
static int	manifest_piece(struct site *, char *, size_t);
static int	manifest_write(struct site *);
static int	present_read(struct site *, const char *);
static int	publish(struct site *);
static void	row_free(struct row *);
static void	tick(struct site *);

static int
escape(struct tend_buf *out, const char *text)
{
	size_t	plain;
	int	error = 0;

	while (error == 0 && *text != '\0') {
		/* Runs of bytes that need no escape go in at once. */
		if ((plain = strcspn(text, "<>&\"")) != 0) {
			error = tend_buf_put(out, text, plain);
			text += plain;
			continue;
		}
		error = tend_buf_puts(out, *text == '<' ? "&lt;" :
		    *text == '>' ? "&gt;" : *text == '&' ? "&amp;" :
		    "&quot;");
		text++;
	}
	return error;
}

static int
page_start(struct tend_buf *out, const char *title, const char *root)
{
	int	error;

	if ((error = tend_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">"
	    "<head><meta charset=\"utf-8\"><title>")) < 0 ||
	    (error = escape(out, title)) < 0)
		return error;
	/* A page an entry: no printf of the long style. */
	if ((error = tend_buf_puts(out, "</title><style>body{font:16px/1.5 "
	    "sans-serif;max-width:46em;margin:2em auto;padding:0 1em;"
	    "color:#222}table{border-collapse:collapse}td,th{padding:.2em "
	    ".6em;text-align:left}pre{background:#f6f6f6;padding:.6em;"
	    "overflow:auto}.private{color:#a33}</style></head><body><p><a "
	    "href=\"")) < 0 ||
	    (error = tend_buf_puts(out, root)) < 0 ||
	    (error = tend_buf_puts(out, "index.html\">journal</a></p>\n"
	    "<h1>")) < 0 ||
	    (error = escape(out, title)) < 0)
		return error;
	return tend_buf_puts(out, "</h1>\n");
}

/* Call the progress function, if any, for one more page done. */
static void
tick(struct site *site)
{
	if (site->progress != NULL)
		site->progress(++site->done, site->total, site->progress_arg);
}

/*
 * Write BODY to a temporary file beside DIR/NAME, to be renamed into
 * place by publish once every page is written.
 */
static int
stage_page(struct site *site, const char *name, struct tend_buf *body)
{
	struct tend_buf	 folder = TEND_BUF_INIT, staged = TEND_BUF_INIT;
	const char	*slash = strrchr(name, '/');
	char		*temp = NULL, **grown;
	int		 error, fd;

	/* DIR[/FOLDER]: put, not printed, for each of thousands of pages. */
	if ((error = tend_buf_puts(&folder, site->dir)) < 0 ||
	    (slash != NULL && ((error = tend_buf_puts(&folder, "/")) < 0 ||
	    (error = tend_buf_put(&folder, name, (size_t)(slash -
	    name))) < 0)))
		goto out;
	/*
	 * Not fsynced: an export is made again from the journal at will, and
	 * the rename shows the whole page or none of it (see tend-export(1)).
	 * mkstemp makes the file 0600, whatever the umask.
	 */
	if ((error = tend_buf_puts(&folder, "/.tend-page-XXXXXX")) < 0)
		goto out;
	/* A failure names the page, the name a reader knows. */
	if ((fd = mkstemp(folder.data)) < 0) {
		error = tend_error_errno("cannot write '%s/%s'", site->dir,
		    name);
		goto out;
	}
	if (tend_fs_write_all(fd, body->data, body->len) < 0) {
		error = tend_error_errno("cannot write '%s/%s'", site->dir,
		    name);
		close(fd);
		unlink(folder.data);
		goto out;
	}
	if (close(fd) < 0) {
		error = tend_error_errno("cannot write '%s/%s'", site->dir,
		    name);
		unlink(folder.data);
		goto out;
	}
	temp = tend_buf_detach(&folder);
	if ((error = tend_buf_puts(&staged, temp)) < 0 ||
	    (error = tend_buf_put(&staged, "", 1)) < 0 ||
	    (error = tend_buf_puts(&staged, name)) < 0) {
		unlink(temp);
		goto out;
	}
	if (site->nstaged == site->staged_cap) {
		if ((grown = realloc(site->staged, (site->staged_cap * 2 +
		    64) * sizeof(*grown))) == NULL) {
			error = tend_error_nomem();
			unlink(temp);
			goto out;
		}
		site->staged = grown;
		site->staged_cap = site->staged_cap * 2 + 64;
	}
	site->staged[site->nstaged++] = tend_buf_detach(&staged);
	site->counts->written++;
out:
	free(temp);
	tend_buf_free(&staged);
	tend_buf_free(&folder);
	return error;
}

/* Whether the last export made PAGE from KEY, and PAGE is still there. */
static int
unchanged(struct site *site, const char *page, const char *key)
{
	struct old_page	*old;
	struct tend_buf	 path = TEND_BUF_INIT;
	int		 there;

	if (key[0] == '\0')
		return 0;
	for (old = old_first(site, page); old != NULL; old = old_next(site,
	    old, page))
		if (strcmp(old->key, key) == 0)
			break;
	if (old == NULL)
		return 0;
	/* The index, alone in DIR, is looked for alone. */
	if (strchr(page, '/') == NULL) {
		there = tend_buf_printf(&path, "%s/%s", site->dir, page) == 0 &&
		    tend_fs_exists(path.data) == 1;
		tend_buf_free(&path);
		return there;
	}
	return old->present;
}

/* A page name's bucket: FNV-1a, enough to spread file names. */
static size_t
bucket_of(const struct site *site, const char *page)
{
	uint32_t	hash = 2166136261u;

	for (; *page != '\0'; page++)
		hash = (hash ^ (unsigned char)*page) * 16777619u;
	return hash & (site->nbuckets - 1);
}

/* The last export's first page named PAGE, or NULL. */
static struct old_page *
old_first(struct site *site, const char *page)
{
	size_t	at;

	if (site->nbuckets == 0)
		return NULL;
	for (at = site->buckets[bucket_of(site, page)]; at != 0;
	    at = site->old[at - 1].next)
		if (strcmp(site->old[at - 1].page, page) == 0)
			return &site->old[at - 1];
	return NULL;
}

/* The next one after OLD named PAGE as well, or NULL. */
static struct old_page *
old_next(struct site *site, struct old_page *old, const char *page)
{
	size_t	at;

	for (at = old->next; at != 0; at = site->old[at - 1].next)
		if (strcmp(site->old[at - 1].page, page) == 0)
			return &site->old[at - 1];
	return NULL;
}

/* Each entry file of a store, noted to be looked at in tree order. */
static int
found_cb(const char *path, const char *blob, size_t len, void *arg)
{
	(void)len;
	if (strlen(path) <= 3 || strcmp(path + strlen(path) - 3, ".md") != 0)
		return 0;
	return found_add(arg, path, blob, NULL);
}

/*
 * Note the entry file PATH, blob BLOB, of the store FINDING lists; ROW,
 * when the manifest's, holds PATH, which is not copied.
 */
static int
found_add(struct finding *finding, const char *path, const char *blob,
    struct row *row)
{
	struct site	*site = finding->site;
	struct found	*grown, *f;
	size_t		 len = strnlen(blob, TEND_OID_SIZE - 1);

	if (site->nfound == site->found_cap) {
		if ((grown = realloc(site->found, (site->found_cap * 2 + 64) *
		    sizeof(*grown))) == NULL)
			return tend_error_nomem();
		site->found = grown;
		site->found_cap = site->found_cap * 2 + 64;
	}
	f = &site->found[site->nfound];
	f->row = row;
	f->path_owned = row == NULL;
	if ((f->path = row != NULL ? row->path : strdup(path)) == NULL)
		return tend_error_nomem();
	/* Thousands of them: no printf. */
	memcpy(f->blob, blob, len);
	f->blob[len] = '\0';
	f->store = finding->store;
	f->kind = finding->kind;
	f->private = finding->private;
	f->left_out = 0;
	site->nfound++;
	return 0;
}

/* By store, then by path, which is a tree's order of what it holds. */
static int
folder_order(const void *a, const void *b)
{
	const struct folder	*fa = a, *fb = b;

	if (fa->private != fb->private)
		return fa->private - fb->private;
	return strcmp(fa->path, fb->path);
}

static int
path_order(const void *a, const void *b)
{
	const struct row	*ra = *(const void *const *)a;
	const struct row	*rb = *(const void *const *)b;

	if (ra->private != rb->private)
		return ra->private - rb->private;
	return strcmp(ra->path, rb->path);
}

/* Note the folder PATH of tree TREE, of the private store or not. */
static int
folder_add(struct site *site, const char *path, const char *tree,
    int private)
{
	struct folder	*grown;

	if (site->nfolders == site->folders_cap) {
		if ((grown = realloc(site->folders, (site->folders_cap * 2 +
		    16) * sizeof(*grown))) == NULL)
			return tend_error_nomem();
		site->folders = grown;
		site->folders_cap = site->folders_cap * 2 + 16;
	}
	grown = site->folders;
	if ((grown[site->nfolders].path = strdup(path)) == NULL)
		return tend_error_nomem();
	snprintf(grown[site->nfolders].tree, sizeof(grown->tree), "%s", tree);
	grown[site->nfolders++].private = private;
	return 0;
}

/*
 * Each folder of a store's entries, before what it holds: one the last
 * export saw with the same tree id, every entry of it made into a page,
 * is not read again; its entries are the ones the manifest names there.
 */
static int
folder_cb(const char *path, const char *tree, void *arg)
{
	struct finding	*finding = arg;
	struct site	*site = finding->site;
	struct folder	 key, *old, *f;
	struct row	*r;
	size_t		 len = strlen(path), lo, hi, mid;
	int		 error;

	if ((error = folder_add(site, path, tree, finding->private)) < 0)
		return error;
	key.path = (char *)path;
	key.private = finding->private;
	if (site->nold_folders == 0 || (old = bsearch(&key, site->old_folders,
	    site->nold_folders, sizeof(*old), folder_order)) == NULL ||
	    strcmp(old->tree, tree) != 0)
		return 0;
	/* The folders in it, as unchanged, after it as a walk has them. */
	for (f = old + 1; f < site->old_folders + site->nold_folders &&
	    f->private == old->private && strncmp(f->path, path, len) == 0 &&
	    f->path[len] == '/'; f++)
		if ((error = folder_add(site, f->path, f->tree,
		    f->private)) < 0)
			return error;
	/* The first row at or after PATH/: the folder's, one after another. */
	for (lo = 0, hi = site->nold_by_path; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		r = site->old_by_path[mid];
		if (r->private < finding->private ||
		    (r->private == finding->private &&
		    (strncmp(r->path, path, len) < 0 ||
		    (strncmp(r->path, path, len) == 0 && r->path[len] < '/'))))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < site->nold_by_path; lo++) {
		r = site->old_by_path[lo];
		if (r->private != finding->private ||
		    strncmp(r->path, path, len) != 0 || r->path[len] != '/')
			break;
		/* The key is the blob's id and the store's letter. */
		r->key[TEND_OID_SIZE - 1] = '\0';
		error = found_add(finding, r->path, r->key, r);
		r->key[TEND_OID_SIZE - 1] = r->private ? 'p' : 's';
		if (error < 0)
			return error;
	}
	return 1;
}

/*
 * Note in the manifest each folder walked whose every entry was made
 * into a page: one with an entry left out is read again next time.
 */
static int
folders_note(struct site *site)
{
	struct folder	*f;
	struct found	**out = NULL;
	size_t		 i, nout = 0, len;
	int		 error = 0, clean;

	/* The entries left out, which are few. */
	for (i = 0; i < site->nfound; i++)
		nout += site->found[i].left_out;
	if (nout != 0 && (out = calloc(nout, sizeof(*out))) == NULL)
		return tend_error_nomem();
	for (i = nout = 0; i < site->nfound; i++)
		if (site->found[i].left_out)
			out[nout++] = &site->found[i];
	for (f = site->folders; f < site->folders + site->nfolders &&
	    error == 0; f++) {
		len = strlen(f->path);
		for (clean = 1, i = 0; clean && i < nout; i++)
			if (out[i]->private == f->private &&
			    strncmp(out[i]->path, f->path, len) == 0 &&
			    out[i]->path[len] == '/')
				clean = 0;
		if (!clean)
			continue;
		if ((error = tend_buf_puts(&site->manifest, "t")) < 0 ||
		    (error = put_field(&site->manifest, f->path)) < 0 ||
		    (error = put_field(&site->manifest, f->tree)) < 0 ||
		    (error = put_field(&site->manifest, f->private ? "p" :
		    "s")) < 0)
			break;
		error = tend_buf_puts(&site->manifest, "\n");
	}
	free(out);
	return error;
}

/* Note PAGE as one of this export's: the last one's is not removed. */
static void
page_made(struct site *site, const char *page)
{
	struct old_page	*old;

	site->npages++;
	/* The last export may name it more than once, by several keys. */
	for (old = old_first(site, page); old != NULL; old = old_next(site,
	    old, page))
		old->kept = 1;
}

/* Note OLD's page as one of this export's, as page_made does. */
static void
page_kept(struct site *site, struct old_page *old)
{
	if (old->named_again) {
		page_made(site, old->page);
		return;
	}
	site->npages++;
	old->kept = 1;
}

/* An entry's page, made anew only when the entry changed. */
static int
entry_page(struct site *site, struct found *found)
{
	struct row	 r, *added, **grown;
	struct old_page	*hit, *kept = NULL;
	char		*id = NULL;
	size_t		 len;
	int		 error;

	memset(&r, 0, sizeof(r));
	/*
	 * The manifest's row of this very file, in a folder whose tree is
	 * the same: its page and key are the ones the entry gives.
	 */
	if (found->row != NULL && (hit = found->row->old) != NULL &&
	    hit->row == found->row && hit->present) {
		/* Taken over where it is: the manifest's rows are freed last. */
		added = hit->row;
		hit->row = NULL;
		kept = hit;
		site->taken++;
		goto add;
	}
	if ((error = tend_layout_entry_id(&id, tend_journal_cipher(
	    site->journal), found->path)) < 0) {
		/* A name that is no entry's is left out, as the walk does. */
		found->left_out = 1;
		return error == TEND_ENOMEM ? error : 0;
	}
	len = strlen(found->blob);
	memcpy(r.key, found->blob, len);
	r.key[len] = found->private ? 'p' : 's';
	r.key[len + 1] = '\0';
	len = strlen(id);
	r.page = malloc(len + sizeof("entries/.html"));
	if (r.page == NULL) {
		free(id);
		return tend_error_nomem();
	}
	memcpy(r.page, "entries/", 8);
	memcpy(r.page + 8, id, len);
	memcpy(r.page + 8 + len, ".html", sizeof(".html"));
	free(id);
	if ((r.path = strdup(found->path)) == NULL) {
		row_free(&r);
		return tend_error_nomem();
	}
	for (hit = old_first(site, r.page); hit != NULL; hit = old_next(site,
	    hit, r.page))
		if (hit->row != NULL && strcmp(hit->key, r.key) == 0)
			break;
	if (hit != NULL && hit->present) {
		/* Taken over: the strings move to the new row. */
		free(r.page);
		/* Its manifest line names its file, which may have moved. */
		if (strcmp(hit->row->path, r.path) != 0)
			hit->row->line = NULL;
		if (!hit->row->path_borrowed)
			free(hit->row->path);
		hit->row->path = r.path;
		hit->row->path_borrowed = 0;
		added = hit->row;
		hit->row = NULL;
		kept = hit;
		site->taken++;
	} else if ((error = render_entry(&r, site, found, found->path,
	    found->blob)) <= 0) {
		/* Left out (0), as an entry that does not parse is. */
		row_free(&r);
		found->left_out = 1;
		return error;
	} else {
		if ((added = malloc(sizeof(*added))) == NULL) {
			row_free(&r);
			return tend_error_nomem();
		}
		*added = r;
		added->alone = 1;
		site->rendered++;
	}
add:
	if (site->nrows == site->rows_cap) {
		if ((grown = realloc(site->rows, (site->rows_cap * 2 + 64) *
		    sizeof(*grown))) == NULL) {
			if (added->alone) {
				row_free(added);
				free(added);
			}
			return tend_error_nomem();
		}
		site->rows = grown;
		site->rows_cap = site->rows_cap * 2 + 64;
	}
	site->rows[site->nrows++] = added;
	if (kept != NULL)
		page_kept(site, kept);
	else
		page_made(site, added->page);
	return manifest_row(site, added);
}

/* A check-in's RATINGS (0: not rated), a row a pillar. */
static int
ratings_table(struct tend_buf *page, const int *ratings)
{
	size_t	i;
	char	cell[2] = "";
	int	error;

	error = tend_buf_puts(page, "<table class=\"ratings\">\n");
	for (i = 0; i < TEND_PILLAR_COUNT && error == 0; i++) {
		cell[0] = ratings[i] != 0 ? (char)('0' + ratings[i]) : '-';
		if ((error = tend_buf_puts(page, "<tr><th>")) < 0 ||
		    (error = tend_buf_puts(page, tend_pillar_key(i))) < 0 ||
		    (error = tend_buf_puts(page, "</th><td>")) < 0 ||
		    (error = tend_buf_puts(page, cell)) < 0 ||
		    (error = tend_buf_puts(page, " of " SAID(TEND_RATING_MAX)
		    "</td></tr>\n")) < 0)
			break;
	}
	if (error == 0)
		error = tend_buf_puts(page, "</table>\n");
	return error;
}

/*
 * Read the entry at PATH (blob BLOB), stage its page and fill R for the
 * index: 1 when done, 0 when the file is no entry to show, or < 0.
 */
static int
render_entry(struct row *r, struct site *site, struct found *found,
    const char *path, const char *blob)
{
	struct tend_entry	*entry = NULL;
	struct tend_buf		 page = TEND_BUF_INIT;
	const struct tend_meta	*pillars;
	const char		*date, *author, *title, *body, *state, *rating;
	char			*text = NULL;
	size_t			 len, i;
	int			 error, ratings[TEND_PILLAR_COUNT], rated = 0;

	if ((error = tend_store_read_blob(&text, &len, found->store,
	    blob)) < 0 ||
	    (error = tend_entry_parse_sealed(&entry, tend_journal_cipher(
	    site->journal), path, text, len)) < 0) {
		free(text);
		/* Left out without a warning, as tend-export(1) says. */
		return error == TEND_ENOMEM ? error : 0;
	}
	free(text);
	date = tend_entry_field(entry, "date");
	author = tend_entry_author(entry);
	title = tend_entry_field(entry, "title");
	body = tend_entry_body(entry);
	if (date == NULL || strlen(date) < 10 || author == NULL) {
		tend_entry_free(entry);
		return 0;
	}
	memcpy(r->day, date, 10);
	r->private = found->private;
	memset(ratings, 0, sizeof(ratings));
	if (strcmp(tend_entry_kind(entry), "checkin") == 0) {
		pillars = tend_meta_get(tend_entry_meta(entry), "pillars");
		for (i = 0; i < TEND_PILLAR_COUNT; i++) {
			rating = tend_meta_get_text(pillars,
			    tend_pillar_key(i));
			if (rating != NULL && rating[0] >= '0' +
			    TEND_RATING_MIN && rating[0] <= '0' +
			    TEND_RATING_MAX && rating[1] == '\0')
				rated += (ratings[i] = rating[0] - '0') != 0;
		}
	}
	if ((error = page_start(&page, tend_entry_id(entry), "../")) < 0 ||
	    (error = tend_buf_puts(&page, "<p>")) < 0 ||
	    (error = tend_buf_puts(&page, tend_entry_kind(entry))) < 0 ||
	    (error = tend_buf_puts(&page, " by ")) < 0 ||
	    (error = escape(&page, author)) < 0 ||
	    (error = tend_buf_puts(&page, ", ")) < 0 ||
	    (error = tend_buf_put(&page, date, 10)) < 0 ||
	    (error = tend_buf_puts(&page, r->private ? " <span class=\""
	    "private\">(private)</span></p>\n" : "</p>\n")) < 0 ||
	    (title != NULL && ((error = tend_buf_puts(&page, "<h2>")) < 0 ||
	    (error = escape(&page, title)) < 0 ||
	    (error = tend_buf_puts(&page, "</h2>\n")) < 0)) ||
	    (rated != 0 && (error = ratings_table(&page, ratings)) < 0) ||
	    (error = tend_markdown_html(&page, body, strlen(body))) < 0 ||
	    (error = tend_buf_puts(&page, "</body></html>\n")) < 0)
		goto out;
	/* As tend_checkin_list and tend_resent_list would count it. */
	if (!found->private && strcmp(found->kind, "checkin") == 0 &&
	    strcmp(tend_entry_kind(entry), "checkin") == 0) {
		r->flags |= ROW_CHECKIN;
		memcpy(r->ratings, ratings, sizeof(r->ratings));
	}
	state = tend_entry_field(entry, "state");
	if (strcmp(found->kind, "resent") == 0 && title != NULL &&
	    tend_entry_field(entry, "root") != NULL && state != NULL &&
	    (strcmp(state, "private") == 0 || strcmp(state, "raised") == 0 ||
	    strcmp(state, "resolved") == 0 || strcmp(state, "dropped") == 0)) {
		r->flags |= ROW_RESENT;
		snprintf(r->resolved, sizeof(r->resolved), "%.10s",
		    tend_entry_field(entry, "resolved") != NULL ?
		    tend_entry_field(entry, "resolved") : "");
	}
	if ((r->author = strdup(author)) == NULL ||
	    (r->kind = strdup(tend_entry_kind(entry))) == NULL ||
	    (r->id = strdup(tend_entry_id(entry))) == NULL ||
	    (r->title = strdup(title != NULL ? title : "")) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	error = stage_page(site, r->page, &page);
	if (error == 0)
		error = 1;
out:
	tend_entry_free(entry);
	tend_buf_free(&page);
	return error;
}

/*
 * atoi(TEXT), without strtol's cost where TEXT is digits to a non-digit,
 * as the dates of thousands of rows are.
 */
static int
number(const char *text)
{
	int	n = 0, i;

	for (i = 0; i < 5 && text[i] >= '0' && text[i] <= '9'; i++)
		n = n * 10 + text[i] - '0';
	if (i == 0 || i == 5)
		return atoi(text);
	return n;
}

/* N in decimal, as "%ld" puts it, without printf's cost. */
static int
put_number(struct tend_buf *out, long n)
{
	char			 digits[24], *at = digits + sizeof(digits);
	unsigned long	 u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;

	do
		*--at = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		*--at = '-';
	return tend_buf_put(out, at, (size_t)(digits + sizeof(digits) - at));
}

/*
 * One bar of the resentment chart at X, VALUE high on a scale whose tallest
 * bar is TOP, in COLOUR.
 */
static int
put_bar(struct tend_buf *out, long x, long value, long top,
    const char *colour)
{
	long	height = value * (CHART_H - 10) / top;
	int	error;

	if ((error = tend_buf_puts(out, "<rect x=\"")) < 0 ||
	    (error = put_number(out, x)) < 0 ||
	    (error = tend_buf_puts(out, "\" y=\"")) < 0 ||
	    (error = put_number(out, CHART_H - height)) < 0 ||
	    (error = tend_buf_puts(out, "\" width=\"5\" height=\"")) < 0 ||
	    (error = put_number(out, height)) < 0 ||
	    (error = tend_buf_puts(out, "\" fill=\"")) < 0 ||
	    (error = tend_buf_puts(out, colour)) < 0)
		return error;
	return tend_buf_puts(out, "\"/>");
}

/*
 * The day of T here, as strftime's "%Y-%m-%d" gives it ("" when it has
 * none), put by hand for the years of four digits: thousands of events.
 */
static void
local_day(char day[11], time_t t)
{
	struct tm	tm;
	int		year;

	day[0] = '\0';
	if (localtime_r(&t, &tm) == NULL)
		return;
	year = tm.tm_year + 1900;
	if (year < 1000 || year > 9999 || tm.tm_mon < 0 || tm.tm_mon > 11 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31) {
		strftime(day, 11, "%Y-%m-%d", &tm);
		return;
	}
	day[0] = (char)('0' + year / 1000);
	day[1] = (char)('0' + year / 100 % 10);
	day[2] = (char)('0' + year / 10 % 10);
	day[3] = (char)('0' + year % 10);
	day[4] = '-';
	day[5] = (char)('0' + (tm.tm_mon + 1) / 10);
	day[6] = (char)('0' + (tm.tm_mon + 1) % 10);
	day[7] = '-';
	day[8] = (char)('0' + tm.tm_mday / 10);
	day[9] = (char)('0' + tm.tm_mday % 10);
	day[10] = '\0';
}

/* A day's number, counted from 1970-01-01, by the proleptic calendar. */
static long
day_number(const char *day)
{
	long	y = number(day), m = number(day + 5) - 1, d = number(day + 8);
	long	era, yoe, doy;

	/* A month out of range carries into the year, as mktime does. */
	y += m >= 0 ? m / 12 : -((11 - m) / 12);
	m -= (m >= 0 ? m / 12 : -((11 - m) / 12)) * 12;
	/* Howard Hinnant's days_from_civil, with March as month 0. */
	if (m < 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m < 2 ? 10 : -2)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy -
	    719468;
}

static int
partner_index(struct site *site, const char *id)
{
	size_t	i;

	for (i = 0; i < tend_journal_partner_count(site->journal) &&
	    i < MAX_PARTNERS; i++)
		if (strcmp(tend_journal_partner_id(site->journal, i), id) == 0)
			return (int)i;
	return -1;
}

/* The charts' numbers, from the rows: check-ins, resentments a month. */
static int
chart_data(struct site *site)
{
	struct row	*r;
	const char	*first = NULL;
	long		 month;
	size_t		 n = 0, i;

	if (site->charted++)
		return 0;
	for (i = 0; i < site->nrows; i++)
		if ((r = site->rows[i])->flags & ROW_CHECKIN) {
			n++;
			if (first == NULL || strcmp(r->day, first) < 0)
				first = r->day;
		}
	if (n != 0 && (site->checkins = calloc(n,
	    sizeof(*site->checkins))) == NULL)
		return tend_error_nomem();
	site->first_daynum = first != NULL ? day_number(first) : 0;
	site->first_year = site->last_year = first != NULL ? number(first) :
	    2000;
	for (i = 0; i < site->nrows; i++) {
		if ((r = site->rows[i])->flags & ROW_CHECKIN) {
			struct checkin *c = &site->checkins[site->ncheckins++];

			c->daynum = day_number(r->day);
			c->year = number(r->day);
			if (c->year > site->last_year)
				site->last_year = c->year;
			c->partner = partner_index(site, r->author);
			memcpy(c->ratings, r->ratings, sizeof(c->ratings));
		}
		if (!(r->flags & ROW_RESENT))
			continue;
		month = (number(r->day) - site->first_year) * 12 +
		    number(r->day + 5) - 1;
		if (month >= 0 && month < 12 * 50)
			site->opened[month]++;
		if (r->resolved[0] != '\0') {
			month = (number(r->resolved) - site->first_year) * 12 +
			    number(r->resolved + 5) - 1;
			if (month >= 0 && month < 12 * 50)
				site->resolved[month]++;
		}
	}
	return 0;
}

/*
 * A week's average as a chart's y, "%.1f": by its sum and count, which
 * take few values, so that each is formatted once (MEMO: "" when not);
 * other values go to SPARE.
 */
#define MEMO_COUNT	32
#define MEMO_SUM	(MEMO_COUNT * TEND_RATING_MAX)
static const char *
chart_y(char (*memo)[8], char spare[32], double sum, int count)
{
	char		*y = spare;
	size_t		 size = 32;
	int		 whole = (int)sum;

	if (count < MEMO_COUNT && whole >= 0 && whole <= MEMO_SUM &&
	    (double)whole == sum) {
		y = memo[count * (MEMO_SUM + 1) + whole];
		if (y[0] != '\0')
			return y;
		size = sizeof(*memo);
	}
	snprintf(y, size, "%.1f", CHART_H - 10 - (sum / count - 1) *
	    (CHART_H - 20) / 4);
	return y;
}

static int
charts(struct tend_buf *out, struct site *site)
{
	const struct checkin *c;
	int		 p;
	long		 d, days = 0, weeks, w, m, months, top;
	double		*sum = NULL, x;
	int		*count = NULL;
	char		(*memo)[8] = NULL, spare[32], *to;
	const char	*y;
	size_t		 k, npartners = tend_journal_partner_count(site->journal);
	size_t		 xlen, ylen, colour;
	int		 error = 0, started, last_year;
	/* What repeats, formatted once: each week's x. */
	struct tend_buf	 xs = TEND_BUF_INIT;
	size_t		*x_at = NULL;

	if (npartners > MAX_PARTNERS)
		npartners = MAX_PARTNERS;
	if (site->ncheckins == 0)
		return tend_buf_puts(out, "<p>No check-ins yet.</p>\n");
	for (c = site->checkins; c < site->checkins + site->ncheckins; c++)
		if ((d = c->daynum - site->first_daynum) > days)
			days = d;
	weeks = days / 7 + 1;
	sum = calloc((size_t)weeks * npartners * TEND_PILLAR_COUNT,
	    sizeof(*sum));
	count = calloc((size_t)weeks * npartners * TEND_PILLAR_COUNT,
	    sizeof(*count));
	x_at = calloc((size_t)weeks + 1, sizeof(*x_at));
	memo = calloc(MEMO_COUNT * (MEMO_SUM + 1), sizeof(*memo));
	if (sum == NULL || count == NULL || x_at == NULL || memo == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	for (w = 0; error == 0 && w < weeks; w++) {
		x_at[w] = xs.len;
		x = weeks > 1 ? 10 + (double)w * (CHART_W - 20) /
		    (double)(weeks - 1) : CHART_W / 2.0;
		error = tend_buf_printf(&xs, "%.1f", x);
	}
	x_at[weeks] = xs.len;
	if (error < 0)
		goto out;
	for (c = site->checkins; c < site->checkins + site->ncheckins; c++) {
		if ((p = c->partner) < 0)
			continue;
		w = (c->daynum - site->first_daynum) / 7;
		for (k = 0; k < TEND_PILLAR_COUNT; k++)
			if (c->ratings[k] > 0) {
				sum[((size_t)w * npartners + (size_t)p) *
				    TEND_PILLAR_COUNT + k] += c->ratings[k];
				count[((size_t)w * npartners + (size_t)p) *
				    TEND_PILLAR_COUNT + k]++;
			}
	}
	/* One chart a pillar: weekly averages, a line a partner. */
	error = tend_buf_puts(out, "<h2>The pillars, week by week</h2>\n<p>");
	for (p = 0; error == 0 && (size_t)p < npartners; p++) {
		error = tend_buf_printf(out, "<span style=\"color:%s\">&#9632; ",
		    colours[p]);
		if (error == 0)
			error = escape(out, tend_journal_partner_name(
			    site->journal, (size_t)p));
		if (error == 0)
			error = tend_buf_puts(out, "</span> ");
	}
	if (error == 0)
		error = tend_buf_puts(out, "</p>\n");
	for (k = 0; k < TEND_PILLAR_COUNT && error == 0; k++) {
		error = tend_buf_printf(out, "<h3>%s</h3>\n<svg xmlns=\"http://"
		    "www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox="
		    "\"0 0 %d %d\" role=\"img\"><rect width=\"100%%\" height="
		    "\"100%%\" fill=\"#fafafa\"/>", tend_pillar_key(k), CHART_W,
		    CHART_H, CHART_W, CHART_H);
		for (p = 0; error == 0 && (size_t)p < npartners; p++) {
			error = tend_buf_printf(out, "<polyline fill=\"none\" "
			    "stroke=\"%s\" stroke-width=\"2\" points=\"",
			    colours[p]);
			colour = strlen(colours[p]);
			for (w = 0, started = 0; error == 0 && w < weeks; w++) {
				size_t at = ((size_t)w * npartners + (size_t)p) *
				    TEND_PILLAR_COUNT + k;

				if (count[at] == 0)
					continue;
				y = chart_y(memo, spare, sum[at], count[at]);
				xlen = x_at[w + 1] - x_at[w];
				ylen = strlen(y);
				/* " X,Y", copied in place: thousands of them. */
				if ((error = tend_buf_grow(out, xlen + ylen +
				    2)) < 0)
					break;
				to = out->data + out->len;
				if (started++)
					*to++ = ' ';
				to = copy(to, xs.data + x_at[w], xlen);
				*to++ = ',';
				to = copy(to, y, ylen);
				*to = '\0';
				out->len = (size_t)(to - out->data);
			}
			if (error == 0)
				error = tend_buf_puts(out, "\"/>");
			/* A dot a week, so that a lone week shows too. */
			for (w = 0; error == 0 && w < weeks; w++) {
				size_t at = ((size_t)w * npartners + (size_t)p) *
				    TEND_PILLAR_COUNT + k;

				if (count[at] == 0)
					continue;
				y = chart_y(memo, spare, sum[at], count[at]);
				xlen = x_at[w + 1] - x_at[w];
				ylen = strlen(y);
				if ((error = tend_buf_grow(out, xlen + ylen +
				    colour + 36)) < 0)
					break;
				to = copy(out->data + out->len,
				    LITERAL("<circle cx=\""));
				to = copy(to, xs.data + x_at[w], xlen);
				to = copy(to, LITERAL("\" cy=\""));
				to = copy(to, y, ylen);
				to = copy(to, LITERAL("\" r=\"3\" fill=\""));
				to = copy(to, colours[p], colour);
				to = copy(to, LITERAL("\"/>"));
				*to = '\0';
				out->len = (size_t)(to - out->data);
			}
		}
		if (error == 0)
			error = tend_buf_puts(out, "</svg>\n");
	}
	/*
	 * The latest year's calendar; each year's is on its own page, so
	 * that a new entry does not make every year's again.
	 */
	last_year = site->last_year;
	if (error == 0)
		error = tend_buf_puts(out, "<h2>Check-ins, day by day</h2>\n");
	if (error == 0)
		error = calendar(out, site, last_year);
	/* Resentments opened and resolved, a pair of bars a month. */
	for (months = 12 * 50; months > 0 && site->opened[months - 1] == 0 &&
	    site->resolved[months - 1] == 0; months--)
		;
	if (months < (long)(last_year - site->first_year + 1) * 12)
		months = (long)(last_year - site->first_year + 1) * 12;
	if (months > 12 * 50)
		months = 12 * 50;
	for (m = 0, top = 1; m < months; m++) {
		if (site->opened[m] > top)
			top = site->opened[m];
		if (site->resolved[m] > top)
			top = site->resolved[m];
	}
	if (error == 0)
		error = tend_buf_printf(out, "<h2>Resentments, month by month"
		    "</h2>\n<p><span style=\"color:#b5475b\">&#9632; "
		    "opened</span> <span style=\"color:#5c8a3a\">&#9632; "
		    "resolved</span></p>\n<svg xmlns=\"http://www.w3.org/2000/"
		    "svg\" width=\"%ld\" height=\"%d\" role=\"img\">",
		    months * 12 + 10, CHART_H);
	for (m = 0; error == 0 && m < months; m++)
		if ((error = put_bar(out, m * 12 + 5, site->opened[m], top,
		    "#b5475b")) == 0)
			error = put_bar(out, m * 12 + 10, site->resolved[m], top,
			    "#5c8a3a");
	if (error == 0)
		error = tend_buf_puts(out, "</svg>\n");
out:
	free(sum);
	free(count);
	free(x_at);
	free(memo);
	tend_buf_free(&xs);
	return error;
}

/*
 * YEAR's check-ins, a square a day, darker the more partners checked in;
 * nothing for a year outside the check-ins' years.
 */
static int
calendar(struct tend_buf *out, struct site *site, int year)
{
	const struct checkin *c;
	size_t		 npartners = tend_journal_partner_count(site->journal);
	char		 day[11], opacity[32];
	long		 d, start;
	int		 error = 0;

	if (site->ncheckins == 0 || year < site->first_year ||
	    year > site->last_year)
		return 0;
	if (npartners > MAX_PARTNERS)
		npartners = MAX_PARTNERS;
	/*
	 * Formatted once for every year: the grid of days, and the square
	 * of each day of a year (of 366 days), put without printf.
	 */
	snprintf(opacity, sizeof(opacity), "%.2f", 1.0 / (double)(npartners !=
	    0 ? npartners : 1));
	for (d = site->grid.len != 0 ? 366 : 0; error == 0 && d < 366; d++) {
		site->mark_at[d] = site->marks.len;
		if ((error = tend_buf_puts(&site->grid, "<rect x=\"")) < 0 ||
		    (error = put_number(&site->grid, d / 7 * 11)) < 0 ||
		    (error = tend_buf_puts(&site->grid, "\" y=\"")) < 0 ||
		    (error = put_number(&site->grid, d % 7 * 11)) < 0 ||
		    (error = tend_buf_puts(&site->grid, "\" width=\"10\" "
		    "height=\"10\" fill=\"#eeeeee\"/>")) < 0 ||
		    (error = tend_buf_puts(&site->marks, "<rect x=\"")) < 0 ||
		    (error = put_number(&site->marks, d / 7 * 11)) < 0 ||
		    (error = tend_buf_puts(&site->marks, "\" y=\"")) < 0 ||
		    (error = put_number(&site->marks, d % 7 * 11)) < 0 ||
		    (error = tend_buf_puts(&site->marks, "\" width=\"10\" "
		    "height=\"10\" fill=\"#3c6e9f\" fill-opacity=\"")) < 0 ||
		    (error = tend_buf_puts(&site->marks, opacity)) < 0)
			break;
		if ((error = tend_buf_puts(&site->marks, "\"/>")) == 0 &&
		    d == 365)
			site->mark_at[366] = site->marks.len;
	}
	if (error < 0)
		return error;
	snprintf(day, sizeof(day), "%04d-01-01", year);
	start = day_number(day) - site->first_daynum;
	if ((error = tend_buf_printf(out, "<p>%d</p><svg xmlns=\"http://"
	    "www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "role=\"img\">", year, 53 * 11, 7 * 11)) < 0 ||
	    /* Every day of the year, faintly, as a calendar's grid. */
	    (error = tend_buf_put(out, site->grid.data, site->grid.len)) < 0)
		return error;
	for (c = site->checkins; error == 0 && c < site->checkins +
	    site->ncheckins; c++) {
		if (c->year != year)
			continue;
		/* Overlapping squares: darker as more check in. */
		d = c->daynum - site->first_daynum - start;
		if (d >= 0 && d < 366)
			error = tend_buf_put(out, site->marks.data +
			    site->mark_at[d], site->mark_at[d + 1] -
			    site->mark_at[d]);
	}
	if (error == 0)
		error = tend_buf_puts(out, "</svg>\n");
	return error;
}

/*
 * Sort the N pointers ITEMS by ORDER, which is given pointers to two of
 * them, stably, as qsort's merge sort does.  Thousands of rows come in a
 * tree's order, mostly in runs already in order or the reverse: each run
 * is found in one pass and the runs merged, a pass a halving.
 */
static int
sort_runs(void **items, size_t n, int (*order)(const void *, const void *))
{
	void	**spare, **from, **to, **swap;
	size_t	 *ends, nruns = 0, i, j, k, a, b, end, merged;

	if (n < 2)
		return 0;
	if ((ends = calloc(n, sizeof(*ends))) == NULL)
		return tend_error_nomem();
	/* Runs: in order, or strictly in reverse, which is turned round. */
	for (i = 0; i < n; i = j) {
		j = i + 1;
		if (j < n && order(&items[i], &items[j]) > 0) {
			while (j + 1 < n && order(&items[j], &items[j + 1]) > 0)
				j++;
			for (a = i, b = j; a < b; a++, b--) {
				swap = items[a];
				items[a] = items[b];
				items[b] = swap;
			}
			j++;
		} else
			while (j < n && order(&items[j - 1], &items[j]) <= 0)
				j++;
		ends[nruns++] = j;
	}
	if (nruns == 1) {
		free(ends);
		return 0;
	}
	if ((spare = calloc(n, sizeof(*spare))) == NULL) {
		free(ends);
		return tend_error_nomem();
	}
	from = items;
	to = spare;
	while (nruns > 1) {
		/* Each pair of runs into one; the left one first on a tie. */
		for (i = 0, merged = 0, a = 0; i < nruns; i += 2) {
			end = ends[i];
			if (i + 1 == nruns) {
				memcpy(to + a, from + a, (end - a) *
				    sizeof(*to));
				ends[merged++] = end;
				break;
			}
			b = end;
			end = ends[i + 1];
			for (j = a, k = b; j < b && k < end; )
				to[a++] = order(&from[k], &from[j]) < 0 ?
				    from[k++] : from[j++];
			while (j < b)
				to[a++] = from[j++];
			while (k < end)
				to[a++] = from[k++];
			ends[merged++] = end;
		}
		nruns = merged;
		swap = (void *)from;
		from = to;
		to = (void **)swap;
	}
	if (from != items)
		memcpy(items, from, n * sizeof(*items));
	free(spare);
	free(ends);
	return 0;
}

/* LEN bytes of TEXT at AT, and where they end. */
static char *
copy(char *at, const char *text, size_t len)
{
	memcpy(at, text, len);
	return at + len;
}

/* An entry's row of the index, of thousands: pieces copied in place. */
static int
index_row(struct tend_buf *out, const struct row *r)
{
	const char	*title = r->title[0] != '\0' ? r->title : r->id;
	const char	*open = r->private ? "<tr class=\"private\"><td>" :
			    "<tr><td>";
	size_t		 day = strlen(r->day), author = strlen(r->author);
	size_t		 kind = strlen(r->kind), id = strlen(r->id);
	size_t		 shown = strlen(title);
	char		*at;
	int		 error;

	/* A name with a character to escape, which is rare, goes piecemeal. */
	if (strcspn(r->author, "<>&\"") != author ||
	    strcspn(title, "<>&\"") != shown) {
		if ((error = tend_buf_puts(out, open)) < 0 ||
		    (error = tend_buf_puts(out, r->day)) < 0 ||
		    (error = tend_buf_puts(out, "</td><td>")) < 0 ||
		    (error = escape(out, r->author)) < 0 ||
		    (error = tend_buf_puts(out, "</td><td>")) < 0 ||
		    (error = tend_buf_puts(out, r->kind)) < 0 ||
		    (error = tend_buf_puts(out, "</td><td><a href=\""
		    "entries/")) < 0 ||
		    (error = tend_buf_puts(out, r->id)) < 0 ||
		    (error = tend_buf_puts(out, ".html\">")) < 0 ||
		    (error = escape(out, title)) < 0)
			return error;
		return tend_buf_puts(out, "</a></td></tr>\n");
	}
	/* The markup is under 128 bytes. */
	if ((error = tend_buf_grow(out, 128 + day + author + kind + id +
	    shown)) < 0)
		return error;
	at = copy(out->data + out->len, open, strlen(open));
	at = copy(at, r->day, day);
	at = copy(at, LITERAL("</td><td>"));
	at = copy(at, r->author, author);
	at = copy(at, LITERAL("</td><td>"));
	at = copy(at, r->kind, kind);
	at = copy(at, LITERAL("</td><td><a href=\"entries/"));
	at = copy(at, r->id, id);
	at = copy(at, LITERAL(".html\">"));
	at = copy(at, title, shown);
	at = copy(at, LITERAL("</a></td></tr>\n"));
	*at = '\0';
	out->len = (size_t)(at - out->data);
	return 0;
}

/* Of two pointers to rows. */
static int
newest_first(const void *a, const void *b)
{
	const struct row	*ra = *(const void *const *)a;
	const struct row	*rb = *(const void *const *)b;
	int			 order;

	if ((order = strcmp(rb->day, ra->day)) != 0)
		return order;
	return strcmp(rb->id, ra->id);
}

/*
 * The group of rows of DAY's year, made if it is new: "undated" for a day
 * whose year is not four digits, which names no page.
 */
static size_t
year_of(struct site *site, const char *day)
{
	struct year	*grown;
	size_t		 i;
	int		 num = -1;

	if (day[0] >= '0' && day[0] <= '9' && day[1] >= '0' && day[1] <= '9' &&
	    day[2] >= '0' && day[2] <= '9' && day[3] >= '0' && day[3] <= '9')
		num = (day[0] - '0') * 1000 + (day[1] - '0') * 100 +
		    (day[2] - '0') * 10 + day[3] - '0';
	/* Rows come a year after another, mostly: the last one first. */
	if (site->year_hint < site->nyears &&
	    site->years[site->year_hint].num == num)
		return site->year_hint;
	for (i = 0; i < site->nyears; i++)
		if (site->years[i].num == num)
			return site->year_hint = i;
	if (site->nyears == site->years_cap) {
		if ((grown = realloc(site->years, (site->years_cap * 2 + 16) *
		    sizeof(*grown))) == NULL)
			return (size_t)-1;
		site->years = grown;
		site->years_cap = site->years_cap * 2 + 16;
	}
	memset(&site->years[site->nyears], 0, sizeof(*site->years));
	site->years[site->nyears].num = num;
	if (num >= 0)
		snprintf(site->years[site->nyears].label,
		    sizeof(site->years[site->nyears].label), "%04d", num);
	else
		memcpy(site->years[site->nyears].label, "undated",
		    sizeof("undated"));
	return site->year_hint = site->nyears++;
}

/* Newest year first; "undated" last. */
static int
year_order(const void *a, const void *b)
{
	const struct year	*ya = a, *yb = b;

	/* -1, undated, is the least. */
	return (yb->num > ya->num) - (yb->num < ya->num);
}

/*
 * The rows by year, newest year first, and what each year had in the
 * last export's manifest: counted, not sorted yet.
 */
static int
years_group(struct site *site)
{
	size_t	i, y, at;

	for (i = 0; i < site->nrows; i++) {
		if ((y = year_of(site, site->rows[i]->day)) == (size_t)-1)
			return tend_error_nomem();
		site->years[y].nrows++;
		if (site->rows[i]->alone)
			site->years[y].fresh++;
	}
	for (i = 0; i < site->old_rows.count; i++) {
		if ((y = year_of(site, site->old_rows.items[i].day)) ==
		    (size_t)-1)
			return tend_error_nomem();
		site->years[y].old++;
	}
	if (site->nyears > 1)
		qsort(site->years, site->nyears, sizeof(*site->years),
		    year_order);
	for (at = 0, y = 0; y < site->nyears; y++) {
		site->years[y].start = at;
		at += site->years[y].nrows;
		/* Counted again as the rows are put in place. */
		site->years[y].nrows = 0;
	}
	if ((site->by_year = calloc(site->nrows + 1,
	    sizeof(*site->by_year))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < site->nrows; i++) {
		y = year_of(site, site->rows[i]->day);
		site->by_year[site->years[y].start + site->years[y].nrows++] =
		    site->rows[i];
	}
	return 0;
}

/* YEAR's rows, newest first, once. */
static int
year_sort(struct site *site, struct year *year)
{
	int	error;

	if (year->sorted)
		return 0;
	if ((error = sort_runs(site->by_year + year->start, year->nrows,
	    newest_first)) < 0)
		return error;
	year->sorted = 1;
	return 0;
}

/*
 * YEAR's page, index-YEAR.html: its calendar of check-ins and every entry
 * of it, newest first; made again only when one of its entries is new,
 * changed or gone, or what it depends on (the partners) changed.
 */
static int
year_page(struct site *site, struct year *year)
{
	struct tend_buf	 sources = TEND_BUF_INIT, page = TEND_BUF_INIT;
	struct tend_buf	 title = TEND_BUF_INIT;
	char		 name[32], key[DIGEST_SIZE];
	size_t		 i;
	int		 error = 0;

	snprintf(name, sizeof(name), "index-%s.html", year->label);
	if ((error = tend_buf_printf(&sources, "%syear %s\n", MANIFEST_HEAD,
	    year->label)) < 0 ||
	    (error = tend_buf_printf(&title, "Our journal, %s",
	    year->label)) < 0)
		goto out;
	for (i = 0; i < tend_journal_partner_count(site->journal) &&
	    error == 0; i++)
		error = tend_buf_printf(&sources, "partner %s\n",
		    tend_journal_partner_id(site->journal, i));
	if (error < 0 || (error = digest(key, &sources)) < 0)
		goto out;
	/* Its rows all taken over, and as many as the last export had. */
	if (year->fresh == 0 && year->nrows == year->old &&
	    unchanged(site, name, key))
		goto done;
	if ((error = chart_data(site)) < 0 ||
	    (error = year_sort(site, year)) < 0 ||
	    (error = page_start(&page, title.data, "")) < 0 ||
	    (year->num >= 0 && site->ncheckins != 0 &&
	    ((error = tend_buf_puts(&page, "<h2>Check-ins, day by "
	    "day</h2>\n")) < 0 ||
	    (error = calendar(&page, site, year->num)) < 0)) ||
	    (error = tend_buf_puts(&page, "<h2>Every entry, newest first"
	    "</h2>\n<table>\n")) < 0)
		goto out;
	for (i = 0; i < year->nrows && error == 0; i++)
		error = index_row(&page, site->by_year[year->start + i]);
	if (error < 0 ||
	    (error = tend_buf_puts(&page, "</table>\n</body></html>\n")) < 0 ||
	    (error = stage_page(site, name, &page)) < 0)
		goto out;
done:
	if ((error = tend_buf_printf(&site->manifest, "y\t%s\t%s\n", name,
	    key)) < 0)
		goto out;
	page_made(site, name);
	tick(site);
out:
	tend_buf_free(&page);
	tend_buf_free(&title);
	tend_buf_free(&sources);
	return error;
}

/* One row of an agreement's history: day, who, what. */
static int
event_cb(const struct tend_agree_event *event, void *arg)
{
	struct tend_buf	*page = arg;
	char		 day[11];
	int		 error;

	local_day(day, event->time);
	if ((error = tend_buf_printf(page, "<tr><td>%s</td><td>", day)) < 0 ||
	    (error = escape(page, event->who)) < 0 ||
	    (error = tend_buf_printf(page, "</td><td>%s%s", event->what,
	    event->detail[0] != '\0' ? ": " : "")) < 0 ||
	    (error = escape(page, event->detail)) < 0)
		return error;
	return tend_buf_puts(page, "</td></tr>\n");
}

/*
 * The digest of what IN holds, in hex: BLAKE2b with a key of zeros,
 * several times faster than git's hardened SHA-1 of it as a blob.
 */
static int
digest(char out[DIGEST_SIZE], const struct tend_buf *in)
{
	static const uint8_t	zeros[TEND_KDF_KEY];
	static const char	hex[] = "0123456789abcdef";
	uint8_t			sum[(DIGEST_SIZE - 1) / 2];
	size_t			i;

	tend_crypto_keyed_hash(sum, sizeof(sum), in->data != NULL ? in->data :
	    "", in->len, zeros);
	for (i = 0; i < sizeof(sum); i++) {
		out[2 * i] = hex[sum[i] >> 4];
		out[2 * i + 1] = hex[sum[i] & 0xf];
	}
	out[2 * i] = '\0';
	return 0;
}

/* By name, then in history order, which is where each event is kept. */
static int
by_name_order(const void *a, const void *b)
{
	const struct tend_history_event	*ea = *(const struct tend_history_event
					    *const *)a;
	const struct tend_history_event	*eb = *(const struct tend_history_event
					    *const *)b;
	int				 order;

	if ((order = strcmp(ea->name, eb->name)) != 0)
		return order;
	return ea < eb ? -1 : ea > eb;
}

/* The first of NAME's events in by_name, or the count if it has none. */
static size_t
by_name_first(const struct site *site, const char *name)
{
	size_t	lo = 0, hi = site->history->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(site->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * What agreement ROW's page is made from, digested: its row, the commit
 * of every event of its history with the day it shows in this time zone,
 * and the partners and trusted keys that say whose signatures count.
 */
static int
agreement_key(char key[DIGEST_SIZE], struct site *site,
    const struct tend_agree_row *row)
{
	struct tend_buf			 facts = TEND_BUF_INIT;
	const struct tend_history_event	*e;
	char				 day[11], *at;
	size_t				 i, commit, text, len;
	int				 error;

	error = tend_buf_printf(&facts, "%s\n%s\n%s\n%s\n%s\n%s\n", RENDERER,
	    row->name, row->title, row->state, row->unsigned_by != NULL ?
	    row->unsigned_by : "", row->review != NULL ? row->review : "");
	if (error == 0)
		error = tend_buf_put(&facts, site->agree_context.data,
		    site->agree_context.len);
	for (i = by_name_first(site, row->name); i < site->history->count &&
	    error == 0; i++) {
		e = site->by_name[i];
		if (strcmp(e->name, row->name) != 0)
			break;
		local_day(day, e->time);
		/* A commit's id stands for all it says; the day is shown. */
		commit = strlen(e->commit);
		text = strlen(e->text);
		len = strlen(day);
		if ((error = tend_buf_grow(&facts, commit + text + len +
		    5)) < 0)
			break;
		/* "K COMMIT TEXT DAY\n", copied in place: thousands of them. */
		at = facts.data + facts.len;
		*at++ = (char)e->kind;
		*at++ = ' ';
		at = copy(at, e->commit, commit);
		*at++ = ' ';
		at = copy(at, e->text, text);
		*at++ = ' ';
		at = copy(at, day, len);
		*at++ = '\n';
		*at = '\0';
		facts.len = (size_t)(at - facts.data);
	}
	if (error == 0)
		error = digest(key, &facts);
	tend_buf_free(&facts);
	return error;
}

static int
agreement_cb(const struct tend_agree_row *row, void *arg)
{
	struct site	*site = arg;
	struct tend_buf	 page = TEND_BUF_INIT;
	char		 key[DIGEST_SIZE];
	int		 error;

	if ((error = tend_buf_printf(&page, "agree/%s.html", row->name)) < 0 ||
	    (error = agreement_key(key, site, row)) < 0)
		goto out;
	page_made(site, page.data);
	if (!unchanged(site, page.data, key) &&
	    (error = agreement_page(site, row->name)) < 0)
		goto out;
	tick(site);
	if ((error = tend_buf_printf(&site->agree_lines, "a\t%s\t%s\n",
	    page.data, key)) < 0 ||
	    (error = tend_buf_printf(&site->manifest, "a\t%s\t%s\n",
	    page.data, key)) < 0 ||
	    (error = tend_buf_printf(site->index, "<li><a href=\"agree/"
	    "%s.html\">", row->name)) < 0 ||
	    (error = escape(site->index, row->title)) < 0)
		goto out;
	error = tend_buf_printf(site->index, "</a> (%s)</li>\n", row->state);
out:
	tend_buf_free(&page);
	return error;
}

static int
agreement_page(struct site *site, const char *name)
{
	struct tend_buf	 page = TEND_BUF_INIT, file = TEND_BUF_INIT;
	char		*shown = NULL, *diff = NULL;
	int		 error;

	/* The text as the terminal shows it, and what changed since signed. */
	if ((error = tend_agree_show(&shown, site->journal, name, NULL,
	    0)) < 0 ||
	    (error = tend_agree_diff(&diff, site->journal, name, NULL, NULL, 0,
	    TEND_DIFF_CLAUSES)) < 0 ||
	    (error = page_start(&page, name, "../")) < 0 ||
	    (error = tend_buf_puts(&page, "<pre>")) < 0 ||
	    (error = escape(&page, shown)) < 0 ||
	    (error = tend_buf_puts(&page, "</pre>\n<h2>Changed since "
	    "everyone signed</h2>\n<pre>")) < 0 ||
	    (error = escape(&page, diff[0] != '\0' ? diff : "nothing")) < 0 ||
	    (error = tend_buf_puts(&page, "</pre>\n<h2>Revisions and "
	    "signatures</h2>\n<table>\n")) < 0 ||
	    (error = tend_agree_log(site->journal, name, event_cb, &page)) < 0 ||
	    (error = tend_buf_puts(&page, "</table>\n</body></html>\n")) < 0 ||
	    (error = tend_buf_printf(&file, "agree/%s.html", name)) < 0)
		goto out;
	error = stage_page(site, file.data, &page);
out:
	free(shown);
	free(diff);
	tend_buf_free(&page);
	tend_buf_free(&file);
	return error;
}

static void
row_free(struct row *r)
{
	if (!r->borrowed) {
		free(r->author);
		free(r->kind);
		free(r->id);
		free(r->title);
		free(r->page);
	}
	if (!r->path_borrowed)
		free(r->path);
}

/* A manifest field after a tab: tab, newline and backslash escaped. */
static int
put_field(struct tend_buf *out, const char *text)
{
	size_t	plain, len = strlen(text);
	int	error;

	/* Most fields need no escape: put at once, tab and all. */
	if ((plain = strcspn(text, "\t\n\\")) == len) {
		if ((error = tend_buf_grow(out, len + 1)) < 0)
			return error;
		out->data[out->len++] = '\t';
		memcpy(out->data + out->len, text, len + 1);
		out->len += len;
		return 0;
	}
	error = tend_buf_puts(out, "\t");
	while (error == 0 && *text != '\0') {
		/* Runs of plain bytes go in at once. */
		if ((plain = strcspn(text, "\t\n\\")) != 0) {
			error = tend_buf_put(out, text, plain);
			text += plain;
			continue;
		}
		error = tend_buf_puts(out, *text == '\t' ? "\\t" :
		    *text == '\n' ? "\\n" : "\\\\");
		text++;
	}
	return error;
}

/* The next field of the line at *AT, unescaped in place; NULL at its end. */
static char *
take_field(char **at)
{
	char	*field = *at, *in, *out;

	if (field == NULL)
		return NULL;
	/* Most fields have no escape: their end is found at once. */
	in = field + strcspn(field, "\t\\");
	if (*in != '\\') {
		*at = *in == '\t' ? in + 1 : NULL;
		*in = '\0';
		return field;
	}
	for (in = out = field; *in != '\0' && *in != '\t'; in++)
		if (*in == '\\' && in[1] != '\0') {
			in++;
			*out++ = *in == 't' ? '\t' : *in == 'n' ? '\n' : *in;
		} else
			*out++ = *in;
	*at = *in == '\t' ? in + 1 : NULL;
	*out = '\0';
	return field;
}

/* An entry's line of the manifest: its page, key and what the index shows. */
static int
manifest_row(struct site *site, const struct row *r)
{
	char	flags[4], ratings[TEND_PILLAR_COUNT + 1];
	size_t	i;
	int	error;

	/* A row taken over as it was is written as it was read. */
	if (r->line != NULL)
		return manifest_piece(site, r->line, r->line_len);

	/* ROW_* are one digit. */
	flags[0] = (char)('0' + (r->flags & 7));
	flags[1] = '\0';
	for (i = 0; i < TEND_PILLAR_COUNT; i++)
		ratings[i] = (char)('0' + r->ratings[i]);
	ratings[i] = '\0';
	if ((error = tend_buf_puts(&site->manifest, "e")) < 0 ||
	    (error = put_field(&site->manifest, r->page)) < 0 ||
	    (error = put_field(&site->manifest, r->key)) < 0 ||
	    (error = put_field(&site->manifest, r->private ? "p" : "s")) < 0 ||
	    (error = put_field(&site->manifest, flags)) < 0 ||
	    (error = put_field(&site->manifest, r->day)) < 0 ||
	    (error = put_field(&site->manifest, r->author)) < 0 ||
	    (error = put_field(&site->manifest, r->kind)) < 0 ||
	    (error = put_field(&site->manifest, r->id)) < 0 ||
	    (error = put_field(&site->manifest, r->title)) < 0 ||
	    (error = put_field(&site->manifest, ratings)) < 0 ||
	    (error = put_field(&site->manifest, r->resolved)) < 0 ||
	    (error = put_field(&site->manifest, r->path)) < 0)
		return error;
	return tend_buf_puts(&site->manifest, "\n");
}

/*
 * A piece for what MANIFEST has past the pieces, if anything, and room
 * for one more after it.
 */
static int
manifest_cover(struct site *site)
{
	struct piece	*grown;

	if (site->npieces + 2 > site->pieces_cap) {
		if ((grown = realloc(site->pieces, (site->pieces_cap * 2 + 64) *
		    sizeof(*grown))) == NULL)
			return tend_error_nomem();
		site->pieces = grown;
		site->pieces_cap = site->pieces_cap * 2 + 64;
	}
	if (site->manifest.len > site->covered) {
		site->pieces[site->npieces].old = NULL;
		site->pieces[site->npieces].at = site->covered;
		site->pieces[site->npieces++].len = site->manifest.len -
		    site->covered;
		site->covered = site->manifest.len;
	}
	return 0;
}

/*
 * A line of the last manifest, LEN bytes at LINE, as the new one's next:
 * after what MANIFEST has, and joined to the line before when it follows
 * it there, as most do.
 */
static int
manifest_piece(struct site *site, char *line, size_t len)
{
	struct piece	*last;
	int		 error;

	if ((error = manifest_cover(site)) < 0)
		return error;
	last = site->npieces != 0 ? &site->pieces[site->npieces - 1] : NULL;
	if (last != NULL && last->old != NULL && last->old + last->len ==
	    line) {
		last->len += len;
		return 0;
	}
	site->pieces[site->npieces].old = line;
	site->pieces[site->npieces].at = 0;
	site->pieces[site->npieces++].len = len;
	return 0;
}

/*
 * Write DIR/MANIFEST from its pieces.  The last manifest's lines get
 * their tabs and newline back first: its strings are no longer read.
 */
static int
manifest_write(struct site *site)
{
	struct tend_piece	*pieces;
	struct row		*r;
	char			*path;
	size_t			 i, k;
	int			 error;

	/* What MANIFEST has after the last line taken over. */
	if ((error = manifest_cover(site)) < 0)
		return error;
	if ((pieces = calloc(site->npieces + 1, sizeof(*pieces))) == NULL)
		return tend_error_nomem();
	/* The lines taken over are every row's with a line. */
	for (i = 0; i < site->nrows; i++) {
		if ((r = site->rows[i])->line == NULL)
			continue;
		for (k = 0; k < 12; k++)
			r->line[r->cut[k]] = '\t';
		r->line[r->line_len - 1] = '\n';
	}
	for (i = 0; i < site->npieces; i++) {
		pieces[i].data = site->pieces[i].old != NULL ?
		    site->pieces[i].old : site->manifest.data +
		    site->pieces[i].at;
		pieces[i].len = site->pieces[i].len;
	}
	if ((path = tend_fs_join(site->dir, MANIFEST)) == NULL) {
		free(pieces);
		return tend_error_nomem();
	}
	error = tend_fs_write_replace_pieces(path, pieces, site->npieces);
	free(path);
	free(pieces);
	return error;
}

/*
 * The manifest's text, whatever its size: it grows by a line an entry,
 * past the 4 MiB tend_fs_read allows an entry after some 40 years.
 */
static int
read_manifest(char **out, size_t *outlen, const char *path)
{
	struct tend_buf	 text = TEND_BUF_INIT;
	struct stat	 st;
	ssize_t		 n;
	int		 fd, error = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? TEND_ENOTFOUND : tend_error_errno(
		    "cannot read '%s'", path);
	/* Its size at once: growing a buffer of megabytes copies it. */
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (error = tend_buf_grow(
	    &text, (size_t)st.st_size + 1)) < 0) {
		close(fd);
		return error;
	}
	for (;;) {
		if (text.cap - text.len <= 1 &&
		    (error = tend_buf_grow(&text, 1 << 20)) < 0)
			break;
		if ((n = read(fd, text.data + text.len, text.cap - text.len -
		    1)) < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = tend_error_errno("cannot read '%s'", path);
			break;
		}
		if (n == 0)
			break;
		text.len += (size_t)n;
	}
	close(fd);
	if (error < 0) {
		tend_buf_free(&text);
		return error;
	}
	text.data[text.len] = '\0';
	*outlen = text.len;
	*out = tend_buf_detach(&text);
	return 0;
}

/*
 * Read DIR/MANIFEST, the pages the last export wrote.  None is fine: a
 * first export, or one by an older tend, which removes nothing.  One by
 * another version of tend or of its pages names what to remove, but every
 * page is made anew.  A line that does not parse is passed over.
 */
static int
manifest_read(struct site *site)
{
	struct old_page	*page;
	struct row	*r;
	char		*path, *text = NULL, *line, *next, *at, *type, *f[13];
	struct folder	*folder;
	size_t		 len = 0, n, lines, i;
	int		 error, current, plain;

	if ((path = tend_fs_join(site->dir, MANIFEST)) == NULL)
		return tend_error_nomem();
	error = read_manifest(&text, &len, path);
	free(path);
	if (error == TEND_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	/*
	 * Kept to the end: the rows' strings are in it, not in an allocation
	 * each, and their lines, to be written again once the tabs are put
	 * back (manifest_write), not copied.
	 */
	site->old_text = text;
	current = strncmp(text, MANIFEST_HEAD, strlen(MANIFEST_HEAD)) == 0;
	for (lines = 0, line = text; (line = strchr(line, '\n')) != NULL;
	    line++)
		lines++;
	if ((site->old = calloc(lines + 1, sizeof(*site->old))) == NULL ||
	    (site->old_folders = calloc(lines + 1,
	    sizeof(*site->old_folders))) == NULL ||
	    (site->old_rows.items = calloc(lines + 1,
	    sizeof(*site->old_rows.items))) == NULL)
		return tend_error_nomem();
	for (line = strchr(text, '\n'); line != NULL; line = next) {
		line++;
		if ((next = strchr(line, '\n')) == NULL)
			break;
		*next = '\0';
		at = line;
		if ((plain = memchr(line, '\\', (size_t)(next - line)) ==
		    NULL)) {
			/* No escape, as in most lines: cut at each tab. */
			type = line;
			for (n = 0; n < 13 && (at = memchr(at, '\t',
			    (size_t)(next - at))) != NULL; n++) {
				*at++ = '\0';
				f[n] = at;
			}
			if (n == 13 && (at = memchr(at, '\t', (size_t)(next -
			    at))) != NULL)
				*at = '\0';
		} else {
			type = take_field(&at);
			for (n = 0; n < 13 && (f[n] = take_field(&at)) != NULL;
			    n++)
				;
		}
		if (current && strcmp(type, "t") == 0 && n == 3 &&
		    strlen(f[1]) == TEND_OID_SIZE - 1) {
			folder = &site->old_folders[site->nold_folders];
			folder->path = f[0];
			memcpy(folder->tree, f[1], TEND_OID_SIZE);
			folder->private = strcmp(f[2], "p") == 0;
			site->nold_folders++;
			continue;
		}
		if (n < 2 || (strcmp(type, "e") == 0 ? n != 12 :
		    strcmp(type, "a") != 0 && strcmp(type, "i") != 0 &&
		    strcmp(type, "y") != 0))
			continue;
		page = &site->old[site->nold];
		page->page = f[0];
		page->key = current ? f[1] : "";
		site->nold++;
		if (strcmp(type, "e") != 0 || !current || strlen(f[4]) != 10 ||
		    strlen(f[9]) != TEND_PILLAR_COUNT || strlen(f[10]) > 10)
			continue;
		r = &site->old_rows.items[site->old_rows.count];
		memset(r, 0, sizeof(*r));
		r->borrowed = r->path_borrowed = 1;
		r->page = f[0];
		r->author = f[5];
		r->kind = f[6];
		r->id = f[7];
		r->title = f[8];
		r->path = f[11];
		/*
		 * Its line, to be written again as it was: 12 tabs and the
		 * newline cut.  One with an escape, unescaped in place, is
		 * written anew.
		 */
		if (plain && next - line < UINT16_MAX) {
			r->line = line;
			r->line_len = (size_t)(next - line) + 1;
			for (i = 0; i < 12; i++)
				r->cut[i] = (uint16_t)(f[i] - 1 - line);
		}
		n = strnlen(f[1], sizeof(r->key) - 1);
		memcpy(r->key, f[1], n);
		r->key[n] = '\0';
		r->private = strcmp(f[2], "p") == 0;
		r->flags = number(f[3]);
		memcpy(r->day, f[4], 10);
		for (i = 0; i < TEND_PILLAR_COUNT; i++)
			r->ratings[i] = f[9][i] >= '0' && f[9][i] <= '5' ?
			    f[9][i] - '0' : 0;
		memcpy(r->resolved, f[10], strlen(f[10]) + 1);
		r->old = page;
		page->row = r;
		site->old_rows.count++;
	}
	if (site->nold_folders > 1)
		qsort(site->old_folders, site->nold_folders,
		    sizeof(*site->old_folders), folder_order);
	if ((site->old_by_path = calloc(site->old_rows.count + 1,
	    sizeof(*site->old_by_path))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < site->old_rows.count; i++)
		site->old_by_path[i] = &site->old_rows.items[i];
	site->nold_by_path = site->old_rows.count;
	/* In the manifest's order, which is mostly this one already. */
	if ((error = sort_runs(site->old_by_path, site->nold_by_path,
	    path_order)) < 0)
		return error;
	for (site->nbuckets = 64; site->nbuckets < 2 * site->nold; )
		site->nbuckets *= 2;
	if ((site->buckets = calloc(site->nbuckets,
	    sizeof(*site->buckets))) == NULL)
		return tend_error_nomem();
	/* Chained newest first, so that a name's pages come in order. */
	for (i = site->nold; i > 0; i--) {
		size_t b = bucket_of(site, site->old[i - 1].page), k;

		/* A name given twice, which is rare, is noted on both. */
		for (k = site->buckets[b]; k != 0; k = site->old[k - 1].next)
			if (strcmp(site->old[k - 1].page,
			    site->old[i - 1].page) == 0)
				site->old[k - 1].named_again =
				    site->old[i - 1].named_again = 1;
		site->old[i - 1].next = site->buckets[b];
		site->buckets[b] = i;
	}
	return 0;
}

/*
 * Note which pages of the last export are still in DIR/FOLDER, so that a
 * page removed by hand is made again.
 */
static int
present_read(struct site *site, const char *folder)
{
	struct tend_buf	 path = TEND_BUF_INIT, name = TEND_BUF_INIT;
	struct old_page	*old;
	struct dirent	*de;
	DIR		*d;
	size_t		 len;
	int		 error = 0;

	if (site->nold == 0)
		return 0;
	if ((error = tend_buf_printf(&path, "%s/%s", site->dir, folder)) < 0)
		return error;
	if ((d = opendir(path.data)) == NULL) {
		error = errno == ENOENT ? 0 : tend_error_errno("cannot read "
		    "'%s'", path.data);
		tend_buf_free(&path);
		return error;
	}
	/* FOLDER/ once, each name after it. */
	if ((error = tend_buf_printf(&name, "%s/", folder)) < 0) {
		closedir(d);
		tend_buf_free(&path);
		return error;
	}
	len = name.len;
	while (error == 0 && (errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		name.len = len;
		if ((error = tend_buf_puts(&name, de->d_name)) < 0)
			break;
		for (old = old_first(site, name.data); old != NULL;
		    old = old_next(site, old, name.data))
			old->present = 1;
	}
	if (error == 0 && errno != 0)
		error = tend_error_errno("cannot read '%s'", path.data);
	closedir(d);
	tend_buf_free(&name);
	tend_buf_free(&path);
	return error;
}

/*
 * Every page is written: rename each into place, remove the pages of the
 * last export that this one has not (only those its manifest names), and
 * write the new manifest.
 */
static int
publish(struct site *site)
{
	struct tend_buf	 path = TEND_BUF_INIT;
	const char	*name;
	size_t		 i, done;
	int		 error = 0;

	for (done = 0; done < site->nstaged; done++) {
		name = site->staged[done] + strlen(site->staged[done]) + 1;
		path.len = 0;
		/* DIR/NAME put, not printed: thousands of them in full. */
		if ((error = tend_buf_puts(&path, site->dir)) < 0 ||
		    (error = tend_buf_puts(&path, "/")) < 0 ||
		    (error = tend_buf_puts(&path, name)) < 0)
			break;
		if (rename(site->staged[done], path.data) < 0) {
			error = tend_error_errno("cannot write '%s'; %zu of "
			    "the %zu pages changed are in place, the others "
			    "as before", path.data, done, site->nstaged);
			break;
		}
		/* Renamed: nothing left for the cleanup to unlink. */
		site->staged[done][0] = '\0';
	}
	/* The pages of the last export no longer made are removed. */
	for (i = 0; i < site->nold && error == 0; i++) {
		name = site->old[i].page;
		if (site->old[i].kept)
			continue;
		/* Once, for a name the last export gave more than once. */
		page_made(site, name);
		/*
		 * Only a page of tend's names: entries/X.html, agree/X.html,
		 * and a year's index-X.html.
		 */
		if (strncmp(name, "index-", 6) == 0) {
			if (strchr(name, '/') != NULL ||
			    strcmp(name + strlen(name) - 5, ".html") != 0)
				continue;
		} else if ((strncmp(name, "entries/", 8) != 0 &&
		    strncmp(name, "agree/", 6) != 0) ||
		    strchr(strchr(name, '/') + 1, '/') != NULL ||
		    strchr(name, '/')[1] == '.' ||
		    strcmp(name + strlen(name) - 5, ".html") != 0)
			continue;
		path.len = 0;
		if ((error = tend_buf_printf(&path, "%s/%s", site->dir,
		    name)) < 0)
			break;
		if (unlink(path.data) == 0)
			site->counts->removed++;
		else if (errno != ENOENT)
			error = tend_error_errno("cannot remove '%s'",
			    path.data);
	}
	tend_buf_free(&path);
	if (error < 0)
		return error;
	return manifest_write(site);
}

int
tend_export_html(struct tend_export_counts *counts,
    struct tend_journal *journal, const char *dir, unsigned int where,
    tend_progress_fn progress, void *progress_arg)
{
	static const char *const kinds[] = { "checkin", "reflect", "resent" };
	struct site			 site;
	struct finding			 finding;
	struct tend_store		*private = NULL;
	struct tend_buf			 index = TEND_BUF_INIT, sub = TEND_BUF_INIT;
	struct tend_buf			 items = TEND_BUF_INIT;
	struct tend_buf			 sources = TEND_BUF_INIT;
	struct tend_fs_made		 made = TEND_FS_MADE_INIT;
	char				*signers = NULL, *trusted = NULL;
	struct stat			 st;
	char				 key[DIGEST_SIZE];
	size_t				 i, len;
	int				 error = 0, k;

	memset(counts, 0, sizeof(*counts));
	memset(&site, 0, sizeof(site));
	site.journal = journal;
	site.dir = dir;
	site.where = where;
	site.counts = counts;
	site.progress = progress;
	site.progress_arg = progress_arg;
	if ((error = tend_export_check_dir(journal, dir)) < 0 ||
	    (error = tend_fs_mkdirs(dir, &made)) < 0)
		return error;
	for (i = 0; i < 2 && error == 0; i++) {
		sub.len = 0;
		if ((error = tend_buf_printf(&sub, "%s/%s", dir, i == 0 ?
		    "entries" : "agree")) == 0)
			error = tend_fs_mkdirs(sub.data, NULL);
	}
	if (error < 0 ||
	    (error = manifest_read(&site)) < 0 ||
	    (error = present_read(&site, "entries")) < 0 ||
	    (error = present_read(&site, "agree")) < 0 ||
	    (error = tend_buf_puts(&site.manifest, MANIFEST_HEAD)) < 0)
		goto out;
	if ((where & TEND_IN_PRIVATE) && (error = tend_journal_private(
	    &private, journal, TEND_PRIVATE_OPEN)) < 0) {
		if (error != TEND_ENOTFOUND)
			goto out;
		private = NULL;
		error = 0;
	}
	finding.site = &site;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && error == 0; i++)
		for (k = 0; k < 2 && error == 0; k++) {
			finding.kind = kinds[i];
			finding.private = k;
			finding.store = k == 0 ? (where & TEND_IN_JOURNAL ?
			    tend_journal_store(journal) : NULL) : private;
			if (finding.store != NULL)
				error = tend_store_list_ids(finding.store,
				    kinds[i], folder_cb, found_cb, &finding);
		}
	if (error < 0 || (error = tend_journal_history(&site.history,
	    journal)) < 0)
		goto out;
	/* Pages to go: the entries, the agreements there are, the index. */
	site.total = site.nfound + 1;
	if ((site.by_name = calloc(site.history->count + 1,
	    sizeof(*site.by_name))) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	for (i = 0; i < site.history->count; i++)
		site.by_name[i] = &site.history->items[i];
	if (site.history->count > 1)
		qsort(site.by_name, site.history->count, sizeof(*site.by_name),
		    by_name_order);
	for (i = 0; i < site.history->count; i++)
		/* Newest first: a name's first event says if it is there. */
		if ((i == 0 || strcmp(site.by_name[i - 1]->name,
		    site.by_name[i]->name) != 0) &&
		    site.by_name[i]->blob[0] != '\0')
			site.total++;
	/* A row an entry found, but for those left out. */
	if ((site.rows = calloc(site.nfound + 1, sizeof(*site.rows))) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	site.rows_cap = site.nfound + 1;
	for (i = 0; i < site.nfound && error == 0; i++) {
		error = entry_page(&site, &site.found[i]);
		tick(&site);
	}
	if (error < 0 || (error = folders_note(&site)) < 0)
		goto out;
	/* Whose signatures count, for every agreement's page. */
	if ((signers = tend_fs_join(tend_store_gitdir(tend_journal_store(
	    journal)), TEND_LAYOUT_SIGNERS)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if ((error = tend_fs_read(&trusted, &len, signers)) == 0)
		error = tend_buf_put(&site.agree_context, trusted, len);
	else if (error == TEND_ENOTFOUND)
		error = 0;
	free(trusted);
	for (i = 0; i < tend_journal_partner_count(journal) && error == 0; i++)
		error = tend_buf_printf(&site.agree_context, "\npartner %s",
		    tend_journal_partner_id(journal, i));
	site.index = &items;
	if (error < 0 || (error = tend_agree_list(journal, agreement_cb, NULL,
	    &site)) < 0)
		goto out;
	/*
	 * The index shows what the manifest says of every entry and
	 * agreement, and the partners' names.  Agreements and partners are
	 * few, and digested; the entries are the same when every row was
	 * taken over from the last export and none is gone.
	 */
	if ((error = tend_buf_puts(&sources, MANIFEST_HEAD)) < 0 ||
	    /* Not the one page of every entry an older tend made. */
	    (error = tend_buf_puts(&sources, "index by year\n")) < 0 ||
	    (error = tend_buf_put(&sources, site.agree_lines.data,
	    site.agree_lines.len)) < 0)
		goto out;
	for (i = 0; i < tend_journal_partner_count(journal) && error == 0; i++)
		error = tend_buf_printf(&sources, "partner %s %s\n",
		    tend_journal_partner_id(journal, i),
		    tend_journal_partner_name(journal, i));
	if (error < 0 || (error = digest(key, &sources)) < 0 ||
	    (error = years_group(&site)) < 0)
		goto out;
	for (i = 0; i < site.nyears; i++)
		site.total += site.years[i].nrows != 0;
	for (i = 0; i < site.nyears && error == 0; i++)
		if (site.years[i].nrows != 0)
			error = year_page(&site, &site.years[i]);
	if (error < 0)
		goto out;
	if (site.rendered == 0 && site.taken == site.old_rows.count &&
	    unchanged(&site, "index.html", key))
		goto index_done;
	/* About as long as the last one: its buffer is grown once. */
	sub.len = 0;
	if ((error = tend_buf_printf(&sub, "%s/index.html", dir)) < 0 ||
	    (stat(sub.data, &st) == 0 && st.st_size > 0 &&
	    (error = tend_buf_grow(&index, (size_t)st.st_size + 65536)) < 0))
		goto out;
	if ((error = chart_data(&site)) < 0 ||
	    (error = page_start(&index, "Our journal", "")) < 0 ||
	    (error = charts(&index, &site)) < 0 ||
	    (error = tend_buf_puts(&index, "<h2>Agreements</h2>\n<ul>\n")) < 0 ||
	    (error = tend_buf_put(&index, items.data, items.len)) < 0 ||
	    (error = tend_buf_puts(&index, "</ul>\n<h2>The newest entries"
	    "</h2>\n<table>\n")) < 0)
		goto out;
	for (i = 0, len = 0; i < site.nyears && len < RECENT && error == 0;
	    i++) {
		if ((error = year_sort(&site, &site.years[i])) < 0)
			break;
		for (k = 0; (size_t)k < site.years[i].nrows && len < RECENT &&
		    error == 0; k++, len++)
			error = index_row(&index, site.by_year[
			    site.years[i].start + (size_t)k]);
	}
	if (error < 0 || (error = tend_buf_puts(&index, "</table>\n<h2>Every "
	    "entry, year by year</h2>\n<ul>\n")) < 0)
		goto out;
	for (i = 0; i < site.nyears && error == 0; i++)
		if (site.years[i].nrows != 0)
			error = tend_buf_printf(&index, "<li><a href=\"index-"
			    "%s.html\">%s</a>: %zu %s</li>\n",
			    site.years[i].label, site.years[i].label,
			    site.years[i].nrows, site.years[i].nrows == 1 ?
			    "entry" : "entries");
	if (error < 0 ||
	    (error = tend_buf_puts(&index, "</ul>\n</body></html>\n")) < 0 ||
	    (error = stage_page(&site, "index.html", &index)) < 0)
		goto out;
index_done:
	if ((error = tend_buf_printf(&site.manifest, "i\tindex.html\t%s\n",
	    key)) < 0)
		goto out;
	page_made(&site, "index.html");
	tick(&site);
	counts->pages = site.npages;
	error = publish(&site);
out:
	for (i = 0; i < site.nstaged; i++) {
		if (site.staged[i][0] != '\0')
			unlink(site.staged[i]);
		free(site.staged[i]);
	}
	free(site.staged);
	/* Rows taken over from the manifest are freed with its rows. */
	for (i = 0; i < site.nrows; i++)
		if (site.rows[i]->alone) {
			row_free(site.rows[i]);
			free(site.rows[i]);
		}
	free(site.rows);
	free(site.years);
	free(site.by_year);
	tend_buf_free(&site.grid);
	tend_buf_free(&site.marks);
	for (i = 0; i < site.old_rows.count; i++)
		row_free(&site.old_rows.items[i]);
	free(site.old_rows.items);
	/* Their strings are in the manifest's text. */
	free(site.old);
	free(site.buckets);
	free(site.old_folders);
	free(site.old_text);
	free(site.pieces);
	for (i = 0; i < site.nfolders; i++)
		free(site.folders[i].path);
	free(site.folders);
	free(site.old_by_path);
	for (i = 0; i < site.nfound; i++)
		if (site.found[i].path_owned)
			free(site.found[i].path);
	free(site.found);
	free(site.checkins);
	free(site.by_name);
	free(signers);
	tend_buf_free(&site.manifest);
	tend_buf_free(&site.agree_lines);
	tend_buf_free(&site.agree_context);
	tend_buf_free(&index);
	tend_buf_free(&items);
	tend_buf_free(&sources);
	tend_buf_free(&sub);
	/* A folder the failed export made holds nothing but the export. */
	tend_fs_made_discard(&made, error);
	return error;
}
