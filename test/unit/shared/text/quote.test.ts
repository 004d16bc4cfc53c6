import { describe, expect, it } from 'vitest';
import {
  escapeHelp,
  escapeLabelValue,
  goQuote,
  goQuoteBytes,
  goQuoteRune,
  goQuoteTruncated,
  goUnicode,
  isGoPrint,
} from '../../../../shared/text/quote.js';

// Cases marked [prom] are what the real Prometheus 2.42.0 binary (Debian, Go 1.19) printed:
// /api/v1/format_query prints label values and strings with strconv.Quote, lexer errors
// quote runes with %q and %#U, and /federate writes the text exposition format. Only code
// points assigned in Unicode 13 (Go 1.19's tables) or unassigned in every version are used,
// so the expectations hold for any Go from 1.19 on. The others follow Go's documentation.

describe('goQuote (strconv.Quote)', () => {
  it.each([
    ['', '""'],
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    // [prom] {a="x\ay\bz\fw\nv\rt\tq\vr\\\\s\"e"}
    ['x\x07y\bz\fw\nv\rt\tq\vr\\\\s"e', '"x\\ay\\bz\\fw\\nv\\rt\\tq\\vr\\\\\\\\s\\"e"'],
    // [prom] controls, format characters, non-ASCII spaces, private use, unassigned, tags.
    [
      '\u00ad\u00a0\u2028\u200b\u3000\ufeff\u{1F600}\u00e9\u0085\x7f\x00\u0378\ue000\u{E0001}',
      '"\\u00ad\\u00a0\\u2028\\u200b\\u3000\\ufeff😀é\\u0085\\x7f\\x00\\u0378\\ue000\\U000e0001"',
    ],
    // [prom] combining marks are printable; Arabic and Mongolian format characters are not.
    ['é\u0300\u061c\u180e\u2060', '"é\u0300\\u061c\\u180e\\u2060"'],
    ['\u0600\u06dd\u070f', '"\\u0600\\u06dd\\u070f"'],
    // [prom] Zs spaces other than U+0020 are escaped; other categories kept.
    ['\u1680\u2000\u200a\u202f\u205f\u00b7\u0ecd\u{1F1E6}\u{110BD}\u{1D173}', '"\\u1680\\u2000\\u200a\\u202f\\u205f·ໍ🇦\\U000110bd\\U0001d173"'],
    // [prom] letters and symbols from Unicode 11 and 12.
    ['\u0560\u0588\u08d3\u32ff\u{1F6D5}', '"\u0560\u0588\u08d3\u32ff\u{1F6D5}"'],
    // [prom] noncharacters are escaped, the replacement character is not.
    ['\u{10FFFF}\ufffd\ufffe\u{1FFFF}', '"\\U0010ffff\ufffd\\ufffe\\U0001ffff"'],
    // [prom] "\xff\xfe" and "\377a": invalid bytes, held as surrogate escapes, print as \xNN.
    ['\udcff\udcfe', '"\\xff\\xfe"'],
    ['\udcffa', '"\\xffa"'],
    // [prom] {a="\u00ad\u0085\xc5"}
    ['\u00ad\u0085\udcc5', '"\\u00ad\\u0085\\xc5"'],
    ['tab\there\x1b', '"tab\\there\\x1b"'],
    ['日本語', '"日本語"'],
  ])('%j → %s', (input, want) => {
    expect(goQuote(input)).toBe(want);
  });

  it('quotes a lone surrogate as U+FFFD, the rune UTF-8 encoding turns it into', () => {
    expect(goQuote('a\ud800b')).toBe('"a\ufffdb"');
    expect(goQuote('\udc00')).toBe('"\ufffd"');
    // A surrogate pair is one rune, not two lone halves.
    expect(goQuote('\ud83d\ude00')).toBe('"😀"');
  });

  it('%.Nq counts code points, not UTF-16 units', () => {
    expect(goQuoteTruncated('abcdefghijklmn', 10)).toBe('"abcdefghij"');
    expect(goQuoteTruncated('😀😀😀', 2)).toBe('"😀😀"');
    expect(goQuoteTruncated('ab', 10)).toBe('"ab"');
  });
});

