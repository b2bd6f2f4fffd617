/* The YAML front matter of entries, read and written with libyaml. */

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "internal.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

struct meta_item {
	char			*key;	/* NULL in a list */
	struct tend_meta	*value;
};

struct tend_meta {
	enum tend_meta_type	 type;
	char			*text;	/* TEXT */
	int			 plain;	/* TEXT: written as is, unquoted */
	struct meta_item	*items;	/* LIST and MAP, in order */
	size_t			 count;
	size_t			 cap;
};

/*
 * The keys of a mapping being read, hashed, so that checking each new key
 * for a duplicate costs the same with five keys or fifty thousand.
 * SLOTS hold item indexes plus one; 0 is free.
 */
struct key_set {
	size_t	*slots;
	size_t	 cap;		/* a power of two, or 0 */
	size_t	 used;
};

struct parse {
	yaml_parser_t	 parser;
	const char	*input;
	size_t		 len;
	size_t		 first_line;
};

static struct tend_meta	*node_new(enum tend_meta_type);
static struct tend_meta	*text_new(const char *, size_t, int);
static int	 item_add(struct tend_meta *, const char *, size_t,
		    struct tend_meta *);
static int	 map_find(const struct tend_meta *, const char *, size_t,
		    size_t *);
static int	 map_put(struct tend_meta *, const char *, struct tend_meta *);
static int	 set_scalar(struct tend_meta *, const char *, const char *,
		    int);
static int	 set_child(struct tend_meta **, struct tend_meta *,
		    const char *, enum tend_meta_type);
static int	 plain_is_safe(const char *);

static int	 parse_error(struct parse *);
static int	 colon_in_value(const struct parse *, size_t);
static int	 parse_next(struct parse *, yaml_event_t *);
static int	 parse_check(struct parse *, const yaml_event_t *, int);
static int	 parse_value(struct parse *, yaml_event_t *, int,
		    struct tend_meta **);
static int	 parse_collection(struct parse *, struct tend_meta *, int);
static int	 parse_key(struct parse *, struct tend_meta *,
		    struct key_set *, const yaml_event_t *);
static size_t	 key_slot(const struct key_set *, const struct tend_meta *,
		    const char *, size_t, uint32_t);
static int	 key_set_add(struct key_set *, const struct tend_meta *,
		    size_t);
static int	 parse_document(struct parse *, struct tend_meta **);

static int	 emit_error(yaml_emitter_t *);
static int	 emit_scalar(yaml_emitter_t *, const char *, int);
static int	 emit_node(yaml_emitter_t *, const struct tend_meta *);
static int	 emit_document(yaml_emitter_t *, const struct tend_meta *);
static int	 emit_write(void *, unsigned char *, size_t);
static int	 emit(struct tend_buf *, const struct tend_meta *);
static int	 astral_as_utf8(struct tend_buf *);

struct tend_meta *
tend_meta_new_map(void)
{
	return node_new(TEND_META_MAP);
}

void
tend_meta_free(struct tend_meta *node)
{
	size_t	i;

	if (node == NULL)
		return;
	for (i = 0; i < node->count; i++) {
		free(node->items[i].key);
		tend_meta_free(node->items[i].value);
	}
	free(node->items);
	free(node->text);
	free(node);
}

enum tend_meta_type
tend_meta_type(const struct tend_meta *node)
{
	return node->type;
}

int
tend_meta_set_text(struct tend_meta *map, const char *key, const char *text)
{
	return set_scalar(map, key, text, 0);
}

int
tend_meta_set_plain(struct tend_meta *map, const char *key, const char *text)
{
	return set_scalar(map, key, text, 1);
}

int
tend_meta_set_map(struct tend_meta **child, struct tend_meta *map,
    const char *key)
{
	return set_child(child, map, key, TEND_META_MAP);
}

int
tend_meta_set_list(struct tend_meta **child, struct tend_meta *map,
    const char *key)
{
	return set_child(child, map, key, TEND_META_LIST);
}

