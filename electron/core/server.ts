/**
 * Wires the engines together from the options of `hearth serve`: storage, PromQL engine,
 * scrape manager, host collector, HTTP API. The one place that knows them all.
 *
 * Start-up order makes failures cheap to undo: the config files are read first (nothing started
 * yet), then the port is bound (the default config scrapes the address actually bound, which
 * is known only then), then storage is opened (it takes the data directory's lock), then
 * scraping starts. A failure after the port is bound closes the listener and what else the
 * earlier steps opened.
 */

import type { Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { ApiMetrics } from './api/apiMetrics.js';
import { AccessControl } from './api/auth/access.js';
import { ensureToken, tokenPath } from './api/auth/token.js';
import { loadWebConfig } from './api/auth/webConfig.js';
import { createApiServer, listen } from './api/server.js';
import { DEFAULT_LIMITS, type ApiDeps } from './api/deps.js';
import { hostChecker } from './api/hostCheck.js';
import { HostCollector, Registry, registerProcessMetrics } from './collector/index.js';
import { configToYAML, defaultConfig, loadConfigFile, type Config } from './config/index.js';
import { ConfigWatcher } from './configWatcher.js';
import { type AnchoredRegex, compileAnchoredRegex } from './model/regex.js';
import type { Logger } from './log.js';
import { QueryService } from './query/index.js';
import { Notifier } from './notify/alertmanager/index.js';
import { RuleManager, type RuleSettings } from './rules/manager.js';
import { openAlertStore, type AlertStore } from './rules/store/index.js';
import { engineQueryFunc } from './rules/queryFunc.js';
import { ScrapeManager } from './scrape/manager.js';
import { TSDB } from './tsdb/index.js';

/** Where the API listens: a host name or address (IPv6 without brackets) and a port, 0 for any free one. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface ServerOptions {
  readonly listen: ListenAddress;
  readonly dataDir: string;
  /** prometheus.yml to load, or null for the built-in default config. */
  readonly configFile: string | null;
  readonly retentionTimeMs: number;
  readonly retentionSizeBytes: number;
  readonly lookbackDeltaMs: number;
  readonly queryTimeoutMs: number;
  readonly maxSamples: number;
  /** Most queries running or waiting at once (Prometheus's --query.max-concurrency). */
  readonly maxConcurrency: number;
  /** --query.max-response-bytes: largest query, metadata or federation answer; 0: no limit. */
  readonly maxResponseBytes?: number;
  /** The renderer's built files, or null to serve no UI. */
  readonly uiDir: string | null;
  /** All flags as text, for /api/v1/status/flags. */
  readonly flags: Readonly<Record<string, string>>;
  readonly logger: Logger;
  /** --web.config.file (basic auth, TLS), or null. */
  readonly webConfigFile?: string | null;
  /** --web.enable-remote-write-receiver. */
  readonly enableRemoteWriteReceiver?: boolean;
  /** --web.cors.origin as given (a regex, anchored), or '' for no cross-origin reads. */
  readonly corsOrigin?: string;
  /** --web.max-connections (default 512). */
  readonly maxConnections?: number;
  /** --web.external-url, or '' for the address listened on. */
  readonly externalUrl?: string;
  /** The rule manager's flags (Prometheus's defaults when absent). */
  readonly rules?: RuleFlags;
}

export interface RuleFlags {
  /** --rules.alert.for-outage-tolerance */
  readonly outageToleranceMs: number;
  /** --rules.alert.for-grace-period */
  readonly forGracePeriodMs: number;
  /** --rules.alert.resend-delay */
  readonly resendDelayMs: number;
  /** --rules.max-concurrent-evals */
  readonly maxConcurrentEvals: number;
}

const DEFAULT_RULE_FLAGS: RuleFlags = { outageToleranceMs: 3_600_000, forGracePeriodMs: 600_000, resendDelayMs: 60_000, maxConcurrentEvals: 4 };

export class HearthServer {
  private closing: Promise<void> | null = null;
  private watcher: ConfigWatcher | null = null;
  private ready = false;
  /** Its bcrypt worker is closed with the server (an in-process restart must not leave it). */
  private access: AccessControl | null = null;
  private readonly registry = new Registry();
  private configStatus = { success: true, lastSuccessMs: Date.now() };
  private rules: RuleManager | null = null;
  private notifier: Notifier | null = null;
  private alerts: AlertStore | null = null;
  private externalUrl = '';
  /** Set by the command that runs the server: what /-/quit asks for. */
  onQuitRequested: (() => void) | null = null;

  private constructor(
    readonly url: string,
    private readonly opts: ServerOptions,
    private readonly http: Server,
    private readonly storage: TSDB,
    private readonly queries: QueryService,
    private readonly scrape: ScrapeManager,
    private config: Config,
  ) {}

