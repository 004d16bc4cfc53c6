/**
 * Growable byte buffer with LEB128 varints, and its reader. Varints carry integers up to
 * 2^53 (safe integers): arithmetic instead of bit operations past 31 bits.
 */

export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.pos));
    this.buf = nb;
  }

  reset(): void {
    this.pos = 0;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /** Unsigned varint of a non-negative safe integer. */
  uvarint(n: number): void {
    this.ensure(10);
    const b = this.buf;
    let p = this.pos;
    while (n >= 0x80) {
      b[p++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    b[p++] = n;
    this.pos = p;
  }

  /** Zigzag varint of a signed safe integer (|n| < 2^52). */
  varint(n: number): void {
    this.uvarint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  u32(n: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = n & 0xff;
    b[p + 1] = (n >>> 8) & 0xff;
    b[p + 2] = (n >>> 16) & 0xff;
    b[p + 3] = (n >>> 24) & 0xff;
    this.pos = p + 4;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

export class ByteReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    pos = 0,
    readonly end = buf.length,
  ) {
    this.pos = pos;
  }

  byte(): number {
    if (this.pos >= this.end) throw new RangeError('unexpected end of data');
    return this.buf[this.pos++]!;
  }

  uvarint(): number {
    const b = this.buf;
    let p = this.pos;
    let x = 0;
    let mul = 1;
    for (;;) {
      if (p >= this.end) throw new RangeError('unexpected end of data');
      const c = b[p++]!;
      if (c < 0x80) {
        x += c * mul;
        break;
      }
      x += (c & 0x7f) * mul;
      mul *= 128;
      if (mul > 2 ** 63) throw new RangeError('varint too long');
    }
    this.pos = p;
    return x;
  }

  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  u32(): number {
    const b = this.buf;
    const p = this.pos;
    if (p + 4 > this.end) throw new RangeError('unexpected end of data');
    this.pos = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new RangeError('unexpected end of data');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Byte length of the unsigned varint of n. */
export function uvarintLen(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

export function zigzagLen(n: number): number {
  return uvarintLen(n >= 0 ? n * 2 : -n * 2 - 1);
}
