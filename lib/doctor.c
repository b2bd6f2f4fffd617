/*
 * tend doctor: the journal checked part by part, each problem told with
 * what to do about it, and what is safe to repair repaired.
 */

#define _XOPEN_SOURCE	700	/* realpath */

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "doctor-internal.h"

#define REMOTE_SECONDS	10		/* for a remote to answer */

/* Who may go through the folders above a path: its group, the others. */
struct reach {
	int	group;
	int	other;
};

static int	is_under(const char *, const char *);

static int	damage_cb(const struct tend_damage *, void *);
static int	work_tree_meanwhile(void *);
static int	check_objects(struct doctor *, struct tend_store *,
		    const char *, int);

struct mode_group;
static int	check_mode(struct doctor *, const char *, const struct stat *,
		    int, const struct mode_group *);
static int	walk_modes(struct doctor *, const char *, const struct stat *,
		    struct reach, size_t *, struct mode_group *);
static int	modes_cb(const char *, const char *, const struct stat *,
		    void *);
static int	check_permissions(struct doctor *);

static void	parse_failure(size_t *, const char **, const char *,
		    const char *);
static int	check_entry(struct doctor *, struct tend_store *, const char *,
		    const char *, size_t, int);
static int	collect_cb(const char *, const char *, size_t, void *);
struct folder_list;
static int	folder_add(struct folder_list *, const char *, const char *,
		    size_t);
static void	folders_free(struct folder_list *);
static void	entries_cache_read(struct folder_list *, const char *);
static void	entries_cache_write(const struct folder_list *, const char *);
static int	skip_cb(const char *, const char *, void *);
static void	done_cb(const char *, const char *, int, void *);
static int	entry_cb(const char *, const char *, size_t, void *);
static int	collect_changed_cb(const char *, void *);
static int	check_me(struct doctor *);
static int	check_entries(struct doctor *, struct tend_store *,
		    const char *);

static int	private_remote_cb(const char *, const char *, void *);
static int	journal_remote_cb(const char *, const char *, void *);
static int	leak_cb(const char *, const char *, void *);
static int	check_private(struct doctor *);

static int	remote_cb(const char *, const char *, void *);
static int	check_remotes(struct doctor *);

/* Whether PATH is DIR or lies below it (both real paths). */
static int
is_under(const char *path, const char *dir)
{
	size_t	len = strlen(dir);

	return strncmp(path, dir, len) == 0 && (path[len] == '/' ||
	    path[len] == '\0');
}

/*
 * Objects: every object the refs and the index reach can be read.
 */
struct damage_walk {
	struct doctor	*d;
	const char	*subject;
	const char	*fix;
	int		 error;		/* work_tree_meanwhile's */
};

static int
damage_cb(const struct tend_damage *damage, void *arg)
{
	struct damage_walk	*walk = arg;

	return doctor_report(walk->d, TEND_DOCTOR_ERROR, "objects",
	    walk->subject, walk->fix, "%s %s%s%s%s %s, reached from %s",
	    damage->type, damage->id, damage->path != NULL ? " (" : "",
	    damage->path != NULL ? damage->path : "",
	    damage->path != NULL ? ")" : "", damage->cause, damage->ref);
}

/*
 * While the child reads the objects, the checks that read none: the
 * permissions and locks of the work tree, their findings held until the
 * objects' are told.  Only those that change nothing (no --fix): a fix
 * is made in the order the findings are told.
 */
static int
work_tree_meanwhile(void *arg)
{
	struct damage_walk	*walk = arg;
	struct doctor		*d = walk->d;
	size_t			 problems = d->problems;
	int			 error;

	d->holding = 1;
	if ((error = check_permissions(d)) >= 0)
		error = doctor_check_locks(d);
	d->holding = 0;
	d->problems = problems;
	d->early = 1;
	walk->error = error < 0 ? error : 0;
	return walk->error;
}

/* With EARLY, the work tree is checked meanwhile (work_tree_meanwhile). */
static int
check_objects(struct doctor *d, struct tend_store *store, const char *subject,
    int early)
{
	struct tend_buf		fix = TEND_BUF_INIT;
	struct damage_walk	walk = { d, subject, NULL, 0 };
	size_t			count = 0;
	int			error;

	/* Nothing rebuilds a lost object: it must come from a copy. */
	if (store == d->store)
		error = tend_buf_printf(&fix, "copy it back from a partner's "
		    "clone or a backup (for example 'git clone --bare URL "
		    "copy.git', then 'cp -Rn copy.git/objects/. %s/objects/'); "
		    "'git -C %s fsck --full' tells more", d->gitdir, d->top);
	else
		error = tend_buf_printf(&fix, "the private store has no copy "
		    "elsewhere: restore '%s' from a backup; 'git -C %s fsck "
		    "--full' tells more", tend_store_workdir(store),
		    tend_store_workdir(store));
	if (error < 0)
		return error;
	walk.fix = fix.data;
	d->problems = 0;
	error = tend_store_verify(&count, store, damage_cb,
	    early ? work_tree_meanwhile : NULL, &walk);
	if (walk.error < 0) {
		tend_buf_free(&fix);
		return walk.error;
	}
	if (error < 0 && error != TEND_ENOMEM && d->problems == 0)
		error = doctor_report_failure(d, "objects", subject, error);
	if (d->problems != 0)
		d->damaged |= store == d->store ? DAMAGED_JOURNAL :
		    DAMAGED_PRIVATE;
	if (error == 0 && d->problems == 0) {
		d->verified |= store == d->store ? DAMAGED_JOURNAL :
		    DAMAGED_PRIVATE;
		error = doctor_report(d, TEND_DOCTOR_OK, "objects", subject,
		    NULL, "%zu objects read, none missing or damaged", count);
	}
	tend_buf_free(&fix);
	return error;
}

