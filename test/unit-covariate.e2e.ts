// CUPED from a unit-level CSV in real Chromium (issue #17): a file with a byte-order mark, CRLF line
// ends, TRUE/FALSE cells, arm names (not indices) in shuffled order and a pre-period column correlated
// with the metric goes in through the quick path; with CUPED on, the app says by how much the interval
// narrowed. The expected figure is worked out here from the file's own numbers: the pooled
// correlation ρ of the pre-period value x and the metric y over all units, and 1 − √(1 − ρ²).
//
// The file is built so that this is what the method gives, not only roughly: every control unit has a
// treatment twin with the same x and the same residual (y shifted by a small effect), so both arms
// have the same x mean (the adjustment moves no mean) and the same within-arm correlation, and the
// pooled θ is the within-arm one; the shift is small enough that the pooled ρ differs from the
// within-arm ρ by far less than the 0.1% shown.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { newIsolatedPage } from './support/browser.ts';
import { openDemoResults } from './app-support/demo.ts';
import { fillSampleDesign } from './app-support/design.ts';
import { browserSession } from './support/session.ts';
import { formatValue } from '../src/lib/format/index.ts';
import { seededRandom } from '../src/lib/ingest/seeded-random.ts';

const session = browserSession();

const EFFECT = 0.5;

/** A standard normal draw (Box–Muller) from a uniform generator. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const cents = (value: number) => (Math.round(value * 100) / 100).toFixed(2);

/**
 * A unit-level CSV: one twin per arm for each of `groups` (x, residual) draws, arm k's revenue shifted
 * by k·EFFECT; rows shuffled. `blankPre` leaves the pre-period cell of every 20th group's twins empty
 * (read as 0, the same in every arm).
 */
