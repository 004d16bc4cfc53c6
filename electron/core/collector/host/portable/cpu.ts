/**
 * The `cpu` collector where /proc is missing (macOS, Windows): per-CPU mode times from
 * os.cpus(), which libuv reads from host_processor_info (macOS) or NtQuerySystemInformation
 * (Windows), in milliseconds. macOS has user/nice/system/idle, as node_exporter's darwin
 * collector reports; Windows has user/system/idle and interrupt time.
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

export class OsCpuCollector implements Collector {
  readonly name = 'cpu';

  constructor(private readonly platform: NodeJS.Platform) {}

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const cpus = ctx.io.os.cpus();
    const help = 'Seconds the CPUs spent in each mode.';
    cpus.forEach((c, i) => {
      const cpu = String(i);
      const t = c.times;
      out.add('node_cpu_seconds_total', help, 'counter', t.user / 1000, { cpu, mode: 'user' });
      out.add('node_cpu_seconds_total', help, 'counter', t.sys / 1000, { cpu, mode: 'system' });
      out.add('node_cpu_seconds_total', help, 'counter', t.idle / 1000, { cpu, mode: 'idle' });
      if (this.platform === 'win32') out.add('node_cpu_seconds_total', help, 'counter', t.irq / 1000, { cpu, mode: 'irq' });
      else out.add('node_cpu_seconds_total', help, 'counter', t.nice / 1000, { cpu, mode: 'nice' });
    });
  }
}
