/**
 * The remote-write receiver: protobuf + snappy, remote write 1.0 and 2.0, and every kind of
 * bad input answered with Prometheus's status code while nothing stored is lost.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestV2, WriteRequestV1, sampleValue, valueBits } from '../../../../electron/core/api/remote/proto.js';
import { snappyDecode, snappyEncode } from '../../../../electron/core/api/remote/snappy.js';
import { protoMessageOf, seriesLabels } from '../../../../electron/core/api/remote/writeHandler.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import type { Appendable } from '../../../../electron/core/storage/interface.js';
import { startApi, type Harness } from './harness.js';

interface Series {
  labels: Record<string, string | Buffer>;
  samples: Array<[number, number] | [number, 'stale']>;
  histograms?: number;
}

function v1Body(series: Series[]): Buffer {
  const msg = WriteRequestV1.create({
    timeseries: series.map((s) => ({
      labels: Object.entries(s.labels).map(([n, v]) => ({ name: Buffer.from(n), value: typeof v === 'string' ? Buffer.from(v) : v })),
      samples: s.samples.map(([t, v]) => ({ timestamp: t, value: v === 'stale' ? valueBits(0, true) : valueBits(v) })),
      histograms: Array.from({ length: s.histograms ?? 0 }, () => Buffer.from([8, 1])),
    })),
  });
  return snappyEncode(Buffer.from(WriteRequestV1.encode(msg).finish()));
}

function v2Body(symbols: string[], series: Array<{ refs: number[]; samples: Array<[number, number]> }>): Buffer {
  const msg = RequestV2.create({
    symbols: symbols.map((s) => Buffer.from(s)),
    timeseries: series.map((s) => ({ labelsRefs: s.refs, samples: s.samples.map(([t, v]) => ({ timestamp: t, value: valueBits(v) })) })),
  });
  return snappyEncode(Buffer.from(RequestV2.encode(msg).finish()));
}

const NOW = 1_700_000_000_000;
let h: Harness;

beforeAll(async () => {
  h = await startApi({ nowMs: NOW });
});
afterAll(() => h.close());
beforeEach(() => h.store.clear());

async function post(body: Buffer | string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}/api/v1/write`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

function stored(): Array<{ labels: string; t: number[]; v: number[]; stale: number[] }> {
  const q = h.store.querier(0, Number.MAX_SAFE_INTEGER);
  const out = q.select(true, null, new Matcher('=~', '__name__', '.+')).map((s) => {
    const a = s.samples;
    const stale: number[] = [];
    for (let i = 0; i < a.length; i++) if (a.stale?.[i] === 1) stale.push(i);
    return { labels: s.labels.key.replace(/\xff/g, ','), t: Array.from(a.t.subarray(0, a.length)), v: Array.from(a.v.subarray(0, a.length)), stale };
  });
  q.close();
  return out;
}

describe('remote write 1.0', () => {
  it('stores samples and staleness markers, answering 204', async () => {
    const r = await post(
      v1Body([
        { labels: { __name__: 'up', job: 'a' }, samples: [[NOW - 2000, 1], [NOW - 1000, NaN], [NOW, 'stale']] },
        { labels: { job: 'a', __name__: 'temp_celsius' }, samples: [[NOW, -3.5]] },
      ]),
    );
    expect(r.status).toBe(204);
    const s = stored();
    expect(s.map((x) => x.labels)).toEqual(['__name__,temp_celsius,job,a', '__name__,up,job,a']);
    expect(s[1]!.t).toEqual([NOW - 2000, NOW - 1000, NOW]);
    expect(s[1]!.v[0]).toBe(1);
    expect(Number.isNaN(s[1]!.v[1])).toBe(true);
    // The ordinary NaN is a value; only Prometheus's marker NaN is a staleness marker.
    expect(s[1]!.stale).toEqual([2]);
    expect(s[0]!.v).toEqual([-3.5]);
  });

  it('accepts a request without Content-Type or Content-Encoding, as Prometheus does', async () => {
    const res = await fetch(`${h.url}/api/v1/write`, { method: 'POST', body: v1Body([{ labels: { __name__: 'x' }, samples: [[NOW, 1]] }]) });
    expect(res.status).toBe(204);
  });

  it('skips series without a metric name or with invalid labels, keeping the rest', async () => {
    const r = await post(
      v1Body([
        { labels: { job: 'nameless' }, samples: [[NOW, 1]] },
        { labels: { __name__: 'bad_utf8', job: Buffer.from([0xff, 0xfe]) }, samples: [[NOW, 1]] },
        { labels: { __name__: 'empty_name', '': 'x' }, samples: [[NOW, 1]] },
        { labels: { __name__: 'good', 'NaN': 'NaN' }, samples: [[NOW, 7]] },
      ]),
    );
    expect(r.status, r.text).toBe(204);
    expect(stored().map((s) => s.labels)).toEqual(['NaN,NaN,__name__,good']);
    expect(await (await fetch(`${h.url}/metrics`)).text()).toMatch(/prometheus_api_remote_write_invalid_labels_samples_total 3/);
  });

  it('refuses the whole request with 400 when a sample is out of order, duplicate or too far ahead, losing nothing stored', async () => {
    expect((await post(v1Body([{ labels: { __name__: 'm' }, samples: [[NOW - 1000, 1]] }]))).status).toBe(204);
    const ooo = await post(v1Body([{ labels: { __name__: 'other' }, samples: [[NOW, 5]] }, { labels: { __name__: 'm' }, samples: [[NOW - 5000, 2]] }]));
    expect(ooo).toMatchObject({ status: 400, text: 'out of order sample\n' });
    const dup = await post(v1Body([{ labels: { __name__: 'm' }, samples: [[NOW - 1000, 3]] }]));
    expect(dup).toMatchObject({ status: 400, text: 'duplicate sample for timestamp\n' });
    const future = await post(v1Body([{ labels: { __name__: 'm' }, samples: [[NOW + 11 * 60_000, 3]] }]));
    expect(future).toMatchObject({ status: 400, text: 'out of bounds: timestamp is too far in the future\n' });
    expect(stored()).toEqual([{ labels: '__name__,m', t: [NOW - 1000], v: [1], stale: [] }]);
  });

  it('commits floats but reports native histograms it cannot store', async () => {
    const r = await post(v1Body([{ labels: { __name__: 'h' }, samples: [[NOW, 1]], histograms: 2 }]));
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/native histograms are not supported/);
    expect(stored()).toHaveLength(1);
  });
});

describe('remote write 2.0', () => {
  const V2 = { 'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request', 'X-Prometheus-Remote-Write-Version': '2.0.0' };

  it('stores series from the symbols table and reports what it wrote', async () => {
    const r = await post(v2Body(['', '__name__', 'up', 'job', 'a', 'b'], [{ refs: [1, 2, 3, 4], samples: [[NOW, 1]] }, { refs: [1, 2, 3, 5], samples: [[NOW, 0], [NOW + 1, 1]] }]), V2);
    expect(r.status).toBe(204);
    expect(r.headers.get('x-prometheus-remote-write-samples-written')).toBe('3');
    expect(r.headers.get('x-prometheus-remote-write-histograms-written')).toBe('0');
    expect(stored().map((s) => s.labels)).toEqual(['__name__,up,job,a', '__name__,up,job,b']);
  });

  it('writes what it can and answers 400 with the refused parts', async () => {
    await post(v2Body(['', '__name__', 'up'], [{ refs: [1, 2], samples: [[NOW, 1]] }]), V2);
    const r = await post(
      v2Body(['', '__name__', 'up', 'job', 'x', 'nameless'], [
        { refs: [1, 2], samples: [[NOW - 10, 5], [NOW + 10, 6]] },
        { refs: [3, 4], samples: [[NOW, 1]] },
        { refs: [1, 99], samples: [[NOW, 1]] },
      ]),
      V2,
    );
    expect(r.status).toBe(400);
    expect(r.headers.get('x-prometheus-remote-write-samples-written')).toBe('1');
    expect(r.text).toMatch(/out of order sample for series \{__name__="up"\}/);
    expect(r.text).toMatch(/invalid metric name or labels, got \{job="x"\}/);
    expect(r.text).toMatch(/outside of symbols table \(size 6\)/);
    expect(stored()).toEqual([{ labels: '__name__,up', t: [NOW, NOW + 10], v: [1, 6], stale: [] }]);
  });
});

describe('bad requests', () => {
  it('answers each with Prometheus status codes, and the server keeps serving', async () => {
    await post(v1Body([{ labels: { __name__: 'keep' }, samples: [[NOW, 1]] }]));
    const cases: Array<[Buffer | string, Record<string, string>, number, RegExp]> = [
      [Buffer.from('not snappy at all'), {}, 400, /snappy: corrupt input/],
      [snappyEncode(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])), {}, 400, /^proto: /],
      [snappyEncode(Buffer.from([0x0f])), {}, 400, /^proto: /],
      [Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]), {}, 413, /decoded block is too large/],
      [v1Body([]), { 'Content-Encoding': 'gzip' }, 415, /gzip encoding \(compression\) is not accepted/],
      [v1Body([]), { 'Content-Type': 'application/json' }, 415, /expected application\/x-protobuf/],
      [v1Body([]), { 'Content-Type': 'application/x-protobuf;proto=foo.Bar' }, 415, /unknown remote write protobuf message foo.Bar/],
    ];
    for (const [body, headers, status, re] of cases) {
      const r = await post(body, headers);
      expect(r.status, re.source).toBe(status);
      expect(r.text, re.source).toMatch(re);
    }
    // A random flood of bytes never takes the receiver down.
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)));
      const r = await post(rnd() < 0.5 ? junk : snappyEncode(junk));
      expect([204, 400, 413]).toContain(r.status);
    }
    expect(stored().map((s) => s.labels)).toContain('__name__,keep');
    expect((await fetch(`${h.url}/-/healthy`)).status).toBe(200);
  });

  it('refuses oversized bodies and oversized decoded messages with 413', async () => {
    const small = await startApi({ nowMs: NOW, limits: { maxBodyBytes: 1024, maxDecodedBytes: 4096 } });
    try {
      const big = await fetch(`${small.url}/api/v1/write`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: Buffer.alloc(5000, 1) });
      expect(big.status).toBe(413);
      const many = v1Body(Array.from({ length: 200 }, (_, i) => ({ labels: { __name__: `metric_${i}` }, samples: [[NOW, i]] as Array<[number, number]> })));
      expect(many.length).toBeLessThan(1024 * 4);
      const r = await fetch(`${small.url}/api/v1/write`, { method: 'POST', body: many.subarray(0, 1000) });
      expect(r.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('treats a series with a label name or value over the length limits as invalid, naming it briefly', async () => {
    const long = 'x'.repeat(9000);
    const v1 = await post(v1Body([{ labels: { __name__: 'long_value', job: long }, samples: [[NOW, 1]] }, { labels: { __name__: 'short' }, samples: [[NOW, 1]] }]));
    expect(v1.status, v1.text).toBe(204);
    expect(stored().map((s) => s.labels)).toEqual(['__name__,short']);
    h.store.clear();
    const V2 = { 'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request', 'X-Prometheus-Remote-Write-Version': '2.0.0' };
    const v2 = await post(v2Body(['', '__name__', 'm', 'n'.repeat(1025), 'v'], [{ refs: [1, 2, 3, 4], samples: [[NOW, 1]] }, { refs: [1, 2], samples: [[NOW, 2]] }]), V2);
    expect(v2.status).toBe(400);
    expect(v2.text).toMatch(/invalid metric name or labels, got \{__name__="m", "n{200}\.\.\. \(1025 characters\)"="v"\}/);
    expect(v2.text.length).toBeLessThan(400);
    expect(stored().map((s) => s.labels)).toEqual(['__name__,m']);
  });

  it('refuses a request over a count limit with 413, and a series with too many labels with 400, storing nothing', async () => {
    const tight = await startApi({ nowMs: NOW, limits: { remoteWrite: { maxSeries: 2, maxLabelsPerSeries: 3, maxLabels: 100, maxSamples: 100, maxLabelNameBytes: 64, maxLabelValueBytes: 64 } } });
    try {
      const send = (body: Buffer) => fetch(`${tight.url}/api/v1/write`, { method: 'POST', body: new Uint8Array(body) });
      const three = v1Body([0, 1, 2].map((i) => ({ labels: { __name__: `m${i}` }, samples: [[NOW, i]] as Array<[number, number]> })));
      const r1 = await send(three);
      expect(r1.status).toBe(413);
      expect(await r1.text()).toMatch(/more than 2 series/);
      const r2 = await send(v1Body([{ labels: { __name__: 'm', a: '1', b: '2', c: '3' }, samples: [[NOW, 1]] }]));
      expect(r2.status).toBe(400);
      expect(await r2.text()).toMatch(/series 0 has more than 3 labels/);
      expect(tight.store.querier(0, Number.MAX_SAFE_INTEGER).select(false, null, new Matcher('=~', '__name__', '.+'))).toHaveLength(0);
    } finally {
      await tight.close();
    }
  });

  it('answers 503 with Retry-After while decoded requests in progress would pass twice the decoded limit', async () => {
    // Appends that take 5 µs each keep two requests in progress across many slices.
    const startedAppenders = new Set<number>();
    let appenders = 0;
    const slow: Appendable = {
      appender: () => {
        const id = appenders++;
        return {
          append: () => {
            startedAppenders.add(id);
            const until = performance.now() + 0.005;
            while (performance.now() < until);
            return 1;
          },
          appendStale: () => 1,
          commit: () => {},
          rollback: () => {},
        };
      },
    };
    const busy = await startApi({ nowMs: NOW, deps: { remoteWrite: slow }, limits: { maxDecodedBytes: 1 << 20 } });
    try {
      const send = (body: Buffer) => fetch(`${busy.url}/api/v1/write`, { method: 'POST', body: new Uint8Array(body) });
      const big = (name: string) => v1Body([{ labels: { __name__: name }, samples: Array.from({ length: 40_000 }, (_, i) => [NOW - 40_000 + i, i] as [number, number]) }]);
      const first = send(big('a'));
      const second = send(big('b'));
      const deadline = Date.now() + 10_000;
      while (startedAppenders.size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
      expect(startedAppenders.size).toBe(2);
      // A header declaring the full 1 MiB, then nothing: corrupt once decoded, but refused before that.
      const c = Buffer.from([0x80, 0x80, 0x40, 0x00]);
      const refused = await send(c);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.text()).toMatch(/too many remote write requests in progress/);
      expect((await first).status).toBe(204);
      expect((await second).status).toBe(204);
      expect((await send(c)).status).toBe(400);
    } finally {
      await busy.close();
    }
  });

  it('is off unless enabled: 404 with the flag to set', async () => {
    const off = await startApi({ deps: { remoteWrite: null } });
    try {
      const r = await fetch(`${off.url}/api/v1/write`, { method: 'POST', body: v1Body([]) });
      expect(r.status).toBe(404);
      expect(await r.text()).toMatch(/--web.enable-remote-write-receiver/);
    } finally {
      await off.close();
    }
  });
});

describe('codec helpers', () => {
  it('keep the staleness marker bits and every other float exactly', () => {
    for (const v of [0, -0, 1.5, -1e300, Infinity, -Infinity, 5e-324]) {
      const r = sampleValue(valueBits(v));
      expect(Object.is(r.value, v)).toBe(true);
      expect(r.stale).toBe(false);
    }
    expect(sampleValue(valueBits(0, true)).stale).toBe(true);
    expect(sampleValue(valueBits(NaN)).stale).toBe(false);
  });

  it('round-trip snappy and refuse corrupt blocks', () => {
    const data = Buffer.from('hello hello hello hello hello');
    expect(snappyDecode(snappyEncode(data), 1000).toString()).toBe(data.toString());
    expect(() => snappyDecode(snappyEncode(data), 10)).toThrow(/too large/);
    expect(() => snappyDecode(Buffer.from([0x80]), 10)).toThrow(/corrupt/);
  });

  it('read the protobuf message from Content-Type', () => {
    expect(protoMessageOf(undefined)).toBe('prometheus.WriteRequest');
    expect(protoMessageOf('application/x-protobuf')).toBe('prometheus.WriteRequest');
    expect(protoMessageOf('application/x-protobuf;proto=io.prometheus.write.v2.Request')).toBe('io.prometheus.write.v2.Request');
    expect(() => protoMessageOf('application/x-protobuf;proto')).toThrow(/key-values/);
  });
});

describe('seriesLabels', () => {
  it('names a refused label set as Prometheus\'s labels.String() does', () => {
    // Before, names were never quoted and values were JSON-quoted (\u0007 for BEL).
    expect(seriesLabels([['a.b', 'v\x07'], ['job', 'x']])).toBe('{"a.b"="v\\a", job="x"}');
  });
});
