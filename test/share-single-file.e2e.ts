// dist/credence.html: the whole app in one file, opened straight from disk, computing results with
// its inlined workers, under a CSP that allows its one inline script by hash.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newIsolatedPage } from './support/browser.ts';
import { BUILT_APP_DIR, snapshotToken } from './support/share.ts';

const singleFile = resolve(BUILT_APP_DIR, 'credence.html');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

test('the single file needs nothing beside it', async () => {
  const html = await readFile(singleFile, 'utf8');
  const references = [...html.matchAll(/<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map(
    (match) => match[1],
  );
  expect(references.every((reference) => reference.startsWith('data:'))).toBe(true);
  expect(html).not.toMatch(/new URL\(["'`][^"'`]+\.js["'`]/);
  const policy =
    /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  expect(policy).not.toContain("'unsafe-inline' ;");
  expect(/script-src[^;]*'unsafe-inline'/.test(policy)).toBe(false);
  expect(policy).toContain("connect-src 'self'");
});

test('opened from file://, it shows a snapshot with results computed by its workers', async () => {
  const { context, page, errors } = await newIsolatedPage(browser);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${pathToFileURL(singleFile).href}#/snapshot/${await snapshotToken()}`);
  await expect
    .poll(() => page.locator('main').textContent(), { timeout: 60_000 })
    .toContain('+4.99%');
  expect(await page.locator('main').textContent()).toContain('10.229');
  expect(
    requests.filter(
      (url) => !url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:'),
    ),
  ).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('opened from file://, it imports event-level CSV with its inlined CSV parser worker', async () => {
  const { context, page, errors } = await newIsolatedPage(browser);
  await page.goto(pathToFileURL(singleFile).href);
  await page
    .getByRole('link', { name: "Open the demo experiment's results" })
    .click({ timeout: 60_000 });
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  const rows = ['event_id,flag_key,context_key,variation,event_key,metric_value,timestamp'];
  for (let unit = 0; unit < 2000; unit++) {
    rows.push(`,new-checkout,user-${unit},${unit % 3},,,${1772455207424 + unit}`);
    if (unit % 4 === 0) rows.push(`,,user-${unit},,purchase,10,${1772455207424 + unit + 5}`);
  }
  const started: string[] = [];
  page.on('worker', (worker) => started.push(worker.url()));
  await page.getByTestId('file-input').setInputFiles({
    name: 'events.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(rows.join('\n') + '\n'),
  });
  await page.getByRole('button', { name: 'Import with these columns' }).click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-done').textContent()).toContain('2,000 units');
  // The parser worker starts with the first event-level CSV import, from a blob: URL.
  expect(started.filter((url) => url.startsWith('blob:')).length).toBeGreaterThanOrEqual(1);
  expect(errors).toEqual([]);
  await context.close();
});
