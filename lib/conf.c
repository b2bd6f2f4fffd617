/*
 * tend.conf and other git-config files that are not a repository's,
 * through libgit2's config API.
 */

#include <git2.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "store-internal.h"

struct tend_conf {
	git_config	*config;
	char		*scratch;	/* the file libgit2 edits, or NULL */
	char		*name;		/* what messages call it */
};

struct conf_walk {
	int	(*fn)(const char *, const char *, void *);
	void	*arg;
	int	 error;
};

static int	scratch_fail(const struct tend_conf *);
static int	conf_cb(const git_config_entry *, void *);
static int	refuse_includes(const char *, const char *, size_t);
static int	has_value(const char *, const char *, const char *);

/*
 * tend.conf is edited with libgit2's config API, which works on files: the
 * text is put in a scratch file, and read back after each change.
 */

/* libgit2's message names the scratch file; name the file it stands for. */
static int
scratch_fail(const struct tend_conf *conf)
{
	const git_error	*last = git_error_last();
	const char	*message, *at;

	message = last != NULL && last->message != NULL ? last->message :
	    "unknown git error";
	if ((at = strstr(message, conf->scratch)) == NULL)
		return tend_error_set(TEND_ERROR, "cannot read '%s': %s",
		    conf->name, message);
	return tend_error_set(TEND_ERROR, "cannot read '%s': %.*s%s%s",
	    conf->name, (int)(at - message), message, conf->name,
	    at + strlen(conf->scratch));
}

int
tend_conf_load(struct tend_conf **out, const char *scratch_dir,
    const char *name, const char *text, size_t len)
{
	struct tend_conf	*conf;
	int			 error;

	if ((error = refuse_includes(name, text, len)) < 0)
		return error;
	if ((conf = calloc(1, sizeof(*conf))) == NULL ||
	    (conf->name = strdup(name)) == NULL) {
		error = tend_error_nomem();
		goto fail;
	}
	if ((error = tend_fs_write_temp(&conf->scratch, scratch_dir,
	    "tend.conf", text, len)) < 0)
		goto fail;
	if (git_config_open_ondisk(&conf->config, conf->scratch) < 0) {
		error = scratch_fail(conf);
		goto fail;
	}
	*out = conf;
	return 0;
fail:
	tend_conf_free(conf);
	return error;
}

int
tend_conf_open(struct tend_conf **out, const char *path, const char *name,
    enum tend_conf_includes includes)
{
	struct tend_conf	*conf;
	char			*text;
	size_t			 len;
	int			 error;

	if (includes == TEND_CONF_NO_INCLUDES) {
		if ((error = tend_fs_read(&text, &len, path)) < 0)
			return error;
		error = refuse_includes(name, text, len);
		free(text);
		if (error < 0)
			return error;
	}

	if ((conf = calloc(1, sizeof(*conf))) == NULL ||
	    (conf->name = strdup(name)) == NULL) {
		free(conf);
		return tend_error_nomem();
	}
	if ((error = git_config_open_ondisk(&conf->config, path)) < 0) {
		error = store_fail(error, "cannot read '%s'", name);
		tend_conf_free(conf);
		return error;
	}
	*out = conf;
	return 0;
}

/*
 * Refuse a TEXT of NAME that has an include section, "[include]" or
 * "[includeIf ...]" in any case, before git reads it: git opens the files
 * an include names while it parses, and a partner's include naming a FIFO
 * would hang every command, or read a file of this machine as settings.
 */
static int
refuse_includes(const char *name, const char *text, size_t len)
{
	const char	*line = text, *end = text + len, *at;
	size_t		 number, n;

	for (number = 1; line < end; number++) {
		for (at = line; at < end && (*at == ' ' || *at == '\t'); at++)
			;
		if (at < end && *at == '[') {
			for (n = 0, at++; at + n < end &&
			    (tend_text_is_alnum((unsigned char)at[n]) ||
			    at[n] == '-'); n++)
				;
			if ((n == 7 && strncasecmp(at, "include", 7) == 0) ||
			    (n == 9 && strncasecmp(at, "includeif", 9) == 0))
				return tend_error_set(TEND_EINVALID, "'%s' may "
				    "not include other files (line %zu: "
				    "[%.*s]); remove that section", name,
				    number, (int)n, at);
		}
		if ((at = memchr(line, '\n', (size_t)(end - line))) == NULL)
			break;
		line = at + 1;
	}
	return 0;
}

void
tend_conf_free(struct tend_conf *conf)
{
	if (conf == NULL)
		return;
	git_config_free(conf->config);
	if (conf->scratch != NULL)
		unlink(conf->scratch);
	free(conf->scratch);
	free(conf->name);
	free(conf);
}

