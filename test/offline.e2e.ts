// After one visit the app and the embed card work with no network (the service worker precached
// them), and a new version shows the "new version available" prompt.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { newIsolatedPage, serveBuiltApp } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { BUILT_APP_DIR, snapshotToken } from './support/share.ts';

let copy: string;
let token: string;

// Registered first so it runs last, once the server of the copy has stopped.
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

const session = browserSession(async () => {
  // A private copy of the build: the update test changes its service worker.
  copy = await mkdtemp(join(tmpdir(), 'credence-offline-'));
  await cp(BUILT_APP_DIR, copy, { recursive: true });
  return serveBuiltApp(copy);
});

beforeAll(async () => {
  token = await snapshotToken();
});

async function waitForControl(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  }
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
}

test('the service worker precaches every built file under a content-hash version', async () => {
  const sw = await readFile(join(copy, 'sw.js'), 'utf8');
  const precache = JSON.parse(/self\.CREDENCE_PRECACHE = (\{.*\});/.exec(sw)?.[1] ?? 'null') as {
    version: string;
    assets: string[];
  };
  expect(precache.version).toMatch(/^[0-9a-f]{16}$/);
  expect(precache.assets).toContain('index.html');
  expect(precache.assets).toContain('embed.html');
  expect(
    precache.assets.some((asset) => asset.startsWith('assets/') && asset.endsWith('.js')),
  ).toBe(true);
  expect(precache.assets.some((asset) => asset.endsWith('.map') || asset === 'sw.js')).toBe(false);
});

test('offline after the first visit: the app and the embed card still load and compute', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await page.goto(`${session.server.url}embed.html#${token}`);
  await waitForControl(page);
  await page.goto(session.server.url);
  await expect.poll(() => page.locator('h1').first().textContent()).toBeTruthy();

  await context.setOffline(true);
  await page.goto(`${session.server.url}embed.html#${token}`);
  await expect
    .poll(() => page.getByTestId('embed-table').first().textContent(), { timeout: 30_000 })
    .toContain('+4.99%');
  await page.goto(session.server.url);
  await page.reload();
  await expect.poll(() => page.locator('header').first().textContent()).toContain('Credence');
  await page.goto(`${session.server.url}#/snapshot/${token}`);
  await expect
    .poll(() => page.locator('main').textContent(), { timeout: 30_000 })
    .toContain('+4.99%');
  expect(errors.filter((error) => !/offline use is unavailable/.test(error))).toEqual([]);
  await context.close();
});

test('a new version shows "A new version is available — Reload", and Reload switches to it', async () => {
  const { context, page } = await newIsolatedPage(session.browser);
  await page.goto(session.server.url);
  await waitForControl(page);
  const before = await page.evaluate(() => caches.keys());

  const swPath = join(copy, 'sw.js');
  const original = await readFile(swPath, 'utf8');
  await writeFile(swPath, original.replace(/"version":"([0-9a-f]+)"/, '"version":"$1-next"'));
  try {
    await page.reload();
    await page.evaluate(() =>
      navigator.serviceWorker.getRegistration().then((registration) => registration?.update()),
    );
    const prompt = page.getByTestId('update-prompt');
    await expect.poll(() => prompt.textContent(), { timeout: 30_000 }).toContain('new version');
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await expect
      .poll(() => page.evaluate(() => caches.keys()), { timeout: 30_000 })
      .toEqual([`${before[0]}-next`]);
    await expect.poll(() => prompt.count()).toBe(0);
  } finally {
    await writeFile(swPath, original);
  }
  await context.close();
});