int
tend_meta_append_text(struct tend_meta *list, const char *text)
{
	struct tend_meta	*value;
	int			 error;

	if (list == NULL || list->type != TEND_META_LIST)
		return tend_error_set(TEND_EINVALID,
		    "cannot append text: not a list");
	if (text == NULL)
		return tend_error_set(TEND_EINVALID, "cannot append no text");
	if ((value = text_new(text, strlen(text), 0)) == NULL)
		return tend_error_nomem();
	if ((error = item_add(list, NULL, 0, value)) < 0)
		tend_meta_free(value);
	return error;
}

int
tend_meta_remove(struct tend_meta *map, const char *key)
{
	size_t	i;

	if (map == NULL || map->type != TEND_META_MAP)
		return tend_error_set(TEND_EINVALID,
		    "cannot remove '%s': not a mapping", key);
	if (!map_find(map, key, strlen(key), &i))
		return tend_error_set(TEND_ENOTFOUND, "no key '%s'", key);
	free(map->items[i].key);
	tend_meta_free(map->items[i].value);
	memmove(&map->items[i], &map->items[i + 1],
	    (map->count - i - 1) * sizeof(map->items[0]));
	map->count--;
	return 0;
}

const struct tend_meta *
tend_meta_get(const struct tend_meta *map, const char *key)
{
	size_t	i;

	if (map == NULL || map->type != TEND_META_MAP ||
	    !map_find(map, key, strlen(key), &i))
		return NULL;
	return map->items[i].value;
}

const char *
tend_meta_get_text(const struct tend_meta *map, const char *key)
{
	return tend_meta_text(tend_meta_get(map, key));
}

const char *
tend_meta_text(const struct tend_meta *node)
{
	if (node == NULL || node->type != TEND_META_TEXT)
		return NULL;
	return node->text;
}

int
tend_meta_is_plain(const struct tend_meta *node)
{
	return node != NULL && node->type == TEND_META_TEXT && node->plain;
}

size_t
tend_meta_count(const struct tend_meta *node)
{
	return node != NULL ? node->count : 0;
}

const char *
tend_meta_key_at(const struct tend_meta *node, size_t i)
{
	if (node == NULL || i >= node->count)
		return NULL;
	return node->items[i].key;
}

const struct tend_meta *
tend_meta_at(const struct tend_meta *node, size_t i)
{
	if (node == NULL || i >= node->count)
		return NULL;
	return node->items[i].value;
}

int
tend_meta_parse(struct tend_meta **out, const char *text, size_t len,
    size_t first_line)
{
	struct parse	p;
	int		error;

	*out = NULL;
	if (text == NULL)
		text = "";
	if (!yaml_parser_initialize(&p.parser))
		return tend_error_nomem();
	p.input = text;
	p.len = len;
	p.first_line = first_line;
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)text,
	    len);
	error = parse_document(&p, out);
	yaml_parser_delete(&p.parser);
	return error;
}

int
tend_meta_emit(char **out, size_t *len, const struct tend_meta *map)
{
	struct tend_buf	buf = TEND_BUF_INIT;
	int		error;

	*out = NULL;
	if (len != NULL)
		*len = 0;
	if ((error = emit(&buf, map)) < 0 ||
	    (error = astral_as_utf8(&buf)) < 0) {
		tend_buf_free(&buf);
		return error;
	}
	if (len != NULL)
		*len = buf.len;
	if ((*out = tend_buf_detach(&buf)) == NULL)
		return TEND_ENOMEM;
	return 0;
}

/* MAP as libyaml writes it, into BUF. */
static int
emit(struct tend_buf *buf, const struct tend_meta *map)
{
	yaml_emitter_t	emitter;
	int		error;

	if (map == NULL || map->type != TEND_META_MAP)
		return tend_error_set(TEND_EINVALID,
		    "front matter must be a mapping");
	if (!yaml_emitter_initialize(&emitter))
		return tend_error_nomem();
	yaml_emitter_set_output(&emitter, emit_write, buf);
	yaml_emitter_set_unicode(&emitter, 1);
	yaml_emitter_set_width(&emitter, -1);
	error = emit_document(&emitter, map);
	yaml_emitter_delete(&emitter);
	return error;
}

