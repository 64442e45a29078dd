// The quick path's steps that touch the browser: read a file's head, read the whole file in the ingest
// worker, and store the confirmed experiment with its iteration and dataset.
import type { MetricKindName } from '../../lib/metric-kinds/index.ts';
import { datasetFromData } from '../services/dataset-from-data.ts';
import { defaultDeps } from '../../lib/domain/ids.ts';
import {
  proposeExperiment,
  quickExperimentRecords,
  rekeyArms,
  type ExperimentDraft,
} from '../../lib/domain/propose-experiment.ts';
import type { Dataset, DatasetSource, Iteration } from '../../lib/domain/types.ts';
import { createExperimentWithData } from '../../lib/db/quick-store.ts';
import { DbError } from '../../lib/db/errors.ts';
import type { ExperimentData } from '../../lib/ingest/index.ts';
import type { IngestProgressReport } from '../../workers/ingest-client.ts';
import type { WorkerResult } from '../../lib/analysis/result.ts';
import { ingestClient } from '../services/ingest.ts';
import { workspace } from '../store/workspace.svelte.ts';
import { isCsv } from '../data/csv-kind.ts';
import {
  dataSummary,
  csvSampleRows,
  planFromCsv,
  planFromJsonLines,
  specOf,
  type FilePlan,
} from './file-plan.ts';

const SAMPLE_BYTES = 262_144;

/** The first SAMPLE_BYTES of the file as text (decompressed when gzip); `complete` if that is all of it. */
export async function readSample(file: Blob): Promise<{ text: string; complete: boolean }> {
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  if (!gzip) {
    const text = await file.slice(0, SAMPLE_BYTES).text();
    return { text, complete: file.size <= SAMPLE_BYTES };
  }
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let complete = false;
  while (text.length < SAMPLE_BYTES) {
    const { done, value } = await reader.read();
    if (done) {
      complete = true;
      break;
    }
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return { text, complete };
}

export type Proposal = {
  file: File;
  plan: FilePlan;
  data: ExperimentData;
  draft: ExperimentDraft;
};

export type ReadOutcome = { ok: true; proposal: Proposal } | { ok: false; message: string };

async function planOf(
  file: File,
): Promise<{ ok: true; plan: FilePlan } | { ok: false; message: string }> {
  const { text, complete } = await readSample(file);
  if (text.trim() === '') return { ok: false, message: `${file.name} is empty.` };
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (start === '{') {
    const lines = text.split(/\r?\n/);
    if (!complete) lines.pop();
    return planFromJsonLines(lines.filter((line) => line.trim() !== ''));
  }
  if (start === '[')
    return {
      ok: false,
      message:
        'The quick path reads Data Export files as JSON Lines (one record per line). Create an experiment and import a JSON array on its Data tab.',
    };
  if (!isCsv(file) && !text.includes(',') && !text.includes(';') && !text.includes('\t'))
    return { ok: false, message: `${file.name} is neither JSON Lines nor CSV.` };
  return planFromCsv(await csvSampleRows(text, complete));
}

function aggregate(
  file: File,
  plan: FilePlan,
  options: { signal: AbortSignal; onProgress: (report: IngestProgressReport) => void },
): Promise<WorkerResult<ExperimentData>> {
  const client = ingestClient();
  const spec = specOf(plan);
  switch (plan.shape) {
    case 'export':
      return client.aggregateExperimentData([file], spec, options);
    case 'events':
      return client.aggregateCsvEvents([file], spec, plan.eventMapping!, options);
    case 'units':
      return client.aggregateCsvUnits([file], spec, plan.unitMapping!, options);
    case 'summary':
      return client.aggregateSummaryCsv([file], spec, options);
  }
}

/** Reads the file (head, then all of it in the worker) and proposes an experiment. */
export async function readFile(
  file: File,
  options: { signal: AbortSignal; onProgress: (report: IngestProgressReport) => void },
): Promise<ReadOutcome> {
  const planned = await planOf(file);
  if (!planned.ok) return planned;
  const result = await aggregate(file, planned.plan, options);
  if (!result.ok)
    return {
      ok: false,
      message:
        result.error.code === 'aborted'
          ? 'Cancelled: nothing was stored.'
          : `${result.error.message}${result.error.field ? ` (${result.error.field})` : ''}`,
    };
  const draft = proposeExperiment(dataSummary(file.name, planned.plan, result.value));
  return { ok: true, proposal: { file, plan: planned.plan, data: result.value, draft } };
}

function defaultEnvironment(): string {
  return workspace.environments[0]?.key ?? 'production';
}

function datasetFor(
  iteration: Iteration,
  data: Pick<ExperimentData, 'arms' | 'metrics' | 'exposuresByHour' | 'diagnostics' | 'breakdowns'>,
  source: DatasetSource,
): Dataset {
  return datasetFromData(iteration, data, source);
}

export type CreateOutcome = { ok: true; experimentId: string } | { ok: false; message: string };

async function store(
  draft: ExperimentDraft,
  build: (iteration: Iteration) => Dataset | null,
): Promise<CreateOutcome & { iteration?: Iteration }> {
  const db = await workspace.db();
  const { experiment, iteration } = quickExperimentRecords(
    draft,
    {
      environmentKey: defaultEnvironment(),
      takenKeys: new Set(workspace.experiments.map((e) => e.key)),
    },
    defaultDeps,
  );
  try {
    await createExperimentWithData(db, { experiment, iteration, dataset: build(iteration) });
    return { ok: true, experimentId: experiment.id, iteration };
  } catch (error) {
    if (error instanceof DbError)
      return {
        ok: false,
        message: [error.message, ...error.violations.map((v) => v.message), error.suggestion]
          .filter(Boolean)
          .join(' '),
      };
    throw error;
  }
}

/** Stores the confirmed proposal: the experiment, its iteration over the data's window, the dataset. */
export function createFromProposal(
  proposal: Proposal,
  draft: ExperimentDraft,
): Promise<CreateOutcome> {
  const { file, data } = proposal;
  return store(draft, (iteration) =>
    datasetFor(iteration, rekeyArms(data, draft), {
      kind: 'files',
      files: [{ name: file.name, size: file.size }],
    }),
  );
}

/** A calculator: two arms and one metric, stored with the first typed numbers. */
export function calculatorDraft(kind: MetricKindName, arms: number): ExperimentDraft {
  return {
    name: 'Calculator',
    arms: Array.from({ length: arms }, (_, index) => ({
      index,
      label: String(index),
      units: 0,
      name: index === 0 ? 'Control' : arms === 2 ? 'Treatment' : `Treatment ${index}`,
    })),
    controlIndex: 0,
    metrics: [
      {
        source: kind,
        key: kind,
        name: kind === 'conversion' ? 'Conversion rate' : 'Average value',
        kind,
        included: true,
      },
    ],
    window: null,
    randomizationUnit: 'user',
  };
}

/** The calculator's records before anything is stored (what the typed form is drawn from). */
export function calculatorPreview(draft: ExperimentDraft): Iteration {
  return quickExperimentRecords(
    draft,
    { environmentKey: defaultEnvironment(), takenKeys: new Set() },
    defaultDeps,
  ).iteration;
}

/** Stores a calculator experiment with its first typed dataset; returns the stored iteration. */
export async function createCalculator(
  draft: ExperimentDraft,
  data: (iteration: Iteration) => ExperimentData,
): Promise<CreateOutcome & { iteration?: Iteration }> {
  return store(draft, (iteration) => datasetFor(iteration, data(iteration), { kind: 'typed' }));
}
