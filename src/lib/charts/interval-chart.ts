// Layout of the relative-difference chart: one row per treatment with its point estimate, its
// credible interval and the zero line (no difference from control).
import { scaleLinear } from 'd3-scale';
import { armColor } from './palette.ts';
import { chartFrame, tickCount, type Frame, type Margin, type Tick } from './frame.ts';
import { formatTick } from '../format/index.ts';

export type IntervalRowInput = {
  name: string;
  /** Index of the arm, so the row keeps the arm's colour. */
  armIndex: number;
  mean: number | null;
  interval: [number, number] | null;
};

export type IntervalRow = {
  name: string;
  color: string;
  /** Vertical centre of the row. */
  y: number;
  /** null when the arm has no relative difference (not enough data, or a zero control mean). */
  point: { x: number; low: number; high: number } | null;
};

export type IntervalLayout = Frame & {
  domain: [number, number];
  zeroX: number;
  xTicks: Tick[];
  rows: IntervalRow[];
};

export type IntervalLayoutInput = {
  rows: readonly IntervalRowInput[];
  width: number;
  rowHeight?: number;
  margin?: Margin;
};

export const INTERVAL_MARGIN: Margin = { top: 8, right: 20, bottom: 36, left: 140 };

export function layoutIntervalChart(input: IntervalLayoutInput): IntervalLayout {
  const rowHeight = input.rowHeight ?? 36;
  const margin = input.margin ?? INTERVAL_MARGIN;
  const height = margin.top + margin.bottom + Math.max(1, input.rows.length) * rowHeight;
  const frame = chartFrame(input.width, height, margin);
  const usable = input.rows.filter(
    (row) =>
      row.interval &&
      Number.isFinite(row.interval[0]) &&
      Number.isFinite(row.interval[1]) &&
      Number.isFinite(row.mean),
  );
  const values = [0, ...usable.flatMap((row) => [row.interval![0], row.interval![1]])];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low) * 0.08 || 0.01;
  const x = scaleLinear()
    .domain([low - pad, high + pad])
    .range([0, frame.innerWidth])
    .nice(tickCount(frame.innerWidth));
  const domain = x.domain() as [number, number];

  const rows = input.rows.map((row, index): IntervalRow => {
    const ok = usable.includes(row);
    return {
      name: row.name,
      color: armColor(row.armIndex),
      y: (index + 0.5) * rowHeight,
      point: ok ? { x: x(row.mean!), low: x(row.interval![0]), high: x(row.interval![1]) } : null,
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