/*
 * libyaml writes a character beyond 16 bits (an emoji) as an escape,
 * "\U0001F4F1", which a raw file on a git host shows as it is.  YAML
 * takes it as UTF-8 in a double-quoted scalar: YAML's escapes are undone
 * here, and the text kept only if it reads back as the same front
 * matter; else libyaml's stands.
 */
static int
astral_as_utf8(struct tend_buf *yaml)
{
	struct tend_buf		 out = TEND_BUF_INIT, again = TEND_BUF_INIT;
	struct tend_meta	*back = NULL;
	const char		*p = yaml->data, *end = yaml->data + yaml->len;
	char			 utf8[4], *rest;
	char			 hex[9];
	unsigned long		 c;
	int			 error = 0;

	if (yaml->data == NULL || strstr(yaml->data, "\\U") == NULL)
		return 0;
	while (p < end && error == 0) {
		if (*p != '\\' || end - p < 2) {
			error = tend_buf_put(&out, p++, 1);
			continue;
		}
		hex[0] = '\0';
		if (p[1] == 'U' && end - p >= 10) {
			memcpy(hex, p + 2, 8);
			hex[8] = '\0';
		}
		c = strtoul(hex, &rest, 16);
		/* An escape pair, as "\\\\", is copied whole. */
		if (hex[0] == '\0' || *rest != '\0' || strspn(hex,
		    "0123456789ABCDEFabcdef") != 8 || c < 0x10000 ||
		    c > 0x10FFFF) {
			error = tend_buf_put(&out, p, 2);
			p += 2;
			continue;
		}
		utf8[0] = (char)(0xF0 | c >> 18);
		utf8[1] = (char)(0x80 | (c >> 12 & 0x3F));
		utf8[2] = (char)(0x80 | (c >> 6 & 0x3F));
		utf8[3] = (char)(0x80 | (c & 0x3F));
		error = tend_buf_put(&out, utf8, 4);
		p += 10;
	}
	if (error == 0 && tend_meta_parse(&back, out.data, out.len, 1) == 0 &&
	    emit(&again, back) == 0 && again.len == yaml->len &&
	    memcmp(again.data, yaml->data, yaml->len) == 0) {
		tend_buf_free(yaml);
		*yaml = out;
		out = (struct tend_buf)TEND_BUF_INIT;
	}
	tend_meta_free(back);
	tend_buf_free(&again);
	tend_buf_free(&out);
	return error;
}

static struct tend_meta *
node_new(enum tend_meta_type type)
{
	struct tend_meta	*node;

	if ((node = calloc(1, sizeof(*node))) == NULL)
		return NULL;
	node->type = type;
	return node;
}

static struct tend_meta *
text_new(const char *text, size_t len, int plain)
{
	struct tend_meta	*node;

	if ((node = node_new(TEND_META_TEXT)) == NULL)
		return NULL;
	if ((node->text = malloc(len + 1)) == NULL) {
		free(node);
		return NULL;
	}
	memcpy(node->text, text, len);
	node->text[len] = '\0';
	node->plain = plain;
	return node;
}

/* Append KEY (NULL in a list) and VALUE, still the caller's on failure. */
static int
item_add(struct tend_meta *node, const char *key, size_t keylen,
    struct tend_meta *value)
{
	struct meta_item	*items;
	char			*copy = NULL;
	size_t			 cap;

	if (node->count == node->cap) {
		cap = node->cap != 0 ? node->cap * 2 : 8;
		if (cap > SIZE_MAX / sizeof(*items) ||
		    (items = realloc(node->items, cap * sizeof(*items))) ==
		    NULL)
			return tend_error_nomem();
		node->items = items;
		node->cap = cap;
	}
	if (key != NULL) {
		if ((copy = malloc(keylen + 1)) == NULL)
			return tend_error_nomem();
		memcpy(copy, key, keylen);
		copy[keylen] = '\0';
	}
	node->items[node->count].key = copy;
	node->items[node->count].value = value;
	node->count++;
	return 0;
}

/*
 * Find KEY in MAP by a linear scan: front matter holds a handful of keys,
 * and order matters more than lookup speed.
 */
