/**
 * The query service on the calling thread: typed values agree with the API's JSON for the
 * same queries, and the limits (timeout, response size, `limit`, cancellation) hold for the
 * metadata and federation jobs as they do for queries.
 */
import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import { QueryError } from '../../../../electron/core/promql/value.js';
import { fromMatchers, QueryService, valueJson } from '../../../../electron/core/query/index.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

const T0 = 1_700_000_000_000;

function store(series: number, points = 20): MemoryStorage {
  const s = new MemoryStorage();
  const app = s.appender();
  for (let i = 0; i < series; i++) {
    const l = Labels.fromObject({ __name__: i % 2 === 0 ? 'even_total' : 'odd_total', job: `j${i % 3}`, i: String(i) });
    for (let k = 0; k < points; k++) app.append(0, l, T0 + k * 15_000, i * 1000 + k * (i + 1));
  }
  app.commit();
  return s;
}

const all = [fromMatchers([new Matcher('=~', '__name__', '.+')])];

/** A metadata or federation reply with its UTF-8 body as text, for comparing. */
function text<R extends { ok: boolean }>(r: R): unknown {
  const bytes = (r as { data?: Uint8Array; body?: Uint8Array }).data ?? (r as { body?: Uint8Array }).body;
  if (!bytes) return r;
  const { data: _d, body: _b, ...rest } = r as Record<string, unknown>;
  return { ...rest, text: new TextDecoder().decode(bytes) };
}

describe('typed values', () => {
  const qs = QueryService.inline(store(30));
  const end = T0 + 19 * 15_000;

  it.each([
    ['sum by (job) (rate(even_total[1m]))', 'vector'],
    ['odd_total', 'vector'],
    ['scalar(sum(odd_total))', 'scalar'],
    ['"a string"', 'string'],
    ['even_total[1m]', 'matrix'],
  ])('of the instant query %s are the JSON path result, as values', async (query, type) => {
    const typed = await qs.instant(query, end);
    const json = await qs.queryJson({ kind: 'instant', query, timeMs: end });
    if (!json.ok) throw new Error(json.message);
    expect(typed.value.type).toBe(type);
    expect(valueJson(typed.value)).toBe(new TextDecoder().decode(json.data));
    expect(typed.annotations).toEqual(json.annotations);
  });

  it('of a range query are a matrix with typed arrays, equal to the JSON path', async () => {
    const query = 'rate(odd_total[1m]) * 2';
    const typed = await qs.range(query, T0 + 60_000, end, 15_000);
    const json = await qs.queryJson({ kind: 'range', query, startMs: T0 + 60_000, endMs: end, stepMs: 15_000 });
    if (!json.ok || typed.value.type !== 'matrix') throw new Error('expected a matrix');
    expect(typed.value.series.length).toBe(15);
    expect(typed.value.series[0]!.t).toBeInstanceOf(Float64Array);
    expect(valueJson(typed.value)).toBe(new TextDecoder().decode(json.data));
    expect(typed.stats.samplesLoaded).toBeGreaterThan(0);
  });

  it('carry warnings beside the value and cut at the limit', async () => {
    const r = await qs.instant('odd_total', end, { limit: 4 });
    expect(r.value.type === 'vector' && r.value.samples.length).toBe(4);
    expect(r.annotations.warnings).toContain('results truncated due to limit');
  });

  it('reject with the engine error kind', async () => {
    await expect(qs.instant('sum(', end)).rejects.toSatisfy((e: unknown) => e instanceof QueryError && e.kind === 'bad_data');
    await expect(qs.instant('odd_total', end, { signal: { aborted: true } })).rejects.toSatisfy((e: unknown) => e instanceof QueryError && e.kind === 'canceled');
  });
});

