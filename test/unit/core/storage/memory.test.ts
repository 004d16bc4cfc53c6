import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import { StorageError } from '../../../../electron/core/storage/errors.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

const up = (job: string) => Labels.fromObject({ __name__: 'up', job });

describe('MemoryStorage', () => {
  it('makes a batch visible only on commit, and never after rollback', () => {
    const s = new MemoryStorage();
    const a = s.appender();
    a.append(0, up('a'), 1000, 1);
    expect(s.querier(0, 5000).select(false, null, new Matcher('=', '__name__', 'up'))).toHaveLength(0);
    a.commit();
    const b = s.appender();
    b.append(0, up('b'), 1000, 1);
    b.rollback();
    const got = s.querier(0, 5000).select(true, null, new Matcher('=', '__name__', 'up'));
    expect(got.map((x) => x.labels.get('job'))).toEqual(['a']);
  });

  it('rejects out-of-order and duplicate samples with Prometheus wording', () => {
    const s = new MemoryStorage();
    const a = s.appender();
    const ref = a.append(0, up('a'), 2000, 1);
    expect(() => a.append(ref, up('a'), 1000, 1)).toThrow(new StorageError('out_of_order'));
    expect(() => a.append(ref, up('a'), 2000, 1)).toThrow('duplicate sample for timestamp');
    a.commit();
  });

  it('returns inclusive ranges and flags staleness markers explicitly', () => {
    const s = new MemoryStorage();
    const a = s.appender();
    let ref = 0;
    for (let t = 0; t <= 4000; t += 1000) ref = a.append(ref, up('a'), t, t / 1000);
    a.appendStale(ref, up('a'), 5000);
    a.commit();
    const [series] = s.querier(1000, 5000).select(false, null, new Matcher('=', 'job', 'a'));
    const smp = series!.samples;
    expect(Array.from(smp.t.subarray(0, smp.length))).toEqual([1000, 2000, 3000, 4000, 5000]);
    expect(Array.from(smp.stale!.subarray(0, smp.length))).toEqual([0, 0, 0, 0, 1]);
    const [noStale] = s.querier(0, 2000).select(false, null, new Matcher('=', 'job', 'a'));
    expect(noStale!.samples.stale).toBeNull();
  });

  it('selects nothing, not a negative length, when the hints miss the querier range', () => {
    const s = new MemoryStorage();
    const a = s.appender();
    a.append(0, up('a'), 1000, 1);
    a.commit();
    expect(s.querier(0, 5000).select(false, { start: 6000, end: 9000 }, new Matcher('=', 'job', 'a'))).toEqual([]);
    const [meta] = s.querier(0, 5000).select(false, { start: 6000, end: 9000, func: 'series' }, new Matcher('=', 'job', 'a'));
    expect(meta!.samples.length).toBe(0);
  });

  it('answers label names and values for matching series', () => {
    const s = new MemoryStorage();
    const a = s.appender();
    a.append(0, up('a'), 1000, 1);
    a.append(0, Labels.fromObject({ __name__: 'x', env: 'prod' }), 1000, 1);
    a.commit();
    const q = s.querier(0, 2000);
    expect(q.labelNames()).toEqual(['__name__', 'env', 'job']);
    expect(q.labelValues('__name__')).toEqual(['up', 'x']);
    expect(q.labelValues('job', new Matcher('=', '__name__', 'x'))).toEqual([]);
    expect(s.startTime()).toBe(1000);
  });
});
