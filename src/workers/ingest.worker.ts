// The ingest worker: runs the ingest library off the main thread with throttled progress and
// cancellation. Every call answers a WorkerResult; errors cross as data.
import * as Comlink from 'comlink';
import {
  aggregateCsvEvents,
  aggregateCsvUnits,
  type CsvEventMapping,
  type CsvUnitMapping,
} from '../lib/ingest/index.ts';
import {
  aggregateExperimentData,
  aggregateSummaryCsv,
  IngestError,
  type ExperimentData,
  type ExperimentSpec,
  type IngestProgress,
} from '../lib/ingest/index.ts';
import { generateSampleLines, type SampleOptions } from '../lib/ingest/sample-data.ts';
import { fail, ok, type WorkerResult } from '../lib/analysis/result.ts';
import { rateAndTimeLeft, type IngestProgressReport } from './ingest-progress.ts';

const running = new Map<number, AbortController>();
/** A port to the CSV parser worker once it said it is ready (see attachCsvParser). */
let csvParser: MessagePort | undefined;
/** How long a new parser worker may take to start before CSV is parsed here instead. */
const PARSER_START_MS = 10_000;
const REPORT_EVERY_MS = 100;

function toResult(error: unknown): WorkerResult<never> {
  if (error instanceof IngestError) return fail(error.code, error.message, error.field);
  if (
    error instanceof RangeError &&
    /allocation|memory|Invalid typed array length|Array buffer/i.test(error.message)
  ) {
    return fail(
      'out-of-memory',
      `The import ran out of memory (${error.message}). Aggregate in the warehouse and import the per-arm summary instead.`,
    );
  }
  return fail(
    'internal',
    `The import failed unexpectedly: ${(error as Error)?.message ?? String(error)}`,
  );
}

/** A generated sample file (the demo's data) and what importing it gave. */
export type SampleImport = { data: ExperimentData; file: { name: string; size: number } };

async function run<T = ExperimentData>(
  requestId: number,
  onProgress: ((report: IngestProgressReport) => void) | undefined,
  job: (report: (p: IngestProgress) => void, signal: AbortSignal) => Promise<T>,
): Promise<WorkerResult<T>> {
  const controller = new AbortController();
  running.set(requestId, controller);
  const startedAt = Date.now();
  let lastReport = 0;
  const report = (progress: IngestProgress) => {
    const now = Date.now();
    if (!onProgress || now - lastReport < REPORT_EVERY_MS) return;
    lastReport = now;
    void onProgress({ ...progress, ...rateAndTimeLeft(progress, (now - startedAt) / 1000) });
  };
  try {
    const value = await job(report, controller.signal);
    return ok(value);
  } catch (error) {
    return toResult(error);
  } finally {
    running.delete(requestId);
  }
}

const api = {
  aggregateExperimentData(
    requestId: number,
    sources: Blob[],
    spec: ExperimentSpec,
    onProgress?: (report: IngestProgressReport) => void,
  ) {
    return run(requestId, onProgress, (report, signal) =>
      aggregateExperimentData(sources, spec, report, signal),
    );
  },
  aggregateCsvEvents(
    requestId: number,
    sources: Blob[],
    spec: ExperimentSpec,
    mapping: CsvEventMapping,
    delimiter?: string,
    onProgress?: (report: IngestProgressReport) => void,
  ) {
    return run(requestId, onProgress, (report, signal) =>
      aggregateCsvEvents(sources, spec, mapping, {
        delimiter,
        onProgress: report,
        signal,
        parser: csvParser,
      }),
    );
  },
  /**
   * Takes a port to the CSV parser worker: event-level CSV rows are then parsed there while this
   * worker applies the rules. True once the parser said it is ready; false (and the port unused)
   * when it did not within PARSER_START_MS.
   */
  attachCsvParser(port: MessagePort): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        port.onmessage = null;
        port.close();
        resolve(false);
      }, PARSER_START_MS);
      port.onmessage = ({ data }: MessageEvent<{ type?: string }>) => {
        if (data?.type !== 'ready') return;
        clearTimeout(timer);
        port.onmessage = null;
        csvParser = port;
        resolve(true);
      };
    });
  },
  aggregateCsvUnits(
    requestId: number,
    sources: Blob[],
    spec: ExperimentSpec,
    mapping: CsvUnitMapping,
    delimiter?: string,
    onProgress?: (report: IngestProgressReport) => void,
  ) {
    return run(requestId, onProgress, (report, signal) =>
      aggregateCsvUnits(sources, spec, mapping, { delimiter, onProgress: report, signal }),
    );
  },
  aggregateSummaryCsv(
    requestId: number,
    sources: Blob[],
    spec: ExperimentSpec,
    delimiter?: string,
    onProgress?: (report: IngestProgressReport) => void,
  ) {
    return run(requestId, onProgress, (report, signal) =>
      aggregateSummaryCsv(sources, spec, { delimiter, onProgress: report, signal }),
    );
  },
  /**
   * Generates the sample Data Export file here (deterministic for a seed) and imports it, so the
   * page never spends its own time on the demo's data.
   */
  aggregateSampleData(
    requestId: number,
    sample: Pick<SampleOptions, 'sliceAttributes' | 'attributeSeed'> & {
      units: number;
      seed: number;
      fileName: string;
    },
    spec: ExperimentSpec,
    onProgress?: (report: IngestProgressReport) => void,
  ) {
    return run<SampleImport>(requestId, onProgress, async (report, signal) => {
      const file = new Blob(
        [
          ...generateSampleLines({
            units: sample.units,
            seed: sample.seed,
            sliceAttributes: sample.sliceAttributes,
            attributeSeed: sample.attributeSeed,
          }),
        ],
        {
          type: 'application/x-ndjson',
        },
      );
      const data = await aggregateExperimentData([file], spec, report, signal);
      return { data, file: { name: sample.fileName, size: file.size } };
    });
  },
  /** Cancels a running request; it then answers { ok: false, error: { code: 'aborted' } }. */
  cancel(requestId: number): void {
    running.get(requestId)?.abort();
  },
};

export type IngestWorkerApi = typeof api;

Comlink.expose(api);
