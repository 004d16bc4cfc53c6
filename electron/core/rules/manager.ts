/**
 * The rule manager: loads rule groups from rule_files, runs each on its interval at the slot
 * Prometheus would give it, reloads keeping the state of what did not change, refuses a reload
 * whose rule files have errors (the running groups go on), and keeps the rule metrics under
 * Prometheus's names. Rule queries share --rules.max-concurrent-evals slots, so rule
 * evaluation never takes every worker from the API's queries.
 */

import type { Counter, Gauge, Registry } from '../collector/registry.js';
import type { Logger } from '../log.js';
import type { Labels } from '../model/labels.js';
import type { Appendable } from '../storage/interface.js';
import type { AlertingRule } from './alerting.js';
import { loadRuleFiles, type LoadedRuleFiles } from './file/index.js';
import { appendStale, errorMessage, RuleGroup, groupKey, type GroupMetricsSink, type GroupOptions } from './group.js';
import { groupEvalTimestamp } from './schedule.js';
import { WindowSummary } from './summary.js';
import type { AlertSender, AlertStateStore, RuleFileSpec, RuleQueryFunc, SavedAlert } from './types.js';

export interface RuleManagerOptions {
  readonly query: RuleQueryFunc;
  readonly appendable: Appendable;
  /** Where the rule metrics are registered (the server's registry). */
  readonly registry: Registry;
  readonly store?: AlertStateStore;
  readonly sender?: AlertSender;
  readonly resendDelayMs: number;
  readonly outageToleranceMs: number;
  readonly forGracePeriodMs: number;
  /** Rule queries in flight at once, over all groups (--rules.max-concurrent-evals). */
  readonly maxConcurrentEvals: number;
  readonly logger: Logger;
  /** Wall clock, ms (default Date.now). */
  readonly now?: () => number;
  /** Reads rule_files (default: the rule-file loader). */
  readonly loadFiles?: (patterns: readonly string[]) => Pick<LoadedRuleFiles, 'files' | 'errors'>;
}

/** What the manager takes from the config. */
export interface RuleSettings {
  readonly ruleFiles: readonly string[];
  readonly evaluationIntervalMs: number;
  readonly ruleQueryOffsetMs: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  /** --web.external-url without a trailing slash. */
  readonly externalURL: string;
}

/** Rule files that failed to load: every error, each naming its file and line. */
export class RuleLoadError extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(`error loading rules: ${errors.map((e) => e.message).join('; ')}`);
    this.name = 'RuleLoadError';
  }
}

/** Groups built from settings and files, not yet running. */
export interface PreparedRules {
  readonly settings: RuleSettings;
  readonly files: readonly RuleFileSpec[];
}

/** How long shutdown waits for a rule query in flight before it goes on without it. */
const STOP_WAIT_MS = 10_000;

class Runner {
  timer: ReturnType<typeof setTimeout> | null = null;
  running: Promise<void> | null = null;
  stopped = false;
  nextTs = 0;
  constructor(readonly group: RuleGroup) {}
}

export class RuleManager {
  private runners = new Map<string, Runner>();
  private started = false;
  private stopping = false;
  private firstLoad = true;
  private settings: RuleSettings | null = null;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly m: ReturnType<typeof registerMetrics>;
  private readonly evalDuration: WindowSummary;
  private readonly groupDuration: WindowSummary;
  private readonly query: RuleQueryFunc;
  private readonly staleTimers = new Set<ReturnType<typeof setTimeout>>();
  private readonly sink: GroupMetricsSink;

  constructor(private readonly opts: RuleManagerOptions) {
    this.now = opts.now ?? Date.now;
    this.log = opts.logger;
    this.m = registerMetrics(opts.registry);
    this.evalDuration = new WindowSummary('prometheus_rule_evaluation_duration_seconds', 'The duration for a rule to execute.', [0.5, 0.9, 0.99], this.now);
    this.groupDuration = new WindowSummary('prometheus_rule_group_duration_seconds', 'The duration of rule group evaluations.', [0.01, 0.05, 0.5, 0.9, 0.99], this.now);
    this.query = limitConcurrency(opts.query, Math.max(1, opts.maxConcurrentEvals));
    this.sink = {
      ruleEvaluated: (key, ms, failed) => {
        this.m.evalTotal.labels(key).inc();
        if (failed) this.m.evalFailures.labels(key).inc();
        this.evalDuration.observe(ms / 1000);
      },
      groupEvaluated: (key, samples) => this.m.samples.labels(key).set(samples),
    };
  }

  /** Reads and validates the rule files; throws RuleLoadError naming every problem. Changes nothing. */
  prepare(settings: RuleSettings): PreparedRules {
    const { files, errors } = (this.opts.loadFiles ?? loadRuleFiles)(settings.ruleFiles);
    if (errors.length > 0) throw new RuleLoadError(errors);
    const seen = new Set<string>();
    for (const f of files) {
      for (const g of f.groups) {
        const key = groupKey(g.file, g.name);
        if (seen.has(key)) throw new RuleLoadError([new Error(`${g.file}: ${g.pos.line}:${g.pos.column}: groupname: "${g.name}" is repeated in the same file`)]);
        seen.add(key);
      }
    }
    return { settings, files };
  }

