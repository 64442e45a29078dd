// The Data tab's import flow in real Chromium: CSV shape detected and mapped, arm labels placed on the
// design's variations by name (whatever their order in the file), labels the design lacks asked for,
// unit-level files, and files of one iteration added and removed with the units counted once.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { browserSession } from './support/session.ts';
import { openDemoResults } from './app-support/demo.ts';
import { fillSampleDesign } from './app-support/design.ts';

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
// The demo flag's variations, in order: 0 Current checkout, 1 One-page checkout, 2 Express checkout.

/** A fresh page with a new experiment on the demo's flag, its iteration running, on the Data tab. */
async function runningExperiment(): Promise<{
  page: Page;
  errors: string[];
  close: () => Promise<void>;
}> {
  // bypassCSP: axe is injected as an inline script (the app's policy allows only its own scripts).
  const context = await session.browser.newContext({ bypassCSP: true });
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
  await dialog.getByLabel('Name').fill('Import flow');
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
  await fillSampleDesign(page);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  return { page, errors, close: () => context.close() };
}

async function chooseFile(page: Page, name: string, text: string): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

/** ISO times after the iteration started (it starts at the test's "now"). */
const at = (minutes: number) => new Date(Date.now() + (5 + minutes) * 60_000).toISOString();

const armsLine = (page: Page) => page.getByTestId('arms-line').innerText();

test('named arms in shuffled order (the first row is a treatment) land on their variations', async () => {
  const { page, errors, close } = await runningExperiment();
  const rows = [
    // One-page: u1, u4, u6 (3 units); Current: u2, u5 (2); Express: u3, u7, u8, u9 (4).
    ['u1', 'One-page checkout'],
    ['u2', 'current checkout'],
    ['u3', 'Express checkout'],
    ['u4', 'One-page checkout'],
    ['u5', 'current checkout'],
    ['u6', 'One-page checkout'],
    ['u7', 'Express checkout'],
    ['u8', 'Express checkout'],
    ['u9', 'Express checkout'],
  ];
  const csv = [
    'timestamp,userid,group,event,value',
    ...rows.map(([unit, arm], i) => `${at(i)},${unit},${arm},,`),
    `${at(20)},u1,,signup,`,
    `${at(21)},u2,,purchase,30`,
  ].join('\n');
  await chooseFile(page, 'named-arms.csv', csv);
  const mapping = page.getByTestId('csv-mapping');
  await mapping.waitFor();
  // Detected as events; the unit is "userid" (not the event id) and the arm "group".
  expect(await mapping.getByLabel(/Events: several rows/).isChecked()).toBe(true);
  expect(await mapping.getByLabel('Unit key (required)').inputValue()).toBe('userid');
  expect(await mapping.getByLabel('Variation').inputValue()).toBe('group');
  expect(await mapping.getByLabel('Event id').inputValue()).toBe('');
  expect(await page.getByTestId('preview-labels').innerText()).toContain('“One-page checkout” 3');
  expect(await axeViolations(page)).toEqual([]);
  await mapping.getByRole('button', { name: 'Import with these columns' }).click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-done').innerText()).toContain('Imported 9 units');
  const line = await armsLine(page);
  expect(line).toContain('Current checkout ← “current checkout” 2 units');
  expect(line).toContain('One-page checkout ← “One-page checkout” 3 units');
  expect(line).toContain('Express checkout ← “Express checkout” 4 units');

  // Change: the same data, "current checkout" excluded.
  await page.getByTestId('arms-line').getByRole('button', { name: 'Change' }).click();
  const arms = page.getByTestId('arm-mapping');
  await arms.getByLabel('Variation for “current checkout”').selectOption('excluded');
  await arms.getByRole('button', { name: 'Use these arms' }).click();
  await expect
    .poll(() => page.getByTestId('import-done').innerText(), { timeout: 60_000 })
    .toContain('Imported 7 units');
  expect(await armsLine(page)).toContain('excluded: “current checkout” 2 units');
  expect(errors).toEqual([]);
  await close();
});

test('a label the design lacks stops the import at the arm mapping until it is placed', async () => {
  const { page, errors, close } = await runningExperiment();
  const csv = [
    'timestamp,user_id,variant,event_key',
    `${at(0)},a,Current checkout,`,
    `${at(1)},b,legacy,`,
    `${at(2)},c,legacy,`,
    `${at(3)},d,One-page checkout,`,
  ].join('\n');
  await chooseFile(page, 'legacy.csv', csv);
  await page.getByRole('button', { name: 'Import with these columns' }).click();
  const arms = page.getByTestId('arm-mapping');
  await arms.waitFor({ timeout: 60_000 });
  expect(await arms.innerText()).toMatch(/“legacy”\s+2/);
  expect(await page.getByTestId('import-done').count()).toBe(0);
  expect(await arms.getByRole('button', { name: 'Use these arms' }).isDisabled()).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await arms.getByLabel('Variation for “legacy”').selectOption('2');
  await arms.getByRole('button', { name: 'Use these arms' }).click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await armsLine(page)).toContain('Express checkout ← “legacy” 2 units');
  expect(errors).toEqual([]);
  await close();
});

