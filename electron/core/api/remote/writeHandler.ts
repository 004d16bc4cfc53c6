/**
 * POST /api/v1/write: the remote-write receiver (Prometheus's --web.enable-remote-write-receiver),
 * so Prometheus, Grafana Alloy or any agent can push samples into Hearth.
 *
 * Status codes and behaviour follow Prometheus's storage/remote/write_handler.go:
 * - receiver off: 404; unknown protobuf message or compression: 415; a body that is not
 *   snappy or not protobuf: 400; 204 on success.
 * - remote write 1.0 (`prometheus.WriteRequest`): one atomic batch (up to 10,000 samples;
 *   larger requests commit in batches of that size, see batches.ts). Series without a metric
 *   name or with invalid labels are skipped (and counted); a sample the storage refuses
 *   (out of order, duplicate, too old, more than 10 minutes in the future) refuses the whole
 *   request with 400 and stores none of it; a storage failure answers 500 (the sender retries).
 * - remote write 2.0 (`io.prometheus.write.v2.Request`): partial writes. Refused series and
 *   samples are reported in a 400 after the rest is committed, with the
 *   X-Prometheus-Remote-Write-*-Written headers.
 * Staleness markers (Prometheus's special NaN) are stored as staleness markers. Native
 * histograms and exemplars cannot be stored by Hearth: histograms are reported as refused
 * (400, after the floats are committed); exemplars are dropped silently, as Prometheus does
 * with its exemplar storage off.
 *
 * Unlike Prometheus, the receiver bounds what one request may hold (limits.ts: too large is
 * 413, a series with too many labels 400, too-long label names or values make the series
 * invalid), and inflates, decodes and appends in time slices (slices.ts) so that the event
 * loop keeps serving while a large request is stored.
 */

import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { promqlLabelName } from '../../../../shared/text/names.js';
import { goQuote } from '../../../../shared/text/quote.js';
import { Labels } from '../../model/labels.js';
import { StorageError } from '../../storage/errors.js';
import type { Appendable } from '../../storage/interface.js';
import type { ApiDeps } from '../deps.js';
import { readBody } from '../params.js';
import { ApiError, send, sendText } from '../respond.js';
import type { RequestContext } from '../router.js';
import { BatchedAppender } from './batches.js';
import { DEFAULT_REMOTE_WRITE_LIMITS, RemoteWriteLimitError, type RemoteWriteLimits } from './limits.js';
import { runSliced } from './slices.js';
import { SnappyError, SnappyTooLargeError, snappyDeclaredLength, snappyDecodeSteps } from './snappy.js';
import { ProtoError, decodeWrite, type DecodedWrite } from './wire.js';

export const PROTO_V1 = 'prometheus.WriteRequest';
export const PROTO_V2 = 'io.prometheus.write.v2.Request';
const APP_PROTO = 'application/x-protobuf';
/** Samples further ahead than this are out of bounds (Prometheus's maxAheadTime). */
const MAX_AHEAD_MS = 10 * 60_000;

export interface WriteStats {
  samples: number;
  histograms: number;
  exemplars: number;
}


/** The protobuf message a Content-Type names, or an error worded as Prometheus words it. */
export function protoMessageOf(contentType: string | undefined): string {
  const ct = (contentType ?? '').trim() || APP_PROTO;
  const parts = ct.split(';');
  if (parts[0]!.trim() !== APP_PROTO) throw new Error(`expected ${APP_PROTO} as the first (media) part, got ${ct} content-type`);
  for (const p of parts.slice(1)) {
    const kv = p.split('=');
    if (kv.length !== 2) throw new Error(`as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values, got ${p} in ${ct} content-type`);
    if (kv[0]!.trim() === 'proto') {
      const msg = kv[1]!.trim();
      if (msg !== PROTO_V1 && msg !== PROTO_V2) throw new Error(`got ${ct} content type; unknown remote write protobuf message ${msg}, supported: ${PROTO_V1}, ${PROTO_V2}`);
      return msg;
    }
  }
  return PROTO_V1;
}

