/**
 * Decodes a rule file's YAML into groups and rules as Go's yaml.v3 decodes it into rulefmt's
 * structs with KnownFields: unknown and repeated keys and values of the wrong type are
 * collected, each with its position, and decoding goes on with the siblings. Nothing here
 * judges the values (that is validate.ts); durations are parsed, since their syntax is part of
 * the type, as model.Duration's UnmarshalYAML makes it.
 *
 * Only the first YAML document counts, as for Prometheus's decoder; a later one is reported as
 * a warning.
 */

import { isScalar, parseAllDocuments, type Pair } from 'yaml';
import { Decoder, SemanticError, SyntaxError, type Node } from '../../config/yamlDecoder.js';
import { DurationSyntaxError, parseDuration } from '../../../../shared/duration.js';
import type { SourcePos } from '../types.js';

/** A `key: value` of a labels or annotations map, with where each half sits. */
export interface DecodedPair {
  readonly key: string;
  readonly value: string;
  readonly keyPos: SourcePos;
  readonly valuePos: SourcePos;
}

export interface DecodedRule {
  readonly pos: SourcePos;
  /** Each of record / alert / expr: its text ('' when absent or null) and where its value sits (null when absent). */
  readonly record: string;
  readonly recordPos: SourcePos | null;
  readonly alert: string;
  readonly alertPos: SourcePos | null;
  readonly expr: string;
  readonly exprPos: SourcePos | null;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: readonly DecodedPair[];
  readonly annotations: readonly DecodedPair[];
}

export interface DecodedGroup {
  readonly pos: SourcePos;
  readonly name: string;
  readonly intervalMs: number;
  readonly queryOffsetMs: number | null;
  readonly limit: number;
  readonly labels: readonly DecodedPair[];
  readonly rules: readonly DecodedRule[];
}

export interface DecodeProblem {
  readonly kind: 'syntax' | 'unmarshal';
  readonly detail: string;
  readonly pos: SourcePos | null;
}

export interface DecodeResult {
  readonly groups: DecodedGroup[];
  /** Empty when the file decoded cleanly; otherwise the groups are not to be used. */
  readonly problems: DecodeProblem[];
  readonly warnings: string[];
}

const TYPE_GROUPS = 'rulefmt.RuleGroups';
const TYPE_GROUP = 'rulefmt.RuleGroup';
const TYPE_RULE = 'rulefmt.Rule';
const TYPE_MAP = 'map[string]string';

const GROUP_FIELDS = new Set(['name', 'interval', 'query_offset', 'limit', 'rules', 'labels']);
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

const START: SourcePos = { line: 1, column: 1 };

/**
 * Aliases can make a small file stand for a huge one (a list of rules repeated in a thousand
 * groups, a long expression repeated in a thousand rules), and every expression and template
 * is parsed. So decoding spends a budget: each item costs 1, each pair 2 and each string its
 * length, which without aliases never exceeds the file's size (every item, pair and character
 * takes at least as much source). Aliases may multiply a file tenfold, or up to a million
 * units for small files (shared labels are common); past that the file is refused, as yaml.v3
 * refuses excessive aliasing.
 */
const BUDGET_FLOOR = 1_000_000;
const BUDGET_PER_BYTE = 10;

export interface DecodeOptions {
  /** Skip unknown fields instead of refusing them (promtool's --ignore-unknown-fields). */
  readonly ignoreUnknownFields?: boolean;
}

