// Event-level CSV (one row per evaluation or metric event, e.g. exported from the warehouse tables)
// and unit-level CSV (one row per unit), through the same rules as Data Export files: event-level rows
// in one pass (a second one only when the aggregator's stash overflows), unit-level rows in two.
import { startAggregation, type ExperimentAggregator } from './aggregator.ts';
import { equalsTrimmed, Fingerprint, fingerprintBytes, parseNumberBytes } from './bytes.ts';
import { CellMemo, cellBoolean, cellTime, VariationIndex } from './csv-cells.ts';
import { readCsvFile, requireColumns, type CsvColumns, type CsvFileHandlers } from './csv-file.ts';
import type { CsvEventMapping } from './csv-mapping.ts';
import type { CsvRow } from './csv-reader.ts';
import { IngestError, requireSources, sourceName, throwIfAborted } from './errors.ts';
import { MatchTargets } from './match-targets.ts';
import { EventKind, ParsedEvent, ValueState } from './parsed-event.ts';
import { ProgressTracker } from './progress.ts';
import type { ExperimentData, ExperimentSpec, ProgressCallback } from './types.ts';

export type CsvOptions = {
  delimiter?: string;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
  /** for tests: how many metric events may wait for their unit's exposure before a second pass */
  maxStashedEvents?: number;
};

const EVALUATION_KINDS = new Set(['feature', 'evaluation', 'exposure', 'flag']);
const METRIC_KINDS = new Map([
  ['custom', EventKind.Custom],
  ['metric', EventKind.Custom],
  ['click', EventKind.Click],
  ['pageview', EventKind.Pageview],
]);

type Columns = Record<keyof CsvEventMapping, number>;

/** Mapping fields a file may leave out (unitKey and timestamp are always required). */
const OPTIONAL_EVENT_FIELDS = [
  'variation',
  'eventKey',
  'value',
  'flagKey',
  'unitKind',
  'kind',
  'inExperiment',
  'id',
] as const;

function eventColumns(columns: CsvColumns, mapping: CsvEventMapping): Columns {
  const result = {} as Columns;
  for (const field of ['unitKey', 'timestamp', ...OPTIONAL_EVENT_FIELDS] as const) {
    result[field] = columns.index(mapping[field]);
  }
  return result;
}

/** Reads the rows of one event-level file (its columns resolved from the header) into a ParsedEvent. */
class EventRowReader {
  /** Event kinds and in-experiment flags seen, by spelling (see CellMemo). */
  private readonly kinds = new CellMemo();
  private readonly booleans = new CellMemo();

  constructor(
    private readonly c: Columns,
    private readonly targets: MatchTargets,
    private readonly variations: VariationIndex,
  ) {}

  /** Fills `event` from one row; returns a problem text for an unreadable row. */
  read(row: CsvRow, event: ParsedEvent): string | null {
    const { c, targets } = this;
    event.reset();
    // The unit key, time, value and id are read straight from the row's byte ranges (the row's
    // methods would check the column each time); a cell with "" escapes goes through those methods.
    const { bytes, starts, ends, escaped } = row;
    if (c.kind >= 0) event.kind = this.kindOf(row, c.kind);
    else
      event.kind = !row.isEmpty(c.variation)
        ? EventKind.Feature
        : !row.isEmpty(c.eventKey)
          ? EventKind.Custom
          : EventKind.Unknown;
    const unitKey = c.unitKey;
    const kindMatches =
      c.unitKind < 0 || row.isEmpty(c.unitKind) || row.equals(c.unitKind, targets.unitKindBytes);
    event.hasUnit = starts[unitKey] !== ends[unitKey] && kindMatches;
    let unitIsTest: boolean;
    if (escaped[unitKey]) {
      if (event.hasUnit) row.fingerprint(unitKey, event.unit);
      unitIsTest = row.equals(unitKey, targets.testKeyBytes);
    } else {
      if (event.hasUnit) fingerprintBytes(bytes, starts[unitKey], ends[unitKey], event.unit);
      unitIsTest = equalsTrimmed(bytes, starts[unitKey], ends[unitKey], targets.testKeyBytes);
    }
    const timestamp = c.timestamp;
    if (starts[timestamp] !== ends[timestamp]) {
      event.time = cellTime(row, timestamp);
      if (Number.isNaN(event.time)) return `timestamp "${row.text(timestamp)}" is not a date`;
    }
    if (event.kind === EventKind.Feature) {
      event.isFlag = c.flagKey < 0 || row.equals(c.flagKey, targets.flagKeyBytes);
      event.isConnectionTest = row.equals(c.flagKey, targets.testKeyBytes) || unitIsTest;
      event.variation = this.variations.of(row, c.variation);
      // Without an in-experiment column the export is taken as already limited to experiment exposures.
      event.inExperiment = c.inExperiment >= 0 ? this.booleanOf(row, c.inExperiment) : 1;
    } else {
      event.eventKeyIndex = -1;
      for (let k = 0; k < targets.eventKeyBytes.length; k++) {
        if (row.equals(c.eventKey, targets.eventKeyBytes[k])) {
          event.eventKeyIndex = k;
          break;
        }
      }
      event.isConnectionTest = row.equals(c.eventKey, targets.testKeyBytes) || unitIsTest;
      const value = c.value;
      if (value >= 0 && starts[value] !== ends[value]) {
        event.value = escaped[value]
          ? row.number(value)
          : parseNumberBytes(bytes, starts[value], ends[value]);
        event.valueState = Number.isFinite(event.value) ? ValueState.Number : ValueState.Invalid;
        if (event.valueState === ValueState.Invalid && event.eventKeyIndex >= 0)
          return `value "${row.text(value)}" is not a number`;
      }
    }
    const id = c.id;
    if (id >= 0 && starts[id] !== ends[id]) {
      event.hasId = true;
      if (escaped[id]) row.fingerprint(id, event.id);
      else fingerprintBytes(bytes, starts[id], ends[id], event.id);
    }
    return null;
  }

