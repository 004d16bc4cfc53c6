import { expect, test } from '@playwright/test';
import { editor, hearthUrl, resultRows, runQuery, runUntilRows, shot, watchCsp } from './support/console';

test('the console runs `up` and shows every target in the table and the chart, with no CSP errors', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(hearthUrl() + '/');
  await expect(page.getByRole('link', { name: 'Targets' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Alerts' })).toBeVisible();
  await runUntilRows(page, 'up', 3);
  const table = page.getByTestId('results-table');
  await expect(table).toContainText('job="hearth"');
  await expect(table).toContainText('job="node"');
  await expect(table).toContainText('job="exporter"');
  await expect(page.getByTestId('result-meta')).toContainText('3 series');
  await page.getByRole('tab', { name: 'Graph' }).click();
  // uPlot draws into a canvas inside the chart container.
  await expect(page.getByTestId('chart').locator('canvas')).toHaveCount(1);
  await shot(page, 'query-up');
  expect(csp).toEqual([]);
});

test('type a query with autocompletion, run it, see the engine’s lint error, format, and find it in the history', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(hearthUrl() + '/query');
  const ed = editor(page);
  await ed.click();
  await expect(async () => {
    await ed.fill('');
    await ed.pressSequentially('node_loa', { delay: 20 });
    await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('node_load1', { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await shot(page, 'query-autocomplete');
  // Enter picks the completion while the list is open, and runs the query after.
  await page.locator('.cm-tooltip-autocomplete li', { hasText: /^node_load1/ }).first().click();
  await expect(ed).toHaveText('node_load1');
  await ed.press('Enter');
  await expect(resultRows(page)).toHaveCount(1);
  await expect(page.getByTestId('results-table')).toContainText('node_load1{instance=');
  await expect(page).toHaveURL(/g0\.expr=node_load1/);

  // The engine's parser marks the offending token, with its message on hover.
  await ed.fill('rate(node_load1)');
  await expect(page.locator('.cm-lintRange-error')).toHaveText('node_load1');
  await page.locator('.cm-lintRange-error').hover();
  await expect(page.locator('.cm-tooltip-lint')).toContainText('expected type range vector');
  await shot(page, 'query-lint');

  // Format with the button (format_query), then the error shows under the table after running.
  await ed.fill('sum(rate(node_cpu_seconds_total[1m]))by(mode)');
  await page.getByRole('button', { name: 'Format query' }).click();
  await expect(ed).toHaveText('sum by (mode) (rate(node_cpu_seconds_total[1m]))');

  // Shift+Enter adds a line instead of running.
  await ed.click();
  await ed.press('End');
  await ed.press('Shift+Enter');
  await ed.pressSequentially('> 0');
  await expect(ed.locator('.cm-line')).toHaveCount(2);
  await ed.press('Enter');
  await expect(page.getByTestId('result-meta')).toContainText('series');

  // The history keeps what ran, searchable.
  await page.getByRole('button', { name: 'Query history' }).click();
  const history = page.getByTestId('history');
  await history.getByLabel('Search history').fill('load1');
  await expect(history.locator('.picker-item')).toHaveCount(1);
  await history.locator('.picker-item').first().click();
  await expect(ed).toHaveText('node_load1');
  expect(csp).toEqual([]);
});

test('graph tab: legend toggles and isolates series, the range changes, stacking, and a reload restores the page from its URL', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(hearthUrl() + '/query');
  await runUntilRows(page, 'up', 3);
  await page.getByRole('tab', { name: 'Graph' }).click();
  const items = page.getByTestId('legend-item');
  await expect(items).toHaveCount(3);
  // Ctrl-click toggles one series; a plain click isolates one; clicking it again shows all.
  await items.nth(0).click({ modifiers: ['Control'] });
  await expect(items.nth(0)).toHaveAttribute('aria-pressed', 'false');
  await expect(items.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await items.nth(2).click();
  await expect(items.nth(0)).toHaveAttribute('aria-pressed', 'false');
  await expect(items.nth(1)).toHaveAttribute('aria-pressed', 'false');
  await expect(items.nth(2)).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'graph-isolated');
  await items.nth(2).click();
  await expect(items.nth(0)).toHaveAttribute('aria-pressed', 'true');

  // The tooltip lists every series at the hovered time.
  const chart = page.getByTestId('chart');
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2); // the newest point, which has data on a fresh server
  await expect(chart.locator('.graph-tooltip')).toBeVisible();
  await expect(chart.locator('.graph-tooltip-row')).toHaveCount(3);

  // Change the range with a preset, then stack, then add a second panel.
  await page.getByRole('button', { name: 'Time range' }).click();
  await page.getByTestId('range-popover').getByRole('button', { name: 'Last 5m' }).click();
  await expect(page.getByTestId('range-value')).toHaveText('5m');
  await expect(page).toHaveURL(/g0\.range_input=5m/);
  await expect(page.getByTestId('result-meta')).toContainText('step 2s');
  await page.getByRole('button', { name: 'Stacked' }).click();
  await expect(page).toHaveURL(/g0\.display_mode=stacked/);

  // Drag to zoom: the range shrinks to the selection; reset zoom restores it.
  await page.mouse.move(box.x + box.width * 0.5, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.9, box.y + 20, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('range-value')).not.toHaveText('5m');
  await expect(page).toHaveURL(/g0\.end_input=/);
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(page.getByTestId('range-value')).toHaveText('5m');

  await page.getByRole('button', { name: 'Add query' }).click();
  await runUntilRows(page, 'node_load1', 1, 1);
  await page.getByTestId('panel').nth(1).getByRole('tab', { name: 'Explain' }).click();
  await expect(page).toHaveURL(/g1\.tab=explain/);
  await shot(page, 'query-two-panels');

  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect(page.getByTestId('panel')).toHaveCount(2);
  await expect(editor(page, 0)).toHaveText('up');
  await expect(editor(page, 1)).toHaveText('node_load1');
  await expect(page.getByTestId('panel').nth(0).getByRole('tab', { name: 'Graph' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('range-value')).toHaveText('5m');
  await expect(page.getByRole('button', { name: 'Stacked' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('legend-item')).toHaveCount(3);
  await expect(page.getByTestId('panel').nth(1).getByTestId('explain-tree')).toBeVisible();
  expect(csp).toEqual([]);
});

test('explain tab: the tree shows each node’s type and series count, and a click runs that subexpression', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto(hearthUrl() + '/query');
  await runUntilRows(page, 'up', 3);
  await runQuery(page, 'sum by (job) (up) / on (job) group_left count by (job) (node_load1)');
  await page.getByRole('tab', { name: 'Explain' }).click();
  const nodes = page.getByTestId('explain-node');
  await expect(nodes).toHaveCount(5);
  await expect(nodes.nth(0)).toContainText('… / on (job) group_left …');
  await expect(nodes.nth(1)).toContainText('sum by (job)');
  await expect(nodes.nth(2)).toContainText('up');
  await expect(nodes.nth(2)).toContainText('instant vector');
  await expect(nodes.nth(2).getByTestId('explain-stat')).toHaveText('3 series');
  await expect(nodes.nth(1).getByTestId('explain-stat')).toHaveText('3 series');
  await expect(nodes.nth(0).getByTestId('explain-stat')).toHaveText('1 series');
  // The root explains why only one series is left: only job="node" has node_load1.
  await expect(page.getByTestId('explain-detail')).toContainText('group_left');

  await nodes.nth(2).click();
  const detail = page.getByTestId('explain-detail');
  await expect(detail.locator('.explain-expr')).toHaveText('up');
  await expect(detail.getByTestId('results-table').locator('tbody tr')).toHaveCount(3);
  await expect(detail).toContainText('Selects the latest sample');
  await shot(page, 'query-explain');

  // A subexpression opens in its own panel.
  await nodes.nth(3).click();
  await detail.getByRole('button', { name: 'Open in new panel' }).click();
  await expect(page.getByTestId('panel')).toHaveCount(2);
  await expect(editor(page, 1)).toHaveText('count by (job) (node_load1)');
  await expect(resultRows(page, 1)).toHaveCount(1);
  expect(csp).toEqual([]);
});

test('errors keep the previous result visible; range vectors show in the table', async ({ page }) => {
  await page.goto(hearthUrl() + '/query');
  await runUntilRows(page, 'up', 3);
  await runQuery(page, 'sum(');
  await expect(page.getByRole('alert')).toContainText('parse error');
  await expect(resultRows(page)).toHaveCount(3);
  await runQuery(page, 'up{job="node"}[10s]');
  await expect(page.getByTestId('result-meta')).toContainText('1 series,');
  await expect(page.getByTestId('results-table')).toContainText('@');
  await page.getByRole('tab', { name: 'Graph' }).click();
  await expect(page.getByRole('alert')).toContainText('Table tab for range vectors');
});

test('dark theme: follows the OS and toggles', async ({ browser }) => {
  const ctx = await browser.newContext({ colorScheme: 'dark' });
  const page = await ctx.newPage();
  const csp = await watchCsp(page);
  await page.goto(hearthUrl() + '/query?g0.expr=up&g0.tab=graph&g0.range_input=5m');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('chart').locator('canvas')).toHaveCount(1);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(20, 21, 23)');
  await shot(page, 'query-dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.goto(hearthUrl() + '/targets');
  await expect(page.getByTestId('target-row').first()).toBeVisible();
  await shot(page, 'targets-dark');
  expect(csp).toEqual([]);
  await ctx.close();
});
