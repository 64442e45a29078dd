// An experiment that already ran, analysed today (issue 13): its Data Export file (March 2026, months
// before the iteration is started here) first lands outside the iteration's window, which the Data tab
// says plainly instead of "Imported 0 units"; one click adopts the data's range and imports again; the
// results are then the engine's numbers on that range, and the SRM panel shows counts and the p-value.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { fillSampleDesign } from './app-support/design.ts';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { expectedRows } from './app-support/expected.ts';
import { formatCount } from '../src/lib/format/index.ts';
import { aggregateExperimentData } from '../src/lib/ingest/index.ts';
import { generateSampleLines, SAMPLE_EXPERIMENT } from '../src/lib/ingest/sample-data.ts';

const session = browserSession();

async function newDesignedExperiment(page: Page, name: string): Promise<void> {
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Create experiment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Hypothesis').fill('The new checkout raises signups.');
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
  await fillSampleDesign(page);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
}

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
}

async function metricRows(page: Page): Promise<{ exposures: string; mean: string }[]> {
  await page.locator('[data-testid=metric-table]').waitFor();
  return page.$$eval('[data-testid=metric-table] tbody tr', (rows) =>
    rows.map((row) => {
      const cell = (col: string) =>
        (row.querySelector(`[data-col=${col}]`) as HTMLElement).innerText.split('\n')[0].trim();
      return { exposures: cell('exposures'), mean: cell('mean') };
    }),
  );
}

test('a historical Data Export file: warned as outside the window, adopted in one click, then analysed', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.setViewportSize({ width: 1100, height: 900 });
  await newDesignedExperiment(page, 'Checkout last spring');

  const text = [...generateSampleLines({ units: 2000, seed: 7 })].join('');
  await chooseFile(page, 'export-2026-03.jsonl', text);
  const verdict = page.getByTestId('import-verdict');
  await verdict.waitFor({ timeout: 60_000 });
  expect(await verdict.getAttribute('data-code')).toBe('all-outside-window');
  expect(await verdict.innerText()).toContain('No units in the window');
  expect(await page.getByTestId('import-done').count()).toBe(0);

  await page.getByTestId('adopt-data-range').click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-verdict').count()).toBe(0);

  // The engine's answer on the data's own range [first, last + 1 ms), computed here in Node.
  const whole = await aggregateExperimentData([new Blob([text])], {
    ...SAMPLE_EXPERIMENT,
    window: undefined,
  });
  const first = whole.diagnostics.firstTimestamp!;
  const last = whole.diagnostics.lastTimestamp!;
  const spec = { ...SAMPLE_EXPERIMENT, window: { start: first, end: last + 1 } };
  const expected = await expectedRows(new Blob([text]), spec, 3);
  const onRange = await aggregateExperimentData([new Blob([text])], spec);

  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await expect
    .poll(async () => (await metricRows(page)).map((row) => row.exposures), { timeout: 30_000 })
    .toEqual(expected['signup-rate'].map((row) => row.exposures));
  expect((await metricRows(page)).map((row) => row.mean)).toEqual(
    expected['signup-rate'].map((row) => row.mean),
  );

  const panel = page.getByTestId('srm-panel');
  await panel.waitFor({ timeout: 30_000 });
  const observed = await panel.locator('[data-col=observed]').allInnerTexts();
  expect(observed).toEqual(
    [0, 1, 2].map((v) => formatCount(onRange.arms.find((arm) => arm.variation === v)?.units)),
  );
  expect(await page.getByTestId('srm-numbers').innerText()).toMatch(
    /χ² p = (\d\.\d+|< 0\.0001) · probability of a mismatch .*% · Bayes factor/,
  );
  expect(await page.getByTestId('health-srm').innerText()).toContain('χ² p =');
  expect(await page.locator('main').innerText()).not.toMatch(/NaN|undefined/);

  // The Design tab's window now shows the data's range, in UTC.
  await page.getByRole('link', { name: 'Design', exact: true }).click();
  expect(await page.getByTestId('window-start').inputValue()).toBe(
    new Date(Math.floor(first / 60_000) * 60_000).toISOString().slice(0, 16),
  );
  expect(errors).toEqual([]);
  await context.close();
});

test('a back-dated window set by hand, before the import, gives results at once', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await newDesignedExperiment(page, 'Back-dated by hand');
  await page.getByTestId('window-start').fill('2026-03-01T00:00');
  await page.getByTestId('window-end').fill('2026-03-10T00:00');
  await page.getByRole('button', { name: 'Set window' }).click();
  await page.getByText('Window set: 2026-03-01 00:00 UTC to 2026-03-10 00:00 UTC').waitFor();

  const text = [...generateSampleLines({ units: 600, seed: 3 })].join('');
  await chooseFile(page, 'export.jsonl', text);
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-verdict').count()).toBe(0);
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.getByTestId('srm-panel').waitFor({ timeout: 30_000 });
  expect(errors).toEqual([]);
  await context.close();
});

test('a window set by hand after the import: the kept file is read again on it with one click', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await newDesignedExperiment(page, 'Window after the import');
  const text = [...generateSampleLines({ units: 400, seed: 5 })].join('');
  await chooseFile(page, 'march.jsonl', text);
  await page.getByTestId('import-verdict').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-done').count()).toBe(0);

  await page.getByRole('link', { name: 'Design', exact: true }).click();
  await page.getByTestId('window-start').fill('2026-03-01T00:00');
  await page.getByTestId('window-end').fill('2026-03-10T00:00');
  await page.getByRole('button', { name: 'Set window' }).click();
  await page.getByText('Window set: 2026-03-01 00:00 UTC to 2026-03-10 00:00 UTC').waitFor();

  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByTestId('read-again').click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-done').innerText()).toMatch(
    /Imported [\d,]+ units from 1 file/,
  );
  expect(await page.getByTestId('import-verdict').count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('an end before the start is refused beside the window fields', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await newDesignedExperiment(page, 'Refused window');
  await page.getByTestId('window-start').fill('2026-03-10T00:00');
  await page.getByTestId('window-end').fill('2026-03-01T00:00');
  await page.getByRole('button', { name: 'Set window' }).click();
  await page.getByText('The end must come after the start.').waitFor();
  expect(errors).toEqual([]);
  await context.close();
});

test('no units in the window: the Results tab says so, and the data range adopted later reads the kept file again', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await newDesignedExperiment(page, 'Nothing in the window');
  const text = [...generateSampleLines({ units: 400, seed: 9 })].join('');
  await chooseFile(page, 'old.jsonl', text);
  await page.getByTestId('import-verdict').waitFor({ timeout: 60_000 });

  await page.getByRole('link', { name: 'Results', exact: true }).click();
  const srm = page.getByTestId('health-srm');
  await srm.waitFor({ timeout: 30_000 });
  expect(await srm.innerText()).toContain('No units in the window');
  expect(await page.getByTestId('health-srm').getAttribute('class')).toMatch(/\bfail\b/);
  const events = await page.getByTestId('health-metric-events').innerText();
  expect(events).toContain('No units in the window');
  expect(events).not.toContain('Check the event key');
  expect(await page.getByTestId('srm-panel').getAttribute('data-state')).toBe('no-units');

  // Back on the Data tab the stored import still offers the range; the file is chosen again.
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  // The file is kept with the iteration: adopting the range reads it again on the new window.
  await page.getByTestId('adopt-data-range').click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(errors).toEqual([]);
  await context.close();
});
