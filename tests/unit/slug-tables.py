#!/usr/bin/env python3
# Print the tables of lib/slug.c from Python's Unicode data: which Latin
# letters stand for which ASCII ones, which code points of the scripts
# listed are letters (categories L, Nd, Nl) or marks (M), and how those
# letters are lowercased.  Run it and paste what it prints when the
# scripts or the Unicode version change.
import unicodedata as u

# Letters that decompose to no ASCII letter, spelled as they are commonly
# written in ASCII; '' makes a letter a separator.
SPECIAL = {
    'ß': 'ss', 'ẞ': 'ss', 'æ': 'ae', 'Æ': 'ae', 'œ': 'oe', 'Œ': 'oe',
    'ø': 'o', 'Ø': 'o', 'ł': 'l', 'Ł': 'l', 'đ': 'd', 'Đ': 'd', 'ð': 'd',
    'Ð': 'd', 'þ': 'th', 'Þ': 'th', 'ħ': 'h', 'Ħ': 'h', 'ı': 'i', 'ĸ': 'k',
    'ŋ': 'ng', 'Ŋ': 'ng', 'ŧ': 't', 'Ŧ': 't', 'ŉ': 'n', 'ſ': 's', 'ẛ': 's',
    'Ŀ': 'l', 'ŀ': 'l', 'Ǣ': 'ae', 'ǣ': 'ae', 'Ǽ': 'ae', 'ǽ': 'ae',
    'Ƕ': 'hv', 'Ǿ': 'o', 'ǿ': 'o', 'Ƞ': 'n', 'Ʌ': 'v', 'ẚ': 'a',
    'ƀ': 'b', 'Ɓ': 'b', 'ƃ': 'b', 'Ƃ': 'b', 'Ƈ': 'c', 'ƈ': 'c', 'Ɗ': 'd',
    'Ƌ': 'd', 'ƌ': 'd', 'Ƒ': 'f', 'ƒ': 'f', 'Ɠ': 'g', 'Ɨ': 'i', 'Ƙ': 'k',
    'ƙ': 'k', 'ƚ': 'l', 'Ɲ': 'n', 'ƞ': 'n', 'Ƥ': 'p', 'ƥ': 'p', 'ƫ': 't',
    'Ƭ': 't', 'ƭ': 't', 'Ʈ': 't', 'Ʋ': 'v', 'Ƴ': 'y', 'ƴ': 'y', 'Ƶ': 'z',
    'ƶ': 'z', 'Ǥ': 'g', 'ǥ': 'g', 'Ȥ': 'z', 'ȥ': 'z', 'ȴ': 'l', 'ȵ': 'n',
    'ȶ': 't', 'ȷ': 'j', 'Ⱥ': 'a', 'Ȼ': 'c', 'ȼ': 'c', 'Ƚ': 'l', 'Ⱦ': 't',
    'ȿ': 's', 'ɀ': 'z', 'Ƀ': 'b', 'Ʉ': 'u', 'Ɇ': 'e', 'ɇ': 'e', 'Ɉ': 'j',
    'ɉ': 'j', 'Ɋ': 'q', 'ɋ': 'q', 'Ɍ': 'r', 'ɍ': 'r', 'Ɏ': 'y', 'ɏ': 'y',
    'Ǝ': 'e', 'ǝ': 'e', 'Ə': 'e', 'Ɛ': 'e', 'Ɔ': 'o', 'Ɵ': 'o', 'Ʀ': 'r',
    'Ƨ': 's', 'ƨ': 's', 'Ʃ': 's', 'ƪ': 's', 'Ʊ': 'u', 'Ʒ': 'z', 'Ƹ': 'z',
    'ƹ': 'z', 'ƺ': 'z', 'ǯ': 'z', 'Ǯ': 'z', 'ƻ': '2', 'Ƽ': '5', 'ƽ': '5',
    'ƾ': 's', 'ƿ': 'w', 'Ƿ': 'w', 'ǀ': '', 'ǁ': '', 'ǂ': '', 'ǃ': '',
    'Ȝ': 'y', 'ȝ': 'y', 'Ȣ': 'ou', 'ȣ': 'ou', 'ȸ': 'db', 'ȹ': 'qp',
    'ȡ': 'd', 'ƍ': 'd', 'Ɩ': 'i', 'Ɯ': 'm', 'Ɣ': 'g', 'ƕ': 'hv',
    'Ƣ': 'oi', 'ƣ': 'oi', 'Ǳ': 'dz', 'ǲ': 'dz', 'ǳ': 'dz', 'ƛ': 'l',
    'ẜ': 's', 'ẝ': 's', 'ẟ': 'd', 'Ỻ': 'll', 'ỻ': 'll', 'Ỽ': 'v', 'ỽ': 'v',
    'Ỿ': 'y', 'ỿ': 'y', 'Ɂ': '', 'ɂ': '', 'ƅ': '', 'Ƅ': '', 'Ɖ': 'd',
}
LATIN = [(0x00c0, 0x024f), (0x1e00, 0x1eff)]
SCRIPTS = [
    (0x0250, 0x02af),	# IPA extensions
    (0x0370, 0x03ff),	# Greek
    (0x0400, 0x052f),	# Cyrillic
    (0x0531, 0x058f),	# Armenian
    (0x0590, 0x05ff),	# Hebrew
    (0x0600, 0x06ff),	# Arabic
    (0x0750, 0x077f),	# Arabic supplement
    (0x0900, 0x0dff),	# Devanagari to Sinhala
    (0x0e00, 0x0eff),	# Thai, Lao
    (0x0f00, 0x0fff),	# Tibetan
    (0x1000, 0x109f),	# Myanmar
    (0x10a0, 0x10ff),	# Georgian
    (0x1100, 0x11ff),	# Hangul jamo
    (0x1200, 0x137f),	# Ethiopic
    (0x1780, 0x17ff),	# Khmer
    (0x1c80, 0x1c8f),	# Cyrillic extended C
    (0x2d00, 0x2d2f),	# Georgian supplement
    (0x3005, 0x303c),	# CJK iteration and ideographic marks
    (0x3040, 0x30ff),	# Hiragana, Katakana
    (0x3100, 0x318f),	# Bopomofo, Hangul compatibility jamo
    (0x31f0, 0x31ff),	# Katakana extensions
    (0x3400, 0x4dbf),	# CJK extension A
    (0x4e00, 0x9fff),	# CJK unified ideographs
    (0xa640, 0xa69f),	# Cyrillic extended B
    (0xac00, 0xd7af),	# Hangul syllables
    (0xf900, 0xfaff),	# CJK compatibility ideographs
    (0xff66, 0xff9f),	# halfwidth Katakana
    (0x20000, 0x2fa1f),	# CJK extensions B to F, compatibility supplement
    (0x30000, 0x3134f),	# CJK extension G
]
# Combining marks of every script, kept after a letter of SCRIPTS.
MARKS = [(0x0300, 0x036f), (0x1ab0, 0x1aff), (0x1dc0, 0x1dff),
    (0x20d0, 0x20ff), (0xfe20, 0xfe2f)]
