/**
 * Route.match against Alertmanager 0.25's own routing: `amtool config routes test` on
 * fixtures/routes.yml prints the receivers an alert goes to, in order; Hearth must give
 * the same list for each label set. Skipped when amtool is not installed.
 */

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { Route } from '../../../../../electron/core/notify/route/route.js';
import { LABEL_SETS, routeFromYaml } from './support.js';

const AMTOOL = '/usr/bin/amtool';
const SKIP = existsSync(AMTOOL) ? null : `SKIPPED: ${AMTOOL} is missing (Debian's prometheus-alertmanager package is the reference)`;
const CONFIG = join(import.meta.dirname, 'fixtures', 'routes.yml');


function hearthTree(): Route {
  const raw = parseYaml(readFileSync(CONFIG, 'utf8')) as { route: unknown };
  return new Route(routeFromYaml(JSON.stringify(raw.route)));
}

function amtool(labels: Record<string, string>): Promise<string> {
  const args = ['config', 'routes', 'test', `--config.file=${CONFIG}`, ...Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`)];
  return new Promise((resolve, reject) => {
    execFile(AMTOOL, args, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}: ${stderr}`)) : resolve(stdout.trim())));
  });
}

describe.skipIf(SKIP !== null)(SKIP ?? 'Route.match against amtool config routes test (Alertmanager 0.25)', () => {
  it('sends every label set to the receivers amtool names, in the same order', async () => {
    const tree = hearthTree();
    const rows = await Promise.all(
      LABEL_SETS.map(async (labels) => ({
        labels,
        amtool: await amtool(labels),
        hearth: tree
          .match(labels)
          .map((r) => r.opts.receiver)
          .join(','),
      })),
    );
    expect(rows.map((r) => ({ labels: r.labels, receivers: r.hearth }))).toEqual(rows.map((r) => ({ labels: r.labels, receivers: r.amtool })));
    // The sample is worth comparing only if it reaches most of the tree.
    expect(new Set(rows.flatMap((r) => r.amtool.split(','))).size).toBeGreaterThanOrEqual(8);
  }, 60_000);
});
