/**
 * Parser for the Prometheus text exposition format (0.0.4, and 1.0.0's quoted UTF-8 names).
 *
 * It accepts and refuses what Prometheus's textparse.PromParser does and words its errors
 * the same way, prefixed with the line: spaces and tabs between tokens, blank lines, `#`
 * comments, HELP/TYPE lines, `{"quoted.name", "quoted label"="v"}`, an optional integer
 * timestamp in ms. One pass over the bytes: each sample line is scanned with table lookups
 * into offsets, and labels are only built when the caller asks.
 */

import {
  COMMA,
  DIGIT,
  EQUAL,
  HASH,
  LABEL_CHAR,
  LABEL_START,
  LBRACE,
  METRIC_CHAR,
  METRIC_START,
  NL,
  QUOTE,
  RBRACE,
  SP,
  TAB,
  numErr,
  numErrText,
  parseFloatBytes,
  parseIntBytes,
  unescapeHelp,
  validUtf8,
} from './chars.js';
import { F_HI, ParserBase, type ParserOptions } from './parserBase.js';
import { Entry, type EntryKind, type MetricType } from './types.js';

// Lexer states, named as in Prometheus's promlex.l; they decide how an offending token is
// described in an error message.
const S_INIT = 0;
const S_META1 = 1;
const S_LABELS = 2;
const S_LVALUE = 3;
const S_VALUE = 4;
const S_TIMESTAMP = 5;

/** The TYPE keywords of the text format and what they mean (`untyped` is unknown). */
const PROM_TYPES: ReadonlyArray<readonly [Uint8Array, MetricType]> = [
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['summary', 'summary'],
  ['untyped', 'unknown'],
].map(([k, t]) => [Buffer.from(k!, 'latin1'), t as MetricType] as const);

/** The metric type named by b[a:e), compared as bytes (no string per TYPE line). */
function promType(b: Uint8Array, a: number, e: number): MetricType | undefined {
  for (const [kw, t] of PROM_TYPES) {
    if (kw.length !== e - a) continue;
    let k = 0;
    while (k < kw.length && kw[k] === b[a + k]) k++;
    if (k === kw.length) return t;
  }
  return undefined;
}

const NEWLINE = Buffer.from('\n');

/** A value byte: anything but `{`, space, tab, newline and NUL (promlex's `[^{ \t\n]`). */
const VALUE_CHAR = new Uint8Array(256).fill(1);
VALUE_CHAR[LBRACE] = 0;
VALUE_CHAR[SP] = 0;
VALUE_CHAR[TAB] = 0;
VALUE_CHAR[NL] = 0;
VALUE_CHAR[0] = 0;

export class PromParser extends ParserBase {
  constructor(body: Buffer, opts: ParserOptions = {}) {
    // Like Prometheus, treat the body as if it ended with a newline; then every scanning
    // loop below stops at a newline without a bounds check.
    super(body.length > 0 && body[body.length - 1] === NL ? body : Buffer.concat([body, NEWLINE]), opts);
  }

  protected helpUnescape(raw: string): string {
    return unescapeHelp(raw);
  }

  next(): EntryKind {
    const b = this.b;
    const n = this.n;
    this.pendingLabels = -1;
    for (;;) {
      let p = this.pos;
      if (p >= n) return Entry.EOF;
      this.line++;
      this.lineStart = p;
      if (p >= this.sEnd) this.slide(p);
      let c = b[p]!;
      while (c === SP || c === TAB) c = b[++p]!;
      if (c === NL) {
        this.pos = p + 1;
        continue;
      }
      if (c === HASH) return this.hashLine(p);
      return this.sampleLine(p, c);
    }
  }

