/**
 * Command-line flags in Prometheus's style (`--storage.tsdb.path=DIR` or `--storage.tsdb.path DIR`,
 * `--flag`/`--no-flag` for booleans). Each command declares its flags; every flag has help text,
 * and an unknown flag or a bad value is a one-line UsageError naming the flag (exit code 2).
 */

import { parseDuration } from '../../../shared/duration.js';
import type { ListenAddress } from '../server.js';

export type FlagKind = 'string' | 'path' | 'duration' | 'bytes' | 'int' | 'bool' | 'address' | 'enum';

export interface FlagSpec {
  readonly name: string;
  readonly help: string;
  readonly kind: FlagKind;
  /** Default as text, shown in help; absent means "no default" (optional flag). */
  readonly default?: string;
  /** Allowed values for kind 'enum'. */
  readonly values?: readonly string[];
  /** Placeholder shown in help, e.g. DIR. */
  readonly placeholder?: string;
}

export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Bad input found while starting (data dir, port, config file): exit code 2, like a usage error. */
export class StartupError extends Error {
  readonly exitCode = 2;
}

export type FlagValue = string | number | boolean | ListenAddress;

export interface ParsedArgs {
  /** Parsed values by flag name, defaults filled in. */
  readonly values: Readonly<Record<string, FlagValue | undefined>>;
  /** Flags as text, defaults included (for /api/v1/status/flags). */
  readonly raw: Readonly<Record<string, string>>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

export function parseArgs(command: string, specs: readonly FlagSpec[], argv: readonly string[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const raw: Record<string, string> = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`${command}: unknown short flag '${arg}', try --help`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    let spec = byName.get(name);
    if (!spec && name.startsWith('no-') && value === undefined) {
      const pos = byName.get(name.slice(3));
      if (pos?.kind === 'bool') {
        spec = pos;
        name = pos.name;
        value = 'false';
      }
    }
    if (!spec) throw new UsageError(`${command}: unknown long flag '--${name}', try --help`);
    if (value === undefined) {
      if (spec.kind === 'bool') value = 'true';
      else {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('--') && next.length > 2)) {
          throw new UsageError(`${command}: expected argument for flag '--${name}'`);
        }
        value = next;
        i++;
      }
    }
    raw[name] = value;
  }
  const values: Record<string, FlagValue | undefined> = {};
  const allRaw: Record<string, string> = {};
  for (const spec of specs) {
    const text = raw[spec.name] ?? spec.default;
    if (text === undefined) continue;
    allRaw[spec.name] = text;
    values[spec.name] = convert(command, spec, text);
  }
  return { values, raw: allRaw, positionals, help };
}

function convert(command: string, spec: FlagSpec, text: string): FlagValue {
  const bad = (why: string) => new UsageError(`${command}: invalid value "${text}" for flag '--${spec.name}': ${why}`);
  switch (spec.kind) {
    case 'string':
    case 'path':
      return text;
    case 'bool':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw bad('expected true or false');
    case 'int': {
      if (!/^-?\d+$/.test(text)) throw bad('expected an integer');
      return Number(text);
    }
    case 'duration':
      try {
        return parseDuration(text);
      } catch {
        throw bad('expected a duration such as 15s, 5m or 1h30m');
      }
    case 'bytes':
      return parseBytes(text, bad);
    case 'address':
      return parseListenAddress(text, bad);
    case 'enum':
      if (!spec.values?.includes(text)) throw bad(`expected one of ${spec.values?.join(', ')}`);
      return text;
  }
}

const BYTE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
  PB: 1024 ** 5,
  EB: 1024 ** 6,
};

/** Prometheus's units.Base2Bytes: "512MB", "1GB", "0" (base 2). */
function parseBytes(text: string, bad: (why: string) => UsageError): number {
  if (text === '0') return 0;
  const m = /^(\d+)(B|KB|MB|GB|TB|PB|EB)$/.exec(text);
  if (!m) throw bad('expected a size such as 512MB or 10GB');
  return Number(m[1]) * BYTE_UNITS[m[2]!]!;
}

/** `host:port`, `[v6]:port` or `:port` (all interfaces). */
export function parseListenAddress(text: string, bad: (why: string) => Error = (w) => new Error(w)): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(text);
  if (!m) throw bad('expected host:port, e.g. 127.0.0.1:9190');
  const port = Number(m[3]);
  if (port > 65535) throw bad('port out of range');
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}

export function formatHelp(usage: string, description: string, specs: readonly FlagSpec[]): string {
  const lines = [`usage: ${usage}`, '', description, '', 'Flags:', '  -h, --help  Show help for this command.'];
  for (const s of specs) {
    const ph = s.kind === 'bool' ? '' : `=${s.placeholder ?? s.kind.toUpperCase()}`;
    const def = s.default !== undefined ? ` (default: ${s.default === '' ? '""' : s.default})` : '';
    lines.push(`  --${s.name}${ph}`);
    lines.push(`      ${s.help}${def}`);
  }
  return lines.join('\n') + '\n';
}
