/*
 * Ids and slugs made from names and titles in any script.  A Latin letter
 * with a diacritic stands for its ASCII letter (Zoë: zoe, ß: ss), a letter
 * of another script is kept as it is, lowercased where its case is simple
 * (Greek, Cyrillic, Armenian, Georgian), and anything else separates the
 * words by one dash.  Letters are classed by the tables below, never by
 * the locale: an id must read the same on every machine.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SLUG_MAX	64	/* bytes, as TEND_AGREE_NAME_MAX */
#define LATIN_A		0x00c0	/* the first letter of Latin-1 */
#define LATIN_B_END	0x024f	/* the last of Latin Extended-B */
#define LATIN_ADD	0x1e00	/* Latin Extended Additional */
#define LATIN_ADD_END	0x1eff

/* What a code point is to a slug. */
enum slug_class {
	SEPARATOR,	/* ends a word */
	ASCII,		/* a letter or digit written in ASCII */
	LETTER,		/* a letter of another script, kept */
	MARK,		/* a combining mark: kept after a LETTER only */
};

/* What the character at a place in a name gives a slug. */
struct slug_char {
	enum slug_class	 class;
	char		 bytes[4];	/* its spelling in the slug */
	size_t		 len;
};

struct letter_range {
	uint32_t	first, last;
	enum slug_class	class;
};

struct case_range {
	uint32_t	first, last;
	int32_t		delta;		/* to its lowercase letter */
	uint32_t	step;		/* 2: capitals alternate with small */
};

static void	classify(struct slug_char *, uint32_t);
static enum slug_class class_of(uint32_t);
static uint32_t	lower(uint32_t);
static size_t	utf8_put(char *, uint32_t);
static int	slug_make(struct tend_buf *, const char *, size_t);
static int	is_hidden_char(uint32_t);

/*
 * The ASCII each letter of U+00C0-U+024F and U+1E00-U+1EFF stands for,
 * from its decomposition without marks, or as it is commonly spelled in
 * ASCII (ß: ss, ø: o, þ: th); "" for the signs among them (×, ÷).
 * Made by tests/unit/slug-tables.py from Unicode 14.
 */
static const char latin[][3] = {
	/* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* U+00D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* U+00F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* U+0108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* U+0118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* U+0128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* U+0138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* U+0148 */ "n", "n", "ng", "ng", "o", "o", "o", "o",
	/* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* U+0158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* U+0168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* U+0178 */ "y", "z", "z", "z", "z", "z", "z", "s",
	/* U+0180 */ "b", "b", "b", "b", "", "", "o", "c",
	/* U+0188 */ "c", "d", "d", "d", "d", "d", "e", "e",
	/* U+0190 */ "e", "f", "f", "g", "g", "hv", "i", "i",
	/* U+0198 */ "k", "k", "l", "l", "m", "n", "n", "o",
	/* U+01A0 */ "o", "o", "oi", "oi", "p", "p", "r", "s",
	/* U+01A8 */ "s", "s", "s", "t", "t", "t", "t", "u",
	/* U+01B0 */ "u", "u", "v", "y", "y", "z", "z", "z",
	/* U+01B8 */ "z", "z", "z", "2", "5", "5", "s", "w",
	/* U+01C0 */ "", "", "", "", "dz", "dz", "dz", "lj",
	/* U+01C8 */ "lj", "lj", "nj", "nj", "nj", "a", "a", "i",
	/* U+01D0 */ "i", "o", "o", "u", "u", "u", "u", "u",
	/* U+01D8 */ "u", "u", "u", "u", "u", "e", "a", "a",
	/* U+01E0 */ "a", "a", "ae", "ae", "g", "g", "g", "g",
	/* U+01E8 */ "k", "k", "o", "o", "o", "o", "z", "z",
	/* U+01F0 */ "j", "dz", "dz", "dz", "g", "g", "hv", "w",
	/* U+01F8 */ "n", "n", "a", "a", "ae", "ae", "o", "o",
	/* U+0200 */ "a", "a", "a", "a", "e", "e", "e", "e",
	/* U+0208 */ "i", "i", "i", "i", "o", "o", "o", "o",
	/* U+0210 */ "r", "r", "r", "r", "u", "u", "u", "u",
	/* U+0218 */ "s", "s", "t", "t", "y", "y", "h", "h",
	/* U+0220 */ "n", "d", "ou", "ou", "z", "z", "a", "a",
	/* U+0228 */ "e", "e", "o", "o", "o", "o", "o", "o",
	/* U+0230 */ "o", "o", "y", "y", "l", "n", "t", "j",
	/* U+0238 */ "db", "qp", "a", "c", "c", "l", "t", "s",
	/* U+0240 */ "z", "", "", "b", "u", "v", "e", "e",
	/* U+0248 */ "j", "j", "q", "q", "r", "r", "y", "y",
	/* U+1E00 */ "a", "a", "b", "b", "b", "b", "b", "b",
	/* U+1E08 */ "c", "c", "d", "d", "d", "d", "d", "d",
	/* U+1E10 */ "d", "d", "d", "d", "e", "e", "e", "e",
	/* U+1E18 */ "e", "e", "e", "e", "e", "e", "f", "f",
	/* U+1E20 */ "g", "g", "h", "h", "h", "h", "h", "h",
	/* U+1E28 */ "h", "h", "h", "h", "i", "i", "i", "i",
	/* U+1E30 */ "k", "k", "k", "k", "k", "k", "l", "l",
	/* U+1E38 */ "l", "l", "l", "l", "l", "l", "m", "m",
	/* U+1E40 */ "m", "m", "m", "m", "n", "n", "n", "n",
	/* U+1E48 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* U+1E50 */ "o", "o", "o", "o", "p", "p", "p", "p",
	/* U+1E58 */ "r", "r", "r", "r", "r", "r", "r", "r",
	/* U+1E60 */ "s", "s", "s", "s", "s", "s", "s", "s",
	/* U+1E68 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* U+1E70 */ "t", "t", "u", "u", "u", "u", "u", "u",
	/* U+1E78 */ "u", "u", "u", "u", "v", "v", "v", "v",
	/* U+1E80 */ "w", "w", "w", "w", "w", "w", "w", "w",
	/* U+1E88 */ "w", "w", "x", "x", "x", "x", "y", "y",
	/* U+1E90 */ "z", "z", "z", "z", "z", "z", "h", "t",
	/* U+1E98 */ "w", "y", "a", "s", "s", "s", "ss", "d",
	/* U+1EA0 */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* U+1EA8 */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* U+1EB0 */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* U+1EB8 */ "e", "e", "e", "e", "e", "e", "e", "e",
	/* U+1EC0 */ "e", "e", "e", "e", "e", "e", "e", "e",
	/* U+1EC8 */ "i", "i", "i", "i", "o", "o", "o", "o",
	/* U+1ED0 */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* U+1ED8 */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* U+1EE0 */ "o", "o", "o", "o", "u", "u", "u", "u",
	/* U+1EE8 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+1EF0 */ "u", "u", "y", "y", "y", "y", "y", "y",
	/* U+1EF8 */ "y", "y", "ll", "ll", "v", "v", "y", "y",
};

