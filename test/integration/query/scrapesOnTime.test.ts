/**
 * The promise of the query service, end to end: heavy metadata reads and federation over a
 * large database never delay scraping. A real `hearth serve` holds 200,000 series and scrapes
 * 20 loopback targets every second while this test keeps federating and listing labels,
 * label values and series over all of them; no scrape may start more than 250 ms after its
 * slot on the scrape manager's one-second grid, by the manager's own measure (its
 * hearth_scrape_lateness_seconds_max). The arrivals at the targets are reported beside it;
 * they also carry this test process's own delays, so they are not what is asserted.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, startHearth, tempDir, waitFor, type Proc } from '../api/support.js';

const SERIES = 200_000;
const TARGETS = 20;
const INTERVAL_MS = 1000;
const MAX_LATE_MS = 250;
const LOAD_MS = 15_000;

type TsdbMod = typeof import('../../../electron/core/tsdb/index.js');
type LabelsMod = typeof import('../../../electron/core/model/labels.js');

const dir = tempDir('hearth-scrapes-on-time-');
const targets: Array<{ server: Server; arrivals: number[] }> = [];
let hearth: Proc | null = null;

/** 200,000 series with their newest sample a few seconds ago, written through the appender. */
async function fill(dataDir: string): Promise<void> {
  const { TSDB } = (await import(join(ROOT, 'dist/electron/core/tsdb/index.js'))) as TsdbMod;
  const { Labels } = (await import(join(ROOT, 'dist/electron/core/model/labels.js'))) as LabelsMod;
  const db = TSDB.open(dataDir, { housekeepingIntervalMs: 0 });
  try {
    const t = Date.now() - 5_000;
    const BATCH = 20_000;
    for (let start = 0; start < SERIES; start += BATCH) {
      const app = db.appender();
      for (let i = start; i < start + BATCH; i++) {
        const l = Labels.fromObject({ __name__: `bulk_metric_${i % 100}`, job: 'bulk', instance: `host-${i % 1000}`, series: String(i) });
        app.append(0, l, t, i);
      }
      app.commit();
    }
  } finally {
    db.close();
  }
}

/** A small exposition server that records when each scrape arrives. */
async function target(i: number): Promise<{ server: Server; arrivals: number[] }> {
  const arrivals: number[] = [];
  const body = `# TYPE probe_value gauge\nprobe_value{target="${i}"} ${i}\n`;
  const server = createServer((req, res) => {
    arrivals.push(performance.now());
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, arrivals };
}

/**
 * How late the latest scrape of a target came, ms: arrivals are put on the target's one-second
 * grid (its phase is the earliest arrival modulo the interval), and a skipped slot counts as
 * late by the whole gap.
 */
function worstLateness(arrivals: readonly number[]): number {
  if (arrivals.length < 2) return Infinity;
  const a0 = arrivals[0]!;
  let phase = Infinity;
  for (const a of arrivals) phase = Math.min(phase, a - Math.round((a - a0) / INTERVAL_MS) * INTERVAL_MS);
  let worst = 0;
  for (let i = 0; i < arrivals.length; i++) {
    const a = arrivals[i]!;
    worst = Math.max(worst, a - Math.round((a - a0) / INTERVAL_MS) * INTERVAL_MS - phase);
    if (i > 0) worst = Math.max(worst, a - arrivals[i - 1]! - INTERVAL_MS);
  }
  return worst;
}

/** The scrape manager's own lateness figures from /metrics. */
async function scrapeLateness(base: string): Promise<{ maxMs: number; late: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const num = (name: string) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    if (!m) throw new Error(`${name} is missing from /metrics`);
    return Number(m[1]);
  };
  return { maxMs: num('hearth_scrape_lateness_seconds_max') * 1000, late: num('hearth_scrape_late_total') };
}