/*
 * Permissions: tend's files are the local partner's alone, 0600 and 0700.
 * A path open to others is an error when they can reach it through the
 * folders above, and a warning while one of those keeps them out.  An
 * open folder that is kept out so is told once, with a count of the open
 * paths inside it: git's files in the private store are many.
 */
struct mode_group {
	size_t	open;		/* paths inside open to others */
	size_t	fixed;
};

static int
check_mode(struct doctor *d, const char *path, const struct stat *st,
    int exposed, const struct mode_group *group)
{
	struct tend_buf	 fix = TEND_BUF_INIT;
	mode_t		 mode = st->st_mode & 07777;
	mode_t		 want = mode & ~(mode_t)077;
	char		 inside[128] = "";
	int		 error;

	if (group != NULL && group->open > 0)
		snprintf(inside, sizeof(inside), "; %zu more path%s in it %s",
		    group->open, group->open == 1 ? "" : "s",
		    d->flags & TEND_DOCTOR_FIX ? "made private too" :
		    "open to other users too");
	if (d->flags & TEND_DOCTOR_FIX) {
		if (chmod(path, want) == 0)
			return doctor_report(d, TEND_DOCTOR_FIXED,
			    "permissions", doctor_relative(d, path), NULL,
			    "was %04o, now %04o%s", (unsigned int)mode,
			    (unsigned int)want, inside);
		return doctor_report(d, TEND_DOCTOR_ERROR, "permissions",
		    doctor_relative(d, path), NULL, "mode %04o, and it cannot "
		    "be changed: %s", (unsigned int)mode, strerror(errno));
	}
	if ((error = tend_buf_printf(&fix, "tend doctor --fix, or chmod %s ",
	    group != NULL ? "-R go=" : "go=")) < 0 ||
	    (error = doctor_quote(&fix, path)) < 0)
		goto out;
	if (exposed)
		error = doctor_report(d, TEND_DOCTOR_ERROR, "permissions",
		    doctor_relative(d, path), fix.data, "mode %04o: other "
		    "users can %s", (unsigned int)mode,
		    S_ISDIR(st->st_mode) ? "look inside" : "read it");
	else
		error = doctor_report(d, TEND_DOCTOR_WARNING, "permissions",
		    doctor_relative(d, path), fix.data, "mode %04o, not %04o%s "
		    "(a folder above keeps other users out, for now)",
		    (unsigned int)mode, (unsigned int)want, inside);
out:
	tend_buf_free(&fix);
	return error;
}

/* What walk_modes carries into the folder it checks. */
struct modes_walk {
	struct doctor		*d;
	struct reach		 reach;
	size_t			*count;
	struct mode_group	*group;
};

/*
 * Check PATH, whose lstat is ST (NULL: not taken yet), and if it is a
 * folder all in it; links are not followed.  Inside an open folder
 * already told (GROUP), open paths are counted.
 */
static int
walk_modes(struct doctor *d, const char *path, const struct stat *st,
    struct reach reach, size_t *count, struct mode_group *group)
{
	struct mode_group	 own = { 0, 0 }, *inner = group;
	struct modes_walk	 walk;
	struct stat		 taken;
	mode_t			 open_bits;
	int			 error = 0, exposed, stop, tell;

	if (st == NULL) {
		if (lstat(path, &taken) < 0)
			return errno == ENOENT ? 0 : doctor_report(d,
			    TEND_DOCTOR_ERROR, "permissions",
			    doctor_relative(d, path), NULL,
			    "cannot read its mode: %s", strerror(errno));
		st = &taken;
	}
	if (!S_ISDIR(st->st_mode) && !S_ISREG(st->st_mode))
		return 0;
	(*count)++;
	open_bits = st->st_mode & 077;
	exposed = (reach.group && (open_bits & 070)) ||
	    (reach.other && (open_bits & 007));
	tell = open_bits != 0 && group == NULL;
	if (open_bits != 0 && group != NULL) {
		group->open++;
		if (d->flags & TEND_DOCTOR_FIX && chmod(path, st->st_mode &
		    07777 & ~(mode_t)077) < 0)
			error = doctor_report(d, TEND_DOCTOR_ERROR,
			    "permissions", doctor_relative(d, path), NULL,
			    "mode %04o, and it cannot be changed: %s",
			    (unsigned int)(st->st_mode & 07777),
			    strerror(errno));
	}
	if (tell && !exposed && S_ISDIR(st->st_mode))
		inner = &own;
	else if (tell && (error = check_mode(d, path, st, exposed,
	    NULL)) < 0)
		return error;
	if (error < 0 || !S_ISDIR(st->st_mode))
		return error;
	walk.d = d;
	walk.reach.group = reach.group && (st->st_mode & S_IXGRP);
	walk.reach.other = reach.other && (st->st_mode & S_IXOTH);
	walk.count = count;
	walk.group = inner;
	if ((error = tend_fs_each(&stop, path, modes_cb, &walk)) ==
	    TEND_ENOMEM)
		return error;
	if (error < 0)
		return doctor_report(d, TEND_DOCTOR_ERROR, "permissions",
		    doctor_relative(d, path), NULL,
		    "cannot read the folder: %s", strerror(errno));
	if (stop != 0)
		return stop;
	/* Told after its contents, so a fix of the folder comes last. */
	return inner == &own ? check_mode(d, path, st, 0, &own) : 0;
}

