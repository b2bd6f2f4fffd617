/*
 * Imports: a jrnl JSON export, or a folder of Markdown notes (nb,
 * Obsidian), each entry made the local partner's reflection with the
 * date it was written, all in one commit or none.
 */

#define _XOPEN_SOURCE	700	/* fdopendir */

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

/* The largest jrnl export read: years of daily writing. */
#define IMPORT_FILE_MAX		(64 * 1024 * 1024)
/* Folders below the one named: a vault is rarely deeper. */
#define IMPORT_DEPTH_MAX	16
#define IMPORT_TITLE_MAX	1024
#define IMPORT_ID_BYTES		16	/* of SHA-256, for the imported key */

/* One entry to write, read from the source. */
struct item {
	char	 *origin;	/* "FILE: entry N" or the note's path */
	char	 *title;	/* or NULL */
	char	 *body;
	char	**tags;
	size_t	  ntags;
	time_t	  when;
	char	  source[80];	/* "jrnl:HEX" or "markdown:HEX" */
};

struct items {
	struct item	*list;
	size_t		 count;
};

struct strings {
	char	**list;
	size_t	  count;
};

static int	is_day(const char *);
static int	read_limited(char **, size_t *, const char *);
static int	join_surrogates(struct tend_buf *, const char *, size_t);
static int	two_digits(const char *, int *);
static int	parse_when(time_t *, const char *what, const char *);
static int	add_tag(struct item *, const char *);
static int	source_id(char *, size_t, const char *, const char *,
		    size_t);
static int	item_add(struct items *, struct item *);
static int	text_field(const char **, const struct tend_meta *,
		    const char *, const char *);
static int	tags_field(struct item *, const struct tend_meta *,
		    const char *);
static int	hex4(const char *, unsigned int *);
static void	item_free(struct item *);
static int	read_jrnl(struct items *, const char *);
static int	read_note(struct items *, const char *path, const char *name);
static int	note_split(struct tend_meta **, size_t *, const char *,
		    const char *, size_t);
static int	walk_notes(struct strings *, const char *, int);
static int	note_cb(const char *, const char *, const struct stat *,
		    void *);
static int	by_name(const void *, const void *);
static int	known_cb(struct tend_entry *, void *);
static int	compose(struct tend_buf *, const struct item *, const char *,
		    int);
static int	strings_add(struct strings *, const char *);
static int	strings_has(const struct strings *, const char *, size_t *);
static int	strings_insert(struct strings *, const char *);
static void	strings_free(struct strings *);

/* The imported keys of the local partner's reflections. */
struct known_walk {
	struct strings	*known;
	const char	*me;
};

struct note_walk {
	struct strings	*paths;
	int		 depth;
};

