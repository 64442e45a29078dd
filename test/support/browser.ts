// Shared harness for browser tests: serves the built app (dist/) with Vite's preview server on a free
// loopback port and drives Debian's Chromium through playwright-core.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, preview, type PreviewServer } from 'vite';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found)
    throw new Error(
      'Chromium not found: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH',
    );
  return found;
}

// Flags keep Chromium off the network entirely: this machine (and the app's promise) allows none.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

export type AppServer = { url: string; close: () => Promise<void> };

/**
 * The build every browser test opens: dist/ (as `npm test` builds it), or the directory in
 * CREDENCE_DIST while developing against a private build (`npx vite build --outDir <dir>`).
 */
export const BUILT_APP_DIR = process.env.CREDENCE_DIST || 'dist';

/** Serves the built app (build it first: `npm test` does), or another build output directory `outDir`. */
export async function serveBuiltApp(outDir = BUILT_APP_DIR): Promise<AppServer> {
  if (!existsSync(`${outDir}/index.html`))
    throw new Error(`${outDir}/ is missing: run \`npm run build\` first`);
  const server: PreviewServer = await preview({
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
    logLevel: 'error',
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}

/** A fresh, isolated browser profile (own IndexedDB, own storage). Collects page errors. */
export async function newIsolatedPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
}

/**
 * Serves the source tree with Vite's dev server (no build needed): tests can open any HTML page under
 * the repo root, e.g. `${url}test/pages/worker-harness.html`, which imports modules from src/.
 */
export async function serveSource(): Promise<AppServer> {
  const server = await createServer({
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
    logLevel: 'error',
    clearScreen: false,
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('dev server has no port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
