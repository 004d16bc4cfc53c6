import { expect, test } from '@playwright/test';
import { editor, hearthUrl, shot, waitForMetric, watchCsp } from './support/console';

test('alerts and rules pages say what to do while no rules are loaded', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(hearthUrl() + '/alerts');
  await expect(page.getByRole('heading', { name: 'Alerts' })).toBeVisible();
  await expect(page.getByTestId('empty-state')).toContainText('No alerting rules');
  await expect(page.getByTestId('empty-state')).toContainText('rule_files');
  await shot(page, 'alerts');
  await page.getByRole('link', { name: 'Rules' }).click();
  await expect(page).toHaveURL(/\/rules$/);
  await expect(page.getByTestId('empty-state')).toContainText('No rule groups');
  await shot(page, 'rules');
  expect(csp).toEqual([]);
});

test('status pages: build and runtime info, TSDB cardinality linking to queries, flags, configuration', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(hearthUrl() + '/status');
  await expect(page.getByTestId('build-info')).toContainText('Hearth version');
  await expect(page.getByTestId('runtime-info')).toContainText('Storage retention');
  await shot(page, 'status-runtime');

  await page.getByRole('link', { name: 'TSDB' }).click();
  await expect(page).toHaveURL(/\/tsdb-status$/);
  await expect(page.getByTestId('head-stats')).toContainText('Series');
  const byName = page.getByTestId('cardinality-seriesCountByMetricName');
  await expect(byName.locator('tbody tr').first()).toBeVisible();
  await shot(page, 'status-tsdb');
  const first = (await byName.locator('tbody tr a').first().textContent())!;
  await byName.locator('tbody tr a').first().click();
  await expect(page).toHaveURL(/\/query\?g0\.expr=/);
  await expect(editor(page)).toHaveText(first);
  await expect(page.getByTestId('results-table')).toBeVisible();

  await page.goto(hearthUrl() + '/flags');
  await expect(page.getByTestId('flags')).toContainText('--storage.tsdb.path');
  await page.getByLabel('Filter flags').fill('listen');
  await expect(page.getByTestId('flags').locator('tr')).toHaveCount(1);
  await shot(page, 'status-flags');

  await page.getByRole('link', { name: 'Configuration' }).click();
  await expect(page.getByTestId('config-yaml')).toContainText('job_name: exporter');
  await shot(page, 'status-config');
  expect(csp).toEqual([]);
});

test('metrics explorer lists names with type, help and series count; a name opens a query', async ({ page }) => {
  const csp = await watchCsp(page);
  await waitForMetric('node_load1');
  await page.goto(hearthUrl() + '/explorer');
  const rows = page.getByTestId('metric-row');
  await expect(rows.first()).toBeVisible();
  await page.getByLabel('Filter metrics').fill('node_load');
  await expect(rows).toHaveCount(3);
  await page.getByLabel('Filter metrics').fill('node_load1 average');
  await expect(rows).toHaveCount(2); // node_load1 and node_load15
  await expect(rows.first()).toContainText('node_load1');
  await expect(rows.first()).toContainText('gauge');
  await expect(rows.first()).toContainText('1m load average');
  await expect(rows.first().locator('td').last()).toHaveText('1');
  await page.getByLabel('Filter metrics').fill('');
  await page.getByLabel('Metric type').selectOption('counter');
  await expect(rows.first()).toContainText('counter');
  await shot(page, 'metrics-explorer');
  await page.getByLabel('Metric type').selectOption('');
  await page.getByLabel('Filter metrics').fill('node_load1');
  await rows.first().getByRole('link', { name: 'node_load1', exact: true }).click();
  await expect(editor(page)).toHaveText('node_load1');

  // The same explorer opens from a query panel and inserts the picked name.
  await editor(page).fill('');
  await page.getByRole('button', { name: 'Metrics explorer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Metrics explorer' });
  await dialog.getByLabel('Filter metrics').fill('node_load5');
  await dialog.getByRole('button', { name: 'node_load5' }).click();
  await expect(editor(page)).toHaveText('node_load5');
  expect(csp).toEqual([]);
});

test('keyboard: / focuses the editor, g t goes to targets, ? lists shortcuts', async ({ page }) => {
  await page.goto(hearthUrl() + '/query');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await expect(editor(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page).toHaveURL(/\/targets$/);
  await page.keyboard.press('Shift+?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Run the query');
  await page.keyboard.press('Escape');
  await page.goBack();
  await expect(page).toHaveURL(/\/query/);
});

test('the layout holds at 1024 px wide', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  await page.goto(hearthUrl() + '/query?g0.expr=up&g0.tab=graph&g0.range_input=5m');
  await expect(page.getByTestId('chart').locator('canvas')).toHaveCount(1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'query-1024');
  await ctx.close();
});
