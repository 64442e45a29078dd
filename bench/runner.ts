// Runs benchmark cases and reports their measurements. Node cases run in this process; browser cases
// are handed to a host (headless Chromium). A crashing case is reported and the others still run.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatTable, toJsonLine } from './format.ts';
import type { BenchOptions } from './options.ts';
import type { BenchCase, BenchContext, BenchMeasurement } from './types.ts';

/** A case together with the module file it came from (browser hosts import it by that name). */
export type LocatedCase = { file: string; benchCase: BenchCase };

/** Runs a browser case somewhere that has a DOM and workers; `file` is the case module's file name. */
export type BrowserHost = {
  run: (
    file: string,
    caseId: string,
    quick: boolean,
    log: (message: string) => void,
  ) => Promise<BenchMeasurement[]>;
  close: () => Promise<void>;
};

export type RunnerIO = {
  /** Report output (stdout). */
  print: (text: string) => void;
  /** Progress and diagnostics (stderr), kept apart so --json output stays machine-readable. */
  log: (message: string) => void;
  /** Created on first use, only when a browser case runs. */
  openBrowserHost: () => Promise<BrowserHost>;
};

export type RunSummary = {
  measurements: BenchMeasurement[];
  crashed: { id: string; error: string }[];
};

export async function discoverCases(directory: string): Promise<LocatedCase[]> {
  const files = (await readdir(directory))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .sort();
  const located: LocatedCase[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(directory, file)).href)) as {
      cases?: BenchCase[];
    };
    if (!Array.isArray(module.cases))
      throw new Error(`bench/cases/${file} does not export \`cases: BenchCase[]\``);
    for (const benchCase of module.cases) located.push({ file, benchCase });
  }
  return located;
}

export async function runCases(
  cases: LocatedCase[],
  options: BenchOptions,
  io: RunnerIO,
): Promise<RunSummary> {
  const selected =
    options.only === null ? cases : cases.filter(({ benchCase }) => benchCase.id === options.only);
  if (selected.length === 0) {
    const known = cases.map(({ benchCase }) => benchCase.id).join(', ') || 'none';
    return {
      measurements: [],
      crashed: [{ id: options.only ?? '(all)', error: `no such case (known: ${known})` }],
    };
  }
  const summary: RunSummary = { measurements: [], crashed: [] };
  let host: BrowserHost | null = null;
  try {
    for (const { file, benchCase } of selected) {
      const log = (message: string) => io.log(`[${benchCase.id}] ${message}`);
      io.log(`running ${benchCase.id} (${benchCase.runtime})…`);
      try {
        let measurements: BenchMeasurement[];
        if (benchCase.runtime === 'browser') {
          host ??= await io.openBrowserHost();
          measurements = await host.run(file, benchCase.id, options.quick, log);
        } else {
          const context: BenchContext = { quick: options.quick, log };
          measurements = await benchCase.run(context);
        }
        assertMeasurements(measurements);
        summary.measurements.push(...measurements);
        if (options.json) for (const measurement of measurements) io.print(toJsonLine(measurement));
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        summary.crashed.push({ id: benchCase.id, error: message });
        io.log(`case ${benchCase.id} crashed: ${message}`);
      }
    }
  } finally {
    await host?.close();
  }
  if (!options.json && summary.measurements.length > 0) io.print(formatTable(summary.measurements));
  return summary;
}

/** Goals are not assertions (unmet goals still exit 0); only a crash makes the run fail. */
export function exitCodeFor(summary: RunSummary): number {
  return summary.crashed.length > 0 ? 1 : 0;
}

function assertMeasurements(measurements: unknown): asserts measurements is BenchMeasurement[] {
  if (!Array.isArray(measurements))
    throw new Error('a case must resolve to an array of measurements');
  for (const m of measurements as Record<string, unknown>[]) {
    const shapeOk =
      typeof m?.name === 'string' &&
      typeof m.value === 'number' &&
      typeof m.unit === 'string' &&
      (m.baseline === null || typeof m.baseline === 'number') &&
      (m.ratio === null || typeof m.ratio === 'number') &&
      typeof m.goal === 'string' &&
      typeof m.met === 'boolean';
    if (!shapeOk) throw new Error(`malformed measurement: ${JSON.stringify(m)}`);
  }
}
