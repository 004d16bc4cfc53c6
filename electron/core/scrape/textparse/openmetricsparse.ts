/**
 * Parser for OpenMetrics 1.0 text (application/openmetrics-text), accepting and refusing
 * what Prometheus's textparse.OpenMetricsParser does, with its error wording prefixed by
 * the line: exactly one space between tokens, no blank lines, only HELP/TYPE/UNIT/EOF
 * comments, float timestamps in seconds, exemplars (` # {labels} value [timestamp]`), and a
 * mandatory `# EOF` with nothing after it. Counters' `_total` and `_created` samples are
 * ordinary samples here, as in Prometheus without created-timestamp ingestion.
 */

import { goQuote } from '../../../../shared/text/quote.js';
import {
  COMMA,
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
  BACKSLASH,
  numErr,
  numErrText,
  parseFloatBytes,
  unescapeLabel,
  validUtf8,
} from './chars.js';
import { F_ESC, F_HI, F_NUL, ParserBase, type ParserOptions } from './parserBase.js';
import { Entry, type EntryKind, type MetricType } from './types.js';

const S_INIT = 0;
const S_META1 = 1;
const S_LABELS = 2;
const S_LVALUE = 3;
const S_VALUE = 4;
const S_TIMESTAMP = 5;
const S_EXEMPLAR = 6;
const S_EVALUE = 7;
const S_ETIMESTAMP = 8;

const OM_TYPES = new Map<string, MetricType>([
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['gaugehistogram', 'gaugehistogram'],
  ['summary', 'summary'],
  ['info', 'info'],
  ['stateset', 'stateset'],
  ['unknown', 'unknown'],
]);

/** A value or timestamp byte: anything but space and newline (`[^ \n]`), NUL excluded. */
const TOKEN_CHAR = new Uint8Array(256).fill(1);
TOKEN_CHAR[SP] = 0;
TOKEN_CHAR[NL] = 0;
TOKEN_CHAR[0] = 0;

const KEYWORDS = ['HELP ', 'TYPE ', 'UNIT ', 'EOF'];

/** Go's %f for the infinities and NaN, the only values it is used for here. */
function goF(f: number): string {
  return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
}

export class OpenMetricsParser extends ParserBase {
  private done = false;

  constructor(body: Buffer, opts: ParserOptions = {}) {
    super(body, opts);
  }

  protected helpUnescape(raw: string): string {
    // OpenMetrics escapes HELP like label values.
    return unescapeLabel(raw);
  }

  next(): EntryKind {
    if (this.done) return Entry.EOF;
    const b = this.b;
    const p = this.pos;
    this.line++;
    this.lineStart = p;
    this.pendingLabels = -1;
    this.exStart = -1;
    this.nLbl = 0;
    this.nExLbl = 0;
    if (p >= this.n) this.fail('data does not end with # EOF');
    if (p >= this.sEnd) this.slide(p);
    const c = b[p]!;
    if (c === HASH) return this.hashLine(p);
    if (METRIC_START[c] || c === LBRACE) return this.sampleLine(p, c);
    this.tokenError('expected a valid start token', S_INIT, p);
  }

  private hashLine(p: number): EntryKind {
    const b = this.b;
    if (b[p + 1] !== SP) this.parseErrorAt('expected a valid start token', p, p + 1, 'INVALID');
    const q = p + 2;
    let best = 0;
    for (let k = 0; k < KEYWORDS.length; k++) {
      const kw = KEYWORDS[k]!;
      let m = 0;
      while (m < kw.length && b[q + m] === kw.charCodeAt(m)) m++;
      if (m === kw.length) {
        if (k === 3) return this.eof(q + 3);
        return this.metaLine(q + 5, k === 0 ? 'HELP' : k === 1 ? 'TYPE' : 'UNIT');
      }
      if (m > best) best = m;
    }
    this.parseErrorAt('expected a valid start token', p, q + best, 'INVALID');
  }

