import { describe, expect, it } from 'vitest';
import type { ActiveTarget, TargetsData } from '../../../../shared/api/targets.js';
import { ALL_HEALTH, groupTargets, matchesText } from '../../../../renderer/targets/targetsData.js';

const t = (pool: string, url: string, health: ActiveTarget['health'], labels: Record<string, string> = {}, lastError = ''): ActiveTarget => ({
  discoveredLabels: {},
  labels: { job: pool, ...labels },
  scrapePool: pool,
  scrapeUrl: url,
  globalUrl: url,
  lastError,
  lastScrape: '2024-01-01T00:00:00Z',
  lastScrapeDuration: 0.01,
  health,
  scrapeInterval: '15s',
  scrapeTimeout: '10s',
});

const data: TargetsData = {
  activeTargets: [
    t('node', 'http://b:9100/metrics', 'down', { instance: 'b:9100' }, 'connection refused'),
    t('node', 'http://a:9100/metrics', 'up', { instance: 'a:9100' }),
    t('hearth', 'http://127.0.0.1:9190/metrics', 'unknown'),
  ],
  droppedTargets: [],
  droppedTargetCounts: { node: 3, hearth: 0 },
};

describe('groupTargets', () => {
  it('groups by pool in name order with health counts and sorted endpoints', () => {
    const g = groupTargets(data, ALL_HEALTH, '');
    expect(g.map((x) => x.pool)).toEqual(['hearth', 'node']);
    expect(g[1]).toMatchObject({ up: 1, down: 1, unknown: 0, total: 2, dropped: 3 });
    expect(g[1]!.targets.map((x) => x.scrapeUrl)).toEqual(['http://a:9100/metrics', 'http://b:9100/metrics']);
  });

  it('filters by health and text but counts every target of the pool', () => {
    const down = groupTargets(data, { up: false, down: true, unknown: false }, '');
    expect(down[1]!.targets.map((x) => x.health)).toEqual(['down']);
    expect(down[1]!.total).toBe(2);
    expect(down[0]!.targets).toEqual([]);
    const refused = groupTargets(data, ALL_HEALTH, 'refused');
    expect(refused.flatMap((g) => g.targets).map((x) => x.scrapeUrl)).toEqual(['http://b:9100/metrics']);
  });

  it('matches label pairs written either way', () => {
    expect(matchesText(data.activeTargets[1]!, 'instance="a:9100"')).toBe(true);
    expect(matchesText(data.activeTargets[1]!, 'instance=a:9100 node')).toBe(true);
    expect(matchesText(data.activeTargets[1]!, 'instance=b')).toBe(false);
  });
});
