/**
 * What the Prometheus text parser and the OpenMetrics parser share: the body as bytes and
 * as a byte-per-char string, the offsets of the current sample's name and labels (filled
 * by the lexing code of each format, without allocating), and the code that turns those
 * offsets into a label set, an exemplar or an error message on demand.
 */

import { isUtf8 } from 'node:buffer';
import { goQuoteBytes } from '../../../../shared/text/quote.js';
import { hasFloatLabels, normalizeFloatLabel } from '../../model/floatLabels.js';
import { Labels, METRIC_NAME, compareStrings } from '../../model/labels.js';
import {
  BACKSLASH,
  NL,
  QUOTE,
  RBRACE,
  unescapeLabel,
  validUtf8,
} from './chars.js';
import { Entry, TextParseError, type EntryKind, type Exemplar, type MetricType, type Parser } from './types.js';

/** Buffer methods Node has on every Buffer but does not declare: slicing into a string without argument checks. */
interface FastBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** Token flags: the token holds a backslash (escapes to undo) or a byte >= 0x80 (UTF-8 to decode). */
export const F_ESC = 1;
export const F_HI = 2;
/** The token holds a NUL byte (allowed in sample label values, not in exemplar ones). */
export const F_NUL = 4;

/** Fields per label in the offsets array: name start, end, flags; value start, end, flags. */
const LW = 6;

export interface ParserOptions {
  /**
   * Fail on a series that appears twice without a timestamp. Costs a label set and a map
   * entry per sample, so the scrape loop leaves it off and detects duplicates through its
   * own cache instead.
   */
  checkDuplicates?: boolean;
  /**
   * Check what a caller that remembers texts does not need checked twice, only when it
   * asks: a sample's `{…}` is only skipped to its end, its labels lexed (and checked) by
   * labels() or before any other error of the line is reported; a HELP text is checked
   * for UTF-8 by helpText(). For the scrape cache, which calls labels() and helpText()
   * for every text it has not seen parse before: the same text parses the same way again.
   */
  lazyChecks?: boolean;
}

/** skipLabels' byte classes: outside quotes 1 = quote, 2 = `}`, 3 = newline; inside 1 = quote, 2 = newline, 3 = backslash. */
const SKIP_OUTSIDE = new Uint8Array(256);
SKIP_OUTSIDE[QUOTE] = 1;
SKIP_OUTSIDE[RBRACE] = 2;
SKIP_OUTSIDE[NL] = 3;
const SKIP_INSIDE = new Uint8Array(256);
SKIP_INSIDE[QUOTE] = 1;
SKIP_INSIDE[NL] = 2;
SKIP_INSIDE[BACKSLASH] = 3;

// Label names repeat across series and scrapes; keep one string per name.
const nameIntern = new Map<string, string>();
function internName(s: string): string {
  const hit = nameIntern.get(s);
  if (hit !== undefined) return hit;
  if (nameIntern.size < 100_000) nameIntern.set(s, s);
  return s;
}

/**
 * Bytes of the body decoded into one string at a time (whole lines; a longer line gets a
 * longer window). Small enough for V8's young generation: a string of a whole 6 MB body
 * went straight to the old generation on every scrape and set off a full GC every second
 * or two.
 */
const WINDOW = 64 * 1024;

export abstract class ParserBase implements Parser {
  protected readonly b: FastBuffer;
  /**
   * b[sBase:sEnd) with one char per byte, always whole lines and always holding the current
   * line (next() calls slide): slices of it key the scrape cache without a copy of their own.
   */
  protected s = '';
  protected sBase = 0;
  protected sEnd = 0;
  protected readonly n: number;
  protected pos = 0;
  protected lineStart = 0;

  line = 0;
  value = 0;
  hasTimestamp = false;
  timestampMs = 0;
  metricType: MetricType = 'unknown';

  protected seriesStart = 0;
  protected seriesEnd = 0;
  /** Metric name offsets (quotes excluded); nameStart < 0 while a `{` block has not named it. */
  protected nameStart = -1;
  protected nameEnd = -1;
  protected nameFlags = 0;
  protected lbl = new Int32Array(LW * 16);
  protected nLbl = 0;

  // Exemplar of the current sample, if any (OpenMetrics).
  protected exStart = -1;
  protected exLbl = new Int32Array(LW * 4);
  protected nExLbl = 0;
  protected exValue = 0;
  protected exHasTs = false;
  protected exTs = 0;

  // Metadata entry: family name and text offsets.
  protected metaStart = 0;
  protected metaEnd = 0;
  protected metaFlags = 0;
  protected textStart = 0;
  protected textEnd = 0;
  protected textFlags = 0;

  /** Flags of the last quoted string scanned by scanQuoted. */
  protected qFlags = 0;

  /** The `{` of the current sample's labels while they are not lexed yet (lazyChecks), else -1. */
  protected pendingLabels = -1;
  protected readonly lazyChecks: boolean;
  /** The current HELP text may not be UTF-8 and is not checked yet (see checkHelp). */
  protected helpUnchecked = false;

  private readonly pairBuf: string[] = [];
  private readonly seen: Map<string, number> | null;

