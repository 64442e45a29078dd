// Issue 16, item 1: the scorecard at the top of the Results tab, on a snapshot link with three arms and
// three metrics (a primary, a secondary and a guardrail): every metric × treatment arm in its group,
// the same numbers as the detailed table, coloured and labelled by the decision, a row (click or
// Enter) opening that metric below, and no axe violations in either theme.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { browserSession } from './support/session.ts';
import { snapshotToken } from './support/share.ts';
import type { Snapshot } from '../src/lib/share/snapshot-types.ts';
import { embedSnapshotUrl } from '../src/lib/share/snapshot-links.ts';

const session = browserSession();
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Σy² of n values with this mean and standard deviation: (n − 1)·sd² + n·mean². */
const sumSquares = (n: number, mean: number, sd: number) => (n - 1) * sd * sd + n * mean * mean;

// Large arms so the guardrail can be shown to hold: Bold lifts signups 10% → 10.5% and lowers errors
// 5% → 4.5% (lower is better: within the 1% margin); Faster raises errors to 5.5% (+10%: harmed).
// The rule ships Bold: ~100% likely best on signups, its guardrail holds, the split is as designed.
function threeMetricSnapshot(): Snapshot {
  const units = [1_200_000, 900_000, 900_000];
  return {
    formatVersion: 1,
    design: {
      name: 'Signup page',
      hypothesis: 'A bold signup button raises signups without more errors.',
      arms: [
        { name: 'Control', split: 40 },
        { name: 'Faster', split: 30 },
        { name: 'Bold', split: 30 },
      ],
      control: 0,
      metrics: [
        {
          key: 'revenue',
          name: 'Revenue per user',
          kind: 'numeric',
          direction: 'higher',
          aggregation: 'sum',
          primary: false,
        },
        {
          key: 'errors',
          name: 'Error rate',
          kind: 'conversion',
          direction: 'lower',
          aggregation: 'average',
          primary: false,
          guardrailMargin: 0.01,
        },
        {
          key: 'signup',
          name: 'Signup rate',
          kind: 'conversion',
          direction: 'higher',
          aggregation: 'average',
          primary: true,
        },
      ],
    },
    iteration: { startedAt: Date.UTC(2026, 0, 5), endedAt: Date.UTC(2026, 0, 19) },
    settings: { credibleMass: 0.9, prior: 'informative', method: 'exact' },
    statistics: [
      {
        metric: 'revenue',
        arms: [
          { units: units[0], sum: units[0] * 10, sumSquares: sumSquares(units[0], 10, 5) },
          { units: units[1], sum: units[1] * 10.1, sumSquares: sumSquares(units[1], 10.1, 5) },
          { units: units[2], sum: units[2] * 9.95, sumSquares: sumSquares(units[2], 9.95, 5) },
        ],
      },
      {
        metric: 'errors',
        arms: [
          { units: units[0], conversions: 60_000 },
          { units: units[1], conversions: 49_500 },
          { units: units[2], conversions: 40_500 },
        ],
      },
      {
        metric: 'signup',
        arms: [
          { units: units[0], conversions: 120_000 },
          { units: units[1], conversions: 90_450 },
          { units: units[2], conversions: 94_500 },
        ],
      },
    ],
    srmLooks: [{ at: Date.UTC(2026, 0, 19), units }],
  };
}

async function rowKeys(body: Locator): Promise<string[]> {
  return body
    .locator('tr[data-metric]')
    .evaluateAll((rows) =>
      rows.map((row) => `${row.getAttribute('data-metric')}/${row.getAttribute('data-arm')}`),
    );
}

async function cell(row: Locator, column: string): Promise<string> {
  return ((await row.locator(`[data-col=${column}]`).innerText()) ?? '').trim();
}

/** The first line of a detailed-table cell (the value without its interval). */
async function firstLine(row: Locator, column: string): Promise<string> {
  return (await cell(row, column)).split('\n')[0].trim();
}

async function axeViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(
    (target) =>
      (
        window as unknown as {
          axe: { run: (context: string, options: object) => Promise<AxeResults> };
        }
      ).axe.run(target, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      }),
    selector,
  );
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

