/**
 * Property-based fuzzing of both exposition parsers: arbitrary bytes, bytes from the
 * formats' own alphabet, and mutations of real bodies (Prometheus's textparse testdata when
 * ../shared is there, plus bodies written here). On every input each parser must end in
 * EOF or a TextParseError, never another exception, within a bounded time; and lazyChecks
 * must give what eager checking gives, both when labels are asked for (the same entries and
 * the same error) and when they are not (the scrape-cache path: the same keys when the body
 * is good, and no error the eager parser would not report).
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Entry,
  OpenMetricsParser,
  PromParser,
  TextParseError,
  type Parser,
  type ParserOptions,
} from '../../../../../electron/core/scrape/textparse/index.js';
import { fuzzRuns, fuzzSeed, fuzzTimeoutMs } from '../../../../fuzzSettings.js';
import { referenceData } from '../../../../referenceData.js';
import { dump } from './dump.js';

const RUNS = fuzzRuns(1000);
const SEED = fuzzSeed(1515);
/** Inputs are at most a few KB; a parse that takes longer than this is looping, not working. */
const MAX_MS_PER_INPUT = 500;
const TIMEOUT_MS = fuzzTimeoutMs(RUNS, 2);

type Make = (body: Buffer, opts: ParserOptions) => Parser;
const FORMATS: ReadonlyArray<readonly [string, Make]> = [
  ['text', (b, o) => new PromParser(b, o)],
  ['openmetrics', (b, o) => new OpenMetricsParser(b, o)],
];

interface Outcome {
  entries: string[];
  /** The TextParseError's message, or null when the body parsed to EOF. */
  error: string | null;
  line: number;
}

/** Runs `read` over a fresh parser, keeping what it produced before any error. */
function outcome(make: Make, body: Buffer, opts: ParserOptions, read: (p: Parser, out: string[]) => void): Outcome {
  const p = make(body, opts);
  const entries: string[] = [];
  try {
    read(p, entries);
    return { entries, error: null, line: 0 };
  } catch (e) {
    if (e instanceof TextParseError) return { entries, error: e.message, line: e.line };
    throw new Error(`${e instanceof Error ? e.name : typeof e} escaped the parser on ${JSON.stringify(body.toString('latin1'))}: ${String(e)}`);
  }
}

/** Every entry with labels, HELP text and exemplars: what the scrape loop reads for a new text. */
function readAll(p: Parser, out: string[]): void {
  dump(p, out);
}

/** Series keys and values only, as the scrape loop reads a cached text (no labels()). */
function readKeys(p: Parser, out: string[]): void {
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    if (e === Entry.Series) out.push(`${p.seriesKey()} ${p.value} ${p.hasTimestamp ? p.timestampMs : ''}`);
    else if (e === Entry.Type || e === Entry.Help || e === Entry.Unit) out.push(p.metaKey());
  }
}

function checkBody(body: Buffer): void {
  for (const [name, make] of FORMATS) {
    const t0 = performance.now();
    const eager = outcome(make, body, {}, readAll);
    const lazy = outcome(make, body, { lazyChecks: true }, readAll);
    const eagerKeys = outcome(make, body, {}, readKeys);
    const lazyKeys = outcome(make, body, { lazyChecks: true }, readKeys);
    outcome(make, body, { checkDuplicates: true }, readAll);
    const ms = performance.now() - t0;
    const shown = JSON.stringify(body.toString('latin1'));
    if (ms > MAX_MS_PER_INPUT) throw new Error(`${name}: ${ms.toFixed(0)} ms for a ${body.length}-byte body ${shown}`);
    expect(lazy, `${name}: lazyChecks with labels asked for, on ${shown}`).toEqual(eager);
    if (eagerKeys.error === null) {
      expect(lazyKeys, `${name}: lazyChecks keys of a good body ${shown}`).toEqual(eagerKeys);
    } else if (lazyKeys.error !== null) {
      // Unasked-for checks may find nothing, but what is found must be an error eager parsing reports, and no earlier.
      expect(lazyKeys.line, `${name}: lazyChecks error line on ${shown}`).toBeGreaterThanOrEqual(eagerKeys.line);
    }
    if (lazyKeys.error !== null) expect(eagerKeys.error, `${name}: lazyChecks found an error eager parsing did not, on ${shown}`).not.toBeNull();
  }
}

