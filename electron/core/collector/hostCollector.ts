/**
 * The built-in host collector: this machine's metrics under node_exporter's names, labels,
 * units and HELP texts, in the text format, ready to be scraped like a node_exporter.
 *
 * collect() runs every sub-collector concurrently; each reads its files asynchronously and in
 * parallel, and none starts a child process. A failing sub-collector does not fail the
 * scrape: it reports node_scrape_collector_success 0, as in node_exporter.
 */

import type { Logger } from '../log.js';
import { renderFamilies, type Family } from './exposition.js';
import { CollectContext, FamilySet, NoDataError, nodeIo, type Collector, type HostIo, type HostPaths } from './host/context.js';
import { LinuxCpuCollector } from './host/linux/cpu.js';
import { DEFAULT_DISK_DEVICE_EXCLUDE, LinuxDiskstatsCollector } from './host/linux/diskstats.js';
import {
  DEFAULT_FS_TYPES_EXCLUDE,
  DEFAULT_MOUNT_POINTS_EXCLUDE,
  DEFAULT_MOUNT_TIMEOUT_MS,
  LinuxFilesystemCollector,
} from './host/linux/filesystem.js';
import { LinuxHwmonCollector } from './host/linux/hwmon.js';
import { LinuxLoadavgCollector } from './host/linux/loadavg.js';
import { LinuxMeminfoCollector } from './host/linux/meminfo.js';
import { LinuxNetdevCollector } from './host/linux/netdev.js';
import { OsReleaseCollector } from './host/linux/osRelease.js';
import { LinuxStatCollector } from './host/linux/stat.js';
import { LinuxTimeCollector } from './host/linux/time.js';
import { LinuxUnameCollector } from './host/linux/uname.js';
import { OsCpuCollector } from './host/portable/cpu.js';
import { OsFilesystemCollector } from './host/portable/filesystem.js';
import { OsMeminfoCollector } from './host/portable/meminfo.js';
import { OsBoottimeCollector, OsLoadavgCollector, OsTimeCollector, OsUnameCollector } from './host/portable/system.js';

export interface HostCollectorOptions {
  /** node_exporter's --path.procfs (default /proc). */
  readonly procPath?: string;
  /** node_exporter's --path.sysfs (default /sys). */
  readonly sysPath?: string;
  /** node_exporter's --path.rootfs (default /): where os-release and mount points are looked up. */
  readonly rootfsPath?: string;
  /** node_exporter's --path.udev.data (default /run/udev/data). */
  readonly udevDataPath?: string;
  /** Which platform's collectors run (default: this process's). */
  readonly platform?: NodeJS.Platform;
  /** --collector.filesystem.mount-points-exclude; '' excludes nothing. */
  readonly filesystemMountPointsExclude?: string;
  /** --collector.filesystem.fs-types-exclude; '' excludes nothing. */
  readonly filesystemFsTypesExclude?: string;
  /** --collector.filesystem.mount-timeout, ms (default 5000). */
  readonly filesystemMountTimeoutMs?: number;
  /** --collector.diskstats.device-exclude; '' excludes nothing. */
  readonly diskstatsDeviceExclude?: string;
  /** --collector.netdev.device-exclude (default '': node_exporter reports every interface, lo included). */
  readonly netdevDeviceExclude?: string;
  /** Where collector failures are logged (as node_exporter logs "collector failed"). */
  readonly logger?: Logger;
  /** Replaces parts of the I/O (fixture files, a fixed clock, a fake statfs or os) in tests. */
  readonly io?: Partial<HostIo>;
}

export class HostCollector {
  private readonly collectors: Collector[];
  private readonly paths: HostPaths;
  private readonly io: HostIo;
  private readonly logger: Logger | undefined;

  constructor(opts: HostCollectorOptions = {}) {
    this.paths = {
      proc: opts.procPath ?? '/proc',
      sys: opts.sysPath ?? '/sys',
      rootfs: opts.rootfsPath ?? '/',
      udevData: opts.udevDataPath ?? '/run/udev/data',
    };
    this.io = { ...nodeIo, ...opts.io };
    this.logger = opts.logger;
    const platform = opts.platform ?? process.platform;
    const mountTimeoutMs = opts.filesystemMountTimeoutMs ?? DEFAULT_MOUNT_TIMEOUT_MS;
    if (platform === 'linux') {
      this.collectors = [
        new LinuxCpuCollector(),
        new LinuxDiskstatsCollector(opts.diskstatsDeviceExclude ?? DEFAULT_DISK_DEVICE_EXCLUDE),
        new LinuxFilesystemCollector({
          mountPointsExclude: opts.filesystemMountPointsExclude ?? DEFAULT_MOUNT_POINTS_EXCLUDE,
          fsTypesExclude: opts.filesystemFsTypesExclude ?? DEFAULT_FS_TYPES_EXCLUDE,
          mountTimeoutMs,
        }),
        new LinuxHwmonCollector(),
        new LinuxLoadavgCollector(),
        new LinuxMeminfoCollector(),
        new LinuxNetdevCollector(opts.netdevDeviceExclude ?? ''),
        new OsReleaseCollector(),
        new LinuxStatCollector(),
        new LinuxTimeCollector(),
        new LinuxUnameCollector(),
      ];
    } else {
      this.collectors = [
        new OsCpuCollector(platform),
        new OsFilesystemCollector(platform, mountTimeoutMs),
        new OsMeminfoCollector(platform),
        new OsBoottimeCollector(),
        new OsUnameCollector(),
        new OsTimeCollector(),
      ];
      // Windows has no load average; Node reports zeros there, which would be a lie.
      if (platform !== 'win32') this.collectors.push(new OsLoadavgCollector());
    }
  }

  /** The names of the sub-collectors that run (the `collector` label values). */
  collectorNames(): string[] {
    return this.collectors.map((c) => c.name).sort();
  }

  /** One scrape: every metric in the text format 0.0.4. */
  async collect(): Promise<string> {
    return renderFamilies(await this.collectFamilies());
  }

  /** One scrape as families (for callers that render or inspect them themselves). */
  async collectFamilies(): Promise<Family[]> {
    const ctx = new CollectContext(this.paths, this.io);
    const sets = await Promise.all(this.collectors.map((c) => this.run(c, ctx)));
    const meta = new FamilySet();
    const families: Family[] = [];
    for (let i = 0; i < this.collectors.length; i++) {
      const { out, seconds, ok } = sets[i]!;
      const collector = this.collectors[i]!.name;
      meta.add('node_scrape_collector_duration_seconds', 'node_exporter: Duration of a collector scrape.', 'gauge', seconds, { collector });
      meta.add('node_scrape_collector_success', 'node_exporter: Whether a collector succeeded.', 'gauge', ok ? 1 : 0, { collector });
      families.push(...out.all());
    }
    families.push(...meta.all());
    return families;
  }

  private async run(c: Collector, ctx: CollectContext): Promise<{ out: FamilySet; seconds: number; ok: boolean }> {
    const out = new FamilySet();
    const t0 = process.hrtime.bigint();
    let ok = true;
    try {
      await c.update(ctx, out);
    } catch (e) {
      ok = false;
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const fields = { name: c.name, duration_seconds: seconds, err: (e as Error).message };
      if (e instanceof NoDataError) this.logger?.debug('collector returned no data', fields);
      else this.logger?.error('collector failed', fields);
    }
    return { out, seconds: Number(process.hrtime.bigint() - t0) / 1e9, ok };
  }
}
