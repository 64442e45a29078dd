// Event-level CSV (one row per evaluation or metric event, e.g. exported from the warehouse tables)
// and unit-level CSV (one row per unit), through the same rules as Data Export files: event-level rows
// in one pass (a second one only when the aggregator's stash overflows), unit-level rows in two.
import { hasDenominator, metricKind } from '../metric-kinds/index.ts';
import { startAggregation, type ExperimentAggregator, type SliceOptions } from './aggregator.ts';
import { applyArmOptions, checkVariations, labelArms, type ArmOptions } from './arm-matching.ts';
import { Fingerprint } from './bytes.ts';
import {
  denominatorColumnOf,
  denominatorProblems,
  preColumnOf,
  prePeriodProblems,
  UnitCovariates,
} from './unit-covariates.ts';
import { cellBoolean, cellTime, VariationIndex } from './csv-cells.ts';
import { eventRowReader, type EventRowReader } from './csv-event-rows.ts';
import { readCsvFile, requireColumns, type CsvColumns, type CsvFileHandlers } from './csv-file.ts';
import type { CsvEventMapping } from './csv-mapping.ts';
import type { ParserPort } from './csv-parser-protocol.ts';
import type { CsvRow } from './csv-reader.ts';
import { RemoteCsvParser, type BatchSink } from './csv-remote-parse.ts';
import { IngestError, requireSources, sourceName, throwIfAborted } from './errors.ts';
import { EventBatchReader, type EventBatch } from './event-batch.ts';
import type { MatchTargets } from './match-targets.ts';
import { INVALID_VARIATION, ParsedEvent, type SliceValueSource } from './parsed-event.ts';
import { sliceText } from './slice-values.ts';
import { ProgressTracker } from './progress.ts';
import type { ExperimentData, ExperimentSpec, ProgressCallback } from './types.ts';

export type CsvOptions = ArmOptions &
  SliceOptions & {
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
  const { targets, aggregator } = startAggregation(spec, {
    maxStashedEvents: options.maxStashedEvents,
    maxSliceValues: options.maxSliceValues,
    sliceCells: options.sliceCells,
  });
  if (options.variations !== undefined) checkVariations(options.variations);
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
  // The parser thread hands over parsed events, not rows: slicing attributes are read in this thread.
  const slicing = (spec.sliceAttributes ?? []).length > 0;
  const remote =
    options.parser && !slicing
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
  const { recordsRead, malformedCount } = aggregator.diagnostics;
  if (recordsRead === 0 && malformedCount > 0) throw noRowRead(names, aggregator);
  const result = aggregator.finish();
  const labels = remote ? remote.armLabels : variations.labels;
  const labelled = labelArms(result, (slot) => labels[slot] ?? String(slot), 'labels');
  return applyArmOptions(labelled, options);
}

/**
 * One row per unit (or several: see repeatedUnits): unit key, arm, one column per metric with the
 * unit's value (a number, or TRUE/FALSE, yes/no, t/f, 1/0; an empty cell is a missing value).
 */
export type CsvUnitMapping = {
  unitKey: string;
  variation: string;
  metrics: Record<string, string>;
  firstExposure?: string;
  /**
   * CUPED: per metric key, the column with the unit's value of that metric before exposure (optional).
   * An empty cell counts as 0 (no pre-period activity), counted under missingPrePeriodReason.
   */
  preMetrics?: Record<string, string>;
  /**
   * Ratio metrics: per metric key, the column with the unit's denominator (orders, sessions); the
   * metric's column is then the numerator. An empty cell counts as 0, counted under
   * missingDenominatorReason.
   */
  denominators?: Record<string, string>;
  /**
   * Several rows for one unit (e.g. one per week): 'combine' (the default) by each metric's
   * aggregation — a sum adds them, an average averages them, a conversion is "at least one" — or
   * 'first': keep the unit's first row and count the others in duplicatesDropped.
   */
  repeatedUnits?: RepeatedUnits;
};

export type RepeatedUnits = 'combine' | 'first';

/** The choices for repeatedUnits, as the UI shows them. */
export const REPEATED_UNIT_CHOICES: readonly { value: RepeatedUnits; label: string }[] = [
  {
    value: 'combine',
    label: 'Combine a unit’s rows (sums add, averages average, a conversion is at least one)',
  },
  { value: 'first', label: 'Keep a unit’s first row; count the others as duplicates' },
];

/** The skipped-reason under which empty cells of a metric are counted. */
export const missingValueReason = (metricKey: string) => `missing-value:${metricKey}`;

