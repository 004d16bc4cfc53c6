/**
 * The one typed fetch path to the core's HTTP API. Every call resolves to the Prometheus
 * envelope (success or error); network and JSON failures become readable error envelopes
 * instead of exceptions. Aborts still reject with an AbortError so callers can drop them.
 */

import type { ApiResponse, ErrorResponse } from '../../shared/api/envelope';
import type { QueryStats, RangeSeries } from '../../shared/api/query';
import { columnsFromSeries, FastPathError, matrixColumns, parseRangeResponse, type ColumnSeries } from './matrixParser';

/** Query parameters; an array repeats the parameter (`rule=a&rule=b`, `match[]=…`). */
export type Params = Record<string, string | number | readonly string[] | undefined>;

export interface ApiGetOptions {
  signal?: AbortSignal | undefined;
  /** A performance mark name set when the response headers arrive (the benchmark reads it). */
  markResponse?: string;
}

function urlFor(path: string, params: Params): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (typeof v === 'object') for (const one of v) qs.append(k, one);
    else qs.set(k, String(v));
  }
  return qs.size > 0 ? `${path}?${qs}` : path;
}

/** The response, or an error envelope when the server cannot be reached. */
async function send(path: string, params: Params, o: ApiGetOptions): Promise<Response | ErrorResponse> {
  try {
    const res = await fetch(urlFor(path, params), { signal: o.signal ?? null, headers: { Accept: 'application/json' } });
    if (o.markResponse) {
      // One mark per name, the latest: a long session does not pile them up.
      performance.clearMarks(o.markResponse);
      performance.mark(o.markResponse);
    }
    return res;
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    return { status: 'error', errorType: 'unavailable', error: `cannot reach Hearth: ${(err as Error).message}` };
  }
}

function parseEnvelope<T>(text: string, status: number): ApiResponse<T> {
  try {
    return JSON.parse(text) as ApiResponse<T>;
  } catch {
    return { status: 'error', errorType: 'internal', error: `unexpected response (HTTP ${status}): ${text.slice(0, 200)}` };
  }
}

export async function apiGet<T>(path: string, params: Params = {}, opts: ApiGetOptions | AbortSignal = {}): Promise<ApiResponse<T>> {
  const o: ApiGetOptions = opts instanceof AbortSignal ? { signal: opts } : opts;
  const res = await send(path, params, o);
  if (!(res instanceof Response)) return res;
  return parseEnvelope<T>(await res.text(), res.status);
}

/**
 * A JSON POST to one of Hearth's own endpoints (the rule backtest), answered in the same
 * envelope; failures to reach the server or to parse the answer become error envelopes.
 */
export async function apiPostJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<ApiResponse<T>> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', signal: signal ?? null, headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    return { status: 'error', errorType: 'unavailable', error: `cannot reach Hearth: ${(err as Error).message}` };
  }
  return parseEnvelope<T>(await res.text(), res.status);
}

/**
 * A query_range call whose matrix comes back as typed columns, parsed by the fast path of
 * matrixParser.ts (falling back to JSON.parse for shapes it does not take).
 */
export interface ColumnsResult {
  series: ColumnSeries[];
  stats?: QueryStats;
}

export async function apiGetColumns(path: string, params: Params, opts: ApiGetOptions = {}): Promise<ApiResponse<ColumnsResult>> {
  const res = await send(path, params, opts);
  if (!(res instanceof Response)) return res;
  const bytes = new Uint8Array(await res.arrayBuffer());
  try {
    const env = parseRangeResponse(bytes);
    if (env.status !== 'success') return env as ErrorResponse;
    const stats = (env.data as { stats?: QueryStats }).stats;
    return { status: 'success', data: { series: matrixColumns(env.data), stats }, warnings: env.warnings, infos: env.infos };
  } catch (err) {
    if (!(err instanceof FastPathError)) throw err;
  }
  const env = parseEnvelope<{ resultType: string; result: unknown; stats?: QueryStats }>(new TextDecoder().decode(bytes), res.status);
  if (env.status !== 'success') return env;
  if (env.data.resultType !== 'matrix') return { status: 'error', errorType: 'bad_data', error: `unexpected ${env.data.resultType} result for a range query` };
  return { ...env, data: { series: columnsFromSeries(env.data.result as RangeSeries[]), stats: env.data.stats } };
}

/** "bad_data: 1:5: parse error: …" without the API's `invalid parameter "query": ` wrapper. */
export function errorText(r: { errorType: string; error: string }): string {
  return `${r.errorType}: ${stripParamPrefix(r.error)}`;
}

export function stripParamPrefix(msg: string): string {
  return msg.replace(/^invalid parameter "[^"]*": /, '');
}
