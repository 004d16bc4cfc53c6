/**
 * The query service in worker threads over a real TSDB: typed values come back across the
 * thread boundary equal to the JSON the API gets for the same queries, metadata and federation
 * answer as on the calling thread, and the concurrency limit holds across job kinds.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatcherSet } from '../../../electron/core/query/index.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const dist = join(root, 'dist');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-query-workers-'));
const T0 = 1_700_000_000_000;
const END = T0 + 59 * 15_000;

type Tsdb = typeof import('../../../electron/core/tsdb/index.js');
type Query = typeof import('../../../electron/core/query/index.js');
type Model = typeof import('../../../electron/core/model/labels.js');
type MatcherMod = typeof import('../../../electron/core/model/matcher.js');
type LogMod = typeof import('../../../electron/core/log.js');

let db: import('../../../electron/core/tsdb/index.js').TSDB;
let q: Query;
let service: InstanceType<Query['QueryService']>;
let inline: InstanceType<Query['QueryService']>;
let all: MatcherSet;

beforeAll(async () => {
  if (!existsSync(join(dist, 'electron/core/query/index.js'))) throw new Error('dist/ is missing: build first (node scripts/build.mjs)');
  const { TSDB } = (await import(join(dist, 'electron/core/tsdb/index.js'))) as Tsdb;
  const { Labels } = (await import(join(dist, 'electron/core/model/labels.js'))) as Model;
  const { Matcher } = (await import(join(dist, 'electron/core/model/matcher.js'))) as MatcherMod;
  const { nopLogger } = (await import(join(dist, 'electron/core/log.js'))) as LogMod;
  q = (await import(join(dist, 'electron/core/query/index.js'))) as Query;
  db = TSDB.open(join(tmp, 'data'), { housekeepingIntervalMs: 0 });
  for (let k = 0; k < 60; k++) {
    const app = db.appender();
    for (let i = 0; i < 40; i++) {
      const l = Labels.fromObject({ __name__: i % 4 === 0 ? 'req_total' : 'other_total', job: `j${i % 5}`, i: String(i) });
      app.append(0, l, T0 + k * 15_000, k * (i + 1) + (k > 30 && i === 3 ? -50 : 0));
    }
    app.commit();
  }
  all = q.fromMatchers([new Matcher('=~', '__name__', '.+')]);
  service = q.QueryService.inWorkers({ handle: db.readerHandle(), engine: {}, workers: 1, maxConcurrency: 2, logger: nopLogger });
  inline = q.QueryService.inline(db);
});

afterAll(async () => {
  await service?.close();
  db?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('query service in workers', () => {
  it.each([
    ['instant', 'sum by (job) (rate(req_total[2m]))'],
    ['instant', 'other_total[1m]'],
    ['instant', 'scalar(count(req_total))'],
    ['range', 'rate(other_total[1m]) > 0.5'],
    ['range', 'topk(3, req_total)'],
  ])('return %s values of %s equal to the JSON path', async (kind, query) => {
    const typed = kind === 'instant' ? await service.instant(query, END) : await service.range(query, T0 + 60_000, END, 30_000);
    const json = await service.queryJson(kind === 'instant' ? { kind: 'instant', query, timeMs: END } : { kind: 'range', query, startMs: T0 + 60_000, endMs: END, stepMs: 30_000 });
    if (!json.ok) throw new Error(json.message);
    expect(q.valueJson(typed.value)).toBe(new TextDecoder().decode(json.data));
    expect(typed.annotations).toEqual(json.annotations);
    if (typed.value.type === 'matrix') expect(typed.value.series[0]!.t).toBeInstanceOf(Float64Array);
  });

  it('answer metadata and federation as the calling thread does', async () => {
    const range = { startMs: T0, endMs: END };
    for (const req of [
      { kind: 'labelNames' as const, ...range, matchers: [], limit: 0 },
      { kind: 'labelValues' as const, name: 'i', ...range, matchers: [all], limit: 7 },
      { kind: 'series' as const, ...range, matchers: [all], limit: 0 },
    ]) {
      const w = await service.metadataJson(req);
      expect(w.ok, req.kind).toBe(true);
      expect(w).toEqual(await inline.metadataJson(req));
    }
    const fed = { timeMs: END, lookbackDeltaMs: 300_000, matchers: [all], externalLabels: [['site', 'x']] as Array<[string, string]>, utf8: false };
    const w = await service.federateText(fed);
    expect(w.ok && new TextDecoder().decode(w.body).split('\n').length).toBe(40 + 2 + 1);
    expect(w).toEqual(await inline.federateText(fed));
  });

  it('answer format_query and parse_query jobs as the calling thread does, capped alike', async () => {
    const long = Array.from({ length: 8_000 }, () => '1').join('+');
    for (const req of [
      { kind: 'format' as const, query: 'sum(rate(x[5m]))by(a)' },
      { kind: 'parse' as const, query: long },
      { kind: 'format' as const, query: long },
      { kind: 'parse' as const, query: 'sum(' },
    ]) {
      expect(await service.syntaxJson(req)).toEqual(await inline.syntaxJson(req));
    }
    expect(await service.syntaxJson({ kind: 'format', query: long })).toMatchObject({ ok: false, kind: 'bad_data' });
  });

  it('refuse jobs of any kind past the concurrency limit and cancel on request', async () => {
    const canceled = await service.metadataJson({ kind: 'series', startMs: T0, endMs: END, matchers: [all], limit: 0 }, { aborted: true });
    expect(canceled).toMatchObject({ ok: false, kind: 'canceled' });
    // One worker, two places: the third job at once is refused whatever its kind.
    const jobs = [
      service.queryJson({ kind: 'range', query: 'count_over_time(other_total[10m:1s])', startMs: T0, endMs: END, stepMs: 15_000 }),
      service.federateText({ timeMs: END, lookbackDeltaMs: 300_000, matchers: [all], externalLabels: [], utf8: false }),
      service.metadataJson({ kind: 'labelNames', startMs: T0, endMs: END, matchers: [], limit: 0 }),
    ];
    const [a, b, c] = await Promise.all(jobs);
    expect(a!.ok).toBe(true);
    expect(b!.ok).toBe(true);
    expect(c).toEqual({ ok: false, kind: 'unavailable', message: 'too many concurrent queries (limit 2)' });
    await expect(service.instant('sum(', END)).rejects.toMatchObject({ kind: 'bad_data' });
  });
});