export function decodeRuleFile(text: string, opts: DecodeOptions = {}): DecodeResult {
  const warnings: string[] = [];
  let source = text;
  if (mayHoldSeveralDocuments(text)) {
    let docs;
    try {
      docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, merge: false });
    } catch {
      docs = null;
    }
    if (Array.isArray(docs) && docs.length > 1) {
      source = text.slice(0, docs[1]!.range[0]);
      warnings.push(`the file holds ${docs.length} YAML documents: only the first is read`);
    }
  }
  let d: Decoder;
  try {
    d = new Decoder(source);
  } catch (e) {
    if (!(e instanceof SyntaxError)) {
      return { groups: [], problems: [{ kind: 'syntax', detail: `yaml: ${e instanceof Error ? e.message : String(e)}`, pos: null }], warnings };
    }
    // The position travels apart (line and column), so the message drops its own `line N:`.
    const detail = e.pos ? e.message.replace(/^yaml: line \d+: /, 'yaml: ') : e.message;
    return { groups: [], problems: [{ kind: 'syntax', detail, pos: e.pos ?? null }], warnings };
  }
  const run = new Run(d, Math.max(BUDGET_FLOOR, BUDGET_PER_BYTE * source.length), opts.ignoreUnknownFields ?? false);
  try {
    run.file();
  } catch (e) {
    if (e instanceof SemanticError) run.problem(e.message, e.pos ?? null);
    else if (e instanceof BudgetExceeded) run.problem('yaml: document contains excessive aliasing', null);
    // Whatever else goes wrong on user input (a stack overflow on some nesting) refuses the file, never the caller.
    else run.problem(`yaml: ${e instanceof Error ? e.message : String(e)}`, null);
  }
  const problems: DecodeProblem[] = [
    ...d.typeErrors.map((t) => ({ kind: 'unmarshal' as const, detail: t.msg, pos: t.pos ?? null })),
    ...run.extra,
  ];
  problems.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.column ?? 0) - (b.pos?.column ?? 0));
  return { groups: problems.length === 0 ? run.groups : [], problems, warnings };
}

/**
 * Whether a document marker (`---` or `...` at the start of a line) follows content, so that a
 * second document may start there; only then is the text parsed as a stream to find where the
 * first document ends (parsing it twice would double the cost of every file).
 */
