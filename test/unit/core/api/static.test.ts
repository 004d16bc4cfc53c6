/**
 * The console's file server: files, the index.html fallback for client-side routes, no way
 * out of the UI directory, and bad paths answered as the client's mistake (400), not 500.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Harness } from './harness.js';

/** GET with the path sent exactly as given (fetch would normalise it). */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

describe('static files', () => {
  const root = mkdtempSync(join(tmpdir(), 'hearth-static-'));
  const ui = join(root, 'ui');
  let h: Harness;
  beforeAll(async () => {
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html>index');
    writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    h = await startApi({ deps: { uiDir: ui } });
  });
  afterAll(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves files and falls back to index.html for routes', async () => {
    expect(await get(h.port, '/assets/app.js')).toEqual({ status: 200, body: 'console.log(1)' });
    expect(await get(h.port, '/targets')).toEqual({ status: 200, body: '<!doctype html>index' });
    expect(await get(h.port, '/assets/%61pp.js')).toEqual({ status: 200, body: 'console.log(1)' });
  });

  it('answers malformed percent-encoding with 400, not 500', async () => {
    for (const path of ['/%', '/%zz', '/assets/%E0%A4%A', '/%C0%AF', '/%ff', '/x%']) {
      const r = await get(h.port, path);
      expect([path, r.status, r.body]).toEqual([path, 400, 'Bad Request: malformed percent-encoding in the path\n']);
    }
    expect((await get(h.port, '/a%00b')).status).toBe(400);
  });

  it('never serves a file outside the UI directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const r = await get(h.port, path);
      expect([path, r.body]).not.toEqual([path, 'secret']);
      expect(r.status === 404 || r.status === 200, path).toBe(true);
    }
  });
});
