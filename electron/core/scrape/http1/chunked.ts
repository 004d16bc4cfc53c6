/**
 * `Transfer-Encoding: chunked` decoding as a byte-level state machine, so that a body split
 * at any place across packets (one byte at a time, in the middle of a size line or a CRLF)
 * decodes the same. Chunk extensions and trailer fields are read and ignored.
 */

import { ProtocolError } from './head.js';

/** Where decoded body bytes go; false refuses them (the body is over its limit). */
export interface ByteSink {
  append(b: Buffer, start: number, end: number): boolean;
}

const enum S {
  /** At the start of a chunk-size line, no digit yet. */
  SizeStart,
  Size,
  /** Skipping a chunk extension up to the line's end. */
  Ext,
  SizeLF,
  Data,
  DataCR,
  DataLF,
  /** At the start of a trailer line (or of the final empty line). */
  Trailer,
  TrailerLine,
  TrailerLF,
  Done,
}

/** 2^40 bytes: a chunk size beyond that is corrupt input, not a body we would accept. */
const MAX_CHUNK = 2 ** 40;

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

export class ChunkedDecoder {
  private state = S.SizeStart;
  private size = 0;

  get done(): boolean {
    return this.state === S.Done;
  }

  reset(): void {
    this.state = S.SizeStart;
    this.size = 0;
  }

  /**
   * Decodes b[pos, end) into `sink`. Returns the offset after the last byte consumed: `end`,
   * or less once the terminating chunk and trailers are complete (what follows is not this
   * body's), or -1 when the sink refused bytes. Throws ProtocolError on malformed framing.
   */
  feed(b: Buffer, pos: number, end: number, sink: ByteSink): number {
    while (pos < end) {
      switch (this.state) {
        case S.Data: {
          const take = Math.min(this.size, end - pos);
          if (!sink.append(b, pos, pos + take)) return -1;
          pos += take;
          this.size -= take;
          if (this.size === 0) this.state = S.DataCR;
          continue;
        }
        case S.SizeStart:
        case S.Size: {
          const c = b[pos++]!;
          const d = hex(c);
          if (d >= 0) {
            this.size = this.size * 16 + d;
            if (this.size > MAX_CHUNK) throw new ProtocolError('malformed chunked encoding (chunk size too large)');
            this.state = S.Size;
          } else if (this.state === S.SizeStart) {
            throw new ProtocolError('malformed chunked encoding (no chunk size)');
          } else if (c === 59 /* ; */ || c === 32 || c === 9) {
            this.state = S.Ext;
          } else if (c === 13) {
            this.state = S.SizeLF;
          } else if (c === 10) {
            this.sizeLineEnd();
          } else {
            throw new ProtocolError('malformed chunked encoding (bad chunk size)');
          }
          continue;
        }
        case S.Ext: {
          const lf = b.indexOf(10, pos);
          if (lf < 0 || lf >= end) return end;
          pos = lf + 1;
          this.sizeLineEnd();
          continue;
        }
        case S.SizeLF:
          if (b[pos++]! !== 10) throw new ProtocolError('malformed chunked encoding (CR without LF)');
          this.sizeLineEnd();
          continue;
        case S.DataCR: {
          const c = b[pos++]!;
          if (c === 13) this.state = S.DataLF;
          else if (c === 10) this.state = S.SizeStart;
          else throw new ProtocolError('malformed chunked encoding (no CRLF after chunk data)');
          continue;
        }
        case S.DataLF:
          if (b[pos++]! !== 10) throw new ProtocolError('malformed chunked encoding (no CRLF after chunk data)');
          this.state = S.SizeStart;
          continue;
        case S.Trailer: {
          const c = b[pos++]!;
          if (c === 10) {
            this.state = S.Done;
            return pos;
          }
          this.state = c === 13 ? S.TrailerLF : S.TrailerLine;
          continue;
        }
        case S.TrailerLF:
          if (b[pos]! === 10) {
            this.state = S.Done;
            return pos + 1;
          }
          // A CR that does not end the head of the trailer section: part of a trailer line.
          this.state = S.TrailerLine;
          continue;
        case S.TrailerLine: {
          const lf = b.indexOf(10, pos);
          if (lf < 0 || lf >= end) return end;
          pos = lf + 1;
          this.state = S.Trailer;
          continue;
        }
        case S.Done:
          return pos;
      }
    }
    return pos;
  }

  private sizeLineEnd(): void {
    if (this.size === 0) {
      this.state = S.Trailer;
    } else {
      this.state = S.Data;
    }
  }
}