test('the scorecard shows every metric × arm in its group, matches the detailed table, and a row opens its metric', async () => {
  // The app's CSP forbids inline scripts; the test lifts it to inject axe (security.e2e.ts checks the CSP).
  const context = await session.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${session.server.url}#/snapshot/${await snapshotToken(threeMetricSnapshot())}`);
  const scorecard = page.getByTestId('scorecard');
  await scorecard.waitFor({ timeout: 60_000 });
  await page.getByTestId('metric-table').waitFor({ timeout: 60_000 });

  // Groups in the order Primary, Secondary, Guardrails, whatever the design's order.
  expect(await scorecard.locator('tbody').evaluateAll((b) => b.map((x) => x.dataset.role))).toEqual(
    ['primary', 'secondary', 'guardrail'],
  );
  expect(await rowKeys(scorecard.locator('tbody[data-role=primary]'))).toEqual([
    'signup/Faster',
    'signup/Bold',
  ]);
  expect(await rowKeys(scorecard.locator('tbody[data-role=secondary]'))).toEqual([
    'revenue/Faster',
    'revenue/Bold',
  ]);
  expect(await rowKeys(scorecard.locator('tbody[data-role=guardrail]'))).toEqual([
    'errors/Faster',
    'errors/Bold',
  ]);

  // Coloured by the decision, and said in words.
  await expect
    .poll(() => page.getByTestId('decision-line').getAttribute('data-verdict'), {
      timeout: 30_000,
    })
    .toBe('ship');
  const row = (metric: string, arm: string) =>
    scorecard.locator(`tr[data-metric="${metric}"][data-arm="${arm}"]`);
  const tones = async (metric: string, arm: string) => [
    await row(metric, arm).getAttribute('data-tone'),
    await cell(row(metric, arm), 'decision'),
  ];
  expect(await tones('signup', 'Bold')).toEqual(['positive', 'Ships']);
  expect(await tones('signup', 'Faster')).toEqual(['neutral', '']);
  expect(await tones('errors', 'Faster')).toEqual(['negative', 'Guardrail harmed']);
  expect(await tones('errors', 'Bold')).toEqual(['neutral', 'Within margin']);
  expect(await tones('revenue', 'Bold')).toEqual(['neutral', '']);
  // Hand-computed: Bold's signup rate 94,500 / 900,000 = 10.5%, the control's 10%, +5% relative
  // (the prior moves them by far less than the tolerance at this size).
  const percent = async (metric: string, arm: string, column: string) =>
    Number((await cell(row(metric, arm), column)).split(' ')[0].replace(/[%+]/g, ''));
  expect(await percent('signup', 'Bold', 'mean')).toBeCloseTo(10.5, 2);
  expect(await percent('signup', 'Bold', 'control')).toBeCloseTo(10, 2);
  expect(await percent('signup', 'Bold', 'relative')).toBeCloseTo(5, 1);

  // One shared zero line: every row's bar draws it at the same x.
  const zeros = await scorecard
    .locator('tbody line.zero')
    .evaluateAll((lines) => lines.map((line) => line.getAttribute('x1')));
  expect(zeros).toHaveLength(6);
  expect(new Set(zeros).size).toBe(1);

  // Clicking a row opens its metric below, and the scorecard's numbers are the detailed table's.
  const heading = page.locator('#metric-heading');
  const table = page.getByTestId('metric-table');
  for (const [metric, name] of [
    ['revenue', 'Revenue per user'],
    ['errors', 'Error rate'],
    ['signup', 'Signup rate'],
  ]) {
    await row(metric, 'Bold').locator('td[data-col=loss]').click();
    await expect.poll(() => heading.innerText()).toContain(name);
    expect(await page.locator('#metric-select').inputValue()).toBe(metric);
    for (const arm of ['Faster', 'Bold']) {
      const scored = row(metric, arm);
      const detailed = table.locator(`tr[data-arm="${arm}"]`);
      expect(await cell(scored, 'mean')).toBe(await firstLine(detailed, 'mean'));
      expect(await cell(scored, 'beat')).toBe(await firstLine(detailed, 'beat'));
      expect(await cell(scored, 'best')).toBe(await firstLine(detailed, 'best'));
      expect(await cell(scored, 'loss')).toBe(await firstLine(detailed, 'loss'));
      const relative = (await cell(detailed, 'relative')).replace(/\s+/g, ' ');
      expect((await cell(scored, 'relative')).replace(/\s+/g, ' ')).toBe(relative);
    }
    expect(await cell(row(metric, 'Faster'), 'control')).toBe(
      await firstLine(table.locator('tr[data-arm="Control"]'), 'mean'),
    );
  }

  // Enter on a row's button does the same from the keyboard.
  await row('revenue', 'Faster').getByRole('button', { name: 'Revenue per user' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => heading.innerText()).toContain('Revenue per user');
  expect(
    await row('revenue', 'Faster')
      .getByRole('button', { name: 'Revenue per user' })
      .getAttribute('aria-current'),
  ).toBe('true');

  expect(await scorecard.innerText()).not.toMatch(/NaN|Infinity|undefined/);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    expect(await axeViolations(page, '[data-testid=scorecard]'), theme).toEqual([]);
  }
  expect(errors).toEqual([]);
  await context.close();
});

test('the embed card carries a compact scorecard: the primary metric and the guardrails, by the decision', async () => {
  const context = await session.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(embedSnapshotUrl(session.server.url, await snapshotToken(threeMetricSnapshot())));
  const card = page.getByTestId('embed-scorecard');
  await card.waitFor({ timeout: 60_000 });
  expect(await card.locator('tbody').evaluateAll((b) => b.map((x) => x.dataset.role))).toEqual([
    'primary',
    'guardrail',
  ]);
  const rows = await card
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.querySelector('th')?.textContent?.trim(),
        tr.dataset.arm,
        tr.dataset.tone,
        tr.lastElementChild?.textContent?.trim(),
      ]),
    );
  expect(rows).toEqual([
    ['Signup rate (primary)', 'Faster', 'neutral', '—'],
    ['Signup rate (primary)', 'Bold', 'positive', 'Ships'],
    ['Error rate (guardrail)', 'Faster', 'negative', 'Guardrail harmed'],
    ['Error rate (guardrail)', 'Bold', 'neutral', 'Within margin'],
  ]);
  expect(await page.getByTestId('embed-decision').textContent()).toMatch(/Ship Bold/);
  expect(await card.innerText()).not.toMatch(/NaN|Infinity|undefined/);
  expect(await axeViolations(page, '[data-testid=embed-scorecard]')).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
