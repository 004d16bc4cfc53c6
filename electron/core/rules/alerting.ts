/**
 * An alerting rule and its alerts' state machine, as Prometheus's rules/alerting.go:
 * inactive → pending (activeAt = the evaluation that first saw the result) → firing once
 * `for` has passed (at once for `for: 0`); a vanished result resolves a firing alert, which is
 * kept 15 minutes so Alertmanager hears of the resolution; keep_firing_for holds a vanished
 * firing alert until it expires (restarted when the result returns). Beyond Prometheus: a
 * firing alert whose `for` grew on reload goes back to pending (prometheus#18243), and saved
 * state is merged in on the first evaluation after a restart (see restore below).
 */

import { compareLabels, compareStrings, Labels, LabelsBuilder, METRIC_NAME } from '../model/labels.js';
import type { Logger } from '../log.js';
import type { VectorSample } from '../promql/value.js';
import { expandAlertText } from './expand.js';
import { RuleBase } from './rule.js';
import type {
  ActiveAlert,
  AlertingRuleSpec,
  AlertSender,
  AlertState,
  AlertTransition,
  NotifierAlert,
  RuleQueryFunc,
  SavedAlert,
} from './types.js';

/** How long a resolved alert is kept (and re-sent as resolved). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

export const DUPLICATE_ALERT_LABELSET = 'vector contains metrics with the same labelset after applying alert labels';

export interface AlertEvalContext {
  readonly query: RuleQueryFunc;
  readonly queryOffsetMs: number;
  /** The group's limit: more alerts than this (> 0) is an error and clears them. */
  readonly limit: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly logger: Logger;
}

/** Saved alerts to merge into the first evaluation after a restart, and how. */
export interface RestoreInput {
  readonly alerts: readonly SavedAlert[];
  readonly forGracePeriodMs: number;
}

const STATE_ORDER: Record<AlertState, number> = { inactive: 0, pending: 1, firing: 2 };

export class AlertingRule extends RuleBase {
  readonly kind = 'alerting' as const;
  readonly name: string;
  readonly holdMs: number;
  readonly keepFiringForMs: number;
  readonly annotations: Readonly<Record<string, string>>;
  /** Set when alerts were restored from the state store after a restart. */
  restored: { atMs: number; alerts: number } | null = null;

  /** Alerts by label-set key: pending, firing, and resolved ones within their retention. */
  private active = new Map<string, ActiveAlert>();
  private transitions: AlertTransition[] = [];
  /** Whether any label or annotation holds a template action (else the fast path). */
  private readonly templated: boolean;
  private readonly labelEntries: Array<[string, string]>;
  private readonly annotationEntries: Array<[string, string]>;
  /** The rule's labels and alertname as sorted pairs, empty values kept (they remove a label), for untemplated rules. */
  private readonly staticAlertLabels: readonly string[];
  private readonly staticAnnotations: Labels;
  /** The rule's labels as written, the base of its ALERTS series (as Prometheus builds them). */
  private readonly ruleLabels: Labels;
  /** Each alert's ALERTS and ALERTS_FOR_STATE label sets, built once per alert. */
  private readonly seriesLabels = new WeakMap<ActiveAlert, { pending?: Labels; firing?: Labels; forState?: Labels }>();

  constructor(readonly spec: AlertingRuleSpec, groupLabels: Readonly<Record<string, string>> = {}) {
    super(spec.expr, groupLabels, spec.labels);
    this.name = spec.alert;
    this.holdMs = spec.forMs;
    this.keepFiringForMs = spec.keepFiringForMs;
    this.annotations = spec.annotations;
    this.labelEntries = Object.entries(this.labels);
    this.annotationEntries = Object.entries(this.annotations);
    this.templated = [...this.labelEntries, ...this.annotationEntries].some(([, v]) => v.includes('{{'));
    this.ruleLabels = Labels.fromObject(this.labels);
    const pairs = new Map(this.labelEntries).set('alertname', this.name);
    this.staticAlertLabels = [...pairs.keys()].sort(compareStrings).flatMap((n) => [n, pairs.get(n)!]);
    this.staticAnnotations = Labels.fromPairs(this.annotationEntries);
  }

