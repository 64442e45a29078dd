// One iteration's results as a table: raw numbers for CSV (full precision, for further analysis) and
// formatted text for Markdown (as the results page shows them).
import {
  columnSpan,
  formatCount,
  formatInterval,
  formatLoss,
  formatMass,
  formatProbability,
  formatPValue,
  formatRelative,
  formatRelativeInterval,
  formatValue,
  lossDecimals,
  type ValueUnit,
} from '../format/index.ts';
import type { ArmResult } from '../stats/types.ts';
import type { Comparison } from '../analysis/frequentist-view.ts';
import type { FrequentistWording } from '../analysis/frequentist-wording.ts';
import { toCsv, type CsvCell } from './csv.ts';
import { markdownCell, toMarkdownTable, type Alignment } from './markdown.ts';
import { slicesCsvRows, slicesMarkdown, type ExportedSlices } from './slice-table.ts';

export type ExportedArm = {
  name: string;
  isControl: boolean;
  units: number;
  /** Conversion metrics (beta–binomial). */
  conversions?: number;
  /** Numeric metrics: the total of the per-unit values. */
  sum?: number;
  /** null when the metric could not be analysed. */
  result: ArmResult | null;
  /** The frequentist comparison with the control (frequentist modes, treatment arms only). */
  frequentist?: Comparison | null;
};

/** What a metric is for in the design (src/lib/domain/types.ts MetricRole). */
export type ExportedMetricRole = 'primary' | 'secondary' | 'guardrail';

export type ExportedMetric = {
  name: string;
  /** Absent in tables made before roles existed: then no role is written. */
  role?: ExportedMetricRole;
  /** A guardrail's relative non-inferiority margin (0.01: "no worse than −1%"). */
  guardrailMargin?: number;
  /** 'rate' for conversion metrics, shown as percentages. */
  unit: ValueUnit;
  arms: ExportedArm[];
  /** Why the metric has no results, when it has none. */
  error?: string;
};

export type ResultsTable = {
  experiment: string;
  credibleMass: number;
  metrics: ExportedMetric[];
  /** The decision rule's sentence for these results (src/lib/analysis/decision.ts), when known. */
  decision?: string;
  /** The team's recorded decision in one line, when one was recorded. */
  decisionRecord?: string;
  /** Set in the frequentist modes: the words of the interval and p-value columns. */
  frequentist?: FrequentistWording;
  /** The Slices section's chosen attribute and metric, when it was shown. */
  slices?: ExportedSlices;
};

function csvHeader(mass: string): string[] {
  return [
    'experiment',
    'metric',
    'variation',
    'control',
    'metric role',
    'guardrail margin',
    'units',
    'conversions',
    'total value',
    'posterior mean',
    `${mass} interval low`,
    `${mass} interval high`,
    'relative difference',
    `relative ${mass} interval low`,
    `relative ${mass} interval high`,
    'probability to beat control',
    'probability to be best',
    'expected loss',
    'expected loss relative',
    'note',
  ];
}

/** The frequentist columns, appended after the Bayesian ones in the frequentist modes. */
function frequentistHeader(wording: FrequentistWording): string[] {
  return [
    'frequentist relative difference',
    `${wording.interval} low`,
    `${wording.interval} high`,
    'p-value',
    wording.pValue === 'p-value' || wording.pValue === 'always-valid p-value'
      ? 'adjusted p-value'
      : wording.pValue,
    'frequentist note',
  ];
}

function frequentistCells(comparison: Comparison | null | undefined): CsvCell[] {
  if (!comparison) return ['', '', '', '', '', ''];
  if (!comparison.ok) return ['', '', '', '', '', comparison.note];
  return [
    comparison.estimate,
    comparison.ci[0],
    comparison.ci[1],
    comparison.pValue,
    comparison.adjustedPValue ?? '',
    '',
  ];
}

export function resultsCsv(table: ResultsTable): string {
  const wording = table.frequentist;
  const header = csvHeader(formatMass(table.credibleMass));
  const rows: CsvCell[][] = [wording ? [...header, ...frequentistHeader(wording)] : header];
  for (const metric of table.metrics) {
    for (const arm of metric.arms) {
      const r = arm.result;
      rows.push([
        table.experiment,
        metric.name,
        arm.name,
        arm.isControl,
        metric.role ?? '',
        metric.role === 'guardrail' ? metric.guardrailMargin : undefined,
        arm.units,
        arm.conversions,
        arm.sum,
        r?.posteriorMean,
        r?.credibleInterval[0],
        r?.credibleInterval[1],
        r?.relativeDifference?.mean,
        r?.relativeDifference?.credibleInterval[0],
        r?.relativeDifference?.credibleInterval[1],
        r?.probabilityToBeatControl,
        r?.probabilityToBeBest,
        r?.expectedLoss,
        r?.expectedLossRelative,
        metric.error ?? r?.note ?? '',
        ...(wording ? frequentistCells(arm.frequentist) : []),
      ]);
    }
  }
  // The slice block after an empty row: its own title and header (docs/app.md, exports).
  if (table.slices) rows.push([], ...slicesCsvRows(table.slices, table.credibleMass));
  return toCsv(rows);
}

