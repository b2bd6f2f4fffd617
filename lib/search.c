/*
 * Search: the lines of entries that hold a pattern, in the journal's work
 * tree and in the local partner's private store.  Both hold plain files,
 * an encrypted journal's too, so search reads them as git grep does: a
 * thread a processor, each walking a year's folder at a time.  An entry's
 * front matter is parsed only when a line of it matches and a filter or
 * the caller needs more than its name.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "search-internal.h"

#define MAX_DEPTH	3	/* kind/YYYY/MM/entry.md, and one more */
#define TITLE_KEY	"title:"
#define FIRST_READ	65536	/* far more than an entry's usual size */
#define MAX_WORKERS	4	/* threads reading, one per processor */

/* One matching line, kept until the entries are sorted. */
struct kept_line {
	size_t	 number;
	size_t	 offset;		/* in found.text */
	size_t	 len;
	size_t	 span;			/* the first of its spans */
	size_t	 nspans;
};

/* One entry with a matching line. */
struct found {
	char			 day[11];
	char			*id;
	char			*path;
	char			*author;
	char			*date;
	const char		*kind;
	int			 private;
	char			*file;		/* the whole file, when its
						   front matter is to be read */
	size_t			 file_len;
	struct tend_buf		 text;		/* its matching lines */
	struct kept_line	*lines;
	size_t			 nlines;
	size_t			*spans;		/* offset and length in pairs */
	size_t			 nspans;
};

/* A folder for a worker to walk: a year's, or a kind's own files. */
struct task {
	int		 fd;
	char		*path;		/* relative to its store */
	const char	*kind;
	int		 private;
	size_t		 depth;		/* below its kind's folder */
	int		 descend;	/* into the folders in it */
};

/* What the workers share; they take the tasks in turn. */
struct tasks {
	struct task	*list;
	size_t		 count;
	size_t		 next;		/* the first not taken */
	pthread_mutex_t	 lock;
	int		 stop;		/* a worker failed */
};

/*
 * A worker's search, or the whole search's: the walk reads and matches
 * in several threads, each with a copy of its own; then the entries found
 * are judged, named and sorted in one.
 */
struct search {
	struct tend_journal		*journal;
	const struct tend_search_query	*query;
	const struct tend_cipher	*cipher;
	struct tend_matcher		 matcher;	/* read only */
	char				 since[11];
	char				 until[11];
	int				 need_file;	/* keep a found file */
	struct tasks			*tasks;
	const char			*kind;		/* the folder walked */
	int				 private;	/* the store walked */
	int				 journal_fd;	/* the journal's work tree */
	struct tend_buf			 path;		/* relative to the store */
	char				*data;		/* the file read */
	size_t				 cap;
	struct found			*found;
	size_t				 nfound;
	size_t				 capfound;
	struct tend_buf			 notes;		/* warnings, each ended
							   by a NUL */
	int				 error;		/* a worker's end */
	char				*message;	/* and its message */
	pthread_t			 thread;
	tend_warn_fn			 warn;
	void				*warn_arg;
};

static int	walk_folder(struct search *, int, size_t, int);
static int	note(struct search *);
static void	*work(void *);
static int	plan(struct search *, struct task **, size_t *, int,
		    const char *);
static int	keep_found(struct search *, struct found *, const char *,
		    size_t);
static int	search_file(struct search *, int fd);
static int	search_text(struct search *, const char *, size_t);
static int	keep_line(struct found *, const char *, size_t, size_t,
		    size_t);
static int	keep_span(struct found *, size_t, size_t);
static int	admit(struct search *, struct found *);
static int	by_author(const struct search *, const char *);
static int	has_tags(const struct search *, const struct tend_meta *);
static int	outside_days(const struct search *, const char *, int, size_t);
static size_t	body_start(const char *, size_t);
static int	is_day(const char *);
static int	newest_first(const void *, const void *);
static void	found_free(struct found *);

/* Where the text after the front matter starts; 0 when there is none. */
static size_t
body_start(const char *text, size_t len)
{
	size_t	at = 3;

	if (len < 4 || memcmp(text, "---\n", 4) != 0)
		return 0;
	while ((at = tend_byte_after(text, len, at + 1, '\n')) < len)
		if (len - at >= 4 && memcmp(text + at + 1, "---", 3) == 0 &&
		    (len - at == 4 || text[at + 4] == '\n'))
			return len - at == 4 ? len : at + 5;
	return 0;
}

