// The typed main-thread side of the ingest worker. Takes an AbortSignal (which cannot cross to the
// worker) and turns it into a cancel(requestId) call; progress comes back through a Comlink proxy.
import * as Comlink from 'comlink';
import type {
  CsvEventMapping,
  CsvUnitMapping,
  ExperimentData,
  ExperimentSpec,
} from '../lib/ingest/index.ts';
import type { IngestProgressReport } from './ingest-progress.ts';
import type { IngestWorkerApi, SampleImport } from './ingest.worker.ts';
import type { SampleOptions } from '../lib/ingest/sample-data.ts';
import { fail, type WorkerResult } from '../lib/analysis/result.ts';

export type { IngestProgressReport } from './ingest-progress.ts';
export type { SampleImport } from './ingest.worker.ts';
export type IngestCallOptions = {
  onProgress?: (report: IngestProgressReport) => void;
  signal?: AbortSignal;
};

export class IngestClient {
  private readonly remote: Comlink.Remote<IngestWorkerApi>;
  private nextId = 1;
  private parser: Worker | null = null;
  private parserReady: Promise<boolean> | null = null;

  /**
   * `startCsvParser`, when given, starts a second worker the first time event-level CSV is imported:
   * rows are parsed there while the ingest worker applies the rules (see csv-remote-parse.ts).
   */
  constructor(
    private readonly worker: Worker,
    private readonly startCsvParser?: () => Worker,
  ) {
    this.remote = Comlink.wrap<IngestWorkerApi>(worker);
  }

  /** Starts the CSV parser worker once; true when the ingest worker can use it. */
  csvParserReady(): Promise<boolean> {
    if (!this.startCsvParser) return Promise.resolve(false);
    this.parserReady ??= (async () => {
      try {
        const parser = (this.parser = this.startCsvParser!());
        // A worker that fails to load says so here at once (the ingest worker would wait 10 s).
        const failed = new Promise<boolean>((resolve) =>
          parser.addEventListener('error', () => resolve(false), { once: true }),
        );
        const { port1, port2 } = new MessageChannel();
        parser.postMessage({ port: port2 }, [port2]);
        return await Promise.race([
          this.remote.attachCsvParser(Comlink.transfer(port1, [port1])),
          failed,
        ]);
      } catch {
        return false;
      }
    })();
    return this.parserReady;
  }

  aggregateExperimentData(
    sources: Blob[],
    spec: ExperimentSpec,
    options: IngestCallOptions = {},
  ): Promise<WorkerResult<ExperimentData>> {
    return this.call(options, (id, progress) =>
      this.remote.aggregateExperimentData(id, sources, spec, progress),
    );
  }

  aggregateCsvEvents(
    sources: Blob[],
    spec: ExperimentSpec,
    mapping: CsvEventMapping,
    options: IngestCallOptions & { delimiter?: string } = {},
  ): Promise<WorkerResult<ExperimentData>> {
    return this.call(options, async (id, progress) => {
      await this.csvParserReady();
      return this.remote.aggregateCsvEvents(
        id,
        sources,
        spec,
        mapping,
        options.delimiter,
        progress,
      );
    });
  }

  aggregateCsvUnits(
    sources: Blob[],
    spec: ExperimentSpec,
    mapping: CsvUnitMapping,
    options: IngestCallOptions & { delimiter?: string } = {},
  ): Promise<WorkerResult<ExperimentData>> {
    return this.call(options, (id, progress) =>
      this.remote.aggregateCsvUnits(id, sources, spec, mapping, options.delimiter, progress),
    );
  }

  aggregateSummaryCsv(
    sources: Blob[],
    spec: ExperimentSpec,
    options: IngestCallOptions & { delimiter?: string } = {},
  ): Promise<WorkerResult<ExperimentData>> {
    return this.call(options, (id, progress) =>
      this.remote.aggregateSummaryCsv(id, sources, spec, options.delimiter, progress),
    );
  }

  /** Generates the sample Data Export file in the worker (seeded, deterministic) and imports it. */
  aggregateSampleData(
    sample: Pick<SampleOptions, 'sliceAttributes' | 'attributeSeed'> & {
      units: number;
      seed: number;
      fileName: string;
    },
    spec: ExperimentSpec,
    options: IngestCallOptions = {},
  ): Promise<WorkerResult<SampleImport>> {
    return this.call(options, (id, progress) =>
      this.remote.aggregateSampleData(id, sample, spec, progress),
    );
  }

  terminate(): void {
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
    this.parser?.terminate();
  }

  private async call<T = ExperimentData>(
    { onProgress, signal }: IngestCallOptions,
    start: (
      id: number,
      progress: ((report: IngestProgressReport) => void) | undefined,
    ) => Promise<WorkerResult<T>>,
  ): Promise<WorkerResult<T>> {
    if (signal?.aborted) return fail('aborted', 'The import was cancelled.');
    const id = this.nextId++;
    const cancel = () => void this.remote.cancel(id);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await start(id, onProgress ? Comlink.proxy(onProgress) : undefined);
    } catch (error) {
      return fail(
        'internal',
        `The ingest worker failed: ${(error as Error)?.message ?? String(error)}`,
      );
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }
}

export function createIngestClient(): IngestClient {
  // A machine with one core gains nothing from parsing in a second worker.
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return new IngestClient(
    new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module' }),
    cores >= 2
      ? () => new Worker(new URL('./csv-parser.worker.ts', import.meta.url), { type: 'module' })
      : undefined,
  );
}
