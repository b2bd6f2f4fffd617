/*
 * Take things out of the journal: the rituals for a calendar, or each
 * partner's own entries as plain files.
 */

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

#include "cmd.h"

static int	cmd_export_exec(const struct cmd_entry *, struct cmd_ctx *,
		    int, char **);

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "--html dir [--include-private]\n"
	    "--ics [--days number]\n"
	    "--markdown dir",
	.summary = "a website of the journal, a calendar, or files",
	.flags = CMD_JOURNAL,
	.exec = cmd_export_exec,
};

static int
cmd_export_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "days", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "html", required_argument, NULL, 'H' },
		{ "ics", no_argument, NULL, 'i' },
		{ "include-private", no_argument, NULL, 'p' },
		{ "markdown", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*markdown = NULL, *html = NULL;
	char				*ics, *end;
	size_t				 count;
	long				 days = 0;
	int				 ch, error, calendar = 0, private = 0;

	while ((ch = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (ch) {
		case 'd':
			errno = 0;
			days = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || errno != 0 ||
			    days < 1 || days > 36500)
				return cmd_usage_error(self, "--days takes a "
				    "number of days, not '%s'", optarg);
			break;
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'H':
			html = optarg;
			break;
		case 'i':
			calendar = 1;
			break;
		case 'p':
			private = 1;
			break;
		case 'm':
			markdown = optarg;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || calendar + (markdown != NULL) +
	    (html != NULL) != 1 || (days != 0 && !calendar) ||
	    (private && html == NULL))
		return cmd_usage_error(self, "choose one of --html DIR, --ics "
		    "or --markdown DIR");
	if (html != NULL) {
		if ((error = tend_export_html(&count, ctx->journal, html,
		    private)) < 0)
			return cmd_fail(error, "cannot export to '%s'", html);
		printf("%zu pages in '%s'; open '%s/index.html'\n", count, html,
		    html);
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