/** The skipped-reason under which empty pre-period cells of a metric are counted (each taken as 0). */
export const missingPrePeriodReason = (metricKey: string) => `missing-pre-period:${metricKey}`;

/** The skipped-reason under which empty denominator cells of a ratio metric are counted (each taken as 0). */
export const missingDenominatorReason = (metricKey: string) => `missing-denominator:${metricKey}`;

/** A unit-level metric cell: a number, or a boolean spelling as 1/0; NaN when unreadable, null when empty. */
function unitValue(row: CsvRow, column: number): number | null {
  if (row.isEmpty(column)) return null;
  const number = row.number(column);
  if (Number.isFinite(number)) return number;
  const truth = cellBoolean(row, column);
  return truth >= 0 ? truth : NaN;
}

/** The rows of one unit-level file in one of the two passes (1: arms; 2: values). */
class UnitFileRows implements CsvFileHandlers, SliceValueSource {
  private unitColumn = -1;
  private sliceColumns: number[] = [];
  /** The row being read, for its slicing attributes. */
  private row: CsvRow | null = null;
  private variationColumn = -1;
  private timeColumn = -1;
  private metricColumns: number[] = [];
  /** Per metric: its pre-period column, -1 when none is mapped. */
  private preColumns: number[] = [];
  /** Per metric: its denominator column (ratio metrics), -1 when none is mapped. */
  private denominatorColumns: number[] = [];
  private readonly values: (number | null)[];
  private readonly preValues: (number | null)[];
  private readonly denominatorValues: (number | null)[];
  /** Per metric: why a value cannot be one of its kind's (negative conversions), or null. */
  private readonly valueProblems: ((value: number) => string | null)[];
  private readonly unit = new Fingerprint();

  constructor(
    private readonly file: string,
    private readonly pass: 1 | 2,
    private readonly shared: UnitImport,
  ) {
    this.values = shared.spec.metrics.map(() => null);
    this.preValues = shared.spec.metrics.map(() => null);
    this.denominatorValues = shared.spec.metrics.map(() => null);
    this.valueProblems = shared.spec.metrics.map((metric) => metricKind(metric.kind).valueProblem);
  }

  onHeader(header: CsvColumns): void {
    const { mapping, spec } = this.shared;
    const required: Record<string, string | undefined> = {
      unitKey: mapping.unitKey,
      variation: mapping.variation,
    };
    for (const metric of spec.metrics)
      required[`metrics.${metric.key}`] = metricColumnOf(mapping, metric.key);
    for (const metric of spec.metrics) {
      const pre = preColumnOf(mapping, metric.key);
      if (pre !== undefined) required[`preMetrics.${metric.key}`] = pre;
      const denominator = denominatorColumnOf(mapping, metric.key);
      if (denominator !== undefined) required[`denominators.${metric.key}`] = denominator;
    }
    if (mapping.firstExposure !== undefined) required.firstExposure = mapping.firstExposure;
    requireColumns(this.file, header, required);
    this.unitColumn = header.index(mapping.unitKey);
    this.variationColumn = header.index(mapping.variation);
    this.timeColumn = header.index(mapping.firstExposure);
    this.metricColumns = spec.metrics.map((metric) =>
      header.index(metricColumnOf(mapping, metric.key)),
    );
    this.preColumns = spec.metrics.map((metric) => {
      const pre = preColumnOf(mapping, metric.key);
      return pre === undefined ? -1 : header.index(pre);
    });
    this.denominatorColumns = spec.metrics.map((metric) => {
      const denominator = denominatorColumnOf(mapping, metric.key);
      return denominator === undefined ? -1 : header.index(denominator);
    });
    this.sliceColumns = (spec.sliceAttributes ?? []).map((attribute) => header.index(attribute));
  }

  readSliceValues(attributes: string[], into: (string | undefined)[]): void {
    const row = this.row;
    if (row === null) return;
    for (let a = 0; a < attributes.length; a++)
      into[a] = sliceText(row.text(this.sliceColumns[a]).trim());
  }

  /** Reads the row's metric values into `values`; the problem text of a value it cannot take, or null. */
  private readValues(row: CsvRow): string | null {
    const metrics = this.shared.spec.metrics;
    for (let m = 0; m < metrics.length; m++) {
      const column = this.metricColumns[m];
      const value = unitValue(row, column);
      if (value !== null && Number.isNaN(value))
        return `${metrics[m].key} value "${row.text(column)}" is not a number nor true/false`;
      const problem = value === null ? null : this.valueProblems[m](value);
      if (problem !== null) return `${metrics[m].key} value ${problem}`;
      this.values[m] = value;
      const preProblem = this.readCompanion(row, this.preColumns[m], m, 'pre-period value');
      if (preProblem !== null) return preProblem;
      this.preValues[m] = this.companion;
      const denominatorProblem = this.readCompanion(
        row,
        this.denominatorColumns[m],
        m,
        'denominator',
      );
      if (denominatorProblem !== null) return denominatorProblem;
      this.denominatorValues[m] = this.companion;
    }
    return null;
  }

