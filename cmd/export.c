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
	.usage = "--ics [--days number]\n"
	    "--markdown dir",
	.summary = "the rituals as a calendar, or entries as files",
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
		{ "ics", no_argument, NULL, 'i' },
		{ "markdown", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	const char			*markdown = NULL;
	char				*ics, *end;
	size_t				 count;
	long				 days = 0;
	int				 ch, error, calendar = 0;

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
		case 'i':
			calendar = 1;
			break;
		case 'm':
			markdown = optarg;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || calendar == (markdown != NULL) ||
	    (days != 0 && !calendar))
		return cmd_usage_error(self, "choose --ics or --markdown DIR");
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
