/*
 * OpenSSH's formats for Ed25519 keys, so that the git CLI and ssh-keygen
 * read tend's keys as their own: the wire encoding of RFC 4253 (section
 * 5), the public key of RFC 8709, the one-line public key of
 * authorized_keys and allowed_signers files, ssh-keygen's SHA256
 * fingerprint, and the unencrypted private key file of OpenSSH's
 * PROTOCOL.key.
 */

#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define KEY_TYPE		"ssh-ed25519"
#define PRIVATE_MAGIC		"openssh-key-v1"	/* and its NUL */
#define PRIVATE_BEGIN		"-----BEGIN OPENSSH PRIVATE KEY-----\n"
#define PRIVATE_END		"-----END OPENSSH PRIVATE KEY-----"
/* Armored lines are cut where ssh-keygen cuts them. */
#define ARMOR_WIDTH		70
/* Far more than one Ed25519 key file needs. */
#define PRIVATE_MAX		4096
/* The block size of the cipher "none", to which the private part is padded. */
#define PRIVATE_BLOCK		8

int
tend_ssh_read_u32(uint32_t *out, struct tend_ssh_reader *reader)
{
	const uint8_t	*p = reader->data;

	if (reader->left < 4)
		return tend_error_set(TEND_EINVALID, "it ends too soon");
	*out = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
	reader->data += 4;
	reader->left -= 4;
	return 0;
}

int
tend_ssh_read_string(const uint8_t **out, size_t *len,
    struct tend_ssh_reader *reader)
{
	uint32_t	size = 0;
	int		error;

	if ((error = tend_ssh_read_u32(&size, reader)) < 0)
		return error;
	if (size > reader->left)
		return tend_error_set(TEND_EINVALID, "it ends too soon");
	*out = reader->data;
	*len = size;
	reader->data += size;
	reader->left -= size;
	return 0;
}

int
tend_ssh_read_expect(struct tend_ssh_reader *reader, const char *want,
    const char *what)
{
	const uint8_t	*got;
	size_t		 len;
	int		 error;

	if ((error = tend_ssh_read_string(&got, &len, reader)) < 0)
		return error;
	if (len != strlen(want) || memcmp(got, want, len) != 0)
		return tend_error_set(TEND_EINVALID, "its %s is not '%s'",
		    what, want);
	return 0;
}

int
tend_ssh_put_u32(struct tend_buf *out, uint32_t value)
{
	char	bytes[4];

	bytes[0] = (char)(value >> 24);
	bytes[1] = (char)(value >> 16);
	bytes[2] = (char)(value >> 8);
	bytes[3] = (char)value;
	return tend_buf_put(out, bytes, sizeof(bytes));
}

int
tend_ssh_put_string(struct tend_buf *out, const void *data, size_t len)
{
	int	error;

	if (len > UINT32_MAX)
		return tend_error_set(TEND_EINVALID, "a field is too long");
	if ((error = tend_ssh_put_u32(out, (uint32_t)len)) < 0)
		return error;
	return tend_buf_put(out, data, len);
}

int
tend_ssh_put_cstring(struct tend_buf *out, const char *text)
{
	return tend_ssh_put_string(out, text, strlen(text));
}

int
tend_ssh_key_blob(struct tend_buf *out, const uint8_t key[TEND_ED25519_PUBLIC])
{
	int	error;

	if ((error = tend_ssh_put_cstring(out, KEY_TYPE)) < 0)
		return error;
	return tend_ssh_put_string(out, key, TEND_ED25519_PUBLIC);
}