/** Reads a body as bytes without parsing it (this process must stay free to note arrivals). */
async function fetchBytes(url: string): Promise<{ status: number; bytes: Uint8Array }> {
  const res = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

function countByte(b: Uint8Array, byte: number): number {
  let n = 0;
  for (let i = b.indexOf(byte); i >= 0; i = b.indexOf(byte, i + 1)) n++;
  return n;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  let t0 = performance.now();
  await fill(join(dir, 'data'));
  console.log(`scrapes on time: ${SERIES} series written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  for (let i = 0; i < TARGETS; i++) targets.push(await target(i));
  const cfg = join(dir, 'prometheus.yml');
  const addrs = targets.map((t) => `'127.0.0.1:${(t.server.address() as AddressInfo).port}'`).join(', ');
  writeFileSync(cfg, `global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n  - job_name: probes\n    static_configs:\n      - targets: [${addrs}]\n`);
  hearth = await startHearth(join(dir, 'data'), [`--config.file=${cfg}`]);
  console.log(`scrapes on time: hearth serve started in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}, 120_000);

afterAll(async () => {
  await hearth?.stop();
  for (const t of targets) await new Promise<void>((r) => t.server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('scrapes stay on time while the query service reads 200,000 series', () => {
  it('federates and lists labels, label values and series with no scrape more than 250 ms late', async () => {
    const base = hearth!.url;
    // Every target scraped twice: the scrape loops are running.
    await waitFor(() => targets.every((t) => t.arrivals.length >= 2), 15_000, 'first scrapes');

    const requests: Array<{ path: string; check: (b: Uint8Array) => void }> = [
      {
        path: `/federate?match[]=${encodeURIComponent('{__name__=~"bulk_metric_.+"}')}`,
        // A TYPE line per family plus a line per series.
        check: (b) => expect(countByte(b, 0x0a)).toBe(SERIES + 100),
      },
      { path: `/api/v1/series?match[]=${encodeURIComponent('{job="bulk"}')}`, check: (b) => expect(countByte(b, 0x7b)).toBe(SERIES + 1) },
      // Commas: between the values, and one after the envelope's status.
      { path: '/api/v1/label/series/values', check: (b) => expect(countByte(b, 0x2c)).toBe(SERIES) },
      { path: '/api/v1/labels', check: (b) => expect(new TextDecoder().decode(b)).toContain('"series"') },
      { path: `/api/v1/label/instance/values?match[]=${encodeURIComponent('{job="bulk"}')}`, check: (b) => expect(countByte(b, 0x2c)).toBe(1000) },
    ];
    const before = await scrapeLateness(base);
    const from = targets.map((t) => t.arrivals.length);
    const startedAt = performance.now();
    const answered = new Map<string, number>();
    let done = 0;
    // Two clients at once, as a dashboard and a federating Prometheus would be.
    const client = async (offset: number) => {
      // Each client sends every request at least once, then keeps going until the load time is over.
      for (let k = offset; k - offset < requests.length || performance.now() - startedAt < LOAD_MS; k++) {
        const r = requests[k % requests.length]!;
        const { status, bytes } = await fetchBytes(base + r.path);
        expect(status, r.path).toBe(200);
        r.check(bytes);
        answered.set(r.path, (answered.get(r.path) ?? 0) + 1);
        done++;
      }
    };
    await Promise.all([client(0), client(2)]);

    const after = await scrapeLateness(base);
    const arrivalLateness = Math.max(...targets.map((t, i) => worstLateness(t.arrivals.slice(from[i]! > 0 ? from[i]! - 1 : 0))));
    console.log(
      `scrapes on time: ${done} heavy requests in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; ` +
        `latest scrape start ${after.maxMs.toFixed(0)} ms after its slot (before the load ${before.maxMs.toFixed(0)} ms), ` +
        `${after.late - before.late} scrapes more than 100 ms late; worst arrival at a target ${arrivalLateness.toFixed(0)} ms off the grid`,
    );
    // The load was real: every request answered over all the series while the targets were scraped.
    for (const r of requests) expect(answered.get(r.path) ?? 0, r.path).toBeGreaterThanOrEqual(1);
    for (const [i, t] of targets.entries()) expect(t.arrivals.length - from[i]!, `target ${i} scrapes`).toBeGreaterThanOrEqual(Math.floor(LOAD_MS / INTERVAL_MS) - 2);
    expect(after.maxMs).toBeLessThanOrEqual(MAX_LATE_MS);
  }, 90_000);
});
