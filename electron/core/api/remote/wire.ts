/**
 * A bounded decoder for remote-write messages (1.0 `prometheus.WriteRequest`, 2.0
 * `io.prometheus.write.v2.Request`), straight from the protobuf wire format into typed arrays.
 *
 * Why not protobufjs's decode: it builds an object per label and per sample, so a 64 MB
 * message of empty labels became 31 million objects and took the heap to 4.6 GB. Here a first
 * pass only counts, refusing a request over a limit (limits.ts) before anything is allocated;
 * a second pass fills arrays of exactly the counted size. Label names and values stay bytes
 * in the decoded buffer (offsets into it) until a series is appended. Both passes are
 * generators that yield every WORK_STEP items, so a caller can run them in slices.
 *
 * Field numbers follow prompb (1.0) and io/prometheus/write/v2 (2.0); unknown fields are
 * skipped, as protobuf requires. Errors name the byte where the message went wrong.
 */

import { RemoteWriteLimitError, type RemoteWriteLimits } from './limits.js';

export class ProtoError extends Error {}

/** A decoded request: series are index ranges into the label and sample arrays. */
export interface DecodedWrite {
  readonly version: 1 | 2;
  /** The decoded (snappy-inflated) message; label offsets point into it. */
  readonly raw: Uint8Array;
  readonly series: number;
  /**
   * 1.0: four entries per label: name offset, name length, value offset, value length.
   * 2.0: one entry per labels_refs item (symbol indices, in pairs when well formed).
   */
  readonly labels: Uint32Array;
  /** Series i's labels are entries labelStart[i] .. labelStart[i+1] (in labels, scaled by 4 in 1.0). */
  readonly labelStart: Uint32Array;
  /** 2.0: two entries per symbol: offset, length. Empty in 1.0. */
  readonly symbols: Uint32Array;
  readonly t: Float64Array;
  readonly v: Float64Array;
  /** 1 where the sample is Prometheus's staleness marker. */
  readonly stale: Uint8Array;
  /** Series i's samples are sampleStart[i] .. sampleStart[i+1]. */
  readonly sampleStart: Uint32Array;
  /** Native histogram samples per series (counted, not kept). */
  readonly histograms: Uint32Array;
  readonly exemplars: number;
}

/** Items (labels, samples, fields) between yields. */
const WORK_STEP = 8192;
/**
 * Fields one Label or Sample may carry. They have two or three; protobuf would allow any
 * number of unknown ones, but millions of them in one label would be decoded without a yield.
 */
const MAX_ITEM_FIELDS = 64;

interface Counts {
  series: number;
  labels: number;
  symbols: number;
  samples: number;
  /** Native histogram samples: they count toward the sample limit. */
  histograms: number;
  exemplars: number;
}

interface Fill {
  labels: Uint32Array;
  labelStart: Uint32Array;
  symbols: Uint32Array;
  t: Float64Array;
  v: Float64Array;
  stale: Uint8Array;
  sampleStart: Uint32Array;
  histograms: Uint32Array;
}

