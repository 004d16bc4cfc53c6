/**
 * POST /api/v1/write: the remote-write receiver (Prometheus's --web.enable-remote-write-receiver),
 * so Prometheus, Grafana Alloy or any agent can push samples into Hearth.
 *
 * Status codes and behaviour follow Prometheus's storage/remote/write_handler.go:
 * - receiver off: 404; unknown protobuf message or compression: 415; a body that is not
 *   snappy or not protobuf: 400; 204 on success.
 * - remote write 1.0 (`prometheus.WriteRequest`): one atomic batch. Series without a metric
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
 */

import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { promqlLabelName } from '../../../../shared/text/names.js';
import { goQuote } from '../../../../shared/text/quote.js';
import { Labels } from '../../model/labels.js';
import { StorageError } from '../../storage/errors.js';
import type { Appendable, Appender } from '../../storage/interface.js';
import type { ApiDeps } from '../deps.js';
import { readBody } from '../params.js';
import { ApiError, send, sendText } from '../respond.js';
import type { RequestContext } from '../router.js';
import { RequestV2, WriteRequestV1, int64, sampleValue, type PbRequestV2, type PbSample, type PbWriteRequest } from './proto.js';
import { SnappyError, snappyDecode } from './snappy.js';

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
    let raw: Buffer;
    try {
      raw = snappyDecode(body, deps.limits.maxDecodedBytes);
    } catch (e) {
      return refuse(deps, req, ctx, 400, e instanceof SnappyError ? e.message : String(e));
    }
    if (msg === PROTO_V1) {
      let wr: PbWriteRequest;
      try {
        wr = WriteRequestV1.decode(raw) as unknown as PbWriteRequest;
      } catch (e) {
        return refuse(deps, req, ctx, 400, `proto: ${(e as Error).message}`);
      }
      const r = writeV1(deps, appendable, wr);
      if (r.status !== 204) return refuse(deps, req, ctx, r.status, r.message);
      res.writeHead(204);
      res.end();
      return;
    }
    let wr: PbRequestV2;
    try {
      wr = RequestV2.decode(raw) as unknown as PbRequestV2;
    } catch (e) {
      return refuse(deps, req, ctx, 400, `proto: ${(e as Error).message}`);
    }
    const r = writeV2(deps, appendable, wr);
    res.setHeader('X-Prometheus-Remote-Write-Samples-Written', String(r.stats.samples));
    res.setHeader('X-Prometheus-Remote-Write-Histograms-Written', String(r.stats.histograms));
    res.setHeader('X-Prometheus-Remote-Write-Exemplars-Written', String(r.stats.exemplars));
    if (r.status !== 204) return refuse(deps, req, ctx, r.status, r.message);
    res.writeHead(204);
    res.end();
  };
}

function refuse(deps: ApiDeps, req: IncomingMessage, ctx: RequestContext, status: number, message: string): void {
  if (status >= 500) deps.logger.error('Error while remote writing the request', { err: message });
  else deps.logger.debug('Refused a remote write request', { status, err: message });
  const close: Record<string, string> = status === 413 ? { Connection: 'close' } : {};
  send(req, ctx.res, status, message + '\n', 'text/plain; charset=utf-8', { 'X-Content-Type-Options': 'nosniff', ...close });
}

/** Remote write 1.0: all or nothing. */
export function writeV1(deps: Pick<ApiDeps, 'logger' | 'apiMetrics' | 'now'>, appendable: Appendable, wr: PbWriteRequest): { status: number; message: string } {
  const app = appendable.appender();
  const maxT = deps.now() + MAX_AHEAD_MS;
  let invalid = 0;
  let appended = 0;
  let histograms = 0;
  try {
    for (const ts of wr.timeseries) {
      const ls = seriesLabels(ts.labels.map((l) => [l.name, l.value] as const));
      if (typeof ls === 'string') {
        deps.logger.warn('Invalid metric names or labels', { got: ls });
        invalid += ts.samples.length + ts.histograms.length;
        continue;
      }
      appended += appendSamples(app, ls, ts.samples, maxT);
      histograms += ts.histograms.length;
    }
    app.commit();
  } catch (e) {
    app.rollback();
    if (invalid > 0) deps.apiMetrics.remoteWriteInvalidLabels.inc(invalid);
    if (e instanceof StorageError && e.kind !== 'io') {
      deps.logger.error('Out of order sample from remote write', { err: e.message });
      return { status: 400, message: e.message };
    }
    return { status: 500, message: (e as Error).message };
  }
  if (invalid > 0) deps.apiMetrics.remoteWriteInvalidLabels.inc(invalid);
  deps.apiMetrics.remoteWriteSamples.inc(appended);
  if (histograms > 0) return { status: 400, message: `native histograms are not supported by Hearth: ${histograms} histogram samples were dropped` };
  return { status: 204, message: '' };
}

