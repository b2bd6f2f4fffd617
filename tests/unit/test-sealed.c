/*
 * Unit tests for lib/siv.c and lib/sealed.c: AES-SIV against the examples
 * of RFC 5297 and Wycheproof's vectors, the frozen vectors of the sealed
 * format, version 1 (sealed-vectors.txt, next to this program), and each
 * way a blob is refused.
 */

#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

#define VECTORS_FILE	"sealed-vectors.txt"
#define VECTORS_MAX	16

/* A frozen vector of the format: one paragraph of VECTORS_FILE. */
struct vector {
	char		*name;
	struct tend_siv	*siv;		/* its key */
	unsigned long	 what;
	unsigned long	 generation;
	uint8_t		*plain;
	size_t		 plain_len;
	uint8_t		*sealed;
	size_t		 sealed_len;
};

/* A known answer of AES-SIV, in hex: OUT is the tag and the ciphertext. */
struct known_answer {
	const char	*source;
	const char	*key;
	const char	*ad[3];
	size_t		 nad;
	const char	*plain;
	const char	*out;
	int		 authentic;	/* 0: OUT must fail to open */
};

/*
 * RFC 5297 appendix A: A.1, "Deterministic Authenticated Encryption
 * Example", one component of associated data; A.2, "Nonce-Based
 * Authenticated Encryption Example", two and then the nonce, which is
 * S2V's last component as libgcrypt's gcry_cipher_setiv makes it.  Both
 * use a 32-byte key, AES-128-SIV.  The bytes agree with libgcrypt's
 * tests/basic.c (check_siv_cipher) and, for A.1, Wycheproof's tcId 1.
 *
 * Then AES-256-SIV, the key size of tend's journals: Wycheproof's
 * testvectors_v1/aes_siv_cmac_test.json (github.com/C2SP/wycheproof),
 * the group of keySize 512, by tcId.  Its "aad" is one component, empty
 * or not.
 */
