/**
 * Hearth and Prometheus (Debian's 2.42) scrape the same target and evaluate the same rule file;
 * their alerts (labels, annotations, state), their ALERTS series and a recorded series must
 * agree, before and after the target changes. Both name the rule file by one absolute path, so
 * their group keys, and therefore their evaluation slots, are the same.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_PROMETHEUS, NO_PROMETHEUS_REASON, apiGet, startHearth, startPrometheus, tempDir, waitFor, type Proc } from '../api/support.js';

const RULES = `groups:
  - name: parity
    interval: 1s
    rules:
      - record: room:temp:max
        expr: max by (room) (demo_temp)
        labels:
          source: rule
      - alert: TargetDown
        expr: demo_up == 0
        for: 2s
        labels:
          severity: page
        annotations:
          summary: '{{ $labels.exported_instance }} of {{ $labels.job }} is down ({{ $value }})'
          description: 'value {{ humanize $value }}, {{ with query "count(demo_up)" }}{{ . | first | value }}{{ end }} instances known'
      - alert: TooHot
        expr: room:temp:max > 25
        labels:
          severity: ticket
          room: '{{ $labels.room | toUpper }}'
`;

let target: Server;
let state = { bUp: 0, temp: 27 };
let dir = '';
let prom: Proc | null = null;
let hearth: Proc | null = null;

function exposition(): string {
  return [
    '# TYPE demo_up gauge',
    'demo_up{instance="a"} 1',
    `demo_up{instance="b"} ${state.bUp}`,
    '# TYPE demo_temp gauge',
    `demo_temp{room="lab",sensor="1"} ${state.temp}`,
    'demo_temp{room="lab",sensor="2"} 20',
    '',
  ].join('\n');
}

type Alert = { labels: Record<string, string>; annotations: Record<string, string>; state: string };

const alertKey = (a: Alert) => `${JSON.stringify(Object.entries(a.labels).sort())} ${a.state} ${JSON.stringify(Object.entries(a.annotations).sort())}`;

async function alerts(p: Proc): Promise<string[]> {
  const r = await apiGet(p.url, '/api/v1/alerts');
  return (r.data.alerts as Alert[]).map(alertKey).sort();
}

async function series(p: Proc, query: string): Promise<string[]> {
  const r = await apiGet(p.url, '/api/v1/query', { query });
  return (r.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((s) => `${JSON.stringify(Object.entries(s.metric).sort())} ${s.value[1]}`).sort();
}

/** Waits until both answer the same (they evaluate at the same slots, so this settles within a few seconds). */
async function agree(f: (p: Proc) => Promise<string[]>, what: string, ok: (r: string[]) => boolean = () => true): Promise<string[]> {
  let last: [string[], string[]] = [[], []];
  try {
    await waitFor(
      async () => {
        last = [await f(prom!), await f(hearth!)];
        return last[0].length > 0 && ok(last[0]) && JSON.stringify(last[0]) === JSON.stringify(last[1]);
      },
      15_000,
      what,
    );
  } catch {
    expect(last[1], `${what}: Hearth vs Prometheus`).toEqual(last[0]);
  }
  return last[0];
}

describe.skipIf(!HAVE_PROMETHEUS)(`rules side by side with Prometheus ${HAVE_PROMETHEUS ? '' : NO_PROMETHEUS_REASON}`, () => {
  beforeAll(async () => {
    target = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(exposition());
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const addr = `127.0.0.1:${(target.address() as AddressInfo).port}`;
    dir = tempDir('hearth-rules-parity-');
    const rules = join(dir, 'rules.yml');
    writeFileSync(rules, RULES);
    const config = `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${rules}\nscrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: ['${addr}']\n`;
    writeFileSync(join(dir, 'hearth.yml'), config);
    [prom, hearth] = await Promise.all([startPrometheus(join(dir, 'prom'), config), startHearth(join(dir, 'hearth-data'), [`--config.file=${join(dir, 'hearth.yml')}`])]);
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await hearth?.stop();
    await new Promise<void>((r) => target?.close(() => r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('agree on alerts, ALERTS and the recorded series while the target is down and hot', { timeout: 60_000 }, async () => {
    const a = await agree(alerts, 'alerts with TargetDown firing');
    expect(a.some((x) => x.includes('"TargetDown"') && x.includes(' firing '))).toBe(true);
    expect(a.some((x) => x.includes('"TooHot"') && x.includes(' firing '))).toBe(true);
    await agree((p) => series(p, 'ALERTS'), 'ALERTS');
    const rec = await agree((p) => series(p, 'room:temp:max'), 'room:temp:max');
    expect(rec).toEqual([`${JSON.stringify([['__name__', 'room:temp:max'], ['room', 'lab'], ['source', 'rule']])} 27`]);
    expect(a.some((x) => x.includes('"b of demo is down (0)"') && x.includes('"value 0, 2 instances known"'))).toBe(true);
    expect(a.some((x) => x.includes('["room","LAB"]'))).toBe(true);
    // Their activeAt values differ by when each process first scraped; the series must match.
    await agree((p) => series(p, 'ALERTS_FOR_STATE * 0'), 'ALERTS_FOR_STATE series');
  });

  it('evaluate at the same slots: the group offset from the hash of its key', { timeout: 60_000 }, async () => {
    // Rule results are stamped with the slot; within a 1s interval the slot's fraction of a
    // second is the group's hashed offset, the same in both when the hash is Prometheus's.
    const phase = await agree((p) => series(p, 'timestamp(room:temp:max) % 1'), 'recorded sample phase');
    await agree((p) => series(p, 'timestamp(ALERTS) % 1'), 'ALERTS sample phase');
    expect(phase).toHaveLength(1);
  });

  it('agree after the target recovers and cools down', { timeout: 60_000 }, async () => {
    state = { bUp: 1, temp: 22 };
    const cooled = await agree((p) => series(p, 'room:temp:max'), 'room:temp:max cooled', (r) => r[0]!.endsWith(' 22'));
    expect(cooled[0]).toMatch(/ 22$/);
    await waitFor(async () => (await alerts(prom!)).length === 0 && (await alerts(hearth!)).length === 0, 15_000, 'no active alerts in either');
    const left = async (p: Proc) => series(p, 'ALERTS');
    await waitFor(async () => (await left(prom!)).length === 0 && (await left(hearth!)).length === 0, 15_000, 'ALERTS ended (stale) in both');
  });
});
