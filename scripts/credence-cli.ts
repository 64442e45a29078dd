// npx credence aggregate <files…> --design experiment.json [--out summary.csv] [--mapping mapping.json]
//
// Runs the browser's import library in Node on files too large for a tab: Data Export files (JSON
// Lines, arrays, concatenated JSON, gzip or not) or event-level CSV (the warehouse tables exported, for
// instance), streamed from disk. A second thread parses (Data Export records, or CSV rows) while this
// one applies the rules to them in file order: the result is the single-thread library's. `--threads 1`
// (or a one-core machine) reads in this thread alone. Writes the per-arm statistics in the warehouse query's result format (the app's Data tab
// imports it as a warehouse result, diagnostics included) and prints the full diagnostics on stderr.
import { openAsBlob } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  aggregateCsvEvents,
  aggregateExperimentData,
  IngestError,
  proposeColumnMapping,
  type CsvEventMapping,
  type ExperimentData,
  type ExperimentSpec,
  type IngestProgress,
} from '../src/lib/ingest/index.ts';
import { aggregateExperimentDataInThreads } from '../src/lib/ingest/json-parallel.ts';
import { fileBytes } from './file-bytes.ts';
import { resultCsv, slicesLeftOut } from '../src/lib/warehouse/result-csv.ts';
import { DEFAULT_MAX_SLICE_VALUES } from '../src/lib/ingest/slice-values.ts';

const USAGE = `Usage: credence aggregate <files…> --design experiment.json [--out summary.csv] [--mapping mapping.json] [--threads N]

  <files…>         Data Export files (.json, .jsonl, gzip or not) or event-level CSV files (not both)
  --design FILE    the experiment: {"flagKey", "randomizationUnit", "window": {"start", "end"},
                   "metrics": [{"key", "eventKey", "kind", "aggregation"}], "countAllRuleEvaluations"?}
                   (window times in Unix ms or ISO 8601)
  --out FILE       where the summary goes (default: standard output)
  --mapping FILE   CSV only: the column mapping ({"unitKey", "timestamp", "variation", "eventKey", …});
                   default: proposed from the header
  --threads N      1: read and aggregate in one thread; 2 or more: parse in a second thread
                   (default: the cores available, os.availableParallelism())`;

export type CliArgs = {
  files: string[];
  design: string;
  out?: string;
  mapping?: string;
  threads?: number;
};

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'aggregate') throw new UsageError(command ? `Unknown command "${command}".` : '');
  const args: Partial<CliArgs> & { files: string[] } = { files: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const next = rest[++i];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${arg} needs ${arg === '--threads' ? 'a number' : 'a file'}.`);
      return next;
    };
    if (arg === '--design') args.design = value();
    else if (arg === '--out') args.out = value();
    else if (arg === '--mapping') args.mapping = value();
    else if (arg === '--threads') {
      const text = value();
      args.threads = Number(text);
      if (!/^[1-9]\d*$/.test(text))
        throw new UsageError(`--threads needs a whole number, 1 or more (not "${text}").`);
    } else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}.`);
    else args.files.push(arg);
  }
  if (args.files.length === 0) throw new UsageError('No input file.');
  if (args.design === undefined) throw new UsageError('--design is required.');
  return args as CliArgs;
}

function time(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' && !/^\d+$/.test(value) ? Date.parse(value) : Number(value);
  if (!Number.isFinite(ms))
    throw new IngestError(
      'invalid-input',
      `${field} is not a time: ${JSON.stringify(value)}`,
      field,
    );
  return ms;
}

/** The design file: an import spec, window times as Unix ms or ISO 8601 text. */
export function designOf(text: string): ExperimentSpec {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new IngestError('invalid-input', `The design is not JSON: ${(error as Error).message}`);
  }
  const window = (raw.window ?? {}) as { start?: unknown; end?: unknown };
  return {
    ...(raw as unknown as ExperimentSpec),
    window: {
      start: time(window.start, 'window.start'),
      end: time(window.end, 'window.end'),
    },
  };
}

const isCsv = (path: string) => /\.(csv|tsv|txt)(\.gz)?$/i.test(path);

/** The second thread (scripts/parser-thread.ts), started and not yet told what to parse. */
export type ParserThread = { port: MessagePort; worker: Worker };

/**
 * Starts the parser thread; it registers tsx itself (a thread does not inherit the loader).
 * bin/credence.mjs does the same before loading this module.
 */
export function startParserThread(): ParserThread {
  const { port1, port2 } = new MessageChannel();
  const module = new URL('./parser-thread.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(module)}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { port: port2 },
    transferList: [port2 as never],
  });
  return { port: port1, worker };
}

const stopThread = async (thread: ParserThread) => {
  thread.port.close();
  await thread.worker.terminate();
};

/** The parser thread set to parse `kind`: the one given (started early), else a new one. */
function parserFor(kind: 'csv' | 'json', early?: ParserThread): ParserThread {
  const thread = early ?? startParserThread();
  thread.worker.postMessage(kind);
  return thread;
}