static int
strings_add(struct strings *set, const char *s)
{
	char	**grown;

	if ((grown = realloc(set->list, (set->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	set->list = grown;
	if ((set->list[set->count] = strdup(s)) == NULL)
		return tend_error_nomem();
	set->count++;
	return 0;
}

/*
 * Whether the sorted SET has S; *AT (may be NULL) is where it is or
 * would go.  Sorted, so that an import of thousands of entries does not
 * compare each with all the others.
 */
static int
strings_has(const struct strings *set, const char *s, size_t *at)
{
	size_t	low = 0, high = set->count, mid;
	int	order;

	while (low < high) {
		mid = low + (high - low) / 2;
		if ((order = strcmp(set->list[mid], s)) == 0) {
			low = mid;
			break;
		}
		if (order < 0)
			low = mid + 1;
		else
			high = mid;
	}
	if (at != NULL)
		*at = low;
	return low < set->count && strcmp(set->list[low], s) == 0;
}

/* S added to the sorted SET, in its place. */
static int
strings_insert(struct strings *set, const char *s)
{
	char	*last;
	size_t	 at;
	int	 error;

	(void)strings_has(set, s, &at);
	if ((error = strings_add(set, s)) < 0)
		return error;
	last = set->list[set->count - 1];
	memmove(&set->list[at + 1], &set->list[at], (set->count - 1 - at) *
	    sizeof(*set->list));
	set->list[at] = last;
	return 0;
}

static void
strings_free(struct strings *set)
{
	size_t	i;

	for (i = 0; i < set->count; i++)
		free(set->list[i]);
	free(set->list);
	set->list = NULL;
	set->count = 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether TEXT starts with a day as YYYY-MM-DD. */
static int
is_day(const char *text)
{
	size_t	i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? text[i] != '-' :
		    text[i] < '0' || text[i] > '9')
			return 0;
	return 1;
}

/* All of PATH, at most IMPORT_FILE_MAX bytes. */
static int
read_limited(char **out, size_t *outlen, const char *path)
{
	struct tend_buf	 buf = TEND_BUF_INIT;
	struct stat	 st;
	ssize_t		 n;
	int		 fd, error = 0;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_NOCTTY)) == -1)
		return tend_error_errno("cannot read '%s'", path);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		error = S_ISREG(st.st_mode) ? tend_error_errno("cannot read "
		    "'%s'", path) : tend_error_set(TEND_EINVALID, "cannot "
		    "read '%s': not a file", path);
		goto out;
	}
	for (;;) {
		if ((error = tend_buf_grow(&buf, 65536)) < 0)
			goto out;
		n = read(fd, buf.data + buf.len, 65536);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			error = tend_error_errno("cannot read '%s'", path);
			goto out;
		}
		if (n == 0)
			break;
		buf.len += (size_t)n;
		buf.data[buf.len] = '\0';
		if (buf.len > IMPORT_FILE_MAX) {
			error = tend_error_set(TEND_EINVALID, "cannot read "
			    "'%s': it is larger than 64 MiB", path);
			goto out;
		}
	}
	*outlen = buf.len;
	if ((*out = tend_buf_detach(&buf)) == NULL)
		error = TEND_ENOMEM;
out:
	close(fd);
	tend_buf_free(&buf);
	return error;
}

static int
hex4(const char *s, unsigned int *value)
{
	unsigned int	v = 0;
	int		i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else
			return 0;
	}
	*value = v;
	return 1;
}

/*
 * JSON writes a character past U+FFFF as two escaped surrogates
 * ("\ud83d\ude00"), as Python's json module does by default; YAML, which
 * reads the rest of JSON, takes it as one "\U0001F600".  Lone surrogates
 * are left for the YAML reader to refuse.
 */
static int
join_surrogates(struct tend_buf *out, const char *text, size_t len)
{
	unsigned int	 high, low;
	size_t		 i, start = 0;
	int		 quoted = 0, error;

	for (i = 0; i < len; i++) {
		if (!quoted) {
			quoted = text[i] == '"';
			continue;
		}
		if (text[i] == '"') {
			quoted = 0;
			continue;
		}
		if (text[i] != '\\' || i + 1 >= len)
			continue;
		if (text[i + 1] != 'u' || i + 12 > len ||
		    !hex4(text + i + 2, &high) || high < 0xd800 ||
		    high > 0xdbff || text[i + 6] != '\\' ||
		    text[i + 7] != 'u' || !hex4(text + i + 8, &low) ||
		    low < 0xdc00 || low > 0xdfff) {
			i++;	/* the escaped character */
			continue;
		}
		if ((error = tend_buf_put(out, text + start, i - start)) < 0 ||
		    (error = tend_buf_printf(out, "\\U%08X", 0x10000 +
		    ((high - 0xd800) << 10) + (low - 0xdc00))) < 0)
			return error;
		i += 11;
		start = i + 1;
	}
	return tend_buf_put(out, text + start, len - start);
}

