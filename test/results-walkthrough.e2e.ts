// Issue 16's walk through the Results tab in real Chromium: a design with two slicing attributes
// (country, plan) and a guardrail (revenue per user), then a generated Data Export file whose signup
// lift differs by country (US +150%, FR +50%, DE none, at the start) and fades over four UTC days,
// with one slice skewed (half of arm 2's FR units dropped). The scorecard, the Slices section (only
// FR's own SRM check alerts), the Over time section (one point per day, the lift falling) and the
// decision line (keep running: the sample ratio) must show what the generator built in. Expected
// counts come from the generated records, read here in Node.
//
// Serves dist/ (built by `npm test`), or the build directory in CREDENCE_DIST.
import { expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { fillSampleDesign } from './app-support/design.ts';
import { sampleFile } from './app-support/sample-file.ts';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { SAMPLE_EXPERIMENT, type SampleOptions } from '../src/lib/ingest/sample-data.ts';
import { sliceSrm } from '../src/lib/analysis/slices.ts';
import { formatCount, formatDay } from '../src/lib/format/index.ts';
import { srmState } from '../src/ui/results/srm-state.ts';

const session = browserSession();
const DAY = 86_400_000;
const DAYS = 4;

const SLICES: SampleOptions['sliceAttributes'] = [
  {
    name: 'country',
    values: ['US', 'FR', 'DE'],
    weights: [5, 3, 2],
    liftByValue: { US: 1.5, FR: 0.5, DE: 0 },
  },
  { name: 'plan', values: ['free', 'pro'], weights: [3, 1] },
];
const SKEW = { attribute: 'country', value: 'FR', arm: 2, keepShare: 0.5 };

type Json = Record<string, unknown>;
type Unit = { arms: Set<number>; first: number; country?: string; plan?: string };

/** Each unit's arms, first exposure and attribute values at it, read from the file's records. */
function unitsOf(text: string): Map<string, Unit> {
  const units = new Map<string, Unit>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as Json;
    const event = ((record.event as Json | undefined) ?? record) as Json;
    if (event.kind !== 'feature' || event.key !== SAMPLE_EXPERIMENT.flagKey) continue;
    const key = ((event.contextKeys as Json | undefined)?.user ?? event.userKey) as string;
    const context = event.context as Json | undefined;
    const attributes = (context?.kind === 'multi' ? context.user : context) as Json | undefined;
    const time = event.creationDate as number;
    const unit = units.get(key) ?? { arms: new Set<number>(), first: Infinity };
    unit.arms.add(event.variation as number);
    if (time < unit.first) {
      unit.first = time;
      unit.country = attributes?.country as string | undefined;
      unit.plan = attributes?.plan as string | undefined;
    }
    units.set(key, unit);
  }
  // Units seen in several arms are not analysed.
  for (const [key, unit] of units) if (unit.arms.size !== 1) units.delete(key);
  return units;
}

/** Units per arm for each value of an attribute ('missing' for units without one). */
function countBy(units: Map<string, Unit>, attribute: 'country' | 'plan'): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const unit of units.values()) {
    const value = unit[attribute] ?? 'missing';
    const row = counts.get(value) ?? [0, 0, 0];
    row[[...unit.arms][0]]++;
    counts.set(value, row);
  }
  return counts;
}

type SliceRow = { slice: string; units: string[]; state: string; raw: string };

async function sliceRows(section: Locator): Promise<SliceRow[]> {
  return section.locator('[data-testid=slices-table] tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      slice: row.getAttribute('data-slice') ?? '',
      units: [...row.querySelectorAll('[data-col=units]')].map((c) => c.textContent!.trim()),
      state: row.getAttribute('data-srm') ?? '',
      raw: (row.querySelector('[data-col=raw]')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    })),
  );
}

/** The leading signed percentage of a cell ("+12.3% [..]" → 12.3). */
const percentOf = (text: string) => Number(/^[+−-]?[\d.]+/.exec(text.replace('−', '-'))![0]);

