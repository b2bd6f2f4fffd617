/* Print one entry, laid out for reading or exactly as stored. */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_show_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);

const struct cmd_option cmd_show_options[] = {
	{ "pretty", 0, CMD_NOARG, 'P', CMD_COMPLETE_NONE },
	{ "raw", 0, CMD_NOARG, 'R', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "[--raw | --pretty] id",
	.summary = "print one entry",
	.options = cmd_show_options,
	.operands = { 1, 1, "give one entry id", CMD_COMPLETE_ENTRY },
	.flags = CMD_JOURNAL,
	.exec = cmd_show_exec,
};

static int
cmd_show_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	return cmd_show_main(self, ctx, args, NULL);
}

int
cmd_show_main(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args, const char *kind)
{
	enum cmd_form	 form = CMD_FORM_AUTO;
	const char	*value;
	int		 key;

	(void)self;
	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'P':
			form = CMD_FORM_PRETTY;
			break;
		case 'R':
			form = CMD_FORM_RAW;
			break;
		}
	}
	return cmd_print_entry(ctx, args->argv[0], kind, form);
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