  protected constructor(body: Buffer, opts: ParserOptions) {
    this.b = body as FastBuffer;
    this.n = body.length;
    this.seen = opts.checkDuplicates ? new Map() : null;
    this.lazyChecks = opts.lazyChecks === true;
  }

  abstract next(): EntryKind;

  /** Lexes the sample's label block from its `{`; returns the offset after the `}`. */
  protected abstract lexLabels(p: number): number;

  /**
   * Where the label block at p ends (after its `}`), skipping quoted strings, or -1 when
   * the line ends first; then the full lexer runs and says what is wrong.
   */
  protected skipLabels(p: number): number {
    const b = this.b;
    const n = this.n;
    for (let i = p + 1; i < n; i++) {
      const k = SKIP_OUTSIDE[b[i]!]!;
      if (k === 0) continue;
      if (k === 1) {
        // A quoted string: on to its closing quote.
        for (i++; i < n; i++) {
          const q = SKIP_INSIDE[b[i]!]!;
          if (q === 0) continue;
          if (q === 1) break;
          if (q === 2) return -1;
          i++;
        }
      } else {
        return k === 2 ? i + 1 : -1;
      }
    }
    return -1;
  }

  /** Lexes labels skipped by skipLabels, which throws what the lexer finds wrong with them. */
  protected settleLabels(): void {
    const at = this.pendingLabels;
    if (at < 0) return;
    this.pendingLabels = -1;
    this.nLbl = 0;
    const end = this.lexLabels(at);
    // Both stop at the first `}` outside quotes; a valid block cannot end elsewhere.
    if (end !== this.seriesEnd) this.fail(`label block ends at byte ${end - this.lineStart}, not ${this.seriesEnd - this.lineStart}`);
  }

  /** Called by subclasses when a sample line is complete. */
  protected sampleDone(): EntryKind {
    if (this.seen !== null && !this.hasTimestamp) {
      const ls = this.labels();
      const first = this.seen.get(ls.key);
      if (first !== undefined) this.fail(`duplicate series ${ls.toString()} (already on line ${first})`);
      this.seen.set(ls.key, this.line);
    }
    return Entry.Series;
  }

  /** Moves the string window to start at the line at p (next() calls it when p >= sEnd). */
  protected slide(p: number): void {
    const b = this.b;
    let end = Math.min(this.n, p + WINDOW);
    if (end < this.n) {
      const nl = b.lastIndexOf(NL, end - 1);
      if (nl >= p) {
        end = nl + 1;
      } else {
        const next = b.indexOf(NL, end);
        end = next < 0 ? this.n : next + 1;
      }
    }
    this.s = b.latin1Slice(p, end);
    this.sBase = p;
    this.sEnd = end;
  }

  /** b[a:e) of the current line as a slice of the window. */
  protected str(a: number, e: number): string {
    return this.s.slice(a - this.sBase, e - this.sBase);
  }

  seriesKey(): string {
    return this.str(this.seriesStart, this.seriesEnd);
  }

  ownedSeriesKey(): string {
    return this.b.latin1Slice(this.seriesStart, this.seriesEnd);
  }

  /** The decoded text of b[a:e) (UTF-8 when it has high bytes; escapes undone when `esc`). */
  protected decode(a: number, e: number, flags: number): string {
    const str = flags & F_HI ? this.b.utf8Slice(a, e) : this.b.latin1Slice(a, e);
    return flags & F_ESC ? unescapeLabel(str) : str;
  }

  metricName(): string {
    return this.decode(this.nameStart, this.nameEnd, this.nameFlags);
  }

  labels(): Labels {
    this.settleLabels();
    return this.buildLabels(this.lbl, this.nLbl, true);
  }

  private buildLabels(lbl: Int32Array, count: number, withName: boolean): Labels {
    const pairs = this.pairBuf;
    let k = 0;
    if (withName) {
      pairs[k++] = METRIC_NAME;
      pairs[k++] = this.metricName();
    }
    const mtype = this.metricType;
    const normalize = withName && hasFloatLabels(mtype);
    for (let i = 0; i < count; i++) {
      const o = i * LW;
      const name = internName(this.decode(lbl[o]!, lbl[o + 1]!, lbl[o + 2]!));
      let value = this.decode(lbl[o + 3]!, lbl[o + 4]!, lbl[o + 5]!);
      if (normalize) value = normalizeFloatLabel(mtype, name, value);
      pairs[k++] = name;
      pairs[k++] = value;
    }
    // Insertion sort by name: label sets are small and often already sorted.
    for (let i = 2; i < k; i += 2) {
      const n = pairs[i]!;
      const v = pairs[i + 1]!;
      let j = i - 2;
      while (j >= 0 && pairs[j]! > n) {
        pairs[j + 2] = pairs[j]!;
        pairs[j + 3] = pairs[j + 1]!;
        j -= 2;
      }
      pairs[j + 2] = n;
      pairs[j + 3] = v;
    }
    const flat: string[] = [];
    for (let i = 0; i < k; i += 2) {
      if (i > 0 && pairs[i] === pairs[i - 2]) {
        this.fail(`label name ${JSON.stringify(pairs[i])} is not unique: invalid sample`);
      }
      if (pairs[i + 1] !== '') flat.push(pairs[i]!, pairs[i + 1]!);
    }
    pairs.length = 0;
    return Labels.fromSortedFlat(flat);
  }

