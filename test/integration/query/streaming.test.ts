/**
 * A large query answer streams out of a query worker: chunks arrive before the evaluation's
 * reply, they add up to exactly the JSON the calling thread builds whole, a consumer that stops
 * taking chunks holds the worker to two chunks ahead (bounded memory), and cancelling while the
 * worker waits ends the job. Over HTTP the answer is chunked (and gzipped when asked) and parses
 * to the same result.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryRequest } from '../../../electron/core/query/index.js';
import { startHearth, type Proc } from '../api/support.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const dist = join(root, 'dist');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-query-stream-'));
const T0 = 1_700_000_000_000;
const SERIES = 2_000;
const POINTS = 240;
const END = T0 + (POINTS - 1) * 15_000;
// About 2,000 × 240 points of ~30 characters: some 14 MB of JSON, a dozen chunks.
const RANGE: QueryRequest = { kind: 'range', query: 'stream_me', startMs: T0, endMs: END, stepMs: 15_000 };

type Tsdb = typeof import('../../../electron/core/tsdb/index.js');
type Query = typeof import('../../../electron/core/query/index.js');
type Model = typeof import('../../../electron/core/model/labels.js');
type LogMod = typeof import('../../../electron/core/log.js');

let db: import('../../../electron/core/tsdb/index.js').TSDB;
let service: InstanceType<Query['QueryService']>;
let inline: InstanceType<Query['QueryService']>;

beforeAll(async () => {
  if (!existsSync(join(dist, 'electron/core/query/index.js'))) throw new Error('dist/ is missing: build first (node scripts/build.mjs)');
  const { TSDB } = (await import(join(dist, 'electron/core/tsdb/index.js'))) as Tsdb;
  const { Labels } = (await import(join(dist, 'electron/core/model/labels.js'))) as Model;
  const { nopLogger } = (await import(join(dist, 'electron/core/log.js'))) as LogMod;
  const q = (await import(join(dist, 'electron/core/query/index.js'))) as Query;
  db = TSDB.open(join(tmp, 'data'), { housekeepingIntervalMs: 0 });
  const labels = Array.from({ length: SERIES }, (_, i) => Labels.fromObject({ __name__: 'stream_me', instance: `host-${i}:9100`, job: 'node' }));
  for (let k = 0; k < POINTS; k++) {
    const app = db.appender();
    for (let i = 0; i < SERIES; i++) app.append(0, labels[i]!, T0 + k * 15_000, i * 1000 + k * 0.25);
    app.commit();
  }
  service = q.QueryService.inWorkers({ handle: db.readerHandle(), engine: {}, workers: 1, maxConcurrency: 4, logger: nopLogger });
  inline = q.QueryService.inline(db);
}, 120_000);

afterAll(async () => {
  await service?.close();
  db?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const concat = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))).toString('utf8');

describe('streamed query answers', () => {
  it('arrive in chunks that add up to the whole JSON', async () => {
    const chunks: Uint8Array[] = [];
    const reply = await service.queryJson(RANGE, { aborted: false }, async (c) => void chunks.push(c));
    const whole = await inline.queryJson(RANGE);
    if (!reply.ok || !whole.ok) throw new Error('query failed');
    expect(reply.streamed).toBe(true);
    expect(chunks.length).toBeGreaterThan(3);
    expect(concat([...chunks, reply.data])).toBe(concat([whole.data]));
  });

  it('keep the worker at most two chunks ahead of a consumer that stops taking them', async () => {
    const chunks: Uint8Array[] = [];
    const waiting: Array<() => void> = [];
    const sink = (c: Uint8Array) => {
      chunks.push(c);
      return new Promise<void>((ok) => waiting.push(ok));
    };
    let done = false;
    const pending = service.queryJson(RANGE, { aborted: false }, sink).then((r) => ((done = true), r));
    await new Promise((ok) => setTimeout(ok, 1_500));
    expect(chunks.length).toBe(2);
    expect(done).toBe(false);
    // Taking chunks as they come lets it finish.
    const drain = setInterval(() => waiting.splice(0).forEach((ok) => ok()), 5);
    const reply = await pending;
    clearInterval(drain);
    expect(reply.ok && reply.streamed).toBe(true);
    expect(chunks.length).toBeGreaterThan(3);
  });

  it('end when cancelled while the worker waits', async () => {
    const signal = { aborted: false };
    let got = 0;
    const sink = () => {
      got++;
      return new Promise<void>(() => {});
    };
    const pending = service.queryJson(RANGE, signal, sink);
    await new Promise((ok) => setTimeout(ok, 800));
    signal.aborted = true;
    const reply = await pending;
    expect(got).toBe(2);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.kind).toBe('canceled');
    // The worker is free again.
    const next = await service.queryJson({ kind: 'instant', query: 'count(stream_me)', timeMs: END });
    expect(next.ok).toBe(true);
  });
});

describe('a streamed answer over HTTP', () => {
  let hearth: Proc | null = null;
  beforeAll(async () => {
    await service.close();
    db.close();
    hearth = await startHearth(join(tmp, 'data'));
  }, 120_000);
  afterAll(async () => {
    await hearth?.stop();
  });

  it('is chunked, gzipped when asked, and parses to every series and point', async () => {
    const url = `${hearth!.url}/api/v1/query_range?query=stream_me&start=${T0 / 1000}&end=${END / 1000}&step=15&stats=all`;
    for (const gzip of [false, true]) {
      const r = await fetch(url, { headers: gzip ? { 'Accept-Encoding': 'gzip' } : { 'Accept-Encoding': 'identity' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-length')).toBeNull();
      expect(r.headers.get('transfer-encoding')).toBe('chunked');
      // fetch decodes gzip itself; check the header, then the JSON.
      expect(r.headers.get('content-encoding')).toBe(gzip ? 'gzip' : null);
      const body = (await r.json()) as { status: string; data: { resultType: string; result: Array<{ values: unknown[] }>; stats?: unknown } };
      expect(body.status).toBe('success');
      expect(body.data.resultType).toBe('matrix');
      expect(body.data.result).toHaveLength(SERIES);
      expect(body.data.result.every((s) => s.values.length === POINTS)).toBe(true);
      expect(body.data.stats).toBeDefined();
    }
  });
});
