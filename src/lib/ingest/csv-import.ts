// Event-level CSV (one row per evaluation or metric event, e.g. exported from the warehouse tables)
// and unit-level CSV (one row per unit), through the same rules as Data Export files: event-level rows
// in one pass (a second one only when the aggregator's stash overflows), unit-level rows in two.
import { startAggregation, type ExperimentAggregator } from './aggregator.ts';
import { Fingerprint } from './bytes.ts';
import { cellTime, VariationIndex } from './csv-cells.ts';
import { eventRowReader, type EventRowReader } from './csv-event-rows.ts';
import { readCsvFile, requireColumns, type CsvColumns, type CsvFileHandlers } from './csv-file.ts';
import type { CsvEventMapping } from './csv-mapping.ts';
import type { ParserPort } from './csv-parser-protocol.ts';
import type { CsvRow } from './csv-reader.ts';
import { RemoteCsvParser, type BatchSink } from './csv-remote-parse.ts';
import { IngestError, requireSources, sourceName, throwIfAborted } from './errors.ts';
import { EventBatchReader, type EventBatch } from './event-batch.ts';
import type { MatchTargets } from './match-targets.ts';
import { ParsedEvent } from './parsed-event.ts';
import { ProgressTracker } from './progress.ts';
import type { ExperimentData, ExperimentSpec, ProgressCallback } from './types.ts';

export type CsvOptions = {
  delimiter?: string;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
  /**
   * A port to a thread serving serveCsvParsing: event-level rows are then parsed there while this
   * thread applies the rules (the same result, sooner on a machine with a core to spare). Ignored
   * while another import uses the port.
   */
  parser?: ParserPort;
  /** for tests: how many metric events may wait for their unit's exposure before a second pass */
  maxStashedEvents?: number;
};

/** What the files of one event-level import share. */
type EventImport = {
  spec: ExperimentSpec;
  mapping: CsvEventMapping;
  targets: MatchTargets;
  aggregator: ExperimentAggregator;
  variations: VariationIndex;
  /** Filled in place for each row. */
  event: ParsedEvent;
};

/**
 * The rows of one event-level file in one pass (1: every record; 2: the metric events again, after
 * the stash overflowed). A class rather than closures, so the calls per row stay the same from one
 * file and one import to the next (see CsvRowSink).
 */
class EventFileRows implements CsvFileHandlers, BatchSink {
  /** Candidate metric events seen in pass 1 (whether pass 2 must read this file again). */
  found = 0;
  private rowReader: EventRowReader | null = null;
  private readonly batchRecords = new EventBatchReader();

  constructor(
    private readonly file: string,
    private readonly pass: 1 | 2,
    private readonly shared: EventImport,
  ) {}

  onHeader(header: CsvColumns): void {
    const { mapping, spec, targets, variations } = this.shared;
    this.rowReader = eventRowReader(this.file, header, spec, mapping, targets, variations);
  }

  onRow(row: CsvRow): void {
    const event = this.shared.event;
    const problem = this.rowReader!.read(row, event);
    if (problem === null) this.observe(event, row.line);
    else this.onProblem(row.line, problem);
  }

  onProblem(line: number, reason: string): void {
    if (this.pass === 1) this.shared.aggregator.malformed(this.file, line, reason);
  }

  /** The rows as another thread parsed them (see RemoteCsvParser). */
  onBatch(batch: EventBatch, chunk: Uint8Array): void {
    const records = this.batchRecords;
    records.open(batch, chunk);
    const event = this.shared.event;
    for (let index = 0; index < records.count; index++) {
      const problem = records.problemOf(index);
      if (problem !== null) this.onProblem(records.lineOf(index), problem);
      else {
        records.read(index, event);
        this.observe(event, records.lineOf(index));
      }
    }
  }

  private observe(event: ParsedEvent, line: number): void {
    const aggregator = this.shared.aggregator;
    if (this.pass === 1) {
      if (aggregator.observeRecord(event, this.file, line)) this.found++;
    } else if (aggregator.isCandidate(event)) aggregator.observeMetricEvent(event);
  }
}

