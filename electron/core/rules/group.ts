/**
 * A rule group: its rules evaluated in order at one timestamp, their results appended with
 * staleness markers for series that vanished (Prometheus's seriesInPreviousEval), alerts sent
 * and their state saved. Scheduling is the manager's; `evalOnce` is the whole of one iteration,
 * so `hearth test rules` and the backtest drive exactly the live code path.
 */

import type { Logger } from '../log.js';
import type { Labels } from '../model/labels.js';
import type { VectorSample } from '../promql/value.js';
import { StorageError } from '../storage/errors.js';
import type { Appendable, Appender } from '../storage/interface.js';
import { AlertingRule, type AlertEvalContext, type RestoreInput } from './alerting.js';
import { RecordingRule } from './recording.js';
import type { RuleHealth } from './rule.js';
import type { AlertSender, AlertStateStore, RuleGroupSpec, RuleQueryFunc, SavedAlert } from './types.js';

export type Rule = RecordingRule | AlertingRule;

/** What a group reports to the manager's metrics; all optional. */
export interface GroupMetricsSink {
  ruleEvaluated(groupKey: string, durationMs: number, failed: boolean): void;
  groupEvaluated(groupKey: string, samples: number): void;
}

export interface GroupOptions {
  readonly query: RuleQueryFunc;
  readonly appendable: Appendable;
  readonly externalLabels: Record<string, string>;
  /** --web.external-url without a trailing slash: the base of generatorURL and $externalURL. */
  readonly externalURL: string;
  readonly sender?: AlertSender;
  readonly resendDelayMs: number;
  /** Where active alerts are saved after each evaluation (and restored from on the first one). */
  readonly store?: AlertStateStore;
  readonly globalIntervalMs: number;
  readonly globalQueryOffsetMs: number;
  /** Wall clock for lastEvaluation and durations (default Date.now). */
  readonly now?: () => number;
  readonly logger: Logger;
  /** Whether the first evaluation restores saved alerts from `store` (default: when there is a store). */
  readonly restore?: boolean;
  /** What the store held at start-up, when the manager loaded it once for every group (default: store.load()). */
  readonly saved?: { readonly alerts: readonly SavedAlert[]; readonly savedAtMs: number | null };
  /** --rules.alert.for-outage-tolerance: saved state older than this is not restored (default 1h). */
  readonly outageToleranceMs?: number;
  /** --rules.alert.for-grace-period (default 10m). */
  readonly forGracePeriodMs?: number;
  readonly metrics?: GroupMetricsSink;
}

export const DEFAULT_OUTAGE_TOLERANCE_MS = 3_600_000;
export const DEFAULT_FOR_GRACE_PERIOD_MS = 600_000;

export function groupKey(file: string, name: string): string {
  return `${file};${name}`;
}

export class RuleGroup {
  readonly name: string;
  readonly file: string;
  readonly key: string;
  readonly intervalMs: number;
  readonly limit: number;
  readonly queryOffsetMs: number;
  private readonly ruleList: Rule[];
  /** Per rule: the series its last successful evaluation appended, by label key. */
  private seriesInPreviousEval: Array<Map<string, Labels>>;
  /** Series of rules no longer configured, to be marked stale on the next evaluation. */
  private staleSeries: Labels[] = [];
  private shouldRestore: boolean;
  private stopped = false;
  private readonly now: () => number;
  private readonly log: Logger;

  /** Wall-clock start of the last evaluation, ms; 0 before the first. */
  lastEvaluationMs = 0;
  evaluationTimeMs = 0;
  /** The evaluation timestamp (slot) of the last evaluation, ms. */
  lastEvalTimestampMs = 0;

  constructor(readonly spec: RuleGroupSpec, private readonly opts: GroupOptions) {
    this.name = spec.name;
    this.file = spec.file;
    this.key = groupKey(spec.file, spec.name);
    // A zero interval would divide by zero in the slot hash and spin; the config never gives one.
    this.intervalMs = spec.intervalMs > 0 ? spec.intervalMs : opts.globalIntervalMs > 0 ? opts.globalIntervalMs : 60_000;
    this.limit = spec.limit;
    this.queryOffsetMs = spec.queryOffsetMs ?? opts.globalQueryOffsetMs;
    this.ruleList = spec.rules.map((r) => (r.kind === 'recording' ? new RecordingRule(r, spec.labels) : new AlertingRule(r, spec.labels)));
    this.seriesInPreviousEval = this.ruleList.map(() => new Map());
    this.shouldRestore = opts.restore ?? opts.store !== undefined;
    // Sub-millisecond wall clock by default: rule durations are often well under 1 ms.
    this.now = opts.now ?? (() => performance.timeOrigin + performance.now());
    this.log = opts.logger.with({ file: spec.file, group: spec.name });
  }

  rules(): readonly Rule[] {
    return this.ruleList;
  }

  alertingRules(): AlertingRule[] {
    return this.ruleList.filter((r): r is AlertingRule => r.kind === 'alerting');
  }