  static async start(opts: ServerOptions): Promise<HearthServer> {
    const log = opts.logger;
    const fileConfig = opts.configFile === null ? null : await loadConfigFile(opts.configFile);
    // The web config decides between HTTP and HTTPS, so it is read before the port is bound.
    const webConfig = opts.webConfigFile ? loadWebConfig(opts.webConfigFile) : null;
    const corsOrigin = corsRegex(opts.corsOrigin ?? '');
    const api = createApiServer(log.with({ component: 'web' }), { webConfig, maxConnections: opts.maxConnections });
    const addr = await listen(api.server, opts.listen.host, opts.listen.port);
    const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    const selfAddress = `${hostPart === '0.0.0.0' || hostPart === '[::]' ? '127.0.0.1' : hostPart}:${addr.port}`;
    const scheme = api.tls ? 'https' : 'http';

    let storage: TSDB | null = null;
    let queries: QueryService | null = null;
    let alerts: AlertStore | null = null;
    let notifier: Notifier | null = null;
    let rules: RuleManager | null = null;
    try {
      storage = TSDB.open(opts.dataDir, {
        retentionTimeMs: opts.retentionTimeMs,
        retentionSizeBytes: opts.retentionSizeBytes,
        logger: log.with({ component: 'tsdb' }),
      });
      queries = QueryService.inWorkers({
        handle: storage.readerHandle(),
        engine: { lookbackDeltaMs: opts.lookbackDeltaMs, timeoutMs: opts.queryTimeoutMs, maxSamples: opts.maxSamples },
        workers: Math.max(1, Math.min(4, availableParallelism())),
        maxConcurrency: opts.maxConcurrency,
        ...(opts.maxResponseBytes !== undefined ? { maxResponseBytes: opts.maxResponseBytes } : {}),
        logger: log.with({ component: 'query engine' }),
      });
      const scrape = new ScrapeManager({ appendable: storage, logger: log.with({ component: 'scrape manager' }) });
      const token = ensureToken(opts.dataDir);
      const selfAccess = webConfig ? { tls: api.tls, credentialsFile: tokenPath(opts.dataDir) } : undefined;
      const config = fileConfig ?? defaultConfig(selfAddress, selfAccess);
      const server = new HearthServer(`${scheme}://${selfAddress}`, opts, api.server, storage, queries, scrape, config);
      server.alerts = alerts = openAlertStore(storage.dataDir);
      const access = new AccessControl({
        token,
        webConfigPath: opts.webConfigFile ?? null,
        corsOrigin,
        logger: log.with({ component: 'web' }),
      });
      server.access = access;
      api.attach(server.apiDeps(hostChecker(opts.listen.host, addr.port, { tls: api.tls }), access));
      server.externalUrl = (opts.externalUrl || server.url).replace(/\/+$/, '');
      // Alertmanagers are known before the first evaluation, so its alerts have somewhere to go.
      notifier = new Notifier({ logger: log.with({ component: 'notifier' }) });
      notifier.applyConfig(config);
      server.notifier = notifier;
      rules = new RuleManager({
        query: engineQueryFunc(queries),
        appendable: storage,
        registry: server.registry,
        store: alerts.state,
        sender: notifier,
        ...(opts.rules ?? DEFAULT_RULE_FLAGS),
        logger: log.with({ component: 'rule manager' }),
      });
      // Rule files are read before scraping starts: a bad one fails the start with nothing running.
      const prepared = rules.prepare(server.ruleSettings(config));
      scrape.applyConfig(server.config);
      server.rules = rules;
      await rules.apply(prepared);
      rules.start();
      if (opts.configFile !== null) {
        server.watcher = new ConfigWatcher(opts.configFile, () => {
          server.reload().catch((err: unknown) => {
            log.error('Error reloading config; the running configuration is kept', { err: err instanceof Error ? err.message : String(err) });
          });
        });
        await server.watcher.start();
      }
      server.ready = true;
      log.info('Server is ready to receive web requests.', { url: server.url, data: opts.dataDir });
      return server;
    } catch (err) {
      // A start that fails after rules began (the config watcher) stops them before storage closes.
      await rules?.stop();
      await notifier?.stop();
      api.server.closeAllConnections();
      await new Promise<void>((r) => api.server.close(() => r()));
      await queries?.close();
      alerts?.close();
      storage?.close();
      throw err;
    }
  }

