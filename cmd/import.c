/*
 * Bring writing from elsewhere into the journal: a jrnl JSON export or a
 * folder of Markdown notes, each entry the local partner's own.
 */

#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"

static int	cmd_import_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	import_row(const struct tend_import_row *, void *);

static const struct cmd_option import_options[] = {
	{ "dry-run", 'n', CMD_NOARG, 'n', CMD_COMPLETE_NONE },
	{ "share", 0, CMD_NOARG, 's', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "[-n | --dry-run] [--share] file | folder",
	.summary = "bring in a jrnl export or a folder of Markdown notes",
	.options = import_options,
	.operands = { 1, 1, "give one jrnl export or one folder of notes",
	    CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL | CMD_WRITES,
	.exec = cmd_import_exec,
};

/* One line an entry: what it becomes, or that it came in before. */
static int
import_row(const struct tend_import_row *row, void *arg)
{
	int	dry_run = *(int *)arg;

	if (row->known)
		printf("%-16s %s  %s\n", "imported before", row->day,
		    cmd_safe(row->origin));
	else
		printf("%-16s %s  %s  %s\n", dry_run ? "would import" :
		    "importing", row->day, cmd_safe(row->id),
		    row->title != NULL ? cmd_field(row->title, 60,
		    TEND_FIELD_CUT) : "");
	return 0;
}

static int
cmd_import_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_import_counts counts;
	const char	*value;
	unsigned int	 flags = 0;
	int		 key, error, dry_run = 0;

	(void)self;
	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'n':
			flags |= TEND_IMPORT_DRY_RUN;
			dry_run = 1;
			break;
		case 's':
			flags |= TEND_IMPORT_SHARE;
			break;
		}
	}
	if ((error = tend_import(&counts, ctx->journal, args->argv[0], flags,
	    import_row, &dry_run)) < 0)
		return cmd_fail(error, "cannot import '%s'", args->argv[0]);
	printf("%zu %s %s%s", counts.imported, counts.imported == 1 ?
	    "entry" : "entries", dry_run ? "would be imported" : "imported",
	    counts.imported == 0 ? "" : (flags & TEND_IMPORT_SHARE) ?
	    ", shared" : ", private");
	if (counts.known != 0)
		printf("; %zu imported before, left out", counts.known);
	printf("\n");
	return EXIT_SUCCESS;
}