  /** 'unknown' before the first evaluation, 'err' when a rule failed in the last one. */
  health(): RuleHealth {
    if (this.ruleList.some((r) => r.health === 'err')) return 'err';
    return this.lastEvaluationMs === 0 ? 'unknown' : 'ok';
  }

  /** The first failing rule's error, named, or null. */
  lastError(): string | null {
    const r = this.ruleList.find((x) => x.health === 'err');
    return r ? `${r.name}: ${r.lastError}` : null;
  }

  /**
   * One iteration at evaluation time `timeMs`: each rule in order, querying at timeMs minus the
   * query offset. A rule that fails is marked with its error and the rest go on. Never rejects.
   */
  async evalOnce(timeMs: number): Promise<void> {
    if (this.stopped) return;
    const start = this.now();
    const restore = this.takeRestore(timeMs);
    const ctx: AlertEvalContext = {
      query: this.opts.query,
      queryOffsetMs: this.queryOffsetMs,
      limit: this.limit,
      externalLabels: this.opts.externalLabels,
      externalURL: this.opts.externalURL,
      logger: this.log,
    };
    let samples = 0;
    for (let i = 0; i < this.ruleList.length; i++) {
      // Stopping: the rules not yet evaluated wait for the next run (Prometheus checks g.done here).
      if (this.stopped) break;
      const rule = this.ruleList[i]!;
      const t0 = this.now();
      let vector: VectorSample[] | null = null;
      try {
        vector =
          rule.kind === 'recording'
            ? await rule.eval(timeMs, this.queryOffsetMs, this.opts.query, this.limit)
            : await rule.eval(timeMs, ctx, restore ? { alerts: restore.alerts.filter((a) => a.rule === rule.name && ownsAlert(rule, a)), forGracePeriodMs: restore.forGracePeriodMs } : null, this.key);
      } catch (e) {
        rule.setError(errorMessage(e));
        this.log.warn('Evaluating rule failed', { name: rule.name, index: i, err: rule.lastError });
      }
      if (vector) {
        rule.setOk();
        samples += vector.length;
        if (rule.kind === 'alerting') rule.sendAlerts(timeMs, this.opts.resendDelayMs, this.intervalMs, this.opts.externalURL, this.opts.sender);
        this.append(i, rule, vector, timeMs);
      }
      rule.lastEvaluationMs = t0;
      rule.evaluationTimeMs = this.now() - t0;
      this.opts.metrics?.ruleEvaluated(this.key, rule.evaluationTimeMs, rule.health === 'err');
    }
    this.cleanupStaleSeries(timeMs);
    this.saveAlerts(timeMs);
    this.opts.metrics?.groupEvaluated(this.key, samples);
    this.lastEvalTimestampMs = timeMs;
    this.lastEvaluationMs = start;
    this.evaluationTimeMs = this.now() - start;
  }

  /** Makes the evaluation in flight end after its current rule; later evaluations do nothing. */
  stop(): void {
    this.stopped = true;
  }

  /** Appends one rule's results and staleness markers for its series that vanished, in one commit. */
  private append(i: number, rule: Rule, vector: readonly VectorSample[], timeMs: number): void {
    const app = this.opts.appendable.appender();
    const returned = new Map<string, Labels>();
    let dropped = 0;
    for (const s of vector) {
      try {
        app.append(0, s.labels, s.t, s.v);
        returned.set(s.labels.key, s.labels);
      } catch (e) {
        if (!isExpectedAppendError(e)) {
          rule.setError(errorMessage(e));
          this.log.warn('Rule evaluation result discarded', { name: rule.name, err: errorMessage(e), sample: s.labels.toString() });
        }
        dropped++;
      }
    }
    if (dropped > 0) this.log.debug('Rule evaluation results discarded', { name: rule.name, num_dropped: dropped });
    const staleT = timeMs - this.queryOffsetMs;
    for (const [key, labels] of this.seriesInPreviousEval[i]!) {
      if (!returned.has(key)) appendStale(app, labels, staleT, this.log);
    }
    try {
      app.commit();
      this.seriesInPreviousEval[i] = returned;
    } catch (e) {
      rule.setError(errorMessage(e));
      this.log.warn('Rule sample appending failed', { name: rule.name, err: errorMessage(e) });
    }
  }

  private cleanupStaleSeries(timeMs: number): void {
    if (this.staleSeries.length === 0) return;
    const app = this.opts.appendable.appender();
    for (const s of this.staleSeries) appendStale(app, s, timeMs - this.queryOffsetMs, this.log);
    try {
      app.commit();
      this.staleSeries = [];
    } catch (e) {
      this.log.warn('Stale sample appending for previous configuration failed', { err: errorMessage(e) });
    }
  }

