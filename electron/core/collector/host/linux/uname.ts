/**
 * node_exporter's `uname` collector on Linux. The kernel publishes the uname(2) strings under
 * /proc/sys/kernel, so no syscall binding is needed; only the machine (architecture) comes
 * from Node (os.machine() is uname's machine field).
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

export class LinuxUnameCollector implements Collector {
  readonly name = 'uname';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const names = ['ostype', 'osrelease', 'version', 'hostname', 'domainname'] as const;
    const values = await Promise.all(names.map((n) => ctx.read(ctx.proc('sys', 'kernel', n)).then((s) => s.replace(/\n+$/, ''))));
    const [sysname, release, version, nodename, domainname] = values as [string, string, string, string, string];
    out.add('node_uname_info', 'Labeled system information as provided by the uname system call.', 'gauge', 1, {
      sysname,
      release,
      version,
      machine: ctx.io.os.machine(),
      nodename,
      domainname,
    });
  }
}
