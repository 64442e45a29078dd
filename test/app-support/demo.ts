// Opens the demo experiment the app creates on first visit, on its Results tab.
import type { Page } from 'playwright-core';

/** Loads the app at `appUrl` and waits until the demo's results table shows. */
export async function openDemoResults(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  await page
    .getByRole('link', { name: "Open the demo experiment's results" })
    .click({ timeout: 60_000 });
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });
}
