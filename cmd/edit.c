/* Change the text of one of my own entries, private or shared. */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_edit_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);

static const struct cmd_option edit_options[] = {
	{ "file", 'F', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "message", 'm', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_edit_entry = {
	.name = "edit",
	.usage = "[-m text | -F file] id",
	.summary = "change the text of one of your entries",
	.options = edit_options,
	.operands = { 1, 1, "give one entry id", CMD_COMPLETE_ENTRY },
	.flags = CMD_JOURNAL | CMD_WRITES,
	.exec = cmd_edit_exec,
};

static int
cmd_edit_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_entry	*entry = NULL;
	const char		*message = NULL, *file = NULL, *value, *old;
	const char		*id = args->argv[0];
	char			*text = NULL, *edited = NULL;
	size_t			 len;
	int			 key, error, changed = 0;
	int			 status = EXIT_FAILURE;

	while ((key = cmd_args_next(args, &value)) != -1) {
		if (key == 'F')
			file = value;
		else if (key == 'm')
			message = value;
	}
	if (message != NULL && file != NULL)
		return cmd_usage_error(self, "-m and -F cannot be combined");
	if (file == NULL && message == NULL && !isatty(STDIN_FILENO))
		return cmd_usage_error(self, "no text: give -m TEXT or -F "
		    "FILE, or run it on a terminal to use your editor");
	if ((error = tend_entry_find_mine(&entry, ctx->journal, id,
	    0)) < 0) {
		status = cmd_fail(error, "cannot edit '%s'", id);
		goto out;
	}
	id = tend_entry_id(entry);
	if (file != NULL)
		error = tend_fs_read_input(&text, &len, file);
	else if (message != NULL) {
		len = strlen(message);
		error = (text = strdup(message)) == NULL ? TEND_ENOMEM : 0;
	} else {
		/* The whole file, front matter and all, as it is stored. */
		old = tend_entry_text(entry, &len);
		if ((text = strndup(old, len)) == NULL)
			error = TEND_ENOMEM;
		else if ((error = tend_journal_edit(&edited, &len,
		    ctx->journal, text)) == 0)
			error = tend_entry_save(&changed, ctx->journal, entry,
			    edited, len);
	}
	if (error == 0 && edited == NULL)
		error = tend_entry_set_body(&changed, ctx->journal, entry,
		    text, len);
	if (error < 0) {
		status = cmd_fail(error, "cannot edit '%s'", id);
		goto out;
	}
	if (!changed)
		cmd_error("'%s' is unchanged; nothing committed", id);
	printf("%s\n", cmd_safe(id));
	status = EXIT_SUCCESS;
out:
	free(text);
	free(edited);
	tend_entry_free(entry);
	return status;
}
