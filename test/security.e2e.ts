// Every string a snapshot carries (experiment, hypothesis, arm and metric names) renders as text on
// the app's snapshot page and on the embed card; the CSP forbids network connections and inline
// scripts on every built page.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { testSnapshot } from '../src/lib/share/test-snapshot.ts';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { BUILT_APP_DIR, snapshotToken } from './support/share.ts';

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<script>window.__pwned=2;alert(2)</script>',
  '"><svg onload="window.__pwned=3;alert(3)">',
  '{{7*7}} ${7*7} #{7*7}',
  'javascript:alert(4)',
];

function hostileSnapshot() {
  const snapshot = testSnapshot();
  snapshot.design.name = PAYLOADS[0];
  snapshot.design.hypothesis = PAYLOADS.join(' ');
  snapshot.design.arms[0].name = PAYLOADS[1];
  snapshot.design.arms[1].name = PAYLOADS[2];
  snapshot.design.metrics[0].name = PAYLOADS[3];
  snapshot.design.metrics[1].name = PAYLOADS[4];
  snapshot.design.metrics[0].key = PAYLOADS[0];
  snapshot.statistics[0].metric = PAYLOADS[0];
  return snapshot;
}

const session = browserSession();
let token: string;

beforeAll(async () => {
  token = await snapshotToken(hostileSnapshot());
});

async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  const text = (await page.locator('body').textContent()) ?? '';
  for (const payload of [PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], '{{7*7}}'])
    expect(text).toContain(payload);
  expect(dialogs).toEqual([]);
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
  expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
}

test.each([
  ['the app’s snapshot page', (t: string) => `#/snapshot/${t}`, 'main'],
  ['the embed card', (t: string) => `embed.html#${t}`, '#embed'],
])('injection payloads render as text on %s', async (_, path, root) => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(session.server.url + path(token));
  await expect.poll(() => page.locator(root).textContent(), { timeout: 30_000 }).toContain('%');
  await expectInert(page, dialogs);
  expect(errors).toEqual([]);
  await context.close();
});

test.each(['index.html', 'embed.html'])(
  '%s carries a CSP that blocks network connections and inline scripts',
  async (file) => {
    const html = await readFile(join(BUILT_APP_DIR, file), 'utf8');
    const policy =
      /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(/script-src[^;]*'unsafe-inline'/.test(policy)).toBe(false);

    const { context, page } = await newIsolatedPage(session.browser);
    await page.route('http://elsewhere.test/**', (route) => route.fulfill({ body: 'reached' }));
    await page.goto(session.server.url + file);
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(event.effectiveDirective),
      );
      const fetched = await fetch('http://elsewhere.test/leak').then(
        () => 'reached',
        () => 'blocked',
      );
      document.body.insertAdjacentHTML(
        'beforeend',
        '<img src="data:," onerror="window.__inline=1" onload="window.__inline=1">',
      );
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 2';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { fetched, inline: (window as unknown as { __inline?: number }).__inline, violations };
    });
    expect(outcome.fetched).toBe('blocked');
    expect(outcome.inline).toBeUndefined();
    expect(outcome.violations).toContain('connect-src');
    expect(outcome.violations).toContain('script-src-elem');
    await context.close();
  },
);

test('no Svelte component renders raw HTML ({@html})', async () => {
  async function svelteFiles(directory: string): Promise<string[]> {
    const entries = await readdir(directory, { withFileTypes: true });
    const nested = await Promise.all(
      entries.map((entry) =>
        entry.isDirectory()
          ? svelteFiles(join(directory, entry.name))
          : entry.name.endsWith('.svelte')
            ? [join(directory, entry.name)]
            : [],
      ),
    );
    return nested.flat();
  }
  const files = await svelteFiles('src');
  expect(files.length).toBeGreaterThan(5);
  const offenders: string[] = [];
  for (const file of files)
    if ((await readFile(file, 'utf8')).includes('{@html')) offenders.push(file);
  expect(offenders).toEqual([]);
});