static const struct known_answer known_answers[] = {
	{ "RFC 5297 A.1",
	    "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
	    { "101112131415161718191a1b1c1d1e1f2021222324252627" }, 1,
	    "112233445566778899aabbccddee",
	    "85632d07c6e8f37f950acd320a2ecc93"
	    "40c02b9690c4dc04daef7f6afe5c", 1 },
	{ "RFC 5297 A.2",
	    "7f7e7d7c7b7a79787776757473727170404142434445464748494a4b4c4d4e4f",
	    { "00112233445566778899aabbccddeeffdeaddadadeaddadaffeeddccbbaa99"
	    "887766554433221100",
	    "102030405060708090a0",
	    "09f911029d74e35bd84156c5635688c0" }, 3,
	    "7468697320697320736f6d6520706c61696e7465787420746f20656e6372797074"
	    "207573696e67205349562d414553",
	    "7bdb6e3b432667eb06f4d14bff2fbd0f"
	    "cb900f2fddbe404326601965c889bf17dba77ceb094fa663b7a3f748ba8af829"
	    "ea64ad544a272e9c485b62a3fd5c0d", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 296 (empty message)",
	    "bc7635c1fd566aa8357fd103714bfaee1c9e5b3c578b3980401a981030254a54"
	    "b1756a8c96e600b7252fd0aab12f39d115d256b3f3e7c2c41a7fece72ba7c3c4",
	    { "" }, 1, "", "44b1c6fe8a8c07dee5377b161f283c31", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 297 (empty message)",
	    "aff6388fdd2908e0c3b610e3dcd410c8146a268d6befd5c45ffdd23508b5b311"
	    "cc3a9d8f838f456436b289018682151dd57d8d65d1a823c06eca8ab8ee01da01",
	    { "d0bb2949a411e22d32964526" }, 1, "",
	    "e288d802a0e56ed7544a2e5775459389", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 302 (one block)",
	    "c25cafc6018b98dfbb79a40ec89c575a4f88c4116489bba27707479800c01302"
	    "35334a45dbe8d8dae3da8dcb45bbe5dce031b0f68ded544fda7eca30d6749442",
	    { "deeb0ccf3aef47a296ed1ca8f4ae5907" }, 1,
	    "beec61030fa3d670337196beade6aeaa",
	    "5865208eab9163db85cab9f96d846234"
	    "a2626aae22f5c17c9aad4b501f4416e4", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 305 (one byte)",
	    "e2c5662bb18fbb411d0304e4241db073fe60a4704fee290073513038a22b4cd5"
	    "42580b2b4edbc37e3de01c0cb61abcad46986cdc491ce9e5ae5af223ff58b953",
	    { "fab912dec29a34aabfaef176" }, 1, "0d",
	    "1c6969ecb15741a9959b7a8492250e391a", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 320 (17 bytes)",
	    "139383f3f82dc78e0b380027f9e5fcd2ed23716404be5c554452e4dc73d23702"
	    "6594491820c6b8297185cc1fa84f49a5c7d7cd05c5de090ff1c3397bc2740437",
	    { "d39da73ffc03ad0a9213ffc7" }, 1,
	    "48604944a80fadf50d55b87727934458c8",
	    "a9cf73951cb39823777f35c96c845169"
	    "476e2ec2317cb6b8dd8b6172fdceabff9d", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 324 (80 bytes)",
	    "72a76714e0171e8213de624f00e273bc900050e69d25c454cc42b61e8b3fbc92"
	    "d4942e1ae14421e164046c1479a7b9c9f4b50b382cb62dfeaa210b98dec7d937",
	    { "6a8aaf2c84003e0e6f409658" }, 1,
	    "92d8f4dc7d41e8b180d66e8994022db79249cdc76fd7f3ea12d9925b51925250"
	    "cd75a15fcfd78ea85c57fe6196f8d7545086f99ea796a0ea69170db994420043"
	    "5d9d3d551943892400ce787f703c1105",
	    "69f720f36b0da86ec8cc0f46d62835dc"
	    "b35ac23f5b891152d861c4e0f0018f19d272ee8b12d83300bfd46aeec0124d5d"
	    "23b3cb849c1cab1fdf64b70947ebf79f5442e209076dfa9a3f36ab0a6d3cf4a7"
	    "5ddfcdc21837743b20885db4c803ac27", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 325 (a SIV of zeros)",
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
	    { "" }, 1, "8dbfee9580e7e2bc66100a674497f4e1",
	    "00000000000000000000000000000000"
	    "7ef8aa7e4dd49d9cfa09e9cb574fd90d", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 327 (a SIV of ones)",
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
	    { "" }, 1, "72543a9a07a3c18a280060653432c05c",
	    "ffffffffffffffffffffffffffffffff"
	    "3db09cc48f2780859351901d1014ae06", 1 },
	{ "Wycheproof AES-SIV-CMAC tcId 335 (bit 0 of the tag flipped)",
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
	    { "" }, 1, "", "6ef5b8ef53fc365606cd3ea047374885", 0 },
	{ "Wycheproof AES-SIV-CMAC tcId 345 (bit 7 of the tag flipped)",
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
	    { "" }, 1, "303132333435363738393a3b3c3d3e3f",
	    "84b4e8166f28082987a32cdaf53deb61"
	    "211dffad7562c4b924bb79fed73d9ce2", 0 },
};

static uint8_t	*unhex(size_t *, const char *);
static int	 read_vectors(struct vector *, size_t *, const char *);
static void	 free_vectors(struct vector *, size_t);
static void	 check_known_answer(const struct known_answer *);
static void	 check_vector(const struct vector *);
static void	 check_bit_flips(const struct vector *);
static void	 refused(const uint8_t *, size_t, enum tend_sealed_what,
		    struct tend_siv *, const char *, const char *);
static void	 seal_raw(struct tend_buf *, struct tend_siv *, int, uint32_t,
		    const uint8_t *, size_t);

/*
 * The bytes HEX spells, spaces left out, in a new buffer of *LEN bytes
 * (one more allocated, so never NULL for none); NULL when it is not hex.
 */
