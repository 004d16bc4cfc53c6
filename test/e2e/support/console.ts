import { expect, type Locator, type Page } from '@playwright/test';

export const hearthUrl = (): string => process.env['HEARTH_URL']!;

/** Collects Content-Security-Policy violations (console errors and securitypolicyviolation events). */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('__hearthCsp', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __hearthCsp(v: string): void }).__hearthCsp(`${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return violations;
}

/** The i-th panel's editor (CodeMirror's contenteditable). */
export function editor(page: Page, i = 0): Locator {
  return page.getByTestId('panel').nth(i).getByLabel('PromQL expression');
}

/** Replaces the editor text and runs it with Enter. */
export async function runQuery(page: Page, expr: string, i = 0): Promise<void> {
  const ed = editor(page, i);
  await ed.click();
  await ed.fill(expr);
  await ed.press('Escape'); // close a completion list the text may have opened
  await ed.click();
  await ed.press('End');
  await ed.press('Enter');
}

export function resultRows(page: Page, i = 0): Locator {
  return page.getByTestId('panel').nth(i).getByTestId('results-table').locator('tbody tr');
}

/** Runs `expr` until the table shows at least `min` rows (the first scrapes take a moment). */
export async function runUntilRows(page: Page, expr: string, min: number, i = 0): Promise<void> {
  await expect(async () => {
    await runQuery(page, expr, i);
    await expect(resultRows(page, i)).not.toHaveCount(0, { timeout: 1500 });
    expect(await resultRows(page, i).count()).toBeGreaterThanOrEqual(min);
  }).toPass({ timeout: 30_000 });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/e2e/screenshots/${name}.png`, fullPage: true });
}

/** Waits until the server has stored series of metric `name` (the first scrapes of a fresh server). */
export async function waitForMetric(name: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const r = await fetch(`${hearthUrl()}/api/v1/label/__name__/values`);
        const body = (await r.json()) as { data?: string[] };
        return body.data?.includes(name) ?? false;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}
