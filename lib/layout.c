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

int
tend_layout_entry_stem(struct tend_buf *out, enum tend_kind kind,
    const char *day, const char *me, const char *slug)
{
	out->len = 0;
	switch (kind) {
	case TEND_KIND_CHECKIN:
		/* One a day for each partner: the slug is the author. */
		return tend_buf_printf(out, "checkin/%.4s/%.2s/%s-%s", day,
		    day + 5, day, me);
	case TEND_KIND_REFLECT:
		return tend_buf_printf(out, "reflect/%.4s/%.2s/%s-%s-%s",
		    day, day + 5, day, me, slug);
	case TEND_KIND_RESENT:
		return tend_buf_printf(out, "resent/%s-%s-%s", day, me,
		    slug);
	case TEND_KIND_AGREE:
		return tend_buf_printf(out, "agree/%s", slug);
	}
	return tend_error_set(TEND_EINVALID, "no such kind of entry");
}

int
tend_layout_agree_path(struct tend_buf *out, const char *name)
{
	out->len = 0;
	return tend_buf_printf(out, "agree/%s.md", name);
}

int
tend_layout_agree_name(char out[TEND_AGREE_NAME_MAX + 1], const char *path,
    size_t len)
{
	const char	*name = path + strlen("agree/");
	size_t		 namelen;

	if (len <= strlen("agree/.md") || strncmp(path, "agree/", 6) != 0 ||
	    strncmp(path + len - 3, ".md", 3) != 0)
		return 0;
	namelen = len - strlen("agree/.md");
	if (namelen > TEND_AGREE_NAME_MAX || memchr(name, '/', namelen) != NULL)
		return 0;
	memcpy(out, name, namelen);
	out[namelen] = '\0';
	return 1;
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
