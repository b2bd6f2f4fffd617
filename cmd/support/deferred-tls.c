/*
 * libgit2's own TLS set-up, run when the first TLS stream is made rather
 * than by git_libgit2_init() on every command.
 *
 * git_mbedtls_stream_global_init sets mbedTLS's defaults and turns
 * libgit2's list of ciphers into mbedTLS's, some 0.2 million instructions
 * (callgrind), a tenth of 'tend agree diff'.  The static tend is linked
 * with --wrap for the four functions below (the Makefile's WRAP_STATIC):
 * the set-up itself does nothing when libgit2 starts, and runs once before
 * the first TLS stream is made or wrapped, or certificate locations are
 * set (lib/store-http.c), which all use what it sets up.  Its error is
 * theirs.  What it starts for randomness and certificates is put off
 * further by cmd/support/deferred-init.c.
 *
 * The shared libgit2 does not export these functions, so tests/tend-shared
 * leaves this file out.  What removes it: the same as deferred-init.c.
 */

#include <pthread.h>

struct git_stream;

int	__real_git_mbedtls_stream_global_init(void);
int	__real_git_mbedtls_stream_new(struct git_stream **, const char *,
	    const char *);
int	__real_git_mbedtls_stream_wrap(struct git_stream **,
	    struct git_stream *, const char *);
int	__real_git_mbedtls__set_cert_location(const char *, const char *);

int	__wrap_git_mbedtls_stream_global_init(void);
int	__wrap_git_mbedtls_stream_new(struct git_stream **, const char *,
	    const char *);
int	__wrap_git_mbedtls_stream_wrap(struct git_stream **,
	    struct git_stream *, const char *);
int	__wrap_git_mbedtls__set_cert_location(const char *, const char *);

static void	tls_start(void);
static int	tls_started(void);

static pthread_once_t	tls_once = PTHREAD_ONCE_INIT;
static int		tls_error;

static void
tls_start(void)
{
	tls_error = __real_git_mbedtls_stream_global_init();
}

static int
tls_started(void)
{
	if (pthread_once(&tls_once, tls_start) != 0)
		return -1;
	return tls_error;
}

int
__wrap_git_mbedtls_stream_global_init(void)
{
	return 0;
}

int
__wrap_git_mbedtls_stream_new(struct git_stream **out, const char *host,
    const char *port)
{
	int	 error;

	if ((error = tls_started()) < 0)
		return error;
	return __real_git_mbedtls_stream_new(out, host, port);
}

int
__wrap_git_mbedtls_stream_wrap(struct git_stream **out,
    struct git_stream *in, const char *host)
{
	int	 error;

	if ((error = tls_started()) < 0)
		return error;
	return __real_git_mbedtls_stream_wrap(out, in, host);
}

int
__wrap_git_mbedtls__set_cert_location(const char *file, const char *path)
{
	int	 error;

	if ((error = tls_started()) < 0)
		return error;
	return __real_git_mbedtls__set_cert_location(file, path);
}
