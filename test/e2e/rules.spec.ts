import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import type { BacktestRequest } from '../../shared/api/alertHistory';
import { hearthUrl, shot, watchCsp } from './support/console';
import { backtestAnswer, routeRules } from './support/rulesFixtures';

// The rule engine and the backtest endpoint are not merged yet: page.route() answers
// /api/v1/rules, /api/v1/alerts and POST /api/hearth/v1/rules/backtest with realistic payloads
// (support/rulesFixtures.ts); the page itself comes from the real `hearth serve`.

test('rules page: groups with health, last evaluation, duration, errors and the restore note', async ({ page }) => {
  const csp = await watchCsp(page);
  await routeRules(page, Date.now());
  await page.goto(hearthUrl() + '/rules');
  const group = page.getByTestId('rule-group');
  await expect(group).toHaveCount(1);
  await expect(group.locator('.card-title')).toContainText('every 1m');
  await expect(group.locator('.card-title')).toContainText('took 4.2ms');
  await expect(group.locator('.card-title')).toContainText('1 failing');
  await expect(page.getByTestId('rule')).toHaveCount(4);

  const disk = page.locator('[data-rule="DiskFull"]');
  await expect(disk.locator('td').nth(1)).toHaveText('OK');
  await expect(disk.locator('td').nth(2)).toHaveText(/^1\ds ago$/);
  await expect(disk.locator('td').nth(3)).toHaveText('2.1ms');
  await expect(disk.getByTestId('rule-restored')).toContainText('restored 1 alert 40m');
  await expect(disk).toContainText('for: 5m');

  const load = page.locator('[data-rule="LoadHigh"]');
  await expect(load.locator('td').nth(1)).toHaveText('ERR');
  await expect(load.getByTestId('rule-error')).toHaveText('query timed out in expression evaluation');
  await expect(load.locator('td').nth(3)).toHaveText('2.01s');
  await expect(page.locator('[data-rule="HostDown"]')).toContainText('keep_firing_for: 10m');
  // Recording rules have no backtest.
  await expect(page.locator('[data-rule="instance:node_cpu:rate5m"]').getByRole('button', { name: 'Backtest…' })).toHaveCount(0);

  await page.getByRole('group', { name: 'Health filter' }).getByRole('button', { name: 'ok' }).click();
  await expect(page.getByTestId('rule')).toHaveCount(1);
  await expect(page).toHaveURL(/\?health=err&health=unknown$/);
  await shot(page, 'rules-health');
  // The filters are in the URL, as in Prometheus's UI: a link opens the same view.
  await page.goto(hearthUrl() + '/rules?search=node_load5');
  await expect(page.getByLabel('Filter rules')).toHaveValue('node_load5');
  await expect(page.getByTestId('rule')).toHaveCount(1);
  await expect(page.getByTestId('rule')).toContainText('LoadHigh');
  expect(csp).toEqual([]);
});

test('backtest a saved rule: pre-filled YAML and interval, the request sent, pending/fired/resolved shown', async ({ page }) => {
  const csp = await watchCsp(page);
  const now = Date.now();
  await routeRules(page, now);
  const bodies: BacktestRequest[] = [];
  await page.route('**/api/hearth/v1/rules/backtest', async (route) => {
    expect(route.request().method()).toBe('POST');
    expect(route.request().headers()['content-type']).toBe('application/json');
    bodies.push(route.request().postDataJSON() as BacktestRequest);
    await route.fulfill({ json: { status: 'success', data: backtestAnswer(now) } });
  });
  await page.goto(hearthUrl() + '/rules');
  await page.locator('[data-rule="HostDown"]').getByRole('button', { name: 'Backtest…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Backtest HostDown' });
  const yaml = dialog.getByLabel('Rule YAML');
  const text = await yaml.inputValue();
  // The saved rule as YAML that reads back to the same rule.
  expect(parse(text)).toEqual({
    alert: 'HostDown',
    expr: 'up{job="node"} == 0',
    for: '5m',
    keep_firing_for: '10m',
    labels: { severity: 'warning' },
    annotations: { summary: '{{ $labels.instance }} is down' },
  });
  await expect(dialog.getByLabel('Evaluation interval')).toHaveValue('1m');

  await dialog.getByRole('button', { name: 'Backtest', exact: true }).click();
  const result = dialog.getByTestId('backtest-result');
  await expect(result).toBeVisible();
  expect(bodies).toHaveLength(1);
  expect(bodies[0]!.rule).toBe(text);
  expect(bodies[0]!.interval).toBe('1m');
  const span = Number(bodies[0]!.end) - Number(bodies[0]!.start);
  expect(span).toBeGreaterThan(86_400 - 2);
  expect(span).toBeLessThan(86_400 + 2);
  expect(Math.abs(Number(bodies[0]!.end) * 1000 - Date.now())).toBeLessThan(60_000);

  await expect(dialog.getByTestId('backtest-summary')).toContainText('1441 evaluations every 1m');
  await expect(dialog.getByTestId('backtest-summary')).toContainText('2 alerts would have gone pending, 1 fired (1h5m firing in all), 1 still active at the end.');
  const rows = dialog.getByTestId('backtest-alerts').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('printer:9100 is down');
  await expect(rows.nth(1)).toContainText('camera:9100');
  await expect(rows.nth(1).locator('td').nth(2)).toHaveText('never');
  await expect(rows.nth(1).locator('td').nth(3)).toHaveText('still active');
  await expect(dialog.getByTestId('backtest-errors')).toContainText('query timed out in expression evaluation');
  const bars = dialog.getByTestId('alert-timeline');
  await expect(bars).toHaveCount(2);
  await expect(bars.nth(0).getByTestId('timeline-bar')).toHaveAttribute('data-spans', 'pending firing');
  await expect(bars.nth(1).getByTestId('timeline-bar')).toHaveAttribute('data-spans', 'pending');
  await shot(page, 'rules-backtest');

  // An edited rule and a custom interval go out as typed.
  await yaml.fill(text.replace('== 0', '< 1'));
  await dialog.getByLabel('Evaluation interval').fill('30s');
  await dialog.getByRole('button', { name: 'Last 6h' }).click();
  await dialog.getByRole('button', { name: 'Backtest', exact: true }).click();
  await expect.poll(() => bodies.length).toBe(2);
  expect(bodies[1]!.rule).toContain('up{job="node"} < 1');
  expect(bodies[1]!.interval).toBe('30s');
  expect(Number(bodies[1]!.end) - Number(bodies[1]!.start)).toBeCloseTo(6 * 3600, -1);
  expect(csp).toEqual([]);
});