/** Decodes `raw` as the given version, in two passes that yield; throws ProtoError or RemoteWriteLimitError. */
export function* decodeWrite(raw: Uint8Array, version: 1 | 2, limits: RemoteWriteLimits): Generator<void, DecodedWrite> {
  const counts = yield* walk(raw, version, limits, null);
  const fill: Fill = {
    labels: new Uint32Array(version === 1 ? counts.labels * 4 : counts.labels),
    labelStart: new Uint32Array(counts.series + 1),
    symbols: new Uint32Array(counts.symbols * 2),
    t: new Float64Array(counts.samples),
    v: new Float64Array(counts.samples),
    stale: new Uint8Array(counts.samples),
    sampleStart: new Uint32Array(counts.series + 1),
    histograms: new Uint32Array(counts.series),
  };
  yield* walk(raw, version, limits, fill);
  return { version, raw, series: counts.series, ...fill, exemplars: counts.exemplars };
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

class Reader {
  p = 0;
  /** Items since the last yield, over every level of the message. */
  work = 0;
  readonly view: DataView;
  constructor(readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  eof(what: string): ProtoError {
    return new ProtoError(`proto: unexpected end of ${what} at byte ${this.p}`);
  }

  /** An unsigned varint of up to 64 bits, as a number (exact up to 2^53). */
  uvarint(end: number, what: string): number {
    let n = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.p >= end) throw this.eof(what);
      const c = this.b[this.p++]!;
      n += (c & 0x7f) * mul;
      if (c < 0x80) return n;
      mul *= 128;
    }
    throw new ProtoError(`proto: integer overflow in ${what} at byte ${this.p}`);
  }

  /** A two's-complement int64 varint (timestamps may be negative), as a number. */
  int64(end: number, what: string): number {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.p >= end) throw this.eof(what);
      const c = this.b[this.p++]! & 0xff;
      const bits = c & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (c < 0x80) return (hi | 0) * 4294967296 + (lo >>> 0);
    }
    throw new ProtoError(`proto: integer overflow in ${what} at byte ${this.p}`);
  }

  /** The end of a length-delimited field that starts here, checked against its parent's end. */
  len(end: number, what: string): number {
    const n = this.uvarint(end, what);
    if (n > end - this.p) throw this.eof(what);
    return this.p + n;
  }

  skip(wire: number, end: number, what: string): void {
    switch (wire) {
      case WIRE_VARINT:
        this.uvarint(end, what);
        return;
      case WIRE_FIXED64:
        if (end - this.p < 8) throw this.eof(what);
        this.p += 8;
        return;
      case WIRE_LEN:
        this.p = this.len(end, what);
        return;
      case WIRE_FIXED32:
        if (end - this.p < 4) throw this.eof(what);
        this.p += 4;
        return;
      default:
        throw new ProtoError(`proto: illegal wireType ${wire} in ${what} at byte ${this.p}`);
    }
  }

  /** A field's tag: [field number, wire type]. */
  tag(end: number, what: string): [number, number] {
    const at = this.p;
    const t = this.uvarint(end, what);
    const field = Math.floor(t / 8);
    if (field === 0) throw new ProtoError(`proto: illegal tag 0 in ${what} at byte ${at}`);
    return [field, t % 8];
  }

  expect(wire: number, want: number, what: string): void {
    if (wire !== want) throw new ProtoError(`proto: wrong wireType = ${wire} for ${what} at byte ${this.p}`);
  }
}

function tooMany(what: string, max: number): RemoteWriteLimitError {
  return new RemoteWriteLimitError(413, `remote write request has more than ${max} ${what} (the receiver's limit per request)`);
}

function* walk(raw: Uint8Array, version: 1 | 2, lim: RemoteWriteLimits, fill: Fill | null): Generator<void, Counts> {
  const r = new Reader(raw);
  const c: Counts = { series: 0, labels: 0, symbols: 0, samples: 0, histograms: 0, exemplars: 0 };
  const end = raw.length;
  const maxSymbols = lim.maxLabels * 2;
  while (r.p < end) {
    const [field, wire] = r.tag(end, 'request');
    if (version === 1 && field === 1) {
      r.expect(wire, WIRE_LEN, 'WriteRequest.timeseries');
      const e = r.len(end, 'WriteRequest.timeseries');
      yield* seriesV1(r, e, c, lim, fill);
      r.p = e;
    } else if (version === 2 && field === 5) {
      r.expect(wire, WIRE_LEN, 'Request.timeseries');
      const e = r.len(end, 'Request.timeseries');
      yield* seriesV2(r, e, c, lim, fill);
      r.p = e;
    } else if (version === 2 && field === 4) {
      r.expect(wire, WIRE_LEN, 'Request.symbols');
      const e = r.len(end, 'Request.symbols');
      const off = r.p;
      if (c.symbols >= maxSymbols) throw tooMany('symbols', maxSymbols);
      if (fill) {
        fill.symbols[c.symbols * 2] = off;
        fill.symbols[c.symbols * 2 + 1] = e - off;
      }
      c.symbols++;
      r.p = e;
    } else {
      r.skip(wire, end, 'request');
    }
    if (++r.work >= WORK_STEP) {
      r.work = 0;
      yield;
    }
  }
  if (fill) fill.labelStart[c.series] = version === 1 ? c.labels * 4 : c.labels;
  if (fill) fill.sampleStart[c.series] = c.samples;
  return c;
}

