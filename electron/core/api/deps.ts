/**
 * What the API needs from the rest of the core. server.ts builds it; handlers read from it.
 * Optional members are engines that may not be wired (tests build the API with what they need);
 * an endpoint whose engine is missing answers as Prometheus does when it has nothing (empty lists).
 */

import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../model/matcher.js';
import type { AlertHistorySource } from '../rules/store/historyQuery.js';
import type { ScrapeManager } from '../scrape/manager.js';
import type { QueryService } from '../query/index.js';
import type { RuleGroup } from '../rules/group.js';
import type { Appendable } from '../storage/interface.js';
import type { TSDBStats } from '../tsdb/index.js';
import type { ApiMetrics } from './apiMetrics.js';
import type { AccessControl } from './auth/access.js';
import { DEFAULT_REMOTE_WRITE_LIMITS, type RemoteWriteLimits } from './remote/limits.js';

export interface ApiLimits {
  /** Largest request body accepted, bytes (form posts; remote write before decompression). */
  readonly maxBodyBytes: number;
  /** Largest remote-write message after snappy decompression, bytes. */
  readonly maxDecodedBytes: number;
  /** What one remote-write request may hold (series, labels, samples, label lengths). */
  readonly remoteWrite: RemoteWriteLimits;
  /** Longest query string accepted, characters. */
  readonly maxQueryLength: number;
}

/** The read side of the scrape manager the API shows (targets, pools, metadata). */
export type ScrapeView = Pick<ScrapeManager, 'targets' | 'scrapePools' | 'metadata'>;

/** The rule manager's read side, for /api/v1/rules and /api/v1/alerts. */
export interface RulesView {
  /** Groups ordered by file, then name. */
  ruleGroups(): readonly RuleGroup[];
}

/** The TSDB's administration and statistics, for /api/v1/status/tsdb and the admin endpoints. */
export interface TsdbAdmin {
  stats(limit: number): TSDBStats;
  deleteSeries(matchers: Matcher[], mint: number, maxt: number): void;
  cleanTombstones(): void;
  /** Writes a snapshot under `<data dir>/snapshots` and returns its directory. */
  snapshot(destDir: string): Promise<string>;
  /** The data directory (snapshots go to its `snapshots` folder, as in Prometheus). */
  readonly dataDir: string;
}

export interface ConfigStatus {
  /** Whether the last (re)load of the config file succeeded. */
  readonly success: boolean;
  /** When the config last loaded successfully, ms. */
  readonly lastSuccessMs: number;
}

export interface ApiDeps {
  /** Queries, metadata reads and federation: worker threads in the server, never the event loop. */
  readonly queries: QueryService;
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
  /** The running configuration. */
  config(): Config;
  /** The running configuration as YAML, defaults filled in and secrets hidden (/api/v1/status/config). */
  configYaml(): string;
  configStatus(): ConfigStatus;
  /** Whether a request's Host header is acceptable (DNS-rebinding protection); see hostCheck.ts. */
  allowedHost(hostHeader: string | undefined): boolean;
  /** Who may do what: per-install token, --web.config.file users, origin checks. */
  readonly access: AccessControl;
  readonly apiMetrics: ApiMetrics;
  /** The instant-vector lookback, ms (federation reads the newest sample within it). */
  readonly lookbackDeltaMs: number;
  readonly scrape?: ScrapeView;
  /** Without it /api/v1/rules and /api/v1/alerts answer as a Prometheus with no rule files. */
  readonly rules?: RulesView;
  /** The Alertmanagers alerts are sent to (discovered, relabelled); without it, the config's static ones. */
  readonly alertmanagers?: () => { readonly active: readonly string[]; readonly dropped: readonly string[] };
  /** What the rule manager renders as $externalURL and generator URLs (--web.external-url); absent in tests. */
  externalURL?(): string;
  readonly tsdb?: TsdbAdmin;
  /** Where remote-write samples go; null when the receiver is off (--web.enable-remote-write-receiver). */
  readonly remoteWrite?: Appendable | null;
  /** The alert history (/api/hearth/v1/alerts/history); null or absent: the endpoint answers 'unavailable'. */
  readonly alertHistory?: AlertHistorySource | null;
  /** Re-reads the config file (/-/reload); rejects with the reason when the new file is refused. */
  reload?(): Promise<void>;
  /** Asks the process to stop (/-/quit). */
  quit?(): void;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxBodyBytes: 32 * 1024 * 1024,
  maxDecodedBytes: 64 * 1024 * 1024,
  remoteWrite: DEFAULT_REMOTE_WRITE_LIMITS,
  maxQueryLength: 64 * 1024,
};
