/**
 * Runs PromQL test files against a store (in memory by default; the TSDB through its
 * adapter), with the checks of Prometheus's
 * promqltest: results, order where asked, expected failures and annotations, the @-variants
 * of instant queries and their agreement with range evaluation. Cases that read native
 * histograms are skipped (the store holds floats only; native histograms have their own
 * issue); other skips come only from the skip list, each with its reason.
 */

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Labels, LabelsBuilder, METRIC_NAME, compareLabels } from '../../model/labels.js';
import type { Queryable } from '../../storage/interface.js';
import { Engine } from '../engine.js';
import type { Expr } from '../parser/ast.js';
import { walk } from '../parser/ast.js';
import { parseExpr } from '../parser/index.js';
import { AT_MODIFIER_UNSAFE } from '../eval/plan.js';
import { QueryError, type QueryResult, type Value } from '../value.js';
import { readTestFile, isFail, isOrdered, type Command, type EvalCmd, type LoadCmd } from './reader.js';
import { SKIP_LIST, type SkipList } from './skip-list.js';
import { StartTimes } from './startTimes.js';
import { memoryTestStore, type TestStore, type TestStoreFactory } from './store.js';

export interface FileCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface PromqlTestSummary extends FileCounts {
  perFile: Record<string, FileCounts>;
  /** Every failing case as `file:line`, for tests and tooling. */
  failures: string[];
  /** Cases the skip list skipped, as `file:line`. */
  listedSkips: string[];
  /** Skip-listed cases that pass by now. */
  passingSkips: string[];
}

export interface RunOptions {
  skipList?: SkipList;
  out?: (line: string) => void;
  /** Also print every skipped case with its reason. */
  verbose?: boolean;
  /** Where the test data goes; default in memory. */
  store?: TestStoreFactory;
}

const EPSILON = 0.000001;
const MIN_NORMAL = 2.2250738585072014e-308;

/** Prometheus's almost.Equal: relative tolerance, NaN equals NaN. */
export function almostEqual(a: number, b: number, eps = EPSILON): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < eps * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < eps;
}

class CaseFailure extends Error {}

/** Labels of the series that carry native histogram samples (they are not loaded). */
function histogramSeriesOf(cmd: LoadCmd): Labels[] {
  const out: Labels[] = [];
  for (const s of cmd.series) if (s.histogram) out.push(s.labels);
  if (cmd.withNHCB) {
    // load_with_nhcb also stores classic histograms as native histograms with custom buckets.
    for (const s of cmd.series) {
      const name = s.labels.get(METRIC_NAME);
      const m = /^(.*)_(bucket|count|sum)$/.exec(name);
      if (!m) continue;
      const b = new LabelsBuilder(s.labels);
      b.set(METRIC_NAME, m[1]!);
      b.del('le');
      out.push(b.labels());
    }
  }
  return out;
}

function loadInto(st: TestStore, starts: StartTimes, cmd: LoadCmd): void {
  // Later lines for the same series replace earlier ones within one load command.
  const bySeries = new Map<string, LoadCmd['series'][number]>();
  for (const s of cmd.series) bySeries.set(s.labels.key, s);
  const app = st.appender();
  try {
    for (const s of bySeries.values()) {
      let ref = 0;
      const offsets = s.startOffsets ?? (cmd.defaultStartOffsets && cmd.defaultStartOffsets.length > 0 ? cmd.defaultStartOffsets : null);
      s.values.forEach((v, i) => {
        const t = i * cmd.stepMs;
        if (v.omitted) return;
        if (offsets) {
          const o = s.startOffsets ? offsets[i] : offsets[i % offsets.length];
          if (o !== undefined && o !== null) starts.set(s.labels, t, t + o);
        }
        if (v.stale) ref = app.appendStale(ref, s.labels, t);
        else ref = app.append(ref, s.labels, t, v.value);
      });
    }
    app.commit();
  } catch (e) {
    app.rollback();
    throw e;
  }
}

/** Whether any selector of the query can select a series with native histogram samples. */
function readsHistograms(expr: Expr, hist: Labels[]): boolean {
  if (hist.length === 0) return false;
  let found = false;
  walk(expr, (n) => {
    if (found || n.kind !== 'VectorSelector') return;
    for (const h of hist) {
      if (n.matchers.every((m) => m.matches(h.get(m.name)))) {
        found = true;
        return;
      }
    }
  });
  return found;
}

