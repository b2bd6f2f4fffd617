/*
 * Entry bodies: CommonMark laid out for a terminal, and sections and
 * clauses cut from the source.  The one file that talks to cmark.
 */

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "internal.h"

#define COLUMNS		78	/* unless the flags give a width */
#define MIN_ROOM	20	/* text columns kept however deep the nesting */
#define MAX_DEPTH	32	/* containers nested deeper are not indented */
#define SPACES		"                "


/* A block quote or list item: what its lines start with. */
struct frame {
	char	marker[16];	/* "> ", "- ", "12. " */
	size_t	width;
	int	quote;		/* repeat the marker on every line */
	int	pending;	/* the marker has not been shown yet */
};

struct render {
	struct tend_buf	*out;
	size_t		 start;		/* where this rendering began in OUT */
	size_t		 line;		/* where the current line began */
	int		 color;
	size_t		 columns;	/* where lines wrap */
	int		 heading;	/* inside a heading */
	int		 blank;		/* a blank line is due before a block */
	struct tend_buf	 text;		/* inline text of the current block */
	struct frame	 frames[MAX_DEPTH];
	size_t		 depth;		/* open containers, even untracked */
};

/* A line of the source and where it starts, to read on from. */
struct cursor {
	size_t	offset;
	int	line;
};

/* The clauses of a body as they are gathered. */
struct clauses {
	struct tend_clause	*list;
	size_t			 count;
	size_t			 cap;
	const char		*text;		/* the source */
	size_t			 len;
	struct cursor		 at;		/* the start of the last clause */
	char			*section;	/* its clauses' copy, or NULL */
};

static int	render_node(struct render *, cmark_node *, int);
static int	enter_item(struct render *, cmark_node *);
static int	exit_item(struct render *, cmark_node *);
static int	put_text_block(struct render *, cmark_node *);
static int	put_verbatim(struct render *, cmark_node *, const char *);
static int	put_rule(struct render *, char, size_t);
static int	put_url(struct render *, cmark_node *);
static int	put_literal(struct render *, cmark_node *);
static int	put_wrapped(struct render *, size_t *);
static int	begin_block(struct render *);
static int	line_begin(struct render *, int);
static int	line_end(struct render *);
static void	push_frame(struct render *, const char *, int);
static size_t	room(const struct render *);
static size_t	display_width(const char *, size_t);
static int	is_tight(cmark_node *);
static int	heading_text(struct tend_buf *, cmark_node *);
static int	same_name(const char *, size_t, const char *, size_t);
static int	is_space(int);
static size_t	line_offset(const char *, size_t, int);
static int	copy_between(char **, const char *, size_t, cmark_node *,
		    cmark_node *);
static int	add_clause(struct clauses *, cmark_node *, const char *);
static int	last_line(cmark_node *);
static int	next_line(cmark_node *);
static size_t	seek_line(struct cursor *, const char *, size_t, int);
static size_t	skip_marker(const char *, size_t, size_t, cmark_node *);
static int	put_collapsed(struct tend_buf *, const char *, size_t);

