import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostCollector, type HostCollectorOptions, type StatFs } from '../../../../electron/core/collector/index.js';
import type { Logger } from '../../../../electron/core/log.js';
import { parseExposition } from './expositionParser.js';
import { FIXTURE_STATFS, fixtureIo, prepareLinuxFixture, type LinuxFixture } from './linuxFixture.js';

const EXPECTED = readFileSync(new URL('../../../fixtures/collector/linux/expected.prom', import.meta.url), 'utf8');
const DURATION = /^node_scrape_collector_duration_seconds\{collector="([a-z_]+)"\} (\S+)$/;

let fx: LinuxFixture;
beforeEach(() => {
  fx = prepareLinuxFixture();
});
afterEach(() => fx.cleanup());

function collector(extra: Partial<HostCollectorOptions> = {}, calls: string[] = []): HostCollector {
  return new HostCollector({
    platform: 'linux',
    procPath: fx.procPath,
    sysPath: fx.sysPath,
    rootfsPath: fx.rootfsPath,
    udevDataPath: fx.udevDataPath,
    io: fixtureIo(fx.rootfsPath, calls),
    ...extra,
  });
}

function withoutDurations(text: string): string {
  return text
    .split('\n')
    .filter((l) => !DURATION.test(l))
    .join('\n');
}

function logger(lines: string[]): Logger {
  const l: Logger = {
    debug: (m, f) => lines.push(`debug ${m} ${f?.name}`),
    info: () => {},
    warn: () => {},
    error: (m, f) => lines.push(`error ${m} ${f?.name}: ${f?.err}`),
    with: () => l,
  };
  return l;
}