test('a unit-level CSV: TRUE/FALSE cells, two rows of one unit counted once', async () => {
  const { page, errors, close } = await runningExperiment();
  const csv = [
    'uid,version,signup,purchase',
    'a1,Current checkout,FALSE,10',
    'a2,One-page checkout,TRUE,0',
    'a1,Current checkout,TRUE,5',
    'a3,Express checkout,FALSE,2',
    'a4,Current checkout,FALSE,0',
    'a5,Express checkout,TRUE,',
  ].join('\n');
  await chooseFile(page, 'units.csv', csv);
  const mapping = page.getByTestId('csv-mapping');
  await mapping.waitFor();
  expect(await mapping.getByLabel(/One row per unit/).isChecked()).toBe(true);
  expect(await mapping.getByLabel('Unit (required)').inputValue()).toBe('uid');
  expect(await mapping.getByLabel('Arm (required)').inputValue()).toBe('version');
  expect(await page.getByTestId('several-rows-rule').innerText()).toContain('at least one');
  await mapping.getByRole('button', { name: 'Import with these columns' }).click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  // a1 (two rows) and a4: 2 units under Current checkout; 5 units in all.
  expect(await page.getByTestId('import-done').innerText()).toContain('Imported 5 units');
  expect(await armsLine(page)).toContain('Current checkout ← “Current checkout” 2 units');
  const listed = await page.getByTestId('imported-files').innerText();
  expect(listed).toContain('0 malformed');
  // a5's empty purchase cell: a missing value, reported by its metric.
  expect(listed).toContain('missing-value:revenue-per-user 1');

  // On the Results tab, worked out by hand: signups (at least one TRUE row per unit) Current a1 → 1,
  // One-page a2 → 1, Express a5 → 1; revenue summed per unit: Current a1 10 + 5 = 15, a4 0;
  // One-page 0; Express a3 2 (a5 missing).
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  const column = (col: string) =>
    page.$$eval(`[data-testid=metric-table] tbody tr [data-col=${col}]`, (cells) =>
      cells.map((cell) => (cell as HTMLElement).innerText.split('\n')[0].trim()),
    );
  await expect.poll(() => column('exposures'), { timeout: 30_000 }).toEqual(['2', '1', '2']);
  expect(await column('total')).toEqual(['1', '1', '1']);
  await page.getByLabel('Metric', { exact: true }).selectOption('revenue-per-user');
  await expect
    .poll(async () => (await column('total')).map(Number), { timeout: 30_000 })
    .toEqual([15, 0, 2]);
  expect(errors).toEqual([]);
  await close();
});

test('two daily files add up (a unit in both counted once); removing one recomputes', async () => {
  const { page, errors, close } = await runningExperiment();
  const header = 'timestamp,context_key,variation,event_key';
  // Day 1: d1, d2 on 0, d3 on 1. Day 2: d3 again on 1, d4 on 1, d5 on 2.
  const day1 = [header, `${at(0)},d1,0,`, `${at(1)},d2,0,`, `${at(2)},d3,1,`].join('\n');
  const day2 = [header, `${at(30)},d3,1,`, `${at(31)},d4,1,`, `${at(32)},d5,2,`].join('\n');
  await chooseFile(page, 'day-1.csv', day1);
  await page.getByRole('button', { name: 'Import with these columns' }).click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  await chooseFile(page, 'day-2.csv', day2);
  await page.getByRole('button', { name: 'Import with these columns' }).click();
  await expect
    .poll(() => page.getByTestId('import-done').innerText(), { timeout: 60_000 })
    .toContain('Imported 5 units from 2 files');
  let line = await armsLine(page);
  expect(line).toContain('Current checkout ← “0” 2 units');
  expect(line).toContain('One-page checkout ← “1” 2 units');
  expect(line).toContain('Express checkout ← “2” 1 unit');
  const files = page.getByTestId('imported-files');
  expect(await files.locator('li').count()).toBe(2);
  expect(await files.innerText()).toContain('day-2.csv');

  // After a reload the files come back from IndexedDB, bytes and all.
  await page.reload();
  await files.waitFor({ timeout: 30_000 });
  expect(await armsLine(page)).toContain('One-page checkout ← “1” 2 units');
  await page.getByRole('button', { name: 'Remove day-1.csv' }).click();
  await expect
    .poll(() => page.getByTestId('import-done').innerText(), { timeout: 60_000 })
    .toContain('Imported 3 units from 1 file');
  line = await armsLine(page);
  expect(line).toContain('Current checkout ← nothing');
  expect(line).toContain('One-page checkout ← “1” 2 units');
  expect(await files.locator('li').count()).toBe(1);
  expect(errors).toEqual([]);
  await close();
});

