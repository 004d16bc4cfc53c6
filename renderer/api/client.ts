/**
 * The one typed fetch path to the core's HTTP API. Every call resolves to the Prometheus
 * envelope (success or error); network and JSON failures become readable error envelopes
 * instead of exceptions.
 */

import type { ApiResponse } from '../../shared/api/envelope';

export type Params = Record<string, string | number | undefined>;

export async function apiGet<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<ApiResponse<T>> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) qs.set(k, String(v));
  const url = qs.size > 0 ? `${path}?${qs}` : path;
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    return { status: 'error', errorType: 'unavailable', error: `cannot reach Hearth: ${(err as Error).message}` };
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as ApiResponse<T>;
  } catch {
    return { status: 'error', errorType: 'internal', error: `unexpected response (HTTP ${res.status}): ${text.slice(0, 200)}` };
  }
}
