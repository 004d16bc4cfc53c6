/**
 * Serves the renderer's built files. Paths that are not files fall back to index.html so the
 * app's client-side routes (/targets, /status, …) load directly. Every UI response carries a
 * strict Content-Security-Policy: the page may only talk to this server.
 */

import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { send } from './respond.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export async function serveStatic(req: IncomingMessage, res: ServerResponse, uiDir: string, pathname: string): Promise<void> {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // A stray `%` or an escape that is not UTF-8 (`%E0%A4%A`, `%C0%AF`): the client's mistake.
    send(req, res, 400, 'Bad Request: malformed percent-encoding in the path\n', 'text/plain; charset=utf-8', headers);
    return;
  }
  if (decoded.includes('\0')) {
    send(req, res, 400, 'Bad Request: NUL byte in the path\n', 'text/plain; charset=utf-8', headers);
    return;
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  let file = join(uiDir, rel);
  if (!file.startsWith(uiDir + sep) && file !== uiDir) {
    send(req, res, 404, 'Not Found', 'text/plain', headers);
    return;
  }
  let isFile = false;
  try {
    isFile = (await stat(file)).isFile();
  } catch {
    isFile = false;
  }
  // Hashed assets never change; index.html must always be re-checked.
  let cache = 'no-cache';
  if (isFile && rel.startsWith('assets/')) cache = 'public, max-age=31536000, immutable';
  if (!isFile) {
    if (rel.startsWith('assets/') || extname(rel) !== '') {
      send(req, res, 404, 'Not Found', 'text/plain', headers);
      return;
    }
    file = join(uiDir, 'index.html');
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    send(req, res, 503, 'The console is not built: run `npm run build`.', 'text/plain', headers);
    return;
  }
  send(req, res, 200, body, TYPES[extname(file)] ?? 'application/octet-stream', { ...headers, 'Cache-Control': cache });
}
