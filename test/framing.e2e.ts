// Clickjacking: the app refuses to be framed by another origin (a frame-ancestors header from the
// preview server, and a frame guard for hosts that send no headers); the embed card stays frameable.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { BUILT_APP_DIR, snapshotToken } from './support/share.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

/** A plain static host (no security headers) that also serves `/frame.html` framing `target`. */
function staticHost(): Promise<{ url: string; server: Server; framing: Map<string, string> }> {
  const framing = new Map<string, string>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const page = framing.get(path);
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(page);
      return;
    }
    const file = normalize(join(BUILT_APP_DIR, path === '/' ? 'index.html' : path));
    if (!existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('no port');
      resolve({ url: `http://127.0.0.1:${address.port}/`, server, framing });
    }),
  );
}

const session = browserSession();
let attacker: Awaited<ReturnType<typeof staticHost>>;
let headerless: Awaited<ReturnType<typeof staticHost>>;

beforeAll(async () => {
  attacker = await staticHost();
  headerless = await staticHost();
});
afterAll(async () => {
  await new Promise((resolve) => attacker?.server.close(resolve));
  await new Promise((resolve) => headerless?.server.close(resolve));
});

async function framed(page: Page, src: string): Promise<Frame> {
  const path = `/frame-${Math.random().toString(36).slice(2)}.html`;
  attacker.framing.set(
    path,
    `<!doctype html><title>other site</title><iframe id="victim" src="${src}" width="1000" height="700"></iframe>`,
  );
  await page.goto(`${attacker.url.slice(0, -1)}${path}`);
  const handle = await page.waitForSelector('#victim');
  await page.waitForTimeout(1500);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no frame');
  return frame;
}

async function appRendered(frame: Frame): Promise<boolean> {
  try {
    return (await frame.locator('#app nav, #app main').count()) > 0;
  } catch {
    return false; // a blocked frame has no document to query
  }
}

test('the preview server forbids other origins to frame the app, and not the embed card', async () => {
  const index = await fetch(session.server.url);
  expect(index.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
  expect(index.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  const embed = await fetch(`${session.server.url}embed.html`);
  expect(embed.headers.get('content-security-policy')).toBeNull();
  expect(embed.headers.get('x-frame-options')).toBeNull();
});

test('index.html framed by another origin does not render the app', async () => {
  const { context, page } = await newIsolatedPage(session.browser);
  const frame = await framed(page, session.server.url);
  expect(await appRendered(frame)).toBe(false);
  await context.close();
});

test('on a host without headers, the frame guard refuses to render and links to its own tab', async () => {
  const { context, page } = await newIsolatedPage(session.browser);
  const frame = await framed(page, headerless.url);
  expect(await appRendered(frame)).toBe(false);
  const link = frame.getByRole('link', { name: /open credence in its own tab/i });
  expect(await link.getAttribute('href')).toBe(headerless.url);
  expect(await link.getAttribute('target')).toBe('_blank');
  // Unframed on the same host, the app renders as usual.
  await page.goto(headerless.url);
  await page.locator('#app nav, #app main').first().waitFor();
  await context.close();
});

test('embed.html framed by another origin renders the card', async () => {
  const { context, page } = await newIsolatedPage(session.browser);
  const token = await snapshotToken();
  const frame = await framed(page, `${session.server.url}embed.html#${token}`);
  await frame.locator('#embed').getByText('Checkout button colour').first().waitFor();
  await context.close();
});