static int
is_day(const char *name)
{
	size_t	i;

	for (i = 0; i < 10; i++)
		if (!(i == 4 || i == 7 ? name[i] == '-' :
		    name[i] >= '0' && name[i] <= '9'))
			return 0;
	return 1;
}

/*
 * Whether NAME, DEPTH folders below its kind's, lies wholly outside the
 * days asked for, by its name alone: dated folders are YYYY and YYYY/MM,
 * dated files start with their day.  The others are read.
 */
static int
outside_days(const struct search *s, const char *name, int is_folder,
    size_t depth)
{
	char	first[11], last[11];
	size_t	len = strlen(name);

	if (s->since[0] == '\0' && s->until[0] == '\0')
		return 0;
	if (is_folder && depth == 1 && len == 4 &&
	    strspn(name, "0123456789") == 4) {
		snprintf(first, sizeof(first), "%s-01-01", name);
		snprintf(last, sizeof(last), "%s-12-31", name);
	} else if (is_folder && depth == 2 && len == 2 &&
	    strspn(name, "0123456789") == 2 && s->path.len >= len + 6) {
		/* The path ends "/YYYY/MM". */
		snprintf(first, sizeof(first), "%.4s-%s-01",
		    s->path.data + s->path.len - 7, name);
		snprintf(last, sizeof(last), "%.4s-%s-31",
		    s->path.data + s->path.len - 7, name);
	} else if (!is_folder && len >= 10 && is_day(name)) {
		memcpy(first, name, 10);
		first[10] = '\0';
		memcpy(last, first, sizeof(last));
	} else
		return 0;
	return (s->since[0] != '\0' && strcmp(last, s->since) < 0) ||
	    (s->until[0] != '\0' && strcmp(first, s->until) > 0);
}

/*
 * Walk the folder open at FD (the path so far in S->path), DEPTH below
 * its kind's, and search each entry in it.  Names starting with a dot
 * (an editor's files, git's) are passed over, as are symbolic links: a
 * partner's link could point anywhere on this machine.
 */
static int
walk_folder(struct search *s, int fd, size_t depth, int descend)
{
	struct dirent	*de;
	DIR		*dir;
	size_t		 len = s->path.len, namelen;
	int		 child, error = 0;

	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		error = tend_error_errno("cannot read '%s'", s->path.data);
		return note(s);
	}
	while (error == 0 && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		s->path.len = len;
		if ((error = tend_buf_puts(&s->path, "/")) < 0 ||
		    (error = tend_buf_puts(&s->path, de->d_name)) < 0)
			break;
		namelen = strlen(de->d_name);
		/* Only a folder's name is without a dot; an entry's ends .md. */
		if (strchr(de->d_name, '.') == NULL) {
			if (!descend || depth >= MAX_DEPTH ||
			    outside_days(s, de->d_name, 1, depth + 1))
				continue;
		} else if (namelen <= 3 || strcmp(de->d_name + namelen - 3,
		    ".md") != 0 || outside_days(s, de->d_name, 0, depth + 1))
			continue;
		/*
		 * A folder is walked; an entry is read at once, with no
		 * fstat: O_NONBLOCK, so that a FIFO put there does not hang
		 * the search, and O_NOFOLLOW, so that no link is followed.
		 */
		if (strchr(de->d_name, '.') == NULL) {
			if ((child = openat(dirfd(dir), de->d_name, O_RDONLY |
			    O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC)) >= 0)
				error = walk_folder(s, child, depth + 1, 1);
		} else if ((child = openat(dirfd(dir), de->d_name, O_RDONLY |
		    O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) >= 0) {
			error = search_file(s, child);
			close(child);
		}
	}
	closedir(dir);
	s->path.len = len;
	s->path.data[len] = '\0';
	return error;
}

/*
 * Read the file open at FD whole and look for the pattern in it.  A read
 * that does not fill the buffer has met the end of a file; only a file
 * that fills it is measured, so that most cost one read.
 */
