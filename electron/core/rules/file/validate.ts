/**
 * rulefmt's Validate over decoded groups: what makes a group or rule wrong once its YAML has
 * the right shape, with Prometheus 3's wording and UTF-8 name validation. Every problem of the
 * file is collected. Beyond rulefmt, each problem carries the position of the node it is about
 * (rulefmt leaves labels, annotations and templates without one), and a rule whose expression
 * can never give an instant vector or scalar is refused here rather than failing at every
 * evaluation.
 */

import { documentedType, exprType, parseExpr, ParseError } from '../../promql/parser/index.js';
import { goQuote } from '../../../../shared/text/quote.js';
import type { SourcePos } from '../types.js';
import type { DecodedGroup, DecodedPair, DecodedRule } from './decode.js';
import { checkTemplate } from './templateCheck.js';

export interface Problem {
  readonly detail: string;
  readonly pos: SourcePos | null;
  readonly altPos?: SourcePos | null;
}

export function validateGroups(groups: readonly DecodedGroup[]): Problem[] {
  const out: Problem[] = [];
  const names = new Set<string>();
  for (const g of groups) {
    if (g.name === '') out.push({ detail: 'Groupname must not be empty', pos: g.pos });
    if (names.has(g.name)) out.push({ detail: `groupname: "${g.name}" is repeated in the same file`, pos: g.pos });
    names.add(g.name);
    checkLabels(g.labels, out);
    g.rules.forEach((r, i) => {
      const ruleName = r.alert !== '' ? r.alert : r.record;
      for (const p of validateRule(r)) {
        out.push({ ...p, detail: `group ${goQuote(g.name)}, rule ${i + 1}, ${goQuote(ruleName)}: ${p.detail}` });
      }
    });
  }
  return out;
}

function validateRule(r: DecodedRule): Problem[] {
  const out: Problem[] = [];
  if (r.record !== '' && r.alert !== '') {
    out.push({ detail: "only one of 'record' and 'alert' must be set", pos: r.recordPos ?? r.pos, altPos: r.alertPos ?? r.pos });
  }
  if (r.record === '' && r.alert === '') {
    out.push({ detail: "one of 'record' or 'alert' must be set", pos: r.recordPos ?? r.pos, altPos: r.alertPos ?? r.pos });
  }
  const exprPos = r.exprPos ?? r.pos;
  if (r.expr === '') out.push({ detail: "field 'expr' must be set in rule", pos: exprPos });
  else {
    const why = checkExpr(r.expr);
    if (why !== null) out.push({ detail: why, pos: exprPos });
  }
  if (r.record !== '') {
    const at = r.recordPos ?? r.pos;
    if (r.annotations.length > 0) out.push({ detail: "invalid field 'annotations' in recording rule", pos: at });
    if (r.forMs !== 0) out.push({ detail: "invalid field 'for' in recording rule", pos: at });
    if (r.keepFiringForMs !== 0) out.push({ detail: "invalid field 'keep_firing_for' in recording rule", pos: at });
    if (!isValidName(r.record)) out.push({ detail: `invalid recording rule name: ${r.record}`, pos: at });
    // A valid UTF-8 name, but most likely a selector pasted where the name goes.
    if (r.record.includes('{') || r.record.includes('}')) {
      out.push({ detail: `braces present in the recording rule name; should it be in expr?: ${r.record}`, pos: at });
    }
  }
  checkLabels(r.labels, out);
  for (const a of r.annotations) {
    if (!isValidName(a.key)) out.push({ detail: `invalid annotation name: ${a.key}`, pos: a.keyPos });
  }
  if (r.alert !== '') {
    // Templates are only expanded for alerting rules, so only theirs are parsed.
    const name = `__alert_${r.alert}`;
    for (const l of r.labels) {
      const err = checkTemplate(name, l.value);
      if (err !== null) out.push({ detail: `label ${goQuote(l.key)}: ${err}`, pos: l.valuePos });
    }
    for (const a of r.annotations) {
      const err = checkTemplate(name, a.value);
      if (err !== null) out.push({ detail: `annotation ${goQuote(a.key)}: ${err}`, pos: a.valuePos });
    }
  }
  return out;
}

/** Null when the expression parses and can give what a rule needs (an instant vector or a scalar). */
function checkExpr(expr: string): string | null {
  let ast;
  try {
    ast = parseExpr(expr);
  } catch (e) {
    if (e instanceof ParseError) return `could not parse expression: ${e.message}`;
    return `could not parse expression: ${e instanceof Error ? e.message : String(e)}`;
  }
  const t = exprType(ast);
  if (t !== 'vector' && t !== 'scalar') return `could not use expression: expected type instant vector or scalar, got ${documentedType(t)}`;
  return null;
}

function checkLabels(labels: readonly DecodedPair[], out: Problem[]): void {
  for (const l of labels) {
    if (!isValidName(l.key) || l.key === '__name__') out.push({ detail: `invalid label name: ${l.key}`, pos: l.keyPos });
    if (!l.value.isWellFormed()) out.push({ detail: `invalid label value: ${l.value}`, pos: l.valuePos });
  }
}

/** Prometheus 3's UTF-8 validation of metric, label and annotation names: any non-empty valid UTF-8. */
function isValidName(s: string): boolean {
  return s.length > 0 && s.isWellFormed();
}