/** A copy of the tree with `@ t` on every selector and subquery that has none (promqltest's @-variants). */
function withAt(e: Expr, t: number): Expr {
  const rec = (n: Expr, underAt: boolean): Expr => {
    switch (n.kind) {
      case 'VectorSelector':
        return underAt || n.timestampMs !== null || n.startOrEnd ? n : { ...n, timestampMs: t };
      case 'MatrixSelector':
        return { ...n, vectorSelector: rec(n.vectorSelector, underAt) as typeof n.vectorSelector };
      case 'SubqueryExpr': {
        // The subquery gets the @ first, so nothing below it is changed (as in promqltest).
        const has = n.timestampMs !== null || n.startOrEnd !== null;
        return underAt || has ? n : { ...n, timestampMs: t };
      }
      case 'Call':
        return { ...n, args: n.args.map((a) => rec(a, underAt)) };
      case 'AggregateExpr':
        return { ...n, expr: rec(n.expr, underAt), param: n.param ? rec(n.param, underAt) : null };
      case 'BinaryExpr':
        return { ...n, lhs: rec(n.lhs, underAt), rhs: rec(n.rhs, underAt) };
      case 'ParenExpr':
      case 'UnaryExpr':
      case 'StepInvariantExpr':
        return { ...n, expr: rec(n.expr, underAt) } as Expr;
      default:
        return n;
    }
  };
  return rec(e, false);
}

function atVariants(expr: Expr, evalTime: number): { expr: Expr; time: number }[] {
  let unsafe = false;
  walk(expr, (n) => {
    if (n.kind === 'Call' && AT_MODIFIER_UNSAFE.has(n.func.name)) unsafe = true;
  });
  if (unsafe) return [];
  const e = withAt(expr, evalTime);
  const times = evalTime === 0 ? [-1000, 0, 1000] : [-10 * evalTime, 0, Math.trunc(evalTime / 5), evalTime, 10 * evalTime];
  return times.map((time) => ({ expr: e, time }));
}

function fmtValue(v: Value): string {
  switch (v.type) {
    case 'scalar':
      return `scalar ${v.v}`;
    case 'string':
      return `string ${JSON.stringify(v.v)}`;
    case 'vector':
      return v.samples.length === 0 ? '(empty vector)' : v.samples.map((s) => `${s.labels.toString()} ${s.v}`).join('\n      ');
    case 'matrix':
      return v.series.length === 0
        ? '(empty matrix)'
        : v.series.map((s) => `${s.labels.toString()} ${Array.from(s.v.subarray(0, s.length), (x, i) => `${x}@${s.t[i]! / 1000}`).join(' ')}`).join('\n      ');
  }
}

function fmtExpected(c: EvalCmd): string {
  if (c.expectScalar) return `scalar ${c.scalar}`;
  if (c.expectedString !== null) return `string ${JSON.stringify(c.expectedString)}`;
  if (c.expected.length === 0) return '(empty)';
  return c.expected
    .map((e) => `${e.labels.toString()} ${e.values.map((v) => (v.omitted ? '_' : v.stale ? 'stale' : String(v.value))).join(' ')}`)
    .join('\n      ');
}

function checkAnnotations(c: EvalCmd, res: QueryResult): void {
  const warns = res.annotations.warnings;
  const infos = res.annotations.infos;
  if (c.warn && warns.length === 0) throw new CaseFailure('expected warnings but got none');
  if (c.info && infos.length === 0) throw new CaseFailure('expected info annotations but got none');
  const match = (e: { message: string | null; regex: RegExp | null }, s: string): boolean =>
    e.regex ? e.regex.test(s) : e.message === s;
  for (const [kind, actual] of [
    ['warn', warns],
    ['info', infos],
  ] as const) {
    const exp = c.expectations.filter((e) => e.kind === kind);
    if (exp.length === 0) continue;
    if (actual.length === 0) throw new CaseFailure(`expected ${kind} annotations but none were found`);
    for (const e of exp) {
      if (!actual.some((a) => match(e, a))) {
        throw new CaseFailure(`expected ${kind} annotation matching ${e.message ?? e.regex!.source} but found: ${JSON.stringify(actual)}`);
      }
    }
    for (const a of actual) {
      if (!exp.some((e) => match(e, a))) throw new CaseFailure(`unexpected ${kind} annotation ${JSON.stringify(a)}`);
    }
  }
  if (c.expectations.some((e) => e.kind === 'no_warn') && warns.length > 0) {
    throw new CaseFailure(`unexpected warning annotations: ${JSON.stringify(warns)}`);
  }
  if (c.expectations.some((e) => e.kind === 'no_info') && infos.length > 0) {
    throw new CaseFailure(`unexpected info annotations: ${JSON.stringify(infos)}`);
  }
}