  private apiDeps(allowedHost: (h: string | undefined) => boolean, access: AccessControl): ApiDeps {
    const registry = this.registry;
    registerProcessMetrics(registry);
    const apiMetrics = new ApiMetrics(registry);
    registry.gaugeFunc('prometheus_ready', 'Whether Prometheus startup was fully completed and the server is ready for normal operation.', () => (this.ready ? 1 : 0));
    registry.gaugeFunc('prometheus_config_last_reload_successful', 'Whether the last configuration reload attempt was successful.', () => (this.configStatus.success ? 1 : 0));
    registry.gaugeFunc('prometheus_config_last_reload_success_timestamp_seconds', 'Timestamp of the last successful configuration reload.', () => this.configStatus.lastSuccessMs / 1000);
    registry.gaugeFunc('prometheus_engine_queries', 'The current number of queries being executed or waiting.', () => this.queries.inFlight());
    registry.gaugeFunc('prometheus_engine_queries_concurrent_max', 'The max number of concurrent queries.', () => this.opts.maxConcurrency);
    const host = new HostCollector({ logger: this.opts.logger.with({ component: 'collector' }) });
    const dataDir = this.opts.dataDir;
    const storage = this.storage;
    return {
      queries: this.queries,
      logger: this.opts.logger.with({ component: 'web' }),
      limits: DEFAULT_LIMITS,
      startTimeMs: Date.now(),
      flags: this.opts.flags,
      ready: () => this.ready,
      uiDir: this.opts.uiDir,
      metrics: () => registry.render() + this.scrape.renderMetrics() + (this.rules?.renderMetrics() ?? '') + (this.notifier?.renderMetrics() ?? ''),
      hostMetrics: () => host.collect(),
      now: () => Date.now(),
      allowedHost,
      config: () => this.config,
      configYaml: () => configToYAML(this.config),
      configStatus: () => this.configStatus,
      access,
      apiMetrics,
      lookbackDeltaMs: this.opts.lookbackDeltaMs,
      scrape: this.scrape,
      rules: { ruleGroups: () => this.rules?.ruleGroups() ?? [] },
      alertmanagers: () => this.notifier?.alertmanagers() ?? { active: [], dropped: [] },
      externalURL: () => this.externalUrl,
      alertHistory: this.alerts?.history ?? null,
      tsdb: {
        stats: (limit) => storage.stats(limit),
        deleteSeries: (ms, mint, maxt) => storage.deleteSeries(ms, mint, maxt),
        cleanTombstones: () => storage.cleanTombstones(),
        snapshot: (dir) => storage.snapshot(dir),
        dataDir,
      },
      remoteWrite: this.opts.enableRemoteWriteReceiver ? storage : null,
      reload: () => this.reload(),
      quit: () => this.onQuitRequested?.(),
    };
  }

  /**
   * Re-reads the config file. A file that fails to load is refused with its error and the
   * running config keeps working. Without a config file there is nothing to reload.
   */
  async reload(): Promise<void> {
    if (this.opts.configFile === null) return;
    let next: Config;
    try {
      next = await loadConfigFile(this.opts.configFile);
      // Rule files are checked before anything changes: a bad one refuses the whole reload.
      const prepared = this.rules?.prepare(this.ruleSettings(next));
      this.scrape.applyConfig(next);
      this.notifier?.applyConfig(next);
      if (prepared) await this.rules!.apply(prepared);
    } catch (e) {
      this.configStatus = { success: false, lastSuccessMs: this.configStatus.lastSuccessMs };
      throw e;
    }
    this.config = next;
    this.configStatus = { success: true, lastSuccessMs: Date.now() };
    this.opts.logger.info('Completed loading of configuration file', { filename: this.opts.configFile });
  }

  private ruleSettings(c: Config): RuleSettings {
    return {
      ruleFiles: c.ruleFiles,
      evaluationIntervalMs: c.global.evaluationIntervalMs,
      ruleQueryOffsetMs: c.global.ruleQueryOffsetMs,
      externalLabels: c.global.externalLabels.toObject(),
      externalURL: this.externalUrl,
    };
  }

  currentConfig(): Config {
    return this.config;
  }

  /** Stops scraping (the scrape in flight finishes its commit), stops serving, closes storage. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.watcher?.stop();
      // Rules stop first: their last evaluation queries and commits while storage is open.
      await this.rules?.stop();
      // What the last evaluation sent is drained (bounded) before the process goes.
      await this.notifier?.stop();
      await this.scrape.stop();
      // Connections still busy after a grace period are cut: a hung client must not keep us up.
      this.http.closeIdleConnections();
      const cut = setTimeout(() => this.http.closeAllConnections(), 5_000);
      await new Promise<void>((r) => this.http.close(() => r()));
      clearTimeout(cut);
      await this.queries.close();
      await this.access?.close();
      this.alerts?.close();
      this.storage.close();
    })();
    return this.closing;
  }
}

/** --web.cors.origin as Prometheus compiles it (anchored), or null when empty. */
function corsRegex(text: string): AnchoredRegex | null {
  if (text === '') return null;
  try {
    return compileAnchoredRegex(text);
  } catch (e) {
    throw new Error(`invalid --web.cors.origin ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
}