int
tend_ssh_key_from_blob(uint8_t key[TEND_ED25519_PUBLIC], const uint8_t *blob,
    size_t len)
{
	struct tend_ssh_reader	 reader = { blob, len };
	const uint8_t		*type, *bytes;
	size_t			 typelen, size;
	int			 error;

	if ((error = tend_ssh_read_string(&type, &typelen, &reader)) < 0)
		return error;
	if (typelen != strlen(KEY_TYPE) || memcmp(type, KEY_TYPE,
	    typelen) != 0) {
		if (tend_text_is_line((const char *)type, typelen) &&
		    typelen <= 64)
			return tend_error_set(TEND_EINVALID, "it is a '%.*s' "
			    "key, and tend reads Ed25519 keys only",
			    (int)typelen, (const char *)type);
		return tend_error_set(TEND_EINVALID, "it is no SSH key");
	}
	if ((error = tend_ssh_read_string(&bytes, &size, &reader)) < 0)
		return error;
	if (size != TEND_ED25519_PUBLIC || reader.left != 0)
		return tend_error_set(TEND_EINVALID, "it is no Ed25519 key");
	memcpy(key, bytes, TEND_ED25519_PUBLIC);
	return 0;
}

int
tend_ssh_public_line(struct tend_buf *out,
    const uint8_t key[TEND_ED25519_PUBLIC])
{
	struct tend_buf	blob = TEND_BUF_INIT;
	int		error;

	if ((error = tend_ssh_key_blob(&blob, key)) == 0 &&
	    (error = tend_buf_puts(out, KEY_TYPE " ")) == 0)
		error = tend_crypto_base64(out, blob.data, blob.len,
		    TEND_BASE64_PADDED);
	tend_buf_free(&blob);
	return error;
}

int
tend_ssh_public_parse(uint8_t key[TEND_ED25519_PUBLIC], const char *text,
    size_t len)
{
	uint8_t		 blob[128];
	const char	*space, *end;
	size_t		 bloblen;
	int		 error;

	/* "ssh-ed25519 BASE64", then a comment, which is nobody's word. */
	if (len < sizeof(KEY_TYPE) ||
	    memcmp(text, KEY_TYPE " ", sizeof(KEY_TYPE)) != 0)
		return tend_error_set(TEND_EINVALID, "not an Ed25519 key "
		    "written as 'ssh-ed25519 BASE64'");
	text += sizeof(KEY_TYPE);
	len -= sizeof(KEY_TYPE);
	space = memchr(text, ' ', len);
	end = space != NULL ? space : text + len;
	if ((error = tend_crypto_unbase64(blob, sizeof(blob), &bloblen, text,
	    (size_t)(end - text), NULL)) < 0)
		return tend_error_wrap(TEND_EINVALID, "not an Ed25519 key");
	if ((error = tend_ssh_key_from_blob(key, blob, bloblen)) < 0)
		return tend_error_wrap(TEND_EINVALID, "not an Ed25519 key");
	return 0;
}

int
tend_ssh_fingerprint(char out[TEND_SSH_FINGERPRINT_SIZE],
    const uint8_t key[TEND_ED25519_PUBLIC])
{
	struct tend_buf	blob = TEND_BUF_INIT, text = TEND_BUF_INIT;
	uint8_t		hash[TEND_SHA256_SIZE];
	int		error;

	/* As ssh-keygen -l shows it: SHA-256 of the blob, unpadded base64. */
	if ((error = tend_ssh_key_blob(&blob, key)) == 0) {
		tend_crypto_sha256(hash, blob.data, blob.len);
		if ((error = tend_buf_puts(&text, "SHA256:")) == 0)
			error = tend_crypto_base64(&text, hash, sizeof(hash),
			    TEND_BASE64_UNPADDED);
	}
	if (error == 0 && text.len + 1 != TEND_SSH_FINGERPRINT_SIZE)
		error = tend_error_set(TEND_ERROR, "a fingerprint came out "
		    "%zu bytes long", text.len);
	if (error == 0)
		memcpy(out, text.data, TEND_SSH_FINGERPRINT_SIZE);
	tend_buf_free(&blob);
	tend_buf_free(&text);
	return error;
}

