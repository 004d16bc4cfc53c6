/**
 * `hearth check notify FILE...`: validates alertmanager.yml files as `amtool check-config`
 * does, with its output ("Checking 'F'  SUCCESS", the "Found:" counts, the templates' verdict,
 * a blank line after each file) and exit code (1 when any file fails). Hearth's errors add
 * line and column to Alertmanager's wording.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { globSync } from '../config/glob.js';
import { loadNotifyConfig, NotifyConfigError, parseNotifyConfig, type NotifyConfig } from '../notify/config/index.js';
import { parseTemplateSet, type TemplateFunc } from '../template/index.js';

/** Alertmanager's template functions (template.DefaultFuncs): checking needs their names, not their work. */
const ALERTMANAGER_FUNC_NAMES = [
  'toUpper',
  'toLower',
  'title',
  'trimSpace',
  'join',
  'match',
  'safeHtml',
  'safeUrl',
  'urlUnescape',
  'reReplaceAll',
  'stringSlice',
  'date',
  'tz',
  'since',
  'humanizeDuration',
  'toJson',
  'list',
  'append',
  'dict',
];

const notRun: TemplateFunc = () => {
  throw new Error('template functions do not run while checking');
};
const CHECK_FUNCS: Record<string, TemplateFunc> = Object.fromEntries(ALERTMANAGER_FUNC_NAMES.map((n) => [n, notRun]));

type Out = (text: string) => void;

/** template.FromGlobs: every file each glob matches parses (a glob matching nothing is fine). */
export function checkTemplates(globs: readonly string[]): string | null {
  try {
    for (const g of globs) {
      for (const file of globSync(g)) {
        parseTemplateSet([{ name: basename(file), text: readFileSync(file, 'utf8') }], { funcs: CHECK_FUNCS });
      }
    }
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function found(cfg: NotifyConfig, out: Out): boolean {
  out('Found:\n');
  out(' - global config\n');
  out(' - route\n');
  out(` - ${cfg.inhibitRules.length} inhibit rules\n`);
  out(` - ${cfg.receivers.length} receivers\n`);
  out(` - ${cfg.templates.length} templates\n`);
  if (cfg.templates.length === 0) return true;
  const err = checkTemplates(cfg.templates);
  out(err === null ? '  SUCCESS\n' : `  FAILED: ${err}\n`);
  return err === null;
}

/** Checks each file; returns the exit code. `files` empty means standard input, as amtool reads it. */
export async function checkNotifyFiles(files: readonly string[], out: Out, err: Out): Promise<number> {
  const stdin = files.length === 0;
  const paths = stdin ? ['/dev/stdin'] : files;
  // amtool's argument parser refuses missing paths and folders before checking anything.
  for (const p of stdin ? [] : paths) {
    if (!existsSync(p)) {
      err(`hearth: error: path '${p}' does not exist\n`);
      return 1;
    }
    if (statSync(p).isDirectory()) {
      err(`hearth: error: '${basename(p)}' is a directory\n`);
      return 1;
    }
  }
  let failed = 0;
  for (const p of paths) {
    out(`Checking '${p}'`);
    let cfg: NotifyConfig;
    try {
      // Standard input by descriptor: /dev/stdin cannot be opened when it is a socket.
      cfg = stdin ? parseNotifyConfig(readFileSync(0, 'utf8'), p) : await loadNotifyConfig(p);
    } catch (e) {
      if (!(e instanceof NotifyConfigError)) throw e;
      out(`  FAILED: ${e.detail}\n\n`);
      failed++;
      continue;
    }
    out('  SUCCESS\n');
    if (!found(cfg, out)) failed++;
    out('\n');
  }
  if (failed > 0) {
    err(`hearth: error: failed to validate ${failed} file(s)\n`);
    return 1;
  }
  return 0;
}