function compareResult(c: EvalCmd, v: Value, start: number, step: number, end: number): void {
  const expected = new Map(c.expected.map((e) => [e.labels.key, e]));
  switch (v.type) {
    case 'matrix': {
      if (isOrdered(c)) throw new CaseFailure('expected ordered result, but query returned a matrix');
      if (c.expectScalar) throw new CaseFailure('expected scalar result, but got matrix');
      for (let i = 1; i < v.series.length; i++) {
        if (compareLabels(v.series[i - 1]!.labels, v.series[i]!.labels) > 0) throw new CaseFailure('matrix results should always be sorted by labels');
      }
      const seen = new Set<string>();
      for (const s of v.series) {
        const e = expected.get(s.labels.key);
        if (!e) throw new CaseFailure(`unexpected metric ${s.labels.toString()} in result`);
        seen.add(s.labels.key);
        const pts: [number, number][] = [];
        e.values.forEach((x, i) => {
          const t = start + i * step;
          if (t > end) throw new CaseFailure(`expected ${e.values.length} points for ${e.labels.toString()}, but the time range cannot hold them`);
          if (!x.omitted) pts.push([t, x.value]);
        });
        if (pts.length !== s.length) throw new CaseFailure(`expected ${pts.length} points for ${s.labels.toString()}, got ${s.length}`);
        for (let i = 0; i < pts.length; i++) {
          if (pts[i]![0] !== s.t[i]) throw new CaseFailure(`expected timestamp ${pts[i]![0]} at index ${i} for ${s.labels.toString()}, got ${s.t[i]}`);
          if (!almostEqual(pts[i]![1], s.v[i]!)) {
            throw new CaseFailure(`expected ${pts[i]![1]} at t=${s.t[i]! / 1000}s for ${s.labels.toString()}, got ${s.v[i]}`);
          }
        }
      }
      for (const e of c.expected) if (!seen.has(e.labels.key)) throw new CaseFailure(`expected metric ${e.labels.toString()} not found`);
      return;
    }
    case 'vector': {
      if (c.expectScalar) throw new CaseFailure('expected scalar result, but got vector');
      const seen = new Set<string>();
      const ordered = isOrdered(c);
      v.samples.forEach((s, pos) => {
        const e = expected.get(s.labels.key);
        if (!e) throw new CaseFailure(`unexpected metric ${s.labels.toString()} in result, has value ${s.v}`);
        if (ordered && e.pos !== pos + 1) throw new CaseFailure(`expected metric ${s.labels.toString()} at position ${e.pos} but was at ${pos + 1}`);
        const x = e.values[0]!;
        if (!almostEqual(x.value, s.v)) throw new CaseFailure(`expected ${x.value} for ${s.labels.toString()} but got ${s.v}`);
        seen.add(s.labels.key);
      });
      for (const e of c.expected) if (!seen.has(e.labels.key)) throw new CaseFailure(`expected metric ${e.labels.toString()} not found`);
      return;
    }
    case 'scalar':
      if (!c.expectScalar) throw new CaseFailure(`expected vector or matrix result, but got scalar ${v.v}`);
      if (!almostEqual(c.scalar, v.v)) throw new CaseFailure(`expected scalar ${c.scalar} but got ${v.v}`);
      return;
    case 'string':
      if (c.expectedString !== v.v) throw new CaseFailure(`expected string "${c.expectedString}" but got "${v.v}"`);
      return;
  }
}

function checkFailure(c: EvalCmd, err: QueryError): void {
  const msg = err.message;
  if (c.expectedFailMessage !== null && c.expectedFailMessage !== msg) throw new CaseFailure(`expected error ${JSON.stringify(c.expectedFailMessage)}, got: ${msg}`);
  if (c.expectedFailRegexp && !c.expectedFailRegexp.test(msg)) throw new CaseFailure(`expected error matching ${c.expectedFailRegexp.source}, got: ${msg}`);
  const f = c.expectations.find((e) => e.kind === 'fail');
  if (f && !(f.regex ? f.regex.test(msg) : f.message === msg)) throw new CaseFailure(`expected error matching ${f.message ?? f.regex!.source}, got: ${msg}`);
}

