/**
 * Records of the head's write-ahead log. The log is a table of the SQLite database
 * (`wal(seq, data)`), one row per committed batch, written in the same transaction as the
 * batch's new series and chunks: SQLite's own WAL makes the commit atomic and durable.
 *
 * A record: u32 CRC-32 of the rest, uvarint n, then per sample zigzag delta of the series
 * id and of the timestamp, the value's 8 bytes, and a list of staleness-marker indices.
 * The CRC guards against a damaged row (bit rot, a copy cut short): replay stops at the
 * first record that fails it, with a warning, and the log is cut back there.
 */

import { crc32 } from 'node:zlib';
import { ByteReader, ByteWriter } from './chunkenc/bytes.js';

export interface LogSamples {
  ids: Int32Array;
  t: Float64Array;
  v: Float64Array;
  stale: Uint8Array;
  length: number;
}

const writer = new ByteWriter(1 << 16);

/** The record of the samples `accepted` marks 1 (all when null); `owned` false: a view valid until the next call. */
export function encodeRecord(s: LogSamples, accepted: Uint8Array | null, owned = true): Uint8Array {
  const w = writer;
  w.reset();
  w.u32(0);
  let n = 0;
  for (let i = 0; i < s.length; i++) if (accepted === null || accepted[i] === 1) n++;
  w.uvarint(n);
  let prevId = 0;
  let prevT = 0;
  let staleCount = 0;
  const bits = new Uint32Array(s.v.buffer, s.v.byteOffset, s.v.length * 2);
  for (let i = 0; i < s.length; i++) {
    if (accepted !== null && accepted[i] !== 1) continue;
    const id = s.ids[i]!;
    w.varint(id - prevId);
    prevId = id;
    const t = s.t[i]!;
    w.varint(t - prevT);
    prevT = t;
    w.u32(bits[i * 2]!);
    w.u32(bits[i * 2 + 1]!);
    if ((s.stale[i]! & 1) === 1) staleCount++;
  }
  w.uvarint(staleCount);
  if (staleCount > 0) {
    let k = 0;
    let prev = 0;
    for (let i = 0; i < s.length; i++) {
      if (accepted !== null && accepted[i] !== 1) continue;
      if ((s.stale[i]! & 1) === 1) {
        w.uvarint(k - prev);
        prev = k;
      }
      k++;
    }
  }
  const out = owned ? w.finish() : w.view();
  const crc = crc32(out.subarray(4));
  new DataView(out.buffer, out.byteOffset, 4).setUint32(0, crc, true);
  return out;
}

export class CorruptRecordError extends Error {}

/** Decodes a record into fresh columns; throws CorruptRecordError when the CRC or layout is bad. */
export function decodeRecord(data: Uint8Array): LogSamples {
  if (data.length < 5) throw new CorruptRecordError('record too short');
  const want = new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true);
  if (crc32(data.subarray(4)) !== want) throw new CorruptRecordError('checksum mismatch');
  try {
    const r = new ByteReader(data, 4);
    const n = r.uvarint();
    const out: LogSamples = {
      ids: new Int32Array(n),
      t: new Float64Array(n),
      v: new Float64Array(n),
      stale: new Uint8Array(n),
      length: n,
    };
    const bits = new Uint32Array(out.v.buffer);
    let id = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      id += r.varint();
      t += r.varint();
      out.ids[i] = id;
      out.t[i] = t;
      bits[i * 2] = r.u32();
      bits[i * 2 + 1] = r.u32();
    }
    const sc = r.uvarint();
    let k = 0;
    for (let j = 0; j < sc; j++) {
      k += r.uvarint();
      if (k >= n) throw new CorruptRecordError('bad staleness index');
      out.stale[k] = 1;
      out.v[k] = NaN;
    }
    return out;
  } catch (e) {
    if (e instanceof CorruptRecordError) throw e;
    throw new CorruptRecordError((e as Error).message);
  }
}
