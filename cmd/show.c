/* Print one entry, laid out for reading or exactly as stored. */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_show_exec(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "[--raw | --pretty] id",
	.summary = "print one entry",
	.flags = CMD_JOURNAL,
	.exec = cmd_show_exec,
};

static int
cmd_show_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	return cmd_show_main(self, ctx, argc, argv, NULL);
}

int
cmd_show_main(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv, const char *kind)
{
	static const struct option	 options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "pretty", no_argument, NULL, 'P' },
		{ "raw", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	enum cmd_form			 form = CMD_FORM_AUTO;
	int				 ch;

	while ((ch = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'P':
			form = CMD_FORM_PRETTY;
			break;
		case 'R':
			form = CMD_FORM_RAW;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cmd_usage_error(self, "give one entry id");
	return cmd_print_entry(ctx, argv[optind], kind, form);
}

int
cmd_print_entry(struct cmd_ctx *ctx, const char *id, const char *kind,
    enum cmd_form form)
{
	struct tend_entry	*entry;
	const char		*text;
	char			*rendered;
	size_t			 len;
	int			 error;

	if ((error = tend_entry_find(&entry, ctx->journal, id)) < 0)
		return cmd_fail(TEND_ERROR, NULL);
	if (kind != NULL && strcmp(tend_entry_kind(entry), kind) != 0) {
		cmd_error("'%s' is a %s entry, not a %s entry",
		    tend_entry_id(entry), tend_entry_kind(entry), kind);
		tend_entry_free(entry);
		return EXIT_FAILURE;
	}
	if (form == CMD_FORM_AUTO)
		form = isatty(STDOUT_FILENO) ? CMD_FORM_PRETTY : CMD_FORM_RAW;
	cmd_pager(ctx);
	if (form == CMD_FORM_RAW) {
		text = tend_entry_text(entry, &len);
		fwrite(text, 1, len, stdout);
	} else if ((error = tend_entry_render(&rendered, entry,
	    ctx->render_flags)) < 0) {
		tend_entry_free(entry);
		return cmd_fail(error, "cannot show '%s'", id);
	} else {
		fputs(rendered, stdout);
		free(rendered);
	}
	tend_entry_free(entry);
	return EXIT_SUCCESS;
}
