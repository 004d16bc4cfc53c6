/**
 * `hearth serve`: runs the core headless until SIGINT/SIGTERM; SIGHUP reloads the config.
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORT } from '../../../shared/version.js';
import { createLogger, type LogLevel } from '../log.js';
import { HearthServer, type ListenAddress } from '../server.js';
import { defaultDataDir } from './dataDir.js';
import { notifyShell, onShellMessage } from './shellChannel.js';
import { formatHelp, parseArgs, StartupError, UsageError, type FlagSpec } from './flags.js';

export const SERVE_FLAGS: readonly FlagSpec[] = [
  { name: 'config.file', kind: 'path', placeholder: 'FILE', help: 'Prometheus configuration file (prometheus.yml). Without it Hearth scrapes its own metrics and the built-in host collector.' },
  { name: 'web.listen-address', kind: 'address', placeholder: 'HOST:PORT', default: `127.0.0.1:${DEFAULT_PORT}`, help: 'Address to listen on for the UI and the API. Loopback only by default.' },
  { name: 'web.config.file', kind: 'path', placeholder: 'FILE', help: 'Path to a configuration file that can enable TLS or basic authentication (Prometheus\'s web config format).' },
  { name: 'web.enable-remote-write-receiver', kind: 'bool', default: 'false', help: 'Enable the API endpoint accepting remote write requests (/api/v1/write).' },
  { name: 'web.max-connections', kind: 'int', default: '512', help: 'Maximum number of simultaneous connections; more are closed at once.' },
  { name: 'web.cors.origin', kind: 'string', placeholder: 'REGEX', default: '', help: 'Regex for CORS origins that may read the API, anchored. Empty (the default) allows no other origin; Prometheus defaults to \'.*\'.' },
  { name: 'storage.tsdb.path', kind: 'path', placeholder: 'DIR', default: defaultDataDir(), help: 'Base path for metrics storage.' },
  { name: 'storage.tsdb.retention.time', kind: 'duration', default: '15d', help: 'How long to retain samples in storage. 0 keeps them until the size limit.' },
  { name: 'storage.tsdb.retention.size', kind: 'bytes', default: '0', help: 'Maximum number of bytes of storage blocks to retain, e.g. 10GB. 0 means no limit.' },
  { name: 'query.lookback-delta', kind: 'duration', default: '5m', help: 'The maximum lookback duration for retrieving metrics during expression evaluations.' },
  { name: 'query.timeout', kind: 'duration', default: '2m', help: 'Maximum time a query may take before being aborted.' },
  { name: 'query.max-samples', kind: 'int', default: '50000000', help: 'Maximum number of samples a single query can load into memory.' },
  { name: 'query.max-response-bytes', kind: 'bytes', default: '64MB', help: 'Largest answer of a query, series or label listing, or federation, as JSON or text; larger ones are refused while being built. 0 means no limit.' },
  { name: 'query.max-concurrency', kind: 'int', default: '20', help: 'Maximum number of queries executed or waiting at once.' },
  { name: 'web.external-url', kind: 'string', placeholder: 'URL', default: '', help: 'The URL under which Hearth is reached from outside (alerts\' generatorURL, $externalURL in templates). Empty: the address it listens on.' },
  { name: 'rules.alert.for-outage-tolerance', kind: 'duration', default: '1h', help: 'Max time to tolerate an outage when restoring the state of alerts (firing, pending, keep_firing_for) after a restart.' },
  { name: 'rules.alert.for-grace-period', kind: 'duration', default: '10m', help: 'Minimum time between a restart and a restored pending alert firing, when its `for` is at least this long.' },
  { name: 'rules.alert.resend-delay', kind: 'duration', default: '1m', help: 'Minimum amount of time to wait before resending an alert to Alertmanager.' },
  { name: 'rules.max-concurrent-evals', kind: 'int', default: '4', help: 'Most rule queries evaluating at once, over all rule groups.' },
  { name: 'log.level', kind: 'enum', values: ['debug', 'info', 'warn', 'error'], default: 'info', help: 'Only log messages with the given severity or above.' },
];

/** The renderer's built files, found relative to this module in dist/. */
export function builtUiDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = join(here, '..', '..', '..', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

export async function serveCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs('hearth serve', SERVE_FLAGS, argv);
  if (args.help) {
    process.stdout.write(formatHelp('hearth serve [<flags>]', 'Run Hearth headless: scrape, store, evaluate, and serve the UI and the Prometheus API.', SERVE_FLAGS));
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`hearth serve: unexpected argument '${args.positionals[0]}'`);
  const v = args.values;
  if ((v['rules.max-concurrent-evals'] as number) < 1) throw new UsageError(`hearth serve: invalid value "${args.raw['rules.max-concurrent-evals']}" for flag '--rules.max-concurrent-evals': expected at least 1`);
  const externalUrl = v['web.external-url'] as string;
  if (externalUrl !== '' && !/^https?:\/\/[^/]+/.test(externalUrl)) throw new UsageError(`hearth serve: invalid value "${externalUrl}" for flag '--web.external-url': expected an http:// or https:// URL`);
  if ((v['web.max-connections'] as number) < 1) throw new UsageError(`hearth serve: invalid value "${args.raw['web.max-connections']}" for flag '--web.max-connections': expected at least 1`);
  const logger = createLogger(v['log.level'] as LogLevel);
  let server: HearthServer;
  try {
    server = await HearthServer.start({
    listen: v['web.listen-address'] as ListenAddress,
    dataDir: v['storage.tsdb.path'] as string,
    configFile: (v['config.file'] as string | undefined) ?? null,
    retentionTimeMs: v['storage.tsdb.retention.time'] as number,
    retentionSizeBytes: v['storage.tsdb.retention.size'] as number,
    lookbackDeltaMs: v['query.lookback-delta'] as number,
    queryTimeoutMs: v['query.timeout'] as number,
    maxSamples: v['query.max-samples'] as number,
    maxConcurrency: v['query.max-concurrency'] as number,
    maxResponseBytes: v['query.max-response-bytes'] as number,
    uiDir: builtUiDir(),
    // Every flag, as Prometheus lists them: unset ones as empty strings.
    flags: Object.fromEntries(SERVE_FLAGS.map((f) => [f.name, args.raw[f.name] ?? ''])),
    logger,
    webConfigFile: (v['web.config.file'] as string | undefined) ?? null,
    enableRemoteWriteReceiver: v['web.enable-remote-write-receiver'] === true,
    corsOrigin: (v['web.cors.origin'] as string | undefined) ?? '',
    maxConnections: v['web.max-connections'] as number,
    externalUrl,
    rules: {
      outageToleranceMs: v['rules.alert.for-outage-tolerance'] as number,
      forGracePeriodMs: v['rules.alert.for-grace-period'] as number,
      resendDelayMs: v['rules.alert.resend-delay'] as number,
      maxConcurrentEvals: v['rules.max-concurrent-evals'] as number,
    },
  });
  } catch (err) {
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  // A line for people and for the desktop shell, which waits for it.
  process.stdout.write(`Hearth is running at ${server.url}/\n`);
  notifyShell({ type: 'hearth:ready', url: server.url });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('Received signal, exiting gracefully...', { signal });
      server.close().then(
        () => {
          logger.info('See you next time!');
          resolve(0);
        },
        (err: unknown) => {
          logger.error('error during shutdown', { err: String(err) });
          resolve(1);
        },
      );
    };
    server.onQuitRequested = () => stop('/-/quit');
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGHUP', () => {
      server.reload().catch((err: unknown) => {
        logger.error('Error reloading config; the running configuration is kept', { err: err instanceof Error ? err.message : String(err) });
      });
    });
    // The desktop shell asks the core to stop when the app quits.
    onShellMessage((m) => {
      if (m.type === 'hearth:stop') stop('shell');
    });
  });
}
