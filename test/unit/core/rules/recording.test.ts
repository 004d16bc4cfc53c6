import { describe, expect, it } from 'vitest';
import { RecordingRule } from '../../../../electron/core/rules/recording.js';
import { recordSpec, scriptedQuery } from './support.js';

describe('RecordingRule', () => {
  it('renames results, sets the rule labels (an empty value removes a label) and stamps the query time', async () => {
    const q = scriptedQuery({ 'sum by (job, env) (x)': () => [[{ job: 'a', env: 'dev' }, 1.5]] });
    const r = new RecordingRule(recordSpec('job:x:sum', 'sum by (job, env) (x)', { env: '', tier: 'gold' }), { tier: 'bronze', dc: 'eu' });
    const out = await r.eval(100_000, 10_000, q, 0);
    expect(out.map((s) => [s.labels.toString(), s.t, s.v])).toEqual([['job:x:sum{dc="eu", job="a", tier="gold"}', 90_000, 1.5]]);
    expect(q.calls).toEqual([{ expr: 'sum by (job, env) (x)', t: 90_000 }]);
  });

  it('prints its query as Prometheus does', () => {
    expect(new RecordingRule(recordSpec('r', 'sum  by(job)(rate(x[5m]))')).query).toBe('sum by (job) (rate(x[5m]))');
  });
});
