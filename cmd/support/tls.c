/*
 * A start-up shortcut for tend's libgit2 on mbedTLS: the trusted
 * certificates are parsed at the first TLS handshake, not on every command.
 */

#include <stdlib.h>
#include <string.h>

/*
 * Debian's libgit2 is built on mbedTLS, whose start-up, run by
 * git_libgit2_init(), parses the whole bundle of trusted certificates:
 * about 50 million instructions, several milliseconds, on every command,
 * though only an https remote ever needs them.  tend is linked with
 * --wrap for the parser's entry point and for the handshake (see the
 * Makefile's WRAP), so libgit2's calls to them land here: the parse only
 * notes what libgit2 asked to be read, and the real parse runs at the
 * handshake, before the first TLS connection checks a certificate.  Until
 * then the chain is empty, so a TLS connection could only fail, never
 * trust too much.
 *
 * It lives in the program, not the library: the unit tests and fuzz
 * replays, which link only libtend, parse at start-up as libgit2 does.
 * What removes it: a libgit2 that reads its certificates only when a
 * connection needs them.  Then this file, its line in the Makefile's
 * CMD_OBJS and WRAP go, and only the start-up time changes.
 *
 * The note is process-wide because libgit2's TLS settings are.
 */
struct mbedtls_ssl_context;
struct mbedtls_x509_crt;

int	__real_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *,
	    const char *);
int	__real_mbedtls_ssl_handshake(struct mbedtls_ssl_context *);
int	__wrap_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *,
	    const char *);
int	__wrap_mbedtls_ssl_handshake(struct mbedtls_ssl_context *);

static struct {
	struct mbedtls_x509_crt	*chain;
	char			*path;
} deferred_certificates;

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
