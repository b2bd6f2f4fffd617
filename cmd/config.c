/* Read and change tend.conf, or this machine's settings with --local. */

#include <stdlib.h>

#include "cmd.h"

static int	cmd_config_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	print_setting(const char *, const char *, void *);

static const struct cmd_option config_options[] = {
	{ "list", 'l', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ "local", 0, CMD_NOARG, 'L', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.usage = "[--local] key [value]\n"
	    "[--local] --list",
	.summary = "read or change the journal's settings",
	.options = config_options,
	/* How many depends on --list. */
	.operands = { 0, CMD_ANY, NULL, CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL,
	.exec = cmd_config_exec,
};

static int
print_setting(const char *key, const char *value, void *arg)
{
	(void)arg;
	/* tend.conf is shared: a partner may have written anything there. */
	printf("%s=%s\n", cmd_safe(key), cmd_safe(value));
	return 0;
}

static int
cmd_config_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	enum tend_config_file	 file = TEND_CONFIG_SHARED, owner;
	const char		*arg;
	char			*value, **argv = args->argv;
	int			 key, error, argc = args->argc, list = 0;

	while ((key = cmd_args_next(args, &arg)) != -1) {
		switch (key) {
		case 'l':
			list = 1;
			break;
		case 'L':
			file = TEND_CONFIG_LOCAL;
			break;
		}
	}
	if (list) {
		if (argc != 0)
			return cmd_usage_error(self, "--list takes no key");
		if ((error = tend_config_list(ctx->journal, file,
		    print_setting, NULL)) < 0)
			return cmd_fail(error, NULL);
		return EXIT_SUCCESS;
	}
	if (argc < 1 || argc > 2)
		return cmd_usage_error(self, "give a key, and a value to set "
		    "it to");
	/* A key only this machine's file has needs no --local. */
	if (file == TEND_CONFIG_SHARED &&
	    tend_config_file_of(&owner, argv[0]) == 0)
		file = owner;
	if (argc == 2) {
		if ((error = tend_config_set(ctx->journal, file, argv[0],
		    argv[1])) < 0)
			return cmd_fail(error, "cannot set '%s'", argv[0]);
		return EXIT_SUCCESS;
	}
	if ((error = tend_config_get(&value, ctx->journal, file,
	    argv[0])) < 0) {
		/* Like git config: an unset key is exit 1, said quietly. */
		if (error == TEND_ENOTFOUND)
			return EXIT_FAILURE;
		return cmd_fail(error, NULL);
	}
	printf("%s\n", cmd_safe(value));
	free(value);
	return EXIT_SUCCESS;
}
