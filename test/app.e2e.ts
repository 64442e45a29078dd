// The app in real Chromium, as a newcomer uses it: demo results, a new experiment designed, started,
// fed a generated Data Export file through the file input, results equal to the engine's numbers
// computed here in Node, and everything still there after a reload. With CREDENCE_SCREENSHOTS=1
// (`npm run screenshots`) it also writes the screenshots the README shows (docs/screenshots/*.png);
// otherwise it writes nothing, so `npm test` never rewrites committed files.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { mkdirSync } from 'node:fs';
import { beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { fillSampleDesign } from './app-support/design.ts';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { sampleFile } from './app-support/sample-file.ts';
import { openDemoResults } from './app-support/demo.ts';
import { expectedRows } from './app-support/expected.ts';
import { SAMPLE_EXPERIMENT } from '../src/lib/ingest/sample-data.ts';

const session = browserSession();
const SCREENSHOTS = 'docs/screenshots';
const TAKE_SCREENSHOTS = process.env.CREDENCE_SCREENSHOTS === '1';

beforeAll(async () => {
  if (TAKE_SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});

async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  await page.screenshot({ path: `${SCREENSHOTS}/${name}`, fullPage });
}

async function createExperiment(page: Page, name: string, hypothesis: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('button', { name: 'Create experiment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Hypothesis').fill(hypothesis);
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
}

async function startIteration(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
}

async function importFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
}

async function tableRows(
  page: Page,
): Promise<{ exposures: string; mean: string; relative: string; beat: string; best: string }[]> {
  await page.locator('[data-testid=metric-table]').waitFor();
  return page.$$eval('[data-testid=metric-table] tbody tr', (rows) =>
    rows.map((row) => {
      const cell = (col: string) =>
        (row.querySelector(`[data-col=${col}]`) as HTMLElement).innerText.split('\n')[0].trim();
      return {
        exposures: cell('exposures'),
        mean: cell('mean'),
        relative: cell('relative'),
        beat: cell('beat'),
        best: cell('best'),
      };
    }),
  );
}

async function expectResultsToMatch(
  page: Page,
  expected: Awaited<ReturnType<typeof expectedRows>>,
): Promise<void> {
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await expect.poll(() => tableRows(page), { timeout: 30_000 }).toEqual(expected['signup-rate']);
  await page.getByLabel('Metric', { exact: true }).selectOption('revenue-per-user');
  await expect
    .poll(() => tableRows(page), { timeout: 30_000 })
    .toEqual(expected['revenue-per-user']);
}

test("a newcomer's path: demo → create → design → start → import → results equal the engine's → reload", async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.setViewportSize({ width: 1100, height: 900 });
  await openDemoResults(page, session.server.url);
  expect(await page.locator('main').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  await screenshot(page, 'results.png', true);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByText(/leads, .*to be best/).waitFor({ timeout: 30_000 });
  await screenshot(page, 'experiments.png');

  await createExperiment(
    page,
    'Checkout copy test',
    'Clearer copy on the checkout button raises signups.',
  );
  await fillSampleDesign(page);
  await screenshot(page, 'design.png', true);
  await startIteration(page);

  const file = sampleFile({ units: 2500, seed: 11, startAfter: Date.now() });
  await importFile(page, 'export-2026-hour-00.jsonl', file.text);
  expect(await page.getByTestId('diagnostics').innerText()).toContain('Records read');
  await screenshot(page, 'data.png', true);

  const spec = { ...SAMPLE_EXPERIMENT, window: { start: file.shiftedStart - 3_600_000 } };
  const expected = await expectedRows(new Blob([file.text]), spec, 3);
  await expectResultsToMatch(page, expected);

  await page.reload();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 30_000 });
  await expectResultsToMatch(page, expected);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  const row = page.locator('tr', { hasText: 'Checkout copy test' });
  await expect.poll(() => row.innerText()).toContain('running');
  expect(errors).toEqual([]);
  await context.close();
});