describe('goQuoteRune (%q of a rune) and goUnicode (%#U)', () => {
  it.each([
    // [prom] "unexpected character: %q" from the lexer.
    [0xad, "'\\u00ad'"],
    [0xac, "'¬'"],
    [0x01, "'\\x01'"],
    [0x5c, "'\\\\'"],
    [0x2028, "'\\u2028'"],
    [0x27, "'\\''"],
    [0x22, "'\"'"],
    [0x0a, "'\\n'"],
    [0x1f600, "'😀'"],
    [0xe0001, "'\\U000e0001'"],
    // [prom] `a !`: the lexer quotes end of input (-1), which Go prints as U+FFFD.
    [-1, "'\ufffd'"],
    [0xd800, "'\ufffd'"],
    [0x110000, "'\ufffd'"],
  ])('%q of U+%s', (cp, want) => {
    expect(goQuoteRune(cp)).toBe(want);
  });

  it.each([
    // [prom] "unknown escape sequence %#U" from the lexer.
    [0x71, "U+0071 'q'"],
    [0xad, 'U+00AD'],
    [0x07, 'U+0007'],
    [0x2e, "U+002E '.'"],
    [0x1f600, "U+1F600 '😀'"],
  ])('%#U of %s', (cp, want) => {
    expect(goUnicode(cp)).toBe(want);
  });
});

describe('isGoPrint (unicode.IsPrint)', () => {
  it('keeps only the ASCII space among spaces', () => {
    expect(isGoPrint(0x20)).toBe(true);
    expect(isGoPrint(0xa0)).toBe(false);
    expect(isGoPrint(0x3000)).toBe(false);
  });

  it('refuses controls, format characters, private use, surrogates and unassigned code points', () => {
    for (const cp of [0x00, 0x1f, 0x7f, 0x85, 0x9f, 0xad, 0x200b, 0xfeff, 0xe000, 0xf8ff, 0xd800, 0xdfff, 0x0378, 0xffff]) {
      expect(isGoPrint(cp), cp.toString(16)).toBe(false);
    }
  });

  it('accepts letters, marks, numbers, punctuation and symbols', () => {
    for (const cp of [0x41, 0x7e, 0xa1, 0xe9, 0x300, 0x660, 0x2014, 0x20ac, 0x4e00, 0xfffd, 0x1f600]) {
      expect(isGoPrint(cp), cp.toString(16)).toBe(true);
    }
  });
});

describe('goQuoteBytes (strconv.Quote of bytes)', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);

  it('quotes valid sequences as runes and every other byte as \\xNN', () => {
    expect(goQuoteBytes(bytes(0x61, 0x0a, 0x22, 0x5c, 0x00, 0xff, 0xc3, 0xa9, 0x09))).toBe('"a\\n\\"\\\\\\x00\\xffé\\t"');
  });

  it('escapes non-printable multi-byte runes as Go does', () => {
    // U+0085 (C2 85) and U+00AD (C2 AD) are valid UTF-8 but not printable.
    expect(goQuoteBytes(bytes(0xc2, 0x85, 0xc2, 0xad, 0xe2, 0x80, 0xa8))).toBe('"\\u0085\\u00ad\\u2028"');
  });

  it('refuses overlong forms, encoded surrogates, truncated sequences and code points past U+10FFFF byte by byte', () => {
    expect(goQuoteBytes(bytes(0xc0, 0xaf))).toBe('"\\xc0\\xaf"');
    expect(goQuoteBytes(bytes(0xed, 0xa0, 0x80))).toBe('"\\xed\\xa0\\x80"');
    expect(goQuoteBytes(bytes(0xe2, 0x82))).toBe('"\\xe2\\x82"');
    expect(goQuoteBytes(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('"\\xf4\\x90\\x80\\x80"');
    expect(goQuoteBytes(bytes(0xf0, 0x9f, 0x98, 0x80))).toBe('"😀"');
  });

  it('quotes only the requested window', () => {
    expect(goQuoteBytes(bytes(0x78, 0x61, 0x62, 0x78), 1, 3)).toBe('"ab"');
  });
});

describe('text exposition escaping', () => {
  it.each([
    // [prom] /federate label values: only \\, \" and \n escaped; tab, BEL, U+00AD, U+2028 as is.
    ['a\\b', 'a\\\\b'],
    ['q"q', 'q\\"q'],
    ['n\nn', 'n\\nn'],
    ['tab\there', 'tab\there'],
    ['bell\x07x', 'bell\x07x'],
    ['unié\u00ad\u2028x', 'unié\u00ad\u2028x'],
  ])('label value %j → %j', (input, want) => {
    expect(escapeLabelValue(input)).toBe(want);
  });

  it('HELP text escapes backslash and line feed but not quotes', () => {
    expect(escapeHelp('a "b" \\ c\nd\te')).toBe('a "b" \\\\ c\\nd\te');
  });
});
