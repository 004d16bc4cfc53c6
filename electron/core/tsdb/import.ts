/**
 * `hearth import openmetrics FILE`: streams an OpenMetrics file with timestamps into the
 * database as compressed blocks, in one SQLite transaction: a malformed line stops the
 * import with its line number and the rollback leaves nothing of it behind.
 */

import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Logger } from '../log.js';
import { nopLogger } from '../log.js';
import type { Labels } from '../model/labels.js';
import { encodeChunk } from './chunkenc/chunk.js';
import { SampleBuffer } from './chunkenc/samples.js';
import { BLOCK_LEVEL, BLOCK_MAX, BLOCK_WINDOW_MS } from './compact.js';
import { TSDB } from './db.js';
import type { ImportSession } from './importSession.js';
import { ParseError, parseSampleLine, parseSeries, typeOfComment } from './openmetrics.js';

export interface ImportOptions {
  onProgress?: (bytesRead: number, totalBytes: number, samples: number) => void;
  logger?: Logger;
}

export interface ImportResult {
  samples: number;
  series: number;
  minTime: number;
  maxTime: number;
}

interface Pending {
  id: number;
  labels: Labels;
  buf: SampleBuffer;
  window: number;
  lastT: number;
}

const PROGRESS_EVERY = 4 << 20;
const MAX_BUFFERED = 24_000_000;

export async function importOpenMetrics(file: string, dir: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const logger = opts.logger ?? nopLogger;
  let total: number;
  try {
    total = statSync(file).size;
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const db = TSDB.open(dir, { logger, housekeepingIntervalMs: 0, retentionTimeMs: 0 });
  try {
    return await db._import((session) => runImport(file, total, session, opts));
  } finally {
    db.close();
  }
}

async function runImport(file: string, total: number, s: ImportSession, opts: ImportOptions): Promise<ImportResult> {
  const bySeries = new Map<string, Pending>();
  const byId = new Map<number, Pending>();
  const seriesSeen = new Set<number>();
  let samples = 0;
  let minTime = Infinity;
  let maxTime = -Infinity;
  let prev: Pending | null = null;
  let prevText = '';
  let lineNo = 0;
  let sawEof = false;
  let mtype = 'unknown';
  let bytesRead = 0;
  let nextProgress = PROGRESS_EVERY;
  // Samples are buffered per series until their 6-hour window ends (histogram series are
  // interleaved, so every series of a family is open at once); past this many in memory,
  // everything is written out (smaller blocks, bounded memory).
  let buffered = 0;

  const flush = (p: Pending): void => {
    const buf = p.buf;
    for (let from = 0; from < buf.length; from += BLOCK_MAX) {
      const to = Math.min(buf.length, from + BLOCK_MAX);
      const data = encodeChunk(buf.t, buf.v, buf.staleFlags, from, to, { level: BLOCK_LEVEL });
      s.writeBlock(p.id, buf.t[from]!, buf.t[to - 1]!, to - from, data);
    }
    buffered -= buf.length;
    buf.length = 0;
    // A block's worth of arrays stays allocated per series; drop the big ones.
    if (buf.t.length > BLOCK_MAX * 2) p.buf = new SampleBuffer(64);
  };

  const handle = (line: string): void => {
    lineNo++;
    if (sawEof) {
      if (line.trim() !== '') throw new ParseError('unexpected data after "# EOF"');
      return;
    }
    if (line.length === 0) return;
    if (line.charCodeAt(0) === 35 /* # */) {
      // HELP and UNIT carry nothing a backfill stores; TYPE decides how le and quantile are written.
      if (line === '# EOF') sawEof = true;
      else mtype = typeOfComment(line) ?? mtype;
      return;
    }
    const sl = parseSampleLine(line);
    let p: Pending | undefined;
    if (prev !== null && sl.series === prevText) p = prev;
    else {
      p = bySeries.get(sl.series);
      if (p === undefined) {
        const labels = parseSeries(sl.series, mtype);
        const id = s.seriesId(labels);
        // Two spellings of one label set (label order, quoting) share one buffer.
        p = byId.get(id);
        if (p === undefined) {
          p = { id, labels, buf: new SampleBuffer(64), window: NaN, lastT: -Infinity };
          byId.set(id, p);
        }
        bySeries.set(sl.series, p);
      }
      prev = p;
      prevText = sl.series;
    }
    const t = sl.timestampMs;
    if (t <= p.lastT) {
      throw new ParseError(
        t === p.lastT
          ? `duplicate sample for timestamp ${t / 1000} of series ${p.labels.toString()}`
          : `out of order sample for series ${p.labels.toString()}: ${t / 1000} after ${p.lastT / 1000}`,
      );
    }
    const w = Math.floor(t / BLOCK_WINDOW_MS);
    if (w !== p.window) {
      if (p.buf.length > 0) flush(p);
      p.window = w;
    } else if (p.buf.length >= BLOCK_MAX) flush(p);
    p.lastT = t;
    p.buf.push(t, sl.value, false);
    if (++buffered > MAX_BUFFERED) for (const q of byId.values()) if (q.buf.length > 0) flush(q);
    seriesSeen.add(p.id);
    samples++;
    if (t < minTime) minTime = t;
    if (t > maxTime) maxTime = t;
  };

  const decoder = new StringDecoder('utf8');
  let carry = '';
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      const text = carry + decoder.write(chunk);
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        handle(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl));
        start = nl + 1;
      }
      carry = text.slice(start);
      if (bytesRead >= nextProgress) {
        nextProgress = bytesRead + PROGRESS_EVERY;
        opts.onProgress?.(bytesRead, total, samples);
      }
    }
    const rest = carry + decoder.end();
    if (rest.length > 0) handle(rest);
  } catch (e) {
    stream.destroy();
    if (e instanceof ParseError) throw new Error(`line ${lineNo}: ${e.message}`);
    throw e;
  }
  if (!sawEof) throw new Error(`line ${lineNo}: data does not end with "# EOF"`);
  for (const p of byId.values()) if (p.buf.length > 0) flush(p);
  opts.onProgress?.(bytesRead, total, samples);
  return { samples, series: seriesSeen.size, minTime: samples > 0 ? minTime : 0, maxTime: samples > 0 ? maxTime : 0 };
}

