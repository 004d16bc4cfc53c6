/**
 * The `meminfo` collector where /proc is missing. macOS: node_exporter's darwin names
 * (node_memory_total_bytes, node_memory_free_bytes: libuv's free is the free page count,
 * like node_exporter's). Windows has no node_exporter; Node's free memory there is the
 * available physical memory, so it is exposed under the Linux names that dashboards and
 * alert rules use: node_memory_MemTotal_bytes and node_memory_MemAvailable_bytes.
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

export class OsMeminfoCollector implements Collector {
  readonly name = 'meminfo';

  constructor(private readonly platform: NodeJS.Platform) {}

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const fields: Array<[string, number]> =
      this.platform === 'win32'
        ? [
            ['MemTotal_bytes', ctx.io.os.totalmem()],
            ['MemAvailable_bytes', ctx.io.os.freemem()],
          ]
        : [
            ['total_bytes', ctx.io.os.totalmem()],
            ['free_bytes', ctx.io.os.freemem()],
          ];
    for (const [key, value] of fields) out.add(`node_memory_${key}`, `Memory information field ${key}.`, 'gauge', value);
  }
}
