// The scorecard's shared axis: every row's small interval bar is drawn on one scale of relative
// difference, so bars compare across metrics and the zero line ("no difference") is one vertical line.
import { scaleLinear } from 'd3-scale';
import { formatTick } from '../format/index.ts';
import type { Tick } from './frame.ts';

export type ScorecardInterval = {
  mean: number | null;
  interval: readonly [number, number] | null;
};

export type ScorecardBar = { x: number; low: number; high: number };

export type ScorecardAxis = {
  /** Covers 0 and every finite interval, padded and rounded to nice values. */
  domain: [number, number];
  width: number;
  zeroX: number;
  ticks: Tick[];
  /** One per input, in order; null when the row has no finite interval. */
  bars: (ScorecardBar | null)[];
};

/** Horizontal room kept free at each end, so a bar's round cap or point is never clipped. */
export const SCORECARD_BAR_INSET = 6;
/** The least distance between two labelled ticks, room for a label like "−20%" in small type. */
export const MIN_TICK_GAP = 40;

function finite(row: ScorecardInterval): row is {
  mean: number;
  interval: readonly [number, number];
} {
  return (
    row.mean !== null &&
    row.interval !== null &&
    Number.isFinite(row.mean) &&
    Number.isFinite(row.interval[0]) &&
    Number.isFinite(row.interval[1])
  );
}

/** The shared axis of `rows` on a bar `width` px wide: a tight nice domain, labels thinned to fit. */
export function layoutScorecardAxis(
  rows: readonly ScorecardInterval[],
  width: number,
): ScorecardAxis {
  const safeWidth = Number.isFinite(width) && width > 2 * SCORECARD_BAR_INSET ? width : 120;
  const values = [0, ...rows.filter(finite).flatMap((row) => [...row.interval, row.mean])];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low) * 0.05 || 0.01;
  const x = scaleLinear()
    .domain([low - pad, high + pad])
    .range([SCORECARD_BAR_INSET, safeWidth - SCORECARD_BAR_INSET])
    .nice(6);
  const domain = x.domain() as [number, number];
  const candidates = x.ticks(6);
  const step = candidates.length > 1 ? candidates[1] - candidates[0] : domain[1] - domain[0];
  // Labels of a small axis collide: keep zero, then ticks at least MIN_TICK_GAP px from every kept one.
  const tickValues = [0, ...candidates.filter((value) => value !== 0)].reduce<number[]>(
    (kept, value) =>
      kept.every((other) => Math.abs(x(value) - x(other)) >= MIN_TICK_GAP)
        ? [...kept, value]
        : kept,
    [],
  );
  tickValues.sort((a, b) => a - b);
  return {
    domain,
    width: safeWidth,
    zeroX: x(0),
    ticks: tickValues.map((value) => ({
      value,
      position: x(value),
      label: formatTick(value, 'relative', step),
    })),
    bars: rows.map((row) =>
      finite(row) ? { x: x(row.mean), low: x(row.interval[0]), high: x(row.interval[1]) } : null,
    ),
  };
}
