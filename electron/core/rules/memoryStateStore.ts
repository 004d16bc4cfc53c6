/**
 * An AlertStateStore in memory: for tests, and for the server until the SQLite store
 * (rules/store/) is merged. It keeps what a restart would need, but only for this process.
 */

import type { AlertStateStore, AlertTransition, SavedAlert } from './types.js';

export class MemoryAlertStateStore implements AlertStateStore {
  private readonly byGroup = new Map<string, readonly SavedAlert[]>();
  private savedAtMs: number | null = null;
  /** Every transition saved, oldest first (the history a real store would keep). */
  readonly history: AlertTransition[] = [];

  load(): { readonly alerts: readonly SavedAlert[]; readonly savedAtMs: number | null } {
    return { alerts: [...this.byGroup.values()].flat(), savedAtMs: this.savedAtMs };
  }

  save(groupKey: string, alerts: readonly SavedAlert[], transitions: readonly AlertTransition[], nowMs: number): void {
    if (alerts.length === 0) this.byGroup.delete(groupKey);
    else this.byGroup.set(groupKey, [...alerts]);
    this.history.push(...transitions);
    this.savedAtMs = nowMs;
  }

  retainGroups(groupKeys: ReadonlySet<string>): void {
    for (const k of [...this.byGroup.keys()]) if (!groupKeys.has(k)) this.byGroup.delete(k);
  }
}