  /** The restore to merge into this evaluation: only the first, only within the outage tolerance. */
  private takeRestore(timeMs: number): { alerts: readonly SavedAlert[]; forGracePeriodMs: number } | null {
    if (!this.shouldRestore) return null;
    this.shouldRestore = false;
    const store = this.opts.store;
    if (!store && !this.opts.saved) return null;
    let saved = this.opts.saved;
    try {
      saved ??= store!.load();
    } catch (e) {
      this.log.error('Failed to load saved alert state', { err: errorMessage(e) });
      return null;
    }
    if (saved.savedAtMs === null) return null;
    const outage = timeMs - saved.savedAtMs;
    if (outage > (this.opts.outageToleranceMs ?? DEFAULT_OUTAGE_TOLERANCE_MS)) {
      this.log.info('Saved alert state is older than the outage tolerance; not restored', { saved_at: new Date(saved.savedAtMs).toISOString() });
      return null;
    }
    const alerts = saved.alerts.filter((a) => a.groupKey === this.key);
    if (alerts.length === 0) return null;
    return { alerts, forGracePeriodMs: this.opts.forGracePeriodMs ?? DEFAULT_FOR_GRACE_PERIOD_MS };
  }

  private saveAlerts(timeMs: number): void {
    const store = this.opts.store;
    const alerting = this.alertingRules();
    if (!store) {
      for (const r of alerting) r.takeTransitions();
      return;
    }
    const alerts: SavedAlert[] = [];
    const transitions = [];
    for (const r of alerting) {
      alerts.push(...r.savedAlerts(this.key));
      transitions.push(...r.takeTransitions());
    }
    try {
      store.save(this.key, alerts, transitions, timeMs);
    } catch (e) {
      this.log.error('Failed to save alert state', { err: errorMessage(e) });
    }
  }

  /**
   * Takes over the state of the group this one replaces on reload, as Prometheus's CopyState:
   * rules matched by kind, name and labels (the nth duplicate with the nth) keep their alerts
   * and their series; series of rules that are gone become stale on the next evaluation.
   */
  copyStateFrom(from: RuleGroup): void {
    this.evaluationTimeMs = from.evaluationTimeMs;
    this.lastEvaluationMs = from.lastEvaluationMs;
    this.lastEvalTimestampMs = from.lastEvalTimestampMs;
    this.shouldRestore = false;
    const byIdentity = new Map<string, number[]>();
    from.ruleList.forEach((r, i) => {
      const id = r.identity();
      byIdentity.set(id, [...(byIdentity.get(id) ?? []), i]);
    });
    this.ruleList.forEach((r, i) => {
      const idx = byIdentity.get(r.identity());
      if (!idx || idx.length === 0) return;
      const fi = idx.shift()!;
      this.seriesInPreviousEval[i] = from.seriesInPreviousEval[fi]!;
      const old = from.ruleList[fi]!;
      if (r.kind === 'alerting' && old.kind === 'alerting') r.copyStateFrom(old);
    });
    this.staleSeries = [...from.staleSeries];
    for (const idx of byIdentity.values()) for (const fi of idx) this.staleSeries.push(...from.seriesInPreviousEval[fi]!.values());
  }

  /** Every series this group last wrote, for staleness markers when it is removed. */
  seriesToMarkStale(): Labels[] {
    const out = [...this.staleSeries];
    for (const m of this.seriesInPreviousEval) out.push(...m.values());
    return out;
  }

  /** Whether a reload may keep this group running unchanged (Prometheus's Group.Equals). */
  equals(other: RuleGroup): boolean {
    return (
      this.name === other.name &&
      this.file === other.file &&
      this.intervalMs === other.intervalMs &&
      this.limit === other.limit &&
      this.queryOffsetMs === other.queryOffsetMs &&
      specText(this.spec) === specText(other.spec)
    );
  }
}

/** Appends a staleness marker; one refused as out of order or duplicate is expected (another rule took the series). */
export function appendStale(app: Appender, labels: Labels, t: number, log: Logger): void {
  try {
    app.appendStale(0, labels, t);
  } catch (e) {
    if (!isExpectedAppendError(e)) log.warn('Adding stale sample failed', { sample: labels.toString(), err: errorMessage(e) });
  }
}

function isExpectedAppendError(e: unknown): boolean {
  return e instanceof StorageError && (e.kind === 'out_of_order' || e.kind === 'duplicate_sample' || e.kind === 'out_of_bounds');
}

/** A saved alert belongs to the rule of its name whose static labels it carries. */
function ownsAlert(rule: AlertingRule, a: SavedAlert): boolean {
  for (const [n, v] of Object.entries(rule.labels)) if (!v.includes('{{') && a.labels.get(n) !== v) return false;
  return true;
}

function specText(spec: RuleGroupSpec): string {
  return JSON.stringify({ labels: sortedEntries(spec.labels), rules: spec.rules.map((r) => ({ ...r, pos: undefined, labels: sortedEntries(r.labels), ...(r.kind === 'alerting' ? { annotations: sortedEntries(r.annotations) } : {}) })) });
}

function sortedEntries(o: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(o).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
