/**
 * `hearth promqltest FILE...`: runs PromQL test files (the format of Prometheus's promqltest)
 * against an in-memory store, printing failures with file:line and one summary line.
 */

import { runPromqlTestFiles } from '../promql/promqltest/index.js';
import { formatHelp, UsageError } from './flags.js';

export async function promqltestCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(formatHelp('hearth promqltest FILE...', 'Run PromQL test files against an in-memory store. Skips come from the skip list in the repo.', []));
    return 0;
  }
  const unknown = argv.find((f) => f.startsWith('--'));
  if (unknown) throw new UsageError(`hearth promqltest: unknown long flag '${unknown}', try --help`);
  if (argv.length === 0) throw new UsageError('hearth promqltest: required argument FILE not provided');
  const summary = await runPromqlTestFiles([...argv], { out: (line) => process.stdout.write(line + '\n') });
  return summary.failed > 0 ? 1 : 0;
}