static int
map_find(const struct tend_meta *map, const char *key, size_t keylen,
    size_t *index)
{
	size_t	i;

	for (i = 0; i < map->count; i++)
		if (strlen(map->items[i].key) == keylen &&
		    memcmp(map->items[i].key, key, keylen) == 0) {
			*index = i;
			return 1;
		}
	return 0;
}

/* Set KEY to VALUE, taken even on failure; an old key keeps its place. */
static int
map_put(struct tend_meta *map, const char *key, struct tend_meta *value)
{
	size_t	i;
	int	error;

	if (map == NULL || map->type != TEND_META_MAP || key == NULL) {
		tend_meta_free(value);
		return tend_error_set(TEND_EINVALID,
		    "cannot set '%s': not a mapping", key ? key : "");
	}
	if (map_find(map, key, strlen(key), &i)) {
		tend_meta_free(map->items[i].value);
		map->items[i].value = value;
		return 0;
	}
	if ((error = item_add(map, key, strlen(key), value)) < 0)
		tend_meta_free(value);
	return error;
}

static int
set_scalar(struct tend_meta *map, const char *key, const char *text,
    int plain)
{
	struct tend_meta	*value;

	if (text == NULL)
		return tend_error_set(TEND_EINVALID, "no text for '%s'",
		    key != NULL ? key : "");
	if ((value = text_new(text, strlen(text), plain)) == NULL)
		return tend_error_nomem();
	return map_put(map, key, value);
}

static int
set_child(struct tend_meta **child, struct tend_meta *map, const char *key,
    enum tend_meta_type type)
{
	struct tend_meta	*node;
	int			 error;

	*child = NULL;
	if ((node = node_new(type)) == NULL)
		return tend_error_nomem();
	if ((error = map_put(map, key, node)) < 0)
		return error;
	*child = node;
	return 0;
}

/*
 * Whether TEXT reads back as this very string when written plain, in YAML
 * 1.1 and 1.2 readers alike.  A leading ASCII letter rules out numbers,
 * dates, "~", "<<", "=" and indicators; the words are the booleans and
 * null left over.  The rest is quoted, which is always safe.
 */
static int
plain_is_safe(const char *text)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null",
	};
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (i = 0; i < nitems(words); i++)
		if (tend_text_casecmp(text, words[i]) == 0)
			return 0;
	/* libyaml quotes a trailing space, or non-ASCII text that needs it. */
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s >= 0x80)
			continue;
		if (strchr(" -_./@+()'!?&%", *s) == NULL)
			return 0;
	}
	return 1;
}

/* Whether line LINE of the input reads "key: a value: with a colon". */
static int
colon_in_value(const struct parse *p, size_t line)
{
	const char	*s = p->input, *end = p->input + p->len, *eol;
	int		 colons = 0;

	for (; line > 0; line--) {
		if ((s = memchr(s, '\n', (size_t)(end - s))) == NULL)
			return 0;
		s++;
	}
	if ((eol = memchr(s, '\n', (size_t)(end - s))) == NULL)
		eol = end;
	/* An indented line, or a list's, fails for other reasons. */
	if (s == eol || *s == ' ' || *s == '-')
		return 0;
	for (; s + 1 < eol && colons < 2; s++)
		colons += s[0] == ':' && s[1] == ' ';
	return colons == 2;
}

/* Turn the parser's complaint into tend's, counting lines from first_line. */
static int
parse_error(struct parse *p)
{
	yaml_parser_t	*parser = &p->parser;
	size_t		 line, i;

	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		return tend_error_nomem();
	case YAML_READER_ERROR:
		/* The reader knows only a byte offset. */
		line = 0;
		for (i = 0; i < parser->problem_offset && i < p->len; i++)
			if (p->input[i] == '\n')
				line++;
		break;
	default:
		line = parser->problem_mark.line;
		break;
	}
	/* A colon in a title is the usual cause; libyaml does not say so. */
	if (parser->problem != NULL && strcmp(parser->problem,
	    "mapping values are not allowed in this context") == 0 &&
	    colon_in_value(p, line))
		return tend_error_set(TEND_EINVALID, "line %zu: %s (a value "
		    "with ': ' in it needs quotes, as in title: \"Phones: at "
		    "dinner\")", p->first_line + line, parser->problem);
	return tend_error_set(TEND_EINVALID, "line %zu: %s",
	    p->first_line + line, parser->problem != NULL ? parser->problem :
	    "cannot parse YAML");
}

