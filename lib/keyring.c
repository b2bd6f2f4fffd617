/*
 * An encrypted journal's keyring, .tend/keyring: its journal keys, one
 * per generation, each sealed (libsodium's sealed box: X25519 and
 * XSalsa20-Poly1305) to the X25519 twin of a partner's device key, and
 * the invitations not yet taken up, each a secret box of every journal
 * key under a key derived from a one-time code by Argon2id.  It is the
 * one file of such a journal the host reads as it is: it holds only
 * public keys, salts and ciphertext.
 *
 *	tend-keyring 1
 *	key GENERATION DEVICE-KEY SEALED
 *	invite ID SALT OPS MEM NONCE BOXED
 *
 * DEVICE-KEY is the Ed25519 key's 32 bytes and the other binary fields
 * are padded base64; ID is 16 hex digits.  Lines are kept in order, one
 * key line a generation and device, one invite line an invitation.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define HEADER		"tend-keyring 1\n"
/* A generation's key: the generation, big-endian, and its 32 bytes. */
#define BUNDLE_ITEM	(4 + TEND_JOURNAL_KEY)
/* More generations than a couple rotates in a lifetime. */
#define GENERATIONS_MAX	1000
#define INVITE_ID	8
/*
 * Argon2id for an invitation: a code holds 128 random bits, so the cost
 * only slows a guess down; libsodium's "interactive" limits suffice.
 */
#define INVITE_OPS	2ULL
#define INVITE_MEM	((size_t)64 << 20)
/*
 * What a keyring from a partner may ask of the machine that redeems a
 * code: each invitation is tried in turn.
 */
#define INVITE_OPS_MAX	4ULL
#define INVITE_MEM_MAX	((size_t)256 << 20)
#define INVITES_MAX	16
/* The longest line read: an invite of the most generations, in base64. */
#define LINE_MAX_BYTES	(2 * GENERATIONS_MAX * BUNDLE_ITEM + 256)

struct wrapped {
	uint32_t	generation;
	uint8_t		device[TEND_ED25519_PUBLIC];
	uint8_t		sealed[TEND_JOURNAL_KEY + TEND_BOX_SEAL_OVERHEAD];
};

struct invite {
	char		 id[2 * INVITE_ID + 1];
	uint8_t		 salt[TEND_ARGON2_SALT];
	unsigned long long ops;
	size_t		 mem;
	uint8_t		 nonce[TEND_SECRETBOX_NONCE];
	uint8_t		*boxed;
	size_t		 boxedlen;
};

struct tend_keyring {
	struct wrapped	*keys;
	size_t		 nkeys;
	struct invite	*invites;
	size_t		 ninvites;
};

struct tend_journal_keys {
	uint32_t	*generations;	/* ascending */
	uint8_t		(*keys)[TEND_JOURNAL_KEY];
	size_t		 count;
};

static int	field(char **, char **);
static int	field_b64(uint8_t *, size_t, char **, const char *, size_t);
static int	parse_key(struct tend_keyring *, char *, size_t);
static int	parse_invite(struct tend_keyring *, char *, size_t);
static int	put_b64(struct tend_buf *, const uint8_t *, size_t);
static int	keys_add(struct tend_journal_keys *, uint32_t, const uint8_t *);
static int	bundle(uint8_t **, size_t *, const struct tend_journal_keys *);
static int	unbundle(struct tend_journal_keys **, const uint8_t *, size_t);
static int	code_key(uint8_t [TEND_SECRETBOX_KEY], const uint8_t *,
		    const struct invite *);

/* The next space-separated field of *LINE, or TEND_EINVALID. */
static int
field(char **out, char **line)
{
	char	*p = *line;

	if (p == NULL || *p == '\0')
		return TEND_EINVALID;
	*out = p;
	if ((p = strchr(p, ' ')) != NULL)
		*p++ = '\0';
	*line = p;
	return 0;
}

