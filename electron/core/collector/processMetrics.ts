/**
 * The standard process and Node.js metrics, named and described as prom-client names them
 * (process_* as every Prometheus client library does), so Node.js dashboards work on Hearth.
 *
 * Values are read when the registry renders. On Linux the process_* memory and descriptor
 * figures come from /proc/self, read synchronously as prom-client does: procfs files are
 * generated in memory and never block on a disk.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Registry } from './registry.js';

const isLinux = process.platform === 'linux';

/** VmRSS, VmSize and VmData from /proc/self/status, in bytes; null when unreadable. */
function procStatus(): { rss: number; vsize: number; data: number } | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/status', 'latin1');
  } catch {
    return null;
  }
  const field = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : NaN;
  };
  return { rss: field('VmRSS'), vsize: field('VmSize'), data: field('VmData') };
}

/** The soft limit on open files from /proc/self/limits; NaN when unreadable or unlimited. */
function maxFds(): number {
  try {
    const text = readFileSync('/proc/self/limits', 'latin1');
    const m = /^Max open files\s+(\S+)/m.exec(text);
    return m && m[1] !== 'unlimited' ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

function openFds(): number {
  // The directory listing holds its own descriptor while it runs; do not count it.
  return readdirSync('/proc/self/fd').length - 1;
}

/**
 * Registers process_* and nodejs_* metrics on `reg`: CPU seconds (user, system, total),
 * resident and virtual memory, start time, open and maximum descriptors (Linux), V8 heap
 * size and use, external memory, event-loop lag, and the Node.js version.
 */
export function registerProcessMetrics(reg: Registry): void {
  // One reading per render, so user + system always equals the total shown beside them.
  const cpu = perRender(() => process.cpuUsage());
  reg.counterFunc('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', () => cpu().user / 1e6);
  reg.counterFunc('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', () => cpu().system / 1e6);
  reg.counterFunc('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', () => (cpu().user + cpu().system) / 1e6);

  // performance.timeOrigin is when this process started, in ms since the epoch.
  const startSeconds = performance.timeOrigin / 1000;
  reg.gaugeFunc('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', () => startSeconds);

  if (isLinux && procStatus() !== null) {
    const status = perRender(procStatus);
    reg.gaugeFunc('process_resident_memory_bytes', 'Resident memory size in bytes.', () => status()?.rss ?? NaN);
    reg.gaugeFunc('process_virtual_memory_bytes', 'Virtual memory size in bytes.', () => status()?.vsize ?? NaN);
    reg.gaugeFunc('process_heap_bytes', 'Process heap size in bytes.', () => status()?.data ?? NaN);
    reg.gaugeFunc('process_open_fds', 'Number of open file descriptors.', openFds);
    reg.gaugeFunc('process_max_fds', 'Maximum number of open file descriptors.', maxFds);
  } else {
    reg.gaugeFunc('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage.rss());
  }

  const mem = perRender(() => process.memoryUsage());
  reg.gaugeFunc('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', () => mem().heapTotal);
  reg.gaugeFunc('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', () => mem().heapUsed);
  reg.gaugeFunc('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', () => mem().external);

  registerEventLoopLag(reg);

  const [major, minor, patch] = process.versions.node.split('.');
  const versionLabels = { version: process.version, major: major ?? '', minor: minor ?? '', patch: patch ?? '' };
  reg.gaugeFunc('nodejs_version_info', 'Node.js version info.', () => [{ labels: versionLabels, value: 1 }]);
}

/**
 * nodejs_eventloop_lag_seconds as prom-client measures it: each render schedules a
 * setImmediate and reports the delay measured by the previous one (render is synchronous, and
 * a scrape must not wait for the loop). The min/max/mean/stddev/percentile gauges come from
 * perf_hooks' event-loop delay histogram, sampled every second: prom-client's 10 ms woke an
 * idle Hearth 100 times a second, which cost more CPU than scraping a node_exporter (and a
 * laptop's battery) for a finer view of a number few look at.
 */
function registerEventLoopLag(reg: Registry): void {
  let lastLag = 0;
  let pending = false;
  reg.gaugeFunc('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.', () => {
    if (!pending) {
      pending = true;
      const t0 = process.hrtime.bigint();
      setImmediate(() => {
        lastLag = Number(process.hrtime.bigint() - t0) / 1e9;
        pending = false;
      });
    }
    return lastLag;
  });

  const h = monitorEventLoopDelay({ resolution: 1000 });
  h.enable();
  // Each scrape reports the delays since the previous one: the seven gauges read one snapshot,
  // then the histogram starts over.
  const stats = perRender(() => {
    // Before the first sample the histogram reports min = 9.2e18 ns; show 0 until there is data.
    const s = (v: number) => (h.count > 0 ? v / 1e9 : 0);
    const snap = {
      min: s(h.min),
      max: s(h.max),
      mean: s(h.mean),
      stddev: s(h.stddev),
      p50: s(h.percentile(50)),
      p90: s(h.percentile(90)),
      p99: s(h.percentile(99)),
    };
    h.reset();
    return snap;
  });
  reg.gaugeFunc('nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.', () => stats().min);
  reg.gaugeFunc('nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.', () => stats().max);
  reg.gaugeFunc('nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.', () => stats().mean);
  reg.gaugeFunc('nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays.', () => stats().stddev);
  reg.gaugeFunc('nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.', () => stats().p50);
  reg.gaugeFunc('nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.', () => stats().p90);
  reg.gaugeFunc('nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.', () => stats().p99);
}

/**
 * Memoizes `read` for one render: Registry.render() is synchronous, so the microtask that
 * clears the value runs only after every family of this render has been read.
 */
function perRender<T>(read: () => T): () => T {
  let value: { v: T } | null = null;
  return () => {
    if (value === null) {
      value = { v: read() };
      queueMicrotask(() => {
        value = null;
      });
    }
    return value.v;
  };
}
