/**
 * The built-in host collector against the real node_exporter on the same machine (issue 5,
 * point 4): Debian's prometheus-node-exporter is started on a free loopback port (never the
 * packaged service), with exactly Hearth's collectors and Hearth's exclusion patterns (Debian
 * patches node_exporter's defaults; upstream's are Hearth's), and both are scraped in turn:
 * Hearth, node_exporter, Hearth again. Counters read by node_exporter must then lie between
 * Hearth's two readings, give or take a stated tolerance.
 *
 * Skipped, with the reason in its name, where the binary is not installed.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DISK_DEVICE_EXCLUDE } from '../../../electron/core/collector/host/linux/diskstats.js';
import { DEFAULT_FS_TYPES_EXCLUDE, DEFAULT_MOUNT_POINTS_EXCLUDE } from '../../../electron/core/collector/host/linux/filesystem.js';
import { HostCollector } from '../../../electron/core/collector/index.js';
import { parseExposition, type ParsedFamily, type ParsedSample } from '../../unit/core/collector/expositionParser.js';

const BIN = process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter';
const AVAILABLE = process.platform === 'linux' && existsSync(BIN);
const SKIP_REASON = process.platform !== 'linux' ? 'not Linux' : `${BIN} is not installed (apt-get install prometheus-node-exporter)`;

const COLLECTORS = ['cpu', 'diskstats', 'filesystem', 'hwmon', 'loadavg', 'meminfo', 'netdev', 'os', 'stat', 'time', 'uname'];

/** node_exporter families Hearth does not produce, each with its reason (mirrored in the collector's coverage table). */
const NOT_IN_HEARTH: Record<string, string> = {
  node_time_zone_offset_seconds: 'zone abbreviations need the tz database (see host/linux/time.ts)',
  node_cpu_core_throttles_total: 'thermal throttle counters are not read (one file per CPU per scrape)',
  node_cpu_package_throttles_total: 'thermal throttle counters are not read (one file per CPU per scrape)',
  node_exporter_build_info: "node_exporter's own build",
};

/** Families and labels newer node_exporter releases have that the 1.5 release in Debian 12 lacks. */
const NEWER_THAN_1_5 = new Set([
  'node_filesystem_mount_info',
  'node_disk_filesystem_info',
  'node_disk_device_mapper_info',
  'node_os_support_end_timestamp_seconds',
  'node_hwmon_freq_freq_mhz',
]);
const NEWER_LABELS: Record<string, string[]> = { node_disk_info: ['rotational'] };

/** Counters and gauges of the families the issue names, whose label sets must match exactly. */
const FAMILIES = [
  'node_cpu_seconds_total',
  'node_load1',
  'node_load5',
  'node_load15',
  'node_memory_MemTotal_bytes',
  'node_memory_MemAvailable_bytes',
  'node_memory_MemFree_bytes',
  'node_memory_Buffers_bytes',
  'node_memory_Cached_bytes',
  'node_memory_SwapTotal_bytes',
  'node_memory_SwapFree_bytes',
  'node_filesystem_size_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_free_bytes',
  'node_filesystem_files',
  'node_filesystem_files_free',
  'node_filesystem_readonly',
  'node_filesystem_device_error',
  'node_disk_read_bytes_total',
  'node_disk_written_bytes_total',
  'node_disk_io_time_seconds_total',
  'node_disk_reads_completed_total',
  'node_disk_writes_completed_total',
  'node_network_receive_bytes_total',
  'node_network_transmit_bytes_total',
  'node_network_receive_errs_total',
  'node_network_transmit_errs_total',
  'node_network_receive_packets_total',
  'node_network_transmit_packets_total',
  'node_boot_time_seconds',
  'node_time_seconds',
  'node_uname_info',
  'node_os_info',
  'node_hwmon_temp_celsius',
  'node_scrape_collector_success',
  'node_scrape_collector_duration_seconds',
];

/** node_cpu_seconds_total tolerance outside the [first, second] Hearth bracket: 1 s plus 1 %. */
const CPU_ABS_S = 1;
const CPU_REL = 0.01;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

const key = (labels: Readonly<Record<string, string>>, drop: readonly string[] = []) =>
  JSON.stringify(
    Object.entries(labels)
      .filter(([n]) => !drop.includes(n))
      .sort(),
  );

function byLabels(f: ParsedFamily | undefined, drop: readonly string[] = []): Map<string, ParsedSample> {
  return new Map((f?.samples ?? []).map((s) => [key(s.labels, drop), s]));
}

const nodeFamilies = (fams: Map<string, ParsedFamily>) => new Set([...fams.keys()].filter((n) => n.startsWith('node_')));