/*
 * The letters (Unicode categories L, Nd and Nl) and combining marks (M) of
 * the scripts the generator lists: IPA, Greek, Cyrillic, Armenian, Hebrew,
 * Arabic, the Indic scripts, Thai, Lao, Tibetan, Myanmar, Georgian,
 * Ethiopic, Khmer, Hangul, Kana, Bopomofo and the CJK ideographs; and the
 * combining marks of every script.  Letters that show nothing (the Hangul
 * fillers) are left out.  Sorted, for a binary search.
 */
static const struct letter_range letters[] = {
	{ 0x0250, 0x02af, LETTER }, { 0x0300, 0x034e, MARK },
	{ 0x0350, 0x036f, MARK }, { 0x0370, 0x0374, LETTER },
	{ 0x0376, 0x0377, LETTER }, { 0x037a, 0x037d, LETTER },
	{ 0x037f, 0x037f, LETTER }, { 0x0386, 0x0386, LETTER },
	{ 0x0388, 0x038a, LETTER }, { 0x038c, 0x038c, LETTER },
	{ 0x038e, 0x03a1, LETTER }, { 0x03a3, 0x03f5, LETTER },
	{ 0x03f7, 0x0481, LETTER }, { 0x0483, 0x0489, MARK },
	{ 0x048a, 0x052f, LETTER }, { 0x0531, 0x0556, LETTER },
	{ 0x0559, 0x0559, LETTER }, { 0x0560, 0x0588, LETTER },
	{ 0x0591, 0x05bd, MARK }, { 0x05bf, 0x05bf, MARK },
	{ 0x05c1, 0x05c2, MARK }, { 0x05c4, 0x05c5, MARK },
	{ 0x05c7, 0x05c7, MARK }, { 0x05d0, 0x05ea, LETTER },
	{ 0x05ef, 0x05f2, LETTER }, { 0x0610, 0x061a, MARK },
	{ 0x0620, 0x064a, LETTER }, { 0x064b, 0x065f, MARK },
	{ 0x0660, 0x0669, LETTER }, { 0x066e, 0x066f, LETTER },
	{ 0x0670, 0x0670, MARK }, { 0x0671, 0x06d3, LETTER },
	{ 0x06d5, 0x06d5, LETTER }, { 0x06d6, 0x06dc, MARK },
	{ 0x06df, 0x06e4, MARK }, { 0x06e5, 0x06e6, LETTER },
	{ 0x06e7, 0x06e8, MARK }, { 0x06ea, 0x06ed, MARK },
	{ 0x06ee, 0x06fc, LETTER }, { 0x06ff, 0x06ff, LETTER },
	{ 0x0750, 0x077f, LETTER }, { 0x0900, 0x0903, MARK },
	{ 0x0904, 0x0939, LETTER }, { 0x093a, 0x093c, MARK },
	{ 0x093d, 0x093d, LETTER }, { 0x093e, 0x094f, MARK },
	{ 0x0950, 0x0950, LETTER }, { 0x0951, 0x0957, MARK },
	{ 0x0958, 0x0961, LETTER }, { 0x0962, 0x0963, MARK },
	{ 0x0966, 0x096f, LETTER }, { 0x0971, 0x0980, LETTER },
	{ 0x0981, 0x0983, MARK }, { 0x0985, 0x098c, LETTER },
	{ 0x098f, 0x0990, LETTER }, { 0x0993, 0x09a8, LETTER },
	{ 0x09aa, 0x09b0, LETTER }, { 0x09b2, 0x09b2, LETTER },
	{ 0x09b6, 0x09b9, LETTER }, { 0x09bc, 0x09bc, MARK },
	{ 0x09bd, 0x09bd, LETTER }, { 0x09be, 0x09c4, MARK },
	{ 0x09c7, 0x09c8, MARK }, { 0x09cb, 0x09cd, MARK },
	{ 0x09ce, 0x09ce, LETTER }, { 0x09d7, 0x09d7, MARK },
	{ 0x09dc, 0x09dd, LETTER }, { 0x09df, 0x09e1, LETTER },
	{ 0x09e2, 0x09e3, MARK }, { 0x09e6, 0x09f1, LETTER },
	{ 0x09fc, 0x09fc, LETTER }, { 0x09fe, 0x09fe, MARK },
	{ 0x0a01, 0x0a03, MARK }, { 0x0a05, 0x0a0a, LETTER },
	{ 0x0a0f, 0x0a10, LETTER }, { 0x0a13, 0x0a28, LETTER },
	{ 0x0a2a, 0x0a30, LETTER }, { 0x0a32, 0x0a33, LETTER },
	{ 0x0a35, 0x0a36, LETTER }, { 0x0a38, 0x0a39, LETTER },
	{ 0x0a3c, 0x0a3c, MARK }, { 0x0a3e, 0x0a42, MARK },
	{ 0x0a47, 0x0a48, MARK }, { 0x0a4b, 0x0a4d, MARK },
	{ 0x0a51, 0x0a51, MARK }, { 0x0a59, 0x0a5c, LETTER },
	{ 0x0a5e, 0x0a5e, LETTER }, { 0x0a66, 0x0a6f, LETTER },
	{ 0x0a70, 0x0a71, MARK }, { 0x0a72, 0x0a74, LETTER },
	{ 0x0a75, 0x0a75, MARK }, { 0x0a81, 0x0a83, MARK },
	{ 0x0a85, 0x0a8d, LETTER }, { 0x0a8f, 0x0a91, LETTER },
	{ 0x0a93, 0x0aa8, LETTER }, { 0x0aaa, 0x0ab0, LETTER },
	{ 0x0ab2, 0x0ab3, LETTER }, { 0x0ab5, 0x0ab9, LETTER },
	{ 0x0abc, 0x0abc, MARK }, { 0x0abd, 0x0abd, LETTER },
	{ 0x0abe, 0x0ac5, MARK }, { 0x0ac7, 0x0ac9, MARK },
	{ 0x0acb, 0x0acd, MARK }, { 0x0ad0, 0x0ad0, LETTER },
	{ 0x0ae0, 0x0ae1, LETTER }, { 0x0ae2, 0x0ae3, MARK },
	{ 0x0ae6, 0x0aef, LETTER }, { 0x0af9, 0x0af9, LETTER },
	{ 0x0afa, 0x0aff, MARK }, { 0x0b01, 0x0b03, MARK },
	{ 0x0b05, 0x0b0c, LETTER }, { 0x0b0f, 0x0b10, LETTER },
	{ 0x0b13, 0x0b28, LETTER }, { 0x0b2a, 0x0b30, LETTER },
	{ 0x0b32, 0x0b33, LETTER }, { 0x0b35, 0x0b39, LETTER },
	{ 0x0b3c, 0x0b3c, MARK }, { 0x0b3d, 0x0b3d, LETTER },
	{ 0x0b3e, 0x0b44, MARK }, { 0x0b47, 0x0b48, MARK },
	{ 0x0b4b, 0x0b4d, MARK }, { 0x0b55, 0x0b57, MARK },
	{ 0x0b5c, 0x0b5d, LETTER }, { 0x0b5f, 0x0b61, LETTER },
	{ 0x0b62, 0x0b63, MARK }, { 0x0b66, 0x0b6f, LETTER },
	{ 0x0b71, 0x0b71, LETTER }, { 0x0b82, 0x0b82, MARK },
	{ 0x0b83, 0x0b83, LETTER }, { 0x0b85, 0x0b8a, LETTER },
	{ 0x0b8e, 0x0b90, LETTER }, { 0x0b92, 0x0b95, LETTER },
	{ 0x0b99, 0x0b9a, LETTER }, { 0x0b9c, 0x0b9c, LETTER },
	{ 0x0b9e, 0x0b9f, LETTER }, { 0x0ba3, 0x0ba4, LETTER },
	{ 0x0ba8, 0x0baa, LETTER }, { 0x0bae, 0x0bb9, LETTER },
	{ 0x0bbe, 0x0bc2, MARK }, { 0x0bc6, 0x0bc8, MARK },
	{ 0x0bca, 0x0bcd, MARK }, { 0x0bd0, 0x0bd0, LETTER },
	{ 0x0bd7, 0x0bd7, MARK }, { 0x0be6, 0x0bef, LETTER },
	{ 0x0c00, 0x0c04, MARK }, { 0x0c05, 0x0c0c, LETTER },
	{ 0x0c0e, 0x0c10, LETTER }, { 0x0c12, 0x0c28, LETTER },
	{ 0x0c2a, 0x0c39, LETTER }, { 0x0c3c, 0x0c3c, MARK },
	{ 0x0c3d, 0x0c3d, LETTER }, { 0x0c3e, 0x0c44, MARK },
	{ 0x0c46, 0x0c48, MARK }, { 0x0c4a, 0x0c4d, MARK },
	{ 0x0c55, 0x0c56, MARK }, { 0x0c58, 0x0c5a, LETTER },
	{ 0x0c5d, 0x0c5d, LETTER }, { 0x0c60, 0x0c61, LETTER },
	{ 0x0c62, 0x0c63, MARK }, { 0x0c66, 0x0c6f, LETTER },
	{ 0x0c80, 0x0c80, LETTER }, { 0x0c81, 0x0c83, MARK },
	{ 0x0c85, 0x0c8c, LETTER }, { 0x0c8e, 0x0c90, LETTER },
	{ 0x0c92, 0x0ca8, LETTER }, { 0x0caa, 0x0cb3, LETTER },
	{ 0x0cb5, 0x0cb9, LETTER }, { 0x0cbc, 0x0cbc, MARK },
	{ 0x0cbd, 0x0cbd, LETTER }, { 0x0cbe, 0x0cc4, MARK },
	{ 0x0cc6, 0x0cc8, MARK }, { 0x0cca, 0x0ccd, MARK },
	{ 0x0cd5, 0x0cd6, MARK }, { 0x0cdd, 0x0cde, LETTER },
	{ 0x0ce0, 0x0ce1, LETTER }, { 0x0ce2, 0x0ce3, MARK },
	{ 0x0ce6, 0x0cef, LETTER }, { 0x0cf1, 0x0cf2, LETTER },
	{ 0x0d00, 0x0d03, MARK }, { 0x0d04, 0x0d0c, LETTER },
	{ 0x0d0e, 0x0d10, LETTER }, { 0x0d12, 0x0d3a, LETTER },
	{ 0x0d3b, 0x0d3c, MARK }, { 0x0d3d, 0x0d3d, LETTER },
	{ 0x0d3e, 0x0d44, MARK }, { 0x0d46, 0x0d48, MARK },
	{ 0x0d4a, 0x0d4d, MARK }, { 0x0d4e, 0x0d4e, LETTER },
	{ 0x0d54, 0x0d56, LETTER }, { 0x0d57, 0x0d57, MARK },
	{ 0x0d5f, 0x0d61, LETTER }, { 0x0d62, 0x0d63, MARK },
	{ 0x0d66, 0x0d6f, LETTER }, { 0x0d7a, 0x0d7f, LETTER },
	{ 0x0d81, 0x0d83, MARK }, { 0x0d85, 0x0d96, LETTER },
	{ 0x0d9a, 0x0db1, LETTER }, { 0x0db3, 0x0dbb, LETTER },
	{ 0x0dbd, 0x0dbd, LETTER }, { 0x0dc0, 0x0dc6, LETTER },
	{ 0x0dca, 0x0dca, MARK }, { 0x0dcf, 0x0dd4, MARK },
	{ 0x0dd6, 0x0dd6, MARK }, { 0x0dd8, 0x0ddf, MARK },
	{ 0x0de6, 0x0def, LETTER }, { 0x0df2, 0x0df3, MARK },
	{ 0x0e01, 0x0e30, LETTER }, { 0x0e31, 0x0e31, MARK },
	{ 0x0e32, 0x0e33, LETTER }, { 0x0e34, 0x0e3a, MARK },
	{ 0x0e40, 0x0e46, LETTER }, { 0x0e47, 0x0e4e, MARK },
	{ 0x0e50, 0x0e59, LETTER }, { 0x0e81, 0x0e82, LETTER },
	{ 0x0e84, 0x0e84, LETTER }, { 0x0e86, 0x0e8a, LETTER },
	{ 0x0e8c, 0x0ea3, LETTER }, { 0x0ea5, 0x0ea5, LETTER },
	{ 0x0ea7, 0x0eb0, LETTER }, { 0x0eb1, 0x0eb1, MARK },
	{ 0x0eb2, 0x0eb3, LETTER }, { 0x0eb4, 0x0ebc, MARK },
	{ 0x0ebd, 0x0ebd, LETTER }, { 0x0ec0, 0x0ec4, LETTER },
	{ 0x0ec6, 0x0ec6, LETTER }, { 0x0ec8, 0x0ecd, MARK },
	{ 0x0ed0, 0x0ed9, LETTER }, { 0x0edc, 0x0edf, LETTER },
	{ 0x0f00, 0x0f00, LETTER }, { 0x0f18, 0x0f19, MARK },
	{ 0x0f20, 0x0f29, LETTER }, { 0x0f35, 0x0f35, MARK },
	{ 0x0f37, 0x0f37, MARK }, { 0x0f39, 0x0f39, MARK },
	{ 0x0f3e, 0x0f3f, MARK }, { 0x0f40, 0x0f47, LETTER },
	{ 0x0f49, 0x0f6c, LETTER }, { 0x0f71, 0x0f84, MARK },
	{ 0x0f86, 0x0f87, MARK }, { 0x0f88, 0x0f8c, LETTER },
	{ 0x0f8d, 0x0f97, MARK }, { 0x0f99, 0x0fbc, MARK },
	{ 0x0fc6, 0x0fc6, MARK }, { 0x1000, 0x102a, LETTER },
	{ 0x102b, 0x103e, MARK }, { 0x103f, 0x1049, LETTER },
	{ 0x1050, 0x1055, LETTER }, { 0x1056, 0x1059, MARK },
	{ 0x105a, 0x105d, LETTER }, { 0x105e, 0x1060, MARK },
	{ 0x1061, 0x1061, LETTER }, { 0x1062, 0x1064, MARK },
	{ 0x1065, 0x1066, LETTER }, { 0x1067, 0x106d, MARK },
	{ 0x106e, 0x1070, LETTER }, { 0x1071, 0x1074, MARK },
	{ 0x1075, 0x1081, LETTER }, { 0x1082, 0x108d, MARK },
	{ 0x108e, 0x108e, LETTER }, { 0x108f, 0x108f, MARK },
	{ 0x1090, 0x1099, LETTER }, { 0x109a, 0x109d, MARK },
	{ 0x10a0, 0x10c5, LETTER }, { 0x10c7, 0x10c7, LETTER },
	{ 0x10cd, 0x10cd, LETTER }, { 0x10d0, 0x10fa, LETTER },
	{ 0x10fc, 0x115e, LETTER }, { 0x1161, 0x1248, LETTER },
	{ 0x124a, 0x124d, LETTER }, { 0x1250, 0x1256, LETTER },
	{ 0x1258, 0x1258, LETTER }, { 0x125a, 0x125d, LETTER },
	{ 0x1260, 0x1288, LETTER }, { 0x128a, 0x128d, LETTER },
	{ 0x1290, 0x12b0, LETTER }, { 0x12b2, 0x12b5, LETTER },
	{ 0x12b8, 0x12be, LETTER }, { 0x12c0, 0x12c0, LETTER },
	{ 0x12c2, 0x12c5, LETTER }, { 0x12c8, 0x12d6, LETTER },
	{ 0x12d8, 0x1310, LETTER }, { 0x1312, 0x1315, LETTER },
	{ 0x1318, 0x135a, LETTER }, { 0x135d, 0x135f, MARK },
	{ 0x1780, 0x17b3, LETTER }, { 0x17b6, 0x17d3, MARK },
	{ 0x17d7, 0x17d7, LETTER }, { 0x17dc, 0x17dc, LETTER },
	{ 0x17dd, 0x17dd, MARK }, { 0x17e0, 0x17e9, LETTER },
	{ 0x1ab0, 0x1ace, MARK }, { 0x1c80, 0x1c88, LETTER },
	{ 0x1dc0, 0x1dff, MARK }, { 0x20d0, 0x20f0, MARK },
	{ 0x2d00, 0x2d25, LETTER }, { 0x2d27, 0x2d27, LETTER },
	{ 0x2d2d, 0x2d2d, LETTER }, { 0x3005, 0x3007, LETTER },
	{ 0x3021, 0x3029, LETTER }, { 0x302a, 0x302f, MARK },
	{ 0x3031, 0x3035, LETTER }, { 0x3038, 0x303c, LETTER },
	{ 0x3041, 0x3096, LETTER }, { 0x3099, 0x309a, MARK },
	{ 0x309d, 0x309f, LETTER }, { 0x30a1, 0x30fa, LETTER },
	{ 0x30fc, 0x30ff, LETTER }, { 0x3105, 0x312f, LETTER },
	{ 0x3131, 0x3163, LETTER }, { 0x3165, 0x318e, LETTER },
	{ 0x31f0, 0x31ff, LETTER }, { 0x3400, 0x4dbf, LETTER },
	{ 0x4e00, 0x9fff, LETTER }, { 0xa640, 0xa66e, LETTER },
	{ 0xa66f, 0xa672, MARK }, { 0xa674, 0xa67d, MARK },
	{ 0xa67f, 0xa69d, LETTER }, { 0xa69e, 0xa69f, MARK },
	{ 0xac00, 0xd7a3, LETTER }, { 0xf900, 0xfa6d, LETTER },
	{ 0xfa70, 0xfad9, LETTER }, { 0xfe20, 0xfe2f, MARK },
	{ 0xff66, 0xff9f, LETTER }, { 0x20000, 0x2a6df, LETTER },
	{ 0x2a700, 0x2b738, LETTER }, { 0x2b740, 0x2b81d, LETTER },
	{ 0x2b820, 0x2cea1, LETTER }, { 0x2ceb0, 0x2ebe0, LETTER },
	{ 0x2f800, 0x2fa1d, LETTER }, { 0x30000, 0x3134a, LETTER },
};

