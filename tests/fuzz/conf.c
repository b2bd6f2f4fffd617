/*
 * tend.conf reading, through libgit2's config parser as tend uses it:
 * any text loads or is refused with a message; every key listed has a
 * text value that reading the key gives back (the last one, when a key
 * repeats) unless libgit2 refuses the name; and a value set reads back the same after the text is
 * written out and loaded again.
 *
 * tend_conf_load writes its scratch copy under $TMPDIR (make fuzz points
 * it at /dev/shm when it can), in a folder made once per process.
 */

#include <string.h>
#include <unistd.h>

#include "../../lib/internal.h"
#include "fuzz.h"

#define SEEN_MAX	64

struct seen {
	char	*keys[SEEN_MAX];
	char	*values[SEEN_MAX];
	size_t	 count;
	int	 null_value;
};

static void		 remove_scratch(void);
static const char	*scratch_dir(void);
static int		 seen_cb(const char *, const char *, void *);
static void		 seen_free(struct seen *);

static char	scratch[4096];

static void
remove_scratch(void)
{
	rmdir(scratch);
}

static const char *
scratch_dir(void)
{
	const char	*tmp;

	if (scratch[0] != '\0')
		return scratch;
	if ((tmp = getenv("TMPDIR")) == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	snprintf(scratch, sizeof(scratch), "%s/tend-fuzz-conf.XXXXXX", tmp);
	fuzz_check(mkdtemp(scratch) != NULL);
	atexit(remove_scratch);
	fuzz_check(tend_lib_init() == 0);
	return scratch;
}

static int
seen_cb(const char *key, const char *value, void *arg)
{
	struct seen	*seen = arg;
	size_t		 i;

	fuzz_check(key != NULL && key[0] != '\0');
	if (value == NULL) {
		seen->null_value = 1;
		return 0;
	}
	/* Keep the last value of each key. */
	for (i = 0; i < seen->count; i++)
		if (strcmp(seen->keys[i], key) == 0) {
			free(seen->values[i]);
			fuzz_check((seen->values[i] = strdup(value)) != NULL);
			return 0;
		}
	if (seen->count < SEEN_MAX) {
		fuzz_check((seen->keys[seen->count] = strdup(key)) != NULL);
		fuzz_check((seen->values[seen->count] = strdup(value)) != NULL);
		seen->count++;
	}
	return 0;
}

static void
seen_free(struct seen *seen)
{
	size_t	i;

	for (i = 0; i < seen->count; i++) {
		free(seen->keys[i]);
		free(seen->values[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tend_conf	*conf, *again;
	struct seen		 seen;
	const char		*dir = scratch_dir();
	char			*value, *text;
	size_t			 i, len;

	if (tend_conf_load(&conf, dir, "tend.conf", (const char *)data,
	    size) < 0) {
		fuzz_check(tend_error()[0] != '\0');
		return 0;
	}
	memset(&seen, 0, sizeof(seen));
	if (tend_conf_foreach(conf, seen_cb, &seen) == 0) {
		/* tend's callbacks take the value as a string. */
		fuzz_check(!seen.null_value);
		/*
		 * libgit2 lists some keys it will not look up ("a.-b"); tend
		 * looks up only names it made, so a refusal is fine here.
		 */
		for (i = 0; i < seen.count; i++) {
			if (tend_conf_get(&value, conf, seen.keys[i]) < 0) {
				fuzz_check(tend_error()[0] != '\0');
				continue;
			}
			fuzz_check(strcmp(value, seen.values[i]) == 0);
			free(value);
		}
	}
	seen_free(&seen);

	/* A partner's name set in the file reads back after a reload. */
	if (tend_conf_set(conf, "partner.robin.name", "Robin \"R\" Doe\\") ==
	    0 && tend_conf_text(&text, &len, conf) == 0) {
		fuzz_check(tend_conf_load(&again, dir, "tend.conf", text,
		    len) == 0);
		fuzz_check(tend_conf_get(&value, again,
		    "partner.robin.name") == 0);
		fuzz_check(strcmp(value, "Robin \"R\" Doe\\") == 0);
		free(value);
		tend_conf_free(again);
		free(text);
	}
	tend_conf_free(conf);
	return 0;
}
