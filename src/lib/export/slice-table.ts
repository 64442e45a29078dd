// The Slices section's chosen attribute in exports: per slice and arm the units, the metric's value,
// the relative difference with its interval on its own and pooled, and the slice's own SRM p-value.
// Raw numbers for CSV, formatted text (one precision per column) for Markdown.
import { compareAcrossSlices, sliceSrm, type SliceResult } from '../analysis/slices.ts';
import {
  columnSpan,
  formatCount,
  formatMass,
  formatPValue,
  formatRelative,
  formatRelativeInterval,
  formatValue,
  type ValueUnit,
} from '../format/index.ts';
import type { CsvCell } from './csv.ts';
import { markdownCell, toMarkdownTable } from './markdown.ts';

/** What the Slices section shows: the attribute, the metric and every slice's analysis. */
export type ShownSlices = {
  attribute: string;
  otherValues: number;
  /** Slices a snapshot link left out to fit (the smallest by units). */
  leftOut?: number;
  metric: string;
  unit: ValueUnit;
  results: readonly SliceResult[];
};

export type Estimate = { mean: number; interval: [number, number] };

export type ExportedSliceArm = {
  name: string;
  isControl: boolean;
  units: number;
  /** The arm's posterior mean in the slice; null when the slice has too few units for it. */
  value: number | null;
  /** The value's credible interval (sets the column's precision). */
  valueInterval: [number, number] | null;
  raw: Estimate | null;
  pooled: Estimate | null;
  /** Why a treatment arm has no relative difference or the arm no value, in plain words. */
  note?: string;
};

export type ExportedSlice = {
  label: string;
  /** The slice's χ² p-value against the designed split; null when it has no units or cannot be tested. */
  srmPValue: number | null;
  srmNote?: string;
  arms: ExportedSliceArm[];
};

export type ExportedSlices = {
  attribute: string;
  metric: string;
  unit: ValueUnit;
  otherValues: number;
  leftOut?: number;
  slices: ExportedSlice[];
};

export type SliceDesign = {
  armNames: readonly string[];
  control: number;
  /** The designed split, one weight per arm. */
  weights: readonly number[];
  credibleMass: number;
};

function estimate(summary: { mean: number; credibleInterval: [number, number] } | null) {
  return summary && Number.isFinite(summary.mean)
    ? { mean: summary.mean, interval: summary.credibleInterval }
    : null;
}

/** The shown slices for export: every treatment arm raw and pooled across the slices. */
export function exportedSlices(shown: ShownSlices, design: SliceDesign): ExportedSlices {
  const comparisons = design.armNames.map((_, arm) =>
    arm === design.control
      ? null
      : compareAcrossSlices(shown.results, arm, design.credibleMass).slices,
  );
  return {
    attribute: shown.attribute,
    metric: shown.metric,
    unit: shown.unit,
    otherValues: shown.otherValues,
    ...(shown.leftOut ? { leftOut: shown.leftOut } : {}),
    slices: shown.results.map((result, index): ExportedSlice => {
      const srm = sliceSrm(result.cell.units, design.weights);
      const total = result.cell.units.reduce((sum, n) => sum + n, 0);
      return {
        label: result.label,
        srmPValue: srm.result?.chiSquarePValue ?? null,
        ...(srm.result
          ? {}
          : { srmNote: total === 0 ? 'no units in this slice' : 'units cannot be tested' }),
        arms: design.armNames.map((name, arm): ExportedSliceArm => {
          const armResult = result.analysis?.arms[arm];
          const value =
            armResult?.status === 'ok' && Number.isFinite(armResult.posteriorMean)
              ? armResult.posteriorMean
              : null;
          const compared = comparisons[arm]?.[index] ?? null;
          const note =
            arm === design.control
              ? value === null
                ? (result.error ?? armResult?.note ?? 'too few units')
                : undefined
              : compared?.note;
          return {
            name,
            isControl: arm === design.control,
            units: result.cell.units[arm] ?? 0,
            value,
            valueInterval: value === null ? null : (armResult?.credibleInterval ?? null),
            raw: estimate(compared?.raw ?? null),
            pooled: estimate(compared?.pooled ?? null),
            ...(note ? { note } : {}),
          };
        }),
      };
    }),
  };
}

