import { describe, expect, it } from 'vitest';
import { Router } from '../../../../electron/core/api/router.js';

describe('Router', () => {
  const h = () => {};
  const r = new Router()
    .getPost('/api/v1/query', h)
    .get('/api/v1/label/:name/values', h)
    .post('/api/v1/write', h, { policy: 'write' })
    .postPut('/api/v1/admin/tsdb/snapshot', h, { policy: 'admin' });

  it('finds routes with path parameters, decoded, and their policy', () => {
    const m = r.match('GET', '/api/v1/label/a%20b/values');
    expect(m.kind).toBe('found');
    if (m.kind !== 'found') return;
    expect(m.handler).toBe(h);
    expect(m.pathParams).toEqual({ name: 'a b' });
    expect(m.route.path).toBe('/api/v1/label/:name/values');
    expect(m.route.policy).toBe('read');
    const w = r.match('POST', '/api/v1/write');
    expect(w.kind === 'found' && w.route.policy).toBe('write');
    const a = r.match('PUT', '/api/v1/admin/tsdb/snapshot');
    expect(a.kind === 'found' && a.route.policy).toBe('admin');
  });

  it('answers HEAD with the GET handler', () => {
    expect(r.match('HEAD', '/api/v1/query').kind).toBe('found');
  });

  it('tells 405 from 404', () => {
    expect(r.match('DELETE', '/api/v1/query')).toEqual({ kind: 'method_not_allowed', path: '/api/v1/query', allowed: ['GET', 'POST'] });
    expect(r.match('GET', '/api/v1/write')).toEqual({ kind: 'method_not_allowed', path: '/api/v1/write', allowed: ['POST'] });
    expect(r.match('GET', '/api/v1/nope').kind).toBe('not_found');
    expect(r.match('GET', '/api/v1/label/%zz/values').kind).toBe('not_found');
  });
});
