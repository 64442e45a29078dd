// Snapshot links open on a machine that has never seen the experiment (a fresh browser profile), and
// a damaged link shows a clear error instead of a broken page.
import { beforeAll, expect, test } from 'vitest';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { snapshotToken, tamper } from './support/share.ts';

const session = browserSession();
let token: string;

beforeAll(async () => {
  token = await snapshotToken();
});

test('a snapshot link opens in a fresh profile and shows live-computed results', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(`${session.server.url}#/snapshot/${token}`);
  await expect
    .poll(() => page.getByTestId('snapshot-title').textContent())
    .toBe('Checkout button colour');
  // Posterior mean of the treatment in the worked example of docs/statistics.md: 10.499158, 90% HDI [10.228908, 10.769407].
  // One precision per column: the mean carries its interval's three decimals (#14).
  await expect
    .poll(() => page.locator('main').textContent(), { timeout: 30_000 })
    .toMatch(/10\.499/);
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).toContain('10.229');
  expect(text).toContain('+4.99%');
  expect(errors).toEqual([]);
  await context.close();
});

test('a tampered snapshot link shows a clear error and the app still works', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(`${session.server.url}#/snapshot/${tamper(token)}`);
  const alert = page.getByTestId('snapshot-error');
  await expect.poll(() => alert.textContent()).toMatch(/damaged|cannot|not valid|version/i);
  expect(await page.locator('header').count()).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('the embed card computes the same results from the same snapshot', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(`${session.server.url}embed.html#${token}`);
  await expect
    .poll(() => page.getByTestId('embed-title').textContent())
    .toBe('Checkout button colour');
  const table = page.getByTestId('embed-table').first();
  await expect.poll(() => table.textContent(), { timeout: 30_000 }).toContain('+4.99%');
  const text = (await table.textContent()) ?? '';
  expect(text).toContain('10.499');
  expect(text).toContain('10.229 to 10.769');
  expect(text).toContain('Green');
  const open = await page.getByTestId('embed-open').getAttribute('href');
  expect(open).toBe(`${session.server.url}#/snapshot/${token}`);
  expect(errors).toEqual([]);
  await context.close();
});

test.each([
  ['truncated', (t: string) => t.slice(0, Math.floor(t.length / 2))],
  ['altered', tamper],
  ['another version', (t: string) => `v9.${t.slice(3)}`],
  ['not a snapshot', () => 'hello%20world'],
])('a %s embed fragment shows a clear error', async (_, damage) => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(`${session.server.url}embed.html#${damage(token)}`);
  await expect.poll(() => page.getByTestId('embed-error').textContent()).toMatch(/cannot be shown/);
  expect(errors).toEqual([]);
  await context.close();
});
