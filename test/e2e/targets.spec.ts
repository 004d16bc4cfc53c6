import { expect, test } from '@playwright/test';
import { startNodeExporter, haveNodeExporter } from './support/exporter';
import { hearthUrl, shot, watchCsp } from './support/console';

test('targets page: a node exporter goes up when started and down when it stops', async ({ page }) => {
  test.skip(!haveNodeExporter(), 'prometheus-node-exporter is not installed (apt-get install prometheus-node-exporter)');
  const csp = await watchCsp(page);
  const port = Number(process.env['HEARTH_EXPORTER_PORT']);
  await page.goto(hearthUrl() + '/targets');
  const pool = page.locator('[data-testid="scrape-pool"][data-pool="exporter"]');
  const row = pool.getByTestId('target-row');
  await expect(row).toContainText(`127.0.0.1:${port}`);
  await expect(page.locator('[data-pool="hearth"]').getByTestId('target-row')).toHaveAttribute('data-health', 'up');

  const exporter = await startNodeExporter(port);
  try {
    // The page refreshes every 5 s; the exporter is scraped every second.
    await expect(row).toHaveAttribute('data-health', 'up', { timeout: 15_000 });
    await expect(pool).toContainText('1 / 1 up');
    await shot(page, 'targets-up');
  } finally {
    await exporter.stop();
  }
  await expect(row).toHaveAttribute('data-health', 'down', { timeout: 15_000 });
  await expect(row.getByTestId('target-error')).not.toBeEmpty();
  await expect(pool).toContainText('0 / 1 up');

  // Filter by health and by text.
  await page.getByRole('group', { name: 'Health filter' }).getByRole('button', { name: 'up', exact: true }).click();
  await expect(page.getByTestId('target-row')).toHaveCount(1);
  await expect(page.getByTestId('target-row')).toHaveAttribute('data-health', 'down');
  await shot(page, 'targets-down');
  await page.getByRole('group', { name: 'Health filter' }).getByRole('button', { name: 'up', exact: true }).click();
  await page.getByLabel('Filter targets').fill('job="node"');
  await expect(page.getByTestId('target-row')).toHaveCount(1);
  await expect(page.getByTestId('target-row')).toContainText('/metrics/node');
  expect(csp).toEqual([]);
});
