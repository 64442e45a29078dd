// Per-arm statistics computed elsewhere (the command line's import of files on one machine) written in
// the warehouse query's result format, so the app imports them the same way, diagnostics included.
import type { ExperimentData } from '../ingest/types.ts';
import type { WarehouseDiagnostic } from './query.ts';

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
  'diagnostic',
];

const cell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The rows of `data` (arms as their variation numbers; one row per metric and arm, no day). */
export function resultCsv(data: ExperimentData): string {
  const lines = [HEADER.join(',')];
  for (const [metric, arms] of Object.entries(data.metrics))
    for (const arm of arms)
      lines.push(
        [metric, arm.variation, '', '', '', arm.units, arm.conversions, arm.sum, arm.sumSquares, '']
          .map(cell)
          .join(','),
      );
  // New units per arm and hour of first exposure: rows without a metric, the hour's start as the day.
  for (const hour of data.exposuresByHour)
    for (const [variation, units] of Object.entries(hour.counts))
      lines.push(
        ['', variation, '', '', new Date(hour.hourStart).toISOString(), units, '', '', '', ''].join(
          ',',
        ),
      );
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
  for (const [name, count] of counts)
    lines.push(['', '', '', '', '', count, '', '', '', name].join(','));
  return lines.join('\n') + '\n';
}
