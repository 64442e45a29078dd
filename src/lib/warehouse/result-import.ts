// The warehouse query's result (CSV, a JSON array or JSON Lines) back into an iteration: the rows
// without a slice are summed over the days into a per-arm summary, which goes through the summary
// import (same checks, arm labels and diagnostics as any summary file); the days become the exposures
// over time (one entry per UTC day) and the breakdowns (by day, by slice: result-breakdowns.ts), and the
// diagnostic rows the import's diagnostics. A row twice, a negative count, a slice the design does not
// have or an arm only slice rows name is refused: nothing is merged that should stay apart.
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
import type { ArmStatistics } from '../stats/arm-statistics.ts';
import { OPTIONAL_ARM_STATISTICS } from '../stats/arm-statistics.ts';
import { DIAGNOSTICS, type WarehouseDiagnostic } from './query.ts';
import {
  optionalFieldsOf,
  SNAKE,
  warehouseBreakdowns,
  type LabelledRow,
  type StatisticRow,
} from './result-breakdowns.ts';
import { checkSlicesAddUp, numberOf, rowPlace, statisticsOf } from './result-rows.ts';

import type { ResultRow } from './result-rows.ts';

export type { ResultRow };

/** A query result is one row per metric × arm × slice × day: a larger file is not one. */
const MAX_RESULT_BYTES = 64 * 1024 * 1024;

const REQUIRED = ['metric', 'variation', 'units', 'sum', 'sum_squares'] as const;

export type WarehouseImport = ExperimentData & {
  /**
   * Per metric and arm label (as in the file): the ratio and CUPED moments the result carried, kept
   * beside the summary until the stored per-arm statistics hold them.
   */
  moments?: Record<string, Record<string, Partial<ArmStatistics>>>;
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
  // Statistic rows for the breakdowns, with their arm label (placed once the labels are known).
  const statisticRows: LabelledRow[] = [];
  const seen = new Set<string>();
  const unitsOfGroup = new Map<string, { metric: string; units: number }>();
  const sliceAttributes = new Set(spec.sliceAttributes ?? []);
  for (const row of rows) {
    const diagnostic = row.get('diagnostic');
    if (diagnostic) {
      if ((DIAGNOSTICS as readonly string[]).includes(diagnostic)) {
        const name = diagnostic as WarehouseDiagnostic;
        const count = numberOf(row, 'units');
        if (diagnosticCounts.has(name))
          throw new IngestError(
            'invalid-input',
            `The result has the diagnostic ${name} twice: import one query's result once.`,
            'diagnostic',
          );
        if (count < 0)
          throw new IngestError(
            'invalid-input',
            `The result's diagnostic ${name} is negative (${count}).`,
            'units',
          );
        diagnosticCounts.set(name, count);
      }
      continue;
    }
    const metric = (row.get('metric') ?? '').trim();
    const variation = row.get('variation') ?? '';
    const attribute = row.get('slice_attribute') ?? null;
    const sliceValue = row.get('slice_value') ?? null;
    const dayText = row.get('exposure_day') ?? null;
    const where = rowPlace(row);
    const key = JSON.stringify([metric, labelKey(variation), attribute, sliceValue, dayText]);
    if (seen.has(key))
      throw new IngestError(
        'invalid-input',
        `The result has two rows ${where}: a query's result has one; import each result once.`,
      );
    seen.add(key);
    if (attribute !== null && !sliceAttributes.has(attribute))
      throw new IngestError(
        'invalid-input',
        `The result slices by "${attribute}", which the design does not slice by: add it to the design's slicing attributes, or run the query generated from the current design.`,
        'slice_attribute',
      );
    const stats = statisticsOf(row, where);
    let day: number | null = null;
    if (dayText) {
      const start = periodStart(dayText);
      if (!Number.isFinite(start))
        throw new IngestError(
          'invalid-input',
          `"${dayText}" is not a day (YYYY-MM-DD) nor an instant.`,
          'exposure_day',
        );
      day = start;
      if (attribute === null) {
        const byPeriod = periods.get(metric) ?? new Map<number, Map<string, number>>();
        periods.set(metric, byPeriod);
        const perArm = byPeriod.get(start) ?? new Map<string, number>();
        byPeriod.set(start, perArm);
        perArm.set(variation, (perArm.get(variation) ?? 0) + stats.get('units')!);
      }
    }
    if (metric === '') continue;
    // Every metric counts the same units: a result whose metrics disagree is not one query's.
    const group = JSON.stringify([labelKey(variation), attribute, sliceValue, dayText]);
    const counted = unitsOfGroup.get(group);
    if (counted === undefined) unitsOfGroup.set(group, { metric, units: stats.get('units')! });
    else if (counted.units !== stats.get('units'))
      throw new IngestError(
        'invalid-input',
        `The result's units ${where} (${stats.get('units')}) differ from metric "${counted.metric}"'s (${counted.units}): every metric counts the same units.`,
        'units',
      );
    statisticRows.push({ metric, label: variation, attribute, value: sliceValue, day, stats });
    if (attribute !== null) continue;
    const arms = totals.get(metric) ?? new Map<string, Totals>();
    totals.set(metric, arms);
    const arm = arms.get(variation) ?? new Map<string, number>();
    arms.set(variation, arm);
    for (const [column, value] of stats) arm.set(column, (arm.get(column) ?? 0) + value);
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
  const breakdowns = breakdownsOf(statisticRows, data, spec, (label) => {
    const arm = armOf(label);
    if (arm === undefined)
      throw new IngestError(
        'invalid-input',
        `The result's slice or day rows name arm "${label}", which no row of the arm's totals has: a result from another query?`,
        'variation',
      );
    return arm;
  });
  checkSlicesAddUp(statisticRows);
  if (breakdowns.length > 0) data.breakdowns = breakdowns;
  const placed = applyArmOptions(data, options);
  data = { ...placed, moments: data.moments };
  return data;
}

/** The breakdowns of the metrics the summary import kept, with the arms placed as it placed them. */
function breakdownsOf(
  rows: LabelledRow[],
  data: ExperimentData,
  spec: ExperimentSpec,
  armOf: (label: string) => number,
) {
  const metrics = new Map(
    spec.metrics
      .filter((metric) => data.metrics[metric.key] !== undefined)
      .map((metric) => [metric.key, optionalFieldsOf(data.metrics[metric.key])]),
  );
  const placed: StatisticRow[] = rows
    .filter((row) => metrics.has(row.metric) && (row.day !== null || row.attribute !== null))
    .map(({ label, ...row }) => ({ ...row, arm: armOf(label) }));
  const present = new Set(placed.map((row) => row.attribute));
  const breakdowns = warehouseBreakdowns(placed, {
    arms: data.arms.map((arm) => arm.variation).sort((a, b) => a - b),
    metrics,
    attributes: (spec.sliceAttributes ?? []).filter((attribute) => present.has(attribute)),
  });
  // A result without days (the command line's) has no day breakdown.
  return breakdowns.filter((breakdown) => breakdown.by !== 'day' || breakdown.cells.length > 0);
}