test('a repeated header is named as an error in the mapping dialog, which does not crash', async () => {
  const { page, errors, close } = await runningExperiment();
  await chooseFile(page, 'twice.csv', `timestamp,user,user,event\n${at(0)},a,a,signup\n`);
  const mapping = page.getByTestId('csv-mapping');
  await mapping.waitFor();
  expect(await mapping.getByRole('alert').innerText()).toContain('The header repeats “user”');
  expect(
    await mapping.getByRole('button', { name: 'Import with these columns' }).isDisabled(),
  ).toBe(true);
  await mapping.getByRole('button', { name: 'Cancel' }).click();

  // A repeated column no field uses is left out: the file imports.
  await chooseFile(
    page,
    'notes.csv',
    `timestamp,user,variation,event,note,note\n${at(0)},a,0,,x,y\n${at(1)},b,1,,x,y\n`,
  );
  expect(await mapping.innerText()).toContain('no field uses it');
  await mapping.getByRole('button', { name: 'Import with these columns' }).click();
  await expect
    .poll(() => page.getByTestId('import-done').innerText(), { timeout: 60_000 })
    .toContain('Imported 2 units');
  expect(errors).toEqual([]);
  await close();
});

test('cancelling an import says so without an error, and the last diagnostics go when a new one starts', async () => {
  const { page, errors, close } = await runningExperiment();
  await chooseFile(page, 'small.csv', `timestamp,user,variation,event\n${at(0)},a,0,\n`);
  await page.getByRole('button', { name: 'Import with these columns' }).click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  await page.getByTestId('diagnostics').waitFor();

  const row = `${at(1)},user-000000,1,\n`;
  // A 50 MB file made in the page (sending it from here would take longer than the import).
  await page.evaluate(
    ({ row, count }) => {
      const input = document.querySelector('[data-testid=file-input]') as HTMLInputElement;
      const transfer = new DataTransfer();
      const text = ['timestamp,user,variation,event\n', row.repeat(count)];
      transfer.items.add(new File(text, 'big.csv', { type: 'text/csv' }));
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { row, count: Math.ceil(50e6 / row.length) },
  );
  await page.getByRole('button', { name: 'Import with these columns' }).click();
  const cancel = page.getByRole('button', { name: 'Cancel import' });
  await cancel.waitFor({ timeout: 30_000 });
  // The previous import's diagnostics are not shown as if they were this one's.
  expect(await page.getByTestId('diagnostics').count()).toBe(0);
  await cancel.click();
  await page.getByTestId('import-notice').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('import-notice').innerText()).toContain('Import cancelled');
  expect(await page.getByRole('alert').count()).toBe(0);
  expect(errors).toEqual([]);
  await close();
});

test('the warehouse’s evaluation and metric tables, chosen together, are mapped and read together', async () => {
  const { page, errors, close } = await runningExperiment();
  // Exposures: w1 on 0, w2 and w3 on 1. Signups: w2 only (w9 was never exposed).
  const evaluations = [
    'timestamp,context_key,variation',
    `${at(0)},w1,0`,
    `${at(1)},w2,1`,
    `${at(2)},w3,1`,
  ].join('\n');
  const metrics = [
    'timestamp,context_key,event_key,value',
    `${at(10)},w2,signup,`,
    `${at(11)},w9,signup,`,
  ].join('\n');
  // Chosen together, mapped together: the dialog offers the columns of both.
  await page.getByTestId('file-input').setInputFiles([
    { name: 'evaluation_events.csv', mimeType: 'text/csv', buffer: Buffer.from(evaluations) },
    { name: 'metric_events.csv', mimeType: 'text/csv', buffer: Buffer.from(metrics) },
  ]);
  const mapping = page.getByTestId('csv-mapping');
  // (A label's text holds its select's options, so the label is found by how its text starts.)
  const select = (name: string) =>
    mapping.locator('label', { hasText: new RegExp(`^\\s*${name}`) }).locator('select');
  expect(await select('Variation').inputValue()).toBe('variation');
  expect(await select('Event key').inputValue()).toBe('event_key');
  await mapping.getByRole('button', { name: 'Import with these columns' }).click();
  await expect
    .poll(() => page.getByTestId('import-done').innerText(), { timeout: 60_000 })
    .toContain('Imported 3 units from 2 files');
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  const column = (col: string) =>
    page.$$eval(`[data-testid=metric-table] tbody tr [data-col=${col}]`, (cells) =>
      cells.map((cell) => (cell as HTMLElement).innerText.split('\n')[0].trim()),
    );
  await expect.poll(() => column('exposures'), { timeout: 30_000 }).toEqual(['1', '2', '0']);
  expect(await column('total')).toEqual(['0', '1', '0']);
  expect(errors).toEqual([]);
  await close();
});
