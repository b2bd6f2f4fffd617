/* The lines of the entries, shared and my private ones, that hold a pattern. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define MAX_KINDS	4
#define MAX_TAGS	8
#define EXIT_NO_MATCH	1	/* as grep: nothing matched */

enum search_form { FORM_LINES, FORM_IDS, FORM_COUNT, FORM_JSON };

struct search_out {
	const struct cmd_ctx	*ctx;
	enum search_form	 form;
	size_t			 entries;	/* printed so far */
};

static int	cmd_search_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	print_hit(const struct tend_search_hit *, void *);
static void	print_marked(const struct search_out *,
		    const struct tend_search_line *);
static void	print_piece(const char *, size_t);

static const struct cmd_option search_options[] = {
	{ "author", 0, CMD_ARG, 'a', CMD_COMPLETE_NONE },
	{ "case-sensitive", 's', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "count", 'c', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "extended-regexp", 'E', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "fixed-strings", 'F', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "ids-only", 'l', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "ignore-case", 'i', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "json", 0, CMD_NOARG, 'j', CMD_COMPLETE_NONE },
	{ "kind", 0, CMD_ARG, 'k', CMD_COMPLETE_ENTRY_KIND },
	{ "since", 0, CMD_ARG, 'S', CMD_COMPLETE_NONE },
	{ "tag", 0, CMD_ARG, 't', CMD_COMPLETE_NONE },
	{ "until", 0, CMD_ARG, 'U', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.usage = "[-EFils] [-c | -l | --json] [--kind kind]... "
	    "[--author name] [--since date] [--until date] [--tag tag]... "
	    "pattern",
	.summary = "the lines of entries that hold a pattern",
	.options = search_options,
	.operands = { 1, 1, "search takes one pattern", CMD_COMPLETE_NONE },
	/* Not CMD_JOURNAL: no journal is an error, 2, as grep's. */
	.flags = 0,
	.exec = cmd_search_exec,
};

/* LEN bytes of an entry's line, made safe for the terminal. */
static void
print_piece(const char *text, size_t len)
{
	char	*piece;
	size_t	 i;

	/* Printable ASCII is safe as it is: most text, at no cost. */
	for (i = 0; i < len && text[i] >= 0x20 && text[i] < 0x7f; i++)
		continue;
	if (i == len) {
		fwrite(text, 1, len, stdout);
		return;
	}
	if ((piece = strndup(text, len)) == NULL) {
		fputs("\357\277\275", stdout);
		return;
	}
	fputs(cmd_safe(piece), stdout);
	free(piece);
}

/* A line with its matches in bold red, when there is colour. */
static void
print_marked(const struct search_out *out, const struct tend_search_line *line)
{
	const char	*mark = cmd_color(out->ctx, CMD_SGR_BOLD);
	size_t		 i, at = 0, start, end;

	if (mark[0] == '\0') {
		print_piece(line->text, line->len);
		return;
	}
	for (i = 0; i < line->nspans; i++) {
		start = line->spans[2 * i];
		end = start + line->spans[2 * i + 1];
		if (start < at || end > line->len || end == start)
			continue;
		print_piece(line->text + at, start - at);
		printf("%s%s", mark, cmd_color(out->ctx, CMD_SGR_RED));
		print_piece(line->text + start, end - start);
		fputs(cmd_color(out->ctx, CMD_SGR_PLAIN), stdout);
		at = end;
	}
	print_piece(line->text + at, line->len - at);
}

static int
print_hit(const struct tend_search_hit *hit, void *arg)
{
	struct search_out	*out = arg;
	const char		*dim = cmd_color(out->ctx, CMD_SGR_DIM);
	const char		*plain = cmd_color(out->ctx, CMD_SGR_PLAIN);
	size_t			 i;

	switch (out->form) {
	case FORM_IDS:
		printf("%s\n", cmd_safe(hit->id));
		break;
	case FORM_COUNT:
		printf("%s%s:%s%zu\n", cmd_safe(hit->id), dim, plain,
		    hit->nlines);
		break;
	case FORM_JSON:
		for (i = 0; i < hit->nlines; i++) {
			fputs(out->entries == 0 && i == 0 ? "[\n  " : ",\n  ",
			    stdout);
			fputs("{\"id\": ", stdout);
			cmd_json_string(hit->id, strlen(hit->id));
			fputs(", \"kind\": ", stdout);
			cmd_json_string(hit->kind, strlen(hit->kind));
			fputs(", \"author\": ", stdout);
			if (hit->author != NULL)
				cmd_json_string(hit->author, strlen(hit->author));
			else
				fputs("null", stdout);
			fputs(", \"date\": ", stdout);
			if (hit->date != NULL)
				cmd_json_string(hit->date, strlen(hit->date));
			else
				fputs("null", stdout);
			fputs(", \"path\": ", stdout);
			cmd_json_string(hit->path, strlen(hit->path));
			printf(", \"private\": %s, \"line\": %zu, \"text\": ",
			    hit->private ? "true" : "false",
			    hit->lines[i].number);
			cmd_json_string(hit->lines[i].text, hit->lines[i].len);
			putchar('}');
		}
		break;
	case FORM_LINES:
		for (i = 0; i < hit->nlines; i++) {
			print_piece(hit->id, strlen(hit->id));
			printf("%s:%zu:%s", dim, hit->lines[i].number, plain);
			print_marked(out, &hit->lines[i]);
			putchar('\n');
		}
		break;
	}
	out->entries++;
	return 0;
}

static int
cmd_search_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_search_query	 query;
	struct search_out		 out = { ctx, FORM_LINES, 0 };
	const char			*kinds[MAX_KINDS], *tags[MAX_TAGS];
	const char			*value;
	int				 key, error, forms = 0;

	memset(&query, 0, sizeof(query));
	query.kinds = kinds;
	query.tags = tags;
	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'a':
			query.author = value;
			break;
		case 'c':
		case 'l':
		case 'j':
			if (forms++ != 0)
				return cmd_usage_error(self, "-c, -l and --json "
				    "cannot be given together");
			out.form = key == 'c' ? FORM_COUNT : key == 'l' ?
			    FORM_IDS : FORM_JSON;
			break;
		case 'E':
			query.flags |= TEND_SEARCH_REGEX;
			break;
		case 'F':
			query.flags &= ~TEND_SEARCH_REGEX;
			break;
		case 'i':
			query.flags &= ~TEND_SEARCH_CASE;
			break;
		case 's':
			query.flags |= TEND_SEARCH_CASE;
			break;
		case 'k':
			if (query.nkinds == MAX_KINDS)
				return cmd_usage_error(self, "there are only "
				    "%d kinds", MAX_KINDS);
			kinds[query.nkinds++] = value;
			break;
		case 'S':
			query.since = value;
			break;
		case 't':
			if (query.ntags == MAX_TAGS)
				return cmd_usage_error(self, "at most %d tags "
				    "can be asked for", MAX_TAGS);
			tags[query.ntags++] = value;
			break;
		case 'U':
			query.until = value;
			break;
		}
	}
	query.pattern = args->argv[0];
	if (tend_journal_open(&ctx->journal, ctx->dir, ctx->content_dir) < 0) {
		(void)cmd_fail(TEND_ERROR, NULL);
		return EXIT_USAGE;
	}
	if (out.form == FORM_JSON)
		query.flags |= TEND_SEARCH_META;
	else
		cmd_pager(ctx);
	if ((error = tend_search(ctx->journal, &query, print_hit, cmd_warn,
	    &out)) < 0) {
		/* As grep's: 1 is kept for "nothing matched". */
		(void)cmd_fail(error, NULL);
		return EXIT_USAGE;
	}
	if (out.form == FORM_JSON)
		fputs(out.entries != 0 ? "\n]\n" : "[]\n", stdout);
	return out.entries != 0 ? EXIT_SUCCESS : EXIT_NO_MATCH;
}
