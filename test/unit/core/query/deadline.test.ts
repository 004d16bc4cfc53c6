/**
 * Issue #15, item 3: a job's deadline holds while its selectors match, not only between
 * evaluation steps. Matching a label regex runs inside one Querier.select call; a linear but
 * costly regex over many long values used to run to the end of that call whatever the timeout.
 * Here that call takes over a second (measured, as the control), and each job kind must give
 * up with the timeout error within a small multiple of its timeout.
 */
import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import { Engine } from '../../../../electron/core/promql/engine.js';
import { runJob } from '../../../../electron/core/query/jobs.js';
import type { Job, JobLimits, JobReply } from '../../../../electron/core/query/request.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

const T = 1_700_000_000_000;
const SERIES = 50_000;
/** Linear in RE2, but costly: 50,000 values of 1,000 characters take 1–3 s here. */
const SLOW = '(.{0,100}a){10}X';
const TIMEOUT_MS = 100;
/** The reply must come this soon: the check runs every few hundred values. */
const BOUND_MS = 300;

const store = new MemoryStorage();
{
  const pad = 'ab'.repeat(500);
  const app = store.appender();
  for (let i = 0; i < SERIES; i++) app.append(0, Labels.fromObject({ __name__: 'm', id: pad + i }), T, i);
  app.commit();
}
const engine = new Engine();
const never = { aborted: false };

function timed(job: Job, limits: JobLimits): { reply: JobReply; ms: number } {
  const t0 = performance.now();
  const reply = runJob(engine, store, job, never, limits);
  return { reply, ms: performance.now() - t0 };
}

const matchers = [[{ type: '=~' as const, name: 'id', value: SLOW }]];
const noLimit: JobLimits = { timeoutMs: 0, maxResponseBytes: 0 };
const serviceTimeout: JobLimits = { timeoutMs: TIMEOUT_MS, maxResponseBytes: 0 };

describe('deadlines while matching', () => {
  it('control: without a timeout the match takes far longer than the bound (so the bounds below mean something)', () => {
    const q = store.querier(T - 1000, T + 1000);
    const t0 = performance.now();
    const found = q.select(false, { func: 'series' }, new Matcher('=~', 'id', SLOW));
    const ms = performance.now() - t0;
    q.close();
    expect(found).toHaveLength(0);
    expect(ms).toBeGreaterThan(2 * BOUND_MS);
  }, 60_000);

  it("a query's own timeout (?timeout=) answers with Prometheus's timeout error", () => {
    const { reply, ms } = timed({ op: 'json', req: { kind: 'instant', query: `count({id=~"${SLOW}"})`, timeMs: T, timeoutMs: TIMEOUT_MS } }, noLimit);
    expect(reply).toEqual({ ok: false, kind: 'timeout', message: 'query timed out in expression evaluation' });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('the service timeout (--query.timeout) holds for a query without its own', () => {
    const { reply, ms } = timed({ op: 'value', req: { kind: 'range', query: `{id=~"${SLOW}"}`, startMs: T - 60_000, endMs: T, stepMs: 15_000 } }, serviceTimeout);
    expect(reply).toMatchObject({ ok: false, kind: 'timeout' });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it.each(['series', 'labelNames', 'labelValues'] as const)('metadata (%s) stops at the deadline', (kind) => {
    const req = { kind, name: 'id', startMs: T - 1000, endMs: T + 1000, matchers, limit: 0 };
    const { reply, ms } = timed({ op: 'metadata', req }, serviceTimeout);
    expect(reply).toMatchObject({ ok: false, kind: 'timeout' });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('federation stops at the deadline', () => {
    const req = { timeMs: T, lookbackDeltaMs: 300_000, matchers, externalLabels: [], utf8: false };
    const { reply, ms } = timed({ op: 'federate', req }, serviceTimeout);
    expect(reply).toMatchObject({ ok: false, kind: 'timeout' });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('a job that cancels (client gone) stops matching too', () => {
    let checks = 0;
    const gone = {
      get aborted() {
        return ++checks > 2;
      },
    };
    const t0 = performance.now();
    const reply = runJob(engine, store, { op: 'json', req: { kind: 'instant', query: `count({id=~"${SLOW}"})`, timeMs: T } }, gone, noLimit);
    expect(reply).toMatchObject({ ok: false, kind: 'canceled' });
    expect(performance.now() - t0).toBeLessThan(BOUND_MS);
  });
});
