// The Slices section in real Chromium. The design names two slicing attributes; an imported file
// whose contexts carry no attribute shows the importer's "no value" slice; then the stored dataset is given attribute
// breakdowns behind the app's back (as the importer will write them: one 'country' slice skewed
// against the designed split, 'other' and 'missing' groups), and after a reload the section shows
// each slice's units, its own SRM check (only the skewed slice alerts) and the engine's raw and
// pooled relative differences (computed here in Node from the same cells).
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { fillSampleDesign } from './app-support/design.ts';
import { breakdownCell, createExperiment, storeBreakdowns } from './app-support/slices.ts';
import { sampleFile } from './app-support/sample-file.ts';
import { browserSession } from './support/session.ts';
import {
  attributeSlices,
  compareAcrossSlices,
  planSlices,
  readSlices,
  sliceSrm,
  type BreakdownInput,
} from '../src/lib/analysis/slices.ts';
import { analyzeInThread } from '../src/workers/analysis-core.ts';
import type { AnalysisResponse } from '../src/lib/analysis/types.ts';
import { columnSpan, formatRelative, formatRelativeInterval } from '../src/lib/format/index.ts';
import { formatPValue } from '../src/ui/results/srm-state.ts';

const session = browserSession();
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's WCAG 2.1 A/AA violations inside the Slices section, as "rule: element" lines. */
async function sectionViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() =>
    (
      window as unknown as {
        axe: { run: (context: object, options: object) => Promise<AxeResults> };
      }
    ).axe.run(
      { include: [['[data-testid=slices]']] },
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      },
    ),
  );
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`),
  );
}

// Variation 1 (arm index 1) lifts signups a lot in US, a little in FR, not at all in DE; DE lost a
// third of that arm's units (a broken assignment in one country): its own SRM check must alert.
const BREAKDOWNS: BreakdownInput[] = [
  {
    by: 'attribute',
    attribute: 'country',
    otherValues: 4,
    cells: [
      breakdownCell('US', [4000, 4000, 4000], [400, 520, 405]),
      breakdownCell('DE', [4000, 2600, 4000], [400, 262, 398]),
      breakdownCell('FR', [2000, 2050, 1980], [200, 215, 199]),
      breakdownCell('', [1000, 1000, 1000], [100, 108, 101], 'other'),
      breakdownCell('', [500, 500, 500], [50, 56, 50], 'missing'),
    ],
  },
  {
    by: 'attribute',
    attribute: 'plan',
    otherValues: 0,
    cells: [
      breakdownCell('free', [7000, 6000, 7000], [700, 760, 700]),
      breakdownCell('paid', [4500, 4150, 4480], [450, 501, 453]),
    ],
  },
];
const LABELS = ['US', 'DE', 'FR', 'Other (4 values merged)', 'No value (attribute missing)'];

/** The engine's slices for signups by country, Variation 2 against control (flat prior, 90%). */
async function expectedCountry() {
  const [country] = attributeSlices(BREAKDOWNS, ['signup-rate', 'revenue-per-user'], [0, 1, 2]);
  const plan = planSlices({
    viewKey: 'expected',
    control: 0,
    armNames: ['Variation 1', 'Variation 2', 'Variation 3'],
    metric: { key: 'signup-rate', kind: 'conversion', aggregation: 'average', direction: 'higher' },
    metricIndex: 0,
    slices: country,
    settings: { credibleMass: 0.9, prior: 'flat', method: 'exact', priorRelativeVariance: {} },
  });
  const responses: AnalysisResponse[] = [];
  for (const request of plan.requests) {
    const result = await analyzeInThread(request);
    if (!result.ok) throw new Error(result.error.message);
    responses.push(result.value);
  }
  return compareAcrossSlices(readSlices(plan, responses), 1, 0.9);
}

type Row = { slice: string; srm: string; state: string; raw: string; pooled: string };

async function sliceRows(page: Page): Promise<Row[]> {
  return page.$$eval('[data-testid=slices-table] tbody tr', (rows) =>
    rows.map((row) => {
      const text = (selector: string) =>
        (row.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      return {
        slice: text('th'),
        srm: text('[data-col=srm]'),
        state: row.getAttribute('data-srm') ?? '',
        raw: text('[data-col=raw]'),
        pooled: text('[data-col=pooled]'),
      };
    }),
  );
}

test('slices: each slice’s units, its own SRM (the skewed slice alerts) and the pooled estimates', async () => {
  // The app's CSP forbids inline scripts; the test lifts it to inject axe, as a11y.e2e.ts does.
  const context = await session.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });
  await createExperiment(page, 'Sliced checkout');
  await page.getByLabel('Slicing attributes').fill('country, plan, device');
  await fillSampleDesign(page);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
  const file = sampleFile({ units: 1500, seed: 5, startAfter: Date.now() });
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'export.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(file.text),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });

  // The importer keeps slices: this file's contexts carry none of the attributes, so every unit is
  // in the "no value" slice.
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  const section = page.getByTestId('slices');
  await section.waitFor({ timeout: 30_000 });
  await expect
    .poll(() => section.innerText(), { timeout: 30_000 })
    .toContain('No value (attribute missing)');

  await storeBreakdowns(page, BREAKDOWNS);
  await page.reload();
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 30_000 });
  await page.getByText('Analysis settings').click();
  await page.getByLabel('Prior').selectOption('flat');

  const expected = await expectedCountry();
  const span = columnSpan(
    expected.slices.flatMap((slice) => [
      slice.raw?.credibleInterval,
      slice.pooled?.credibleInterval,
    ]),
  );
  const shown = (estimate: { mean: number; credibleInterval: [number, number] } | null) =>
    estimate
      ? `${formatRelative(estimate.mean, span)} ${formatRelativeInterval(estimate.credibleInterval, span)}`
      : '';
  const [country] = attributeSlices(BREAKDOWNS, ['signup-rate'], [0, 1, 2]);
  const srm = country.cells.map((cell) => sliceSrm(cell.units, [1, 1, 1]).result!);
  expect(srm.map((result) => result.alert)).toEqual([false, true, false, false, false]);

  await expect
    .poll(() => sliceRows(page), { timeout: 30_000 })
    .toEqual(
      LABELS.map((slice, index) => ({
        slice,
        srm: `${index === 1 ? '⚠ mismatch ' : ''}${formatPValue(srm[index].chiSquarePValue)}`,
        state: index === 1 ? 'alert' : 'ok',
        raw: shown(expected.slices[index].raw),
        pooled: shown(expected.slices[index].pooled),
      })),
    );
  // The pooled estimates are drawn toward each other: US's lift shrinks, DE's rises.
  const [us, de] = expected.slices;
  expect(us.pooled!.mean).toBeLessThan(us.raw!.mean);
  expect(de.pooled!.mean).toBeGreaterThan(de.raw!.mean);
  expect(await page.getByTestId('slice-srm-alert').innerText()).toContain(
    'One slice’s observed split differs from the design',
  );
  const units = await section.locator('tbody tr[data-slice=DE] [data-col=units]').allTextContents();
  expect(units.map((text) => text.trim())).toEqual(['4,000', '2,600', '4,000']);
  expect(await section.getByRole('link', { name: 'Methodology page' }).getAttribute('href')).toBe(
    '#/methodology',
  );

  // The chart: one band per slice, each a Tab stop that reads both estimates.
  const chart = section.locator('[data-chart=slices]');
  const stops = chart.locator('svg.values circle[tabindex="0"]');
  expect(await stops.count()).toBe(5);
  expect(await stops.nth(1).getAttribute('aria-label')).toContain(
    `DE: raw ${formatRelative(de.raw!.mean)}`,
  );

  // Only attributes with a breakdown can be picked; another attribute shows its own slices.
  const picker = section.getByRole('combobox', { name: 'Attribute' });
  expect(await picker.locator('option').allTextContents()).toEqual(['country', 'plan']);
  expect(await section.getByTestId('unsliced').innerText()).toBe(
    'No slices for device in this data: name the attribute on the Design tab and read the files again.',
  );
  await picker.selectOption('plan');
  await expect
    .poll(async () => (await sliceRows(page)).map((row) => row.slice), { timeout: 30_000 })
    .toEqual(['free', 'paid']);
  // With two treatments, either can be compared with control.
  const armPicker = section.getByRole('combobox', { name: 'Compared arm' });
  const arms = await armPicker.locator('option').allTextContents();
  expect(arms).toHaveLength(2);
  await armPicker.selectOption({ label: arms[1] });
  await expect
    .poll(() => section.locator('thead').innerText())
    .toContain(`${arms[1]} vs control, slice alone`);
  expect(await section.innerText()).not.toMatch(/NaN|Infinity|undefined/);
  expect(await sectionViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
