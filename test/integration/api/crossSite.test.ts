/**
 * Cross-site requests against `hearth serve` from the build (issue #15, items 1 and 5): the
 * flags reach the access check as a user sets them. Without --web.cors.origin a page of
 * another site can make the browser GET series, labels or federate; each is refused. With
 * --web.cors.origin='.*' such a page may read, and its POST to the remote-write receiver is
 * still refused while an agent's identical POST is stored.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteRequestV1, valueBits } from '../../../electron/core/api/remote/proto.js';
import { snappyEncode } from '../../../electron/core/api/remote/snappy.js';
import { startHearth, tempDir, waitFor, type Proc } from './support.js';

const work = tempDir('hearth-cross-site-');
let closed: Proc;
let open: Proc;

beforeAll(async () => {
  [closed, open] = await Promise.all([
    startHearth(join(work, 'closed')),
    startHearth(join(work, 'open'), ['--web.cors.origin=.*', '--web.enable-remote-write-receiver']),
  ]);
});

afterAll(async () => {
  await Promise.all([closed?.stop(), open?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

const PAGE = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' };
const READS = ['/api/v1/series?match[]=' + encodeURIComponent('{__name__=~".+"}'), '/api/v1/labels', '/api/v1/label/__name__/values', '/federate?match[]=up', '/api/v1/query?query=up'];
const NOW = Date.now();

function writeBody(): Uint8Array {
  const msg = WriteRequestV1.create({
    timeseries: [{ labels: [{ name: Buffer.from('__name__'), value: Buffer.from('pushed_by_test') }], samples: [{ timestamp: NOW, value: valueBits(42) }] }],
  });
  return new Uint8Array(snappyEncode(Buffer.from(WriteRequestV1.encode(msg).finish())));
}
const WRITE = { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' };

async function pushedValues(url: string): Promise<unknown[]> {
  const r = await fetch(`${url}/api/v1/query?query=pushed_by_test&time=${NOW / 1000}`);
  return ((await r.json()) as { data: { result: unknown[] } }).data.result;
}

describe('hearth serve without --web.cors.origin', () => {
  it('refuses a page of another site on every read endpoint, and answers clients that are not browsers', async () => {
    for (const p of READS) {
      const page = await fetch(closed.url + p, { headers: PAGE });
      expect(page.status, p).toBe(403);
      expect(await page.text(), p).toMatch(/^Forbidden: cross-origin request refused/);
      expect((await fetch(closed.url + p)).status, p).toBe(200);
    }
  });
});

describe("hearth serve --web.cors.origin='.*'", () => {
  it('lets any origin read', async () => {
    const r = await fetch(open.url + READS[0]!, { headers: PAGE });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  it('refuses the same origin a remote-write POST, and stores the agent’s', async () => {
    const page = await fetch(`${open.url}/api/v1/write`, { method: 'POST', headers: { ...WRITE, ...PAGE }, body: writeBody() });
    expect(page.status).toBe(403);
    expect(await page.text()).toMatch(/never to write or administer/);
    expect(await pushedValues(open.url)).toEqual([]);
    const agent = await fetch(`${open.url}/api/v1/write`, { method: 'POST', headers: WRITE, body: writeBody() });
    expect(agent.status).toBe(204);
    await waitFor(async () => (await pushedValues(open.url)).length === 1, 10_000, 'the pushed sample');
  });

  it('refuses the same origin lifecycle endpoints', async () => {
    expect((await fetch(`${open.url}/-/quit`, { method: 'POST', headers: PAGE })).status).toBe(403);
    expect((await fetch(`${open.url}/-/healthy`)).status).toBe(200);
  });
});
