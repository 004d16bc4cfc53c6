/**
 * Basic auth under a password flood (issue #15, item 4). Each wrong password costs a bcrypt
 * comparison (cost 10: about 0.1–0.2 s of CPU in bcryptjs). They used to run on the event
 * loop, so 120 wrong passwords from 30 connections held a correct /-/healthy for seconds.
 * Now they run in a worker, at most `maxPendingBcrypt` at once (429 beyond), and a user who
 * logged in recently is answered from the success cache without waiting for the worker.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApi } from '../harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'hearth-bcrypt-flood-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// bcrypt of "s3cret" at cost 10, the cost htpasswd and Prometheus's documentation use.
const HASH10 = '$2b$10$1IlkEyC8LPTnfqR3.a.M0.qukx1ut6cXQjKVHqsv9ogNfy3DwcBm2';
const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

function get(url: string, headers: Record<string, string>, agent?: Agent, localAddress?: string): Promise<{ status: number; ms: number; headers: Record<string, unknown> }> {
  const u = new URL(url);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const r = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers, agent, localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, headers: res.headers }));
    });
    r.on('error', reject);
    r.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('basic auth under a flood of wrong passwords', () => {
  it('keeps a correct /-/healthy fast: 120 wrong passwords from 30 connections', async () => {
    const file = join(tmp, 'web.yml');
    writeFileSync(file, `basic_auth_users:\n  alice: '${HASH10}'\n`);
    const h = await startApi({ access: { webConfigPath: file } });
    const flood = new Agent({ keepAlive: true, maxSockets: 30 });
    const probe = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const good = { Authorization: basic('alice', 's3cret') };
      // The user logged in before the flood began (a browser or Grafana keeps sending the same header).
      expect((await get(`${h.url}/-/healthy`, good, probe)).status).toBe(200);

      let sent = 0;
      const codes: number[] = [];
      const attacker = async () => {
        while (sent < 120) {
          const n = sent++;
          // Every password differs, so no cache of outcomes can help.
          codes.push((await get(`${h.url}/-/healthy`, { Authorization: basic('alice', `guess-${n}`) }, flood)).status);
        }
      };
      const attack = Promise.all(Array.from({ length: 30 }, attacker));
      const latencies: number[] = [];
      let attacking = true;
      void attack.then(() => (attacking = false));
      // Probe while the attack runs and while the comparisons it queued are still running.
      const until = performance.now() + 20_000;
      while ((attacking || latencies.length < 10) && performance.now() < until) {
        const r = await get(`${h.url}/-/healthy`, good, probe);
        expect(r.status).toBe(200);
        latencies.push(r.ms);
        await sleep(50);
      }
      await attack;
      const worst = Math.max(...latencies);
      console.log(`bcrypt flood: ${latencies.length} correct requests, worst ${worst.toFixed(1)} ms, median ${latencies.sort((a, b) => a - b)[latencies.length >> 1]!.toFixed(1)} ms; flood answers: ${codes.filter((c) => c === 401).length}x401 ${codes.filter((c) => c === 429).length}x429`);
      expect(worst).toBeLessThan(300);
      expect(codes).toHaveLength(120);
      expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
      // The bound on waiting comparisons: most of a burst is turned away at once.
      expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
      expect(codes.filter((c) => c === 401).length).toBeGreaterThan(0);
    } finally {
      flood.destroy();
      probe.destroy();
      await h.close();
    }
  });

  it('answers 429 with Retry-After when the comparisons are all taken, and checks again once they are free', async () => {
    const file = join(tmp, 'web-busy.yml');
    writeFileSync(file, `basic_auth_users:\n  alice: '${HASH10}'\n`);
    const h = await startApi({ access: { webConfigPath: file, maxPendingBcrypt: 2 } });
    try {
      const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => get(`${h.url}/-/healthy`, { Authorization: basic('alice', `no-${i}`) })));
      const busy = replies.filter((r) => r.status === 429);
      expect(replies.filter((r) => r.status === 401)).toHaveLength(2);
      expect(busy).toHaveLength(4);
      expect(busy[0]!.headers['retry-after']).toBe('1');
      expect(await h.registry.render()).toMatch(/hearth_http_refused_requests_total\{reason="basic_auth_busy"\} 4/);
      expect((await get(`${h.url}/-/healthy`, { Authorization: basic('alice', 's3cret') })).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('remembers successes only: a wrong password is compared every time, a right one once', async () => {
    const file = join(tmp, 'web-cache.yml');
    writeFileSync(file, `basic_auth_users:\n  alice: '${HASH10}'\n`);
    const h = await startApi({ access: { webConfigPath: file } });
    try {
      const first = await get(`${h.url}/-/healthy`, { Authorization: basic('alice', 's3cret') });
      expect(first.status).toBe(200);
      const again = await get(`${h.url}/-/healthy`, { Authorization: basic('alice', 's3cret') });
      expect(again.status).toBe(200);
      // A cost-10 comparison takes tens of milliseconds at least; a cache hit does not.
      expect(again.ms).toBeLessThan(first.ms);
      for (let i = 0; i < 2; i++) expect((await get(`${h.url}/-/healthy`, { Authorization: basic('alice', 'wrong') })).status).toBe(401);
      expect((await get(`${h.url}/-/healthy`, { Authorization: basic('mallory', 's3cret') })).status).toBe(401);
    } finally {
      await h.close();
    }
  });
});

describe('rate_limit', () => {
  it('counts per client address: one client spending its burst does not lock out another', async () => {
    const file = join(tmp, 'web-rate.yml');
    writeFileSync(file, 'rate_limit:\n  burst: 2\n  interval: 1h\n');
    const h = await startApi({ access: { webConfigPath: file } });
    try {
      const from = async (addr: string) => {
        const out: number[] = [];
        for (let i = 0; i < 3; i++) out.push((await get(`${h.url}/-/healthy`, {}, undefined, addr)).status);
        return out;
      };
      expect(await from('127.0.0.1')).toEqual([200, 200, 429]);
      // Linux routes all of 127.0.0.0/8 to loopback, so a second client address needs no setup.
      expect(await from('127.0.0.2')).toEqual([200, 200, 429]);
    } finally {
      await h.close();
    }
  });
});
