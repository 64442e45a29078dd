// The warehouse query's result (CSV, a JSON array or JSON Lines) back into an iteration: the rows
// without a slice are summed over the days into a per-arm summary, which goes through the summary
// import (same checks, arm labels and diagnostics as any summary file); the days become the exposures
// over time (one entry per UTC day) and the diagnostic rows the import's diagnostics.
import { applyArmOptions, labelKey, type ArmOptions } from '../ingest/arm-matching.ts';
import { readCsvFile } from '../ingest/csv-file.ts';
import { IngestError, requireSources, sourceName, throwIfAborted } from '../ingest/errors.ts';
import { ProgressTracker } from '../ingest/progress.ts';
import { aggregateSummaryCsv } from '../ingest/summary-import.ts';
import {
  keyedRecord,
  type ExperimentData,
  type ExperimentSpec,
  type HourlyExposures,
  type ProgressCallback,
} from '../ingest/types.ts';
import type { ArmStatistics, OptionalArmStatistic } from '../stats/arm-statistics.ts';
import { OPTIONAL_ARM_STATISTICS } from '../stats/arm-statistics.ts';
import { DIAGNOSTICS, type WarehouseDiagnostic } from './query.ts';

/** A result row: lower-case column name → cell text (null: empty or JSON null). */
export type ResultRow = Map<string, string | null>;

/** A query result is one row per metric × arm × slice × day: a larger file is not one. */
const MAX_RESULT_BYTES = 64 * 1024 * 1024;

const REQUIRED = ['metric', 'variation', 'units', 'sum', 'sum_squares'] as const;

const SNAKE: Record<OptionalArmStatistic, string> = {
  denominatorSum: 'denominator_sum',
  denominatorSumSquares: 'denominator_sum_squares',
  crossSum: 'cross_sum',
  covariateSum: 'covariate_sum',
  covariateSumSquares: 'covariate_sum_squares',
  covariateCrossSum: 'covariate_cross_sum',
};

export type WarehouseImport = ExperimentData & {
  /**
   * Per metric and arm label (as in the file): the ratio and CUPED moments the result carried, kept
   * beside the summary until the stored per-arm statistics hold them.
   */
  moments?: Record<string, Record<string, Partial<ArmStatistics>>>;
  /** Per metric, slicing attribute and value: per-arm units, Σy, Σy² (arm labels as in the file). */
  slices?: {
    metric: string;
    attribute: string;
    value: string | null;
    variation: string;
    units: number;
    sum: number;
    sumSquares: number;
  }[];
};

async function* jsonRows(blob: Blob, file: string): AsyncGenerator<Record<string, unknown>> {
  const text = (await blob.text()).trim();
  const values: unknown[] = [];
  try {
    if (text.startsWith('[')) values.push(...(JSON.parse(text) as unknown[]));
    else
      for (const line of text.split(/\r?\n/)) if (line.trim() !== '') values.push(JSON.parse(line));
  } catch (error) {
    throw new IngestError('parse-error', `${file} is not JSON: ${(error as Error).message}`);
  }
  for (const value of values) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new IngestError(
        'invalid-input',
        `${file}: every JSON row must be an object of columns.`,
      );
    yield value as Record<string, unknown>;
  }
}

