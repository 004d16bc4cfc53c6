/**
 * Bad input end to end: real HTTP targets on loopback, the scrape manager, the memory store.
 * Every target first serves a good body; then all but one turn bad in a different way.
 * Each bad one must end in up 0 with a one-line error (naming the line where there is one),
 * store nothing of its bad body, leave what was stored before as it was, and not disturb
 * the good target.
 */

import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/core/config/parse.js';
import { ScrapeManager } from '../../../electron/core/scrape/manager.js';
import { MemoryStorage } from '../../../electron/core/storage/memory.js';
import { dumpStore } from '../../unit/core/scrape/helpers.js';
import { FixtureServer, TEXT, text, waitFor, type Handler } from './fixtureServer.js';

type Rows = Map<string, Array<[number, number | 'stale']>>;

const srv = new FixtureServer();
const store = new MemoryStorage();
let manager: ScrapeManager;
let phase1: Rows;
let final: ReturnType<ScrapeManager['targets']>;
let hugeBytesSent = 0;
let hugeClosedEarly = false;
let defaultCapBytesSent = 0;

/** A body that never ends, in 1 MiB chunks of valid samples, counting what was written. */
function endless(count: (n: number) => void, closed: () => void): Handler {
  return (req, res) => {
    res.writeHead(200, { 'Content-Type': TEXT });
    const line = 'filler_metric{pad="' + 'x'.repeat(60) + '"} 1\n';
    const chunk = Buffer.from(line.repeat(Math.ceil((1 << 20) / line.length)));
    let sent = 0;
    let stop = false;
    res.on('close', () => {
      stop = true;
      closed();
    });
    const pump = () => {
      while (!stop && sent < 10 * 1024 ** 3) {
        sent += chunk.length;
        count(chunk.length);
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!stop) res.end();
    };
    void req;
    pump();
  };
}

/** 64 MiB of samples that gzip to about 100 kB. */
const GZIP_BOMB = zlib.gzipSync(Buffer.from('bomb_metric 1\n'.repeat((64 * 1024 * 1024) / 14)), { level: 9 });

const BAD: Record<string, { handler: Handler; error: string | RegExp }> = {
  html: {
    handler: text('<!DOCTYPE html>\n<html><body>Login required</body></html>\n', 'text/html; charset=utf-8'),
    error: 'received unsupported Content-Type "text/html; charset=utf-8" and no fallback_scrape_protocol specified for target',
  },
  html_as_text: {
    handler: text('<!DOCTYPE html>\n<html><body>Login required</body></html>\n'),
    error: 'line 1: expected a valid start token, got "<" ("INVALID") while parsing: "<"',
  },
  truncated: {
    handler: text('ok_metric{src="truncated"} 999\nrequests_total{method="GE'),
    error: 'line 2: expected label value, got "\\"GE\\n" ("INVALID") while parsing: "requests_total{method=\\"GE\\n"',
  },
  cut_transfer: {
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': TEXT, 'Content-Length': '4000' });
      res.write('ok_metric{src="cut_transfer"} 999\nsecond_line 1\nthird_li');
      setTimeout(() => res.socket?.destroy(), 20);
    },
    error: /^unexpected EOF \(\d+ bytes read, in line 3\)$/,
  },
  huge: {
    handler: endless(
      (n) => (hugeBytesSent += n),
      () => (hugeClosedEarly = true),
    ),
    error: 'body size limit exceeded',
  },
  huge_default_cap: {
    handler: endless(
      (n) => (defaultCapBytesSent += n),
      () => {},
    ),
    error: 'body size limit exceeded',
  },
  gzip_bomb: {
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': TEXT, 'Content-Encoding': 'gzip' });
      res.end(GZIP_BOMB);
    },
    error: 'body size limit exceeded',
  },
  gzip_corrupt: {
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': TEXT, 'Content-Encoding': 'gzip' });
      res.end('ok_metric 1\n');
    },
    error: 'gzip: invalid header',
  },
  gzip_cut: {
    handler: (_req, res) => {
      const gz = zlib.gzipSync(Buffer.from('ok_metric{src="gzip_cut"} 999\n' + 'line_two 2\n'.repeat(3000)));
      res.writeHead(200, { 'Content-Type': TEXT, 'Content-Encoding': 'gzip', 'Content-Length': String(gz.length) });
      res.write(gz.subarray(0, gz.length >> 1));
      setTimeout(() => res.socket?.destroy(), 20);
    },
    error: /^unexpected EOF \(\d+ bytes read, in line \d+\)$/,
  },
  invalid_utf8: {
    handler: text(Buffer.concat([Buffer.from('ok_metric{src="invalid_utf8"} 999\nbad{v="'), Buffer.from([0xff, 0xfe]), Buffer.from('"} 1\n')])),
    error: 'line 2: invalid UTF-8 label value: "\\"\\xff\\xfe\\""',
  },
  duplicate: {
    handler: text('ok_metric{src="duplicate"} 999\n# TYPE dup gauge\ndup{a="1"} 1\ndup{a="1"} 2\n'),
    error: /^line 4: duplicate series dup\{a="1", instance="127\.0\.0\.1:\d+", job="duplicate"\} \(already on line 3\)$/,
  },
  garbage: {
    handler: text('ok_metric{src="garbage"} 999\nnode_load1 0.5 1700000000000 trailing garbage\n'),
    error: 'line 2: expected next entry after timestamp, got "t" ("INVALID") while parsing: "node_load1 0.5 1700000000000 t"',
  },
};

