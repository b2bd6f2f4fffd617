/* One timeline of the journal's entries, newest first. */

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define MAX_KINDS	4

static int	cmd_log_exec(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);
static int	print_row(const struct tend_log_row *, void *);

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.usage = "[--since date] [--until date] [--kind kind]... "
	    "[--author name] [-n number] [--oneline]",
	.summary = "the timeline of entries, newest first",
	.flags = CMD_JOURNAL,
	.exec = cmd_log_exec,
};

static int
print_row(const struct tend_log_row *row, void *arg)
{
	const int	*oneline = arg;

	if (*oneline)
		printf("%s %s\n", cmd_safe(row->id), cmd_safe(row->title));
	else
		printf("%s  %-8s %-7s %-8s %s  %s\n", row->day,
		    cmd_safe(row->author), cmd_safe(row->kind), row->private ?
		    "private" : "", cmd_safe(row->id), cmd_safe(row->title));
	return 0;
}

static int
cmd_log_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "author", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "kind", required_argument, NULL, 'k' },
		{ "oneline", no_argument, NULL, 'o' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	struct tend_log_filter		 filter;
	const char			*kinds[MAX_KINDS];
	char				*end;
	long				 limit;
	int				 ch, error, oneline = 0;

	memset(&filter, 0, sizeof(filter));
	filter.kinds = kinds;
	while ((ch = getopt_long(argc, argv, "hn:", options, NULL)) != -1) {
		switch (ch) {
		case 'a':
			filter.author = optarg;
			break;
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'k':
			if (filter.nkinds == MAX_KINDS)
				return cmd_usage_error(self, "there are only "
				    "%d kinds", MAX_KINDS);
			kinds[filter.nkinds++] = optarg;
			break;
		case 'n':
			errno = 0;
			limit = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || errno != 0 ||
			    limit < 1)
				return cmd_usage_error(self, "-n takes a number "
				    "of entries, not '%s'", optarg);
			filter.limit = (size_t)limit;
			break;
		case 'o':
			oneline = 1;
			break;
		case 's':
			filter.since = optarg;
			break;
		case 'u':
			filter.until = optarg;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cmd_usage_error(self, "log takes no arguments");
	cmd_pager(ctx);
	if ((error = tend_log(ctx->journal, &filter, print_row, cmd_warn,
	    &oneline)) < 0)
		return error == TEND_EINVALID ? cmd_usage_error(self, "%s",
		    tend_error()) : cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}
