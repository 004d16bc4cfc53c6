/**
 * What a host sub-collector works with: the paths of /proc, /sys and the root file system,
 * the I/O it may do (all asynchronous, replaceable in tests), and the families it fills.
 */

import { close, open, read, readdir, realpath, stat, statfs } from 'node:fs';
import * as nodeOs from 'node:os';
import { join } from 'node:path';
import type { Family, MetricType, Sample } from '../exposition.js';
import { compileSearchRegex, type SearchRegex } from '../../model/regex.js';

/** The statfs(2) fields the filesystem collector needs (block counts in units of bsize). */
export interface StatFs {
  readonly bsize: number;
  readonly blocks: number;
  readonly bfree: number;
  readonly bavail: number;
  readonly files: number;
  readonly ffree: number;
}

/** The parts of node:os the collectors use; tests hand in fixed answers. */
export interface OsFacts {
  type(): string;
  release(): string;
  version(): string;
  machine(): string;
  hostname(): string;
  cpus(): Array<{ times: { user: number; nice: number; sys: number; idle: number; irq: number } }>;
  loadavg(): number[];
  totalmem(): number;
  freemem(): number;
  /** Seconds since boot. */
  uptime(): number;
}

export interface DirEntry {
  readonly name: string;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** Every effect a collector has on the world goes through this, so fixtures can stand in. */
export interface HostIo {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<DirEntry[]>;
  /** Whether `path` (following links) is a directory; false when it does not exist. */
  isDirectory(path: string): Promise<boolean>;
  realpath(path: string): Promise<string>;
  statfs(path: string): Promise<StatFs>;
  /** Wall clock, ms since the epoch. */
  now(): number;
  readonly os: OsFacts;
}

function promisify<T>(fn: (cb: (err: NodeJS.ErrnoException | null, v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));
}

const CHUNK = 16 * 1024;

/**
 * Reads a whole file with open, read until end of file, close. /proc and /sys files report a
 * size of 0 or 4096 whatever they hold, so fs.readFile's fstat is wasted work; skipping it
 * saves a thread-pool round trip per file, and a scrape reads dozens of them.
 */
function readSmallFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (err, fd) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      const next = () => {
        const buf = Buffer.allocUnsafe(CHUNK);
        read(fd, buf, 0, CHUNK, null, (err2, n) => {
          if (err2) return close(fd, () => reject(err2));
          if (n > 0) {
            chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
            return next();
          }
          close(fd, () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
        });
      };
      next();
    });
  });
}

/** The real thing: callback-style fs calls (cheaper than fs/promises), all off the event loop. */
export const nodeIo: HostIo = {
  readFile: readSmallFile,
  readdir: (p) => promisify<DirEntry[]>((cb) => readdir(p, { withFileTypes: true }, cb)),
  isDirectory: (p) =>
    new Promise((resolve) => stat(p, (err, st) => resolve(!err && st.isDirectory()))),
  realpath: (p) => promisify<string>((cb) => realpath(p, cb)),
  statfs: (p) => promisify<StatFs>((cb) => statfs(p, cb)),
  now: () => Date.now(),
  os: nodeOs,
};

/** Raised by a collector that found nothing to report on this machine (success = 0, logged at debug). */
export class NoDataError extends Error {}

/** Families under construction; labels are given as objects and sorted at the end. */
export class FamilySet {
  private readonly families = new Map<string, Family>();

  add(name: string, help: string, type: MetricType, value: number, labels?: Readonly<Record<string, string>>): void {
    let f = this.families.get(name);
    if (!f) {
      f = { name, help, type, samples: [] };
      this.families.set(name, f);
    }
    const sample: Sample = { labels: labels ? sortedPairs(labels) : [], value };
    f.samples.push(sample);
  }

  all(): IterableIterator<Family> {
    return this.families.values();
  }
}

function sortedPairs(labels: Readonly<Record<string, string>>): Array<readonly [string, string]> {
  const names = Object.keys(labels).sort();
  return names.map((n) => [n, labels[n]!] as const);
}

export interface HostPaths {
  readonly proc: string;
  readonly sys: string;
  readonly rootfs: string;
  readonly udevData: string;
}

/** One collect() call: paths, I/O, and reads shared between collectors (cpu and stat both read /proc/stat). */
export class CollectContext {
  private readonly reads = new Map<string, Promise<string>>();

  constructor(
    readonly paths: HostPaths,
    readonly io: HostIo,
  ) {}

  proc(...parts: string[]): string {
    return join(this.paths.proc, ...parts);
  }

  sys(...parts: string[]): string {
    return join(this.paths.sys, ...parts);
  }

  rootfs(...parts: string[]): string {
    return join(this.paths.rootfs, ...parts);
  }

  /** Reads a file once per collect, however many collectors ask. */
  read(path: string): Promise<string> {
    let p = this.reads.get(path);
    if (!p) {
      p = this.io.readFile(path);
      this.reads.set(path, p);
    }
    return p;
  }

  /** Reads a small file and trims its trailing newline; null when it cannot be read. */
  async readOptional(path: string): Promise<string | null> {
    try {
      return (await this.io.readFile(path)).replace(/\n+$/, '');
    } catch {
      return null;
    }
  }
}

/** A node_exporter collector: its name (the `collector` label) and how it fills families. */
export interface Collector {
  readonly name: string;
  update(ctx: CollectContext, out: FamilySet): Promise<void>;
}

/** node_exporter's device include/exclude filter: unanchored regexes, as Go's MatchString. */
export class DeviceFilter {
  private readonly exclude: SearchRegex | null;

  constructor(what: string, exclude: string) {
    try {
      this.exclude = exclude === '' ? null : compileSearchRegex(exclude);
    } catch (e) {
      throw new Error(`invalid ${what} exclude pattern ${JSON.stringify(exclude)}: ${(e as Error).message}`);
    }
  }

  ignored(name: string): boolean {
    return this.exclude !== null && this.exclude.test(name);
  }
}