/** Bodies written here, so the mutations reach every construct even without ../shared. */
const OWN_BODIES = [
  '# HELP http_requests_total The total number of HTTP requests.\n# TYPE http_requests_total counter\n' +
    'http_requests_total{method="post",code="200"} 1027 1395066363000\nhttp_requests_total{method="post",code="400"}    3 1395066363000\n',
  'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9\n',
  'metric_without_timestamp_and_labels 12.47\nsomething_weird{problem="division by zero"} +Inf 3982045\n',
  '# TYPE h histogram\nh_bucket{le="0.05"} 24054\nh_bucket{le="+Inf"} 144320\nh_sum 53423\nh_count 144320\n',
  '# TYPE s summary\ns{quantile="0.01"} 3102\ns{quantile="0.5"} 4773\ns_sum 1.7560473e+07\ns_count 2693\n',
  '{"my.dotted.metric", "a.b"="x", c="y"} NaN\n# a free comment\n\n  m  {  a = "1" , }  2  \n',
  '# HELP h_seconds Help with \\\\ and \\n escapes.\n# TYPE h_seconds histogram\n# UNIT h_seconds seconds\n' +
    'h_seconds_bucket{le="1.0"} 3 # {trace_id="KOO5S4vxi0o"} 0.67 1.6e9\nh_seconds_bucket{le="+Inf"} 7\n' +
    'h_seconds_count 7\nh_seconds_sum 4.2\nh_seconds_created 1.5e9\n# EOF\n',
  '# TYPE st stateset\nst{st="a"} 1\nst{st="b"} 0\n# TYPE i info\ni_info{v="1.0"} 1\n# TYPE g gaugehistogram\n' +
    'g_bucket{le="+Inf"} 3 123.456\ng_gcount 3\ng_gsum 2\n# TYPE c counter\nc_total 1 # {} 1\n# EOF\n',
  '# TYPE u unknown\nu 1 -1.5\nu{"quoted name"="v",x="\\u00e9\\\\"} 2\n# EOF',
];

function referenceBodies(): Buffer[] {
  const data = referenceData('prometheus-testdata/model/textparse/testdata');
  if (data.skip !== null) return [];
  const out: Buffer[] = [];
  for (const f of readdirSync(data.path).filter((x) => x.endsWith('.txt'))) {
    // Whole files are too big to mutate a million times; cut them at metric families.
    const text = readFileSync(`${data.path}/${f}`, 'latin1');
    const families = text.split(/(?=^# HELP )/m);
    const eof = f.endsWith('.om.txt') ? '# EOF\n' : '';
    for (let i = 0; i < families.length; i += 3) {
      let chunk = families.slice(i, i + 3).join('').replace('# EOF\n', '');
      if (chunk.length > 4000) chunk = chunk.slice(0, chunk.lastIndexOf('\n', 4000) + 1);
      out.push(Buffer.from(chunk + eof, 'latin1'));
    }
  }
  return out;
}

const BODIES = [...OWN_BODIES.map((b) => Buffer.from(b, 'utf8')), ...referenceBodies()];

/** Bytes and snippets the grammars care about, for insertions. */
const PIECES = [
  '{', '}', '"', '\\', '=', ',', '#', ' ', '\t', '\n', '\r', '\0', '.', '-', '+', 'e', '_', ':', '0', '9',
  '# EOF\n', '# EOF', '# TYPE ', '# HELP ', '# UNIT ', ' # {', '} ', 'NaN', '+Inf', '-Inf', '1e308', '1e-400',
  '0x1p3', '1_0', 'le=', 'quantile=', '_total', '_bucket', '_created', 'counter', 'histogram', 'summary', '\\"',
  '\\n', '\\u', '\xc3', '\xa9', '\xff', '\xef\xbb\xbf', '9223372036854775807', '-9223372036854775809', '1.5e9',
].map((s) => Buffer.from(s, 'latin1'));

type Op =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; piece: number }
  | { kind: 'copy'; at: number; from: number; len: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'truncate'; at: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.nat({ max: PIECES.length - 1 }) }),
  fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), from: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function applyOps(base: Buffer, ops: readonly Op[]): Buffer {
  let b = base;
  for (const op of ops) {
    const at = op.at % (b.length + 1);
    switch (op.kind) {
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + op.len)]);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), PIECES[op.piece]!, b.subarray(at)]);
        break;
      case 'copy': {
        const from = b.length === 0 ? 0 : op.from % b.length;
        b = Buffer.concat([b.subarray(0, at), b.subarray(from, from + op.len), b.subarray(at)]);
        break;
      }
      case 'byte':
        if (at < b.length) {
          b = Buffer.from(b);
          b[at] = op.value;
        }
        break;
      case 'truncate':
        b = b.subarray(0, at);
    }
  }
  return b;
}