test('backtest a new rule: bad input is named before sending, and the core errors are shown', async ({ page }) => {
  await routeRules(page, Date.now());
  let calls = 0;
  await page.route('**/api/hearth/v1/rules/backtest', async (route) => {
    calls++;
    await route.fulfill({ status: 400, json: { status: 'error', errorType: 'bad_data', error: '2:7: parse error: unexpected end of input' } });
  });
  await page.goto(hearthUrl() + '/rules');
  await page.getByRole('button', { name: 'Try a rule on history…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Backtest a new alerting rule' });
  await expect(dialog.getByLabel('Rule YAML')).toHaveValue(/alert: InstanceDown/);
  await expect(dialog.getByLabel('Evaluation interval')).toHaveValue('');

  await dialog.getByLabel('Evaluation interval').fill('5 minutes');
  await dialog.getByRole('button', { name: 'Backtest', exact: true }).click();
  await expect(dialog.getByRole('alert').first()).toContainText('invalid interval: unknown unit " minutes" in duration "5 minutes"');
  await dialog.getByLabel('Evaluation interval').fill('');
  await dialog.getByLabel('Rule YAML').fill('record: job:up:sum\nexpr: sum by (job) (up)\n');
  await dialog.getByRole('button', { name: 'Backtest', exact: true }).click();
  await expect(dialog).toContainText('only alerting rules can be backtested');
  expect(calls).toBe(0);

  await dialog.getByLabel('Rule YAML').fill('alert: Broken\nexpr: sum(\n');
  await dialog.getByLabel('Rule YAML').press('Control+Enter');
  await expect(dialog.getByRole('alert').filter({ hasText: 'Backtest failed' })).toContainText('bad_data: 2:7: parse error: unexpected end of input');
  expect(calls).toBe(1);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('a backtest with no alerts in the range says so', async ({ page }) => {
  const now = Date.now();
  await routeRules(page, now);
  await page.route('**/api/hearth/v1/rules/backtest', (route) =>
    route.fulfill({ json: { status: 'success', data: { rule: 'DiskFull', interval: 60, evaluations: 361, alerts: [], errors: [] } } }),
  );
  await page.goto(hearthUrl() + '/rules');
  await page.locator('[data-rule="DiskFull"]').getByRole('button', { name: 'Backtest…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Backtest DiskFull' });
  await dialog.getByRole('button', { name: 'Last 6h' }).click();
  await dialog.getByRole('button', { name: 'Backtest', exact: true }).click();
  await expect(dialog.getByTestId('backtest-summary')).toContainText('It would never have gone pending.');
  await expect(dialog.getByTestId('empty-state')).toContainText('No alerts in this range');
});

test('a backtest with hundreds of alerts stays bounded: 50 timelines and 200 rows, with counts of the rest', async ({ page }) => {
  const now = Date.now();
  await routeRules(page, now);
  const alerts = Array.from({ length: 300 }, (_, i) => ({
    labels: { alertname: 'DiskFull', instance: `host${String(i).padStart(3, '0')}:9100` },
    annotations: { summary: `host${i} is full` },
    activeAt: new Date(now - 5 * 3_600_000 + i * 60_000).toISOString(),
    firedAt: new Date(now - 4 * 3_600_000 + i * 60_000).toISOString(),
    value: '9.5e-01',
  }));
  await page.route('**/api/hearth/v1/rules/backtest', (route) => route.fulfill({ json: { status: 'success', data: { rule: 'DiskFull', interval: 60, evaluations: 361, alerts, errors: [] } } }));
  await page.goto(hearthUrl() + '/rules');
  await page.locator('[data-rule="DiskFull"]').getByRole('button', { name: 'Backtest…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Backtest DiskFull' });
  await dialog.getByRole('button', { name: 'Last 6h' }).click();
  await dialog.getByRole('button', { name: 'Backtest', exact: true }).click();
  await expect(dialog.getByTestId('backtest-summary')).toContainText('300 alerts would have gone pending, 300 fired');
  await expect(dialog.getByTestId('alert-timeline')).toHaveCount(50);
  await expect(dialog.getByTestId('timeline-more')).toHaveText('and 250 more alerts');
  await expect(dialog.getByTestId('backtest-alerts').locator('tbody tr')).toHaveCount(200);
  await expect(dialog.getByTestId('backtest-alerts').locator('tbody tr').first().locator('td').last()).toHaveText('0.95');
  await expect(dialog).toContainText('and 100 more alerts');
});
