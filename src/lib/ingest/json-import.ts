// aggregateExperimentData: Data Export files (JSON Lines, JSON arrays, concatenated objects, gzip or
// not, envelopes or bare events) → per-arm statistics. One streaming pass (see aggregator.ts); only
// when too many metric events had to wait for their unit's exposure does a second pass re-read the
// files holding candidate metric events.
import { startAggregation, type ExperimentAggregator, type SliceOptions } from './aggregator.ts';
import { applyArmOptions, checkVariations, labelArms, type ArmOptions } from './arm-matching.ts';
import { decodeLossless } from './bytes.ts';
import { IngestError, requireSources, sourceName, throwIfAborted } from './errors.ts';
import { readParsedRecord } from './json-fallback.ts';
import { scanLine, scannedContextStart, scanRecord } from './json-fast-path.ts';
import type { MatchTargets } from './match-targets.ts';
import { ParsedEvent, type SliceValueSource } from './parsed-event.ts';
import { SliceScanner } from './slice-scan.ts';
import { recordSliceValues } from './slice-values.ts';
import { Breather, ProgressTracker } from './progress.ts';
import { readSource } from './read-source.ts';
import { JsonRecordSplitter, type RecordSink } from './record-splitter.ts';
import type {
  AssignmentAudit,
  AssignmentConfig,
  ExperimentData,
  ExperimentSpec,
  ProgressCallback,
} from './types.ts';

export type JsonImportOptions = ArmOptions &
  SliceOptions & {
    maxRecordBytes?: number;
    /** for tests: never use the fast path */ disableFastPath?: boolean;
    /** for tests: how many metric events may wait for their unit's exposure before a second pass */
    maxStashedEvents?: number;
  };

type FileOutcome = { empty: boolean; candidates: number };

/**
 * One reading of one file: where the splitter's records go. Classes rather than closures made per file,
 * so the hot calls stay monomorphic across files and imports (a new closure made V8 drop the
 * optimised splitter and reader at the start of every import).
 */
class FileReading implements RecordSink, SliceValueSource {
  candidates = 0;
  recordsInFile = 0;
  firstProblem: { line: number; reason: string } | null = null;
  /** The record being observed (kept only with slicing attributes, read only for a first exposure). */
  protected recordBytes: Uint8Array | null = null;
  protected recordStart = 0;
  protected recordEnd = 0;
  /** Where the fast path found the record's context object; -1: none; -2: not read by the fast path. */
  protected contextAt = -2;
  private scanner: SliceScanner | null = null;

  constructor(
    readonly aggregator: ExperimentAggregator,
    readonly targets: MatchTargets,
    readonly event: ParsedEvent,
    readonly progress: ProgressTracker,
    readonly file: string,
    readonly pass: 1 | 2,
    readonly fast: boolean,
    readonly slicing: boolean,
  ) {
    event.sliceSource = slicing ? this : null;
  }

  onRecord(bytes: Uint8Array, start: number, end: number, line: number): void {
    if (this.pass === 2 && !this.targets.mayMentionEventKey(bytes, start, end)) return;
    const problem = readRecord(bytes, start, end, this.targets, this.event, this.fast);
    if (problem !== null) return this.onMalformed(line, problem);
    if (this.slicing) this.keepRecord(bytes, start, end, readFast ? scannedContextStart() : -2);
    this.observe(line);
  }

  protected keepRecord(bytes: Uint8Array, start: number, end: number, contextAt: number): void {
    this.recordBytes = bytes;
    this.recordStart = start;
    this.recordEnd = end;
    this.contextAt = contextAt;
  }

  /** Reads the record again: only for a unit's first exposure so far, so the fast path stays fast. */
  readSliceValues(attributes: string[], into: (string | undefined)[]): void {
    if (this.recordBytes === null) return;
    const scanner = (this.scanner ??= new SliceScanner(attributes, this.targets.unitKind));
    const { recordBytes, recordStart, recordEnd, contextAt } = this;
    if (contextAt === -1) return; // the fast path read it: no context object
    if (
      contextAt >= 0
        ? scanner.readContext(recordBytes, contextAt, recordEnd, into)
        : scanner.read(recordBytes, recordStart, recordEnd, into)
    )
      return;
    let record: unknown;
    try {
      record = JSON.parse(decodeLossless(this.recordBytes, this.recordStart, this.recordEnd));
    } catch {
      return; // the fast path reads a little more than strict JSON: such a record has no values
    }
    recordSliceValues(record, this.targets.unitKind, attributes, into);
  }