static uint8_t *
unhex(size_t *len, const char *hex)
{
	uint8_t		*bytes;
	size_t		 n = 0;
	unsigned int	 byte;
	const char	*p;

	if ((bytes = malloc(strlen(hex) / 2 + 1)) == NULL)
		return NULL;
	for (p = hex; *p != '\0'; p += 2) {
		if (*p == ' ') {
			p--;
			continue;
		}
		if (p[1] == '\0' || sscanf(p, "%2x", &byte) != 1 ||
		    strchr("0123456789abcdef", p[0]) == NULL ||
		    strchr("0123456789abcdef", p[1]) == NULL) {
			free(bytes);
			return NULL;
		}
		bytes[n++] = (uint8_t)byte;
	}
	*len = n;
	return bytes;
}

/* Read PATH's paragraphs into VECTORS, at most *COUNT; 0, or -1. */
static int
read_vectors(struct vector *vectors, size_t *count, const char *path)
{
	struct vector	*vector = NULL;
	FILE		*f;
	char		*line = NULL, *value;
	size_t		 cap = 0, max = *count, len;
	ssize_t		 got;
	uint8_t		*key;
	int		 error = 0;

	*count = 0;
	if ((f = fopen(path, "r")) == NULL) {
		diag("cannot open %s", path);
		return -1;
	}
	while (error == 0 && (got = getline(&line, &cap, f)) != -1) {
		if (got > 0 && line[got - 1] == '\n')
			line[got - 1] = '\0';
		if (line[0] == '#')
			continue;
		if (line[0] == '\0') {
			vector = NULL;
			continue;
		}
		if ((value = strchr(line, '=')) == NULL || value == line ||
		    value[-1] != ' ') {
			error = -1;
			break;
		}
		value[-1] = '\0';
		for (value++; *value == ' '; value++)
			;
		if (strcmp(line, "name") == 0) {
			if (*count == max) {
				error = -1;
				break;
			}
			vector = &vectors[(*count)++];
			memset(vector, 0, sizeof(*vector));
			if ((vector->name = strdup(value)) == NULL)
				error = -1;
		} else if (vector == NULL)
			error = -1;
		else if (strcmp(line, "key") == 0) {
			if ((key = unhex(&len, value)) == NULL ||
			    len != TEND_SIV_KEY ||
			    tend_siv_new(&vector->siv, key, len) < 0)
				error = -1;
			free(key);
		} else if (strcmp(line, "what") == 0)
			vector->what = strtoul(value, NULL, 10);
		else if (strcmp(line, "generation") == 0)
			vector->generation = strtoul(value, NULL, 10);
		else if (strcmp(line, "plain") == 0) {
			if ((vector->plain = unhex(&vector->plain_len,
			    value)) == NULL)
				error = -1;
		} else if (strcmp(line, "sealed") == 0) {
			if ((vector->sealed = unhex(&vector->sealed_len,
			    value)) == NULL)
				error = -1;
		} else
			error = -1;
	}
	if (error < 0)
		diag("%s: cannot read the line '%s'", path, line);
	free(line);
	fclose(f);
	return error;
}

static void
free_vectors(struct vector *vectors, size_t count)
{
	size_t	i;

	for (i = 0; i < count; i++) {
		free(vectors[i].name);
		tend_siv_free(vectors[i].siv);
		free(vectors[i].plain);
		free(vectors[i].sealed);
	}
}

