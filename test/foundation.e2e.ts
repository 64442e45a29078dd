// The built app loads in real Chromium from a sub-path-independent base, without errors and without
// a single request leaving the machine.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { BUILT_APP_DIR, launchBrowser, newIsolatedPage, serveBuiltApp, type AppServer } from './support/browser.ts';

let browser: Browser;
let server: AppServer;

beforeAll(async () => {
  server = await serveBuiltApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('the built app names itself and makes no request beyond its own origin', async () => {
  const { context, page, errors } = await newIsolatedPage(browser);
  const foreignRequests: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
  });
  await page.goto(server.url);
  await expect.poll(() => page.title()).toContain('Credence');
  await page.waitForLoadState('networkidle');
  expect(await page.locator('h1').first().textContent()).toContain('Credence');
  expect(foreignRequests).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('every asset is referenced relatively, so the app works under any sub-path', async () => {
  const { readFile } = await import('node:fs/promises');
  const html = await readFile(join(BUILT_APP_DIR, 'index.html'), 'utf8');
  const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
  expect(references.length).toBeGreaterThan(0);
  for (const reference of references) expect(reference.startsWith('/')).toBe(false);
});
