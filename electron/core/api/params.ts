/**
 * Parsing API parameters as Prometheus does: times as RFC 3339 or Unix seconds with
 * fractions, durations as Prometheus durations or float seconds, parameters from the query
 * string and from form-encoded POST bodies alike.
 */

import type { IncomingMessage } from 'node:http';
import { parseDuration } from '../../../shared/duration.js';
import { goQuote } from '../../../shared/text/quote.js';
import { ApiError } from './respond.js';

/** Largest and smallest times Prometheus accepts (its minTime/maxTime), in ms. */
export const MIN_TIME_MS = -9223372036854;
export const MAX_TIME_MS = 9223372036854;

export class Params {
  constructor(private readonly p: URLSearchParams) {}

  get(name: string): string | null {
    return this.p.get(name);
  }

  getAll(name: string): string[] {
    return this.p.getAll(name);
  }

  has(name: string): boolean {
    return this.p.has(name);
  }
}

/**
 * Reads the parameters of a GET query string and, for POST and PUT, a form-encoded body.
 * As Go's Request.FormValue, body values come before query-string values, so a name given
 * in both is read from the body.
 */
export async function readParams(req: IncomingMessage, url: URL, maxBodyBytes: number): Promise<Params> {
  const merged = new URLSearchParams();
  if (req.method === 'POST' || req.method === 'PUT') {
    const ct = (req.headers['content-type'] ?? '').toLowerCase();
    if (ct.startsWith('application/x-www-form-urlencoded')) {
      const body = await readBody(req, maxBodyBytes);
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) merged.append(k, v);
    }
  }
  for (const [k, v] of url.searchParams) merged.append(k, v);
  return new Params(merged);
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  // A declared length over the limit is refused before anything is read.
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw new ApiError('bad_data', `request body exceeds the limit of ${maxBytes} bytes`, 413);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of req) {
    n += (chunk as Buffer).length;
    if (n > maxBytes) throw new ApiError('bad_data', `request body exceeds the limit of ${maxBytes} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A time parameter in ms: RFC 3339, or Unix seconds (fractions allowed). */
export function parseTimeParam(s: string, name: string): number {
  const f = Number(s);
  if (s.trim() !== '' && Number.isFinite(f)) {
    const ms = Math.round(f * 1000);
    return Math.min(Math.max(ms, MIN_TIME_MS), MAX_TIME_MS);
  }
  // Prometheus's sentinels for "min/max time", as sent by some clients.
  if (s === '0001-01-01T00:00:00Z' || s === '-292273086-05-16T16:47:06Z') return MIN_TIME_MS;
  if (s === '9999-12-31T23:59:59Z' || s === '292277025-08-18T07:12:54.999999999Z') return MAX_TIME_MS;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) return ms;
  }
  throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "${s}" to a valid timestamp`);
}

/** A duration parameter in ms: float seconds or a Prometheus duration. */
export function parseDurationParam(s: string, name: string): number {
  const f = Number(s);
  if (s.trim() !== '' && !Number.isNaN(f)) {
    const ms = f * 1000;
    if (!Number.isFinite(ms) || Math.abs(ms) > 9.2e15) {
      throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "${s}" to a valid duration. It overflows int64`);
    }
    return Math.round(ms);
  }
  try {
    return parseDuration(s);
  } catch {
    throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "${s}" to a valid duration`);
  }
}

/** An optional time parameter, worded as Prometheus's parseTimeParam words its errors. */
export function timeParamOr(params: Params, name: string, fallback: number): number {
  const v = params.get(name);
  if (v === null || v === '') return fallback;
  try {
    return parseTimeParam(v, name);
  } catch {
    throw new ApiError('bad_data', `invalid parameter "${name}": Invalid time value for '${name}': cannot parse "${v}" to a valid timestamp`);
  }
}

/** An optional duration parameter in ms, or null when absent. */
export function durationParamOr(params: Params, name: string): number | null {
  const v = params.get(name);
  return v === null || v === '' ? null : parseDurationParam(v, name);
}

/** The `limit` parameter: 0 (no limit) when absent, as Go's strconv.Atoi reads it otherwise. */
export function limitParam(params: Params, name = 'limit'): number {
  const s = params.get(name);
  if (s === null || s === '') return 0;
  if (!/^[+-]?\d+$/.test(s)) throw new ApiError('bad_data', `invalid parameter "${name}": strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new ApiError('bad_data', `invalid parameter "${name}": strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  if (n < 0) throw new ApiError('bad_data', `invalid parameter "${name}": limit must be non-negative`);
  return n;
}
