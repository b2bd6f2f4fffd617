/* One timeline of the journal's entries, newest first. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define MAX_KINDS	4

static int	cmd_log_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	print_row(const struct tend_log_row *, void *);

static const struct cmd_option log_options[] = {
	{ "author", 0, CMD_ARG, 'a', CMD_COMPLETE_NONE },
	{ "kind", 0, CMD_ARG, 'k', CMD_COMPLETE_ENTRY_KIND },
	{ NULL, 'n', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "oneline", 0, CMD_NOARG, 'o', CMD_COMPLETE_NONE },
	{ "since", 0, CMD_ARG, 's', CMD_COMPLETE_NONE },
	{ "tag", 't', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "until", 0, CMD_ARG, 'u', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.usage = "[--since date] [--until date] [--kind kind]... "
	    "[--author name] [-t tag]... [-n number] [--oneline]",
	.summary = "the timeline of entries, newest first",
	.options = log_options,
	.operands = { 0, 0, "log takes no arguments", CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL,
	.exec = cmd_log_exec,
};

struct log_out {
	const struct cmd_ctx	*ctx;
	int			 oneline;
};

static int
print_row(const struct tend_log_row *row, void *arg)
{
	const struct log_out	*out = arg;
	const char		*plain = cmd_color(out->ctx, CMD_SGR_PLAIN);

	if (out->oneline)
		printf("%s %s\n", cmd_safe(row->id), cmd_safe(row->title));
	else
		printf("%s%s%s  %s %s %s%-8s%s %s  %s\n",
		    cmd_color(out->ctx, CMD_SGR_DIM), row->day, plain,
		    cmd_field(row->author, 8, TEND_FIELD_PAD),
		    cmd_field(row->kind, 7, TEND_FIELD_PAD),
		    row->private ? cmd_color(out->ctx, CMD_SGR_RED) : "",
		    row->private ? "private" : "", row->private ? plain : "",
		    cmd_safe(row->id), cmd_safe(row->title));
	return 0;
}

static int
cmd_log_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_log_filter	 filter;
	struct cmd_tags		 tags = { .count = 0 };
	const char		*kinds[MAX_KINDS], *value;
	char			*end;
	struct log_out		 out = { ctx, 0 };
	long			 limit;
	int			 key, error;

	memset(&filter, 0, sizeof(filter));
	filter.kinds = kinds;
	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'a':
			filter.author = value;
			break;
		case 'k':
			if (filter.nkinds == MAX_KINDS)
				return cmd_usage_error(self, "there are only "
				    "%d kinds", MAX_KINDS);
			kinds[filter.nkinds++] = value;
			break;
		case 'n':
			errno = 0;
			limit = strtol(value, &end, 10);
			if (*end != '\0' || end == value || errno != 0 ||
			    limit < 1)
				return cmd_usage_error(self, "-n takes a number "
				    "of entries, not '%s'", value);
			filter.limit = (size_t)limit;
			break;
		case 'o':
			out.oneline = 1;
			break;
		case 's':
			filter.since = value;
			break;
		case 't':
			if ((error = cmd_tag_add(self, &tags, value)) != 0)
				return error;
			break;
		case 'u':
			filter.until = value;
			break;
		}
	}
	filter.tags = tags.list;
	filter.ntags = tags.count;
	cmd_pager(ctx);
	if ((error = tend_log(ctx->journal, &filter, print_row, cmd_warn,
	    &out)) < 0)
		return error == TEND_EINVALID ? cmd_usage_error(self, "%s",
		    tend_error()) : cmd_fail(error, NULL);
	return EXIT_SUCCESS;
}