static int
modes_cb(const char *path, const char *name, const struct stat *st,
    void *arg)
{
	struct modes_walk	*walk = arg;

	(void)name;
	/* Without ST, walk_modes's own lstat says why it failed. */
	return walk_modes(walk->d, path, st, walk->reach, walk->count,
	    walk->group);
}

static int
check_permissions(struct doctor *d)
{
	static const char *const files[] = {
		"tend.conf", "README.md", ".gitattributes",
	};
	struct reach	 everyone = { 1, 1 }, inside, in_git;
	struct stat	 st;
	char		*path, *git_parent;
	size_t		 i, count = 0;
	int		 error = 0;

	d->problems = 0;
	if (lstat(d->top, &st) < 0)
		return doctor_report(d, TEND_DOCTOR_ERROR, "permissions",
		    d->top, NULL, "cannot read its mode: %s", strerror(errno));
	/* The folder itself; of what is in it, only tend's files. */
	count++;
	if ((st.st_mode & 077) != 0 &&
	    (error = check_mode(d, d->top, &st, 1, NULL)) < 0)
		return error;
	inside.group = (st.st_mode & S_IXGRP) != 0;
	inside.other = (st.st_mode & S_IXOTH) != 0;
	for (i = 0; i < sizeof(files) / sizeof(files[0]) + TEND_KIND_COUNT &&
	    error == 0; i++) {
		if ((path = tend_fs_join(d->top, i < 3 ? files[i] :
		    tend_kind_name(i - 3))) == NULL)
			return tend_error_nomem();
		error = walk_modes(d, path, NULL, inside, &count, NULL);
		free(path);
	}
	if (error < 0)
		return error;
	/* .git/tend: reached through .git, itself git's and not checked. */
	in_git = everyone;
	if ((git_parent = tend_fs_join(d->top, ".git")) == NULL)
		return tend_error_nomem();
	if (strcmp(git_parent, d->gitdir) == 0)
		in_git = inside;
	free(git_parent);
	if (stat(d->gitdir, &st) == 0) {
		in_git.group = in_git.group && (st.st_mode & S_IXGRP);
		in_git.other = in_git.other && (st.st_mode & S_IXOTH);
	}
	if ((path = tend_fs_join(d->gitdir, "tend")) == NULL)
		return tend_error_nomem();
	error = walk_modes(d, path, NULL, in_git, &count, NULL);
	free(path);
	if (error == 0 && d->problems == 0)
		error = doctor_report(d, TEND_DOCTOR_OK, "permissions",
		    "journal", NULL, "%zu files and folders, none open to "
		    "other users", count);
	return error;
}


/*
 * Entries: every entry file reads, committed or not yet.
 *
 * The parser says "cannot read 'PATH': line N: cause", or names no line
 * when the trouble is the file's first (a missing '---').  Turn that into
 * the line and the cause.
 */
static void
parse_failure(size_t *line, const char **cause, const char *message,
    const char *path)
{
	const char	*rest = message, *at;
	char		*end;
	size_t		 len = strlen(path);

	*line = 1;
	if (strncmp(rest, "cannot read '", 13) == 0 &&
	    strncmp(rest + 13, path, len) == 0 &&
	    strncmp(rest + 13 + len, "': ", 3) == 0)
		rest += 13 + len + 3;
	if (strncmp(rest, "line ", 5) == 0 && rest[5] >= '1' &&
	    rest[5] <= '9') {
		*line = strtoul(rest + 5, &end, 10);
		if (strncmp(end, ": ", 2) == 0)
			rest = end + 2;
	} else if ((at = strstr(rest, " at line ")) != NULL)
		*line = strtoul(at + 9, NULL, 10);
	*cause = rest;
}

static int
check_entry(struct doctor *d, struct tend_store *store, const char *path,
    const char *text, size_t len, int committed)
{
	struct tend_entry	*entry;
	struct tend_buf		 subject = TEND_BUF_INIT, fix = TEND_BUF_INIT;
	const char		*cause, *dir = tend_store_workdir(store);
	char			 message[1024];
	size_t			 line;
	int			 error;

	if ((error = tend_entry_parse(&entry, path, text, len)) == 0) {
		tend_entry_free(entry);
		return 0;
	}
	if (error == TEND_ENOMEM)
		return error;
	snprintf(message, sizeof(message), "%s", tend_error());
	parse_failure(&line, &cause, message, path);
	if ((error = tend_buf_printf(&subject, "%s%s%s:%zu", store == d->store ?
	    "" : doctor_relative(d, dir), store == d->store ? "" : "/", path,
	    line)) < 0 ||
	    (error = tend_buf_printf(&fix, "correct line %zu in an editor, "
	    "then commit it: git -C ", line)) < 0 ||
	    (error = doctor_quote(&fix, dir)) < 0 ||
	    (error = tend_buf_puts(&fix, " commit ")) < 0 ||
	    (error = doctor_quote(&fix, path)) < 0)
		goto out;
	error = doctor_report(d, TEND_DOCTOR_ERROR, "entries", subject.data,
	    fix.data, "%s%s", cause, committed ? "" : " (not committed yet)");
out:
	tend_buf_free(&subject);
	tend_buf_free(&fix);
	return error;
}

