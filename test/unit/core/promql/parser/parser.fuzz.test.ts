/**
 * Property-based fuzzing of the PromQL parser: arbitrary strings, strings of PromQL's own
 * alphabet, type-shaped expressions generated from the grammar (and from the function table),
 * and mutations of those. The parser must return a tree or throw ParseError, never another
 * exception (RangeError, TypeError, …), within a bounded time; whatever parses must print to
 * text that parses and prints to the same text again (the printer's round trip). The
 * selector and series-description parsers get the same inputs and the same first property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FUNCTIONS,
  ParseError,
  formatExpr,
  parseExpr,
  parseMetricSelector,
  parseSeriesDesc,
} from '../../../../../electron/core/promql/parser/index.js';
import { fuzzRuns, fuzzSeed, fuzzTimeoutMs } from '../../../../fuzzSettings.js';

const RUNS = fuzzRuns(3000);
const SEED = fuzzSeed(1515);
/** Inputs are at most a few KB; a parse taking longer than this is looping or backtracking. */
const MAX_MS_PER_INPUT = 500;
const TIMEOUT_MS = fuzzTimeoutMs(RUNS, 2);

/** Runs `f`, turning anything but a ParseError into a test failure that names the input. */
function parseOrNull<T>(what: string, f: (q: string) => T, q: string): T | null {
  try {
    return f(q);
  } catch (e) {
    if (e instanceof ParseError) {
      if (!/^(\d+:\d+|unknown position): parse error: /.test(e.message)) throw new Error(`${what}: malformed ParseError message ${JSON.stringify(e.message)} for ${JSON.stringify(q)}`);
      return null;
    }
    throw new Error(`${what}: ${e instanceof Error ? e.name : typeof e} escaped for ${JSON.stringify(q)}: ${String(e)}`);
  }
}

/** The properties every input must keep; returns whether parseExpr accepted it. */
function check(q: string): boolean {
  const t0 = performance.now();
  const tree = parseOrNull('parseExpr', parseExpr, q);
  parseOrNull('parseMetricSelector', parseMetricSelector, q);
  parseOrNull('parseSeriesDesc', parseSeriesDesc, q);
  let printed: string | null = null;
  if (tree !== null) {
    printed = formatExpr(tree);
    const again = parseOrNull('parseExpr of printed text', parseExpr, printed);
    if (again === null) throw new Error(`${JSON.stringify(q)} printed as ${JSON.stringify(printed)}, which does not parse`);
    expect(formatExpr(again), `print → parse → print of ${JSON.stringify(q)}`).toBe(printed);
  }
  const ms = performance.now() - t0;
  if (ms > MAX_MS_PER_INPUT) throw new Error(`${ms.toFixed(0)} ms for ${q.length} characters: ${JSON.stringify(q.slice(0, 300))}`);
  return tree !== null;
}

// ---- Grammar-shaped generation, by value type so that most inputs get past the type checker.

