/**
 * `hearth serve` as a process facing bad input and hostile requests: each gets Prometheus's
 * status code (and errorType where Prometheus gives one), the server stays up, and nothing
 * already stored is lost. Also the per-install token as the shell and CLI find it.
 */

import { readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteRequestV1, valueBits } from '../../../electron/core/api/remote/proto.js';
import { snappyEncode } from '../../../electron/core/api/remote/snappy.js';
import { startHearth, tempDir, type Proc } from './support.js';

let work = '';
let hearth: Proc;
const NOW = Date.now();

function writeBody(series: Array<{ labels: Record<string, string>; samples: Array<[number, number]> }>): Buffer {
  const msg = WriteRequestV1.create({
    timeseries: series.map((s) => ({
      labels: Object.entries(s.labels).map(([name, value]) => ({ name: Buffer.from(name), value: Buffer.from(value) })),
      samples: s.samples.map(([t, v]) => ({ timestamp: t, value: valueBits(v) })),
    })),
  });
  return snappyEncode(Buffer.from(WriteRequestV1.encode(msg).finish()));
}

async function write(body: Buffer | string, headers: Record<string, string> = {}) {
  const res = await fetch(`${hearth.url}/api/v1/write`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text() };
}

async function storedValues(): Promise<string[]> {
  const r = await fetch(`${hearth.url}/api/v1/query?query=${encodeURIComponent('kept_total[1h]')}&time=${NOW / 1000 + 1}`);
  const j = (await r.json()) as { data: { result: Array<{ values: Array<[number, string]> }> } };
  return j.data.result.flatMap((s) => s.values.map(([, v]) => v));
}

/** Sends headers announcing a body far over the limit, and a few bytes of it, on a raw socket. */
function oversized(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => {
      sock.write(`POST /api/v1/write HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-protobuf\r\nContent-Length: 999999999\r\n\r\n`);
      sock.write(Buffer.alloc(1024));
    });
    let out = '';
    sock.on('data', (d) => (out += d.toString()));
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
    setTimeout(() => sock.destroy(), 5000);
  });
}

beforeAll(async () => {
  work = tempDir('hearth-bad-');
  const cfg = join(work, 'empty.yml');
  (await import('node:fs')).writeFileSync(cfg, 'global:\n  scrape_interval: 15s\n');
  hearth = await startHearth(join(work, 'data'), [`--config.file=${cfg}`, '--web.enable-remote-write-receiver']);
  const ok = await write(writeBody([{ labels: { __name__: 'kept_total', job: 'x' }, samples: [[NOW - 2000, 1], [NOW - 1000, 2]] }]));
  expect(ok.status).toBe(204);
});

afterAll(async () => {
  await hearth?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('hearth serve under bad input', () => {
  it('refuses bad remote writes with Prometheus codes and keeps what it stored', async () => {
    expect(await write(Buffer.from('definitely not snappy'))).toMatchObject({ status: 400, text: 'snappy: corrupt input\n' });
    expect((await write(snappyEncode(Buffer.from([0x0a, 0x05, 0x0a, 0x03])))).status).toBe(400);
    expect((await write(writeBody([]), { 'Content-Encoding': 'zstd' })).status).toBe(415);
    expect((await write(writeBody([]), { 'Content-Type': 'text/plain' })).status).toBe(415);
    // No metric name, and a label named NaN with value NaN: the first is skipped, the second is a valid series.
    const mixed = await write(writeBody([{ labels: { job: 'x' }, samples: [[NOW, 5]] }, { labels: { __name__: 'kept_total', job: 'x', NaN: 'NaN' }, samples: [[NOW, Number.NaN]] }]));
    expect(mixed.status).toBe(204);
    // An out-of-order sample refuses its whole request; the stored samples stay.
    expect((await write(writeBody([{ labels: { __name__: 'kept_total', job: 'x' }, samples: [[NOW - 5000, 9]] }]))).status).toBe(400);
    const reply = await oversized(hearth.port);
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect((await storedValues()).sort()).toEqual(['1', '2', 'NaN']);
    expect((await fetch(`${hearth.url}/-/healthy`)).status).toBe(200);
  });

  it('refuses malformed parameters and unknown endpoints with the right status and errorType', async () => {
    const cases: Array<[string, number, string | null]> = [
      ['/api/v1/query?query=rate(', 400, 'bad_data'],
      ['/api/v1/query_range?query=up&start=x&end=1&step=1', 400, 'bad_data'],
      ['/api/v1/series?match[]=%7B', 400, 'bad_data'],
      ['/api/v1/label/job/values?start=yesterday', 400, 'bad_data'],
      ['/api/v1/targets/metadata?limit=many', 400, 'bad_data'],
      ['/api/v1/nope', 404, null],
      ['/api/v2/query', 404, null],
    ];
    for (const [path, status, errorType] of cases) {
      const res = await fetch(hearth.url + path);
      expect(res.status, path).toBe(status);
      if (errorType) expect(((await res.json()) as { errorType: string }).errorType, path).toBe(errorType);
    }
    expect(hearth.child.exitCode).toBeNull();
  });

  it('keeps the token in the data directory, 0600, and guards admin endpoints with it', async () => {
    const file = join(work, 'data', 'token');
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(hearth.output()).not.toContain(token);
    expect((await fetch(`${hearth.url}/api/v1/admin/tsdb/snapshot`, { method: 'POST' })).status).toBe(401);
    const snap = await fetch(`${hearth.url}/api/v1/admin/tsdb/snapshot`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    const name = ((await snap.json()) as { data: { name: string } }).data.name;
    expect(statSync(join(work, 'data', 'snapshots', name)).isDirectory()).toBe(true);
    // /-/quit with the token stops the server cleanly.
    const quit = await fetch(`${hearth.url}/-/quit`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(await quit.text()).toBe('Requesting termination... Goodbye!');
    expect(await hearth.stop()).toBe(0);
  });
});