  /**
   * Evaluates at `timeMs` (querying at timeMs - queryOffset), updates the alerts and returns the
   * ALERTS and ALERTS_FOR_STATE samples to append. Rejects, leaving the alerts as they were, when
   * the query fails or two results get one label set; rejects and drops every alert past the limit.
   */
  async eval(timeMs: number, ctx: AlertEvalContext, restore: RestoreInput | null = null, groupKey = ''): Promise<VectorSample[]> {
    const queryTime = timeMs - ctx.queryOffsetMs;
    const res = await ctx.query(this.expr, queryTime);

    const fresh = new Map<string, ActiveAlert>();
    const b = new LabelsBuilder();
    for (const s of res) {
      let labels: Labels;
      let annotations: Labels;
      if (this.templated) {
        const data = { labels: s.labels.toObject(), externalLabels: ctx.externalLabels, externalURL: ctx.externalURL, value: s.v };
        const expand = (text: string) => expandAlertText(`__alert_${this.name}`, text, data, timeMs, ctx.query, ctx.logger);
        b.reset(s.labels).del(METRIC_NAME);
        for (const [n, v] of this.labelEntries) b.set(n, await expand(v));
        b.set('alertname', this.name);
        const pairs: Array<[string, string]> = [];
        for (const [n, v] of this.annotationEntries) pairs.push([n, await expand(v)]);
        labels = b.labels();
        annotations = Labels.fromPairs(pairs);
      } else {
        // No template anywhere: one merge of sorted pairs, and one annotation set shared by all.
        labels = overlay(s.labels, this.staticAlertLabels, true);
        annotations = this.staticAnnotations;
      }
      if (fresh.has(labels.key)) throw new Error(DUPLICATE_ALERT_LABELSET);
      fresh.set(labels.key, newAlert(labels, annotations, timeMs, s.v));
    }

    const before = new Map<string, { state: AlertState; alert: ActiveAlert }>();
    for (const [k, a] of this.active) before.set(k, { state: a.state, alert: a });
    if (restore) this.mergeRestored(restore, fresh, timeMs, before);

    for (const [k, a] of fresh) {
      const cur = this.active.get(k);
      if (cur && cur.state !== 'inactive') {
        cur.value = a.value;
        cur.annotations = a.annotations;
        continue;
      }
      this.active.set(k, a);
    }

    const out: VectorSample[] = [];
    let activeCount = 0;
    for (const [k, a] of this.active) {
      if (!fresh.has(k)) {
        let keepFiring = false;
        if (a.state === 'firing' && this.keepFiringForMs > 0) {
          if (a.keepFiringSinceMs === 0) a.keepFiringSinceMs = timeMs;
          keepFiring = timeMs - a.keepFiringSinceMs < this.keepFiringForMs;
        }
        if (a.state === 'pending' || (a.resolvedAtMs !== 0 && timeMs - a.resolvedAtMs > RESOLVED_RETENTION_MS)) this.active.delete(k);
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive';
          a.resolvedAtMs = timeMs;
        }
        if (!keepFiring) continue;
      } else {
        a.keepFiringSinceMs = 0;
        // `for` grew past the time this alert has been active (a reload): it is pending again.
        if (a.state === 'firing' && timeMs - a.activeAtMs < this.holdMs) {
          a.state = 'pending';
          a.firedAtMs = 0;
        }
      }
      activeCount++;
      if (a.state === 'pending' && timeMs - a.activeAtMs >= this.holdMs) {
        a.state = 'firing';
        a.firedAtMs = timeMs;
      }
      out.push(this.alertsSample(a, queryTime), this.forStateSample(a, queryTime));
    }

