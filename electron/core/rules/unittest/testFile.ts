/**
 * promtool's rule unit-test files (`promtool test rules`), read as strictly as promtool's
 * yaml.UnmarshalStrict reads them: an unknown or repeated field, or a value of the wrong type,
 * is an "unmarshal error" naming its line; a bad duration or timestamp stops the file.
 * https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/
 */

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseDuration } from '../../../../shared/duration.js';
import { globSync } from '../../config/glob.js';
import { Decoder, SemanticError, SyntaxError as YamlSyntaxError, type Node } from '../../config/yamlDecoder.js';

export interface InputSeries {
  readonly series: string;
  readonly values: string;
  readonly line: number;
}

export interface ExpAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AlertTestCase {
  /** ms after the group's start. */
  readonly evalTimeMs: number;
  readonly alertname: string;
  readonly expAlerts: readonly ExpAlert[];
  readonly line: number;
}

export interface ExpSample {
  /** A series description (`metric{a="b"}`, `{a="b"}` or empty), parsed when compared. */
  readonly labels: string;
  readonly value: number;
  /** A native histogram in the promqltest notation; '' when absent. */
  readonly histogram: string;
}

export interface PromqlTestCase {
  readonly expr: string;
  readonly evalTimeMs: number;
  readonly expSamples: readonly ExpSample[];
  readonly line: number;
}

export interface TestGroup {
  /** ms between input samples; 0 means the file's evaluation_interval (promtool 3). */
  readonly intervalMs: number;
  readonly inputSeries: readonly InputSeries[];
  readonly alertRuleTests: readonly AlertTestCase[];
  readonly promqlExprTests: readonly PromqlTestCase[];
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly name: string;
  /** ms since the epoch at which the group's time 0 sits (start_timestamp); 0 by default. */
  readonly startMs: number;
  readonly line: number;
}

export interface UnitTestFile {
  /** As written in the file (relative to it), before resolving and globbing. */
  readonly ruleFiles: readonly string[];
  /** ms; 0 when absent (the runner defaults it to 1m, as promtool does). */
  readonly evaluationIntervalMs: number;
  readonly fuzzyCompare: boolean;
  readonly groupEvalOrder: readonly string[];
  readonly tests: readonly TestGroup[];
}

/** A test file that cannot be read: the message is what promtool prints under FAILED. */
export class TestFileError extends Error {}

/** Reads and decodes one test file; throws TestFileError. */
export function readUnitTestFile(path: string): UnitTestFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file or directory' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new TestFileError(`open ${path}: ${why}`);
  }
  return parseUnitTestFile(text);
}

/** Decodes test-file text; throws TestFileError with yaml.v2's wording and line numbers. */
export function parseUnitTestFile(text: string): UnitTestFile {
  let d: Decoder;
  try {
    d = new Decoder(text);
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new TestFileError(e.message);
    throw e;
  }
  let file: UnitTestFile;
  try {
    file = decodeFile(d, d.root);
  } catch (e) {
    if (e instanceof SemanticError) throw new TestFileError(e.pos ? `line ${e.pos.line}: ${e.message}` : e.message);
    throw e;
  }
  if (d.typeErrors.length > 0) {
    const lines = d.typeErrors.map((t) => (t.pos ? `line ${t.pos.line}: ${t.msg}` : t.msg));
    throw new TestFileError(`yaml: unmarshal errors:\n  ${lines.join('\n  ')}`);
  }
  return file;
}

function line(d: Decoder, n: Node): number {
  return d.pos(n)?.line ?? 0;
}

function duration(d: Decoder, n: Node): number {
  const s = d.str(n, 'model.Duration');
  if (s === undefined) return 0;
  try {
    return parseDuration(s);
  } catch (e) {
    return d.fail(n, (e as Error).message);
  }
}

function decodeFile(d: Decoder, root: Node): UnitTestFile {
  let ruleFiles: string[] = [];
  let evaluationIntervalMs = 0;
  let fuzzyCompare = false;
  let groupEvalOrder: string[] = [];
  const tests: TestGroup[] = [];
  d.fields(root, 'main.unitTestFile', {
    rule_files: (v) => (ruleFiles = d.strList(v) ?? []),
    evaluation_interval: (v) => (evaluationIntervalMs = duration(d, v)),
    fuzzy_compare: (v) => (fuzzyCompare = d.bool(v) ?? false),
    group_eval_order: (v) => (groupEvalOrder = d.strList(v) ?? []),
    tests: (v) => {
      for (const item of d.seq(v, '[]main.testGroup') ?? []) tests.push(decodeGroup(d, item));
    },
  });
  return { ruleFiles, evaluationIntervalMs, fuzzyCompare, groupEvalOrder, tests };
}

function strMap(d: Decoder, n: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of d.strMap(n) ?? []) out[k] = v;
  return out;
}

