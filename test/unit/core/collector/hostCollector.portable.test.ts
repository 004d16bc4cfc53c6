// macOS and Windows: the collectors built on node:os and statfs, with every answer faked.
import { describe, expect, it } from 'vitest';
import { HostCollector, type HostIo, type OsFacts, type StatFs } from '../../../../electron/core/collector/index.js';
import { parseExposition } from './expositionParser.js';

const NOW_MS = 1_700_000_000_500;

function os(platform: 'darwin' | 'win32'): OsFacts {
  const cpu = (user: number, nice: number, sys: number, idle: number, irq: number) => ({ times: { user, nice, sys, idle, irq } });
  return {
    type: () => (platform === 'darwin' ? 'Darwin' : 'Windows_NT'),
    release: () => (platform === 'darwin' ? '23.1.0' : '10.0.22631'),
    version: () => (platform === 'darwin' ? 'Darwin Kernel Version 23.1.0: Mon Oct  9 21:27:24 PDT 2023' : 'Windows 11 Pro'),
    machine: () => (platform === 'darwin' ? 'arm64' : 'x86_64'),
    hostname: () => (platform === 'darwin' ? 'studio.local' : 'DESKTOP-7H3K2'),
    cpus: () => [cpu(123450, 10, 67890, 987650, 0), cpu(100000, 0, 50000, 1000000, 1250)],
    loadavg: () => [1.5, 1.25, 0.75],
    totalmem: () => 34359738368,
    freemem: () => 1234567890,
    uptime: () => 86400.4,
  };
}

function io(platform: 'darwin' | 'win32', statfs: Record<string, StatFs>): Partial<HostIo> {
  return {
    now: () => NOW_MS,
    os: os(platform),
    readdir: async (path: string) => {
      if (path !== '/Volumes') throw new Error(`unexpected readdir ${path}`);
      const entry = (name: string, dir: boolean, link: boolean) => ({ name, isDirectory: () => dir, isSymbolicLink: () => link });
      return [entry('Macintosh HD', false, true), entry('Backup', true, false), entry('.DS_Store', false, false)];
    },
    statfs: async (path: string) => {
      const st = statfs[path];
      if (!st) throw Object.assign(new Error(`ENOENT: statfs '${path}'`), { code: 'ENOENT' });
      return st;
    },
  };
}

const withoutDurations = (t: string) =>
  t
    .split('\n')
    .filter((l) => !l.startsWith('node_scrape_collector_duration_seconds{'))
    .join('\n');

