/**
 * `hearth check rules [FILE...]`: what `promtool check rules` prints and its exit code.
 * Per file: `Checking FILE`, then `  SUCCESS: N rules found` or `  FAILED:` and the errors,
 * then a blank line (none after errors, as promtool). Progress goes to `out` (stdout), failures
 * to `err` (stderr). Lint findings fail the check but exit 0 unless --lint-fatal (exit 3);
 * errors exit 1. Without files, standard input is checked.
 */

import { findDuplicateRules, parseRuleFileBytes, readRuleFile, type DuplicateRule, type ParsedRuleFile, type RuleFileError } from '../rules/file/index.js';
import { formatHelp, parseArgs, type FlagSpec } from './flags.js';

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
/** One or more lint problems, with --lint-fatal. */
export const EXIT_LINT = 3;

export interface RulesLint {
  readonly duplicateRules: boolean;
  /** Lint findings exit 3 instead of 0. */
  readonly fatal: boolean;
  readonly ignoreUnknownFields: boolean;
}

export interface CheckOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface RulesCheckResult {
  /** Something was reported: an error or a lint finding. */
  readonly failed: boolean;
  /** Something other than a lint finding was reported. */
  readonly hasErrors: boolean;
}

export const LINT_OPTIONS = ['all', 'duplicate-rules', 'none'] as const;

/**
 * promtool's --lint value: comma-separated options; an unknown one is only warned about
 * (on `out`), as promtool does.
 */
export function parseRulesLint(text: string, fatal: boolean, ignoreUnknownFields: boolean, out: (line: string) => void): RulesLint {
  let duplicateRules = false;
  if (text !== '') {
    for (const opt of text.split(',')) {
      if (opt === 'all' || opt === 'duplicate-rules') duplicateRules = true;
      else if (opt !== 'none') out(`WARNING: unknown lint option: ${JSON.stringify(opt)}`);
    }
  }
  return { duplicateRules, fatal, ignoreUnknownFields };
}

/** promtool's exit code from what the checks reported. */
export function exitCode(r: RulesCheckResult, fatal: boolean): number {
  if (r.failed && r.hasErrors) return EXIT_FAILURE;
  if (r.failed && fatal) return EXIT_LINT;
  return EXIT_SUCCESS;
}

/** Checks rule files one after the other, printing promtool's blocks. */
export function checkRuleFiles(files: readonly string[], lint: RulesLint, io: CheckOutput): RulesCheckResult {
  let failed = false;
  let hasErrors = false;
  for (const f of files) {
    io.out(`Checking ${f}`);
    const r = report(readRuleFile(f, { ignoreUnknownFields: lint.ignoreUnknownFields }), f, lint, io);
    failed ||= r.failed;
    hasErrors ||= r.hasErrors;
  }
  return { failed, hasErrors };
}

/** Checks rule file text read from standard input (errors carry no file name, as promtool's). */
export function checkRulesText(bytes: Uint8Array, lint: RulesLint, io: CheckOutput): RulesCheckResult {
  io.out('Checking standard input');
  return report(parseRuleFileBytes(bytes, '', { ignoreUnknownFields: lint.ignoreUnknownFields }), '', lint, io);
}

function report(parsed: ParsedRuleFile, file: string, lint: RulesLint, io: CheckOutput): RulesCheckResult {
  if (parsed.file === null) {
    io.err('  FAILED:');
    for (const line of formatRuleFileErrors(parsed.errors, file)) io.err(line);
    return { failed: true, hasErrors: true };
  }
  const dups = lint.duplicateRules ? findDuplicateRules(parsed.file) : [];
  let failed = false;
  if (dups.length > 0) {
    io.err('  FAILED:');
    for (const line of formatDuplicates(dups)) io.err(line);
    failed = true;
  } else {
    const n = parsed.file.groups.reduce((sum, g) => sum + g.rules.length, 0);
    io.out(`  SUCCESS: ${n} rules found`);
  }
  io.out('');
  return { failed, hasErrors: false };
}

/**
 * The errors as promtool prints them: the YAML shape errors together under
 * `FILE: yaml: unmarshal errors:` (each `  line L, column C: …`, where yaml.v3 gives the line
 * only), every other error on its own as `FILE: L:C: …`.
 */
export function formatRuleFileErrors(errors: readonly RuleFileError[], file: string): string[] {
  const prefix = file === '' ? '' : `${file}: `;
  const lines: string[] = [];
  let inUnmarshal = false;
  for (const e of errors) {
    if (e.kind === 'unmarshal') {
      if (!inUnmarshal) lines.push(`${prefix}yaml: unmarshal errors:`);
      inUnmarshal = true;
      lines.push(`  ${e.pos ? `line ${e.pos.line}, column ${e.pos.column}: ` : ''}${e.detail}`);
      continue;
    }
    inUnmarshal = false;
    lines.push(...e.message.split('\n'));
  }
  return lines;
}

/** promtool's lint error text, line by line. */
export function formatDuplicates(dups: readonly DuplicateRule[]): string[] {
  const lines = [`lint error ${dups.length} duplicate rule(s) found.`];
  for (const d of dups) {
    lines.push(`Metric: ${d.metric}`, 'Label(s):');
    for (const [n, v] of d.labels) lines.push(`\t${n}: ${v}`);
  }
  lines.push('Might cause inconsistency while recording expressions');
  return lines;
}

export const RULES_LINT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'lint',
    kind: 'string',
    default: 'duplicate-rules',
    placeholder: 'OPTIONS',
    help: `Linting checks to apply, comma-separated: ${LINT_OPTIONS.join(', ')}. Use --lint=none to disable linting.`,
  },
  { name: 'lint-fatal', kind: 'bool', default: 'false', help: 'Make lint findings exit with exit code 3.' },
  {
    name: 'ignore-unknown-fields',
    kind: 'bool',
    default: 'false',
    help: 'Ignore unknown fields in rule files (Hearth and Prometheus still refuse them when loading rules).',
  },
];

const USAGE = 'hearth check rules [<flags>] [FILE...]';
const DESCRIPTION = 'Check that rule files are valid, as promtool check rules does; without FILE, standard input is checked.';

export async function checkRulesCommand(argv: readonly string[], io: CheckOutput = stdio(), stdin: () => Promise<Uint8Array> = readStdin): Promise<number> {
  const args = parseArgs('hearth check rules', RULES_LINT_FLAGS, argv);
  if (args.help) {
    io.out(formatHelp(USAGE, DESCRIPTION, RULES_LINT_FLAGS).replace(/\n$/, ''));
    return EXIT_SUCCESS;
  }
  const lint = parseRulesLint(String(args.values['lint']), args.values['lint-fatal'] === true, args.values['ignore-unknown-fields'] === true, io.out);
  const r = args.positionals.length === 0 ? checkRulesText(await stdin(), lint, io) : checkRuleFiles(args.positionals, lint, io);
  return exitCode(r, lint.fatal);
}

function stdio(): CheckOutput {
  return { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