static int
parse_next(struct parse *p, yaml_event_t *event)
{
	if (!yaml_parser_parse(&p->parser, event))
		return parse_error(p);
	return 0;
}

/* Refuse what tend does not read: aliases, anchors, tags, deep nesting. */
static int
parse_check(struct parse *p, const yaml_event_t *event, int depth)
{
	const yaml_char_t	*anchor = NULL, *tag = NULL;
	size_t			 line;

	line = p->first_line + event->start_mark.line;
	switch (event->type) {
	case YAML_ALIAS_EVENT:
		return tend_error_set(TEND_EINVALID,
		    "line %zu: aliases and anchors are not supported", line);
	case YAML_SCALAR_EVENT:
		anchor = event->data.scalar.anchor;
		tag = event->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = event->data.sequence_start.anchor;
		tag = event->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = event->data.mapping_start.anchor;
		tag = event->data.mapping_start.tag;
		break;
	default:
		return tend_error_set(TEND_ERROR,
		    "line %zu: unexpected YAML event", line);
	}
	if (anchor != NULL)
		return tend_error_set(TEND_EINVALID,
		    "line %zu: aliases and anchors are not supported", line);
	if (tag != NULL)
		return tend_error_set(TEND_EINVALID,
		    "line %zu: tags are not supported", line);
	if (event->type != YAML_SCALAR_EVENT && depth > TEND_META_MAX_DEPTH)
		return tend_error_set(TEND_EINVALID,
		    "line %zu: nesting deeper than %d levels", line,
		    TEND_META_MAX_DEPTH);
	if (event->type == YAML_SCALAR_EVENT &&
	    memchr(event->data.scalar.value, '\0',
	    event->data.scalar.length) != NULL)
		return tend_error_set(TEND_EINVALID,
		    "line %zu: text contains a NUL byte", line);
	return 0;
}

/*
 * Build the node that EVENT opens, DEPTH collections down; EVENT is
 * consumed either way.
 */
static int
parse_value(struct parse *p, yaml_event_t *event, int depth,
    struct tend_meta **out)
{
	struct tend_meta	*node = NULL;
	int			 error;

	*out = NULL;
	if ((error = parse_check(p, event, depth)) < 0)
		goto done;
	switch (event->type) {
	case YAML_SCALAR_EVENT:
		node = text_new((const char *)event->data.scalar.value,
		    event->data.scalar.length,
		    event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
		break;
	case YAML_SEQUENCE_START_EVENT:
		node = node_new(TEND_META_LIST);
		break;
	default:
		node = node_new(TEND_META_MAP);
		break;
	}
	if (node == NULL) {
		error = tend_error_nomem();
		goto done;
	}
	yaml_event_delete(event);
	if (node->type != TEND_META_TEXT &&
	    (error = parse_collection(p, node, depth)) < 0) {
		tend_meta_free(node);
		return error;
	}
	*out = node;
	return 0;

done:
	yaml_event_delete(event);
	return error;
}

/* Read the items of NODE, just opened, up to its end event. */
static int
parse_collection(struct parse *p, struct tend_meta *node, int depth)
{
	yaml_event_t		 event;
	struct tend_meta	*value;
	struct key_set		 keys = { NULL, 0, 0 };
	int			 error;

	for (;;) {
		if ((error = parse_next(p, &event)) < 0)
			break;
		if (event.type == YAML_SEQUENCE_END_EVENT ||
		    event.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&event);
			break;
		}
		if (node->type == TEND_META_MAP) {
			error = parse_key(p, node, &keys, &event);
			yaml_event_delete(&event);
			if (error < 0 || (error = parse_next(p, &event)) < 0)
				break;
		} else if ((error = item_add(node, NULL, 0, NULL)) < 0) {
			yaml_event_delete(&event);
			break;
		}
		/* The item is in place, so on failure it goes with NODE. */
		if ((error = parse_value(p, &event, depth + 1, &value)) < 0)
			break;
		node->items[node->count - 1].value = value;
	}
	free(keys.slots);
	return error;
}

