/**
 * Writing API responses: the Prometheus JSON envelope, error types mapped to HTTP status
 * codes, gzip when the client asks for it.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip, gzipSync } from 'node:zlib';
import { ERROR_STATUS, type ErrorType } from '../../../shared/api/envelope.js';
import type { Annotations } from '../promql/value.js';

/** An error a handler throws to answer with a given errorType (and its HTTP status). */
export class ApiError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly status: number = ERROR_STATUS[type],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Bodies smaller than this are not worth compressing.
const GZIP_MIN_BYTES = 1024;
// Even at level 1, compressing 16 MB of series JSON takes about 25 ms: a large body (federation,
// series over a big database) is compressed on libuv's thread pool, not on the event loop.
const GZIP_ASYNC_BYTES = 256 * 1024;

export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const h: Record<string, string | number> = { 'Content-Type': contentType, ...headers };
  const finish = (out: Buffer, gzipped: boolean) => {
    if (res.destroyed) return;
    if (gzipped) {
      h['Content-Encoding'] = 'gzip';
      h['Vary'] = 'Accept-Encoding';
    }
    h['Content-Length'] = out.length;
    res.writeHead(status, h);
    res.end(req.method === 'HEAD' ? undefined : out);
  };
  if (payload.length < GZIP_MIN_BYTES || !acceptsGzip(req)) finish(payload, false);
  else if (payload.length < GZIP_ASYNC_BYTES) finish(gzipSync(payload, { level: 1 }), true);
  else gzip(payload, { level: 1 }, (err, z) => (err ? finish(payload, false) : finish(z, true)));
}

function acceptsGzip(req: IncomingMessage): boolean {
  const ae = req.headers['accept-encoding'];
  return typeof ae === 'string' && /\bgzip\b/.test(ae);
}

/**
 * Sends `{"status":"success","data":<dataJson>}`; `dataJson` is already-serialised JSON so that
 * large results (matrices) can be written without building an object tree first.
 */
export function sendSuccessRaw(
  req: IncomingMessage,
  res: ServerResponse,
  dataJson: string,
  annotations?: Annotations,
): void {
  send(req, res, 200, `{"status":"success","data":${dataJson}${annotationsTail(annotations)}`, 'application/json');
}

/** As sendSuccessRaw, with `data` already UTF-8 (from a worker): no string of its size is built. */
export function sendSuccessBytes(req: IncomingMessage, res: ServerResponse, data: Uint8Array, annotations?: Annotations): void {
  const body = Buffer.concat([Buffer.from('{"status":"success","data":'), data, Buffer.from(annotationsTail(annotations))]);
  send(req, res, 200, body, 'application/json');
}

/** The envelope's end: its warnings and infos where there are any, and the closing brace. */
function annotationsTail(annotations: Annotations | undefined): string {
  let tail = '';
  if (annotations && annotations.warnings.length > 0) tail += `,"warnings":${JSON.stringify(annotations.warnings)}`;
  if (annotations && annotations.infos.length > 0) tail += `,"infos":${JSON.stringify(annotations.infos)}`;
  return tail + '}';
}

export function sendSuccess(req: IncomingMessage, res: ServerResponse, data: unknown, annotations?: Annotations): void {
  sendSuccessRaw(req, res, JSON.stringify(data), annotations);
}

export function sendError(req: IncomingMessage, res: ServerResponse, err: ApiError, data?: unknown): void {
  const body: Record<string, unknown> = { status: 'error', errorType: err.type, error: err.message };
  if (data !== undefined) body['data'] = data;
  // The rest of an oversized body is not worth reading: close the connection after answering.
  send(req, res, err.status, JSON.stringify(body), 'application/json', err.status === 413 ? { Connection: 'close' } : {});
}

export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  send(req, res, status, text, 'text/plain; charset=utf-8');
}
