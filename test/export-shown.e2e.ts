// Exports describe the results on screen: the CSV carries the settings just chosen, and downloading it
// asks the analysis workers nothing (the response already shown is reused, not computed again).
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { snapshotToken } from './support/share.ts';
import { openDemoResults } from './app-support/demo.ts';

const session = browserSession();

/** Counts messages the page posts to any worker (set up before the page's own scripts run). */
const COUNT_WORKER_MESSAGES = `
  window.__workerMessages = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...args) {
    window.__workerMessages += 1;
    return post.apply(this, args);
  };
`;

test('a snapshot page exports the analysis it shows, with the settings chosen on the page', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.addInitScript({ content: COUNT_WORKER_MESSAGES });
  await page.goto(`${session.server.url}#/snapshot/${await snapshotToken()}`);
  const main = page.locator('main');
  await expect.poll(() => main.textContent(), { timeout: 30_000 }).toContain('+4.99%');

  await page.getByText('Analysis settings').click();
  await page.getByLabel('Credible mass').selectOption('0.95');
  await expect.poll(() => main.textContent(), { timeout: 30_000 }).toContain('95%');
  await expect
    .poll(() => page.locator('.results').getAttribute('aria-busy'), { timeout: 30_000 })
    .toBe('false');

  const before = await page.evaluate(
    () => (window as unknown as { __workerMessages: number }).__workerMessages,
  );
  const download = page.waitForEvent('download');
  await page.getByTestId('export-buttons').getByRole('button', { name: 'Download CSV' }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  const after = await page.evaluate(
    () => (window as unknown as { __workerMessages: number }).__workerMessages,
  );
  expect(after).toBe(before);

  const [header, ...rows] = csv
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));
  expect(header).toContain('95% interval low');
  const green = rows.find((row) => row[1] === 'Order value' && row[2] === 'Green');
  expect(green).toBeDefined();
  const column = (name: string) => Number(green![header.indexOf(name)]);
  // docs/statistics.md#worked-examples: posterior mean 10.499158, 90% HDI [10.228908, 10.769407], so the posterior sd is
  // 0.2702495 / 1.6448536 = 0.1642984 and the 95% HDI is 10.499158 ± 1.959964 · 0.1642984 = [10.177139, 10.821177].
  expect(column('posterior mean')).toBeCloseTo(10.499158, 5);
  expect(column('95% interval low')).toBeCloseTo(10.177139, 4);
  expect(column('95% interval high')).toBeCloseTo(10.821177, 4);
  expect(errors).toEqual([]);
  await context.close();
});

test('the Results tab exports the analysis it shows without running it again', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.addInitScript({ content: COUNT_WORKER_MESSAGES });
  await openDemoResults(page, session.server.url);
  await expect
    .poll(() => page.locator('.results').getAttribute('aria-busy'), { timeout: 60_000 })
    .toBe('false');
  const messages = () =>
    page.evaluate(() => (window as unknown as { __workerMessages: number }).__workerMessages);
  const before = await messages();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-buttons').getByRole('button', { name: 'Download CSV' }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  expect(await messages()).toBe(before);
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  expect(header).toContain('90% interval low');
  expect(rows.length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await context.close();
});
