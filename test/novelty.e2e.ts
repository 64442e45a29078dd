// The novelty view in real Chromium: a generated Data Export file whose signup lift lives on day 0
// after each unit's first exposure only (arm 1: extra signups at half the control's rate on day 0;
// every signup otherwise spread over days 0–4) is imported; Over time → "by days since exposure"
// shows a point per day k with the engine's numbers (computed here in Node from the same file), a
// lift at k = 0 far above the lift at the last day, as generated (lift · 5 / (k + 1)).
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { expect, test } from 'vitest';
import { startSampleExperiment } from './app-support/design.ts';
import { overTimeRows } from './app-support/over-time.ts';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { sampleFile } from './app-support/sample-file.ts';
import { SAMPLE_EXPERIMENT } from '../src/lib/ingest/sample-data.ts';
import { aggregateExperimentData } from '../src/lib/ingest/index.ts';
import { planOverTime, readOverTime, type OverTimeArm } from '../src/lib/analysis/over-time.ts';
import { analyzeInThread } from '../src/workers/analysis-core.ts';
import type { AnalysisResponse } from '../src/lib/analysis/types.ts';
import { columnSpan, formatRelative, formatRelativeInterval } from '../src/lib/format/index.ts';

const session = browserSession();
const DAY = 86_400_000;

/** The engine's signup series by day since exposure, computed in Node from the file (flat prior). */
async function expectedSignups(text: string, windowStart: number): Promise<OverTimeArm[]> {
  const data = await aggregateExperimentData([new Blob([text])], {
    ...SAMPLE_EXPERIMENT,
    window: { start: windowStart },
    daysSinceExposure: true,
  });
  const cells = data.breakdowns?.find((b) => b.by === 'days-since-exposure')?.cells ?? [];
  const plan = planOverTime({
    by: 'since-exposure',
    viewKey: 'expected',
    control: 0,
    armNames: ['Variation 1', 'Variation 2', 'Variation 3'],
    metrics: [
      { key: 'signup-rate', kind: 'conversion', aggregation: 'average', direction: 'higher' },
    ],
    days: cells.map((cell) => ({
      start: Number(cell.value),
      metrics: [
        [0, 1, 2].map((variation) => {
          const { variation: _, ...arm } = cell.metrics['signup-rate'].find(
            (a) => a.variation === variation,
          )!;
          return arm;
        }),
      ],
    })),
    settings: { credibleMass: 0.9, prior: 'flat', method: 'exact', priorRelativeVariance: {} },
  });
  const responses: AnalysisResponse[] = [];
  for (const request of plan.requests) {
    const result = await analyzeInThread(request);
    if (!result.ok) throw new Error(result.error.message);
    responses.push(result.value);
  }
  return readOverTime(plan, responses)[0].arms;
}

test('novelty view: a lift on day 0 since exposure that the later days dilute', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  await startSampleExperiment(page, 'Novel checkout', 'The new checkout lifts signups for good.');

  const midnight = Math.ceil(Date.now() / DAY) * DAY;
  const file = sampleFile({
    units: 9000,
    seed: 5,
    startAfter: midnight,
    days: 2,
    noveltySinceExposure: { lift: 0.5, days: 5 },
  });
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'novelty.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(file.text),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });

  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 30_000 });
  await page.getByText('Analysis settings').click();
  await page.getByLabel('Prior').selectOption('flat');

  const section = page.getByTestId('over-time');
  await section.getByLabel('by days since exposure').check();
  await section.getByText('Values by day since exposure').click();

  const expected = await expectedSignups(file.text, file.shiftedStart - 3_600_000);
  const [novel, none] = expected;
  const last = novel.points.length - 1;
  const span = columnSpan(
    expected.flatMap((arm) => arm.points.map((point) => point.relative?.credibleInterval)),
  );
  const want = expected.flatMap((arm) =>
    arm.points.map((point, k) => ({
      day: k === 29 ? '29+' : String(point.start),
      relative: formatRelative(point.relative!.mean, span),
      interval: formatRelativeInterval(point.relative!.credibleInterval, span),
    })),
  );
  await expect
    .poll(
      async () =>
        (await overTimeRows(page)).map(({ day, relative, interval }) => ({
          day,
          relative,
          interval,
        })),
      { timeout: 30_000 },
    )
    .toEqual(want);

  // As generated: arm 1's relative difference is 0.5 · 5 / (k + 1): +250% at k = 0, +50% from
  // k = 4 on (units exposed over two days: the data follow the first ones about six days).
  expect(novel.points[0].start).toBe(0);
  expect(last).toBeGreaterThanOrEqual(4);
  const first = novel.points[0].relative!;
  const end = novel.points[last].relative!;
  expect(first.credibleInterval[0]).toBeGreaterThan(1.2);
  expect(first.mean).toBeGreaterThan(end.mean + 1);
  expect(end.credibleInterval[0]).toBeLessThan(0.5);
  expect(end.credibleInterval[1]).toBeGreaterThan(0.5);
  const noEffect = none.points[last].relative!.credibleInterval;
  expect(noEffect[0]).toBeLessThan(0);
  expect(noEffect[1]).toBeGreaterThan(0);

  // The chart: days since exposure as numbers on the axis, a day's values on hover, a Tab stop
  // per line named by its last value.
  const chart = section.locator('[data-chart=over-time]');
  expect(await chart.locator('.axis text').allTextContents()).toContain('0');
  const box = (await chart.locator('svg[role=img]').boundingBox())!;
  await page.mouse.move(box.x + 60, box.y + box.height / 2);
  await expect
    .poll(() => chart.locator('.hover-label').textContent())
    .toContain('Day 0 since exposure');
  const focusable = chart.locator('svg.values circle[tabindex="0"]');
  expect(await focusable.count()).toBe(2);
  expect(await focusable.first().getAttribute('aria-label')).toContain(
    `${formatRelative(end.mean)} versus control, 90% credible interval`,
  );
  expect(await section.innerText()).not.toMatch(/NaN|Infinity|undefined/);

  // Back to days of first exposure: the default view returns.
  await section.getByLabel('by day of first exposure').check();
  await section.getByText('Values by day', { exact: true }).waitFor();
  expect(errors).toEqual([]);
  await context.close();
});
