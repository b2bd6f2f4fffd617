/*
 * Tags: the words an entry is filed under, checked the same way whether
 * typed after -t or read from a partner's front matter.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int	tag_error(const char *, size_t, const char *);
static size_t	code_point(uint32_t *, const unsigned char *, size_t);
static int	is_tag_char(uint32_t);

/* Say why TAG (of LEN bytes) is no tag, with the tag made safe to show. */
static int
tag_error(const char *tag, size_t len, const char *why)
{
	struct tend_buf	shown = TEND_BUF_INIT;
	int		error;

	if ((error = tend_text_sanitize(&shown, tag, len)) < 0)
		return error;
	error = tend_error_set(TEND_EINVALID, "bad tag '%s': %s", shown.data !=
	    NULL ? shown.data : "", why);
	tend_buf_free(&shown);
	return error;
}

/* The code point at S into *CP and its length, or 0 when not UTF-8. */
static size_t
code_point(uint32_t *cp, const unsigned char *s, size_t len)
{
	size_t	need, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		*cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		*cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		*cp = s[0] & 0x07;
	} else
		return 0;
	if (need > len)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and what lies past U+10FFFF. */
	if ((need == 3 && *cp < 0x800) || (need == 4 && *cp < 0x10000) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return need;
}

/*
 * Whether CP may stand in a tag: an ASCII letter, digit, '-' or '_', or a
 * character of another script.  Without Unicode's tables at hand, the
 * blocks of controls, spaces, punctuation, symbols, emoji, selectors and
 * private use are what is left out.
 */
static int
is_tag_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9') || cp == '-' || cp == '_';
	return !(cp <= 0xbf || cp == 0xd7 || cp == 0xf7 ||
	    (cp >= 0x2000 && cp <= 0x2bff) ||	/* punctuation, symbols */
	    (cp >= 0x2e00 && cp <= 0x2e7f) ||	/* more punctuation */
	    (cp >= 0x3000 && cp <= 0x3004) ||	/* CJK space, marks */
	    (cp >= 0x3008 && cp <= 0x3020) ||	/* CJK brackets */
	    (cp >= 0xe000 && cp <= 0xf8ff) ||	/* private use */
	    (cp >= 0xfe00 && cp <= 0xfe0f) ||	/* variation selectors */
	    (cp >= 0xfe10 && cp <= 0xfe6f) ||	/* vertical, small forms */
	    cp == 0xfeff ||
	    (cp >= 0xff00 && cp <= 0xff0f) ||	/* fullwidth punctuation */
	    (cp >= 0xff1a && cp <= 0xff20) ||
	    (cp >= 0xff3b && cp <= 0xff40) ||
	    (cp >= 0xff5b && cp <= 0xff65) ||
	    (cp >= 0xfff0 && cp <= 0xffff) ||
	    (cp >= 0x1f000 && cp <= 0x1faff) ||	/* emoji and symbols */
	    cp >= 0xe0000);			/* tags, private use */
}

int
tend_tag_check(char out[TEND_TAG_MAX + 1], const char *tag)
{
	const unsigned char	*s = (const unsigned char *)tag;
	uint32_t		 cp;
	size_t			 len = strlen(tag), i, n;

	if (len == 0)
		return tend_error_set(TEND_EINVALID, "a tag cannot be empty");
	if (len > TEND_TAG_MAX)
		return tag_error(tag, len, "a tag is at most 32 bytes");
	for (i = 0; i < len; i += n) {
		if ((n = code_point(&cp, s + i, len - i)) == 0)
			return tag_error(tag, len, "not valid UTF-8");
		if (!is_tag_char(cp))
			return tag_error(tag, len, "a tag holds letters, "
			    "digits, '-' and '_', no spaces");
		memcpy(out + i, tag + i, n);
		if (cp >= 'A' && cp <= 'Z')
			out[i] = (char)(cp - 'A' + 'a');
	}
	out[len] = '\0';
	return 0;
}

