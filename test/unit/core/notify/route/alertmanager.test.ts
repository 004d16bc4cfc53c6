/**
 * Group keys, group labels and fingerprints against a running Alertmanager 0.25 (Debian's
 * /usr/bin/prometheus-alertmanager, on a free loopback port, clustering off, its own
 * storage): fixtures/routes.yml with every receiver a webhook to this test, the label sets
 * of amtool.test.ts POSTed as alerts; each webhook notification names its receiver, its
 * groupKey and each alert's fingerprint, and Hearth's Route must predict exactly that set.
 * Skipped when the binary is not installed.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { goQuote } from '../../../../../shared/text/quote.js';
import { compareGoStrings, labelSetFingerprint, labelSetString } from '../../../../../electron/core/notify/route/labelSet.js';
import { Route } from '../../../../../electron/core/notify/route/route.js';
import { LABEL_SETS, routeFromYaml } from './support.js';

const BIN = '/usr/bin/prometheus-alertmanager';
const SKIP = existsSync(BIN) ? null : `SKIPPED: ${BIN} is missing (Debian's prometheus-alertmanager package is the reference)`;

/** 'a' and 'a1' with '...': the one place where 0.25's group key order differs from today's. */
const PREFIX_NAMES = { severity: 'page', team: 'db', a: '1', a1: '2' };
const ALERTS = [...LABEL_SETS.filter((l) => Object.values(l).some((v) => v !== '')), PREFIX_NAMES, { alertname: 'Q', team: 'x"y\\z', service: 'web' }];

/**
 * The label set string of Alertmanager 0.25, whose prometheus/common sorted whole
 * `name="value"` strings; today's sorts names (labelSetString). They differ only where a
 * name is a prefix of another followed by a byte below '=' ('a' and 'a1').
 */
function labelSetString025(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${goQuote(v)}`)
    .sort(compareGoStrings)
    .join(', ')}}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Notification {
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: Array<{ labels: Record<string, string>; fingerprint: string }>;
}

describe.skipIf(SKIP !== null)(SKIP ?? 'Route and label sets against a running Alertmanager 0.25', () => {
  let dir = '';
  let proc: ChildProcess | undefined;
  let stderr = '';
  let webhook: http.Server;
  let amURL = '';
  let tree: Route;
  const notifications: Notification[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-route-am-'));
    webhook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        notifications.push(JSON.parse(body) as Notification);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(webhook.address() as { port: number }).port}`;

    // The fixture, with every receiver a webhook and one short group_wait everywhere: long
    // enough for every alert of the one POST to join its group before the first flush
    // (the next would come only after group_interval).
    const config = parseYaml(readFileSync(join(import.meta.dirname, 'fixtures', 'routes.yml'), 'utf8')) as {
      route: Record<string, unknown>;
      receivers: Array<Record<string, unknown>>;
    };
    const stripWaits = (r: Record<string, unknown>): void => {
      delete r.group_wait;
      for (const c of (r.routes as Array<Record<string, unknown>>) ?? []) stripWaits(c);
    };
    stripWaits(config.route);
    config.route.group_wait = '2s';
    config.route.group_interval = '1h';
    config.route.repeat_interval = '4h';
    for (const rcv of config.receivers) rcv.webhook_configs = [{ url: `${hook}/${String(rcv.name)}` }];
    writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
    tree = new Route(routeFromYaml(JSON.stringify(config.route)));

    const port = await freePort();
    amURL = `http://127.0.0.1:${port}`;
    proc = spawn(BIN, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const end = Date.now() + 15_000;
    for (;;) {
      const ok = await fetch(`${amURL}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > end) throw new Error(`Alertmanager did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await fetch(`${amURL}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ALERTS.map((labels) => ({ labels }))),
    });
    if (!res.ok) throw new Error(`POST /api/v2/alerts: ${res.status} ${await res.text()}`);
  }, 30_000);

  afterAll(async () => {
    // Alertmanager writes its snapshots while it shuts down: the directory goes once it has exited.
    if (proc && proc.exitCode === null) await new Promise<void>((r) => {
      proc!.once('exit', () => r());
      proc!.kill();
    });
    await new Promise<void>((r) => webhook?.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each alert the fingerprint Alertmanager gives it', async () => {
    const got = (await (await fetch(`${amURL}/api/v2/alerts`)).json()) as Array<{ labels: Record<string, string>; fingerprint: string }>;
    expect(got.length).toBe(ALERTS.length);
    for (const a of got) expect(labelSetFingerprint(a.labels), JSON.stringify(a.labels)).toBe(a.fingerprint);
  });

  it('sends each alert to the receivers and aggregation groups Alertmanager does', async () => {
    const expected: string[] = [];
    for (const labels of ALERTS) {
      for (const r of tree.match(labels)) expected.push(`${r.opts.receiver} ${r.key()}:${labelSetString025(r.groupLabels(labels))} ${labelSetFingerprint(labels)}`);
    }
    const seen = (): string[] => notifications.flatMap((n) => n.alerts.map((a) => `${n.receiver} ${n.groupKey} ${a.fingerprint}`));
    const end = Date.now() + 20_000;
    while (seen().length < expected.length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(seen().sort()).toEqual(expected.sort());
    // And the group labels of each notification are Route.groupLabels of its alerts.
    for (const n of notifications) {
      const [route] = tree.match(n.alerts[0]!.labels).filter((r) => n.groupKey.startsWith(r.key() + ':'));
      expect(route, n.groupKey).toBeDefined();
      expect(route!.groupLabels(n.alerts[0]!.labels)).toEqual(n.groupLabels);
    }
  }, 30_000);

  it("differs from 0.25's group key only in the order of prefix names ('a', 'a1'), where Hearth follows today's Alertmanager", () => {
    const dbPager = tree.match(PREFIX_NAMES).find((r) => r.opts.groupByAll);
    const groupLabels = dbPager!.groupLabels(PREFIX_NAMES);
    expect(labelSetString(groupLabels)).toBe('{a="1", a1="2", severity="page", team="db"}');
    expect(labelSetString025(groupLabels)).toBe('{a1="2", a="1", severity="page", team="db"}');
    expect(notifications.some((n) => n.groupKey.endsWith(':{a1="2", a="1", severity="page", team="db"}'))).toBe(true);
    for (const labels of ALERTS) {
      if (labels === PREFIX_NAMES) continue;
      for (const r of tree.match(labels)) expect(labelSetString(r.groupLabels(labels))).toBe(labelSetString025(r.groupLabels(labels)));
    }
  });
});
