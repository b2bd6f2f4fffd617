/*
 * A start-up shortcut for tend's libgit2 on mbedTLS: the trusted
 * certificates are parsed at the first TLS handshake, not on every command.
 */

/* RTLD_NEXT, to reach the functions tend stands in front of. */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

/*
 * Debian's libgit2 is built on mbedTLS, whose start-up, run by
 * git_libgit2_init(), parses the whole bundle of trusted certificates:
 * about 50 million instructions, several milliseconds, on every command,
 * though only an https remote ever needs them.  tend defines the parser's
 * entry point itself, so that the dynamic linker finds it before mbedTLS's
 * own: it only notes what libgit2 asked to be read.  tend defines the
 * handshake too, and the real parse runs there, before the first TLS
 * connection checks a certificate.  Until then the chain is empty, so a
 * TLS connection could only fail, never trust too much.  With a libgit2
 * built on another TLS library, none of this is ever called.
 *
 * It lives in the program, not the library, because it stands in for
 * symbols of the whole process; the unit tests and fuzz replays, which
 * link only libtend, parse at start-up as libgit2 does.  What removes it:
 * a libgit2 that reads its certificates only when a connection needs them
 * (or is built on another TLS library).  Then this file and its line in
 * the Makefile's CMD_OBJS go, and only the start-up time changes.
 *
 * The note is process-wide because libgit2's TLS settings are.
 */
struct mbedtls_ssl_context;
struct mbedtls_x509_crt;

int	mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *, const char *);
int	mbedtls_ssl_handshake(struct mbedtls_ssl_context *);

static void	certificates_load(void);

static struct {
	struct mbedtls_x509_crt	*chain;
	char			*path;
} deferred_certificates;

int
mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
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
mbedtls_ssl_handshake(struct mbedtls_ssl_context *ssl)
{
	int	(*handshake)(struct mbedtls_ssl_context *);

	certificates_load();
	/* Only mbedTLS calls here, so its own handshake is there to find. */
	if ((handshake = (int (*)(struct mbedtls_ssl_context *))
	    dlsym(RTLD_NEXT, "mbedtls_ssl_handshake")) == NULL)
		return -1;
	return handshake(ssl);
}

static void
certificates_load(void)
{
	int	(*parse)(struct mbedtls_x509_crt *, const char *);

	if (deferred_certificates.path == NULL)
		return;
	/* A failure shows later, as a certificate the remote cannot prove. */
	if ((parse = (int (*)(struct mbedtls_x509_crt *, const char *))
	    dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file")) != NULL)
		(void)parse(deferred_certificates.chain,
		    deferred_certificates.path);
	free(deferred_certificates.path);
	deferred_certificates.path = NULL;
}