int
tend_tags_check_meta(const struct tend_meta *meta)
{
	const struct tend_meta	*tags, *item;
	char			 tag[TEND_TAG_MAX + 1];
	size_t			 i;
	int			 error;

	if ((tags = tend_meta_get(meta, "tags")) == NULL)
		return 0;
	if (tend_meta_type(tags) != TEND_META_LIST)
		return tend_error_set(TEND_EINVALID, "'tags' must be a list, "
		    "as tags: [work, money]");
	if (tend_meta_count(tags) > TEND_TAGS_MAX)
		return tend_error_set(TEND_EINVALID, "'tags' holds %zu tags; "
		    "at most %d", tend_meta_count(tags), TEND_TAGS_MAX);
	for (i = 0; i < tend_meta_count(tags); i++) {
		item = tend_meta_at(tags, i);
		if (tend_meta_type(item) != TEND_META_TEXT)
			return tend_error_set(TEND_EINVALID, "'tags' must be a "
			    "list of words, as tags: [work, money]");
		if ((error = tend_tag_check(tag, tend_meta_text(item))) < 0)
			return error;
	}
	return 0;
}

int
tend_tags_set_meta(struct tend_meta *meta, const char *const *tags,
    size_t count)
{
	struct tend_meta	*list;
	char			 (*words)[TEND_TAG_MAX + 1];
	size_t			 i, k, kept = 0;
	int			 error = 0;

	if (count == 0)
		return 0;
	if (count > TEND_TAGS_MAX)
		return tend_error_set(TEND_EINVALID, "at most %d tags",
		    TEND_TAGS_MAX);
	if ((words = calloc(count, sizeof(*words))) == NULL)
		return tend_error_nomem();
	/* Each tag once, in the order first given. */
	for (i = 0; i < count && error == 0; i++) {
		if ((error = tend_tag_check(words[kept], tags[i])) < 0)
			break;
		for (k = 0; k < kept; k++)
			if (strcmp(words[k], words[kept]) == 0)
				break;
		if (k == kept)
			kept++;
	}
	if (error == 0 && (error = tend_meta_set_list(&list, meta,
	    "tags")) == 0)
		for (i = 0; i < kept && error == 0; i++)
			error = tend_meta_append_text(list, words[i]);
	free(words);
	return error;
}

int
tend_tags_has(const struct tend_meta *meta,
    const char (*wanted)[TEND_TAG_MAX + 1], size_t count)
{
	const struct tend_meta	*tags;
	char			 tag[TEND_TAG_MAX + 1];
	size_t			 i, k;

	if ((tags = tend_meta_get(meta, "tags")) == NULL ||
	    tend_meta_type(tags) != TEND_META_LIST)
		return 0;
	for (i = 0; i < tend_meta_count(tags); i++) {
		if (tend_meta_text(tend_meta_at(tags, i)) == NULL ||
		    tend_tag_check(tag, tend_meta_text(tend_meta_at(tags,
		    i))) < 0)
			continue;
		for (k = 0; k < count; k++)
			if (strcmp(tag, wanted[k]) == 0)
				return 1;
	}
	return 0;
}

void
tend_tags_line(char out[TEND_TAGS_LINE], const struct tend_meta *meta)
{
	const struct tend_meta	*list = tend_meta_get(meta, "tags");
	size_t			 i, len = 0;

	/* tend_entry_split let in only good tags, at most TEND_TAGS_MAX. */
	for (i = 0; i < tend_meta_count(list) && i < TEND_TAGS_MAX; i++)
		if (tend_meta_text(tend_meta_at(list, i)) != NULL &&
		    tend_tag_check(out + len, tend_meta_text(tend_meta_at(list,
		    i))) == 0) {
			len += strlen(out + len);
			out[len++] = ' ';
		}
	out[len] = '\0';
}
