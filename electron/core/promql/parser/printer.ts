/**
 * Canonical PromQL text for a tree, character for character what Prometheus's String()
 * prints (what /api/v1/format_query returns), and Prometheus's indented Pretty form.
 */

import type { AggregateExpr, BinaryExpr, DurationExpr, Expr, MatrixSelector, SubqueryExpr, VectorMatching, VectorSelector } from './ast.js';
import { aggregateHasParam } from './ast.js';
import { formatDuration } from './durations.js';
import { formatGoFloatF, formatGoFloatG } from '../../../../shared/text/float.js';
import { promqlLabelName } from '../../../../shared/text/names.js';
import { goQuote } from '../../../../shared/text/quote.js';
import type { Matcher } from '../../model/matcher.js';

/** Prometheus's Expr.String(): parseExpr(formatExpr(e)) prints the same again. */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'AggregateExpr':
      return aggregatePrefix(e) + '(' + (aggregateHasParam(e.op) && e.param ? formatExpr(e.param) + ', ' : '') + formatExpr(e.expr) + ')';
    case 'BinaryExpr':
      return formatBinaryChain(e);
    case 'Call':
      return e.func.name + '(' + e.args.map(formatExpr).join(', ') + ')';
    case 'DurationExpr':
      return formatDurationExpr(e);
    case 'MatrixSelector':
      return formatMatrix(e);
    case 'NumberLiteral':
      if (e.duration) return e.value < 0 ? '-' + secondsAsDuration(-e.value) : secondsAsDuration(e.value);
      return formatGoFloatF(e.value);
    case 'ParenExpr':
      return '(' + formatExpr(e.expr) + ')';
    case 'StepInvariantExpr':
      return formatExpr(e.expr);
    case 'StringLiteral':
      return goQuote(e.value);
    case 'SubqueryExpr':
      return formatExpr(e.expr) + subquerySuffix(e);
    case 'UnaryExpr':
      return e.op + formatExpr(e.expr);
    case 'VectorSelector':
      return formatSelector(e, true);
  }
}

/** Seconds to Prometheus's duration text, to the nearest ms (1001ms stays 1s1ms). */
function secondsAsDuration(sec: number): string {
  return formatDuration(Math.round(sec * 1000));
}

function msAsDuration(ms: number): string {
  return formatDuration(ms);
}

function labelList(labels: readonly string[]): string {
  let s = '';
  for (let i = 0; i < labels.length; i++) {
    if (i > 0) s += ', ';
    const l = labels[i]!;
    s += promqlLabelName(l);
  }
  return s;
}

function aggregatePrefix(e: AggregateExpr): string {
  if (e.without) return `${e.op} without (${labelList(e.grouping)}) `;
  if (e.grouping.length > 0) return `${e.op} by (${labelList(e.grouping)}) `;
  return e.op;
}

/** Left-deep chains (a + b + c + …) are printed without recursing down the left spine. */
function formatBinaryChain(top: BinaryExpr): string {
  const spine: BinaryExpr[] = [];
  let n: Expr = top;
  while (n.kind === 'BinaryExpr') {
    spine.push(n);
    n = n.lhs;
  }
  let s = formatExpr(n);
  for (let k = spine.length - 1; k >= 0; k--) {
    const b = spine[k]!;
    s += ' ' + b.op + (b.returnBool ? ' bool' : '') + matchingText(b.matching) + ' ' + formatExpr(b.rhs);
  }
  return s;
}

/** The ` on (…) group_left (…) fill (…)` part of a binary operator. */
export function matchingText(vm: VectorMatching | null): string {
  if (!vm) return '';
  let s = '';
  const grouped = vm.card === 'many-to-one' || vm.card === 'one-to-many';
  if (vm.matchingLabels.length > 0 || vm.on || grouped) {
    s += ` ${vm.on ? 'on' : 'ignoring'} (${labelList(vm.matchingLabels)})`;
  }
  if (grouped) s += ` group_${vm.card === 'many-to-one' ? 'left' : 'right'} (${labelList(vm.include)})`;
  const { lhs, rhs } = vm.fillValues;
  if (lhs !== null && rhs !== null && Object.is(lhs, rhs)) s += ` fill (${formatGoFloatG(lhs)})`;
  else {
    if (lhs !== null) s += ` fill_left (${formatGoFloatG(lhs)})`;
    if (rhs !== null) s += ` fill_right (${formatGoFloatG(rhs)})`;
  }
  return s;
}

function formatDurationExpr(e: DurationExpr): string {
  let s: string;
  switch (e.op) {
    case 'step':
      s = 'step()';
      break;
    case 'range':
      s = 'range()';
      break;
    case 'min':
    case 'max':
      s = `${e.op}_of(${formatExpr(e.lhs!)}, ${formatExpr(e.rhs!)})`;
      break;
    default:
      if (e.lhs === null) s = (e.op === '-' ? '-' : '') + formatExpr(e.rhs!);
      else s = formatExpr(e.lhs) + ' ' + e.op + ' ' + formatExpr(e.rhs!);
  }
  return e.wrapped ? '(' + s + ')' : s;
}

