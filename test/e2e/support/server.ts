import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningHearth {
  url: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '..', '..', '..');

/** Starts the built `hearth serve` on `listen` (a free loopback port by default) with a fresh data dir. */
export async function startHearth(extraArgs: string[] = [], listen = '127.0.0.1:0'): Promise<RunningHearth> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-'));
  const child = spawn(
    process.execPath,
    [join(root, 'dist/electron/core/cli.js'), 'serve', '--web.listen-address', listen, '--storage.tsdb.path', dataDir, ...extraArgs],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`hearth serve did not start in 30 s:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`hearth serve exited with ${code} before it was ready:\n${stderr}`));
    });
  });
  return {
    url,
    dataDir,
    child,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) {
          rmSync(dataDir, { recursive: true, force: true });
          ok();
          return;
        }
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          ok();
        });
        child.kill('SIGTERM');
      }),
  };
}