/** Runs one query; an error is either the expected failure (returns null) or a case failure. */
function run(c: EvalCmd, fn: () => QueryResult): QueryResult | null {
  let res: QueryResult;
  try {
    res = fn();
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    if (isFail(c)) {
      checkFailure(c, e);
      return null;
    }
    throw new CaseFailure(`error evaluating query: ${e.message}`);
  }
  if (isFail(c)) throw new CaseFailure('expected error evaluating query but got none');
  checkAnnotations(c, res);
  return res;
}

function execEval(engine: Engine, st: Queryable, c: EvalCmd, expr: Expr): void {
  if (c.isRange) {
    const res = run(c, () => engine.rangeQuery(st, c.expr, c.startMs, c.endMs, c.stepMs));
    if (res) compareResult(c, res.value, c.startMs, c.stepMs, c.endMs);
    return;
  }
  const variants = [{ expr, time: c.startMs, text: c.expr }, ...atVariants(expr, c.startMs).map((v) => ({ ...v, text: null }))];
  for (const q of variants) {
    try {
      runVariant(engine, st, c, q);
    } catch (e) {
      if (e instanceof CaseFailure && q.text === null) throw new CaseFailure(`${e.message} (with @ ${c.startMs / 1000}, evaluated at ${q.time / 1000}s)`);
      throw e;
    }
  }
}

function runVariant(engine: Engine, st: Queryable, c: EvalCmd, q: { expr: Expr; time: number; text: string | null }): void {
  {
    const res = run(c, () => (q.text !== null ? engine.instantQuery(st, q.text, q.time) : engine.instantQueryExpr(st, q.expr, c.expr, q.time)));
    if (!res) return;
    const rv = c.rangeVector;
    compareResult(c, res.value, rv ? rv.startMs : c.startMs, rv ? rv.stepMs : 0, rv ? rv.endMs : c.startMs);
    if (c.excludeFromRangeQuery || /(start|end|range|step)\(\)/.test(c.expr)) return;
    let rr: QueryResult;
    try {
      rr =
        q.text !== null
          ? engine.rangeQuery(st, q.text, q.time - 60_000, q.time + 60_000, 60_000)
          : engine.rangeQueryExpr(st, q.expr, c.expr, q.time - 60_000, q.time + 60_000, 60_000);
    } catch (e) {
      throw new CaseFailure(`error evaluating query in range mode: ${(e as Error).message}`);
    }
    if (isOrdered(c)) return;
    if (rr.value.type !== 'matrix') throw new CaseFailure('range mode did not return a matrix');
    const samples = [];
    for (const s of rr.value.series) {
      for (let i = 0; i < s.length; i++) if (s.t[i] === q.time) samples.push({ labels: s.labels, t: q.time, v: s.v[i]! });
    }
    const asValue: Value = res.value.type === 'scalar' ? { type: 'scalar', t: q.time, v: samples[0]?.v ?? NaN } : { type: 'vector', samples };
    try {
      compareResult({ ...c, ordered: false, expectations: c.expectations.filter((e) => e.kind !== 'ordered') }, asValue, c.startMs, 0, c.startMs);
    } catch (e) {
      throw new CaseFailure(`range mode: ${(e as Error).message}`);
    }
  }
}

/** The store of the current section of a file: `clear` replaces it with an empty one. */
class StoreSlot {
  private current: TestStore | null = null;
  starts = new StartTimes();

  constructor(private readonly factory: TestStoreFactory) {}

  get store(): TestStore {
    return (this.current ??= this.factory.create());
  }

  /** What evals read: the loads so far, with their recorded start times. */
  queryable(): Queryable {
    return this.starts.wrap(this.store.queryable());
  }

  clear(): void {
    this.close();
    this.starts = new StartTimes();
  }

  close(): void {
    const s = this.current;
    this.current = null;
    s?.close();
  }
}

/** What every file of one run shares. */
interface RunContext {
  engine: Engine;
  skipList: SkipList;
  summary: PromqlTestSummary;
  verbose: boolean;
  out: (line: string) => void;
}