int
tend_ssh_armor(struct tend_buf *out, const char *begin, const char *end,
    const void *data, size_t len)
{
	struct tend_buf	text = TEND_BUF_INIT;
	size_t		at, line;
	int		error;

	if ((error = tend_crypto_base64(&text, data, len,
	    TEND_BASE64_PADDED)) < 0 || (error = tend_buf_puts(out,
	    begin)) < 0)
		goto out;
	for (at = 0; at < text.len && error == 0; at += line) {
		line = text.len - at < ARMOR_WIDTH ? text.len - at :
		    ARMOR_WIDTH;
		if ((error = tend_buf_put(out, text.data + at, line)) == 0)
			error = tend_buf_puts(out, "\n");
	}
	if (error == 0)
		error = tend_buf_puts(out, end);
out:
	tend_buf_free(&text);
	return error;
}

int
tend_ssh_unarmor(uint8_t *out, size_t max, size_t *len, const char *text,
    size_t textlen, const char *begin, const char *end, const char *what)
{
	size_t	beginlen = strlen(begin), endlen = strlen(end);

	if (textlen > 0 && text[textlen - 1] == '\n')
		textlen--;
	if (textlen < beginlen + endlen || memcmp(text, begin, beginlen) != 0 ||
	    memcmp(text + textlen - endlen, end, endlen) != 0 ||
	    text[textlen - endlen - 1] != '\n')
		return tend_error_set(TEND_EINVALID, "%s does not start and "
		    "end as one does", what);
	if (tend_crypto_unbase64(out, max, len, text + beginlen,
	    textlen - endlen - beginlen, "\n") < 0)
		return tend_error_wrap(TEND_EINVALID, "%s is damaged", what);
	return 0;
}

int
tend_ssh_private_write(struct tend_buf *out,
    const uint8_t secret[TEND_ED25519_SECRET], const char *comment)
{
	struct tend_buf	 file = TEND_BUF_INIT, part = TEND_BUF_INIT;
	const uint8_t	*public = secret + TEND_ED25519_SEED;
	uint32_t	 check;
	uint8_t		 pad;
	int		 error;

	/* Two equal random words: what a decryption is checked by. */
	tend_crypto_random(&check, sizeof(check));
	if ((error = tend_ssh_put_u32(&part, check)) < 0 ||
	    (error = tend_ssh_put_u32(&part, check)) < 0 ||
	    (error = tend_ssh_key_blob(&part, public)) < 0 ||
	    (error = tend_ssh_put_string(&part, secret,
	    TEND_ED25519_SECRET)) < 0 ||
	    (error = tend_ssh_put_cstring(&part, comment)) < 0)
		goto out;
	for (pad = 1; part.len % PRIVATE_BLOCK != 0 && error == 0; pad++)
		error = tend_buf_put(&part, (const char *)&pad, 1);
	if (error < 0 ||
	    (error = tend_buf_put(&file, PRIVATE_MAGIC,
	    sizeof(PRIVATE_MAGIC))) < 0 ||
	    (error = tend_ssh_put_cstring(&file, "none")) < 0 ||
	    (error = tend_ssh_put_cstring(&file, "none")) < 0 ||
	    (error = tend_ssh_put_cstring(&file, "")) < 0 ||
	    (error = tend_ssh_put_u32(&file, 1)) < 0 ||
	    (error = tend_ssh_put_u32(&file, 4 + sizeof(KEY_TYPE) - 1 + 4 +
	    TEND_ED25519_PUBLIC)) < 0 ||
	    (error = tend_ssh_key_blob(&file, public)) < 0 ||
	    (error = tend_ssh_put_string(&file, part.data, part.len)) < 0)
		goto out;
	if ((error = tend_ssh_armor(out, PRIVATE_BEGIN, PRIVATE_END,
	    file.data, file.len)) == 0)
		error = tend_buf_puts(out, "\n");
out:
	tend_crypto_wipe(part.data, part.cap);
	tend_crypto_wipe(file.data, file.cap);
	tend_buf_free(&part);
	tend_buf_free(&file);
	return error;
}

