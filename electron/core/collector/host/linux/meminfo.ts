/**
 * node_exporter's `meminfo` collector: every field of /proc/meminfo as
 * node_memory_<Field>[_bytes]. Fields in kB become bytes with a _bytes suffix; counts
 * (HugePages_Total, …) keep their name; "Active(anon)" becomes "Active_anon".
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

export function parseMeminfo(text: string, file = '/proc/meminfo'): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!;
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const parts = line.slice(colon + 1).trim().split(/\s+/);
    if (colon <= 0 || parts.length < 1 || parts.length > 2) throw new Error(`${file}:${ln + 1}: malformed line ${JSON.stringify(line)}`);
    let value = Number(parts[0]);
    if (parts[0] === '' || !Number.isFinite(value)) throw new Error(`${file}:${ln + 1}: invalid value in ${JSON.stringify(line)}`);
    let key = line.slice(0, colon).replace(/\((.*)\)/, '_$1');
    if (parts[1] === 'kB') {
      value *= 1024;
      key += '_bytes';
    } else if (parts.length === 2) {
      throw new Error(`${file}:${ln + 1}: unknown unit ${JSON.stringify(parts[1])}`);
    }
    out.push([key, value]);
  }
  return out;
}

export class LinuxMeminfoCollector implements Collector {
  readonly name = 'meminfo';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const file = ctx.proc('meminfo');
    for (const [key, value] of parseMeminfo(await ctx.read(file), file)) {
      out.add(`node_memory_${key}`, `Memory information field ${key}.`, 'gauge', value);
    }
  }
}