function matcherText(m: Matcher): string {
  return promqlLabelName(m.name) + m.type + goQuote(m.value);
}

function atText(timestampMs: number | null, startOrEnd: 'start' | 'end' | null): string {
  if (timestampMs !== null) return ' @ ' + (timestampMs / 1000).toFixed(3);
  if (startOrEnd !== null) return ` @ ${startOrEnd}()`;
  return '';
}

function offsetText(offsetMs: number, offsetExpr: DurationExpr | null): string {
  if (offsetExpr) return ' offset ' + formatDurationExpr(offsetExpr);
  if (offsetMs > 0) return ' offset ' + msAsDuration(offsetMs);
  if (offsetMs < 0) return ' offset -' + msAsDuration(-offsetMs);
  return '';
}

function formatSelector(e: VectorSelector, withModifiers: boolean): string {
  const parts: string[] = [];
  for (const m of e.matchers) {
    // The matcher a name outside the braces implies is printed as that name.
    if (m.name === '__name__' && m.type === '=' && m.value === e.name && m.value !== '') continue;
    parts.push(matcherText(m));
  }
  let s = e.name;
  if (parts.length > 0) {
    parts.sort(compareUtf8);
    s += '{' + parts.join(',') + '}';
  }
  if (!withModifiers) return s;
  s += atText(e.timestampMs, e.startOrEnd);
  if (e.anchored) s += ' anchored';
  else if (e.smoothed) s += ' smoothed';
  return s + offsetText(e.offsetMs, e.offsetExpr);
}

function formatMatrix(e: MatrixSelector): string {
  const vs = e.vectorSelector;
  const range = e.rangeExpr ? formatDurationExpr(e.rangeExpr) : msAsDuration(e.rangeMs);
  let s = formatSelector(vs, false) + '[' + range + ']';
  if (vs.anchored) s += ' anchored';
  else if (vs.smoothed) s += ' smoothed';
  return s + atText(vs.timestampMs, vs.startOrEnd) + offsetText(vs.offsetMs, vs.offsetExpr);
}

function subquerySuffix(e: SubqueryExpr): string {
  const range = e.rangeExpr ? formatDurationExpr(e.rangeExpr) : msAsDuration(e.rangeMs);
  const step = e.stepExpr ? formatDurationExpr(e.stepExpr) : e.stepMs !== 0 ? msAsDuration(e.stepMs) : '';
  return '[' + range + ':' + step + ']' + atText(e.timestampMs, e.startOrEnd) + offsetText(e.offsetMs, e.offsetExpr);
}

/** Go's sort.Strings order (bytewise UTF-8), which differs from UTF-16 order only above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const hx = x >= 0xd800 && x <= 0xdfff;
      const hy = y >= 0xd800 && y <= 0xdfff;
      // Surrogates (astral code points) sort after every BMP code point in UTF-8.
      if (hx !== hy) return hx ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

// ---- Pretty ---------------------------------------------------------------------------

const MAX_LINE = 100;

function indent(level: number): string {
  return '  '.repeat(level);
}

function fits(e: Expr): boolean {
  return formatExpr(e).length <= MAX_LINE;
}

/** Prometheus's Prettify: one node per line, indented, once a line would exceed 100 characters. */
export function prettify(e: Expr): string {
  return pretty(e, 0);
}

function pretty(e: Expr, level: number): string {
  const ind = indent(level);
  switch (e.kind) {
    case 'AggregateExpr': {
      if (fits(e)) return ind + formatExpr(e);
      let s = ind + aggregatePrefix(e) + '(\n';
      if (aggregateHasParam(e.op) && e.param) s += pretty(e.param, level + 1) + ',\n';
      return s + pretty(e.expr, level + 1) + '\n' + ind + ')';
    }
    case 'BinaryExpr':
      if (fits(e)) return ind + formatExpr(e);
      return (
        pretty(e.lhs, level + 1) +
        '\n' +
        ind +
        e.op +
        (e.returnBool ? ' bool' : '') +
        matchingText(e.matching) +
        '\n' +
        pretty(e.rhs, level + 1)
      );
    case 'Call':
      if (fits(e) || e.args.length === 0) return ind + formatExpr(e);
      return ind + e.func.name + '(\n' + e.args.map((a) => pretty(a, level + 1)).join(',\n') + '\n' + ind + ')';
    case 'ParenExpr':
      if (fits(e)) return ind + formatExpr(e);
      return ind + '(\n' + pretty(e.expr, level + 1) + '\n' + ind + ')';
    case 'StepInvariantExpr':
      return pretty(e.expr, level);
    case 'SubqueryExpr':
      if (fits(e)) return ind + formatExpr(e);
      return pretty(e.expr, level) + subquerySuffix(e);
    case 'UnaryExpr':
      return ind + e.op + pretty(e.expr, level).trim();
    default:
      return ind + formatExpr(e);
  }
}
