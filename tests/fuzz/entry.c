/*
 * The entry parser: any file either parses or is refused with a message;
 * a parsed entry keeps its text byte for byte, renders for a terminal
 * with nothing that could steer it, and written back (front matter and
 * body composed again) parses to the same front matter and body.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tend_entry	*entry, *again;
	struct tend_buf		 file = TEND_BUF_INIT;
	const char		*text;
	char			*shown;
	size_t			 len;

	if (tend_entry_parse(&entry, "checkin/2026-11-24-alex.md",
	    (const char *)data, size) < 0) {
		fuzz_check(tend_error()[0] != '\0');
		return 0;
	}
	text = tend_entry_text(entry, &len);
	fuzz_check(len == size && memcmp(text, data, size) == 0);
	fuzz_check(strcmp(tend_entry_id(entry), "2026-11-24-alex") == 0);
	fuzz_check(tend_entry_kind(entry) != NULL);
	fuzz_check(tend_entry_body(entry) >= text &&
	    tend_entry_body(entry) <= text + len);

	fuzz_check(tend_entry_render(&shown, entry, 0) == 0);
	fuzz_check(fuzz_terminal_safe((const unsigned char *)shown,
	    strlen(shown), 0));
	free(shown);
	fuzz_check(tend_entry_render(&shown, entry, TEND_RENDER_COLOR |
	    TEND_RENDER_WIDTH(20)) == 0);
	fuzz_check(fuzz_terminal_safe((const unsigned char *)shown,
	    strlen(shown), 1));
	free(shown);

	/* Written back as tend writes an entry, it reads the same. */
	fuzz_check(tend_entry_compose(&file, tend_entry_meta(entry),
	    tend_entry_body(entry)) == 0);
	fuzz_check(tend_entry_parse(&again, "checkin/2026-11-24-alex.md",
	    file.data, file.len) == 0);
	fuzz_check(fuzz_same_meta(tend_entry_meta(entry), tend_entry_meta(again)));
	fuzz_check(strcmp(tend_entry_body(entry), tend_entry_body(again)) == 0);
	tend_entry_free(again);
	tend_buf_free(&file);
	tend_entry_free(entry);
	return 0;
}
