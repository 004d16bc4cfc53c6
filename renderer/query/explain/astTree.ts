/**
 * The explain view's model of a parse_query tree: each node's children, static result type,
 * a short label for the node's own part, and a sentence saying what it does. Pure.
 */

import { formatDuration } from '../../../shared/duration';
import type { AstNode } from '../../../shared/api/parse';
import { promqlLabelName } from '../../../shared/text/names';
import { goQuote } from '../../../shared/text/quote';
import { printNode } from './printer';

export type ValueType = 'vector' | 'matrix' | 'scalar' | 'string';

export interface ExplainNode {
  /** Path from the root, e.g. "0.1.0": stable keys for React and results. */
  id: string;
  ast: AstNode;
  depth: number;
  children: ExplainNode[];
  /** The subexpression's PromQL text, runnable on its own. */
  text: string;
  type: ValueType;
}

/** The subexpressions a node is built from, in order (duration expressions are left inside their node). */
export function childrenOf(n: AstNode): AstNode[] {
  switch (n.type) {
    case 'aggregation':
      return n.param ? [n.param, n.expr] : [n.expr];
    case 'binaryExpr':
      return [n.lhs, n.rhs];
    case 'call':
      return n.args;
    case 'subquery':
    case 'parenExpr':
    case 'unaryExpr':
      return [n.expr];
    default:
      return [];
  }
}

