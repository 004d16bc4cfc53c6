import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TSDB, importOpenMetrics } from '../../../../electron/core/tsdb/index.js';
import { dump, lbl, m, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const GOOD = `# TYPE http_requests counter
# HELP http_requests Total.
http_requests_total{job="api",code="200"} 10 1704067200.000
http_requests_total{job="api",code="200"} 12.5 1704067215.000
http_requests_total{code="500",job="api"} 1 1704067200.000
# TYPE lat histogram
lat_bucket{le="0.1"} 1 1704067200.5
lat_bucket{le="+Inf"} 2 1704067200.5
lat_count 2 1704067200.5
lat_bucket{le="0.1"} NaN 1704067215.5
lat_bucket{le="+Inf"} +Inf 1704067215.5 # {trace_id="x"} 1 1704067215.4
lat_count -Inf 1704067215.5
up{instance="a\\"b\\\\c\\nd"} 1 1704067200
{"weird.name",x="y"} 3 1704067200
# EOF
`;

describe('importOpenMetrics', () => {
  it('imports a file with interleaved series, special values, escapes and UTF-8 names', async () => {
    const file = join(tmp.dir, 'in.om');
    writeFileSync(file, GOOD);
    const progress: number[] = [];
    const r = await importOpenMetrics(file, join(tmp.dir, 'db'), { onProgress: (read, total) => progress.push(read / total) });
    expect(r).toEqual({ samples: 11, series: 7, minTime: 1704067200000, maxTime: 1704067215500 });
    expect(progress.at(-1)).toBe(1);
    const db = TSDB.open(join(tmp.dir, 'db'), { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const q = db.querier(-Infinity, Infinity);
    const got = dump(q.select(true, null, m('=~', '__name__', '.+')));
    expect(got.map((s) => s.labels).sort()).toEqual(
      [
        'http_requests_total{code="200", job="api"}',
        'http_requests_total{code="500", job="api"}',
        'lat_bucket{le="+Inf"}',
        'lat_bucket{le="0.1"}',
        'lat_count',
        'up{instance="a\\"b\\\\c\\nd"}',
        '{"weird.name", x="y"}',
      ].sort(),
    );
    const rates = dump(q.select(false, null, m('=', 'code', '200')))[0]!.samples;
    expect(rates.map((s) => s[0])).toEqual([1704067200000, 1704067215000]);
    const vals = q.select(false, null, m('=', '__name__', 'lat_count'))[0]!.samples;
    expect([vals.v[0], vals.v[1]]).toEqual([2, -Infinity]);
    expect(Number.isNaN(q.select(false, null, m('=', 'le', '0.1'))[0]!.samples.v[1])).toBe(true);
    expect(q.select(false, null, m('=', 'instance', 'a"b\\c\nd')).length).toBe(1);
    // Appending continues after the imported data, not before it.
    const app = db.appender();
    expect(() => app.append(0, lbl({ __name__: 'lat_count' }), 1704067215000, 1)).toThrow(/out of order/);
    app.append(0, lbl({ __name__: 'lat_count' }), 1704067230000, 1);
    app.commit();
    db.close();
  });

  it('stops at a malformed line with its number and leaves nothing of the import behind', async () => {
    const db0 = TSDB.open(join(tmp.dir, 'db'), { housekeepingIntervalMs: 0 });
    const app = db0.appender();
    app.append(0, lbl({ __name__: 'before' }), 1704067200000, 7);
    app.commit();
    db0.close();
    const cases: Array<[string, RegExp]> = [
      ['a 1 1704067200\na{x="1"} 2\n# EOF\n', /^line 2: sample without a timestamp/],
      ['a 1 1704067200\n\nb{x="1} 2 1\n# EOF\n', /^line 3: unterminated/],
      ['a 1 1704067200\nb oops 1704067200\n# EOF\n', /^line 2: invalid value "oops"/],
      ['a 1 1704067200\na 2 1704067100\n# EOF\n', /^line 2: out of order sample/],
      ['a 1 1704067200\na 2 1704067200\n# EOF\n', /^line 2: duplicate sample/],
      ['a 1 1704067200\nb 1 1704067200\n', /^line 2: data does not end with "# EOF"/],
      ['a 1 1704067200\n# EOF\nc 1 1\n', /^line 3: unexpected data after "# EOF"/],
      ['a{1x="y"} 1 1704067200\n# EOF\n', /^line 1: invalid label name/],
    ];
    for (const [text, re] of cases) {
      const file = join(tmp.dir, 'bad.om');
      // Many good samples of many series first, so a half-written import would show.
      let head = '';
      for (let i = 0; i < 50; i++) for (let k = 0; k < 20; k++) head += `good{i="${i}"} ${k} ${1704067200 + k * 15}\n`;
      writeFileSync(file, head + text);
      const headLines = 1000;
      const err = await importOpenMetrics(file, join(tmp.dir, 'db')).then(
        () => null,
        (e: Error) => e,
      );
      expect(err, text).toBeInstanceOf(Error);
      const shifted = err!.message.replace(/^line (\d+)/, (_, n) => `line ${Number(n) - headLines}`);
      expect(shifted, text).toMatch(re);
    }
    const db = TSDB.open(join(tmp.dir, 'db'), { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const q = db.querier(-Infinity, Infinity);
    expect(q.labelValues('__name__')).toEqual(['before']);
    expect(db.stats().headStats.numSeries).toBe(1);
    db.close();
  });

  it('names the file when it cannot be read', async () => {
    await expect(importOpenMetrics(join(tmp.dir, 'nope.om'), join(tmp.dir, 'db'))).rejects.toThrow(/nope\.om/);
  });
});