describe('metadata and federation jobs', () => {
  it('answer label names, label values and series as the API data JSON, with limit', async () => {
    const qs = QueryService.inline(store(30));
    const range = { startMs: T0, endMs: T0 + 300_000 };
    expect(text(await qs.metadataJson({ kind: 'labelNames', ...range, matchers: [], limit: 0 }))).toEqual({ ok: true, text: '["__name__","i","job"]', warnings: [] });
    expect(text(await qs.metadataJson({ kind: 'labelValues', name: 'job', ...range, matchers: [], limit: 2 }))).toEqual({ ok: true, text: '["j0","j1"]', warnings: ['results truncated due to limit'] });
    const s = await qs.metadataJson({ kind: 'series', ...range, matchers: [fromMatchers([new Matcher('=', 'i', '7')])], limit: 0 });
    expect(text(s)).toEqual({ ok: true, text: '[{"__name__":"odd_total","i":"7","job":"j1"}]', warnings: [] });
  });

  it('refuse a response past the size limit', async () => {
    const qs = QueryService.inline(store(200), {}, 2_000);
    const r = await qs.metadataJson({ kind: 'series', startMs: T0, endMs: T0 + 300_000, matchers: all, limit: 0 });
    expect(r).toMatchObject({ ok: false, kind: 'execution', message: expect.stringContaining('response limit of 2000 bytes') });
    // The same request under the limit passes.
    expect(await qs.metadataJson({ kind: 'series', startMs: T0, endMs: T0 + 300_000, matchers: all, limit: 10 })).toMatchObject({ ok: true });
    const f = await qs.federateText({ timeMs: T0 + 300_000, lookbackDeltaMs: 300_000, matchers: all, externalLabels: [], utf8: false });
    expect(f).toMatchObject({ ok: false, kind: 'execution' });
  });

  it('stop at the deadline and when canceled', async () => {
    const qs = QueryService.inline(store(20_000, 1), { timeoutMs: 1 });
    const slow = await qs.metadataJson({ kind: 'series', startMs: T0, endMs: T0 + 300_000, matchers: all, limit: 0 });
    expect(slow).toMatchObject({ ok: false, kind: 'timeout', message: 'series request timed out after 1 ms' });
    const fed = await qs.federateText({ timeMs: T0 + 60_000, lookbackDeltaMs: 300_000, matchers: all, externalLabels: [], utf8: false });
    expect(fed).toMatchObject({ ok: false, kind: 'timeout' });
    const open = QueryService.inline(store(10));
    const canceled = await open.metadataJson({ kind: 'labelNames', startMs: T0, endMs: T0, matchers: [], limit: 0 }, { aborted: true });
    expect(canceled).toMatchObject({ ok: false, kind: 'canceled' });
  });

  it('federate the newest sample per series with external labels', async () => {
    const qs = QueryService.inline(store(2));
    const r = await qs.federateText({ timeMs: T0 + 400_000, lookbackDeltaMs: 300_000, matchers: all, externalLabels: [['site', 'lab']], utf8: false });
    expect(text(r)).toEqual({
      ok: true,
      text: '# TYPE even_total untyped\neven_total{i="0",job="j0",site="lab"} 19 1700000285000\n# TYPE odd_total untyped\nodd_total{i="1",job="j1",site="lab"} 1038 1700000285000\n',
      nameless: [],
    });
  });
});

describe('the response limit on query results', () => {
  it('refuses a result past the limit with an execution error that names it, and keeps smaller ones', async () => {
    const qs = QueryService.inline(store(200, 40), {}, 50_000);
    const end = T0 + 39 * 15_000;
    const big = await qs.queryJson({ kind: 'range', query: 'odd_total', startMs: T0, endMs: end, stepMs: 15_000 });
    expect(big).toEqual({ ok: false, kind: 'execution', message: 'query result would exceed the response limit of 50000 bytes: narrow the query, raise step or set limit' });
    const cut = await qs.queryJson({ kind: 'range', query: 'odd_total', startMs: T0, endMs: end, stepMs: 15_000, limit: 10 });
    expect(cut.ok).toBe(true);
    const small = await qs.queryJson({ kind: 'instant', query: 'sum(odd_total)', timeMs: end });
    expect(small.ok).toBe(true);
  });
});