  /** The last companion cell read by readCompanion (null: empty or no column). */
  private companion: number | null = null;

  /**
   * Reads metric m's pre-period or denominator cell into `companion`; the problem text when it is not
   * a number (nor true/false) or a value the metric cannot take (a negative count or denominator).
   */
  private readCompanion(row: CsvRow, column: number, m: number, what: string): string | null {
    this.companion = null;
    if (column < 0) return null;
    const key = this.shared.spec.metrics[m].key;
    const value = unitValue(row, column);
    if (value === null) return null;
    if (Number.isNaN(value))
      return `${key} ${what} "${row.text(column)}" is not a number nor true/false`;
    const problem =
      what === 'denominator' && value < 0
        ? `${value} is negative: a ratio's denominator counts (0 or more)`
        : this.valueProblems[m](value);
    if (problem !== null) return `${key} ${what} ${problem}`;
    this.companion = value;
    return null;
  }

  onRow(row: CsvRow): void {
    const { aggregator, variations, spec } = this.shared;
    const first = this.pass === 1;
    if (row.isEmpty(this.unitColumn)) {
      if (first) aggregator.skip('no-unit-key');
      return;
    }
    row.fingerprint(this.unitColumn, this.unit);
    const variation = variations.of(row, this.variationColumn);
    if (first) aggregator.diagnostics.recordsRead++;
    if (variation === INVALID_VARIATION) {
      if (first) aggregator.malformed(this.file, row.line, variations.problem);
      return;
    }
    if (variation < 0) {
      if (first) aggregator.skip('no-variation');
      return;
    }
    const problem = this.readValues(row);
    if (problem !== null) {
      if (first) aggregator.malformed(this.file, row.line, problem);
      return;
    }
    if (first) {
      this.shared.validRows++;
      const time = this.timeColumn >= 0 ? cellTime(row, this.timeColumn) : NaN;
      this.row = row;
      aggregator.expose(this.unit, variation, time, this);
      this.row = null;
      spec.metrics.forEach((metric, m) => {
        if (this.values[m] === null) aggregator.skip(missingValueReason(metric.key));
        if (this.preColumns[m] >= 0 && this.preValues[m] === null)
          aggregator.skip(missingPrePeriodReason(metric.key));
        if (this.denominatorColumns[m] >= 0 && this.denominatorValues[m] === null)
          aggregator.skip(missingDenominatorReason(metric.key));
      });
      return;
    }
    const id = aggregator.units.find(this.unit);
    if (id < 0 || aggregator.units.armOf(id) < 0) return;
    if (this.shared.mapping.repeatedUnits === 'first') {
      if (this.shared.seenUnits.has(id)) {
        aggregator.diagnostics.duplicatesDropped++;
        return;
      }
      this.shared.seenUnits.add(id);
    }
    this.values.forEach((value, m) => {
      if (value !== null) aggregator.addUnitValue(id, m, value);
    });
    if (this.shared.covariates.active)
      this.shared.covariates.addRow(
        id,
        variation,
        this.values,
        this.preValues,
        this.denominatorValues,
        this.sliceColumns.map((column) => sliceText(row.text(column).trim())),
      );
  }

  onProblem(line: number, reason: string): void {
    if (this.pass === 1) this.shared.aggregator.malformed(this.file, line, reason);
  }
}

/** What the files of one unit-level import share. */
type UnitImport = {
  spec: ExperimentSpec;
  mapping: CsvUnitMapping;
  aggregator: ExperimentAggregator;
  variations: VariationIndex;
  seenUnits: Set<number>;
  validRows: number;
  covariates: UnitCovariates;
};

