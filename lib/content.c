/*
 * The content tend draws on (templates, prompts, descriptions), looked up
 * from the most specific place to the least: the journal, the person, the
 * installation.
 */

#include <stdlib.h>

#include "internal.h"

int
tend_content_read(char **out, size_t *len, const char *journal_dir,
    const char *content_dir, const char *name)
{
	struct tend_buf	 path = TEND_BUF_INIT;
	const char	*config_home = getenv("XDG_CONFIG_HOME");
	const char	*home = getenv("HOME");
	int		 place, error = TEND_ENOTFOUND;

	for (place = 0; place < 3 && error == TEND_ENOTFOUND; place++) {
		path.len = 0;
		if (place == 0 && journal_dir != NULL)
			error = tend_buf_printf(&path, "%s/.tend/content/%s",
			    journal_dir, name);
		else if (place == 1 && config_home != NULL &&
		    config_home[0] == '/')
			error = tend_buf_printf(&path, "%s/tend/content/%s",
			    config_home, name);
		else if (place == 1 && home != NULL && home[0] == '/')
			error = tend_buf_printf(&path,
			    "%s/.config/tend/content/%s", home, name);
		else if (place == 2)
			error = tend_buf_printf(&path, "%s/%s", content_dir,
			    name);
		else
			continue;
		if (error == 0)
			error = tend_fs_read(out, len, path.data);
	}
	if (error == TEND_ENOTFOUND)
		error = tend_error_set(TEND_ENOTFOUND,
		    "cannot find '%s' in '%s' or its overrides", name,
		    content_dir);
	tend_buf_free(&path);
	return error;
}
