import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Entry,
  OpenMetricsParser,
  PromParser,
  TextParseError,
  type Parser,
  type ParserOptions,
} from '../../../../../electron/core/scrape/textparse/index.js';
import { referenceData } from '../../../../referenceData.js';
import { dump } from './dump.js';

const DATA = referenceData('prometheus-testdata/model/textparse/testdata');
const TESTDATA = DATA.path + '/';

type Make = (body: Buffer, opts: ParserOptions) => Parser;
const prom: Make = (b, o) => new PromParser(b, o);
const om: Make = (b, o) => new OpenMetricsParser(b, o);

/** Series keys and values only, as the scrape loop reads them on a cache hit (no labels()). */
function keys(p: Parser): string[] {
  const out: string[] = [];
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) if (e === Entry.Series) out.push(`${p.seriesKey()} ${p.value}`);
  return out;
}

/** The error of a parse that never asks for labels, or null. */
function errorWithoutLabels(make: Make, body: string): string | null {
  const p = make(Buffer.from(body, 'latin1'), { lazyChecks: true });
  try {
    for (let e = p.next(); e !== Entry.EOF; e = p.next());
  } catch (e) {
    if (e instanceof TextParseError) return e.message;
    throw e;
  }
  return null;
}

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'lazyChecks: labels lexed on demand give what eager lexing gives', () => {
  const files = DATA.skip !== null ? [] : readdirSync(TESTDATA).filter((f) => /\.(txt)$/.test(f));
  it.each(files)('%s', (f) => {
    const body = readFileSync(TESTDATA + f);
    const make = f.endsWith('.om.txt') ? om : prom;
    expect(dump(make(body, { lazyChecks: true }))).toEqual(dump(make(body, {})));
    expect(keys(make(body, { lazyChecks: true }))).toEqual(keys(make(body, {})));
  });

  it('finds the end of label blocks with braces, quotes and escapes inside values', () => {
    const body = 'm{a="}",b="\\"}",c="x\\\\"} 1\nm{a="{"} 2\nn 3\nm {a="1"} 4\n';
    expect(keys(prom(Buffer.from(body), { lazyChecks: true }))).toEqual(keys(prom(Buffer.from(body), {})));
    expect(keys(prom(Buffer.from(body), { lazyChecks: true }))[0]).toBe('m{a="}",b="\\"}",c="x\\\\"} 1');
    const omBody = 'm{a="}",b="\\"}"} 1 # {id="}"} 2\n# EOF\n';
    expect(dump(om(Buffer.from(omBody), { lazyChecks: true }))).toEqual(dump(om(Buffer.from(omBody), {})));
  });

  it('an error later in a line is reported only after its labels are found good', () => {
    // A cache never holds a text whose labels are bad, but the first error must still be the one eager lexing finds.
    expect(errorWithoutLabels(prom, 'm{a=1} yes\n')).toBe(
      'line 1: expected label value, got "1" ("INVALID") while parsing: "m{a=1"',
    );
    expect(errorWithoutLabels(prom, 'm{a="1",a="2"} yes\n')).toBe('line 1: strconv.ParseFloat: parsing "yes": invalid syntax while parsing: "m{a=\\"1\\",a=\\"2\\"} yes"');
    expect(errorWithoutLabels(om, 'm{a=1} 1 # {x="y"} z\n# EOF\n')).toBe(
      'line 1: expected label value, got "1" ("INVALID") while parsing: "m{a=1"',
    );
    // Labels never asked for and nothing else wrong: no lexing, no error (the caller asks for new texts).
    expect(errorWithoutLabels(prom, 'm{a=1} 1\n')).toBeNull();
  });
});
