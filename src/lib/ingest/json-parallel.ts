// aggregateExperimentData in two threads: a parser thread (json-parser-service.ts) reads the files into
// batches of parsed records, this thread applies the rules to them in file order with the same
// aggregator. Each step below is the one json-import.ts takes at the same point (the checks on empty
// and foreign files, the second reading after a stash overflow, the arm labels), so the result is the
// single-thread result: the same events reach the same aggregator in the same order.
import { startAggregation, type SliceOptions } from './aggregator.ts';
import { labelArms } from './arm-matching.ts';
import { decodeLossless } from './bytes.ts';
import { IngestError } from './errors.ts';
import { JsonEventBatchReader, type CarriedRecord } from './json-event-batch.ts';
import type { FromJsonParser, ToJsonParser } from './json-parser-service.ts';
import type { ParserPort } from './csv-parser-protocol.ts';
import { ParsedEvent, type SliceValueSource } from './parsed-event.ts';
import { SliceScanner } from './slice-scan.ts';
import { recordSliceValues } from './slice-values.ts';
import type { ExperimentData, ExperimentSpec, ProgressCallback } from './types.ts';

/** One file: what the parser opens (a path in Node), its name in diagnostics, its size in bytes. */
export type ParallelSource = { source: unknown; name: string; size: number };

export type ParallelJsonOptions = SliceOptions & {
  maxRecordBytes?: number;
  /** for tests: how many metric events may wait for their unit's exposure before a second pass */
  maxStashedEvents?: number;
  /** for tests: records per batch from the parser */
  batchRecords?: number;
};

type FileOutcome = { empty: boolean; candidates: number };

/** A flag evaluation's record bytes as carried in its batch: its slicing attributes, read on demand. */
class CarriedSlices implements CarriedRecord, SliceValueSource {
  bytes: Uint8Array | null = null;
  start = 0;
  end = 0;
  contextAt = -2;
  private scanner: SliceScanner | null = null;

  constructor(private readonly unitKind: string) {}

  /** As json-import.ts's FileReading.readSliceValues, on the carried copy of the record. */
  readSliceValues(attributes: string[], into: (string | undefined)[]): void {
    const { bytes, start, end, contextAt } = this;
    if (bytes === null) return;
    const scanner = (this.scanner ??= new SliceScanner(attributes, this.unitKind));
    if (contextAt === -1) return;
    if (
      contextAt >= 0
        ? scanner.readContext(bytes, contextAt, end, into)
        : scanner.read(bytes, start, end, into)
    )
      return;
    let record: unknown;
    try {
      record = JSON.parse(decodeLossless(bytes, start, end));
    } catch {
      return;
    }
    recordSliceValues(record, this.unitKind, attributes, into);
  }
}

export async function aggregateExperimentDataInThreads(
  sources: ParallelSource[],
  spec: ExperimentSpec,
  port: ParserPort,
  onProgress?: ProgressCallback,
  options: ParallelJsonOptions = {},
): Promise<ExperimentData> {
  const { targets, aggregator } = startAggregation(spec, {
    maxStashedEvents: options.maxStashedEvents,
    auditAssignment: true,
    maxSliceValues: options.maxSliceValues,
    sliceCells: options.sliceCells,
  });
  if (sources.length === 0) throw new IngestError('invalid-input', 'No file was given.');
  const slicing = (spec.sliceAttributes ?? []).length > 0;
  const event = new ParsedEvent();
  const carried = new CarriedSlices(targets.unitKind);
  event.sliceSource = slicing ? carried : null;
  const reader = new JsonEventBatchReader();
  const totalSize = sources.reduce((sum, source) => sum + source.size, 0);
  const progress = { bytesRead: 0, totalBytes: totalSize, records: 0, pass: 1 as 1 | 2 };
  let bytesBefore = 0;

  const readFile = (index: number, pass: 1 | 2) =>
    new Promise<FileOutcome>((resolve, reject) => {
      const file = sources[index].name;
      let recordsInFile = 0;
      let candidates = 0;
      let firstProblem: { line: number; reason: string } | null = null;
      port.onmessage = ({ data }) => {
        const message = data as FromJsonParser;
        try {
          if (message.type === 'failed') {
            reject(new IngestError(message.code ?? 'parse-error', message.message));
            return;
          }
          progress.bytesRead = bytesBefore + message.bytesRead;
          if (message.type === 'done') {
            bytesBefore = progress.bytesRead;
            onProgress?.({ ...progress });
            if (pass === 1 && recordsInFile === 0 && firstProblem !== null) {
              throw new IngestError(
                'parse-error',
                `${file} is not a Data Export JSON file: no record could be read (line ${firstProblem.line}: ${firstProblem.reason}).`,
              );
            }
            resolve({ empty: message.empty, candidates });
            return;
          }
          const batch = message.batch;
          reader.open(batch);
          for (let i = 0; i < reader.count; i++) {
            const line = reader.lineOf(i);
            const problem = reader.problemOf(i);
            if (problem !== null) {
              firstProblem ??= { line, reason: problem };
              aggregator.malformed(file, line, problem);
              continue;
            }
            reader.read(i, event, carried);
            recordsInFile++;
            progress.records++;
            if (pass === 1) {
              if (aggregator.observeRecord(event, file, line)) candidates++;
            } else if (aggregator.isCandidate(event)) aggregator.observeMetricEvent(event);
          }
          port.postMessage(
            { type: 'spare', records: batch.records, side: batch.side } satisfies ToJsonParser,
            [batch.records, batch.side],
          );
          onProgress?.({ ...progress });
        } catch (error) {
          reject(error as Error);
        }
      };
      port.postMessage({
        type: 'read',
        spec,
        source: sources[index].source,
        file,
        pass,
        carryRecords: slicing,
        carryUnitKeys: spec.assignment !== undefined,
        maxRecordBytes: options.maxRecordBytes,
        batchRecords: options.batchRecords,
      } satisfies ToJsonParser);
    });

  const names = sources.map((source) => source.name);
  const outcomes: FileOutcome[] = [];
  for (let index = 0; index < sources.length; index++) outcomes.push(await readFile(index, 1));
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
    progress.totalBytes += outcomes.reduce(
      (sum, outcome, index) => sum + (outcome.candidates > 0 ? sources[index].size : 0),
      0,
    );
    for (let index = 0; index < sources.length; index++)
      if (outcomes[index].candidates > 0) await readFile(index, 2);
  }
  const result = labelArms(aggregator.finish(), String, 'indices');
  onProgress?.({ ...progress });
  return result;
}
