/**
 * `hearth test rules [--run REGEX]... [--debug] [--diff] [--ignore-unknown-fields] [--junit FILE] FILE...`: promtool's
 * `test rules`, on Hearth's rule engine. Standard output and error and the exit code are
 * promtool's (0 all passed, 1 a test failed); a usage error exits 2.
 */

import { writeFileSync } from 'node:fs';
import { RegexError } from '../model/regex.js';
import { engineGroupLoaderWith } from '../rules/unittest/engineGroups.js';
import { JUnitReport, runRuleTests } from '../rules/unittest/index.js';
import { formatHelp, parseArgs, UsageError, type FlagSpec } from './flags.js';

const FLAGS: readonly FlagSpec[] = [
  {
    name: 'run',
    kind: 'string',
    placeholder: 'REGEX',
    help: 'Only run test groups whose names match the regular expression (RE2, anywhere in the name). Can be given more than once.',
  },
  { name: 'debug', kind: 'bool', help: 'Print each test group as it starts and ends, and dump all series (input and recorded) after it.' },
  { name: 'diff', kind: 'bool', help: 'Print a diff of expected and got alerts instead of the two listings.' },
  { name: 'ignore-unknown-fields', kind: 'bool', help: 'Ignore fields the rule file format does not know instead of failing on them.' },
  { name: 'junit', kind: 'path', placeholder: 'FILE', help: 'Write the results as JUnit XML to FILE.' },
];

const USAGE = 'hearth test rules [--run REGEX]... [--debug] [--diff] [--ignore-unknown-fields] [--junit FILE] FILE...';

export async function testCommand(argv: readonly string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h') {
    process.stdout.write(formatHelp(USAGE, 'Unit-test rule files, as promtool test rules does.', FLAGS));
    return what === undefined ? 2 : 0;
  }
  if (what !== 'rules') throw new UsageError(`hearth test: unknown test '${what}' (supported: rules)`);
  return testRulesCommand(rest);
}

export async function testRulesCommand(argv: readonly string[]): Promise<number> {
  // --run may repeat: collect every occurrence before the one-value-per-flag parser sees them.
  const run: string[] = [];
  const others: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      others.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--run=')) run.push(a.slice('--run='.length));
    else if (a === '--run') {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError("hearth test rules: expected argument for flag '--run'");
      run.push(v);
      i++;
    } else others.push(a);
  }
  const args = parseArgs('hearth test rules', FLAGS, others);
  if (args.help) {
    process.stdout.write(formatHelp(USAGE, 'Unit-test rule files, as promtool test rules does.', FLAGS));
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('hearth test rules: required argument FILE not provided');
  const junitPath = args.values['junit'] as string | undefined;
  const junit = junitPath !== undefined ? new JUnitReport() : undefined;
  let code: number;
  try {
    code = await runRuleTests(args.positionals, {
      run,
      debug: args.values['debug'] === true,
      diff: args.values['diff'] === true,
      loadGroups: engineGroupLoaderWith({ ignoreUnknownFields: args.values['ignore-unknown-fields'] === true }),
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      ...(junit ? { junit } : {}),
    });
  } catch (e) {
    if (e instanceof RegexError) throw new UsageError(`hearth test rules: invalid --run pattern: ${(e as Error).message}`);
    throw e;
  }
  if (junit && junitPath !== undefined) {
    try {
      writeFileSync(junitPath, junit.toXML());
    } catch (e) {
      process.stderr.write(`failed to write JUnit XML: ${(e as Error).message}\n`);
    }
  }
  return code;
}