  private sampleLine(p: number, c: number): EntryKind {
    const b = this.b;
    this.nLbl = 0;
    if (METRIC_START[c]) {
      this.nameStart = p;
      while (METRIC_CHAR[b[++p]!]);
      this.nameEnd = p;
      this.nameFlags = 0;
      this.seriesStart = this.nameStart;
      this.seriesEnd = p;
      c = b[p]!;
      while (c === SP || c === TAB) c = b[++p]!;
      if (c === LBRACE) {
        const end = this.lazyChecks ? this.skipLabels(p) : -1;
        if (end >= 0) {
          this.pendingLabels = p;
          p = end;
        } else {
          p = this.labelBlock(p);
        }
        this.seriesEnd = p;
      }
    } else if (c === LBRACE) {
      this.nameStart = -1;
      this.seriesStart = p;
      p = this.labelBlock(p);
      this.seriesEnd = p;
    } else {
      this.tokenError('expected a valid start token', S_INIT, p);
    }
    c = b[p]!;
    while (c === SP || c === TAB) c = b[++p]!;
    const vs = p;
    while (VALUE_CHAR[b[p]!]) p++;
    if (this.nameStart < 0) this.fail(`metric name not set while parsing: ${this.quote(this.lineStart, p)}`);
    if (p === vs) this.tokenError('expected value after metric', S_VALUE, vs);
    const v = parseFloatBytes(b, this.s, vs, p, this.sBase);
    if (numErr !== '') {
      this.fail(`${numErrText('ParseFloat', this.b.latin1Slice(vs, p))} while parsing: ${this.quote(this.lineStart, p)}`);
    }
    this.value = v;
    c = b[p]!;
    while (c === SP || c === TAB) c = b[++p]!;
    if (c === NL) {
      this.hasTimestamp = false;
    } else if (DIGIT[c]) {
      const ts = p;
      while (DIGIT[b[++p]!]);
      const t = parseIntBytes(b, ts, p);
      if (numErr !== '') {
        this.fail(`${numErrText('ParseInt', this.b.latin1Slice(ts, p))} while parsing: ${this.quote(this.lineStart, p)}`);
      }
      this.hasTimestamp = true;
      this.timestampMs = t;
      c = b[p]!;
      while (c === SP || c === TAB) c = b[++p]!;
      if (c !== NL) this.tokenError('expected next entry after timestamp', S_TIMESTAMP, p);
    } else {
      this.tokenError('expected timestamp or new record', S_TIMESTAMP, p);
    }
    this.pos = p + 1;
    return this.sampleDone();
  }

  protected lexLabels(p: number): number {
    return this.labelBlock(p);
  }

  /** Parses `{…}` starting at the brace; returns the offset after the closing brace. */
  private labelBlock(p: number): number {
    const b = this.b;
    p++;
    for (;;) {
      let c = b[p]!;
      while (c === SP || c === TAB) c = b[++p]!;
      if (c === RBRACE) return p + 1;
      let ns: number;
      let ne: number;
      let nf = 0;
      let quoted = false;
      if (LABEL_START[c]) {
        ns = p;
        while (LABEL_CHAR[b[++p]!]);
        ne = p;
      } else if (c === QUOTE) {
        const end = this.scanQuoted(p);
        if (end < 0) this.parseErrorAt('expected label name', p, -1 - end, 'INVALID');
        ns = p + 1;
        ne = end - 1;
        nf = this.qFlags;
        quoted = true;
        p = end;
      } else {
        this.tokenError('expected label name', S_LABELS, p);
      }
      c = b[p]!;
      while (c === SP || c === TAB) c = b[++p]!;
      if (quoted && (c === COMMA || c === RBRACE)) {
        // A quoted string alone is the metric name.
        if (this.nameStart >= 0) this.fail(`metric name already set while parsing: ${this.quote(this.lineStart, p + 1)}`);
        this.checkUtf8(ns, ne, nf, 'metric name', ns - 1, ne + 1);
        this.nameStart = ns;
        this.nameEnd = ne;
        this.nameFlags = nf;
        p++;
        if (c === RBRACE) return p;
        continue;
      }
      if (c !== EQUAL) this.tokenError('expected equal', S_LABELS, p);
      c = b[++p]!;
      while (c === SP || c === TAB) c = b[++p]!;
      if (c !== QUOTE) this.tokenError('expected label value', S_LVALUE, p);
      const end = this.scanQuoted(p);
      if (end < 0) this.parseErrorAt('expected label value', p, -1 - end, 'INVALID');
      const vf = this.qFlags;
      if (vf & F_HI && !validUtf8(b, p + 1, end - 1)) {
        this.fail(`invalid UTF-8 label value: ${this.quote(p, end)}`);
      }
      if (quoted) this.checkUtf8(ns, ne, nf, 'label name', ns - 1, ne + 1);
      this.pushLabel(false, ns, ne, nf, p + 1, end - 1, vf);
      p = end;
      c = b[p]!;
      while (c === SP || c === TAB) c = b[++p]!;
      if (c === COMMA) p++;
    }
  }

