/**
 * A target whose gzip body is larger than a mebibyte: the client inflates every scrape after
 * the first into the buffer of the one before. Bodies change length and values between
 * scrapes, so a stale byte of an earlier body would show up as a wrong value or series.
 */

import zlib from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/core/config/parse.js';
import { ScrapeManager } from '../../../electron/core/scrape/manager.js';
import { MemoryStorage } from '../../../electron/core/storage/memory.js';
import { dumpStore } from '../../unit/core/scrape/helpers.js';
import { FixtureServer, TEXT, waitFor } from './fixtureServer.js';

const SERIES = 20_000;
const srv = new FixtureServer();
const store = new MemoryStorage();
let manager: ScrapeManager | null = null;

/** Scrape n: series k has the value n * 1e6 + k; every other scrape leaves out the last 1,000 series. */
function body(n: number): Buffer {
  const count = n % 2 === 0 ? SERIES : SERIES - 1000;
  let s = '# HELP big_metric A large body.\n# TYPE big_metric gauge\n';
  for (let k = 0; k < count; k++) s += `big_metric{index="${k}",pad="${'x'.repeat(k % 37)}"} ${n * 1e6 + k}\n`;
  return Buffer.from(s);
}

afterAll(async () => {
  await manager?.stop();
  await srv.stop();
});

it('stores every scrape of a large gzip body whole and right', async () => {
  let n = 0;
  srv.routes.set('/big', (req, res) => {
    const b = body(n++);
    expect(b.length).toBeGreaterThan(1 << 20);
    res.writeHead(200, { 'Content-Type': TEXT, 'Content-Encoding': 'gzip' });
    res.end(zlib.gzipSync(b));
  });
  await srv.start();
  manager = new ScrapeManager({ appendable: store, skipOffset: true });
  manager.applyConfig(
    parseConfig(
      `global: {scrape_interval: 300ms, scrape_timeout: 250ms}
scrape_configs:
  - job_name: big
    metrics_path: /big
    static_configs: [{targets: ['${srv.address}']}]
`,
      'big.yml',
    ),
  );
  await waitFor(() => n >= 5 && manager!.targets().active[0]!.lastScrape > 0, 20_000, 'five scrapes');
  await manager.stop();
  expect(manager.targets().active[0]?.lastError ?? '').toBe('');

  const dump = dumpStore(store);
  // Per timestamp: the scrape number every series of that scrape agrees on.
  const scrapeAt = new Map<number, number>();
  let checked = 0;
  for (const [key, rows] of dump) {
    const m = /^big_metric\{index="(\d+)", instance="[^"]+", job="big", pad="(x*)"\}$/.exec(key);
    if (!m) continue;
    const k = Number(m[1]);
    expect(m[2]!.length).toBe(k % 37);
    for (const [t, v] of rows) {
      if (v === 'stale') {
        expect(k).toBeGreaterThanOrEqual(SERIES - 1000);
        continue;
      }
      expect((v - k) % 1e6).toBe(0);
      const scrape = (v - k) / 1e6;
      expect(scrapeAt.get(t) ?? scrape).toBe(scrape);
      scrapeAt.set(t, scrape);
      checked++;
    }
  }
  expect(dump.size).toBeGreaterThanOrEqual(SERIES);
  expect(scrapeAt.size).toBeGreaterThanOrEqual(4);
  expect(checked).toBeGreaterThanOrEqual(4 * (SERIES - 1000));
}, 30_000);
