/**
 * What every receiver (Alertmanager's notify.Notifier, one integration of a receiver) offers
 * the pipeline, and the pieces they share: truncation and reading secrets.
 */

import { readFile } from 'node:fs/promises';
import type { NotifyAlert, NotifyContext } from '../data.js';

/** The outcome of one attempt; the pipeline retries with backoff while `retry` is true. */
export interface NotifyResult {
  readonly retry: boolean;
  /** The HTTP status the service answered, when it answered. */
  readonly status?: number;
  /** What went wrong; never holds a secret (tokens, keyed URLs). Absent on success. */
  readonly error?: string;
}

export interface Receiver {
  /** The integration's name as Alertmanager names it (webhook, slack, …). */
  readonly kind: string;
  /** Whether the pipeline should notify this receiver of resolved alerts. */
  readonly sendResolved: boolean;
  /** Sends one notification for `alerts` (the group's, after send_resolved filtering). */
  notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult>;
}

/** Alertmanager's truncateAlerts: the first maxAlerts (0 means all) and how many were dropped. */
export function truncateAlerts<T>(maxAlerts: number, alerts: readonly T[]): { alerts: readonly T[]; truncated: number } {
  if (maxAlerts > 0 && alerts.length > maxAlerts) return { alerts: alerts.slice(0, maxAlerts), truncated: alerts.length - maxAlerts };
  return { alerts, truncated: 0 };
}

/** Alertmanager's TruncateInRunes: at most n code points, the last being "…" when cut. */
export function truncateRunes(s: string, n: number): { text: string; truncated: boolean } {
  const runes = [...s];
  if (runes.length <= n) return { text: s, truncated: false };
  if (n <= 3) return { text: runes.slice(0, n).join(''), truncated: true };
  return { text: runes.slice(0, n - 1).join('') + '…', truncated: true };
}

/** Alertmanager's TruncateInBytes: at most n bytes of UTF-8, never splitting a character, ending in "…" when cut. */
export function truncateBytes(s: string, n: number): { text: string; truncated: boolean } {
  const enc = new TextEncoder();
  if (enc.encode(s).length <= n) return { text: s, truncated: false };
  if (n <= 3) return { text: s.slice(0, n), truncated: true };
  let out = '';
  let size = 0;
  for (const ch of s) {
    const b = enc.encode(ch).length;
    if (size + b > n - 3) break;
    out += ch;
    size += b;
  }
  return { text: out + '…', truncated: true };
}

/** A secret given inline or as a file (Alertmanager's *_file forms, read at each send so rotation works). */
export interface Secret {
  readonly value?: string;
  readonly file?: string;
}

/** Reads a secret; the error names the field and file, never the content. */
export async function readSecret(s: Secret, field: string): Promise<string> {
  if (s.value !== undefined && s.value !== '') return s.value;
  if (s.file !== undefined && s.file !== '') {
    try {
      return (await readFile(s.file, 'utf8')).trim();
    } catch (e) {
      throw new Error(`reading ${field} from ${s.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  throw new Error(`${field} is missing`);
}

/** A failure before anything was sent (bad template, unreadable secret): retrying cannot help. */
export function permanentFailure(e: unknown, secrets: readonly string[] = []): NotifyResult {
  return { retry: false, error: redact(e instanceof Error ? e.message : String(e), secrets) };
}

/** Removes every secret (and its URL-encoded form) from a message. */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('<secret>');
  }
  return out;
}

/** The part of Alertmanager's http_config receivers here use: credentials sent with each request. */
export interface HttpConfig {
  readonly authorization?: { readonly type?: string; readonly credentials?: string; readonly credentialsFile?: string };
  readonly basicAuth?: { readonly username: string; readonly password?: string; readonly passwordFile?: string };
}

/** The headers http_config adds, and the secrets they hold (kept out of errors). */
export async function authHeaders(cfg: HttpConfig | undefined): Promise<{ headers: Record<string, string>; secrets: string[] }> {
  if (cfg?.authorization && (cfg.authorization.credentials || cfg.authorization.credentialsFile)) {
    const cred = await readSecret({ value: cfg.authorization.credentials, file: cfg.authorization.credentialsFile }, 'http_config.authorization.credentials');
    return { headers: { Authorization: `${cfg.authorization.type || 'Bearer'} ${cred}` }, secrets: [cred] };
  }
  if (cfg?.basicAuth) {
    const pw = cfg.basicAuth.password || cfg.basicAuth.passwordFile ? await readSecret({ value: cfg.basicAuth.password, file: cfg.basicAuth.passwordFile }, 'http_config.basic_auth.password') : '';
    const token = Buffer.from(`${cfg.basicAuth.username}:${pw}`).toString('base64');
    return { headers: { Authorization: `Basic ${token}` }, secrets: pw ? [pw, token] : [token] };
  }
  return { headers: {}, secrets: [] };
}
