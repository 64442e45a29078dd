// aggregateExperimentData: Data Export files (JSON Lines, JSON arrays, concatenated objects, gzip or
// not, envelopes or bare events) → per-arm statistics. One streaming pass (see aggregator.ts); only
// when too many metric events had to wait for their unit's exposure does a second pass re-read the
// files holding candidate metric events.
import { ExperimentAggregator } from './aggregator.ts';
import { decodeUtf8 } from './bytes.ts';
import { IngestError, sourceName, throwIfAborted } from './errors.ts';
import { readParsedRecord } from './json-fallback.ts';
import { scanLine, scanRecord } from './json-fast-path.ts';
import { MatchTargets } from './match-targets.ts';
import { ParsedEvent } from './parsed-event.ts';
import { Breather, ProgressTracker } from './progress.ts';
import { readSource } from './read-source.ts';
import { JsonRecordSplitter, type LineHandler } from './record-splitter.ts';
import { validateSpec } from './spec.ts';
import type { ExperimentData, ExperimentSpec, ProgressCallback } from './types.ts';

export type JsonImportOptions = {
  maxRecordBytes?: number;
  /** for tests: never use the fast path */ disableFastPath?: boolean;
  /** for tests: how many metric events may wait for their unit's exposure before a second pass */
  maxStashedEvents?: number;
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
    { maxStashedEvents: options.maxStashedEvents },
  );
  const sizes = sources.map((blob) => blob.size);
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const progress = new ProgressTracker(totalSize, onProgress);
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
    const observe = (line: number) => {
      recordsInFile++;
      progress.records++;
      if (pass === 1) {
        if (aggregator.observeRecord(event, file, line)) candidates++;
      } else if (aggregator.isCandidate(event)) aggregator.observeMetricEvent(event);
    };
    // A JSON Lines line that is one object the fast path reads is taken whole, with no byte-by-byte splitting.
    const wholeLine: LineHandler | undefined =
      fast && pass === 1
        ? (bytes, start, stop, line) => {
            const newline = scanLine(bytes, start, stop, targets, event);
            if (newline >= 0) observe(line);
            return newline;
          }
        : undefined;
    const splitter = new JsonRecordSplitter(
      (bytes, start, end, line) => {
        if (pass === 2 && !targets.mayMentionEventKey(bytes, start, end)) return;
        const problem = readRecord(bytes, start, end, targets, event, fast);
        if (problem !== null) return noteMalformed(line, problem);
        observe(line);
      },
      noteMalformed,
      options.maxRecordBytes,
      wholeLine,
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
  if (aggregator.twoPass) {
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