const metricName = fc.constantFrom('up', 'http_requests_total', 'foo:bar', 'h_bucket', 'sum', 'by', 'offset', 'inf', 'nan', 'fill', 'x');
const labelName = fc.constantFrom('job', 'le', 'instance', '__name__', 'on', 'bool', 'a_b', '"dotted.name"', '"é"');
const stringLit = fc.oneof(
  fc.constantFrom('""', '"a"', "'b'", '`c\\d`', '"\\n\\t\\\\\\""', '"\\u00e9\\x41\\101"', "'\"'", '"(.*)"', '"$1"'),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
);
const matcher = fc.tuple(labelName, fc.constantFrom('=', '!=', '=~', '!~'), stringLit).map(([n, op, v]) => `${n}${op}${v}`);
const selector = fc.oneof(
  metricName,
  fc.tuple(fc.option(metricName, { nil: '' }), fc.array(matcher, { minLength: 1, maxLength: 3 }), fc.boolean()).map(
    ([n, ms, comma]) => `${n}{${ms.join(', ')}${comma ? ',' : ''}}`,
  ),
  fc.tuple(stringLit, fc.array(matcher, { maxLength: 2 })).map(([n, ms]) => `{${[n, ...ms].join(',')}}`),
);
const number = fc.oneof(
  fc.constantFrom('1', '0', '-1', '1.5', '.5', '1e3', '1E-3', '0x1F', '0X0', 'Inf', '+Inf', '-inf', 'NaN', 'nan', '1_000', '0.000_1', '007', '1e400'),
  fc.double({ noNaN: true }).map((d) => String(d)),
  fc.nat().map(String),
);
const duration = fc.oneof(
  fc.constantFrom('5m', '1h30m', '10s', '1ms', '2d', '1w', '1y', '0s', '90s', '1m1s1ms', '300'),
  fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w', 'y')).map(([n, u]) => `${n}${u}`),
);
const durationExpr = fc.oneof(
  { weight: 4, arbitrary: duration },
  fc.constantFrom('step()', 'range()', '(2m*(10+5))', '(1h - step())', 'min_of(step(), 1s)', '-5m', '(5m)'),
);
const modifiers = fc.tuple(fc.option(durationExpr, { nil: undefined }), fc.option(fc.constantFrom('100', '1603774568.5', 'start()', 'end()', '-1'), { nil: undefined }), fc.boolean()).map(
  ([off, at, atFirst]) => {
    const o = off === undefined ? '' : ` offset ${off}`;
    const a = at === undefined ? '' : ` @ ${at}`;
    return atFirst ? a + o : o + a;
  },
);
const grouping = fc.array(fc.constantFrom('job', 'le', 'instance', '"x.y"', 'on'), { maxLength: 3 }).map((ls) => `(${ls.join(', ')})`);
const binOps = ['+', '-', '*', '/', '%', '^', 'atan2', '==', '!=', '>', '<', '>=', '<=', 'and', 'or', 'unless'] as const;
const vectorMatching = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  fc.tuple(fc.constantFrom('on', 'ignoring'), grouping).map(([k, g]) => ` ${k}${g}`),
  fc.tuple(fc.constantFrom('on', 'ignoring'), grouping, fc.constantFrom('group_left', 'group_right'), fc.option(grouping, { nil: '' })).map(
    ([k, g, side, inc]) => ` ${k}${g} ${side}${inc}`,
  ),
  fc.constantFrom(' fill(0)', ' fill_left(1) fill_right(-Inf)', ' on() fill(NaN)'),
);
const aggOps = ['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar'] as const;
const paramAggOps = ['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio'] as const;

const FUNCTION_LIST = Object.values(FUNCTIONS);

interface Typed {
  scalar: string;
  vector: string;
  matrix: string;
  string: string;
}

const expr = fc.letrec<Typed>((tie) => {
  const sub = <K extends keyof Typed>(k: K): fc.Arbitrary<string> => tie(k) as fc.Arbitrary<string>;
  const any = fc.oneof({ depthSize: 'small' }, sub('scalar'), sub('vector'));
  const call = (ret: 'scalar' | 'vector') =>
    fc
      .constantFrom(...FUNCTION_LIST.filter((f) => f.returnType === ret))
      .chain((f) => {
        const extra = f.variadic === 0 ? 0 : f.variadic < 0 ? 2 : f.variadic;
        return fc.integer({ min: 0, max: extra }).chain((n) => {
          const types = [...f.argTypes.slice(0, Math.max(0, f.argTypes.length - 1))];
          const last = f.argTypes[f.argTypes.length - 1];
          // variadic: argTypes.length - 1 + n arguments of which the trailing ones repeat the last type.
          const count = f.variadic === 0 ? f.argTypes.length : f.argTypes.length - 1 + n;
          while (types.length < count && last !== undefined) types.push(last);
          const args = types.slice(0, count).map((t) => sub(t as keyof Typed));
          return args.length === 0 ? fc.constant(`${f.name}()`) : fc.tuple(...args).map((a) => `${f.name}(${a.join(', ')})`);
        });
      });
  return {
    string: stringLit,
    scalar: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      number,
      fc.tuple(sub('scalar'), fc.constantFrom(...binOps.filter((o) => o !== 'and' && o !== 'or' && o !== 'unless')), fc.constantFrom('', ' bool'), sub('scalar')).map(
        ([l, op, b, r]) => (b && /[=<>]/.test(op) ? `${l} ${op}${b} ${r}` : `${l} ${op} ${r}`),
      ),
      sub('scalar').map((s) => `(${s})`),
      sub('scalar').map((s) => `-${s}`),
      call('scalar'),
    ),
    vector: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(selector, modifiers).map(([s, m]) => s + m),
      fc.tuple(sub('vector'), fc.constantFrom(...binOps), fc.constantFrom('', ' bool'), vectorMatching, any).map(
        ([l, op, b, vm, r]) => `${l} ${op}${b && /[=<>]/.test(op) ? b : ''}${vm} ${r}`,
      ),
      fc.tuple(sub('scalar'), fc.constantFrom('+', '*', '>', '^'), sub('vector')).map(([l, op, r]) => `${l} ${op} ${r}`),
      fc.tuple(fc.constantFrom(...aggOps), fc.option(fc.tuple(fc.constantFrom('by', 'without'), grouping), { nil: undefined }), fc.boolean(), sub('vector')).map(
        ([op, g, before, v]) => {
          const gs = g === undefined ? '' : ` ${g[0]} ${g[1]}`;
          return before ? `${op}${gs} (${v})` : `${op}(${v})${gs}`;
        },
      ),
      fc.tuple(fc.constantFrom(...paramAggOps), sub('scalar'), sub('vector')).map(([op, p, v]) => `${op}(${p}, ${v})`),
      fc.tuple(stringLit, sub('vector')).map(([s, v]) => `count_values(${s}, ${v})`),
      sub('vector').map((v) => `(${v})`),
      sub('vector').map((v) => `-${v}`),
      call('vector'),
    ),
    matrix: fc.oneof(
      { depthSize: 'small' },
      fc.tuple(selector, durationExpr, fc.constantFrom('', ' anchored', ' smoothed'), modifiers).map(([s, d, x, m]) => `${s}[${d}]${x}${m}`),
      fc.tuple(sub('vector'), durationExpr, fc.option(durationExpr, { nil: '' }), modifiers).map(([v, r, st, m]) => `(${v})[${r}:${st}]${m}`),
    ),
  };
});