export function remoteWriteHandler(deps: ApiDeps) {
  // Decoded bytes held by requests in progress: one request of the largest size is always
  // admitted, more only while the total stays within twice that (senders retry a 503).
  let inFlightBytes = 0;
  const budget = () => 2 * deps.limits.maxDecodedBytes;
  return async (ctx: RequestContext): Promise<void> => {
    const { req, res } = ctx;
    const appendable = deps.remoteWrite;
    if (!appendable) {
      sendText(req, res, 404, 'remote write receiver needs to be enabled with --web.enable-remote-write-receiver\n');
      return;
    }
    let msg: string;
    try {
      msg = protoMessageOf(req.headers['content-type']);
    } catch (e) {
      return refuse(deps, req, ctx, 415, (e as Error).message);
    }
    const enc = req.headers['content-encoding'];
    if (enc !== undefined && enc !== '' && enc.toLowerCase() !== 'snappy') {
      return refuse(deps, req, ctx, 415, `${enc} encoding (compression) is not accepted by this server; only snappy is acceptable`);
    }
    let body: Buffer;
    try {
      body = await readBody(req, deps.limits.maxBodyBytes);
    } catch (e) {
      if (e instanceof ApiError) return refuse(deps, req, ctx, e.status, e.message);
      return refuse(deps, req, ctx, 400, (e as Error).message);
    }
    let declared: number;
    try {
      declared = snappyDeclaredLength(body, deps.limits.maxDecodedBytes);
    } catch (e) {
      return refuse(deps, req, ctx, e instanceof SnappyTooLargeError ? 413 : 400, (e as Error).message);
    }
    if (inFlightBytes > 0 && inFlightBytes + declared > budget()) {
      res.setHeader('Retry-After', '1');
      return refuse(deps, req, ctx, 503, `too many remote write requests in progress (${inFlightBytes} decoded bytes); retry later`);
    }
    inFlightBytes += declared;
    try {
      const r = await runSliced(receive(deps, appendable, body, msg === PROTO_V1 ? 1 : 2));
      if (r.stats) {
        res.setHeader('X-Prometheus-Remote-Write-Samples-Written', String(r.stats.samples));
        res.setHeader('X-Prometheus-Remote-Write-Histograms-Written', String(r.stats.histograms));
        res.setHeader('X-Prometheus-Remote-Write-Exemplars-Written', String(r.stats.exemplars));
      }
      if (r.status !== 204) return refuse(deps, req, ctx, r.status, r.message);
      res.writeHead(204);
      res.end();
    } finally {
      inFlightBytes -= declared;
    }
  };
}

interface Outcome {
  status: number;
  message: string;
  /** Remote write 2.0 reports what it wrote, refused or not. */
  stats?: WriteStats;
}

/** Inflates, decodes and appends one request: a generator, so the handler runs it in slices. */
function* receive(deps: ApiDeps, appendable: Appendable, body: Buffer, version: 1 | 2): Generator<void, Outcome> {
  let raw: Buffer;
  try {
    raw = yield* snappyDecodeSteps(body, deps.limits.maxDecodedBytes);
  } catch (e) {
    return { status: e instanceof SnappyTooLargeError ? 413 : 400, message: e instanceof SnappyError ? e.message : String(e) };
  }
  let wr: DecodedWrite;
  try {
    wr = yield* decodeWrite(raw, version, deps.limits.remoteWrite);
  } catch (e) {
    if (e instanceof RemoteWriteLimitError) return { status: e.status, message: e.message };
    if (e instanceof ProtoError) return { status: 400, message: e.message };
    throw e;
  }
  if (version === 1) return yield* writeV1(deps, appendable, wr);
  return yield* writeV2(deps, appendable, wr);
}

function refuse(deps: ApiDeps, req: IncomingMessage, ctx: RequestContext, status: number, message: string): void {
  if (status >= 500) deps.logger.error('Error while remote writing the request', { err: message });
  else deps.logger.debug('Refused a remote write request', { status, err: message });
  const close: Record<string, string> = status === 413 ? { Connection: 'close' } : {};
  send(req, ctx.res, status, message + '\n', 'text/plain; charset=utf-8', { 'X-Content-Type-Options': 'nosniff', ...close });
}

type WriteDeps = Pick<ApiDeps, 'logger' | 'apiMetrics' | 'now' | 'limits'>;

/** Samples appended between yields. */
const APPEND_STEP = 4096;