/* The capitals among those letters, and their lowercase letters. */
static const struct case_range capitals[] = {
	{ 0x0370, 0x0372, 1, 2 },
	{ 0x0376, 0x0376, 1, 1 },
	{ 0x037f, 0x037f, 116, 1 },
	{ 0x0386, 0x0386, 38, 1 },
	{ 0x0388, 0x038a, 37, 1 },
	{ 0x038c, 0x038c, 64, 1 },
	{ 0x038e, 0x038f, 63, 1 },
	{ 0x0391, 0x03a1, 32, 1 },
	{ 0x03a3, 0x03ab, 32, 1 },
	{ 0x03cf, 0x03cf, 8, 1 },
	{ 0x03d8, 0x03ee, 1, 2 },
	{ 0x03f4, 0x03f4, -60, 1 },
	{ 0x03f7, 0x03f7, 1, 1 },
	{ 0x03f9, 0x03f9, -7, 1 },
	{ 0x03fa, 0x03fa, 1, 1 },
	{ 0x03fd, 0x03ff, -130, 1 },
	{ 0x0400, 0x040f, 80, 1 },
	{ 0x0410, 0x042f, 32, 1 },
	{ 0x0460, 0x0480, 1, 2 },
	{ 0x048a, 0x04be, 1, 2 },
	{ 0x04c0, 0x04c0, 15, 1 },
	{ 0x04c1, 0x04cd, 1, 2 },
	{ 0x04d0, 0x052e, 1, 2 },
	{ 0x0531, 0x0556, 48, 1 },
	{ 0x10a0, 0x10c5, 7264, 1 },
	{ 0x10c7, 0x10c7, 7264, 1 },
	{ 0x10cd, 0x10cd, 7264, 1 },
	{ 0xa640, 0xa66c, 1, 2 },
	{ 0xa680, 0xa69a, 1, 2 },
};