struct path_list {
	char	**paths;
	size_t	  count;
};

static int
collect_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct path_list	*list = arg;
	char			**paths;

	(void)data;
	(void)len;
	len = strlen(path);
	if (len < 3 || strcmp(path + len - 3, ".md") != 0)
		return 0;
	if ((paths = realloc(list->paths, (list->count + 1) *
	    sizeof(*paths))) == NULL)
		return tend_error_nomem();
	list->paths = paths;
	if ((paths[list->count] = strdup(path)) == NULL)
		return tend_error_nomem();
	list->count++;
	return 0;
}

/*
 * The cache of the folders of HEAD whose entries all read: a line a
 * folder, "TREE COUNT PATH", after a header that names tend's version, so
 * that a parser that changed reads them all again.  An entry is checked
 * from its path and its bytes alone, and a tree id names the bytes of
 * all a folder holds: a folder at the same path with the same id holds
 * entries that read as they did, and is not read again.  A ten-year
 * journal's 8,844 entries are then read once, and after that only the
 * folders a commit changed (this month's, its year's, its kind's).
 */
#define ENTRIES_HEADER	"tend-entries 1 " TEND_VERSION "\n"

struct folder {
	char	 id[TEND_OID_SIZE];
	size_t	 count;		/* entries in it; when open, the count before */
	char	*path;
};

struct folder_list {
	struct folder	*items;
	size_t		 count;
};

/* What the walk of HEAD's entries carries: each is checked as it comes. */
struct entry_walk {
	struct doctor		*d;
	struct tend_store	*store;
	size_t			 count;
	int			 error;		/* check_entry's own */
	int			 read;		/* a folder was read whole */
	struct folder_list	 cached;	/* as the cache had them */
	struct folder_list	 whole;		/* all read, this run */
	struct folder_list	 open;		/* being read, outermost first */
};

