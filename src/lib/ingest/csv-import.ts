// Event-level CSV (one row per evaluation or metric event, e.g. exported from the warehouse tables)
// and unit-level CSV (one row per unit), through the same rules as Data Export files: event-level rows
// in one pass (a second one only when the aggregator's stash overflows), unit-level rows in two.
import { ExperimentAggregator } from './aggregator.ts';
import { Fingerprint } from './bytes.ts';
import { cellBoolean, cellTime, VariationIndex } from './csv-cells.ts';
import { readCsvFile, requireColumns, type CsvColumns } from './csv-file.ts';
import type { CsvEventMapping } from './csv-mapping.ts';
import type { CsvRow } from './csv-reader.ts';
import { IngestError, sourceName, throwIfAborted } from './errors.ts';
import { MatchTargets } from './match-targets.ts';
import { EventKind, ParsedEvent, ValueState } from './parsed-event.ts';
import { ProgressTracker } from './progress.ts';
import { validateSpec } from './spec.ts';
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

/** Fills `event` from one event-level row; returns a problem text for an unreadable row. */
function readEventRow(
  row: CsvRow,
  c: Columns,
  targets: MatchTargets,
  variations: VariationIndex,
  event: ParsedEvent,
): string | null {
  event.reset();
  const kindText = c.kind >= 0 ? row.text(c.kind).trim().toLowerCase() : '';
  if (c.kind >= 0) {
    event.kind = EVALUATION_KINDS.has(kindText)
      ? EventKind.Feature
      : (METRIC_KINDS.get(kindText) ?? EventKind.Unknown);
  } else
    event.kind = !row.isEmpty(c.variation)
      ? EventKind.Feature
      : !row.isEmpty(c.eventKey)
        ? EventKind.Custom
        : EventKind.Unknown;
  const kindMatches =
    c.unitKind < 0 || row.isEmpty(c.unitKind) || row.equals(c.unitKind, targets.unitKindBytes);
  event.hasUnit = !row.isEmpty(c.unitKey) && kindMatches;
  if (event.hasUnit) row.fingerprint(c.unitKey, event.unit);
  const unitIsTest = row.equals(c.unitKey, targets.testKeyBytes);
  event.time = cellTime(row, c.timestamp);
  if (Number.isNaN(event.time) && !row.isEmpty(c.timestamp))
    return `timestamp "${row.text(c.timestamp)}" is not a date`;
  if (event.kind === EventKind.Feature) {
    event.isFlag = c.flagKey < 0 || row.equals(c.flagKey, targets.flagKeyBytes);
    event.isConnectionTest = row.equals(c.flagKey, targets.testKeyBytes) || unitIsTest;
    event.variation = variations.of(row, c.variation);
    // Without an in-experiment column the export is taken as already limited to experiment exposures.
    event.inExperiment = c.inExperiment >= 0 ? cellBoolean(row, c.inExperiment) : 1;
  } else {
    event.eventKeyIndex = -1;
    for (let k = 0; k < targets.eventKeyBytes.length; k++) {
      if (row.equals(c.eventKey, targets.eventKeyBytes[k])) {
        event.eventKeyIndex = k;
        break;
      }
    }
    event.isConnectionTest = row.equals(c.eventKey, targets.testKeyBytes) || unitIsTest;
    if (!row.isEmpty(c.value)) {
      event.value = row.number(c.value);
      event.valueState = Number.isFinite(event.value) ? ValueState.Number : ValueState.Invalid;
      if (event.valueState === ValueState.Invalid && event.eventKeyIndex >= 0)
        return `value "${row.text(c.value)}" is not a number`;
    }
  }
  if (c.id >= 0 && !row.isEmpty(c.id)) {
    event.hasId = true;
    row.fingerprint(c.id, event.id);
  }
  return null;
}

function makeAggregator(
  spec: ExperimentSpec,
  maxStashedEvents?: number,
): {
  targets: MatchTargets;
  aggregator: ExperimentAggregator;
} {
  validateSpec(spec);
  const targets = new MatchTargets(
    spec.flagKey,
    spec.randomizationUnit,
    spec.metrics.map((metric) => metric.eventKey),
  );
  const aggregator = new ExperimentAggregator(
    spec,
    spec.metrics.map((metric) => targets.eventKeyIndex(metric.eventKey)),
    { maxStashedEvents },
  );
  return { targets, aggregator };
}

function checkSources(sources: Blob[]): void {
  if (!Array.isArray(sources) || sources.length === 0)
    throw new IngestError('invalid-input', 'No file was given.', 'sources');
}

export async function aggregateCsvEvents(
  sources: Blob[],
  spec: ExperimentSpec,
  mapping: CsvEventMapping,
  options: CsvOptions = {},
): Promise<ExperimentData> {
  checkSources(sources);
  const { targets, aggregator } = makeAggregator(spec, options.maxStashedEvents);
  const { signal } = options;
  const names = sources.map(sourceName);
  const totalSize = sources.reduce((sum, blob) => sum + blob.size, 0);
  const progress = new ProgressTracker(totalSize, options.onProgress);
  const variations = new VariationIndex();
  const event = new ParsedEvent();
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
      let columns: Columns | null = null;
      let found = 0;
      const outcome = await readCsvFile(
        sources[index],
        file,
        {
          onHeader: (header) => {
            const required: Record<string, string | undefined> = {
              unitKey: mapping.unitKey,
              timestamp: mapping.timestamp,
            };
            for (const field of OPTIONAL_EVENT_FIELDS) {
              if (mapping[field] !== undefined) required[field] = mapping[field];
            }
            if (mapping.variation === undefined && mapping.kind === undefined)
              required.variation = undefined;
            if (spec.metrics.length > 0 && mapping.eventKey === undefined)
              required.eventKey = undefined;
            requireColumns(file, header, required);
            columns = eventColumns(header, mapping);
          },
          onRow: (row) => {
            const problem = readEventRow(row, columns!, targets, variations, event);
            if (problem !== null) {
              if (pass === 1) aggregator.malformed(file, row.line, problem);
              return;
            }
            if (pass === 1) {
              if (aggregator.observeRecord(event, file, row.line)) found++;
            } else if (aggregator.isCandidate(event)) aggregator.observeMetricEvent(event);
          },
          onProblem: (line, reason) => {
            if (pass === 1) aggregator.malformed(file, line, reason);
          },
        },
        progress,
        options.delimiter,
        signal,
      );
      if (pass === 1 && outcome.empty) {
        if (sources.length === 1) throw new IngestError('invalid-input', `${file} is empty.`);
        aggregator.malformed(file, 0, 'empty file');
      }
      candidates[index] = found;
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
  checkSources(sources);
  const { aggregator } = makeAggregator(spec);
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