/* The class of a code point past ASCII and the Latin letters. */
static enum slug_class
class_of(uint32_t cp)
{
	size_t	low = 0, high = sizeof(letters) / sizeof(letters[0]), mid;

	while (low < high) {
		mid = low + (high - low) / 2;
		if (cp < letters[mid].first)
			high = mid;
		else if (cp > letters[mid].last)
			low = mid + 1;
		else
			return letters[mid].class;
	}
	return SEPARATOR;
}

/* The lowercase letter of CP, where the table knows one; else CP. */
static uint32_t
lower(uint32_t cp)
{
	size_t	i;

	for (i = 0; i < sizeof(capitals) / sizeof(capitals[0]); i++)
		if (cp >= capitals[i].first && cp <= capitals[i].last &&
		    (cp - capitals[i].first) % capitals[i].step == 0)
			return (uint32_t)((int32_t)cp + capitals[i].delta);
	return cp;
}

/* CP written as UTF-8 at OUT; its length. */
static size_t
utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static void
classify(struct slug_char *ch, uint32_t cp)
{
	const char	*ascii = NULL;

	ch->class = SEPARATOR;
	ch->len = 0;
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			ch->bytes[0] = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			ch->bytes[0] = (char)(cp + ('a' - 'A'));
		else
			return;
		ch->class = ASCII;
		ch->len = 1;
		return;
	}
	if (cp >= LATIN_A && cp <= LATIN_B_END)
		ascii = latin[cp - LATIN_A];
	else if (cp >= LATIN_ADD && cp <= LATIN_ADD_END)
		ascii = latin[LATIN_B_END - LATIN_A + 1 + cp - LATIN_ADD];
	/* Full-width Latin letters and digits, as CJK input methods type. */
	else if ((cp >= 0xff10 && cp <= 0xff19) ||
	    (cp >= 0xff41 && cp <= 0xff5a)) {
		ch->bytes[0] = (char)(cp - 0xff00 + 0x20);
		ch->class = ASCII;
		ch->len = 1;
		return;
	} else if (cp >= 0xff21 && cp <= 0xff3a) {
		ch->bytes[0] = (char)(cp - 0xff21 + 'a');
		ch->class = ASCII;
		ch->len = 1;
		return;
	}
	if (ascii != NULL) {
		if ((ch->len = strlen(ascii)) > 0) {
			memcpy(ch->bytes, ascii, ch->len);
			ch->class = ASCII;
		}
		return;
	}
	if ((ch->class = class_of(cp)) == LETTER)
		cp = lower(cp);
	if (ch->class != SEPARATOR)
		ch->len = utf8_put(ch->bytes, cp);
}

