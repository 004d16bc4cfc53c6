/**
 * The bounded remote-write decoder (snappy.ts, wire.ts, limits.ts) on its own: it agrees with
 * snappyjs and protobufjs on whatever they encode, refuses each limit with its status before
 * allocating for it, and on arbitrary bytes only ever ends in its own errors.
 * Property runs use a fixed seed; HEARTH_FUZZ_RUNS raises their count for a longer fuzzing run.
 */
import fc from 'fast-check';
import snappyjs from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REMOTE_WRITE_LIMITS, RemoteWriteLimitError, type RemoteWriteLimits } from '../../../../electron/core/api/remote/limits.js';
import { RequestV2, WriteRequestV1, sampleValue, valueBits } from '../../../../electron/core/api/remote/proto.js';
import { SnappyError, SnappyTooLargeError, snappyDecode, snappyEncode } from '../../../../electron/core/api/remote/snappy.js';
import { ProtoError, decodeWrite, type DecodedWrite } from '../../../../electron/core/api/remote/wire.js';
import { fuzzSeed } from '../../../fuzzSettings.js';

const RUNS = Number(process.env.HEARTH_FUZZ_RUNS ?? 300);
const SEED = fuzzSeed(15);
/** A longer fuzzing run needs longer than vitest's default 30 s. */
const FUZZ_TIMEOUT_MS = 30_000 + RUNS * 10;

function decode(raw: Uint8Array, version: 1 | 2, limits: RemoteWriteLimits = DEFAULT_REMOTE_WRITE_LIMITS): DecodedWrite {
  const steps = decodeWrite(raw, version, limits);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

function limitError(f: () => unknown): RemoteWriteLimitError {
  try {
    f();
  } catch (e) {
    if (e instanceof RemoteWriteLimitError) return e;
    throw e;
  }
  throw new Error('expected a RemoteWriteLimitError');
}

const bytes = (s: string) => Buffer.from(s);
const text = (w: DecodedWrite, off: number, len: number) => Buffer.from(w.raw.subarray(off, off + len)).toString('latin1');

const floatArb = fc.oneof(fc.double(), fc.constant(NaN), fc.constant(-0));
const sampleArb = fc.record({ t: fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), v: floatArb, stale: fc.boolean() });
const labelArb = fc.record({ name: fc.uint8Array({ maxLength: 12 }), value: fc.uint8Array({ maxLength: 12 }) });
const seriesArb = fc.record({
  labels: fc.array(labelArb, { maxLength: 6 }),
  samples: fc.array(sampleArb, { maxLength: 6 }),
  histograms: fc.nat({ max: 2 }),
  exemplars: fc.nat({ max: 2 }),
});

describe('snappy', () => {
  it('inflates whatever snappyjs compresses, byte for byte', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.constantFrom(0, 1, 97), { maxLength: 5000 }).map((a) => Uint8Array.from(a))), (data) => {
        const z = snappyEncode(Buffer.from(data));
        expect(Buffer.compare(snappyDecode(z, data.length), Buffer.from(data))).toBe(0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('ends arbitrary bytes in a SnappyError or in what snappyjs also decodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        let mine: Buffer | Error;
        try {
          mine = snappyDecode(junk, 1 << 16);
        } catch (e) {
          expect(e).toBeInstanceOf(SnappyError);
          return;
        }
        let theirs: Uint8Array | null = null;
        try {
          theirs = snappyjs.uncompress(junk, 1 << 16);
        } catch {
          theirs = null;
        }
        if (theirs) expect(Buffer.compare(mine, Buffer.from(theirs))).toBe(0);
      }),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('refuses a declared length over the limit before allocating it', () => {
    const declared = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x0f]); // 2^32 - 2^28 bytes, nothing behind it
    expect(() => snappyDecode(declared, 64 << 20)).toThrow(SnappyTooLargeError);
    expect(() => snappyDecode(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7f]), 1 << 30)).toThrow(/corrupt/);
  });
});

