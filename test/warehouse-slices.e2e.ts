// A warehouse result with slices and days in real Chromium: the design slices by country, the
// panel's DuckDB query runs over warehouse tables written from Data Export events spread over three
// UTC days, and after the result's import the Results tab shows the Slices section (each country,
// and the units without one) and the Over time section (one row per day and treatment).
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { browserSession } from './support/session.ts';
import { fillSampleDesign } from './app-support/design.ts';
import { exportTables, resultFile } from '../src/lib/warehouse/export-tables.test-support.ts';
import { formatDay } from '../src/lib/format/index.ts';

const session = browserSession();
const DAY = 86_400_000;

test('a warehouse result with slices and days shows the Slices and Over time sections', async () => {
  const context = await session.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('button', { name: 'Create experiment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.getByLabel('Name').fill('Warehouse slices');
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
  await page.getByLabel('Slicing attributes').fill('country');
  await fillSampleDesign(page);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
  await page.getByRole('link', { name: 'Data', exact: true }).click();

  const panel = page.getByTestId('warehouse-panel');
  await panel.getByText('Query your warehouse').click();
  await panel.getByTestId('warehouse-dialect').selectOption('duckdb');
  const query = await panel.getByTestId('warehouse-sql').inputValue();
  expect(query).toContain('first_values AS');

  // 90 units over three UTC days from tomorrow, in three arms; countries US, DE and none.
  const tomorrow = Math.ceil(Date.now() / DAY) * DAY;
  const lines: string[] = [];
  for (let unit = 0; unit < 90; unit++) {
    const time = tomorrow + (unit % 3) * DAY + 3_600_000 + unit * 1000;
    const country = ['US', 'DE', undefined][Math.floor(unit / 3) % 3];
    lines.push(
      JSON.stringify({
        kind: 'feature',
        key: 'new-checkout',
        creationDate: time,
        contextKeys: { user: `u${unit}` },
        context: { kind: 'user', key: `u${unit}`, ...(country ? { country } : {}) },
        variation: unit % 3 === 0 ? 0 : Math.floor(unit / 9) % 3,
        reason: { kind: 'FALLTHROUGH', inExperiment: true },
      }),
    );
    if (unit % 2 === 0)
      lines.push(
        JSON.stringify({
          kind: 'custom',
          key: 'signup',
          creationDate: time + 60_000,
          contextKeys: { user: `u${unit}` },
          id: `signup-${unit}`,
        }),
      );
  }
  const dir = mkdtempSync(join(tmpdir(), 'credence-warehouse-slices-e2e-'));
  let csv: string;
  try {
    csv = await resultFile(dir, exportTables(lines), query, 'csv');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(csv).toContain('country,US');
  await panel.getByTestId('warehouse-result-input').setInputFiles({
    name: 'warehouse-result.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-done').innerText()).toContain('Imported 90 units');

  await page.getByRole('link', { name: 'Results', exact: true }).click();
  const slices = page.getByTestId('slices');
  await slices.waitFor({ timeout: 30_000 });
  await expect
    .poll(() => slices.innerText(), { timeout: 30_000 })
    .toContain('No value (attribute missing)');
  const sliceText = await slices.innerText();
  expect(sliceText).toContain('US');
  expect(sliceText).toContain('DE');

  const overTime = page.getByTestId('over-time');
  await overTime.getByText('Values by day').click();
  const days = [0, 1, 2].map((day) => formatDay(tomorrow + day * DAY));
  await expect
    .poll(
      () =>
        page.$$eval('[data-testid=over-time-table] tbody tr', (rows) =>
          rows.map((row) => row.querySelector('td, th')?.textContent?.trim() ?? ''),
        ),
      { timeout: 30_000 },
    )
    .toEqual(expect.arrayContaining(days));
  expect(errors).toEqual([]);
  await context.close();
});
