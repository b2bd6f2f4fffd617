/*
 * Shared by the fuzz harnesses: the entry point every harness defines, an
 * assertion that holds in every build, and checks of output text.
 * A harness is one C file; libFuzzer (make fuzz, -DTEND_LIBFUZZER) or
 * replay.c, included below (make check), supplies main.
 */
#ifndef TEND_FUZZ_H
#define TEND_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Not assert(3): NDEBUG must never turn a property off. */
#define fuzz_check(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/*
 * Whether S is valid UTF-8 (no overlong forms, surrogates or code points
 * past U+10FFFF), written apart from lib/text.c so the two check each
 * other.
 */
static inline int
fuzz_utf8_valid(const unsigned char *s, size_t len)
{
	size_t		i = 0, need, k;
	uint32_t	cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			need = 1;
			cp = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			need = 2;
			cp = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			need = 3;
			cp = s[i] & 0x07;
		} else
			return 0;
		if (len - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

/*
 * Whether S is safe for a terminal: valid UTF-8 with no C0 control but
 * newline and tab, no DEL, no C1 control and no bidirectional override or
 * isolate.  With SGR, "ESC [ digits/semicolons m" colour sequences (tend's
 * own) are allowed.
 */
static inline int
fuzz_terminal_safe(const unsigned char *s, size_t len, int sgr)
{
	size_t	i, j;

	if (!fuzz_utf8_valid(s, len))
		return 0;
	for (i = 0; i < len; i++) {
		if (sgr && s[i] == 0x1b && i + 1 < len && s[i + 1] == '[') {
			for (j = i + 2; j < len && ((s[j] >= '0' &&
			    s[j] <= '9') || s[j] == ';'); j++)
				;
			if (j < len && s[j] == 'm') {
				i = j;
				continue;
			}
			return 0;
		}
		if ((s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') ||
		    s[i] == 0x7f)
			return 0;
		if (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0x9f)
			return 0;
		if (s[i] == 0xe2 && i + 2 < len && ((s[i + 1] == 0x80 &&
		    s[i + 2] >= 0xaa && s[i + 2] <= 0xae) ||
		    (s[i + 1] == 0x81 && s[i + 2] >= 0xa6 &&
		    s[i + 2] <= 0xa9)))
			return 0;
	}
	return 1;
}

#ifdef TEND_INTERNAL_H
/* Whether two front matter trees hold the same keys and texts, in order. */
static inline int
fuzz_same_meta(const struct tend_meta *a, const struct tend_meta *b)
{
	size_t	i;

	if (tend_meta_type(a) != tend_meta_type(b))
		return 0;
	if (tend_meta_type(a) == TEND_META_TEXT)
		return strcmp(tend_meta_text(a), tend_meta_text(b)) == 0;
	if (tend_meta_count(a) != tend_meta_count(b))
		return 0;
	for (i = 0; i < tend_meta_count(a); i++) {
		if ((tend_meta_key_at(a, i) == NULL) !=
		    (tend_meta_key_at(b, i) == NULL))
			return 0;
		if (tend_meta_key_at(a, i) != NULL &&
		    strcmp(tend_meta_key_at(a, i), tend_meta_key_at(b, i)) != 0)
			return 0;
		if (!fuzz_same_meta(tend_meta_at(a, i), tend_meta_at(b, i)))
			return 0;
	}
	return 1;
}
#endif

/* Without libFuzzer, main replays the files it is given. */
#ifndef TEND_LIBFUZZER
#include "replay.c"
#endif

#endif
