// Runs browser benchmark cases in headless Chromium: the source tree is served by Vite's dev server and
// bench/pages/browser-runner.html imports the case module and runs it in the page.
import type { BenchMeasurement } from './types.ts';
import type { BrowserHost } from './runner.ts';
import { launchBrowser, newIsolatedPage, serveSource } from '../test/support/browser.ts';

declare global {
  interface Window {
    runBenchCase?: (file: string, caseId: string, quick: boolean) => Promise<BenchMeasurement[]>;
  }
}

export async function openChromiumHost(): Promise<BrowserHost> {
  const server = await serveSource();
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return {
    async run(file, caseId, quick, log) {
      const { context, page, errors } = await newIsolatedPage(browser);
      page.on('console', (message) => {
        if (message.type() === 'info') log(message.text());
      });
      try {
        await page.goto(`${server.url}bench/pages/browser-runner.html`);
        await page.waitForFunction(() => typeof window.runBenchCase === 'function', null, {
          timeout: 90_000,
        });
        const measurements = await page.evaluate(
          ({ file, caseId, quick }) => window.runBenchCase!(file, caseId, quick),
          { file, caseId, quick },
        );
        if (errors.length > 0) log(`page errors: ${errors.join('; ')}`);
        return measurements;
      } finally {
        await context.close();
      }
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
