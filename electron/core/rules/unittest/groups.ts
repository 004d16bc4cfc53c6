/**
 * What the test runner needs of the rule engine: groups it can evaluate at a time, and their
 * rules' errors and alerts. Kept as an interface so the runner is tested without the engine and
 * the wiring (engineGroups.ts) is the one place that builds real RuleGroups.
 */

import type { Appendable } from '../../storage/interface.js';
import type { ActiveAlert, RuleQueryFunc } from '../types.js';

export interface EvaluableRule {
  readonly name: string;
  readonly kind: 'alerting' | 'recording';
  /** The last evaluation's error message, or null. */
  lastError(): string | null;
  /** Alerting rules' alerts (pending and firing); [] for recording rules. */
  activeAlerts(): readonly ActiveAlert[];
}

export interface EvaluableGroup {
  readonly name: string;
  evalOnce(timeMs: number): Promise<void>;
  rules(): readonly EvaluableRule[];
}

/** What the groups of one test group evaluate with. */
export interface GroupEnv {
  readonly query: RuleQueryFunc;
  readonly appendable: Appendable;
  /** The test group's interval: the interval of groups that set none. */
  readonly intervalMs: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
}

export type LoadGroupsResult = { readonly ok: true; readonly groups: readonly EvaluableGroup[] } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Loads every group of the rule files (already resolved and globbed), in file order; a rule
 * file that does not validate gives its errors as promtool prints them.
 */
export type GroupLoader = (files: readonly string[], env: GroupEnv) => Promise<LoadGroupsResult>;
