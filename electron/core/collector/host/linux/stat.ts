/**
 * node_exporter's `stat` collector: boot time, context switches, forks, interrupts and
 * process states from /proc/stat.
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

export class LinuxStatCollector implements Collector {
  readonly name = 'stat';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const file = ctx.proc('stat');
    const text = await ctx.read(file);
    const lines = text.split('\n');
    for (let ln = 0; ln < lines.length; ln++) {
      const parts = lines[ln]!.split(' ').filter((p) => p !== '');
      if (parts.length < 2) continue;
      const key = parts[0]!;
      const emit = (name: string, help: string, type: 'counter' | 'gauge') => {
        const v = Number(parts[1]);
        if (!Number.isFinite(v)) throw new Error(`${file}:${ln + 1}: invalid ${key} value ${JSON.stringify(parts[1])}`);
        out.add(name, help, type, v);
      };
      switch (key) {
        case 'btime':
          emit('node_boot_time_seconds', 'Node boot time, in unixtime.', 'gauge');
          break;
        case 'ctxt':
          emit('node_context_switches_total', 'Total number of context switches.', 'counter');
          break;
        case 'processes':
          emit('node_forks_total', 'Total number of forks.', 'counter');
          break;
        case 'intr':
          // The first number is the total; the rest are per-IRQ counts node_exporter leaves to its interrupts collector.
          emit('node_intr_total', 'Total number of interrupts serviced.', 'counter');
          break;
        case 'procs_running':
          emit('node_procs_running', 'Number of processes in runnable state.', 'gauge');
          break;
        case 'procs_blocked':
          emit('node_procs_blocked', 'Number of processes blocked waiting for I/O to complete.', 'gauge');
          break;
      }
    }
  }
}