/*
 * The slug of the LEN bytes of NAME into OUT, at most SLUG_MAX bytes: cut
 * after the last whole word that fits, or, in a word longer than that,
 * between two letters.  Marks after an ASCII letter are the diacritics of
 * a decomposed Latin letter (e and U+0301 for é) and are left out; a mark
 * that follows no letter separates.  TEND_EINVALID if NAME is not UTF-8.
 */
static int
slug_make(struct tend_buf *out, const char *name, size_t len)
{
	struct slug_char	 ch;
	enum slug_class		 last = SEPARATOR;
	uint32_t		 cp;
	size_t			 i, n, letter_end = 0, char_end = 0, cut;
	int			 dash = 0, error = 0;

	out->len = 0;
	/* Read on past the limit, to see whether a word ends there. */
	for (i = 0; i < len && out->len <= SLUG_MAX && error == 0; i += n) {
		if ((n = tend_text_utf8_char(&cp, name + i, len - i)) == 0)
			return tend_error_set(TEND_EINVALID, "not UTF-8");
		classify(&ch, cp);
		switch (ch.class) {
		case MARK:
			if (last == LETTER) {
				error = tend_buf_put(out, ch.bytes, ch.len);
				if (out->len <= SLUG_MAX)
					char_end = out->len;
			} else if (last != ASCII) {
				dash = 1;
				last = SEPARATOR;
			}
			break;
		case SEPARATOR:
			dash = 1;
			last = SEPARATOR;
			break;
		default:
			if (dash && out->len > 0 &&
			    (error = tend_buf_put(out, "-", 1)) < 0)
				break;
			dash = 0;
			if (out->len <= SLUG_MAX)
				letter_end = out->len;
			error = tend_buf_put(out, ch.bytes, ch.len);
			if (out->len <= SLUG_MAX)
				char_end = out->len;
			last = ch.class;
			break;
		}
	}
	if (error < 0 || out->len <= SLUG_MAX)
		return error;
	/* Cut at the last dash, so no word is left half. */
	for (cut = SLUG_MAX; cut > 0 && out->data[cut] != '-'; cut--)
		;
	if (cut == 0)
		cut = letter_end > 0 ? letter_end : char_end;
	out->len = cut;
	out->data[cut] = '\0';
	return 0;
}