static void
check_known_answer(const struct known_answer *answer)
{
	struct tend_siv_ad	 ad[3];
	struct tend_siv		*siv = NULL;
	uint8_t			*key, *parts[3], *plain, *want, *got, *back;
	size_t			 key_len, plain_len, want_len, i;
	int			 error;

	key = unhex(&key_len, answer->key);
	plain = unhex(&plain_len, answer->plain);
	want = unhex(&want_len, answer->out);
	for (i = 0; i < answer->nad; i++) {
		parts[i] = unhex(&ad[i].len, answer->ad[i]);
		ad[i].data = parts[i];
	}
	got = calloc(1, plain_len + TEND_SIV_TAG);
	back = malloc(plain_len + 1);
	memset(back, 0xa5, plain_len + 1);
	is_int(tend_siv_new(&siv, key, key_len), 0, answer->source);

	if (answer->authentic) {
		is_int(tend_siv_seal(siv, got, ad, answer->nad, plain,
		    plain_len), 0, answer->source);
		ok(want_len == plain_len + TEND_SIV_TAG &&
		    memcmp(got, want, want_len) == 0, "%s: the tag and "
		    "ciphertext are the published ones", answer->source);
		error = tend_siv_open(siv, back, ad, answer->nad, want,
		    want_len);
		ok(error == 0 && memcmp(back, plain, plain_len) == 0 &&
		    back[plain_len] == 0xa5, "%s: opens to the plaintext",
		    answer->source);
	} else {
		error = tend_siv_open(siv, back, ad, answer->nad, want,
		    want_len);
		is_int(error, TEND_EINVALID, answer->source);
		for (i = 0; i <= plain_len && back[i] == 0xa5; i++)
			;
		ok(i > plain_len, "%s: the output is left as it was",
		    answer->source);
	}

	for (i = 0; i < answer->nad; i++)
		free(parts[i]);
	tend_siv_free(siv);
	free(key);
	free(plain);
	free(want);
	free(got);
	free(back);
}

static void
check_vector(const struct vector *vector)
{
	struct tend_buf		 sealed = TEND_BUF_INIT, opened = TEND_BUF_INIT;
	enum tend_sealed_what	 what = 0;
	uint32_t		 generation = 0;
	int			 error;

	error = tend_sealed_seal(&sealed, vector->what, vector->generation,
	    vector->siv, (const char *)vector->plain, vector->plain_len);
	is_int(error, 0, vector->name);
	ok(sealed.len == vector->sealed_len &&
	    memcmp(sealed.data, vector->sealed, sealed.len) == 0,
	    "%s: sealed as frozen, byte for byte", vector->name);
	ok(tend_sealed_is((const char *)vector->sealed, vector->sealed_len),
	    "%s: is sealed", vector->name);
	error = tend_sealed_generation(&generation, &what,
	    (const char *)vector->sealed, vector->sealed_len);
	ok(error == 0 && generation == vector->generation &&
	    (unsigned long)what == vector->what,
	    "%s: the header gives its generation and what", vector->name);
	error = tend_sealed_open(&opened, vector->what, vector->siv,
	    (const char *)vector->sealed, vector->sealed_len);
	ok(error == 0 && opened.len == vector->plain_len &&
	    (opened.len == 0 || memcmp(opened.data, vector->plain,
	    opened.len) == 0), "%s: opens to the plaintext", vector->name);
	tend_buf_free(&sealed);
	tend_buf_free(&opened);
}

/* Every bit flipped, one at a time: header, tag or ciphertext. */
static void
check_bit_flips(const struct vector *vector)
{
	struct tend_buf	 opened = TEND_BUF_INIT;
	uint8_t		*copy;
	size_t		 bit, failed = 0;
	int		 error;

	if ((copy = malloc(vector->sealed_len)) == NULL)
		return;
	memcpy(copy, vector->sealed, vector->sealed_len);
	for (bit = 0; bit < vector->sealed_len * 8; bit++) {
		copy[bit / 8] ^= 1u << (bit % 8);
		error = tend_sealed_open(&opened, vector->what, vector->siv,
		    (const char *)copy, vector->sealed_len);
		if (error != TEND_EINVALID || opened.len != 0 ||
		    tend_error()[0] == '\0') {
			if (failed++ == 0)
				diag("bit %zu: %d, %zu bytes out", bit, error,
				    opened.len);
		}
		copy[bit / 8] ^= 1u << (bit % 8);
	}
	ok(failed == 0, "%s: each of its %zu bits flipped fails to open, "
	    "with nothing out", vector->name, vector->sealed_len * 8);
	free(copy);
	tend_buf_free(&opened);
}

