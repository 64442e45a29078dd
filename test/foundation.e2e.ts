// The built app loads in real Chromium from a sub-path-independent base, without errors and without
// a single request leaving the machine.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { BUILT_APP_DIR, newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';

const session = browserSession();

test('the built app names itself and makes no request beyond its own origin', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  const foreignRequests: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(session.server.url) && !url.startsWith('data:') && !url.startsWith('blob:'))
      foreignRequests.push(url);
  });
  await page.goto(session.server.url);
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