/* A field that is exactly LEN bytes in base64. */
static int
field_b64(uint8_t *out, size_t len, char **line, const char *what,
    size_t number)
{
	char	*text;
	size_t	 got;

	if (field(&text, line) < 0 || tend_crypto_unbase64(out, len, &got,
	    text, strlen(text), NULL) < 0 || got != len)
		return tend_error_set(TEND_EINVALID, "line %zu: its %s is not "
		    "%zu bytes of base64", number, what, len);
	return 0;
}

static int
parse_key(struct tend_keyring *ring, char *line, size_t number)
{
	struct wrapped	 wrapped, *grown;
	char		*text, *end;
	unsigned long	 generation;
	size_t		 i;
	int		 error;

	if (field(&text, &line) < 0 || (generation = strtoul(text, &end,
	    10), *end != '\0') || text[0] < '1' || text[0] > '9' ||
	    generation > GENERATIONS_MAX)
		return tend_error_set(TEND_EINVALID, "line %zu: a generation "
		    "is a number from 1 to %d", number, GENERATIONS_MAX);
	wrapped.generation = (uint32_t)generation;
	if ((error = field_b64(wrapped.device, sizeof(wrapped.device), &line,
	    "device key", number)) < 0 ||
	    (error = field_b64(wrapped.sealed, sizeof(wrapped.sealed), &line,
	    "sealed key", number)) < 0)
		return error;
	if (line != NULL)
		return tend_error_set(TEND_EINVALID, "line %zu: more fields "
		    "than a key line has", number);
	for (i = 0; i < ring->nkeys; i++)
		if (ring->keys[i].generation == wrapped.generation &&
		    memcmp(ring->keys[i].device, wrapped.device,
		    sizeof(wrapped.device)) == 0)
			return tend_error_set(TEND_EINVALID, "line %zu: a second "
			    "key of generation %lu for one device", number,
			    generation);
	if ((grown = realloc(ring->keys, (ring->nkeys + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	ring->keys = grown;
	ring->keys[ring->nkeys++] = wrapped;
	return 0;
}

static int
parse_invite(struct tend_keyring *ring, char *line, size_t number)
{
	struct invite	 invite, *grown;
	char		*text, *end;
	size_t		 len, i;
	int		 error;

	memset(&invite, 0, sizeof(invite));
	if (field(&text, &line) < 0 || strlen(text) != 2 * INVITE_ID ||
	    strspn(text, "0123456789abcdef") != 2 * INVITE_ID)
		return tend_error_set(TEND_EINVALID, "line %zu: an invitation's "
		    "id is %d hex digits", number, 2 * INVITE_ID);
	memcpy(invite.id, text, sizeof(invite.id));
	if ((error = field_b64(invite.salt, sizeof(invite.salt), &line,
	    "salt", number)) < 0)
		return error;
	if (field(&text, &line) < 0 || (invite.ops = strtoull(text, &end, 10),
	    *end != '\0') || text[0] < '1' || text[0] > '9' ||
	    field(&text, &line) < 0 || (invite.mem = (size_t)strtoull(text,
	    &end, 10), *end != '\0') || text[0] < '1' || text[0] > '9')
		return tend_error_set(TEND_EINVALID, "line %zu: an invitation's "
		    "cost is two numbers", number);
	if (invite.ops > INVITE_OPS_MAX || invite.mem > INVITE_MEM_MAX)
		return tend_error_set(TEND_EINVALID, "line %zu: the invitation "
		    "asks more time or memory than tend gives it", number);
	if (ring->ninvites == INVITES_MAX)
		return tend_error_set(TEND_EINVALID, "line %zu: more than %d "
		    "invitations", number, INVITES_MAX);
	if ((error = field_b64(invite.nonce, sizeof(invite.nonce), &line,
	    "nonce", number)) < 0)
		return error;
	if (field(&text, &line) < 0 || line != NULL)
		return tend_error_set(TEND_EINVALID, "line %zu: not an "
		    "invitation's fields", number);
	len = strlen(text) / 4 * 3;
	if ((invite.boxed = malloc(len != 0 ? len : 1)) == NULL)
		return tend_error_nomem();
	if (tend_crypto_unbase64(invite.boxed, len, &invite.boxedlen, text,
	    strlen(text), NULL) < 0 || invite.boxedlen < TEND_SECRETBOX_MAC +
	    BUNDLE_ITEM || (invite.boxedlen - TEND_SECRETBOX_MAC) %
	    BUNDLE_ITEM != 0) {
		free(invite.boxed);
		return tend_error_set(TEND_EINVALID, "line %zu: an invitation's "
		    "keys are not whole", number);
	}
	for (i = 0; i < ring->ninvites; i++)
		if (strcmp(ring->invites[i].id, invite.id) == 0) {
			free(invite.boxed);
			return tend_error_set(TEND_EINVALID, "line %zu: a second "
			    "invitation '%s'", number, invite.id);
		}
	if ((grown = realloc(ring->invites, (ring->ninvites + 1) *
	    sizeof(*grown))) == NULL) {
		free(invite.boxed);
		return tend_error_nomem();
	}
	ring->invites = grown;
	ring->invites[ring->ninvites++] = invite;
	return 0;
}

int
tend_keyring_new(struct tend_keyring **out)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return tend_error_nomem();
	return 0;
}

int
tend_keyring_parse(struct tend_keyring **out, const char *text, size_t len)
{
	struct tend_keyring	*ring;
	const char		*start, *end = text + len, *newline;
	char			*line = NULL, *kind, *rest;
	size_t			 number, linelen;
	int			 error = 0;

	if (len < strlen(HEADER) || memcmp(text, HEADER, strlen(HEADER)) != 0)
		return tend_error_set(TEND_EINVALID, "line 1: not a keyring of "
		    "version 1 ('tend-keyring 1')");
	if (memchr(text, '\0', len) != NULL || text[len - 1] != '\n')
		return tend_error_set(TEND_EINVALID, "not a text of whole "
		    "lines");
	if ((error = tend_keyring_new(&ring)) < 0)
		return error;
	for (start = text + strlen(HEADER), number = 2; error == 0 &&
	    start < end; start = newline + 1, number++) {
		newline = memchr(start, '\n', (size_t)(end - start));
		linelen = (size_t)(newline - start);
		if (linelen > LINE_MAX_BYTES) {
			error = tend_error_set(TEND_EINVALID, "line %zu: longer "
			    "than any a keyring has", number);
			break;
		}
		free(line);
		if ((line = strndup(start, linelen)) == NULL) {
			error = tend_error_nomem();
			break;
		}
		if (line[0] == '#')
			continue;
		rest = line;
		if (field(&kind, &rest) < 0)
			error = tend_error_set(TEND_EINVALID, "line %zu: an "
			    "empty line", number);
		else if (strcmp(kind, "key") == 0)
			error = parse_key(ring, rest, number);
		else if (strcmp(kind, "invite") == 0)
			error = parse_invite(ring, rest, number);
		else
			error = tend_error_set(TEND_EINVALID, "line %zu: '%.20s' "
			    "is not a line a keyring has", number, kind);
	}
	free(line);
	if (error < 0) {
		tend_keyring_free(ring);
		return error;
	}
	*out = ring;
	return 0;
}

void
tend_keyring_free(struct tend_keyring *ring)
{
	size_t	i;

	if (ring == NULL)
		return;
	for (i = 0; i < ring->ninvites; i++)
		free(ring->invites[i].boxed);
	free(ring->invites);
	free(ring->keys);
	free(ring);
}

static int
put_b64(struct tend_buf *out, const uint8_t *data, size_t len)
{
	int	error;

	if ((error = tend_buf_puts(out, " ")) < 0)
		return error;
	return tend_crypto_base64(out, data, len, TEND_BASE64_PADDED);
}

int
tend_keyring_text(struct tend_buf *out, const struct tend_keyring *ring)
{
	const struct invite	*invite;
	size_t			 i;
	int			 error;

	error = tend_buf_puts(out, HEADER);
	for (i = 0; i < ring->nkeys && error == 0; i++)
		if ((error = tend_buf_printf(out, "key %lu",
		    (unsigned long)ring->keys[i].generation)) == 0 &&
		    (error = put_b64(out, ring->keys[i].device,
		    TEND_ED25519_PUBLIC)) == 0 &&
		    (error = put_b64(out, ring->keys[i].sealed,
		    sizeof(ring->keys[i].sealed))) == 0)
			error = tend_buf_puts(out, "\n");
	for (i = 0; i < ring->ninvites && error == 0; i++) {
		invite = &ring->invites[i];
		if ((error = tend_buf_printf(out, "invite %s", invite->id)) == 0 &&
		    (error = put_b64(out, invite->salt,
		    sizeof(invite->salt))) == 0 &&
		    (error = tend_buf_printf(out, " %llu %zu", invite->ops,
		    invite->mem)) == 0 &&
		    (error = put_b64(out, invite->nonce,
		    sizeof(invite->nonce))) == 0 &&
		    (error = put_b64(out, invite->boxed,
		    invite->boxedlen)) == 0)
			error = tend_buf_puts(out, "\n");
	}
	return error;
}

static int
keys_add(struct tend_journal_keys *keys, uint32_t generation,
    const uint8_t *key)
{
	uint32_t	*generations;
	uint8_t		(*grown)[TEND_JOURNAL_KEY];
	size_t		 at, i;

	for (at = 0; at < keys->count && keys->generations[at] < generation;
	    at++)
		;
	if (at < keys->count && keys->generations[at] == generation)
		return tend_crypto_equal(keys->keys[at], key,
		    TEND_JOURNAL_KEY) ? 0 : tend_error_set(TEND_EINVALID,
		    "generation %lu has two different keys",
		    (unsigned long)generation);
	if ((generations = realloc(keys->generations, (keys->count + 1) *
	    sizeof(*generations))) == NULL)
		return tend_error_nomem();
	keys->generations = generations;
	if ((grown = realloc(keys->keys, (keys->count + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	keys->keys = grown;
	for (i = keys->count; i > at; i--) {
		keys->generations[i] = keys->generations[i - 1];
		memcpy(keys->keys[i], keys->keys[i - 1], TEND_JOURNAL_KEY);
	}
	keys->generations[at] = generation;
	memcpy(keys->keys[at], key, TEND_JOURNAL_KEY);
	keys->count++;
	return 0;
}

int
tend_journal_keys_new(struct tend_journal_keys **out)
{
	struct tend_journal_keys	*keys;
	uint8_t				 first[TEND_JOURNAL_KEY];
	int				 error;

	if ((keys = calloc(1, sizeof(*keys))) == NULL)
		return tend_error_nomem();
	tend_crypto_random(first, sizeof(first));
	error = keys_add(keys, 1, first);
	tend_crypto_wipe(first, sizeof(first));
	if (error < 0) {
		tend_journal_keys_free(keys);
		return error;
	}
	*out = keys;
	return 0;
}

int
tend_journal_keys_rotate(struct tend_journal_keys *keys)
{
	uint8_t	next[TEND_JOURNAL_KEY];
	int	error;

	if (keys->generations[keys->count - 1] >= GENERATIONS_MAX)
		return tend_error_set(TEND_EINVALID, "the journal has had %d "
		    "key generations, the most tend makes", GENERATIONS_MAX);
	tend_crypto_random(next, sizeof(next));
	error = keys_add(keys, keys->generations[keys->count - 1] + 1, next);
	tend_crypto_wipe(next, sizeof(next));
	return error;
}

void
tend_journal_keys_free(struct tend_journal_keys *keys)
{
	if (keys == NULL)
		return;
	if (keys->keys != NULL)
		tend_crypto_wipe(keys->keys, keys->count * TEND_JOURNAL_KEY);
	free(keys->keys);
	free(keys->generations);
	free(keys);
}

uint32_t
tend_journal_keys_current(const struct tend_journal_keys *keys,
    const uint8_t **key)
{
	*key = keys->keys[keys->count - 1];
	return keys->generations[keys->count - 1];
}

const uint8_t *
tend_journal_keys_get(const struct tend_journal_keys *keys,
    uint32_t generation)
{
	size_t	i;

	for (i = 0; i < keys->count; i++)
		if (keys->generations[i] == generation)
			return keys->keys[i];
	return NULL;
}

int
tend_keyring_unlock(struct tend_journal_keys **out,
    const struct tend_keyring *ring, const uint8_t secret[TEND_ED25519_SECRET])
{
	struct tend_journal_keys	*keys;
	uint8_t				 xpublic[TEND_X25519_PUBLIC];
	uint8_t				 xsecret[TEND_X25519_SECRET];
	uint8_t				 key[TEND_JOURNAL_KEY];
	const uint8_t			*public = secret + TEND_ED25519_SEED;
	size_t				 i;
	int				 error;

	if ((keys = calloc(1, sizeof(*keys))) == NULL)
		return tend_error_nomem();
	if ((error = tend_crypto_x25519_public(xpublic, public)) < 0 ||
	    (error = tend_crypto_x25519_secret(xsecret, secret)) < 0)
		goto out;
	for (i = 0; i < ring->nkeys && error == 0; i++) {
		if (memcmp(ring->keys[i].device, public,
		    TEND_ED25519_PUBLIC) != 0)
			continue;
		if ((error = tend_crypto_box_open(key, ring->keys[i].sealed,
		    sizeof(ring->keys[i].sealed), xpublic, xsecret)) < 0)
			error = tend_error_wrap(TEND_EINVALID, "the journal key "
			    "of generation %lu for this device",
			    (unsigned long)ring->keys[i].generation);
		else
			error = keys_add(keys, ring->keys[i].generation, key);
	}
	if (error == 0 && keys->count == 0)
		error = tend_error_set(TEND_ENOTFOUND, "the keyring holds no "
		    "journal key for this device; a partner adds it with "
		    "'tend key invite', or after 'tend key confirm'");
out:
	tend_crypto_wipe(xsecret, sizeof(xsecret));
	tend_crypto_wipe(key, sizeof(key));
	if (error < 0) {
		tend_journal_keys_free(keys);
		return error;
	}
	*out = keys;
	return 0;
}

int
tend_keyring_grant(struct tend_keyring *ring,
    const struct tend_journal_keys *keys,
    const uint8_t device[TEND_ED25519_PUBLIC])
{
	struct wrapped	*grown, *wrapped;
	uint8_t		 xpublic[TEND_X25519_PUBLIC];
	size_t		 g, i;
	int		 error;

	if ((error = tend_crypto_x25519_public(xpublic, device)) < 0)
		return error;
	for (g = 0; g < keys->count; g++) {
		for (i = 0; i < ring->nkeys; i++)
			if (ring->keys[i].generation == keys->generations[g] &&
			    memcmp(ring->keys[i].device, device,
			    TEND_ED25519_PUBLIC) == 0)
				break;
		if (i < ring->nkeys)
			continue;
		if ((grown = realloc(ring->keys, (ring->nkeys + 1) *
		    sizeof(*grown))) == NULL)
			return tend_error_nomem();
		ring->keys = grown;
		wrapped = &ring->keys[ring->nkeys];
		wrapped->generation = keys->generations[g];
		memcpy(wrapped->device, device, TEND_ED25519_PUBLIC);
		if ((error = tend_crypto_box_seal(wrapped->sealed,
		    keys->keys[g], TEND_JOURNAL_KEY, xpublic)) < 0)
			return error;
		ring->nkeys++;
	}
	return 0;
}

size_t
tend_keyring_revoke(struct tend_keyring *ring,
    const uint8_t device[TEND_ED25519_PUBLIC])
{
	size_t	i, kept, gone;

	for (i = kept = 0; i < ring->nkeys; i++)
		if (memcmp(ring->keys[i].device, device,
		    TEND_ED25519_PUBLIC) != 0)
			ring->keys[kept++] = ring->keys[i];
	gone = ring->nkeys - kept;
	ring->nkeys = kept;
	return gone;
}

/* Every generation's key, one after another, for an invitation. */
static int
bundle(uint8_t **out, size_t *len, const struct tend_journal_keys *keys)
{
	uint8_t	*p;
	size_t	 g;

	*len = keys->count * BUNDLE_ITEM;
	if ((*out = p = malloc(*len)) == NULL)
		return tend_error_nomem();
	for (g = 0; g < keys->count; g++, p += BUNDLE_ITEM) {
		p[0] = (uint8_t)(keys->generations[g] >> 24);
		p[1] = (uint8_t)(keys->generations[g] >> 16);
		p[2] = (uint8_t)(keys->generations[g] >> 8);
		p[3] = (uint8_t)keys->generations[g];
		memcpy(p + 4, keys->keys[g], TEND_JOURNAL_KEY);
	}
	return 0;
}

static int
unbundle(struct tend_journal_keys **out, const uint8_t *data, size_t len)
{
	struct tend_journal_keys	*keys;
	uint32_t			 generation;
	size_t				 at;
	int				 error = 0;

	if ((keys = calloc(1, sizeof(*keys))) == NULL)
		return tend_error_nomem();
	for (at = 0; at + BUNDLE_ITEM <= len && error == 0;
	    at += BUNDLE_ITEM) {
		generation = (uint32_t)data[at] << 24 |
		    (uint32_t)data[at + 1] << 16 |
		    (uint32_t)data[at + 2] << 8 | data[at + 3];
		if (generation == 0 || generation > GENERATIONS_MAX)
			error = tend_error_set(TEND_EINVALID, "the invitation "
			    "names generation %lu", (unsigned long)generation);
		else
			error = keys_add(keys, generation, data + at + 4);
	}
	if (error == 0 && keys->count == 0)
		error = tend_error_set(TEND_EINVALID, "the invitation holds no "
		    "key");
	if (error < 0) {
		tend_journal_keys_free(keys);
		return error;
	}
	*out = keys;
	return 0;
}

/* The secret box's key for INVITE, from the code's 16 bytes. */
static int
code_key(uint8_t key[TEND_SECRETBOX_KEY], const uint8_t *code,
    const struct invite *invite)
{
	return tend_crypto_argon2id(key, TEND_SECRETBOX_KEY,
	    (const char *)code, TEND_INVITE_CODE, invite->salt, invite->ops,
	    invite->mem);
}

int
tend_keyring_invite(char id[TEND_INVITE_ID_SIZE],
    uint8_t code[TEND_INVITE_CODE], struct tend_keyring *ring,
    const struct tend_journal_keys *keys)
{
	struct invite	 invite, *grown;
	uint8_t		 raw_id[INVITE_ID], key[TEND_SECRETBOX_KEY];
	uint8_t		*plain = NULL;
	size_t		 len, i;
	int		 error;

	if (ring->ninvites == INVITES_MAX)
		return tend_error_set(TEND_EINVALID, "the journal has %d "
		    "invitations open already; withdraw one first",
		    INVITES_MAX);
	memset(&invite, 0, sizeof(invite));
	tend_crypto_random(code, TEND_INVITE_CODE);
	tend_crypto_random(raw_id, sizeof(raw_id));
	tend_crypto_random(invite.salt, sizeof(invite.salt));
	tend_crypto_random(invite.nonce, sizeof(invite.nonce));
	for (i = 0; i < INVITE_ID; i++)
		snprintf(invite.id + 2 * i, 3, "%02x", raw_id[i]);
	invite.ops = INVITE_OPS;
	invite.mem = INVITE_MEM;
	if ((error = bundle(&plain, &len, keys)) < 0 ||
	    (error = code_key(key, code, &invite)) < 0)
		goto out;
	invite.boxedlen = len + TEND_SECRETBOX_MAC;
	if ((invite.boxed = malloc(invite.boxedlen)) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if ((error = tend_crypto_secretbox(invite.boxed, plain, len,
	    invite.nonce, key)) < 0)
		goto out;
	if ((grown = realloc(ring->invites, (ring->ninvites + 1) *
	    sizeof(*grown))) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	ring->invites = grown;
	ring->invites[ring->ninvites++] = invite;
	invite.boxed = NULL;
	memcpy(id, invite.id, TEND_INVITE_ID_SIZE);
out:
	if (plain != NULL)
		tend_crypto_wipe(plain, len);
	tend_crypto_wipe(key, sizeof(key));
	free(plain);
	free(invite.boxed);
	if (error < 0)
		tend_crypto_wipe(code, TEND_INVITE_CODE);
	return error;
}

int
tend_keyring_redeem(struct tend_journal_keys **out,
    char id[TEND_INVITE_ID_SIZE], const struct tend_keyring *ring,
    const uint8_t code[TEND_INVITE_CODE])
{
	const struct invite	*invite;
	uint8_t			 key[TEND_SECRETBOX_KEY], *plain;
	size_t			 i, len;
	int			 error = TEND_ENOTFOUND;

	for (i = 0; i < ring->ninvites && error == TEND_ENOTFOUND; i++) {
		invite = &ring->invites[i];
		len = invite->boxedlen - TEND_SECRETBOX_MAC;
		if ((error = code_key(key, code, invite)) < 0)
			break;
		if ((plain = malloc(len)) == NULL) {
			error = tend_error_nomem();
			break;
		}
		/* Authenticated first: a wrong code opens nothing. */
		if (tend_crypto_secretbox_open(plain, invite->boxed,
		    invite->boxedlen, invite->nonce, key) < 0)
			error = TEND_ENOTFOUND;
		else if ((error = unbundle(out, plain, len)) == 0)
			memcpy(id, invite->id, TEND_INVITE_ID_SIZE);
		tend_crypto_wipe(plain, len);
		free(plain);
	}
	tend_crypto_wipe(key, sizeof(key));
	if (error == TEND_ENOTFOUND)
		return tend_error_set(TEND_ENOTFOUND, "no invitation in the "
		    "journal opens with this code: it was mistyped, taken up "
		    "already, or withdrawn");
	return error;
}

int
tend_keyring_withdraw(struct tend_keyring *ring, const char *id)
{
	size_t	i;

	for (i = 0; i < ring->ninvites; i++)
		if (strcmp(ring->invites[i].id, id) == 0) {
			free(ring->invites[i].boxed);
			memmove(&ring->invites[i], &ring->invites[i + 1],
			    (ring->ninvites - i - 1) * sizeof(*ring->invites));
			ring->ninvites--;
			return 0;
		}
	return tend_error_set(TEND_ENOTFOUND, "there is no invitation '%s'",
	    id);
}

size_t
tend_keyring_invites(const struct tend_keyring *ring)
{
	return ring->ninvites;
}

int
tend_keyring_holders(struct tend_buf *out, const struct tend_keyring *ring,
    uint32_t generation)
{
	size_t	i;
	int	error = 0;

	for (i = 0; i < ring->nkeys && error == 0; i++)
		if (ring->keys[i].generation == generation)
			error = tend_buf_put(out, (const char *)
			    ring->keys[i].device, TEND_ED25519_PUBLIC);
	return error;
}

int
tend_journal_keys_copy(struct tend_journal_keys **out,
    const struct tend_journal_keys *keys)
{
	struct tend_journal_keys	*copy;
	size_t				 i;
	int				 error = 0;

	if ((copy = calloc(1, sizeof(*copy))) == NULL)
		return tend_error_nomem();
	for (i = 0; i < keys->count && error == 0; i++)
		error = keys_add(copy, keys->generations[i], keys->keys[i]);
	if (error < 0) {
		tend_journal_keys_free(copy);
		return error;
	}
	*out = copy;
	return 0;
}

int
tend_journal_keys_merge(struct tend_journal_keys *keys,
    const struct tend_journal_keys *more)
{
	size_t	i;
	int	error = 0;

	for (i = 0; i < more->count && error == 0; i++)
		error = keys_add(keys, more->generations[i], more->keys[i]);
	return error;
}
