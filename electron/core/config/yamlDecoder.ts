/**
 * A strict YAML decoder over the `yaml` package's document tree, behaving like Go's
 * yaml.v2 UnmarshalStrict as Prometheus uses it: unknown and duplicate fields and values of
 * the wrong type are collected as "unmarshal errors" (decoding goes on with the siblings),
 * while a semantic error (what a Go UnmarshalYAML/Validate returns) stops everything.
 *
 * Scalars are read with the failsafe schema, so every scalar arrives as its text and this
 * file resolves it the YAML 1.1 way yaml.v2 does (`yes` is a bool, `~` is null, …).
 */

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Alias } from 'yaml';
import type { Document, Node as YNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { goQuoteBytes } from '../../../shared/text/quote.js';

export type Node = YNode | null | undefined;

export interface Position {
  line: number;
  column: number;
}

/** A semantic error: stops decoding, reported with the position of the node it is about. */
export class SemanticError extends Error {
  constructor(
    message: string,
    readonly pos?: Position,
  ) {
    super(message);
  }
}

/** The YAML text could not even be parsed. */
export class SyntaxError extends Error {
  constructor(
    message: string,
    readonly pos?: Position,
  ) {
    super(message);
  }
}

export interface TypeErr {
  msg: string;
  pos?: Position;
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);
const BINARY_TAG = 'tag:yaml.org,2002:binary';

export type FieldHandler = (value: Node, key: Scalar) => void;

export class Decoder {
  readonly typeErrors: TypeErr[] = [];
  readonly root: Node;
  private readonly doc: Document.Parsed;
  private readonly lc = new LineCounter();

  constructor(private readonly text: string) {
    this.doc = parseDocument(text, {
      schema: 'failsafe',
      lineCounter: this.lc,
      uniqueKeys: false,
      merge: false,
      prettyErrors: false,
    });
    const err = this.doc.errors[0];
    if (err) {
      const lp = this.lc.linePos(err.pos[0]);
      const pos = err.linePos?.[0] ?? { line: lp.line, col: lp.col };
      const msg = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new SyntaxError(pos ? `yaml: line ${pos.line}: ${msg}` : `yaml: ${msg}`, pos ? { line: pos.line, column: pos.col } : undefined);
    }
    this.root = this.doc.contents as Node;
  }

  pos(node: Node | Pair): Position | undefined {
    const r = node && 'range' in node ? node.range : undefined;
    if (!r) return undefined;
    const p = this.lc.linePos(r[0]);
    return { line: p.line, column: p.col };
  }

  /** Follows aliases to the node they name. */
  deref(node: Node): Node {
    let n = node;
    for (let i = 0; i < 100 && n && isAlias(n); i++) n = this.aliasTarget(n);
    return n;
  }

  private aliasTargets: Map<Alias, Node> | undefined;

  /**
   * What an alias names: the last node anchored with its name before it. Indexed in one pass
   * on first use, since the library's Alias.resolve walks the whole document for every alias
   * (a file of many aliases took quadratic time).
   */
  private aliasTarget(alias: Alias): Node {
    if (!this.aliasTargets) {
      const targets = new Map<Alias, Node>();
      const current = new Map<string, Node>();
      visit(this.doc, {
        Node: (_key, node) => {
          if (isAlias(node)) targets.set(node, current.get(node.source));
          else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) current.set(node.anchor, node as Node);
        },
      });
      this.aliasTargets = targets;
    }
    return this.aliasTargets.get(alias);
  }

  typeError(node: Node, msg: string): void {
    const pos = this.pos(node);
    this.typeErrors.push({ msg, pos });
  }

  fail(node: Node, msg: string): never {
    throw new SemanticError(msg, this.pos(node));
  }

  /** The yaml.v2 tag of a node, as Go prints it in "cannot unmarshal !!x" errors. */
  tagOf(node: Node): string {
    const n = this.deref(node);
    if (!n) return '!!null';
    if (isMap(n)) return '!!map';
    if (isSeq(n)) return '!!seq';
    if (isScalar(n)) {
      if (n.tag === BINARY_TAG) return '!!binary';
      const v = this.rawText(n);
      if (n.type !== 'PLAIN') return '!!str';
      if (NULLS.has(v)) return '!!null';
      if (TRUES.has(v) || FALSES.has(v)) return '!!bool';
      if (/^[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)$/.test(v)) return '!!int';
      if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/.test(v) || /^[-+]?\.(inf|Inf|INF)$/.test(v) || /^\.(nan|NaN|NAN)$/.test(v)) return '!!float';
      return '!!str';
    }
    return '!!str';
  }

  private rawText(n: Scalar): string {
    const v = n.value;
    if (typeof v === 'string') return v;
    if (v === null || v === undefined) return '';
    return String(v);
  }

  /** True when the node is absent or a YAML null. */
  isNull(node: Node): boolean {
    const n = this.deref(node);
    if (!n) return true;
    return isScalar(n) && n.type === 'PLAIN' && n.tag !== BINARY_TAG && NULLS.has(this.rawText(n));
  }

  private cannot(node: Node, into: string): void {
    const n = this.deref(node);
    const tag = this.tagOf(n);
    const shown = n && isScalar(n) ? ` \`${this.goShort(this.scalarText(n))}\`` : '';
    this.typeError(node, `cannot unmarshal ${tag}${shown} into ${into}`);
  }

  private goShort(s: string): string {
    return s.length > 50 ? s.slice(0, 47) + '...' : s;
  }

  /** The text of a scalar; for !!binary, decoded bytes as a string, with `invalidUtf8` telling if they were not UTF-8. */
  private scalarText(n: Scalar): string {
    if (n.tag === BINARY_TAG) return this.binary(n).text;
    return this.rawText(n);
  }

  /** Decodes a !!binary scalar strictly, as Go's base64.StdEncoding does. */
  binary(n: Scalar): { text: string; bytes: Uint8Array; invalidUtf8: boolean } {
    const r = n.range;
    let src = r ? this.text.slice(r[0], r[1]) : '';
    if (/^["']/.test(src)) src = src.slice(1, -1);
    src = src.replace(/\s+/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(src)) {
      this.fail(n, '!!binary value contains invalid base64 data');
    }
    const bytes = Uint8Array.from(Buffer.from(src, 'base64'));
    let text: string;
    let invalidUtf8 = false;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      invalidUtf8 = true;
      text = goQuoteBytes(bytes);
    }
    return { text, bytes, invalidUtf8 };
  }

  /**
   * A string field. Null gives `undefined`; any other scalar gives its text (yaml.v2 takes
   * `1234` into a string field as "1234"). `onInvalidUtf8` is called for !!binary bytes that
   * are not UTF-8 with their Go-quoted form, so the caller can word the error.
   */
  str(node: Node, into = 'string', onInvalidUtf8?: (quoted: string) => never): string | undefined {
    const n = this.deref(node);
    if (this.isNull(n)) return undefined;
    if (!n || !isScalar(n)) {
      this.cannot(n, into);
      return undefined;
    }
    if (n.tag === BINARY_TAG) {
      const b = this.binary(n);
      if (b.invalidUtf8) {
        if (onInvalidUtf8) onInvalidUtf8(b.text);
        this.fail(n, `invalid UTF-8 in !!binary value ${b.text}`);
      }
      return b.text;
    }
    return this.rawText(n);
  }

  bool(node: Node): boolean | undefined {
    const n = this.deref(node);
    if (this.isNull(n)) return undefined;
    if (n && isScalar(n) && n.type === 'PLAIN') {
      const v = this.rawText(n);
      if (TRUES.has(v)) return true;
      if (FALSES.has(v)) return false;
    }
    this.cannot(n, 'bool');
    return undefined;
  }

  /** An integer; `unsigned` refuses negatives as Go's uint does. */
  int(node: Node, unsigned = false): number | undefined {
    const n = this.deref(node);
    if (this.isNull(n)) return undefined;
    const into = unsigned ? 'uint' : 'int';
    if (n && isScalar(n) && n.type === 'PLAIN') {
      const v = this.rawText(n).replace(/_/g, '');
      let num: number | undefined;
      if (/^[-+]?[0-9]+$/.test(v)) num = Number(v);
      else if (/^0x[0-9a-fA-F]+$/.test(v)) num = Number(v);
      else if (/^[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/.test(v)) {
        // yaml.v2 accepts a float into an int field only when it is integral.
        const f = Number(v);
        if (Number.isInteger(f)) num = f;
      }
      if (num !== undefined && Number.isSafeInteger(num) && !(unsigned && num < 0)) return num;
    }
    this.cannot(n, into);
    return undefined;
  }

  float(node: Node): number | undefined {
    const n = this.deref(node);
    if (this.isNull(n)) return undefined;
    if (n && isScalar(n) && n.type === 'PLAIN') {
      const v = this.rawText(n).replace(/_/g, '');
      if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(v)) return Number(v);
      if (/^[-+]?\.(inf|Inf|INF)$/.test(v)) return v.startsWith('-') ? -Infinity : Infinity;
      if (/^\.(nan|NaN|NAN)$/.test(v)) return NaN;
    }
    this.cannot(n, 'float64');
    return undefined;
  }

  /** A sequence; null gives undefined. Items may be null (the caller decides whether that is allowed). */
  seq(node: Node, into: string): Node[] | undefined {
    const n = this.deref(node);
    if (this.isNull(n)) return undefined;
    if (!n || !isSeq(n)) {
      this.cannot(n, into);
      return undefined;
    }
    return (n as YAMLSeq<YNode>).items as Node[];
  }

  strList(node: Node, into = '[]string'): string[] | undefined {
    const items = this.seq(node, into);
    if (!items) return undefined;
    const out: string[] = [];
    for (const it of items) {
      const s = this.str(it);
      out.push(s ?? '');
    }
    return out;
  }

  /** A map of string → string, in file order. */
  strMap(node: Node, into = 'map[string]string'): Array<[string, string, YNode | null]> | undefined {
    const pairs = this.pairs(node, into);
    if (!pairs) return undefined;
    const out: Array<[string, string, YNode | null]> = [];
    for (const p of pairs) {
      const k = this.str(p.key as Node);
      const v = this.str(p.value as Node);
      out.push([k ?? '', v ?? '', (p.key as YNode | null) ?? null]);
    }
    return out;
  }

  /** The pairs of a mapping (merge keys `<<` expanded); null gives undefined. */
  pairs(node: Node, into: string): Pair<YNode | null, YNode | null>[] | undefined {
    const n = this.deref(node);
    if (this.isNull(n)) return undefined;
    if (!n || !isMap(n)) {
      this.cannot(n, into);
      return undefined;
    }
    const out: Pair<YNode | null, YNode | null>[] = [];
    for (const p of (n as YAMLMap<YNode | null, YNode | null>).items) {
      const k = this.deref(p.key as Node);
      if (k && isScalar(k) && k.type === 'PLAIN' && k.value === '<<') {
        const src = this.deref(p.value as Node);
        const maps = src && isSeq(src) ? (src.items as Node[]).map((x) => this.deref(x)) : [src];
        const own = new Set((n as YAMLMap).items.map((q) => String((this.deref(q.key as Node) as Scalar | null)?.value)));
        for (const m of maps) {
          if (m && isMap(m)) {
            for (const q of (m as YAMLMap<YNode | null, YNode | null>).items) {
              const key = String((this.deref(q.key as Node) as Scalar | null)?.value);
              if (!own.has(key)) out.push(q);
            }
          }
        }
        continue;
      }
      out.push(p);
    }
    return out;
  }

  /**
   * Decodes a mapping into fields: each known key goes to its handler; unknown and repeated
   * keys become unmarshal errors naming `typeName`. Returns false when the node is null/absent.
   */
  fields(node: Node, typeName: string, spec: Record<string, FieldHandler>): boolean {
    const pairs = this.pairs(node, typeName);
    if (!pairs) return false;
    const seen = new Set<string>();
    for (const p of pairs) {
      const keyNode = this.deref(p.key as Node);
      const key = keyNode && isScalar(keyNode) ? this.rawText(keyNode) : '';
      if (seen.has(key)) {
        this.typeError(keyNode, `field ${key} already set in type ${typeName}`);
        continue;
      }
      seen.add(key);
      const h = Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
      if (!h) {
        this.typeError(keyNode, `field ${key} not found in type ${typeName}`);
        continue;
      }
      h(p.value as Node, keyNode as Scalar);
    }
    return true;
  }

  /** Number of type errors so far: compare before/after a struct to know if it decoded cleanly. */
  get errorCount(): number {
    return this.typeErrors.length;
  }
}
