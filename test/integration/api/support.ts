/**
 * Real processes for the API's integration tests: `hearth serve` from the build (npm test
 * builds first), and Debian's Prometheus 2.42 and promtool when installed (.ci/run installs
 * them). Every process gets its own free loopback port and data directory; the packaged
 * services are never used. Tests that need Prometheus skip with the reason in their name.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist/electron/core/cli.js');
export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';
export const HAVE_PROMETHEUS = existsSync(PROMETHEUS) && existsSync(PROMTOOL);
export const NO_PROMETHEUS_REASON = `SKIPPED: ${PROMETHEUS} and ${PROMTOOL} are not installed (apt-get install prometheus; .ci/run does)`;
/** The reference data and tools handed to the team, beside the checkout. */
export const SHARED_BENCH = resolve(ROOT, '..', 'shared', 'bench');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface Proc {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

function stopper(child: ChildProcess): () => Promise<number | null> {
  return () =>
    new Promise((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        ok(child.exitCode);
        return;
      }
      const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', (code) => {
        clearTimeout(hard);
        ok(code);
      });
      child.kill('SIGTERM');
    });
}

/** Starts `hearth serve` with the given flags and waits for its "running at" line. */
export async function startHearth(dataDir: string, flags: string[] = [], port?: number): Promise<Proc> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  port ??= await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${dataDir}`, '--log.level=warn', ...flags], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`hearth serve did not start in 30 s: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (https?:\/\/\S+?)\/?\s/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`hearth serve exited ${code}: ${out}`));
    });
  });
  return { url, port, child, output: () => out, stop: stopper(child) };
}

/** Starts Prometheus on a free port with its own data directory and waits until it is ready. */
export async function startPrometheus(dir: string, configYaml: string, extraFlags: string[] = [], port?: number): Promise<Proc> {
  port ??= await freePort();
  const config = join(dir, 'prometheus.yml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(config, configYaml);
  const child = spawn(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...extraFlags],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const proc: Proc = { url, port, child, output: () => out, stop: stopper(child) };
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${out}`);
    try {
      return (await fetch(`${url}/-/ready`)).status === 200;
    } catch {
      return false;
    }
  }, 30_000, `prometheus ready (${out})`);
  return proc;
}

export async function waitFor(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function apiGet<T = any>(base: string, path: string, params: Record<string, string | string[]> = {}): Promise<T> {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  const res = await fetch(`${base}${path}?${p}`);
  const body = (await res.json()) as { status: string; error?: string };
  if (body.status !== 'success') throw new Error(`${base}${path}: ${res.status} ${body.error}`);
  return body as T;
}

/** Series of a matrix or vector result as a map from canonical labels to [ms, value] points. */
export function pointsByLabels(data: { resultType: string; result: any[] }): Map<string, Array<[number, string]>> {
  const m = new Map<string, Array<[number, string]>>();
  for (const s of data.result) {
    const key = JSON.stringify(Object.entries(s.metric as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1)));
    const pts: Array<[number, string]> = data.resultType === 'matrix' ? s.values : [s.value];
    m.set(key, pts.map(([t, v]) => [Math.round(t * 1000), v]));
  }
  return m;
}