function runCommands(ctx: RunContext, name: string, cmds: Command[], slot: StoreSlot, counts: FileCounts): void {
  const { engine, skipList, summary, verbose, out } = ctx;
  let hist: Labels[] = [];
  let loadError: string | null = null;
  for (const cmd of cmds) {
    if (cmd.kind === 'clear') {
      slot.clear();
      hist = [];
      loadError = null;
      continue;
    }
    if (cmd.kind === 'load') {
      hist.push(...histogramSeriesOf(cmd));
      try {
        loadInto(slot.store, slot.starts, cmd);
      } catch (e) {
        loadError = `${name}:${cmd.line}: load failed: ${(e as Error).message}`;
      }
      continue;
    }
    const where = `${name}:${cmd.line}`;
    const skip = skipList[where];
    let expr: Expr | null = null;
    let parseError = '';
    try {
      expr = parseExpr(cmd.expr);
    } catch (e) {
      parseError = (e as Error).message;
    }
    if (cmd.expectsHistogram || (expr && readsHistograms(expr, hist))) {
      counts.skipped++;
      if (verbose) out(`SKIP ${where}: ${cmd.expr}: native histograms: own issue`);
      continue;
    }
    if (skip && skip.expr === cmd.expr) {
      counts.skipped++;
      summary.listedSkips.push(where);
      if (verbose) out(`SKIP ${where}: ${cmd.expr}: ${skip.reason}`);
      // A listed case that passes now should leave the list (and raise the ratchet).
      if (!loadError && expr) {
        try {
          execEval(engine, slot.queryable(), cmd, expr);
          summary.passingSkips.push(where);
          out(`NOTE ${where} passes now: remove it from the skip list`);
        } catch {
          // Still failing, as listed.
        }
      }
      continue;
    }
    try {
      if (loadError) throw new CaseFailure(loadError);
      // A query in a test file must parse, even when the case expects an evaluation error.
      if (!expr) throw new CaseFailure(`parse error: ${parseError}`);
      execEval(engine, slot.queryable(), cmd, expr);
      counts.passed++;
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      counts.failed++;
      summary.failures.push(where);
      out(`FAIL ${where}: ${cmd.expr}`);
      out(`    ${(e as Error).message}`);
      out(`    expected: ${fmtExpected(cmd)}`);
      try {
        const st = slot.queryable();
        const res = cmd.isRange ? engine.rangeQuery(st, cmd.expr, cmd.startMs, cmd.endMs, cmd.stepMs) : engine.instantQuery(st, cmd.expr, cmd.startMs);
        out(`    actual:   ${fmtValue(res.value)}`);
      } catch (err) {
        out(`    actual:   error: ${(err as Error).message}`);
      }
    }
  }
}

export function runPromqlTestFiles(files: string[], opts: RunOptions = {}): PromqlTestSummary {
  const out = opts.out ?? ((l: string) => process.stdout.write(l + '\n'));
  const skipList = opts.skipList ?? SKIP_LIST;
  const factory = opts.store ?? memoryTestStore;
  const summary: PromqlTestSummary = { passed: 0, failed: 0, skipped: 0, perFile: {}, failures: [], listedSkips: [], passingSkips: [] };
  // Prometheus's runner enables every experimental feature, delayed name removal included.
  const engine = new Engine({ timeoutMs: 100_000, maxSamples: 50_000_000, delayedNameRemoval: true });
  const ctx: RunContext = { engine, skipList, summary, verbose: opts.verbose === true, out };
  for (const file of files) {
    const name = basename(file);
    const counts: FileCounts = { passed: 0, failed: 0, skipped: 0 };
    summary.perFile[name] = counts;
    let cmds: Command[];
    try {
      cmds = readTestFile(readFileSync(file, 'utf8'));
    } catch (e) {
      counts.failed++;
      summary.failures.push(`${name}:0`);
      out(`FAIL ${file}: ${(e as Error).message}`);
      out(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
      summary.failed++;
      continue;
    }
    const slot = new StoreSlot(factory);
    try {
      runCommands(ctx, name, cmds, slot, counts);
    } finally {
      slot.close();
    }
    out(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    summary.passed += counts.passed;
    summary.failed += counts.failed;
    summary.skipped += counts.skipped;
  }
  out(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  return summary;
}
