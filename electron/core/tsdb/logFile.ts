/**
 * The part of the head's log kept outside SQLite: append-only segment files in `<dir>/log`,
 * one frame per commit that needs nothing else written (the steady state of scraping: no
 * new series, no chunk cut). Such a commit costs one write() of its record, as a commit to
 * Prometheus's WAL does, instead of a SQLite transaction that rewrites whole 16 KiB pages.
 * Commits that create series or cut chunks still log their record in the `wal` table, in the
 * same transaction, so they stay atomic. Sequence numbers are shared: replay merges both.
 *
 * A frame: u32 payload length, u32 CRC-32 of the sequence number's 8 bytes and the payload,
 * f64 sequence number, payload (the record as wal.ts encodes it). Like SQLite's WAL the file
 * is not fsynced per commit: a commit survives the process being killed, not a power cut.
 */

import { closeSync, existsSync, fchmodSync, fsyncSync, ftruncateSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import type { LogFields } from '../log.js';
import { mkdirPrivate, PRIVATE_FILE_MODE } from './fileModes.js';
import { crc32 } from 'node:zlib';

const HEADER = 16;
/** A new segment is started past this size, so that trimming can delete whole files. */
const SEGMENT_BYTES = 8 << 20;
/** A segment whose records are all flushed is dropped once it holds this much. */
const DROP_ACTIVE_BYTES = 256 << 10;
const MAX_FRAME = 1 << 30;

export interface LogFrame {
  seq: number;
  data: Uint8Array;
}

interface Segment {
  first: number;
  path: string;
  size: number;
  last: number;
}

export class LogFile {
  readonly dir: string;
  private segments: Segment[] = [];
  private fd: number | null = null;
  private readonly header = Buffer.alloc(HEADER);
  /** Where each replayed frame starts, to cut the log back there (only during load). */
  private positions: Map<number, { seg: number; off: number }> | null = null;

  constructor(dbDir: string) {
    this.dir = join(dbDir, 'log');
  }

  /** Total bytes of the segment files. */
  get bytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  /**
   * Every whole frame, in order. Reading stops at the first frame that is cut short or fails
   * its checksum; `onBad` hears where, and the log is cut back there (that file truncated,
   * later files deleted) so new commits never follow a damaged one. `stoppedAfter` is then
   * the sequence number the good part ends with: records of the wal table after it are not
   * to be trusted either.
   */
  readAll(onBad: (what: string, fields: LogFields) => void): { frames: LogFrame[]; stoppedAfter: number | null } {
    this.segments = [];
    this.positions = new Map();
    if (!existsSync(this.dir)) return { frames: [], stoppedAfter: null };
    const names = readdirSync(this.dir)
      .filter((n) => /^\d{16}\.log$/.test(n))
      .sort();
    const frames: LogFrame[] = [];
    for (let k = 0; k < names.length; k++) {
      const path = join(this.dir, names[k]!);
      const buf = readFileSync(path);
      const seg: Segment = { first: Number(names[k]!.slice(0, 16)), path, size: buf.length, last: 0 };
      this.segments.push(seg);
      let off = 0;
      let bad: string | null = null;
      while (off < buf.length) {
        if (buf.length - off < HEADER) {
          bad = 'Truncated head log tail: cutting back to the last complete commit';
          break;
        }
        const len = buf.readUInt32LE(off);
        const sum = buf.readUInt32LE(off + 4);
        if (len > MAX_FRAME || off + HEADER + len > buf.length) {
          bad = 'Truncated head log tail: cutting back to the last complete commit';
          break;
        }
        if ((crc32(buf.subarray(off + 8, off + HEADER + len)) >>> 0) !== sum) {
          bad = 'Head log is corrupted: cutting it back to the last good record';
          break;
        }
        const seq = buf.readDoubleLE(off + 8);
        this.positions.set(seq, { seg: this.segments.length - 1, off });
        frames.push({ seq, data: buf.subarray(off + HEADER, off + HEADER + len) });
        seg.last = seq;
        off += HEADER + len;
      }
      if (bad !== null) {
        onBad(bad, { file: path, offset: off, bytes: buf.length - off });
        this.cutSegments(this.segments.length - 1, off, names.slice(k + 1));
        return { frames, stoppedAfter: off > 0 ? seg.last : seg.first - 1 };
      }
    }
    return { frames, stoppedAfter: null };
  }

  /** Cuts the log back to before the frame of `seq` (a record replay could not use). */
  cutFrom(seq: number): void {
    const at = this.positions?.get(seq);
    if (!at) return;
    const later = this.segments.slice(at.seg + 1).map((s) => s.path.slice(this.dir.length + 1));
    this.segments = this.segments.slice(0, at.seg + 1);
    this.cutSegments(at.seg, at.off, later);
    this.positions = null;
  }

  /** Replay is over: the map of frame positions is not needed any more. */
  loaded(): void {
    this.positions = null;
  }

  private cutSegments(seg: number, off: number, laterNames: string[]): void {
    const s = this.segments[seg]!;
    truncateSync(s.path, off);
    s.size = off;
    for (const n of laterNames) rmSync(join(this.dir, n), { force: true });
    this.segments = this.segments.slice(0, seg + 1);
  }

  /**
   * Appends one frame with a single write. A failed or short write is cut back off the file,
   * so a failed commit leaves the log as it was.
   */
  append(seq: number, record: Uint8Array): void {
    let seg = this.segments[this.segments.length - 1];
    if (this.fd === null || !seg || seg.size >= SEGMENT_BYTES) seg = this.startSegment(seq);
    const h = this.header;
    h.writeUInt32LE(record.length, 0);
    h.writeDoubleLE(seq, 8);
    h.writeUInt32LE(crc32(record, crc32(h.subarray(8, 16))) >>> 0, 4);
    const fd = this.fd!;
    const total = HEADER + record.length;
    let done = 0;
    try {
      done = writevSync(fd, [h, record], seg.size);
      while (done < total) {
        const rest = done < HEADER ? [h.subarray(done), record] : [record.subarray(done - HEADER)];
        done += writevSync(fd, rest, seg.size + done);
      }
    } catch (e) {
      try {
        if (done > 0) ftruncateSync(fd, seg.size);
      } catch {
        // The frame stays torn: replay cuts it off at the next start.
      }
      throw e;
    }
    seg.size += total;
    seg.last = seq;
  }

  private startSegment(seq: number): Segment {
    this.closeFd();
    mkdirPrivate(this.dir);
    const path = join(this.dir, `${String(seq).padStart(16, '0')}.log`);
    this.fd = openSync(path, 'w', PRIVATE_FILE_MODE);
    if (process.platform !== 'win32') fchmodSync(this.fd, PRIVATE_FILE_MODE);
    const seg: Segment = { first: seq, path, size: 0, last: seq - 1 };
    this.segments.push(seg);
    return seg;
  }

  /** Deletes the segments whose records all precede `minSeq` (their samples are in chunks). */
  dropBefore(minSeq: number): void {
    const keep: Segment[] = [];
    const n = this.segments.length;
    for (let k = 0; k < n; k++) {
      const s = this.segments[k]!;
      const active = k === n - 1 && this.fd !== null;
      const done = s.last < minSeq && (!active || s.size >= DROP_ACTIVE_BYTES);
      if (!done) {
        keep.push(s);
        continue;
      }
      if (active) this.closeFd();
      rmSync(s.path, { force: true });
    }
    this.segments = keep;
  }

  /** Flushes the open segment to disk (on close: the process is going away on purpose). */
  close(): void {
    if (this.fd !== null) fsyncSync(this.fd);
    this.closeFd();
  }

  private closeFd(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