const generated = fc.oneof(expr.vector, expr.scalar, expr.matrix, expr.string);

/** Characters PromQL's lexer treats specially, for strings that reach past the first token. */
const ALPHABET = ' (){}[],:;=!~<>+-*/%^@"\'`#.\\0123456789_eExXabcdsmhwyINFnaOoSUMBYWITHOUTfilstepgroup_left\n\t\u00e9\u2028\ud800';
const alphabetString = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 120 }).map((a) => a.join(''));

type Edit = { at: number; kind: 0 | 1 | 2 | 3; ch: string; len: number };
const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom(0, 1, 2, 3),
  ch: fc.constantFrom(...ALPHABET, ' offset ', ' by ', ' bool ', '[5m]', '[1m:]', ' @ ', 'sum(', ' or ', ' on() group_left '),
  len: fc.integer({ min: 1, max: 12 }),
});
const mutated = fc.tuple(generated, fc.array(editArb, { minLength: 1, maxLength: 4 })).map(([q, edits]) => {
  for (const e of edits) {
    const at = e.at % (q.length + 1);
    if (e.kind === 0) q = q.slice(0, at) + q.slice(at + e.len);
    else if (e.kind === 1) q = q.slice(0, at) + e.ch + q.slice(at);
    else if (e.kind === 2) q = q.slice(0, at) + q.slice((at * 7) % (q.length + 1), ((at * 7) % (q.length + 1)) + e.len) + q.slice(at);
    else q = q.slice(0, at);
  }
  return q;
});

describe('PromQL parser under fuzzing', () => {
  it(`grammar-shaped expressions: only ParseError, bounded time, print → parse → print is a fixed point (${RUNS} runs, seed ${SEED})`, { timeout: TIMEOUT_MS }, () => {
    let accepted = 0;
    fc.assert(
      fc.property(generated, (q) => {
        if (check(q)) accepted++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generator is meant to produce mostly valid queries; if it stops, the round trip goes untested.
    expect(accepted).toBeGreaterThan(RUNS * 0.5);
  });

  it(`mutated expressions (${RUNS} runs, seed ${SEED})`, { timeout: TIMEOUT_MS }, () => {
    fc.assert(fc.property(mutated, (q) => void check(q)), { seed: SEED + 1, numRuns: RUNS });
  });

  it(`arbitrary strings and strings of PromQL's alphabet (${RUNS} runs, seed ${SEED})`, { timeout: TIMEOUT_MS }, () => {
    const arbitrary = fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.string({ maxLength: 200 }), alphabetString);
    fc.assert(fc.property(arbitrary, (q) => void check(q)), { seed: SEED + 2, numRuns: RUNS });
  });
});
