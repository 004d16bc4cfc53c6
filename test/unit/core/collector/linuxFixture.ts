/**
 * A private copy of test/fixtures/collector/linux with its symbolic links and ':' names made
 * (see layout.json), plus the fakes the Linux host collector test needs: a fixed clock, a
 * statfs answering from a table, and os facts.
 */

import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostIo, OsFacts, StatFs } from '../../../../electron/core/collector/index.js';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/collector/linux');

export interface LinuxFixture {
  readonly root: string;
  readonly procPath: string;
  readonly sysPath: string;
  readonly rootfsPath: string;
  readonly udevDataPath: string;
  cleanup(): void;
}

export function prepareLinuxFixture(): LinuxFixture {
  const root = mkdtempSync(join(tmpdir(), 'hearth-collector-'));
  cpSync(FIXTURE, root, { recursive: true });
  const layout = JSON.parse(readFileSync(join(FIXTURE, 'layout.json'), 'utf8')) as {
    symlinks: Record<string, string>;
    renames: Record<string, string>;
  };
  for (const [from, to] of Object.entries(layout.renames)) renameSync(join(root, from), join(root, to));
  for (const [link, target] of Object.entries(layout.symlinks)) {
    mkdirSync(dirname(join(root, link)), { recursive: true });
    symlinkSync(target, join(root, link));
  }
  return {
    root,
    procPath: join(root, 'proc'),
    sysPath: join(root, 'sys'),
    rootfsPath: join(root, 'rootfs'),
    udevDataPath: join(root, 'udev'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** 2023-11-14T22:13:20.123Z */
export const FIXED_NOW_MS = 1_700_000_000_123;

export const FIXTURE_OS: OsFacts = {
  type: () => 'Linux',
  release: () => '6.1.0-13-amd64',
  version: () => '#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)',
  machine: () => 'x86_64',
  hostname: () => 'hearth-desktop',
  cpus: () => [],
  loadavg: () => [0, 0, 0],
  totalmem: () => 0,
  freemem: () => 0,
  uptime: () => 0,
};

/** statfs answers per mount point (relative to the fixture rootfs); a missing entry fails with EIO. */
export const FIXTURE_STATFS: Readonly<Record<string, StatFs>> = {
  '/': { bsize: 4096, blocks: 61049390, bfree: 30524695, bavail: 27412118, files: 15269888, ffree: 14012345 },
  '/run': { bsize: 4096, blocks: 407852, bfree: 407500, bavail: 407500, files: 2039260, ffree: 2038000 },
  '/boot/efi': { bsize: 4096, blocks: 130812, bfree: 129000, bavail: 129000, files: 0, ffree: 0 },
  '/mnt/backup disk': { bsize: 4096, blocks: 976754646, bfree: 488377323, bavail: 438750000, files: 244195328, ffree: 243000000 },
  '/media/usb': { bsize: 32768, blocks: 1953024, bfree: 1000000, bavail: 1000000, files: 0, ffree: 0 },
  '/srv/data': { bsize: 4096, blocks: 2621440, bfree: 2500000, bavail: 2500000, files: 5242880, ffree: 5242000 },
};

/** A HostIo with the fixed clock, the statfs table and the os facts; records statfs calls. */
export function fixtureIo(rootfsPath: string, calls: string[] = []): Partial<HostIo> {
  return {
    now: () => FIXED_NOW_MS,
    os: FIXTURE_OS,
    statfs: async (path: string) => {
      const rel = path === rootfsPath ? '/' : path.slice(rootfsPath.length);
      calls.push(rel);
      const st = FIXTURE_STATFS[rel];
      if (!st) throw Object.assign(new Error(`EIO: i/o error, statfs '${path}'`), { code: 'EIO' });
      return st;
    },
  };
}
