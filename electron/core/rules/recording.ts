/**
 * A recording rule: evaluates its expression and renames the result (Prometheus's
 * rules/recording.go). Appending and staleness are the group's job.
 */

import { LabelsBuilder, METRIC_NAME } from '../model/labels.js';
import type { VectorSample } from '../promql/value.js';
import { RuleBase } from './rule.js';
import type { RecordingRuleSpec, RuleQueryFunc } from './types.js';

export class RecordingRule extends RuleBase {
  readonly kind = 'recording' as const;
  readonly name: string;

  constructor(readonly spec: RecordingRuleSpec, groupLabels: Readonly<Record<string, string>> = {}) {
    super(spec.expr, groupLabels, spec.labels);
    this.name = spec.record;
  }

  /**
   * The samples to record at `timeMs - queryOffsetMs`: each result with the record name and the
   * rule's labels. Rejects when the query fails, when two results end up with one label set,
   * or when there are more than `limit` (> 0) of them.
   */
  async eval(timeMs: number, queryOffsetMs: number, query: RuleQueryFunc, limit: number): Promise<VectorSample[]> {
    const t = timeMs - queryOffsetMs;
    const res = await query(this.expr, t);
    const out: VectorSample[] = new Array(res.length);
    const seen = new Set<string>();
    const b = new LabelsBuilder();
    const extra = Object.entries(this.labels);
    for (let i = 0; i < res.length; i++) {
      const s = res[i]!;
      b.reset(s.labels).set(METRIC_NAME, this.name);
      for (const [n, v] of extra) b.set(n, v);
      const labels = b.labels();
      if (seen.has(labels.key)) throw new Error('vector contains metrics with the same labelset after applying rule labels');
      seen.add(labels.key);
      out[i] = { labels, t, v: s.v };
    }
    if (limit > 0 && out.length > limit) throw new Error(`exceeded limit of ${limit} with ${out.length} series`);
    return out;
  }
}
