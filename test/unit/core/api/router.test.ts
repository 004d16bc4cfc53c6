import { describe, expect, it } from 'vitest';
import { Router } from '../../../../electron/core/api/router.js';

describe('Router', () => {
  const h = () => {};
  const r = new Router().getPost('/api/v1/query', h).get('/api/v1/label/:name/values', h);

  it('finds routes with path parameters, decoded', () => {
    const m = r.match('GET', '/api/v1/label/a%20b/values');
    expect(m).toEqual({ kind: 'found', handler: h, pathParams: { name: 'a b' } });
  });

  it('answers HEAD with the GET handler', () => {
    expect(r.match('HEAD', '/api/v1/query').kind).toBe('found');
  });

  it('tells 405 from 404', () => {
    expect(r.match('DELETE', '/api/v1/query')).toEqual({ kind: 'method_not_allowed', allowed: ['GET', 'POST'] });
    expect(r.match('GET', '/api/v1/nope').kind).toBe('not_found');
    expect(r.match('GET', '/api/v1/label/%zz/values').kind).toBe('not_found');
  });
});
