/*
 * Run saved fuzz inputs through a harness without libFuzzer, so that
 * make check replays the corpora and crash inputs with any compiler.
 * Each argument is a file; a property that fails aborts the program.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int
main(int argc, char *argv[])
{
	FILE	*f;
	char	*data, *exact;
	size_t	 len, cap;
	int	 i;

	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			fprintf(stderr, "replay: cannot open '%s': %s\n",
			    argv[i], strerror(errno));
			return 1;
		}
		len = 0;
		cap = 4096;
		if ((data = malloc(cap)) == NULL)
			return 1;
		for (;;) {
			len += fread(data + len, 1, cap - len, f);
			if (len < cap)
				break;
			if ((data = realloc(data, cap *= 2)) == NULL)
				return 1;
		}
		if (ferror(f)) {
			fprintf(stderr, "replay: cannot read '%s'\n", argv[i]);
			return 1;
		}
		fclose(f);
		/* Tell which input it was, should the harness abort. */
		fprintf(stderr, "replay: %s\n", argv[i]);
		/* A copy of just LEN bytes, so reading past them is caught. */
		if ((exact = malloc(len > 0 ? len : 1)) == NULL)
			return 1;
		memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput((const uint8_t *)exact, len);
		free(exact);
	}
	return 0;
}