    let err: Error | null = null;
    if (ctx.limit > 0 && activeCount > ctx.limit) {
      this.active = new Map();
      err = new Error(`exceeded limit of ${ctx.limit} with ${activeCount} alerts`);
    }
    this.recordTransitions(before, timeMs, groupKey);
    if (err) throw err;
    return out;
  }

  /**
   * Puts saved alerts back before this evaluation's results are merged: a firing one stays
   * firing with its clocks (activeAt, firedAt, keepFiringSince, lastSentAt), so it is neither
   * re-sent nor reset; a pending one keeps its activeAt, except that it may not fire sooner than
   * min(grace period, for) after the restart (Prometheus's --rules.alert.for-grace-period: room
   * for data to arrive; a rule whose `for` is under the grace period starts its clock afresh,
   * as Prometheus does). Alerts the evaluation no longer returns then resolve as usual.
   */
  private mergeRestored(restore: RestoreInput, fresh: Map<string, ActiveAlert>, timeMs: number, before: Map<string, { state: AlertState; alert: ActiveAlert }>): void {
    let n = 0;
    for (const s of restore.alerts) {
      const k = s.labels.key;
      if (this.active.has(k)) continue;
      let activeAtMs = s.activeAtMs;
      if (s.state === 'pending') {
        activeAtMs = Math.max(activeAtMs, timeMs + Math.min(restore.forGracePeriodMs, this.holdMs) - this.holdMs);
      }
      const a: ActiveAlert = {
        state: s.state,
        labels: s.labels,
        annotations: fresh.get(k)?.annotations ?? Labels.EMPTY,
        value: s.value,
        activeAtMs,
        firedAtMs: s.state === 'firing' ? s.firedAtMs : 0,
        resolvedAtMs: 0,
        lastSentAtMs: s.lastSentAtMs,
        validUntilMs: 0,
        keepFiringSinceMs: s.keepFiringSinceMs,
      };
      this.active.set(k, a);
      before.set(k, { state: s.state, alert: a });
      n++;
    }
    if (n > 0) this.restored = { atMs: timeMs, alerts: n };
  }

  /** Compares each alert's state with the one it had before this evaluation (a new alert was inactive). */
  private recordTransitions(before: Map<string, { state: AlertState; alert: ActiveAlert }>, timeMs: number, groupKey: string): void {
    const push = (a: ActiveAlert, from: AlertState, to: AlertState) => {
      if (from !== to) this.transitions.push({ timeMs, groupKey, rule: this.name, labels: a.labels, from, to, value: a.value });
    };
    for (const [k, b] of before) {
      const kept = this.active.get(k) === b.alert;
      push(b.alert, b.state, kept ? b.alert.state : 'inactive');
    }
    for (const [k, a] of this.active) if (before.get(k)?.alert !== a) push(a, 'inactive', a.state);
  }

  /** Transitions since the last call, oldest first. */
  takeTransitions(): AlertTransition[] {
    const t = this.transitions;
    this.transitions = [];
    return t;
  }

  private alertsSample(a: ActiveAlert, t: number): VectorSample {
    const cache = this.cached(a);
    const state = a.state === 'firing' ? 'firing' : 'pending';
    const labels = (cache[state] ??= overlay(overlay(this.ruleLabels, a.labels.pairs, false), [METRIC_NAME, 'ALERTS', 'alertname', this.name, 'alertstate', state], false));
    return { labels, t, v: 1 };
  }

  private forStateSample(a: ActiveAlert, t: number): VectorSample {
    const cache = this.cached(a);
    const labels = (cache.forState ??= overlay(overlay(this.ruleLabels, a.labels.pairs, false), [METRIC_NAME, 'ALERTS_FOR_STATE', 'alertname', this.name], false));
    return { labels, t, v: Math.floor(a.activeAtMs / 1000) };
  }

  private cached(a: ActiveAlert): { pending?: Labels; firing?: Labels; forState?: Labels } {
    let c = this.seriesLabels.get(a);
    if (!c) this.seriesLabels.set(a, (c = {}));
    return c;
  }

  /** The rule's state: the highest of its alerts' (firing > pending > inactive). */
  state(): AlertState {
    let s: AlertState = 'inactive';
    for (const a of this.active.values()) if (STATE_ORDER[a.state] > STATE_ORDER[s]) s = a.state;
    return s;
  }

  /** Pending and firing alerts (copies), ordered by labels. */
  activeAlerts(): ActiveAlert[] {
    const out: ActiveAlert[] = [];
    for (const a of this.active.values()) if (a.resolvedAtMs === 0) out.push({ ...a });
    return out.sort((x, y) => compareLabels(x.labels, y.labels));
  }

  /** Every alert held, resolved ones within their retention included (copies), ordered by labels. */
  alertsIncludingResolved(): ActiveAlert[] {
    return [...this.active.values()].map((a) => ({ ...a })).sort((x, y) => compareLabels(x.labels, y.labels));
  }

  /** The alerts to keep across a restart. */
  savedAlerts(groupKey: string): SavedAlert[] {
    const out: SavedAlert[] = [];
    for (const a of this.active.values()) {
      if (a.resolvedAtMs !== 0 || a.state === 'inactive') continue;
      out.push({
        groupKey,
        rule: this.name,
        labels: a.labels,
        state: a.state,
        value: a.value,
        activeAtMs: a.activeAtMs,
        firedAtMs: a.firedAtMs,
        keepFiringSinceMs: a.keepFiringSinceMs,
        lastSentAtMs: a.lastSentAtMs,
      });
    }
    return out;
  }

  /** Takes over another rule's alerts (a reload that changed the group but not this rule). */
  copyStateFrom(other: AlertingRule): void {
    for (const [k, a] of other.active) this.active.set(k, a);
    this.restored = other.restored;
  }

  /**
   * Sends what Prometheus's sendAlerts sends: firing alerts not sent within resendDelay, and
   * resolved alerts not sent since they resolved; never pending ones. Each sent alert is valid
   * for 4 × max(resendDelay, group interval) so two missed evaluations do not resolve it.
   */
  sendAlerts(timeMs: number, resendDelayMs: number, intervalMs: number, externalURL: string, sender: AlertSender | undefined): void {
    if (!sender) return;
    const batch: NotifierAlert[] = [];
    const generatorURL = externalURL + tableLink(this.query);
    for (const a of this.active.values()) {
      if (!needsSending(a, timeMs, resendDelayMs)) continue;
      a.lastSentAtMs = timeMs;
      a.validUntilMs = timeMs + 4 * Math.max(intervalMs, resendDelayMs);
      batch.push({
        labels: a.labels,
        annotations: a.annotations,
        startsAtMs: a.firedAtMs,
        endsAtMs: a.resolvedAtMs !== 0 ? a.resolvedAtMs : a.validUntilMs,
        generatorURL,
      });
    }
    if (batch.length > 0) sender.send(batch);
  }
}

