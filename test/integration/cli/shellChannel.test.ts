/**
 * The core-to-shell channel with a real core: `hearth serve` forked with an IPC channel, as
 * the desktop shell starts it in development, announces itself with a typed ready message
 * and stops on the shell's typed stop message. Utility processes (the packaged app) use the
 * same messages over their parent port.
 */

import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCoreMessage, type CoreToShellMessage, type ShellToCoreMessage } from '../../../shared/shellMessages.js';
import { CLI, ROOT, freePort } from '../api/support.js';

const tmp = mkdtempSync(join(tmpdir(), 'hearth-shell-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('core-to-shell messages', () => {
  it('the core says it is ready with its URL, and stops when the shell asks', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    const port = await freePort();
    const child = fork(CLI, ['serve', `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${join(tmp, 'data')}`, '--log.level=warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    try {
      const ready = await new Promise<CoreToShellMessage>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no ready message in 20 s: ${stderr}`)), 20_000);
        child.on('message', (raw) => {
          const msg = parseCoreMessage(raw);
          if (msg === null) return;
          clearTimeout(timer);
          ok(msg);
        });
        void exited.then((code) => fail(new Error(`the core exited with ${code} before it was ready: ${stderr}`)));
      });
      expect(ready).toEqual({ type: 'hearth:ready', url: `http://127.0.0.1:${port}` });
      const stop: ShellToCoreMessage = { type: 'hearth:stop' };
      child.send(stop);
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
