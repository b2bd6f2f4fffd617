/* Setting up the libraries tend stands on. */

#include "internal.h"

int
tend_lib_init(void)
{
	int	error;

	if ((error = tend_crypto_init()) < 0)
		return error;
	return tend_store_global_init();
}

void
tend_lib_shutdown(void)
{
	tend_store_global_shutdown();
	tend_error_clear();
}