static int
render_node(struct render *r, cmark_node *node, int entering)
{
	cmark_node_type	type = cmark_node_get_type(node);
	const char	*code = NULL;
	int		 error;

	switch (type) {
	case CMARK_NODE_BLOCK_QUOTE:
		if (entering)
			push_frame(r, "> ", 1);
		else {
			r->depth--;
			r->blank = !is_tight(node);
		}
		return 0;
	case CMARK_NODE_LIST:
		if (!entering)
			r->blank = !is_tight(node);
		return 0;
	case CMARK_NODE_ITEM:
		return entering ? enter_item(r, node) : exit_item(r, node);
	case CMARK_NODE_HEADING:
	case CMARK_NODE_PARAGRAPH:
		if (!entering)
			return put_text_block(r, node);
		r->text.len = 0;
		r->heading = type == CMARK_NODE_HEADING;
		if (r->heading && r->color)
			return tend_buf_puts(&r->text, TEND_SGR_BOLD);
		/* Without bold, the deeper headings keep their marks. */
		if (r->heading && cmark_node_get_heading_level(node) > 2)
			return tend_buf_printf(&r->text, "%.*s ",
			    cmark_node_get_heading_level(node), "######");
		return 0;
	case CMARK_NODE_CODE_BLOCK:
		return put_verbatim(r, node, "    ");
	case CMARK_NODE_HTML_BLOCK:
		return put_verbatim(r, node, "");
	case CMARK_NODE_THEMATIC_BREAK:
		error = put_rule(r, '-', room(r));
		r->blank = !is_tight(node);
		return error;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
		return put_literal(r, node);
	case CMARK_NODE_CODE:
		if ((error = tend_buf_puts(&r->text, "`")) < 0 ||
		    (error = put_literal(r, node)) < 0)
			return error;
		return tend_buf_puts(&r->text, "`");
	case CMARK_NODE_SOFTBREAK:
		return tend_buf_puts(&r->text, " ");
	case CMARK_NODE_LINEBREAK:
		return tend_buf_puts(&r->text, "\n");
	case CMARK_NODE_EMPH:
		code = entering ? TEND_SGR_ITALIC : TEND_SGR_NOT_ITALIC;
		break;
	case CMARK_NODE_STRONG:
		/* A heading is all bold already. */
		code = r->heading ? NULL : entering ? TEND_SGR_BOLD :
		    TEND_SGR_NOT_BOLD;
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		return entering ? 0 : put_url(r, node);
	default:
		return 0;
	}
	return r->color && code != NULL ? tend_buf_puts(&r->text, code) : 0;
}

