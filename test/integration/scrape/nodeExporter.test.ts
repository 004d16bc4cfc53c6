/**
 * Scrapes Debian's real prometheus-node-exporter when it is installed (CI installs it):
 * sample counts, exact build_info labels from `--version`, metadata, and a counter that
 * only goes up. Without the binary the test is reported as skipped, with the reason.
 */

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/core/config/parse.js';
import { Entry, PromParser } from '../../../electron/core/scrape/textparse/index.js';
import { ScrapeManager, type TargetStatus } from '../../../electron/core/scrape/manager.js';
import { MemoryStorage } from '../../../electron/core/storage/memory.js';
import { dumpStore } from '../../unit/core/scrape/helpers.js';
import { waitFor } from './fixtureServer.js';

const BIN = '/usr/bin/prometheus-node-exporter';
const HAVE = fs.existsSync(BIN);

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Accept: 'text/plain;version=0.0.4' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

let child: ChildProcess | null = null;

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('real node_exporter', () => {
  it.skipIf(!HAVE)(
    HAVE ? 'scrapes prometheus-node-exporter: counts, build_info, metadata, monotonic counter' : `SKIPPED: ${BIN} is not installed (apt-get install prometheus-node-exporter)`,
    async () => {
      const version = execFileSync(BIN, ['--version'], { encoding: 'utf8' });
      const want = {
        version: /version (\S+)/.exec(version)![1]!,
        goversion: /go version:\s+(\S+)/.exec(version)![1]!,
      };
      const port = await freePort();
      child = spawn(BIN, [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
      const url = `http://127.0.0.1:${port}/metrics`;
      let ready = false;
      for (let i = 0; i < 100 && !ready; i++) {
        ready = await get(url).then((r) => r.status === 200, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(true);

      const store = new MemoryStorage();
      const m = new ScrapeManager({ appendable: store, skipOffset: true });
      m.applyConfig(
        parseConfig(
          `global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n  - job_name: node\n    static_configs: [{targets: ['127.0.0.1:${port}']}]`,
          'node.yml',
        ),
      );
      let target: TargetStatus | undefined;
      const upSeries = `up{instance="127.0.0.1:${port}", job="node"}`;
      await waitFor(() => (dumpStore(store).get(upSeries)?.length ?? 0) >= 2, 10_000, 'two scrapes of node_exporter');
      target = m.targets().active[0];
      const meta = m.metadata()[0]!.metadata;
      await m.stop();

      expect(target?.health).toBe('up');
      expect(target?.lastError).toBe('');
      const rows = dumpStore(store);
      expect(rows.get(upSeries)!.every(([, v]) => v === 1)).toBe(true);

      // The number of samples matches an independent read of the endpoint.
      const scraped = rows.get(`scrape_samples_scraped{instance="127.0.0.1:${port}", job="node"}`)!;
      const independent = await get(url);
      const p = new PromParser(Buffer.from(independent.body));
      let n = 0;
      for (let e = p.next(); e !== Entry.EOF; e = p.next()) if (e === Entry.Series) n++;
      expect(n).toBeGreaterThan(200);
      expect(Math.abs((scraped[0]![1] as number) - n)).toBeLessThanOrEqual(Math.ceil(n * 0.02));
      const stored = [...rows.keys()].filter((k) => k.includes(`job="node"`) && !/^(up|scrape_)/.test(k)).length;
      expect(stored).toBe(scraped.at(-1)![1]);

      // Exact labels of node_exporter_build_info, from the binary's own --version.
      const bi = [...rows.entries()].find(([k]) => k.startsWith('node_exporter_build_info{'))!;
      expect(bi[0]).toContain(`version="${want.version}"`);
      expect(bi[0]).toContain(`goversion="${want.goversion}"`);
      expect(bi[0]).toContain(`instance="127.0.0.1:${port}"`);
      expect(bi[1].every(([, v]) => v === 1)).toBe(true);

      // A counter never goes down between scrapes.
      const cpu = [...rows.entries()].find(([k]) => k.startsWith('node_cpu_seconds_total{') && k.includes('mode="idle"'))!;
      const vals = cpu[1].map(([, v]) => v as number);
      expect(vals.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < vals.length; i++) expect(vals[i]!).toBeGreaterThanOrEqual(vals[i - 1]!);

      // Metadata as exposed.
      expect(meta.find((x) => x.metric === 'node_cpu_seconds_total')).toEqual({
        metric: 'node_cpu_seconds_total',
        type: 'counter',
        help: 'Seconds the CPUs spent in each mode.',
        unit: '',
      });
    },
    30_000,
  );
});