function beginSeries(c: Counts, lim: RemoteWriteLimits, fill: Fill | null, stride: number): number {
  if (c.series >= lim.maxSeries) throw tooMany('series', lim.maxSeries);
  const i = c.series++;
  if (fill) {
    fill.labelStart[i] = c.labels * stride;
    fill.sampleStart[i] = c.samples;
  }
  return i;
}

function* seriesV1(r: Reader, end: number, c: Counts, lim: RemoteWriteLimits, fill: Fill | null): Generator<void, void> {
  const i = beginSeries(c, lim, fill, 4);
  let labels = 0;
  while (r.p < end) {
    const [field, wire] = r.tag(end, 'TimeSeries');
    switch (field) {
      case 1: {
        r.expect(wire, WIRE_LEN, 'TimeSeries.labels');
        const e = r.len(end, 'TimeSeries.labels');
        if (++labels > lim.maxLabelsPerSeries) {
          throw new RemoteWriteLimitError(400, `series ${i} has more than ${lim.maxLabelsPerSeries} labels (the receiver's limit per series)`);
        }
        if (c.labels >= lim.maxLabels) throw tooMany('labels', lim.maxLabels);
        labelV1(r, e, fill, c.labels * 4);
        c.labels++;
        break;
      }
      case 2: {
        r.expect(wire, WIRE_LEN, 'TimeSeries.samples');
        const e = r.len(end, 'TimeSeries.samples');
        if (c.samples + c.histograms >= lim.maxSamples) throw tooMany('samples', lim.maxSamples);
        sample(r, e, fill, c.samples++);
        break;
      }
      case 3:
        r.expect(wire, WIRE_LEN, 'TimeSeries.exemplars');
        r.p = r.len(end, 'TimeSeries.exemplars');
        c.exemplars++;
        break;
      case 4:
        r.expect(wire, WIRE_LEN, 'TimeSeries.histograms');
        r.p = r.len(end, 'TimeSeries.histograms');
        histogram(c, lim, fill, i);
        break;
      default:
        r.skip(wire, end, 'TimeSeries');
    }
    if (++r.work >= WORK_STEP) {
      r.work = 0;
      yield;
    }
  }
}

function histogram(c: Counts, lim: RemoteWriteLimits, fill: Fill | null, i: number): void {
  if (c.samples + c.histograms >= lim.maxSamples) throw tooMany('samples', lim.maxSamples);
  c.histograms++;
  if (fill) fill.histograms[i]!++;
}

function labelV1(r: Reader, end: number, fill: Fill | null, at: number): void {
  let nameOff = r.p;
  let nameLen = 0;
  let valueOff = r.p;
  let valueLen = 0;
  let fields = 0;
  while (r.p < end) {
    if (++fields > MAX_ITEM_FIELDS) throw new ProtoError(`proto: more than ${MAX_ITEM_FIELDS} fields in one Label at byte ${r.p}`);
    const [field, wire] = r.tag(end, 'Label');
    if (field === 1 || field === 2) {
      r.expect(wire, WIRE_LEN, field === 1 ? 'Label.name' : 'Label.value');
      const e = r.len(end, 'Label');
      if (field === 1) {
        nameOff = r.p;
        nameLen = e - r.p;
      } else {
        valueOff = r.p;
        valueLen = e - r.p;
      }
      r.p = e;
    } else {
      r.skip(wire, end, 'Label');
    }
  }
  if (fill) {
    fill.labels[at] = nameOff;
    fill.labels[at + 1] = nameLen;
    fill.labels[at + 2] = valueOff;
    fill.labels[at + 3] = valueLen;
  }
}

