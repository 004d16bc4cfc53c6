/**
 * Keep-alive connections by origin (scheme, host, port), as Go's http.Transport keeps them:
 * a connection goes back to the pool after a complete response, the most recently used is
 * taken first, idle ones do not keep the process alive and are closed after a while.
 * Concurrent requests to one origin each get their own connection.
 */

import net from 'node:net';
import tls from 'node:tls';
import { Conn, type ConnOwner } from './conn.js';

export interface Origin {
  /** scheme://host:port, the pool's key. */
  key: string;
  tls: boolean;
  /** Without IPv6 brackets, as net.connect takes it. */
  host: string;
  port: number;
  /** SNI and certificate name; undefined for an IP address without a configured server_name. */
  servername: string | undefined;
}

/** Go's http.DefaultTransport closes connections idle this long. */
export const IDLE_TIMEOUT_MS = 90_000;

export class ConnPool implements ConnOwner {
  private readonly idle = new Map<string, Conn[]>();
  private readonly all = new Set<Conn>();
  /** Last TLS session per origin, to resume rather than repeat the full handshake. */
  private readonly sessions = new Map<string, Buffer>();
  private sweeper: NodeJS.Timeout | null = null;
  private idleCount = 0;

  constructor(
    private readonly tlsOptions: tls.ConnectionOptions,
    private readonly idleTimeoutMs = IDLE_TIMEOUT_MS,
  ) {}

  /** An idle connection to `o`, or a new one (always new when `fresh`). */
  acquire(o: Origin, fresh = false): Conn {
    if (!fresh) {
      const list = this.idle.get(o.key);
      while (list !== undefined && list.length > 0) {
        const c = list.pop()!;
        this.idleCount--;
        c.idle = false;
        if (!c.isDestroyed) return c;
        c.destroy();
      }
    }
    return this.connect(o);
  }

  release(c: Conn): void {
    c.idle = true;
    c.idleSince = Date.now();
    c.socket.unref();
    let list = this.idle.get(c.key);
    if (list === undefined) this.idle.set(c.key, (list = []));
    list.push(c);
    this.idleCount++;
    if (this.sweeper === null) {
      this.sweeper = setInterval(this.sweep, Math.min(10_000, Math.max(10, this.idleTimeoutMs / 4)));
      this.sweeper.unref();
    }
  }

  forget(c: Conn): void {
    this.all.delete(c);
    if (!c.idle) return;
    c.idle = false;
    const list = this.idle.get(c.key);
    const i = list === undefined ? -1 : list.indexOf(c);
    if (i >= 0) {
      list!.splice(i, 1);
      this.idleCount--;
      if (list!.length === 0) this.idle.delete(c.key);
    }
  }

  /** Connections open now (idle or busy); for tests. */
  get size(): number {
    return this.all.size;
  }

  /** Destroys every connection; requests in flight fail with `request canceled`. */
  close(): void {
    const e = new Error('request canceled');
    for (const c of [...this.all]) c.cancel(e);
    this.idle.clear();
    this.idleCount = 0;
    this.stopSweeper();
  }

  private connect(o: Origin): Conn {
    let socket: net.Socket;
    if (o.tls) {
      const t = tls.connect({ ...this.tlsOptions, host: o.host, port: o.port, servername: o.servername, session: this.sessions.get(o.key) });
      t.on('session', (s: Buffer) => this.sessions.set(o.key, s));
      // A session the server no longer honours must not be offered again.
      t.once('error', () => this.sessions.delete(o.key));
      socket = t;
    } else {
      socket = net.connect({ host: o.host, port: o.port });
    }
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const c = new Conn(socket, o.key, this);
    this.all.add(c);
    return c;
  }

  private readonly sweep = (): void => {
    const old = Date.now() - this.idleTimeoutMs;
    for (const list of [...this.idle.values()]) {
      for (const c of list.filter((x) => x.idleSince <= old)) c.destroy();
    }
    if (this.idleCount === 0) this.stopSweeper();
  };

  private stopSweeper(): void {
    if (this.sweeper !== null) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}
