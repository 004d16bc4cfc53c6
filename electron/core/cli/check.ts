/**
 * `hearth check config FILE...`: validates prometheus.yml files the way `promtool check config` does.
 */

import { checkConfigFiles } from './checkConfig.js';
import { formatHelp, UsageError } from './flags.js';

export async function checkCommand(argv: readonly string[]): Promise<number> {
  const [what, ...files] = argv;
  if (what === undefined || what === '--help' || what === '-h') {
    process.stdout.write(formatHelp('hearth check config FILE...', 'Check that configuration files are valid, as promtool check config does.', []));
    return what === undefined ? 2 : 0;
  }
  if (what !== 'config') throw new UsageError(`hearth check: unknown check '${what}' (supported: config)`);
  if (files.includes('--help') || files.includes('-h')) {
    process.stdout.write(formatHelp('hearth check config FILE...', 'Check that configuration files are valid.', []));
    return 0;
  }
  const unknown = files.find((f) => f.startsWith('--'));
  if (unknown) throw new UsageError(`hearth check config: unknown long flag '${unknown}', try --help`);
  if (files.length === 0) throw new UsageError('hearth check config: required argument FILE not provided');
  return checkConfigFiles(files, (line) => process.stdout.write(line + '\n'));
}