function expectedRows(counts: Map<string, number[]>) {
  return [...counts]
    .map(([slice, units]) => ({
      slice,
      units: units.map((n) => formatCount(n)),
      state: srmState(sliceSrm(units, [1, 1, 1]).result!, 1),
    }))
    .sort((a, b) => a.slice.localeCompare(b.slice));
}

/** Metrics with a guardrail margin in the stored experiments (IndexedDB, as the app saved them). */
async function storedGuardrails(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('credence');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const experiments = await new Promise<{ metrics?: { guardrailMargin?: number }[] }[]>(
      (resolve) => {
        const request = db.transaction('experiments').objectStore('experiments').getAll();
        request.onsuccess = () => resolve(request.result as never);
      },
    );
    db.close();
    return experiments
      .flatMap((experiment) => experiment.metrics ?? [])
      .filter((metric) => metric.guardrailMargin !== undefined).length;
  });
}

async function createExperiment(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('button', { name: 'Create experiment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
}

test('results walkthrough: scorecard, slices with one skewed slice, a fading lift over time, and the decision', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(session.server.url);
  await page.getByTestId('demo-notice').waitFor({ timeout: 60_000 });

  // Design: the sample's flag and metrics, revenue as a guardrail, two slicing attributes.
  await createExperiment(page, 'Walkthrough checkout');
  await page.getByLabel('Slicing attributes').fill('country, plan');
  await fillSampleDesign(page);
  await page.getByRole('group', { name: 'Metric 2' }).getByLabel('Role').selectOption('guardrail');
  await page.getByRole('button', { name: /^Save/ }).click();
  // The status already says "Design saved." from the first save: wait for the stored guardrail.
  await expect.poll(() => storedGuardrails(page), { timeout: 30_000 }).toBe(1);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor({ timeout: 30_000 });

  // The file: exposures from 02:00 UTC of the next day on, for four days.
  const midnight = Math.ceil(Date.now() / DAY) * DAY;
  const file = sampleFile({
    units: 20_000,
    seed: 17,
    startAfter: midnight,
    days: DAYS,
    fadingLift: 1,
    sliceAttributes: SLICES,
    skewSlice: SKEW,
  });
  const units = unitsOf(file.text);
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByTestId('file-input').setInputFiles({
    name: 'walkthrough.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(file.text),
  });
  await page.getByTestId('import-done').waitFor({ timeout: 120_000 });
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.getByTestId('metric-table').waitFor({ timeout: 60_000 });

  // Scorecard: every metric × treatment arm, signups as primary, revenue as the guardrail.
  const scorecard = page.getByTestId('scorecard');
  await scorecard.waitFor({ timeout: 60_000 });
  expect(await scorecard.locator('tbody').evaluateAll((b) => b.map((x) => x.dataset.role))).toEqual(
    ['primary', 'guardrail'],
  );
  const keys = (role: string) =>
    scorecard
      .locator(`tbody[data-role=${role}] tr[data-metric]`)
      .evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute('data-metric'), row.getAttribute('data-arm')]),
      );
  const primary = await keys('primary');
  const guardrail = await keys('guardrail');
  expect(primary.map(([metric]) => metric)).toEqual(['signup-rate', 'signup-rate']);
  expect(guardrail.map(([metric]) => metric)).toEqual(['revenue-per-user', 'revenue-per-user']);
  const treatments = primary.map(([, arm]) => arm!);
  expect(new Set(treatments).size).toBe(2);
  expect(guardrail.map(([, arm]) => arm)).toEqual(treatments);
  expect(await scorecard.innerText()).not.toMatch(/NaN|Infinity|undefined/);

  // Slices by country: units per arm as generated; only FR's split (arm 2 halved) alerts, the
  // others pass (this seed was chosen so that no other slice is merely watched by chance).
  const byCountry = countBy(units, 'country');
  const countryRows = expectedRows(byCountry);
  expect(countryRows.map((row) => [row.slice, row.state])).toEqual([
    ['DE', 'ok'],
    ['FR', 'alert'],
    ['missing', 'ok'],
    ['US', 'ok'],
  ]);
  const fr = byCountry.get('FR')!;
  expect(fr[2] / fr[0]).toBeGreaterThan(0.4);
  expect(fr[2] / fr[0]).toBeLessThan(0.6);
  const slices = page.getByTestId('slices');
  await slices.waitFor({ timeout: 60_000 });
  const shownRows = async () =>
    (await sliceRows(slices))
      .map(({ slice, units, state }) => ({ slice, units, state }))
      .sort((a, b) => a.slice.localeCompare(b.slice));
  await expect.poll(shownRows, { timeout: 60_000 }).toEqual(countryRows);
  expect(await page.getByTestId('slice-srm-alert').innerText()).toContain(
    'One slice’s observed split differs from the design',
  );
  // The lift the generator gave each country shows in the raw estimates: US above FR above DE.
  const raw = new Map((await sliceRows(slices)).map((row) => [row.slice, percentOf(row.raw)]));
  expect(raw.get('US')!).toBeGreaterThan(raw.get('FR')!);
  expect(raw.get('FR')!).toBeGreaterThan(raw.get('DE')!);
  expect(raw.get('US')!).toBeGreaterThan(40);
  expect(Math.abs(raw.get('DE')!)).toBeLessThan(25);

  // Slices by plan: the units per plan as generated, each slice's SRM as its counts imply (FR's
  // skew runs through both plans, so their splits are off too).
  await slices.getByRole('combobox', { name: 'Attribute' }).selectOption('plan');
  await expect.poll(shownRows, { timeout: 60_000 }).toEqual(expectedRows(countBy(units, 'plan')));
  expect(await slices.innerText()).not.toMatch(/NaN|Infinity|undefined/);

  // Over time: one point per day for each treatment, the cumulative units as generated, and arm 1's
  // lift falling from the first day to the last.
  const section = page.getByTestId('over-time');
  await section.waitFor({ timeout: 60_000 });
  await section.getByText('Values by day').click();
  const days = Array.from({ length: DAYS }, (_, day) => midnight + day * DAY);
  const cumulative = (arm: number, through: number) =>
    [...units.values()].filter((u) => u.arms.has(arm) && u.first < through + DAY).length;
  const table = section.getByTestId('over-time-table');
  const rowsOf = () =>
    table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim());
        return {
          day: cells[0],
          arm: cells[1],
          units: cells[2].replace(/\s+/g, ' '),
          relative: cells[3],
        };
      }),
    );
  await expect.poll(async () => (await rowsOf()).length, { timeout: 60_000 }).toBe(2 * DAYS);
  const rows = await rowsOf();
  for (const [index, arm] of treatments.entries()) {
    const series = rows.filter((row) => row.arm === arm);
    expect(series.map((row) => row.day)).toEqual(days.map((day) => formatDay(day)));
    expect(series.map((row) => row.units)).toEqual(
      days.map(
        (day) => `${formatCount(cumulative(index + 1, day))} / ${formatCount(cumulative(0, day))}`,
      ),
    );
  }
  const fading = rows
    .filter((row) => row.arm === treatments[0])
    .map((row) => percentOf(row.relative));
  expect(fading[0]).toBeGreaterThan(fading[DAYS - 1] + 10);
  expect(await section.innerText()).not.toMatch(/NaN|Infinity|undefined/);

  // The decision: keep running, because the overall split does not match the design.
  const decision = page.getByTestId('decision-line');
  await expect
    .poll(() => decision.getAttribute('data-verdict'), { timeout: 60_000 })
    .toBe('keep-running');
  expect(await decision.innerText()).toContain('the sample ratio does not match the design');
  expect(errors).toEqual([]);
  await context.close();
});
