// The planner in real Chromium: an experiment's first iteration imports a generated Data Export file,
// a design edit starts iteration 2 (with a CUPED pre-period of 7 days), and the planner takes its
// baseline and traffic from iteration 1's data. The plan and the simulated Bayesian view are checked
// against the same computations run here in Node on the same file (the aggregator, planExperiment and
// the simulation with the engine in this thread).
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { startSampleExperiment } from './app-support/design.ts';
import { sampleFile } from './app-support/sample-file.ts';
import { browserSession } from './support/session.ts';
import { SAMPLE_EXPERIMENT } from '../src/lib/ingest/sample-data.ts';
import { aggregateExperimentData } from '../src/lib/ingest/index.ts';
import { planExperiment, type PlanBaseline } from '../src/lib/analysis/planner.ts';
import { simulateInThread } from '../src/lib/analysis/planner-simulation-in-thread.ts';
import {
  DEFAULT_SIMULATIONS,
  PLANNER_SIMULATION_SEED,
} from '../src/lib/analysis/planner-simulation.ts';
import { ANALYSIS_DEFAULTS } from '../src/lib/analysis/defaults.ts';
import { formatCount, formatLoss, formatProbability } from '../src/lib/format/index.ts';

const session = browserSession();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the Bayesian view should say at a size: the simulation run here, formatted as the app does. */
function bayesianFigures(baseline: PlanBaseline, relativeEffect: number, unitsPerArm: number) {
  const summary = simulateInThread(
    {
      baseline,
      arms: 3,
      relativeEffect,
      unitsPerArm,
      simulations: DEFAULT_SIMULATIONS,
      seed: PLANNER_SIMULATION_SEED,
      prior: 'informative',
    },
    ANALYSIS_DEFAULTS.winnerThreshold,
  );
  return [
    `${formatProbability(summary.meanProbability)} probability to be best (± ${formatLoss(summary.meanProbabilitySE, 'rate', 1)})`,
    `in ${formatProbability(summary.shareAboveThreshold)} of experiments (± ${formatLoss(summary.shareSE, 'rate', 1)})`,
  ];
}

/** axe-core's WCAG 2.1 A/AA violations inside the open planner (axe injected from node_modules). */
async function plannerAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({
    content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
  });
  const results = await page.evaluate(() =>
    (
      window as unknown as {
        axe: { run: (context: Element, options: object) => Promise<AxeResults> };
      }
    ).axe.run(document.querySelector('[data-testid=planner]')!, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  );
  return results.violations.map((violation) => `${violation.id}: ${violation.help}`);
}

async function text(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ');
}