/** Remote write 1.0: all or nothing. */
export function* writeV1(deps: WriteDeps, appendable: Appendable, wr: DecodedWrite): Generator<void, Outcome> {
  const app = new BatchedAppender(appendable);
  const maxT = deps.now() + MAX_AHEAD_MS;
  const lim = deps.limits.remoteWrite;
  let invalid = 0;
  let histograms = 0;
  let work = 0;
  try {
    for (let i = 0; i < wr.series; i++) {
      const s0 = wr.sampleStart[i]!;
      const s1 = wr.sampleStart[i + 1]!;
      const pairs: Array<readonly [Uint8Array, Uint8Array]> = [];
      for (let k = wr.labelStart[i]!; k < wr.labelStart[i + 1]!; k += 4) {
        const l = wr.labels;
        pairs.push([wr.raw.subarray(l[k]!, l[k]! + l[k + 1]!), wr.raw.subarray(l[k + 2]!, l[k + 2]! + l[k + 3]!)]);
      }
      const ls = seriesLabels(pairs, lim);
      if (typeof ls === 'string') {
        deps.logger.warn('Invalid metric names or labels', { got: ls });
        invalid += s1 - s0 + wr.histograms[i]!;
        continue;
      }
      let ref = 0;
      for (let k = s0; k < s1; k++) {
        ref = appendOne(app, ref, ls, wr, k, maxT);
        if (app.flushIfFull()) {
          ref = 0;
          yield;
        } else if (++work >= APPEND_STEP) {
          work = 0;
          yield;
        }
      }
      histograms += wr.histograms[i]!;
      if (++work >= APPEND_STEP) {
        work = 0;
        yield;
      }
    }
    app.commit();
  } catch (e) {
    app.rollback();
    if (invalid > 0) deps.apiMetrics.remoteWriteInvalidLabels.inc(invalid);
    if (app.committed > 0) deps.apiMetrics.remoteWriteSamples.inc(app.committed);
    if (e instanceof StorageError && e.kind !== 'io') {
      deps.logger.error('Out of order sample from remote write', { err: e.message });
      return { status: 400, message: e.message };
    }
    return { status: 500, message: (e as Error).message };
  }
  if (invalid > 0) deps.apiMetrics.remoteWriteInvalidLabels.inc(invalid);
  deps.apiMetrics.remoteWriteSamples.inc(app.committed);
  if (histograms > 0) return { status: 400, message: `native histograms are not supported by Hearth: ${histograms} histogram samples were dropped` };
  return { status: 204, message: '' };
}

/** Remote write 2.0: partial writes, refused parts reported. */
export function* writeV2(deps: WriteDeps, appendable: Appendable, wr: DecodedWrite): Generator<void, Outcome & { stats: WriteStats }> {
  const stats: WriteStats = { samples: 0, histograms: 0, exemplars: 0 };
  const nsym = wr.symbols.length / 2;
  const symbol = (k: number) => wr.raw.subarray(wr.symbols[2 * k]!, wr.symbols[2 * k]! + wr.symbols[2 * k + 1]!);
  let work = 0;
  for (let k = 0; k < nsym; k++) {
    if (!isUtf8(symbol(k))) return { status: 400, message: 'symbols table holds invalid UTF-8', stats };
    if (++work >= APPEND_STEP) {
      work = 0;
      yield;
    }
  }
  const lim = deps.limits.remoteWrite;
  const errs: string[] = [];
  let invalid = 0;
  let histograms = 0;
  const app = new BatchedAppender(appendable);
  const maxT = deps.now() + MAX_AHEAD_MS;
  try {
    for (let i = 0; i < wr.series; i++) {
      const r0 = wr.labelStart[i]!;
      const r1 = wr.labelStart[i + 1]!;
      const s0 = wr.sampleStart[i]!;
      const s1 = wr.sampleStart[i + 1]!;
      const nh = wr.histograms[i]!;
      if ((r1 - r0) % 2 !== 0) {
        errs.push(`invalid labels_refs: odd number of references (${r1 - r0})`);
        invalid += s1 - s0 + nh;
        continue;
      }
      const pairs: Array<readonly [Uint8Array, Uint8Array]> = [];
      let bad = '';
      for (let k = r0; k < r1; k += 2) {
        const n = wr.labels[k]!;
        const v = wr.labels[k + 1]!;
        if (n >= nsym || v >= nsym) {
          bad = `labelRefs ${k - r0} (name) = ${n}, ${k - r0 + 1} (value) = ${v} outside of symbols table (size ${nsym})`;
          break;
        }
        pairs.push([symbol(n), symbol(v)]);
      }
      const ls = bad === '' ? seriesLabels(pairs, lim) : bad;
      if (typeof ls === 'string') {
        errs.push(bad !== '' ? bad : `invalid metric name or labels, got ${ls}`);
        invalid += s1 - s0 + nh;
        continue;
      }
      let ref = 0;
      for (let k = s0; k < s1; k++) {
        try {
          ref = appendOne(app, ref, ls, wr, k, maxT);
          stats.samples++;
        } catch (e) {
          if (e instanceof StorageError && e.kind !== 'io') errs.push(`${e.message} for series ${labelsString(ls)}`);
          else throw e;
        }
        if (app.flushIfFull()) {
          ref = 0;
          yield;
        } else if (++work >= APPEND_STEP) {
          work = 0;
          yield;
        }
      }
      if (nh > 0) {
        histograms += nh;
        errs.push(`native histograms are not supported by Hearth: ${nh} histogram samples dropped for series ${labelsString(ls)}`);
      }
      if (++work >= APPEND_STEP) {
        work = 0;
        yield;
      }
    }
    app.commit();
  } catch (e) {
    app.rollback();
    if (app.committed > 0) deps.apiMetrics.remoteWriteSamples.inc(app.committed);
    return { status: 500, message: (e as Error).message, stats: { samples: app.committed, histograms: 0, exemplars: 0 } };
  }
  if (invalid > 0) deps.apiMetrics.remoteWriteInvalidLabels.inc(invalid);
  deps.apiMetrics.remoteWriteSamples.inc(stats.samples);
  if (histograms > 0) deps.logger.warn('Dropped native histograms from remote write', { histograms });
  if (errs.length > 0) return { status: 400, message: errs.join('\n'), stats };
  return { status: 204, message: '', stats };
}

