/** A local HTTP server standing in for a notification service: records requests, answers as told. */

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface Answer {
  readonly status?: number;
  readonly body?: string;
  readonly contentType?: string;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

export interface FakeService {
  readonly url: string;
  readonly requests: Recorded[];
  /** The answer to give next (and after, until changed). */
  answer: Answer;
  close(): Promise<void>;
}

export async function fakeService(answer: Answer = {}): Promise<FakeService> {
  const requests: Recorded[] = [];
  const state = { answer };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const a = state.answer;
      const reply = () => {
        res.writeHead(a.status ?? 200, { 'Content-Type': a.contentType ?? 'text/plain' });
        res.end(a.body ?? '');
      };
      if (a.delayMs) setTimeout(reply, a.delayMs);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get answer() {
      return state.answer;
    },
    set answer(a: Answer) {
      state.answer = a;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const signal = (): AbortSignal => new AbortController().signal;