describe('remote write 1.0 wire decoding', () => {
  it('agrees with protobufjs on every series, label and sample', () => {
    fc.assert(
      fc.property(fc.array(seriesArb, { maxLength: 8 }), (series) => {
        const raw = WriteRequestV1.encode(
          WriteRequestV1.create({
            timeseries: series.map((s) => ({
              labels: s.labels,
              samples: s.samples.map((x) => ({ timestamp: x.t, value: valueBits(x.v, x.stale) })),
              histograms: Array.from({ length: s.histograms }, () => Buffer.from([8, 1])),
              exemplars: Array.from({ length: s.exemplars }, () => Buffer.from([])),
            })),
          }),
        ).finish();
        const w = decode(raw, 1);
        expect(w.series).toBe(series.length);
        let exemplars = 0;
        series.forEach((s, i) => {
          const got = [];
          for (let k = w.labelStart[i]!; k < w.labelStart[i + 1]!; k += 4) got.push([text(w, w.labels[k]!, w.labels[k + 1]!), text(w, w.labels[k + 2]!, w.labels[k + 3]!)]);
          expect(got).toEqual(s.labels.map((l) => [Buffer.from(l.name).toString('latin1'), Buffer.from(l.value).toString('latin1')]));
          expect(w.sampleStart[i + 1]! - w.sampleStart[i]!).toBe(s.samples.length);
          s.samples.forEach((x, j) => {
            const k = w.sampleStart[i]! + j;
            expect(w.t[k]).toBe(x.t);
            expect(w.stale[k]).toBe(x.stale ? 1 : 0);
            if (!x.stale) expect(Object.is(w.v[k], sampleValue(valueBits(x.v)).value)).toBe(true);
          });
          expect(w.histograms[i]).toBe(s.histograms);
          exemplars += s.exemplars;
        });
        expect(w.exemplars).toBe(exemplars);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('ends arbitrary bytes, raw or behind a valid prefix, only in its own errors', () => {
    const prefix = WriteRequestV1.encode(WriteRequestV1.create({ timeseries: [{ labels: [{ name: bytes('__name__'), value: bytes('up') }] }] })).finish();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), fc.constantFrom<1 | 2>(1, 2), (junk, prefixed, version) => {
        const raw = prefixed ? Buffer.concat([prefix, junk]) : junk;
        try {
          const w = decode(raw, version);
          expect(w.t.length).toBeLessThanOrEqual(raw.length);
        } catch (e) {
          expect(e instanceof ProtoError || e instanceof RemoteWriteLimitError, String(e)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('refuses a label or sample stuffed with unknown fields (which it would otherwise read without yielding)', () => {
    const varint = (x: number): number[] => (x < 0x80 ? [x] : [(x % 0x80) | 0x80, ...varint(Math.floor(x / 0x80))]);
    const stuffed = (n: number) => {
      const label = [0x0a, ...varint(2 * n), ...Array.from({ length: n }, () => [0x18, 0x00]).flat()];
      return Uint8Array.from([0x0a, ...varint(label.length), ...label]);
    };
    expect(decode(stuffed(60), 1).series).toBe(1);
    expect(() => decode(stuffed(65), 1)).toThrow(/^proto: more than 64 fields in one Label at byte \d+/);
  });

  it('names the byte where a message is cut short', () => {
    const raw = WriteRequestV1.encode(WriteRequestV1.create({ timeseries: [{ labels: [{ name: bytes('__name__'), value: bytes('up') }] }] })).finish();
    expect(() => decode(raw.subarray(0, raw.length - 1), 1)).toThrow(/^proto: unexpected end of .* at byte \d+/);
    expect(() => decode(Uint8Array.from([0x0b]), 1)).toThrow(/^proto: wrong wireType = 3 for WriteRequest.timeseries/);
  });
});

describe('remote write 2.0 wire decoding', () => {
  it('agrees with protobufjs on symbols, label references and samples, packed or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 10 }), { maxLength: 10 }),
        fc.array(fc.record({ refs: fc.array(fc.nat({ max: 20 }), { maxLength: 8 }), samples: fc.array(sampleArb, { maxLength: 5 }) }), { maxLength: 6 }),
        (symbols, series) => {
          const raw = RequestV2.encode(
            RequestV2.create({ symbols, timeseries: series.map((s) => ({ labelsRefs: s.refs, samples: s.samples.map((x) => ({ timestamp: x.t, value: valueBits(x.v, x.stale) })) })) }),
          ).finish();
          const w = decode(raw, 2);
          expect(w.symbols.length / 2).toBe(symbols.length);
          symbols.forEach((s, k) => expect(text(w, w.symbols[2 * k]!, w.symbols[2 * k + 1]!)).toBe(Buffer.from(s).toString('latin1')));
          series.forEach((s, i) => {
            expect(Array.from(w.labels.subarray(w.labelStart[i]!, w.labelStart[i + 1]!))).toEqual(s.refs);
            expect(Array.from(w.t.subarray(w.sampleStart[i]!, w.sampleStart[i + 1]!))).toEqual(s.samples.map((x) => x.t));
          });
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // Unpacked labels_refs (one varint field per reference) are read as well.
    expect(Array.from(decode(Uint8Array.from([0x2a, 0x04, 0x08, 0x01, 0x08, 0x02]), 2).labels)).toEqual([1, 2]);
  }, FUZZ_TIMEOUT_MS);
});

describe('limits', () => {
  const lim: RemoteWriteLimits = { maxSeries: 3, maxLabelsPerSeries: 2, maxLabels: 5, maxSamples: 4, maxLabelNameBytes: 8, maxLabelValueBytes: 8 };
  const v1 = (series: Array<{ labels?: number; samples?: number; histograms?: number }>) =>
    WriteRequestV1.encode(
      WriteRequestV1.create({
        timeseries: series.map((s) => ({
          labels: Array.from({ length: s.labels ?? 1 }, (_, i) => ({ name: bytes(`l${i}`), value: bytes('v') })),
          samples: Array.from({ length: s.samples ?? 0 }, (_, i) => ({ timestamp: i, value: valueBits(1) })),
          histograms: Array.from({ length: s.histograms ?? 0 }, () => Buffer.from([8, 1])),
        })),
      }),
    ).finish();

  it('accepts a request at every limit', () => {
    const w = decode(v1([{ labels: 2, samples: 2 }, { labels: 2, samples: 1, histograms: 1 }, { labels: 1 }]), 1, lim);
    expect(w.series).toBe(3);
  });

  it('refuses too many series, labels or samples with 413, and too many labels on one series with 400', () => {
    expect(limitError(() => decode(v1([{}, {}, {}, {}]), 1, lim))).toMatchObject({ status: 413, message: expect.stringMatching(/more than 3 series/) });
    expect(limitError(() => decode(v1([{ labels: 2 }, { labels: 2 }, { labels: 2 }]), 1, lim))).toMatchObject({ status: 413, message: expect.stringMatching(/more than 5 labels/) });
    expect(limitError(() => decode(v1([{ samples: 3 }, { samples: 2 }]), 1, lim))).toMatchObject({ status: 413, message: expect.stringMatching(/more than 4 samples/) });
    expect(limitError(() => decode(v1([{ samples: 3, histograms: 2 }]), 1, lim))).toMatchObject({ status: 413, message: expect.stringMatching(/more than 4 samples/) });
    expect(limitError(() => decode(v1([{ labels: 3 }]), 1, lim))).toMatchObject({ status: 400, message: expect.stringMatching(/series 0 has more than 2 labels/) });
    const v2 = RequestV2.encode(RequestV2.create({ symbols: [bytes('a')], timeseries: [{ labelsRefs: [0, 0, 0, 0, 0, 0] }] })).finish();
    expect(limitError(() => decode(v2, 2, lim))).toMatchObject({ status: 400, message: expect.stringMatching(/series 0 has more than 2 labels/) });
    const symbols = RequestV2.encode(RequestV2.create({ symbols: Array.from({ length: 11 }, () => bytes('s')) })).finish();
    expect(limitError(() => decode(symbols, 2, lim))).toMatchObject({ status: 413, message: expect.stringMatching(/more than 10 symbols/) });
  });

  it('refuses a bomb of millions of labels in the counting pass, before the arrays for them exist', () => {
    const n = 5_000_000;
    const head = [0x0a];
    for (let len = 2 * n; ; len = Math.floor(len / 128)) {
      if (len < 0x80) {
        head.push(len);
        break;
      }
      head.push((len % 128) | 0x80);
    }
    const raw = Buffer.alloc(head.length + 2 * n);
    raw.set(head);
    for (let i = 0; i < n; i++) raw[head.length + 2 * i] = 0x0a;
    const before = process.memoryUsage().heapUsed;
    expect(limitError(() => decode(raw, 1))).toMatchObject({ status: 400 });
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 << 20);
  });
});
