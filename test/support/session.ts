// The set-up most browser test files share: before their tests, a server and a browser; after them,
// both stopped. Kept apart from browser.ts, which the benchmarks import outside Vitest.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, serveBuiltApp, type AppServer } from './browser.ts';

export type BrowserSession = { browser: Browser; server: AppServer };

/**
 * Registers the file's (or describe block's) beforeAll/afterAll: `serve` starts the server (the
 * built app by default). The returned object is filled in once beforeAll has run.
 */
export function browserSession(serve: () => Promise<AppServer> = serveBuiltApp): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    session.server = await serve();
    session.browser = await launchBrowser();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}
