/*
 * Ids and names: slugs made from any name are slugs, stable, and short;
 * the slug checks agree with each other; a partner spec that is accepted
 * splits into a clean name and address that read back the same.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

#define INPUT_MAX	512

static int	has_alnum(const char *);

static int
has_alnum(const char *s)
{
	for (; *s != '\0'; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9'))
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tend_buf	 spec = TEND_BUF_INIT;
	char		 input[INPUT_MAX + 1];
	char		*slug, *again, *name, *email, *name2, *email2;
	size_t		 i;
	int		 error;

	if (size > INPUT_MAX)
		size = INPUT_MAX;
	memcpy(input, data, size);
	input[size] = '\0';

	/* The length-bounded check reads the same as the string one. */
	fuzz_check(tend_text_is_slug_n((const char *)data, size) ==
	    tend_text_is_slug(input));

	error = tend_text_slug(&slug, input);
	/* An ASCII letter or digit always makes a slug of UTF-8. */
	if (has_alnum(input) &&
	    tend_text_validate_utf8("name", input, strlen(input)) == 0)
		fuzz_check(error == 0);
	if (error == 0) {
		fuzz_check(tend_text_is_slug(slug));
		fuzz_check(strlen(slug) <= 64);
		fuzz_check(tend_text_slug(&again, slug) == 0);
		fuzz_check(strcmp(again, slug) == 0);
		free(again);
		if (tend_text_is_slug(input) && strlen(input) <= 64)
			fuzz_check(strcmp(slug, input) == 0);
		free(slug);
	} else
		/* The message quotes the name, made harmless. */
		fuzz_check(fuzz_terminal_safe((const unsigned char *)
		    tend_error(), strlen(tend_error()), 0));

	if (tend_journal_person(&name, &email, input) == 0) {
		fuzz_check(name[0] != '\0' && name[0] != ' ' &&
		    name[strlen(name) - 1] != ' ');
		fuzz_check(strchr(name, '<') == NULL);
		for (i = 0; name[i] != '\0'; i++)
			fuzz_check((unsigned char)name[i] >= 0x20 &&
			    name[i] != 0x7f);
		fuzz_check(tend_text_validate("name", name, strlen(name)) == 0);
		if (email != NULL)
			fuzz_check(email[0] != '\0' &&
			    strpbrk(email, "<>") == NULL);
		/* Written back as "Name <address>", it splits the same. */
		fuzz_check(tend_buf_puts(&spec, name) == 0);
		if (email != NULL)
			fuzz_check(tend_buf_printf(&spec, " <%s>", email) == 0);
		fuzz_check(tend_journal_person(&name2, &email2,
		    spec.data) == 0);
		fuzz_check(strcmp(name, name2) == 0);
		fuzz_check((email == NULL && email2 == NULL) ||
		    (email != NULL && email2 != NULL &&
		    strcmp(email, email2) == 0));
		free(name);
		free(email);
		free(name2);
		free(email2);
		tend_buf_free(&spec);
	}
	return 0;
}
