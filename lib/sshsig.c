/*
 * SSH signatures (OpenSSH's PROTOCOL.sshsig), the form git verifies with
 * gpg.format = ssh: a signature over the SHA-512 of the data, in a
 * namespace ("git" for commits), armored between BEGIN and END lines.
 * tend makes and reads them with Ed25519 keys only; a signature made
 * with any other key, another namespace or a later version is refused
 * as such, never half read.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAGIC		"SSHSIG"
#define MAGIC_LEN	6
#define VERSION		1
#define BEGIN		"-----BEGIN SSH SIGNATURE-----\n"
#define END		"-----END SSH SIGNATURE-----"
#define KEY_TYPE	"ssh-ed25519"

static int	signed_data(struct tend_buf *, const char *, const char *,
		    const void *, size_t);

/*
 * What the key signs: the magic, the namespace, the empty reserved field,
 * the hash's name and the hash of the data.
 */
static int
signed_data(struct tend_buf *out, const char *namespace, const char *hash,
    const void *data, size_t len)
{
	uint8_t	digest[TEND_SHA512_SIZE];
	size_t	size;
	int	error;

	if (strcmp(hash, "sha512") == 0) {
		tend_crypto_sha512(digest, data, len);
		size = TEND_SHA512_SIZE;
	} else {
		tend_crypto_sha256(digest, data, len);
		size = TEND_SHA256_SIZE;
	}
	if ((error = tend_buf_put(out, MAGIC, MAGIC_LEN)) < 0 ||
	    (error = tend_ssh_put_cstring(out, namespace)) < 0 ||
	    (error = tend_ssh_put_cstring(out, "")) < 0 ||
	    (error = tend_ssh_put_cstring(out, hash)) < 0)
		return error;
	return tend_ssh_put_string(out, digest, size);
}

int
tend_sshsig_sign(struct tend_buf *out,
    const uint8_t secret[TEND_ED25519_SECRET], const char *namespace,
    const void *data, size_t len)
{
	struct tend_buf	message = TEND_BUF_INIT, blob = TEND_BUF_INIT;
	struct tend_buf	inner = TEND_BUF_INIT;
	uint8_t		signature[TEND_ED25519_SIGNATURE];
	int		error;

	if ((error = signed_data(&message, namespace, "sha512", data,
	    len)) < 0 ||
	    (error = tend_crypto_ed25519_sign(signature, message.data,
	    message.len, secret)) < 0)
		goto out;
	if ((error = tend_ssh_put_cstring(&inner, KEY_TYPE)) < 0 ||
	    (error = tend_ssh_put_string(&inner, signature,
	    sizeof(signature))) < 0 ||
	    (error = tend_buf_put(&blob, MAGIC, MAGIC_LEN)) < 0 ||
	    (error = tend_ssh_put_u32(&blob, VERSION)) < 0 ||
	    (error = tend_ssh_put_u32(&blob, 4 + sizeof(KEY_TYPE) - 1 + 4 +
	    TEND_ED25519_PUBLIC)) < 0 ||
	    (error = tend_ssh_key_blob(&blob, secret + TEND_ED25519_SEED)) < 0 ||
	    (error = tend_ssh_put_cstring(&blob, namespace)) < 0 ||
	    (error = tend_ssh_put_cstring(&blob, "")) < 0 ||
	    (error = tend_ssh_put_cstring(&blob, "sha512")) < 0 ||
	    (error = tend_ssh_put_string(&blob, inner.data, inner.len)) < 0)
		goto out;
	error = tend_ssh_armor(out, BEGIN, END, blob.data, blob.len);
out:
	tend_buf_free(&message);
	tend_buf_free(&blob);
	tend_buf_free(&inner);
	return error;
}

int
tend_sshsig_verify(uint8_t key[TEND_ED25519_PUBLIC], const char *armored,
    size_t armoredlen, const char *namespace, const void *data, size_t len)
{
	struct tend_ssh_reader	 reader, inner;
	struct tend_buf		 message = TEND_BUF_INIT;
	uint8_t			 blob[TEND_SSHSIG_MAX];
	const uint8_t		*field, *signature;
	char			 hash[7];
	size_t			 bloblen, fieldlen, siglen;
	uint32_t		 version;
	int			 error;

	if (armoredlen > TEND_SSHSIG_ARMORED_MAX)
		return tend_error_set(TEND_EINVALID, "the signature is longer "
		    "than any tend reads");
	if ((error = tend_ssh_unarmor(blob, sizeof(blob), &bloblen, armored,
	    armoredlen, BEGIN, END, "the signature")) < 0)
		return error;
	reader.data = blob;
	reader.left = bloblen;
	if (bloblen < MAGIC_LEN || memcmp(blob, MAGIC, MAGIC_LEN) != 0)
		return tend_error_set(TEND_EINVALID, "the signature is not an "
		    "SSH signature");
	reader.data += MAGIC_LEN;
	reader.left -= MAGIC_LEN;
	if ((error = tend_ssh_read_u32(&version, &reader)) < 0)
		goto bad;
	if (version != VERSION)
		return tend_error_set(TEND_EINVALID, "the signature is of "
		    "version %lu, and tend reads version %d",
		    (unsigned long)version, VERSION);
	if ((error = tend_ssh_read_string(&field, &fieldlen, &reader)) < 0)
		goto bad;
	if ((error = tend_ssh_key_from_blob(key, field, fieldlen)) < 0)
		return tend_error_wrap(TEND_EINVALID, "the signing key");
	if ((error = tend_ssh_read_expect(&reader, namespace,
	    "namespace")) < 0)
		return tend_error_wrap(TEND_EINVALID, "the signature is not "
		    "for this use");
	/* The reserved field is for later versions: ignored, as required. */
	if ((error = tend_ssh_read_string(&field, &fieldlen, &reader)) < 0 ||
	    (error = tend_ssh_read_string(&field, &fieldlen, &reader)) < 0)
		goto bad;
	if ((fieldlen != 6 || (memcmp(field, "sha512", 6) != 0 &&
	    memcmp(field, "sha256", 6) != 0)))
		return tend_error_set(TEND_EINVALID, "the signature hashes "
		    "with something other than SHA-256 or SHA-512");
	memcpy(hash, field, 6);
	hash[6] = '\0';
	if ((error = tend_ssh_read_string(&field, &fieldlen, &reader)) < 0)
		goto bad;
	if (reader.left != 0) {
		error = tend_error_set(TEND_EINVALID, "bytes follow it");
		goto bad;
	}
	inner.data = field;
	inner.left = fieldlen;
	if ((error = tend_ssh_read_expect(&inner, KEY_TYPE, "type")) < 0 ||
	    (error = tend_ssh_read_string(&signature, &siglen, &inner)) < 0)
		goto bad;
	if (siglen != TEND_ED25519_SIGNATURE || inner.left != 0) {
		error = tend_error_set(TEND_EINVALID, "it is no Ed25519 "
		    "signature");
		goto bad;
	}
	if ((error = signed_data(&message, namespace, hash, data, len)) == 0)
		error = tend_crypto_ed25519_verify(signature, message.data,
		    message.len, key);
	tend_buf_free(&message);
	return error;
bad:
	return tend_error_wrap(TEND_EINVALID, "the signature is damaged");
}
