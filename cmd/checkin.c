/* Record the daily check-in: five pillar ratings and a few words. */

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int	cmd_checkin_exec(const struct cmd_entry *, struct cmd_ctx *,
		    int, char **);

const struct cmd_entry cmd_checkin_entry = {
	.name = "checkin",
	.usage = "-r pillar=rating ... [-a text] [-n text] "
	    "[-m text | -F file] [--date date]",
	.summary = "record the daily check-in",
	.flags = CMD_JOURNAL,
	.exec = cmd_checkin_exec,
};

static int
cmd_checkin_exec(const struct cmd_entry *self, struct cmd_ctx *ctx, int argc,
    char **argv)
{
	static const struct option	 options[] = {
		{ "appreciation", required_argument, NULL, 'a' },
		{ "date", required_argument, NULL, 'D' },
		{ "file", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "message", required_argument, NULL, 'm' },
		{ "need", required_argument, NULL, 'n' },
		{ "rate", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct tend_checkin		*checkin;
	const char			*message = NULL, *file = NULL;
	char				*text = NULL, *id = NULL;
	size_t				 len;
	int				 ch, error = 0, status;

	if (tend_checkin_new(&checkin) < 0)
		return cmd_fail(TEND_ENOMEM, NULL);
	while (error == 0 &&
	    (ch = getopt_long(argc, argv, "a:F:hm:n:r:", options, NULL)) != -1) {
		switch (ch) {
		case 'a':
			error = tend_checkin_set_text(checkin,
			    TEND_CHECKIN_APPRECIATION, optarg, strlen(optarg));
			break;
		case 'D':
			error = tend_checkin_set_date(checkin, optarg);
			break;
		case 'F':
			file = optarg;
			break;
		case 'h':
			cmd_usage(self, stdout);
			status = EXIT_SUCCESS;
			goto out;
		case 'm':
			message = optarg;
			break;
		case 'n':
			error = tend_checkin_set_text(checkin,
			    TEND_CHECKIN_NEED, optarg, strlen(optarg));
			break;
		case 'r':
			error = tend_checkin_rate(checkin, optarg);
			break;
		default:
			cmd_usage(self, stderr);
			status = EXIT_USAGE;
			goto out;
		}
	}
	if (error < 0) {
		status = cmd_usage_error(self, "%s", tend_error());
		goto out;
	}
	if (optind != argc) {
		status = cmd_usage_error(self, "unexpected argument '%s'",
		    argv[optind]);
		goto out;
	}
	if (message != NULL && file != NULL) {
		status = cmd_usage_error(self, "-m and -F cannot be combined");
		goto out;
	}
	if (file != NULL) {
		if ((error = tend_fs_read_input(&text, &len, file)) < 0) {
			status = cmd_fail(error, NULL);
			goto out;
		}
		error = tend_checkin_set_text(checkin, TEND_CHECKIN_NOTES,
		    text, len);
	} else if (message != NULL)
		error = tend_checkin_set_text(checkin, TEND_CHECKIN_NOTES,
		    message, strlen(message));
	if (error < 0 || (error = tend_checkin_validate(checkin)) < 0) {
		status = cmd_usage_error(self, "%s", tend_error());
		goto out;
	}
	if ((error = tend_checkin_write(&id, ctx->journal, checkin)) < 0) {
		status = cmd_fail(error, "cannot record the check-in");
		goto out;
	}
	printf("%s\n", id);
	status = EXIT_SUCCESS;
out:
	free(id);
	free(text);
	tend_checkin_free(checkin);
	return status;
}
