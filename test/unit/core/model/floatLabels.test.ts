/**
 * The `le`/`quantile` rule of Prometheus 3, and the proof that its two callers agree: one
 * OpenMetrics body imported with `hearth import openmetrics` and scraped by the scrape loop
 * gives one set of series, not two.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeFloatLabel } from '../../../../electron/core/model/floatLabels.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import { parseSeries } from '../../../../electron/core/tsdb/openmetrics.js';
import { TSDB, importOpenMetrics } from '../../../../electron/core/tsdb/index.js';
import { loopHarness } from '../scrape/helpers.js';
import { tempDir } from '../tsdb/helpers.js';

describe('normalizeFloatLabel', () => {
  it('writes le of histograms and quantile of summaries in the OpenMetrics float form', () => {
    const cases: Array<[string, string]> = [
      ['1', '1.0'],
      ['0', '0.0'],
      ['-1', '-1.0'],
      ['2.50', '2.5'],
      ['1e3', '1000.0'],
      ['100000', '100000.0'],
      ['1000000', '1e+06'],
      ['0.00001', '1e-05'],
      ['0.0001', '0.0001'],
      ['+Inf', '+Inf'],
      ['inf', '+Inf'],
      ['-Inf', '-Inf'],
      ['NaN', 'NaN'],
    ];
    for (const [raw, want] of cases) {
      expect(normalizeFloatLabel('histogram', 'le', raw), `le="${raw}"`).toBe(want);
      expect(normalizeFloatLabel('summary', 'quantile', raw), `quantile="${raw}"`).toBe(want);
    }
  });

  it('keeps values that are not floats, other labels and other types as written', () => {
    for (const raw of ['', 'abc', '1,5', ' 1', '1 ', '0x10', '1_000', '1e400', '１', 'ı']) expect(normalizeFloatLabel('histogram', 'le', raw), raw).toBe(raw);
    expect(normalizeFloatLabel('histogram', 'quantile', '1')).toBe('1');
    expect(normalizeFloatLabel('summary', 'le', '1')).toBe('1');
    for (const t of ['gaugehistogram', 'counter', 'gauge', 'untyped', 'unknown', 'info', 'stateset']) {
      expect(normalizeFloatLabel(t, 'le', '1'), t).toBe('1');
      expect(normalizeFloatLabel(t, 'quantile', '0'), t).toBe('0');
    }
  });
});

const T0 = 1704067200;
const BODY = `# TYPE lat histogram
lat_bucket{le="1"} 1 ${T0}
lat_bucket{le="2.50"} 2 ${T0}
lat_bucket{le="1e3"} 3 ${T0}
lat_bucket{le="+Inf"} 4 ${T0}
lat_count 4 ${T0}
lat_sum 5 ${T0}
# TYPE rpc summary
rpc{quantile="0"} 0.1 ${T0}
rpc{quantile="0.5"} 0.2 ${T0}
rpc{quantile="1"} 0.3 ${T0}
rpc_count 3 ${T0}
rpc_sum 0.6 ${T0}
# TYPE queue gaugehistogram
queue_bucket{le="1"} 1 ${T0}
queue_bucket{le="+Inf"} 2 ${T0}
queue_gcount 2 ${T0}
queue_gsum 1 ${T0}
# TYPE odd gauge
odd{le="1",quantile="0"} 1 ${T0}
# EOF
`;

const WANT = [
  'lat_bucket{le="+Inf"}',
  'lat_bucket{le="1.0"}',
  'lat_bucket{le="1000.0"}',
  'lat_bucket{le="2.5"}',
  'lat_count',
  'lat_sum',
  'odd{le="1", quantile="0"}',
  'queue_bucket{le="+Inf"}',
  'queue_bucket{le="1"}',
  'queue_gcount',
  'queue_gsum',
  'rpc_count',
  'rpc_sum',
  'rpc{quantile="0.0"}',
  'rpc{quantile="0.5"}',
  'rpc{quantile="1.0"}',
];

describe('import and scrape agree on le and quantile', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('the importer parses series of a TYPEd family with the rule', () => {
    expect(parseSeries('lat_bucket{le="1"}', 'histogram').toString()).toBe('lat_bucket{le="1.0"}');
    expect(parseSeries('lat_bucket{le="1"}').toString()).toBe('lat_bucket{le="1"}');
  });

  it('one body imported and scraped gives one set of series', async () => {
    const file = join(tmp.dir, 'in.om');
    writeFileSync(file, BODY);
    await importOpenMetrics(file, join(tmp.dir, 'db'));
    const db = TSDB.open(join(tmp.dir, 'db'), { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const q = db.querier(-Infinity, Infinity);
    const imported = q.select(true, null, new Matcher('=~', '__name__', '.+')).map((s) => s.labels.toString()).sort();
    q.close();
    db.close();

    const h = loopHarness('  - job_name: j\n    honor_labels: true');
    h.serve(BODY, 'application/openmetrics-text; version=1.0.0; charset=utf-8');
    await h.scrape(T0 * 1000);
    expect(h.loop.target.lastError).toBe('');
    // The scrape adds its target's labels and the synthetic series (up, scrape_*); the rest
    // must be the imported series exactly.
    const scraped = [...h.series().keys()]
      .filter((k) => !/^(up|scrape_\w+)\{/.test(k))
      .map((k) => k.replace('instance="t:1", job="j"', '').replace('{, ', '{').replace('{}', ''))
      .sort();

    expect(imported).toEqual(WANT);
    expect(scraped).toEqual(imported);
  });
});
