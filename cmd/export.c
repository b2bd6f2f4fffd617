/*
 * Take things out of the journal: the rituals for a calendar, each
 * partner's own entries as plain files, a website, or one JSON document.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_export_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static void	export_progress(size_t, size_t, void *);
static int	export_json(struct cmd_ctx *, const char *, int);

/* The progress line shown on a terminal: what was last printed. */
struct progress {
	int	percent;
	size_t	width;
};

static const struct cmd_option export_options[] = {
	{ "days", 0, CMD_ARG, 'd', CMD_COMPLETE_NONE },
	{ "html", 0, CMD_ARG, 'H', CMD_COMPLETE_NONE },
	{ "ics", 0, CMD_NOARG, 'i', CMD_COMPLETE_NONE },
	{ "include-private", 0, CMD_NOARG, 'p', CMD_COMPLETE_NONE },
	{ "json", 0, CMD_NOARG, 'j', CMD_COMPLETE_NONE },
	{ "markdown", 0, CMD_ARG, 'm', CMD_COMPLETE_NONE },
	{ "output", 'o', CMD_ARG, 'o', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "--html dir [--include-private]\n"
	    "--ics [--days number]\n"
	    "--json [--include-private] [-o file]\n"
	    "--markdown dir",
	.summary = "a website of the journal, a calendar, JSON, or files",
	.options = export_options,
	/* Operands are one of the combinations it refuses. */
	.operands = { 0, CMD_ANY, NULL, CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL,
	.exec = cmd_export_exec,
};

/* One line on standard error, redrawn in place as the pages are made. */
static void
export_progress(size_t done, size_t total, void *arg)
{
	struct progress	*shown = arg;
	int		 percent, width;

	if (total < done)
		total = done;
	percent = total != 0 ? (int)(done * 100 / total) : 100;
	/* A redraw for each percent, not each of thousands of pages. */
	if (percent == shown->percent)
		return;
	shown->percent = percent;
	width = fprintf(stderr, "\rexporting: %d%% (%zu of %zu pages)",
	    percent, done, total);
	if (width > 0)
		shown->width = (size_t)width;
	fflush(stderr);
}

/* The JSON document on standard output, or whole into OUTPUT. */
static int
export_json(struct cmd_ctx *ctx, const char *output, int private)
{
	char	*json;
	size_t	 len, count;
	int	 error;

	if ((error = tend_export_json(&json, &len, &count, ctx->journal,
	    TEND_IN_JOURNAL | (private ? TEND_IN_PRIVATE : 0), cmd_warn,
	    NULL)) < 0)
		return cmd_fail(error, "cannot export the journal as JSON");
	if (output == NULL) {
		if (fwrite(json, 1, len, stdout) != len || fflush(stdout) != 0) {
			cmd_error("cannot write the export: %s",
			    strerror(errno));
			free(json);
			return EXIT_FAILURE;
		}
		free(json);
		return EXIT_SUCCESS;
	}
	error = tend_export_save(ctx->journal, output, json, len);
	free(json);
	if (error < 0)
		return cmd_fail(error, "cannot export to '%s'", output);
	printf("%zu entries in '%s'\n", count, output);
	return EXIT_SUCCESS;
}

static int
cmd_export_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_export_counts pages;
	struct progress	 shown = { -1, 0 };
	const char	*markdown = NULL, *html = NULL, *output = NULL, *value;
	char		*ics, *end;
	size_t		 count;
	long		 days = 0;
	int		 key, error, calendar = 0, private = 0, json = 0;

	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'd':
			errno = 0;
			days = strtol(value, &end, 10);
			if (*end != '\0' || end == value || errno != 0 ||
			    days < 1 || days > 36500)
				return cmd_usage_error(self, "--days takes a "
				    "number of days, not '%s'", value);
			break;
		case 'H':
			html = value;
			break;
		case 'i':
			calendar = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'p':
			private = 1;
			break;
		case 'm':
			markdown = value;
			break;
		case 'o':
			output = value;
			break;
		}
	}
	if (args->argc != 0 || calendar + (markdown != NULL) +
	    (html != NULL) + json != 1 || (days != 0 && !calendar) ||
	    (private && html == NULL && !json) || (output != NULL && !json))
		return cmd_usage_error(self, "choose one of --html DIR, --ics, "
		    "--json or --markdown DIR");
	if (json)
		return export_json(ctx, output, private);
	if (html != NULL) {
		/* Progress only for a person watching, never into a file. */
		error = tend_export_html(&pages, ctx->journal, html,
		    TEND_IN_JOURNAL | (private ? TEND_IN_PRIVATE : 0),
		    isatty(STDERR_FILENO) ? export_progress : NULL, &shown);
		if (shown.width != 0)
			fprintf(stderr, "\r%*s\r", (int)shown.width, "");
		if (error < 0)
			return cmd_fail(error, "cannot export to '%s'", html);
		printf("%zu pages in '%s', %zu written, %zu removed; open "
		    "'%s/index.html'\n", pages.pages, html, pages.written,
		    pages.removed, html);
		return EXIT_SUCCESS;
	}
	if (markdown != NULL) {
		if ((error = tend_export_markdown(&count, ctx->journal,
		    markdown)) < 0)
			return cmd_fail(error, "cannot export to '%s'", markdown);
		printf("%zu entries in '%s'\n", count, markdown);
		return EXIT_SUCCESS;
	}
	if ((error = tend_export_ics(&ics, ctx->journal, days)) < 0)
		return cmd_fail(error, "cannot make a calendar");
	fputs(ics, stdout);
	free(ics);
	return EXIT_SUCCESS;
}