  exemplar(): Exemplar | null {
    if (this.exStart < 0) return null;
    return {
      labels: this.buildLabels(this.exLbl, this.nExLbl, false),
      value: this.exValue,
      timestampMs: this.exHasTs ? this.exTs : undefined,
    };
  }

  metaKey(): string {
    return this.str(this.lineStart, this.textEnd);
  }

  ownedMetaKey(): string {
    return this.b.latin1Slice(this.lineStart, this.textEnd);
  }

  familyName(): string {
    return this.decode(this.metaStart, this.metaEnd, this.metaFlags);
  }

  helpText(): string {
    this.checkHelp();
    return this.helpUnescape(this.decodeText());
  }

  /** Checks the current HELP text for UTF-8 if that is still owed (helpUnchecked), once. */
  protected checkHelp(): void {
    if (!this.helpUnchecked) return;
    this.helpUnchecked = false;
    if (!isUtf8(this.b.subarray(this.textStart, this.textEnd))) {
      this.fail(`help text ${this.quote(this.textStart, this.textEnd)} is not a valid utf8 string`);
    }
  }

  /** The text format and OpenMetrics escape HELP differently. */
  protected abstract helpUnescape(raw: string): string;

  protected decodeText(): string {
    return this.textFlags & F_HI
      ? this.b.utf8Slice(this.textStart, this.textEnd)
      : this.b.latin1Slice(this.textStart, this.textEnd);
  }

  unitText(): string {
    return this.decodeText();
  }

  commentText(): string {
    return this.b.utf8Slice(this.textStart, this.textEnd);
  }

  // --- lexing helpers -------------------------------------------------------------------

  /**
   * Scans the quoted string whose opening quote is at p. Returns the offset after the
   * closing quote and sets qFlags, or returns -1 - f where f is the offset at which the
   * string broke (a raw newline, a backslash before a newline, or the end of the body).
   */
  protected scanQuoted(p: number): number {
    const b = this.b;
    const n = this.n;
    let flags = 0;
    let i = p + 1;
    while (i < n) {
      const c = b[i]!;
      if (c === QUOTE) {
        this.qFlags = flags;
        return i + 1;
      }
      if (c === BACKSLASH) {
        flags |= F_ESC;
        if (i + 1 >= n || b[i + 1] === NL) return -1 - (i + 1 < n ? i + 1 : i);
        if (b[i + 1]! >= 0x80) flags |= F_HI;
        i += 2;
        continue;
      }
      if (c === NL) return -1 - i;
      if (c >= 0x80) flags |= F_HI;
      else if (c === 0) flags |= F_NUL;
      i++;
    }
    return -1 - (n - 1);
  }

  /** Appends one label's offsets to the sample's (or the exemplar's) array, growing it when full. */
  protected pushLabel(exemplar: boolean, ns: number, ne: number, nf: number, vs: number, ve: number, vf: number): void {
    let arr = exemplar ? this.exLbl : this.lbl;
    const count = exemplar ? this.nExLbl : this.nLbl;
    const o = count * LW;
    if (o + LW > arr.length) {
      const grown = new Int32Array(arr.length * 2);
      grown.set(arr);
      arr = grown;
      if (exemplar) this.exLbl = grown;
      else this.lbl = grown;
    }
    arr[o] = ns;
    arr[o + 1] = ne;
    arr[o + 2] = nf;
    arr[o + 3] = vs;
    arr[o + 4] = ve;
    arr[o + 5] = vf;
    if (exemplar) this.nExLbl++;
    else this.nLbl++;
  }

  /** Checks that a quoted token with high bytes is valid UTF-8; `what` names it in the error. */
  protected checkUtf8(a: number, e: number, flags: number, what: string, qa: number, qe: number): void {
    if (flags & F_HI && !validUtf8(this.b, a, e)) this.fail(`invalid UTF-8 ${what}: ${this.quote(qa, qe)}`);
  }

  protected quote(a: number, e: number): string {
    return goQuoteBytes(this.b, a, Math.min(e, this.n));
  }

  protected fail(detail: string): never {
    // An error in a later part of the line is reported only if its labels are good.
    this.settleLabels();
    throw new TextParseError(this.line, detail);
  }

  /**
   * Prometheus's parseError: `<expected>, got "<token>" ("<TYPE>") while parsing: "<line>"`.
   * `tokStart` is where the offending token starts, `x` where the lexer stood when it gave
   * up (the token's end, or the byte it could not take); like Prometheus, both quotes run
   * one byte past x.
   */
  protected parseErrorAt(expected: string, tokStart: number, x: number, type: string): never {
    const e = Math.min(x + 1, this.n);
    this.fail(`${expected}, got ${this.quote(tokStart, e)} ("${type}") while parsing: ${this.quote(this.lineStart, e)}`);
  }
}