static int
two_digits(const char *text, int *value)
{
	if (text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9')
		return 0;
	*value = (text[0] - '0') * 10 + (text[1] - '0');
	return 1;
}

/*
 * A date as notes write it: "YYYY-MM-DD" (noon that day, so that no
 * time zone moves it), or with a time "YYYY-MM-DD[T ]HH:MM[:SS]" in
 * local time, or an RFC 3339 time with its offset.
 */
static int
parse_when(time_t *when, const char *what, const char *text)
{
	struct tm	 tm;
	const char	*p;
	char		 rfc[40], rest[16];
	int		 y, mo, d, h = 12, mi = 0, s = 0;
	size_t		 len = strlen(text);

	memset(&tm, 0, sizeof(tm));
	rest[0] = '\0';
	if (len < 10 || !is_day(text))
		goto bad;
	y = atoi(text);
	mo = atoi(text + 5);
	d = atoi(text + 8);
	if (len > 10) {
		p = text + 11;
		if ((text[10] != 'T' && text[10] != ' ') ||
		    !two_digits(p, &h) || p[2] != ':' || !two_digits(p + 3, &mi))
			goto bad;
		p += 5;
		if (p[0] == ':' && two_digits(p + 1, &s))
			p += 3;
		if (strlen(p) >= sizeof(rest))
			goto bad;
		strcpy(rest, p);
	}
	if (rest[0] != '\0') {
		/* An offset: as RFC 3339 says it, for the reader of those. */
		snprintf(rfc, sizeof(rfc), "%04d-%02d-%02dT%02d:%02d:%02d%s",
		    y, mo, d, h, mi, s, rest);
		return tend_date_parse(when, what, rfc);
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	if ((*when = mktime(&tm)) == (time_t)-1 || tm.tm_year != y - 1900 ||
	    tm.tm_mon != mo - 1 || tm.tm_mday != d || h > 23 || mi > 59 ||
	    s > 60)
		goto bad;
	return 0;
bad:
	return tend_error_set(TEND_EINVALID, "%s: '%s' is not a date as "
	    "YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 write it", what, text);
}

/*
 * A tag as the journal keeps them: jrnl's '@' and Obsidian's '#' left
 * off, ASCII letters lowercase, anything but a letter, a digit, '-' or
 * '_' made a '-'.  One that is left empty is dropped.
 */
static int
add_tag(struct item *item, const char *text)
{
	struct tend_buf	  tag = TEND_BUF_INIT;
	char		**grown, word[TEND_TAG_MAX + 1];
	size_t		  i;
	int		  c, error = 0;

	while (*text == '@' || *text == '#')
		text++;
	for (; *text != '\0' && error == 0; text++) {
		c = (unsigned char)*text;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!(c >= 0x80 || tend_text_is_alnum(c) || c == '-' ||
		    c == '_'))
			c = '-';
		if (c == '-' && (tag.len == 0 || tag.data[tag.len - 1] == '-'))
			continue;
		error = tend_buf_put(&tag, (const char *)&(char){ (char)c }, 1);
	}
	/* Cut to a tag's length, never inside a character. */
	if (error == 0 && tag.len > TEND_TAG_MAX) {
		tag.len = TEND_TAG_MAX;
		while (tag.len > 0 &&
		    ((unsigned char)tag.data[tag.len] & 0xc0) == 0x80)
			tag.len--;
		tag.data[tag.len] = '\0';
	}
	while (error == 0 && tag.len > 0 && tag.data[tag.len - 1] == '-')
		tag.data[--tag.len] = '\0';
	/* What still is no tag (an emoji, say), or one too many, is left. */
	if (error < 0 || tag.len == 0 || item->ntags == TEND_TAGS_MAX ||
	    tend_tag_check(word, tag.data) < 0)
		goto out;
	for (i = 0; i < item->ntags; i++)
		if (strcmp(item->tags[i], word) == 0)
			goto out;
	if ((grown = realloc(item->tags, (item->ntags + 1) *
	    sizeof(*grown))) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	item->tags = grown;
	if ((item->tags[item->ntags] = strdup(word)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	item->ntags++;
out:
	tend_buf_free(&tag);
	return error;
}

/* "KIND:" and the start of the SHA-256 of what the source holds. */
static int
source_id(char *out, size_t size, const char *kind, const char *data,
    size_t len)
{
	uint8_t	digest[TEND_SHA256_SIZE];
	size_t	i, n;

	tend_crypto_sha256(digest, data, len);
	n = (size_t)snprintf(out, size, "%s:", kind);
	for (i = 0; i < IMPORT_ID_BYTES && n + 3 <= size; i++, n += 2)
		snprintf(out + n, size - n, "%02x", digest[i]);
	return 0;
}

static int
item_add(struct items *items, struct item *item)
{
	struct item	*grown;

	if ((grown = realloc(items->list, (items->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	items->list = grown;
	items->list[items->count++] = *item;
	memset(item, 0, sizeof(*item));
	return 0;
}

static void
item_free(struct item *item)
{
	size_t	i;

	free(item->origin);
	free(item->title);
	free(item->body);
	for (i = 0; i < item->ntags; i++)
		free(item->tags[i]);
	free(item->tags);
	memset(item, 0, sizeof(*item));
}

/* The text of KEY in MAP, which must be text when there. */
static int
text_field(const char **out, const struct tend_meta *map, const char *key,
    const char *origin)
{
	const struct tend_meta	*value = tend_meta_get(map, key);

	*out = NULL;
	if (value == NULL)
		return 0;
	if (tend_meta_type(value) != TEND_META_TEXT)
		return tend_error_set(TEND_EINVALID, "%s: '%s' must be text",
		    origin, key);
	*out = tend_meta_text(value);
	return 0;
}

/* The tags of KEY in MAP: a list, or one text of words. */
static int
tags_field(struct item *item, const struct tend_meta *map, const char *key)
{
	const struct tend_meta	*value = tend_meta_get(map, key);
	const char		*text;
	char			*copy, *word, *last;
	size_t			 i;
	int			 error = 0;

	if (value == NULL)
		return 0;
	if (tend_meta_type(value) == TEND_META_TEXT) {
		if ((copy = strdup(tend_meta_text(value))) == NULL)
			return tend_error_nomem();
		for (word = strtok_r(copy, " ,", &last); word != NULL &&
		    error == 0; word = strtok_r(NULL, " ,", &last))
			error = add_tag(item, word);
		free(copy);
		return error;
	}
	if (tend_meta_type(value) != TEND_META_LIST)
		return tend_error_set(TEND_EINVALID, "%s: '%s' must be a list",
		    item->origin, key);
	for (i = 0; i < tend_meta_count(value) && error == 0; i++) {
		if ((text = tend_meta_text(tend_meta_at(value, i))) == NULL)
			return tend_error_set(TEND_EINVALID, "%s: '%s' must "
			    "be a list of words", item->origin, key);
		error = add_tag(item, text);
	}
	return error;
}

static int
read_jrnl(struct items *items, const char *path)
{
	struct tend_buf		 yaml = TEND_BUF_INIT, what = TEND_BUF_INIT;
	struct tend_meta	*root = NULL;
	const struct tend_meta	*entries, *e;
	struct item		 item;
	const char		*day, *clock, *title, *body;
	char			*text = NULL, when[20];
	size_t			 len = 0, i;
	int			 error;

	memset(&item, 0, sizeof(item));
	if ((error = read_limited(&text, &len, path)) < 0)
		goto out;
	if ((error = tend_text_validate_utf8("the file", text, len)) < 0) {
		error = tend_error_wrap(error, "cannot read '%s'", path);
		goto out;
	}
	if ((error = join_surrogates(&yaml, text, len)) < 0)
		goto out;
	if ((error = tend_meta_parse(&root, yaml.data, yaml.len, 1)) < 0) {
		error = tend_error_wrap(error, "cannot read '%s'", path);
		goto out;
	}
	entries = tend_meta_get(root, "entries");
	if (tend_meta_type(root) != TEND_META_MAP || entries == NULL ||
	    tend_meta_type(entries) != TEND_META_LIST) {
		error = tend_error_set(TEND_EINVALID, "cannot read '%s': it "
		    "is no jrnl export (no \"entries\" list); make one with "
		    "'jrnl --export json'", path);
		goto out;
	}
	for (i = 0; i < tend_meta_count(entries); i++) {
		e = tend_meta_at(entries, i);
		what.len = 0;
		if ((error = tend_buf_printf(&what, "'%s': entry %zu", path,
		    i + 1)) < 0)
			goto out;
		if (tend_meta_type(e) != TEND_META_MAP) {
			error = tend_error_set(TEND_EINVALID, "%s: not an "
			    "object", what.data);
			goto out;
		}
		if ((item.origin = strdup(what.data)) == NULL) {
			error = tend_error_nomem();
			goto out;
		}
		if ((error = text_field(&day, e, "date", what.data)) < 0 ||
		    (error = text_field(&clock, e, "time", what.data)) < 0 ||
		    (error = text_field(&title, e, "title", what.data)) < 0 ||
		    (error = text_field(&body, e, "body", what.data)) < 0 ||
		    (error = tags_field(&item, e, "tags")) < 0)
			goto out;
		if (day == NULL) {
			error = tend_error_set(TEND_EINVALID, "%s: it has no "
			    "date", what.data);
			goto out;
		}
		snprintf(when, sizeof(when), "%.10s%s%.5s", day, clock !=
		    NULL ? " " : "", clock != NULL ? clock : "");
		if (strlen(day) != 10 || (clock != NULL && strlen(clock) != 5)) {
			error = tend_error_set(TEND_EINVALID, "%s: '%s' is "
			    "not a date and time as jrnl writes them",
			    what.data, day);
			goto out;
		}
		if ((error = parse_when(&item.when, what.data, when)) < 0)
			goto out;
		if ((title != NULL && *title != '\0' && (item.title =
		    strdup(title)) == NULL) ||
		    (item.body = strdup(body != NULL ? body : "")) == NULL) {
			error = tend_error_nomem();
			goto out;
		}
		/* The same entry hashes the same in any export of it. */
		yaml.len = 0;
		if ((error = tend_buf_printf(&yaml, "%s%c%s%c", when, 0,
		    title != NULL ? title : "", 0)) < 0 ||
		    (error = tend_buf_puts(&yaml, item.body)) < 0)
			goto out;
		source_id(item.source, sizeof(item.source), "jrnl", yaml.data,
		    yaml.len);
		if ((error = item_add(items, &item)) < 0)
			goto out;
	}
out:
	item_free(&item);
	tend_meta_free(root);
	tend_buf_free(&yaml);
	tend_buf_free(&what);
	free(text);
	return error;
}

/* Each NAME.md under the folder, recursively, but hidden ones. */
static int
note_cb(const char *path, const char *name, const struct stat *st,
    void *arg)
{
	struct note_walk	*walk = arg;
	size_t			 len = strlen(name);

	/* .obsidian, .git, .trash: an app's own, not notes. */
	if (name[0] == '.' || st == NULL)
		return 0;
	if (S_ISDIR(st->st_mode))
		return walk_notes(walk->paths, path, walk->depth + 1);
	if (!S_ISREG(st->st_mode) || len < 4 ||
	    strcmp(name + len - 3, ".md") != 0)
		return 0;
	return strings_add(walk->paths, path);
}

static int
walk_notes(struct strings *paths, const char *dir, int depth)
{
	struct note_walk	walk = { paths, depth };
	int			stop = 0, error;

	if (depth > IMPORT_DEPTH_MAX)
		return tend_error_set(TEND_EINVALID, "cannot read '%s': "
		    "folders deeper than %d levels", dir, IMPORT_DEPTH_MAX);
	error = tend_fs_each(&stop, dir, note_cb, &walk);
	return stop != 0 ? stop : error;
}

/*
 * A note's front matter, as tend_entry_split reads an entry's, but for
 * its tags: a note's are the app's own ("tags: one two", "#us") and
 * are made tags here.
 */
static int
note_split(struct tend_meta **meta, size_t *body, const char *path,
    const char *text, size_t len)
{
	const char	*end;
	size_t		 pos = 4, yaml_start = 4, next;
	int		 error;

	for (;;) {
		if (pos >= len)
			return tend_error_set(TEND_EINVALID, "cannot read '%s': "
			    "the front matter has no closing '---' line", path);
		end = memchr(text + pos, '\n', len - pos);
		next = end != NULL ? (size_t)(end - text) : len;
		if (next - pos == 3 && (memcmp(text + pos, "---", 3) == 0 ||
		    memcmp(text + pos, "...", 3) == 0))
			break;
		pos = next + 1;
	}
	if ((error = tend_meta_parse(meta, text + yaml_start,
	    pos - yaml_start, 2)) < 0)
		return tend_error_wrap(error, "cannot read '%s'", path);
	pos = next + 1;
	if (pos < len && text[pos] == '\n')
		pos++;
	*body = pos < len ? pos : len;
	return 0;
}

static int
read_note(struct items *items, const char *path, const char *name)
{
	struct tend_meta	*meta = NULL;
	struct item		 item;
	const char		*date = NULL, *title = NULL;
	char			*text = NULL, day[11], *stem = NULL;
	size_t			 len, body = 0, namelen;
	int			 error;

	memset(&item, 0, sizeof(item));
	if ((error = tend_fs_read(&text, &len, path)) < 0)
		goto out;
	if ((item.origin = strdup(path)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if ((error = tend_text_validate_utf8("the file", text, len)) < 0) {
		error = tend_error_wrap(error, "cannot read '%s'", path);
		goto out;
	}
	if (len >= 4 && memcmp(text, "---\n", 4) == 0) {
		if ((error = note_split(&meta, &body, path, text, len)) < 0 ||
		    (error = text_field(&title, meta, "title", path)) < 0 ||
		    (error = text_field(&date, meta, "date", path)) < 0 ||
		    (date == NULL && (error = text_field(&date, meta,
		    "created", path)) < 0) ||
		    (error = tags_field(&item, meta, "tags")) < 0)
			goto out;
	}
	/* The name is the title, as Obsidian has it; and may hold the day. */
	namelen = strlen(name) - 3;
	if ((stem = strndup(name, namelen)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if (date == NULL) {
		if (namelen < 10 || !is_day(stem)) {
			error = tend_error_set(TEND_EINVALID, "cannot read "
			    "'%s': it has no date: give it one in front matter "
			    "(date: YYYY-MM-DD) or in its name "
			    "(YYYY-MM-DD-title.md)", path);
			goto out;
		}
		memcpy(day, stem, 10);
		day[10] = '\0';
		date = day;
	}
	if ((error = parse_when(&item.when, path, date)) < 0)
		goto out;
	if (title == NULL)
		title = stem;
	if ((title != NULL && *title != '\0' &&
	    (item.title = strdup(title)) == NULL) ||
	    (item.body = strndup(text + body, len - body)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	source_id(item.source, sizeof(item.source), "markdown", text, len);
	error = item_add(items, &item);
out:
	item_free(&item);
	tend_meta_free(meta);
	free(stem);
	free(text);
	return error;
}

/* The imported keys of my reflections already in either store. */
static int
known_cb(struct tend_entry *entry, void *arg)
{
	struct known_walk	*walk = arg;
	const char		*source = tend_entry_field(entry, "imported");
	const char		*author = tend_entry_author(entry);

	/* A partner's import of the same text is theirs, not mine. */
	if (source == NULL || author == NULL || strcmp(author, walk->me) != 0)
		return 0;
	return strings_add(walk->known, source);
}

/* The entry's file: a reflection of mine, dated as the source says. */
static int
compose(struct tend_buf *out, const struct item *item, const char *me,
    int shared)
{
	struct tend_meta	*meta;
	struct tend_buf		 body = TEND_BUF_INIT;
	const char		*text = item->body;
	char			 date[32];
	size_t			 len = strlen(item->body);
	int			 error;

	if ((meta = tend_meta_new_map()) == NULL)
		return tend_error_nomem();
	tend_text_trim(&text, &len);
	if ((error = tend_date_format(date, item->when)) < 0 ||
	    (error = tend_meta_set_plain(meta, "kind", "reflect")) < 0 ||
	    (error = tend_meta_set_text(meta, "author", me)) < 0 ||
	    (error = tend_meta_set_plain(meta, "date", date)) < 0 ||
	    (item->title != NULL && (error = tend_meta_set_text(meta,
	    "title", item->title)) < 0))
		goto out;
	if ((error = tend_tags_set_meta(meta, (const char *const *)item->tags,
	    item->ntags)) < 0)
		goto out;
	if ((error = tend_meta_set_plain(meta, "shared", shared ? "true" :
	    "false")) < 0 ||
	    (error = tend_meta_set_text(meta, "imported", item->source)) < 0 ||
	    (error = tend_buf_put(&body, text, len)) < 0 ||
	    (error = tend_buf_puts(&body, len > 0 ? "\n" : "")) < 0)
		goto out;
	error = tend_entry_compose(out, meta, body.data != NULL ? body.data :
	    "");
out:
	tend_buf_free(&body);
	tend_meta_free(meta);
	return error;
}

int
tend_import(struct tend_import_counts *counts, struct tend_journal *journal,
    const char *source, unsigned int flags,
    int (*fn)(const struct tend_import_row *, void *), void *arg)
{
	struct tend_import_row	 row;
	struct known_walk	 walk;
	struct tend_txn		*txn = NULL;
	struct items		 items = { NULL, 0 };
	struct strings		 known = { NULL, 0 }, paths = { NULL, 0 };
	struct tend_buf		 file = TEND_BUF_INIT, stem = TEND_BUF_INIT;
	struct tend_buf		 path = TEND_BUF_INIT, try = TEND_BUF_INIT;
	struct tend_buf		 message = TEND_BUF_INIT;
	struct stat		 st;
	enum tend_txn_store	 store;
	const char		*me, *name;
	char			 day[11], today[11], *slug = NULL, *id = NULL;
	size_t			 i;
	int			 error, n, shared;

	memset(counts, 0, sizeof(*counts));
	shared = (flags & TEND_IMPORT_SHARE) != 0;
	store = shared ? TEND_TXN_JOURNAL : TEND_TXN_PRIVATE;
	if (stat(source, &st) == -1)
		return tend_error_errno("cannot read '%s'", source);
	/* The lock first: what is known cannot change under the import. */
	if ((error = tend_txn_begin(&txn, journal, TEND_TXN_DEFAULT)) < 0)
		return error;
	if ((error = tend_journal_whoami(&me, journal)) < 0 ||
	    (error = tend_date_day(today, time(NULL))) < 0)
		goto out;
	if (S_ISDIR(st.st_mode)) {
		if ((error = walk_notes(&paths, source, 0)) < 0)
			goto out;
		if (paths.count > 1)
			qsort(paths.list, paths.count, sizeof(*paths.list),
			    by_name);
		for (i = 0; i < paths.count; i++) {
			name = strrchr(paths.list[i], '/');
			name = name != NULL ? name + 1 : paths.list[i];
			if ((error = read_note(&items, paths.list[i],
			    name)) < 0)
				goto out;
		}
	} else if ((error = read_jrnl(&items, source)) < 0)
		goto out;
	walk.known = &known;
	walk.me = me;
	if ((error = tend_entry_foreach(journal, "reflect", TEND_IN_JOURNAL |
	    TEND_IN_PRIVATE, known_cb, &walk, NULL, NULL)) < 0)
		goto out;
	if (known.count > 1)
		qsort(known.list, known.count, sizeof(*known.list), by_name);
	strings_free(&paths);
	for (i = 0; i < items.count; i++) {
		struct item *item = &items.list[i];

		/* Everything is checked before anything is written. */
		if ((error = tend_date_day(day, item->when)) < 0)
			goto out;
		if (strcmp(day, today) > 0) {
			error = tend_error_set(TEND_EINVALID, "%s: %s is after "
			    "today", item->origin, day);
			goto out;
		}
		if ((item->title != NULL && (error = tend_text_validate_line(
		    "the title", item->title, IMPORT_TITLE_MAX)) < 0) ||
		    (error = tend_text_validate("the text", item->body,
		    strlen(item->body))) < 0) {
			error = tend_error_wrap(error, "%s", item->origin);
			goto out;
		}
		if (item->title == NULL && item->body[strspn(item->body,
		    " \t\n")] == '\0') {
			error = tend_error_set(TEND_EINVALID, "%s: it has no "
			    "title and no text", item->origin);
			goto out;
		}
		memset(&row, 0, sizeof(row));
		row.origin = item->origin;
		row.title = item->title;
		row.day = day;
		if (strings_has(&known, item->source, NULL)) {
			counts->known++;
			row.known = 1;
			if (fn != NULL && (error = fn(&row, arg)) < 0)
				goto out;
			continue;
		}
		if ((error = strings_insert(&known, item->source)) < 0)
			goto out;
		free(slug);
		slug = NULL;
		if (item->title == NULL || tend_text_slug(&slug,
		    item->title) < 0) {
			if ((slug = strdup("imported")) == NULL) {
				error = tend_error_nomem();
				goto out;
			}
		}
		/* A name neither store has, nor this import took already. */
		for (n = 1;; n++) {
			stem.len = try.len = 0;
			if ((error = tend_layout_entry_stem(&stem,
			    tend_journal_cipher(journal), TEND_KIND_REFLECT,
			    day, me, slug)) < 0 ||
			    (n > 1 && (error = tend_buf_printf(&stem, "-%d",
			    n)) < 0) ||
			    (error = tend_journal_new_path(&path, journal,
			    stem.data)) < 0 ||
			    (error = tend_buf_printf(&try, "%s.md",
			    stem.data)) < 0)
				goto out;
			if (strcmp(path.data, try.data) == 0 &&
			    !strings_has(&paths, path.data, NULL))
				break;
		}
		if ((error = strings_insert(&paths, path.data)) < 0)
			goto out;
		file.len = 0;
		if ((error = compose(&file, item, me, shared)) < 0 ||
		    (error = tend_layout_entry_id(&id,
		    tend_journal_cipher(journal), path.data)) < 0)
			goto out;
		row.id = id;
		if (!(flags & TEND_IMPORT_DRY_RUN) &&
		    (error = tend_txn_stage(txn, store, path.data, file.data,
		    file.len)) < 0)
			goto out;
		counts->imported++;
		if (fn != NULL && (error = fn(&row, arg)) < 0)
			goto out;
		free(id);
		id = NULL;
	}
	if (counts->imported == 0 || (flags & TEND_IMPORT_DRY_RUN))
		goto out;
	if ((error = tend_buf_printf(&message, "import: %s, %zu %s", me,
	    counts->imported, counts->imported == 1 ? "entry" :
	    "entries")) < 0)
		goto out;
	error = tend_txn_commit(txn, store, message.data);
out:
	if (error < 0)
		memset(counts, 0, sizeof(*counts));
	tend_txn_end(txn);
	for (i = 0; i < items.count; i++)
		item_free(&items.list[i]);
	free(items.list);
	strings_free(&known);
	strings_free(&paths);
	tend_buf_free(&file);
	tend_buf_free(&stem);
	tend_buf_free(&path);
	tend_buf_free(&try);
	tend_buf_free(&message);
	free(slug);
	free(id);
	return error;
}
