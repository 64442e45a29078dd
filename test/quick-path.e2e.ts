// The quick path in real Chromium, from a fresh profile: a file dropped on the Experiments page is
// analysed after one Confirm; typed numbers give results without a flag or an iteration, and the form
// keeps them after Save.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { sampleFile } from './app-support/sample-file.ts';
import { expectedRows } from './app-support/expected.ts';
import { SAMPLE_EXPERIMENT } from '../src/lib/ingest/sample-data.ts';
import { formatTimestamp } from '../src/lib/format/index.ts';

const session = browserSession();

type Row = { arm: string; exposures: string; total: string; mean: string };

async function rows(page: Page): Promise<Row[]> {
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });
  return page.$$eval('[data-testid=metric-table] tbody tr', (trs) =>
    trs.map((tr) => {
      const cell = (col: string) =>
        (tr.querySelector(`[data-col=${col}]`) as HTMLElement).innerText.split('\n')[0].trim();
      return {
        arm: (tr as HTMLElement).dataset.arm ?? '',
        exposures: cell('exposures'),
        total: cell('total'),
        mean: cell('mean'),
      };
    }),
  );
}

/** Drops files on an element as a person would (a real drop event carrying a DataTransfer). */
async function dropFile(page: Page, testId: string, name: string, text: string): Promise<void> {
  await page.getByTestId(testId).evaluate(
    (zone, file) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([file.text], file.name, { type: 'text/csv' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
    },
    { name, text },
  );
}

// Treatment is listed first. treatment: t1…t8, 6 TRUE → 8 units, 6 conversions;
// control: c1…c10, 2 TRUE → 10 units, 2 conversions. Mixed spellings of the booleans.
const UNITS_CSV = [
  'user_id,group,converted',
  't1,treatment,TRUE',
  'c1,control,FALSE',
  't2,treatment,TRUE',
  'c2,control,TRUE',
  't3,treatment,FALSE',
  'c3,control,false',
  't4,treatment,true',
  'c4,control,FALSE',
  't5,treatment,TRUE',
  'c5,control,FALSE',
  't6,treatment,FALSE',
  'c6,control,TRUE',
  't7,treatment,TRUE',
  'c7,control,FALSE',
  't8,treatment,TRUE',
  'c8,control,FALSE',
  'c9,control,FALSE',
  'c10,control,FALSE',
].join('\n');

test('a unit-level CSV dropped on the Experiments page gives results after one Confirm', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  // 1: open the app
  await page.goto(session.server.url);
  await page.getByTestId('quick-start').waitFor({ timeout: 60_000 });
  // 2: drop the file
  await dropFile(page, 'quick-start', 'signup test.csv', UNITS_CSV);
  const proposal = page.getByTestId('quick-proposal');
  await proposal.waitFor({ timeout: 60_000 });
  expect(await proposal.getByRole('radio', { name: 'control is the control' }).isChecked()).toBe(
    true,
  );
  expect(await proposal.getByTestId('proposal-units').allInnerTexts()).toEqual(['10', '8']);
  // 3: confirm
  await proposal.getByRole('button', { name: 'Confirm and analyse' }).click();

  // Conversion rates are posterior means. Control (uniform prior): Beta(1 + 2, 1 + 8) → 3/12 = 25.0%.
  // Treatment, prior moment-matched to the control's rate m = 2/10 with γ² = 0.04:
  // s² = 0.2²·0.04 + 0.2·0.8/10 = 0.0176, κ = 0.16/0.0176 − 1 = 89/11, α = 0.2κ = 17.8/11, β = 0.8κ;
  // posterior mean = (α + 6)/(κ + 8) = (83.8/11)/(177/11) = 0.47345 → 47.3%.
  await expect
    .poll(() => rows(page), { timeout: 60_000 })
    .toEqual([
      { arm: 'control', exposures: '10', total: '2', mean: '25.0%' },
      { arm: 'treatment', exposures: '8', total: '6', mean: '47.3%' },
    ]);
  expect(page.url()).toMatch(/#\/experiments\/.+\/results$/);
  expect(await page.locator('main').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  // The flag and the rest can be filled in later: the Design and Data tabs open on it.
  await page.getByRole('link', { name: 'Design', exact: true }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByText('Or type per-arm summaries').waitFor();
  expect(errors).toEqual([]);
  await context.close();
});

test('typed numbers give results without a flag, and the form keeps them after Save', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(session.server.url);
  await page.getByRole('button', { name: 'Type numbers' }).click({ timeout: 60_000 });
  const calculator = page.getByTestId('calculator');
  const typed = {
    'Control units for Conversion rate': '1000',
    'Control conversions for Conversion rate': '100',
    'Treatment units for Conversion rate': '1000',
    'Treatment conversions for Conversion rate': '120',
  };
  for (const [label, value] of Object.entries(typed))
    await calculator.getByLabel(label, { exact: true }).fill(value);
  await calculator.getByRole('button', { name: 'Save summaries' }).click();
  await calculator.getByRole('link', { name: 'See the results' }).waitFor();
  for (const [label, value] of Object.entries(typed))
    expect(await calculator.getByLabel(label, { exact: true }).inputValue()).toBe(value);

  // One number tweaked and saved again: the new dataset is the one analysed.
  await calculator.getByLabel('Treatment conversions for Conversion rate').fill('130');
  await calculator.getByRole('button', { name: 'Save summaries' }).click();
  await calculator.getByText('Saved again').waitFor();
  expect(
    await calculator.getByLabel('Treatment conversions for Conversion rate').inputValue(),
  ).toBe('130');

  await calculator.getByRole('link', { name: 'See the results' }).click();
  // Control: Beta(101, 901) → 101/1002 = 10.080%. Treatment, m = 0.1, γ² = 0.04:
  // s² = 0.01·0.04 + 0.09/1000 = 0.00049, κ = 0.09/0.00049 − 1 = 182.673, α = 18.2673;
  // posterior mean = (18.2673 + 130)/(182.673 + 1000) = 0.125368 → 12.537%. One precision per column
  // (#14): the 90% intervals are about 3.1 points wide (sd ≈ √(0.1·0.9/1000) = 0.95 points), so
  // two decimals for every mean.
  await expect
    .poll(() => rows(page), { timeout: 60_000 })
    .toEqual([
      { arm: 'Control', exposures: '1,000', total: '100', mean: '10.08%' },
      { arm: 'Treatment', exposures: '1,000', total: '130', mean: '12.54%' },
    ]);

  // The Data tab's typed form shows the numbers last saved.
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByText('Or type per-arm summaries').click();
  expect(
    await page
      .getByLabel('Treatment conversions for Conversion rate', { exact: true })
      .inputValue(),
  ).toBe('130');
  expect(
    await page.getByLabel('Control units for Conversion rate', { exact: true }).inputValue(),
  ).toBe('1000');
  expect(errors).toEqual([]);
  await context.close();
});

test("a Data Export file: the flag's arms and metrics found, the data's range as the window, the engine's numbers", async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(session.server.url);
  const file = sampleFile({ units: 1500, seed: 7, startAfter: Date.now() });
  const times = file.text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { creationDate?: number; event?: { creationDate?: number } })
    .map((record) => record.event?.creationDate ?? record.creationDate)
    .filter((time): time is number => typeof time === 'number');
  const first = Math.min(...times);
  const last = Math.max(...times);
  await page.getByTestId('quick-file-input').setInputFiles({
    name: 'export.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(file.text),
  });
  const proposal = page.getByTestId('quick-proposal');
  await proposal.waitFor({ timeout: 60_000 });
  const text = await proposal.innerText();
  expect(text).toContain(`${formatTimestamp(first)} to ${formatTimestamp(last + 1)}`);
  expect(
    await proposal.getByRole('radio', { name: 'Variation 0 is the control' }).isChecked(),
  ).toBe(true);
  await proposal.getByRole('button', { name: 'Confirm and analyse' }).click();

  // The same file through the ingest and stats entry points in Node, without a window.
  const spec = { ...SAMPLE_EXPERIMENT, window: undefined };
  const expected = await expectedRows(new Blob([file.text]), spec, 3);
  const table = async () => {
    await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });
    return page.$$eval('[data-testid=metric-table] tbody tr', (trs) =>
      trs.map((tr) => {
        const cell = (col: string) =>
          (tr.querySelector(`[data-col=${col}]`) as HTMLElement).innerText.split('\n')[0].trim();
        return {
          exposures: cell('exposures'),
          mean: cell('mean'),
          relative: cell('relative'),
          beat: cell('beat'),
          best: cell('best'),
        };
      }),
    );
  };
  await page.getByLabel('Metric', { exact: true }).selectOption('signup', { timeout: 60_000 });
  await expect.poll(table, { timeout: 60_000 }).toEqual(expected['signup-rate']);
  await page.getByLabel('Metric', { exact: true }).selectOption('purchase');
  await expect.poll(table, { timeout: 60_000 }).toEqual(expected['revenue-per-user']);
  expect(errors).toEqual([]);
  await context.close();
});

test('a file the quick path cannot use is explained, and no proposal is shown', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(session.server.url);
  await page.getByTestId('quick-start').waitFor({ timeout: 60_000 });
  await page.getByTestId('quick-file-input').setInputFiles({
    name: 'no-arms.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('user_id,converted\nu1,TRUE\nu2,FALSE\n'),
  });
  const alert = page.getByRole('alert').filter({ hasText: 'could not be analysed' });
  await alert.waitFor({ timeout: 30_000 });
  expect(await alert.innerText()).toContain('no arm column (such as variation, arm or group)');
  expect(await page.getByTestId('quick-proposal').count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});
