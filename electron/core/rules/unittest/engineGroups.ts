/**
 * The test runner's groups are the live engine's: rule files loaded by rules/file and each
 * group a RuleGroup evaluated with evalOnce, so `test rules` checks exactly what the server
 * will run. As promtool does, no alert state is restored (nothing was saved) and nothing is
 * sent; alerting rules write ALERTS from their first evaluation.
 */

import { nopLogger } from '../../log.js';
import { loadRuleFiles, resolveRuleFiles, type LoadedRuleFiles } from '../file/index.js';
import { RuleGroup } from '../group.js';
import type { EvaluableGroup, GroupLoader } from './groups.js';
import { readRuleFileLenient } from './lenientRuleFile.js';

/** Prometheus's default --rules.alert.resend-delay. */
const RESEND_DELAY_MS = 60_000;

export interface EngineLoaderOptions {
  /** promtool's --ignore-unknown-fields: keys the rule file format does not know are dropped. */
  readonly ignoreUnknownFields?: boolean;
}

function loadLenient(patterns: readonly string[]): LoadedRuleFiles {
  const out: LoadedRuleFiles = { files: [], errors: [], warnings: [] };
  for (const f of resolveRuleFiles(patterns, out.errors)) {
    const r = readRuleFileLenient(f);
    if (r.file) out.files.push(r.file);
    out.errors.push(...r.errors);
  }
  return out;
}

export const engineGroupLoader: GroupLoader = engineGroupLoaderWith({});

export function engineGroupLoaderWith(opts: EngineLoaderOptions): GroupLoader {
  return (files, env) => load(opts.ignoreUnknownFields ? loadLenient(files) : loadRuleFiles(files), env);
}

const load = async (loaded: LoadedRuleFiles, env: Parameters<GroupLoader>[1]): ReturnType<GroupLoader> => {
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
