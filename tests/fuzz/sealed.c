/*
 * Sealed blobs: whatever the bytes, reading the header and opening never
 * crash; what opens seals again, with its key, kind and generation, to
 * exactly the bytes it came from (AES-SIV is deterministic and padding
 * has one form); what fails appends nothing and says why.  The input
 * itself, sealed as each kind, opens back to the input.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

/* The first key of tests/unit/sealed-vectors.txt, so that seeds open. */
static const uint8_t	key[TEND_SIV_KEY] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
};

/* That key, set up on the first input and kept for the rest. */
static struct tend_siv	*siv;

static void	open_each(const char *, size_t);
static void	seal_input(const char *, size_t);

/* DATA read as a blob, and opened as each kind. */
static void
open_each(const char *data, size_t size)
{
	struct tend_buf		 opened = TEND_BUF_INIT, again = TEND_BUF_INIT;
	enum tend_sealed_what	 what = 0, want;
	uint32_t		 generation = 0;
	int			 header, error, kind;

	header = tend_sealed_generation(&generation, &what, data, size);
	if (header == 0) {
		fuzz_check(tend_sealed_is(data, size));
		fuzz_check(generation >= 1);
		fuzz_check(what == TEND_SEALED_FILE ||
		    what == TEND_SEALED_NAME || what == TEND_SEALED_MESSAGE);
		fuzz_check(size > TEND_SEALED_HEADER);
	} else {
		fuzz_check(header == TEND_EINVALID);
		fuzz_check(strlen(tend_error()) > 0);
	}

	for (kind = TEND_SEALED_FILE; kind <= TEND_SEALED_MESSAGE; kind++) {
		want = (enum tend_sealed_what)kind;
		error = tend_sealed_open(&opened, want, siv, data, size);
		if (error == 0) {
			fuzz_check(header == 0 && what == want);
			fuzz_check(tend_sealed_seal(&again, want, generation,
			    siv, opened.data, opened.len) == 0);
			fuzz_check(again.len == size &&
			    memcmp(again.data, data, size) == 0);
		} else {
			fuzz_check(error == TEND_EINVALID);
			fuzz_check(opened.len == 0);
			fuzz_check(strlen(tend_error()) > 0);
		}
		tend_buf_free(&opened);
		tend_buf_free(&again);
	}
}

/* DATA as plaintext, sealed as each kind with a generation it picks. */
static void
seal_input(const char *data, size_t size)
{
	struct tend_buf		 sealed = TEND_BUF_INIT, opened = TEND_BUF_INIT;
	enum tend_sealed_what	 what, read_what;
	uint32_t		 generation, read_generation;
	size_t			 bucket;
	int			 kind;

	/* From 1 to 0xff000100, its first and last bytes both used. */
	generation = 1;
	if (size > 0)
		generation += (uint32_t)(unsigned char)data[0] * 0x01000001u;
	for (kind = TEND_SEALED_FILE; kind <= TEND_SEALED_MESSAGE; kind++) {
		what = (enum tend_sealed_what)kind;
		bucket = what == TEND_SEALED_NAME ? 32 : 256;
		fuzz_check(tend_sealed_seal(&sealed, what, generation, siv,
		    data, size) == 0);
		fuzz_check(sealed.len == TEND_SEALED_HEADER +
		    (size / bucket + 1) * bucket);
		fuzz_check(tend_sealed_is(sealed.data, sealed.len));
		fuzz_check(tend_sealed_generation(&read_generation, &read_what,
		    sealed.data, sealed.len) == 0);
		fuzz_check(read_generation == generation && read_what == what);
		fuzz_check(tend_sealed_open(&opened, what, siv, sealed.data,
		    sealed.len) == 0);
		fuzz_check(opened.len == size &&
		    (size == 0 || memcmp(opened.data, data, size) == 0));
		tend_buf_free(&sealed);
		tend_buf_free(&opened);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (siv == NULL) {
		fuzz_check(tend_siv_init() == 0);
		fuzz_check(tend_siv_new(&siv, key, sizeof(key)) == 0);
	}
	open_each((const char *)data, size);
	seal_input((const char *)data, size);
	return 0;
}
