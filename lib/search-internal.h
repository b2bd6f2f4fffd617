/*
 * What the files of search share (search.c, search-match.c).
 */
#ifndef TEND_SEARCH_INTERNAL_H
#define TEND_SEARCH_INTERNAL_H

#include <regex.h>
#include <stddef.h>

/* How the pattern is looked for. */
struct tend_matcher {
	int		 regex;		/* through RE, else the bytes of NEEDLE */
	regex_t		 re;
	char		*needle;	/* lowercase when FOLD */
	size_t		 len;
	int		 fold;		/* ASCII letters in either case */
	size_t		 rare;		/* the needle's byte that memchr seeks */
	int		 lower;		/* that byte, and its other case */
	int		 upper;
};

/*
 * Make M find PATTERN as FLAGS (TEND_SEARCH_REGEX, TEND_SEARCH_CASE) say;
 * TEND_EINVALID for a regular expression that does not compile.
 */
int	tend_matcher_init(struct tend_matcher *m, const char *pattern,
	    unsigned int flags);
void	tend_matcher_free(struct tend_matcher *);
/*
 * The first match in the LEN bytes of TEXT at or after FROM: 1, with
 * where it starts and ends, or 0.  M is only read: threads may share it.
 */
int	tend_matcher_next(const struct tend_matcher *, const char *text,
	    size_t len, size_t from, size_t *start, size_t *end);
/* Where the first BYTE of TEXT (LEN bytes) at or after FROM is, or LEN. */
size_t	tend_byte_after(const char *text, size_t len, size_t from, int byte);

#endif
