/**
 * What the query service is asked to do and what it answers, as plain data: every request
 * crosses a worker-thread boundary (structured clone), so nothing here holds a class instance.
 * Matchers travel as their three strings and are rebuilt on the other side.
 */

import type { MatchType } from '../model/matcher.js';
import type { Annotations, QueryErrorKind, QueryStats } from '../promql/value.js';
import type { PackedValue } from './packed.js';

interface QueryCommon {
  readonly query: string;
  readonly lookbackDeltaMs?: number;
  /** The request's `timeout`, ms; the engine's own timeout still caps it. */
  readonly timeoutMs?: number;
  /** At most this many series in the result (0 or absent: all), with Prometheus's warning when cut. */
  readonly limit?: number;
  /** Add Prometheus's `stats` object to the result (JSON only). */
  readonly stats?: boolean;
  /** When the request was received, ms: queue time counts in the stats. */
  readonly receivedAtMs?: number;
}

export type QueryRequest =
  | (QueryCommon & { readonly kind: 'instant'; readonly timeMs: number })
  | (QueryCommon & { readonly kind: 'range'; readonly startMs: number; readonly endMs: number; readonly stepMs: number });

/**
 * `data` is the `data` member of the API's envelope as UTF-8 (see MetadataReply for why bytes);
 * when `streamed`, the chunks given to the job's sink came first and `data` is only the end.
 */
export type QueryReply =
  | { readonly ok: true; readonly data: Uint8Array; readonly annotations: Annotations; readonly evalMs: number; readonly streamed?: true }
  | { readonly ok: false; readonly kind: QueryErrorKind; readonly message: string };

/** A typed result, packed into a few typed arrays so that a worker can transfer it without copying. */
export type ValueReply =
  | { readonly ok: true; readonly value: PackedValue; readonly annotations: Annotations; readonly stats: QueryStats }
  | { readonly ok: false; readonly kind: QueryErrorKind; readonly message: string };

export interface MatcherData {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
}

/** A `match[]` selector: all of its matchers must hold. */
export type MatcherSet = readonly MatcherData[];

interface MetadataCommon {
  /** Inclusive time range, ms. */
  readonly startMs: number;
  readonly endMs: number;
  /** Series must match one of these sets (none: all series, where the endpoint allows it). */
  readonly matchers: readonly MatcherSet[];
  /** At most this many items (0: all), with Prometheus's warning when cut. */
  readonly limit: number;
}

/** The metadata endpoints: /api/v1/labels, /api/v1/label/NAME/values, /api/v1/series. */
export type MetadataRequest =
  | (MetadataCommon & { readonly kind: 'labelNames' })
  | (MetadataCommon & { readonly kind: 'labelValues'; readonly name: string })
  | (MetadataCommon & { readonly kind: 'series' });

/**
 * `data` is the `data` member of the API's envelope as UTF-8: bytes cross from a worker as one
 * transfer, where a string of many megabytes would be copied and re-encoded on the event loop.
 */
export type MetadataReply =
  | { readonly ok: true; readonly data: Uint8Array; readonly warnings: string[] }
  | { readonly ok: false; readonly kind: QueryErrorKind; readonly message: string };

/** /federate: the newest sample of each matching series within the lookback before `timeMs`. */
export interface FederateRequest {
  readonly timeMs: number;
  readonly lookbackDeltaMs: number;
  readonly matchers: readonly MatcherSet[];
  /** Added where a series lacks them, sorted by name. */
  readonly externalLabels: ReadonlyArray<readonly [string, string]>;
  /** The scraper accepts UTF-8 names (quoted) rather than legacy ones. */
  readonly utf8: boolean;
}

/** `body` is the text format as UTF-8 (see MetadataReply for why bytes). */
export type FederateReply =
  | { readonly ok: true; readonly body: Uint8Array; readonly nameless: string[] }
  | { readonly ok: false; readonly kind: QueryErrorKind; readonly message: string };

/** /api/v1/format_query (`format`) and /api/v1/parse_query (`parse`) of one query. */
export interface SyntaxRequest {
  readonly kind: 'format' | 'parse';
  readonly query: string;
}

/** `data` is the `data` member of the API's envelope as UTF-8 (see MetadataReply for why bytes). */
export type SyntaxReply =
  | { readonly ok: true; readonly data: Uint8Array }
  | { readonly ok: false; readonly kind: QueryErrorKind; readonly message: string };

/** Everything a worker runs, and the reply each kind gets. */
export type Job =
  | { readonly op: 'json'; readonly req: QueryRequest }
  | { readonly op: 'value'; readonly req: QueryRequest }
  | { readonly op: 'metadata'; readonly req: MetadataRequest }
  | { readonly op: 'federate'; readonly req: FederateRequest }
  | { readonly op: 'syntax'; readonly req: SyntaxRequest };

export type JobReply = QueryReply | ValueReply | MetadataReply | FederateReply | SyntaxReply;

export type ReplyOf<J extends Job> = J['op'] extends 'json'
  ? QueryReply
  : J['op'] extends 'value'
    ? ValueReply
    : J['op'] extends 'metadata'
      ? MetadataReply
      : J['op'] extends 'federate'
        ? FederateReply
        : SyntaxReply;

/** Limits that hold for every job, whatever its kind. */
export interface JobLimits {
  /** Longest a job may run, ms (a request's own timeout may be shorter); 0: no limit. */
  readonly timeoutMs: number;
  /** Largest query, metadata or federation response, characters of text (bytes for ASCII); 0: no limit. */
  readonly maxResponseBytes: number;
}

/** The error replies every job kind shares. */
export type Failure = { readonly ok: false; readonly kind: QueryErrorKind; readonly message: string };

/**
 * Takes the chunks of a streamed JSON answer in order; the promise settles when the consumer can
 * take more (the worker waits for that, so a slow client holds no more than a couple of chunks).
 */
export type ChunkSink = (chunk: Uint8Array) => Promise<void>;

/** Where jobs run: worker threads (QueryPool) or the calling thread (InlineExecutor). */
export interface Executor {
  /**
   * Runs a job; `signal.aborted` turning true cancels it (the client went away). With a sink, a
   * large `json` answer may be streamed into it (see QueryReply's `streamed`).
   */
  execute<J extends Job>(job: J, signal: { readonly aborted: boolean }, sink?: ChunkSink): Promise<ReplyOf<J>>;
  /** Jobs running or waiting now. */
  inFlight(): number;
  close(): Promise<void>;
}