/* The slot that holds KEY, or the free one where it would go. */
static size_t
key_slot(const struct key_set *set, const struct tend_meta *map,
    const char *key, size_t len, uint32_t hash)
{
	size_t		 i = hash & (set->cap - 1);
	const char	*have;

	for (;; i = (i + 1) & (set->cap - 1)) {
		if (set->slots[i] == 0)
			return i;
		have = map->items[set->slots[i] - 1].key;
		if (strlen(have) == len && memcmp(have, key, len) == 0)
			return i;
	}
}

/* Add the key of MAP's item INDEX; the table stays at most half full. */
static int
key_set_add(struct key_set *set, const struct tend_meta *map, size_t index)
{
	const char	*key;
	size_t		*old = set->slots, old_cap = set->cap, i;

	if ((set->used + 1) * 2 > set->cap) {
		set->cap = old_cap != 0 ? old_cap * 2 : 16;
		if (set->cap > SIZE_MAX / sizeof(*set->slots) ||
		    (set->slots = calloc(set->cap, sizeof(*set->slots))) ==
		    NULL) {
			set->slots = old;
			set->cap = old_cap;
			return tend_error_nomem();
		}
		for (i = 0; i < old_cap; i++)
			if (old[i] != 0) {
				key = map->items[old[i] - 1].key;
				set->slots[key_slot(set, map, key, strlen(key),
				    tend_text_hash(key, strlen(key)))] = old[i];
			}
		free(old);
	}
	key = map->items[index].key;
	set->slots[key_slot(set, map, key, strlen(key), tend_text_hash(key,
	    strlen(key)))] = index + 1;
	set->used++;
	return 0;
}

/* Add the key EVENT holds to MAP and to KEYS; its value comes next. */
static int
parse_key(struct parse *p, struct tend_meta *map, struct key_set *keys,
    const yaml_event_t *event)
{
	const char	*key;
	size_t		 line, len;
	int		 error;

	line = p->first_line + event->start_mark.line;
	if (event->type != YAML_SCALAR_EVENT && event->type != YAML_ALIAS_EVENT)
		return tend_error_set(TEND_EINVALID,
		    "line %zu: keys must be plain text", line);
	if ((error = parse_check(p, event, 0)) < 0)
		return error;
	key = (const char *)event->data.scalar.value;
	len = event->data.scalar.length;
	if (keys->cap != 0 && keys->slots[key_slot(keys, map, key, len,
	    tend_text_hash(key, len))] != 0)
		return tend_error_set(TEND_EINVALID,
		    "line %zu: duplicate key '%s'", line, key);
	if ((error = item_add(map, key, len, NULL)) < 0)
		return error;
	return key_set_add(keys, map, map->count - 1);
}

/* Read the one document of the stream; none at all is an empty mapping. */
static int
parse_document(struct parse *p, struct tend_meta **out)
{
	yaml_event_t		 event;
	struct tend_meta	*root = NULL;
	int			 error;

	/* Stream start, then a document start or the stream end. */
	if ((error = parse_next(p, &event)) < 0)
		return error;
	yaml_event_delete(&event);
	if ((error = parse_next(p, &event)) < 0)
		return error;
	if (event.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&event);
		if ((*out = tend_meta_new_map()) == NULL)
			return tend_error_nomem();
		return 0;
	}
	yaml_event_delete(&event);

	if ((error = parse_next(p, &event)) < 0)
		return error;
	if (event.type != YAML_MAPPING_START_EVENT) {
		yaml_event_delete(&event);
		return tend_error_set(TEND_EINVALID,
		    "front matter must be a mapping");
	}
	if ((error = parse_value(p, &event, 1, &root)) < 0)
		return error;

	/* The document end, then the stream must end too. */
	if ((error = parse_next(p, &event)) < 0)
		goto fail;
	yaml_event_delete(&event);
	if ((error = parse_next(p, &event)) < 0)
		goto fail;
	if (event.type != YAML_STREAM_END_EVENT) {
		error = tend_error_set(TEND_EINVALID,
		    "line %zu: front matter must be a single document",
		    p->first_line + event.start_mark.line);
		yaml_event_delete(&event);
		goto fail;
	}
	yaml_event_delete(&event);
	*out = root;
	return 0;

