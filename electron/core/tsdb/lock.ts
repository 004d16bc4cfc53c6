/**
 * The data directory's lock, as Prometheus keeps one: a `lock` file holding the owner's pid.
 * Node has no flock(), so liveness decides: a lock whose pid is gone (the owner was killed)
 * is taken over; a live one refuses at once with an error naming the directory.
 */

import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DirLock {
  private released = false;

  private constructor(
    readonly dir: string,
    private readonly path: string,
  ) {}

  static acquire(dir: string): DirLock {
    const abs = resolve(dir);
    const path = join(abs, 'lock');
    if (held.has(abs)) throw new Error(`lock DB directory: ${abs} is already open in this process`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        try {
          writeSync(fd, `${process.pid}\n`);
        } finally {
          closeSync(fd);
        }
        held.add(abs);
        return new DirLock(abs, path);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code !== 'EEXIST') throw new Error(`lock DB directory: cannot create ${path}: ${err.message}`);
      }
      let pid = NaN;
      try {
        pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      } catch {
        // Vanished between open and read: try again.
      }
      if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) {
        throw new Error(`lock DB directory: ${abs} is in use by another process (pid ${pid}); is another Hearth running on it?`);
      }
      // Stale lock of a process that is gone.
      rmSync(path, { force: true });
    }
    throw new Error(`lock DB directory: could not take ${path}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.dir);
    try {
      const pid = Number.parseInt(readFileSync(this.path, 'utf8'), 10);
      if (pid === process.pid) rmSync(this.path, { force: true });
    } catch {
      // Already gone.
    }
  }
}
