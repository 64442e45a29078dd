// The assignment audit in real Chromium: a flag's JSON imported on the Design tab, a Data Export file
// with units the generator put in the wrong arm on purpose (test/support/misassigned-export.ts), and
// the Results tab's Assignment check and audit panel showing the generator's numbers.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { expect, test } from 'vitest';
import { browserSession } from './support/session.ts';
import { openDemoResults } from './app-support/demo.ts';
import { auditFlagJson, misassignedExport } from './support/misassigned-export.ts';

const session = browserSession();

/** A percentage with two decimals, rounded down, worked out from the ledger's counts. */
const percent = (part: number, whole: number) =>
  (Math.floor((part / whole) * 10_000) / 100).toFixed(2);
const count = (n: number) => n.toLocaleString('en-US');

test('the Assignment check and the audit panel show the units the generator misassigned', async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.setViewportSize({ width: 1200, height: 900 });
  await openDemoResults(page, session.server.url);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('button', { name: 'Create experiment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.getByLabel('Name').fill('Assignment audit');
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();

  // Design: the flag comes from its JSON (salt and rollout), chosen for the experiment on import.
  await page.getByLabel('Randomize by').selectOption('user');
  await page.getByTestId('flag-json-input').setInputFiles({
    name: 'checkout-audit.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(auditFlagJson())),
  });
  await page.getByText('Flag “checkout-audit” imported with its salt and rollouts.').waitFor();
  expect(await page.locator('#flag-select').inputValue()).toBe('checkout-audit');
  await page.getByRole('button', { name: 'Add metric' }).click();
  const metric = page.getByRole('group', { name: 'Metric 1' });
  await metric.getByLabel('Name').fill('Revenue');
  await metric.getByLabel('Key', { exact: true }).fill('revenue');
  await metric.getByLabel('Event key').fill('purchase');
  await metric.getByLabel('Kind').selectOption('numeric');
  await metric.getByLabel('Per-unit aggregation').selectOption('sum');
  await page.getByRole('button', { name: /^Save/ }).click();
  await page.getByRole('status').filter({ hasText: 'Design saved.' }).waitFor();
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();

  // Data: the generated export, every event after the iteration's start.
  const { text, ledger } = misassignedExport({
    units: 4000,
    wrongShare: 0.02,
    start: Date.now() + 10 * 60_000,
  });
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'misassigned.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(text),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });

  await page.getByRole('link', { name: 'Results', exact: true }).click();
  const check = page.getByTestId('health-assignment');
  await check.waitFor({ timeout: 60_000 });
  const sentence =
    `${percent(ledger.matches, ledger.units)}% of ${count(ledger.units)} units are in the arm the flag assigns; ` +
    `${count(ledger.mismatches)} mismatches, all from flag version 12; ` +
    `${count(ledger.outsideAllocation)} units exposed outside the allocation; ` +
    `${count(ledger.untrackedVariation)} units in an untracked variation; ` +
    `${ledger.ambiguous} ambiguous at a float32 boundary (not counted as wrong).`;
  expect(await check.innerText()).toContain(sentence);

  const panel = page.getByTestId('assignment-panel');
  expect(await panel.getByTestId('assignment-summary').innerText()).toBe(sentence);
  const mismatches = await panel
    .getByTestId('assignment-arms')
    .locator('td[data-col=mismatches]')
    .allInnerTexts();
  expect(mismatches.reduce((sum, cell) => sum + Number(cell.replace(/,/g, '')), 0)).toBe(
    ledger.mismatches,
  );
  const byVersion = panel.getByTestId('assignment-by-version');
  for (const version of [11, 12]) {
    const row = byVersion.getByRole('row', { name: new RegExp(`^version ${version}\\b`) });
    expect(await row.locator('td[data-col=wrong]').innerText()).toBe(
      count(ledger.wrongByVersion[version]),
    );
  }
  expect(await panel.getByTestId('assignment-reassigned').innerText()).toContain(
    `${ledger.reassigned} units were exposed in a second arm`,
  );
  await panel.getByTestId('assignment-examples-mismatch').locator('summary').click();
  const shown = await panel
    .getByTestId('assignment-examples-mismatch')
    .locator('code')
    .allInnerTexts();
  expect(shown.sort()).toEqual(ledger.mismatchKeys.slice(0, 100).sort());

  // The designed split is three equal arms; the flag serves two: the sample-ratio alert links here.
  await page.getByTestId('srm-alert').waitFor({ timeout: 60_000 });
  await page.getByTestId('srm-audit-link').click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('assignment-audit');
  expect(errors).toEqual([]);
  await context.close();
}, 180_000);

test("without the flag's rollout the check and the panel say what to import (the demo's flag)", async () => {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  await openDemoResults(page, session.server.url);
  const check = page.getByTestId('health-assignment');
  await check.waitFor({ timeout: 60_000 });
  expect(await check.innerText()).toContain(
    "Not audited. The experiment's audience rule serves one variation, not a percentage rollout: import the flag's JSON",
  );
  expect(await page.getByTestId('assignment-missing').innerText()).toContain('on the Design tab');
  await context.close();
}, 120_000);
