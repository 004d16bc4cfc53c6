import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { QueryService } from '../../../../electron/core/query/index.js';
import { engineQueryFunc } from '../../../../electron/core/rules/queryFunc.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

describe('engineQueryFunc', () => {
  const store = new MemoryStorage();
  const app = store.appender();
  app.append(0, Labels.fromObject({ __name__: 'up', job: 'a' }), 1000, 1);
  app.commit();
  const f = engineQueryFunc(QueryService.inline(store));

  it('returns a vector as it is', async () => {
    const r = await f('up', 2000);
    expect(r.map((s) => [s.labels.toString(), s.t, s.v])).toEqual([['up{job="a"}', 2000, 1]]);
  });

  it('turns a scalar into one sample without labels', async () => {
    const r = await f('1 + 2', 2000);
    expect(r.map((s) => [s.labels.size, s.t, s.v])).toEqual([[0, 2000, 3]]);
  });

  it('refuses strings and matrices as Prometheus does', async () => {
    await expect(f('"x"', 2000)).rejects.toThrow('rule result is not a vector or scalar');
    await expect(f('up[5m]', 2000)).rejects.toThrow('rule result is not a vector or scalar');
  });

  it('passes query errors through', async () => {
    await expect(f('sum(', 2000)).rejects.toThrow(/parse error/);
  });
});
