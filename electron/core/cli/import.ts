/**
 * `hearth import openmetrics FILE --storage.tsdb.path DIR`: backfills an OpenMetrics file with
 * timestamps (the input of `promtool tsdb create-blocks-from openmetrics`).
 */

import { statSync } from 'node:fs';
import { importOpenMetrics } from '../tsdb/index.js';
import { createLogger } from '../log.js';
import { defaultDataDir } from './dataDir.js';
import { formatHelp, parseArgs, UsageError, type FlagSpec } from './flags.js';
import { ProgressBar } from './progress.js';

const IMPORT_FLAGS: readonly FlagSpec[] = [
  { name: 'storage.tsdb.path', kind: 'path', placeholder: 'DIR', default: defaultDataDir(), help: 'Base path for metrics storage to import into.' },
];

export async function importCommand(argv: readonly string[]): Promise<number> {
  const [format, ...rest] = argv;
  if (format === undefined || format === '--help' || format === '-h') {
    process.stdout.write(formatHelp('hearth import openmetrics FILE [<flags>]', 'Import samples from a file into Hearth\'s storage. Formats: openmetrics.', IMPORT_FLAGS));
    return format === undefined ? 2 : 0;
  }
  if (format !== 'openmetrics') throw new UsageError(`hearth import: unknown format '${format}' (supported: openmetrics)`);
  const args = parseArgs('hearth import openmetrics', IMPORT_FLAGS, rest);
  if (args.help) {
    process.stdout.write(formatHelp('hearth import openmetrics FILE [<flags>]', 'Import an OpenMetrics text file with timestamps.', IMPORT_FLAGS));
    return 0;
  }
  const file = args.positionals[0];
  if (file === undefined) throw new UsageError('hearth import openmetrics: required argument FILE not provided');
  if (args.positionals.length > 1) throw new UsageError(`hearth import openmetrics: unexpected argument '${args.positionals[1]}'`);
  try {
    statSync(file);
  } catch {
    throw new UsageError(`hearth import openmetrics: cannot read ${file}: no such file`);
  }
  const dir = args.values['storage.tsdb.path'] as string;
  const bar = new ProgressBar('importing');
  const t0 = Date.now();
  const res = await importOpenMetrics(file, dir, {
    logger: createLogger('warn'),
    onProgress: (read, total, samples) => bar.update(read, total, `${samples.toLocaleString('en-US')} samples`),
  });
  bar.done();
  const secs = (Date.now() - t0) / 1000;
  process.stdout.write(
    `imported ${res.samples} samples of ${res.series} series from ${file} into ${dir} in ${secs.toFixed(1)} s` +
      (res.samples > 0 ? ` (${new Date(res.minTime).toISOString()} to ${new Date(res.maxTime).toISOString()})` : '') +
      '\n',
  );
  return 0;
}
