/**
 * file_sd_configs: target groups read from JSON/YAML files matched by glob patterns,
 * re-read on file system events and every refresh_interval, as Prometheus's discovery/file.
 * A file that fails to parse keeps its previous groups (and the error is logged); a file
 * that disappears takes its groups with it.
 */

import fs from 'node:fs';
import path from 'node:path';
import { Labels } from '../../model/labels.js';
import type { FileSDConfig } from '../../config/types.js';
import { globSync } from '../../config/glob.js';
import { nopLogger, type Logger } from '../../log.js';
import { parseTargetGroupFile } from './fileFormat.js';
import { groupFromStatic } from './static.js';
import type { Provider } from './provider.js';
import type { TargetGroup } from './targetGroup.js';

export const FILEPATH_LABEL = '__meta_filepath';

export interface FileProviderOptions {
  logger?: Logger;
  /** Delay before re-reading after a file system event, to coalesce bursts of events. */
  watchDebounceMs?: number;
}

export class FileProvider implements Provider {
  readonly initialized: Promise<void>;
  private resolveInit!: () => void;
  private send: ((groups: TargetGroup[]) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private watchers: fs.FSWatcher[] = [];
  /** Per file, how many groups it last produced (so shrinking or deleting can clear the rest). */
  private lastRefresh = new Map<string, number>();
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    private readonly cfg: FileSDConfig,
    private readonly opts: FileProviderOptions = {},
  ) {
    this.logger = (opts.logger ?? nopLogger).with({ discovery: 'file' });
    this.initialized = new Promise((r) => (this.resolveInit = r));
  }

  start(send: (groups: TargetGroup[]) => void): void {
    this.send = send;
    this.watch();
    this.refresh();
    this.resolveInit();
    this.timer = setInterval(() => this.refresh(), this.cfg.refreshIntervalMs);
    this.timer.unref?.();
  }

  private watch(): void {
    const dirs = new Set(this.cfg.files.map((p) => path.dirname(p)));
    for (const dir of dirs) {
      try {
        const w = fs.watch(dir, { persistent: false }, () => this.scheduleRefresh());
        w.on('error', (err) => this.logger.error('Error watching directory', { dir, err: String(err) }));
        this.watchers.push(w);
      } catch (err) {
        // A missing directory is not fatal: the periodic refresh still picks files up later.
        this.logger.error('Error adding file watch', { path: dir, err: String(err) });
      }
    }
  }

  private scheduleRefresh(): void {
    if (this.stopped) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.refresh();
    }, this.opts.watchDebounceMs ?? 50);
    this.debounce.unref?.();
  }

  /** Re-reads every matching file and sends the groups, including empty ones for vanished sources. */
  refresh(): void {
    if (this.stopped || !this.send) return;
    const files = new Set<string>();
    for (const pattern of this.cfg.files) for (const f of globSync(pattern)) files.add(f);
    const out: TargetGroup[] = [];
    const ref = new Map<string, number>();
    for (const file of [...files].sort()) {
      let groups: TargetGroup[];
      try {
        groups = readFile(file);
      } catch (err) {
        this.logger.error('Error reading file', { path: file, err: (err as Error).message });
        // Keep the previous groups of this file: do not count it as shrunk or deleted.
        const prev = this.lastRefresh.get(file);
        if (prev !== undefined) ref.set(file, prev);
        continue;
      }
      out.push(...groups);
      ref.set(file, groups.length);
    }
    for (const [file, n] of this.lastRefresh) {
      const now = ref.get(file);
      const from = now === undefined ? 0 : now;
      for (let i = from; i < n; i++) out.push({ source: fileSource(file, i), targets: [], labels: Labels.EMPTY });
    }
    this.lastRefresh = ref;
    if (out.length > 0) this.send(out);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}

function fileSource(file: string, i: number): string {
  return `${file}:${i}`;
}

function readFile(file: string): TargetGroup[] {
  const content = fs.readFileSync(file, 'utf8');
  const groups = parseTargetGroupFile(content, file);
  const meta = Labels.fromPairs([[FILEPATH_LABEL, file]]);
  return groups.map((g, i) => groupFromStatic(g, fileSource(file, i), meta));
}