int
tend_text_slug(char **slug, const char *name)
{
	struct tend_buf	 made = TEND_BUF_INIT, shown = TEND_BUF_INIT;
	const char	*problem = NULL;
	size_t		 len = strlen(name), i, n;
	uint32_t	 cp;
	int		 error = 0;

	/* All of it, though the slug may be made of its start alone. */
	for (i = 0; i < len && problem == NULL; i += n)
		if ((n = tend_text_utf8_char(&cp, name + i, len - i)) == 0)
			problem = "is not UTF-8";
	if (problem == NULL && (error = slug_make(&made, name, len)) == 0 &&
	    made.len == 0)
		problem = "has no letter or digit to make an id from";
	if (problem != NULL) {
		/* The name may hold anything; keep it off the terminal. */
		if ((error = tend_text_sanitize(&shown, name, len)) == 0)
			error = tend_error_set(TEND_EINVALID, "'%s' %s",
			    shown.data, problem);
	} else if (error == 0)
		*slug = tend_buf_detach(&made);
	tend_buf_free(&made);
	tend_buf_free(&shown);
	return error;
}

void
tend_text_slug_cut(char *slug, size_t max)
{
	char	*dash;
	size_t	 cut = max;

	if (strlen(slug) <= max)
		return;
	/* Back to the start of the character at MAX: what is left is whole. */
	while (cut > 0 && ((unsigned char)slug[cut] & 0xc0) == 0x80)
		cut--;
	slug[cut] = '\0';
	if ((dash = strrchr(slug, '-')) != NULL && dash > slug)
		*dash = '\0';
}

