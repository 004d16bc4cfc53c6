/**
 * The test runner's groups are the live engine's: rule files loaded by rules/file and each
 * group a RuleGroup evaluated with evalOnce, so `test rules` checks exactly what the server
 * will run. As promtool does, no alert state is restored (nothing was saved) and nothing is
 * sent; alerting rules write ALERTS from their first evaluation.
 */

import { nopLogger } from '../../log.js';
import { loadRuleFiles } from '../file/index.js';
import { RuleGroup } from '../group.js';
import type { EvaluableGroup, GroupLoader } from './groups.js';

/** Prometheus's default --rules.alert.resend-delay. */
const RESEND_DELAY_MS = 60_000;

export const engineGroupLoader: GroupLoader = async (files, env) => {
  const loaded = loadRuleFiles(files);
  if (loaded.errors.length > 0) return { ok: false, errors: loaded.errors.map((e) => e.message) };
  const groups: EvaluableGroup[] = [];
  for (const file of loaded.files) {
    for (const spec of file.groups) {
      const g = new RuleGroup(spec, {
        query: env.query,
        appendable: env.appendable,
        externalLabels: { ...env.externalLabels },
        externalURL: env.externalURL,
        resendDelayMs: RESEND_DELAY_MS,
        globalIntervalMs: env.intervalMs,
        globalQueryOffsetMs: 0,
        logger: nopLogger,
        restore: false,
      });
      groups.push({
        name: g.name,
        evalOnce: (t) => g.evalOnce(t),
        rules: () =>
          g.rules().map((r) => ({
            name: r.name,
            kind: r.kind,
            lastError: () => r.lastError,
            activeAlerts: () => (r.kind === 'alerting' ? r.activeAlerts() : []),
          })),
      });
    }
  }
  return { ok: true, groups };
};
