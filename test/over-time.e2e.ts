// The Over time section in real Chromium: a generated Data Export file whose signup lift fades over
// six UTC days (arm 1: +100% for the first units, none for the last; arm 2: no effect) is imported,
// and the section shows one point per day, the engine's numbers (computed here in Node from the same
// file) and the fading trend the generator built in.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { expect, test } from 'vitest';
import { startSampleExperiment } from './app-support/design.ts';
import { overTimeRows, type OverTimeRow } from './app-support/over-time.ts';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { sampleFile } from './app-support/sample-file.ts';
import { SAMPLE_EXPERIMENT } from '../src/lib/ingest/sample-data.ts';
import { aggregateExperimentData } from '../src/lib/ingest/index.ts';
import { planOverTime, readOverTime, type OverTimeArm } from '../src/lib/analysis/over-time.ts';
import { analyzeInThread } from '../src/workers/analysis-core.ts';
import type { AnalysisResponse } from '../src/lib/analysis/types.ts';
import {
  columnSpan,
  formatDay,
  formatRelative,
  formatRelativeInterval,
} from '../src/lib/format/index.ts';

const session = browserSession();
const DAY = 86_400_000;

/** The engine's over-time series for signups, computed in Node from the file (flat prior, 90%). */
async function expectedSignups(text: string, windowStart: number): Promise<OverTimeArm[]> {
  const data = await aggregateExperimentData([new Blob([text])], {
    ...SAMPLE_EXPERIMENT,
    window: { start: windowStart },
  });
  const cells = data.breakdowns?.find((breakdown) => breakdown.by === 'day')?.cells ?? [];
  const plan = planOverTime({
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
          const arm = cell.metrics['signup-rate'].find((a) => a.variation === variation)!;
          return {
            units: arm.units,
            conversions: arm.conversions,
            sum: arm.sum,
            sumSquares: arm.sumSquares,
          };
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

test('over time: one point per day, the engine’s numbers and a lift that fades', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  await startSampleExperiment(page, 'Fading checkout', 'The new checkout lifts signups for good.');

  // Exposures from 02:00 UTC of the next day on, for six days.
  const midnight = Math.ceil(Date.now() / DAY) * DAY;
  const file = sampleFile({ units: 9000, seed: 3, startAfter: midnight, days: 6, fadingLift: 1 });
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'fading.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(file.text),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });

  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 30_000 });
  await page.getByText('Analysis settings').click();
  await page.getByLabel('Prior').selectOption('flat');

  const expected = await expectedSignups(file.text, file.shiftedStart - 3_600_000);
  const days = Array.from({ length: 6 }, (_, day) => formatDay(midnight + day * DAY));
  expect(expected[0].points.map((point) => formatDay(point.start))).toEqual(days);
  const section = page.getByTestId('over-time');
  await section.getByText('Values by day').click();
  const span = columnSpan(
    expected.flatMap((arm) => arm.points.map((point) => point.relative?.credibleInterval)),
  );
  const want: OverTimeRow[] = expected.flatMap((arm) =>
    arm.points.map((point) => ({
      day: formatDay(point.start),
      arm: arm.name,
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
      {
        timeout: 30_000,
      },
    )
    .toEqual(want.map(({ day, relative, interval }) => ({ day, relative, interval })));
  const rows = await overTimeRows(page);
  // One point per day for each of the two treatments.
  expect(rows).toHaveLength(12);
  expect(new Set(rows.map((row) => row.arm)).size).toBe(2);

  // The trend the generator built in: arm 1's cumulative lift falls from the first day to the last,
  // ending near the truth (+50% on average over the six days); arm 2 stays near none.
  const [fading, none] = expected;
  const first = fading.points[0].relative!;
  const last = fading.points[5].relative!;
  expect(first.mean).toBeGreaterThan(last.mean + 0.15);
  expect(last.credibleInterval[0]).toBeLessThan(0.5);
  expect(last.credibleInterval[1]).toBeGreaterThan(0.5);
  const noEffect = none.points[5].relative!.credibleInterval;
  expect(noEffect[0]).toBeLessThan(0);
  expect(noEffect[1]).toBeGreaterThan(0);

  // The chart: dates with the year and UTC on the axis, every day's values on hover.
  const chart = section.locator('[data-chart=over-time]');
  const axis = await chart.locator('.axis text').allTextContents();
  expect(axis).toContain(days[0]);
  const box = (await chart.locator('svg[role=img]').boundingBox())!;
  await page.mouse.move(box.x + 60, box.y + box.height / 2);
  await expect
    .poll(() => chart.locator('.hover-label').textContent())
    .toContain(`Through ${days[0]}`);
  expect(await chart.locator('.hover-label').textContent()).toContain(formatRelative(first.mean));
  // The last point of each line is a Tab stop named by its value.
  const focusable = chart.locator('svg.values circle[tabindex="0"]');
  expect(await focusable.count()).toBe(2);
  expect(await focusable.first().getAttribute('aria-label')).toContain(
    `${formatRelative(last.mean)} versus control, 90% credible interval`,
  );

  // The exposures chart shows the counts behind a share, and the hour with its year and zone.
  const exposures = page.locator('[data-chart=exposures]');
  await exposures.locator('svg[role=img] circle.point').nth(40).hover({ force: true });
  await expect
    .poll(() => exposures.locator('.hover-label').textContent())
    .toMatch(/of [\d,]+ units; \+[\d,]+ this hour.*hour from \d{4}-\d\d-\d\d \d\d:00 UTC/);
  expect(await section.innerText()).not.toMatch(/NaN|Infinity|undefined/);
  expect(errors).toEqual([]);
  await context.close();
});
