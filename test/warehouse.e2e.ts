// "Query your warehouse" in real Chromium: the query the panel shows is copied, run on DuckDB over
// warehouse tables written from Data Export events, and its CSV result imported back into the
// iteration, with the diagnostics of any import.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { browserSession } from './support/session.ts';
import { openDemoResults } from './app-support/demo.ts';
import { fillSampleDesign } from './app-support/design.ts';
import { exportTables, resultFile } from '../src/lib/warehouse/export-tables.test-support.ts';

const session = browserSession();
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's WCAG 2.1 A/AA violations on the page as it is (their ids). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() =>
    (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<AxeResults> };
      }
    ).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  );
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}

test('the copied query, run on DuckDB, gives a result that imports into the iteration', async () => {
  // bypassCSP: axe is injected as an inline script (the app's policy allows only its own scripts).
  const context = await session.browser.newContext({ bypassCSP: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.setViewportSize({ width: 1100, height: 900 });
  await openDemoResults(page, session.server.url);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('button', { name: 'Create experiment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.getByLabel('Name').fill('Warehouse');
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
  await fillSampleDesign(page);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
  await page.getByRole('link', { name: 'Data', exact: true }).click();

  const panel = page.getByTestId('warehouse-panel');
  await panel.getByText('Query your warehouse').click();
  await panel.getByTestId('warehouse-dialect').selectOption('duckdb');
  const shown = await panel.getByTestId('warehouse-sql').inputValue();
  expect(shown).toContain("flag_key = 'new-checkout'");
  expect(shown).toContain('FROM evaluation_events');
  await panel.getByRole('button', { name: 'Copy query' }).click();
  await expect.poll(() => panel.getByTestId('copy-status').innerText()).toBe('Query copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  expect(await axeViolations(page)).toEqual([]);

  // Events after the iteration started: u1 (arm 0) signs up, u2 (arm 1) buys for 30, u3 (arm 2),
  // u4 in arms 0 and 1 (left out), and u2's purchase sent twice.
  const at = (minutes: number) => Date.now() + (5 + minutes) * 60_000;
  const exposure = (unit: string, variation: number, time: number) =>
    JSON.stringify({
      kind: 'feature',
      key: 'new-checkout',
      creationDate: time,
      contextKeys: { user: unit },
      variation,
      reason: { kind: 'FALLTHROUGH', inExperiment: true },
    });
  const custom = (unit: string, key: string, time: number, value?: number) =>
    JSON.stringify({
      kind: 'custom',
      key,
      creationDate: time,
      contextKeys: { user: unit },
      id: `${unit}-${key}`,
      ...(value === undefined ? {} : { metricValue: value }),
    });
  const lines = [
    exposure('u1', 0, at(0)),
    custom('u1', 'signup', at(1)),
    exposure('u2', 1, at(0)),
    custom('u2', 'purchase', at(2), 30),
    custom('u2', 'purchase', at(2), 30),
    exposure('u3', 2, at(0)),
    exposure('u4', 0, at(0)),
    exposure('u4', 1, at(1)),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'credence-warehouse-e2e-'));
  let csv: string;
  try {
    csv = await resultFile(dir, exportTables(lines), copied, 'csv');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await panel.getByTestId('warehouse-result-input').setInputFiles({
    name: 'warehouse-result.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-done').innerText()).toContain('Imported 3 units');
  const arms = await page.getByTestId('arms-line').innerText();
  expect(arms).toMatch(/“0” 1 unit/);
  expect(arms).toMatch(/“1” 1 unit/);
  expect(arms).toMatch(/“2” 1 unit/);
  expect(await page.getByTestId('imported-files').innerText()).toContain('warehouse-result.csv');
  // The diagnostics of the query's rows: u4 in several arms, u2's second purchase a duplicate.
  const diagnostics = await page.getByTestId('diagnostics').innerText();
  expect(diagnostics).toMatch(/Units in several arms \(left out\)\s+1/);
  expect(diagnostics).toMatch(/Duplicates dropped\s+1/);
  expect(errors).toEqual([]);
  await context.close();
});
