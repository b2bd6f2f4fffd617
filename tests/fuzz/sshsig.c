/*
 * SSH signatures and keys as they come from a partner: whatever bytes a
 * commit's gpgsig header, a key file or a key line of tend.conf hold,
 * tend_sshsig_verify, tend_ssh_private_read and tend_ssh_public_parse
 * refuse them with a message or read them whole, and what they read
 * writes back to what it was.  The first byte picks the parser.
 */

#include <string.h>

#include "../../lib/internal.h"
#include "fuzz.h"

#define INPUT_MAX	4096

/* The commit the seed signature signs, as git signs a commit. */
static const char commit[] =
    "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
    "author Alex <alex@example.org> 1795000000 +0000\n"
    "committer Alex <alex@example.org> 1795000000 +0000\n"
    "\n"
    "agree: alex signs phones\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	started;
	struct tend_buf	buf = TEND_BUF_INIT;
	uint8_t		key[TEND_ED25519_PUBLIC], again[TEND_ED25519_PUBLIC];
	uint8_t		secret[TEND_ED25519_SECRET];
	const char	*text;
	size_t		len;
	int		error;

	if (!started) {
		fuzz_check(tend_crypto_init() == 0);
		started = 1;
	}
	if (size < 1 || size > INPUT_MAX)
		return 0;
	text = (const char *)data + 1;
	len = size - 1;
	switch (data[0] % 3) {
	case 0:
		error = tend_sshsig_verify(key, text, len, "git", commit,
		    strlen(commit));
		fuzz_check(error == 0 || error == TEND_EINVALID);
		fuzz_check(error == 0 || strlen(tend_error()) > 0);
		break;
	case 1:
		error = tend_ssh_private_read(secret, text, len);
		fuzz_check(error == 0 || error == TEND_EINVALID ||
		    error == TEND_ENOMEM);
		/* A key read is whole: it signs, and the signature checks. */
		if (error == 0) {
			fuzz_check(tend_sshsig_sign(&buf, secret, "git",
			    commit, strlen(commit)) == 0);
			fuzz_check(tend_sshsig_verify(key, buf.data, buf.len,
			    "git", commit, strlen(commit)) == 0);
			fuzz_check(memcmp(key, secret + TEND_ED25519_SEED,
			    sizeof(key)) == 0);
		}
		break;
	default:
		error = tend_ssh_public_parse(key, text, len);
		fuzz_check(error == 0 || error == TEND_EINVALID);
		if (error == 0) {
			fuzz_check(tend_ssh_public_line(&buf, key) == 0);
			fuzz_check(tend_ssh_public_parse(again, buf.data,
			    buf.len) == 0);
			fuzz_check(memcmp(key, again, sizeof(key)) == 0);
			fuzz_check(fuzz_terminal_safe((const unsigned char *)
			    buf.data, buf.len, 0));
		}
		break;
	}
	tend_buf_free(&buf);
	return 0;
}
