/**
 * One client connection: a socket carrying one request at a time (no pipelining), and the
 * reading of its response. Listeners are attached once per socket; the state of the current
 * exchange lives in fields reset for each request, so a scrape allocates little beyond its
 * body buffer. A body with a Content-Length goes straight into one buffer of that size (or
 * stays a slice of the socket's chunk when it arrived whole).
 */

import type net from 'node:net';
import { ChunkedDecoder, type ByteSink } from './chunked.js';
import { MAX_HEAD_BYTES, parseHead, ProtocolError, type ResponseHead } from './head.js';

/**
 * Receives the outcome of one exchange. `onHead` is called once, for the final (non-1xx)
 * response; every other method ends the exchange, and is called after the connection has
 * been returned to its pool or destroyed.
 */
export interface ExchangeSink {
  /** Return false when the body is not wanted (redirect, error status). */
  onHead(h: ResponseHead): boolean;
  onBody(body: Buffer): void;
  /**
   * The connection failed before a whole response head arrived. `retryable` when it was a
   * reused connection and not one byte of the response came: the server had closed it.
   */
  onNetError(e: NodeJS.ErrnoException, retryable: boolean): void;
  /** The connection ended in the middle of the body; `partial` is what had arrived. */
  onCut(partial: Buffer): void;
  onLimit(): void;
  onProtocolError(message: string): void;
}

/** What a connection tells the pool that made it. */
export interface ConnOwner {
  /** The exchange is complete and the connection can carry another. */
  release(c: Conn): void;
  /** The connection is destroyed. */
  forget(c: Conn): void;
}

const enum Phase {
  Idle,
  Head,
  Body,
}

const enum Mode {
  Length,
  Chunked,
  /** Neither Content-Length nor chunked: the body ends when the server closes. */
  Close,
}

/** An error body up to this size, when it arrived with its head, is skipped to keep the connection. */
const DRAIN_MAX = 4096;

const EMPTY = Buffer.alloc(0);

/** What Node's http client reports when a server closes before answering. */
function hangUp(): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error('socket hang up');
  e.code = 'ECONNRESET';
  return e;
}

export class Conn implements ByteSink {
  /** Set by the pool while the connection waits for its next request. */
  idleSince = 0;
  idle = false;
  private destroyed = false;
  /** Exchanges completed on this connection. */
  private uses = 0;
  private sink: ExchangeSink | null = null;
  private phase = Phase.Idle;
  /** Response bytes received in this exchange. */
  private received = 0;
  /** Head bytes waiting for the rest of the head. */
  private pending: Buffer | null = null;
  private head: ResponseHead | null = null;
  private mode = Mode.Length;
  private remaining = 0;
  private readonly chunks = new ChunkedDecoder();
  private buf = EMPTY;
  private n = 0;
  private limit = 0;
  private sizeHint = 0;

  constructor(
    readonly socket: net.Socket,
    readonly key: string,
    private readonly owner: ConnOwner,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /**
   * Sends a request (its head prebuilt; a GET has no body) and reads the response into `sink`.
   * `limit`: body bytes (as received) at which the exchange fails; `sizeHint` sizes the buffer
   * of a body of unknown length.
   */
  request(head: Buffer, sink: ExchangeSink, limit: number, sizeHint: number): void {
    this.sink = sink;
    this.phase = Phase.Head;
    this.received = 0;
    this.limit = limit;
    this.sizeHint = sizeHint;
    this.socket.ref();
    this.socket.write(head);
  }

  /** Ends the exchange without telling the sink (deadline, caller gone) and the connection with it. */
  abort(): void {
    this.reset();
    this.destroy();
  }

  /** Ends the exchange with `e` for the sink (the pool is closing), and the connection with it. */
  cancel(e: Error): void {
    const sink = this.sink;
    this.abort();
    sink?.onNetError(e, false);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.reset();
    this.socket.destroy();
    this.owner.forget(this);
  }

  get isDestroyed(): boolean {
    return this.destroyed || this.socket.destroyed;
  }

  append(b: Buffer, start: number, end: number): boolean {
    const len = end - start;
    if (this.n + len >= this.limit) return false;
    if (this.n + len > this.buf.length) {
      let size = Math.max(this.buf.length * 2, 16 * 1024);
      while (size < this.n + len) size *= 2;
      const grown = Buffer.allocUnsafe(Math.min(size, this.limit));
      this.buf.copy(grown, 0, 0, this.n);
      this.buf = grown;
    }
    b.copy(this.buf, this.n, start, end);
    this.n += len;
    return true;
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.sink === null) {
      // Bytes nobody asked for (while idle, or after the response): the framing is lost.
      this.destroy();
      return;
    }
    this.received += chunk.length;
    try {
      if (this.phase === Phase.Head) this.headData(chunk);
      else this.bodyData(chunk, 0);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      const sink = this.sink;
      this.destroy();
      sink?.onProtocolError(e.message);
    }
  };