int
tend_text_is_slug(const char *text)
{
	return text != NULL && tend_text_is_slug_n(text, strlen(text));
}

/*
 * Whether each character of TEXT is what a slug makes of it: a slug is
 * the slug of itself, whatever its length.
 */
int
tend_text_is_slug_n(const char *text, size_t len)
{
	struct slug_char	 ch;
	enum slug_class		 last = SEPARATOR;
	uint32_t		 cp;
	size_t			 i, n;

	for (i = 0; i < len; i += n) {
		if ((n = tend_text_utf8_char(&cp, text + i, len - i)) == 0)
			return 0;
		if (cp == '-') {
			if (last == SEPARATOR)
				return 0;
			last = SEPARATOR;
			continue;
		}
		classify(&ch, cp);
		if (ch.class == SEPARATOR || (ch.class == MARK &&
		    last != LETTER) || ch.len != n ||
		    memcmp(ch.bytes, text + i, n) != 0)
			return 0;
		if (ch.class != MARK)
			last = ch.class;
	}
	return last != SEPARATOR;
}

int
tend_id_check(const char *id)
{
	struct tend_buf	shown = TEND_BUF_INIT;
	int		error;

	if (tend_text_is_slug(id) && strlen(id) <= SLUG_MAX)
		return 0;
	if ((error = tend_text_sanitize(&shown, id, strlen(id))) == 0)
		error = tend_error_set(TEND_EINVALID, "'%s' is not an id: use "
		    "letters (lowercase, where a letter has a case), digits "
		    "and single dashes, at most %d bytes", shown.data,
		    SLUG_MAX);
	tend_buf_free(&shown);
	return error;
}

