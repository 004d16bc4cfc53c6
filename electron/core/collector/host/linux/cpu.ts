/**
 * node_exporter's `cpu` collector on Linux: seconds each CPU spent in each mode, from the
 * per-CPU lines of /proc/stat (USER_HZ ticks; the kernel fixes USER_HZ at 100 for userspace).
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

const USER_HZ = 100;
/** /proc/stat column order after the cpuN name. */
const MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
const GUEST = 8;
const GUEST_NICE = 9;
const IDLE = 3;
const FIELDS = 10;
/** An idle counter that falls back this far means a CPU was hot-plugged: start over (as node_exporter). */
const JUMP_BACK_SECONDS = 3;

/** Per-CPU seconds, keyed by the CPU number in /proc/stat, each a FIELDS-long array. */
export function parseCpuLines(text: string, file = '/proc/stat'): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!;
    if (!line.startsWith('cpu') || line.startsWith('cpu ')) continue;
    const parts = line.trim().split(/\s+/);
    const id = parts[0]!.slice(3);
    if (!/^\d+$/.test(id)) continue;
    const v = new Float64Array(FIELDS);
    for (let i = 0; i < FIELDS && i + 1 < parts.length; i++) {
      const n = Number(parts[i + 1]);
      if (!Number.isFinite(n)) throw new Error(`${file}:${ln + 1}: invalid value ${JSON.stringify(parts[i + 1])} for cpu${id}`);
      v[i] = n / USER_HZ;
    }
    out.set(id, v);
  }
  return out;
}

export class LinuxCpuCollector implements Collector {
  readonly name = 'cpu';
  /** The highest value seen per CPU and mode, so a counter the kernel lets slip back never decreases. */
  private last = new Map<string, Float64Array>();

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const file = ctx.proc('stat');
    const now = parseCpuLines(await ctx.read(file), file);
    this.merge(now);
    for (const [cpu, v] of this.last) {
      for (let m = 0; m < MODES.length; m++) {
        out.add('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.', 'counter', v[m]!, { cpu, mode: MODES[m]! });
      }
      // Guest time is also counted in user and nice; node_exporter exposes it separately.
      const help = 'Seconds the CPUs spent in guests (VMs) for each mode.';
      out.add('node_cpu_guest_seconds_total', help, 'counter', v[GUEST]!, { cpu, mode: 'user' });
      out.add('node_cpu_guest_seconds_total', help, 'counter', v[GUEST_NICE]!, { cpu, mode: 'nice' });
    }
  }

  private merge(now: Map<string, Float64Array>): void {
    const sameCpus = now.size === this.last.size && [...now.keys()].every((k) => this.last.has(k));
    if (!sameCpus) this.last = new Map([...now].map(([k]) => [k, new Float64Array(FIELDS)]));
    for (const [cpu, n] of now) {
      let prev = this.last.get(cpu)!;
      if (prev[IDLE]! - n[IDLE]! >= JUMP_BACK_SECONDS) {
        prev = new Float64Array(FIELDS);
        this.last.set(cpu, prev);
      }
      for (let i = 0; i < FIELDS; i++) if (n[i]! >= prev[i]!) prev[i] = n[i]!;
    }
  }
}
