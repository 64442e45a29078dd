// The frequentist readout in real Chromium: a per-arm summary with a pre-period covariate (written by
// scripts/reference/frequentist_view_reference.py) goes in through the quick path; the Results tab is
// switched to frequentist, then sequential, then Holm; CUPED is turned on for revenue. Every number
// is checked against the generator's scipy values, written with the app's formatter.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import {
  columnSpan,
  formatPValue,
  formatRelative,
  formatRelativeInterval,
  formatValue,
} from '../src/lib/format/index.ts';

const session = browserSession();

type Figures = { estimate?: number; ci?: [number, number]; pValue?: number; narrowing?: number };
type Readout = Record<'signup' | 'revenue', Figures[]>;
const reference = JSON.parse(
  readFileSync(
    new URL('../src/lib/analysis/__fixtures__/frequentist-view.json', import.meta.url),
    'utf8',
  ),
) as {
  fixed: Readout;
  sequential: Readout;
  holm: number[];
  cupedFixed: Figures[];
};
const CSV = readFileSync(
  new URL('./fixtures/frequentist/summary-cuped.csv', import.meta.url),
  'utf8',
);

type Row = { arm: string; relative: string; interval: string; pValue: string; cuped: string };

/** What the table should show for the treatment arms B and C, from the reference figures. */
function expected(figures: Figures[], pValues?: number[]): Omit<Row, 'arm'>[] {
  const treated = figures.slice(1);
  const span = columnSpan(treated.map((arm) => arm.ci!));
  return treated.map((arm, i) => ({
    relative: formatRelative(arm.estimate, span),
    interval: formatRelativeInterval(arm.ci!, span),
    pValue: formatPValue(pValues?.[i] ?? arm.pValue),
    cuped:
      arm.narrowing === undefined
        ? ''
        : `CUPED narrowed this interval by ${formatValue(arm.narrowing, 'rate', 0.1)}`,
  }));
}

async function treatmentRows(page: Page): Promise<Omit<Row, 'arm'>[]> {
  await page.getByTestId('frequentist-table').waitFor({ timeout: 60_000 });
  const rows = await page.$$eval('[data-testid=frequentist-table] tbody tr', (trs) =>
    trs.map((tr) => {
      const cell = (col: string) =>
        (tr.querySelector(`[data-col=${col}]`) as HTMLElement).innerText;
      const relative = cell('relative')
        .split('\n')
        .map((line) => line.trim());
      return {
        arm: (tr as HTMLElement).dataset.arm ?? '',
        relative: relative[0],
        interval: relative[1] ?? '',
        pValue: cell('p-value').split('\n')[0].trim(),
        cuped: relative.find((line) => line.startsWith('CUPED')) ?? '',
      };
    }),
  );
  return rows.filter((row) => row.arm !== 'A').map(({ arm: _arm, ...rest }) => rest);
}

async function headers(page: Page): Promise<string> {
  return (await page.getByTestId('frequentist-table').locator('thead').innerText()).replace(
    /\s+/g,
    ' ',
  );
}

test('frequentist, sequential, Holm and CUPED on an imported summary match scipy; the planner plans', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(session.server.url);
  await page.getByTestId('quick-file-input').setInputFiles({
    name: 'summary.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CSV),
  });
  const proposal = page.getByTestId('quick-proposal');
  await proposal.waitFor({ timeout: 60_000 });
  await proposal.getByRole('radio', { name: 'A is the control' }).check();
  await proposal.getByRole('button', { name: 'Confirm and analyse' }).click();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });

  // Frequentist, fixed horizon: Welch t, 95% confidence intervals of the relative difference.
  await page.getByText('Analysis settings').click();
  await page.getByLabel('Analysis method').selectOption('frequentist');
  await page.getByLabel('Metric').selectOption('signup');
  await expect.poll(() => headers(page)).toContain('Relative difference, 95% confidence interval');
  await expect.poll(() => headers(page)).toContain('p-value');
  await expect.poll(() => treatmentRows(page)).toEqual(expected(reference.fixed.signup));

  // Sequential: always-valid intervals and p-values (N* = 5000).
  await page.getByLabel('Analysis method').selectOption('sequential');
  await expect.poll(() => headers(page)).toContain('95% always-valid interval (sequential)');
  await expect.poll(() => treatmentRows(page)).toEqual(expected(reference.sequential.signup));

  // Holm across arms × metrics (signup B, signup C, revenue B, revenue C), fixed horizon.
  await page.getByLabel('Analysis method').selectOption('frequentist');
  await page.getByLabel('Multiple-comparison correction').selectOption('holm');
  await expect.poll(() => headers(page)).toContain('p-value (Holm-adjusted)');
  await expect
    .poll(() => treatmentRows(page))
    .toEqual(expected(reference.fixed.signup, reference.holm.slice(0, 2)));
  await page.getByLabel('Multiple-comparison correction').selectOption('none');

  // CUPED on revenue: the interval narrows by what the generator's pre-period implies.
  await page.getByLabel('Metric').selectOption('revenue');
  await expect.poll(() => treatmentRows(page)).toEqual(expected(reference.fixed.revenue));
  await page.getByLabel("CUPED: adjust for each unit's pre-period value").check();
  await expect.poll(() => treatmentRows(page)).toEqual(expected(reference.cupedFixed));
  expect(reference.cupedFixed[1].narrowing).toBeGreaterThan(0.3);

  // Back to Bayesian with CUPED still on: the normal model reads the adjusted moments, and each arm
  // says how much CUPED narrowed its (fixed-horizon) interval.
  await page.getByLabel('Analysis method').selectOption('bayesian');
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });
  await expect
    .poll(() => page.getByTestId('bayesian-cuped').innerText())
    .toBe(
      ['B', 'C']
        .map(
          (arm, i) =>
            `${arm}: CUPED narrowed this interval by ${formatValue(reference.cupedFixed[i + 1].narrowing, 'rate', 0.1)}`,
        )
        .join('\n'),
    );

  expect(await page.locator('main').innerText()).not.toMatch(/NaN|Infinity|undefined/);

  // The planner on the Design tab, with the design's 3 arms: a 10% rate, 1,000 units a day, a 10%
  // effect. By hand (scipy's normal quantiles): α′ = 0.05/2, k = z(0.9875) + z(0.8) = 3.0760,
  // n = k²·(0.9/0.1)·(1 + 1.1²)/0.1² = 18,905.5 → 18,906 per arm; 56,718 units → 57 days.
  await page.getByRole('link', { name: 'Design', exact: true }).click();
  const planner = page.getByTestId('planner');
  await planner.getByText('Plan the sample size').click();
  await planner.getByLabel('Baseline', { exact: true }).selectOption('rate');
  await planner.getByLabel('Baseline conversion rate (%)').fill('10');
  await planner.getByLabel('Traffic per day (units, all arms)').fill('1000');
  await planner.getByLabel('Smallest effect worth detecting (% relative)').fill('10');
  await expect.poll(() => planner.getByTestId('plan-units-per-arm').innerText()).toBe('18,906');
  expect(await planner.getByTestId('plan-days').innerText()).toBe('57');
  expect(errors).toEqual([]);
  await context.close();
});
