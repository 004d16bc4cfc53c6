/**
 * conf.good.yml, Prometheus's kitchen-sink config, parsed with the unsupported discoveries
 * skipped, checked field by field against what Prometheus's config_test.go expects.
 */

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config, type RelabelConfig, type ScrapeConfig } from '../../../../electron/core/config/index.js';
import { referenceData } from '../../../referenceData.js';

const DATA = referenceData('prometheus-testdata/config/testdata');
const DIR = DATA.path;
const td = (p: string) => path.join(DIR, p);

const DEFAULT_PROTOCOLS = ['OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4'];
const MiB = 1024 * 1024;

let cfg: Config;
let warnings: string[];

function job(name: string): ScrapeConfig {
  const sc = cfg.scrapeConfigs.find((s) => s.jobName === name);
  if (!sc) throw new Error(`no job ${name}`);
  return sc;
}

function rl(r: RelabelConfig) {
  return {
    sourceLabels: r.sourceLabels,
    separator: r.separator,
    regex: r.regex.source,
    modulus: r.modulus,
    targetLabel: r.targetLabel,
    replacement: r.replacement,
    action: r.action,
  };
}

const R = (o: Partial<ReturnType<typeof rl>>) => ({ sourceLabels: [], separator: ';', regex: '(.*)', modulus: 0, targetLabel: '', replacement: '$1', action: 'replace', ...o });

