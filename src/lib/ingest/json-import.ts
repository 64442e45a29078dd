// aggregateExperimentData: Data Export files (JSON Lines, JSON arrays, concatenated objects, gzip or
// not, envelopes or bare events) → per-arm statistics. Two streaming passes: pass 1 finds every unit's
// first exposure and arm, pass 2 re-reads only the files holding candidate metric events.
import { ExperimentAggregator } from './aggregator.ts';
import { decodeUtf8 } from './bytes.ts';
import { IngestError, sourceName, throwIfAborted } from './errors.ts';
import { readParsedRecord } from './json-fallback.ts';
import { scanRecord } from './json-fast-path.ts';
import { MatchTargets } from './match-targets.ts';
import { ParsedEvent } from './parsed-event.ts';
import { Breather, ProgressTracker } from './progress.ts';
import { readSource } from './read-source.ts';
import { JsonRecordSplitter } from './record-splitter.ts';
import { validateSpec } from './spec.ts';
import type { ExperimentData, ExperimentSpec, ProgressCallback } from './types.ts';

export type JsonImportOptions = {
  maxRecordBytes?: number;
  /** for tests: never use the fast path */ disableFastPath?: boolean;
};

type FileOutcome = { empty: boolean; candidates: number };

/** Reads one record into `event`: fast path, else JSON.parse. Returns an error text for a malformed record. */
function readRecord(
  bytes: Uint8Array,
  start: number,
  end: number,
  targets: MatchTargets,
  event: ParsedEvent,
  fast: boolean,
): string | null {
  if (fast && scanRecord(bytes, start, end, targets, event)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(bytes, start, end));
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  readParsedRecord(parsed, targets, event);
  return null;
}

export async function aggregateExperimentData(
  sources: Blob[],
  spec: ExperimentSpec,
  onProgress?: ProgressCallback,
  signal?: AbortSignal,
  options: JsonImportOptions = {},
): Promise<ExperimentData> {
  validateSpec(spec);
  if (!Array.isArray(sources) || sources.length === 0)
    throw new IngestError('invalid-input', 'No file was given.', 'sources');
  throwIfAborted(signal);
  const targets = new MatchTargets(
    spec.flagKey,
    spec.randomizationUnit,
    spec.metrics.map((metric) => metric.eventKey),
  );
  const aggregator = new ExperimentAggregator(
    spec,
    spec.metrics.map((metric) => targets.eventKeyIndex(metric.eventKey)),
  );
  const sizes = sources.map((blob) => blob.size);
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const progress = new ProgressTracker(
    spec.metrics.length > 0 ? 2 * totalSize : totalSize,
    onProgress,
  );
  const event = new ParsedEvent();
  const breather = new Breather();
  const fast = options.disableFastPath !== true;

  const readFile = async (blob: Blob, file: string, pass: 1 | 2): Promise<FileOutcome> => {
    let candidates = 0;
    let recordsInFile = 0;
    const problems: { first: { line: number; reason: string } | null } = { first: null };
    const noteMalformed = (line: number, reason: string) => {
      problems.first ??= { line, reason };
      if (pass === 1) aggregator.malformed(file, line, reason);
    };
    const splitter = new JsonRecordSplitter(
      (bytes, start, end, line) => {
        if (pass === 2 && !targets.mayMentionEventKey(bytes, start, end)) return;
        const problem = readRecord(bytes, start, end, targets, event, fast);
        if (problem !== null) return noteMalformed(line, problem);
        recordsInFile++;
        progress.records++;
        if (pass === 1) {
          if (aggregator.observeRecord(event, file, line)) candidates++;
        } else if (aggregator.isCandidate(event)) aggregator.observeMetricEvent(event);
      },
      noteMalformed,
      options.maxRecordBytes,
    );
    for await (const chunk of readSource(blob, file, progress.addBytes, signal)) {
      splitter.push(chunk);
      progress.report();
      await breather.maybeYield();
    }
    splitter.finish();
    throwIfAborted(signal);
    const first = problems.first;
    if (pass === 1 && recordsInFile === 0 && first !== null) {
      throw new IngestError(
        'parse-error',
        `${file} is not a Data Export JSON file: no record could be read (line ${first.line}: ${first.reason}).`,
      );
    }
    return { empty: !splitter.sawContent, candidates };
  };

  const names = sources.map((blob, index) => sourceName(blob, index));
  const outcomes: FileOutcome[] = [];
  for (let index = 0; index < sources.length; index++)
    outcomes.push(await readFile(sources[index], names[index], 1));
  if (outcomes.every((outcome) => outcome.empty)) {
    throw new IngestError(
      'invalid-input',
      sources.length === 1 ? `${names[0]} is empty.` : 'All the files are empty.',
    );
  }
  outcomes.forEach((outcome, index) => {
    if (outcome.empty) aggregator.malformed(names[index], 0, 'empty file');
  });
  if (aggregator.diagnostics.recordsRead > 0 && aggregator.eventsRecognised === 0) {
    throw new IngestError(
      'parse-error',
      `No Data Export events found: ${aggregator.diagnostics.recordsRead} JSON records were read but none has a known event kind (feature, custom, click, pageview, identify, index, summary, debug, alias).`,
    );
  }
  if (spec.metrics.length > 0) {
    aggregator.beginMetricPass(outcomes.reduce((sum, outcome) => sum + outcome.candidates, 0));
    progress.pass = 2;
    progress.totalBytes =
      totalSize +
      outcomes.reduce(
        (sum, outcome, index) => sum + (outcome.candidates > 0 ? sizes[index] : 0),
        0,
      );
    for (let index = 0; index < sources.length; index++) {
      if (outcomes[index].candidates > 0) await readFile(sources[index], names[index], 2);
    }
  }
  throwIfAborted(signal);
  const result = aggregator.finish();
  progress.report();
  return result;
}
