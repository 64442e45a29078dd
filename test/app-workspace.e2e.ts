// The app's workspace-level actions in real Chromium: deleting an experiment (confirmed, refused while
// an iteration runs), exporting the workspace to JSON and importing it back (merge; a bad file changes
// nothing), γ² set per metric on the Design tab reaching the analysis, the set-up health checks, and
// the Results tab's share and export buttons.
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { openDemoResults } from './app-support/demo.ts';
import { expectedRows } from './app-support/expected.ts';
import { generateSampleLines, SAMPLE_EXPERIMENT } from '../src/lib/ingest/sample-data.ts';

const session = browserSession();

const DEMO = 'Demo: new checkout';

async function openDemo(page: Page, tab: 'results' | 'design'): Promise<void> {
  await openDemoResults(page, session.server.url);
  if (tab === 'design') await page.getByRole('link', { name: 'Design', exact: true }).click();
}

async function revenueRows(page: Page): Promise<string[]> {
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.getByLabel('Metric', { exact: true }).selectOption('revenue-per-user');
  return page.$$eval('[data-testid=metric-table] tbody tr [data-col=mean]', (cells) =>
    cells.map((cell) => (cell as HTMLElement).innerText.split('\n')[0].trim()),
  );
}

test('deleting an experiment asks first, is refused while an iteration runs, then removes it', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openDemo(page, 'design');
  const cachedHeadlines = () =>
    page.evaluate(() =>
      Object.keys(JSON.parse(localStorage.getItem('credence.headlines') ?? '{}')),
    );
  const demoId = decodeURIComponent(/#\/experiments?\/([^/]+)/.exec(page.url())?.[1] ?? '');
  expect(demoId).not.toBe('');
  await expect.poll(cachedHeadlines, { timeout: 30_000 }).toContain(demoId);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();

  await page.getByRole('button', { name: 'Delete experiment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete experiment' });
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect
    .poll(() => dialog.getByRole('alert').innerText())
    .toMatch(/running iteration: stop it first/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: /^Stop iteration/ }).click();
  await page.getByText('Iteration stopped.').waitFor();
  await page.getByRole('button', { name: 'Delete experiment' }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('heading', { name: 'Experiments' }).waitFor();
  await expect.poll(() => page.locator('main').innerText()).not.toContain(DEMO);
  // The list's cached "last analysis" line goes with the experiment.
  expect(await cachedHeadlines()).not.toContain(demoId);
  expect(errors).toEqual([]);
  await context.close();
});

test('the workspace exports to JSON and imports back; a bad file changes nothing', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openDemo(page, 'results');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Workspace' })
    .click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export workspace (JSON)' }).click();
  const file = await (await download).path();
  const json = await readFile(file, 'utf8');
  const exported = JSON.parse(json) as { experiments: { name: string }[]; datasets: unknown[] };
  expect(exported.experiments.map((e) => e.name)).toEqual([DEMO]);
  expect(exported.datasets).toHaveLength(1);

  // Remove the demo, then a broken file: refused with its reason, and the list stays empty.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('button', { name: 'Remove demo' }).click();
  // Asked first: "Keep it" keeps it.
  await page.getByRole('button', { name: 'Keep it' }).click();
  expect(await page.getByTestId('demo-notice').count()).toBe(1);
  await page.getByRole('button', { name: 'Remove demo' }).click();
  await page.getByRole('button', { name: 'Remove the demo' }).click();
  await expect.poll(() => page.getByTestId('demo-notice').count()).toBe(0);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Workspace' })
    .click();
  const input = page.getByTestId('workspace-file');
  const broken = json.replace(/"format":\s*"[^"]+"/, '"format": "something-else"');
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(broken),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const result = page.getByTestId('workspace-import-result');
  await expect
    .poll(() => result.innerText())
    .toMatch(/not a Credence workspace file.*Nothing was changed/s);
  expect(await result.getAttribute('role')).toBe('alert');

  await input.setInputFiles({
    name: 'workspace.json',
    mimeType: 'application/json',
    buffer: Buffer.from(json),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect.poll(() => result.innerText()).toContain('Imported 1 experiments and 1 datasets');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('link', { name: DEMO }).click();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 30_000 });
  expect(errors).toEqual([]);
  await context.close();
});

test('γ² set on a metric in the Design tab reaches the analysis; set-up health checks show', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openDemo(page, 'results');
  const health = page.locator('[data-testid=health-flag-on]');
  await expect
    .poll(() => health.innerText())
    .toMatch(/Flag on.*iteration has ended; the flag is on in production/s);
  expect(await page.getByTestId('health-audience-kind').innerText()).toMatch(/default rule/);
  expect(await page.getByTestId('share-buttons').count()).toBe(1);
  expect(
    await page.getByTestId('export-buttons').getByRole('button', { name: 'Download CSV' }).count(),
  ).toBe(1);

  const demoFile = new Blob([...generateSampleLines({ units: 6000, seed: 7 })]);
  const gamma = 0.0004;
  const expected = await expectedRows(demoFile, SAMPLE_EXPERIMENT, 3, {
    'revenue-per-user': gamma,
  });
  const before = await revenueRows(page);
  expect(before).not.toEqual(expected['revenue-per-user'].map((row) => row.mean));

  await page.getByRole('link', { name: 'Design', exact: true }).click();
  const metric = page.getByRole('group', { name: 'Metric 2' });
  const field = metric.getByLabel('Prior relative variance γ²');
  await field.fill('-1');
  await expect.poll(() => metric.locator('.field-error').innerText()).toContain('above 0');
  await field.fill(String(gamma));
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect
    .poll(() => page.getByRole('status').filter({ hasText: 'Design saved.' }).count())
    .toBe(1);

  await expect
    .poll(() => revenueRows(page), { timeout: 30_000 })
    .toEqual(expected['revenue-per-user'].map((row) => row.mean));
  await page.reload();
  await page.getByRole('link', { name: 'Design', exact: true }).click();
  expect(
    await page
      .getByRole('group', { name: 'Metric 2' })
      .getByLabel('Prior relative variance γ²')
      .inputValue(),
  ).toBe(String(gamma));
  expect(errors).toEqual([]);
  await context.close();
});
