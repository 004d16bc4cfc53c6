import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupToken, goTime } from '../../../../../electron/core/api/v1/rules.js';
import { RuleGroup } from '../../../../../electron/core/rules/group.js';
import { alertSpec, groupOptions, groupSpec, recordSpec, RecordingAppendable, scriptedQuery } from '../../rules/support.js';
import { getJson, startApi, type Harness } from '../harness.js';

const T0 = 1_700_000_000_000;

describe('/api/v1/rules and /api/v1/alerts', () => {
  let h: Harness;
  let groups: RuleGroup[];

  beforeAll(async () => {
    const q = scriptedQuery({
      'up == 0': () => [[{ __name__: 'up', instance: 'a', job: 'node' }, 0]],
      'rate(x[5m]) > 1': () => [[{ job: 'api' }, 2.5]],
      'sum(up)': () => [[{}, 3]],
      bad: () => new Error('query timed out in expression evaluation'),
    });
    const mk = (file: string, name: string, rules: Parameters<typeof groupSpec>[0], o: Parameters<typeof groupSpec>[1] = {}) =>
      new RuleGroup(groupSpec(rules, { file, name, ...o }), groupOptions(q, new RecordingAppendable(), { now: () => T0 + 5 }));
    groups = [
      mk('/etc/a.yml', 'node', [
        alertSpec('InstanceDown', 'up == 0', { forMs: 300_000, labels: { severity: 'page' }, annotations: { summary: 'down', description: 'x' } }),
        recordSpec('job:up:sum', 'sum(up)', { team: 'infra' }),
      ], { intervalMs: 15_000 }),
      mk('/etc/a.yml', 'z-api', [alertSpec('HighRate', 'rate(x[5m]) > 1', { keepFiringForMs: 60_000, labels: { severity: 'ticket' } })]),
      mk('/etc/b.yml', 'broken', [recordSpec('r:bad', 'bad')], { limit: 10 }),
    ];
    for (const g of groups) await g.evalOnce(T0);
    h = await startApi({ deps: { rules: { ruleGroups: () => groups } } });
  });
  afterAll(() => h.close());

  const rules = async (qs = '') => (await getJson(`${h.url}/api/v1/rules${qs}`)).body;

  it('answers every group in Prometheus 3 shapes', async () => {
    const body = await rules();
    expect(body.status).toBe('success');
    expect(body.data.groups.map((g: { file: string; name: string }) => `${g.file};${g.name}`)).toEqual(['/etc/a.yml;node', '/etc/a.yml;z-api', '/etc/b.yml;broken']);
    const [node, , broken] = body.data.groups;
    expect(node).toEqual({
      name: 'node',
      file: '/etc/a.yml',
      rules: [
        {
          state: 'pending',
          name: 'InstanceDown',
          query: 'up == 0',
          duration: 300,
          labels: { severity: 'page' },
          annotations: { description: 'x', summary: 'down' },
          alerts: [
            {
              labels: { alertname: 'InstanceDown', instance: 'a', job: 'node', severity: 'page' },
              annotations: { description: 'x', summary: 'down' },
              state: 'pending',
              activeAt: '2023-11-14T22:13:20Z',
              value: '0e+00',
            },
          ],
          health: 'ok',
          evaluationTime: 0,
          lastEvaluation: '2023-11-14T22:13:20.005Z',
          keepFiringFor: 0,
          type: 'alerting',
        },
        { name: 'job:up:sum', query: 'sum(up)', labels: { team: 'infra' }, health: 'ok', evaluationTime: 0, lastEvaluation: '2023-11-14T22:13:20.005Z', type: 'recording' },
      ],
      interval: 15,
      limit: 0,
      evaluationTime: 0,
      lastEvaluation: '2023-11-14T22:13:20.005Z',
    });
    expect(broken.interval).toBe(60);
    expect(broken.limit).toBe(10);
    expect(broken.rules[0]).toMatchObject({ health: 'err', lastError: 'query timed out in expression evaluation' });
    expect(body.data.groupNextToken).toBeUndefined();
  });

  it('filters by type, and leaves out groups with no rule left', async () => {
    const alerts = await rules('?type=alert');
    expect(alerts.data.groups.map((g: { name: string }) => g.name)).toEqual(['node', 'z-api']);
    expect(alerts.data.groups[0].rules.map((r: { type: string }) => r.type)).toEqual(['alerting']);
    const records = await rules('?type=RECORD');
    expect(records.data.groups.map((g: { name: string }) => g.name)).toEqual(['node', 'broken']);
  });

  it('filters by rule_name[], rule_group[] and file[]', async () => {
    expect((await rules('?rule_name[]=HighRate&rule_name[]=r:bad')).data.groups.map((g: { name: string }) => g.name)).toEqual(['z-api', 'broken']);
    expect((await rules('?rule_group[]=node')).data.groups.map((g: { name: string }) => g.name)).toEqual(['node']);
    expect((await rules('?file[]=/etc/b.yml')).data.groups.map((g: { name: string }) => g.name)).toEqual(['broken']);
  });

  it('filters by match[] on the rules\' labels, sets ORed', async () => {
    const r = await rules('?match[]={severity="page"}&match[]={team=~"inf.*"}');
    expect(r.data.groups.length).toBe(1);
    expect(r.data.groups[0].rules.map((x: { name: string }) => x.name)).toEqual(['InstanceDown', 'job:up:sum']);
    expect((await getJson(`${h.url}/api/v1/rules?match[]={x=""}`)).body).toEqual({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "match[]": match[] must contain at least one non-empty matcher' });
  });

  it('exclude_alerts leaves alerts out (null, as Prometheus writes it)', async () => {
    const r = await rules('?exclude_alerts=TRUE&type=alert');
    expect(r.data.groups[0].rules[0].alerts).toBeNull();
    expect((await rules('?exclude_alerts=0')).data.groups[0].rules[0].alerts).toHaveLength(1);
    expect((await getJson(`${h.url}/api/v1/rules?exclude_alerts=Yes`)).body.error).toBe('invalid parameter "exclude_alerts": error converting exclude_alerts: strconv.ParseBool: parsing "yes": invalid syntax');
  });

  it('pages groups with group_limit and group_next_token', async () => {
    const p1 = await rules('?group_limit=2');
    expect(p1.data.groups.map((g: { name: string }) => g.name)).toEqual(['node', 'z-api']);
    expect(p1.data.groupNextToken).toBe(groupToken('/etc/b.yml', 'broken'));
    const p2 = await rules(`?group_limit=2&group_next_token=${p1.data.groupNextToken}`);
    expect(p2.data.groups.map((g: { name: string }) => g.name)).toEqual(['broken']);
    expect(p2.data.groupNextToken).toBeUndefined();
    expect((await rules('?group_limit=3')).data.groupNextToken).toBeUndefined();
  });

  it('refuses bad paging parameters with Prometheus\'s messages', async () => {
    const err = async (qs: string) => (await getJson(`${h.url}/api/v1/rules${qs}`)).body.error;
    expect(await err('?group_next_token=abc')).toBe('invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups');
    expect(await err('?group_limit=0')).toBe('invalid parameter "group_limit": group_limit needs to be greater than 0');
    expect(await err('?group_limit=x')).toBe('invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing "x": invalid syntax');
    expect(await err('?group_limit=1&group_next_token=nope')).toBe("invalid parameter \"group_next_token\": invalid group_next_token 'nope'. were rule groups changed?");
    expect(await err('?type=foo')).toBe('invalid parameter "type": not supported value "foo"');
  });

  it('/api/v1/alerts lists the active alerts, firing rules first', async () => {
    const body = (await getJson(`${h.url}/api/v1/alerts`)).body;
    expect(body.data.alerts.map((a: { labels: { alertname: string }; state: string }) => [a.labels.alertname, a.state])).toEqual([
      ['InstanceDown', 'pending'],
      ['HighRate', 'firing'],
    ]);
    expect(body.data.alerts[1].value).toBe('2.5e+00');
  });

  it('shows on an alerting rule that its alerts were restored after a restart', async () => {
    const { MemoryAlertStateStore } = await import('../../../../../electron/core/rules/memoryStateStore.js');
    const store = new MemoryAlertStateStore();
    const q = scriptedQuery({ up: () => [[{ instance: 'a' }, 1]] });
    const spec = groupSpec([alertSpec('Up', 'up')], { file: '/r.yml', name: 'r' });
    await new RuleGroup(spec, groupOptions(q, new RecordingAppendable(), { store })).evalOnce(T0);
    const restarted = new RuleGroup(spec, groupOptions(q, new RecordingAppendable(), { store }));
    await restarted.evalOnce(T0 + 60_000);
    const saved = groups;
    groups = [restarted];
    try {
      const r = (await rules()).data.groups[0].rules[0];
      expect(r.restored).toEqual({ at: '2023-11-14T22:14:20Z', alerts: 1 });
      expect(r.alerts[0].activeAt).toBe('2023-11-14T22:13:20Z');
      groups = saved;
      expect((await rules()).data.groups[0].rules[0].restored).toBeUndefined();
    } finally {
      groups = saved;
    }
  });

  it('formats times as Go does', () => {
    expect(goTime(0)).toBe('0001-01-01T00:00:00Z');
    expect(goTime(T0)).toBe('2023-11-14T22:13:20Z');
    expect(goTime(T0 + 120)).toBe('2023-11-14T22:13:20.12Z');
  });
});