  private headData(chunk: Buffer): void {
    let b = chunk;
    if (this.pending !== null) {
      b = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let start = 0;
    for (;;) {
      const h = parseHead(b, start, b.length);
      if (h === null) {
        if (b.length - start > MAX_HEAD_BYTES) throw new ProtocolError(`server response headers exceeded ${MAX_HEAD_BYTES} bytes`);
        this.pending = start === 0 ? b : b.subarray(start);
        return;
      }
      // Interim responses (100 Continue, 103 Early Hints) precede the real one; 101 is final.
      if (h.status < 200 && h.status !== 101) {
        start = h.bodyStart;
        continue;
      }
      this.head = h;
      if (!this.sink!.onHead(h)) {
        this.skipBody(b, h);
        return;
      }
      if (this.sink === null) return;
      if (!h.chunked && h.contentLength >= this.limit) {
        // Compressed or not, the body is at least this big.
        this.fail((s) => s.onLimit());
        return;
      }
      this.startBody(h);
      this.bodyData(b, h.bodyStart);
      return;
    }
  }

  /** The body of a response the caller does not want: skipped when small and already here. */
  private skipBody(b: Buffer, h: ResponseHead): void {
    const len = h.status === 204 || h.status === 304 ? 0 : h.chunked ? -1 : h.contentLength;
    if (len >= 0 && len <= DRAIN_MAX && b.length - h.bodyStart === len && this.keepAlive(h)) {
      this.reset();
      this.uses++;
      this.owner.release(this);
    } else {
      this.destroy();
    }
  }

  private startBody(h: ResponseHead): void {
    this.phase = Phase.Body;
    this.n = 0;
    this.buf = EMPTY;
    if (h.chunked) {
      this.mode = Mode.Chunked;
      this.chunks.reset();
    } else if (h.contentLength >= 0) {
      this.mode = Mode.Length;
      this.remaining = h.contentLength;
      return;
    } else {
      this.mode = Mode.Close;
    }
    const first = h.contentEncoding === 'gzip' ? 64 * 1024 : Math.ceil(this.sizeHint * 1.1);
    this.buf = Buffer.allocUnsafe(Math.min(this.limit, Math.max(16 * 1024, first)));
  }

  private bodyData(b: Buffer, pos: number): void {
    const end = b.length;
    switch (this.mode) {
      case Mode.Length: {
        const avail = end - pos;
        if (this.n === 0 && avail >= this.remaining) {
          // The whole body came in this chunk: no copy.
          this.complete(b.subarray(pos, pos + this.remaining), avail > this.remaining);
          return;
        }
        if (this.buf.length === 0) this.buf = Buffer.allocUnsafe(this.head!.contentLength);
        const take = Math.min(this.remaining, avail);
        b.copy(this.buf, this.n, pos, pos + take);
        this.n += take;
        this.remaining -= take;
        if (this.remaining === 0) this.complete(this.buf, avail > take);
        return;
      }
      case Mode.Chunked: {
        const next = this.chunks.feed(b, pos, end, this);
        if (next < 0) this.fail((s) => s.onLimit());
        else if (this.chunks.done) this.complete(this.buf.subarray(0, this.n), next < end);
        return;
      }
      case Mode.Close:
        if (!this.append(b, pos, end)) this.fail((s) => s.onLimit());
        return;
    }
  }

  /** Whether the server lets this connection carry another request after `h`. */
  private keepAlive(h: ResponseHead): boolean {
    if (h.connectionClose) return false;
    return h.http10 ? h.connectionKeepAlive : true;
  }

  private complete(body: Buffer, extra: boolean): void {
    const sink = this.sink!;
    const reusable = !extra && this.mode !== Mode.Close && this.keepAlive(this.head!);
    this.reset();
    this.uses++;
    if (reusable) this.owner.release(this);
    else this.destroy();
    sink.onBody(body);
  }

  private fail(tell: (s: ExchangeSink) => void): void {
    const sink = this.sink;
    this.destroy();
    if (sink !== null) tell(sink);
  }

  private reset(): void {
    this.sink = null;
    this.phase = Phase.Idle;
    this.pending = null;
    this.head = null;
    this.buf = EMPTY;
    this.n = 0;
  }

  private readonly onEnd = (): void => this.lost(null);
  private readonly onError = (e: Error): void => this.lost(e);
  private readonly onClose = (): void => this.lost(null);

  /** The socket ended, failed or closed. */
  private lost(e: Error | null): void {
    const sink = this.sink;
    if (sink === null) {
      this.destroy();
      return;
    }
    if (this.phase === Phase.Body && this.mode === Mode.Close && e === null) {
      this.complete(this.buf.subarray(0, this.n), false);
      return;
    }
    const phase = this.phase;
    const partial = this.buf.subarray(0, this.n);
    const retryable = this.uses > 0 && this.received === 0;
    this.destroy();
    if (phase === Phase.Head) sink.onNetError(e ?? hangUp(), retryable);
    else sink.onCut(partial);
  }
}
