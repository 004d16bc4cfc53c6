/** parseConfig details: defaults, positions, wording, env expansion, the built-in config. */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configEqual,
  configHash,
  configToYAML,
  defaultConfig,
  formatBase2Bytes,
  formatDuration,
  loadConfigFile,
  parseBase2Bytes,
  parseConfig,
  parseDuration,
} from '../../../../electron/core/config/index.js';
import { referenceData } from '../../../referenceData.js';

function err(text: string): ConfigError {
  try {
    parseConfig(text, 'prometheus.yml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected the config to be refused');
}

describe('defaults', () => {
  it('an empty file is the default config', () => {
    const c = parseConfig('', 'p.yml');
    expect(c.global.scrapeIntervalMs).toBe(60_000);
    expect(c.global.scrapeTimeoutMs).toBe(10_000);
    expect(c.global.evaluationIntervalMs).toBe(60_000);
    expect(c.scrapeConfigs).toEqual([]);
    expect(c.runtime.gogc).toBe(75);
  });

  it('an empty global block keeps the defaults', () => {
    expect(parseConfig('global:\n', 'p.yml').global).toEqual(parseConfig('', 'p.yml').global);
  });

  it('a scrape config inherits interval, timeout, limits; the timeout is capped by a short interval', () => {
    const c = parseConfig(
      'global:\n  scrape_interval: 30s\n  sample_limit: 10\nscrape_configs:\n  - job_name: a\n  - job_name: b\n    scrape_interval: 5s\n    sample_limit: 3\n',
      'p.yml',
    );
    const [a, b] = c.scrapeConfigs;
    expect([a!.scrapeIntervalMs, a!.scrapeTimeoutMs, a!.sampleLimit]).toEqual([30_000, 10_000, 10]);
    expect([b!.scrapeIntervalMs, b!.scrapeTimeoutMs, b!.sampleLimit]).toEqual([5_000, 5_000, 3]);
    expect(a!.metricsPath).toBe('/metrics');
    expect(a!.scheme).toBe('http');
    expect(a!.honorTimestamps).toBe(true);
    expect(a!.enableCompression).toBe(true);
    expect(a!.httpClient.followRedirects).toBe(true);
    expect(a!.scrapeProtocols).toEqual(['OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4']);
  });

  it('legacy validation infers underscore escaping', () => {
    const c = parseConfig('scrape_configs:\n  - job_name: a\n    metric_name_validation_scheme: legacy\n', 'p.yml');
    expect(c.scrapeConfigs[0]!.metricNameEscapingScheme).toBe('underscores');
  });

  it('bearer_token becomes a Bearer authorization', () => {
    const c = parseConfig('scrape_configs:\n  - job_name: a\n    bearer_token: 1234\n', 'p.yml');
    expect(c.scrapeConfigs[0]!.httpClient.authorization).toEqual({ type: 'Bearer', credentials: '1234', credentialsFile: '' });
  });

  it('relative paths are joined with the config directory, absolute ones kept', () => {
    const c = parseConfig(
      'rule_files: [r/*.yml, /abs/x.yml]\nscrape_configs:\n  - job_name: a\n    basic_auth: {username: u, password_file: pw}\n    file_sd_configs: [{files: [sd/*.json]}]\n',
      '/etc/hearth/prometheus.yml',
    );
    expect(c.ruleFiles).toEqual(['/etc/hearth/r/*.yml', '/abs/x.yml']);
    expect(c.scrapeConfigs[0]!.httpClient.basicAuth?.passwordFile).toBe('/etc/hearth/pw');
    expect(c.scrapeConfigs[0]!.fileSDConfigs[0]!.files).toEqual(['/etc/hearth/sd/*.json']);
  });
});

describe('errors', () => {
  it('collects every unmarshal error with line and column', () => {
    const e = err('global:\n  scrape_interval: 15s\n  sample_limit: abc\n  honor: yes\nscrape_configs:\n  - job_name: x\n    honor_labels: maybe\n');
    expect(e.message).toBe(
      'parsing YAML file prometheus.yml: yaml: unmarshal errors:\n' +
        '  line 3, column 17: cannot unmarshal !!str `abc` into uint\n' +
        '  line 4, column 3: field honor not found in type config.plain\n' +
        '  line 7, column 19: cannot unmarshal !!str `maybe` into bool',
    );
    expect([e.line, e.column]).toEqual([3, 17]);
    expect(e.errors).toEqual([
      'line 3, column 17: cannot unmarshal !!str `abc` into uint',
      'line 4, column 3: field honor not found in type config.plain',
      'line 7, column 19: cannot unmarshal !!str `maybe` into bool',
    ]);
    expect(e.file).toBe('prometheus.yml');
  });

  it('a semantic error names its position', () => {
    const e = err('scrape_configs:\n  - job_name: a\n  - job_name: a\n');
    expect(e.message).toBe('parsing YAML file prometheus.yml: found multiple scrape configs with job name "a" (line 3, column 5)');
    expect([e.line, e.column]).toEqual([3, 5]);
  });

  it('quotes values in errors as strconv.Quote does', () => {
    // promtool 2.42 prints the same quoted name; the old quoting wrote \x07 and a raw U+0085.
    const job = '"a\\tb\\a\\u0085\\u00e9"';
    const e = err(`scrape_configs:\n  - job_name: ${job}\n  - job_name: ${job}\n`);
    expect(e.message).toBe('parsing YAML file prometheus.yml: found multiple scrape configs with job name "a\\tb\\a\\u0085é" (line 3, column 5)');
  });

  it('a YAML syntax error is reported as yaml.v2 does, with its line', () => {
    const e = err('scrape_configs:\n  - job_name: a\n   bad: [\n');
    expect(e.message).toMatch(/^parsing YAML file prometheus\.yml: yaml: line \d+: /);
    expect(e.line).toBeGreaterThan(0);
  });

  it('bad durations and sizes', () => {
    expect(err('global:\n  scrape_interval: 15\n').message).toContain('not a valid duration string: "15"');
    expect(err('global:\n  scrape_interval: 1m1h\n').message).toContain('not a valid duration string: "1m1h"');
    expect(err('global:\n  scrape_interval: 5x\n').message).toContain('unknown unit "x" in duration "5x"');
    expect(err('global:\n  body_size_limit: 10QB\n').message).toContain('units: unknown unit QB in 10QB');
  });

  it('global timeout above the interval', () => {
    expect(err('global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n').message).toContain('global scrape timeout greater than scrape interval');
  });

  it('both password and password_file', () => {
    expect(err('scrape_configs:\n  - job_name: a\n    basic_auth: {username: u, password: p, password_file: f}\n').message).toContain(
      'at most one of basic_auth password, password_file & password_ref must be configured',
    );
  });

  it('authorization with basic type, basic_auth with authorization, oauth2 without client_id', () => {
    expect(err('scrape_configs:\n  - job_name: a\n    authorization: {type: Basic, credentials: x}\n').message).toContain(
      'authorization type cannot be set to "basic", use "basic_auth" instead',
    );
    expect(err('scrape_configs:\n  - job_name: a\n    authorization: {credentials: x}\n    basic_auth: {username: u}\n').message).toContain(
      'at most one of basic_auth, oauth2 & authorization must be configured',
    );
    expect(err('scrape_configs:\n  - job_name: a\n    oauth2: {token_url: http://x}\n').message).toContain('oauth2 client_id must be configured');
  });

  it('TLS: unknown version, cert without key, reserved http header', () => {
    expect(err('scrape_configs:\n  - job_name: a\n    tls_config: {min_version: TLS14}\n').message).toContain('unknown TLS version: TLS14');
    expect(err('scrape_configs:\n  - job_name: a\n    tls_config: {cert_file: c}\n').message).toContain(
      'exactly one of key or key_file must be configured when a client certificate is configured',
    );
    expect(err('scrape_configs:\n  - job_name: a\n    http_headers: {user-agent: {values: [x]}}\n').message).toContain('setting header "User-Agent" is not allowed');
  });

  it('relabel: unknown action, bad regex, invalid legacy target label', () => {
    expect(err('scrape_configs:\n  - job_name: a\n    relabel_configs: [{action: frobnicate}]\n').message).toContain('unknown relabel action "frobnicate"');
    expect(err('scrape_configs:\n  - job_name: a\n    relabel_configs: [{regex: "a[", target_label: x}]\n').message).toContain(
      'error parsing regexp: missing closing ]: `a[`',
    );
    expect(
      err('scrape_configs:\n  - job_name: a\n    metric_name_validation_scheme: legacy\n    relabel_configs: [{target_label: "a-b"}]\n').message,
    ).toContain(`"a-b" is invalid 'target_label' for replace action`);
    // Under UTF-8 names the same label is fine.
    expect(() => parseConfig('scrape_configs:\n  - job_name: a\n    relabel_configs: [{target_label: "a-b"}]\n', 'p.yml')).not.toThrow();
  });

  it('unsupported discovery says so, with its position', () => {
    const e = err('scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - role: pod\n');
    expect(e.message).toBe(
      'parsing YAML file prometheus.yml: Hearth does not support kubernetes_sd_configs (Kubernetes service discovery); supported discovery: static_configs, file_sd_configs, http_sd_configs (line 3, column 5)',
    );
  });

  it('a missing file is a ConfigError naming the path', async () => {
    await expect(loadConfigFile('/nonexistent/dir/prometheus.yml')).rejects.toThrow('open /nonexistent/dir/prometheus.yml: no such file or directory');
    await expect(loadConfigFile('/nonexistent/dir/prometheus.yml')).rejects.toMatchObject({ file: '/nonexistent/dir/prometheus.yml' });
  });
});

const EXTERNAL_LABELS = referenceData('prometheus-testdata/config/testdata/external_labels.good.yml');

describe.skipIf(EXTERNAL_LABELS.skip !== null)(EXTERNAL_LABELS.skip ?? 'external labels', () => {
  const text = EXTERNAL_LABELS.skip === null ? fs.readFileSync(EXTERNAL_LABELS.path, 'utf8') : '';

  it('expands ${VAR} only there, as os.Expand does (unset variable gives an empty value)', () => {
    const c = parseConfig(text, 'p.yml', { env: {} });
    expect(c.global.externalLabels.toObject()).toEqual({ bar: 'foo', baz: 'foobar', qux: 'foo${TEST}', xyz: 'foo$bar' });
  });

  it('uses the environment it is given', () => {
    const warnings: string[] = [];
    const c = parseConfig(text, 'p.yml', { env: { TEST: 'TestValue' }, onWarning: (w) => warnings.push(w) });
    expect(c.global.externalLabels.toObject()).toEqual({ bar: 'foo', baz: 'fooTestValuebar', foo: 'TestValue', qux: 'foo${TEST}', xyz: 'foo$bar' });
    expect(warnings).toEqual([]);
  });

  it('does not expand variables anywhere else', () => {
    const c = parseConfig('scrape_configs:\n  - job_name: "${JOB}"\n    metrics_path: /${P}\n', 'p.yml', { env: { JOB: 'x', P: 'y' } });
    expect(c.scrapeConfigs[0]!.jobName).toBe('${JOB}');
    expect(c.scrapeConfigs[0]!.metricsPath).toBe('/${P}');
  });
});

describe('the built-in config', () => {
  it("scrapes Hearth itself and the host collector, with the example config's intervals", () => {
    const c = defaultConfig('127.0.0.1:9090');
    expect(c.global.scrapeIntervalMs).toBe(15_000);
    expect(c.global.evaluationIntervalMs).toBe(15_000);
    expect(c.global.scrapeTimeoutMs).toBe(10_000);
    expect(c.scrapeConfigs.map((s) => [s.jobName, s.metricsPath, s.staticConfigs[0]!.targets])).toEqual([
      ['hearth', '/metrics', ['127.0.0.1:9090']],
      ['node', '/metrics/node', ['127.0.0.1:9090']],
    ]);
    expect(c.filename).toBe('');
  });
});

describe('units', () => {
  it('durations', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1y2w3d')).toBe((365 + 14 + 3) * 86_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('0')).toBe(0);
    expect(() => parseDuration('')).toThrow('empty duration string');
    expect(() => parseDuration('1.5s')).toThrow('unknown unit "." in duration "1.5s"');
    expect(() => parseDuration('15')).toThrow('not a valid duration string: "15"');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
  });

  it('sizes (MB and MiB both 2^20)', () => {
    expect(parseBase2Bytes('15MB')).toBe(15 * 2 ** 20);
    expect(parseBase2Bytes('1.5KiB')).toBe(1536);
    expect(parseBase2Bytes('0')).toBe(0);
    expect(parseBase2Bytes('1GB512MB')).toBe(1.5 * 2 ** 30);
    expect(() => parseBase2Bytes('100')).toThrow('units: unknown unit  in 100');
    expect(formatBase2Bytes(15 * 2 ** 20)).toBe('15MiB');
  });
});

describe('identity and display', () => {
  const text = 'scrape_configs:\n  - job_name: a\n    basic_auth: {username: u, password: hunter2}\n    static_configs: [{targets: [x:1]}]\n';

  it('configEqual ignores the file name and formatting, not content', () => {
    const a = parseConfig(text, 'a.yml');
    const b = parseConfig(text.replace('[x:1]', '["x:1"]') + '# comment\n', 'b.yml');
    const c = parseConfig(text.replace('x:1', 'x:2'), 'a.yml');
    expect(configEqual(a, b)).toBe(true);
    expect(configHash(a)).toBe(configHash(b));
    expect(configEqual(a, c)).toBe(false);
  });

  it('configToYAML shows defaults and hides secrets', () => {
    const y = configToYAML(parseConfig(text, 'a.yml'));
    expect(y).not.toContain('hunter2');
    expect(y).toContain('password: <secret>');
    expect(y).toContain('scrape_interval: 1m');
    expect(y).toContain('job_name: a');
    // What it prints loads again to the same config.
    expect(configEqual(parseConfig(y.replace('<secret>', 'hunter2'), 'a.yml'), parseConfig(text, 'a.yml'))).toBe(true);
  });
});
