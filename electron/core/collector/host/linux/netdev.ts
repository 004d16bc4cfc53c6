/**
 * node_exporter's `netdev` collector on Linux: per-interface traffic and error counters.
 *
 * node_exporter reads them over netlink and folds the detailed error counters into the
 * classic /proc/net/dev columns (its default, non-"detailed" mode), which is exactly what
 * /proc/net/dev prints; the one counter netlink adds, rx_nohandler, comes from sysfs here.
 * One file read plus one small read per interface, and no netlink socket.
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';
import { DeviceFilter } from '../context.js';

/** /proc/net/dev columns after the interface name, as node_exporter names them. */
const COLUMNS = [
  'receive_bytes',
  'receive_packets',
  'receive_errs',
  'receive_drop',
  'receive_fifo',
  'receive_frame',
  'receive_compressed',
  'receive_multicast',
  'transmit_bytes',
  'transmit_packets',
  'transmit_errs',
  'transmit_drop',
  'transmit_fifo',
  'transmit_colls',
  'transmit_carrier',
  'transmit_compressed',
] as const;

export interface NetDevLine {
  readonly device: string;
  readonly values: number[];
}

export function parseNetDev(text: string, file = '/proc/net/dev'): NetDevLine[] {
  const out: NetDevLine[] = [];
  const lines = text.split('\n');
  // Two header lines, then "  name: 16 numbers".
  for (let ln = 2; ln < lines.length; ln++) {
    const line = lines[ln]!;
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`${file}:${ln + 1}: malformed line ${JSON.stringify(line)}`);
    const values = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (values.length !== COLUMNS.length || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`${file}:${ln + 1}: expected ${COLUMNS.length} counters in ${JSON.stringify(line)}`);
    }
    out.push({ device: line.slice(0, colon).trim(), values });
  }
  return out;
}

export class LinuxNetdevCollector implements Collector {
  readonly name = 'netdev';
  private readonly filter: DeviceFilter;

  constructor(deviceExclude: string) {
    this.filter = new DeviceFilter('netdev device', deviceExclude);
  }

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const file = ctx.proc('net', 'dev');
    const devs = parseNetDev(await ctx.read(file), file).filter((d) => !this.filter.ignored(d.device));
    const nohandler = await Promise.all(devs.map((d) => ctx.readOptional(ctx.sys('class', 'net', d.device, 'statistics', 'rx_nohandler'))));
    for (let i = 0; i < devs.length; i++) {
      const { device, values } = devs[i]!;
      const labels = { device };
      for (let c = 0; c < COLUMNS.length; c++) {
        const key = COLUMNS[c]!;
        out.add(`node_network_${key}_total`, `Network device statistic ${key}.`, 'counter', values[c]!, labels);
      }
      const nh = nohandler[i];
      if (nh !== null && nh !== undefined && Number.isFinite(Number(nh))) {
        out.add('node_network_receive_nohandler_total', 'Network device statistic receive_nohandler.', 'counter', Number(nh), labels);
      }
    }
  }
}