  /**
   * Runs the prepared groups: a group equal to a running one keeps running untouched; a changed
   * one replaces it after its evaluation in flight, taking over its alerts and series; a removed
   * one stops, and its series are marked stale two intervals later (room for a renamed rule to
   * take them over), as Prometheus does.
   */
  apply(prepared: PreparedRules): Promise<void> {
    const run = this.updating.then(() => this.applyNow(prepared));
    this.updating = run.catch(() => {});
    return run;
  }

  private async applyNow(prepared: PreparedRules): Promise<void> {
    const s = prepared.settings;
    const restore = this.firstLoad;
    const saved = restore && this.opts.store ? this.loadSaved() : undefined;
    this.firstLoad = false;
    const settingsChanged = this.settings !== null && !sameSettings(this.settings, s);
    this.settings = s;
    const next = new Map<string, Runner>();
    const replaced: Array<Promise<void>> = [];
    for (const f of prepared.files) {
      for (const spec of f.groups) {
        const group = new RuleGroup(spec, this.groupOptions(s, restore, saved));
        const old = this.runners.get(group.key);
        if (old && !settingsChanged && old.group.equals(group)) {
          next.set(group.key, old);
          continue;
        }
        const runner = new Runner(group);
        next.set(group.key, runner);
        if (old) {
          replaced.push(
            this.stopRunner(old).then(() => {
              group.copyStateFrom(old.group);
              this.startRunner(runner);
            }),
          );
        } else {
          this.startRunner(runner);
        }
        // Every series of the group exists from the start, at 0, as Prometheus's NewGroup makes them.
        for (const metric of this.m.perGroup) metric.labels(group.key);
        this.m.interval.labels(group.key).set(group.intervalMs / 1000);
        this.m.rules.labels(group.key).set(group.rules().length);
      }
    }
    for (const [key, old] of this.runners) {
      if (next.has(key)) continue;
      replaced.push(this.stopRunner(old).then(() => this.markStaleLater(old.group)));
      for (const m of this.m.perGroup) m.remove({ rule_group: key });
    }
    this.runners = next;
    this.opts.store?.retainGroups(new Set(next.keys()));
    await Promise.all(replaced);
  }

  /**
   * prepare + apply: rejects with RuleLoadError and keeps the running groups when a file is bad.
   * Updates run one after another, so two quick reloads cannot interleave their group swaps.
   */
  update(settings: RuleSettings): Promise<void> {
    const run = this.updating.then(() => this.applyNow(this.prepare(settings)));
    this.updating = run.catch(() => {});
    return run;
  }

  private updating: Promise<void> = Promise.resolve();

  /** Starts evaluating (groups loaded before wait for this). */
  start(): void {
    this.started = true;
    for (const r of this.runners.values()) this.startRunner(r);
  }

  /** Stops every group after its evaluation in flight, whose appends are then committed. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.staleTimers) clearTimeout(t);
    this.staleTimers.clear();
    await Promise.all([...this.runners.values()].map((r) => this.stopRunner(r, true)));
  }

  /** Groups ordered by file, then name (as Prometheus's RuleGroups). */
  ruleGroups(): RuleGroup[] {
    return [...this.runners.values()].map((r) => r.group).sort((a, b) => (a.file === b.file ? cmp(a.name, b.name) : cmp(a.file, b.file)));
  }

  alertingRules(): AlertingRule[] {
    return this.ruleGroups().flatMap((g) => g.alertingRules());
  }

  /** The summaries, which the registry cannot hold, in the text format. */
  renderMetrics(): string {
    return this.evalDuration.render() + this.groupDuration.render();
  }

  private groupOptions(s: RuleSettings, restore: boolean, saved: GroupOptions['saved']): GroupOptions {
    return {
      query: this.query,
      appendable: this.opts.appendable,
      externalLabels: { ...s.externalLabels },
      externalURL: s.externalURL,
      ...(this.opts.sender ? { sender: this.opts.sender } : {}),
      resendDelayMs: this.opts.resendDelayMs,
      ...(this.opts.store ? { store: this.opts.store } : {}),
      globalIntervalMs: s.evaluationIntervalMs,
      globalQueryOffsetMs: s.ruleQueryOffsetMs,
      now: this.now,
      logger: this.log,
      restore,
      ...(saved ? { saved } : {}),
      outageToleranceMs: this.opts.outageToleranceMs,
      forGracePeriodMs: this.opts.forGracePeriodMs,
      metrics: this.sink,
    };
  }

  private loadSaved(): { alerts: readonly SavedAlert[]; savedAtMs: number | null } | undefined {
    try {
      return this.opts.store!.load();
    } catch (e) {
      this.log.error('Failed to load saved alert state; alerts start afresh', { err: errorMessage(e) });
      return { alerts: [], savedAtMs: null };
    }
  }