# Letters and marks that show nothing: the combining grapheme joiner,
# the Hangul fillers, Khmer's inherent vowels.
INVISIBLE = {0x034f, 0x115f, 0x1160, 0x3164, 0xffa0, 0x17b4, 0x17b5}


def latin(cp):
    c = chr(cp)
    if c in SPECIAL:
        return SPECIAL[c]
    if not u.category(c).startswith('L'):
        return ''
    base = ''.join(ch for ch in u.normalize('NFKD', c)
        if not u.category(ch).startswith('M')).lower()
    if base and all('a' <= ch <= 'z' for ch in base):
        return base
    raise SystemExit('no ASCII for U+%04X %s' % (cp, u.name(c)))


print('/* Unicode %s */' % u.unidata_version)
for lo, hi in LATIN:
    slots = [latin(cp) for cp in range(lo, hi + 1)]
    for i in range(0, len(slots), 8):
        print('\t/* U+%04X */ ' % (lo + i) +
            ' '.join('"%s",' % s for s in slots[i:i + 8]))

kind = {}
for lo, hi in SCRIPTS:
    for cp in range(lo, hi + 1):
        cat = u.category(chr(cp))
        if cp in INVISIBLE:
            continue
        if cat[0] == 'L' or cat in ('Nd', 'Nl'):
            kind[cp] = 'LETTER'
        elif cat[0] == 'M':
            kind[cp] = 'MARK'
for lo, hi in MARKS:
    for cp in range(lo, hi + 1):
        if cp not in INVISIBLE and u.category(chr(cp))[0] == 'M':
            kind[cp] = 'MARK'
ranges = []
for cp in sorted(kind):
    if ranges and ranges[-1][1] == cp - 1 and ranges[-1][2] == kind[cp]:
        ranges[-1][1] = cp
    else:
        ranges.append([cp, cp, kind[cp]])
line = '\t'
for lo, hi, k in ranges:
    item = '{ 0x%04x, 0x%04x, %s }, ' % (lo, hi, k)
    if len(line.expandtabs()) + len(item) > 80:
        print(line.rstrip())
        line = '\t'
    line += item
print(line.rstrip())

# Capitals whose lowercase letter is one of the letters above: runs of
# code points STEP apart that share one DELTA.
lower = []
for cp in sorted(kind):
    low = chr(cp).lower()
    if kind[cp] != 'LETTER' or len(low) != 1 or ord(low) == cp or \
        kind.get(ord(low)) != 'LETTER':
        continue
    delta = ord(low) - cp
    last = lower[-1] if lower else None
    if last and last[2] == delta and cp - last[1] in (1, 2) and \
        (last[3] == 0 or last[3] == cp - last[1]):
        last[3] = cp - last[1]
        last[1] = cp
    else:
        lower.append([cp, cp, delta, 0])
for lo, hi, delta, step in lower:
    print('\t{ 0x%04x, 0x%04x, %d, %d },' % (lo, hi, delta, step or 1))
