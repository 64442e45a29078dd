// The chosen slice view travels: on the Results tab the author picks an attribute and a compared arm,
// downloads the CSV (its slice block holds each slice's rows), copies the link, and the link opens on
// the same slice table (units, per-slice SRM, raw and pooled estimates); the embed card names it.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { fillSampleDesign } from './app-support/design.ts';
import { sampleFile } from './app-support/sample-file.ts';
import {
  breakdownCell,
  createExperiment,
  sliceRows,
  storeBreakdowns,
} from './app-support/slices.ts';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { snapshotToken } from './support/share.ts';
import { testSnapshotWithSlices } from '../src/lib/share/test-snapshot.ts';
import type { BreakdownInput } from '../src/lib/analysis/slices.ts';

const session = browserSession();

// 'plan' is not the first attribute, so the link must carry the author's pick, not the default.
const BREAKDOWNS: BreakdownInput[] = [
  {
    by: 'attribute',
    attribute: 'country',
    otherValues: 0,
    cells: [
      breakdownCell('US', [4000, 4000, 4000], [400, 520, 405]),
      breakdownCell('DE', [4000, 2600, 4000], [400, 262, 398]),
    ],
  },
  {
    by: 'attribute',
    attribute: 'plan',
    otherValues: 2,
    cells: [
      breakdownCell('free', [7000, 6000, 7000], [700, 760, 700]),
      breakdownCell('paid', [4500, 4150, 4480], [450, 501, 453]),
      breakdownCell('', [800, 820, 790], [80, 90, 81], 'other'),
    ],
  },
];

