// Layout of the exposures chart: the cumulative share of units in each arm after every time bucket,
// with the designed share as a dashed reference line. A drift away from the design is what the
// sample-ratio-mismatch test detects.
import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';
import { armColor } from './palette.ts';
import { chartFrame, type Frame, type Margin, type Tick } from './frame.ts';
import { formatTick, formatTimestamp } from '../format/index.ts';

/** Units whose first exposure falls in the bucket starting at `start` (Unix ms), per arm. */
export type ExposureBucket = { start: number; counts: readonly number[] };

export type SharePoint = {
  time: number;
  share: number;
  /** The arm's units so far, and those first exposed in this bucket. */
  units: number;
  added: number;
  /** Every arm's units so far. */
  total: number;
  x: number;
  y: number;
};

export type ExposureSeries = {
  name: string;
  color: string;
  path: string;
  expectedShare: number | null;
  expectedY: number | null;
  points: SharePoint[];
};

export type ExposureLayout = Frame & {
  timeDomain: [number, number];
  xTicks: Tick[];
  yTicks: Tick[];
  series: ExposureSeries[];
};

export type ExposureLayoutInput = {
  buckets: readonly ExposureBucket[];
  armNames: readonly string[];
  /** Designed share per arm (any scale; normalised here). */
  expectedWeights?: readonly number[];
  width: number;
  height: number;
  margin?: Margin;
};

/** Cumulative units per arm and their shares, bucket by bucket (buckets sorted by time first). */
export function cumulativeShares(
  buckets: readonly ExposureBucket[],
  arms: number,
): { time: number; units: number[]; added: number[]; total: number; shares: number[] }[] {
  const running = new Array<number>(arms).fill(0);
  return [...buckets]
    .sort((a, b) => a.start - b.start)
    .map((bucket) => {
      const added = new Array<number>(arms).fill(0);
      for (let arm = 0; arm < arms; arm++) {
        const count = bucket.counts[arm];
        added[arm] = Number.isFinite(count) && count > 0 ? count : 0;
        running[arm] += added[arm];
      }
      const total = running.reduce((sum, units) => sum + units, 0);
      return {
        time: bucket.start,
        units: [...running],
        added,
        total,
        shares: running.map((units) => (total > 0 ? units / total : 0)),
      };
    });
}

export function layoutExposureChart(input: ExposureLayoutInput): ExposureLayout {
  const frame = chartFrame(input.width, input.height, input.margin);
  const arms = input.armNames.length;
  const looks = cumulativeShares(input.buckets, arms);
  const first = looks.length ? looks[0].time : 0;
  const last = looks.length ? looks[looks.length - 1].time : 0;
  const timeDomain: [number, number] =
    last > first ? [first, last] : [first - 3_600_000, first + 3_600_000];
  const x = scaleUtc().domain(timeDomain).range([0, frame.innerWidth]);
  const weights = input.expectedWeights ?? [];
  const weightTotal = weights.reduce((sum, weight) => sum + (weight > 0 ? weight : 0), 0);
  const expected = weights.map((weight) =>
    weightTotal > 0 ? Math.max(0, weight) / weightTotal : 0,
  );
  const y = scaleLinear()
    .domain(shareDomain([...looks.flatMap((look) => look.shares), ...expected]))
    .range([frame.innerHeight, 0])
    .nice(5);

  const series = input.armNames.map((name, arm): ExposureSeries => {
    const points = looks.map((look) => ({
      time: look.time,
      share: look.shares[arm],
      units: look.units[arm],
      added: look.added[arm],
      total: look.total,
      x: x(look.time),
      y: y(look.shares[arm]),
    }));
    const expectedShare =
      weightTotal > 0 && weights[arm] !== undefined
        ? Math.max(0, weights[arm]) / weightTotal
        : null;
    return {
      name,
      color: armColor(arm),
      path:
        line<SharePoint>()
          .x((point) => point.x)
          .y((point) => point.y)(points) ?? '',
      expectedShare,
      expectedY: expectedShare === null ? null : y(expectedShare),
      points,
    };
  });

  // "2026-03-01 14:00 UTC": year and time zone on every tick, as everywhere else in the app.
  const xTicks = x.ticks(Math.max(2, Math.floor(frame.innerWidth / 170))).map((date) => ({
    value: date.getTime(),
    position: x(date),
    label: formatTimestamp(date.getTime()),
  }));
  const values = y.ticks(5);
  const step = values.length > 1 ? values[1] - values[0] : 0.01;
  const yTicks = values.map((value) => ({
    value,
    position: y(value),
    label: formatTick(value, 'rate', step),
  }));
  return { ...frame, timeDomain, xTicks, yTicks, series };
}

/** The shares' range with a margin (at least 5 points wide), within 0–100%: near-equal arms stay apart. */
function shareDomain(shares: readonly number[]): [number, number] {
  const finite = shares.filter((share) => Number.isFinite(share));
  if (finite.length === 0) return [0, 1];
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const pad = Math.max(0.1 * (high - low), (0.05 - (high - low)) / 2, 0);
  return [Math.max(0, low - pad), Math.min(1, high + pad)];
}
