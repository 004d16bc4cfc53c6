/**
 * `npm start` on a machine without Electron's runtime: one line saying so, then the headless
 * core with its URL; no stack trace; SIGTERM stops it with exit code 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
// Where the Electron binary was downloaded, npm start opens the real app instead.
const electronInstalled = existsSync(join(root, 'node_modules/electron/dist'));

describe.skipIf(electronInstalled)('npm start without the Electron runtime (skipped: Electron is installed here)', () => {
  it('says so in one line, runs headless, prints the URL and stops cleanly', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-start-'));
    const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--web.listen-address', '127.0.0.1:0', '--storage.tsdb.path', dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const url = await new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no URL in 60 s:\n${out}\n${err}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
          if (m) {
            clearTimeout(timer);
            ok(m[1]!);
          }
        });
      });
      expect((await fetch(`${url}/-/ready`)).status).toBe(200);
      const notices = out.split('\n').filter((l) => /electron/i.test(l));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^Electron's runtime is not available here \(.+\); running Hearth headless instead\.$/);
      expect(out + err).not.toMatch(/^\s+at /m);
    } finally {
      const code = await new Promise<number | null>((ok) => {
        child.once('exit', (c) => ok(c));
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
      expect(code).toBe(0);
    }
  });
});
