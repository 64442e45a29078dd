// Layout of the over-time chart: each treatment's cumulative relative difference from control by UTC
// day of first exposure, its credible interval as a band, and the zero line (no difference).
import { scaleLinear, scaleUtc } from 'd3-scale';
import { area, line } from 'd3-shape';
import { armColor } from './palette.ts';
import { chartFrame, type Frame, type Margin, type Tick } from './frame.ts';
import { formatDay, formatTick } from '../format/index.ts';

const DAY = 86_400_000;

export type OverTimeSeriesInput = {
  name: string;
  /** Index of the arm, so the line keeps the arm's colour. */
  armIndex: number;
  /** One per day, oldest first; the same days for every series. */
  points: readonly { time: number; mean: number | null; interval: [number, number] | null }[];
};

export type OverTimeChartPoint = {
  time: number;
  x: number;
  /** null where the arm has no relative difference that day. */
  y: number | null;
  low: number | null;
  high: number | null;
};

export type OverTimeSeries = {
  name: string;
  color: string;
  linePath: string;
  bandPath: string;
  points: OverTimeChartPoint[];
};

export type OverTimeLayout = Frame & {
  zeroY: number;
  xTicks: Tick[];
  yTicks: Tick[];
  series: OverTimeSeries[];
  /** Each day's hover target: the band of the plot nearer to that day than to its neighbours. */
  columns: { time: number; x: number; from: number; to: number }[];
};

export type OverTimeLayoutInput = {
  series: readonly OverTimeSeriesInput[];
  width: number;
  height: number;
  margin?: Margin;
  /**
   * 'day' (default): `time` is a UTC day's start, on a time axis with dated ticks. 'days-since-exposure':
   * `time` is a whole number of days k, on a linear axis with k as ticks.
   */
  xAxis?: 'day' | 'days-since-exposure';
};

// Wide on the right: the last day's label is centred on the plot's edge.
export const OVER_TIME_MARGIN: Margin = { top: 12, right: 52, bottom: 40, left: 56 };

function usable(point: OverTimeSeriesInput['points'][number]): boolean {
  return (
    point.mean !== null &&
    Number.isFinite(point.mean) &&
    point.interval !== null &&
    Number.isFinite(point.interval[0]) &&
    Number.isFinite(point.interval[1])
  );
}

export function layoutOverTimeChart(input: OverTimeLayoutInput): OverTimeLayout {
  const frame = chartFrame(input.width, input.height, input.margin ?? OVER_TIME_MARGIN);
  const times = [
    ...new Set(input.series.flatMap((series) => series.points.map((point) => point.time))),
  ]
    .filter((time) => Number.isFinite(time))
    .sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  const byK = input.xAxis === 'days-since-exposure';
  // One day alone sits in the middle of a day's width.
  const half = byK ? 0.5 : DAY / 2;
  const timeDomain = last > first ? [first, last] : [first - half, first + half];
  const x: (value: number) => number = byK
    ? scaleLinear().domain(timeDomain).range([0, frame.innerWidth])
    : scaleUtc().domain(timeDomain).range([0, frame.innerWidth]);

  const values = [
    0,
    ...input.series.flatMap((series) =>
      series.points.filter(usable).flatMap((point) => [point.interval![0], point.interval![1]]),
    ),
  ];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low) * 0.08 || 0.01;
  const y = scaleLinear()
    .domain([low - pad, high + pad])
    .range([frame.innerHeight, 0])
    .nice(5);

  const series = input.series.map((given): OverTimeSeries => {
    const points = given.points.map((point): OverTimeChartPoint => {
      const ok = usable(point);
      return {
        time: point.time,
        x: x(point.time),
        y: ok ? y(point.mean!) : null,
        low: ok ? y(point.interval![0]) : null,
        high: ok ? y(point.interval![1]) : null,
      };
    });
    const defined = (point: OverTimeChartPoint) => point.y !== null;
    return {
      name: given.name,
      color: armColor(given.armIndex),
      linePath:
        line<OverTimeChartPoint>()
          .defined(defined)
          .x((point) => point.x)
          .y((point) => point.y!)(points) ?? '',
      bandPath:
        area<OverTimeChartPoint>()
          .defined(defined)
          .x((point) => point.x)
          .y0((point) => point.low!)
          .y1((point) => point.high!)(points) ?? '',
      points,
    };
  });

  const columns = times.map((time, index) => {
    const at = x(time);
    const before = index > 0 ? (x(times[index - 1]) + at) / 2 : 0;
    const after = index < times.length - 1 ? (at + x(times[index + 1])) / 2 : frame.innerWidth;
    return { time, x: at, from: before, to: after };
  });

  const yValues = y.ticks(5);
  const step = yValues.length > 1 ? yValues[1] - yValues[0] : 0.01;
  return {
    ...frame,
    zeroY: y(0),
    xTicks: byK ? dayNumberTicks(times, x, frame.innerWidth) : dayTicks(times, x, frame.innerWidth),
    yTicks: yValues.map((value) => ({
      value,
      position: y(value),
      label: formatTick(value, 'relative', step),
    })),
    series,
    columns,
  };
}

/** Days since exposure: every k-th whole number of days, so labels (~30 px) do not overlap. */
function dayNumberTicks(
  times: readonly number[],
  x: (time: number) => number,
  width: number,
): Tick[] {
  if (times.length === 0) return [];
  const first = times[0];
  const last = times[times.length - 1];
  const fit = Math.max(1, Math.floor(width / 36));
  const step = Math.max(1, Math.ceil((last - first + 1) / fit));
  const ticks: Tick[] = [];
  for (let day = first; day <= last; day += step)
    ticks.push({ value: day, position: x(day), label: String(day) });
  return ticks;
}

/** Whole days only, every k-th day so labels ("2026-03-01 UTC", ~100 px) do not overlap. */
function dayTicks(times: readonly number[], x: (time: number) => number, width: number): Tick[] {
  if (times.length === 0) return [];
  const first = times[0];
  const days = Math.round((times[times.length - 1] - first) / DAY) + 1;
  const fit = Math.max(1, Math.floor(width / 110));
  const step = Math.max(1, Math.ceil(days / fit));
  const ticks: Tick[] = [];
  for (let day = 0; day < days; day += step) {
    const value = first + day * DAY;
    ticks.push({ value, position: x(value), label: formatDay(value) });
  }
  return ticks;
}
