/**
 * The one HTTP path receivers send through: Node's fetch with the receiver's timeout and the
 * caller's cancellation, Alertmanager's retry rules (5xx and 429 retry, other 4xx do not,
 * network failures and timeouts do), and errors that carry the status and a bounded excerpt of
 * the body but never the URL or a secret (URLs of webhooks and bots hold keys).
 */

import { redact, type NotifyResult } from './receiver.js';

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'POST' | 'PUT';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** 0 or absent: no timeout beyond the caller's signal. */
  readonly timeoutMs?: number;
  /** Strings to keep out of errors besides the URL (tokens, keys). */
  readonly secrets?: readonly string[];
}

export interface HttpResult extends NotifyResult {
  /** The body of a 2xx answer (up to MAX_BODY_BYTES), for services that say "ok: false" in it. */
  readonly body?: string;
}

/** How much of an answer is read, and how much of it an error quotes. */
export const MAX_BODY_BYTES = 64 * 1024;
export const ERROR_EXCERPT_CHARS = 1024;

export const USER_AGENT = 'Hearth';

async function readBounded(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const all = new Uint8Array(Math.min(size, max));
  let off = 0;
  for (const c of chunks) {
    const n = Math.min(c.length, all.length - off);
    all.set(c.subarray(0, n), off);
    off += n;
    if (off >= all.length) break;
  }
  return new TextDecoder().decode(all);
}

/**
 * The parts of a URL that may be keys (webhook paths, bot tokens, query values): a service
 * echoing its path in an error must not put them in ours. Long segments only, so "api" stays.
 */
function urlSecrets(u: URL): string[] {
  const out = [u.pathname + u.search];
  if (u.password) out.push(u.password);
  for (const seg of u.pathname.split('/')) if (seg.length >= 8) out.push(seg, decodeURIComponentSafe(seg));
  for (const v of u.searchParams.values()) if (v.length >= 8) out.push(v);
  return out.sort((a, b) => b.length - a.length);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Alertmanager's retry rule for an HTTP status. */
export function shouldRetry(status: number): boolean {
  return status >= 500 || status === 429;
}

export function excerpt(body: string): string {
  const trimmed = body.trim();
  return trimmed.length > ERROR_EXCERPT_CHARS ? trimmed.slice(0, ERROR_EXCERPT_CHARS) + '…' : trimmed;
}

function causeMessage(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause;
  if (cause && (cause.code || cause.message)) return cause.code ? `${cause.code}${cause.message ? ` (${cause.message})` : ''}` : cause.message!;
  return err.message;
}

export async function send(req: HttpRequest, signal: AbortSignal): Promise<HttpResult> {
  let origin: string;
  let secrets: string[];
  try {
    const u = new URL(req.url);
    origin = u.host;
    secrets = [req.url, ...urlSecrets(u), ...(req.secrets ?? [])];
  } catch {
    return { retry: false, error: 'invalid URL' };
  }
  const signals = [signal];
  const timeout = req.timeoutMs && req.timeoutMs > 0 ? AbortSignal.timeout(req.timeoutMs) : null;
  if (timeout) signals.push(timeout);
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method ?? 'POST',
      headers: { 'User-Agent': USER_AGENT, ...req.headers },
      body: req.body,
      signal: AbortSignal.any(signals),
      // Go's client (Alertmanager's) follows redirects; fetch drops Authorization when one leaves the origin.
      redirect: 'follow',
    });
  } catch (e) {
    if (timeout?.aborted) return { retry: true, error: `no answer from ${origin} within ${req.timeoutMs}ms` };
    if (signal.aborted) return { retry: false, error: 'canceled' };
    return { retry: true, error: redact(`request to ${origin} failed: ${causeMessage(e)}`, secrets) };
  }
  let body = '';
  try {
    body = await readBounded(res, MAX_BODY_BYTES);
  } catch (e) {
    if (res.status >= 200 && res.status < 300) return { retry: false, status: res.status };
    body = '';
  }
  if (res.status >= 200 && res.status < 300) return { retry: false, status: res.status, body };
  const detail = excerpt(body);
  return {
    retry: shouldRetry(res.status),
    status: res.status,
    error: redact(`unexpected status code ${res.status}${detail ? `: ${detail}` : ''}`, secrets),
  };
}

/** JSON as Go's encoding/json writes it: <, > and & escaped (json.Marshal's HTML safety). */
export function goJSONStringify(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** The outcome without the answer's body, for the pipeline. */
export function outcome(r: HttpResult): NotifyResult {
  return r.error === undefined ? { retry: r.retry, status: r.status } : { retry: r.retry, status: r.status, error: r.error };
}
