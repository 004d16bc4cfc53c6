#!/usr/bin/env node
/**
 * `hearth <command>`: the one program behind `npm run hearth -- …` and the desktop app's core.
 * Usage errors print one line and exit 2; everything else that fails prints one line and exits 1.
 */

import { HEARTH_VERSION, PROMETHEUS_COMPAT_VERSION } from '../../shared/version.js';
import { UsageError } from './cli/flags.js';

const USAGE = `usage: hearth <command> [<args>]

Commands:
  serve                         Run Hearth headless: scrape, store, query, serve the UI and API.
  import openmetrics FILE       Backfill an OpenMetrics file into storage.
  check config FILE...          Check prometheus.yml files and their rule files, as promtool check config does.
  check rules [FILE...]         Check rule files (standard input without FILE), as promtool check rules does.
  promqltest FILE...            Run PromQL test files (Prometheus's promqltest format).
  test rules FILE...            Unit-test rule files, as promtool test rules does.
  backtest rules FILE --start T --end T
                                Replay alerting rules over stored data: when each alert would fire.
  version                       Print the version.

Run 'hearth <command> --help' for the flags of a command.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'serve':
      return (await import('./cli/serve.js')).serveCommand(rest);
    case 'import':
      return (await import('./cli/import.js')).importCommand(rest);
    case 'check':
      return (await import('./cli/check.js')).checkCommand(rest);
    case 'promqltest':
      return (await import('./cli/promqltest.js')).promqltestCommand(rest);
    case 'test':
      return (await import('./cli/testRules.js')).testCommand(rest);
    case 'backtest':
      return (await import('./cli/backtest.js')).backtestCommand(rest);
    case 'version':
    case '--version':
      process.stdout.write(`hearth, version ${HEARTH_VERSION} (Prometheus-compatible ${PROMETHEUS_COMPAT_VERSION}, node ${process.version})\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      throw new UsageError(`hearth: unknown command '${cmd}', try --help`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const msg = (err instanceof Error ? err.message : String(err)).replace(/^hearth[^:]*: /, '');
    // One line, whatever the error: multi-line messages (config errors) are joined.
    const line = msg.split('\n').map((l) => l.trim()).filter((l) => l !== '').join('; ');
    process.stderr.write(`hearth: error: ${line}\n`);
    if (process.env['HEARTH_DEBUG']) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    // Usage errors and bad input at start-up (data dir, port, config) exit 2; anything else 1.
    const code = (err as { exitCode?: unknown } | null)?.exitCode;
    process.exitCode = typeof code === 'number' ? code : 1;
  },
);