function goodBody(src: string, n: number): string {
  return `# HELP ok_metric A value that counts up.\n# TYPE ok_metric gauge\nok_metric{src="${src}"} ${n}\n`;
}

beforeAll(async () => {
  await srv.start();
  let n = 0;
  for (const name of ['good', ...Object.keys(BAD)]) {
    srv.routes.set('/' + name, (req, res) => text(goodBody(name, ++n))(req, res));
  }
  const jobs = ['good', ...Object.keys(BAD)]
    .map((name) => {
      const limit =
        name === 'huge' || name === 'gzip_bomb'
          ? '\n    body_size_limit: 1MB'
          : name === 'huge_default_cap'
            ? '\n    scrape_interval: 3s\n    scrape_timeout: 3s'
            : '';
      return `  - job_name: ${name}\n    metrics_path: /${name}${limit}\n    static_configs: [{targets: ['${srv.address}']}]`;
    })
    .join('\n');
  const cfg = parseConfig(`global: {scrape_interval: 400ms, scrape_timeout: 400ms}\nscrape_configs:\n${jobs}`, 'bad.yml');
  manager = new ScrapeManager({ appendable: store });
  manager.applyConfig(cfg);
  // Phase 1: everything good, every target scraped at least twice.
  await waitFor(() => [...srv.hits.values()].every((h) => h >= 2) && srv.hits.size === 1 + Object.keys(BAD).length, 10_000, 'two good scrapes of every target');
  await waitFor(() => manager.targets().active.every((t) => t.health === 'up'), 5_000, 'all targets up');
  phase1 = dumpStore(store);
  // Phase 2: the bad bodies.
  for (const [name, b] of Object.entries(BAD)) srv.routes.set('/' + name, b.handler);
  await waitFor(
    () => manager.targets().active.filter((t) => t.scrapePool !== 'good').every((t) => t.health === 'down'),
    20_000,
    'every bad target down',
  );
  final = manager.targets();
  await manager.stop();
}, 60_000);

afterAll(async () => {
  await manager?.stop();
  await srv.stop();
});

function status(pool: string) {
  return final.active.find((t) => t.scrapePool === pool);
}

describe('bad scrape bodies', () => {
  it.each(Object.entries(BAD))('%s: up 0 and a one-line error', (name, b) => {
    const t = status(name)!;
    expect(t.health).toBe('down');
    if (typeof b.error === 'string') expect(t.lastError).toBe(b.error);
    else expect(t.lastError).toMatch(b.error);
    expect(t.lastError).not.toMatch(/[\r\n]/);
    const rows = dumpStore(store);
    const up = rows.get(`up{instance="${srv.address}", job="${name}"}`)!;
    expect(up.at(-1)).toEqual([expect.any(Number), 0]);
  });

  it.each(Object.keys(BAD))('%s: nothing of the bad body stored, earlier data untouched', (name) => {
    const rows = dumpStore(store);
    const ok = rows.get(`ok_metric{instance="${srv.address}", job="${name}", src="${name}"}`)!;
    const before = phase1.get(`ok_metric{instance="${srv.address}", job="${name}", src="${name}"}`)!;
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(ok.slice(0, before.length)).toEqual(before);
    expect(ok.map(([, v]) => v)).not.toContain(999);
    // The failed scrape made the series stale, as Prometheus does.
    expect(ok.at(-1)![1]).toBe('stale');
    for (const key of rows.keys()) expect(key).not.toMatch(/^(bad|dup|requests_total|second_line|node_load1|filler_metric|bomb_metric|line_two)\{/);
  });

  it('the good target is unaffected', () => {
    const t = status('good')!;
    expect(t.health).toBe('up');
    expect(t.lastError).toBe('');
    const rows = dumpStore(store);
    const up = rows.get(`up{instance="${srv.address}", job="good"}`)!;
    expect(up.length).toBeGreaterThanOrEqual(3);
    expect(up.every(([, v]) => v === 1)).toBe(true);
    const ok = rows.get(`ok_metric{instance="${srv.address}", job="good", src="good"}`)!;
    expect(ok.every(([, v]) => typeof v === 'number')).toBe(true);
  });

  it('a body over body_size_limit is abandoned, not read to the end', () => {
    expect(hugeClosedEarly).toBe(true);
    // 1 MB limit: the client stopped after a few MiB at most (socket buffers hold a little more).
    expect(hugeBytesSent).toBeLessThan(64 * 1024 ** 2);
  });

  it('without body_size_limit, a default cap stops an endless body long before 10 GB', () => {
    expect(defaultCapBytesSent).toBeGreaterThan(100 * 1024 ** 2);
    expect(defaultCapBytesSent).toBeLessThan(400 * 1024 ** 2);
  });
});
