/* The -t and --tag options that every kind of entry takes. */

#include "../cmd.h"

int
cmd_tag_add(const struct cmd_entry *self, struct cmd_tags *tags,
    const char *value)
{
	char	word[TEND_TAG_MAX + 1];

	/* Said now, naming the tag, rather than after an editor closes. */
	if (tend_tag_check(word, value) < 0)
		return cmd_usage_error(self, "%s", tend_error());
	if (tags->count == TEND_TAGS_MAX)
		return cmd_usage_error(self, "at most %d tags", TEND_TAGS_MAX);
	tags->list[tags->count++] = value;
	return 0;
}