async function startsLikeJson(blob: Blob): Promise<boolean> {
  const head = await blob.slice(0, 64).text();
  return /^\s*[[{]/.test(head.replace(/^\uFEFF/, ''));
}

/** Reads every row of the result files (small by construction: statistics, not events). */
export async function readResultRows(
  sources: Blob[],
  progress: ProgressTracker,
  signal?: AbortSignal,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (let index = 0; index < sources.length; index++) {
    const blob = sources[index];
    const file = sourceName(blob, index);
    if (blob.size > MAX_RESULT_BYTES)
      throw new IngestError(
        'invalid-input',
        `${file} is larger than a warehouse query result (${MAX_RESULT_BYTES / 1024 / 1024} MB at most: one row per metric, arm, slice and day); import event files as Data Export or event-level CSV instead.`,
      );
    if (await startsLikeJson(blob)) {
      for await (const object of jsonRows(blob, file)) {
        const row: ResultRow = new Map();
        for (const [name, value] of Object.entries(object))
          row.set(
            name.trim().toLowerCase(),
            value === null || value === undefined ? null : String(value),
          );
        rows.push(row);
      }
      progress.addBytes(blob.size);
      continue;
    }
    let names: string[] = [];
    const outcome = await readCsvFile(
      blob,
      file,
      {
        onHeader: (header) => {
          names = header.headers.map((name) => name.trim().toLowerCase());
        },
        onRow: (row) => {
          const out: ResultRow = new Map();
          names.forEach((name, i) => out.set(name, row.isEmpty(i) ? null : row.text(i)));
          rows.push(out);
        },
        onProblem: (line, reason) => {
          throw new IngestError('parse-error', `${file}, line ${line}: ${reason}`);
        },
      },
      progress,
      undefined,
      signal,
    );
    if (outcome.empty) throw new IngestError('invalid-input', `${file} is empty.`);
  }
  if (rows.length > 0) {
    const missing = REQUIRED.filter((column) => !rows[0].has(column));
    if (missing.length > 0)
      throw new IngestError(
        'invalid-input',
        `This is not a warehouse query result: missing columns ${missing.join(', ')}.`,
        missing[0],
      );
  }
  return rows;
}

/** A header that is the warehouse query's result (case aside). */
export function isWarehouseResult(headers: readonly string[]): boolean {
  const names = new Set(headers.map((name) => name.trim().toLowerCase()));
  return ['exposure_day', 'diagnostic', ...REQUIRED].every((name) => names.has(name));
}

/** A day (YYYY-MM-DD, UTC) or an instant; a date-time without a zone is UTC, as the query writes it. */
export function periodStart(text: string): number {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return Date.parse(`${trimmed}T00:00:00Z`);
  const iso = trimmed.replace(' ', 'T');
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`);
}

function numberOf(row: ResultRow, column: string): number {
  const text = row.get(column);
  const value = text === null || text === undefined ? NaN : Number(text);
  if (!Number.isFinite(value))
    throw new IngestError(
      'invalid-input',
      `The result's ${column} for metric "${row.get('metric')}", arm "${row.get('variation')}" is not a number ("${text ?? ''}").`,
      column,
    );
  return value;
}

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

type Totals = Map<string, number>;

/**
 * The result files → the iteration's per-arm statistics, exposures per day and diagnostics, through
 * the summary import. `options.variations` places the arms on the design's variations.
 */
export async function importWarehouseResult(
  sources: Blob[],
  spec: ExperimentSpec,
  options: ArmOptions & { onProgress?: ProgressCallback; signal?: AbortSignal } = {},
): Promise<WarehouseImport> {
  requireSources(sources);
  const progress = new ProgressTracker(
    sources.reduce((sum, blob) => sum + blob.size, 0),
    options.onProgress,
  );
  const rows = await readResultRows(sources, progress, options.signal);
  throwIfAborted(options.signal);
  const diagnosticCounts = new Map<WarehouseDiagnostic, number>();
  // metric → variation label → column → total (rows without a slice, over the days)
  const totals = new Map<string, Map<string, Totals>>();
  // metric → period start → variation label → units; metric '' holds exposure rows (the command line's
  // hours: rows with no metric whose exposure_day is an instant)
  const periods = new Map<string, Map<number, Map<string, number>>>();
  const slices: NonNullable<WarehouseImport['slices']> = [];
  for (const row of rows) {
    const diagnostic = row.get('diagnostic');
    if (diagnostic) {
      if ((DIAGNOSTICS as readonly string[]).includes(diagnostic))
        diagnosticCounts.set(
          diagnostic as WarehouseDiagnostic,
          (diagnosticCounts.get(diagnostic as WarehouseDiagnostic) ?? 0) + numberOf(row, 'units'),
        );
      continue;
    }
    const metric = row.get('metric') ?? '';
    const variation = row.get('variation') ?? '';
    const dayText = row.get('exposure_day');
    if (dayText) {
      const start = periodStart(dayText);
      if (!Number.isFinite(start))
        throw new IngestError(
          'invalid-input',
          `"${dayText}" is not a day (YYYY-MM-DD) nor an instant.`,
          'exposure_day',
        );
      if (!row.get('slice_attribute')) {
        const byPeriod = periods.get(metric) ?? new Map<number, Map<string, number>>();
        periods.set(metric, byPeriod);
        const perArm = byPeriod.get(start) ?? new Map<string, number>();
        byPeriod.set(start, perArm);
        perArm.set(variation, (perArm.get(variation) ?? 0) + numberOf(row, 'units'));
      }
    }
    if (metric === '') continue;
    const attribute = row.get('slice_attribute');
    if (attribute) {
      slices.push({
        metric,
        attribute,
        value: row.get('slice_value') ?? null,
        variation,
        units: numberOf(row, 'units'),
        sum: numberOf(row, 'sum'),
        sumSquares: numberOf(row, 'sum_squares'),
      });
      continue;
    }
    const arms = totals.get(metric) ?? new Map<string, Totals>();
    totals.set(metric, arms);
    const arm = arms.get(variation) ?? new Map<string, number>();
    arms.set(variation, arm);
    const columns = [
      'units',
      'sum',
      'sum_squares',
      ...(row.get('conversions') != null ? ['conversions'] : []),
    ];
    for (const column of [...columns, ...Object.values(SNAKE)])
      if (columns.includes(column) || (row.get(column) ?? null) !== null)
        arm.set(column, (arm.get(column) ?? 0) + numberOf(row, column));
  }
  // The summary the summary reader reads, with the ratio and CUPED columns: it keeps those the
  // metric's kind uses.
  const optional = Object.values(SNAKE);
  const summary = [['metric,variation,units,conversions,sum,sum_squares', ...optional].join(',')];
  for (const [metric, arms] of totals)
    for (const [variation, arm] of arms)
      summary.push(
        [
          csvCell(metric),
          csvCell(variation),
          arm.get('units'),
          arm.get('conversions') ?? '',
          arm.get('sum'),
          arm.get('sum_squares'),
          ...optional.map((column) => arm.get(column) ?? ''),
        ].join(','),
      );
  const file = sourceName(sources[0], 0);
  let data: WarehouseImport = await aggregateSummaryCsv(
    [new File([summary.join('\n')], file)],
    spec,
    { signal: options.signal },
  );
  // Losses are judged against the rows the query looked at (older results: the result's rows).
  data.diagnostics.recordsRead = diagnosticCounts.get('rows_read') ?? rows.length;
  const d = data.diagnostics;
  const count = (name: WarehouseDiagnostic) => diagnosticCounts.get(name) ?? 0;
  d.unitsInSeveralArms = count('units_in_several_arms');
  d.duplicatesDropped = count('duplicates_dropped');
  d.eventsBeforeExposure = count('events_before_exposure');
  d.eventsOutsideWindow = count('events_outside_window');
  const skips: [WarehouseDiagnostic, string][] = [
    ['events_of_units_not_exposed', 'unit-not-exposed'],
    ['events_of_units_in_several_arms', 'unit-in-several-arms'],
    ['events_missing_metric_value', 'missing-metric-value'],
  ];
  for (const [name, reason] of skips) if (count(name) > 0) d.skipped[reason] = count(name);

  // Arm labels → the summary import's arm indices (labels told apart as it tells them).
  const armOfLabel = new Map(
    (data.armLabels ?? []).map((label, index) => [labelKey(label), index]),
  );
  const armOf = (label: string) => armOfLabel.get(labelKey(label));
  const days =
    periods.get('') ??
    spec.metrics.map((metric) => periods.get(metric.key)).find((found) => found !== undefined) ??
    new Map<number, Map<string, number>>();
  const exposures: HourlyExposures[] = [...days.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([day, perArm]) => {
      const counts: Record<number, number> = {};
      for (const [label, units] of perArm) {
        const arm = armOf(label);
        if (arm !== undefined) counts[arm] = (counts[arm] ?? 0) + units;
      }
      return { hourStart: day, counts };
    });
  data.exposuresByHour = exposures;
  // The summary import reads a conversion metric's Σy as its converted units and keeps converted units
  // for conversion metrics only; the query has exact Σy, Σy² and converted units for every kind (a
  // conversion summed per unit is a count).
  const labels = data.armLabels ?? [];
  for (const [metric, summaries] of Object.entries(data.metrics))
    for (const summary of summaries) {
      const arm = totals.get(metric)?.get(labels[summary.variation] ?? '');
      if (!arm) continue;
      summary.sum = arm.get('sum') ?? summary.sum;
      summary.sumSquares = arm.get('sum_squares') ?? summary.sumSquares;
      summary.conversions = arm.get('conversions') ?? summary.conversions;
    }
  const moments = keyedRecord<Record<string, Partial<ArmStatistics>>>();
  for (const [metric, arms] of totals)
    for (const [label, arm] of arms) {
      const extra: Partial<ArmStatistics> = {};
      for (const field of OPTIONAL_ARM_STATISTICS)
        if (arm.has(SNAKE[field])) extra[field] = arm.get(SNAKE[field]);
      if (Object.keys(extra).length > 0) (moments[metric] ??= keyedRecord())[label] = extra;
    }
  if (Object.keys(moments).length > 0) data.moments = moments;
  if (slices.length > 0) data.slices = slices;
  const placed = applyArmOptions(data, options);
  data = { ...placed, moments: data.moments, slices: data.slices };
  return data;
}