int
tend_ssh_private_read(uint8_t secret[TEND_ED25519_SECRET], const char *text,
    size_t len)
{
	struct tend_ssh_reader	 reader, part;
	uint8_t			*file, public[TEND_ED25519_PUBLIC];
	const uint8_t		*blob, *bytes, *comment;
	size_t			 filelen, bloblen, size, i;
	uint32_t		 count, check1, check2;
	int			 error;

	if ((file = malloc(PRIVATE_MAX)) == NULL)
		return tend_error_nomem();
	if ((error = tend_ssh_unarmor(file, PRIVATE_MAX, &filelen, text, len,
	    PRIVATE_BEGIN, PRIVATE_END, "the key file")) < 0)
		goto out;
	reader.data = file;
	reader.left = filelen;
	if (filelen < sizeof(PRIVATE_MAGIC) ||
	    memcmp(file, PRIVATE_MAGIC, sizeof(PRIVATE_MAGIC)) != 0) {
		error = tend_error_set(TEND_EINVALID, "not an OpenSSH key");
		goto out;
	}
	reader.data += sizeof(PRIVATE_MAGIC);
	reader.left -= sizeof(PRIVATE_MAGIC);
	if ((error = tend_ssh_read_expect(&reader, "none", "cipher")) < 0 ||
	    (error = tend_ssh_read_expect(&reader, "none", "kdf")) < 0 ||
	    (error = tend_ssh_read_expect(&reader, "", "kdf options")) < 0 ||
	    (error = tend_ssh_read_u32(&count, &reader)) < 0)
		goto bad;
	if (count != 1) {
		error = tend_error_set(TEND_EINVALID, "it holds %lu keys",
		    (unsigned long)count);
		goto bad;
	}
	if ((error = tend_ssh_read_string(&blob, &bloblen, &reader)) < 0 ||
	    (error = tend_ssh_key_from_blob(public, blob, bloblen)) < 0 ||
	    (error = tend_ssh_read_string(&bytes, &size, &reader)) < 0)
		goto bad;
	if (reader.left != 0 || size % PRIVATE_BLOCK != 0) {
		error = tend_error_set(TEND_EINVALID, "its length is wrong");
		goto bad;
	}
	part.data = bytes;
	part.left = size;
	if ((error = tend_ssh_read_u32(&check1, &part)) < 0 ||
	    (error = tend_ssh_read_u32(&check2, &part)) < 0 ||
	    (error = tend_ssh_read_expect(&part, KEY_TYPE, "key type")) < 0 ||
	    (error = tend_ssh_read_string(&blob, &bloblen, &part)) < 0)
		goto bad;
	if (check1 != check2 || bloblen != TEND_ED25519_PUBLIC ||
	    memcmp(blob, public, TEND_ED25519_PUBLIC) != 0) {
		error = tend_error_set(TEND_EINVALID, "its two halves differ");
		goto bad;
	}
	if ((error = tend_ssh_read_string(&bytes, &size, &part)) < 0 ||
	    (error = tend_ssh_read_string(&comment, &bloblen, &part)) < 0)
		goto bad;
	for (i = 0; i < part.left; i++)
		if (part.data[i] != (uint8_t)(i + 1))
			break;
	if (size != TEND_ED25519_SECRET || i != part.left ||
	    part.left >= PRIVATE_BLOCK) {
		error = tend_error_set(TEND_EINVALID, "its secret part is "
		    "damaged");
		goto bad;
	}
	memcpy(secret, bytes, TEND_ED25519_SECRET);
	/* The public half must be the one the secret seed makes. */
	if ((error = tend_crypto_ed25519_keypair(public, secret,
	    bytes)) < 0 || memcmp(public, bytes + TEND_ED25519_SEED,
	    TEND_ED25519_PUBLIC) != 0) {
		tend_crypto_wipe(secret, TEND_ED25519_SECRET);
		error = tend_error_set(TEND_EINVALID, "its public half is not "
		    "its secret's");
		goto bad;
	}
	goto out;
bad:
	error = tend_error_wrap(TEND_EINVALID, "not an Ed25519 key tend can "
	    "read");
out:
	tend_crypto_wipe(file, PRIVATE_MAX);
	free(file);
	return error;
}
