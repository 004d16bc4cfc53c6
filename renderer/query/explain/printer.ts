/**
 * Prints a parse_query syntax tree back to PromQL, so any node can be run on its own (the
 * explain view). Follows Prometheus's own printer (`sum by (job) (…)`, `a + on (x) group_left b`,
 * `x[5m] @ 100.000 offset 1m`). Pure.
 */

import { formatDuration } from '../../../shared/duration';
import type { AstMatcher, AstNode } from '../../../shared/api/parse';
import { isLegacyMetricName, promqlLabelName } from '../../../shared/text/names';
import { goQuote } from '../../../shared/text/quote';

type Node<T extends AstNode['type']> = Extract<AstNode, { type: T }>;

function duration(ms: number): string {
  return formatDuration(ms);
}

function labelList(names: readonly string[]): string {
  return `(${names.map(promqlLabelName).join(', ')})`;
}

function matchers(ms: readonly AstMatcher[], name: string): string {
  const shown = ms.filter((m) => !(name !== '' && isLegacyMetricName(name) && m.name === '__name__' && m.type === '=' && m.value === name));
  return shown.map((m) => `${promqlLabelName(m.name)}${m.type}${goQuote(m.value)}`).join(',');
}

function selector(n: { name: string; matchers: AstMatcher[] }): string {
  const inner = matchers(n.matchers, n.name);
  const legacyName = n.name !== '' && isLegacyMetricName(n.name);
  if (legacyName) return inner === '' ? n.name : `${n.name}{${inner}}`;
  if (n.name !== '') {
    // A UTF-8 metric name goes inside the braces, quoted.
    const rest = n.matchers.filter((m) => !(m.name === '__name__' && m.type === '=' && m.value === n.name));
    const restText = rest.map((m) => `${promqlLabelName(m.name)}${m.type}${goQuote(m.value)}`).join(',');
    return `{${goQuote(n.name)}${restText ? ',' + restText : ''}}`;
  }
  return `{${inner}}`;
}

function atAndOffset(n: { timestamp: number | null; startOrEnd: 'start' | 'end' | null; offset: number; offsetExpr: AstNode | null }): string {
  let s = '';
  if (n.timestamp !== null) s += ` @ ${(n.timestamp / 1000).toFixed(3)}`;
  else if (n.startOrEnd) s += ` @ ${n.startOrEnd}()`;
  if (n.offsetExpr) s += ` offset ${printNode(n.offsetExpr)}`;
  else if (n.offset !== 0) s += ` offset ${n.offset < 0 ? '-' + duration(-n.offset) : duration(n.offset)}`;
  return s;
}

function selectorModifiers(n: { anchored: boolean; smoothed: boolean }): string {
  return (n.anchored ? ' anchored' : '') + (n.smoothed ? ' smoothed' : '');
}

function fill(v: number | null): string {
  return v === null ? '' : String(v);
}

function binary(n: Node<'binaryExpr'>): string {
  let mod = '';
  const m = n.matching;
  const setOp = n.op === 'and' || n.op === 'or' || n.op === 'unless';
  if (m) {
    if (m.on || m.labels.length > 0) mod += ` ${m.on ? 'on' : 'ignoring'} ${labelList(m.labels)}`;
    if (!setOp && (m.card === 'many-to-one' || m.card === 'one-to-many')) {
      mod += ` ${m.card === 'many-to-one' ? 'group_left' : 'group_right'}`;
      if (m.include.length > 0) mod += ` ${labelList(m.include)}`;
    }
    const { lhs, rhs } = m.fillValues ?? { lhs: null, rhs: null };
    if (lhs !== null && rhs !== null && lhs === rhs) mod += ` fill (${fill(lhs)})`;
    else {
      if (lhs !== null) mod += ` fill_left (${fill(lhs)})`;
      if (rhs !== null) mod += ` fill_right (${fill(rhs)})`;
    }
  }
  return `${printNode(n.lhs)} ${n.op}${n.bool ? ' bool' : ''}${mod} ${printNode(n.rhs)}`;
}

/** The PromQL text of a node and everything below it. */
export function printNode(n: AstNode): string {
  switch (n.type) {
    case 'aggregation': {
      const grouping = n.without ? ` without ${labelList(n.grouping)} ` : n.grouping.length > 0 ? ` by ${labelList(n.grouping)} ` : '';
      const args = n.param ? `${printNode(n.param)}, ${printNode(n.expr)}` : printNode(n.expr);
      return `${n.op}${grouping}(${args})`;
    }
    case 'binaryExpr':
      return binary(n);
    case 'call':
      return `${n.func.name}(${n.args.map(printNode).join(', ')})`;
    case 'matrixSelector': {
      const range = n.rangeExpr ? printNode(n.rangeExpr) : duration(n.range);
      return `${selector(n)}[${range}]${atAndOffset(n)}${selectorModifiers(n)}`;
    }
    case 'subquery': {
      const range = n.rangeExpr ? printNode(n.rangeExpr) : duration(n.range);
      const step = n.stepExpr ? printNode(n.stepExpr) : n.step > 0 ? duration(n.step) : '';
      return `${printNode(n.expr)}[${range}:${step}]${atAndOffset(n)}`;
    }
    case 'numberLiteral':
      return n.duration ? durationLiteral(n.val) : n.val;
    case 'parenExpr':
      return `(${printNode(n.expr)})`;
    case 'stringLiteral':
      return goQuote(n.val);
    case 'unaryExpr':
      return `${n.op}${printNode(n.expr)}`;
    case 'vectorSelector':
      return `${selector(n)}${atAndOffset(n)}${selectorModifiers(n)}`;
    case 'durationExpr':
      return durationExpr(n);
  }
}

/** A duration literal, given in seconds by the API: "90" → "1m30s", "-60" → "-1m". */
function durationLiteral(val: string): string {
  const sec = Number(val);
  if (!Number.isFinite(sec)) return val;
  const ms = Math.round(Math.abs(sec) * 1000);
  return (sec < 0 ? '-' : '') + duration(ms);
}

function durationExpr(n: Node<'durationExpr'>): string {
  let s: string;
  if (n.op === 'step') s = 'step()';
  else if (n.op === 'range') s = 'range()';
  else if (/^(min|max)(_of)?$/.test(n.op)) s = `${n.op}(${n.lhs ? printNode(n.lhs) : ''}, ${n.rhs ? printNode(n.rhs) : ''})`;
  else if (n.lhs === null && n.rhs) s = `${n.op}${printNode(n.rhs)}`;
  else s = `${n.lhs ? printNode(n.lhs) : ''} ${n.op} ${n.rhs ? printNode(n.rhs) : ''}`;
  return n.wrapped ? `(${s})` : s;
}
