/**
 * Small collectors from node:os where /proc is missing: load average (macOS only: Windows
 * has none and Node reports zeros), boot time, uname and the wall clock.
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

export class OsLoadavgCollector implements Collector {
  readonly name = 'loadavg';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const [l1, l5, l15] = ctx.io.os.loadavg();
    out.add('node_load1', '1m load average.', 'gauge', l1 ?? 0);
    out.add('node_load5', '5m load average.', 'gauge', l5 ?? 0);
    out.add('node_load15', '15m load average.', 'gauge', l15 ?? 0);
  }
}

/** node_exporter's BSD/darwin `boottime` collector, from the clock minus the uptime. */
export class OsBoottimeCollector implements Collector {
  readonly name = 'boottime';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    // Whole seconds: the two readings are taken at slightly different instants.
    const boot = Math.round(ctx.io.now() / 1000 - ctx.io.os.uptime());
    out.add('node_boot_time_seconds', 'Node boot time, in unixtime.', 'gauge', boot);
  }
}

/**
 * uname from node:os. As node_exporter does on BSD and macOS, the host name is split at its
 * first dot into nodename and domainname ("(none)" when there is no dot).
 */
export class OsUnameCollector implements Collector {
  readonly name = 'uname';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const os = ctx.io.os;
    const host = os.hostname();
    const dot = host.indexOf('.');
    out.add('node_uname_info', 'Labeled system information as provided by the uname system call.', 'gauge', 1, {
      sysname: os.type(),
      release: os.release(),
      version: os.version(),
      machine: os.machine(),
      nodename: dot < 0 ? host : host.slice(0, dot),
      domainname: dot < 0 ? '(none)' : host.slice(dot + 1),
    });
  }
}

export class OsTimeCollector implements Collector {
  readonly name = 'time';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    out.add('node_time_seconds', 'System time in seconds since epoch (1970).', 'gauge', ctx.io.now() / 1000);
  }
}
