/**
 * What the API needs from the rest of the core. server.ts builds it; handlers read from it.
 * Optional members are engines that may not be wired (tests build the API with what they need).
 */

import type { Logger } from '../log.js';
import type { Queryable } from '../storage/interface.js';
import type { QueryRunner } from './queryRunner.js';

export interface ApiLimits {
  /** Largest request body accepted, bytes. */
  readonly maxBodyBytes: number;
  /** Longest query string accepted, characters. */
  readonly maxQueryLength: number;
}

export interface ApiDeps {
  /** Where PromQL queries are evaluated (worker threads in the server). */
  readonly queries: QueryRunner;
  /** Direct reads for metadata endpoints (labels, series). */
  readonly storage: Queryable;
  readonly logger: Logger;
  readonly limits: ApiLimits;
  /** When the server started, ms. */
  readonly startTimeMs: number;
  /** Flags as given (Prometheus's /api/v1/status/flags). */
  readonly flags: Readonly<Record<string, string>>;
  /** Whether start-up (storage open, config loaded) is complete. */
  ready(): boolean;
  /** Directory of the renderer's built files, or null when they are not served. */
  readonly uiDir: string | null;
  /** Hearth's own metrics in the text format. */
  metrics(): Promise<string> | string;
  /** The built-in host collector's metrics in the text format. */
  hostMetrics(): Promise<string>;
  /** Clock, ms. */
  now(): number;
  /** The running configuration as YAML, defaults filled in and secrets hidden (/api/v1/status/config). */
  configYaml(): string;
  /** Whether a request's Host header is acceptable (DNS-rebinding protection); see hostCheck.ts. */
  allowedHost(hostHeader: string | undefined): boolean;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxBodyBytes: 32 * 1024 * 1024,
  maxQueryLength: 64 * 1024,
};
