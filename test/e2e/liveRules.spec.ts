import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { watchCsp } from './support/console';
import { freePort } from './support/ports';
import { startHearth, type RunningHearth } from './support/server';

// The Alerts and Rules pages against a real `hearth serve` evaluating a real rule file: no
// routed payloads. Its own server, so the shared one keeps its empty-state pages.

let hearth: RunningHearth;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-e2e-rules-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'rules.yml'),
    [
      'groups:',
      '  - name: live',
      '    interval: 1s',
      '    rules:',
      '      - record: job:up:count',
      '        expr: count by (job) (up)',
      '      - alert: SelfScraped',
      '        expr: up{job="self"} == 1',
      '        for: 2s',
      '        labels: {severity: info}',
      '        annotations:',
      '          summary: "{{ $labels.instance }} answers its scrapes"',
      '      - alert: NeverFires',
      '        expr: up{job="self"} == 0',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'prometheus.yml'),
    ['global:', '  scrape_interval: 1s', 'rule_files: [rules.yml]', 'scrape_configs:', '  - job_name: self', `    static_configs: [{targets: ['127.0.0.1:${port}']}]`, ''].join('\n'),
  );
  hearth = await startHearth(['--config.file', join(dir, 'prometheus.yml')], `127.0.0.1:${port}`);
  // Wait for the alert to fire (two seconds pending, then firing).
  await expect
    .poll(async () => ((await (await fetch(`${hearth.url}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ state: string }> } }).data.alerts.map((a) => a.state), { timeout: 30_000 })
    .toContain('firing');
});

test.afterAll(async () => {
  await hearth?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('live: the firing alert on the Alerts page, its history, and the count in the title', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(hearth.url + '/alerts');
  const rule = page.locator('[data-rule="SelfScraped"]');
  await expect(rule.getByRole('button').first()).toContainText('FIRING');
  await rule.getByRole('button').first().click();
  const rows = rule.getByTestId('active-alerts').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText(`127.0.0.1:${new URL(hearth.url).port} answers its scrapes`);
  await expect(rows.nth(0)).toContainText('severity');
  await expect(page.locator('[data-rule="NeverFires"]')).toBeVisible();
  // The history holds its pending and firing changes.
  await expect(rule.getByTestId('history-summary')).toContainText('fired 1×');
  await expect(page).toHaveTitle(/^\(1\) /);
  expect(csp).toEqual([]);
});

test('live: the Rules page shows the group healthy, and a backtest of the saved rule finds the alert', async ({ page }) => {
  await page.goto(hearth.url + '/rules');
  await expect(page.locator('[data-rule="job:up:count"]')).toBeVisible();
  await expect(page.locator('[data-rule="SelfScraped"]')).toBeVisible();
  await expect(page.getByText(/error/i)).toHaveCount(0);
  await page.locator('[data-rule="SelfScraped"]').getByRole('button', { name: 'Backtest…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Backtest SelfScraped' });
  // 6 h at 5 s: 4,320 evaluations (the backtest refuses more than 10,000).
  await dialog.getByLabel('Evaluation interval').fill('5s');
  await dialog.getByRole('button', { name: 'Last 6h' }).click();
  await dialog.getByRole('button', { name: 'Backtest', exact: true }).click();
  await expect(dialog.getByTestId('backtest-result')).toBeVisible({ timeout: 30_000 });
  const rows = dialog.getByTestId('backtest-alerts').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText('answers its scrapes');
});