function appendOne(app: BatchedAppender, ref: number, ls: Labels, wr: DecodedWrite, k: number, maxT: number): number {
  const t = wr.t[k]!;
  if (t > maxT) throw new StorageError('out_of_bounds', 'timestamp is too far in the future');
  return app.append(ref, ls, t, wr.v[k]!, wr.stale[k] === 1);
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

function text(b: Uint8Array | string): string | null {
  if (typeof b === 'string') return b;
  // protobufjs gives an absent bytes field as its default, an empty array.
  if (!(b instanceof Uint8Array)) return Array.isArray(b) && (b as unknown[]).length === 0 ? '' : null;
  if (!isUtf8(b)) return null;
  return textDecoder.decode(b);
}

/**
 * A series' labels when they are valid as Prometheus validates them (a metric name, no empty
 * or repeated label names, UTF-8 throughout) and within the receiver's length limits;
 * otherwise their printed form, for the error (long values cut short).
 */
export function seriesLabels(
  pairs: ReadonlyArray<readonly [Uint8Array | string, Uint8Array | string]>,
  lim: Pick<RemoteWriteLimits, 'maxLabelNameBytes' | 'maxLabelValueBytes'> = DEFAULT_REMOTE_WRITE_LIMITS,
): Labels | string {
  const out: Array<[string, string]> = [];
  const names = new Set<string>();
  let ok = true;
  for (const [nb, vb] of pairs) {
    const n = text(nb);
    const v = text(vb);
    if (n === null || v === null || n === '' || names.has(n)) ok = false;
    if (byteLength(nb) > lim.maxLabelNameBytes || byteLength(vb) > lim.maxLabelValueBytes) ok = false;
    const name = n ?? '\ufffd';
    names.add(name);
    out.push([name, v ?? '\ufffd']);
  }
  if (ok && names.has('__name__') && out.some(([n, v]) => n === '__name__' && v !== '')) return Labels.fromPairs(out);
  return `{${out.map(([n, v]) => `${promqlLabelName(cut(n))}=${goQuote(cut(v))}`).join(', ')}}`;
}

function byteLength(b: Uint8Array | string): number {
  return typeof b === 'string' ? Buffer.byteLength(b) : b.length;
}

/** Keeps an error message short whatever a sender put in a label. */
function cut(s: string): string {
  return s.length <= 200 ? s : `${s.slice(0, 200)}... (${s.length} characters)`;
}

function labelsString(l: Labels): string {
  const parts: string[] = [];
  for (let i = 0; i < l.size; i++) parts.push(`${promqlLabelName(l.name(i))}=${goQuote(l.value(i))}`);
  return `{${parts.join(', ')}}`;
}
