/**
 * Writing API responses: the Prometheus JSON envelope, error types mapped to HTTP status
 * codes, gzip when the client asks for it.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGzip, gzip, gzipSync, type Gzip } from 'node:zlib';
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

/**
 * A success envelope whose `data` arrives in chunks (a streamed query answer): the head goes
 * out with the first chunk, chunked and gzipped as it goes when the client accepts gzip, so
 * neither the text nor its compressed copy is ever held whole. Once the head is out, a failure
 * can only cut the connection: the client sees a truncated body, never a wrong answer.
 */
export class SuccessStream {
  private out: Gzip | ServerResponse | null = null;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  get started(): boolean {
    return this.out !== null;
  }

  /** Writes a chunk of `data`; settles when more may be written. */
  readonly write = (chunk: Uint8Array): Promise<void> => {
    if (this.res.destroyed) return Promise.resolve();
    const out = this.out ?? this.start();
    if (out.write(chunk)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        out.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      out.on('drain', done);
      this.res.on('close', done);
    });
  };

  /** Writes the last part of `data` and the envelope's end. */
  end(rest: Uint8Array, annotations?: Annotations): void {
    const out = this.out ?? this.start();
    out.write(rest);
    out.end(annotationsTail(annotations));
  }

  /** Gives up after the head was sent. */
  abort(): void {
    this.res.destroy();
  }

  private start(): Gzip | ServerResponse {
    const gz = acceptsGzip(this.req);
    this.res.writeHead(200, { 'Content-Type': 'application/json', ...(gz ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}) });
    let out: Gzip | ServerResponse = this.res;
    if (gz) {
      const z = createGzip({ level: 1 });
      z.pipe(this.res);
      z.on('error', () => this.res.destroy());
      out = z;
    }
    out.write('{"status":"success","data":');
    this.out = out;
    return out;
  }
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
