/**
 * The metadata endpoints and /federate run in the query service, under its limits: a response
 * past the size cap and a read past the deadline are refused with Prometheus's error shapes,
 * and the API's `limit` parameter cuts with its warning.
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

function fill(harness: Harness, n: number): void {
  load(harness.store, Array.from({ length: n }, (_, i) => ({ labels: { __name__: 'm', i: String(i) }, samples: [[NOW - 1000, i] as [number, number]] })));
}

describe('metadata endpoints in the query service', () => {
  it('refuse a response past the size cap with an execution error', async () => {
    h = await startApi({ nowMs: NOW, queries: (store) => QueryService.inline(store, {}, 4096) });
    fill(h, 500);
    const r = await getJson(`${h.url}/api/v1/series?match[]=m`);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ status: 'error', errorType: 'execution', error: 'series request would exceed the response limit of 4096 bytes: narrow match[] or set limit' });
    const cut = await getJson(`${h.url}/api/v1/series?match[]=m&limit=3`);
    expect(cut.status).toBe(200);
    expect(cut.body.data).toHaveLength(3);
    expect(cut.body.warnings).toEqual(['results truncated due to limit']);
    const fed = await fetch(`${h.url}/federate?match[]=m`);
    expect(fed.status).toBe(500);
    expect(await fed.text()).toBe('federation would exceed the response limit of 4096 bytes: narrow match[] or set limit\n');
  });

  it('answer a read past the query timeout with a timeout error', async () => {
    h = await startApi({ nowMs: NOW, queries: (store) => QueryService.inline(store, { timeoutMs: 1 }) });
    fill(h, 20_000);
    const r = await getJson(`${h.url}/api/v1/series?match[]=m`);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: 'error', errorType: 'timeout', error: 'series request timed out after 1 ms' });
    const fed = await fetch(`${h.url}/federate?match[]=m`);
    expect(fed.status).toBe(500);
    expect(await fed.text()).toBe('federation timed out after 1 ms\n');
    expect(h.registry.render()).toMatch(/prometheus_web_federation_errors_total 1\b/);
  });

  it('cut label names and values at limit with the warning', async () => {
    h = await startApi({ nowMs: NOW });
    fill(h, 5);
    const v = await getJson(`${h.url}/api/v1/label/i/values?limit=2`);
    expect(v.body).toEqual({ status: 'success', data: ['0', '1'], warnings: ['results truncated due to limit'] });
    const n = await getJson(`${h.url}/api/v1/labels?limit=1&match[]=m`);
    expect(n.body).toEqual({ status: 'success', data: ['__name__'], warnings: ['results truncated due to limit'] });
  });
});
