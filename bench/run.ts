// `npm run bench [-- --json] [--quick] [--only <id>]`: discovers bench/cases/*.ts, runs each case in
// Node or headless Chromium, prints a table (or JSON lines). Exits non-zero only when a case crashes.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openChromiumHost } from './browser-host.ts';
import { BenchUsageError, parseBenchArgs } from './options.ts';
import { discoverCases, exitCodeFor, runCases } from './runner.ts';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
// The dev server that serves browser cases uses the repository's vite.config.ts.
process.chdir(join(benchDirectory, '..'));

try {
  const options = parseBenchArgs(process.argv.slice(2));
  const cases = await discoverCases(join(benchDirectory, 'cases'));
  const summary = await runCases(cases, options, {
    print: (text) => process.stdout.write(`${text}\n`),
    log: (message) => process.stderr.write(`${message}\n`),
    openBrowserHost: openChromiumHost,
  });
  for (const { id, error } of summary.crashed)
    process.stderr.write(`✗ ${id} crashed: ${error.split('\n')[0]}\n`);
  process.exitCode = exitCodeFor(summary);
} catch (error) {
  process.stderr.write(
    `${error instanceof BenchUsageError ? 'usage' : 'error'}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}
