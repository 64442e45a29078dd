// Per-arm statistics computed elsewhere (the command line's import of files on one machine) written in
// the warehouse query's result format, so the app imports them the same way: the per-arm statistics
// by UTC day of first exposure (the totals are their sum), every slice value (the import groups the 50
// most frequent, as the browser does), the ratio and CUPED moments, new units per hour and the
// diagnostics.
import type { ArmMetricSummary, Breakdown, ExperimentData } from '../ingest/types.ts';
import { OPTIONAL_ARM_STATISTICS } from '../stats/arm-statistics.ts';
import type { WarehouseDiagnostic } from './query.ts';
import { SNAKE } from './result-breakdowns.ts';

const HEADER = [
  'metric',
  'variation',
  'slice_attribute',
  'slice_value',
  'exposure_day',
  'units',
  'conversions',
  'sum',
  'sum_squares',
  ...OPTIONAL_ARM_STATISTICS.map((name) => SNAKE[name]),
  'diagnostic',
];

const cell = (value: string | number | undefined) => {
  const text = value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

type AttributeBreakdown = Extract<Breakdown, { by: 'attribute' }>;

/**
 * Attributes whose slices cannot be written: values beyond the import's remembered ones were merged
 * into 'other' (import with `sliceCells` as large as `maxSliceValues` to write every value).
 */
export function slicesLeftOut(data: ExperimentData): string[] {
  return attributeBreakdowns(data)
    .filter((breakdown) => breakdown.cells.some((c) => c.group === 'other'))
    .map((breakdown) => breakdown.attribute);
}

function attributeBreakdowns(data: ExperimentData): AttributeBreakdown[] {
  return (data.breakdowns ?? []).filter((b): b is AttributeBreakdown => b.by === 'attribute');
}

function statisticRow(
  metric: string,
  arm: ArmMetricSummary,
  place: { attribute?: string; value?: string; day?: string },
): string {
  return [
    metric,
    arm.variation,
    place.attribute,
    place.value,
    place.day,
    arm.units,
    arm.conversions,
    arm.sum,
    arm.sumSquares,
    ...OPTIONAL_ARM_STATISTICS.map((name) => arm[name]),
    undefined,
  ]
    .map(cell)
    .join(',');
}

/** The rows of `data` (arms as their variation numbers). */
export function resultCsv(data: ExperimentData): string {
  const lines = [HEADER.join(',')];
  const blank = new Array<string>(HEADER.length).fill('');
  const row = (values: Record<string, string | number>) =>
    HEADER.map((name, index) => (name in values ? cell(values[name]) : blank[index])).join(',');
  const days = data.breakdowns?.find((b) => b.by === 'day');
  if (days && days.cells.length > 0) {
    for (const dayCell of days.cells) {
      const day = new Date(Number(dayCell.value)).toISOString().slice(0, 10);
      for (const [metric, arms] of Object.entries(dayCell.metrics))
        for (const arm of arms) lines.push(statisticRow(metric, arm, { day }));
    }
  } else {
    for (const [metric, arms] of Object.entries(data.metrics))
      for (const arm of arms) lines.push(statisticRow(metric, arm, {}));
  }
  const leftOut = new Set(slicesLeftOut(data));
  for (const breakdown of attributeBreakdowns(data)) {
    if (leftOut.has(breakdown.attribute)) continue;
    for (const sliceCell of breakdown.cells) {
      // 'missing': no value at the unit's first exposure, an empty cell as in the query's result.
      const value = sliceCell.group === 'missing' ? undefined : sliceCell.value;
      for (const [metric, arms] of Object.entries(sliceCell.metrics))
        for (const arm of arms)
          lines.push(statisticRow(metric, arm, { attribute: breakdown.attribute, value }));
    }
  }
  // New units per arm and hour of first exposure: rows without a metric, the hour's start as the day.
  for (const hour of data.exposuresByHour)
    for (const [variation, units] of Object.entries(hour.counts))
      lines.push(row({ variation, exposure_day: new Date(hour.hourStart).toISOString(), units }));
  const d = data.diagnostics;
  const counts: [WarehouseDiagnostic, number][] = [
    ['rows_read', d.recordsRead],
    ['units_in_several_arms', d.unitsInSeveralArms],
    ['events_outside_window', d.eventsOutsideWindow],
    ['events_before_exposure', d.eventsBeforeExposure],
    ['duplicates_dropped', d.duplicatesDropped],
    ['events_of_units_not_exposed', d.skipped['unit-not-exposed'] ?? 0],
    ['events_of_units_in_several_arms', d.skipped['unit-in-several-arms'] ?? 0],
    ['events_missing_metric_value', d.skipped['missing-metric-value'] ?? 0],
  ];
  for (const [name, count] of counts) lines.push(row({ units: count, diagnostic: name }));
  return lines.join('\n') + '\n';
}
