/**
 * The `filesystem` collector where there is no mount table to read without a child process.
 * macOS: the root volume and each volume mounted under /Volumes. Windows: drive letters A: to
 * Z: that answer statfs. Sizes and inode counts come from statfs (libuv); the device and
 * fstype labels stay empty (getfsstat and GetVolumeInformation are not reachable from Node),
 * and node_filesystem_readonly is not reported. Windows reports no inode counts.
 */

import { join } from 'node:path';
import type { CollectContext, Collector, FamilySet } from '../context.js';
import { StatfsGuard } from '../statfsGuard.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class OsFilesystemCollector implements Collector {
  readonly name = 'filesystem';
  readonly statfs: StatfsGuard;

  constructor(
    private readonly platform: NodeJS.Platform,
    mountTimeoutMs: number,
  ) {
    this.statfs = new StatfsGuard(mountTimeoutMs);
  }

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const mountPoints = this.platform === 'win32' ? LETTERS.split('').map((l) => `${l}:\\`) : await this.macVolumes(ctx);
    const stats = await Promise.all(mountPoints.map((mp) => this.statfs.stat(ctx.io, mp)));
    for (let i = 0; i < mountPoints.length; i++) {
      const mountpoint = mountPoints[i]!;
      const st = stats[i];
      // A drive letter that does not answer is simply not there.
      if (this.platform === 'win32' && st === null) continue;
      const labels = { device: this.platform === 'win32' ? mountpoint.slice(0, 2) : '', fstype: '', mountpoint };
      out.add('node_filesystem_device_error', 'Whether an error occurred while getting statistics for the given device.', 'gauge', st ? 0 : 1, labels);
      if (!st) continue;
      out.add('node_filesystem_size_bytes', 'Filesystem size in bytes.', 'gauge', st.blocks * st.bsize, labels);
      out.add('node_filesystem_free_bytes', 'Filesystem free space in bytes.', 'gauge', st.bfree * st.bsize, labels);
      out.add('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', 'gauge', st.bavail * st.bsize, labels);
      if (this.platform !== 'win32') {
        out.add('node_filesystem_files', 'Filesystem total file nodes.', 'gauge', st.files, labels);
        out.add('node_filesystem_files_free', 'Filesystem total free file nodes.', 'gauge', st.ffree, labels);
      }
    }
  }

  /** "/" and every real directory in /Volumes (the boot volume appears there as a link to "/"). */
  private async macVolumes(ctx: CollectContext): Promise<string[]> {
    const out = ['/'];
    try {
      for (const e of await ctx.io.readdir('/Volumes')) {
        if (e.isDirectory() && !e.isSymbolicLink()) out.push(join('/Volumes', e.name));
      }
    } catch {
      // No /Volumes: only the root volume.
    }
    return out;
  }
}
