/**
 * Every query and series line of the shared promqltest data through the parser: queries
 * parse, print, and re-parse to the same print; expected failures that are not parse
 * errors parse fine (the engine reports them); `load` lines parse.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError, formatExpr, parseExpr, parseSeriesDesc } from '../../../../../electron/core/promql/parser/index.js';
import { referenceData } from '../../../../referenceData.js';

const DATA = referenceData('promql-testdata');
const DIR = DATA.path;
const EVAL = /^eval(?:_fail|_ordered|_warn|_info)?\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.*)$/;

interface EvalCase {
  file: string;
  line: number;
  query: string;
  /** `expect fail` message or regex, '' when failure has no message, null when not expected to fail. */
  fail: { msg?: string; regex?: string } | null;
}

function readCases(): { evals: EvalCase[]; series: { file: string; line: number; text: string }[] } {
  const evals: EvalCase[] = [];
  const series: { file: string; line: number; text: string }[] = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.test')).sort()) {
    const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
    let inLoad = false;
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i]!;
      const line = raw.trim();
      if (/^load(_with_nhcb)?\s/.test(line)) {
        inLoad = true;
        continue;
      }
      if (inLoad && /^\s/.test(raw) && line !== '' && !line.startsWith('#')) {
        series.push({ file, line: i + 1, text: line });
        continue;
      }
      inLoad = false;
      const m = EVAL.exec(line);
      if (!m) continue;
      let fail: EvalCase['fail'] = line.startsWith('eval_fail') ? {} : null;
      for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j]!); j++) {
        const x = lines[j]!.trim();
        const f = /^expect fail(?:\s+(msg|regex):\s*(.*))?$/.exec(x);
        if (f) fail = f[1] === 'msg' ? { msg: f[2]! } : f[1] === 'regex' ? { regex: f[2]! } : {};
      }
      evals.push({ file, line: i + 1, query: m[1]!, fail });
    }
  }
  return { evals, series };
}

const { evals, series } = DATA.skip !== null ? { evals: [], series: [] } : readCases();

/** Regex features our RE2 translation (model/regex.ts, not the parser) cannot compile on Node 20. */
const REGEX_LIMIT = /\(\?i[:)]/;

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'promqltest data: queries', () => {
  it('finds the data', () => {
    expect(evals.length).toBeGreaterThan(2000);
  });

  it('parses, prints and re-parses every eval query to the same text', () => {
    const problems: string[] = [];
    let regexLimited = 0;
    for (const c of evals) {
      let printed: string;
      try {
        printed = formatExpr(parseExpr(c.query));
      } catch (e) {
        const msg = (e as Error).message;
        if (!(e instanceof ParseError)) problems.push(`${c.file}:${c.line}: non-ParseError ${msg}`);
        else if (REGEX_LIMIT.test(c.query) && msg.includes('error parsing regexp')) regexLimited++;
        else if (c.fail === null) problems.push(`${c.file}:${c.line}: ${c.query} -> ${msg}`);
        else if (c.fail.msg !== undefined && !msg.endsWith(c.fail.msg)) problems.push(`${c.file}:${c.line}: wrong message ${msg}`);
        continue;
      }
      const again = formatExpr(parseExpr(printed));
      if (again !== printed) problems.push(`${c.file}:${c.line}: ${c.query} printed ${printed} then ${again}`);
    }
    expect(problems).toEqual([]);
    // Known gap outside the parser: case-insensitive groups in regexes (see the report).
    expect(regexLimited).toBeLessThanOrEqual(10);
  });

  it('lets expected failures that are not parse errors through to the engine', () => {
    const failing = evals.filter((c) => c.fail !== null && !(c.fail.msg ?? '').includes('parse error'));
    expect(failing.length).toBeGreaterThan(20);
    for (const c of failing) {
      expect(() => parseExpr(c.query), `${c.file}:${c.line}`).not.toThrow();
    }
  });
});

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'promqltest data: load lines', () => {
  it('parses every series line; native histograms fail with a recognisable message', () => {
    const problems: string[] = [];
    let histograms = 0;
    let parsed = 0;
    for (const s of series) {
      // `name{…}@st` marks start-timestamp lines; the suffix is the test runner's business.
      const text = s.text.replace(/^(\S*?\}?)@st(?=\s)/, '$1');
      try {
        const d = parseSeriesDesc(text);
        parsed++;
        if (d.values.length === 0) problems.push(`${s.file}:${s.line}: no values`);
      } catch (e) {
        if (e instanceof ParseError && e.message.includes('native histogram')) histograms++;
        else problems.push(`${s.file}:${s.line}: ${s.text} -> ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
    expect(parsed).toBeGreaterThan(500);
    expect(histograms).toBeGreaterThan(100);
  });
});
