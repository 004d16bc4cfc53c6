import { expect, test } from '@playwright/test';
import { hearthUrl, shot, watchCsp } from './support/console';
import { H, historyEntries, routeHistory, routeRules } from './support/rulesFixtures';

// The rule engine and the alert history store are not merged yet: page.route() answers
// /api/v1/rules, /api/v1/alerts and /api/hearth/v1/alerts/history with realistic payloads
// (support/rulesFixtures.ts); the page itself comes from the real `hearth serve`.

test('alerts page: rules by state with their active alerts, labels, annotations, since when and value', async ({ page }) => {
  const csp = await watchCsp(page);
  const now = Date.now();
  await routeRules(page, now);
  await routeHistory(page, historyEntries(now), 100);
  await page.goto(hearthUrl() + '/alerts');

  const rules = page.getByTestId('alert-rule');
  await expect(rules).toHaveCount(3);
  await expect(page.getByRole('group', { name: 'State filter' })).toContainText('firing (1)');
  await expect(page.getByRole('group', { name: 'State filter' })).toContainText('inactive (2)');
  await expect(page.getByTestId('alert-group')).toContainText('firing (1)');

  const disk = page.locator('[data-rule="DiskFull"]');
  await expect(disk.getByRole('button').first()).toContainText('FIRING');
  await expect(disk.getByRole('button').first()).toContainText('pending (1)');
  await expect(disk.getByRole('button').first()).toContainText('restored');
  await expect(page.locator('[data-rule="LoadHigh"]')).toContainText('rule error');

  await disk.getByRole('button').first().click();
  const rows = disk.getByTestId('active-alerts').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // Firing first, then pending; values as Prometheus's UI prints them.
  await expect(rows.nth(0)).toContainText('nas:9100');
  await expect(rows.nth(0)).toContainText('FIRING');
  await expect(rows.nth(0)).toContainText('Disk /srv on nas:9100 is 97% full');
  await expect(rows.nth(0).locator('td').nth(2)).toContainText(/^2h 0m ago/);
  await expect(rows.nth(0).locator('td').nth(2)).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  await expect(rows.nth(0).locator('td').last()).toHaveText('0.97');
  await expect(rows.nth(1)).toContainText('PENDING');
  await expect(rows.nth(1).locator('td').last()).toHaveText('0.91');
  await expect(disk.locator('dl').first()).toContainText('node_filesystem_avail_bytes');
  await shot(page, 'alerts-rules');

  // Annotations can be hidden, as in Prometheus's UI; the choice lives in the URL.
  await page.getByLabel('Show annotations').uncheck();
  await expect(rows.nth(0)).not.toContainText('97% full');
  await expect(page).toHaveURL(/annotations=0/);

  // The state filter under Prometheus's own parameter name.
  const states = page.getByRole('group', { name: 'State filter' });
  await states.getByRole('button', { name: /inactive/ }).click();
  await expect(rules).toHaveCount(1);
  await expect(page).toHaveURL(/state=pending&state=firing|state=firing&state=pending/);
  await states.getByRole('button', { name: /firing/ }).click();
  await expect(page.getByTestId('empty-state')).toContainText('No alerting rule matches the filter');
  await page.reload();
  await expect(page.getByTestId('empty-state')).toContainText('No alerting rule matches the filter');
  await page.goto(hearthUrl() + '/alerts?search=printer');
  await expect(page.getByLabel('Filter alerts')).toHaveValue('printer');
  await expect(rules).toHaveCount(0);
  await page.getByLabel('Filter alerts').fill('severity=warning');
  await expect(rules).toHaveCount(1);
  await expect(rules.first()).toContainText('HostDown');
  expect(csp).toEqual([]);
});

