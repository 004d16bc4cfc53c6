import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A loopback HTTP server whose routes (by path) can be changed while it runs. */
export class FixtureServer {
  readonly routes = new Map<string, Handler>();
  readonly hits = new Map<string, number>();
  private server: http.Server | null = null;
  private readonly sockets = new Set<import('node:net').Socket>();
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      const h = this.routes.get(path);
      if (!h) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found\n');
        return;
      }
      h(req, res);
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

export const TEXT = 'text/plain; version=0.0.4; charset=utf-8';

export function text(body: string | Buffer, contentType = TEXT): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(body);
  };
}

/** Polls `cond` every 20 ms until it holds or `timeoutMs` passes. */
export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
