/*
 * Device keys: list each partner's keys and whether this machine trusts
 * them, and confirm a partner's new key once compared with them.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static int	key_list(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	key_confirm(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	key_invite(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	key_rotate(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	print_key(const struct tend_key_row *, void *);

static const struct cmd_entry key_verbs[] = {
	{ .name = "list", .exec = key_list,
	  .operands = { 0, 0, "list takes no arguments", CMD_COMPLETE_NONE } },
	{ .name = "confirm", .exec = key_confirm,
	  .operands = { 1, 2, "give a partner, and the fingerprint you "
	      "compared", CMD_COMPLETE_NONE } },
	{ .name = "invite", .exec = key_invite,
	  .operands = { 0, 0, "invite takes no arguments",
	      CMD_COMPLETE_NONE } },
	{ .name = "rotate", .exec = key_rotate,
	  .operands = { 0, 0, "rotate takes no arguments",
	      CMD_COMPLETE_NONE } },
	{ .name = "remove", .exec = key_rotate,
	  .operands = { 1, 1, "give the partner who leaves",
	      CMD_COMPLETE_NONE } },
	{ .name = NULL }
};

/* Without a verb, the list. */
const struct cmd_entry cmd_key_entry = {
	.name = "key",
	.usage = "[list]\n"
	    "confirm partner [fingerprint]\n"
	    "invite\n"
	    "rotate\n"
	    "remove partner",
	.summary = "list and confirm device keys; invite one to read",
	.operands = { 0, 0, "give a verb: list or confirm", CMD_COMPLETE_NONE },
	.verbs = key_verbs,
	.flags = CMD_JOURNAL,
	.exec = key_list,
};

static const char *const state_names[] = {
	[TEND_KEY_MINE] = "this device",
	[TEND_KEY_TRUSTED] = "trusted",
	[TEND_KEY_NEW] = "trusted",
	[TEND_KEY_UNCONFIRMED] = "unconfirmed",
	[TEND_KEY_RETIRED] = "retired",
};

static int
print_key(const struct tend_key_row *row, void *arg)
{
	int	*header = arg;

	if (!*header) {
		printf("%s  %-12s %s\n", cmd_field("partner", 16,
		    TEND_FIELD_PAD), "state", "fingerprint");
		*header = 1;
	}
	printf("%s  %-12s %s\n%*s%s\n", cmd_field(row->partner, 16,
	    TEND_FIELD_CUT | TEND_FIELD_PAD), state_names[row->state],
	    row->fingerprint, 31, "", row->words);
	return 0;
}

static int
key_list(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	int	header = 0;

	(void)self;
	(void)args;
	if (tend_key_list(ctx->journal, print_key, &header) < 0)
		return cmd_fail(TEND_ERROR, "cannot list the keys");
	if (!header)
		printf("no partner has a device key yet\n");
	return EXIT_SUCCESS;
}

static int
key_confirm(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	char	fingerprint[TEND_KEY_FINGERPRINT_SIZE];
	int	error;

	(void)self;
	if ((error = tend_key_confirm(fingerprint, ctx->journal, args->argv[0],
	    args->argc > 1 ? args->argv[1] : NULL)) < 0)
		return cmd_fail(error, "cannot confirm a key of '%s'",
		    args->argv[0]);
	printf("trusting %s's key %s\n", cmd_safe(args->argv[0]), fingerprint);
	return EXIT_SUCCESS;
}

/*
 * On a terminal, the code with what to do with it; otherwise the code
 * alone, for a script to pass on.
 */
static int
key_invite(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	char	*code;
	int	 error;

	(void)self;
	(void)args;
	if ((error = tend_key_invite(&code, ctx->journal)) < 0)
		return cmd_fail(error, "cannot invite a device");
	if (isatty(STDOUT_FILENO))
		printf("Share the journal with 'tend sync', then give these "
		    "twelve words to the\npartner who joins, in person or "
		    "where only they can read them:\n\n  %s\n\nThey join "
		    "with 'tend clone --me NAME --code - URL', which asks for "
		    "the words.\nThe words open this invitation once; anyone "
		    "who has them before it is used\ncan read the journal.\n",
		    code);
	else
		printf("%s\n", code);
	free(code);
	return EXIT_SUCCESS;
}

/* A new key generation; with a partner, theirs taken out first. */
static int
key_rotate(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	const char	*leaving = args->argc > 0 ? args->argv[0] : NULL;
	unsigned long	 generation;
	int		 error;

	(void)self;
	if ((error = tend_key_rotate(&generation, ctx->journal, leaving)) < 0)
		return cmd_fail(error, "cannot start a new key generation");
	if (leaving != NULL)
		printf("took %s's devices out of the keyring; what is written "
		    "from now on is sealed with key generation %lu, which they "
		    "do not hold\n", cmd_safe(leaving), generation);
	else
		printf("what is written from now on is sealed with key "
		    "generation %lu\n", generation);
	printf("sync to share it; every file was sealed anew\n");
	return EXIT_SUCCESS;
}

int
cmd_key_told(const struct tend_key_row *row, void *arg)
{
	FILE	*fp = arg != NULL ? arg : stdout;

	if (row->state == TEND_KEY_NEW)
		fprintf(fp, "trusting %s's device key %s, the first they "
		    "published; compare it with them ('tend key list')\n  %s\n",
		    cmd_safe(row->partner), row->fingerprint, row->words);
	else
		fprintf(fp, "%s published a new device key %s, not trusted "
		    "yet; once you have compared it with them, run 'tend key "
		    "confirm %s'\n  %s\n", cmd_safe(row->partner),
		    row->fingerprint, cmd_safe(row->partner), row->words);
	return 0;
}
