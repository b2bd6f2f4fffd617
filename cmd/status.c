/*
 * The dashboard partners look at every day: check-ins and streaks, the
 * pillars over time, what wants attention, and patterns said plainly.
 */

#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define EXIT_ATTENTION	3	/* --quiet: something wants attention */
#define STATUS_TAGS	8	/* the tags the dashboard names */

static int	cmd_status_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	utf8_locale(void);
static void	sparkline(const double *, int);
static void	print_text(const struct cmd_ctx *, const struct tend_dashboard *,
		    int);
static void	print_json(const struct tend_dashboard *);
static void	json_number(double);
static void	json_list(const char *, char *const *, size_t, int);
static void	print_names(const char *, char *const *, size_t);

static const struct cmd_option status_options[] = {
	{ "json", 0, CMD_NOARG, 'j', CMD_COMPLETE_NONE },
	{ "quiet", 'q', CMD_NOARG, 0, CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[--json | --quiet]",
	.summary = "the dashboard: check-ins, pillars, what wants attention",
	.options = status_options,
	.operands = { 0, 0, "status takes no arguments", CMD_COMPLETE_NONE },
	.flags = CMD_JOURNAL,
	.exec = cmd_status_exec,
};

/* The sparkline's blocks need a UTF-8 locale; else digits stand in. */
static int
utf8_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char		*value;
	size_t			 i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((value = getenv(vars[i])) != NULL && value[0] != '\0')
			return strstr(value, "UTF-8") != NULL ||
			    strstr(value, "utf8") != NULL ||
			    strstr(value, "utf-8") != NULL;
	return 0;
}

static void
sparkline(const double *weekly, int utf8)
{
	static const char *const blocks[] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
		"\u2587", "\u2588",
	};
	size_t			 w;
	int			 level;

	for (w = 0; w < TEND_DASHBOARD_WEEKS; w++) {
		if (weekly[w] < 0) {
			fputs(utf8 ? " " : ".", stdout);
			continue;
		}
		/* Ratings 1 to 5 onto eight heights, or the rating itself. */
		level = (int)((weekly[w] - 1) / 4 * 7 + 0.5);
		if (utf8)
			fputs(blocks[level < 0 ? 0 : level > 7 ? 7 : level],
			    stdout);
		else
			printf("%d", (int)(weekly[w] + 0.5));
	}
}

static void
print_names(const char *label, char *const *names, size_t count)
{
	size_t	i;

	if (count == 0)
		return;
	printf("  %s: ", label);
	for (i = 0; i < count; i++)
		printf("%s%s", i != 0 ? ", " : "", cmd_safe(names[i]));
	putchar('\n');
}