/**
 * `base` with the pairs of `over` (name, value, … sorted by name) set on it, an empty value
 * removing the label; `dropName` also drops __name__ from base. Both are sorted, so this is one
 * merge, without the map and sort of a LabelsBuilder.
 */
function overlay(base: Labels | readonly string[], over: Labels | readonly string[], dropName: boolean): Labels {
  const a = base instanceof Labels ? base.pairs : base;
  const o = over instanceof Labels ? over.pairs : over;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < o.length) {
    const an = i < a.length ? a[i]! : undefined;
    const on = j < o.length ? o[j]! : undefined;
    if (on === undefined || (an !== undefined && an < on)) {
      if (!(dropName && an === METRIC_NAME)) out.push(an!, a[i + 1]!);
      i += 2;
    } else {
      if (an === on) i += 2;
      if (o[j + 1] !== '') out.push(on, o[j + 1]!);
      j += 2;
    }
  }
  return Labels.fromSortedFlat(out);
}

function newAlert(labels: Labels, annotations: Labels, timeMs: number, value: number): ActiveAlert {
  return { state: 'pending', labels, annotations, value, activeAtMs: timeMs, firedAtMs: 0, resolvedAtMs: 0, lastSentAtMs: 0, validUntilMs: 0, keepFiringSinceMs: 0 };
}

function needsSending(a: ActiveAlert, timeMs: number, resendDelayMs: number): boolean {
  if (a.state === 'pending') return false;
  if (a.resolvedAtMs > a.lastSentAtMs) return true;
  // Never sent (Go's zero time is long before any evaluation).
  if (a.lastSentAtMs === 0) return true;
  return a.lastSentAtMs + resendDelayMs < timeMs;
}

/** Prometheus's strutil.TableLinkForExpression. */
export function tableLink(expr: string): string {
  return `/graph?g0.expr=${goQueryEscape(expr)}&g0.tab=1`;
}

/** Go's url.QueryEscape: only [A-Za-z0-9-_.~] stay, space becomes '+'. */
export function goQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}
