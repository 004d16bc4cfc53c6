/**
 * `hearth serve` as a user runs it: the built CLI in a child process (npm test builds first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'dist/electron/core/cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-cli-'));

function hearth(args: string[], timeout = 20_000) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: ReturnType<typeof hearth>, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^hearth: error: /);
  expect(lines[0]).toMatch(pattern);
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hearth CLI', () => {
  it('prints help for every command and exits 0', () => {
    const r = hearth(['serve', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--config.file', '--web.listen-address', '--storage.tsdb.path', '--storage.tsdb.retention.time', '--query.timeout', '--web.max-connections']) {
      expect(r.stdout).toContain(f);
    }
    expect(hearth(['--help']).stdout).toContain('serve');
    expect(hearth(['version']).stdout).toMatch(/^hearth, version \d+\.\d+\.\d+/);
  });

  it('refuses unknown flags and bad values in one line with exit code 2', () => {
    expectOneLineError(hearth(['serve', '--nope']), /unknown long flag '--nope'/);
    expectOneLineError(hearth(['serve', '--web.listen-address=nowhere']), /'--web.listen-address'/);
    expectOneLineError(hearth(['serve', '--storage.tsdb.retention.time=forever']), /'--storage.tsdb.retention.time'/);
    expectOneLineError(hearth(['serve', '--web.max-connections=0']), /'--web.max-connections': expected at least 1/);
    expectOneLineError(hearth(['frobnicate']), /unknown command 'frobnicate'/);
  });

  it('refuses a data dir that cannot be written, naming the path', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const dir = join(file, 'data');
    expectOneLineError(hearth(['serve', '--web.listen-address=127.0.0.1:0', `--storage.tsdb.path=${dir}`]), new RegExp(escape(dir)));
  });

  it('refuses a config file that does not exist or does not parse, naming the path or line', () => {
    const missing = join(tmp, 'missing.yml');
    expectOneLineError(hearth(['serve', '--web.listen-address=127.0.0.1:0', `--storage.tsdb.path=${join(tmp, 'd1')}`, `--config.file=${missing}`]), new RegExp(escape(missing)));
    const bad = join(tmp, 'bad.yml');
    writeFileSync(bad, 'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: x\n    no_such_field: 1\n');
    expectOneLineError(hearth(['serve', '--web.listen-address=127.0.0.1:0', `--storage.tsdb.path=${join(tmp, 'd2')}`, `--config.file=${bad}`]), /line 5/);
  });

  it('refuses a port in use, naming it, and leaves the data dir unlocked', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    const dir = join(tmp, 'd3');
    try {
      expectOneLineError(hearth(['serve', `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${dir}`]), new RegExp(`127\\.0\\.0\\.1:${port}.*in use`));
    } finally {
      blocker.close();
    }
    // Nothing half-started: the same data dir opens at once afterwards.
    const s = await startServe(['--web.listen-address=127.0.0.1:0', `--storage.tsdb.path=${dir}`]);
    await s.stop();
  });

  it('serves health, readiness, build info and plain selectors, and exits 0 on SIGTERM', async () => {
    const s = await startServe(['--web.listen-address=127.0.0.1:0', `--storage.tsdb.path=${join(tmp, 'd4')}`]);
    try {
      expect((await fetch(`${s.url}/-/healthy`)).status).toBe(200);
      expect((await fetch(`${s.url}/-/ready`)).status).toBe(200);
      const bi = (await (await fetch(`${s.url}/api/v1/status/buildinfo`)).json()) as { status: string; data: { version: string } };
      expect(bi.status).toBe('success');
      expect(bi.data.version).toMatch(/^3\.\d+\.\d+$/);
      expect(bi.data).not.toHaveProperty('features');
      const q = (await (await fetch(`${s.url}/api/v1/query?query=up&time=${Date.now() / 1000}`)).json()) as { status: string; data: { resultType: string } };
      expect(q).toMatchObject({ status: 'success', data: { resultType: 'vector' } });
      const bad = await fetch(`${s.url}/api/v1/query?query=sum(`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ status: 'error', errorType: 'bad_data' });
      expect((await fetch(`${s.url}/api/v1/nope`)).status).toBe(404);
      const page = await fetch(`${s.url}/`);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    } finally {
      const code = await s.stop();
      expect(code).toBe(0);
    }
  });
});

describe('hearth serve behind --web.config.file', () => {
  it('keeps scraping itself with the built-in config: its jobs present the per-install token', { timeout: 60_000 }, async () => {
    // bcrypt of "s3cret", cost 4.
    const web = join(tmp, 'web.yml');
    writeFileSync(web, "basic_auth_users:\n  alice: '$2b$04$r/s2Rk9dBuNTPtnVYfN.3uMz43k5VusLzKQuLozk.LBkOgN.xMk5i'\n");
    const s = await startServe(['--web.listen-address=127.0.0.1:0', `--storage.tsdb.path=${join(tmp, 'd5')}`, `--web.config.file=${web}`]);
    const alice = { Authorization: 'Basic ' + Buffer.from('alice:s3cret').toString('base64') };
    try {
      expect((await fetch(`${s.url}/api/v1/query?query=up`)).status).toBe(401);
      // The first scrapes land within one 15 s interval.
      let ups: Array<{ metric: { job: string }; value: [number, string] }> = [];
      for (let i = 0; i < 40 && ups.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 500));
        const body = (await (await fetch(`${s.url}/api/v1/query?query=up`, { headers: alice })).json()) as { data: { result: typeof ups } };
        ups = body.data.result;
      }
      expect(ups.map((u) => [u.metric.job, u.value[1]]).sort()).toEqual([
        ['hearth', '1'],
        ['node', '1'],
      ]);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function startServe(args: string[]): Promise<{ url: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((ok) => {
        child.once('exit', (code) => ok(code));
        child.kill('SIGTERM');
      }),
  };
}
