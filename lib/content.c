/*
 * The content tend draws on (templates, prompts, descriptions), looked up
 * from the most specific place to the least: the journal, the person, the
 * installation.  A file in a more specific place hides the one below.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NROOTS	3

struct found {
	char	*name;
	char	*path;
};

/* What collect_cb adds to. */
struct found_list {
	struct found	**found;
	size_t		 *count;
};

static int	roots(struct tend_buf[NROOTS], const char *, const char *);
static int	by_name(const void *, const void *);
static int	collect(struct found **, size_t *, const char *);
static int	collect_cb(const char *, const char *, const struct stat *,
		    void *);

/* The folders to look in, most specific first; empty ones are skipped. */
static int
roots(struct tend_buf root[NROOTS], const char *journal_dir,
    const char *content_dir)
{
	const char	*config_home = getenv("XDG_CONFIG_HOME");
	const char	*home = getenv("HOME");
	int		 error = 0;

	if (journal_dir != NULL)
		error = tend_buf_printf(&root[0], "%s/.tend/content",
		    journal_dir);
	/* The XDG rules say a relative XDG_CONFIG_HOME is to be ignored. */
	if (error == 0 && config_home != NULL && config_home[0] == '/')
		error = tend_buf_printf(&root[1], "%s/tend/content",
		    config_home);
	else if (error == 0 && home != NULL && home[0] == '/')
		error = tend_buf_printf(&root[1], "%s/.config/tend/content",
		    home);
	if (error == 0)
		error = tend_buf_puts(&root[2], content_dir);
	return error;
}

int
tend_content_read(char **out, size_t *len, const char *journal_dir,
    const char *content_dir, const char *name)
{
	struct tend_buf	root[NROOTS] = { TEND_BUF_INIT, TEND_BUF_INIT,
			    TEND_BUF_INIT };
	char		*path;
	size_t		 i;
	int		 error;

	if ((error = roots(root, journal_dir, content_dir)) < 0)
		goto out;
	error = TEND_ENOTFOUND;
	for (i = 0; i < NROOTS && error == TEND_ENOTFOUND; i++) {
		if (root[i].len == 0)
			continue;
		if ((path = tend_fs_join(root[i].data, name)) == NULL) {
			error = tend_error_nomem();
			break;
		}
		error = tend_fs_read(out, len, path);
		free(path);
	}
	if (error == TEND_ENOTFOUND)
		error = tend_error_set(TEND_ENOTFOUND,
		    "cannot find '%s' in '%s' or its overrides", name,
		    content_dir);
out:
	for (i = 0; i < NROOTS; i++)
		tend_buf_free(&root[i]);
	return error;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct found *)a)->name,
	    ((const struct found *)b)->name);
}

/* Add the .md files of DIR whose names are not in FOUND yet. */
static int
collect(struct found **found, size_t *count, const char *dir)
{
	struct found_list	list = { found, count };
	int			error, stop;

	/* An override folder need not exist. */
	if ((error = tend_fs_each(&stop, dir, collect_cb, &list)) < 0)
		return error == TEND_ENOMEM ? error : 0;
	return stop;
}

static int
collect_cb(const char *path, const char *name, const struct stat *st,
    void *arg)
{
	struct found_list	*list = arg;
	struct found		*grown;
	size_t			 i, len = strlen(name), count = *list->count;

	(void)st;
	if (name[0] == '.' || len < 4 || strcmp(name + len - 3, ".md") != 0)
		return 0;
	for (i = 0; i < count; i++)
		if (strcmp((*list->found)[i].name, name) == 0)
			return 0;
	if ((grown = realloc(*list->found, (count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	*list->found = grown;
	grown[count].name = strdup(name);
	grown[count].path = strdup(path);
	if (grown[count].name == NULL || grown[count].path == NULL) {
		free(grown[count].name);
		free(grown[count].path);
		return tend_error_nomem();
	}
	(*list->count)++;
	return 0;
}

int
tend_content_foreach(const char *journal_dir, const char *content_dir,
    const char *subdir, int (*fn)(const char *, const char *, const char *,
    size_t, void *), void *arg)
{
	struct tend_buf	 root[NROOTS] = { TEND_BUF_INIT, TEND_BUF_INIT,
			    TEND_BUF_INIT };
	struct found	*found = NULL;
	char		*dir, *text;
	size_t		 i, count = 0, len;
	int		 error;

	if ((error = roots(root, journal_dir, content_dir)) < 0)
		goto out;
	for (i = 0; i < NROOTS && error == 0; i++) {
		if (root[i].len == 0)
			continue;
		if ((dir = tend_fs_join(root[i].data, subdir)) == NULL) {
			error = tend_error_nomem();
			break;
		}
		error = collect(&found, &count, dir);
		free(dir);
	}
	if (error == 0 && count > 1)
		qsort(found, count, sizeof(*found), by_name);
	for (i = 0; i < count && error == 0; i++) {
		if ((error = tend_fs_read(&text, &len, found[i].path)) < 0)
			break;
		/* Drop the ".md": the name is the content's id. */
		found[i].name[strlen(found[i].name) - 3] = '\0';
		error = fn(found[i].name, found[i].path, text, len, arg);
		free(text);
	}
out:
	for (i = 0; i < count; i++) {
		free(found[i].name);
		free(found[i].path);
	}
	free(found);
	for (i = 0; i < NROOTS; i++)
		tend_buf_free(&root[i]);
	return error;
}

int
tend_content_summary(char **out, const char *journal_dir,
    const char *content_dir, const char *name)
{
	struct tend_meta	*meta;
	const char		*summary;
	char			*text;
	size_t			 len, body;
	int			 error;

	if ((error = tend_content_read(&text, &len, journal_dir, content_dir,
	    name)) < 0)
		return error;
	error = tend_entry_split(&meta, &body, name, text, len);
	free(text);
	if (error < 0)
		return error;
	if ((summary = tend_meta_get_text(meta, "summary")) == NULL)
		error = tend_error_set(TEND_ENOTFOUND, "'%s' has no summary",
		    name);
	else if ((*out = strdup(summary)) == NULL)
		error = tend_error_nomem();
	tend_meta_free(meta);
	return error;
}
