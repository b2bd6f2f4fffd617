/*
 * Remote URLs as tend reads and shows them: whether one needs a network,
 * its host, and how it appears in a message, its password hidden.
 */

#include <stdio.h>
#include <string.h>

#include "internal.h"

int
tend_url_is_local(const char *url)
{
	size_t	scheme = strcspn(url, ":/");

	if (strncmp(url, "file://", 7) == 0)
		return 1;
	/* "host:path" (scp's form) and "helper::address" are not. */
	return url[scheme] != ':';
}

const char *
tend_url_host(int *len, const char **port, int *port_len, const char *url)
{
	const char	*host, *at;

	/* "ssh://user@host:port/path", or scp's "user@host:path". */
	host = strstr(url, "://") != NULL ? strstr(url, "://") + 3 : url;
	if ((at = strchr(host, '@')) != NULL && at < host + strcspn(host, "/"))
		host = at + 1;
	*len = (int)strcspn(host, ":/");
	*port = "";
	*port_len = 0;
	if (strstr(url, "://") != NULL && host[*len] == ':') {
		*port = host + *len + 1;
		*port_len = (int)strspn(*port, "0123456789");
	}
	return host;
}

int
tend_url_safe(struct tend_buf *out, const char *url)
{
	const char	*start = strstr(url, "://"), *at, *colon;
	size_t		 host;

	if (start == NULL)
		return tend_buf_puts(out, url);
	start += 3;
	host = strcspn(start, "/");
	at = memchr(start, '@', host);
	colon = at != NULL ? memchr(start, ':', (size_t)(at - start)) : NULL;
	if (colon == NULL)
		return tend_buf_puts(out, url);
	return tend_buf_printf(out, "%.*s:***%s", (int)(colon - url), url, at);
}

void
tend_url_context(char *context, size_t size, const char *what,
    const char *url)
{
	struct tend_buf	shown = TEND_BUF_INIT;

	context[0] = '\0';
	if (what == NULL)
		return;
	/* Out of memory, the URL is left out rather than shown whole. */
	snprintf(context, size, "cannot %s '%s': ", what,
	    tend_url_safe(&shown, url) == 0 ? shown.data : "the remote");
	tend_buf_free(&shown);
}
