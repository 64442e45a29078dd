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
import { fail, type WorkerResult } from './result.ts';

export type { IngestProgressReport } from './ingest-progress.ts';
export type { SampleImport } from './ingest.worker.ts';
export type IngestCallOptions = {
  onProgress?: (report: IngestProgressReport) => void;
  signal?: AbortSignal;
};

export class IngestClient {
  private readonly remote: Comlink.Remote<IngestWorkerApi>;
  private nextId = 1;

  constructor(private readonly worker: Worker) {
    this.remote = Comlink.wrap<IngestWorkerApi>(worker);
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
    return this.call(options, (id, progress) =>
      this.remote.aggregateCsvEvents(id, sources, spec, mapping, options.delimiter, progress),
    );
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
    sample: { units: number; seed: number; fileName: string },
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
  return new IngestClient(
    new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module' }),
  );
}
