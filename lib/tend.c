/* Setting up the libraries tend stands on. */

#include "internal.h"

int
tend_lib_init(void)
{
	int	error;

	/* libgcrypt first: it needs nothing undone should libgit2 fail. */
	if ((error = tend_siv_init()) < 0 ||
	    (error = tend_crypto_init()) < 0)
		return error;
	return tend_store_global_init();
}

void
tend_lib_shutdown(void)
{
	tend_store_global_shutdown();
	tend_error_clear();
}
