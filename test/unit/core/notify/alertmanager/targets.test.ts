/** Alertmanagers from target groups: the three special labels, relabelling, URLs and bad addresses. */

import { describe, expect, it } from 'vitest';
import { makeRelabelConfig, parseConfig, type AlertmanagerConfig } from '../../../../../electron/core/config/index.js';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { alertmanagerURL, alertmanagersFromGroup, postPath } from '../../../../../electron/core/notify/alertmanager/targets.js';
import type { TargetGroup } from '../../../../../electron/core/scrape/discovery/index.js';

const L = (o: Record<string, string>) => Labels.fromObject(o);

function amConfig(yaml: string): AlertmanagerConfig {
  const cfg = parseConfig(`alerting:\n  alertmanagers:\n${yaml.replace(/^/gm, '    ')}`, '/etc/prometheus/prometheus.yml');
  return cfg.alerting.alertmanagers[0]!;
}

const group = (addrs: string[], labels: Record<string, string> = {}): TargetGroup => ({
  source: '0',
  targets: addrs.map((a) => L({ __address__: a })),
  labels: L(labels),
});

describe('postPath', () => {
  it('joins and cleans the prefix as Go’s path.Join', () => {
    expect(postPath('', 'v2')).toBe('/api/v2/alerts');
    expect(postPath('/am', 'v2')).toBe('/am/api/v2/alerts');
    expect(postPath('am/', 'v2')).toBe('/am/api/v2/alerts');
    expect(postPath('//a/../b//', 'v2')).toBe('/b/api/v2/alerts');
  });
});

describe('alertmanagerURL', () => {
  it('is scheme://address/path, escaping what Go’s URL.String escapes', () => {
    expect(alertmanagerURL(L({ __scheme__: 'http', __address__: 'am:9093', __alerts_path__: '/api/v2/alerts' }))).toBe('http://am:9093/api/v2/alerts');
    expect(alertmanagerURL(L({ __scheme__: 'https', __address__: '[::1]:9093', __alerts_path__: '/a b/ü?x' }))).toBe('https://[::1]:9093/a%20b/%C3%BC%3Fx');
    expect(alertmanagerURL(L({ __scheme__: 'http', __address__: 'h', __alerts_path__: 'rel' }))).toBe('http://h/rel');
  });
});

describe('alertmanagersFromGroup', () => {
  it('sets __scheme__ and __alerts_path__ from the config, and group labels the target lacks', () => {
    const cfg = amConfig('- scheme: https\n  path_prefix: /am\n  static_configs: [{targets: ["a:1"]}]');
    const tg: TargetGroup = { source: '0', targets: [L({ __address__: 'a:1', zone: 'own' })], labels: L({ zone: 'group', dc: 'x' }) };
    const { active, dropped } = alertmanagersFromGroup(tg, cfg);
    expect(dropped).toEqual([]);
    expect(active.map((a) => a.url)).toEqual(['https://a:1/am/api/v2/alerts']);
    expect(active[0]!.labels.toObject()).toEqual({ __address__: 'a:1', __scheme__: 'https', __alerts_path__: '/am/api/v2/alerts', zone: 'own', dc: 'x' });
  });

  it('lets relabel_configs drop Alertmanagers (listed with their labels before relabelling) and rewrite the special labels', () => {
    const cfg = amConfig(
      [
        '- static_configs: [{targets: ["keep:9093", "skip:9093"]}]',
        '  relabel_configs:',
        '  - {source_labels: [__address__], regex: "skip:.*", action: drop}',
        '  - {target_label: __scheme__, replacement: https}',
        '  - {target_label: __alerts_path__, replacement: /custom/alerts}',
        '  - {source_labels: [__address__], regex: "(.*):9093", target_label: __address__, replacement: "$1:19093"}',
      ].join('\n'),
    );
    const { active, dropped } = alertmanagersFromGroup(group(['keep:9093', 'skip:9093']), cfg);
    expect(active.map((a) => a.url)).toEqual(['https://keep:19093/custom/alerts']);
    expect(dropped.map((a) => a.url)).toEqual(['http://skip:9093/api/v2/alerts']);
  });

  it('refuses an address with a slash after relabelling, naming it', () => {
    const cfg = amConfig('- static_configs: [{targets: ["a:1"]}]');
    cfg.relabelConfigs = [makeRelabelConfig({ targetLabel: '__address__', replacement: 'a:1/x' })];
    expect(() => alertmanagersFromGroup(group(['a:1']), cfg)).toThrow('"a:1/x" is not a valid hostname');
  });
});