export async function aggregateCsvUnits(
  sources: Blob[],
  spec: ExperimentSpec,
  mapping: CsvUnitMapping,
  options: CsvOptions = {},
): Promise<ExperimentData> {
  requireSources(sources);
  // A unit-level file has no events before exposure: a pre-period comes only from a mapped column.
  const { aggregator } = startAggregation(
    { ...spec, covariateDays: undefined },
    { maxSliceValues: options.maxSliceValues, sliceCells: options.sliceCells },
  );
  const ratio = spec.metrics.find(
    (metric) =>
      hasDenominator(metric) && denominatorColumnOf(mapping ?? {}, metric.key) === undefined,
  );
  if (ratio)
    throw new IngestError(
      'invalid-input',
      `Ratio metric "${ratio.key}" needs its numerator and denominator events: map the column with each unit's denominator (mapping.denominators) beside its numerator column, or import event-level data (a Data Export file or an events CSV), or a summary with its denominator columns.`,
      'spec.metrics',
    );
  if (options.variations !== undefined) checkVariations(options.variations);
  const repeated = mapping?.repeatedUnits;
  if (repeated !== undefined && repeated !== 'combine' && repeated !== 'first')
    throw new IngestError(
      'invalid-input',
      "Several rows of one unit are either combined ('combine') or the first is kept ('first').",
      'mapping.repeatedUnits',
    );
  const preProblem = [
    ...prePeriodProblems(spec.metrics, mapping ?? {}),
    ...denominatorProblems(spec.metrics, mapping ?? {}),
  ][0];
  if (preProblem !== undefined)
    throw new IngestError(
      'invalid-input',
      preProblem.message,
      `mapping.${preProblem.field}.${preProblem.key}`,
    );
  const { signal } = options;
  const names = sources.map(sourceName);
  const totalSize = sources.reduce((sum, blob) => sum + blob.size, 0);
  const progress = new ProgressTracker(2 * totalSize, options.onProgress);
  const shared: UnitImport = {
    spec,
    mapping,
    aggregator,
    variations: new VariationIndex(),
    seenUnits: new Set<number>(),
    validRows: 0,
    covariates: new UnitCovariates(
      spec.metrics,
      spec.metrics.map((metric) => preColumnOf(mapping, metric.key) !== undefined),
      spec.metrics.map((metric) => denominatorColumnOf(mapping, metric.key) !== undefined),
    ),
  };
  for (const pass of [1, 2] as const) {
    if (pass === 2) {
      if (shared.validRows === 0) throw noValidRows(names, aggregator);
      aggregator.beginMetricPass();
      shared.covariates.begin(
        aggregator.units.size,
        spec.sliceAttributes ?? [],
        options.maxSliceValues,
      );
      progress.pass = 2;
    }
    for (let index = 0; index < sources.length; index++) {
      const file = names[index];
      const rows = new UnitFileRows(file, pass, shared);
      const outcome = await readCsvFile(
        sources[index],
        file,
        rows,
        progress,
        options.delimiter,
        signal,
      );
      if (pass === 1 && outcome.empty) throw new IngestError('invalid-input', `${file} is empty.`);
    }
  }
  throwIfAborted(signal);
  const result = aggregator.finish();
  shared.covariates.fill(result, aggregator.units);
  const labelled = labelArms(result, (slot) => shared.variations.labels[slot], 'labels');
  return applyArmOptions(labelled, options);
}

/** The error of an event-level import none of whose rows could be read. */
function noRowRead(files: string[], aggregator: ExperimentAggregator): IngestError {
  const { malformed, malformedCount } = aggregator.diagnostics;
  const first = malformed[0];
  const what = files.length === 1 ? files[0] : `${files.length} files`;
  return new IngestError(
    'invalid-input',
    `No row of ${what} could be read: ${malformedCount} row${malformedCount === 1 ? ' was' : 's were'} refused (first: ${first.file} line ${first.line}: ${first.reason}).`,
  );
}

/** The error of a unit-level import that read no row it could use: what became of the rows. */
function noValidRows(files: string[], aggregator: ExperimentAggregator): IngestError {
  const { recordsRead, malformed, malformedCount, skipped } = aggregator.diagnostics;
  const what = files.length === 1 ? files[0] : `${files.length} files`;
  const parts: string[] = [];
  if (malformedCount > 0) {
    const first = malformed[0];
    parts.push(
      `${malformedCount} row${malformedCount === 1 ? ' was' : 's were'} refused (first: ${first.file} line ${first.line}: ${first.reason})`,
    );
  }
  for (const [reason, count] of Object.entries(skipped))
    if (reason === 'no-unit-key' || reason === 'no-variation') parts.push(`${count} ${reason}`);
  return new IngestError(
    'invalid-input',
    `No row of ${what} could be used (${recordsRead} read${parts.length > 0 ? '; ' + parts.join('; ') : ''}).`,
  );
}

/** The column mapped to a metric: an own key only, so a metric keyed "__proto__" or "constructor" is not read off Object.prototype. */
function metricColumnOf(
  mapping: { metrics?: Record<string, string> },
  key: string,
): string | undefined {
  return mapping.metrics && Object.hasOwn(mapping.metrics, key) ? mapping.metrics[key] : undefined;
}