export function valueType(n: AstNode): ValueType {
  switch (n.type) {
    case 'aggregation':
      return 'vector';
    case 'binaryExpr':
      return valueType(n.lhs) === 'scalar' && valueType(n.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'call':
      return (['vector', 'matrix', 'scalar', 'string'] as const).find((t) => t === n.func.returnType) ?? 'vector';
    case 'matrixSelector':
    case 'subquery':
      return 'matrix';
    case 'numberLiteral':
    case 'durationExpr':
      return 'scalar';
    case 'stringLiteral':
      return 'string';
    case 'parenExpr':
    case 'unaryExpr':
      return valueType(n.expr);
    case 'vectorSelector':
      return 'vector';
  }
}

export function buildTree(ast: AstNode, id = '0', depth = 0): ExplainNode {
  return {
    id,
    ast,
    depth,
    text: printNode(ast),
    type: valueType(ast),
    children: childrenOf(ast).map((c, i) => buildTree(c, `${id}.${i}`, depth + 1)),
  };
}

/** Nodes in display order (pre-order). */
export function flatten(root: ExplainNode): ExplainNode[] {
  const out: ExplainNode[] = [];
  const walk = (n: ExplainNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

const list = (names: readonly string[]) => names.map(promqlLabelName).join(', ');

/** The node's own part, with its operands elided: `sum by (job) (…)`, `… / on (x) …`, `rate(…)`. */
export function nodeLabel(n: AstNode): string {
  switch (n.type) {
    case 'aggregation':
      return `${n.op}${n.without ? ` without (${list(n.grouping)}) ` : n.grouping.length ? ` by (${list(n.grouping)}) ` : ''}(${n.param ? '…, ' : ''}…)`;
    case 'binaryExpr': {
      const m = n.matching;
      let mod = '';
      if (m && (m.on || m.labels.length)) mod += ` ${m.on ? 'on' : 'ignoring'} (${list(m.labels)})`;
      if (m && (m.card === 'many-to-one' || m.card === 'one-to-many') && !['and', 'or', 'unless'].includes(n.op)) {
        mod += ` ${m.card === 'many-to-one' ? 'group_left' : 'group_right'}${m.include.length ? ` (${list(m.include)})` : ''}`;
      }
      return `… ${n.op}${n.bool ? ' bool' : ''}${mod} …`;
    }
    case 'call':
      return `${n.func.name}(${n.args.length ? '…' : ''})`;
    case 'subquery':
      return `…[${n.rangeExpr ? printNode(n.rangeExpr) : formatDuration(n.range)}:${n.step ? formatDuration(n.step) : ''}]`;
    case 'parenExpr':
      return '(…)';
    case 'unaryExpr':
      return `${n.op}…`;
    default:
      return printNode(n);
  }
}

function matcherText(n: Extract<AstNode, { type: 'vectorSelector' | 'matrixSelector' }>): string {
  const ms = n.matchers.filter((m) => !(m.name === '__name__' && m.value === n.name && m.type === '='));
  if (ms.length === 0) return '';
  return ' whose labels match ' + ms.map((m) => `${promqlLabelName(m.name)}${m.type}${goQuote(m.value)}`).join(', ');
}

const CARD: Record<string, string> = {
  'one-to-one': 'each series on the left with the one series on the right that has the same labels',
  'many-to-one': 'many series on the left with one series on the right (group_left)',
  'one-to-many': 'one series on the left with many series on the right (group_right)',
  'many-to-many': 'series on both sides',
};

/** A sentence on what the node computes, for the explain view. */
export function describeNode(n: AstNode): string {
  switch (n.type) {
    case 'vectorSelector': {
      const mods = [n.offset ? `shifted back by ${formatDuration(Math.abs(n.offset))}${n.offset < 0 ? ' (forward)' : ''}` : '', n.timestamp !== null ? `evaluated at ${new Date(n.timestamp).toISOString()}` : n.startOrEnd ? `evaluated at the ${n.startOrEnd} of the query range` : '']
        .filter(Boolean)
        .join(', ');
      return `Selects the latest sample (within the lookback delta, 5m by default) of every series${n.name ? ` named ${n.name}` : ''}${matcherText(n)}${mods ? ', ' + mods : ''}.`;
    }
    case 'matrixSelector':
      return `Selects all samples of the last ${n.rangeExpr ? printNode(n.rangeExpr) : formatDuration(n.range)} of every series${n.name ? ` named ${n.name}` : ''}${matcherText(n)}: a range vector, for functions such as rate() or *_over_time().`;
    case 'aggregation': {
      const by = n.without ? `keeping all labels except ${list(n.grouping)}` : n.grouping.length ? `one result per distinct ${list(n.grouping)}` : 'into a single series without labels';
      const param = n.param ? ` with parameter ${printNode(n.param)}` : '';
      return `Aggregates with ${n.op}${param}, ${by}.`;
    }
    case 'binaryExpr': {
      const lt = valueType(n.lhs);
      const rt = valueType(n.rhs);
      const cmp = ['==', '!=', '>', '<', '>=', '<='].includes(n.op);
      const what = ['and', 'or', 'unless'].includes(n.op)
        ? `Set operation ${n.op}: ${n.op === 'and' ? 'keeps left series that have a match on the right' : n.op === 'or' ? 'all left series, plus right series without a match on the left' : 'keeps left series without a match on the right'}`
        : cmp && !n.bool
          ? `Comparison ${n.op}: keeps the series where it holds and drops the others`
          : `Applies ${n.op}${n.bool ? ' bool (1 if true, 0 if false)' : ''}`;
      if (lt !== 'vector' || rt !== 'vector') return `${what}, between ${lt} and ${rt}, element by element.`;
      const m = n.matching;
      const on = m && (m.on || m.labels.length) ? `${m.on ? 'on the labels' : 'ignoring the labels'} ${list(m.labels)}` : 'on all labels except the metric name';
      return `${what}. Matches ${CARD[m?.card ?? 'one-to-one']}, ${on}; series without a partner are dropped.`;
    }
    case 'call':
      return `Calls ${n.func.name}(), returning a ${n.func.returnType === 'matrix' ? 'range vector' : n.func.returnType}.`;
    case 'subquery':
      return `Evaluates the inner expression over the last ${n.rangeExpr ? printNode(n.rangeExpr) : formatDuration(n.range)} at ${n.step ? `every ${formatDuration(n.step)}` : 'the global evaluation interval'}, giving a range vector.`;
    case 'numberLiteral':
      return 'A number.';
    case 'stringLiteral':
      return 'A string.';
    case 'parenExpr':
      return 'Parentheses, for grouping.';
    case 'unaryExpr':
      return `Negates the values${n.op === '+' ? ' (unary + keeps them)' : ''}.`;
    case 'durationExpr':
      return 'A duration expression.';
  }
}

/** The labels a vector-to-vector match compares for one series. */
function matchKey(metric: Record<string, string>, on: boolean, labels: readonly string[]): string {
  const names = on ? labels.slice().sort() : Object.keys(metric).filter((k) => k !== '__name__' && !labels.includes(k)).sort();
  return names.map((k) => `${promqlLabelName(k)}=${goQuote(metric[k] ?? '')}`).join(', ');
}

/**
 * Why a vector-to-vector operation returned nothing although both sides have series: the
 * label sets it compares, side by side. Null when that is not the surprise at hand.
 */
export function explainEmptyMatch(n: AstNode, lhs: ReadonlyArray<Record<string, string>>, rhs: ReadonlyArray<Record<string, string>>, resultCount: number): string | null {
  if (n.type !== 'binaryExpr' || resultCount > 0 || lhs.length === 0 || rhs.length === 0) return null;
  if (valueType(n.lhs) !== 'vector' || valueType(n.rhs) !== 'vector') return null;
  if (n.op === 'or' || n.op === 'unless') return null;
  const m = n.matching;
  const on = m?.on ?? false;
  const labels = m?.labels ?? [];
  const left = new Set(lhs.map((s) => matchKey(s, on, labels)));
  const right = new Set(rhs.map((s) => matchKey(s, on, labels)));
  for (const k of left) if (right.has(k)) return null; // they did match: filtered by a comparison instead
  const how = on ? `on (${list(labels)})` : labels.length ? `ignoring (${list(labels)})` : 'on all labels except the metric name';
  const sample = (s: Set<string>) => `{${[...s][0] ?? ''}}`;
  return `No series matched: both sides have series, but matching ${how} finds no pair with equal labels. Left side, e.g. ${sample(left)}; right side, e.g. ${sample(right)}. Use on(…) or ignoring(…) to choose the labels to match on.`;
}