test('the planner takes its baseline from iteration 1, simulates P(best) and the Design keeps a CUPED pre-period', async () => {
  // The app's CSP forbids inline scripts; this context lifts it to inject axe at the end, as a11y.e2e.ts does.
  const context = await session.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  await startSampleExperiment(page, 'Planned checkout', 'The new checkout lifts signups.');

  const file = sampleFile({ units: 6000, seed: 11, startAfter: Date.now(), days: 3 });
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'iteration-1.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(file.text),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });

  // The same file aggregated here: the control (variation 0) of signups, all units over the hours
  // with exposures, first to last counted whole.
  const data = await aggregateExperimentData([new Blob([file.text])], {
    ...SAMPLE_EXPERIMENT,
    window: {},
  });
  const control = data.metrics['signup-rate'].find((arm) => arm.variation === 0)!;
  const hours = data.exposuresByHour
    .filter((hour) => Object.values(hour.counts).some((count) => count > 0))
    .map((hour) => hour.hourStart);
  const exposureDays = (Math.max(...hours) - Math.min(...hours) + HOUR) / DAY;
  const units = data.arms.reduce((total, arm) => total + arm.units, 0);

  // Iteration 2: a new hypothesis restarts; a 400-day pre-period is refused, 7 days is kept.
  await page.getByRole('link', { name: 'Design', exact: true }).click();
  const preperiod = page.getByLabel('CUPED pre-period (days)');
  expect(await preperiod.inputValue()).toBe('14');
  await preperiod.fill('400');
  await expect
    .poll(() => page.locator('[data-field=covariateDays]').innerText())
    .toContain('whole number of days from 0 to 365');
  expect(await page.getByRole('button', { name: /^Save/ }).isDisabled()).toBe(true);
  await preperiod.fill('7');
  await page.getByLabel('Hypothesis').fill('The new checkout lifts signups for good.');
  await page.getByRole('button', { name: /^Save/ }).click();
  await page
    .getByTestId('restart-confirm')
    .getByRole('button', { name: 'Save and start a new iteration' })
    .click();
  await page.getByText('Design saved.').waitFor();
  await page.reload();
  await page.getByLabel('CUPED pre-period (days)').waitFor();
  expect(await page.getByLabel('CUPED pre-period (days)').inputValue()).toBe('7');

  // The planner, from iteration 1's signups.
  const planner = page.getByTestId('planner');
  await planner.getByText('Plan the sample size').click();
  const source = planner.getByLabel('Baseline from data');
  const options = await source.locator('option').allInnerTexts();
  expect(options).toEqual([
    'Type it',
    'Iteration 1 (production) · Signup rate',
    'Iteration 1 (production) · Revenue per user',
  ]);
  await source.selectOption({ label: 'Iteration 1 (production) · Signup rate' });
  const rateField = planner.getByLabel('Baseline conversion rate (%)');
  const rate = Number(await rateField.inputValue()) / 100;
  expect(rate).toBeCloseTo(control.conversions / control.units, 10);
  const traffic = Number(
    await planner.getByLabel('Traffic per day (units, all arms)').inputValue(),
  );
  expect(traffic).toBeCloseTo(units / exposureDays, 8);
  expect(await planner.getByTestId('planner-source-note').innerText()).toContain(
    `From the control's ${formatCount(control.units)} units`,
  );

  // A 20% effect, and a date 30 days from today.
  const byDate = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
  await planner.getByLabel('Chosen end date (optional)').fill(byDate);
  await planner.getByLabel('Smallest effect worth detecting (% relative)').fill('20');
  await planner.getByTestId('plan-simulating').waitFor();
  const baseline: PlanBaseline = { kind: 'rate', rate };
  const plan = planExperiment({
    baseline,
    arms: 3,
    trafficPerDay: traffic,
    relativeEffect: 0.2,
    daysAvailable: 30,
  });
  if (!plan.ok) throw new Error(plan.message);
  await expect
    .poll(() => planner.getByTestId('plan-units-per-arm').innerText())
    .toBe(formatCount(plan.unitsPerArm));
  for (const figure of bayesianFigures(baseline, 0.2, plan.unitsPerArm))
    await expect
      .poll(() => text(planner.getByTestId('plan-pbest')), { timeout: 60_000 })
      .toContain(figure);
  for (const figure of bayesianFigures(baseline, 0.2, plan.unitsPerArmByDate!))
    expect(await text(planner.getByTestId('plan-pbest-dated'))).toContain(figure);

  // A changed input replaces the answer: the old one is never shown beside the new inputs.
  await planner.getByLabel('Smallest effect worth detecting (% relative)').fill('30');
  await planner.getByTestId('plan-simulating').waitFor();
  const wider = planExperiment({
    baseline,
    arms: 3,
    trafficPerDay: traffic,
    relativeEffect: 0.3,
    daysAvailable: 30,
  });
  if (!wider.ok) throw new Error(wider.message);
  for (const figure of bayesianFigures(baseline, 0.3, wider.unitsPerArm))
    await expect
      .poll(() => text(planner.getByTestId('plan-pbest')), { timeout: 60_000 })
      .toContain(figure);

  expect(await plannerAxeViolations(page)).toEqual([]);
  expect(await page.locator('main').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  expect(errors).toEqual([]);
  await context.close();
});