static int
search_file(struct search *s, int fd)
{
	struct stat	 st;
	char		*grown;
	size_t		 len = 0, want;
	ssize_t		 n;

	if (s->cap == 0) {
		if ((s->data = malloc(FIRST_READ)) == NULL)
			return tend_error_nomem();
		s->cap = FIRST_READ;
	}
	for (;;) {
		n = read(fd, s->data + len, s->cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		/* A folder named like an entry, a FIFO: not entries. */
		if (n < 0 && (errno == EISDIR || errno == EAGAIN))
			return 0;
		if (n < 0) {
			tend_error_errno("cannot read '%s'", s->path.data);
			return note(s);
		}
		len += (size_t)n;
		if (n == 0 || len < s->cap - 1)
			break;
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
			return 0;
		if (st.st_size > TEND_ENTRY_MAX || len > TEND_ENTRY_MAX) {
			tend_error_set(TEND_EINVALID, "cannot read '%s': larger "
			    "than 4 MiB, the limit for an entry", s->path.data);
			return note(s);
		}
		want = (size_t)st.st_size > len ? (size_t)st.st_size + 2 :
		    s->cap * 2;
		if ((grown = realloc(s->data, want)) == NULL)
			return tend_error_nomem();
		s->data = grown;
		s->cap = want;
	}
	s->data[len] = '\0';
	return search_text(s, s->data, len);
}

static int
keep_span(struct found *f, size_t offset, size_t len)
{
	size_t	*grown;

	if ((f->nspans & 7) == 0) {
		if ((grown = realloc(f->spans, (f->nspans + 8) * 2 *
		    sizeof(*grown))) == NULL)
			return tend_error_nomem();
		f->spans = grown;
	}
	f->spans[2 * f->nspans] = offset;
	f->spans[2 * f->nspans + 1] = len;
	f->nspans++;
	return 0;
}

static int
keep_line(struct found *f, const char *line, size_t len, size_t number,
    size_t first_span)
{
	struct kept_line	*grown;

	if ((f->nlines & 7) == 0) {
		if ((grown = realloc(f->lines, (f->nlines + 8) *
		    sizeof(*grown))) == NULL)
			return tend_error_nomem();
		f->lines = grown;
	}
	f->lines[f->nlines].number = number;
	f->lines[f->nlines].offset = f->text.len;
	f->lines[f->nlines].len = len;
	f->lines[f->nlines].span = first_span;
	f->lines[f->nlines].nspans = f->nspans - first_span;
	f->nlines++;
	return tend_buf_put(&f->text, line, len);
}

/*
 * Look for the pattern in the text of the file at S->path: in its text
 * and in the title of its front matter, the other fields being what
 * --kind, --author, --since and --tag ask about.
 */
static int
search_text(struct search *s, const char *text, size_t len)
{
	struct found	 f;
	size_t		 from = 0, start, end, line, stop, counted = 0;
	size_t		 number = 1, first_span, body = 0;
	const char	*newline;
	int		 pending = 0, error = 0, looked = 0;

	memset(&f, 0, sizeof(f));
	while (from < len && error == 0) {
		if (!pending && !tend_matcher_next(&s->matcher, text, len, from,
		    &start, &end))
			break;
		pending = 0;
		if (start >= len)
			break;
		if (!looked) {
			/* The front matter, once something matched. */
			if ((body = body_start(text, len)) == 0) {
				found_free(&f);
				tend_error_set(TEND_EINVALID, "cannot read "
				    "'%s': no front matter", s->path.data);
				return note(s);
			}
			looked = 1;
		}
		/* FROM always starts a line: the match's is after it. */
		for (line = start; line > from && text[line - 1] != '\n';)
			line--;
		stop = tend_byte_after(text, len, start, '\n');
		/*
		 * In the front matter, only the title's value is searched,
		 * but a check-in's, which only repeats its day and author.
		 */
		if (line < body && (strcmp(s->kind, "checkin") == 0 ||
		    strncmp(text + line, TITLE_KEY,
		    sizeof(TITLE_KEY) - 1) != 0 || (start < line +
		    sizeof(TITLE_KEY) - 1 && (!tend_matcher_next(&s->matcher, text,
		    len, line + sizeof(TITLE_KEY) - 1, &start, &end) ||
		    start >= stop)))) {
			from = stop + 1;
			continue;
		}
		while ((newline = memchr(text + counted, '\n', line -
		    counted)) != NULL) {
			number++;
			counted = (size_t)(newline - text) + 1;
		}
		counted = line;
		first_span = f.nspans;
		/* Every match on the line, for the caller to mark. */
		for (;;) {
			if ((error = keep_span(&f, start - line,
			    (end < stop ? end : stop) - start)) < 0)
				break;
			if (!tend_matcher_next(&s->matcher, text, len, end > start ?
			    end : start + 1, &start, &end))
				break;
			if (start >= stop) {
				/* The next line's, found already. */
				pending = start > stop;
				break;
			}
		}
		if (error == 0)
			error = keep_line(&f, text + line, stop - line -
			    (stop > line && text[stop - 1] == '\r'), number,
			    first_span);
		from = stop + 1;
	}
	if (error == 0 && f.nlines != 0)
		return keep_found(s, &f, text, len);
	found_free(&f);
	return error;
}

/*
 * A warning about a file, kept to be given once the workers are done:
 * the caller's WARN need not be called from several threads.
 */
static int
note(struct search *s)
{
	return tend_buf_put(&s->notes, tend_error(), strlen(tend_error()) + 1);
}

/* Keep F, with the file's text when its front matter is to be read. */
static int
keep_found(struct search *s, struct found *f, const char *text, size_t len)
{
	struct found	*grown;
	const char	*name;

	name = strrchr(s->path.data, '/');
	name = name != NULL ? name + 1 : s->path.data;
	if (strlen(name) >= 10 && is_day(name))
		memcpy(f->day, name, 10);
	f->kind = s->kind;
	f->private = s->private;
	if ((f->path = strdup(s->path.data)) == NULL)
		goto nomem;
	if (s->need_file || f->day[0] == '\0') {
		if ((f->file = malloc(len + 1)) == NULL)
			goto nomem;
		memcpy(f->file, text, len + 1);
		f->file_len = len;
	}
	if (s->nfound == s->capfound) {
		if ((grown = realloc(s->found, (s->capfound * 2 + 16) *
		    sizeof(*grown))) == NULL)
			goto nomem;
		s->found = grown;
		s->capfound = s->capfound * 2 + 16;
	}
	s->found[s->nfound++] = *f;
	return 0;
nomem:
	found_free(f);
	return tend_error_nomem();
}

static int
by_author(const struct search *s, const char *author)
{
	const char	*wanted = s->query->author;
	size_t		 i;

	if (wanted == NULL || tend_text_casecmp(wanted, author) == 0)
		return 1;
	for (i = 0; i < tend_journal_partner_count(s->journal); i++)
		if (strcmp(tend_journal_partner_id(s->journal, i),
		    author) == 0 && tend_text_casecmp(tend_journal_partner_name(
		    s->journal, i), wanted) == 0)
			return 1;
	return 0;
}

/* Whether the entry carries every tag asked for. */
static int
has_tags(const struct search *s, const struct tend_meta *meta)
{
	const struct tend_meta	*tags = tend_meta_get(meta, "tags");
	const char		*tag;
	size_t			 i, j;

	for (i = 0; i < s->query->ntags; i++) {
		if (tags == NULL || tend_meta_type(tags) != TEND_META_LIST)
			return 0;
		for (j = 0; j < tend_meta_count(tags); j++) {
			tag = tend_meta_text(tend_meta_at(tags, j));
			if (tag != NULL &&
			    tend_text_casecmp(tag, s->query->tags[i]) == 0)
				break;
		}
		if (j == tend_meta_count(tags))
			return 0;
	}
	return 1;
}

/*
 * Whether F, an entry with matching lines, is let through by the query,
 * and its id; its front matter is read only when a filter or the caller
 * needs it.  1: keep it, 0: not, or an error.
 */
static int
admit(struct search *s, struct found *f)
{
	const struct tend_search_query	*q = s->query;
	struct tend_entry		*entry = NULL;
	struct stat			 st;
	const char			*date, *author;
	int				 error;

	/* A shared reflection is in both stores: the journal's copy is. */
	if (f->private && fstatat(s->journal_fd, f->path, &st,
	    AT_SYMLINK_NOFOLLOW) == 0)
		return 0;
	if (f->file != NULL) {
		if ((error = tend_entry_parse_sealed(&entry, s->cipher,
		    f->path, f->file, f->file_len)) < 0)
			return error == TEND_ENOMEM ? error :
			    tend_error_warn(s->warn, s->warn_arg);
		if ((date = tend_entry_field(entry, "date")) == NULL)
			date = tend_entry_field(entry, "created");
		if (f->day[0] == '\0' && date != NULL && strlen(date) >= 10)
			memcpy(f->day, date, 10);
		author = tend_entry_author(entry);
		if ((q->author != NULL && (author == NULL ||
		    !by_author(s, author))) ||
		    !has_tags(s, tend_entry_meta(entry)) ||
		    (f->day[0] == '\0' && (s->since[0] != '\0' ||
		    s->until[0] != '\0'))) {
			tend_entry_free(entry);
			return 0;
		}
		if ((author != NULL && (f->author = strdup(author)) == NULL) ||
		    (date != NULL && (f->date = strdup(date)) == NULL)) {
			tend_entry_free(entry);
			return tend_error_nomem();
		}
		tend_entry_free(entry);
	}
	if ((s->since[0] != '\0' && strcmp(f->day, s->since) < 0) ||
	    (s->until[0] != '\0' && strcmp(f->day, s->until) > 0))
		return 0;
	if ((error = tend_layout_entry_id(&f->id, s->cipher, f->path)) < 0)
		return error;
	return 1;
}

static void
found_free(struct found *f)
{
	free(f->id);
	free(f->path);
	free(f->author);
	free(f->date);
	free(f->file);
	tend_buf_free(&f->text);
	free(f->lines);
	free(f->spans);
}

static int
newest_first(const void *a, const void *b)
{
	const struct found	*fa = a, *fb = b;
	int			 order;

	if ((order = strcmp(fb->day, fa->day)) != 0)
		return order;
	if ((order = strcmp(fb->id, fa->id)) != 0)
		return order;
	return fa->private - fb->private;
}

/* Take the tasks in turn until none is left; a thread's start. */
static void *
work(void *arg)
{
	struct search	*s = arg;
	struct task	*task;
	int		 error = 0;

	for (;;) {
		pthread_mutex_lock(&s->tasks->lock);
		task = s->tasks->stop || s->tasks->next == s->tasks->count ?
		    NULL : &s->tasks->list[s->tasks->next++];
		pthread_mutex_unlock(&s->tasks->lock);
		if (task == NULL)
			break;
		s->kind = task->kind;
		s->private = task->private;
		s->path.len = 0;
		if ((error = tend_buf_puts(&s->path, task->path)) < 0) {
			close(task->fd);
			break;
		}
		if ((error = walk_folder(s, task->fd, task->depth,
		    task->descend)) < 0)
			break;
	}
	if (error < 0) {
		s->error = error;
		s->message = strdup(tend_error());
		pthread_mutex_lock(&s->tasks->lock);
		s->tasks->stop = 1;
		pthread_mutex_unlock(&s->tasks->lock);
	}
	return NULL;
}

/*
 * The tasks of one kind's folder in the store at ROOT_FD: each folder in
 * it (a year's) that the days asked for may hold, and its own files.
 */
static int
plan(struct search *s, struct task **list, size_t *count, int root_fd,
    const char *kind)
{
	struct task	*grown, *task;
	struct dirent	*de;
	DIR		*dir;
	int		 fd, child, error = 0;

	if ((fd = openat(root_fd, kind, O_RDONLY | O_NOFOLLOW | O_DIRECTORY |
	    O_CLOEXEC)) < 0)
		return 0;
	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		return 0;
	}
	s->path.len = 0;
	if ((error = tend_buf_puts(&s->path, kind)) < 0) {
		closedir(dir);
		return error;
	}
	/* The kind's own files first, then its folders. */
	de = NULL;
	do {
		if (de != NULL && (de->d_name[0] == '.' ||
		    strchr(de->d_name, '.') != NULL ||
		    outside_days(s, de->d_name, 1, 1)))
			continue;
		child = openat(dirfd(dir), de != NULL ? de->d_name : ".",
		    O_RDONLY | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		if (child < 0)
			continue;
		if ((grown = realloc(*list, (*count + 1) *
		    sizeof(*grown))) == NULL) {
			close(child);
			error = tend_error_nomem();
			break;
		}
		*list = grown;
		task = &grown[*count];
		memset(task, 0, sizeof(*task));
		task->fd = child;
		task->kind = kind;
		task->private = s->private;
		task->depth = de != NULL ? 1 : 0;
		task->descend = de != NULL;
		if ((task->path = de != NULL ? tend_fs_join(kind, de->d_name) :
		    strdup(kind)) == NULL) {
			close(child);
			error = tend_error_nomem();
			break;
		}
		(*count)++;
	} while ((de = readdir(dir)) != NULL);
	closedir(dir);
	return error;
}

int
tend_search(struct tend_journal *journal,
    const struct tend_search_query *query,
    int (*fn)(const struct tend_search_hit *, void *), tend_warn_fn warn,
    void *arg)
{
	struct search		 s, workers[MAX_WORKERS];
	struct tasks		 tasks;
	struct tend_search_hit	 hit;
	struct tend_search_line	*lines = NULL, *grown;
	struct tend_store	*private;
	struct found		*f;
	const char		*roots[2], *note_at;
	size_t			 i, j, k, most = 0, nworkers = 0, kept;
	long			 cpus;
	int			 root_fd, error = 0, keep;

	memset(&s, 0, sizeof(s));
	memset(&tasks, 0, sizeof(tasks));
	s.journal = journal;
	s.query = query;
	s.cipher = tend_journal_cipher(journal);
	s.warn = warn;
	s.warn_arg = arg;
	s.journal_fd = -1;
	s.tasks = &tasks;
	s.need_file = query->author != NULL || query->ntags != 0 ||
	    (query->flags & TEND_SEARCH_META);
	if (query->pattern[0] == '\0')
		return tend_error_set(TEND_EINVALID, "the pattern is empty");
	if (strchr(query->pattern, '\n') != NULL)
		return tend_error_set(TEND_EINVALID, "a pattern is one line");
	if ((query->since != NULL && (error = tend_date_day_of(s.since,
	    "--since", query->since)) < 0) ||
	    (query->until != NULL && (error = tend_date_day_of(s.until,
	    "--until", query->until)) < 0))
		return error;
	for (i = 0; i < query->nkinds; i++) {
		for (j = 0; j < TEND_KIND_COUNT; j++)
			if (strcmp(query->kinds[i], tend_kind_name(j)) == 0)
				break;
		if (j == TEND_KIND_COUNT)
			return tend_error_set(TEND_EINVALID, "unknown kind '%s' "
			    "(the kinds are checkin, reflect, resent, agree)",
			    query->kinds[i]);
	}
	if ((error = tend_matcher_init(&s.matcher, query->pattern,
	    query->flags)) < 0)
		return error;
	if ((error = pthread_mutex_init(&tasks.lock, NULL)) != 0) {
		tend_matcher_free(&s.matcher);
		errno = error;
		return tend_error_errno("cannot search");
	}
	roots[0] = tend_journal_path(journal);
	roots[1] = NULL;
	if ((error = tend_journal_private(&private, journal,
	    TEND_PRIVATE_OPEN)) == 0)
		roots[1] = tend_store_workdir(private);
	else if (error != TEND_ENOTFOUND)
		goto out;
	error = 0;
	if ((s.journal_fd = open(roots[0], O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0) {
		error = tend_error_errno("cannot read '%s'", roots[0]);
		goto out;
	}
	/* The folders to walk, a year's each, as tasks for the workers. */
	for (s.private = 0; s.private < 2 && error == 0; s.private++) {
		if (roots[s.private] == NULL)
			continue;
		root_fd = s.private ? open(roots[1], O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC) : s.journal_fd;
		if (root_fd < 0)
			continue;
		for (i = 0; i < TEND_KIND_COUNT && error == 0; i++) {
			for (j = 0; j < query->nkinds; j++)
				if (strcmp(query->kinds[j],
				    tend_kind_name(i)) == 0)
					break;
			if (query->nkinds == 0 || j < query->nkinds)
				error = plan(&s, &tasks.list, &tasks.count,
				    root_fd, tend_kind_name(i));
		}
		if (s.private)
			close(root_fd);
	}
	if (error < 0)
		goto out;
	/* As many workers as processors, the first this thread. */
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	for (i = 0; i < MAX_WORKERS && i < tasks.count &&
	    (i == 0 || (long)i < cpus); i++) {
		workers[i] = s;
		memset(&workers[i].path, 0, sizeof(workers[i].path));
		if (i != 0 && pthread_create(&workers[i].thread, NULL, work,
		    &workers[i]) != 0)
			break;
		nworkers++;
	}
	if (nworkers != 0)
		work(&workers[0]);
	for (i = 1; i < nworkers; i++)
		pthread_join(workers[i].thread, NULL);
	/* Gather what the workers found, and what they had to say. */
	for (i = 0; i < nworkers; i++) {
		if (error == 0 && workers[i].error < 0)
			error = tend_error_set(workers[i].error, "%s",
			    workers[i].message != NULL ? workers[i].message :
			    "cannot search");
		for (note_at = workers[i].notes.data; error == 0 &&
		    note_at != NULL && note_at < workers[i].notes.data +
		    workers[i].notes.len; note_at += strlen(note_at) + 1) {
			tend_error_set(TEND_EINVALID, "%s", note_at);
			error = tend_error_warn(warn, arg);
		}
		for (j = 0; j < workers[i].nfound; j++) {
			if (error == 0 && s.nfound == s.capfound) {
				f = realloc(s.found, (s.capfound * 2 + 16) *
				    sizeof(*f));
				if (f == NULL)
					error = tend_error_nomem();
				else {
					s.found = f;
					s.capfound = s.capfound * 2 + 16;
				}
			}
			if (error == 0)
				s.found[s.nfound++] = workers[i].found[j];
			else
				found_free(&workers[i].found[j]);
		}
		free(workers[i].found);
		free(workers[i].message);
		free(workers[i].data);
		tend_buf_free(&workers[i].notes);
		tend_buf_free(&workers[i].path);
	}
	/* Judged and named here, one at a time: the cipher is not shared. */
	for (i = kept = 0; i < s.nfound; i++) {
		keep = error == 0 ? admit(&s, &s.found[i]) : 0;
		if (keep < 0)
			error = keep;
		if (keep > 0)
			s.found[kept++] = s.found[i];
		else
			found_free(&s.found[i]);
	}
	s.nfound = kept;
	if (error < 0)
		goto out;
	if (s.nfound > 1)
		qsort(s.found, s.nfound, sizeof(*s.found), newest_first);
	for (i = 0; i < s.nfound && error == 0; i++) {
		f = &s.found[i];
		if (f->nlines > most) {
			if ((grown = realloc(lines, f->nlines *
			    sizeof(*grown))) == NULL) {
				error = tend_error_nomem();
				break;
			}
			lines = grown;
			most = f->nlines;
		}
		for (k = 0; k < f->nlines; k++) {
			lines[k].number = f->lines[k].number;
			lines[k].text = f->text.data + f->lines[k].offset;
			lines[k].len = f->lines[k].len;
			lines[k].spans = f->spans + 2 * f->lines[k].span;
			lines[k].nspans = f->lines[k].nspans;
		}
		memcpy(hit.day, f->day, sizeof(hit.day));
		hit.id = f->id;
		hit.kind = f->kind;
		hit.path = f->path;
		hit.author = f->author;
		hit.date = f->date;
		hit.private = f->private;
		hit.lines = lines;
		hit.nlines = f->nlines;
		error = fn(&hit, arg);
	}
out:
	for (i = tasks.next; i < tasks.count; i++)
		close(tasks.list[i].fd);
	for (i = 0; i < tasks.count; i++)
		free(tasks.list[i].path);
	free(tasks.list);
	pthread_mutex_destroy(&tasks.lock);
	for (i = 0; i < s.nfound; i++)
		found_free(&s.found[i]);
	free(s.found);
	free(lines);
	tend_buf_free(&s.path);
	if (s.journal_fd >= 0)
		close(s.journal_fd);
	tend_matcher_free(&s.matcher);
	return error;
}
