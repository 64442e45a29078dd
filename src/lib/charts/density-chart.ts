// Layout of the posterior density chart: one curve per arm, its HDI shaded underneath.
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { Posterior } from '../stats/types.ts';
import { densityDomain, posteriorDensity } from './density.ts';
import { armColor } from './palette.ts';
import { chartFrame, tickCount, type Frame, type Margin, type Tick } from './frame.ts';
import { formatTick, type ValueUnit } from '../format/index.ts';

export type DensityArm = {
  name: string;
  posterior: Posterior;
  credibleInterval: [number, number];
  posteriorMean: number;
  /** Palette index, so an arm keeps its colour when others are left out; defaults to its position. */
  colorIndex?: number;
};

export type DensityCurve = {
  name: string;
  color: string;
  /** SVG path of the density curve, in inner (margin-free) coordinates. */
  linePath: string;
  /** SVG path of the area under the curve over the credible interval. */
  intervalPath: string;
  /** The curve's peak near the posterior mean: where the hover point sits. */
  marker: { x: number; y: number; value: number; density: number };
};

export type DensityLayout = Frame & {
  domain: [number, number];
  xTicks: Tick[];
  curves: DensityCurve[];
};

export type DensityLayoutInput = {
  arms: readonly DensityArm[];
  width: number;
  height: number;
  unit?: ValueUnit;
  samples?: number;
  margin?: Margin;
};

export function layoutDensityChart(input: DensityLayoutInput): DensityLayout {
  const frame = chartFrame(input.width, input.height, input.margin);
  const samples = Math.max(16, Math.round(input.samples ?? 200));
  const domain = densityDomain(input.arms.map((arm) => arm.posterior));
  const x = scaleLinear().domain(domain).range([0, frame.innerWidth]);
  const grid = Array.from(
    { length: samples + 1 },
    (_, i) => domain[0] + ((domain[1] - domain[0]) * i) / samples,
  );

  const series = input.arms.map((arm) =>
    grid.map((value) => ({ value, density: finiteDensity(arm.posterior, value) })),
  );
  const peak = Math.max(1e-300, ...series.flat().map((point) => point.density));
  const y = scaleLinear()
    .domain([0, peak * 1.05])
    .range([frame.innerHeight, 0])
    .clamp(true);

  const curve = line<{ value: number; density: number }>()
    .x((point) => x(point.value))
    .y((point) => y(point.density));
  const shade = area<{ value: number; density: number }>()
    .x((point) => x(point.value))
    .y0(frame.innerHeight)
    .y1((point) => y(point.density));

  const curves = input.arms.map((arm, index): DensityCurve => {
    const [low, high] = arm.credibleInterval;
    const inside = series[index].filter((point) => point.value >= low && point.value <= high);
    const edges = [low, high]
      .filter((value) => value >= domain[0] && value <= domain[1])
      .map((value) => ({ value, density: finiteDensity(arm.posterior, value) }));
    const shaded = [...inside, ...edges].sort((a, b) => a.value - b.value);
    const markerValue = Number.isFinite(arm.posteriorMean)
      ? arm.posteriorMean
      : (domain[0] + domain[1]) / 2;
    const markerDensity = finiteDensity(arm.posterior, markerValue);
    return {
      name: arm.name,
      color: armColor(arm.colorIndex ?? index),
      linePath: curve(series[index]) ?? '',
      intervalPath: shaded.length > 1 ? (shade(shaded) ?? '') : '',
      marker: {
        x: x(markerValue),
        y: y(markerDensity),
        value: markerValue,
        density: markerDensity,
      },
    };
  });

  const tickValues = x.ticks(tickCount(frame.innerWidth));
  const step = tickValues.length > 1 ? tickValues[1] - tickValues[0] : domain[1] - domain[0];
  const xTicks = tickValues.map((value) => ({
    value,
    position: x(value),
    label: formatTick(value, input.unit ?? 'number', step),
  }));
  return { ...frame, domain, xTicks, curves };
}

function finiteDensity(posterior: Posterior, value: number): number {
  const density = posteriorDensity(posterior, value);
  return Number.isFinite(density) && density > 0 ? density : 0;
}
