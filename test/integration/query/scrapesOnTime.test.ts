/**
 * The promise of the query service, end to end: heavy metadata reads and federation over a
 * large database never delay scraping. A real `hearth serve` holds 200,000 series and scrapes
 * 20 loopback targets every second while this test keeps federating and listing labels,
 * label values and series over all of them; every scrape must reach its target within 250 ms
 * of its slot on the scrape manager's one-second grid.
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
const LOAD_MS = 20_000;

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
  await fill(join(dir, 'data'));
  for (let i = 0; i < TARGETS; i++) targets.push(await target(i));
  const cfg = join(dir, 'prometheus.yml');
  const addrs = targets.map((t) => `'127.0.0.1:${(t.server.address() as AddressInfo).port}'`).join(', ');
  writeFileSync(cfg, `global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n  - job_name: probes\n    static_configs:\n      - targets: [${addrs}]\n`);
  hearth = await startHearth(join(dir, 'data'), [`--config.file=${cfg}`]);
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
      { path: '/api/v1/label/series/values', check: (b) => expect(countByte(b, 0x2c)).toBe(SERIES - 1) },
      { path: '/api/v1/labels', check: (b) => expect(new TextDecoder().decode(b)).toContain('"series"') },
      { path: `/api/v1/label/instance/values?match[]=${encodeURIComponent('{job="bulk"}')}`, check: (b) => expect(countByte(b, 0x2c)).toBe(999) },
    ];
    const from = targets.map((t) => t.arrivals.length);
    const startedAt = performance.now();
    let done = 0;
    // Two clients at once, as a dashboard and a federating Prometheus would be.
    const client = async (offset: number) => {
      for (let k = offset; performance.now() - startedAt < LOAD_MS; k++) {
        const r = requests[k % requests.length]!;
        const { status, bytes } = await fetchBytes(base + r.path);
        expect(status, r.path).toBe(200);
        r.check(bytes);
        done++;
      }
    };
    await Promise.all([client(0), client(2)]);

    const lateness = targets.map((t, i) => worstLateness(t.arrivals.slice(from[i]! > 0 ? from[i]! - 1 : 0)));
    const worst = Math.max(...lateness);
    console.log(`scrapes on time: ${done} heavy requests in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; worst scrape lateness ${worst.toFixed(0)} ms over ${TARGETS} targets`);
    // The load was real: every endpoint answered over all the series more than once.
    expect(done).toBeGreaterThanOrEqual(2 * requests.length);
    for (const [i, t] of targets.entries()) expect(t.arrivals.length - from[i]!, `target ${i} scrapes`).toBeGreaterThanOrEqual(Math.floor(LOAD_MS / INTERVAL_MS) - 2);
    expect(worst).toBeLessThanOrEqual(MAX_LATE_MS);
  }, 90_000);
});
