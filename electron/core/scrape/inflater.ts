/**
 * gunzip for scrape bodies with one zlib engine kept from body to body.
 *
 * zlib.gunzipSync builds a Gunzip stream for every call (a Transform with its buffers,
 * listeners and native state) and closes it again. For a node_exporter body that set-up
 * costs about as much as the inflating, and the stream objects keep V8 re-optimising Node's
 * stream code in a server that otherwise makes none. Node has no public API to reuse an
 * engine synchronously, so this drives the engine's native handle the way gunzipSync does
 * inside (writeSync into an output buffer, reset between bodies). The handle's shape is
 * checked and the engine must inflate a known body correctly once; on any other Node where
 * that fails, every call takes zlib.gunzipSync, with the same results and errors.
 */

import zlib from 'node:zlib';

interface NativeZlib {
  writeSync(flush: number, input: Buffer, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  reset(): void;
  onerror: (message: string, errno: number, code?: string) => void;
}

/** An error like the ones zlib.gunzipSync throws (`code` Z_BUF_ERROR, Z_DATA_ERROR, …). */
function zlibError(message: string, errno: number, code: string | undefined): Error {
  const e = new Error(message) as NodeJS.ErrnoException;
  e.errno = errno;
  if (code !== undefined) e.code = code;
  return e;
}

function tooLarge(max: number): Error {
  const e = new RangeError(`Cannot create a Buffer larger than ${max} bytes`) as NodeJS.ErrnoException;
  e.code = 'ERR_BUFFER_TOO_LARGE';
  return e;
}

export class Inflater {
  private handle: NativeZlib | null = null;
  private state: Uint32Array | null = null;
  private error: Error | null = null;
  /** The whole buffer the last body from the kept engine lies in (null after zlib.gunzipSync). */
  lastBuffer: Buffer | null = null;

  constructor() {
    try {
      const g = zlib.createGunzip() as unknown as { _handle?: NativeZlib; _writeState?: Uint32Array };
      const h = g._handle;
      if (!h || typeof h.writeSync !== 'function' || typeof h.reset !== 'function' || !(g._writeState instanceof Uint32Array)) return;
      h.onerror = (message, errno, code) => {
        this.error = zlibError(message, errno, code);
      };
      this.handle = h;
      this.state = g._writeState;
      const probe = Buffer.from('hearth inflater probe\n'.repeat(50));
      if (!this.inflate(zlib.gzipSync(probe), 1 << 20, 64).equals(probe)) this.handle = null;
    } catch {
      this.handle = null;
    }
  }

  /** Whether bodies go through the kept engine (false: zlib.gunzipSync for each). */
  get reusing(): boolean {
    return this.handle !== null;
  }

  /**
   * The inflated body, at most `maxOutput` bytes (else an ERR_BUFFER_TOO_LARGE error, found
   * without inflating further). `sizeHint` sizes the output buffer (the last body's size).
   * `into`, a buffer the caller no longer needs, is written into when it is large enough;
   * `lastBuffer` is then the whole buffer the body lies in, to be handed back next time.
   */
  gunzip(input: Buffer, maxOutput: number, sizeHint: number, into: Buffer | null = null): Buffer {
    this.lastBuffer = null;
    if (this.handle === null) {
      const chunkSize = Math.max(zlib.constants.Z_MIN_CHUNK, Math.min(maxOutput + 1, Math.max(16 * 1024, Math.ceil(sizeHint * 1.05) + 1024)));
      return zlib.gunzipSync(input, { maxOutputLength: maxOutput, chunkSize });
    }
    return this.inflate(input, maxOutput, sizeHint, into);
  }

  private inflate(input: Buffer, maxOutput: number, sizeHint: number, into: Buffer | null = null): Buffer {
    const h = this.handle!;
    const st = this.state!;
    const cap = maxOutput + 1;
    const want = Math.min(cap, Math.max(16 * 1024, Math.ceil(sizeHint * 1.05) + 1024));
    let out = into !== null && into.length >= want ? into : Buffer.allocUnsafe(want);
    // Never offer zlib more than cap bytes, whatever the size of a reused buffer.
    let room = Math.min(out.length, cap);
    let outOff = 0;
    let inOff = 0;
    let availIn = input.length;
    this.error = null;
    h.reset();
    for (;;) {
      h.writeSync(zlib.constants.Z_FINISH, input, inOff, availIn, out, outOff, room - outOff);
      if (this.error !== null) {
        const e = this.error;
        this.error = null;
        throw e;
      }
      const availOut = st[0]!;
      const inAfter = st[1]!;
      outOff = room - availOut;
      inOff += availIn - inAfter;
      availIn = inAfter;
      if (availOut !== 0) break;
      // The buffer is full: more may come.
      if (room >= cap) throw tooLarge(maxOutput);
      const bigger = Buffer.allocUnsafe(Math.min(cap, room * 2));
      out.copy(bigger, 0, 0, outOff);
      out = bigger;
      room = out.length;
    }
    this.lastBuffer = out;
    return out.subarray(0, outOff);
  }
}
