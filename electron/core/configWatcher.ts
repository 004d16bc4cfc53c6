/**
 * Watches the config file and calls back when its content changes. Editors often replace a
 * file (write a temp file, rename it over), so the directory is watched, not the file, and
 * events are debounced; the callback only runs when the bytes actually differ.
 */

import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createHash } from 'node:crypto';

export class ConfigWatcher {
  private watcher: FSWatcher | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastHash: string | null = null;

  constructor(
    private readonly file: string,
    private readonly onChange: () => void,
    private readonly debounceMs = 500,
  ) {}

  async start(): Promise<void> {
    this.lastHash = await this.hash();
    try {
      this.watcher = watch(dirname(this.file), (_event, name) => {
        if (name !== null && name !== basename(this.file)) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.check(), this.debounceMs);
      });
      this.watcher.unref();
    } catch {
      // Watching is a convenience; SIGHUP and /-/reload still work without it.
      this.watcher = null;
    }
  }

  private async hash(): Promise<string | null> {
    try {
      return createHash('sha256').update(await readFile(this.file)).digest('hex');
    } catch {
      return null;
    }
  }

  private async check(): Promise<void> {
    const h = await this.hash();
    if (h === null || h === this.lastHash) return;
    this.lastHash = h;
    this.onChange();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = null;
  }
}
