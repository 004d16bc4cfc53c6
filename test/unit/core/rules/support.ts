/** Helpers for the rule engine's tests: specs, a scripted query function, a recording appendable. */

import { nopLogger } from '../../../../electron/core/log.js';
import { Labels } from '../../../../electron/core/model/labels.js';
import type { VectorSample } from '../../../../electron/core/promql/value.js';
import type { GroupOptions } from '../../../../electron/core/rules/group.js';
import type { AlertingRuleSpec, RecordingRuleSpec, RuleGroupSpec, RuleQueryFunc, RuleSpec } from '../../../../electron/core/rules/types.js';
import type { Appendable, Appender } from '../../../../electron/core/storage/interface.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

export const POS = { line: 1, column: 1 };

export function alertSpec(alert: string, expr: string, o: Partial<AlertingRuleSpec> = {}): AlertingRuleSpec {
  return { kind: 'alerting', alert, expr, forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, pos: POS, ...o };
}

export function recordSpec(record: string, expr: string, labels: Record<string, string> = {}): RecordingRuleSpec {
  return { kind: 'recording', record, expr, labels, pos: POS };
}

export function groupSpec(rules: RuleSpec[], o: Partial<RuleGroupSpec> = {}): RuleGroupSpec {
  return { name: 'g', file: 'rules.yml', intervalMs: 0, limit: 0, queryOffsetMs: null, labels: {}, rules, pos: POS, ...o };
}

export const L = (o: Record<string, string>) => Labels.fromObject(o);

/**
 * A query function scripted per expression: `results[expr]` gives, for an evaluation time, the
 * label sets (with values) the expression returns; an Error thrown when the script says so.
 */
export function scriptedQuery(results: Record<string, (t: number) => Array<[Record<string, string>, number]> | Error>): RuleQueryFunc & { calls: Array<{ expr: string; t: number }> } {
  const calls: Array<{ expr: string; t: number }> = [];
  const f = async (expr: string, t: number): Promise<VectorSample[]> => {
    calls.push({ expr, t });
    const script = results[expr];
    if (!script) throw new Error(`unexpected query ${expr}`);
    const r = script(t);
    if (r instanceof Error) throw r;
    return r.map(([l, v]) => ({ labels: Labels.fromObject(l), t, v }));
  };
  return Object.assign(f, { calls });
}

export interface RecordedSample {
  readonly labels: string;
  readonly t: number;
  readonly v: number;
  readonly stale: boolean;
}

/** An appendable that keeps every committed sample, in order, over a MemoryStorage (which checks order). */
export class RecordingAppendable implements Appendable {
  readonly store = new MemoryStorage();
  readonly samples: RecordedSample[] = [];

  appender(): Appender {
    const inner = this.store.appender();
    const pending: RecordedSample[] = [];
    return {
      append: (ref, labels, t, v) => {
        const r = inner.append(ref, labels, t, v);
        pending.push({ labels: labels.toString(), t, v, stale: false });
        return r;
      },
      appendStale: (ref, labels, t) => {
        const r = inner.appendStale(ref, labels, t);
        pending.push({ labels: labels.toString(), t, v: NaN, stale: true });
        return r;
      },
      commit: () => {
        inner.commit();
        this.samples.push(...pending);
      },
      rollback: () => inner.rollback(),
    };
  }

  at(t: number): RecordedSample[] {
    return this.samples.filter((s) => s.t === t);
  }
}

export function groupOptions(query: RuleQueryFunc, appendable: Appendable, o: Partial<GroupOptions> = {}): GroupOptions {
  return {
    query,
    appendable,
    externalLabels: {},
    externalURL: 'http://hearth.local:9190',
    resendDelayMs: 60_000,
    globalIntervalMs: 60_000,
    globalQueryOffsetMs: 0,
    now: () => 0,
    logger: nopLogger,
    ...o,
  };
}