export async function aggregateCsvEvents(
  sources: Blob[],
  spec: ExperimentSpec,
  mapping: CsvEventMapping,
  options: CsvOptions = {},
): Promise<ExperimentData> {
  requireSources(sources);
  const { targets, aggregator } = startAggregation(spec, options.maxStashedEvents);
  const { signal } = options;
  const names = sources.map(sourceName);
  const totalSize = sources.reduce((sum, blob) => sum + blob.size, 0);
  const progress = new ProgressTracker(totalSize, options.onProgress);
  const variations = new VariationIndex();
  const shared: EventImport = {
    spec,
    mapping,
    targets,
    aggregator,
    variations,
    event: new ParsedEvent(),
  };
  const candidates: number[] = [];
  const remote = options.parser
    ? RemoteCsvParser.claim(options.parser, spec, mapping, options.delimiter)
    : null;
  try {
    for (const pass of [1, 2] as const) {
      if (pass === 2) {
        if (!aggregator.twoPass) break;
        aggregator.beginMetricPass(candidates.reduce((sum, found) => sum + found, 0));
        progress.pass = 2;
        progress.totalBytes =
          totalSize +
          sources.reduce((sum, blob, i) => sum + (candidates[i] > 0 ? blob.size : 0), 0);
      }
      for (let index = 0; index < sources.length; index++) {
        if (pass === 2 && !(candidates[index] > 0)) continue;
        const file = names[index];
        const rows = new EventFileRows(file, pass, shared);
        const outcome = remote
          ? await remote.readFile(sources[index], file, rows, progress, signal)
          : await readCsvFile(sources[index], file, rows, progress, options.delimiter, signal);
        if (pass === 1 && outcome.empty) {
          if (sources.length === 1) throw new IngestError('invalid-input', `${file} is empty.`);
          aggregator.malformed(file, 0, 'empty file');
        }
        candidates[index] = rows.found;
      }
    }
  } finally {
    remote?.release();
  }
  throwIfAborted(signal);
  const result = aggregator.finish();
  const armNames = remote ? remote.armNames : variations.armNames();
  return armNames ? { ...result, armNames } : result;
}

/** One row per unit: unit key, arm, one column per metric with the unit's aggregated value. */
export type CsvUnitMapping = {
  unitKey: string;
  variation: string;
  metrics: Record<string, string>;
  firstExposure?: string;
};

export async function aggregateCsvUnits(
  sources: Blob[],
  spec: ExperimentSpec,
  mapping: CsvUnitMapping,
  options: CsvOptions = {},
): Promise<ExperimentData> {
  requireSources(sources);
  const { aggregator } = startAggregation(spec);
  const { signal } = options;
  const names = sources.map(sourceName);
  const totalSize = sources.reduce((sum, blob) => sum + blob.size, 0);
  const progress = new ProgressTracker(2 * totalSize, options.onProgress);
  const variations = new VariationIndex();
  const unit = new Fingerprint();
  const seenUnits = new Set<number>();
  for (const pass of [1, 2] as const) {
    if (pass === 2) {
      aggregator.beginMetricPass();
      progress.pass = 2;
    }
    for (let index = 0; index < sources.length; index++) {
      const file = names[index];
      let unitColumn = -1;
      let variationColumn = -1;
      let timeColumn = -1;
      let metricColumns: number[] = [];
      const outcome = await readCsvFile(
        sources[index],
        file,
        {
          onHeader: (header) => {
            const required: Record<string, string | undefined> = {
              unitKey: mapping.unitKey,
              variation: mapping.variation,
            };
            const columnOf = (key: string) =>
              mapping.metrics && Object.hasOwn(mapping.metrics, key)
                ? mapping.metrics[key]
                : undefined;
            for (const metric of spec.metrics)
              required[`metrics.${metric.key}`] = columnOf(metric.key);
            if (mapping.firstExposure !== undefined) required.firstExposure = mapping.firstExposure;
            requireColumns(file, header, required);
            unitColumn = header.index(mapping.unitKey);
            variationColumn = header.index(mapping.variation);
            timeColumn = header.index(mapping.firstExposure);
            metricColumns = spec.metrics.map((metric) => header.index(columnOf(metric.key)));
          },
          onRow: (row) => {
            if (row.isEmpty(unitColumn)) {
              if (pass === 1) aggregator.skip('no-unit-key');
              return;
            }
            row.fingerprint(unitColumn, unit);
            const variation = variations.of(row, variationColumn);
            if (pass === 1) {
              aggregator.diagnostics.recordsRead++;
              if (variation < 0) return aggregator.skip('no-variation');
              const values = metricColumns.map((column) =>
                row.isEmpty(column) ? 0 : row.number(column),
              );
              const bad = values.findIndex((value) => !Number.isFinite(value));
              if (bad >= 0)
                return aggregator.malformed(
                  file,
                  row.line,
                  `${spec.metrics[bad].key} value "${row.text(metricColumns[bad])}" is not a number`,
                );
              const time = timeColumn >= 0 ? cellTime(row, timeColumn) : NaN;
              aggregator.expose(unit, variation, time);
              return;
            }
            const id = aggregator.units.find(unit);
            if (id < 0 || variation < 0) return;
            if (aggregator.units.armOf(id) < 0) return;
            const values = metricColumns.map((column) =>
              row.isEmpty(column) ? 0 : row.number(column),
            );
            if (!values.every(Number.isFinite)) return;
            if (seenUnits.has(id)) {
              aggregator.diagnostics.duplicatesDropped++;
              return;
            }
            seenUnits.add(id);
            values.forEach((value, metricIndex) => {
              if (value !== 0) aggregator.addUnitValue(id, metricIndex, value);
            });
          },
          onProblem: (line, reason) => {
            if (pass === 1) aggregator.malformed(file, line, reason);
          },
        },
        progress,
        options.delimiter,
        signal,
      );
      if (pass === 1 && outcome.empty) throw new IngestError('invalid-input', `${file} is empty.`);
    }
  }
  throwIfAborted(signal);
  const result = aggregator.finish();
  const armNames = variations.armNames();
  return armNames ? { ...result, armNames } : result;
}