/** Remote write 2.0: partial writes, refused parts reported. */
export function writeV2(
  deps: Pick<ApiDeps, 'logger' | 'apiMetrics' | 'now'>,
  appendable: Appendable,
  wr: PbRequestV2,
): { status: number; message: string; stats: WriteStats } {
  const stats: WriteStats = { samples: 0, histograms: 0, exemplars: 0 };
  const symbols: string[] = [];
  for (const s of wr.symbols) {
    if (!(s instanceof Uint8Array)) {
      symbols.push('');
      continue;
    }
    if (!isUtf8(s)) return { status: 400, message: 'symbols table holds invalid UTF-8', stats };
    symbols.push(Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('utf8'));
  }
  const errs: string[] = [];
  let invalid = 0;
  let histograms = 0;
  const app = appendable.appender();
  const maxT = deps.now() + MAX_AHEAD_MS;
  try {
    for (const ts of wr.timeseries) {
      const refs = ts.labelsRefs;
      if (refs.length % 2 !== 0) {
        errs.push(`invalid labels_refs: odd number of references (${refs.length})`);
        invalid += ts.samples.length + ts.histograms.length;
        continue;
      }
      const pairs: Array<readonly [string, string]> = [];
      let bad = '';
      for (let i = 0; i < refs.length; i += 2) {
        const n = refs[i]!;
        const v = refs[i + 1]!;
        if (n >= symbols.length || v >= symbols.length) {
          bad = `labelRefs ${i} (name) = ${n}, ${i + 1} (value) = ${v} outside of symbols table (size ${symbols.length})`;
          break;
        }
        pairs.push([symbols[n]!, symbols[v]!]);
      }
      const ls = bad === '' ? seriesLabels(pairs) : bad;
      if (typeof ls === 'string') {
        errs.push(bad !== '' ? bad : `invalid metric name or labels, got ${ls}`);
        invalid += ts.samples.length + ts.histograms.length;
        continue;
      }
      let ref = 0;
      for (const s of ts.samples) {
        try {
          ref = appendOne(app, ref, ls, s, maxT);
          stats.samples++;
        } catch (e) {
          if (e instanceof StorageError && e.kind !== 'io') errs.push(`${e.message} for series ${labelsString(ls)}`);
          else throw e;
        }
      }
      if (ts.histograms.length > 0) {
        histograms += ts.histograms.length;
        errs.push(`native histograms are not supported by Hearth: ${ts.histograms.length} histogram samples dropped for series ${labelsString(ls)}`);
      }
    }
    app.commit();
  } catch (e) {
    app.rollback();
    return { status: 500, message: (e as Error).message, stats: { samples: 0, histograms: 0, exemplars: 0 } };
  }
  if (invalid > 0) deps.apiMetrics.remoteWriteInvalidLabels.inc(invalid);
  deps.apiMetrics.remoteWriteSamples.inc(stats.samples);
  if (histograms > 0) deps.logger.warn('Dropped native histograms from remote write', { histograms });
  if (errs.length > 0) return { status: 400, message: errs.join('\n'), stats };
  return { status: 204, message: '', stats };
}

function appendSamples(app: Appender, ls: Labels, samples: readonly PbSample[], maxT: number): number {
  let ref = 0;
  for (const s of samples) ref = appendOne(app, ref, ls, s, maxT);
  return samples.length;
}

function appendOne(app: Appender, ref: number, ls: Labels, s: PbSample, maxT: number): number {
  const t = int64(s.timestamp);
  if (t > maxT) throw new StorageError('out_of_bounds', 'timestamp is too far in the future');
  const { value, stale } = sampleValue(s.value);
  return stale ? app.appendStale(ref, ls, t) : app.append(ref, ls, t, value);
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
 * or repeated label names, UTF-8 throughout); otherwise their printed form, for the error.
 */
export function seriesLabels(pairs: ReadonlyArray<readonly [Uint8Array | string, Uint8Array | string]>): Labels | string {
  const out: Array<[string, string]> = [];
  const names = new Set<string>();
  let ok = true;
  for (const [nb, vb] of pairs) {
    const n = text(nb);
    const v = text(vb);
    if (n === null || v === null || n === '' || names.has(n)) ok = false;
    const name = n ?? '\ufffd';
    names.add(name);
    out.push([name, v ?? '\ufffd']);
  }
  if (ok && names.has('__name__') && out.some(([n, v]) => n === '__name__' && v !== '')) return Labels.fromPairs(out);
  return `{${out.map(([n, v]) => `${promqlLabelName(n)}=${goQuote(v)}`).join(', ')}}`;
}

function labelsString(l: Labels): string {
  const parts: string[] = [];
  for (let i = 0; i < l.size; i++) parts.push(`${promqlLabelName(l.name(i))}=${goQuote(l.value(i))}`);
  return `{${parts.join(', ')}}`;
}
