/**
 * `hearth check config|rules …`: validates prometheus.yml and rule files the way
 * `promtool check config` and `promtool check rules` do, with their output and exit codes.
 */

import { CONFIG_LINT_OPTIONS, checkConfigFiles, parseConfigLint } from './checkConfig.js';
import { checkRulesCommand, RULES_LINT_FLAGS } from './checkRules.js';
import { formatHelp, parseArgs, UsageError, type FlagSpec } from './flags.js';

const CONFIG_FLAGS: readonly FlagSpec[] = [
  { name: 'syntax-only', kind: 'bool', default: 'false', help: 'Only check the config file syntax: no rule files, credential, TLS or file_sd files are read.' },
  {
    ...RULES_LINT_FLAGS[0]!,
    help: `Linting checks to apply to the rule files and scrape configs, comma-separated: ${CONFIG_LINT_OPTIONS.join(', ')}. Use --lint=none to disable linting.`,
  },
  ...RULES_LINT_FLAGS.slice(1),
  {
    name: 'query.lookback-delta',
    kind: 'duration',
    default: '5m',
    help: "The server's lookback delta: the too-long-scrape-interval lint fails a scrape interval at or above it.",
  },
];

const CHECK_HELP = `usage: hearth check <what> [<flags>] ...

Check files for validity, as promtool check does.

Commands:
  config FILE...      Check prometheus.yml files, and the rule files they list.
  rules [FILE...]     Check rule files (standard input when no FILE is given).
`;

export async function checkCommand(argv: readonly string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h') {
    process.stdout.write(CHECK_HELP);
    return what === undefined ? 2 : 0;
  }
  if (what === 'rules') return checkRulesCommand(rest);
  if (what !== 'config') throw new UsageError(`hearth check: unknown check '${what}' (supported: config, rules)`);
  const args = parseArgs('hearth check config', CONFIG_FLAGS, rest);
  if (args.help) {
    process.stdout.write(formatHelp('hearth check config [<flags>] FILE...', 'Check that configuration files are valid, as promtool check config does.', CONFIG_FLAGS));
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('hearth check config: required argument FILE not provided');
  const out = (line: string): void => void process.stdout.write(line + '\n');
  const err = (line: string): void => void process.stderr.write(line + '\n');
  const { lint, lintScrapeIntervalMs } = parseConfigLint(
    String(args.values['lint']),
    args.values['lint-fatal'] === true,
    args.values['ignore-unknown-fields'] === true,
    Number(args.values['query.lookback-delta']),
    out,
  );
  return checkConfigFiles([...args.positionals], out, { err, lint, lintScrapeIntervalMs, syntaxOnly: args.values['syntax-only'] === true });
}