test('rule messages appear beside their fields, and starting is refused with the reasons', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  await createExperiment(page, 'Rules', '');
  await page.getByRole('button', { name: 'Start iteration' }).click();
  const problems = page.locator('#start-problems');
  await expect.poll(() => problems.innerText()).toContain('Choose the randomization unit');
  expect(await problems.innerText()).toContain('Choose the flag or AI Config');

  await page.locator('#flag-select').selectOption(SAMPLE_EXPERIMENT.flagKey);
  await page.getByLabel('Custom split').check();
  await page.locator('#split-0').fill('50');
  const split = page.locator('[data-field=treatments]');
  await expect
    .poll(() => split.innerText())
    .toMatch(/A custom split must total 100%; these arms total 116\.66\d%/);
  await page.locator('#split-1').fill('25');
  await page.locator('#split-2').fill('25');
  await expect.poll(() => split.innerText()).toBe('');

  await page.getByRole('button', { name: 'Create layer' }).click();
  await page.getByLabel('Name', { exact: true }).last().fill('Checkout layer');
  await page.getByRole('button', { name: 'Create layer' }).last().click();
  await page.getByLabel('Reservation (%)').fill('120');
  await expect.poll(() => page.locator('[data-field=layer]').innerText()).toContain('at most 100%');
  expect(await page.getByRole('button', { name: /^Save/ }).isDisabled()).toBe(true);
  expect(await page.getByLabel('Holdout').count()).toBe(0); // hidden while a layer is set
  expect(errors).toEqual([]);
  await context.close();
});

test('skewed data raises the sample-ratio-mismatch alert above the exposures chart', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.setViewportSize({ width: 700, height: 900 });
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  await createExperiment(page, 'Skewed', 'Logging drops half of one arm.');
  await fillSampleDesign(page);
  await startIteration(page);
  const file = sampleFile({ units: 3000, seed: 5, startAfter: Date.now(), dropHalfOfArm: 1 });
  await importFile(page, 'skewed.jsonl', file.text);
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  const alert = page.getByTestId('srm-alert');
  await alert.waitFor({ timeout: 30_000 });
  expect(await alert.innerText()).toContain(
    'Sample ratio mismatch detected — these results are not valid',
  );
  const order = await page.evaluate(() => {
    const alertBox = document.querySelector('[data-testid=srm-alert]')!;
    const chart = [...document.querySelectorAll('figcaption')].find((c) =>
      c.textContent?.startsWith('Share of units'),
    )!;
    return alertBox.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  expect(await page.getByTestId('summary-line').innerText()).toContain('Results are not valid');
  expect(await page.getByTestId('health-srm').innerText()).toContain('differs from the design');
  await screenshot(page, 'srm-alert-half-screen.png', true);
  expect(errors).toEqual([]);
  await context.close();
});

test('keyboard only: reach the demo results, read a chart value, open and close the create dialog', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  const focusedText = () =>
    page.evaluate(
      () =>
        (document.activeElement as HTMLElement | null)?.innerText ??
        document.activeElement?.getAttribute('aria-label') ??
        '',
    );

  async function tabUntil(match: RegExp, limit = 60): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      if (match.test(await focusedText())) return;
    }
    throw new Error(`focus never reached ${match}`);
  }

  await tabUntil(/Open the demo experiment's results/);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 30_000 });
  await tabUntil(/posterior mean .* credible interval/);
  const label = await page.locator('.hover-label text').textContent();
  expect(label).toMatch(/\d/);
  expect(label).not.toMatch(/NaN|Infinity|undefined/);

  await page.goto(`${session.server.url}#/`);
  await page.getByTestId('demo-notice').waitFor();
  await tabUntil(/^Create experiment$/);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.waitFor();
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(errors).toEqual([]);
  await context.close();
});

test('methodology page, dark theme and the theme toggle', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(`${session.server.url}#/methodology`);
  await page.getByRole('heading', { name: 'Methodology' }).waitFor();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });
  const text = await page.locator('main').innerText();
  for (const term of [
    'Posterior mean',
    'credible interval',
    'Probability to be best',
    'Expected loss',
    'Sample ratio mismatch',
  ])
    expect(text).toContain(term);
  expect(text).not.toMatch(/NaN|Infinity|undefined/);
  await screenshot(page, 'methodology.png');

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.getByRole('button', { name: /Change theme/ }).click();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await background()).not.toBe(light);
  await openDemoResults(page, session.server.url);
  await screenshot(page, 'results-dark.png', true);
  expect(errors).toEqual([]);
  await context.close();
});
