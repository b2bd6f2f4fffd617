/*
 * Check the journal and its private store, say what is wrong and how to
 * fix each thing, and with --fix repair what is safe to repair.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct doctor_out {
	int	quiet;
	int	json;
	size_t	counts[4];	/* by enum tend_doctor_level */
};

static int	cmd_doctor_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	print_finding(const struct tend_doctor_finding *, void *);
static void	print_summary(const struct doctor_out *);

static const struct cmd_option doctor_options[] = {
	{ "fix", 0, CMD_NOARG, 'f', CMD_COMPLETE_NONE },
	{ "json", 0, CMD_NOARG, 'j', CMD_COMPLETE_NONE },
	{ "offline", 0, CMD_NOARG, 'o', CMD_COMPLETE_NONE },
	{ "quiet", 'q', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.usage = "[--fix] [--offline] [--quiet | --json]",
	.summary = "check the journal's health, and repair what is safe",
	.options = doctor_options,
	.operands = { 0, 0, "doctor takes no arguments", CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL,
	.exec = cmd_doctor_exec,
};

static const char *const level_names[] = {
	"ok", "fixed", "warning", "error",
};

static int
print_finding(const struct tend_doctor_finding *finding, void *arg)
{
	struct doctor_out	*out = arg;

	if (out->json) {
		printf("%s\n    {\"level\": \"%s\", \"check\": \"%s\", "
		    "\"subject\": ", out->counts[0] + out->counts[1] +
		    out->counts[2] + out->counts[3] != 0 ? "," : "",
		    level_names[finding->level], finding->check);
		cmd_json_string(finding->subject, strlen(finding->subject));
		fputs(", \"message\": ", stdout);
		cmd_json_string(finding->message, strlen(finding->message));
		fputs(", \"fix\": ", stdout);
		if (finding->fix != NULL)
			cmd_json_string(finding->fix, strlen(finding->fix));
		else
			fputs("null", stdout);
		putchar('}');
	} else if (!out->quiet || finding->level != TEND_DOCTOR_OK) {
		/* One line each: the library keeps newlines for JSON. */
		printf("%-7s %-11s %s: %s", level_names[finding->level],
		    finding->check, cmd_safe(finding->subject),
		    cmd_safe(finding->message));
		/* A hint belongs to what is still to do. */
		if (finding->fix != NULL && finding->level != TEND_DOCTOR_FIXED)
			printf("; fix: %s", cmd_safe(finding->fix));
		putchar('\n');
	}
	out->counts[finding->level]++;
	return 0;
}

static void
print_summary(const struct doctor_out *out)
{
	size_t	errors = out->counts[TEND_DOCTOR_ERROR];
	size_t	warnings = out->counts[TEND_DOCTOR_WARNING];

	if (out->json) {
		printf("\n  ],\n  \"errors\": %zu,\n  \"warnings\": %zu,\n"
		    "  \"fixed\": %zu,\n  \"ok\": %zu\n}\n", errors, warnings,
		    out->counts[TEND_DOCTOR_FIXED], out->counts[TEND_DOCTOR_OK]);
		return;
	}
	if (out->quiet && errors + warnings + out->counts[TEND_DOCTOR_FIXED] ==
	    0)
		return;
	printf("%zu error%s, %zu warning%s, %zu fixed, %zu ok\n", errors,
	    errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
	    out->counts[TEND_DOCTOR_FIXED], out->counts[TEND_DOCTOR_OK]);
}

static int
cmd_doctor_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct doctor_out	 out;
	const char		*value;
	int			 key, error, flags = 0;

	memset(&out, 0, sizeof(out));
	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'f':
			flags |= TEND_DOCTOR_FIX;
			break;
		case 'j':
			out.json = 1;
			break;
		case 'o':
			flags |= TEND_DOCTOR_OFFLINE;
			break;
		case 'q':
			out.quiet = 1;
			break;
		}
	}
	if (out.json && out.quiet)
		return cmd_usage_error(self, "--json and --quiet cannot be "
		    "combined");
	if (out.json)
		fputs("{\n  \"findings\": [", stdout);
	error = tend_doctor(ctx->journal, flags, print_finding, &out);
	if (error < 0) {
		fflush(stdout);
		return cmd_fail(TEND_ERROR, "cannot check the journal");
	}
	print_summary(&out);
	return out.counts[TEND_DOCTOR_ERROR] != 0 ? EXIT_FAILURE :
	    EXIT_SUCCESS;
}
