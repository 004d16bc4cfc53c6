/**
 * parseRuleFile: one rule file's text to the groups the rule manager runs, or every problem
 * it has. As Prometheus does, a file with any problem yields no groups: a rule file is taken
 * whole or not at all.
 */

import type { RecordingRuleSpec, AlertingRuleSpec, RuleFileSpec, RuleGroupSpec, RuleSpec } from '../types.js';
import { decodeRuleFile, type DecodeOptions, type DecodedGroup, type DecodedPair, type DecodedRule } from './decode.js';
import { RuleFileError } from './errors.js';
import { validateGroups } from './validate.js';

export interface ParsedRuleFile {
  /** The groups, or null when there is any error. */
  readonly file: RuleFileSpec | null;
  readonly errors: RuleFileError[];
  /** What is read but worth saying (a second YAML document that is ignored). */
  readonly warnings: string[];
}

export type ParseRuleFileOptions = DecodeOptions;

/** Parses and validates rule file text; `path` names the file in errors and in each group. */
export function parseRuleFile(text: string, path: string, opts: ParseRuleFileOptions = {}): ParsedRuleFile {
  const decoded = decodeRuleFile(text, opts);
  if (decoded.problems.length > 0) {
    return { file: null, errors: decoded.problems.map((p) => new RuleFileError(path, p.kind, p.detail, p.pos)), warnings: decoded.warnings };
  }
  const problems = validateGroups(decoded.groups);
  if (problems.length > 0) {
    return { file: null, errors: problems.map((p) => new RuleFileError(path, 'invalid', p.detail, p.pos, p.altPos ?? null)), warnings: decoded.warnings };
  }
  return { file: { path, groups: decoded.groups.map((g) => toGroup(g, path)) }, errors: [], warnings: decoded.warnings };
}

function toGroup(g: DecodedGroup, file: string): RuleGroupSpec {
  return {
    name: g.name,
    file,
    intervalMs: g.intervalMs,
    limit: g.limit,
    queryOffsetMs: g.queryOffsetMs,
    labels: toRecord(g.labels),
    rules: g.rules.map(toRule),
    pos: g.pos,
  };
}

function toRule(r: DecodedRule): RuleSpec {
  if (r.record !== '') {
    const rec: RecordingRuleSpec = { kind: 'recording', record: r.record, expr: r.expr, labels: toRecord(r.labels), pos: r.pos };
    return rec;
  }
  const alert: AlertingRuleSpec = {
    kind: 'alerting',
    alert: r.alert,
    expr: r.expr,
    forMs: r.forMs,
    keepFiringForMs: r.keepFiringForMs,
    labels: toRecord(r.labels),
    annotations: toRecord(r.annotations),
    pos: r.pos,
  };
  return alert;
}

/** In file order; Object.fromEntries defines own properties, so a key such as `__proto__` stays a key. */
function toRecord(pairs: readonly DecodedPair[]): Readonly<Record<string, string>> {
  return Object.fromEntries(pairs.map((p) => [p.key, p.value]));
}