static int
enter_item(struct render *r, cmark_node *item)
{
	cmark_node	*list = cmark_node_parent(item);
	char		 marker[16];
	int		 number;

	if (cmark_node_get_list_type(list) != CMARK_ORDERED_LIST) {
		push_frame(r, "- ", 0);
		return 0;
	}
	/* The list's start number doubles as the count of items shown. */
	number = cmark_node_get_list_start(list);
	if (number < INT_MAX)
		cmark_node_set_list_start(list, number + 1);
	snprintf(marker, sizeof(marker), "%d%c ", number,
	    cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.');
	push_frame(r, marker, 0);
	return 0;
}

static int
exit_item(struct render *r, cmark_node *item)
{
	int	error = 0;

	/* An empty item still shows its marker. */
	if (r->depth <= MAX_DEPTH && r->frames[r->depth - 1].pending &&
	    ((error = begin_block(r)) < 0 || (error = line_begin(r, 0)) < 0 ||
	    (error = line_end(r)) < 0))
		return error;
	r->depth--;
	r->blank = !cmark_node_get_list_tight(cmark_node_parent(item));
	return 0;
}

/* A paragraph or heading, from the inline text gathered in R->text. */
static int
put_text_block(struct render *r, cmark_node *node)
{
	size_t	widest;
	int	level = 0, error;

	if (r->heading) {
		level = cmark_node_get_heading_level(node);
		r->heading = 0;
		if (r->color &&
		    (error = tend_buf_puts(&r->text, TEND_SGR_PLAIN)) < 0)
			return error;
	}
	/* Without bold, a title or part is underlined as in setext. */
	if ((error = put_wrapped(r, &widest)) == 0 && !r->color &&
	    (level == 1 || level == 2) && widest > 0)
		error = put_rule(r, level == 1 ? '=' : '-', widest);
	r->blank = !is_tight(node);
	return error;
}

/* A code or HTML block, line by line as written; HTML is never run. */
static int
put_verbatim(struct render *r, cmark_node *node, const char *indent)
{
	const char	*line, *end, *eol;
	int		 error;

	r->text.len = 0;
	if ((error = put_literal(r, node)) < 0)
		return error;
	if (r->text.len == 0)
		return 0;
	if ((error = begin_block(r)) < 0)
		return error;
	line = r->text.data;
	end = line + r->text.len;
	for (; line < end; line = eol + 1) {
		if ((eol = memchr(line, '\n', end - line)) == NULL)
			eol = end;
		if ((error = line_begin(r, 0)) < 0 ||
		    (error = tend_buf_puts(r->out, indent)) < 0 ||
		    (error = tend_buf_put(r->out, line, eol - line)) < 0 ||
		    (error = line_end(r)) < 0)
			return error;
	}
	r->blank = !is_tight(node);
	return 0;
}

/* A line of COUNT times C: a thematic break or a heading's underline. */
static int
put_rule(struct render *r, char c, size_t count)
{
	int	error;

	if ((error = begin_block(r)) < 0 || (error = line_begin(r, 0)) < 0 ||
	    (error = tend_buf_grow(r->out, count)) < 0)
		return error;
	memset(r->out->data + r->out->len, c, count);
	r->out->len += count;
	return line_end(r);
}

/* "text <url>", but an autolink's text is its address already. */
static int
put_url(struct render *r, cmark_node *link)
{
	cmark_node	*child = cmark_node_first_child(link);
	const char	*url = cmark_node_get_url(link), *text;
	int		 error;

	if (url == NULL || *url == '\0')
		return 0;
	if (child != NULL && child == cmark_node_last_child(link) &&
	    cmark_node_get_type(child) == CMARK_NODE_TEXT &&
	    (text = cmark_node_get_literal(child)) != NULL &&
	    (strcmp(text, url) == 0 || (strncmp(url, "mailto:", 7) == 0 &&
	    strcmp(text, url + 7) == 0)))
		return 0;
	if ((error = tend_buf_puts(&r->text, " <")) < 0 ||
	    (error = tend_text_sanitize(&r->text, url, strlen(url))) < 0)
		return error;
	return tend_buf_puts(&r->text, ">");
}

/* Every piece of the author's text passes here on its way out. */
static int
put_literal(struct render *r, cmark_node *node)
{
	const char	*literal = cmark_node_get_literal(node);

	if (literal == NULL)
		return 0;
	return tend_text_sanitize(&r->text, literal, strlen(literal));
}

/*
 * Fill lines with the words of R->text up to the room the prefixes leave;
 * a longer word gets a line of its own.  WIDEST is the widest line.
 */
static int
put_wrapped(struct render *r, size_t *widest)
{
	const char	*p = r->text.data, *end = p + r->text.len, *word;
	size_t		 limit = room(r), column = 0, width;
	int		 open = 0, error = 0;

	*widest = 0;
	if (r->text.len != 0 && (error = begin_block(r)) < 0)
		return error;
	while (error == 0 && p < end) {
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (*p == '\n') {
			/* A hard break, which may leave an empty line. */
			if (!open)
				error = line_begin(r, 0);
			if (error == 0)
				error = line_end(r);
			open = 0;
			p++;
			continue;
		}
		for (word = p; p < end && *p != ' ' && *p != '\t' &&
		    *p != '\n'; p++)
			;
		width = display_width(word, p - word);
		if (open && column + 1 + width > limit) {
			error = line_end(r);
			open = 0;
		}
		if (error == 0 && !open) {
			error = line_begin(r, 0);
			open = 1;
			column = 0;
		} else if (error == 0) {
			error = tend_buf_puts(r->out, " ");
			column++;
		}
		if (error == 0)
			error = tend_buf_put(r->out, word, p - word);
		column += width;
		if (column > *widest)
			*widest = column;
	}
	if (error == 0 && open)
		error = line_end(r);
	return error;
}

/* The one blank line between blocks, unless nothing came before. */
static int
begin_block(struct render *r)
{
	int	blank = r->blank;

	r->blank = 0;
	if (!blank || r->out->len == r->start)
		return 0;
	return line_begin(r, 1) < 0 ? TEND_ENOMEM : line_end(r);
}

/*
 * Start a line behind the prefixes of the open containers.  A blank line
 * goes before a container's first block, so it shows no new marker yet.
 */
static int
line_begin(struct render *r, int blank)
{
	struct frame	*frame;
	size_t		 i;
	int		 error;

	r->line = r->out->len;
	for (i = 0; i < r->depth && i < MAX_DEPTH; i++) {
		frame = &r->frames[i];
		if (frame->pending && blank)
			break;
		if (frame->pending || frame->quote)
			error = tend_buf_puts(r->out, frame->marker);
		else
			error = tend_buf_put(r->out, SPACES, frame->width);
		if (error < 0)
			return error;
		frame->pending = 0;
	}
	return 0;
}

static int
line_end(struct render *r)
{
	while (r->out->len > r->line && r->out->data[r->out->len - 1] == ' ')
		r->out->len--;
	return tend_buf_puts(r->out, "\n");
}

static void
push_frame(struct render *r, const char *marker, int quote)
{
	struct frame	*frame;

	if (r->depth++ >= MAX_DEPTH)
		return;
	frame = &r->frames[r->depth - 1];
	snprintf(frame->marker, sizeof(frame->marker), "%s", marker);
	frame->width = strlen(frame->marker);
	frame->quote = quote;
	frame->pending = 1;
}

/* The columns left for text after the prefixes. */
static size_t
room(const struct render *r)
{
	size_t	i, used = 0;

	for (i = 0; i < r->depth && i < MAX_DEPTH; i++)
		used += r->frames[i].width;
	return used + MIN_ROOM < r->columns ? r->columns - used : MIN_ROOM;
}

/* One column a code point; none for the escape codes put in for color. */
static size_t
display_width(const char *text, size_t len)
{
	size_t	i, width = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '\033') {
			while (i < len && text[i] != 'm')
				i++;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80)
			width++;
	}
	return width;
}

