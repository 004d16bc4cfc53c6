// The live half of the data set as a scrape target: every request gets the body of the step
// the wall clock is in, so two servers scraping at different moments of a step read the same
// values, and the series go on from the backfilled history without a reset. Gzip when asked,
// as node_exporter does; each step is compressed once.

import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

/** Starts the feeder on a free loopback port; `close()` stops it. */
export async function startFeeder({ bodies, cutMs, stepMs, now = Date.now }) {
  const gz = new Map();
  let pastEnd = 0;
  const server = createServer((req, res) => {
    let k = Math.floor((now() - cutMs) / stepMs);
    if (k >= bodies.length) {
      pastEnd++;
      k = bodies.length - 1;
    }
    k = Math.max(0, k);
    const zip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    let body = bodies[k];
    if (zip) {
      if (!gz.has(k)) gz.set(k, gzipSync(body, { level: 1 }));
      body = gz.get(k);
    }
    res.writeHead(200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'content-length': body.length,
      ...(zip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: server.address().port,
    /** Requests answered after the live data ran out (the last step again): should stay 0. */
    pastEnd: () => pastEnd,
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}