  private eof(q: number): EntryKind {
    if (this.b[q] === NL) q++;
    if (q !== this.n) this.fail('unexpected data after # EOF');
    this.done = true;
    this.pos = this.n;
    return Entry.EOF;
  }

  private metaLine(q: number, kw: 'HELP' | 'TYPE' | 'UNIT'): EntryKind {
    const b = this.b;
    const c = b[q];
    if (c !== undefined && METRIC_START[c]) {
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
    // One pass finds the newline, a backslash and a byte that is not ASCII (cheaper than
    // native indexOf and isUtf8 calls on every short HELP and TYPE line).
    const n = this.n;
    let nl = q;
    let hi = 0;
    let esc = 0;
    for (; nl < n; nl++) {
      const c2 = b[nl]!;
      if (c2 === NL) break;
      hi |= c2;
      if (c2 === BACKSLASH) esc = F_ESC;
    }
    if (b[q] !== SP || nl >= n) this.fail(`expected text in ${kw}`);
    this.textStart = q + 1;
    this.textEnd = nl;
    // Text is decoded as UTF-8 (ASCII decodes the same).
    this.textFlags = F_HI | esc;
    this.pos = nl + 1;
    if (kw === 'HELP') {
      this.helpUnchecked = hi >= 0x80;
      if (!this.lazyChecks) this.checkHelp();
      return Entry.Help;
    }
    if (kw === 'TYPE') {
      const t = OM_TYPES.get(this.str(this.textStart, this.textEnd));
      if (t === undefined) this.fail(`invalid metric type ${this.quote(this.textStart, this.textEnd)}`);
      this.metricType = t;
      return Entry.Type;
    }
    const unit = this.decodeText();
    if (unit !== '') {
      const name = this.familyName();
      if (!name.endsWith('_' + unit)) {
        this.fail(`unit ${goQuote(unit)} not a suffix of metric ${goQuote(name)}`);
      }
    }
    return Entry.Unit;
  }

  private sampleLine(p: number, c: number): EntryKind {
    const b = this.b;
    const n = this.n;
    if (c === LBRACE) {
      this.nameStart = -1;
      this.seriesStart = p;
      p = this.labelBlock(p, false);
    } else {
      this.nameStart = p;
      while (METRIC_CHAR[b[++p]!]);
      this.nameEnd = p;
      this.nameFlags = 0;
      this.seriesStart = this.nameStart;
      if (b[p] === LBRACE) {
        const end = this.lazyChecks ? this.skipLabels(p) : -1;
        if (end >= 0) {
          this.pendingLabels = p;
          p = end;
        } else {
          p = this.labelBlock(p, false);
        }
      }
    }
    this.seriesEnd = p;
    if (this.nameStart < 0) {
      let x = p;
      if (b[x] === SP) while (TOKEN_CHAR[b[++x]!]);
      this.fail(`metric name not set while parsing: ${this.quote(this.lineStart, x)}`);
    }
    // Value: one space, then at least one byte that is not a space or a newline.
    if (b[p] !== SP || !TOKEN_CHAR[b[p + 1]!]) {
      this.tokenError('expected value after metric', S_VALUE, p, b[p - 1] === RBRACE ? p - 1 : this.nameStart);
    }
    const vs = p + 1;
    p = vs + 1;
    while (TOKEN_CHAR[b[p]!]) p++;
    const v = parseFloatBytes(b, this.s, vs, p, this.sBase);
    if (numErr !== '') {
      this.fail(`${numErrText('ParseFloat', this.b.latin1Slice(vs, p))} while parsing: ${this.quote(this.lineStart, p)}`);
    }
    this.value = v;
    this.hasTimestamp = false;
    if (p >= n) this.fail('data does not end with # EOF');
    c = b[p]!;
    if (c === SP) {
      if (this.exemplarStart(p)) {
        p = this.exemplarPart(p + 3);
      } else {
        if (!TOKEN_CHAR[b[p + 1]!]) this.tokenError('expected timestamp or new record', S_TIMESTAMP, p);
        const ts = p + 1;
        p = ts + 1;
        while (TOKEN_CHAR[b[p]!]) p++;
        const t = parseFloatBytes(b, this.s, ts, p, this.sBase);
        if (numErr !== '') {
          this.fail(`${numErrText('ParseFloat', this.b.latin1Slice(ts, p))} while parsing: ${this.quote(this.lineStart, p)}`);
        }
        if (!Number.isFinite(t)) this.fail(`invalid timestamp ${goF(t)}`);
        this.hasTimestamp = true;
        this.timestampMs = Math.trunc(t * 1000);
        if (b[p] === SP && this.exemplarStart(p)) p = this.exemplarPart(p + 3);
        else if (b[p] !== NL) this.tokenError('expected next entry after timestamp', S_TIMESTAMP, p);
      }
    } else if (c !== NL) {
      this.tokenError('expected timestamp or new record', S_TIMESTAMP, p);
    }
    this.pos = p + 1;
    return this.sampleDone();
  }

  /** Whether ` # {` starts at p. */
  private exemplarStart(p: number): boolean {
    const b = this.b;
    return b[p + 1] === HASH && b[p + 2] === SP && b[p + 3] === LBRACE;
  }

  /** Parses an exemplar from its `{`; returns the offset of the newline that ends the line. */
  private exemplarPart(p: number): number {
    const b = this.b;
    this.exStart = p;
    p = this.labelBlock(p, true);
    if (b[p] !== SP || !TOKEN_CHAR[b[p + 1]!]) this.tokenError('expected value after exemplar labels', S_EVALUE, p, p - 1);
    const vs = p + 1;
    p = vs + 1;
    while (TOKEN_CHAR[b[p]!]) p++;
    const v = parseFloatBytes(b, this.s, vs, p, this.sBase);
    if (numErr !== '') {
      this.fail(`${numErrText('ParseFloat', this.b.latin1Slice(vs, p))} while parsing: ${this.quote(this.lineStart, p)}`);
    }
    this.exValue = v;
    this.exHasTs = false;
    if (p >= this.n) this.fail('data does not end with # EOF');
    if (b[p] === NL) return p;
    if (b[p] !== SP || !TOKEN_CHAR[b[p + 1]!]) this.tokenError('expected timestamp or comment', S_ETIMESTAMP, p);
    const ts = p + 1;
    p = ts + 1;
    while (TOKEN_CHAR[b[p]!]) p++;
    const t = parseFloatBytes(b, this.s, ts, p, this.sBase);
    if (numErr !== '') {
      this.fail(`${numErrText('ParseFloat', this.b.latin1Slice(ts, p))} while parsing: ${this.quote(this.lineStart, p)}`);
    }
    if (!Number.isFinite(t)) this.fail(`invalid exemplar timestamp ${goF(t)}`);
    this.exHasTs = true;
    this.exTs = Math.trunc(t * 1000);
    if (b[p] !== NL) this.tokenError('expected next entry after exemplar timestamp', S_ETIMESTAMP, p);
    return p;
  }

  protected lexLabels(p: number): number {
    return this.labelBlock(p, false);
  }

  /** Parses `{…}` from the brace at p (OpenMetrics: no blanks); returns the offset after `}`. */
  private labelBlock(p: number, exemplar: boolean): number {
    const b = this.b;
    const state = exemplar ? S_EXEMPLAR : S_LABELS;
    p++;
    let c = b[p];
    for (;;) {
      if (c === RBRACE) return p + 1;
      let ns: number;
      let ne: number;
      let nf = 0;
      let quoted = false;
      if (c !== undefined && LABEL_START[c]) {
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
        this.tokenError('expected label name', state, p);
      }
      c = b[p];
      if (c === COMMA || c === RBRACE) {
        // A quoted string alone names the metric; exemplars have no metric name.
        if (exemplar || !quoted) this.tokenError(exemplar ? 'expected label name' : 'expected equal', state, p);
        if (this.nameStart >= 0) this.fail(`metric name already set while parsing: ${this.quote(this.lineStart, p + 1)}`);
        this.checkUtf8(ns, ne, nf, 'metric name', ns - 1, ne + 1);
        this.nameStart = ns;
        this.nameEnd = ne;
        this.nameFlags = nf;
        p++;
        if (c === RBRACE) return p;
        c = b[p];
        continue;
      }
      if (c !== EQUAL) this.tokenError('expected equal', state, p);
      p++;
      if (b[p] !== QUOTE) this.tokenError('expected label value', exemplar ? S_EVALUE : S_LVALUE, p);
      const end = this.scanQuoted(p);
      if (end < 0) this.parseErrorAt('expected label value', p, -1 - end, 'INVALID');
      const vf = this.qFlags;
      // The OpenMetrics lexer swallows NUL bytes in sample label values but not in exemplar ones.
      if (exemplar && vf & F_NUL) this.parseErrorAt('expected label value', p, b.indexOf(0, p), 'INVALID');
      if (vf & F_HI && !validUtf8(b, p + 1, end - 1)) this.fail(`invalid UTF-8 label value: ${this.quote(p, end)}`);
      if (quoted) this.checkUtf8(ns, ne, nf, 'label name', ns - 1, ne + 1);
      this.pushLabel(exemplar, ns, ne, nf, p + 1, end - 1, vf);
      p = end;
      c = b[p];
      if (c === COMMA) {
        c = b[++p];
      } else if (c !== RBRACE) {
        this.tokenError('expected comma or brace close', state, p);
      }
    }
  }

  /** An error about the token at p, described as the OpenMetrics lexer would lex it in `state`. */
  private tokenError(expected: string, state: number, p: number, prevStart = p): never {
    const b = this.b;
    // At the end of the body the lexer still points at the previous token, which is what it quotes.
    if (p >= this.n) this.parseErrorAt(expected, prevStart, this.n - 1, 'EOF');
    const c = b[p]!;
    let type = 'INVALID';
    let x = p;
    const spaced = c === SP && TOKEN_CHAR[b[p + 1]!] === 1;
    // In the states whose rules start with a space, the lexer takes the space before it fails.
    if (c === SP && !spaced && state !== S_INIT && state !== S_LABELS && state !== S_EXEMPLAR) x = p + 1;
    const tokenEnd = (from: number): number => {
      let i = from;
      while (TOKEN_CHAR[b[i]!]) i++;
      return i;
    };
    switch (state) {
      case S_INIT:
        if (METRIC_START[c]) {
          x = p + 1;
          while (METRIC_CHAR[b[x]!]) x++;
          type = 'MNAME';
        } else if (c === LBRACE) [type, x] = ['BOPEN', p + 1];
        break;
      case S_LABELS:
      case S_EXEMPLAR:
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
      case S_EVALUE:
        if (spaced) [type, x] = ['VALUE', tokenEnd(p + 1)];
        break;
      case S_VALUE:
        if (spaced) [type, x] = ['VALUE', tokenEnd(p + 1)];
        else if (c === LBRACE) [type, x] = ['BOPEN', p + 1];
        break;
      case S_TIMESTAMP:
        if (c === NL) [type, x] = ['LINEBREAK', p + 1];
        else if (this.exemplarStart(p) && c === SP) [type, x] = ['COMMENT', p + 4];
        else if (spaced) [type, x] = ['TIMESTAMP', tokenEnd(p + 1)];
        break;
      case S_ETIMESTAMP:
        if (c === NL) [type, x] = ['LINEBREAK', p + 1];
        else if (spaced) [type, x] = ['TIMESTAMP', tokenEnd(p + 1)];
        break;
    }
    this.parseErrorAt(expected, p, x, type);
  }
}
