import { describe, expect, it } from 'vitest';
import { formatHelp, parseArgs, parseListenAddress, UsageError, type FlagSpec } from '../../../../electron/core/cli/flags.js';

const SPECS: FlagSpec[] = [
  { name: 'web.listen-address', kind: 'address', default: '127.0.0.1:9190', help: 'listen' },
  { name: 'storage.tsdb.retention.time', kind: 'duration', default: '15d', help: 'retention' },
  { name: 'storage.tsdb.retention.size', kind: 'bytes', default: '0', help: 'size' },
  { name: 'config.file', kind: 'path', help: 'config' },
  { name: 'log.level', kind: 'enum', values: ['info', 'debug'], default: 'info', help: 'level' },
  { name: 'web.enable-x', kind: 'bool', default: 'false', help: 'x' },
];

describe('parseArgs', () => {
  it('fills defaults and accepts --flag=value and --flag value', () => {
    const a = parseArgs('t', SPECS, ['--config.file=/etc/p.yml', '--storage.tsdb.retention.time', '2h', 'pos']);
    expect(a.values['config.file']).toBe('/etc/p.yml');
    expect(a.values['storage.tsdb.retention.time']).toBe(7_200_000);
    expect(a.values['web.listen-address']).toEqual({ host: '127.0.0.1', port: 9190 });
    expect(a.values['storage.tsdb.retention.size']).toBe(0);
    expect(a.positionals).toEqual(['pos']);
    expect(a.raw['storage.tsdb.retention.time']).toBe('2h');
  });

  it('handles booleans with --flag and --no-flag', () => {
    expect(parseArgs('t', SPECS, ['--web.enable-x']).values['web.enable-x']).toBe(true);
    expect(parseArgs('t', SPECS, ['--no-web.enable-x']).values['web.enable-x']).toBe(false);
  });

  it('names the flag in one line for unknown flags and bad values', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--nope'], /unknown long flag '--nope'/],
      [['--storage.tsdb.retention.time=5x'], /invalid value "5x" for flag '--storage.tsdb.retention.time'/],
      [['--web.listen-address=localhost'], /flag '--web.listen-address'.*host:port/],
      [['--web.listen-address=:99999'], /port out of range/],
      [['--storage.tsdb.retention.size=10 GB'], /'--storage.tsdb.retention.size'/],
      [['--log.level=loud'], /expected one of info, debug/],
      [['--config.file'], /expected argument for flag '--config.file'/],
      [['-x'], /unknown short flag '-x'/],
    ];
    for (const [argv, re] of cases) {
      let err: unknown;
      try {
        parseArgs('t', SPECS, argv);
      } catch (e) {
        err = e;
      }
      expect(err, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toContain('\n');
      expect((err as UsageError).exitCode).toBe(2);
    }
  });

  it('parses sizes in base 2 like Prometheus', () => {
    expect(parseArgs('t', SPECS, ['--storage.tsdb.retention.size=512MB']).values['storage.tsdb.retention.size']).toBe(512 * 1024 * 1024);
  });

  it('documents every flag with its default', () => {
    const help = formatHelp('t [<flags>]', 'desc', SPECS);
    for (const s of SPECS) expect(help).toContain(`--${s.name}`);
    expect(help).toContain('(default: 15d)');
  });
});

describe('parseListenAddress', () => {
  it('understands IPv6 and all-interfaces forms', () => {
    expect(parseListenAddress('[::1]:9190')).toEqual({ host: '::1', port: 9190 });
    expect(parseListenAddress(':9190')).toEqual({ host: '0.0.0.0', port: 9190 });
  });
});