  /** A line starting with `#`: HELP, TYPE or a comment. */
  private hashLine(p: number): EntryKind {
    const b = this.b;
    const hash = p;
    let q = p + 1;
    if (b[q] === SP || b[q] === TAB) {
      while (b[q] === SP || b[q] === TAB) q++;
      const isHelp = b[q] === 0x48 && b[q + 1] === 0x45 && b[q + 2] === 0x4c && b[q + 3] === 0x50;
      const isType = b[q] === 0x54 && b[q + 1] === 0x59 && b[q + 2] === 0x50 && b[q + 3] === 0x45;
      if ((isHelp || isType) && (b[q + 4] === SP || b[q + 4] === TAB)) {
        return this.metaLine(q + 4, isHelp);
      }
    }
    const nl = b.indexOf(NL, hash);
    this.textStart = hash;
    this.textEnd = nl;
    this.pos = nl + 1;
    return Entry.Comment;
  }

  private metaLine(q: number, isHelp: boolean): EntryKind {
    const b = this.b;
    const kw = isHelp ? 'HELP' : 'TYPE';
    while (b[q] === SP || b[q] === TAB) q++;
    const c = b[q]!;
    if (METRIC_START[c]) {
      this.metaStart = q;
      while (METRIC_CHAR[b[++q]!]);
      this.metaEnd = q;
      this.metaFlags = 0;
    } else if (c === QUOTE) {
      const end = this.scanQuoted(q);
      if (end < 0) this.parseErrorAt(`expected metric name after ${kw}`, q, -1 - end, 'INVALID');
      this.metaStart = q + 1;
      this.metaEnd = end - 1;
      this.metaFlags = this.qFlags;
      this.checkUtf8(q + 1, end - 1, this.qFlags, 'metric name', q, end);
      q = end;
    } else {
      this.tokenError(`expected metric name after ${kw}`, S_META1, q);
    }
    // The rest of the line is the text, less its first byte (the separator). A rest made only
    // of blanks lexes as whitespace in promlex, which leaves the text empty. With lazyChecks a
    // string search finds the newline (helpText() checks the text); otherwise one pass finds it
    // and whether any byte is not ASCII (a native Buffer indexOf and isUtf8 per line cost more
    // than the scan on the short lines HELP and TYPE have).
    let i = q;
    while (b[i] === SP || b[i] === TAB) i++;
    const blank = i;
    let hi = 0;
    if (this.lazyChecks) {
      i = this.s.indexOf('\n', i - this.sBase) + this.sBase;
    } else {
      let c2 = b[i]!;
      while (c2 !== NL) {
        hi |= c2;
        c2 = b[++i]!;
      }
    }
    const nl = i;
    if (blank === nl || nl - q <= 1) {
      this.textStart = nl;
      this.textEnd = nl;
    } else {
      this.textStart = q + 1;
      this.textEnd = nl;
    }
    // Text is decoded as UTF-8 (ASCII decodes the same).
    this.textFlags = F_HI;
    this.pos = nl + 1;
    if (isHelp) {
      // Lazily the text's bytes were not looked at: helpText() checks them.
      this.helpUnchecked = this.lazyChecks || hi >= 0x80;
      if (!this.lazyChecks) this.checkHelp();
      return Entry.Help;
    }
    const t = promType(b, this.textStart, this.textEnd);
    if (t === undefined) this.fail(`invalid metric type ${this.quote(this.textStart, this.textEnd)}`);
    this.metricType = t;
    return Entry.Type;
  }

  /** An error about the token at p, described as promlex would lex it in `state`. */
  private tokenError(expected: string, state: number, p: number): never {
    const b = this.b;
    const c = b[p]!;
    let type = 'INVALID';
    let x = p;
    switch (state) {
      case S_INIT:
        if (c === LBRACE) [type, x] = ['BOPEN', p + 1];
        break;
      case S_META1:
        break;
      case S_LABELS:
        if (LABEL_START[c]) {
          x = p + 1;
          while (LABEL_CHAR[b[x]!]) x++;
          type = 'LNAME';
        } else if (c === QUOTE) {
          const end = this.scanQuoted(p);
          [type, x] = end < 0 ? ['INVALID', -1 - end] : ['QSTRING', end];
        } else if (c === RBRACE) [type, x] = ['BCLOSE', p + 1];
        else if (c === EQUAL) [type, x] = ['EQUAL', p + 1];
        else if (c === COMMA) [type, x] = ['COMMA', p + 1];
        break;
      case S_LVALUE:
        break;
      case S_VALUE:
        if (c === LBRACE) [type, x] = ['BOPEN', p + 1];
        break;
      case S_TIMESTAMP:
        if (c === NL) [type, x] = ['LINEBREAK', p + 1];
        else if (DIGIT[c]) {
          x = p + 1;
          while (DIGIT[b[x]!]) x++;
          type = 'TIMESTAMP';
        }
        break;
    }
    this.parseErrorAt(expected, p, x, type);
  }
}
