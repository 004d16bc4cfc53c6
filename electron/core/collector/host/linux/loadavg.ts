/** node_exporter's `loadavg` collector: the 1, 5 and 15 minute load averages from /proc/loadavg. */

import type { CollectContext, Collector, FamilySet } from '../context.js';

export class LinuxLoadavgCollector implements Collector {
  readonly name = 'loadavg';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const file = ctx.proc('loadavg');
    const parts = (await ctx.read(file)).trim().split(/\s+/);
    const loads = parts.slice(0, 3).map(Number);
    if (loads.length < 3 || loads.some((v) => !Number.isFinite(v))) {
      throw new Error(`${file}: unexpected content ${JSON.stringify(parts.join(' '))}`);
    }
    out.add('node_load1', '1m load average.', 'gauge', loads[0]!);
    out.add('node_load5', '5m load average.', 'gauge', loads[1]!);
    out.add('node_load15', '15m load average.', 'gauge', loads[2]!);
  }
}
