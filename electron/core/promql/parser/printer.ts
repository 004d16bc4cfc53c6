/**
 * Canonical PromQL text for a tree, character for character what Prometheus's String()
 * prints (what /api/v1/format_query returns), and Prometheus's indented Pretty form.
 */

import type { AggregateExpr, BinaryExpr, DurationExpr, Expr, MatrixSelector, SubqueryExpr, VectorMatching, VectorSelector } from './ast.js';
import { aggregateHasParam, children } from './ast.js';
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

/** The text between a binary expression's operands: ` + `, ` > bool on (a) `, … */
function operatorText(b: BinaryExpr): string {
  return ' ' + b.op + (b.returnBool ? ' bool' : '') + matchingText(b.matching) + ' ';
}

/**
 * Binary trees (`a + b + c + …` is left-deep, `a ^ b ^ c …` right-deep) are walked with a stack of
 * their own, so that a chain of any length prints without recursing once per operator.
 */
function formatBinaryChain(top: BinaryExpr): string {
  const parts: string[] = [];
  const todo: (Expr | string)[] = [top];
  while (todo.length > 0) {
    const x = todo.pop()!;
    if (typeof x === 'string') parts.push(x);
    else if (x.kind === 'BinaryExpr') todo.push(x.rhs, operatorText(x), infBase(x) ? 'Inf' : x.lhs);
    else parts.push(formatExpr(x));
  }
  return parts.join('');
}

/**
 * Whether `b` is `Inf ^ …`. Printed as Prometheus prints +Inf, `+Inf ^ x` reads back as unary
 * plus over the whole power, `+(Inf ^ x)`, and gains a `+` with every round trip; plain `Inf`
 * reads back as the same literal.
 */
function infBase(b: BinaryExpr): boolean {
  return b.op === '^' && b.lhs.kind === 'NumberLiteral' && !b.lhs.duration && b.lhs.value === Infinity;
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

/** Thrown when the pretty-printed text would pass its cap. */
export class PrettyTooLarge extends Error {
  constructor(readonly maxChars: number) {
    super(`formatted query would exceed the limit of ${maxChars} characters`);
    this.name = 'PrettyTooLarge';
  }
}

/** Collects output and stops the printer once the cap is passed, before more is built. */
class Sink {
  private readonly parts: string[] = [];
  private n = 0;
  constructor(private readonly max: number) {}
  push(s: string): void {
    this.n += s.length;
    if (this.n > this.max) throw new PrettyTooLarge(this.max);
    this.parts.push(s);
  }
  /** A sink for a part built aside, which may use only what is left of this one's cap. */
  aside(): Sink {
    return new Sink(this.max - this.n);
  }
  text(): string {
    return this.parts.join('');
  }
}

function indent(level: number): string {
  return '  '.repeat(level);
}

/**
 * Prometheus's Prettify: one node per line, indented, once a line would exceed 100 characters.
 * The output of a long chain grows with the square of its length (each operand is indented one
 * level deeper), so it is built against `maxChars` (default: no cap) and refused past it.
 */
export function prettify(e: Expr, maxChars = Infinity): string {
  const out = new Sink(maxChars);
  pretty(e, 0, out, new Fits());
  return out.text();
}

/**
 * Whether a node's one-line text fits in MAX_LINE, remembered per node: a chain's operands are
 * asked about once each, where asking each level afresh would print the chain below it again.
 */
class Fits {
  private readonly len = new Map<Expr, number>();

  fits(e: Expr): boolean {
    return this.length(e) <= MAX_LINE;
  }

  /**
   * The one-line length, counted no further than just past MAX_LINE. A node's text holds each
   * child's, so a node with a child too long is too long without printing it: each node is
   * printed at most once, and only when its children are short. Post-order with a stack of its
   * own, so that long chains cost no recursion.
   */
  private length(top: Expr): number {
    const todo: Expr[] = [top];
    while (todo.length > 0) {
      const x = todo[todo.length - 1]!;
      if (this.len.has(x)) {
        todo.pop();
        continue;
      }
      const kids = children(x);
      const pending = kids.filter((k) => !this.len.has(k));
      if (pending.length > 0) {
        for (const k of pending) todo.push(k);
        continue;
      }
      let n: number;
      if (kids.some((k) => this.len.get(k)! > MAX_LINE)) n = MAX_LINE + 1;
      else if (x.kind === 'BinaryExpr') n = this.len.get(x.lhs)! + operatorText(x).length + this.len.get(x.rhs)!;
      else n = formatExpr(x).length;
      this.len.set(x, Math.min(n, MAX_LINE + 1));
      todo.pop();
    }
    return this.len.get(top)!;
  }
}

function pretty(top: Expr, topLevel: number, out: Sink, f: Fits): void {
  // Binary operands go on a stack of their own (see formatBinaryChain); other nodes recurse.
  const todo: ({ e: Expr; level: number } | string)[] = [{ e: top, level: topLevel }];
  while (todo.length > 0) {
    const x = todo.pop()!;
    if (typeof x === 'string') {
      out.push(x);
      continue;
    }
    const { e, level } = x;
    const ind = indent(level);
    switch (e.kind) {
      case 'AggregateExpr':
        if (f.fits(e)) out.push(ind + formatExpr(e));
        else {
          out.push(ind + aggregatePrefix(e) + '(\n');
          if (aggregateHasParam(e.op) && e.param) {
            pretty(e.param, level + 1, out, f);
            out.push(',\n');
          }
          pretty(e.expr, level + 1, out, f);
          out.push('\n' + ind + ')');
        }
        break;
      case 'BinaryExpr':
        if (f.fits(e)) out.push(ind + formatExpr(e));
        else
          todo.push(
            { e: e.rhs, level: level + 1 },
            '\n' + ind + e.op + (e.returnBool ? ' bool' : '') + matchingText(e.matching) + '\n',
            infBase(e) ? indent(level + 1) + 'Inf' : { e: e.lhs, level: level + 1 },
          );
        break;
      case 'Call':
        if (f.fits(e) || e.args.length === 0) out.push(ind + formatExpr(e));
        else {
          out.push(ind + e.func.name + '(\n');
          e.args.forEach((a, i) => {
            if (i > 0) out.push(',\n');
            pretty(a, level + 1, out, f);
          });
          out.push('\n' + ind + ')');
        }
        break;
      case 'ParenExpr':
        if (f.fits(e)) out.push(ind + formatExpr(e));
        else {
          out.push(ind + '(\n');
          pretty(e.expr, level + 1, out, f);
          out.push('\n' + ind + ')');
        }
        break;
      case 'StepInvariantExpr':
        todo.push({ e: e.expr, level });
        break;
      case 'SubqueryExpr':
        if (f.fits(e)) out.push(ind + formatExpr(e));
        else {
          todo.push(subquerySuffix(e));
          todo.push({ e: e.expr, level });
        }
        break;
      case 'UnaryExpr': {
        // The operand's own indentation is dropped: `-` goes where it would have started.
        const inner = out.aside();
        pretty(e.expr, level, inner, f);
        out.push(ind + e.op + inner.text().trim());
        break;
      }
      default:
        out.push(ind + formatExpr(e));
    }
  }
}