static void
print_text(const struct cmd_ctx *ctx, const struct tend_dashboard *dash,
    int utf8)
{
	const struct tend_dashboard_partner	*p;
	const char				*bold, *plain;
	size_t					 i, k;
	int					 any;

	/* Headings in bold, so that the sections are found at a glance. */
	bold = cmd_color(ctx, CMD_SGR_BOLD);
	plain = cmd_color(ctx, CMD_SGR_PLAIN);
	printf("%sToday, %s%s\n", bold, dash->today, plain);
	for (i = 0; i < dash->npartners; i++) {
		p = &dash->partners[i];
		printf("  %s %-22s %d day%s in a row\n", cmd_field(p->name,
		    12, TEND_FIELD_PAD), p->today ? "checked in" :
		    "not checked in yet", p->streak, p->streak == 1 ? "" : "s");
	}
	printf("  everyone: %d day%s in a row\n", dash->streak,
	    dash->streak == 1 ? "" : "s");

	printf("\n%sPillars (last 4 weeks, %d weeks, change)%s\n", bold,
	    TEND_DASHBOARD_WEEKS, plain);
	for (k = 0; k < TEND_PILLAR_COUNT; k++) {
		for (i = 0; i < dash->npartners; i++) {
			p = &dash->partners[i];
			printf("  %-14s %s ", i == 0 ? tend_pillar_key(k) : "",
			    cmd_field(p->name, 10, TEND_FIELD_CUT |
			    TEND_FIELD_PAD));
			if (p->recent[k] < 0)
				fputs(" -  ", stdout);
			else
				printf("%.1f ", p->recent[k]);
			sparkline(p->weekly[k], utf8);
			if (p->recent[k] >= 0 && p->before[k] >= 0)
				printf("  %+.1f", p->recent[k] - p->before[k]);
			putchar('\n');
		}
	}
	for (any = 0, k = 0; k < TEND_PILLAR_COUNT; k++) {
		if (!dash->differ[k])
			continue;
		if (!any++)
			printf("\n%sWhere you see it differently%s\n", bold,
			    plain);
		printf("  %s:", tend_pillar_key(k));
		for (i = 0; i < dash->npartners; i++)
			if (dash->partners[i].recent[k] >= 0)
				printf(" %s %.1f%s",
				    cmd_safe(dash->partners[i].name),
				    dash->partners[i].recent[k],
				    i + 1 < dash->npartners ? "," : "");
		putchar('\n');
	}

	printf("\n%sResentments%s\n", bold, plain);
	printf("  private, mine: %zu", dash->private_resentments);
	if (dash->private_resentments != 0)
		printf(" (the oldest %ld days)", dash->oldest_private);
	printf("\n  raised, open: %zu", dash->raised_resentments);
	if (dash->raised_resentments != 0)
		printf(" (the oldest %ld days)", dash->oldest_raised);
	printf("\n  resolved in the last 30 days: %zu\n",
	    dash->resolved_recently);

	/* One line, the most used first; the rest are for tend log --tag. */
	if (dash->ntags != 0) {
		printf("\n%sTags%s (last %d days):", bold, plain,
		    TEND_DASHBOARD_TAG_DAYS);
		for (i = 0; i < dash->ntags && i < STATUS_TAGS; i++)
			printf("%s %s %zu", i != 0 ? "," : "",
			    cmd_safe(dash->tags[i].tag), dash->tags[i].count);
		if (dash->ntags > STATUS_TAGS)
			printf(", and %zu more", dash->ntags - STATUS_TAGS);
		putchar('\n');
	}

	if (dash->nto_sign + dash->namended + dash->nconflicts +
	    dash->nreview_due + dash->nunverified != 0) {
		printf("\n%sAgreements%s\n", bold, plain);
		print_names("awaiting your signature", dash->to_sign,
		    dash->nto_sign);
		print_names("amended since everyone signed", dash->amended,
		    dash->namended);
		print_names("two versions to settle", dash->conflicts,
		    dash->nconflicts);
		print_names("due for review", dash->review_due,
		    dash->nreview_due);
		print_names("a signature that does not count",
		    dash->unverified, dash->nunverified);
	}

	if (dash->nkeys_to_confirm != 0) {
		printf("\n%sKeys%s\n", bold, plain);
		print_names("new, to compare and confirm",
		    dash->keys_to_confirm, dash->nkeys_to_confirm);
	}

	if (dash->npatterns != 0) {
		printf("\n%sPatterns%s\n", bold, plain);
		for (i = 0; i < dash->npatterns; i++)
			printf("  %s.\n", cmd_safe(dash->patterns[i]));
		printf("\nPatterns like these are hard to see from inside a "
		    "relationship; talking them\nthrough with a couples "
		    "counsellor can help.\n");
	}
}

static void
json_number(double value)
{
	if (value < 0)
		fputs("null", stdout);
	else
		printf("%.2f", value);
}

static void
json_list(const char *key, char *const *items, size_t count, int last)
{
	size_t	i;

	printf("  \"%s\": [", key);
	for (i = 0; i < count; i++) {
		if (i != 0)
			fputs(", ", stdout);
		cmd_json_safe(items[i]);
	}
	printf("]%s\n", last ? "" : ",");
}

