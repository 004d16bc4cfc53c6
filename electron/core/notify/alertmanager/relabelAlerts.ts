/**
 * What happens to alerts before they are queued, as Prometheus's notifier relabelAlerts:
 * external labels fill in the names an alert does not have (the alert's own labels win),
 * then the relabel configs run; an alert they drop is not sent. Used once with the global
 * alert_relabel_configs and external labels, then per Alertmanager config with its own
 * alert_relabel_configs and no external labels.
 */

import { compareStrings, Labels } from '../../model/labels.js';
import type { RelabelConfig } from '../../config/types.js';
import type { NotifierAlert } from '../../rules/types.js';
import { relabel } from '../../scrape/relabel.js';

/** The alerts that survive, with their new labels; the input array is returned when nothing can change. */
export function relabelAlerts(
  alerts: readonly NotifierAlert[],
  configs: readonly RelabelConfig[],
  externalLabels: Labels,
): readonly NotifierAlert[] {
  if (configs.length === 0 && externalLabels.size === 0) return alerts;
  const out: NotifierAlert[] = [];
  for (const a of alerts) {
    const ls = withExternalLabels(a.labels, externalLabels);
    const kept = configs.length === 0 ? ls : relabel(ls, configs);
    if (kept === null) continue;
    out.push(kept === a.labels ? a : { ...a, labels: kept });
  }
  return out;
}

/** `labels` plus the external labels it lacks: one merge of two sorted lists, no re-sorting. */
export function withExternalLabels(labels: Labels, ext: Labels): Labels {
  if (ext.size === 0) return labels;
  const a = labels.pairs;
  const b = ext.pairs;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let added = false;
  while (i < a.length || j < b.length) {
    const c = i >= a.length ? 1 : j >= b.length ? -1 : compareStrings(a[i]!, b[j]!);
    if (c <= 0) {
      out.push(a[i]!, a[i + 1]!);
      i += 2;
      if (c === 0) j += 2;
    } else {
      out.push(b[j]!, b[j + 1]!);
      j += 2;
      added = true;
    }
  }
  return added ? Labels.fromSortedFlat(out) : labels;
}
