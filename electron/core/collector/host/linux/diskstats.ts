/**
 * node_exporter's `diskstats` collector on Linux: I/O counters per block device from
 * /proc/diskstats (https://www.kernel.org/doc/Documentation/iostats.txt), device facts from
 * udev's database and /sys/block.
 *
 * Sectors in /proc/diskstats are always 512 bytes, whatever the device's block size; times
 * are milliseconds. Kernels add fields over time (discards in 4.18, flushes in 5.5): a counter
 * is reported only when the kernel provides it, as node_exporter does.
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';
import { DeviceFilter } from '../context.js';

/** node_exporter's default: partitions, RAM disks, zram, loop and floppy devices. */
export const DEFAULT_DISK_DEVICE_EXCLUDE = '^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$';

const SECTOR_BYTES = 512;
const MS = 0.001;

/** The counters in /proc/diskstats order after major, minor and name: metric, help, type, scale. */
const FIELDS: ReadonlyArray<readonly [string, string, 'counter' | 'gauge', number]> = [
  ['node_disk_reads_completed_total', 'The total number of reads completed successfully.', 'counter', 1],
  ['node_disk_reads_merged_total', 'The total number of reads merged.', 'counter', 1],
  ['node_disk_read_bytes_total', 'The total number of bytes read successfully.', 'counter', SECTOR_BYTES],
  ['node_disk_read_time_seconds_total', 'The total number of seconds spent by all reads.', 'counter', MS],
  ['node_disk_writes_completed_total', 'The total number of writes completed successfully.', 'counter', 1],
  ['node_disk_writes_merged_total', 'The number of writes merged.', 'counter', 1],
  ['node_disk_written_bytes_total', 'The total number of bytes written successfully.', 'counter', SECTOR_BYTES],
  ['node_disk_write_time_seconds_total', 'This is the total number of seconds spent by all writes.', 'counter', MS],
  ['node_disk_io_now', 'The number of I/Os currently in progress.', 'gauge', 1],
  ['node_disk_io_time_seconds_total', 'Total seconds spent doing I/Os.', 'counter', MS],
  ['node_disk_io_time_weighted_seconds_total', 'The weighted # of seconds spent doing I/Os.', 'counter', MS],
  ['node_disk_discards_completed_total', 'The total number of discards completed successfully.', 'counter', 1],
  ['node_disk_discards_merged_total', 'The total number of discards merged.', 'counter', 1],
  ['node_disk_discarded_sectors_total', 'The total number of sectors discarded successfully.', 'counter', 1],
  ['node_disk_discard_time_seconds_total', 'This is the total number of seconds spent by all discards.', 'counter', MS],
  ['node_disk_flush_requests_total', 'The total number of flush requests completed successfully', 'counter', 1],
  ['node_disk_flush_requests_time_seconds_total', 'This is the total number of seconds spent by all flush requests.', 'counter', MS],
];

/** The ATA properties udev records, as node_exporter exposes them. */
const ATA_FIELDS: ReadonlyArray<readonly [string, string, string]> = [
  ['ID_ATA_WRITE_CACHE', 'node_disk_ata_write_cache', 'ATA disk has a write cache.'],
  ['ID_ATA_WRITE_CACHE_ENABLED', 'node_disk_ata_write_cache_enabled', 'ATA disk has its write cache enabled.'],
  ['ID_ATA_ROTATION_RATE_RPM', 'node_disk_ata_rotation_rate_rpm', 'ATA disk rotation rate in RPMs (0 for SSDs).'],
];

export interface DiskLine {
  readonly major: string;
  readonly minor: string;
  readonly device: string;
  readonly stats: number[];
}

export function parseDiskstats(text: string, file = '/proc/diskstats'): DiskLine[] {
  const out: DiskLine[] = [];
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const parts = lines[ln]!.trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === '') continue;
    if (parts.length < 14) throw new Error(`${file}:${ln + 1}: expected at least 14 fields, got ${parts.length}`);
    const stats = parts.slice(3).map(Number);
    if (stats.some((v) => !Number.isFinite(v))) throw new Error(`${file}:${ln + 1}: invalid counter in ${JSON.stringify(lines[ln])}`);
    out.push({ major: parts[0]!, minor: parts[1]!, device: parts[2]!, stats });
  }
  return out;
}

/** udev's database entry for a block device: the E:KEY=value property lines. */
export function parseUdevData(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('E:')) continue;
    const eq = line.indexOf('=');
    if (eq > 2) props.set(line.slice(2, eq), line.slice(eq + 1));
  }
  return props;
}

export class LinuxDiskstatsCollector implements Collector {
  readonly name = 'diskstats';
  private readonly filter: DeviceFilter;

  constructor(deviceExclude: string) {
    this.filter = new DeviceFilter('diskstats device', deviceExclude);
  }

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const file = ctx.proc('diskstats');
    const disks = parseDiskstats(await ctx.read(file), file).filter((d) => !this.filter.ignored(d.device));
    const facts = await Promise.all(
      disks.map(async (d) => {
        const [udev, rotational] = await Promise.all([
          ctx.readOptional(`${ctx.paths.udevData}/b${d.major}:${d.minor}`),
          ctx.readOptional(ctx.sys('block', d.device, 'queue', 'rotational')),
        ]);
        return { udev: parseUdevData(udev ?? ''), rotational: rotational === null ? '0' : String(Number(rotational) || 0) };
      }),
    );
    for (let i = 0; i < disks.length; i++) {
      const d = disks[i]!;
      const { udev, rotational } = facts[i]!;
      const device = d.device;
      const prop = (k: string) => udev.get(k) ?? '';
      out.add('node_disk_info', 'Info of /sys/block/<block_device>.', 'gauge', 1, {
        device,
        major: d.major,
        minor: d.minor,
        path: prop('ID_PATH'),
        wwn: prop('ID_WWN'),
        model: prop('ID_MODEL'),
        // The serial printed on the label when udev knows it, else the short or full ID serial (virtio).
        serial: prop('SCSI_IDENT_SERIAL') || prop('ID_SERIAL_SHORT') || prop('ID_SERIAL'),
        revision: prop('ID_REVISION'),
        rotational,
      });
      if (prop('ID_FS_TYPE') !== '') {
        out.add('node_disk_filesystem_info', 'Info about disk filesystem.', 'gauge', 1, {
          device,
          type: prop('ID_FS_TYPE'),
          usage: prop('ID_FS_USAGE'),
          uuid: prop('ID_FS_UUID'),
          version: prop('ID_FS_VERSION'),
        });
      }
      if (prop('DM_NAME') !== '') {
        out.add('node_disk_device_mapper_info', 'Info about disk device mapper.', 'gauge', 1, {
          device,
          name: prop('DM_NAME'),
          uuid: prop('DM_UUID'),
          vg_name: prop('DM_VG_NAME'),
          lv_name: prop('DM_LV_NAME'),
          lv_layer: prop('DM_LV_LAYER'),
        });
      }
      if (prop('ID_ATA') !== '') {
        for (const [key, name, help] of ATA_FIELDS) {
          const v = udev.get(key);
          if (v === undefined || v === '' || !Number.isFinite(Number(v))) continue;
          out.add(name, help, 'gauge', Number(v), { device });
        }
      }
      const n = Math.min(d.stats.length, FIELDS.length);
      for (let f = 0; f < n; f++) {
        const [name, help, type, scale] = FIELDS[f]!;
        out.add(name, help, type, d.stats[f]! * scale, { device });
      }
    }
  }
}