  private kindOf(row: CsvRow, index: number): EventKind {
    const remembered = this.kinds.get(row, index);
    if (remembered !== undefined) return remembered;
    const kindText = row.text(index).trim().toLowerCase();
    const kind = EVALUATION_KINDS.has(kindText)
      ? EventKind.Feature
      : (METRIC_KINDS.get(kindText) ?? EventKind.Unknown);
    this.kinds.remember(row, index, kind);
    return kind;
  }

  private booleanOf(row: CsvRow, index: number): number {
    const remembered = this.booleans.get(row, index);
    if (remembered !== undefined) return remembered;
    const value = cellBoolean(row, index);
    this.booleans.remember(row, index, value);
    return value;
  }
}

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
class EventFileRows implements CsvFileHandlers {
  /** Candidate metric events seen in pass 1 (whether pass 2 must read this file again). */
  found = 0;
  private rowReader: EventRowReader | null = null;

  constructor(
    private readonly file: string,
    private readonly pass: 1 | 2,
    private readonly shared: EventImport,
  ) {}

  onHeader(header: CsvColumns): void {
    const { mapping, spec, targets, variations } = this.shared;
    const required: Record<string, string | undefined> = {
      unitKey: mapping.unitKey,
      timestamp: mapping.timestamp,
    };
    for (const field of OPTIONAL_EVENT_FIELDS) {
      if (mapping[field] !== undefined) required[field] = mapping[field];
    }
    if (mapping.variation === undefined && mapping.kind === undefined)
      required.variation = undefined;
    if (spec.metrics.length > 0 && mapping.eventKey === undefined) required.eventKey = undefined;
    requireColumns(this.file, header, required);
    this.rowReader = new EventRowReader(eventColumns(header, mapping), targets, variations);
  }

  onRow(row: CsvRow): void {
    const { aggregator, event } = this.shared;
    const problem = this.rowReader!.read(row, event);
    if (problem !== null) {
      if (this.pass === 1) aggregator.malformed(this.file, row.line, problem);
      return;
    }
    if (this.pass === 1) {
      if (aggregator.observeRecord(event, this.file, row.line)) this.found++;
    } else if (aggregator.isCandidate(event)) aggregator.observeMetricEvent(event);
  }

  onProblem(line: number, reason: string): void {
    if (this.pass === 1) this.shared.aggregator.malformed(this.file, line, reason);
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
  for (const pass of [1, 2] as const) {
    if (pass === 2) {
      if (!aggregator.twoPass) break;
      aggregator.beginMetricPass(candidates.reduce((sum, found) => sum + found, 0));
      progress.pass = 2;
      progress.totalBytes =
        totalSize + sources.reduce((sum, blob, i) => sum + (candidates[i] > 0 ? blob.size : 0), 0);
    }
    for (let index = 0; index < sources.length; index++) {
      if (pass === 2 && !(candidates[index] > 0)) continue;
      const file = names[index];
      const rows = new EventFileRows(file, pass, shared);
      const outcome = await readCsvFile(
        sources[index],
        file,
        rows,
        progress,
        options.delimiter,
        signal,
      );
      if (pass === 1 && outcome.empty) {
        if (sources.length === 1) throw new IngestError('invalid-input', `${file} is empty.`);
        aggregator.malformed(file, 0, 'empty file');
      }
      candidates[index] = rows.found;
    }
  }
  throwIfAborted(signal);
  const result = aggregator.finish();
  const armNames = variations.armNames();
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
            for (const metric of spec.metrics)
              required[`metrics.${metric.key}`] = mapping.metrics?.[metric.key];
            if (mapping.firstExposure !== undefined) required.firstExposure = mapping.firstExposure;
            requireColumns(file, header, required);
            unitColumn = header.index(mapping.unitKey);
            variationColumn = header.index(mapping.variation);
            timeColumn = header.index(mapping.firstExposure);
            metricColumns = spec.metrics.map((metric) => header.index(mapping.metrics[metric.key]));
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
