/**
 * /api/v1/format_query and /api/v1/parse_query under hostile input: a 20 KB `1+1+…` once made
 * a 49.5 MB answer, and 8,000 terms an uncaught RangeError (a 500 logged as unhandled).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SYNTAX_CHARS } from '../../../../electron/core/query/syntax.js';
import { form, getJson, startApi, type Harness } from './harness.js';

let h: Harness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

const chain = (n: number) => Array.from({ length: n }, () => '1').join('+');

describe('format_query and parse_query limits', () => {
  it('refuse a 20 KB chain whose pretty form passes the cap with bad_data, in a small answer', async () => {
    h = await startApi();
    const res = await fetch(`${h.url}/api/v1/format_query`, form({ query: chain(10_000) }));
    const body = await res.text();
    expect(res.status).toBe(400);
    expect(body.length).toBeLessThan(1000);
    expect(JSON.parse(body)).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: `invalid parameter "query": formatted query would exceed the limit of ${MAX_SYNTAX_CHARS} characters`,
    });
  });

  it('answer an 8,000-term chain: format_query with bad_data past the cap, parse_query with its tree', async () => {
    h = await startApi();
    const f = await getJson(`${h.url}/api/v1/format_query`, form({ query: chain(8_000) }));
    expect(f.status).toBe(400);
    expect(f.body.errorType).toBe('bad_data');
    const p = await getJson(`${h.url}/api/v1/parse_query`, form({ query: chain(8_000) }));
    expect(p.status).toBe(200);
    expect(p.body.data).toMatchObject({ type: 'binaryExpr', op: '+', rhs: { type: 'numberLiteral', val: '1' } });
  });

  it('refuse an expression nested past the stack with bad_data, not a 500', async () => {
    h = await startApi();
    const q = 'abs('.repeat(12_000) + '1' + ')'.repeat(12_000);
    for (const path of ['format_query', 'parse_query']) {
      const r = await getJson(`${h.url}/api/v1/${path}`, form({ query: q }));
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ status: 'error', errorType: 'bad_data', error: expect.stringMatching(/^invalid parameter "query": .*nested too deeply/) });
    }
  });
});