beforeAll(() => {
  if (DATA.skip !== null) return;
  warnings = [];
  cfg = parseConfig(fs.readFileSync(td('conf.good.yml'), 'utf8'), td('conf.good.yml'), {
    allowUnsupportedSD: true,
    onWarning: (w) => warnings.push(w),
  });
});

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'conf.good.yml', () => {
  it('refuses the file as a whole, naming the first unsupported discovery', () => {
    expect(() => parseConfig(fs.readFileSync(td('conf.good.yml'), 'utf8'), td('conf.good.yml'))).toThrow(
      /Hearth does not support dns_sd_configs \(DNS service discovery\).*\(line \d+, column \d+\)/,
    );
  });

  it('warns once per skipped discovery', () => {
    expect(warnings.some((w) => w.includes('consul_sd_configs'))).toBe(true);
    expect(warnings.some((w) => w.includes('kubernetes_sd_configs'))).toBe(true);
    expect(warnings.filter((w) => w.includes('kubernetes_sd_configs'))).toHaveLength(2);
  });

  it('global section', () => {
    const g = cfg.global;
    expect(g.scrapeIntervalMs).toBe(15_000);
    expect(g.scrapeTimeoutMs).toBe(10_000);
    expect(g.evaluationIntervalMs).toBe(30_000);
    expect(g.queryLogFile).toBe(td('query.log'));
    expect(g.scrapeFailureLogFile).toBe(td('fail.log'));
    expect(g.externalLabels.toObject()).toEqual({ foo: 'bar', monitor: 'codelab' });
    expect(g.bodySizeLimitBytes).toBe(15 * MiB);
    expect([g.sampleLimit, g.targetLimit, g.labelLimit, g.labelNameLengthLimit, g.labelValueLengthLimit]).toEqual([1500, 30, 30, 200, 200]);
    expect(g.scrapeNativeHistograms).toBe(false);
    expect(g.alwaysScrapeClassicHistograms).toBe(false);
    expect(g.convertClassicHistogramsToNHCB).toBe(false);
    expect(g.extraScrapeMetrics).toBe(false);
    expect(g.metricNameValidationScheme).toBe('utf8');
    expect(cfg.runtime.gogc).toBe(42);
  });

  it('rule files are joined with the config directory', () => {
    expect(cfg.ruleFiles).toEqual([td('first.rules'), td('my/*.rules')]);
  });

  it('remote write', () => {
    const [a, b] = cfg.remoteWrite;
    expect(a!.url).toBe('http://remote1/push');
    expect(a!.protobufMessage).toBe('prometheus.WriteRequest');
    expect(a!.remoteTimeoutMs).toBe(30_000);
    expect(a!.name).toBe('drop_expensive');
    expect(a!.writeRelabelConfigs.map(rl)).toEqual([R({ sourceLabels: ['__name__'], regex: 'expensive.*', action: 'drop' })]);
    expect(a!.queueConfig).toEqual({
      capacity: 10000,
      maxShards: 50,
      minShards: 1,
      maxSamplesPerSend: 2000,
      batchSendDeadlineMs: 5000,
      minBackoffMs: 30,
      maxBackoffMs: 5000,
      retryOnRateLimit: false,
      sampleAgeLimitMs: 0,
    });
    expect(a!.metadataConfig).toEqual({ send: true, sendIntervalMs: 60_000, maxSamplesPerSend: 2000 });
    expect(a!.httpClient.oauth2).toMatchObject({
      clientId: '123',
      clientSecret: '456',
      tokenURL: 'http://remote1/auth',
      tlsConfig: { certFile: td('valid_cert_file'), keyFile: td('valid_key_file') },
    });
    expect(a!.httpClient.followRedirects).toBe(true);
    expect(a!.httpClient.enableHTTP2).toBe(false);
    expect(b!.url).toBe('http://remote2/push');
    expect(b!.protobufMessage).toBe('io.prometheus.write.v2.Request');
    expect(b!.name).toBe('rw_tls');
    expect(b!.httpClient.tlsConfig).toMatchObject({ certFile: td('valid_cert_file'), keyFile: td('valid_key_file') });
    expect(b!.headers).toEqual({ name: 'value' });
  });

  it('remote read', () => {
    const [a, b] = cfg.remoteRead;
    expect(a).toMatchObject({ url: 'http://remote1/read', remoteTimeoutMs: 60_000, chunkedReadLimit: 5e7, readRecent: true, name: 'default', filterExternalLabels: true });
    expect(a!.httpClient.enableHTTP2).toBe(false);
    expect(b).toMatchObject({ url: 'http://remote3/read', readRecent: false, name: 'read_special', requiredMatchers: { job: 'special' } });
    expect(b!.httpClient.enableHTTP2).toBe(true);
    expect(b!.httpClient.tlsConfig.certFile).toBe(td('valid_cert_file'));
  });

  it('otlp', () => {
    expect(cfg.otlp.promoteResourceAttributes).toEqual(['k8s.cluster.name', 'k8s.job.name', 'k8s.namespace.name']);
    expect(cfg.otlp.translationStrategy).toBe('UnderscoreEscapingWithSuffixes');
    expect(cfg.otlp.labelNameUnderscoreSanitization).toBe(true);
    expect(cfg.otlp.labelNamePreserveMultipleUnderscores).toBe(true);
  });

  it('job prometheus', () => {
    const s = job('prometheus');
    expect(s.honorLabels).toBe(true);
    expect(s.honorTimestamps).toBe(true);
    expect(s.scrapeIntervalMs).toBe(15_000);
    expect(s.scrapeTimeoutMs).toBe(10_000);
    expect(s.enableCompression).toBe(true);
    expect(s.bodySizeLimitBytes).toBe(15 * MiB);
    expect([s.sampleLimit, s.targetLimit, s.labelLimit, s.labelNameLengthLimit, s.labelValueLengthLimit]).toEqual([1500, 30, 30, 200, 200]);
    expect(s.scrapeProtocols).toEqual(DEFAULT_PROTOCOLS);
    expect(s.fallbackScrapeProtocol).toBe('PrometheusText0.0.4');
    expect(s.scrapeFailureLogFile).toBe(td('fail_prom.log'));
    expect(s.metricNameValidationScheme).toBe('utf8');
    expect(s.metricNameEscapingScheme).toBe('allow-utf-8');
    expect([s.scrapeNativeHistograms, s.alwaysScrapeClassicHistograms, s.convertClassicHistogramsToNHCB, s.extraScrapeMetrics]).toEqual([false, false, false, false]);
    expect(s.metricsPath).toBe('/metrics');
    expect(s.scheme).toBe('http');
    expect(s.httpClient.authorization).toEqual({ type: 'Bearer', credentials: '', credentialsFile: td('valid_token_file') });
    expect(s.httpClient.followRedirects).toBe(true);
    expect(s.httpClient.enableHTTP2).toBe(true);
    expect(s.httpClient.tlsConfig.minVersion).toBe('TLS10');
    expect(s.httpClient.httpHeaders).toEqual({ foo: { values: ['foobar'], secrets: ['bar', 'foo'], files: [td('valid_password_file')] } });
    expect(s.fileSDConfigs).toEqual([
      { files: [td('foo/*.slow.json'), td('foo/*.slow.yml'), td('single/file.yml')], refreshIntervalMs: 600_000 },
      { files: [td('bar/*.yaml')], refreshIntervalMs: 300_000 },
    ]);
    expect(s.staticConfigs.map((g) => ({ targets: g.targets, labels: g.labels.toObject() }))).toEqual([
      { targets: ['localhost:9090', 'localhost:9191'], labels: { my: 'label', your: 'label' } },
    ]);
    expect(s.relabelConfigs.map(rl)).toEqual([
      R({ sourceLabels: ['job', '__meta_dns_name'], targetLabel: 'job', regex: '(.*)some-[regex]', replacement: 'foo-${1}' }),
      R({ sourceLabels: ['abc'], targetLabel: 'cde' }),
      R({ targetLabel: 'abc', replacement: 'static' }),
      R({ targetLabel: 'abc', regex: '', replacement: 'static' }),
      R({ sourceLabels: ['foo'], targetLabel: 'abc', action: 'keepequal' }),
      R({ sourceLabels: ['foo'], targetLabel: 'abc', action: 'dropequal' }),
    ]);
  });

  it('job service-x', () => {
    const s = job('service-x');
    expect(s.honorTimestamps).toBe(true);
    expect(s.scrapeIntervalMs).toBe(50_000);
    expect(s.scrapeTimeoutMs).toBe(5_000);
    expect(s.bodySizeLimitBytes).toBe(10 * MiB);
    expect([s.sampleLimit, s.targetLimit, s.labelLimit, s.labelNameLengthLimit, s.labelValueLengthLimit]).toEqual([1000, 35, 35, 210, 210]);
    expect(s.scrapeProtocols).toEqual(['PrometheusText0.0.4']);
    expect(s.scrapeFailureLogFile).toBe(td('fail.log'));
    expect(s.httpClient.basicAuth).toEqual({ username: 'admin_name', usernameFile: '', password: 'multiline\nmysecret\ntest', passwordFile: '' });
    expect(s.metricsPath).toBe('/my_path');
    expect(s.scheme).toBe('https');
    // dns_sd_configs were skipped: nothing else was discovered for this job.
    expect(s.staticConfigs).toEqual([]);
    expect(s.relabelConfigs.map(rl)).toEqual([
      R({ sourceLabels: ['job'], regex: '(.*)some-[regex]', action: 'drop' }),
      R({ sourceLabels: ['__address__'], targetLabel: '__tmp_hash', modulus: 8, action: 'hashmod' }),
      R({ sourceLabels: ['__tmp_hash'], regex: '1', action: 'keep' }),
      R({ regex: '1', action: 'labelmap' }),
      R({ regex: 'd', action: 'labeldrop' }),
      R({ regex: 'k', action: 'labelkeep' }),
    ]);
    expect(s.metricRelabelConfigs.map(rl)).toEqual([R({ sourceLabels: ['__name__'], regex: 'expensive_metric.*', action: 'drop' })]);
  });

  it('job service-y (consul skipped) keeps its relabelling', () => {
    expect(job('service-y').relabelConfigs.map(rl)).toEqual([
      R({ sourceLabels: ['__meta_sd_consul_tags'], separator: ',', regex: 'label:([^=]+)=([^,]+)', targetLabel: '${1}', replacement: '${2}' }),
    ]);
  });

  it('job service-z', () => {
    const s = job('service-z');
    expect(s.scrapeTimeoutMs).toBe(10_000);
    expect(s.httpClient.tlsConfig).toMatchObject({ certFile: td('valid_cert_file'), keyFile: td('valid_key_file') });
    expect(s.httpClient.authorization).toEqual({ type: 'Bearer', credentials: 'mysecret', credentialsFile: '' });
  });

  it('job service-kubernetes-namespaces keeps its basic auth', () => {
    expect(job('service-kubernetes-namespaces').httpClient.basicAuth).toEqual({
      username: 'myusername',
      usernameFile: '',
      password: '',
      passwordFile: td('valid_password_file'),
    });
  });

  it('static jobs, honor_timestamps false, UTF-8 job names', () => {
    for (const name of ['0123service-xxx', 'badfederation', '測試']) {
      expect(job(name).staticConfigs.map((g) => g.targets)).toEqual([['localhost:9090']]);
    }
    expect(job('badfederation').honorTimestamps).toBe(false);
    expect(job('badfederation').metricsPath).toBe('/federate');
  });

  it('job httpsd', () => {
    expect(job('httpsd').httpSDConfigs).toEqual([
      {
        url: 'http://example.com/prometheus',
        refreshIntervalMs: 60_000,
        httpClient: expect.objectContaining({ followRedirects: true, enableHTTP2: true, httpHeaders: {} }),
      },
    ]);
  });

  it('job hetzner: native histograms select the protobuf-first protocols', () => {
    const s = job('hetzner');
    expect(s.scrapeNativeHistograms).toBe(true);
    expect(s.scrapeProtocols).toEqual(['PrometheusProto', ...DEFAULT_PROTOCOLS]);
    expect(s.relabelConfigs.map(rl)).toEqual([R({ sourceLabels: ['instance'], targetLabel: 'instance', action: 'uppercase' })]);
  });

  it('keeps every job, in file order', () => {
    expect(cfg.scrapeConfigs.map((s) => s.jobName)).toEqual([
      'prometheus', 'service-x', 'service-y', 'service-z', 'service-kubernetes', 'service-kubernetes-namespaces', 'service-kuma',
      'service-marathon', 'service-nomad', 'service-ec2', 'service-lightsail', 'service-azure', 'service-nerve', '0123service-xxx',
      'badfederation', '測試', 'httpsd', 'service-triton', 'digitalocean-droplets', 'docker', 'dockerswarm', 'service-oci',
      'service-openstack', 'service-puppetdb', 'hetzner', 'service-eureka', 'ovhcloud', 'scaleway', 'linode-instances',
      'stackit-servers', 'uyuni', 'ionos', 'vultr', 'outscale',
    ]);
  });

  it('alerting', () => {
    const [am] = cfg.alerting.alertmanagers;
    expect(cfg.alerting.alertmanagers).toHaveLength(1);
    expect(am).toMatchObject({ scheme: 'https', timeoutMs: 10_000, apiVersion: 'v2', pathPrefix: '' });
    expect(am!.staticConfigs.map((g) => g.targets)).toEqual([['1.2.3.4:9093', '1.2.3.5:9093', '1.2.3.6:9093']]);
  });

  it('storage and tracing', () => {
    expect(cfg.storage.tsdb?.outOfOrderTimeWindowMs).toBe(30 * 60_000);
    expect(cfg.storage.tsdb?.retention).toEqual({ timeMs: 24 * 3600_000, sizeBytes: 1024 ** 3, percentage: 28 });
    expect(cfg.tracing).toMatchObject({ endpoint: 'localhost:4317', client_type: 'grpc', compression: 'gzip', timeout_ms: 5000, headers: { foo: 'bar' } });
  });
});