const mutatedArb = fc
  .tuple(fc.nat({ max: BODIES.length - 1 }), fc.array(opArb, { minLength: 1, maxLength: 6 }))
  .map(([i, ops]) => applyOps(BODIES[i]!, ops));

/** Bytes drawn from the structural alphabet, which reach deeper into the grammar than random bytes. */
const STRUCTURAL = Buffer.from('{}",=# \n\\.-+eE_:01aNIfnT\t\0\xc3\xa9', 'latin1');
const structuralArb = fc
  .array(fc.nat({ max: STRUCTURAL.length - 1 }), { maxLength: 400 })
  .map((ix) => Buffer.from(ix.map((i) => STRUCTURAL[i]!)));

const bytesArb = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a));

/** Lines of valid-looking samples with random pieces, joined: long bodies with many lines. */
const linesArb = fc
  .array(fc.tuple(fc.constantFrom('m', 'm_total', 'h_bucket', '{"x.y"', 'a:b'), fc.array(fc.nat({ max: PIECES.length - 1 }), { maxLength: 5 })), {
    maxLength: 30,
  })
  .map((lines) => Buffer.concat(lines.flatMap(([name, pieces]) => [Buffer.from(name), ...pieces.map((p) => PIECES[p]!), Buffer.from(' 1\n')])));

describe('exposition parsers under fuzzing', () => {
  it('keep the own bodies and the reference bodies parseable, so mutations start from valid input', () => {
    // An unparseable corpus would make every mutation an error path; check the starting point.
    for (const body of BODIES) {
      const isOm = body.includes('# EOF');
      const [, make] = FORMATS[isOm ? 1 : 0]!;
      expect(outcome(make, body, {}, readAll).error, body.toString('latin1').slice(0, 200)).toBeNull();
    }
  });

  it(`mutations of valid bodies: only TextParseError, bounded time, lazy = eager (${RUNS} runs, seed ${SEED})`, { timeout: TIMEOUT_MS }, () => {
    fc.assert(fc.property(mutatedArb, checkBody), { seed: SEED, numRuns: RUNS });
  });

  it(`arbitrary bytes (${RUNS} runs, seed ${SEED})`, { timeout: TIMEOUT_MS }, () => {
    fc.assert(fc.property(bytesArb, checkBody), { seed: SEED + 1, numRuns: RUNS });
  });

  it(`bytes of the formats' alphabet and generated lines (${RUNS} runs, seed ${SEED})`, { timeout: TIMEOUT_MS }, () => {
    fc.assert(fc.property(fc.oneof(structuralArb, linesArb), checkBody), { seed: SEED + 2, numRuns: RUNS });
  });
});