static int
folder_add(struct folder_list *list, const char *path, const char *id,
    size_t count)
{
	struct folder	*grown;

	if ((grown = realloc(list->items, (list->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	list->items = grown;
	if ((grown[list->count].path = strdup(path)) == NULL)
		return tend_error_nomem();
	snprintf(grown[list->count].id, TEND_OID_SIZE, "%s", id);
	grown[list->count].count = count;
	list->count++;
	return 0;
}

static void
folders_free(struct folder_list *list)
{
	size_t	i;

	for (i = 0; i < list->count; i++)
		free(list->items[i].path);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* The cache at FILE; anything amiss in it, and it is as if empty. */
static void
entries_cache_read(struct folder_list *list, const char *file)
{
	char		*text, *line, *next, *end, *path;
	unsigned long	 count;
	size_t		 len, header = strlen(ENTRIES_HEADER);
	int		 bad = 0;

	if (tend_fs_read(&text, &len, file) < 0)
		return;
	if (strlen(text) != len || strncmp(text, ENTRIES_HEADER, header) != 0)
		bad = 1;
	for (line = text + header; !bad && *line != '\0'; line = next + 1) {
		if ((next = strchr(line, '\n')) == NULL) {
			bad = 1;
			break;
		}
		*next = '\0';
		if (strspn(line, "0123456789abcdef") != TEND_OID_SIZE - 1 ||
		    line[TEND_OID_SIZE - 1] != ' ') {
			bad = 1;
			break;
		}
		line[TEND_OID_SIZE - 1] = '\0';
		count = strtoul(line + TEND_OID_SIZE, &end, 10);
		path = end + 1;
		if (*end != ' ' || *path == '\0' ||
		    folder_add(list, path, line, count) < 0)
			bad = 1;
	}
	if (bad)
		folders_free(list);
	free(text);
}

static void
entries_cache_write(const struct folder_list *list, const char *file)
{
	struct tend_buf	text = TEND_BUF_INIT;
	size_t		i;
	int		error;

	error = tend_buf_puts(&text, ENTRIES_HEADER);
	for (i = 0; i < list->count && error == 0; i++)
		error = tend_buf_printf(&text, "%s %zu %s\n",
		    list->items[i].id, list->items[i].count,
		    list->items[i].path);
	/* A cache that cannot be written only means reading again. */
	if (error == 0)
		(void)tend_fs_write_atomic(file, text.data, text.len);
	tend_buf_free(&text);
}

/* A folder read whole before is counted, and not read again. */
static int
skip_cb(const char *path, const char *id, void *arg)
{
	struct entry_walk	*walk = arg;
	struct folder		*f;
	size_t			 i;
	int			 error;

	for (i = 0; i < walk->cached.count; i++) {
		f = &walk->cached.items[i];
		if (strcmp(f->id, id) != 0 || strcmp(f->path, path) != 0)
			continue;
		walk->count += f->count;
		if ((error = folder_add(&walk->whole, path, id,
		    f->count)) < 0)
			walk->error = error;
		return 1;
	}
	if ((error = folder_add(&walk->open, path, id, walk->count)) < 0)
		walk->error = error;
	return 0;
}

static void
done_cb(const char *path, const char *id, int whole, void *arg)
{
	struct entry_walk	*walk = arg;
	struct folder		*f;
	int			 error;

	/* Folders end innermost first: this one is the last opened. */
	if (walk->open.count == 0)
		return;
	f = &walk->open.items[--walk->open.count];
	if (whole && strcmp(f->path, path) == 0) {
		walk->read = 1;
		if ((error = folder_add(&walk->whole, path, id,
		    walk->count - f->count)) < 0)
			walk->error = error;
	}
	free(f->path);
}

/* 1 for an entry that does not read, which check_entry has told. */
static int
entry_cb(const char *path, const char *data, size_t len, void *arg)
{
	struct entry_walk	*walk = arg;
	size_t			 n = strlen(path), before = walk->d->problems;

	if (walk->error < 0)
		return walk->error;
	if (n < 3 || strcmp(path + n - 3, ".md") != 0)
		return 0;
	walk->count++;
	if ((walk->error = check_entry(walk->d, walk->store, path, data,
	    len, 1)) < 0)
		return walk->error;
	return walk->d->problems > before;
}

/* A changed or new entry file in the work tree. */
static int
collect_changed_cb(const char *path, void *arg)
{
	return tend_kind_of_path(NULL, path) ? collect_cb(path, NULL, 0, arg) :
	    0;
}

/*
 * The local partner is still a partner: a commit taken in with plain git
 * may have taken their section out of tend.conf, and then nothing they
 * write can be committed.  Only git can put it back.
 */
static int
check_me(struct doctor *d)
{
	const char	*me = tend_journal_me(d->journal), *id;
	char		 fix[256];
	size_t		 i;

	if (me == NULL)
		return 0;
	for (i = 0; i < tend_journal_partner_count(d->journal); i++)
		if ((id = tend_journal_partner_id(d->journal, i)) != NULL &&
		    strcmp(id, me) == 0)
			return 0;
	/* A tend.me too long for the hint is cut there, harmlessly. */
	snprintf(fix, sizeof(fix), "'git log -p tend.conf' shows the commit; "
	    "put the section back with 'git config --file tend.conf "
	    "partner.%s.name NAME' and commit it with git", me);
	return doctor_report(d, TEND_DOCTOR_ERROR, "entries", "tend.conf",
	    fix, "you, '%s' (tend.me), are not a partner in it: a commit took "
	    "your section out, and tend commits nothing of yours until it is "
	    "back", me);
}

static int
check_entries(struct doctor *d, struct tend_store *store, const char *subject)
{
	struct path_list	 committed = { NULL, 0 }, changed = { NULL, 0 };
	struct entry_walk	 walk;
	char			*cache = NULL;
	char			*text, *path;
	size_t			 i, len, count = 0;
	int			 error = 0, verified;

	d->problems = 0;
	if (d->damaged & (store == d->store ? DAMAGED_JOURNAL :
	    DAMAGED_PRIVATE))
		return doctor_report(d, TEND_DOCTOR_WARNING, "entries", subject,
		    "repair the objects first", "not checked: some of its "
		    "objects are damaged");
	if (store == d->store && (error = check_me(d)) == 0)
		error = doctor_check_authors(d);
	/*
	 * Once the objects check read every object whole, each entry is read
	 * and checked in one walk of HEAD's tree.  Without it, an entry
	 * whose object cannot be read would stop that walk: each is then
	 * looked up on its own, and one that cannot be read is passed over,
	 * as the objects check's to name.
	 */
	memset(&walk, 0, sizeof(walk));
	walk.d = d;
	walk.store = store;
	verified = d->verified & (store == d->store ? DAMAGED_JOURNAL :
	    DAMAGED_PRIVATE);
	/* The private store is small, and has no .git/tend of its own. */
	if (error == 0 && verified && store == d->store) {
		if ((cache = tend_fs_join(d->gitdir,
		    TEND_LAYOUT_ENTRIES_CACHE)) == NULL)
			error = tend_error_nomem();
		else
			entries_cache_read(&walk.cached, cache);
	}
	for (i = 0; i < TEND_KIND_COUNT && error == 0; i++)
		error = verified ? tend_store_check_files(store,
		    tend_kind_name(i), skip_cb, entry_cb, done_cb, &walk) :
		    tend_store_list(store, tend_kind_name(i), TEND_LIST_PATHS,
		    collect_cb, &committed);
	count = walk.count;
	if (walk.error < 0) {
		error = walk.error;
		goto out;
	}
	if (error == 0 && cache != NULL && walk.read)
		entries_cache_write(&walk.whole, cache);
	if (error == 0)
		error = tend_store_changes(store, collect_changed_cb, &changed);
	if (error < 0) {
		error = doctor_report_failure(d, "entries", subject, error);
		goto out;
	}
	/* One whose object cannot be read is the objects check's to name. */
	for (i = 0; i < committed.count && error == 0; i++) {
		if ((error = tend_store_read(&text, &len, store,
		    committed.paths[i])) < 0) {
			error = error == TEND_ENOMEM ? error : 0;
			continue;
		}
		count++;
		error = check_entry(d, store, committed.paths[i], text, len, 1);
		free(text);
	}
	for (i = 0; i < changed.count && error == 0; i++) {
		if ((path = tend_fs_join(tend_store_workdir(store),
		    changed.paths[i])) == NULL) {
			error = tend_error_nomem();
			break;
		}
		/* A removed file is no entry to read. */
		if ((error = tend_fs_read(&text, &len, path)) == 0) {
			error = check_entry(d, store, changed.paths[i], text,
			    len, 0);
			free(text);
		} else if (error != TEND_ENOMEM)
			error = 0;
		free(path);
	}
	if (error == 0 && d->problems == 0)
		error = doctor_report(d, TEND_DOCTOR_OK, "entries", subject,
		    NULL, "%zu entr%s read", count, count == 1 ? "y" : "ies");
out:
	free(cache);
	folders_free(&walk.cached);
	folders_free(&walk.whole);
	folders_free(&walk.open);
	for (i = 0; i < committed.count; i++)
		free(committed.paths[i]);
	for (i = 0; i < changed.count; i++)
		free(changed.paths[i]);
	free(committed.paths);
	free(changed.paths);
	return error;
}

/*
 * The private store: it opens, it stays on this machine, and nothing of
 * it is in the journal's history.
 */
struct private_walk {
	struct doctor	*d;
	const char	*real;		/* the private store's real path */
	char		**seen;		/* leaked paths already told */
	size_t		  nseen;
};

static int
private_remote_cb(const char *name, const char *url, void *arg)
{
	struct private_walk	*walk = arg;
	struct doctor		*d = walk->d;
	struct tend_buf		 fix = TEND_BUF_INIT, shown = TEND_BUF_INIT;
	int			 error;

	if ((error = tend_url_safe(&shown, url)) == 0 &&
	    (error = tend_buf_puts(&fix, "git -C ")) == 0 &&
	    (error = doctor_quote(&fix,
	    tend_store_workdir(d->private_store))) == 0 &&
	    (error = tend_buf_puts(&fix, " remote remove ")) == 0 &&
	    (error = doctor_quote(&fix, name)) == 0)
		error = doctor_report(d, TEND_DOCTOR_ERROR, "private",
		    "private store", fix.data, "it has a remote '%s' (%s): a "
		    "push there would send private entries away", name,
		    shown.data);
	tend_buf_free(&fix);
	tend_buf_free(&shown);
	return error;
}

/* A remote of the journal that is the private store itself. */
static int
journal_remote_cb(const char *name, const char *url, void *arg)
{
	struct private_walk	*walk = arg;
	struct doctor		*d = walk->d;
	struct tend_buf		 fix = TEND_BUF_INIT, subject = TEND_BUF_INIT;
	char			*real;
	int			 error = 0;

	if (strncmp(url, "file://", 7) == 0)
		url += 7;
	if ((real = realpath(url, NULL)) == NULL)
		return 0;
	if (strcmp(real, walk->real) == 0 &&
	    (error = tend_buf_printf(&subject, "remote %s", name)) == 0 &&
	    (error = tend_buf_puts(&fix, "git -C ")) == 0 &&
	    (error = doctor_quote(&fix, d->top)) == 0 &&
	    (error = tend_buf_puts(&fix, " remote remove ")) == 0 &&
	    (error = doctor_quote(&fix, name)) == 0)
		error = doctor_report(d, TEND_DOCTOR_ERROR, "private",
		    subject.data, fix.data, "it is the private store: a fetch "
		    "from it brings private entries into the journal");
	free(real);
	tend_buf_free(&fix);
	tend_buf_free(&subject);
	return error;
}

static int
leak_cb(const char *path, const char *private_path, void *arg)
{
	struct private_walk	*walk = arg;
	struct doctor		*d = walk->d;
	char			**seen;
	size_t			 i;

	/* A file of many commits is told once. */
	for (i = 0; i < walk->nseen; i++)
		if (strcmp(walk->seen[i], path) == 0)
			return 0;
	if ((seen = realloc(walk->seen, (walk->nseen + 1) *
	    sizeof(*seen))) == NULL)
		return tend_error_nomem();
	walk->seen = seen;
	if ((seen[walk->nseen] = strdup(path)) == NULL)
		return tend_error_nomem();
	walk->nseen++;
	return doctor_report(d, TEND_DOCTOR_ERROR, "private", path,
	    "do not sync or push; take it out of the journal's history with "
	    "git (git rebase -i, or git filter-repo --invert-paths --path "
	    "FILE), then check again", "the journal's history holds the %s of "
	    "the private entry '%s/%s'",
	    strcmp(path, private_path) == 0 ? "path" : "text",
	    doctor_relative(d, tend_store_workdir(d->private_store)),
	    private_path);
}

static int
check_private(struct doctor *d)
{
	struct private_walk	 walk = { d, NULL, NULL, 0 };
	struct tend_buf		 fix = TEND_BUF_INIT;
	char			*real = NULL, *real_top = NULL;
	char			*real_git = NULL, *ref = NULL, *path;
	char			 root[TEND_OID_SIZE];
	size_t			 i;
	int			 error;

	d->problems = 0;
	if (d->private_store == NULL) {
		if ((path = tend_fs_join(d->gitdir,
		    TEND_LAYOUT_PRIVATE)) == NULL)
			return tend_error_nomem();
		error = tend_journal_private(&d->private_store, d->journal,
		    TEND_PRIVATE_OPEN);
		/* A folder that is there but no repository does not count. */
		if (error == TEND_ENOTFOUND && !tend_fs_exists(path))
			error = doctor_report(d, TEND_DOCTOR_OK, "private",
			    "private store", NULL, "none yet: nothing private "
			    "has been written");
		else if (error < 0 && error != TEND_ENOMEM &&
		    (error = tend_buf_printf(&fix, "restore '%s' from a "
		    "backup, or, if it holds nothing, remove it so that tend "
		    "makes it anew", path)) == 0)
			error = doctor_report(d, TEND_DOCTOR_ERROR, "private",
			    "private store", fix.data, "cannot open: %s",
			    tend_error());
		free(path);
		tend_buf_free(&fix);
		return error;
	}
	/* Only inside .git is it out of reach of a commit of the journal. */
	real = realpath(tend_store_workdir(d->private_store), NULL);
	real_top = realpath(d->top, NULL);
	real_git = realpath(d->gitdir, NULL);
	if (real == NULL || real_top == NULL || real_git == NULL) {
		error = doctor_report(d, TEND_DOCTOR_ERROR, "private",
		    "private store", NULL, "cannot check: cannot resolve its "
		    "path: %s", strerror(errno));
		goto out;
	}
	walk.real = real;
	if (is_under(real, real_top) && !is_under(real, real_git) &&
	    (error = doctor_report(d, TEND_DOCTOR_ERROR, "private",
	    "private store", "move it back to .git/tend/private, outside the "
	    "work tree", "it lies in the journal's work tree, at '%s', where a "
	    "commit could take it in", real)) < 0)
		goto out;
	if ((error = tend_store_remotes(d->private_store, private_remote_cb,
	    &walk)) < 0 ||
	    (error = tend_store_remotes(d->store, journal_remote_cb,
	    &walk)) < 0) {
		error = doctor_report_failure(d, "private", "private store",
		    error);
		goto out;
	}
	if (d->damaged) {
		error = doctor_report(d, TEND_DOCTOR_WARNING, "private",
		    "history", "repair the objects first", "not checked for "
		    "private entries: some objects are damaged");
		goto out;
	}
	/* Every private commit descends from the first one. */
	if ((error = tend_store_first_commit(root, d->private_store)) == 0 &&
	    root[0] != '\0' &&
	    (error = tend_store_ref_reaching(&ref, d->store, root)) == 0 &&
	    (error = tend_buf_puts(&fix, "delete it (git -C ")) == 0 &&
	    (error = doctor_quote(&fix, d->top)) == 0 &&
	    (error = tend_buf_printf(&fix, " update-ref -d %s), then run "
	    "'git -C ", ref)) == 0 &&
	    (error = doctor_quote(&fix, d->top)) == 0 &&
	    (error = tend_buf_puts(&fix, " gc --prune=now'")) == 0)
		error = doctor_report(d, TEND_DOCTOR_ERROR, "private", ref,
		    fix.data, "it holds the private store's history: a push of "
		    "it would send every private entry");
	if (error == TEND_ENOTFOUND)
		error = 0;
	if (error == 0)
		error = tend_sync_leaks(d->journal, leak_cb, &walk);
	if (error < 0 && error != TEND_ENOMEM && d->problems == 0)
		error = doctor_report_failure(d, "private", "private store",
		    error);
	if (error == 0 && d->problems == 0)
		error = doctor_report(d, TEND_DOCTOR_OK, "private",
		    "private store", NULL, "kept on this machine; none of it "
		    "is in the journal's history");
out:
	for (i = 0; i < walk.nseen; i++)
		free(walk.seen[i]);
	free(walk.seen);
	tend_buf_free(&fix);
	free(real);
	free(real_top);
	free(real_git);
	free(ref);
	return error;
}

/*
 * Remotes: each answers, within a few seconds.  One that does not is a
 * warning: the partners can sync once it is back.
 */
struct remote_walk {
	struct doctor	*d;
	const char	*configured;	/* tend.remote, or NULL */
	int		 found;		/* the configured one is there */
	size_t		 count;
};

static int
remote_cb(const char *name, const char *url, void *arg)
{
	struct remote_walk	*walk = arg;
	struct doctor		*d = walk->d;
	struct tend_buf		 subject = TEND_BUF_INIT, fix = TEND_BUF_INIT;
	struct tend_buf		 shown = TEND_BUF_INIT;
	const char		*at;
	char			 cause[1024];
	int			 error;

	walk->count++;
	if (walk->configured != NULL && strcmp(walk->configured, name) == 0)
		walk->found = 1;
	if ((error = tend_url_safe(&shown, url)) < 0 ||
	    (error = tend_buf_printf(&subject, "%s (%s)", name,
	    shown.data)) < 0)
		goto out;
	if ((error = tend_store_remote_check(d->store, name,
	    REMOTE_SECONDS)) == 0) {
		error = doctor_report(d, TEND_DOCTOR_OK, "remote", subject.data,
		    NULL, "answers");
		goto out;
	}
	if (error == TEND_ENOMEM)
		goto out;
	/* The message names the address, with its password if it has one. */
	if ((at = strstr(tend_error(), url)) != NULL)
		snprintf(cause, sizeof(cause), "%.*s%s%s",
		    (int)(at - tend_error()), tend_error(), shown.data,
		    at + strlen(url));
	else
		snprintf(cause, sizeof(cause), "%s", tend_error());
	if ((error = tend_buf_puts(&fix, "check the network and the address "
	    "(git -C ")) == 0 && (error = doctor_quote(&fix, d->top)) == 0 &&
	    (error = tend_buf_puts(&fix, " remote -v); syncing works again "
	    "once it answers")) == 0)
		error = doctor_report(d, TEND_DOCTOR_WARNING, "remote",
		    subject.data, fix.data, "cannot be reached: %s", cause);
out:
	tend_buf_free(&subject);
	tend_buf_free(&fix);
	tend_buf_free(&shown);
	return error;
}

static int
check_remotes(struct doctor *d)
{
	struct remote_walk	 walk = { d, NULL, 0, 0 };
	struct tend_buf		 fix = TEND_BUF_INIT;
	char			*configured = NULL;
	int			 error;

	d->problems = 0;
	if (d->flags & TEND_DOCTOR_OFFLINE)
		return doctor_report(d, TEND_DOCTOR_OK, "remote", "journal",
		    NULL, "not checked (--offline)");
	error = tend_store_config_get(&configured, d->store, "tend.remote");
	if (error < 0 && error != TEND_ENOTFOUND)
		return doctor_report_failure(d, "remote", "journal", error);
	walk.configured = configured;
	if ((error = tend_store_remotes(d->store, remote_cb, &walk)) < 0) {
		error = doctor_report_failure(d, "remote", "journal", error);
		goto out;
	}
	if (configured != NULL && !walk.found) {
		if ((error = tend_buf_puts(&fix, "git -C ")) < 0 ||
		    (error = doctor_quote(&fix, d->top)) < 0 ||
		    (error = tend_buf_printf(&fix, " remote add %s URL, or "
		    "git -C ", configured)) < 0 ||
		    (error = doctor_quote(&fix, d->top)) < 0 ||
		    (error = tend_buf_puts(&fix, " config --unset "
		    "tend.remote")) < 0)
			goto out;
		error = doctor_report(d, TEND_DOCTOR_WARNING, "remote",
		    "tend.remote", fix.data, "it names '%s', which is no "
		    "remote, so tend sync has nowhere to go", configured);
	} else if (walk.count == 0) {
		if ((error = tend_buf_puts(&fix, "git -C ")) < 0 ||
		    (error = doctor_quote(&fix, d->top)) < 0 ||
		    (error = tend_buf_puts(&fix, " remote add origin URL")) < 0)
			goto out;
		error = doctor_report(d, TEND_DOCTOR_OK, "remote", "journal",
		    fix.data, "none yet: the journal is not shared");
	}
out:
	tend_buf_free(&fix);
	free(configured);
	return error;
}

int
tend_doctor(struct tend_journal *journal, int flags,
    int (*fn)(const struct tend_doctor_finding *, void *), void *arg)
{
	struct doctor	d;
	int		error;

	memset(&d, 0, sizeof(d));
	d.journal = journal;
	d.store = tend_journal_store(journal);
	d.flags = flags;
	d.fn = fn;
	d.arg = arg;
	d.top = tend_journal_path(journal);
	d.gitdir = tend_store_gitdir(d.store);
	d.now = time(NULL);
	/* A store that does not open is check_private's to tell. */
	if ((error = tend_journal_private(&d.private_store, journal,
	    TEND_PRIVATE_OPEN)) < 0) {
		d.private_store = NULL;
		if (error == TEND_ENOMEM)
			return error;
	}
	/*
	 * The objects are read in a child; the work tree's permissions and
	 * locks are checked meanwhile, unless they are to be fixed, and told
	 * after the objects' findings, in their turn.
	 */
	if ((error = check_objects(&d, d.store, "journal",
	    !(flags & TEND_DOCTOR_FIX))) < 0 ||
	    (d.private_store != NULL && (error = check_objects(&d,
	    d.private_store, "private store", 0)) < 0) ||
	    (d.early && (error = doctor_release(&d)) < 0) ||
	    (!d.early && (error = check_permissions(&d)) < 0) ||
	    (!d.early && (error = doctor_check_locks(&d)) < 0) ||
	    (error = check_entries(&d, d.store, "journal")) < 0 ||
	    (d.private_store != NULL && (error = check_entries(&d,
	    d.private_store, "private store")) < 0) ||
	    (error = check_private(&d)) < 0 ||
	    (error = doctor_check_keys(&d)) < 0 ||
	    (error = doctor_check_sealed(&d)) < 0)
		goto out;
	error = check_remotes(&d);
out:
	doctor_held_free(&d);
	return error;
}