  onMalformed(line: number, reason: string): void {
    this.firstProblem ??= { line, reason };
    if (this.pass === 1) this.aggregator.malformed(this.file, line, reason);
  }

  protected observe(line: number): void {
    this.recordsInFile++;
    this.progress.records++;
    const { aggregator, event } = this;
    if (this.pass === 1) {
      if (aggregator.observeRecord(event, this.file, line)) this.candidates++;
    } else if (aggregator.isCandidate(event)) aggregator.observeMetricEvent(event);
  }
}

/** The first reading with the fast path: a JSON Lines line that is one object it reads is taken whole. */
class WholeLineReading extends FileReading {
  onLine(bytes: Uint8Array, start: number, stop: number, line: number): number {
    const newline = scanLine(bytes, start, stop, this.targets, this.event);
    if (newline >= 0) {
      if (this.slicing) this.keepRecord(bytes, start, newline, scannedContextStart());
      this.observe(line);
    }
    return newline;
  }
}

/** Whether the last record readRecord read went through the fast path. */
let readFast = false;

/** Reads one record into `event`: fast path, else JSON.parse. Returns an error text for a malformed record. */
function readRecord(
  bytes: Uint8Array,
  start: number,
  end: number,
  targets: MatchTargets,
  event: ParsedEvent,
  fast: boolean,
): string | null {
  readFast = fast && scanRecord(bytes, start, end, targets, event);
  if (readFast) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeLossless(bytes, start, end));
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
  const { targets, aggregator } = startAggregation(spec, {
    maxStashedEvents: options.maxStashedEvents,
    auditAssignment: true,
    maxSliceValues: options.maxSliceValues,
    sliceCells: options.sliceCells,
  });
  requireSources(sources);
  if (options.variations !== undefined) checkVariations(options.variations);
  throwIfAborted(signal);
  const sizes = sources.map((blob) => blob.size);
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const progress = new ProgressTracker(totalSize, onProgress);
  const event = new ParsedEvent();
  const breather = new Breather();
  const fast = options.disableFastPath !== true;
  const slicing = (spec.sliceAttributes ?? []).length > 0;

  const readFile = async (blob: Blob, file: string, pass: 1 | 2): Promise<FileOutcome> => {
    const reading =
      fast && pass === 1
        ? new WholeLineReading(aggregator, targets, event, progress, file, pass, fast, slicing)
        : new FileReading(aggregator, targets, event, progress, file, pass, fast, slicing);
    const splitter = new JsonRecordSplitter(reading, options.maxRecordBytes);
    for await (const chunk of readSource(blob, file, progress.addBytes, signal)) {
      splitter.push(chunk);
      progress.report();
      await breather.maybeYield();
    }
    splitter.finish();
    throwIfAborted(signal);
    const first = reading.firstProblem;
    if (pass === 1 && reading.recordsInFile === 0 && first !== null) {
      throw new IngestError(
        'parse-error',
        `${file} is not a Data Export JSON file: no record could be read (line ${first.line}: ${first.reason}).`,
      );
    }
    return { empty: !splitter.sawContent, candidates: reading.candidates };
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
  const result = labelArms(aggregator.finish(), String, 'indices');
  progress.report();
  return applyArmOptions(result, options);
}

/**
 * The assignment audit alone (docs/assignment-audit.md): reads the Data Export files like
 * aggregateExperimentData and returns how each exposed unit's arm compares with the arm the flag's
 * bucketing (`assignment`: salt and rollout) gives its key. Usable from Node.
 */
export async function auditAssignment(
  sources: Blob[],
  spec: ExperimentSpec,
  assignment: AssignmentConfig,
  onProgress?: ProgressCallback,
  signal?: AbortSignal,
): Promise<AssignmentAudit> {
  const data = await aggregateExperimentData(sources, { ...spec, assignment }, onProgress, signal);
  return data.assignmentAudit!;
}
