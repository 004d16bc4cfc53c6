/**
 * Snappy block format (not the framed stream format), as remote write compresses bodies.
 * Errors are worded as Go's github.com/golang/snappy words them.
 */

import snappy from 'snappyjs';

export class SnappyError extends Error {}

/** Decompresses a block, refusing one whose declared length exceeds `maxBytes`. */
export function snappyDecode(block: Buffer, maxBytes: number): Buffer {
  const declared = uncompressedLength(block);
  if (declared < 0) throw new SnappyError('snappy: corrupt input');
  if (declared > maxBytes) throw new SnappyError(`snappy: decoded block is too large (${declared} bytes, the limit is ${maxBytes})`);
  try {
    return snappy.uncompress(block, maxBytes);
  } catch {
    throw new SnappyError('snappy: corrupt input');
  }
}

export function snappyEncode(data: Buffer): Buffer {
  return snappy.compress(data);
}

/** The varint length header of a block, or -1 when it is malformed. */
function uncompressedLength(b: Uint8Array): number {
  let n = 0;
  for (let i = 0, shift = 0; i < b.length && i < 5; i++, shift += 7) {
    const c = b[i]!;
    n += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) return n;
  }
  return -1;
}