function decodeGroup(d: Decoder, n: Node): TestGroup {
  let intervalMs = 0;
  const inputSeries: InputSeries[] = [];
  const alertRuleTests: AlertTestCase[] = [];
  const promqlExprTests: PromqlTestCase[] = [];
  let externalLabels: Record<string, string> = {};
  let externalURL = '';
  let name = '';
  let startMs = 0;
  d.fields(n, 'main.testGroup', {
    interval: (v) => (intervalMs = duration(d, v)),
    input_series: (v) => {
      for (const item of d.seq(v, '[]main.series') ?? []) {
        let series = '';
        let values = '';
        d.fields(item, 'main.series', {
          series: (x) => (series = d.str(x) ?? ''),
          values: (x) => (values = d.str(x) ?? ''),
        });
        inputSeries.push({ series, values, line: line(d, item) });
      }
    },
    alert_rule_test: (v) => {
      for (const item of d.seq(v, '[]main.alertTestCase') ?? []) alertRuleTests.push(decodeAlertTest(d, item));
    },
    promql_expr_test: (v) => {
      for (const item of d.seq(v, '[]main.promqlTestCase') ?? []) promqlExprTests.push(decodePromqlTest(d, item));
    },
    external_labels: (v) => (externalLabels = strMap(d, v)),
    external_url: (v) => (externalURL = d.str(v) ?? ''),
    name: (v) => (name = d.str(v) ?? ''),
    start_timestamp: (v) => (startMs = startTimestamp(d, v)),
  });
  return { intervalMs, inputSeries, alertRuleTests, promqlExprTests, externalLabels, externalURL, name, startMs, line: line(d, n) };
}

function decodeAlertTest(d: Decoder, n: Node): AlertTestCase {
  let evalTimeMs = 0;
  let alertname = '';
  const expAlerts: ExpAlert[] = [];
  d.fields(n, 'main.alertTestCase', {
    eval_time: (v) => (evalTimeMs = duration(d, v)),
    alertname: (v) => (alertname = d.str(v) ?? ''),
    exp_alerts: (v) => {
      for (const item of d.seq(v, '[]main.alert') ?? []) {
        let labels: Record<string, string> = {};
        let annotations: Record<string, string> = {};
        d.fields(item, 'main.alert', {
          exp_labels: (x) => (labels = strMap(d, x)),
          exp_annotations: (x) => (annotations = strMap(d, x)),
        });
        expAlerts.push({ labels, annotations });
      }
    },
  });
  return { evalTimeMs, alertname, expAlerts, line: line(d, n) };
}

function decodePromqlTest(d: Decoder, n: Node): PromqlTestCase {
  let expr = '';
  let evalTimeMs = 0;
  const expSamples: ExpSample[] = [];
  d.fields(n, 'main.promqlTestCase', {
    expr: (v) => (expr = d.str(v) ?? ''),
    eval_time: (v) => (evalTimeMs = duration(d, v)),
    exp_samples: (v) => {
      for (const item of d.seq(v, '[]main.sample') ?? []) {
        let labels = '';
        let value = 0;
        let histogram = '';
        d.fields(item, 'main.sample', {
          labels: (x) => (labels = d.str(x) ?? ''),
          value: (x) => (value = d.float(x) ?? 0),
          histogram: (x) => (histogram = d.str(x) ?? ''),
        });
        expSamples.push({ labels, value, histogram });
      }
    },
  });
  return { expr, evalTimeMs, expSamples, line: line(d, n) };
}

/** Unix seconds (fractions allowed) or RFC 3339, as promtool 3 takes start_timestamp. */
function startTimestamp(d: Decoder, n: Node): number {
  const s = d.str(n, 'main.startTimestamp');
  if (s === undefined) return 0;
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) {
    const ms = Math.round(Number(s) * 1000);
    if (Number.isSafeInteger(ms)) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s)) {
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) return ms;
  }
  return d.fail(n, `cannot parse ${JSON.stringify(s)} as start_timestamp: expected a Unix timestamp or an RFC 3339 time`);
}

/**
 * rule_files resolved against the test file's folder and globbed, as promtool does: a pattern
 * matching nothing is warned about (`warn`) and dropped.
 */
export function resolveRuleFiles(testFilePath: string, patterns: readonly string[], warn: (line: string) => void): string[] {
  const base = dirname(testFilePath);
  const out: string[] = [];
  for (const p of patterns) {
    const abs = p !== '' && !isAbsolute(p) ? join(base, p) : p;
    let matches: string[];
    try {
      matches = globSync(abs);
    } catch (e) {
      throw new TestFileError((e as Error).message);
    }
    if (matches.length === 0) warn(`  WARNING: no file match pattern ${abs}`);
    out.push(...matches);
  }
  return out;
}