/*
 * Open DATA as WANT with KEY: it must fail with TEND_EINVALID and
 * MESSAGE, appending nothing to a buffer that holds text already.
 */
static void
refused(const uint8_t *data, size_t len, enum tend_sealed_what want,
    struct tend_siv *siv, const char *message, const char *name)
{
	struct tend_buf	opened = TEND_BUF_INIT;

	tend_buf_puts(&opened, "kept");
	is_int(tend_sealed_open(&opened, want, siv, (const char *)data, len),
	    TEND_EINVALID, name);
	is_str(tend_error(), message, name);
	ok(opened.len == 4 && strcmp(opened.data, "kept") == 0,
	    "%s: nothing appended", name);
	tend_buf_free(&opened);
}

/*
 * Seal BODY as it is, padding and all, behind a header written here
 * apart from lib/sealed.c: blobs that authenticate but that
 * tend_sealed_seal would never make.
 */
static void
seal_raw(struct tend_buf *out, struct tend_siv *siv, int what,
    uint32_t generation, const uint8_t *body, size_t len)
{
	struct tend_siv_ad	 ad;
	uint8_t			*blob;

	if ((blob = malloc(TEND_SEALED_HEADER + len)) == NULL)
		return;
	memcpy(blob, "\0tend\0\1", 7);
	blob[7] = (uint8_t)what;
	blob[8] = (uint8_t)(generation >> 24);
	blob[9] = (uint8_t)(generation >> 16);
	blob[10] = (uint8_t)(generation >> 8);
	blob[11] = (uint8_t)generation;
	ad.data = blob;
	ad.len = 12;
	if (tend_siv_seal(siv, blob + 12, &ad, 1, body, len) == 0)
		tend_buf_put(out, (const char *)blob, TEND_SEALED_HEADER + len);
	free(blob);
}