async function firstLine(path: string): Promise<string[]> {
  const blob = await openAsBlob(path);
  const head = await blob.slice(0, 64 * 1024).text();
  const line = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  const delimiter = [',', ';', '\t', '|'].find((d) => line.includes(d)) ?? ',';
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"|"$/g, ''));
}

export type Io = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The threads a run uses: 1, or 2 (one parses, one applies the rules; more would have nothing to do). */
export const threadsOf = (args: CliArgs): 1 | 2 =>
  (args.threads ?? availableParallelism()) === 1 ? 1 : 2;

/**
 * Every remembered slice value gets its own cell (not the top 50 + other): the summary lists them all
 * and the app's import groups them as the browser does.
 */
const EVERY_SLICE = { sliceCells: DEFAULT_MAX_SLICE_VALUES };

/** Reads the files with the library; the result as the import returns it. */
export async function aggregateFiles(
  args: CliArgs,
  onProgress?: (progress: IngestProgress) => void,
  early?: ParserThread,
): Promise<ExperimentData> {
  const spec = designOf(await readFile(args.design, 'utf8'));
  for (const path of args.files)
    if (!(await stat(path).catch(() => null))?.isFile())
      throw new IngestError('invalid-input', `${path} is not a file.`);
  const sources = await Promise.all(
    args.files.map(async (path) => new File([await openAsBlob(path)], basename(path))),
  );
  const csv = args.files.filter(isCsv);
  const threads = threadsOf(args);
  if (csv.length === 0 && threads === 1)
    return aggregateExperimentData(
      await Promise.all(args.files.map((path, i) => fileBytes(path, sources[i].name))),
      spec,
      onProgress,
      undefined,
      EVERY_SLICE,
    );
  if (csv.length === 0) {
    const parser = parserFor('json', early);
    try {
      return await aggregateExperimentDataInThreads(
        args.files.map((path, i) => ({
          source: path,
          name: sources[i].name,
          size: sources[i].size,
        })),
        spec,
        parser.port,
        onProgress,
        EVERY_SLICE,
      );
    } finally {
      await stopThread(parser);
    }
  }
  if (csv.length !== args.files.length)
    throw new IngestError('invalid-input', 'Give CSV files and Data Export files separately.');
  let mapping: CsvEventMapping;
  if (args.mapping) mapping = JSON.parse(await readFile(args.mapping, 'utf8')) as CsvEventMapping;
  else {
    const headers = [...new Set((await Promise.all(csv.map(firstLine))).flat())];
    const proposed = proposeColumnMapping(headers).mapping;
    if (!proposed.unitKey || !proposed.timestamp)
      throw new IngestError(
        'invalid-input',
        `No unit or time column among ${headers.join(', ')}: give --mapping.`,
      );
    mapping = proposed as CsvEventMapping;
  }
  if (threads === 1)
    return aggregateCsvEvents(sources, spec, mapping, { onProgress, ...EVERY_SLICE });
  const parser = parserFor('csv', early);
  try {
    return await aggregateCsvEvents(sources, spec, mapping, {
      onProgress,
      parser: parser.port,
      ...EVERY_SLICE,
    });
  } finally {
    await stopThread(parser);
  }
}

/** `early`: a parser thread started before (bin/credence.mjs); stopped when done, used or not. */
export async function run(
  argv: string[],
  io: Io = processIo,
  early?: ParserThread,
): Promise<number> {
  try {
    return await runCommand(argv, io, early);
  } finally {
    if (early) await stopThread(early);
  }
}

async function runCommand(argv: string[], io: Io, early?: ParserThread): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) io.stderr(`${error.message}\n`);
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let last = 0;
  try {
    const data = await aggregateFiles(
      args,
      (progress) => {
        const now = performance.now();
        if (now - last < 1000) return;
        last = now;
        const share = progress.totalBytes ? (100 * progress.bytesRead) / progress.totalBytes : 0;
        io.stderr(`${share.toFixed(0)}% read, ${progress.records} records\n`);
      },
      early,
    );
    const text = resultCsv(data);
    for (const attribute of slicesLeftOut(data))
      io.stderr(
        `credence: slices by "${attribute}" are left out of the summary: it has more than ${DEFAULT_MAX_SLICE_VALUES} values.\n`,
      );
    if (args.out) await writeFile(args.out, text);
    else io.stdout(text);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const units = data.arms.reduce((sum, arm) => sum + arm.units, 0);
    io.stderr(
      `${units} units in ${data.arms.length} arms, ${data.diagnostics.recordsRead} records in ${seconds.toFixed(1)} s (CPU ${cpuSeconds.toFixed(1)} s), ${threadsOf(args)} thread${threadsOf(args) === 1 ? '' : 's'}` +
        `${args.out ? `; summary written to ${args.out}` : ''}\n` +
        `diagnostics: ${JSON.stringify(data.diagnostics)}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof IngestError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr(`credence: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