function mayHoldSeveralDocuments(text: string): boolean {
  let content = false;
  for (const line of text.split('\n')) {
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      if (content) return true;
      continue;
    }
    if (!content && /^\s*[^\s#%]/.test(line)) content = true;
  }
  return false;
}

class BudgetExceeded extends Error {}

class Run {
  readonly groups: DecodedGroup[] = [];
  readonly extra: DecodeProblem[] = [];

  constructor(
    private readonly d: Decoder,
    private budget: number,
    private readonly ignoreUnknown: boolean,
  ) {}

  problem(detail: string, pos: SourcePos | null): void {
    this.extra.push({ kind: 'unmarshal', detail, pos });
  }

  private spend(cost = 1): void {
    this.budget -= cost;
    if (this.budget < 0) throw new BudgetExceeded();
  }

  /** A string field, paid for by its length. */
  private text(node: Node): string {
    const s = this.d.str(node) ?? '';
    this.spend(s.length);
    return s;
  }

  private pos(node: Node | Pair, fallback: SourcePos): SourcePos {
    return this.d.pos(node as Node) ?? fallback;
  }

  /**
   * The pairs of a mapping keyed by their text, each key once; repeated and (for structs)
   * unknown keys are reported with yaml.v3's wording.
   */
  private mapping(node: Node, typeName: string, known: ReadonlySet<string> | null): Array<[string, Node, Node]> | undefined {
    const pairs = this.d.pairs(node, typeName);
    if (!pairs) return undefined;
    const out: Array<[string, Node, Node]> = [];
    const firstLine = new Map<string, number>();
    for (const p of pairs) {
      this.spend(2);
      const keyNode = this.d.deref(p.key as Node);
      const key = keyNode && isScalar(keyNode) ? String(this.d.str(keyNode) ?? '') : '';
      this.spend(key.length);
      if (keyNode && !isScalar(keyNode)) {
        this.d.typeError(keyNode, `cannot unmarshal ${this.d.tagOf(keyNode)} into string`);
        continue;
      }
      const line = this.d.pos(p.key as Node)?.line ?? 0;
      const seen = firstLine.get(key);
      if (seen !== undefined) {
        this.d.typeError(p.key as Node, `mapping key ${JSON.stringify(key)} already defined at line ${seen}`);
        continue;
      }
      firstLine.set(key, line);
      if (known && !known.has(key)) {
        if (!this.ignoreUnknown) this.d.typeError(p.key as Node, `field ${key} not found in type ${typeName}`);
        continue;
      }
      out.push([key, p.key as Node, p.value as Node]);
    }
    return out;
  }

  file(): void {
    const d = this.d;
    const fields = this.mapping(d.root, TYPE_GROUPS, new Set(['groups']));
    for (const [, , value] of fields ?? []) {
      const items = d.seq(value, `[]${TYPE_GROUP}`) ?? [];
      const seqPos = this.pos(value, START);
      for (const it of items) {
        this.spend();
        const g = this.group(it, this.pos(it, seqPos));
        if (g) this.groups.push(g);
      }
    }
  }

  private group(node: Node, pos: SourcePos): DecodedGroup | null {
    const d = this.d;
    let name = '';
    let intervalMs = 0;
    let queryOffsetMs: number | null = null;
    let limit = 0;
    let labels: DecodedPair[] = [];
    const rules: DecodedRule[] = [];
    const fields = d.isNull(node) ? [] : this.mapping(node, TYPE_GROUP, GROUP_FIELDS);
    if (!fields) return null;
    for (const [key, , value] of fields) {
      switch (key) {
        case 'name':
          name = this.text(value);
          break;
        case 'interval':
          intervalMs = this.duration(value) ?? 0;
          break;
        case 'query_offset':
          queryOffsetMs = this.duration(value) ?? null;
          break;
        case 'limit':
          limit = d.int(value) ?? 0;
          break;
        case 'labels':
          labels = this.strMap(value);
          break;
        case 'rules': {
          const seqPos = this.pos(value, pos);
          for (const it of d.seq(value, `[]${TYPE_RULE}`) ?? []) {
            this.spend();
            const r = this.rule(it, this.pos(it, seqPos));
            if (r) rules.push(r);
          }
          break;
        }
      }
    }
    return { pos, name, intervalMs, queryOffsetMs, limit, labels, rules };
  }

  private rule(node: Node, pos: SourcePos): DecodedRule | null {
    const d = this.d;
    let record = '';
    let alert = '';
    let expr = '';
    let recordPos: SourcePos | null = null;
    let alertPos: SourcePos | null = null;
    let exprPos: SourcePos | null = null;
    let forMs = 0;
    let keepFiringForMs = 0;
    let labels: DecodedPair[] = [];
    let annotations: DecodedPair[] = [];
    const fields = d.isNull(node) ? [] : this.mapping(node, TYPE_RULE, RULE_FIELDS);
    if (!fields) return null;
    for (const [key, keyNode, value] of fields) {
      const valuePos = this.pos(value, this.pos(keyNode, pos));
      switch (key) {
        case 'record':
          record = this.text(value);
          recordPos = valuePos;
          break;
        case 'alert':
          alert = this.text(value);
          alertPos = valuePos;
          break;
        case 'expr':
          expr = this.text(value);
          exprPos = valuePos;
          break;
        case 'for':
          forMs = this.duration(value) ?? 0;
          break;
        case 'keep_firing_for':
          keepFiringForMs = this.duration(value) ?? 0;
          break;
        case 'labels':
          labels = this.strMap(value);
          break;
        case 'annotations':
          annotations = this.strMap(value);
          break;
      }
    }
    return { pos, record, recordPos, alert, alertPos, expr, exprPos, forMs, keepFiringForMs, labels, annotations };
  }

  /** model.Duration: a string in Prometheus's duration syntax; null leaves it unset. */
  private duration(node: Node): number | undefined {
    // model.Duration reads a string first, so a wrong type is reported against string.
    const s = this.d.str(node);
    if (s === undefined) return undefined;
    this.spend(s.length);
    try {
      return parseDuration(s);
    } catch (e) {
      if (!(e instanceof DurationSyntaxError)) throw e;
      this.d.typeError(node, e.message);
      return undefined;
    }
  }

  private strMap(node: Node): DecodedPair[] {
    const out: DecodedPair[] = [];
    const fallback = this.pos(node, START);
    for (const [key, keyNode, value] of this.mapping(node, TYPE_MAP, null) ?? []) {
      const v = this.text(value);
      const keyPos = this.pos(keyNode, fallback);
      out.push({ key, value: v, keyPos, valuePos: this.pos(value, keyPos) });
    }
    return out;
  }
}

