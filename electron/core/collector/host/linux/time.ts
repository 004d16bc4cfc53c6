/**
 * node_exporter's `time` collector on Linux: the wall clock, and the clock sources the kernel
 * offers and uses (/sys/devices/system/clocksource/clocksourceN).
 *
 * Not reported: node_time_zone_offset_seconds{time_zone}. Its label is the zone abbreviation
 * Go reads from the tz database (CET, JST, …), which Node cannot give without parsing TZif
 * files; a label that differs from node_exporter's would be worse than none.
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

export class LinuxTimeCollector implements Collector {
  readonly name = 'time';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    out.add('node_time_seconds', 'System time in seconds since epoch (1970).', 'gauge', ctx.io.now() / 1000);

    const root = ctx.sys('devices', 'system', 'clocksource');
    let entries;
    try {
      entries = await ctx.io.readdir(root);
    } catch {
      return;
    }
    const sources = entries.map((e) => /^clocksource(\d+)$/.exec(e.name)).filter((m): m is RegExpExecArray => m !== null);
    await Promise.all(
      sources.map(async ([dirName, device]) => {
        const [available, current] = await Promise.all([
          ctx.readOptional(`${root}/${dirName}/available_clocksource`),
          ctx.readOptional(`${root}/${dirName}/current_clocksource`),
        ]);
        for (const cs of (available ?? '').split(/\s+/).filter((s) => s !== '')) {
          out.add(
            'node_time_clocksource_available_info',
            "Available clocksources read from '/sys/devices/system/clocksource'.",
            'gauge',
            1,
            { clocksource: cs, device: device! },
          );
        }
        if (current !== null && current.trim() !== '') {
          out.add(
            'node_time_clocksource_current_info',
            "Current clocksource read from '/sys/devices/system/clocksource'.",
            'gauge',
            1,
            { clocksource: current.trim(), device: device! },
          );
        }
      }),
    );
  }
}