describe('HostCollector on the Linux fixture', () => {
  it('emits exactly the expected node_exporter output', async () => {
    const text = await collector().collect();
    expect(withoutDurations(text)).toBe(EXPECTED);
  });

  it('times every collector and produces valid text format', async () => {
    const h = collector();
    const text = await h.collect();
    const durations = text.split('\n').flatMap((l) => {
      const m = DURATION.exec(l);
      return m ? [[m[1]!, Number(m[2])] as const] : [];
    });
    expect(durations.map(([c]) => c)).toEqual(h.collectorNames());
    expect(h.collectorNames()).toEqual(['cpu', 'diskstats', 'filesystem', 'hwmon', 'loadavg', 'meminfo', 'netdev', 'os', 'stat', 'time', 'uname']);
    for (const [, s] of durations) expect(s).toBeGreaterThanOrEqual(0);
    const fams = parseExposition(text);
    expect(fams.get('node_cpu_seconds_total')!.samples).toHaveLength(4 * 8);
  });

  it('calls statfs only for the mount points it reports, under the root file system path', async () => {
    const calls: string[] = [];
    await collector({}, calls).collect();
    expect(calls.sort()).toEqual(['/', '/boot/efi', '/media/usb', '/mnt/backup disk', '/mnt/nfs', '/run', '/srv/data']);
  });

  it('falls back to /proc/self/mountinfo when PID 1\'s mount table is hidden', async () => {
    rmSync(join(fx.procPath, '1'), { recursive: true });
    mkdirSync(join(fx.procPath, 'self'));
    writeFileSync(join(fx.procPath, 'self', 'mountinfo'), '1 0 253:0 / / rw - ext4 /dev/mapper/vg0-root rw\n2 1 0:5 / /proc rw - proc proc rw\n');
    const fams = parseExposition(await collector().collect());
    expect(fams.get('node_filesystem_size_bytes')!.samples.map((s) => s.labels)).toEqual([
      { device: '/dev/mapper/vg0-root', fstype: 'ext4', mountpoint: '/' },
    ]);
  });

  it('reports mount points relative to the root file system path, as node_exporter does with --path.rootfs', async () => {
    const root = fx.rootfsPath;
    writeFileSync(join(fx.procPath, '1', 'mountinfo'), `1 0 8:1 / ${root} rw - ext4 /dev/sdz1 rw\n2 1 8:2 / ${root}/boot/efi ro - vfat /dev/sdz2 rw\n`);
    const calls: string[] = [];
    const fams = parseExposition(await collector({}, calls).collect());
    expect(fams.get('node_filesystem_readonly')!.samples.map((s) => [s.labels.mountpoint, s.value])).toEqual([
      ['/', 0],
      ['/boot/efi', 1],
    ]);
    expect(calls.sort()).toEqual(['/', '/boot/efi']);
  });

  it('marks a hung statfs as a device error after the mount timeout and does not ask again until it returns', async () => {
    const calls: string[] = [];
    let release: (st: StatFs) => void = () => {};
    let hung = false;
    const io = fixtureIo(fx.rootfsPath, calls);
    const h = collector({
      filesystemMountTimeoutMs: 50,
      io: {
        ...io,
        statfs: (path: string) => {
          if (path.endsWith('/mnt/nfs') && !hung) {
            // The first call hangs until released; later calls answer at once.
            hung = true;
            calls.push('/mnt/nfs');
            return new Promise<StatFs>((resolve) => (release = resolve));
          }
          if (path.endsWith('/mnt/nfs')) {
            calls.push('/mnt/nfs');
            return Promise.resolve(FIXTURE_STATFS['/']!);
          }
          return io.statfs!(path);
        },
      },
    });
    const nfsError = (text: string) => parseExposition(text).get('node_filesystem_device_error')!.samples.find((s) => s.labels.mountpoint === '/mnt/nfs')!.value;
    const t0 = Date.now();
    expect(nfsError(await h.collect())).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(nfsError(await h.collect())).toBe(1);
    expect(calls.filter((c) => c === '/mnt/nfs')).toHaveLength(1);
    release(FIXTURE_STATFS['/']!);
    await new Promise((r) => setImmediate(r));
    const text = await h.collect();
    expect(nfsError(text)).toBe(0);
    expect(calls.filter((c) => c === '/mnt/nfs')).toHaveLength(2);
  });

  it('keeps going when a collector fails, and reports it as node_exporter does', async () => {
    writeFileSync(join(fx.procPath, 'meminfo'), 'MemTotal:       16314048 kB\nMemFree:  lots kB\n');
    rmSync(join(fx.sysPath, 'class', 'hwmon'), { recursive: true });
    const lines: string[] = [];
    const fams = parseExposition(await collector({ logger: logger(lines) }).collect());
    const success = Object.fromEntries(fams.get('node_scrape_collector_success')!.samples.map((s) => [s.labels.collector, s.value]));
    expect(success).toEqual({ cpu: 1, diskstats: 1, filesystem: 1, hwmon: 0, loadavg: 1, meminfo: 0, netdev: 1, os: 1, stat: 1, time: 1, uname: 1 });
    expect(fams.has('node_memory_MemTotal_bytes')).toBe(false);
    expect(fams.has('node_load1')).toBe(true);
    expect(lines.sort()).toEqual([
      'debug collector returned no data hwmon',
      `error collector failed meminfo: ${join(fx.procPath, 'meminfo')}:2: invalid value in "MemFree:  lots kB"`,
    ]);
  });

  it('never lets a CPU counter go backwards, but starts over after a hot-plug', async () => {
    const h = collector();
    const cpu0 = async () =>
      Object.fromEntries(
        parseExposition(await h.collect())
          .get('node_cpu_seconds_total')!
          .samples.filter((s) => s.labels.cpu === '0')
          .map((s) => [s.labels.mode, s.value]),
      );
    const stat = readFileSync(join(fx.procPath, 'stat'), 'utf8');
    expect((await cpu0()).iowait).toBe(30.86);
    // iowait slips back by 0.02 s (a known kernel quirk): the old value stays.
    writeFileSync(join(fx.procPath, 'stat'), stat.replace('cpu0 301234 1200 84567 2469135 3086', 'cpu0 301300 1200 84567 2469200 3084'));
    const second = await cpu0();
    expect(second.iowait).toBe(30.86);
    expect(second.user).toBe(3013);
    // idle drops by more than 3 s: a hot-plugged CPU, so every mode restarts from the new reading.
    writeFileSync(join(fx.procPath, 'stat'), stat.replace('cpu0 301234 1200 84567 2469135 3086', 'cpu0 100 0 50 1000 2'));
    const third = await cpu0();
    expect(third).toMatchObject({ user: 1, nice: 0, system: 0.5, idle: 10, iowait: 0.02 });
  });

  it('applies node_exporter\'s exclusion flags when given', async () => {
    const fams = parseExposition(
      await collector({ diskstatsDeviceExclude: '', netdevDeviceExclude: '^lo$', filesystemFsTypesExclude: '^(sysfs|proc|devtmpfs|devpts|securityfs|cgroup2|overlay|tmpfs)$' }).collect(),
    );
    const devices = (n: string) => fams.get(n)!.samples.map((s) => s.labels.device);
    expect(devices('node_disk_reads_completed_total')).toEqual(['dm-0', 'loop0', 'nvme0n1', 'nvme0n1p1', 'sda', 'sda1', 'sr0', 'zram0']);
    expect(devices('node_network_receive_bytes_total')).toEqual(['eth0', 'wlp2s0']);
    expect(fams.get('node_filesystem_device_error')!.samples.map((s) => s.labels.mountpoint).sort()).toEqual([
      '/',
      '/boot/efi',
      '/media/usb',
      '/mnt/backup disk',
      '/mnt/nfs',
      '/snap/core/123',
      '/srv/data',
    ]);
  });

  it('refuses an exclusion pattern that is not a valid regular expression', () => {
    expect(() => collector({ diskstatsDeviceExclude: '(' })).toThrow(/invalid diskstats device exclude pattern "\(":/);
    expect(() => collector({ filesystemMountPointsExclude: '[' })).toThrow(/invalid filesystem mount point exclude pattern/);
  });
});
