/**
 * Wires the engines together from the options of `hearth serve`: storage, PromQL engine,
 * scrape manager, host collector, HTTP API. The one place that knows them all.
 *
 * Start-up order makes failures cheap to undo: the config file is read first (nothing started
 * yet), then storage is opened (it takes the data directory's lock), then the port is bound,
 * then scraping starts. A failure at any step closes what the earlier steps opened.
 */

import type { Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { createApiServer, listen } from './api/server.js';
import { DEFAULT_LIMITS } from './api/deps.js';
import { hostChecker } from './api/hostCheck.js';
import { QueryPool } from './api/queryPool.js';
import type { ListenAddress } from './cli/flags.js';
import { HostCollector, Registry, registerProcessMetrics } from './collector/index.js';
import { configToYAML, defaultConfig, loadConfigFile, type Config } from './config/index.js';
import { ConfigWatcher } from './configWatcher.js';
import type { Logger } from './log.js';
import { ScrapeManager } from './scrape/manager.js';
import { TSDB } from './tsdb/index.js';

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
  /** The renderer's built files, or null to serve no UI. */
  readonly uiDir: string | null;
  /** All flags as text, for /api/v1/status/flags. */
  readonly flags: Readonly<Record<string, string>>;
  readonly logger: Logger;
}

export class HearthServer {
  private closing: Promise<void> | null = null;
  private watcher: ConfigWatcher | null = null;

  private constructor(
    readonly url: string,
    private readonly opts: ServerOptions,
    private readonly http: Server,
    private readonly storage: TSDB,
    private readonly queries: QueryPool,
    private readonly scrape: ScrapeManager,
    private config: Config,
    private readonly onConfig: (c: Config) => void,
  ) {}

  static async start(opts: ServerOptions): Promise<HearthServer> {
    const log = opts.logger;
    const fileConfig = opts.configFile === null ? null : await loadConfigFile(opts.configFile);

    const storage = TSDB.open(opts.dataDir, {
      retentionTimeMs: opts.retentionTimeMs,
      retentionSizeBytes: opts.retentionSizeBytes,
      logger: log.with({ component: 'tsdb' }),
    });
    let http: Server | null = null;
    let queries: QueryPool | null = null;
    try {
      queries = new QueryPool({
        handle: storage.readerHandle(),
        engine: { lookbackDeltaMs: opts.lookbackDeltaMs, timeoutMs: opts.queryTimeoutMs, maxSamples: opts.maxSamples },
        workers: Math.max(1, Math.min(4, availableParallelism())),
        maxConcurrency: opts.maxConcurrency,
        logger: log.with({ component: 'query engine' }),
      });
      const registry = new Registry();
      registerProcessMetrics(registry);
      const host = new HostCollector();
      const scrape = new ScrapeManager({ appendable: storage, logger: log.with({ component: 'scrape manager' }) });
      let ready = false;
      let allowedHost: (h: string | undefined) => boolean = () => false;
      // The config the API reports: replaced on every successful reload.
      let current: Config = fileConfig ?? defaultConfig(`${opts.listen.host}:${opts.listen.port}`);
      http = createApiServer({
        queries,
        storage,
        logger: log.with({ component: 'web' }),
        limits: DEFAULT_LIMITS,
        startTimeMs: Date.now(),
        flags: opts.flags,
        ready: () => ready,
        uiDir: opts.uiDir,
        metrics: () => registry.render(),
        hostMetrics: () => host.collect(),
        now: () => Date.now(),
        allowedHost: (h) => allowedHost(h),
        configYaml: () => configToYAML(current),
      });
      const addr = await listen(http, opts.listen.host, opts.listen.port);
      allowedHost = hostChecker(opts.listen.host, addr.port);
      const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      const selfAddress = `${hostPart === '0.0.0.0' || hostPart === '[::]' ? '127.0.0.1' : hostPart}:${addr.port}`;
      const config = fileConfig ?? defaultConfig(selfAddress);
      scrape.applyConfig(config);
      current = config;
      ready = true;
      const server = new HearthServer(`http://${selfAddress}`, opts, http, storage, queries, scrape, config, (c) => {
        current = c;
      });
      log.info('Server is ready to receive web requests.', { url: server.url, data: opts.dataDir });
      if (opts.configFile !== null) {
        server.watcher = new ConfigWatcher(opts.configFile, () => {
          server.reload().catch((err: unknown) => {
            log.error('Error reloading config; the running configuration is kept', { err: err instanceof Error ? err.message : String(err) });
          });
        });
        await server.watcher.start();
      }
      return server;
    } catch (err) {
      if (http?.listening) await new Promise<void>((r) => http!.close(() => r()));
      await queries?.close();
      storage.close();
      throw err;
    }
  }

  /**
   * Re-reads the config file. A file that fails to load is refused with its error and the
   * running config keeps working. Without a config file there is nothing to reload.
   */
  async reload(): Promise<void> {
    if (this.opts.configFile === null) return;
    const next = await loadConfigFile(this.opts.configFile);
    this.scrape.applyConfig(next);
    this.config = next;
    this.onConfig(next);
    this.opts.logger.info('Completed loading of configuration file', { filename: this.opts.configFile });
  }

  currentConfig(): Config {
    return this.config;
  }

  /** Stops scraping (the scrape in flight finishes its commit), stops serving, closes storage. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.watcher?.stop();
      await this.scrape.stop();
      // Connections still busy after a grace period are cut: a hung client must not keep us up.
      this.http.closeIdleConnections();
      const cut = setTimeout(() => this.http.closeAllConnections(), 5_000);
      await new Promise<void>((r) => this.http.close(() => r()));
      clearTimeout(cut);
      await this.queries.close();
      this.storage.close();
    })();
    return this.closing;
  }
}
