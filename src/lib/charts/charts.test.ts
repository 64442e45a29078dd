import { describe, expect, it } from 'vitest';
import { layoutDensityChart } from './density-chart.ts';
import { layoutIntervalChart } from './interval-chart.ts';
import { cumulativeShares, layoutExposureChart } from './exposure-chart.ts';
import { armColor, OKABE_ITO } from './palette.ts';

const NUMBER_PATTERN = /-?\d+(\.\d+)?(e-?\d+)?/g;

function pathNumbers(path: string): number[] {
  return (path.match(NUMBER_PATTERN) ?? []).map(Number);
}

describe('layoutDensityChart', () => {
  const arms = [
    {
      name: 'control',
      posterior: { family: 'normal' as const, mean: 10, sd: Math.sqrt(0.025) },
      credibleInterval: [9.74, 10.26] as [number, number],
      posteriorMean: 10,
    },
    {
      name: 'treatment',
      posterior: { family: 'normal' as const, mean: 10.499158, sd: Math.sqrt(0.026994) },
      credibleInterval: [10.228908, 10.769407] as [number, number],
      posteriorMean: 10.499158,
    },
  ];
  const layout = layoutDensityChart({ arms, width: 600, height: 240, unit: 'number' });

  it('draws one curve and one shaded interval per arm, inside the frame', () => {
    expect(layout.curves).toHaveLength(2);
    for (const curve of layout.curves) {
      expect(curve.linePath.startsWith('M')).toBe(true);
      expect(curve.intervalPath.startsWith('M')).toBe(true);
      for (const value of pathNumbers(curve.linePath)) {
        expect(value).toBeGreaterThanOrEqual(-1e-9);
        expect(value).toBeLessThanOrEqual(Math.max(layout.innerWidth, layout.innerHeight) + 1e-9);
      }
    }
  });

  it('puts the x range around both posteriors', () => {
    expect(layout.domain[0]).toBeLessThan(9.74);
    expect(layout.domain[1]).toBeGreaterThan(10.769407);
    expect(layout.xTicks.length).toBeGreaterThanOrEqual(2);
    for (const tick of layout.xTicks) expect(tick.label).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('places each marker at its posterior mean; the narrower curve peaks higher', () => {
    const [control, treatment] = layout.curves;
    expect(treatment.marker.x).toBeGreaterThan(control.marker.x);
    // control sd is smaller → higher peak → smaller SVG y
    expect(control.marker.y).toBeLessThan(treatment.marker.y);
    expect(control.marker.density).toBeCloseTo(1 / (Math.sqrt(0.025) * Math.sqrt(2 * Math.PI)), 10);
  });

  it('shades only within the credible interval', () => {
    const shadedX = pathNumbers(layout.curves[1].intervalPath).filter((_, i) => i % 2 === 0);
    const scale = (value: number) =>
      ((value - layout.domain[0]) / (layout.domain[1] - layout.domain[0])) * layout.innerWidth;
    expect(Math.min(...shadedX)).toBeCloseTo(scale(10.228908), 2);
    expect(Math.max(...shadedX)).toBeCloseTo(scale(10.769407), 2);
  });

  it('handles Beta posteriors and rates', () => {
    const beta = layoutDensityChart({
      arms: [
        {
          name: 'a',
          posterior: { family: 'beta', alpha: 101, beta: 901 },
          credibleInterval: [0.085, 0.117],
          posteriorMean: 101 / 1002,
        },
      ],
      width: 400,
      height: 200,
      unit: 'rate',
    });
    expect(beta.domain[0]).toBeGreaterThan(0);
    expect(beta.xTicks.every((tick) => tick.label.endsWith('%'))).toBe(true);
  });

  it('never produces NaN for zero size or no arms', () => {
    const empty = layoutDensityChart({ arms: [], width: 0, height: 0 });
    expect(empty.curves).toEqual([]);
    expect(JSON.stringify(empty)).not.toMatch(/NaN|null/);
  });
});

describe('layoutIntervalChart', () => {
  const layout = layoutIntervalChart({
    rows: [
      { name: 'B', armIndex: 1, mean: 0.049916, interval: [0.011498, 0.088334] },
      { name: 'C', armIndex: 2, mean: -0.02, interval: [-0.05, 0.01] },
      { name: 'D', armIndex: 3, mean: null, interval: null },
    ],
    width: 500,
  });

  it('always shows zero and every interval', () => {
    expect(layout.domain[0]).toBeLessThanOrEqual(-0.05);
    expect(layout.domain[1]).toBeGreaterThanOrEqual(0.088334);
    expect(layout.zeroX).toBeGreaterThan(0);
    expect(layout.zeroX).toBeLessThan(layout.innerWidth);
  });

  it('orders point and interval ends and keeps arm colours', () => {
    const [b, c, d] = layout.rows;
    expect(b.point!.low).toBeLessThan(b.point!.x);
    expect(b.point!.x).toBeLessThan(b.point!.high);
    expect(b.point!.low).toBeGreaterThan(layout.zeroX);
    expect(c.point!.low).toBeLessThan(layout.zeroX);
    expect(c.point!.high).toBeGreaterThan(layout.zeroX);
    expect(d.point).toBeNull();
    expect(b.color).toBe(armColor(1));
    expect(c.y).toBeGreaterThan(b.y);
  });

  it('labels ticks as signed percentages', () => {
    expect(layout.xTicks.some((tick) => /^0(\.0+)?%$/.test(tick.label))).toBe(true);
    expect(layout.xTicks.some((tick) => tick.label.startsWith('+'))).toBe(true);
    expect(layout.xTicks.some((tick) => tick.label.startsWith('−'))).toBe(true);
  });

  it('has a usable range with no finite rows', () => {
    const empty = layoutIntervalChart({
      rows: [{ name: 'B', armIndex: 1, mean: null, interval: null }],
      width: 300,
    });
    expect(empty.domain[1]).toBeGreaterThan(empty.domain[0]);
    expect(Number.isFinite(empty.zeroX)).toBe(true);
  });
});

describe('exposures over time', () => {
  const hour = 3_600_000;
  const buckets = [
    { start: 2 * hour, counts: [30, 10] },
    { start: 0, counts: [10, 10] },
    { start: hour, counts: [0, 20] },
  ];

  it('accumulates counts in time order into shares', () => {
    const looks = cumulativeShares(buckets, 2);
    expect(looks.map((look) => look.time)).toEqual([0, hour, 2 * hour]);
    expect(looks.map((look) => look.units)).toEqual([
      [10, 10],
      [10, 30],
      [40, 40],
    ]);
    expect(looks[1].shares[0]).toBeCloseTo(0.25, 15);
    expect(looks[2].shares).toEqual([0.5, 0.5]);
  });

  it('lays out one line per arm with the expected share', () => {
    const layout = layoutExposureChart({
      buckets,
      armNames: ['A', 'B'],
      expectedWeights: [50, 50],
      width: 600,
      height: 200,
    });
    expect(layout.series).toHaveLength(2);
    expect(layout.series[0].expectedShare).toBe(0.5);
    expect(layout.series[0].expectedY).toBeCloseTo(layout.innerHeight / 2, 9);
    // Shares from 25% to 75%: the axis fits them instead of spanning 0–100%.
    const [top, bottom] = [layout.yTicks.at(-1)!.value, layout.yTicks[0].value];
    expect(bottom).toBeLessThanOrEqual(0.25);
    expect(top).toBeGreaterThanOrEqual(0.75);
    expect(layout.series[1].points[1].y).toBeLessThan(layout.series[1].points[2].y);
    expect(layout.series[0].path.startsWith('M')).toBe(true);
    expect(layout.yTicks.map((tick) => tick.label)).toContain('40%');
  });

  it('fits the share axis to the data, so arms near a third stay apart', () => {
    const thirds = [
      { start: 0, counts: [330, 335, 335] },
      { start: hour, counts: [320, 345, 335] },
    ];
    const layout = layoutExposureChart({
      buckets: thirds,
      armNames: ['A', 'B', 'C'],
      expectedWeights: [1, 1, 1],
      width: 600,
      height: 200,
    });
    const last = layout.series.map((series) => series.points[1].y);
    // Shares 32.5%, 34%, 33.5% (by hand): more than 10 px apart from one another on a 0–100% axis
    // they would be about 3 px apart.
    expect(Math.abs(last[0] - last[1])).toBeGreaterThan(10);
    for (const series of layout.series)
      for (const point of series.points) {
        expect(point.y).toBeGreaterThanOrEqual(0);
        expect(point.y).toBeLessThanOrEqual(layout.innerHeight);
      }
    const labels = layout.yTicks.map((tick) => tick.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('labels the time axis with the year and the time zone', () => {
    const march = Date.UTC(2026, 2, 1);
    const layout = layoutExposureChart({
      buckets: [
        { start: march, counts: [1, 1] },
        { start: march + 72 * hour, counts: [1, 1] },
      ],
      armNames: ['A', 'B'],
      width: 600,
      height: 200,
    });
    expect(layout.xTicks.length).toBeGreaterThan(1);
    for (const tick of layout.xTicks) expect(tick.label).toMatch(/^2026-03-0\d.* UTC$/);
  });

  it('gives every point the counts hover shows: units in the hour, units so far, all arms so far', () => {
    const layout = layoutExposureChart({ buckets, armNames: ['A', 'B'], width: 600, height: 200 });
    // Hours 0, 1, 2 (sorted): B gets 10, 20, 10 → 10, 30, 40 so far; both arms 20, 40, 80.
    expect(layout.series[1].points.map((point) => [point.added, point.units, point.total])).toEqual(
      [
        [10, 10, 20],
        [20, 30, 40],
        [10, 40, 80],
      ],
    );
  });

  it('copes with a single bucket and no weights', () => {
    const layout = layoutExposureChart({
      buckets: [{ start: 0, counts: [1, 0] }],
      armNames: ['A', 'B'],
      width: 300,
      height: 150,
    });
    expect(layout.timeDomain[1]).toBeGreaterThan(layout.timeDomain[0]);
    expect(layout.series[1].expectedShare).toBeNull();
    expect(JSON.stringify(layout)).not.toMatch(/NaN/);
  });
});

describe('palette', () => {
  it('uses Okabe–Ito colours and cycles', () => {
    expect(armColor(0)).toBe('#0072B2');
    expect(armColor(OKABE_ITO.length)).toBe(armColor(0));
    expect(new Set([0, 1, 2, 3].map(armColor)).size).toBe(4);
  });
});
