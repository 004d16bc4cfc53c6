/**
 * Reads PromQL test files (Prometheus's promqltest format): `load`, `load_with_nhcb`,
 * `clear` and `eval` commands with their indented blocks, expectations and expected
 * values. Line numbers are 1-based, as Prometheus reports them.
 */

import type { Labels } from '../../model/labels.js';
import { parseDuration, parseSeriesDesc, type SequenceValue } from '../parser/index.js';

export interface LoadSeries {
  labels: Labels;
  values: readonly SequenceValue[];
  /** Start-time offsets (ms, relative to each sample's time) from an `@st` line; null = none. */
  startOffsets: (number | null)[] | null;
  /** The line holds native histogram samples (not loaded: the store keeps floats). */
  histogram: boolean;
  line: number;
}

/**
 * A series line; a line with native histogram values (`{{…}}`) yields its labels and the
 * float values before the first histogram, flagged.
 */
export function readSeriesLine(def: string): { labels: Labels; values: readonly SequenceValue[]; histogram: boolean } {
  const h = def.search(/\s\{\{/);
  if (h < 0) {
    const d = parseSeriesDesc(def);
    return { labels: d.labels, values: d.values, histogram: false };
  }
  const d = parseSeriesDesc(def.slice(0, h));
  return { labels: d.labels, values: d.values, histogram: true };
}

export interface LoadCmd {
  kind: 'load';
  line: number;
  stepMs: number;
  withNHCB: boolean;
  series: LoadSeries[];
  /** A standalone `@st` line: offsets applied (cycled) to series without their own. */
  defaultStartOffsets: (number | null)[] | null;
}

export interface ClearCmd {
  kind: 'clear';
  line: number;
}

export type ExpectKind = 'ordered' | 'fail' | 'warn' | 'no_warn' | 'info' | 'no_info';

export interface Expectation {
  kind: ExpectKind;
  /** Exact message, or null. */
  message: string | null;
  /** Pattern (matches anywhere, like Go's MatchString), or null. */
  regex: RegExp | null;
}

export interface ExpectedSeries {
  labels: Labels;
  values: readonly SequenceValue[];
  /** 1-based position among the expected lines (for ordered results). */
  pos: number;
  line: number;
}

export interface EvalCmd {
  kind: 'eval';
  line: number;
  expr: string;
  isRange: boolean;
  /** Instant: startMs is the evaluation time. */
  startMs: number;
  endMs: number;
  stepMs: number;
  fail: boolean;
  warn: boolean;
  info: boolean;
  ordered: boolean;
  expectations: Expectation[];
  expectedFailMessage: string | null;
  expectedFailRegexp: RegExp | null;
  expectScalar: boolean;
  scalar: number;
  expected: ExpectedSeries[];
  expectedString: string | null;
  /** `expect range vector from … to … step …`: an instant query returning a range vector. */
  rangeVector: { startMs: number; endMs: number; stepMs: number } | null;
  excludeFromRangeQuery: boolean;
  /** The expected lines contain native histogram values. */
  expectsHistogram: boolean;
}

export type Command = LoadCmd | ClearCmd | EvalCmd;

export class TestFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const PAT_LOAD = /^load(?:_(with_nhcb))?\s+(.+?)$/;
const PAT_EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const PAT_EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const PAT_EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const PAT_EXPECT_RANGE = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;

function duration(s: string, line: number): number {
  try {
    return parseDuration(s.trim());
  } catch (e) {
    throw new TestFileError(line, `invalid duration ${JSON.stringify(s)}: ${(e as Error).message}`);
  }
}

/** Go's regexp syntax, close enough for the expectations in the files. */
function goRegex(src: string): RegExp {
  return new RegExp(src.replace(/\(\?P</g, '(?<'));
}

function parseNumber(s: string): number | null {
  const t = s.trim();
  if (/^[+-]?(0x[0-9a-fA-F]+|\d+)$/.test(t)) return Number(t.startsWith('+') ? t.slice(1) : t);
  const low = t.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(low)) return low.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(low)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  return null;
}

/** Go's strconv.Unquote for the `expect string` literal. */
function unquoteGo(s: string): string | null {
  if (s.length < 2) return null;
  const q = s[0];
  if (q === '`') return s.endsWith('`') ? s.slice(1, -1) : null;
  if ((q !== '"' && q !== "'") || s[s.length - 1] !== q) return null;
  try {
    return JSON.parse('"' + s.slice(1, -1).replace(/\\'/g, "'") + '"') as string;
  } catch {
    return null;
  }
}

/** A signed duration prefix (`-1m`, `59999ms`, `+30s`) of s: [ms, rest]. */
function durationPrefix(s: string): [number, string] {
  const m = /^([+-]?)(\d+)([a-wyzA-Z]*)/.exec(s);
  if (!m) throw new Error(`expected a duration in ${JSON.stringify(s)}`);
  const ms = m[3] === '' ? Number(m[2]) * 1000 : parseDuration(m[2]! + m[3]!);
  return [m[1] === '-' ? -ms : ms, s.slice(m[0].length)];
}

/**
 * The offset sequence of an `@st` line (promqltest): `_`, `_xN`, `<dur>`, `<dur>xN`,
 * `<dur>±<dur>xN`, `*` / `*xN` (repeat the previous offset). null marks no start time.
 */
export function parseStartOffsets(text: string): (number | null)[] {
  const out: (number | null)[] = [];
  let prev = 0;
  for (const item of text.split(/\s+/).filter(Boolean)) {
    if (item === '_') {
      out.push(null);
      continue;
    }
    let m = /^_x(\d+)$/.exec(item);
    if (m) {
      for (let k = 0; k < Number(m[1]); k++) out.push(null);
      continue;
    }
    m = /^\*(?:x(\d+))?$/.exec(item);
    if (m) {
      const n = m[1] === undefined ? 1 : Number(m[1]) + 1;
      for (let k = 0; k < n; k++) out.push(prev);
      continue;
    }
    const [base, rest] = durationPrefix(item);
    if (rest === '') {
      out.push(base);
      prev = base;
      continue;
    }
    if (rest[0] === 'x') {
      for (let k = 0; k <= Number(rest.slice(1)); k++) out.push(base);
      prev = base;
      continue;
    }
    if (rest[0] !== '+' && rest[0] !== '-') throw new Error(`invalid start-time item ${JSON.stringify(item)}`);
    const [delta0, rest2] = durationPrefix(rest.slice(1));
    const delta = rest[0] === '-' ? -delta0 : delta0;
    if (rest2[0] !== 'x') throw new Error(`expected x<count> in ${JSON.stringify(item)}`);
    let o = base;
    for (let k = 0; k <= Number(rest2.slice(1)); k++) {
      out.push(o);
      prev = o;
      o += delta;
    }
  }
  return out;
}

export function readTestFile(text: string): Command[] {
  const raw = text.split('\n');
  const lines = raw.map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
  const cmds: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '') continue;
    const word = l.split(/[\t ]+/, 1)[0]!.toLowerCase();
    if (word === 'clear') {
      cmds.push({ kind: 'clear', line: i + 1 });
    } else if (word.startsWith('load')) {
      const m = PAT_LOAD.exec(l);
      if (!m) throw new TestFileError(i + 1, 'invalid load command. (load[_with_nhcb] <step:duration>)');
      const cmd: LoadCmd = { kind: 'load', line: i + 1, stepMs: duration(m[2]!, i + 1), withNHCB: m[1] === 'with_nhcb', series: [], defaultStartOffsets: null };
      let pending: { labels: Labels; offsets: (number | null)[]; line: number } | null = null;
      while (i + 1 < lines.length && lines[i + 1] !== '') {
        i++;
        const def = lines[i]!;
        const space = def.search(/[\t ]/);
        const first = space < 0 ? def : def.slice(0, space);
        try {
          if (first.endsWith('@st')) {
            if (pending) throw new TestFileError(pending.line, '@st line has no following sample line');
            const offsets = parseStartOffsets(def.slice(first.length).trim());
            const metric = first.slice(0, -3);
            if (metric === '') cmd.defaultStartOffsets = offsets;
            else pending = { labels: readSeriesLine(`${metric} _`).labels, offsets, line: i + 1 };
            continue;
          }
          const d = readSeriesLine(def);
          let startOffsets: (number | null)[] | null = null;
          if (pending) {
            if (!pending.labels.equals(d.labels)) throw new TestFileError(pending.line, '@st metric does not match the following sample line metric');
            startOffsets = pending.offsets;
            pending = null;
          }
          cmd.series.push({ labels: d.labels, values: d.values, histogram: d.histogram, startOffsets, line: i + 1 });
        } catch (e) {
          if (e instanceof TestFileError) throw e;
          throw new TestFileError(i + 1, (e as Error).message);
        }
      }
      if (pending) throw new TestFileError(pending.line, '@st line has no following sample line');
      cmds.push(cmd);
    } else if (word.startsWith('eval')) {
      const r = readEval(lines, i);
      cmds.push(r.cmd);
      i = r.end;
    } else {
      throw new TestFileError(i + 1, `invalid command ${JSON.stringify(l)}`);
    }
  }
  return cmds;
}

function readEval(lines: string[], i: number): { cmd: EvalCmd; end: number } {
  const l = lines[i]!;
  const mi = PAT_EVAL_INSTANT.exec(l);
  const mr = mi ? null : PAT_EVAL_RANGE.exec(l);
  if (!mi && !mr) throw new TestFileError(i + 1, 'invalid evaluation command');
  const cmd: EvalCmd = {
    kind: 'eval',
    line: i + 1,
    expr: '',
    isRange: !!mr,
    startMs: 0,
    endMs: 0,
    stepMs: 0,
    fail: false,
    warn: false,
    info: false,
    ordered: false,
    expectations: [],
    expectedFailMessage: null,
    expectedFailRegexp: null,
    expectScalar: false,
    scalar: 0,
    expected: [],
    expectedString: null,
    rangeVector: null,
    excludeFromRangeQuery: false,
    expectsHistogram: false,
  };
  let mod: string | undefined;
  if (mi) {
    mod = mi[1];
    cmd.expr = mi[3]!;
    cmd.startMs = cmd.endMs = duration(mi[2] ?? '', i + 1);
  } else {
    mod = mr![1];
    cmd.expr = mr![5]!;
    cmd.startMs = duration(mr![2]!, i + 1);
    cmd.endMs = duration(mr![3]!, i + 1);
    cmd.stepMs = duration(mr![4]!, i + 1);
    if (cmd.endMs < cmd.startMs) throw new TestFileError(i + 1, 'end timestamp is before start timestamp');
  }
  if (mod === 'ordered') cmd.ordered = true;
  else if (mod === 'fail') cmd.fail = true;
  else if (mod === 'warn') cmd.warn = true;
  else if (mod === 'info') cmd.info = true;
  let j = 1;
  while (i + 1 < lines.length) {
    i++;
    const def = lines[i]!;
    if (def === '') {
      i--;
      break;
    }
    if (cmd.fail && def.startsWith('expected_fail_message')) {
      cmd.expectedFailMessage = def.slice('expected_fail_message'.length).trim();
      break;
    }
    if (cmd.fail && def.startsWith('expected_fail_regexp')) {
      cmd.expectedFailRegexp = goRegex(def.slice('expected_fail_regexp'.length).trim());
      break;
    }
    if (def.startsWith('expect range vector')) {
      const m = PAT_EXPECT_RANGE.exec(def);
      if (!m) throw new TestFileError(i + 1, `invalid range vector definition ${JSON.stringify(def)}`);
      cmd.rangeVector = { startMs: duration(m[1]!, i + 1), endMs: duration(m[2]!, i + 1), stepMs: duration(m[3]!, i + 1) };
      cmd.excludeFromRangeQuery = true;
      j++;
      continue;
    }
    if (def.startsWith('expect string')) {
      const s = unquoteGo(def.slice('expect string'.length).trim());
      if (s === null) throw new TestFileError(i + 1, 'expected string literal not valid');
      cmd.expectedString = s;
      cmd.excludeFromRangeQuery = true;
      j++;
      continue;
    }
    if (def.split(' ')[0] === 'expect') {
      const m = PAT_EXPECT.exec(def.trim());
      if (!m) throw new TestFileError(i + 1, 'invalid expect statement, must match `expect <type> <match_type>: <string>` format');
      const kind = m[1] as ExpectKind;
      const e: Expectation = { kind, message: null, regex: null };
      if (m[2] === 'msg') e.message = m[3]!.trim();
      else if (m[2] === 'regex') e.regex = goRegex(m[3]!.trim());
      else e.regex = /^[\s\S]*$/;
      cmd.expectations.push(e);
      continue;
    }
    const num = parseNumber(def);
    if (num !== null) {
      cmd.expectScalar = true;
      cmd.scalar = num;
      break;
    }
    try {
      const d = readSeriesLine(def);
      if (d.histogram) cmd.expectsHistogram = true;
      if (d.values.length > 1 && !cmd.isRange && !cmd.rangeVector) {
        throw new TestFileError(i + 1, 'expecting multiple values in instant evaluation not allowed');
      }
      cmd.expected.push({ labels: d.labels, values: d.values, pos: j, line: i + 1 });
    } catch (e) {
      if (e instanceof TestFileError) throw e;
      throw new TestFileError(i + 1, (e as Error).message);
    }
    j++;
  }
  return { cmd, end: i };
}

export function isOrdered(c: EvalCmd): boolean {
  return c.ordered || c.expectations.some((e) => e.kind === 'ordered');
}

export function isFail(c: EvalCmd): boolean {
  return c.fail || c.expectations.some((e) => e.kind === 'fail');
}
