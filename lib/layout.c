/*
 * The journal's layout on disk: which folder holds each kind of entry,
 * how an entry's path is made from its day, author and slug, and how an
 * agreement's name is read back from its path.  No other file spells a
 * path out.
 */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static int	put_slug(struct tend_buf *, const struct tend_cipher *,
		    const char *);
static int	open_name(struct tend_buf *, const struct tend_cipher *,
		    const char *, size_t);
static const char *memrchr_dash(const char *, size_t);

/* The last dash of the LEN bytes at S, or NULL. */
static const char *
memrchr_dash(const char *s, size_t len)
{
	while (len-- > 0)
		if (s[len] == '-')
			return s + len;
	return NULL;
}

/* In the order of enum tend_kind; each kind's folder bears its name. */
static const char *const kind_names[TEND_KIND_COUNT] = {
	"checkin", "reflect", "resent", "agree",
};

const char *
tend_kind_name(enum tend_kind kind)
{
	return (unsigned)kind < TEND_KIND_COUNT ? kind_names[kind] : NULL;
}

int
tend_kind_of_path(enum tend_kind *kind, const char *path)
{
	size_t	i, len;

	for (i = 0; i < TEND_KIND_COUNT; i++) {
		len = strlen(kind_names[i]);
		if (strncmp(path, kind_names[i], len) == 0 &&
		    path[len] == '/') {
			if (kind != NULL)
				*kind = (enum tend_kind)i;
			return 1;
		}
	}
	return 0;
}

/*
 * SLUG as a path holds it: sealed in an encrypted journal (CIPHER not
 * NULL), so that the host reads no word of a title or a name.
 */
static int
put_slug(struct tend_buf *out, const struct tend_cipher *cipher,
    const char *slug)
{
	if (cipher == NULL)
		return tend_buf_puts(out, slug);
	return tend_cipher_name(out, cipher, slug);
}

int
tend_layout_entry_stem(struct tend_buf *out, const struct tend_cipher *cipher,
    enum tend_kind kind, const char *day, const char *me, const char *slug)
{
	int	error;

	out->len = 0;
	switch (kind) {
	case TEND_KIND_CHECKIN:
		/* One a day for each partner: the slug is the author. */
		return tend_buf_printf(out, "checkin/%.4s/%.2s/%s-%s", day,
		    day + 5, day, me);
	case TEND_KIND_REFLECT:
		error = tend_buf_printf(out, "reflect/%.4s/%.2s/%s-%s-", day,
		    day + 5, day, me);
		break;
	case TEND_KIND_RESENT:
		error = tend_buf_printf(out, "resent/%s-%s-", day, me);
		break;
	case TEND_KIND_AGREE:
		error = tend_buf_puts(out, "agree/");
		break;
	default:
		return tend_error_set(TEND_EINVALID, "no such kind of entry");
	}
	return error < 0 ? error : put_slug(out, cipher, slug);
}

int
tend_layout_agree_path(struct tend_buf *out, const struct tend_cipher *cipher,
    const char *name)
{
	int	error;

	if ((error = tend_layout_entry_stem(out, cipher, TEND_KIND_AGREE, NULL,
	    NULL, name)) < 0)
		return error;
	return tend_buf_puts(out, ".md");
}

/*
 * The LEN bytes at TEXT opened into OUT when they are a sealed name this
 * device can open: 1; else 0, OUT as it was.
 */
static int
open_name(struct tend_buf *out, const struct tend_cipher *cipher,
    const char *text, size_t len)
{
	size_t	start = out->len;

	/* A sealed name is long and base32: a slug of tend's never is both. */
	if (cipher == NULL || len < TEND_LAYOUT_SEALED_NAME_MIN ||
	    strspn(text, "abcdefghijklmnopqrstuvwxyz234567") < len)
		return 0;
	if (tend_cipher_unname(out, cipher, text, len) < 0) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		return 0;
	}
	return 1;
}

