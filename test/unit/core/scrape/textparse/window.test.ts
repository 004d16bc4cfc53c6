import { describe, expect, it } from 'vitest';
import { Entry, OpenMetricsParser, PromParser, type Parser } from '../../../../../electron/core/scrape/textparse/index.js';

// The parsers decode the body into a string 64 KiB of whole lines at a time; keys, metadata
// and values must come out the same on either side of a window's edge and for a line longer
// than a window.

interface Seen {
  keys: string[];
  meta: string[];
  values: number[];
}

function walk(p: Parser): Seen {
  const out: Seen = { keys: [], meta: [], values: [] };
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    if (e === Entry.Series) {
      out.keys.push(p.seriesKey());
      out.values.push(p.value);
    } else {
      out.meta.push(p.metaKey());
    }
  }
  return out;
}

/** Lines of varied length (so that edges fall anywhere in a line), a 100 KiB label value among them. */
function body(om: boolean): { text: string; keys: string[]; values: number[] } {
  const lines: string[] = [];
  const keys: string[] = [];
  const values: number[] = [];
  for (let i = 0; i < 4000; i++) {
    if (i % 500 === 0) lines.push(`# HELP m${i} Help number ${i}.`, `# TYPE m${i} gauge`);
    const key = i === 1234 ? `m{big="${'x'.repeat(100 * 1024)}"}` : `m{i="${i}",pad="${'p'.repeat(i % 97)}"}`;
    // 17 significant digits take the slow path through the window string.
    const v = i % 3 === 0 ? 1.2345678901234567e9 + i : i / 8;
    lines.push(`${key} ${String(v)}`);
    keys.push(key);
    values.push(v);
  }
  if (om) lines.push('# EOF');
  return { text: lines.join('\n') + '\n', keys, values };
}

describe('the string window', () => {
  for (const [name, make, om] of [
    ['PromParser', (b: Buffer) => new PromParser(b, { lazyChecks: true }), false],
    ['OpenMetricsParser', (b: Buffer) => new OpenMetricsParser(b, { lazyChecks: true }), true],
  ] as const) {
    it(`${name}: keys, metadata and values across window edges and a line longer than a window`, () => {
      const want = body(om);
      const got = walk(make(Buffer.from(want.text, 'latin1')));
      expect(got.keys.length).toBe(want.keys.length);
      expect(got.keys).toEqual(want.keys);
      expect(got.values).toEqual(want.values);
      expect(got.meta.filter((m) => m.startsWith('# HELP')).slice(0, 2)).toEqual(['# HELP m0 Help number 0.', '# HELP m500 Help number 500.']);
      expect(got.meta).toHaveLength(16);
    });
  }

  it('an error past the first window names its line and text', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `metric_with_a_long_name{instance="host-${i}"} ${i}`);
    lines[2500] = 'metric_with_a_long_name{instance="host-2500"} 12x4';
    const p = new PromParser(Buffer.from(lines.join('\n') + '\n'), { lazyChecks: true });
    expect(() => walk(p)).toThrow(/^line 2501: strconv.ParseFloat: parsing "12x4": invalid syntax/);
  });
});