/*
 * Unicode's default ignorable code points and format characters (Cf):
 * zero-width spaces and joiners, the bidirectional marks, overrides and
 * isolates, the byte order mark, variation selectors, the Hangul fillers,
 * tags.  None shows itself; each can make two names that look alike
 * differ, or a name read otherwise than it is.
 */
static int
is_hidden_char(uint32_t cp)
{
	static const uint32_t hidden[][2] = {
		{ 0x00ad, 0x00ad }, { 0x034f, 0x034f }, { 0x0600, 0x0605 },
		{ 0x061c, 0x061c }, { 0x06dd, 0x06dd }, { 0x070f, 0x070f },
		{ 0x08e2, 0x08e2 }, { 0x115f, 0x1160 }, { 0x17b4, 0x17b5 },
		{ 0x180b, 0x180f }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
		{ 0x2060, 0x206f }, { 0x3164, 0x3164 }, { 0xfe00, 0xfe0f },
		{ 0xfeff, 0xfeff }, { 0xffa0, 0xffa0 }, { 0xfff0, 0xfffb },
		{ 0x110bd, 0x110bd }, { 0x110cd, 0x110cd },
		{ 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 },
		{ 0x1d173, 0x1d17a }, { 0xe0000, 0xe0fff },
	};
	size_t	i;

	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		if (cp >= hidden[i][0] && cp <= hidden[i][1])
			return 1;
	return 0;
}

int
tend_text_is_hidden(const char *text, size_t len)
{
	uint32_t	cp;
	size_t		i, n;

	for (i = 0; i < len; i += n) {
		/* ASCII has none, and most names are ASCII. */
		if ((unsigned char)text[i] < 0x80)
			n = 1;
		else if ((n = tend_text_utf8_char(&cp, text + i,
		    len - i)) == 0)
			n = 1;
		else if (is_hidden_char(cp) || (i == 0 &&
		    class_of(cp) == MARK))
			return 1;
	}
	return 0;
}