export function slicesTitle(slices: ExportedSlices): string {
  return `Slices by ${slices.attribute}`;
}

/** The sentence under a slice table: what 'other' merges and what a link left out. */
function slicesFootnote(slices: ExportedSlices): string {
  return [
    slices.otherValues > 0
      ? `“Other” merges the ${formatCount(slices.otherValues)} least frequent values.`
      : '',
    slices.leftOut
      ? `${formatCount(slices.leftOut)} smaller slice${slices.leftOut === 1 ? ' was' : 's were'} left out of the snapshot link, so the pooled estimates are over the slices shown.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function slicesCsvHeader(mass: number): string[] {
  const m = formatMass(mass);
  return [
    'slice attribute',
    'slice',
    'metric',
    'variation',
    'control',
    'units',
    'posterior mean',
    'relative difference',
    `relative ${m} interval low`,
    `relative ${m} interval high`,
    'pooled relative difference',
    `pooled ${m} interval low`,
    `pooled ${m} interval high`,
    'slice SRM p-value',
    'note',
  ];
}

/** The CSV block's rows: a title row, the header, one row per slice and arm. */
export function slicesCsvRows(slices: ExportedSlices, mass: number): CsvCell[][] {
  return [
    [slicesTitle(slices)],
    slicesCsvHeader(mass),
    ...slices.slices.flatMap((slice) =>
      slice.arms.map((arm) => [
        slices.attribute,
        slice.label,
        slices.metric,
        arm.name,
        arm.isControl,
        arm.units,
        arm.value,
        arm.raw?.mean,
        arm.raw?.interval[0],
        arm.raw?.interval[1],
        arm.pooled?.mean,
        arm.pooled?.interval[0],
        arm.pooled?.interval[1],
        slice.srmPValue,
        [arm.note, slice.srmNote].filter(Boolean).join('; '),
      ]),
    ),
  ];
}

/** The Markdown block: a title line, the table, a footnote when there is one. */
export function slicesMarkdown(slices: ExportedSlices, mass: number): string {
  const m = formatMass(mass);
  const arms = slices.slices.flatMap((slice) => slice.arms);
  // One precision per column, as the Slices section shows them.
  const valueSpan = columnSpan(arms.map((arm) => arm.valueInterval));
  const relativeSpan = columnSpan(arms.flatMap((arm) => [arm.raw?.interval, arm.pooled?.interval]));
  const relative = (value: Estimate | null, isControl: boolean, missing: string) =>
    isControl
      ? 'control'
      : value
        ? `${formatRelative(value.mean, relativeSpan)} (${formatRelativeInterval(value.interval, relativeSpan)})`
        : missing;
  const rows = slices.slices.flatMap((slice) =>
    slice.arms.map((arm) => [
      slice.label,
      arm.name,
      formatCount(arm.units),
      arm.value === null
        ? (arm.note ?? 'too few units')
        : formatValue(arm.value, slices.unit, valueSpan),
      relative(arm.raw, arm.isControl, arm.note ?? 'no relative difference'),
      relative(arm.pooled, arm.isControl, 'not pooled'),
      slice.srmPValue === null ? (slice.srmNote ?? '—') : formatPValue(slice.srmPValue),
    ]),
  );
  const table = toMarkdownTable(
    [
      'Slice',
      'Variation',
      'Units',
      `${slices.metric} (posterior mean)`,
      `Relative difference, slice alone (${m} interval)`,
      `Pooled (${m} interval)`,
      'Sample ratio (χ² p)',
    ],
    rows,
    ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
  );
  const footnote = slicesFootnote(slices);
  return `**${markdownCell(slicesTitle(slices))}** · ${markdownCell(slices.metric)}\n\n${table}${footnote ? `\n${markdownCell(footnote)}\n` : ''}`;
}
