/**
 * Snappy block format (not the framed stream format), as remote write compresses bodies.
 * Errors are worded as Go's github.com/golang/snappy words them.
 *
 * Decoding is Hearth's own so that it can run in slices (a generator that yields every
 * DECODE_STEP bytes of output: the event loop keeps answering while a large body is
 * inflated) and so that the declared length is checked against the limit before the output
 * buffer exists. snappyjs is kept for encoding (tests and tools).
 */

import snappy from 'snappyjs';

export class SnappyError extends Error {}

/** A decoded block's declared length beyond the limit: the request is too large, not corrupt. */
export class SnappyTooLargeError extends SnappyError {}

/** Bytes of output between yields of snappyDecodeSteps. */
const DECODE_STEP = 256 * 1024;

/** Decompresses a block, refusing one whose declared length exceeds `maxBytes`. */
export function snappyDecode(block: Uint8Array, maxBytes: number): Buffer {
  const steps = snappyDecodeSteps(block, maxBytes);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The block's declared length, refused when malformed or beyond `maxBytes`: callers check it
 * before they spend anything on the body.
 */
export function snappyDeclaredLength(block: Uint8Array, maxBytes: number): number {
  const { n } = uncompressedLength(block);
  if (n < 0) throw new SnappyError('snappy: corrupt input');
  if (n > maxBytes) throw new SnappyTooLargeError(`snappy: decoded block is too large (${n} bytes, the limit is ${maxBytes})`);
  return n;
}

/** snappyDecode as a generator that yields between bounded steps; its return value is the output. */
export function* snappyDecodeSteps(block: Uint8Array, maxBytes: number): Generator<void, Buffer> {
  const declared = snappyDeclaredLength(block, maxBytes);
  const { size } = uncompressedLength(block);
  const out = Buffer.allocUnsafe(declared);
  const corrupt = () => new SnappyError('snappy: corrupt input');
  let s = size;
  let d = 0;
  let nextYield = DECODE_STEP;
  const end = block.length;
  while (s < end) {
    if (d >= nextYield) {
      nextYield = d + DECODE_STEP;
      yield;
    }
    const tag = block[s]!;
    switch (tag & 3) {
      case 0: {
        let len = tag >>> 2;
        if (len < 60) {
          s += 1;
        } else {
          const extra = len - 59;
          if (s + 1 + extra > end) throw corrupt();
          len = 0;
          for (let i = 0; i < extra; i++) len += block[s + 1 + i]! * 2 ** (8 * i);
          s += 1 + extra;
        }
        len += 1;
        if (len > declared - d || len > end - s) throw corrupt();
        // Short literals are most of them; a plain loop beats a native call for those.
        if (len < 32) {
          for (let i = 0; i < len; i++) out[d + i] = block[s + i]!;
        } else {
          out.set(block.subarray(s, s + len), d);
        }
        d += len;
        s += len;
        continue;
      }
      case 1: {
        if (s + 2 > end) throw corrupt();
        const len = 4 + ((tag >>> 2) & 7);
        const offset = ((tag >>> 5) << 8) | block[s + 1]!;
        s += 2;
        d = copy(out, d, offset, len, declared);
        continue;
      }
      case 2: {
        if (s + 3 > end) throw corrupt();
        const len = 1 + (tag >>> 2);
        const offset = block[s + 1]! | (block[s + 2]! << 8);
        s += 3;
        d = copy(out, d, offset, len, declared);
        continue;
      }
      default: {
        if (s + 5 > end) throw corrupt();
        const len = 1 + (tag >>> 2);
        const offset = (block[s + 1]! | (block[s + 2]! << 8) | (block[s + 3]! << 16) | (block[s + 4]! << 24)) >>> 0;
        s += 5;
        d = copy(out, d, offset, len, declared);
      }
    }
  }
  if (d !== declared) throw corrupt();
  return out;
}

/** A back-reference: `len` bytes from `offset` back; overlapping copies repeat the pattern, as snappy means. */
function copy(out: Buffer, d: number, offset: number, len: number, declared: number): number {
  if (offset <= 0 || offset > d || len > declared - d) throw new SnappyError('snappy: corrupt input');
  if (offset >= len && len >= 32) {
    out.copyWithin(d, d - offset, d - offset + len);
  } else {
    for (let i = 0; i < len; i++) out[d + i] = out[d + i - offset]!;
  }
  return d + len;
}

export function snappyEncode(data: Buffer): Buffer {
  return snappy.compress(data);
}

/** The varint length header of a block and its size in bytes; n is -1 when it is malformed. */
function uncompressedLength(b: Uint8Array): { n: number; size: number } {
  let n = 0;
  for (let i = 0, shift = 0; i < b.length && i < 5; i++, shift += 7) {
    const c = b[i]!;
    n += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) return n > 0xffffffff ? { n: -1, size: 0 } : { n, size: i + 1 };
  }
  return { n: -1, size: 0 };
}
