// Layout of the slice chart: one band per slice with two intervals on a shared x scale and zero
// line, the slice's own (raw) relative difference above and the partially pooled one below it.
import { scaleLinear } from 'd3-scale';
import { chartFrame, tickCount, type Frame, type Margin, type Tick } from './frame.ts';
import { formatTick } from '../format/index.ts';

export type SliceEstimateInput = { mean: number; interval: readonly [number, number] } | null;

export type SliceRowInput = { label: string; raw: SliceEstimateInput; pooled: SliceEstimateInput };

export type SliceMark = { x: number; low: number; high: number; y: number };

export type SliceRow = {
  label: string;
  /** Vertical centre of the slice's band. */
  y: number;
  /** null when the slice has no such estimate (too little data, left out of the pool). */
  raw: SliceMark | null;
  pooled: SliceMark | null;
};

export type SliceLayout = Frame & {
  domain: [number, number];
  zeroX: number;
  xTicks: Tick[];
  rows: SliceRow[];
};

export const SLICE_MARGIN: Margin = { top: 8, right: 20, bottom: 36, left: 170 };
/** Height of one slice's band; the raw and pooled marks sit a quarter of it above and below its centre. */
export const SLICE_ROW_HEIGHT = 40;

function usable(estimate: SliceEstimateInput): estimate is NonNullable<SliceEstimateInput> {
  return (
    !!estimate &&
    Number.isFinite(estimate.mean) &&
    Number.isFinite(estimate.interval[0]) &&
    Number.isFinite(estimate.interval[1])
  );
}

export function layoutSliceChart(input: {
  rows: readonly SliceRowInput[];
  width: number;
  margin?: Margin;
}): SliceLayout {
  const margin = input.margin ?? SLICE_MARGIN;
  const height = margin.top + margin.bottom + Math.max(1, input.rows.length) * SLICE_ROW_HEIGHT;
  const frame = chartFrame(input.width, height, margin);
  const values = [
    0,
    ...input.rows.flatMap((row) =>
      [row.raw, row.pooled].filter(usable).flatMap((estimate) => [...estimate.interval]),
    ),
  ];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low) * 0.08 || 0.01;
  const x = scaleLinear()
    .domain([low - pad, high + pad])
    .range([0, frame.innerWidth])
    .nice(tickCount(frame.innerWidth));
  const domain = x.domain() as [number, number];
  const mark = (estimate: SliceEstimateInput, y: number): SliceMark | null =>
    usable(estimate)
      ? { x: x(estimate.mean), low: x(estimate.interval[0]), high: x(estimate.interval[1]), y }
      : null;
  const rows = input.rows.map((row, index): SliceRow => {
    const y = (index + 0.5) * SLICE_ROW_HEIGHT;
    return {
      label: row.label,
      y,
      raw: mark(row.raw, y - SLICE_ROW_HEIGHT / 4),
      pooled: mark(row.pooled, y + SLICE_ROW_HEIGHT / 4),
    };
  });
  const tickValues = x.ticks(tickCount(frame.innerWidth));
  const step = tickValues.length > 1 ? tickValues[1] - tickValues[0] : domain[1] - domain[0];
  const xTicks = tickValues.map((value) => ({
    value,
    position: x(value),
    label: formatTick(value, 'relative', step),
  }));
  return { ...frame, domain, zeroX: x(0), xTicks, rows };
}