describe.skipIf(!AVAILABLE)(`HostCollector against node_exporter${AVAILABLE ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let proc: ChildProcess | undefined;
  let stderr = '';
  let first: Map<string, ParsedFamily>;
  let ne: Map<string, ParsedFamily>;
  let second: Map<string, ParsedFamily>;

  beforeAll(async () => {
    const port = await freePort();
    const args = [
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.disable-exporter-metrics',
      '--collector.disable-defaults',
      ...COLLECTORS.map((c) => `--collector.${c}`),
      `--collector.filesystem.mount-points-exclude=${DEFAULT_MOUNT_POINTS_EXCLUDE}`,
      `--collector.filesystem.fs-types-exclude=${DEFAULT_FS_TYPES_EXCLUDE}`,
      `--collector.diskstats.device-exclude=${DEFAULT_DISK_DEVICE_EXCLUDE}`,
      // Upstream reports every interface; Debian's build excludes lo unless told otherwise.
      '--collector.netdev.device-exclude=',
    ];
    proc = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = `http://127.0.0.1:${port}/metrics`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`node_exporter exited with ${proc.exitCode}:\n${stderr}`);
      try {
        await scrape(url);
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`node_exporter did not answer on ${url}: ${(e as Error).message}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const host = new HostCollector();
    // Hearth, node_exporter, Hearth: every counter node_exporter reads lies between Hearth's two readings.
    first = parseExposition(await host.collect());
    ne = parseExposition(await scrape(url));
    second = parseExposition(await host.collect());
  });

  afterAll(() => {
    proc?.kill('SIGTERM');
  });

  it('emits the same metric names as node_exporter for the same collectors', () => {
    const ours = nodeFamilies(first);
    const theirs = nodeFamilies(ne);
    const missing = [...theirs].filter((n) => !ours.has(n) && !(n in NOT_IN_HEARTH));
    const extra = [...ours].filter((n) => !theirs.has(n) && !NEWER_THAN_1_5.has(n));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    // And exactly the same for the families the issue names, where node_exporter has them.
    for (const f of FAMILIES) expect(ours.has(f), f).toBe(theirs.has(f));
    const memory = (s: Set<string>) => [...s].filter((n) => n.startsWith('node_memory_')).sort();
    expect(memory(ours)).toEqual(memory(theirs));
  });

  it('uses the same HELP texts and types', () => {
    for (const name of nodeFamilies(ne)) {
      const ours = first.get(name);
      if (!ours) continue;
      expect({ name, help: ours.help, type: ours.type }).toEqual({ name, help: ne.get(name)!.help, type: ne.get(name)!.type });
    }
  });

  it('has the same label sets', () => {
    for (const name of nodeFamilies(ne)) {
      if (!first.has(name) || name === 'node_time_seconds') continue;
      const drop = NEWER_LABELS[name] ?? [];
      const ours = [...byLabels(first.get(name), drop).keys()].sort();
      const theirs = [...byLabels(ne.get(name), drop).keys()].sort();
      expect({ name, labels: ours }).toEqual({ name, labels: theirs });
    }
  });

  it('reports the same total memory, file system sizes, inode counts, boot time and collector outcomes', () => {
    const same = (name: string) => {
      const ours = byLabels(first.get(name));
      const theirs = byLabels(ne.get(name));
      for (const [k, s] of theirs) expect({ name, k, v: ours.get(k)?.value }).toEqual({ name, k, v: s.value });
    };
    same('node_memory_MemTotal_bytes');
    same('node_memory_SwapTotal_bytes');
    same('node_memory_Hugepagesize_bytes');
    same('node_filesystem_size_bytes');
    same('node_filesystem_files');
    same('node_filesystem_readonly');
    same('node_filesystem_device_error');
    same('node_boot_time_seconds');
    same('node_scrape_collector_success');
    expect(ne.get('node_filesystem_size_bytes')!.samples.length).toBeGreaterThan(0);
  });

  it(`reads node_cpu_seconds_total within ${CPU_ABS_S} s + ${CPU_REL * 100} % of Hearth's readings before and after`, () => {
    const a = byLabels(first.get('node_cpu_seconds_total'));
    const c = byLabels(second.get('node_cpu_seconds_total'));
    const b = byLabels(ne.get('node_cpu_seconds_total'));
    expect(b.size).toBeGreaterThan(0);
    for (const [k, s] of b) {
      const lo = Math.min(a.get(k)!.value, c.get(k)!.value);
      const hi = Math.max(a.get(k)!.value, c.get(k)!.value);
      const tol = (v: number) => CPU_ABS_S + CPU_REL * Math.abs(v);
      expect({ k, v: s.value, ok: s.value >= lo - tol(lo) && s.value <= hi + tol(hi), lo, hi }).toMatchObject({ ok: true });
    }
  });

  it('reads disk and network counters between Hearth\'s readings before and after', () => {
    const counters = [...nodeFamilies(ne)].filter(
      (n) => ne.get(n)!.type === 'counter' && (n.startsWith('node_disk_') || n.startsWith('node_network_')),
    );
    expect(counters.length).toBeGreaterThan(10);
    for (const name of counters) {
      const a = byLabels(first.get(name));
      const c = byLabels(second.get(name));
      for (const [k, s] of byLabels(ne.get(name))) {
        const lo = Math.min(a.get(k)!.value, c.get(k)!.value);
        const hi = Math.max(a.get(k)!.value, c.get(k)!.value);
        expect({ name, k, v: s.value, ok: s.value >= lo && s.value <= hi, lo, hi }).toMatchObject({ ok: true });
      }
    }
  });

  it('tells the same time and a close load average', () => {
    const v = (f: Map<string, ParsedFamily>, n: string) => f.get(n)!.samples[0]!.value;
    const t = v(ne, 'node_time_seconds');
    expect(t).toBeGreaterThanOrEqual(v(first, 'node_time_seconds') - 0.01);
    expect(t).toBeLessThanOrEqual(v(second, 'node_time_seconds') + 0.01);
    for (const n of ['node_load1', 'node_load5', 'node_load15']) {
      const lo = Math.min(v(first, n), v(second, n));
      const hi = Math.max(v(first, n), v(second, n));
      expect(v(ne, n)).toBeGreaterThanOrEqual(lo - 0.5);
      expect(v(ne, n)).toBeLessThanOrEqual(hi + 0.5);
    }
  });
});
