/*
 * HTTP remotes as git reaches them: user names and passwords from git's
 * credential helpers, the certificate authorities and the extra headers
 * git's config names.
 */

#include <git2.h>

#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

/* Times the helpers are asked in one operation: a refusal gets one more. */
#define FILLS_MAX	2

static int	ca_location(const char **, git_buf *, git_config *,
		    const char *, const char *);
static int	http_certificates(git_config *);
static int	http_headers(git_strarray *, git_config *);
static void	headers_free(git_strarray *);

int
store_http_is(const char *url)
{
	return url != NULL && (tend_text_ncasecmp(url, "https://", 8) == 0 ||
	    tend_text_ncasecmp(url, "http://", 7) == 0);
}

/*
 * Where certificate authorities are: environment variable ENV, else the
 * path config NAME gives (~/ expanded, in BUF); NULL when neither says.
 */
static int
ca_location(const char **out, git_buf *buf, git_config *cfg,
    const char *env, const char *name)
{
	const char	*value = getenv(env);
	int		 error;

	*out = NULL;
	if (value != NULL && *value != '\0') {
		*out = value;
		return 0;
	}
	if ((error = git_config_get_path(buf, cfg, name)) == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (error < 0)
		return store_fail(error, "cannot read '%s'", name);
	*out = buf->size > 0 ? buf->ptr : NULL;
	return 0;
}

/*
 * The certificate authorities to trust, as git reads them: GIT_SSL_CAINFO
 * and GIT_SSL_CAPATH before http.sslCAInfo and http.sslCAPath.  They take
 * the place of the system's, as they do for git.  libgit2 keeps them for
 * the whole process, so they are set again before each connection.
 */
static int
http_certificates(git_config *cfg)
{
	git_buf		 file_buf = { NULL, 0, 0 }, dir_buf = { NULL, 0, 0 };
	const char	*file, *dir;
	int		 error;

	if ((error = ca_location(&file, &file_buf, cfg, "GIT_SSL_CAINFO",
	    "http.sslCAInfo")) == 0 &&
	    (error = ca_location(&dir, &dir_buf, cfg, "GIT_SSL_CAPATH",
	    "http.sslCAPath")) == 0 && (file != NULL || dir != NULL) &&
	    (error = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file,
	    dir)) < 0)
		error = store_fail(error, "cannot use the certificates in "
		    "'%s' (http.sslCAInfo or http.sslCAPath)",
		    file != NULL ? file : dir);
	git_buf_dispose(&file_buf);
	git_buf_dispose(&dir_buf);
	return error;
}

/* http.extraHeader's values, in git's order; an empty one clears the list. */
static int
http_headers(git_strarray *headers, git_config *cfg)
{
	git_config_iterator	*iter;
	git_config_entry	*entry;
	char			**grown;
	int			 error;

	if ((error = git_config_multivar_iterator_new(&iter, cfg,
	    "http.extraheader", NULL)) < 0)
		return store_fail(error, "cannot read 'http.extraHeader'");
	while ((error = git_config_next(&entry, iter)) == 0) {
		if (entry->value == NULL || *entry->value == '\0') {
			headers_free(headers);
			continue;
		}
		if ((grown = realloc(headers->strings, (headers->count + 1) *
		    sizeof(*grown))) != NULL)
			headers->strings = grown;
		if (grown == NULL ||
		    (grown[headers->count] = strdup(entry->value)) == NULL)
			break;
		headers->count++;
	}
	git_config_iterator_free(iter);
	if (error == GIT_ITEROVER)
		return 0;
	error = error == 0 ? tend_error_nomem() :
	    store_fail(error, "cannot read 'http.extraHeader'");
	headers_free(headers);
	return error;
}

static void
headers_free(git_strarray *headers)
{
	size_t	i;

	for (i = 0; i < headers->count; i++)
		free(headers->strings[i]);
	free(headers->strings);
	headers->strings = NULL;
	headers->count = 0;
}

int
store_http_begin(struct store_http *http, git_repository *repo,
    const char *url)
{
	git_config	*all = NULL, *cfg = NULL;
	int		 error;

	memset(http, 0, sizeof(*http));
	http->prompt = 1;
	http->git_dir = repo != NULL ? git_repository_path(repo) : NULL;
	if (!store_http_is(url))
		return 0;
	/* A clone has no repository yet: the user's config is git's. */
	if (repo != NULL)
		error = git_repository_config_snapshot(&cfg, repo);
	else if ((error = git_config_open_default(&all)) == 0)
		error = git_config_snapshot(&cfg, all);
	if (error < 0)
		error = store_fail(error, "cannot read git's config");
	else if ((error = http_certificates(cfg)) == 0)
		error = http_headers(&http->headers, cfg);
	git_config_free(cfg);
	git_config_free(all);
	return error;
}

int
store_http_credential(git_credential **out, struct store_http *http,
    const char *url, const char *username)
{
	/* Asked again for the same URL: the host refused what it had. */
	if (http->credential != NULL) {
		(void)tend_credential_reject(http->credential);
		tend_credential_free(http->credential);
		http->credential = NULL;
		http->refused = 1;
	}
	if (http->fills < FILLS_MAX && tend_credential_fill(&http->credential,
	    http->git_dir, url, username, http->prompt) == 0) {
		http->fills++;
		return git_credential_userpass_plaintext_new(out,
		    tend_credential_username(http->credential),
		    tend_credential_password(http->credential));
	}
	if (http->refused)
		git_error_set_str(GIT_ERROR_HTTP, TEND_LOGIN_REFUSED);
	else {
		tend_error_wrap(TEND_ERROR, TEND_LOGIN_MISSING);
		git_error_set_str(GIT_ERROR_HTTP, tend_error());
	}
	return GIT_EAUTH;
}

void
store_http_end(struct store_http *http, int git_code)
{
	/* What the helpers are told is advice: their failure is no sync's. */
	if (http->credential != NULL && git_code == 0)
		(void)tend_credential_approve(http->credential);
	else if (http->credential != NULL && git_code == GIT_EAUTH)
		(void)tend_credential_reject(http->credential);
	tend_credential_free(http->credential);
	http->credential = NULL;
	headers_free(&http->headers);
}
