/**
 * The remote-write receiver against hostile and heavy requests, on `hearth serve` in its own
 * process (a bomb that kills the core must not take the test runner with it):
 * - a snappy body that declares tens of millions of labels is refused with 400/413 while the
 *   core's peak RSS (VmHWM) grows by less than a bound;
 * - a legitimate million-sample request is stored while /-/healthy keeps answering quickly.
 */

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteRequestV1, valueBits } from '../../../electron/core/api/remote/proto.js';
import { snappyEncode } from '../../../electron/core/api/remote/snappy.js';
import { apiGet, startHearth, tempDir, type Proc } from './support.js';

/** Peak resident memory of the core may grow by at most this much while it refuses a bomb. */
const MAX_RSS_GROWTH_MB = 200;
/** Slowest /-/healthy answer allowed while a large request is decoded and stored. */
const MAX_HEALTH_MS = 250;

let work: string;
let hearth: Proc;

beforeAll(async () => {
  work = tempDir('hearth-rw-limits-');
  const cfg = join(work, 'empty.yml');
  writeFileSync(cfg, 'global:\n  scrape_interval: 15s\n');
  hearth = await startHearth(join(work, 'data'), [`--config.file=${cfg}`, '--web.enable-remote-write-receiver']);
}, 60_000);

afterAll(async () => {
  await hearth?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function peakRssMb(): number {
  const status = readFileSync(`/proc/${hearth.child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/** `count` copies of `unit` behind `field`'s tag and length, wrapped in a WriteRequest's timeseries field when asked. */
function repeated(unit: number[], count: number): Buffer {
  const one = Buffer.from(unit);
  const b = Buffer.allocUnsafe(one.length * count);
  for (let i = 0; i < count; i++) one.copy(b, i * one.length);
  return b;
}

async function post(body: Buffer, timeoutMs: number): Promise<{ status: number; text: string }> {
  const res = await fetch(`${hearth.url}/api/v1/write`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' },
    body: new Uint8Array(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text() };
}

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`${hearth.url}/-/healthy`, { signal: AbortSignal.timeout(5000) })).status === 200;
  } catch {
    return false;
  }
}

describe('remote write bombs', () => {
  it('refuses one series of 30 million empty labels (60 MB decoded, a few MB on the wire) without the memory it asks for', async () => {
    const labels = 30_000_000;
    const series = Buffer.concat([Buffer.from([0x0a, ...varint(labels * 2)]), repeated([0x0a, 0x00], labels)]);
    const body = snappyEncode(series);
    expect(body.length).toBeLessThan(12 * 1024 * 1024);
    const before = peakRssMb();
    const r = await post(body, 60_000);
    expect([400, 413]).toContain(r.status);
    expect(r.text).toMatch(/labels/);
    console.log(`label bomb (${(body.length / 1e6).toFixed(1)} MB snappy): ${r.status} ${r.text.trim()}; peak RSS grew ${(peakRssMb() - before).toFixed(0)} MB`);
    expect(peakRssMb() - before).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(await healthy()).toBe(true);
  }, 120_000);

  it('refuses 300,000 series of 100 labels each (30 million labels in all) without the memory they ask for', async () => {
    const perSeries = 100;
    const seriesMsg = [0x0a, ...varint(perSeries * 2), ...repeated([0x0a, 0x00], perSeries)];
    const body = snappyEncode(repeated(seriesMsg, 300_000));
    const before = peakRssMb();
    const r = await post(body, 60_000);
    expect([400, 413]).toContain(r.status);
    expect(r.text).toMatch(/labels/);
    console.log(`label bomb (${(body.length / 1e6).toFixed(1)} MB snappy): ${r.status} ${r.text.trim()}; peak RSS grew ${(peakRssMb() - before).toFixed(0)} MB`);
    expect(peakRssMb() - before).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(await healthy()).toBe(true);
  }, 120_000);
});

describe('a large legitimate request', () => {
  it('stores a million samples while /-/healthy keeps answering', async () => {
    const nSeries = 10_000;
    const perSeries = 100;
    const end = Date.now() - 60_000;
    const msg = WriteRequestV1.create({
      timeseries: Array.from({ length: nSeries }, (_, i) => ({
        labels: [
          { name: Buffer.from('__name__'), value: Buffer.from('bulk_metric') },
          { name: Buffer.from('i'), value: Buffer.from(String(i)) },
        ],
        samples: Array.from({ length: perSeries }, (_, k) => ({ timestamp: end - (perSeries - k) * 1000, value: valueBits(i + k) })),
      })),
    });
    const body = snappyEncode(Buffer.from(WriteRequestV1.encode(msg).finish()));
    expect(await healthy()).toBe(true);

    let done = false;
    const latencies: number[] = [];
    const poll = (async () => {
      while (!done) {
        const t0 = performance.now();
        const ok = await healthy();
        latencies.push(ok ? performance.now() - t0 : Infinity);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    const r = await post(body, 120_000).finally(() => (done = true));
    const took = performance.now() - t0;
    await poll;
    expect(r.status, r.text).toBe(204);
    const worst = Math.max(...latencies);
    console.log(`remote write of ${nSeries * perSeries} samples (${(body.length / 1e6).toFixed(1)} MB snappy): ${took.toFixed(0)} ms; /-/healthy answered ${latencies.length} times, slowest ${worst.toFixed(0)} ms`);
    expect(latencies.length).toBeGreaterThan(3);
    expect(worst).toBeLessThan(MAX_HEALTH_MS);

    const count = await apiGet<{ data: { result: Array<{ value: [number, string] }> } }>(hearth.url, '/api/v1/query', {
      query: 'count(count_over_time(bulk_metric[10m]))',
      time: String((end + 1) / 1000),
    });
    expect(count.data.result[0]!.value[1]).toBe(String(nSeries));
    const sum = await apiGet<{ data: { result: Array<{ value: [number, string] }> } }>(hearth.url, '/api/v1/query', {
      query: 'sum(count_over_time(bulk_metric[10m]))',
      time: String((end + 1) / 1000),
    });
    expect(sum.data.result[0]!.value[1]).toBe(String(nSeries * perSeries));
  }, 180_000);
});