fail:
	tend_meta_free(root);
	return error;
}

/* Event initializers fail only for want of memory, leaving no error set. */
static int
emit_error(yaml_emitter_t *emitter)
{
	if (emitter->error == YAML_NO_ERROR ||
	    emitter->error == YAML_MEMORY_ERROR ||
	    emitter->error == YAML_WRITER_ERROR)
		return tend_error_nomem();
	return tend_error_set(TEND_ERROR, "cannot write YAML: %s",
	    emitter->problem != NULL ? emitter->problem : "unknown error");
}

/*
 * PLAIN asks for the text as is; otherwise it goes out plain only when
 * plain_is_safe() says so, else double-quoted, which holds any string.
 */
static int
emit_scalar(yaml_emitter_t *emitter, const char *text, int plain)
{
	yaml_event_t		event;
	yaml_scalar_style_t	style;
	size_t			len = strlen(text);

	if (len > INT_MAX)
		return tend_error_set(TEND_EINVALID, "text too long for YAML");
	style = plain || plain_is_safe(text) ? YAML_PLAIN_SCALAR_STYLE :
	    YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	/* This fails on bad UTF-8 or for want of memory; blame the text. */
	if (!yaml_scalar_event_initialize(&event, NULL, NULL,
	    (const yaml_char_t *)text, (int)len, 1, 1, style))
		return tend_error_set(TEND_EINVALID,
		    "text is not valid UTF-8");
	if (!yaml_emitter_emit(emitter, &event))
		return emit_error(emitter);
	return 0;
}

/* The emitter owns each event handed to it, even when it fails. */
static int
emit_node(yaml_emitter_t *emitter, const struct tend_meta *node)
{
	yaml_event_t	event;
	size_t		i;
	int		error, map = node->type == TEND_META_MAP;

	if (node->type == TEND_META_TEXT)
		return emit_scalar(emitter, node->text, node->plain);
	/* A list (tags) on one line, as note apps write it: [work, money]. */
	if (!(map ? yaml_mapping_start_event_initialize(&event, NULL, NULL, 1,
	    YAML_BLOCK_MAPPING_STYLE) :
	    yaml_sequence_start_event_initialize(&event, NULL, NULL, 1,
	    YAML_FLOW_SEQUENCE_STYLE)) || !yaml_emitter_emit(emitter, &event))
		return emit_error(emitter);
	for (i = 0; i < node->count; i++) {
		if (node->items[i].key != NULL &&
		    (error = emit_scalar(emitter, node->items[i].key, 0)) < 0)
			return error;
		if ((error = emit_node(emitter, node->items[i].value)) < 0)
			return error;
	}
	if (!(map ? yaml_mapping_end_event_initialize(&event) :
	    yaml_sequence_end_event_initialize(&event)) ||
	    !yaml_emitter_emit(emitter, &event))
		return emit_error(emitter);
	return 0;
}

/* One implicit document: no "---" or "...", the caller adds the markers. */
static int
emit_document(yaml_emitter_t *emitter, const struct tend_meta *map)
{
	yaml_event_t	event;
	int		error;

	if (!yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(emitter, &event) ||
	    !yaml_document_start_event_initialize(&event, NULL, NULL, NULL,
	    1) || !yaml_emitter_emit(emitter, &event))
		return emit_error(emitter);
	if ((error = emit_node(emitter, map)) < 0)
		return error;
	if (!yaml_document_end_event_initialize(&event, 1) ||
	    !yaml_emitter_emit(emitter, &event) ||
	    !yaml_stream_end_event_initialize(&event) ||
	    !yaml_emitter_emit(emitter, &event))
		return emit_error(emitter);
	return 0;
}

static int
emit_write(void *data, unsigned char *bytes, size_t len)
{
	return tend_buf_put(data, (const char *)bytes, len) == 0;
}
