import { describe, expect, it } from 'vitest';
import { compareLabels, Labels, LabelsBuilder } from '../../../../electron/core/model/labels.js';

describe('Labels', () => {
  it('sorts by name, drops empty values, and has a canonical key', () => {
    const a = Labels.fromObject({ job: 'api', __name__: 'up', instance: '' });
    const b = Labels.fromPairs([['__name__', 'up'], ['job', 'api']]);
    expect(a.pairs).toEqual(['__name__', 'up', 'job', 'api']);
    expect(a.key).toBe(b.key);
    expect(a.equals(b)).toBe(true);
    expect(a.get('instance')).toBe('');
    expect(a.has('instance')).toBe(false);
  });

  it('keeps keys distinct where naive joins would collide', () => {
    const a = Labels.fromObject({ a: 'b,c=d' });
    const b = Labels.fromObject({ a: 'b', c: 'd' });
    expect(a.key).not.toBe(b.key);
  });

  it('prints like Prometheus, quoting non-legacy names', () => {
    expect(Labels.fromObject({ __name__: 'up', job: 'x', a: 'q"\n' }).toString()).toBe('up{a="q\\"\\n", job="x"}');
    expect(Labels.fromObject({ __name__: 'my.metric', 'a.b': 'x' }).toString()).toBe('{"my.metric", "a.b"="x"}');
    expect(Labels.EMPTY.toString()).toBe('{}');
    expect(Labels.fromObject({ __name__: 'up' }).toString()).toBe('up');
  });

  it('derives copies without, with and keeping labels', () => {
    const l = Labels.fromObject({ __name__: 'x', a: '1', b: '2' });
    expect(l.without(['a']).toObject()).toEqual({ __name__: 'x', b: '2' });
    expect(l.keep(['a']).toObject()).toEqual({ a: '1' });
    expect(l.withoutMetricName().toObject()).toEqual({ a: '1', b: '2' });
    expect(l.with('a', '').toObject()).toEqual({ __name__: 'x', b: '2' });
    expect(new LabelsBuilder(l).set('c', '3').del('b').labels().toObject()).toEqual({ __name__: 'x', a: '1', c: '3' });
  });

  it('orders label sets as Prometheus does', () => {
    const sets = ([{ a: '2' }, { a: '1', b: '1' }, { a: '1' }, { b: '0' }] as Record<string, string>[]).map((o) => Labels.fromObject(o));
    sets.sort(compareLabels);
    expect(sets.map((s) => s.toString())).toEqual(['{a="1"}', '{a="1", b="1"}', '{a="2"}', '{b="0"}']);
  });

  it('quotes names and values as strconv.Quote does', () => {
    expect(Labels.fromObject({ __name__: 'up', a: 'a\tb\x01' }).toString()).toBe('up{a="a\\tb\\x01"}');
    // The old quoting wrote BEL as \x07 and kept U+0085, U+00AD and U+2028 raw; Go escapes them.
    expect(Labels.fromObject({ a: 'x\x07\u0085\u00ad\u2028' }).toString()).toBe('{a="x\\a\\u0085\\u00ad\\u2028"}');
    expect(Labels.fromObject({ __name__: 'a.b', 'c-d': 'é' }).toString()).toBe('{"a.b", "c-d"="é"}');
  });
});
