import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../electron/core/config/parse.js';
import type { ScrapeConfig } from '../../../../electron/core/config/types.js';
import { Labels } from '../../../../electron/core/model/labels.js';
import {
  Target,
  discoveredLabels,
  populateLabels,
  targetURL,
  targetsFromGroup,
} from '../../../../electron/core/scrape/target.js';

function scrapeConfig(yaml: string): ScrapeConfig {
  const cfg = parseConfig(`global: {scrape_interval: 15s}\nscrape_configs:\n${yaml}`, 'test.yml');
  return cfg.scrapeConfigs[0]!;
}

const addr = (a: string, extra: Record<string, string> = {}) => Labels.fromObject({ __address__: a, ...extra });

describe('discoveredLabels / populateLabels (Prometheus 3 PopulateLabels)', () => {
  it('fills the job defaults and defaults instance to the address, without adding a port', () => {
    const cfg = scrapeConfig('  - job_name: node\n    params: {module: [a, b]}');
    const disc = discoveredLabels(addr('host.example'), Labels.fromObject({ env: 'prod' }), cfg);
    expect(disc.toObject()).toEqual({
      __address__: 'host.example',
      __metrics_path__: '/metrics',
      __param_module: 'a',
      __scheme__: 'http',
      __scrape_interval__: '15s',
      __scrape_timeout__: '10s',
      env: 'prod',
      job: 'node',
    });
    const res = populateLabels(disc, cfg);
    expect(res.kind).toBe('active');
    if (res.kind !== 'active') return;
    expect(res.labels.get('instance')).toBe('host.example');
    const t = new Target(res.labels, disc, cfg.params);
    expect(t.url).toBe('http://host.example/metrics?module=a&module=b');
    expect(t.publicLabels.toObject()).toEqual({ env: 'prod', instance: 'host.example', job: 'node' });
  });

  it('lets target labels win over group labels, and keeps labels set by discovery over defaults', () => {
    const cfg = scrapeConfig('  - job_name: node');
    const disc = discoveredLabels(
      addr('a:1', { env: 'target', job: 'custom', __metrics_path__: '/m' }),
      Labels.fromObject({ env: 'group', team: 'x' }),
      cfg,
    );
    expect(disc.get('env')).toBe('target');
    expect(disc.get('team')).toBe('x');
    expect(disc.get('job')).toBe('custom');
    expect(disc.get('__metrics_path__')).toBe('/m');
  });

  it('relabels, drops __meta_ labels after relabelling, and keeps a relabelled instance', () => {
    const cfg = scrapeConfig(`  - job_name: sd
    relabel_configs:
      - source_labels: [__meta_role]
        target_label: role
      - source_labels: [__address__]
        regex: '([^:]+):.*'
        target_label: instance
        replacement: '\${1}'
      - source_labels: [__meta_port]
        target_label: __param_port`);
    const res = populateLabels(discoveredLabels(addr('db1:9100', { __meta_role: 'db', __meta_port: '9187' }), Labels.EMPTY, cfg), cfg);
    expect(res.kind).toBe('active');
    if (res.kind !== 'active') return;
    expect(res.labels.toObject()).toEqual({
      __address__: 'db1:9100',
      __metrics_path__: '/metrics',
      __param_port: '9187',
      __scheme__: 'http',
      __scrape_interval__: '15s',
      __scrape_timeout__: '10s',
      instance: 'db1',
      job: 'sd',
      role: 'db',
    });
    expect(targetURL(res.labels, cfg.params)).toBe('http://db1:9100/metrics?port=9187');
  });

  it('per-target interval and timeout through __scrape_interval__ / __scrape_timeout__', () => {
    const cfg = scrapeConfig(`  - job_name: j
    relabel_configs:
      - target_label: __scrape_interval__
        replacement: 1m
      - target_label: __scrape_timeout__
        replacement: 45s`);
    const r = targetsFromGroup({ source: '0', targets: [addr('a:1')], labels: Labels.EMPTY }, cfg);
    expect(r.active).toHaveLength(1);
    expect(r.active[0]!.intervalMs).toBe(60_000);
    expect(r.active[0]!.timeoutMs).toBe(45_000);
  });

  it('reports dropped targets with their discovered labels, and refuses bad ones with Prometheus wording', () => {
    const cfg = scrapeConfig(`  - job_name: j
    relabel_configs:
      - source_labels: [__address__]
        regex: 'drop.*'
        action: drop
      - source_labels: [__address__]
        regex: 'noaddr'
        target_label: __address__
        replacement: ''
      - source_labels: [__address__]
        regex: 'slow'
        target_label: __scrape_timeout__
        replacement: 20s
      - source_labels: [__address__]
        regex: 'zero'
        target_label: __scrape_interval__
        replacement: '0'
      - source_labels: [__address__]
        regex: 'weird'
        target_label: __scrape_interval__
        replacement: 'often'`);
    const g = {
      source: 'static/0',
      targets: ['ok:1', 'drop-me:1', 'noaddr', 'a/b', 'slow', 'zero', 'weird'].map((a) => addr(a)),
      labels: Labels.EMPTY,
    };
    const r = targetsFromGroup(g, cfg);
    expect(r.active.map((t) => t.url)).toEqual(['http://ok:1/metrics']);
    expect(r.dropped.map((l) => l.get('__address__'))).toEqual(['drop-me:1']);
    expect(r.errors).toEqual([
      'instance 2 in group static/0: no address',
      'instance 3 in group static/0: "a/b" is not a valid hostname',
      'instance 4 in group static/0: scrape timeout cannot be greater than scrape interval ("20s" > "15s")',
      'instance 5 in group static/0: scrape interval cannot be 0',
      'instance 6 in group static/0: error parsing scrape interval: not a valid duration string: "often"',
    ]);
  });

  it('escapes query parameters as Go does and sorts them', () => {
    const ls = Labels.fromObject({
      __scheme__: 'https',
      __address__: 'h:443',
      __metrics_path__: '/probe path',
      __param_target: 'http://x/?a=1&b=2',
      '__param_z': "it's (ok)*",
    });
    expect(targetURL(ls, { a: ['1 2'] })).toBe(
      'https://h:443/probe%20path?a=1+2&target=http%3A%2F%2Fx%2F%3Fa%3D1%26b%3D2&z=it%27s+%28ok%29%2A',
    );
  });
});

describe('Target offsets', () => {
  const cfg = scrapeConfig('  - job_name: j');
  const mk = (a: string) => {
    const r = targetsFromGroup({ source: '0', targets: [addr(a)], labels: Labels.EMPTY }, cfg);
    return r.active[0]!;
  };

  it('puts each target at a stable phase of its interval', () => {
    const t = mk('a:1');
    const now = 1_700_000_000_123;
    const d1 = t.offsetMs(now, 'seed');
    expect(d1).toBeGreaterThan(0);
    expect(d1).toBeLessThanOrEqual(15_000);
    // The same phase from any starting time.
    for (const later of [now + 1, now + 7_777, now + 15_000 * 40 + 3]) {
      expect((later + t.offsetMs(later, 'seed')) % 15_000).toBe((now + d1) % 15_000);
    }
  });

  it('spreads many targets over the interval', () => {
    const phases = Array.from({ length: 500 }, (_, i) => mk(`host${i}:9100`)).map((t) => (t.offsetMs(0, 's') % 15_000) / 15_000);
    const buckets = new Array(10).fill(0);
    for (const p of phases) buckets[Math.min(9, Math.floor(p * 10))]++;
    for (const b of buckets) expect(b).toBeGreaterThan(20);
  });
});
