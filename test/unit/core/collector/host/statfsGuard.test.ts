import { describe, expect, it } from 'vitest';
import { nodeIo, type HostIo, type StatFs } from '../../../../../electron/core/collector/host/context.js';
import { StatfsGuard } from '../../../../../electron/core/collector/host/statfsGuard.js';

const ST: StatFs = { bsize: 4096, blocks: 10, bfree: 5, bavail: 4, files: 3, ffree: 2 };

describe('StatfsGuard', () => {
  it('answers, fails, and times out a hung call without asking again until it returns', async () => {
    let release: (st: StatFs) => void = () => {};
    let calls = 0;
    const io: HostIo = {
      ...nodeIo,
      statfs: (p) => {
        calls++;
        if (p === '/ok') return Promise.resolve(ST);
        if (p === '/bad') return Promise.reject(new Error('EIO'));
        return new Promise((r) => (release = r));
      },
    };
    const g = new StatfsGuard(20);
    expect(await g.stat(io, '/ok')).toBe(ST);
    expect(await g.stat(io, '/bad')).toBeNull();
    expect(await g.stat(io, '/hung')).toBeNull();
    expect(g.stuckPaths()).toEqual(['/hung']);
    expect(await g.stat(io, '/hung')).toBeNull();
    expect(calls).toBe(3);
    release(ST);
    await new Promise((r) => setImmediate(r));
    expect(g.stuckPaths()).toEqual([]);
  });

  it('uses the real statfs by default', async () => {
    const st = await new StatfsGuard(5000).stat(nodeIo, process.cwd());
    expect(st!.blocks).toBeGreaterThan(0);
    expect(st!.bsize).toBeGreaterThan(0);
  });
});