int
tend_layout_agree_name_of(char out[TEND_AGREE_NAME_MAX + 1],
    const struct tend_cipher *cipher, const char *path, size_t len)
{
	struct tend_buf	 opened = TEND_BUF_INIT;
	const char	*name = path + strlen("agree/");
	size_t		 namelen;

	if (len <= strlen("agree/.md") || strncmp(path, "agree/", 6) != 0 ||
	    strncmp(path + len - 3, ".md", 3) != 0)
		return 0;
	namelen = len - strlen("agree/.md");
	if (memchr(name, '/', namelen) != NULL)
		return 0;
	/* What a partner sealed is trusted no more than a name in plain. */
	if (open_name(&opened, cipher, name, namelen)) {
		name = opened.data;
		namelen = opened.len;
		if (!tend_text_is_slug_n(name, namelen))
			namelen = TEND_AGREE_NAME_MAX + 1;
	}
	if (namelen > TEND_AGREE_NAME_MAX) {
		tend_buf_free(&opened);
		return 0;
	}
	memcpy(out, name, namelen);
	out[namelen] = '\0';
	tend_buf_free(&opened);
	return 1;
}

int
tend_layout_agree_name(char out[TEND_AGREE_NAME_MAX + 1], const char *path,
    size_t len)
{
	return tend_layout_agree_name_of(out, NULL, path, len);
}

int
tend_layout_entry_id(char **out, const struct tend_cipher *cipher,
    const char *path)
{
	struct tend_buf	 id = TEND_BUF_INIT;
	const char	*base = strrchr(path, '/'), *dash;
	size_t		 len, end, start;
	int		 error;

	base = base != NULL ? base + 1 : path;
	len = strlen(base);
	if (len > 3 && strcmp(base + len - 3, ".md") == 0)
		len -= 3;
	/*
	 * "DAY-ID-SLUG", "DAY-ID-SLUG-2" or "SLUG": the slug, sealed in an
	 * encrypted journal, is the last part but a number after it.
	 */
	end = len;
	if ((dash = memrchr_dash(base, len)) != NULL && (size_t)(dash - base) <
	    len - 1 && strspn(dash + 1, "0123456789") == len -
	    (size_t)(dash - base) - 1)
		end = (size_t)(dash - base);
	dash = memrchr_dash(base, end);
	start = dash != NULL ? (size_t)(dash - base) + 1 : 0;
	if ((error = tend_buf_put(&id, base, start)) == 0 &&
	    !open_name(&id, cipher, base + start, end - start))
		error = tend_buf_put(&id, base + start, end - start);
	if (error == 0 && (error = tend_buf_put(&id, base + end,
	    len - end)) == 0)
		*out = tend_buf_detach(&id);
	tend_buf_free(&id);
	return error;
}

const char *
tend_layout_name_problem(const char *name)
{
	size_t	len = strlen(name), i;

	if (len == 0)
		return "an empty name";
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return "'.' and '..' name folders a path passes through, "
		    "never a file or folder of its own";
	/*
	 * Git's own folder in any spelling a file system may take it as:
	 * case folded, with trailing dots or spaces, or its 8.3 short name.
	 */
	if (strncasecmp(name, ".git", 4) == 0) {
		for (i = 4; name[i] == '.' || name[i] == ' '; i++)
			;
		if (name[i] == '\0')
			return "it is git's own folder, which no commit may "
			    "hold";
	}
	if (strcasecmp(name, "git~1") == 0)
		return "it is git's own folder, which no commit may hold";
	if (len > TEND_LAYOUT_NAME_MAX)
		return "its name is longer than a file system takes";
	if (!tend_text_is_line(name, len))
		return "its name has a control character or is not UTF-8";
	/* A name must read as it is: nothing unseen, nothing reordered. */
	if (tend_text_is_hidden(name, len))
		return "its name has a character that shows nothing of itself "
		    "(a zero-width or bidirectional mark) or starts with a "
		    "combining mark";
	return NULL;
}

int
tend_layout_is_sealed(const char *path)
{
	/*
	 * What git must read before it can open anything, and what the
	 * host shows a visitor: neither says anything of the partners.
	 */
	static const char *const plain[] = {
		".gitattributes", TEND_LAYOUT_KEYRING, "README.md",
	};
	size_t	i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strcmp(path, plain[i]) == 0)
			return 0;
	return 1;
}
