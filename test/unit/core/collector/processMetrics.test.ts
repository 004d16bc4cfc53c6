import { describe, expect, it } from 'vitest';
import { Registry, registerProcessMetrics } from '../../../../electron/core/collector/index.js';
import { parseExposition } from './expositionParser.js';

const LINUX_ONLY = ['process_virtual_memory_bytes', 'process_heap_bytes', 'process_open_fds', 'process_max_fds'];

describe('registerProcessMetrics', () => {
  it('registers prom-client\'s process and Node.js metrics with their HELP texts and types', () => {
    const reg = new Registry();
    registerProcessMetrics(reg);
    const fams = parseExposition(reg.render());
    const expected: Record<string, [string, string]> = {
      process_cpu_user_seconds_total: ['counter', 'Total user CPU time spent in seconds.'],
      process_cpu_system_seconds_total: ['counter', 'Total system CPU time spent in seconds.'],
      process_cpu_seconds_total: ['counter', 'Total user and system CPU time spent in seconds.'],
      process_start_time_seconds: ['gauge', 'Start time of the process since unix epoch in seconds.'],
      process_resident_memory_bytes: ['gauge', 'Resident memory size in bytes.'],
      nodejs_heap_size_total_bytes: ['gauge', 'Process heap size from Node.js in bytes.'],
      nodejs_heap_size_used_bytes: ['gauge', 'Process heap size used from Node.js in bytes.'],
      nodejs_external_memory_bytes: ['gauge', 'Node.js external memory size in bytes.'],
      nodejs_eventloop_lag_seconds: ['gauge', 'Lag of event loop in seconds.'],
      nodejs_version_info: ['gauge', 'Node.js version info.'],
    };
    if (process.platform === 'linux') {
      expected.process_virtual_memory_bytes = ['gauge', 'Virtual memory size in bytes.'];
      expected.process_open_fds = ['gauge', 'Number of open file descriptors.'];
      expected.process_max_fds = ['gauge', 'Maximum number of open file descriptors.'];
    }
    for (const [name, [type, help]] of Object.entries(expected)) {
      const f = fams.get(name);
      expect(f, name).toBeDefined();
      expect(f!.type, name).toBe(type);
      expect(f!.help, name).toBe(help);
    }
    for (const p of ['50', '90', '99']) expect(fams.has(`nodejs_eventloop_lag_p${p}_seconds`)).toBe(true);
    if (process.platform !== 'linux') for (const n of LINUX_ONLY) expect(fams.has(n)).toBe(false);
  });

  it('reports plausible values that agree with each other', () => {
    const reg = new Registry();
    registerProcessMetrics(reg);
    const v = (fams: ReturnType<typeof parseExposition>, n: string) => fams.get(n)!.samples[0]!.value;
    const fams = parseExposition(reg.render());
    const user = v(fams, 'process_cpu_user_seconds_total');
    const sys = v(fams, 'process_cpu_system_seconds_total');
    expect(user).toBeGreaterThan(0);
    expect(v(fams, 'process_cpu_seconds_total')).toBeCloseTo(user + sys, 9);
    const start = v(fams, 'process_start_time_seconds');
    expect(start).toBeLessThanOrEqual(Date.now() / 1000);
    expect(start).toBeGreaterThan(Date.now() / 1000 - process.uptime() - 5);
    expect(v(fams, 'process_resident_memory_bytes')).toBeGreaterThan(1e6);
    expect(v(fams, 'nodejs_heap_size_used_bytes')).toBeLessThanOrEqual(v(fams, 'nodejs_heap_size_total_bytes'));
    const info = fams.get('nodejs_version_info')!.samples[0]!;
    expect(info.labels.version).toBe(process.version);
    expect(info.labels.major).toBe(process.versions.node.split('.')[0]);
    if (process.platform === 'linux') {
      expect(v(fams, 'process_open_fds')).toBeGreaterThan(2);
      expect(v(fams, 'process_max_fds')).toBeGreaterThanOrEqual(v(fams, 'process_open_fds'));
      expect(v(fams, 'process_virtual_memory_bytes')).toBeGreaterThan(v(fams, 'process_resident_memory_bytes'));
    }
  });

  it('reports the event-loop lag measured after the previous render', async () => {
    const reg = new Registry();
    registerProcessMetrics(reg);
    const lag = () => parseExposition(reg.render()).get('nodejs_eventloop_lag_seconds')!.samples[0]!.value;
    expect(lag()).toBe(0);
    // Block the loop so the setImmediate scheduled by the render above runs late.
    const until = Date.now() + 30;
    while (Date.now() < until);
    await new Promise((r) => setImmediate(r));
    expect(lag()).toBeGreaterThanOrEqual(0.025);
  });
});
