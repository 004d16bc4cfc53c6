/**
 * statfs(2) with node_exporter's mount timeout. A mount point whose statfs has not answered
 * within the timeout (a dead NFS server, a hung FUSE daemon) is marked stuck: it reads as an
 * error and is not asked again until the hung call returns, so one bad mount neither slows
 * every scrape nor fills libuv's thread pool with blocked calls.
 */

import type { HostIo, StatFs } from './context.js';

export class StatfsGuard {
  private readonly stuck = new Set<string>();

  constructor(private readonly timeoutMs: number) {}

  /** The statistics of `path`, or null when statfs failed, timed out, or is still stuck. */
  stat(io: HostIo, path: string): Promise<StatFs | null> {
    if (this.stuck.has(path)) return Promise.resolve(null);
    const call = io.statfs(path).then(
      (st): StatFs | null => st,
      () => null,
    );
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.stuck.add(path);
        void call.then(() => this.stuck.delete(path));
        resolve(null);
      }, this.timeoutMs);
      timer.unref?.();
      void call.then((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  /** Paths currently considered stuck (for tests and diagnostics). */
  stuckPaths(): string[] {
    return [...this.stuck];
  }
}
