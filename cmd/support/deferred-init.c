/*
 * Start-up shortcuts for libgit2's transports: what only a network
 * connection needs is set up at the first connection, not on every
 * command.
 *
 * git_libgit2_init() starts every transport libgit2 has, whether or not
 * the command will ever reach a remote.  In Debian's libgit2 that means
 * for TLS (mbedTLS) gathering entropy and seeding a random generator,
 * about 1.4 million instructions (callgrind), and parsing the whole bundle
 * of trusted certificates, about 50 million.  Most commands never connect
 * (the git program carries network syncs by default), and 'agree diff'
 * does all its own work in less.
 *
 * tend is linked with --wrap for each function below (the Makefile's
 * WRAP), so libgit2's calls of them land here:
 * - the certificate parse only notes what was asked; the real parse runs
 *   at the first handshake, before any certificate is checked.  Until
 *   then the chain is empty, so a connection could only fail, never trust
 *   too much;
 * - the entropy source and the random generator are set up at the first
 *   draw from the generator (the TLS handshake's), so nothing random is
 *   ever drawn from an unseeded generator.
 * SSH's libssh2_init() is put off by cmd/support/lazy-libssh2.c.
 *
 * It lives in the program, not the library: the unit tests and fuzz
 * replays, which link only libtend, start everything as libgit2 does.
 * What removes it: a libgit2 that starts its transports when a connection
 * needs them.  Then this file, its line in CMD_OBJS and WRAP go, and only
 * the start-up time changes.
 *
 * The state is process-wide because libgit2's transport settings are.
 */

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct mbedtls_ssl_context;
struct mbedtls_x509_crt;
struct mbedtls_entropy_context;
struct mbedtls_ctr_drbg_context;

typedef int	 entropy_fn(void *, unsigned char *, size_t);

int	__real_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *,
	    const char *);
int	__real_mbedtls_ssl_handshake(struct mbedtls_ssl_context *);
void	__real_mbedtls_entropy_init(struct mbedtls_entropy_context *);
void	__real_mbedtls_entropy_free(struct mbedtls_entropy_context *);
int	__real_mbedtls_ctr_drbg_seed(struct mbedtls_ctr_drbg_context *,
	    entropy_fn *, void *, const unsigned char *, size_t);
int	__real_mbedtls_ctr_drbg_random(void *, unsigned char *, size_t);

int	__wrap_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *,
	    const char *);
int	__wrap_mbedtls_ssl_handshake(struct mbedtls_ssl_context *);
void	__wrap_mbedtls_entropy_init(struct mbedtls_entropy_context *);
void	__wrap_mbedtls_entropy_free(struct mbedtls_entropy_context *);
int	__wrap_mbedtls_ctr_drbg_seed(struct mbedtls_ctr_drbg_context *,
	    entropy_fn *, void *, const unsigned char *, size_t);
int	__wrap_mbedtls_ctr_drbg_random(void *, unsigned char *, size_t);

static struct {
	struct mbedtls_x509_crt		*chain;
	char				*path;
} deferred_certificates;

/* libgit2 seeds one generator from one entropy context, with no custom
 * string; anything else is passed straight through. */
static struct {
	struct mbedtls_entropy_context	*entropy;	/* not yet set up */
	struct mbedtls_ctr_drbg_context	*generator;	/* not yet seeded */
	entropy_fn			*source;
	void				*source_arg;
} deferred_random;

int
__wrap_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
    const char *path)
{
	char	*copy;

	if ((copy = strdup(path)) == NULL)
		return -1;
	free(deferred_certificates.path);
	deferred_certificates.chain = chain;
	deferred_certificates.path = copy;
	return 0;
}

int
__wrap_mbedtls_ssl_handshake(struct mbedtls_ssl_context *ssl)
{
	if (deferred_certificates.path != NULL) {
		/* A failure shows later, as a certificate the remote
		 * cannot prove. */
		(void)__real_mbedtls_x509_crt_parse_file(
		    deferred_certificates.chain, deferred_certificates.path);
		free(deferred_certificates.path);
		deferred_certificates.path = NULL;
	}
	return __real_mbedtls_ssl_handshake(ssl);
}

void
__wrap_mbedtls_entropy_init(struct mbedtls_entropy_context *entropy)
{
	if (deferred_random.entropy != NULL) {
		__real_mbedtls_entropy_init(entropy);
		return;
	}
	deferred_random.entropy = entropy;
}

void
__wrap_mbedtls_entropy_free(struct mbedtls_entropy_context *entropy)
{
	/* Never set up, so there is nothing to free. */
	if (entropy == deferred_random.entropy) {
		deferred_random.entropy = NULL;
		return;
	}
	__real_mbedtls_entropy_free(entropy);
}

int
__wrap_mbedtls_ctr_drbg_seed(struct mbedtls_ctr_drbg_context *generator,
    entropy_fn *source, void *source_arg, const unsigned char *custom,
    size_t custom_len)
{
	if (deferred_random.generator != NULL || custom_len != 0 ||
	    source_arg == NULL || source_arg != deferred_random.entropy)
		return __real_mbedtls_ctr_drbg_seed(generator, source,
		    source_arg, custom, custom_len);
	deferred_random.generator = generator;
	deferred_random.source = source;
	deferred_random.source_arg = source_arg;
	return 0;
}

int
__wrap_mbedtls_ctr_drbg_random(void *generator, unsigned char *out,
    size_t len)
{
	int	 error;

	if (generator != NULL && generator == deferred_random.generator) {
		deferred_random.generator = NULL;
		deferred_random.entropy = NULL;
		__real_mbedtls_entropy_init(deferred_random.source_arg);
		if ((error = __real_mbedtls_ctr_drbg_seed(generator,
		    deferred_random.source, deferred_random.source_arg,
		    NULL, 0)) != 0)
			return error;
	}
	return __real_mbedtls_ctr_drbg_random(generator, out, len);
}
