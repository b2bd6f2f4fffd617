/*
 * Front matter written and read back: any keys and texts tend writes (set
 * as text, in a list, in a nested mapping), composed into an entry file
 * with a body, come back identical through tend_entry_split, and the
 * emitted YAML reads back as the same tree.
 *
 * Input: one shape byte, then NUL-separated strings taken in pairs (key,
 * text); an odd string left at the end is the body.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

#define STRINGS_MAX	64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tend_meta	*meta, *child, *back = NULL;
	struct tend_buf		 file = TEND_BUF_INIT;
	const char		*strings[STRINGS_MAX], *body = "";
	char			*copy, *p, *yaml;
	size_t			 count = 0, i, len, body_at;
	unsigned int		 shape, kind;
	int			 valid = 1, error;

	if (size < 1)
		return 0;
	shape = data[0];
	if ((copy = malloc(size)) == NULL)
		return 0;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	for (p = copy; count < STRINGS_MAX; p += strlen(p) + 1) {
		strings[count++] = p;
		if (p + strlen(p) >= copy + size - 1)
			break;
	}
	for (i = 0; i < count; i++)
		if (tend_text_validate("text", strings[i],
		    strlen(strings[i])) < 0)
			valid = 0;
	if (count % 2 == 1)
		body = strings[--count];

	fuzz_check((meta = tend_meta_new_map()) != NULL);
	for (i = 0; i + 1 < count; i += 2) {
		kind = (shape >> (i % 8)) & 3;
		if (kind == 2) {
			/* A list under the key: this text and the key again. */
			fuzz_check(tend_meta_set_list(&child, meta,
			    strings[i]) == 0);
			fuzz_check(tend_meta_append_text(child,
			    strings[i + 1]) == 0);
			fuzz_check(tend_meta_append_text(child,
			    strings[i]) == 0);
		} else if (kind == 3) {
			/* A nested mapping: the text as key of the key. */
			fuzz_check(tend_meta_set_map(&child, meta,
			    strings[i]) == 0);
			fuzz_check(tend_meta_set_text(child, strings[i + 1],
			    strings[i]) == 0);
		} else
			fuzz_check(tend_meta_set_text(meta, strings[i],
			    strings[i + 1]) == 0);
	}

	error = tend_meta_emit(&yaml, &len, meta);
	if (!valid) {
		/* Bad UTF-8 is refused with a message, or never reaches YAML. */
		if (error == 0)
			free(yaml);
		goto out;
	}
	fuzz_check(error == 0);
	fuzz_check(strlen(yaml) == len && (len == 0 || yaml[len - 1] == '\n'));
	fuzz_check(tend_meta_parse(&back, yaml, len, 2) == 0);
	fuzz_check(fuzz_same_meta(meta, back));
	tend_meta_free(back);
	back = NULL;
	free(yaml);

	/* The whole entry file: the front matter and the body come back. */
	fuzz_check(tend_entry_compose(&file, meta, body) == 0);
	fuzz_check(tend_entry_split(&back, &body_at, "checkin/fuzz.md",
	    file.data, file.len) == 0);
	fuzz_check(fuzz_same_meta(meta, back));
	fuzz_check(strcmp(file.data + body_at, body) == 0);
out:
	tend_meta_free(back);
	tend_meta_free(meta);
	tend_buf_free(&file);
	free(copy);
	return 0;
}
