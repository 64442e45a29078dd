// The card in an iframe on a wiki page of another origin: it reports its height to its parent, the
// documented snippet sizes the frame from it, the theme follows ?theme=, and incoming messages do nothing.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { embedSnapshotUrl, embedSnippet } from '../src/lib/share/snapshot-links.ts';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { snapshotToken } from './support/share.ts';

/** The wiki: another origin on this machine (Chromium's local-network checks forbid a public one framing loopback). */
let wiki: Server;
let wikiUrl: string;
let wikiPage = '';

const session = browserSession();
let token: string;

beforeAll(async () => {
  token = await snapshotToken();
  wiki = createServer((_, response) =>
    response.writeHead(200, { 'content-type': 'text/html' }).end(wikiPage),
  );
  await new Promise<void>((resolve) => wiki.listen(0, '127.0.0.1', resolve));
  const address = wiki.address();
  if (!address || typeof address === 'string') throw new Error('wiki server has no port');
  wikiUrl = `http://127.0.0.1:${address.port}/write-up.html`;
});

afterAll(async () => {
  await new Promise((resolve) => wiki?.close(resolve));
});

type Recorded = { data: { type?: string; height?: number }; fromFrame: boolean };

/** Serves test/pages/embed-host.html as a wiki page with `snippet` pasted into it. */
async function openWikiPage(page: Page, snippet: string): Promise<void> {
  const host = await readFile('test/pages/embed-host.html', 'utf8');
  wikiPage = host.replace('<div id="slot"></div>', `<div id="slot">${snippet}</div>`);
  await page.goto(wikiUrl);
}

test('the card posts its height to the wiki page, and the snippet sizes the iframe', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  const url = embedSnapshotUrl(session.server.url, token);
  await openWikiPage(page, embedSnippet(url, 'Checkout button colour', 150));
  const frame = page.frameLocator('iframe[data-credence-embed]');
  await expect
    .poll(() => frame.getByTestId('embed-table').first().textContent(), { timeout: 30_000 })
    .toContain('+4.99%');

  const messages = () =>
    page.evaluate(() => (window as unknown as { heightMessages: Recorded[] }).heightMessages);
  await expect.poll(async () => (await messages()).length).toBeGreaterThan(0);
  const recorded = await messages();
  for (const message of recorded) {
    expect(message.fromFrame).toBe(true);
    expect(Object.keys(message.data).sort()).toEqual(['height', 'type']);
    expect(message.data.type).toBe('credence:height');
  }
  // The last height is the card's full height, and the snippet's listener applied it to the frame.
  const cardHeight = await frame
    .locator('#embed')
    .evaluate((element) => Math.ceil(element.getBoundingClientRect().height));
  await expect.poll(async () => (await messages()).at(-1)?.data.height).toBe(cardHeight);
  await expect
    .poll(() => page.locator('iframe').evaluate((iframe) => iframe.getBoundingClientRect().height))
    .toBe(cardHeight);
  expect(cardHeight).toBeGreaterThan(150);
  expect(errors).toEqual([]);
  await context.close();
});

test('the card reports a new height when it is resized', async () => {
  const { context, page } = await newIsolatedPage(session.browser);
  await openWikiPage(page, embedSnippet(embedSnapshotUrl(session.server.url, token), 'x'));
  const frame = page.frameLocator('iframe[data-credence-embed]');
  await expect
    .poll(() => frame.getByTestId('embed-table').first().textContent(), { timeout: 30_000 })
    .toContain('%');
  const count = async () =>
    page.evaluate(
      () => (window as unknown as { heightMessages: Recorded[] }).heightMessages.length,
    );
  const before = await count();
  await page
    .locator('iframe')
    .evaluate((iframe) => ((iframe as HTMLIFrameElement).style.maxWidth = '300px'));
  await expect.poll(count).toBeGreaterThan(before);
  await context.close();
});

test('the card ignores messages sent to it', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openWikiPage(page, embedSnippet(embedSnapshotUrl(session.server.url, token), 'x'));
  const frame = page.frameLocator('iframe[data-credence-embed]');
  await expect
    .poll(() => frame.getByTestId('embed-title').textContent(), { timeout: 30_000 })
    .toBe('Checkout button colour');
  // Wait for the results too, so the card is settled and any later change came from the messages.
  await expect
    .poll(() => frame.getByTestId('embed-table').first().textContent(), { timeout: 30_000 })
    .toContain('+4.99%');
  const before = await frame.locator('#embed').innerHTML();
  await page.evaluate(() => {
    const target = document.querySelector('iframe')!.contentWindow!;
    for (const message of [
      { type: 'credence:height', height: 1 },
      { type: 'credence:navigate', url: 'javascript:alert(1)' },
      '<img src=x onerror=alert(1)>',
      { snapshot: 'v1.AAAA' },
    ])
      target.postMessage(message, '*');
  });
  await page.waitForTimeout(300);
  expect(await frame.locator('#embed').innerHTML()).toBe(before);
  expect(errors).toEqual([]);
  await context.close();
});

test('?theme=dark and ?theme=light override the reader’s system setting', async () => {
  const { context, page } = await newIsolatedPage(session.browser);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(embedSnapshotUrl(session.server.url, token, 'dark'));
  await expect
    .poll(() => page.getByTestId('embed-title').textContent())
    .toBe('Checkout button colour');
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(embedSnapshotUrl(session.server.url, token, 'light'));
  await page.reload();
  await expect
    .poll(() => page.getByTestId('embed-title').textContent())
    .toBe('Checkout button colour');
  const lightBackground = await page.evaluate(
    () => getComputedStyle(document.body).backgroundColor,
  );
  expect(darkBackground).not.toBe(lightBackground);
  const luminance = (rgb: string) =>
    (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, channel) => sum + Number(channel), 0);
  expect(luminance(darkBackground)).toBeLessThan(luminance(lightBackground));
  await context.close();
});