function unitFile(
  header: string,
  arms: readonly string[],
  groups: number,
  blankPre = false,
): string {
  const random = seededRandom(17);
  const rows: string[] = [];
  for (let i = 0; i < groups; i++) {
    const x = Math.max(0, 50 + 20 * normal(random));
    const y = Math.max(0, 10 + 0.8 * x + 15 * normal(random));
    const converted = random() < 0.3 ? 'TRUE' : 'FALSE';
    const pre = blankPre && i % 20 === 0 ? '' : cents(x);
    arms.forEach((arm, k) =>
      rows.push(`${arm.slice(0, 2)}${i},${arm},${converted},${cents(y + k * EFFECT)},${pre}`),
    );
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return '\ufeff' + [header, ...rows].join('\r\n') + '\r\n';
}

/**
 * 1 − √(1 − ρ²) for the pooled correlation of the pre-period and metric columns over every unit, read
 * back from the text (an empty pre-period cell is 0, as the import reads it).
 */
function narrowingImplied(text: string, metric: string, pre: string): number {
  const [header, ...lines] = text
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');
  const columns = header.split(',');
  const [yAt, xAt] = [columns.indexOf(metric), columns.indexOf(pre)];
  let n = 0;
  let [sx, sy, sxx, syy, sxy] = [0, 0, 0, 0, 0];
  for (const line of lines) {
    const cells = line.split(',');
    const [x, y] = [Number(cells[xAt]), Number(cells[yAt])];
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  const cov = sxy - (sx * sy) / n;
  const rho = cov / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
  return 1 - Math.sqrt(1 - rho * rho);
}

async function cupedLines(page: Page, testId: string): Promise<string[]> {
  const text = await page.getByTestId(testId).innerText();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes('CUPED narrowed'));
}

test('a unit-level CSV with a pre-period column: CUPED narrows the interval as the file implies', async () => {
  const text = unitFile(
    'user_id,group,converted,revenue,revenue_pre',
    ['control', 'treatment'],
    400,
  );
  const implied = narrowingImplied(text, 'revenue', 'revenue_pre');
  expect(implied).toBeGreaterThan(0.2);
  const shown = `CUPED narrowed this interval by ${formatValue(implied, 'rate', 0.1)}`;

  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(session.server.url);
  await page.getByTestId('quick-file-input').setInputFiles({
    name: 'units.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  });
  const proposal = page.getByTestId('quick-proposal');
  await proposal.waitFor({ timeout: 60_000 });
  // The pre-period column is no metric of its own: it is revenue's covariate.
  expect(await proposal.getByLabel('Keep metric revenue', { exact: true }).count()).toBe(1);
  expect(await proposal.getByLabel('Keep metric revenue_pre').count()).toBe(0);
  await proposal.getByRole('radio', { name: /control is the control/i }).check();
  await proposal.getByRole('button', { name: 'Confirm and analyse' }).click();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });

  await page.getByText('Analysis settings').click();
  await page.getByLabel('Analysis method').selectOption('frequentist');
  await page.getByLabel('Metric').selectOption('revenue');
  await page.getByTestId('frequentist-table').waitFor({ timeout: 60_000 });
  await page.getByLabel("CUPED: adjust for each unit's pre-period value").check();
  await expect.poll(() => cupedLines(page, 'frequentist-table')).toEqual([shown]);

  // The Bayesian readout says the same of its interval.
  await page.getByLabel('Analysis method').selectOption('bayesian');
  await expect
    .poll(() => cupedLines(page, 'bayesian-cuped'))
    .toEqual([expect.stringContaining(shown)]);

  expect(await page.locator('main').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  expect(errors).toEqual([]);
  await context.close();
});

test('the Data tab proposes the pre-period column, refuses the metric’s own, and CUPED narrows as implied', async () => {
  // The demo flag's variations: 0 Current checkout (control), 1 One-page checkout, 2 Express checkout.
  const arms = ['Express checkout', 'Current checkout', 'One-page checkout'];
  const text = unitFile('uid,version,signup,purchase,purchase_pre', arms, 150, true);
  const implied = narrowingImplied(text, 'purchase', 'purchase_pre');
  const shown = `CUPED narrowed this interval by ${formatValue(implied, 'rate', 0.1)}`;

  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openDemoResults(page, session.server.url);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('button', { name: 'Create experiment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.getByLabel('Name').fill('Unit-level CUPED');
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
  await fillSampleDesign(page);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

  const mapping = page.getByTestId('csv-mapping');
  await mapping.waitFor();
  expect(await mapping.getByLabel(/One row per unit/).isChecked()).toBe(true);
  const preSelect = mapping.getByLabel('“Revenue per user” before exposure');
  expect(await preSelect.inputValue()).toBe('purchase_pre');
  const importButton = mapping.getByRole('button', { name: 'Import with these columns' });
  await preSelect.selectOption('purchase');
  await expect
    .poll(() => mapping.getByRole('alert').innerText())
    .toContain('its own value column "purchase"');
  expect(await importButton.isDisabled()).toBe(true);
  await preSelect.selectOption('purchase_pre');
  await importButton.click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-done').innerText()).toContain('Imported 450 units');
  const listed = await page.getByTestId('imported-files').innerText();
  expect(listed).toContain('0 malformed');
  // Every 20th group's three twins have no pre-period value: 8 groups × 3 arms.
  expect(listed).toContain('missing-pre-period:revenue-per-user 24');
  await expect
    .poll(() => page.getByTestId('diagnostics').innerText())
    .toMatch(/missing-pre-period:revenue-per-user: 24\s+\(empty pre-period cells, each read as 0/);

  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });
  await page.getByText('Analysis settings').click();
  await page.getByLabel('Analysis method').selectOption('frequentist');
  await page.getByLabel('Metric', { exact: true }).selectOption('revenue-per-user');
  await page.getByTestId('frequentist-table').waitFor({ timeout: 60_000 });
  await page.getByLabel("CUPED: adjust for each unit's pre-period value").check();
  await expect.poll(() => cupedLines(page, 'frequentist-table')).toEqual([shown, shown]);
  expect(errors).toEqual([]);
  await context.close();
});
