import { expect, test } from '@playwright/test';

const url = () => process.env['HEARTH_URL']!;

test('the console runs `up` and shows the built-in targets in the table and the chart', async ({ page }) => {
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') cspErrors.push(m.text());
  });
  await page.goto(url() + '/');
  await expect(page.getByRole('link', { name: 'Targets' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Alerts' })).toBeVisible();

  const input = page.getByLabel('PromQL expression');
  await input.fill('up');
  // The first scrapes land within one 15 s interval of start-up: run until both targets are there.
  const rows = page.getByTestId('results-table').locator('tr');
  await expect(async () => {
    await input.press('Enter');
    await expect(rows).toHaveCount(2, { timeout: 2_000 });
  }).toPass({ timeout: 45_000 });

  await expect(page.getByTestId('results-table')).toContainText('job="hearth"');
  await expect(page.getByTestId('results-table')).toContainText('job="node"');
  await expect(rows.first().locator('td.value')).toHaveText('1');
  // uPlot draws into a canvas inside the chart container.
  await expect(page.getByTestId('chart').locator('canvas')).toHaveCount(1);
  expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  await page.screenshot({ path: 'test-results/e2e/query-up.png', fullPage: true });
});

test('client-side routes load directly and a bad query shows the parse error', async ({ page }) => {
  await page.goto(url() + '/targets');
  await expect(page.getByRole('heading', { name: 'Targets' })).toBeVisible();
  await page.getByRole('link', { name: 'Query' }).click();
  const input = page.getByLabel('PromQL expression');
  await input.fill('sum(');
  await input.press('Enter');
  await expect(page.getByRole('alert')).toContainText('parse error');
});
