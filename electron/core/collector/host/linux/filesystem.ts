/**
 * node_exporter's `filesystem` collector on Linux: size, free and available bytes, inodes,
 * read-only flag and statfs errors per mount point, from the mount table of PID 1 (so a
 * process in its own mount namespace still reports the host's mounts) and statfs(2).
 * A mount whose statfs hangs reads as device_error 1 (see StatfsGuard).
 *
 * The table is /proc/1/mountinfo, as current node_exporter reads it: it gives the device
 * numbers for node_filesystem_mount_info, and node_filesystem_readonly is 1 when either the
 * mount or its superblock is read-only (what statfs reports as ST_RDONLY).
 *
 * Labels are device, fstype and mountpoint, the set node_exporter 1.5 (Debian 12) uses.
 * node_exporter 1.8 added a device_error label holding the statfs error text; it is empty,
 * so absent once ingested, for every healthy mount.
 */

import { join } from 'node:path';
import type { CollectContext, Collector, FamilySet } from '../context.js';
import { StatfsGuard } from '../statfsGuard.js';
import { compileSearchRegex, type SearchRegex } from '../../../model/regex.js';

/** node_exporter's defaults (upstream, not a distribution's patched ones). */
export const DEFAULT_MOUNT_POINTS_EXCLUDE = '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';
export const DEFAULT_FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|erofs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$';
export const DEFAULT_MOUNT_TIMEOUT_MS = 5000;

export interface MountEntry {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly major: string;
  readonly minor: string;
  readonly readOnly: boolean;
}

/** The kernel escapes space, tab, newline and backslash in mount tables as \ooo octal. */
function unescapeOctal(s: string): string {
  return s.includes('\\') ? s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))) : s;
}

/**
 * Parses /proc/<pid>/mountinfo (proc(5)): "id parent major:minor root mountpoint options
 * [optional fields] - fstype source superoptions".
 */
export function parseMountInfo(text: string, file = '/proc/1/mountinfo'): MountEntry[] {
  const out: MountEntry[] = [];
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!;
    if (line.trim() === '') continue;
    const parts = line.split(' ').filter((p) => p !== '');
    const sep = parts.indexOf('-', 6);
    const dev = /^(\d+):(\d+)$/.exec(parts[2] ?? '');
    if (sep < 0 || parts.length < sep + 3 || !dev) throw new Error(`${file}:${ln + 1}: malformed mountinfo entry ${JSON.stringify(line)}`);
    const ro = (opts: string | undefined) => (opts ?? '').split(',').includes('ro');
    out.push({
      device: unescapeOctal(parts[sep + 2]!),
      mountPoint: unescapeOctal(parts[4]!),
      fsType: parts[sep + 1]!,
      major: dev[1]!,
      minor: dev[2]!,
      readOnly: ro(parts[5]) || ro(parts[sep + 3]),
    });
  }
  return out;
}

export interface FilesystemOptions {
  readonly mountPointsExclude: string;
  readonly fsTypesExclude: string;
  readonly mountTimeoutMs: number;
}

function compile(what: string, src: string): SearchRegex | null {
  if (src === '') return null;
  try {
    return compileSearchRegex(src);
  } catch (e) {
    throw new Error(`invalid filesystem ${what} exclude pattern ${JSON.stringify(src)}: ${(e as Error).message}`);
  }
}

export class LinuxFilesystemCollector implements Collector {
  readonly name = 'filesystem';
  private readonly mountPointsExclude: SearchRegex | null;
  private readonly fsTypesExclude: SearchRegex | null;
  readonly statfs: StatfsGuard;

  constructor(opts: FilesystemOptions) {
    this.mountPointsExclude = compile('mount point', opts.mountPointsExclude);
    this.fsTypesExclude = compile('fs type', opts.fsTypesExclude);
    this.statfs = new StatfsGuard(opts.mountTimeoutMs);
  }

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const mounts = await this.mounts(ctx);
    const stats = await Promise.all(mounts.map((m) => this.statfs.stat(ctx.io, join(ctx.paths.rootfs, m.mountPoint))));
    for (let i = 0; i < mounts.length; i++) {
      const m = mounts[i]!;
      const st = stats[i];
      const labels = { device: m.device, fstype: m.fsType, mountpoint: m.mountPoint };
      out.add(
        'node_filesystem_device_error',
        'Whether an error occurred while getting statistics for the given device.',
        'gauge',
        st ? 0 : 1,
        labels,
      );
      if (!st) continue;
      out.add('node_filesystem_size_bytes', 'Filesystem size in bytes.', 'gauge', st.blocks * st.bsize, labels);
      out.add('node_filesystem_free_bytes', 'Filesystem free space in bytes.', 'gauge', st.bfree * st.bsize, labels);
      out.add('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', 'gauge', st.bavail * st.bsize, labels);
      out.add('node_filesystem_files', 'Filesystem total file nodes.', 'gauge', st.files, labels);
      out.add('node_filesystem_files_free', 'Filesystem total free file nodes.', 'gauge', st.ffree, labels);
      out.add('node_filesystem_readonly', 'Filesystem read-only status.', 'gauge', m.readOnly ? 1 : 0, labels);
      out.add('node_filesystem_mount_info', 'Filesystem mount information.', 'gauge', 1, {
        device: m.device,
        major: m.major,
        minor: m.minor,
        mountpoint: m.mountPoint,
      });
    }
  }

  /** The mount points to report, filtered, one entry per mount point (the last mounted, which is the visible one). */
  private async mounts(ctx: CollectContext): Promise<MountEntry[]> {
    let file = ctx.proc('1', 'mountinfo');
    let text: string;
    try {
      text = await ctx.read(file);
    } catch {
      // PID 1's table is hidden with hidepid= or outside the host's PID namespace: use ours.
      file = ctx.proc('self', 'mountinfo');
      text = await ctx.read(file);
    }
    const rootfs = ctx.paths.rootfs;
    const byMountPoint = new Map<string, MountEntry>();
    for (const m of parseMountInfo(text, file)) {
      const mountPoint = stripRootfs(rootfs, m.mountPoint);
      if (this.mountPointsExclude?.test(mountPoint)) continue;
      if (this.fsTypesExclude?.test(m.fsType)) continue;
      byMountPoint.delete(mountPoint);
      byMountPoint.set(mountPoint, { ...m, mountPoint });
    }
    return [...byMountPoint.values()];
  }
}

/** A mount point as seen from the root file system node_exporter was pointed at (--path.rootfs). */
function stripRootfs(rootfs: string, mountPoint: string): string {
  if (rootfs === '/' || rootfs === '') return mountPoint;
  const root = rootfs.endsWith('/') ? rootfs.slice(0, -1) : rootfs;
  if (mountPoint === root) return '/';
  if (mountPoint.startsWith(root + '/')) return mountPoint.slice(root.length);
  return mountPoint;
}