int
tend_conf_get(char **out, struct tend_conf *conf, const char *key)
{
	git_buf	value = GIT_BUF_INIT;
	int	error;

	error = git_config_get_string_buf(&value, conf->config, key);
	if (error == GIT_ENOTFOUND)
		return tend_error_set(TEND_ENOTFOUND, "'%s' has no '%s'",
		    conf->name, key);
	if (error < 0)
		return store_fail(error, "cannot read '%s' in '%s'", key,
		    conf->name);
	*out = strdup(value.ptr);
	git_buf_dispose(&value);
	return *out != NULL ? 0 : tend_error_nomem();
}

/*
 * libgit2 appends a new key after the text as it is: a last line ending
 * in a backslash would swallow it.  So the scratch file is read again,
 * and a value that does not come back is an error, not a silent loss.
 */
int
tend_conf_set(struct tend_conf *conf, const char *key, const char *value)
{
	git_config	*check;
	git_buf		 back = GIT_BUF_INIT;
	int		 error;

	if ((error = git_config_set_string(conf->config, key, value)) < 0)
		return store_fail(error, "cannot set '%s' in '%s'", key,
		    conf->name);
	if (conf->scratch == NULL)
		return 0;
	if (git_config_open_ondisk(&check, conf->scratch) < 0)
		return scratch_fail(conf);
	error = git_config_get_string_buf(&back, check, key);
	if (error == 0 && strcmp(back.ptr, value) != 0)
		error = GIT_ENOTFOUND;
	git_buf_dispose(&back);
	git_config_free(check);
	if (error < 0)
		return tend_error_set(TEND_EINVALID, "cannot set '%s' in '%s': "
		    "the file would not read back as written (does a line end "
		    "in a backslash?)", key, conf->name);
	return 0;
}

int
tend_conf_unset(struct tend_conf *conf, const char *key)
{
	int	error;

	error = git_config_delete_multivar(conf->config, key, ".*");
	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0)
		return store_fail(error, "cannot unset '%s' in '%s'", key,
		    conf->name);
	return 0;
}

/*
 * Whether KEY has VALUE among its values in the file at PATH, or with a
 * NULL VALUE any value.
 */
static int
has_value(const char *path, const char *key, const char *value)
{
	git_config		*check;
	git_config_iterator	*values;
	git_config_entry	*entry;
	int			 found = 0;

	if (git_config_open_ondisk(&check, path) < 0)
		return 0;
	if (git_config_multivar_iterator_new(&values, check, key, NULL) == 0) {
		while (!found && git_config_next(&entry, values) == 0)
			found = value == NULL || (entry->value != NULL &&
			    strcmp(entry->value, value) == 0);
		git_config_iterator_free(values);
	}
	git_config_free(check);
	return found;
}

int
tend_conf_add(struct tend_conf *conf, const char *key, const char *value)
{
	int	error;

	if (conf->scratch == NULL)
		return tend_error_set(TEND_EINVALID, "'%s' was opened only to "
		    "be read", conf->name);
	if (has_value(conf->scratch, key, value))
		return 0;
	/* The first value goes in the section, as git config puts it. */
	if (!has_value(conf->scratch, key, NULL))
		return tend_conf_set(conf, key, value);
	/* A pattern that matches no value: one more is added. */
	if ((error = git_config_set_multivar(conf->config, key, "a^b",
	    value)) < 0)
		return store_fail(error, "cannot add to '%s' in '%s'", key,
		    conf->name);
	if (!has_value(conf->scratch, key, value))
		return tend_error_set(TEND_EINVALID, "cannot add to '%s' in "
		    "'%s': the file would not read back as written (does a "
		    "line end in a backslash?)", key, conf->name);
	return 0;
}

static int
conf_cb(const git_config_entry *entry, void *arg)
{
	struct conf_walk	*walk = arg;

	/* A key with no '=' has no value in libgit2: tend reads it as "". */
	if ((walk->error = walk->fn(entry->name, entry->value != NULL ?
	    entry->value : "", walk->arg)) < 0)
		return -1;
	return 0;
}

int
tend_conf_foreach(struct tend_conf *conf,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	struct conf_walk	walk = { fn, arg, 0 };
	int			error;

	/* Not git_config_foreach_match: its PCRE2 matching leaks. */
	error = git_config_foreach(conf->config, conf_cb, &walk);
	if (walk.error < 0)
		return walk.error;
	if (error < 0)
		return store_fail(error, "cannot read '%s'", conf->name);
	return 0;
}

int
tend_conf_text(char **out, size_t *len, struct tend_conf *conf)
{
	if (conf->scratch == NULL)
		return tend_error_set(TEND_EINVALID, "'%s' was opened only to "
		    "be read", conf->name);
	return tend_fs_read(out, len, conf->scratch);
}
