/* Write a private reflection on a prompt, share one, or list them. */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	cmd_reflect_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	list_prompts(const struct tend_prompts *);
static int	print_reflection(const char *, const char *, const char *, int,
		    void *);

static const struct cmd_option reflect_options[] = {
	{ "date", 0, CMD_ARG, 'D', CMD_COMPLETE_NONE },
	{ "file", 'F', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "list", 0, CMD_NOARG, 'L', CMD_COMPLETE_NONE },
	{ "message", 'm', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ "prompt", 'p', CMD_ARG, 0, CMD_COMPLETE_PROMPT },
	{ "prompts", 0, CMD_NOARG, 'P', CMD_COMPLETE_NONE },
	/* "--share id" shares a private reflection. */
	{ "share", 0, CMD_NOARG, 'S', CMD_COMPLETE_REFLECTION },
	{ "tag", 't', CMD_ARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_reflect_entry = {
	.name = "reflect",
	.usage = "[-p prompt] [-t tag]... [--date date] [--share] "
	    "[-m text | -F file]\n"
	    "--share id\n"
	    "--prompts\n"
	    "--list",
	.summary = "write a private reflection on a prompt",
	.options = reflect_options,
	/* Which options go with an id is checked with the rest. */
	.operands = { 0, CMD_ANY, NULL, CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL | CMD_WRITES,
	.exec = cmd_reflect_exec,
};

static int
list_prompts(const struct tend_prompts *prompts)
{
	const struct tend_prompt	*p;
	const char			*last;
	size_t				 i;

	for (i = 0; i < tend_prompts_count(prompts); i++) {
		p = tend_prompts_at(prompts, i);
		last = tend_prompt_last_answered(p);
		/* A journal's .tend/content may hold prompts of its own. */
		printf("%s %s %s\n", cmd_field(tend_prompt_id(p), 32,
		    TEND_FIELD_PAD), cmd_field(last != NULL ? last : "never",
		    10, TEND_FIELD_PAD), cmd_safe(tend_prompt_question(p)));
	}
	return EXIT_SUCCESS;
}

static int
print_reflection(const char *id, const char *date, const char *prompt,
    int shared, void *arg)
{
	char	day[11];

	(void)arg;
	/* The day of an RFC 3339 time. */
	snprintf(day, sizeof(day), "%s", date);
	printf("%s  %-7s  %s  (%s)\n", cmd_safe(day), shared ? "shared" :
	    "private", cmd_safe(id), cmd_safe(prompt));
	return 0;
}

static int
cmd_reflect_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	const struct tend_prompt	*prompt;
	struct tend_prompts		*prompts = NULL;
	struct tend_reflect_new		 new;
	struct cmd_tags			 tags = { .count = 0 };
	const char			*date = NULL;
	const char			*message = NULL, *file = NULL;
	const char			*prompt_id = NULL, *me, *value;
	char				*text = NULL, *id = NULL;
	char				**argv = args->argv;
	size_t				 len;
	int				 key, share = 0, list = 0;
	int				 show_prompts = 0, argc = args->argc;
	int				 error, status = EXIT_FAILURE;

	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'D':
			date = value;
			break;
		case 't':
			if ((status = cmd_tag_add(self, &tags, value)) != 0)
				return status;
			break;
		case 'F':
			file = value;
			break;
		case 'L':
			list = 1;
			break;
		case 'm':
			message = value;
			break;
		case 'p':
			prompt_id = value;
			break;
		case 'P':
			show_prompts = 1;
			break;
		case 'S':
			share = 1;
			break;
		}
	}
	if (message != NULL && file != NULL)
		return cmd_usage_error(self, "-m and -F cannot be combined");
	if (list + show_prompts + (argc != 0) > 1 ||
	    ((list || show_prompts || argc != 0) &&
	    (message != NULL || file != NULL || prompt_id != NULL ||
	    tags.count != 0 || date != NULL)) ||
	    (argc != 0 && !share) || ((list || show_prompts) && share))
		return cmd_usage_error(self, "these options and arguments "
		    "cannot be combined");
	if (argc > 1)
		return cmd_usage_error(self, "one reflection at a time");
	/* Said before the editor opens, not after. */
	if (date != NULL && tend_date_check_written("--date", date) < 0)
		return cmd_usage_error(self, "%s", tend_error());
	if (list) {
		if ((error = tend_reflect_list(ctx->journal, print_reflection,
		    NULL)) < 0)
			return cmd_fail(error, "cannot list reflections");
		return EXIT_SUCCESS;
	}
	if (argc == 1) {
		if ((error = tend_reflect_share(&id, ctx->journal, argv[0])) < 0)
			return cmd_fail(error, "cannot share '%s'", argv[0]);
		printf("%s\n", id);
		free(id);
		return EXIT_SUCCESS;
	}
	if (!show_prompts && (error = tend_journal_whoami(&me,
	    ctx->journal)) < 0)
		return cmd_fail(error, NULL);
	if ((error = tend_prompts_load(&prompts, ctx->journal, cmd_warn,
	    NULL)) < 0)
		return cmd_fail(error, "cannot load the reflection prompts");
	if (show_prompts) {
		status = list_prompts(prompts);
		goto out;
	}
	error = prompt_id != NULL ? tend_prompts_find(&prompt, prompts,
	    prompt_id) : tend_prompts_next(&prompt, prompts);
	if (error < 0) {
		status = prompt_id != NULL ? cmd_usage_error(self, "%s",
		    tend_error()) : cmd_fail(error, NULL);
		goto out;
	}
	if (file != NULL)
		error = tend_fs_read_input(&text, &len, file);
	else if (message != NULL) {
		len = strlen(message);
		error = (text = strdup(message)) == NULL ? TEND_ENOMEM : 0;
	} else if (isatty(STDIN_FILENO))
		error = tend_reflect_edit(&text, &len, ctx->journal, prompt);
	else {
		status = cmd_usage_error(self, "no text: give -m TEXT or "
		    "-F FILE, or run it on a terminal to use your editor");
		goto out;
	}
	if (error < 0) {
		status = cmd_fail(error, NULL);
		goto out;
	}
	memset(&new, 0, sizeof(new));
	new.prompt = prompt;
	new.text = text;
	new.len = len;
	new.where = share ? TEND_IN_JOURNAL : TEND_IN_PRIVATE;
	new.tags = tags.list;
	new.ntags = tags.count;
	new.date = date;
	if ((error = tend_reflect_write(&id, ctx->journal, &new)) < 0) {
		status = cmd_fail(error, "cannot write the reflection");
		goto out;
	}
	printf("%s\n", id);
	status = EXIT_SUCCESS;
out:
	free(id);
	free(text);
	tend_prompts_free(prompts);
	return status;
}
