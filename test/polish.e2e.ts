// Issue #14's smaller findings, in the built app at a desktop width: the Design tab's metric inputs
// do not overlap, the winner threshold is checked and applied as typed, expected loss of a rate is in
// percentage points.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { openDemoResults } from './app-support/demo.ts';

const session = browserSession();

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

async function demoPage(): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await newIsolatedPage(session.browser);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openDemoResults(page, session.server.url);
  return { page, close: () => context.close() };
}

test('at 1440 px the metric rows’ inputs and selects do not overlap', async () => {
  const { page, close } = await demoPage();
  await page.getByRole('link', { name: 'Design', exact: true }).click();
  const group = page.getByRole('group', { name: 'Metric 1' });
  await group.waitFor();
  const boxes = await group.locator('input:not([type=radio]), select').evaluateAll((nodes) =>
    nodes.map((node) => {
      const r = node.getBoundingClientRect();
      const l = node.closest('label')!.getBoundingClientRect();
      return { box: { x: r.x, y: r.y, width: r.width, height: r.height }, right: l.right };
    }),
  );
  expect(boxes.length).toBeGreaterThan(4);
  for (const [i, a] of boxes.entries()) {
    expect(a.box.x + a.box.width).toBeLessThanOrEqual(a.right + 0.5);
    for (const b of boxes.slice(i + 1)) expect(overlap(a.box, b.box)).toBe(false);
  }
  await close();
});

test('the winner threshold refuses 150, −5 and empty with a message, and applies while typing', async () => {
  const { page, close } = await demoPage();
  await page.getByText('Analysis settings').click();
  const box = page.getByLabel('Winner threshold (% probability to be best)');
  for (const bad of ['150', '-5', '']) {
    await box.fill(bad);
    await page.getByText(/Enter a percentage from 50 to 99\.9/).waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');
  }
  await box.fill('60');
  // Applied without leaving the box: the message goes and the field is valid.
  await expect.poll(() => box.getAttribute('aria-invalid')).toBe('false');
  expect(await page.getByText(/Enter a percentage/).count()).toBe(0);
  await close();
});

test('expected loss of a conversion rate reads in percentage points', async () => {
  const { page, close } = await demoPage();
  const loss = page.locator('[data-testid=metric-table] td[data-col=loss]').first();
  expect(await loss.textContent()).toMatch(/\d pp/);
  await close();
});

test('exported charts are named by experiment, metric and chart, and carry title, metric and legend', async () => {
  const { page, close } = await demoPage();
  const files = new Map<string, string>();
  page.on('download', (download) => {
    void download.path().then(async (path) => {
      const { readFile } = await import('node:fs/promises');
      files.set(download.suggestedFilename(), await readFile(path!, 'utf8'));
    });
  });
  const experiment = (await page.locator('h1').first().textContent())!.trim();
  // The over-time and slice charts are analysed after the rest: wait for them, so the export holds
  // all five charts (the demo's design slices by country and device).
  await page.locator('[data-testid=over-time] svg').first().waitFor({ timeout: 30_000 });
  await page.locator('figure[data-chart=slices] svg').first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Charts as SVG' }).click();
  await expect.poll(() => files.size, { timeout: 20_000 }).toBe(5);
  const names = [...files.keys()].sort();
  expect(names.some((name) => /-slices\.svg$/.test(name))).toBe(true);
  expect(names.some((name) => /-over-time\.svg$/.test(name))).toBe(true);
  expect(names.some((name) => /-exposures\.svg$/.test(name))).toBe(true);
  expect(names.some((name) => /-posterior-density\.svg$/.test(name))).toBe(true);
  expect(names.some((name) => /-relative-difference\.svg$/.test(name))).toBe(true);
  expect(names.every((name) => !/chart-\d/.test(name))).toBe(true);
  const density = [...files.entries()].find(([name]) => name.endsWith('posterior-density.svg'))![1];
  expect(density).toContain('Posterior density of each arm');
  expect(density).toContain(experiment.replace(/&/g, '&amp;'));
  const arms = await page
    .locator('[data-testid=metric-table] tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-arm')));
  for (const arm of arms) expect(density).toContain(`>${arm}</text>`);
  await close();
});
