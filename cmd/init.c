/* Make a journal, or adopt the git repository already in its folder. */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define MAX_PARTNERS	16

static int	cmd_init_exec(const struct cmd_entry *, struct cmd_ctx *, int,
		    char **);

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "[--me name] [--partner name]... [dir]",
	.summary = "make a journal, or adopt a git repository",
	.flags = 0,
	.exec = cmd_init_exec,
};

static int
cmd_init_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "me", required_argument, NULL, 'M' },
		{ "partner", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	struct tend_journal		*journal;
	const char			*partners[MAX_PARTNERS];
	const char			*me = NULL, *dir;
	char				*default_dir = NULL;
	size_t				 npartners = 0, i;
	int				 ch, error;

	while ((ch = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_usage(self, stdout);
			return EXIT_SUCCESS;
		case 'M':
			me = optarg;
			break;
		case 'P':
			if (npartners == MAX_PARTNERS)
				return cmd_usage_error(self, "at most %d "
				    "partners at once", MAX_PARTNERS);
			partners[npartners++] = optarg;
			break;
		default:
			cmd_usage(self, stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		return cmd_usage_error(self, "one folder at most");
	if (argc == 1)
		dir = argv[0];
	else if (ctx->dir != NULL)
		dir = ctx->dir;
	else if ((error = tend_journal_default_dir(&default_dir)) < 0)
		return cmd_fail(error, NULL);
	else
		dir = default_dir;
	error = tend_journal_init(&journal, dir, ctx->content_dir, me,
	    partners, npartners);
	if (error == TEND_EEXISTS) {
		printf("%s\n", cmd_safe(tend_error()));
		free(default_dir);
		return EXIT_SUCCESS;
	}
	if (error < 0) {
		error = cmd_fail(error, "cannot make a journal in '%s'", dir);
		free(default_dir);
		return error;
	}
	printf("made a journal in '%s' for ", tend_journal_path(journal));
	for (i = 0; i < tend_journal_partner_count(journal); i++)
		printf("%s%s", i == 0 ? "" :
		    i + 1 == tend_journal_partner_count(journal) ? " and " :
		    ", ", tend_journal_partner_name(journal, i));
	printf("; you are '%s'\n", tend_journal_me(journal));
	tend_journal_free(journal);
	free(default_dir);
	return EXIT_SUCCESS;
}