  private startRunner(r: Runner): void {
    if (!this.started || this.stopping || r.stopped || r.timer || r.running) return;
    const g = r.group;
    r.nextTs = groupEvalTimestamp(g.file, g.name, g.intervalMs, this.now()) + g.intervalMs;
    this.schedule(r);
  }

  private schedule(r: Runner): void {
    if (r.stopped) return;
    r.timer = setTimeout(() => {
      r.timer = null;
      r.running = this.iterate(r).finally(() => {
        r.running = null;
        this.schedule(r);
      });
    }, Math.max(0, r.nextTs - this.now()));
  }

  /** One scheduled iteration; slots that passed while the last one ran are counted as missed. */
  private async iterate(r: Runner): Promise<void> {
    const g = r.group;
    const key = g.key;
    const missed = Math.floor((this.now() - r.nextTs) / g.intervalMs);
    if (missed > 0) {
      this.m.missed.labels(key).inc(missed);
      this.m.iterations.labels(key).inc(missed);
      r.nextTs += missed * g.intervalMs;
    }
    this.m.iterations.labels(key).inc();
    const ts = r.nextTs;
    r.nextTs += g.intervalMs;
    try {
      await g.evalOnce(ts);
    } catch (e) {
      this.log.error('Rule group evaluation failed', { group: g.name, file: g.file, err: errorMessage(e) });
    }
    this.groupDuration.observe(g.evaluationTimeMs / 1000);
    this.m.lastDuration.labels(key).set(g.evaluationTimeMs / 1000);
    this.m.lastEvalTime.labels(key).set(g.lastEvaluationMs / 1000);
  }

  /** Waits for the evaluation in flight; on shutdown only so long, since a query may run to its timeout. */
  private async stopRunner(r: Runner, group = false): Promise<void> {
    r.stopped = true;
    if (r.timer) clearTimeout(r.timer);
    r.timer = null;
    if (group) r.group.stop();
    if (!r.running) return;
    if (!group) {
      await r.running;
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((ok) => (timer = setTimeout(ok, STOP_WAIT_MS)));
    await Promise.race([r.running, late]);
    clearTimeout(timer);
  }

  private markStaleLater(g: RuleGroup): void {
    const series = g.seriesToMarkStale();
    if (series.length === 0 || this.stopping) return;
    const at = this.now();
    const t = setTimeout(() => {
      this.staleTimers.delete(t);
      this.appendStale(series, at - g.queryOffsetMs);
    }, 2 * g.intervalMs);
    t.unref?.();
    this.staleTimers.add(t);
  }

  private appendStale(series: readonly Labels[], t: number): void {
    const app = this.opts.appendable.appender();
    for (const s of series) appendStale(app, s, t, this.log);
    try {
      app.commit();
    } catch (e) {
      this.log.warn('Stale sample appending for previous configuration failed', { err: errorMessage(e) });
    }
  }
}

function registerMetrics(reg: Registry) {
  const counter = (name: string, help: string): Counter => reg.counter(name, help, ['rule_group']);
  const gauge = (name: string, help: string): Gauge => reg.gauge(name, help, ['rule_group']);
  const m = {
    evalTotal: counter('prometheus_rule_evaluations_total', 'The total number of rule evaluations.'),
    evalFailures: counter('prometheus_rule_evaluation_failures_total', 'The total number of rule evaluation failures.'),
    missed: counter('prometheus_rule_group_iterations_missed_total', 'The total number of rule group evaluations missed due to slow rule group evaluation.'),
    iterations: counter('prometheus_rule_group_iterations_total', 'The total number of scheduled rule group evaluations, whether executed or missed.'),
    interval: gauge('prometheus_rule_group_interval_seconds', 'The interval of a rule group.'),
    lastEvalTime: gauge('prometheus_rule_group_last_evaluation_timestamp_seconds', 'The timestamp of the last rule group evaluation in seconds.'),
    lastDuration: gauge('prometheus_rule_group_last_duration_seconds', 'The duration of the last rule group evaluation.'),
    rules: gauge('prometheus_rule_group_rules', 'The number of rules.'),
    samples: gauge('prometheus_rule_group_last_evaluation_samples', 'The number of samples returned during the last rule group evaluation.'),
  };
  return { ...m, perGroup: Object.values(m) as Array<Counter | Gauge> };
}

/** At most `n` queries at once; the rest wait their turn in order. */
export function limitConcurrency(query: RuleQueryFunc, n: number): RuleQueryFunc {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (expr, t) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      return await query(expr, t);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

function sameSettings(a: RuleSettings, b: RuleSettings): boolean {
  return (
    a.evaluationIntervalMs === b.evaluationIntervalMs &&
    a.ruleQueryOffsetMs === b.ruleQueryOffsetMs &&
    a.externalURL === b.externalURL &&
    JSON.stringify(Object.entries(a.externalLabels).sort()) === JSON.stringify(Object.entries(b.externalLabels).sort())
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
