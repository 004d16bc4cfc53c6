import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';
import { Engine } from '../../../../electron/core/promql/engine.js';
import { QueryError } from '../../../../electron/core/promql/value.js';

function store(): MemoryStorage {
  const st = new MemoryStorage();
  const app = st.appender();
  for (let s = 0; s < 3; s++) {
    const l = Labels.fromObject({ __name__: 'reqs_total', job: 'api', instance: String(s) });
    let ref = 0;
    for (let i = 0; i <= 60; i++) ref = app.append(ref, l, i * 15_000, i * 10 * (s + 1));
  }
  const g = Labels.fromObject({ __name__: 'temp' });
  app.append(0, g, 0, 1);
  app.append(0, g, 15_000, 2);
  app.appendStale(0, g, 30_000);
  app.commit();
  return st;
}

function err(fn: () => unknown): QueryError {
  try {
    fn();
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error('expected a QueryError');
}

describe('Engine', () => {
  const st = store();
  const engine = new Engine();

  it('evaluates an instant query and drops the name after rate', () => {
    const r = engine.instantQuery(st, 'sum by (job) (rate(reqs_total[1m]))', 900_000);
    expect(r.value.type).toBe('vector');
    if (r.value.type !== 'vector') return;
    expect(r.value.samples).toHaveLength(1);
    expect(r.value.samples[0]!.labels.toObject()).toEqual({ job: 'api' });
    // 10+20+30 per 15 s.
    expect(r.value.samples[0]!.v).toBeCloseTo(4, 9);
    expect(r.stats.samplesLoaded).toBeGreaterThan(0);
  });

  it('returns a range query as a matrix sorted by labels, one point per step', () => {
    const r = engine.rangeQuery(st, 'reqs_total', 0, 60_000, 15_000);
    expect(r.value.type).toBe('matrix');
    if (r.value.type !== 'matrix') return;
    expect(r.value.series.map((s) => s.labels.get('instance'))).toEqual(['0', '1', '2']);
    expect(Array.from(r.value.series[1]!.v.subarray(0, r.value.series[1]!.length))).toEqual([0, 20, 40, 60, 80]);
  });

  it('ends a series at its staleness marker', () => {
    const before = engine.instantQuery(st, 'temp', 20_000);
    const after = engine.instantQuery(st, 'temp', 31_000);
    expect(before.value.type === 'vector' && before.value.samples.length).toBe(1);
    expect(after.value.type === 'vector' && after.value.samples.length).toBe(0);
  });

  it('excludes a sample exactly at the start of a range window (left-open)', () => {
    const r = engine.instantQuery(st, 'count_over_time(reqs_total{instance="0"}[30s])', 30_000);
    expect(r.value.type === 'vector' && r.value.samples[0]!.v).toBe(2);
  });

  it('reports a possible non-counter as an info with its position', () => {
    const r = engine.instantQuery(st, 'rate(temp[1m])', 20_000);
    expect(r.annotations.infos).toEqual([
      'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "temp" (1:6)',
    ]);
  });

  it('rejects bad input with bad_data', () => {
    expect(err(() => engine.instantQuery(st, 'sum(', 0)).kind).toBe('bad_data');
    expect(err(() => engine.rangeQuery(st, 'reqs_total[5m]', 0, 60_000, 15_000)).message).toBe(
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
    expect(err(() => engine.rangeQuery(st, 'up', 0, 60_000, 0)).kind).toBe('bad_data');
    expect(err(() => engine.rangeQuery(st, 'up', 0, 1e9, 1)).kind).toBe('bad_data');
  });

  it('fails with Prometheus wording when the sample limit is exceeded', () => {
    const small = new Engine({ maxSamples: 10 });
    const e = err(() => small.rangeQuery(st, 'reqs_total', 0, 900_000, 15_000));
    expect(e.kind).toBe('execution');
    expect(e.message).toBe('query processing would load too many samples into memory in query execution');
  });

  it('times out and cancels inside the evaluation', () => {
    const expired = new Engine({ timeoutMs: -1 });
    const t = err(() => expired.instantQuery(st, 'reqs_total', 0));
    expect(t.kind).toBe('timeout');
    expect(t.message).toBe('query timed out in expression evaluation');
    let polls = 0;
    const signal = {
      get aborted() {
        return ++polls > 3;
      },
    };
    const c = err(() => engine.rangeQuery(st, 'sum(rate(reqs_total[1m])) + sum(reqs_total)', 0, 900_000, 15_000, { signal }));
    expect(c.kind).toBe('canceled');
    expect(polls).toBeGreaterThan(3);
  });

  it('errors on many-to-many matching and duplicate label sets', () => {
    expect(err(() => engine.instantQuery(st, 'reqs_total + on(job) reqs_total', 60_000)).message).toMatch(/^found duplicate series for the match group/);
    expect(err(() => engine.instantQuery(st, 'label_replace(reqs_total, "instance", "x", "", "")', 60_000)).message).toBe(
      'vector cannot contain metrics with the same labelset',
    );
  });

  it('keeps the order of sort and topk in instant results', () => {
    const r = engine.instantQuery(st, 'sort_desc(reqs_total)', 60_000);
    expect(r.value.type === 'vector' && r.value.samples.map((s) => s.labels.get('instance'))).toEqual(['2', '1', '0']);
    const k = engine.instantQuery(st, 'bottomk(2, reqs_total)', 60_000);
    expect(k.value.type === 'vector' && k.value.samples.map((s) => s.v)).toEqual([40, 80]);
  });

  it('warns that sort is ineffective in a range query', () => {
    const r = engine.rangeQuery(st, 'sort(reqs_total)', 0, 60_000, 15_000);
    expect(r.annotations.warnings).toEqual(['PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)']);
  });

  // Text inside results and messages follows Go's formatting (shared/text), as Prometheus
  // prints it: each of these differed before the evaluator used the shared rules.
  it('formats floats and quotes labels in messages and label values as Go does', () => {
    const w = engine.instantQuery(st, 'quantile(2e6, reqs_total)', 60_000);
    expect(w.annotations.warnings[0]).toContain('quantile value should be between 0 and 1, got 2e+06');
    const cv = engine.instantQuery(st, 'count_values("v", -0 * reqs_total)', 60_000);
    expect(cv.value.type === 'vector' && cv.value.samples.map((x) => x.labels.get('v'))).toEqual(['-0']);
    const dup = new MemoryStorage();
    const app = dup.appender();
    for (const i of ['a', 'b']) app.append(0, Labels.fromObject({ __name__: 'x', 'tab\tname': 'v\u0007', i }), 0, 1);
    app.append(0, Labels.fromObject({ __name__: 'y', 'tab\tname': 'v\u0007' }), 0, 1);
    app.commit();
    const e = err(() => engine.instantQuery(dup, 'y + on("tab\tname") x', 0));
    expect(e.message).toContain('{"tab\\tname"="v\\a"}');
  });
});

describe('Engine limits on huge requests', () => {
  it('refuses a subquery whose steps alone exceed the sample limit', () => {
    const st = new MemoryStorage();
    const e = new Engine({ maxSamples: 1000 });
    expect(err(() => e.instantQuery(st, 'max_over_time(vector(1)[1y:1s])', 0)).message).toBe(
      'query processing would load too many samples into memory in query execution',
    );
  });
});

describe('Engine memory guard', () => {
  it('fails a fine subquery over many series before allocating all of it', () => {
    const st = new MemoryStorage();
    const app = st.appender();
    for (let s = 0; s < 50; s++) app.append(0, Labels.fromObject({ __name__: 'm', i: String(s) }), 0, 1);
    app.commit();
    const e = new Engine({ maxSamples: 1_000_000 });
    // 100 000 inner steps per series: the limit is reached after ten series.
    expect(err(() => e.instantQuery(st, 'count_over_time(m[100s:1ms])', 60_000)).message).toBe(
      'query processing would load too many samples into memory in query execution',
    );
  });
});