int
main(int argc, char *argv[])
{
	struct vector		 vectors[VECTORS_MAX];
	struct tend_buf		 a = TEND_BUF_INIT, b = TEND_BUF_INIT;
	struct tend_siv_ad	 ads[TEND_SIV_AD_MAX + 1];
	struct tend_siv		*siv;
	enum tend_sealed_what	 what;
	const struct vector	*file, *name, *message;
	const char		*slash;
	uint32_t		 generation;
	uint8_t			 body[512], copy[1024], key[TEND_SIV_KEY];
	uint8_t			 tag_only[TEND_SIV_TAG], *big;
	char			 path[4096];
	size_t			 count = VECTORS_MAX, i;

	(void)argc;
	plan(195);

	is_int(tend_siv_init(), 0, "libgcrypt is set up");
	is_int(tend_siv_init(), 0, "and setting it up again does no harm");

	/* AES-SIV itself, through siv.c. */
	for (i = 0; i < sizeof(known_answers) / sizeof(known_answers[0]); i++)
		check_known_answer(&known_answers[i]);
	memset(key, 0x11, sizeof(key));
	memset(body, 0, sizeof(body));
	is_int(tend_siv_new(&siv, key, 48), TEND_EINVALID,
	    "a key of 48 bytes is refused");
	is_str(tend_error(), "an AES-SIV key has 32 or 64 bytes, not 48",
	    "and it says so");
	ok(siv == NULL, "and no key is given back");
	if (!ok(tend_siv_new(&siv, key, sizeof(key)) == 0,
	    "a key of 64 bytes is set up"))
		return done_testing() | 1;
	for (i = 0; i <= TEND_SIV_AD_MAX; i++) {
		ads[i].data = body;
		ads[i].len = 1;
	}
	is_int(tend_siv_seal(siv, copy, ads, TEND_SIV_AD_MAX, body, 16), 0,
	    "126 components of associated data are taken");
	is_int(tend_siv_seal(siv, copy, ads, TEND_SIV_AD_MAX + 1, body, 16),
	    TEND_EINVALID, "127 are refused (RFC 5297 section 7)");
	memset(tag_only, 0, sizeof(tag_only));
	is_int(tend_siv_open(siv, copy, NULL, 0, tag_only, TEND_SIV_TAG - 1),
	    TEND_EINVALID, "less than a tag is refused");
	is_int(tend_siv_seal(siv, copy, NULL, 0, body, 0), 0,
	    "an empty plaintext seals to a tag alone");
	memcpy(tag_only, copy, TEND_SIV_TAG);
	is_int(tend_siv_open(siv, body, NULL, 0, tag_only, TEND_SIV_TAG), 0,
	    "and opens");
	tag_only[0] ^= 1;
	is_int(tend_siv_open(siv, body, NULL, 0, tag_only, TEND_SIV_TAG),
	    TEND_EINVALID, "unless its tag is changed");
	is_str(tend_error(),
	    "the data does not authenticate (wrong key, or changed)",
	    "which is told as such");
	/* One key serves many texts: a failure leaves nothing behind. */
	tag_only[0] ^= 1;
	is_int(tend_siv_open(siv, body, NULL, 0, tag_only, TEND_SIV_TAG), 0,
	    "the same key opens the tag again after that failure");
	is_int(tend_siv_seal(siv, copy + TEND_SIV_TAG, NULL, 0, body, 0), 0,
	    "and seals again");
	ok(memcmp(copy, copy + TEND_SIV_TAG, TEND_SIV_TAG) == 0,
	    "to the same tag as before");
	tend_siv_free(siv);
	memset(copy, 0xa5, sizeof(copy));
	tend_crypto_wipe(copy, 100);
	ok(copy[0] == 0 && copy[99] == 0 && copy[100] == 0xa5,
	    "tend_crypto_wipe zeroes what it is given, and no more");

	/* The frozen vectors. */
	slash = strrchr(argv[0], '/');
	snprintf(path, sizeof(path), "%.*s%s",
	    slash != NULL ? (int)(slash - argv[0] + 1) : 0, argv[0],
	    VECTORS_FILE);
	if (!ok(read_vectors(vectors, &count, path) == 0 && count == 8,
	    "the 8 frozen vectors are read")) {
		free_vectors(vectors, count);
		return done_testing() | 1;
	}
	for (i = 0; i < count; i++)
		check_vector(&vectors[i]);
	for (i = 0; i < count; i++)
		check_bit_flips(&vectors[i]);
	file = &vectors[4];
	name = &vectors[5];
	message = &vectors[7];

	/* Cut short, or not sealed at all. */
	refused(file->sealed, file->sealed_len - 1, TEND_SEALED_FILE,
	    file->siv, "the sealed data has a wrong length (539 bytes)",
	    "a blob one byte short");
	refused(file->sealed, TEND_SEALED_HEADER + 255, TEND_SEALED_FILE,
	    file->siv, "the sealed data is cut short (283 bytes)",
	    "a blob one byte short of a bucket");
	refused(file->sealed, 11, TEND_SEALED_FILE, file->siv,
	    "the sealed data is cut short (11 bytes)", "a header cut short");
	refused(file->sealed, 6, TEND_SEALED_FILE, file->siv,
	    "the sealed data is cut short (6 bytes)", "the magic bytes alone");
	refused(file->sealed, 5, TEND_SEALED_FILE, file->siv,
	    "not sealed: the data does not start with tend's header",
	    "five bytes");
	refused((const uint8_t *)"", 0, TEND_SEALED_FILE, file->siv,
	    "not sealed: the data does not start with tend's header",
	    "no bytes");
	refused((const uint8_t *)"---\nkind: checkin\n", 18, TEND_SEALED_FILE,
	    file->siv, "not sealed: the data does not start with tend's header",
	    "a plain entry");

	/* The wrong key, the wrong kind. */
	refused(file->sealed, file->sealed_len, TEND_SEALED_FILE, message->siv,
	    "the data does not authenticate (wrong key, or changed)",
	    "another key");
	refused(name->sealed, name->sealed_len, TEND_SEALED_FILE, name->siv,
	    "sealed as a name, not as a file", "a name opened as a file");
	refused(message->sealed, message->sealed_len, TEND_SEALED_FILE,
	    message->siv, "sealed as a commit message, not as a file",
	    "a commit message opened as a file");

	/* Headers tend cannot open, with or without a key. */
	memcpy(copy, file->sealed, file->sealed_len);
	copy[6] = 2;
	refused(copy, file->sealed_len, TEND_SEALED_FILE, file->siv,
	    "made by a newer tend (format version 2)", "version 2");
	is_int(tend_sealed_generation(&generation, &what, (const char *)copy,
	    7), TEND_EINVALID, "version 2 is told from seven bytes");
	is_str(tend_error(), "made by a newer tend (format version 2)",
	    "as made by a newer tend");
	ok(tend_sealed_is((const char *)copy, file->sealed_len),
	    "yet it is sealed data");
	copy[6] = 0;
	refused(copy, file->sealed_len, TEND_SEALED_FILE, file->siv,
	    "unknown format version 0", "version 0");
	copy[6] = 1;
	copy[7] = 4;
	refused(copy, file->sealed_len, TEND_SEALED_FILE, file->siv,
	    "unknown kind of sealed data (4)", "what 4");
	copy[7] = 1;
	memset(copy + 8, 0, 4);
	refused(copy, file->sealed_len, TEND_SEALED_FILE, file->siv,
	    "sealed with key generation 0, which is never used",
	    "generation 0");
	memcpy(copy, file->sealed, file->sealed_len);
	copy[11] = 1;
	refused(copy, file->sealed_len, TEND_SEALED_FILE, file->siv,
	    "the data does not authenticate (wrong key, or changed)",
	    "generation 2 read as 1");

	/* Padding that authenticates but that sealing never writes. */
	memset(body, 0, sizeof(body));
	memcpy(body, "abc\x80", 4);
	seal_raw(&a, file->siv, TEND_SEALED_FILE, 1, body, 256);
	is_int(tend_sealed_open(&b, TEND_SEALED_FILE, file->siv, a.data,
	    a.len), 0, "a blob made apart from sealed.c opens");
	is_str(b.data, "abc", "to its plaintext");
	a.len = b.len = 0;
	seal_raw(&a, file->siv, TEND_SEALED_FILE, 1, body, 512);
	refused((const uint8_t *)a.data, a.len, TEND_SEALED_FILE, file->siv,
	    "the padding is damaged", "a bucket more padding than needed");
	a.len = 0;
	body[255] = 1;
	seal_raw(&a, file->siv, TEND_SEALED_FILE, 1, body, 256);
	refused((const uint8_t *)a.data, a.len, TEND_SEALED_FILE, file->siv,
	    "the padding is damaged", "a byte not zero after the 0x80");
	a.len = 0;
	memset(body, 0, sizeof(body));
	seal_raw(&a, file->siv, TEND_SEALED_FILE, 1, body, 256);
	refused((const uint8_t *)a.data, a.len, TEND_SEALED_FILE, file->siv,
	    "the padding is damaged", "zeros without a 0x80");
	a.len = 0;
	body[255] = 0x7f;
	seal_raw(&a, file->siv, TEND_SEALED_FILE, 1, body, 256);
	refused((const uint8_t *)a.data, a.len, TEND_SEALED_FILE, file->siv,
	    "the padding is damaged", "a last byte that is not 0x80");
	a.len = 0;
	memset(body, 'x', 32);
	seal_raw(&a, file->siv, TEND_SEALED_NAME, 1, body, 32);
	refused((const uint8_t *)a.data, a.len, TEND_SEALED_NAME, file->siv,
	    "the padding is damaged", "a name with no padding");
	a.len = 0;
	body[31] = 0x80;
	seal_raw(&a, file->siv, TEND_SEALED_FILE, 1, body, 32);
	refused((const uint8_t *)a.data, a.len, TEND_SEALED_FILE, file->siv,
	    "the sealed data is cut short (60 bytes)",
	    "a file padded to a name's bucket");
	a.len = 0;

	/* What sealing refuses. */
	tend_buf_puts(&a, "kept");
	is_int(tend_sealed_seal(&a, TEND_SEALED_FILE, 0, file->siv, "x", 1),
	    TEND_EINVALID, "generation 0 is refused");
	is_str(tend_error(),
	    "cannot seal with key generation 0: they start at 1",
	    "generation 0 is never used");
	is_int(tend_sealed_seal(&a, 4, 1, file->siv, "x", 1), TEND_EINVALID,
	    "an unknown kind is refused");
	ok(a.len == 4, "nothing is appended when sealing is refused");
	/* Calloc's pages are not touched, but for the header's. */
	if ((big = calloc(1, TEND_SEALED_HEADER + TEND_SEALED_MAX + 512)) !=
	    NULL) {
		is_int(tend_sealed_seal(&a, TEND_SEALED_FILE, 1, file->siv,
		    (const char *)big, TEND_SEALED_MAX + 1), TEND_EINVALID,
		    "64 MiB and a byte are refused");
		is_str(tend_error(),
		    "cannot seal 67108865 bytes: the most is 64 MiB",
		    "as too much");
		memcpy(big, file->sealed, TEND_SEALED_HEADER);
		is_int(tend_sealed_generation(&generation, &what,
		    (const char *)big, TEND_SEALED_HEADER + TEND_SEALED_MAX +
		    256), 0, "a blob of 64 MiB, padded, is the longest taken");
		is_int(tend_sealed_generation(&generation, &what,
		    (const char *)big, TEND_SEALED_HEADER + TEND_SEALED_MAX +
		    512), TEND_EINVALID, "a bucket more is refused");
		is_str(tend_error(),
		    "the sealed data has a wrong length (67109404 bytes)",
		    "as a wrong length");
		free(big);
	} else
		for (i = 0; i < 5; i++)
			ok(0, "no memory for 64 MiB");
	tend_buf_free(&a);
	tend_buf_free(&b);

	/* Deterministic: the same bytes each time, unless the header differs. */
	tend_buf_puts(&a, "kept");
	tend_sealed_seal(&a, TEND_SEALED_FILE, 2, file->siv,
	    (const char *)file->plain, file->plain_len);
	tend_sealed_seal(&b, TEND_SEALED_FILE, 2, file->siv,
	    (const char *)file->plain, file->plain_len);
	ok(a.len == b.len + 4 && memcmp(a.data, "kept", 4) == 0 &&
	    memcmp(a.data + 4, b.data, b.len) == 0,
	    "sealing twice gives the same bytes, appended");
	b.len = 0;
	tend_sealed_seal(&b, TEND_SEALED_FILE, 3, file->siv,
	    (const char *)file->plain, file->plain_len);
	ok(a.len == b.len + 4 && memcmp(a.data + 4 + 12, b.data + 12,
	    TEND_SIV_TAG) != 0 && memcmp(a.data + 4 + TEND_SEALED_HEADER,
	    b.data + TEND_SEALED_HEADER, 16) != 0,
	    "another generation gives another tag and ciphertext");
	b.len = 0;
	tend_sealed_seal(&b, TEND_SEALED_MESSAGE, 2, file->siv,
	    (const char *)file->plain, file->plain_len);
	ok(memcmp(a.data + 4 + 12, b.data + 12, TEND_SIV_TAG) != 0,
	    "and so does another kind");
	tend_buf_free(&a);
	tend_buf_free(&b);

	ok(!tend_sealed_is("\0tend", 5), "five bytes of the magic are not it");
	ok(!tend_sealed_is("\0tenD\0", 6), "nor six bytes of something else");
	ok(tend_sealed_is("\0tend\0", 6), "six bytes of it are");

	free_vectors(vectors, count);
	return done_testing();
}