test('the chosen slice view goes into the CSV, the snapshot link and the embed card', async () => {
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
  await createExperiment(page, 'Shared slices');
  await page.getByLabel('Slicing attributes').fill('country, plan');
  await fillSampleDesign(page);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
  const file = sampleFile({ units: 1500, seed: 7, startAfter: Date.now() });
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'export.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(file.text),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.getByTestId('slices').waitFor({ timeout: 30_000 });
  await storeBreakdowns(page, BREAKDOWNS);
  await page.reload();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 30_000 });

  // The author's pick: plan, the second treatment.
  const section = page.getByTestId('slices');
  await section.getByRole('combobox', { name: 'Attribute' }).selectOption('plan');
  const armPicker = section.getByRole('combobox', { name: 'Compared arm' });
  const arms = await armPicker.locator('option').allTextContents();
  await armPicker.selectOption({ label: arms[1] });
  await section.getByRole('combobox', { name: 'Highlight slice' }).selectOption({ label: 'paid' });
  const labels = ['free', 'paid (highlighted)', 'Other (2 values merged)'];
  await expect
    .poll(async () => (await sliceRows(page)).map((row) => row.slice), { timeout: 30_000 })
    .toEqual(labels);
  await expect
    .poll(async () => (await sliceRows(page)).every((row) => row.pooled !== 'not pooled'), {
      timeout: 30_000,
    })
    .toBe(true);
  const authorRows = await sliceRows(page);
  expect(authorRows[0].units).toBe('7,000 | 6,000 | 7,000');
  expect(authorRows[0].state).toBe('alert');
  expect(await section.locator('thead').innerText()).toContain(`${arms[1]} vs control`);

  // The CSV: after the results, a "Slices by plan" block with one row per slice and arm.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-buttons').getByRole('button', { name: 'Download CSV' }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  const lines = csv.split('\r\n');
  const start = lines.indexOf('Slices by plan');
  expect(start).toBeGreaterThan(1);
  const header = lines[start + 1].split(',');
  const sliceRowsInCsv = lines
    .slice(start + 2)
    .filter(Boolean)
    .map((line) => line.split(','));
  expect(sliceRowsInCsv.map((row) => [row[0], row[1], row[header.indexOf('units')]])).toEqual([
    ['plan', 'free', '7000'],
    ['plan', 'free', '6000'],
    ['plan', 'free', '7000'],
    ['plan', 'paid', '4500'],
    ['plan', 'paid', '4150'],
    ['plan', 'paid', '4480'],
    ['plan', 'Other (2 values merged)', '800'],
    ['plan', 'Other (2 values merged)', '820'],
    ['plan', 'Other (2 values merged)', '790'],
  ]);
  // The treatment rows carry a pooled interval; the slice's SRM p-value is on every row.
  const pooledLow = header.indexOf('pooled 90% interval low');
  expect(sliceRowsInCsv.filter((row) => row[pooledLow] !== '').length).toBe(6);
  expect(sliceRowsInCsv.every((row) => row[header.indexOf('slice SRM p-value')] !== '')).toBe(true);
  expect(csv).not.toMatch(/NaN|undefined/);

  // The link: copied, then opened as someone else would.
  await page.getByTestId('share-buttons').getByRole('button', { name: 'Copy link' }).click();
  await expect
    .poll(() => page.getByTestId('share-buttons').getByRole('status').innerText())
    .toBe('Link copied.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('#/snapshot/v1.');
  const reader = await context.newPage();
  reader.on('pageerror', (error) => errors.push(String(error)));
  await reader.goto(link);
  await reader.getByTestId('snapshot-title').waitFor({ timeout: 30_000 });
  const shared = reader.getByTestId('slices');
  await shared.waitFor({ timeout: 30_000 });
  await expect.poll(() => sliceRows(reader), { timeout: 30_000 }).toEqual(authorRows);
  expect(await shared.getByRole('combobox', { name: 'Attribute' }).inputValue()).toBe('plan');
  expect(await shared.locator('thead').innerText()).toContain(`${arms[1]} vs control`);
  expect(await shared.locator('tr[data-picked=true]').getAttribute('data-slice')).toBe('paid');
  // The reader's export carries the same slice block.
  const readerDownload = reader.waitForEvent('download');
  await reader.getByTestId('export-buttons').getByRole('button', { name: 'Download CSV' }).click();
  const readerCsv = await readFile(await (await readerDownload).path(), 'utf8');
  expect(readerCsv.slice(readerCsv.indexOf('Slices by plan'))).toBe(
    csv.slice(csv.indexOf('Slices by plan')),
  );

  // The embed card names the slice view in one line.
  const token = link.slice(link.indexOf('#/snapshot/') + '#/snapshot/'.length);
  await reader.goto(`${session.server.url}embed.html#${token}`);
  await expect
    .poll(() => reader.getByTestId('embed-slices').innerText(), { timeout: 30_000 })
    .toBe(
      'Slices by plan: 3 slices, 1 with a sample ratio mismatch, paid picked; raw and pooled estimates in the full view.',
    );
  expect(errors).toEqual([]);
  await context.close();
});

test('a link that left small slices out says so above its slice table', async () => {
  const snapshot = testSnapshotWithSlices();
  snapshot.slices = { ...snapshot.slices!, leftOut: 5, picked: 1 };
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(`${session.server.url}#/snapshot/${await snapshotToken(snapshot)}`);
  const section = page.getByTestId('slices');
  await section.waitFor({ timeout: 30_000 });
  await expect
    .poll(async () => (await sliceRows(page)).map((row) => row.slice), { timeout: 30_000 })
    .toEqual(['US', 'DE (highlighted)', 'Other (3 values merged)', 'No value (attribute missing)']);
  expect(await section.getByTestId('slices-left-out').innerText()).toBe(
    'This link holds the 4 largest slices by country; 5 smaller ones were left out to fit in a link, so the pooled estimates are over the slices shown.',
  );
  expect(await section.getByRole('combobox', { name: 'Highlight slice' }).inputValue()).toBe(
    'value:DE',
  );
  expect(await section.innerText()).not.toMatch(/NaN|Infinity|undefined/);
  expect(errors).toEqual([]);
  await context.close();
});
