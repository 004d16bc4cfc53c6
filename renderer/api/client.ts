/**
 * The one typed fetch path to the core's HTTP API. Every call resolves to the Prometheus
 * envelope (success or error); network and JSON failures become readable error envelopes
 * instead of exceptions. Aborts still reject with an AbortError so callers can drop them.
 */

import type { ApiResponse } from '../../shared/api/envelope';

export type Params = Record<string, string | number | undefined>;

export interface ApiGetOptions {
  signal?: AbortSignal | undefined;
  /** A performance mark name set when the response headers arrive (the benchmark reads it). */
  markResponse?: string;
}

export async function apiGet<T>(path: string, params: Params = {}, opts: ApiGetOptions | AbortSignal = {}): Promise<ApiResponse<T>> {
  const o: ApiGetOptions = opts instanceof AbortSignal ? { signal: opts } : opts;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) qs.set(k, String(v));
  const url = qs.size > 0 ? `${path}?${qs}` : path;
  let res: Response;
  try {
    res = await fetch(url, { signal: o.signal ?? null, headers: { Accept: 'application/json' } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    return { status: 'error', errorType: 'unavailable', error: `cannot reach Hearth: ${(err as Error).message}` };
  }
  if (o.markResponse) performance.mark(o.markResponse);
  const text = await res.text();
  try {
    return JSON.parse(text) as ApiResponse<T>;
  } catch {
    return { status: 'error', errorType: 'internal', error: `unexpected response (HTTP ${res.status}): ${text.slice(0, 200)}` };
  }
}

/** "bad_data: 1:5: parse error: …" without the API's `invalid parameter "query": ` wrapper. */
export function errorText(r: { errorType: string; error: string }): string {
  return `${r.errorType}: ${stripParamPrefix(r.error)}`;
}

export function stripParamPrefix(msg: string): string {
  return msg.replace(/^invalid parameter "[^"]*": /, '');
}
