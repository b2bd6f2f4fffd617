/* Read and change tend.conf, or this machine's settings with --local. */

#include <getopt.h>
#include <stdlib.h>

#include "cmd.h"

static int	cmd_config_exec(const struct cmd_entry *, struct cmd_ctx *,
		    int, char **);
static int	print_setting(const char *, const char *, void *);

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.usage = "[--local] key [value]\n"
	    "[--local] --list",
	.summary = "read or change the journal's settings",
	.flags = CMD_JOURNAL,
	.exec = cmd_config_exec,
};

static int
print_setting(const char *key, const char *value, void *arg)
{
	(void)arg;
	printf("%s=%s\n", key, value);
	return 0;
}

static int
cmd_config_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "list", no_argument, NULL, 'l' },
		{ "local", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	char				*value;
	int				 ch, error, list = 0, local = 0;

	while ((ch = getopt_long(argc, argv, "hl", options, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'l':
			list = 1;
			break;
		case 'L':
			local = 1;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (list) {
		if (argc != 0)
			return cmd_usage_error(self, "--list takes no key");
		if ((error = tend_config_list(ctx->journal, local,
		    print_setting, NULL)) < 0)
			return cmd_fail(error, NULL);
		return EXIT_SUCCESS;
	}
	if (argc < 1 || argc > 2)
		return cmd_usage_error(self, "give a key, and a value to set "
		    "it to");
	if (argc == 2) {
		if ((error = tend_config_set(ctx->journal, local, argv[0],
		    argv[1])) < 0)
			return cmd_fail(error, "cannot set '%s'", argv[0]);
		return EXIT_SUCCESS;
	}
	if ((error = tend_config_get(&value, ctx->journal, local,
	    argv[0])) < 0) {
		/* Like git config: an unset key is exit 1, said quietly. */
		if (error == TEND_ENOTFOUND)
			return EXIT_FAILURE;
		return cmd_fail(error, NULL);
	}
	printf("%s\n", value);
	free(value);
	return EXIT_SUCCESS;
}