describe('HostCollector on macOS', () => {
  it('reports cpu, memory, load, file systems, boot time, uname and time under node_exporter\'s darwin names', async () => {
    const h = new HostCollector({
      platform: 'darwin',
      io: io('darwin', {
        '/': { bsize: 4096, blocks: 244190646, bfree: 100000000, bavail: 90000000, files: 4882452840, ffree: 4880000000 },
        '/Volumes/Backup': { bsize: 4096, blocks: 976754645, bfree: 500000000, bavail: 500000000, files: 1000, ffree: 900 },
      }),
    });
    expect(h.collectorNames()).toEqual(['boottime', 'cpu', 'filesystem', 'loadavg', 'meminfo', 'time', 'uname']);
    const text = await h.collect();
    parseExposition(text);
    expect(withoutDurations(text)).toBe(
      [
        '# HELP node_boot_time_seconds Node boot time, in unixtime.',
        '# TYPE node_boot_time_seconds gauge',
        'node_boot_time_seconds 1.6999136e+09',
        '# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.',
        '# TYPE node_cpu_seconds_total counter',
        'node_cpu_seconds_total{cpu="0",mode="idle"} 987.65',
        'node_cpu_seconds_total{cpu="0",mode="nice"} 0.01',
        'node_cpu_seconds_total{cpu="0",mode="system"} 67.89',
        'node_cpu_seconds_total{cpu="0",mode="user"} 123.45',
        'node_cpu_seconds_total{cpu="1",mode="idle"} 1000',
        'node_cpu_seconds_total{cpu="1",mode="nice"} 0',
        'node_cpu_seconds_total{cpu="1",mode="system"} 50',
        'node_cpu_seconds_total{cpu="1",mode="user"} 100',
        '# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.',
        '# TYPE node_filesystem_avail_bytes gauge',
        'node_filesystem_avail_bytes{device="",fstype="",mountpoint="/"} 3.6864e+11',
        'node_filesystem_avail_bytes{device="",fstype="",mountpoint="/Volumes/Backup"} 2.048e+12',
        '# HELP node_filesystem_device_error Whether an error occurred while getting statistics for the given device.',
        '# TYPE node_filesystem_device_error gauge',
        'node_filesystem_device_error{device="",fstype="",mountpoint="/"} 0',
        'node_filesystem_device_error{device="",fstype="",mountpoint="/Volumes/Backup"} 0',
        '# HELP node_filesystem_files Filesystem total file nodes.',
        '# TYPE node_filesystem_files gauge',
        'node_filesystem_files{device="",fstype="",mountpoint="/"} 4.88245284e+09',
        'node_filesystem_files{device="",fstype="",mountpoint="/Volumes/Backup"} 1000',
        '# HELP node_filesystem_files_free Filesystem total free file nodes.',
        '# TYPE node_filesystem_files_free gauge',
        'node_filesystem_files_free{device="",fstype="",mountpoint="/"} 4.88e+09',
        'node_filesystem_files_free{device="",fstype="",mountpoint="/Volumes/Backup"} 900',
        '# HELP node_filesystem_free_bytes Filesystem free space in bytes.',
        '# TYPE node_filesystem_free_bytes gauge',
        'node_filesystem_free_bytes{device="",fstype="",mountpoint="/"} 4.096e+11',
        'node_filesystem_free_bytes{device="",fstype="",mountpoint="/Volumes/Backup"} 2.048e+12',
        '# HELP node_filesystem_size_bytes Filesystem size in bytes.',
        '# TYPE node_filesystem_size_bytes gauge',
        'node_filesystem_size_bytes{device="",fstype="",mountpoint="/"} 1.000204886016e+12',
        'node_filesystem_size_bytes{device="",fstype="",mountpoint="/Volumes/Backup"} 4.00078702592e+12',
        '# HELP node_load1 1m load average.',
        '# TYPE node_load1 gauge',
        'node_load1 1.5',
        '# HELP node_load15 15m load average.',
        '# TYPE node_load15 gauge',
        'node_load15 0.75',
        '# HELP node_load5 5m load average.',
        '# TYPE node_load5 gauge',
        'node_load5 1.25',
        '# HELP node_memory_free_bytes Memory information field free_bytes.',
        '# TYPE node_memory_free_bytes gauge',
        'node_memory_free_bytes 1.23456789e+09',
        '# HELP node_memory_total_bytes Memory information field total_bytes.',
        '# TYPE node_memory_total_bytes gauge',
        'node_memory_total_bytes 3.4359738368e+10',
        '# HELP node_scrape_collector_duration_seconds node_exporter: Duration of a collector scrape.',
        '# TYPE node_scrape_collector_duration_seconds gauge',
        '# HELP node_scrape_collector_success node_exporter: Whether a collector succeeded.',
        '# TYPE node_scrape_collector_success gauge',
        'node_scrape_collector_success{collector="boottime"} 1',
        'node_scrape_collector_success{collector="cpu"} 1',
        'node_scrape_collector_success{collector="filesystem"} 1',
        'node_scrape_collector_success{collector="loadavg"} 1',
        'node_scrape_collector_success{collector="meminfo"} 1',
        'node_scrape_collector_success{collector="time"} 1',
        'node_scrape_collector_success{collector="uname"} 1',
        '# HELP node_time_seconds System time in seconds since epoch (1970).',
        '# TYPE node_time_seconds gauge',
        'node_time_seconds 1.7000000005e+09',
        '# HELP node_uname_info Labeled system information as provided by the uname system call.',
        '# TYPE node_uname_info gauge',
        'node_uname_info{domainname="local",machine="arm64",nodename="studio",release="23.1.0",sysname="Darwin",version="Darwin Kernel Version 23.1.0: Mon Oct  9 21:27:24 PDT 2023"} 1',
        '',
      ].join('\n'),
    );
  });
});

describe('HostCollector on Windows', () => {
  it('reports drive letters that answer, Linux memory names, irq time and no load average', async () => {
    const h = new HostCollector({
      platform: 'win32',
      io: io('win32', {
        'C:\\': { bsize: 4096, blocks: 124999999, bfree: 60000000, bavail: 60000000, files: 0, ffree: 0 },
        'D:\\': { bsize: 4096, blocks: 488378645, bfree: 400000000, bavail: 400000000, files: 0, ffree: 0 },
      }),
    });
    expect(h.collectorNames()).toEqual(['boottime', 'cpu', 'filesystem', 'meminfo', 'time', 'uname']);
    const fams = parseExposition(await h.collect());
    expect(fams.has('node_load1')).toBe(false);
    expect(fams.has('node_filesystem_files')).toBe(false);
    expect(fams.get('node_filesystem_size_bytes')!.samples.map((s) => [s.labels, s.value])).toEqual([
      [{ device: 'C:', fstype: '', mountpoint: 'C:\\' }, 511999995904],
      [{ device: 'D:', fstype: '', mountpoint: 'D:\\' }, 2000398929920],
    ]);
    expect(fams.get('node_memory_MemTotal_bytes')!.samples[0]!.value).toBe(34359738368);
    expect(fams.get('node_memory_MemAvailable_bytes')!.samples[0]!.value).toBe(1234567890);
    const cpu1 = fams.get('node_cpu_seconds_total')!.samples.filter((s) => s.labels.cpu === '1');
    expect(Object.fromEntries(cpu1.map((s) => [s.labels.mode, s.value]))).toEqual({ idle: 1000, irq: 1.25, system: 50, user: 100 });
    expect(fams.get('node_uname_info')!.samples[0]!.labels).toEqual({
      domainname: '(none)',
      machine: 'x86_64',
      nodename: 'DESKTOP-7H3K2',
      release: '10.0.22631',
      sysname: 'Windows_NT',
      version: 'Windows 11 Pro',
    });
  });
});