static void
print_json(const struct tend_dashboard *dash)
{
	const struct tend_dashboard_partner	*p;
	size_t					 i, k, w;

	printf("{\n  \"today\": \"%s\",\n  \"streak\": %d,\n"
	    "  \"partners\": [\n", dash->today, dash->streak);
	for (i = 0; i < dash->npartners; i++) {
		p = &dash->partners[i];
		fputs("    {\"id\": ", stdout);
		cmd_json_safe(p->id);
		fputs(", \"name\": ", stdout);
		cmd_json_safe(p->name);
		printf(", \"checked_in_today\": %s, \"streak\": %d,\n"
		    "     \"pillars\": {", p->today ? "true" : "false",
		    p->streak);
		for (k = 0; k < TEND_PILLAR_COUNT; k++) {
			printf("%s\n       \"%s\": {\"recent\": ", k != 0 ? "," :
			    "", tend_pillar_key(k));
			json_number(p->recent[k]);
			fputs(", \"before\": ", stdout);
			json_number(p->before[k]);
			fputs(", \"weekly\": [", stdout);
			for (w = 0; w < TEND_DASHBOARD_WEEKS; w++) {
				if (w != 0)
					fputs(", ", stdout);
				json_number(p->weekly[k][w]);
			}
			fputs("]}", stdout);
		}
		printf("}}%s\n", i + 1 < dash->npartners ? "," : "");
	}
	fputs("  ],\n  \"seen_differently\": [", stdout);
	for (i = 0, k = 0; k < TEND_PILLAR_COUNT; k++)
		if (dash->differ[k])
			printf("%s\"%s\"", i++ != 0 ? ", " : "",
			    tend_pillar_key(k));
	printf("],\n  \"resentments\": {\"private\": %zu, "
	    "\"oldest_private_days\": %ld, \"raised\": %zu, "
	    "\"oldest_raised_days\": %ld, \"resolved_30_days\": %zu},\n",
	    dash->private_resentments, dash->oldest_private,
	    dash->raised_resentments, dash->oldest_raised,
	    dash->resolved_recently);
	json_list("to_sign", dash->to_sign, dash->nto_sign, 0);
	json_list("amended", dash->amended, dash->namended, 0);
	json_list("conflicts", dash->conflicts, dash->nconflicts, 0);
	json_list("review_due", dash->review_due, dash->nreview_due, 0);
	json_list("unverified", dash->unverified, dash->nunverified, 0);
	json_list("keys_to_confirm", dash->keys_to_confirm,
	    dash->nkeys_to_confirm, 0);
	json_list("patterns", dash->patterns, dash->npatterns, 0);
	printf("  \"tags\": {");
	for (i = 0; i < dash->ntags; i++) {
		printf("%s", i != 0 ? ", " : "");
		cmd_json_safe(dash->tags[i].tag);
		printf(": %zu", dash->tags[i].count);
	}
	printf("},\n");
	printf("  \"attention\": %s\n}\n", dash->attention ? "true" : "false");
}

static int
cmd_status_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	struct tend_dashboard	*dash;
	const char		*value;
	int			 key, error, json = 0, quiet = 0;
	int			 status;

	while ((key = cmd_args_next(args, &value)) != -1) {
		switch (key) {
		case 'j':
			json = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		}
	}
	if (json && quiet)
		return cmd_usage_error(self, "--json and --quiet cannot be "
		    "combined");
	/* --quiet is for prompts and cron: a warning would be said each time. */
	if ((error = tend_dashboard_read(&dash, ctx->journal, quiet ? NULL :
	    cmd_warn, NULL)) < 0)
		return cmd_fail(error, "cannot read the journal");
	status = EXIT_SUCCESS;
	if (quiet)
		status = dash->attention ? EXIT_ATTENTION : EXIT_SUCCESS;
	else if (json)
		print_json(dash);
	else {
		/* Longer than the screen, the top would scroll out of sight. */
		cmd_pager(ctx);
		print_text(ctx, dash, utf8_locale());
	}
	tend_dashboard_free(dash);
	return status;
}