test('alert history: a timeline per rule and per alert from one request per page, over 1 or 7 days', async ({ page }) => {
  const csp = await watchCsp(page);
  const now = Date.now();
  await routeRules(page, now);
  const entries = historyEntries(now);
  // Pages of 4 entries: 9 changes take three requests, whatever the number of rules.
  const calls = await routeHistory(page, entries, 4);
  await page.goto(hearthUrl() + '/alerts');

  const disk = page.locator('[data-rule="DiskFull"]');
  await expect(disk.getByTestId('history-summary')).toHaveText('fired 2× · 3h55m firing');
  await expect(page.locator('[data-rule="HostDown"]').getByTestId('history-summary')).toHaveText('fired 1× · 55m firing');
  await expect(page.locator('[data-rule="LoadHigh"]').getByTestId('history-summary')).toHaveText('quiet for 1d');
  expect(calls.urls.length).toBe(3);
  expect(calls.urls.map((u) => u.searchParams.get('next_token'))).toEqual([null, '4', '8']);
  for (const u of calls.urls) {
    expect(u.searchParams.getAll('rule')).toEqual([]);
    const span = Number(u.searchParams.get('end')) - Number(u.searchParams.get('start'));
    expect(span).toBeCloseTo(86_400, 0);
  }

  // The rule's bar: the 20h-ago firing, and the firing from 2h ago until now.
  const bar = disk.getByTestId('timeline-bar');
  await expect(bar).toHaveAttribute('data-spans', 'pending firing pending firing');
  const firingRects = bar.locator('rect.tl-firing');
  await expect(firingRects).toHaveCount(2);
  const lastX = Number(await firingRects.nth(1).getAttribute('x'));
  const lastW = Number(await firingRects.nth(1).getAttribute('width'));
  expect(lastX / 1000).toBeCloseTo(22 / 24, 2);
  expect((lastX + lastW) / 1000).toBeCloseTo(1, 2);
  await expect(firingRects.nth(0).locator('title')).toHaveText(/^firing from .* \(1h55m\)$/);

  // Per alert, when the rule opens: nas (fired twice) and pi (pending now).
  await disk.getByRole('button').first().click();
  const perAlert = disk.getByTestId('alert-timeline');
  await expect(perAlert).toHaveCount(2);
  await expect(perAlert.nth(0)).toContainText('nas:9100');
  await expect(perAlert.nth(0).getByTestId('timeline-bar')).toHaveAttribute('data-spans', 'pending firing pending firing');
  await expect(perAlert.nth(1).getByTestId('timeline-bar')).toHaveAttribute('data-spans', 'pending');
  await shot(page, 'alerts-history');
  await page.getByTestId('theme-toggle').click();
  await shot(page, 'alerts-history-dark');
  await page.getByTestId('theme-toggle').click();

  // Seven days: a new read of the longer window, kept in the URL.
  await page.getByRole('group', { name: 'History span' }).getByRole('button', { name: '7 days' }).click();
  await expect(page).toHaveURL(/span=7d/);
  await expect.poll(() => calls.urls.length).toBe(6);
  const week = calls.urls[3]!;
  expect(Number(week.searchParams.get('end')) - Number(week.searchParams.get('start'))).toBeCloseTo(7 * 86_400, 0);
  await expect(page.locator('[data-rule="LoadHigh"]').getByTestId('history-summary')).toHaveText('quiet for 7d');
  const weekX = Number(await disk.getByTestId('timeline-bar').first().locator('rect.tl-firing').nth(1).getAttribute('x'));
  expect(weekX / 1000).toBeCloseTo(1 - 2 / (7 * 24), 2);
  expect(csp).toEqual([]);
});

test('alert history failing leaves the rules and their alerts usable', async ({ page }) => {
  const now = Date.now();
  await routeRules(page, now);
  await page.route('**/api/hearth/v1/alerts/history?*', (route) =>
    route.fulfill({ status: 400, json: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "start": cannot parse "x" to a valid timestamp' } }),
  );
  await page.goto(hearthUrl() + '/alerts');
  await expect(page.getByTestId('alert-rule')).toHaveCount(3);
  await expect(page.getByRole('status').filter({ hasText: 'Alert history unavailable' })).toContainText('bad_data: cannot parse "x" to a valid timestamp');
  await expect(page.getByTestId('history-summary')).toHaveCount(0);
});

test('the title and favicon show the count of firing alerts, and nothing when none fire', async ({ page }) => {
  const csp = await watchCsp(page);
  let firing = 3;
  await page.route('**/api/v1/alerts', (route) => route.fulfill({ json: { status: 'success', data: { alerts: firingAlerts(firing) } } }));
  await page.goto(hearthUrl() + '/query');
  await expect(page).toHaveTitle('(3) Hearth');
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveAttribute('href', /^data:image\/png;base64,/);
  await expect(icon).toHaveAttribute('data-firing', '3');
  // The badge is drawn: the icon's bottom-right corner is the badge's red, its top-left is not.
  const px = await page.evaluate(async () => {
    const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href;
    const img = new Image();
    img.src = href;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const at = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data);
    return { size: img.width, badge: at(img.width - 4, img.height - 20), corner: at(1, 1) };
  });
  expect(px.size).toBe(64);
  expect(px.badge[0]).toBeGreaterThan(200);
  expect(px.badge[1]).toBeLessThan(80);
  expect(px.corner).not.toEqual(px.badge);

  // The count follows navigation, and goes away when nothing fires.
  await page.getByRole('link', { name: 'Alerts' }).click();
  await expect(page).toHaveTitle('(3) Hearth');
  firing = 0;
  await page.reload();
  await expect(icon).toHaveAttribute('href', '/favicon.svg');
  await expect(page).toHaveTitle('Hearth');
  expect(csp).toEqual([]);
});

test('the firing count is polled: a new firing alert reaches the title without a reload', async ({ page }) => {
  await page.clock.install();
  let firing = 0;
  await page.route('**/api/v1/alerts', (route) => route.fulfill({ json: { status: 'success', data: { alerts: firingAlerts(firing) } } }));
  await page.goto(hearthUrl() + '/query');
  await expect(page).toHaveTitle('Hearth');
  firing = 120;
  await page.clock.runFor(16_000);
  await expect(page).toHaveTitle('(99+) Hearth');
  // A failed poll (the core restarting) keeps the last count rather than clearing it.
  await page.unroute('**/api/v1/alerts');
  await page.route('**/api/v1/alerts', (route) => route.abort('connectionrefused'));
  await page.clock.runFor(16_000);
  await expect(page).toHaveTitle('(99+) Hearth');
});

function firingAlerts(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push({ labels: { alertname: 'X', i: String(i) }, annotations: {}, state: 'firing', activeAt: new Date(Date.now() - H).toISOString(), value: '1' });
  out.push({ labels: { alertname: 'Y' }, annotations: {}, state: 'pending', activeAt: new Date().toISOString(), value: '1' });
  return out;
}