const MARKDOWN_ALIGNMENT: Alignment[] = [
  'left',
  'left',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
];

/** The metric as the Markdown table names it: "Error rate (guardrail, no worse than −1%)". */
function metricLabel(metric: ExportedMetric): string {
  if (!metric.role) return metric.name;
  if (metric.role !== 'guardrail' || metric.guardrailMargin === undefined)
    return `${metric.name} (${metric.role})`;
  return `${metric.name} (guardrail, no worse than −${formatMargin(metric.guardrailMargin)})`;
}

/** A margin in percent with as many decimals as it has, up to two: 0.01 → "1%", 0.0025 → "0.25%". */
function formatMargin(margin: number): string {
  return `${Number((margin * 100).toFixed(2))}%`;
}

export function resultsMarkdown(table: ResultsTable): string {
  const mass = formatMass(table.credibleMass);
  const wording = table.frequentist;
  const header = [
    'Metric',
    'Variation',
    'Units',
    'Conversions / total',
    `Posterior mean (${mass} interval)`,
    `Relative difference (${mass} interval)`,
    'Probability to beat control',
    'Probability to be best',
    'Expected loss',
    ...(wording ? [`Relative difference (${wording.interval})`, wording.pValue] : []),
  ];
  const rows = table.metrics.flatMap((metric) => {
    // One precision per column within a metric, as on the results page.
    const results = metric.arms.map((arm) => arm.result);
    const meanSpan = columnSpan(results.map((r) => r?.credibleInterval));
    const relativeSpan = columnSpan(results.map((r) => r?.relativeDifference?.credibleInterval));
    const lossPlaces = lossDecimals(
      results.map((r) => r?.expectedLoss),
      metric.unit,
    );
    const frequentistSpan = columnSpan(
      metric.arms.map((arm) => (arm.frequentist?.ok ? arm.frequentist.ci : null)),
    );
    return metric.arms.map((arm) => {
      const r = arm.result;
      const total =
        metric.unit === 'rate' ? formatCount(arm.conversions) : formatValue(arm.sum, 'number');
      const mean = r
        ? `${formatValue(r.posteriorMean, metric.unit, meanSpan)} (${formatInterval(r.credibleInterval, metric.unit, meanSpan)})`
        : '—';
      const relative = arm.isControl
        ? 'control'
        : r?.relativeDifference
          ? `${formatRelative(r.relativeDifference.mean, relativeSpan)} (${formatRelativeInterval(r.relativeDifference.credibleInterval, relativeSpan)})`
          : '—';
      return [
        metricLabel(metric),
        arm.name,
        formatCount(arm.units),
        total,
        mean,
        relative,
        arm.isControl ? 'control' : formatProbability(r?.probabilityToBeatControl),
        formatProbability(r?.probabilityToBeBest),
        r ? formatLoss(r.expectedLoss, metric.unit, lossPlaces) : (metric.error ?? '—'),
        ...(wording ? frequentistMarkdown(arm, frequentistSpan) : []),
      ];
    });
  });
  const title = markdownCell(table.experiment);
  const notes = [
    table.decision ? `Decision rule: ${markdownCell(table.decision)}` : '',
    table.decisionRecord ? `Decision record: ${markdownCell(table.decisionRecord)}` : '',
  ].filter(Boolean);
  const preface = notes.length > 0 ? `${notes.join('\n\n')}\n\n` : '';
  const alignment: Alignment[] = wording
    ? [...MARKDOWN_ALIGNMENT, 'right', 'right']
    : MARKDOWN_ALIGNMENT;
  const slices = table.slices ? `\n${slicesMarkdown(table.slices, table.credibleMass)}` : '';
  return `**${title}**\n\n${preface}${toMarkdownTable(header, rows, alignment)}${slices}`;
}

/** The frequentist cells of a Markdown row: the relative difference with its interval, the p-value. */
function frequentistMarkdown(arm: ExportedArm, span: number | undefined): string[] {
  const comparison = arm.frequentist;
  if (arm.isControl) return ['control', ''];
  if (!comparison) return ['—', '—'];
  if (!comparison.ok) return [comparison.note, '—'];
  return [
    `${formatRelative(comparison.estimate, span)} (${formatRelativeInterval(comparison.ci, span)})`,
    formatPValue(comparison.adjustedPValue ?? comparison.pValue),
  ];
}
