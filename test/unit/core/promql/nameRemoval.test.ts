import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { Engine } from '../../../../electron/core/promql/engine.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

function store(): MemoryStorage {
  const s = new MemoryStorage();
  const a = s.appender();
  for (const [name, job] of [['a_total', 'x'], ['b_total', 'y']] as const) {
    const l = Labels.fromObject({ __name__: name, job });
    let ref = 0;
    for (let t = 0; t <= 600_000; t += 15_000) ref = a.append(ref, l, t, t / 1000);
  }
  a.commit();
  return s;
}

describe('metric name removal', () => {
  it('drops __name__ where the operation happens by default, as stock Prometheus does', () => {
    const res = new Engine().instantQuery(store(), 'sum by (__name__) (rate({__name__=~"a_total|b_total"}[5m]))', 600_000);
    expect(res.value.type).toBe('vector');
    if (res.value.type !== 'vector') return;
    expect(res.value.samples).toHaveLength(1);
    expect(res.value.samples[0]!.labels.toObject()).toEqual({});
    expect(res.value.samples[0]!.v).toBeCloseTo(2, 6);
  });

  it('with delayed name removal, groups by the name and fails when the groups collide at the end', () => {
    const q = 'sum by (__name__) (rate({__name__=~"a_total|b_total"}[5m]))';
    expect(() => new Engine({ delayedNameRemoval: true }).instantQuery(store(), q, 600_000)).toThrow('vector cannot contain metrics with the same labelset');
  });

  it('reports series that collide once their names are dropped', () => {
    expect(() => new Engine().instantQuery(store(), 'sum without (job) (rate({__name__=~"a_total|b_total"}[5m])) ', 600_000)).not.toThrow();
    expect(() => new Engine().instantQuery(store(), 'label_replace(rate({__name__=~"a_total|b_total"}[5m]), "job", "z", "", "")', 600_000)).toThrow(
      'vector cannot contain metrics with the same labelset',
    );
  });
});
