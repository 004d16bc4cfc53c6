import { Labels } from '../../../../../electron/core/model/labels.js';
import type { AlertState, AlertTransition, SavedAlert } from '../../../../../electron/core/rules/types.js';

export function alert(groupKey: string, rule: string, labels: Record<string, string>, o: Partial<SavedAlert> = {}): SavedAlert {
  return {
    groupKey,
    rule,
    labels: Labels.fromObject({ alertname: rule, ...labels }),
    state: 'firing',
    value: 1,
    activeAtMs: 1_000,
    firedAtMs: 2_000,
    keepFiringSinceMs: 0,
    lastSentAtMs: 3_000,
    ...o,
  };
}

export function transition(timeMs: number, groupKey: string, rule: string, labels: Record<string, string>, from: AlertState, to: AlertState, value = 1): AlertTransition {
  return { timeMs, groupKey, rule, labels: Labels.fromObject({ alertname: rule, ...labels }), from, to, value };
}

/** A transition in a comparable plain form. */
export function plainTransition(t: AlertTransition): unknown {
  return { ...t, labels: t.labels.toObject(), value: Number.isNaN(t.value) ? 'NaN' : t.value };
}

export function plainAlert(a: SavedAlert): unknown {
  return { ...a, labels: a.labels.toObject(), value: Number.isNaN(a.value) ? 'NaN' : a.value };
}