function sample(r: Reader, end: number, fill: Fill | null, at: number): void {
  let t = 0;
  let lo = 0;
  let hi = 0;
  let valueAt = -1;
  let fields = 0;
  while (r.p < end) {
    if (++fields > MAX_ITEM_FIELDS) throw new ProtoError(`proto: more than ${MAX_ITEM_FIELDS} fields in one Sample at byte ${r.p}`);
    const [field, wire] = r.tag(end, 'Sample');
    if (field === 1) {
      r.expect(wire, WIRE_FIXED64, 'Sample.value');
      if (end - r.p < 8) throw r.eof('Sample.value');
      valueAt = r.p;
      lo = r.view.getUint32(r.p, true);
      hi = r.view.getUint32(r.p + 4, true);
      r.p += 8;
    } else if (field === 2) {
      r.expect(wire, WIRE_VARINT, 'Sample.timestamp');
      t = r.int64(end, 'Sample.timestamp');
    } else {
      r.skip(wire, end, 'Sample');
    }
  }
  if (!fill) return;
  fill.t[at] = t;
  // Prometheus's StaleNaN is 0x7ff0000000000002; it is kept as a flag, not as NaN bits.
  if (hi === 0x7ff00000 && lo === 2) {
    fill.stale[at] = 1;
    fill.v[at] = NaN;
  } else {
    fill.v[at] = valueAt < 0 ? 0 : r.view.getFloat64(valueAt, true);
  }
}

function* seriesV2(r: Reader, end: number, c: Counts, lim: RemoteWriteLimits, fill: Fill | null): Generator<void, void> {
  const i = beginSeries(c, lim, fill, 1);
  let refs = 0;
  const ref = (value: number) => {
    if (++refs > lim.maxLabelsPerSeries * 2) {
      throw new RemoteWriteLimitError(400, `series ${i} has more than ${lim.maxLabelsPerSeries} labels (the receiver's limit per series)`);
    }
    if (c.labels >= lim.maxLabels * 2) throw tooMany('labels', lim.maxLabels);
    // uint32 on the wire: larger varints keep their low 32 bits, as protobuf decoders do.
    if (fill) fill.labels[c.labels] = value % 4294967296;
    c.labels++;
  };
  while (r.p < end) {
    const [field, wire] = r.tag(end, 'TimeSeries');
    switch (field) {
      case 1:
        if (wire === WIRE_VARINT) {
          ref(r.uvarint(end, 'TimeSeries.labels_refs'));
        } else {
          r.expect(wire, WIRE_LEN, 'TimeSeries.labels_refs');
          const e = r.len(end, 'TimeSeries.labels_refs');
          while (r.p < e) ref(r.uvarint(e, 'TimeSeries.labels_refs'));
        }
        break;
      case 2: {
        r.expect(wire, WIRE_LEN, 'TimeSeries.samples');
        const e = r.len(end, 'TimeSeries.samples');
        if (c.samples + c.histograms >= lim.maxSamples) throw tooMany('samples', lim.maxSamples);
        sample(r, e, fill, c.samples++);
        break;
      }
      case 3:
        r.expect(wire, WIRE_LEN, 'TimeSeries.histograms');
        r.p = r.len(end, 'TimeSeries.histograms');
        histogram(c, lim, fill, i);
        break;
      case 4:
        r.expect(wire, WIRE_LEN, 'TimeSeries.exemplars');
        r.p = r.len(end, 'TimeSeries.exemplars');
        c.exemplars++;
        break;
      default:
        r.skip(wire, end, 'TimeSeries');
    }
    if (++r.work >= WORK_STEP) {
      r.work = 0;
      yield;
    }
  }
}
