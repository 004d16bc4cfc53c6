/**
 * What happens to alerts before they are queued, as Prometheus's notifier relabelAlerts:
 * external labels fill in the names an alert does not have (the alert's own labels win),
 * then the relabel configs run; an alert they drop is not sent. Used once with the global
 * alert_relabel_configs and external labels, then per Alertmanager config with its own
 * alert_relabel_configs and no external labels.
 */

import type { Labels } from '../../model/labels.js';
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
    let ls = a.labels;
    externalLabels.forEach((name, value) => {
      if (!ls.has(name)) ls = ls.with(name, value);
    });
    const kept = relabel(ls, configs);
    if (kept === null) continue;
    out.push(kept === a.labels ? a : { ...a, labels: kept });
  }
  return out;
}
