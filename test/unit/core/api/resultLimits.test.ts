/**
 * The size of a query's answer is bounded: a step=1 range query over 50,000 series once
 * returned 276 MB. The JSON is counted while it is built and refused past
 * --query.max-response-bytes with an execution error that names the limit; the 11,000 points
 * per series of Prometheus still hold before any evaluation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { QueryService } from '../../../../electron/core/query/index.js';
import { getJson, load, startApi, type Harness } from './harness.js';

const NOW = 1_700_000_000_000;
let h: Harness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

describe('result size limits', () => {
  it('refuse a range query whose JSON passes the response limit, with a 422 that names it', async () => {
    h = await startApi({ nowMs: NOW, queries: (store) => QueryService.inline(store, {}, 1024 * 1024) });
    load(h.store, Array.from({ length: 2_000 }, (_, i) => ({ labels: { __name__: 'm', i: String(i) }, samples: [[NOW - 600_000, i] as [number, number], [NOW, i] as [number, number]] })));
    const start = (NOW - 600_000) / 1000;
    const r = await getJson(`${h.url}/api/v1/query_range?query=m&start=${start}&end=${NOW / 1000}&step=1`);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      status: 'error',
      errorType: 'execution',
      error: 'query result would exceed the response limit of 1048576 bytes: narrow the query, raise step or set limit',
    });
    const ok = await getJson(`${h.url}/api/v1/query_range?query=m&start=${start}&end=${NOW / 1000}&step=60&limit=5`);
    expect(ok.status).toBe(200);
    expect(ok.body.data.result).toHaveLength(5);
  });

  it('refuse more than 11,000 points per series before evaluating', async () => {
    h = await startApi({ nowMs: NOW });
    const r = await getJson(`${h.url}/api/v1/query_range?query=m&start=0&end=11001&step=1`);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    expect((await getJson(`${h.url}/api/v1/query_range?query=m&start=0&end=11000&step=1`)).status).toBe(200);
  });
});