/* In an item of a tight list, blocks follow without a blank line. */
static int
is_tight(cmark_node *node)
{
	cmark_node	*item = cmark_node_parent(node);

	return item != NULL && cmark_node_get_type(item) == CMARK_NODE_ITEM &&
	    cmark_node_get_list_tight(cmark_node_parent(item));
}

int
tend_markdown_render(struct tend_buf *out, const char *text, size_t len,
    int flags)
{
	struct render		 r;
	cmark_node		*document;
	cmark_iter		*iter;
	cmark_event_type	 event;
	int			 error = 0;

	memset(&r, 0, sizeof(r));
	r.out = out;
	r.start = out->len;
	r.color = (flags & TEND_RENDER_COLOR) != 0;
	r.columns = (size_t)flags >> 8;
	if (r.columns < MIN_ROOM || r.columns > 1000)
		r.columns = COLUMNS;
	/* Both buffers hold a string from the start, even for no body. */
	if (tend_buf_put(out, "", 0) < 0 || tend_buf_put(&r.text, "", 0) < 0)
		return TEND_ENOMEM;
	if ((document = cmark_parse_document(text, len,
	    CMARK_OPT_DEFAULT)) == NULL) {
		tend_buf_free(&r.text);
		return tend_error_nomem();
	}
	if ((iter = cmark_iter_new(document)) == NULL) {
		cmark_node_free(document);
		tend_buf_free(&r.text);
		return tend_error_nomem();
	}
	while (error == 0 &&
	    (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE)
		error = render_node(&r, cmark_iter_get_node(iter),
		    event == CMARK_EVENT_ENTER);
	cmark_iter_free(iter);
	cmark_node_free(document);
	tend_buf_free(&r.text);
	if (error < 0 && out->data != NULL) {
		/* Leave no half-rendered body behind. */
		out->len = r.start;
		out->data[out->len] = '\0';
	}
	return error;
}

/* The plain text of a heading, marks of emphasis and code left out. */
static int
heading_text(struct tend_buf *buf, cmark_node *heading)
{
	cmark_iter		*iter;
	cmark_node		*node;
	const char		*literal;
	int			 error = 0;

	if ((iter = cmark_iter_new(heading)) == NULL)
		return tend_error_nomem();
	while (error == 0 && cmark_iter_next(iter) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(iter);
		if (cmark_node_get_type(node) == CMARK_NODE_SOFTBREAK)
			error = tend_buf_puts(buf, " ");
		else if (node != heading &&
		    (literal = cmark_node_get_literal(node)) != NULL)
			error = tend_buf_puts(buf, literal);
	}
	cmark_iter_free(iter);
	return error;
}

/* Equal but for ASCII case and surrounding white space. */
static int
same_name(const char *a, size_t alen, const char *b, size_t blen)
{
	while (alen > 0 && is_space(a[alen - 1]))
		alen--;
	while (alen > 0 && is_space(*a))
		a++, alen--;
	while (blen > 0 && is_space(b[blen - 1]))
		blen--;
	while (blen > 0 && is_space(*b))
		b++, blen--;
	return alen == blen && tend_text_ncasecmp(a, b, alen) == 0;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Where line LINE (from 1) starts, counting line ends as cmark does. */
static size_t
line_offset(const char *text, size_t len, int line)
{
	size_t	i;

	for (i = 0; line > 1 && i < len; i++) {
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i++;
		if (text[i] == '\n' || text[i] == '\r')
			line--;
	}
	return i;
}

int
tend_markdown_section(char **section, const char *text, size_t len,
    const char *name)
{
	struct tend_buf	 title = TEND_BUF_INIT;
	cmark_node	*document, *node, *heading = NULL;
	int		 error = 0;

	if ((document = cmark_parse_document(text, len,
	    CMARK_OPT_DEFAULT)) == NULL)
		return tend_error_nomem();
	/* Sections are made by headings at the top, not in lists or quotes. */
	for (node = cmark_node_first_child(document);
	    node != NULL && heading == NULL; node = cmark_node_next(node)) {
		if (cmark_node_get_type(node) != CMARK_NODE_HEADING ||
		    cmark_node_get_heading_level(node) != 2)
			continue;
		title.len = 0;
		if ((error = heading_text(&title, node)) < 0)
			goto out;
		if (title.len != 0 &&
		    same_name(title.data, title.len, name, strlen(name)))
			heading = node;
	}
	if (heading == NULL) {
		/* The name may come from anywhere; keep it off the terminal. */
		title.len = 0;
		if ((error = tend_text_sanitize(&title, name,
		    strlen(name))) == 0)
			error = tend_error_set(TEND_ENOTFOUND,
			    "no section '%s'", title.data);
		goto out;
	}
	for (node = cmark_node_next(heading); node != NULL &&
	    (cmark_node_get_type(node) != CMARK_NODE_HEADING ||
	    cmark_node_get_heading_level(node) > 2);
	    node = cmark_node_next(node))
		;
	error = copy_between(section, text, len, heading, node);
out:
	tend_buf_free(&title);
	cmark_node_free(document);
	return error;
}

/*
 * The source text after block AFTER up to block BEFORE (NULL: the end),
 * without the blank lines before it and the white space after it.
 */
static int
copy_between(char **out, const char *text, size_t len, cmark_node *after,
    cmark_node *before)
{
	size_t	from, to, eol;

	from = line_offset(text, len, cmark_node_get_end_line(after) + 1);
	to = before != NULL ?
	    line_offset(text, len, cmark_node_get_start_line(before)) : len;
	for (eol = from; eol < to && is_space(text[eol]); eol++)
		if (text[eol] == '\n' || text[eol] == '\r')
			from = eol + 1;
	while (to > from && is_space(text[to - 1]))
		to--;
	if ((*out = malloc(to - from + 1)) == NULL)
		return tend_error_nomem();
	memcpy(*out, text + from, to - from);
	(*out)[to - from] = '\0';
	return 0;
}

int
tend_markdown_title(char **title, char **intro, const char *text,
    size_t len)
{
	struct tend_buf	 heading = TEND_BUF_INIT;
	cmark_node	*document, *node, *next;
	int		 error;

	if ((document = cmark_parse_document(text, len,
	    CMARK_OPT_DEFAULT)) == NULL)
		return tend_error_nomem();
	for (node = cmark_node_first_child(document); node != NULL &&
	    (cmark_node_get_type(node) != CMARK_NODE_HEADING ||
	    cmark_node_get_heading_level(node) != 1);
	    node = cmark_node_next(node))
		;
	if (node == NULL) {
		error = tend_error_set(TEND_ENOTFOUND, "no '# ' heading");
		goto out;
	}
	for (next = cmark_node_next(node); next != NULL &&
	    cmark_node_get_type(next) != CMARK_NODE_HEADING;
	    next = cmark_node_next(next))
		;
	if ((error = heading_text(&heading, node)) < 0 ||
	    (error = copy_between(intro, text, len, node, next)) < 0)
		goto out;
	if ((*title = tend_buf_detach(&heading)) == NULL) {
		free(*intro);
		error = tend_error_nomem();
	}
out:
	tend_buf_free(&heading);
	cmark_node_free(document);
	return error;
}

int
tend_markdown_clauses(struct tend_clause **clauses, size_t *count,
    const char *text, size_t len)
{
	struct clauses	 found;
	struct tend_buf	 section = TEND_BUF_INIT;
	cmark_node	*document, *node, *item;
	int		 error = 0;

	*clauses = NULL;
	*count = 0;
	if (text == NULL)
		text = "", len = 0;
	memset(&found, 0, sizeof(found));
	found.text = text;
	found.len = len;
	found.at.line = 1;
	if (tend_buf_put(&section, "", 0) < 0)
		return TEND_ENOMEM;
	if ((document = cmark_parse_document(text, len,
	    CMARK_OPT_DEFAULT)) == NULL) {
		tend_buf_free(&section);
		return tend_error_nomem();
	}
	for (node = cmark_node_first_child(document);
	    node != NULL && error == 0; node = cmark_node_next(node)) {
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HEADING:
			/* The old copy belongs to the clauses that use it. */
			found.section = NULL;
			section.len = 0;
			if ((error = tend_buf_put(&section, "", 0)) == 0)
				error = heading_text(&section, node);
			break;
		case CMARK_NODE_LIST:
			for (item = cmark_node_first_child(node);
			    item != NULL && error == 0;
			    item = cmark_node_next(item))
				error = add_clause(&found, item, section.data);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			/* A rule has no words to agree on. */
			break;
		default:
			error = add_clause(&found, node, section.data);
			break;
		}
	}
	cmark_node_free(document);
	tend_buf_free(&section);
	if (error < 0) {
		tend_clauses_free(found.list, found.count);
		return error;
	}
	*clauses = found.list;
	*count = found.count;
	return 0;
}

void
tend_clauses_free(struct tend_clause *clauses, size_t count)
{
	size_t	i;

	if (clauses == NULL)
		return;
	for (i = 0; i < count; i++) {
		if (i == 0 || clauses[i].section != clauses[i - 1].section)
			free(clauses[i].section);
		free(clauses[i].text);
	}
	free(clauses);
}

/*
 * The source lines of block NODE as one line of words, the marker of a list
 * item left out.  An item with no words is no clause.  The clauses of a
 * section share one copy of its name, so a long name is never copied for
 * every clause.
 */
static int
add_clause(struct clauses *found, cmark_node *node, const char *section)
{
	struct tend_buf		 text = TEND_BUF_INIT;
	struct tend_clause	*list;
	struct cursor		 end;
	char			*words;
	size_t			 from, to, cap;
	int			 first, last, limit, error;

	first = cmark_node_get_start_line(node);
	last = last_line(node);
	/* Never into the next block, whatever cmark says of the end. */
	if ((limit = next_line(node)) > 0 && last >= limit)
		last = limit - 1;
	if (last < first)
		last = first;
	from = seek_line(&found->at, found->text, found->len, first);
	end = found->at;
	to = seek_line(&end, found->text, found->len,
	    last < INT_MAX ? last + 1 : last);
	if (cmark_node_get_type(node) == CMARK_NODE_ITEM)
		from = skip_marker(found->text, from, to, node);
	if ((error = put_collapsed(&text, found->text + from, to - from)) < 0)
		goto out;
	if (text.len == 0)
		goto out;
	if (found->count == found->cap) {
		cap = found->cap != 0 ? found->cap * 2 : 16;
		if (cap > SIZE_MAX / sizeof(*list) || (list =
		    realloc(found->list, cap * sizeof(*list))) == NULL) {
			error = tend_error_nomem();
			goto out;
		}
		found->list = list;
		found->cap = cap;
	}
	if ((words = tend_buf_detach(&text)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if (found->section == NULL &&
	    (found->section = strdup(section)) == NULL) {
		free(words);
		error = tend_error_nomem();
		goto out;
	}
	list = &found->list[found->count++];
	list->section = found->section;
	list->text = words;
out:
	tend_buf_free(&text);
	return error;
}

/* The last line of a block; cmark places the end of HTML blocks wrongly. */
static int
last_line(cmark_node *node)
{
	const char	*literal;
	int		 line;

	if (cmark_node_get_type(node) != CMARK_NODE_HTML_BLOCK ||
	    (literal = cmark_node_get_literal(node)) == NULL)
		return cmark_node_get_end_line(node);
	line = cmark_node_get_start_line(node);
	for (; *literal != '\0' && line < INT_MAX; literal++) {
		if (*literal == '\r' && literal[1] == '\n')
			literal++;
		if ((*literal == '\n' || *literal == '\r') &&
		    literal[1] != '\0')
			line++;
	}
	return line;
}

/* The line the block after NODE starts on, at its level or above; 0: none. */
static int
next_line(cmark_node *node)
{
	for (; node != NULL; node = cmark_node_parent(node))
		if (cmark_node_next(node) != NULL)
			return cmark_node_get_start_line(cmark_node_next(node));
	return 0;
}

/*
 * Where line LINE starts, going on from AT and moving it there: blocks come
 * in order, so the source is read about once, not once a block.
 */
static size_t
seek_line(struct cursor *at, const char *text, size_t len, int line)
{
	if (line < 1)
		line = 1;
	if (line < at->line) {
		at->offset = 0;
		at->line = 1;
	}
	at->offset += line_offset(text + at->offset, len - at->offset,
	    line - at->line + 1);
	at->line = line;
	return at->offset;
}

/* Past the "- ", "* ", "+ ", "1. " or "1) " that opens list item ITEM. */
static size_t
skip_marker(const char *text, size_t from, size_t to, cmark_node *item)
{
	size_t	at;

	while (from < to && (text[from] == ' ' || text[from] == '\t'))
		from++;
	at = from;
	if (cmark_node_get_list_type(cmark_node_parent(item)) ==
	    CMARK_ORDERED_LIST) {
		while (at < to && at - from < 9 && text[at] >= '0' &&
		    text[at] <= '9')
			at++;
		if (at == from || at == to ||
		    (text[at] != '.' && text[at] != ')'))
			return from;
	} else if (at == to || strchr("-*+", text[at]) == NULL)
		return from;
	at++;
	return at == to || is_space(text[at]) ? at : from;
}

/*
 * Append TEXT with its runs of white space made one space and none at the
 * ends; a NUL becomes U+FFFD so the clause stays one C string.
 */
static int
put_collapsed(struct tend_buf *out, const char *text, size_t len)
{
	size_t	i, start, begin = out->len;
	int	space = 0, error;

	if ((error = tend_buf_grow(out, len)) < 0)
		return error;
	for (i = 0; i < len; ) {
		if (is_space(text[i])) {
			space = out->len > begin;
			i++;
			continue;
		}
		if (space && (error = tend_buf_put(out, " ", 1)) < 0)
			return error;
		space = 0;
		if (text[i] == '\0') {
			if ((error = tend_buf_put(out, "\xef\xbf\xbd", 3)) < 0)
				return error;
			i++;
			continue;
		}
		for (start = i; i < len && text[i] != '\0' &&
		    !is_space(text[i]); i++)
			;
		if ((error = tend_buf_put(out, text + start, i - start)) < 0)
			return error;
	}
	return tend_buf_put(out, "", 0);
}

int
tend_markdown_html(struct tend_buf *out, const char *text, size_t len)
{
	cmark_node	*document;
	char		*html;
	int		 error;

	/* Safe by default in cmark 0.30: raw HTML and risky links left out. */
	if ((document = cmark_parse_document(text, len,
	    CMARK_OPT_DEFAULT)) == NULL)
		return tend_error_nomem();
	html = cmark_render_html(document, CMARK_OPT_DEFAULT);
	cmark_node_free(document);
	if (html == NULL)
		return tend_error_nomem();
	error = tend_buf_puts(out, html);
	free(html);
	return error;
}
