import { describe, expect, it } from 'vitest';
import type { AlertHistoryData, AlertHistoryEntry } from '../../../../shared/api/alertHistory.js';
import type { ApiResponse } from '../../../../shared/api/envelope.js';
import { readHistory, type HistoryPageFn } from '../../../../renderer/alerts/historyPages.js';

const e = (i: number): AlertHistoryEntry => ({ time: new Date(1_700_000_000_000 + i * 1000).toISOString(), group: 'f;g', rule: 'R', labels: { i: String(i) }, from: 'inactive', to: 'firing', value: '1' });

/** A server holding `n` entries, answering pages of `limit` with an opaque token. */
function server(n: number, calls: Array<{ limit: number; nextToken?: string }>): HistoryPageFn {
  return async (q) => {
    calls.push({ limit: q.limit, ...(q.nextToken ? { nextToken: q.nextToken } : {}) });
    const from = q.nextToken ? Number(q.nextToken.slice(4)) : 0;
    const data: AlertHistoryData = { entries: Array.from({ length: Math.min(q.limit, n - from) }, (_, k) => e(from + k)) };
    if (from + q.limit < n) data.nextToken = `tok-${from + q.limit}`;
    return { status: 'success', data };
  };
}

describe('readHistory', () => {
  it('makes one request when everything fits in a page', async () => {
    const calls: Array<{ limit: number }> = [];
    const r = await readHistory(server(30, calls), { startMs: 0, endMs: 1, pageSize: 100 });
    expect(calls).toHaveLength(1);
    expect(r.status === 'success' && r.data.entries.length).toBe(30);
    expect(r.status === 'success' && r.data.truncated).toBe(false);
  });

  it('follows next_token page by page, with the page size as the limit', async () => {
    const calls: Array<{ limit: number; nextToken?: string }> = [];
    const r = await readHistory(server(250, calls), { startMs: 0, endMs: 1, pageSize: 100 });
    expect(calls).toEqual([{ limit: 100 }, { limit: 100, nextToken: 'tok-100' }, { limit: 100, nextToken: 'tok-200' }]);
    expect(r.status === 'success' && r.data.entries.map((x) => x.labels['i'])).toEqual(Array.from({ length: 250 }, (_, i) => String(i)));
  });

  it('stops at the page cap and says the read was truncated', async () => {
    const calls: Array<{ limit: number }> = [];
    const r = await readHistory(server(10_000, calls), { startMs: 0, endMs: 1, pageSize: 10, maxPages: 3 });
    expect(calls).toHaveLength(3);
    expect(r.status === 'success' && r.data).toMatchObject({ pages: 3, truncated: true });
  });

  it('stops when the server hands back a token it already gave', async () => {
    let n = 0;
    const looping: HistoryPageFn = async () => {
      n++;
      return { status: 'success', data: { entries: [e(n)], nextToken: 'same' } };
    };
    const r = await readHistory(looping, { startMs: 0, endMs: 1, maxPages: 50 });
    expect(n).toBe(2);
    expect(r.status === 'success' && r.data.truncated).toBe(true);
  });

  it('returns the first error as it came', async () => {
    const err: ApiResponse<AlertHistoryData> = { status: 'error', errorType: 'bad_data', error: 'invalid parameter "start": cannot parse' };
    const r = await readHistory(async () => err, { startMs: 0, endMs: 1 });
    expect(r).toEqual(err);
  });
});
