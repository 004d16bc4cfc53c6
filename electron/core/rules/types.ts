/**
 * The shapes the rules room passes between its parts: a parsed rule file, the query and append
 * functions a group evaluates through, an alert and its saved state, and what the notifier is
 * handed. Kept in one file so the parser, the evaluator, the state store, the promtool-style
 * test runner and the notifier agree without importing each other.
 */

import type { Labels } from '../model/labels.js';
import type { VectorSample } from '../promql/value.js';

/** Where a node sits in its YAML file, 1-based, for file:line:column errors. */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

export interface RecordingRuleSpec {
  readonly kind: 'recording';
  readonly record: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pos: SourcePos;
}

export interface AlertingRuleSpec {
  readonly kind: 'alerting';
  readonly alert: string;
  readonly expr: string;
  /** `for`, ms; 0 fires at once. */
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly pos: SourcePos;
}

export type RuleSpec = RecordingRuleSpec | AlertingRuleSpec;

export interface RuleGroupSpec {
  readonly name: string;
  /** The rule file's path as rule_files resolved it. */
  readonly file: string;
  /** ms; 0 means the global evaluation_interval. */
  readonly intervalMs: number;
  /** Most series a rule may produce (alerts or recorded series); 0 for no limit. */
  readonly limit: number;
  /** ms; null means the global rule_query_offset. */
  readonly queryOffsetMs: number | null;
  /** Labels added to every rule's output, overridden by the rule's own. */
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly RuleSpec[];
  readonly pos: SourcePos;
}

export interface RuleFileSpec {
  readonly path: string;
  readonly groups: readonly RuleGroupSpec[];
}

/**
 * An instant query for a rule at an evaluation time: the vector it returns (a scalar comes back
 * as one sample with no labels, as Prometheus's EngineQueryFunc does; a string or matrix is an
 * error). Rejects with a QueryError on failure or timeout.
 */
export type RuleQueryFunc = (expr: string, timeMs: number) => Promise<readonly VectorSample[]>;

export type AlertState = 'inactive' | 'pending' | 'firing';

/** One alert of an alerting rule, Prometheus's rules.Alert. Times in ms; 0 means unset. */
export interface ActiveAlert {
  state: AlertState;
  readonly labels: Labels;
  annotations: Labels;
  value: number;
  activeAtMs: number;
  firedAtMs: number;
  resolvedAtMs: number;
  lastSentAtMs: number;
  validUntilMs: number;
  keepFiringSinceMs: number;
}

/** An active alert as the state store keeps it across restarts. */
export interface SavedAlert {
  /** `${file};${group}` as Prometheus's GroupKey. */
  readonly groupKey: string;
  readonly rule: string;
  readonly labels: Labels;
  readonly state: 'pending' | 'firing';
  readonly value: number;
  readonly activeAtMs: number;
  readonly firedAtMs: number;
  readonly keepFiringSinceMs: number;
  readonly lastSentAtMs: number;
}

/** A change of an alert's state, for the history. */
export interface AlertTransition {
  readonly timeMs: number;
  readonly groupKey: string;
  readonly rule: string;
  readonly labels: Labels;
  readonly from: AlertState;
  readonly to: AlertState;
  readonly value: number;
}

/** Keeps active alerts across restarts and the history of their changes (SQLite, in the data dir). */
export interface AlertStateStore {
  /** Every saved alert, with the time they were last saved (to judge the outage). */
  load(): { readonly alerts: readonly SavedAlert[]; readonly savedAtMs: number | null };
  /** Replaces the saved alerts of one group, and appends transitions, in one transaction. */
  save(groupKey: string, alerts: readonly SavedAlert[], transitions: readonly AlertTransition[], nowMs: number): void;
  /** Drops the saved alerts of groups no longer loaded. */
  retainGroups(groupKeys: ReadonlySet<string>): void;
}

/** What is sent to Alertmanagers: Prometheus's notifier.Alert. Times in ms; 0 means unset. */
export interface NotifierAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly generatorURL: string;
}

/** The rule manager's outlet to the notifier (external Alertmanagers now, the built-in one later). */
export interface AlertSender {
  send(alerts: readonly NotifierAlert[]): void;
}
