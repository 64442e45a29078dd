import { describe, expect, it } from 'vitest';
import { layoutOverTimeChart, type OverTimeSeriesInput } from './over-time-chart.ts';
import { armColor } from './palette.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);

const series = (armIndex: number, values: ([number, number, number] | null)[]) =>
  ({
    name: `Arm ${armIndex}`,
    armIndex,
    points: values.map((value, day) => ({
      time: T0 + day * DAY,
      mean: value ? value[0] : null,
      interval: value ? ([value[1], value[2]] as [number, number]) : null,
    })),
  }) satisfies OverTimeSeriesInput;

describe('over-time chart layout', () => {
  const input = [
    series(1, [
      [0.4, 0.1, 0.7],
      [0.3, 0.15, 0.45],
      [0.2, 0.1, 0.3],
    ]),
    series(2, [null, [-0.05, -0.2, 0.1], [0, -0.1, 0.1]]),
  ];
  const layout = layoutOverTimeChart({ series: input, width: 600, height: 240 });

  it('places one point per day, left to right, the zero line within the axis', () => {
    const xs = layout.series[0].points.map((point) => point.x);
    expect(xs[0]).toBe(0);
    expect(xs[2]).toBeCloseTo(layout.innerWidth, 9);
    expect(xs[1]).toBeCloseTo(layout.innerWidth / 2, 9);
    expect(layout.zeroY).toBeGreaterThan(0);
    expect(layout.zeroY).toBeLessThan(layout.innerHeight);
    expect(layout.series.map((s) => s.color)).toEqual([armColor(1), armColor(2)]);
  });

  it('fits the axis to every interval and zero; higher values sit higher', () => {
    const [bottom, top] = [layout.yTicks[0].value, layout.yTicks.at(-1)!.value];
    expect(bottom).toBeLessThanOrEqual(-0.2);
    expect(top).toBeGreaterThanOrEqual(0.7);
    const [first, , last] = layout.series[0].points;
    expect(first.y!).toBeLessThan(last.y!); // 40% above 20%
    expect(first.high!).toBeLessThan(first.y!);
    expect(first.low!).toBeGreaterThan(first.y!);
    expect(layout.yTicks.map((tick) => tick.label)).toContain('0%');
    expect(layout.yTicks.some((tick) => tick.label.startsWith('+'))).toBe(true);
  });

  it('leaves a gap where an arm has no value, and draws the rest', () => {
    const second = layout.series[1];
    expect(second.points[0].y).toBeNull();
    // One segment of two points: a move and a line, no NaN.
    expect(second.linePath.match(/M/g)).toHaveLength(1);
    expect(second.bandPath.startsWith('M')).toBe(true);
    expect(JSON.stringify(layout)).not.toMatch(/NaN/);
  });

  it('labels whole days with the year and the time zone, thinned to fit', () => {
    expect(layout.xTicks.map((tick) => tick.label)).toEqual([
      '2026-03-01 UTC',
      '2026-03-02 UTC',
      '2026-03-03 UTC',
    ]);
    const long = layoutOverTimeChart({
      series: [
        series(
          1,
          Array.from({ length: 60 }, () => [0.1, 0, 0.2] as [number, number, number]),
        ),
      ],
      width: 600,
      height: 240,
    });
    expect(long.xTicks.length).toBeLessThanOrEqual(Math.floor(long.innerWidth / 110));
    expect(long.xTicks.length).toBeGreaterThan(1);
    for (const tick of long.xTicks) expect(tick.label).toMatch(/^2026-0[345]-\d\d UTC$/);
  });

  it('gives every day a hover column, edge to edge without overlap', () => {
    expect(layout.columns.map((column) => column.time)).toEqual([T0, T0 + DAY, T0 + 2 * DAY]);
    expect(layout.columns[0].from).toBe(0);
    expect(layout.columns[0].to).toBeCloseTo(layout.columns[1].from, 9);
    expect(layout.columns[2].to).toBe(layout.innerWidth);
  });

  it('copes with a single day and with no usable value at all', () => {
    const one = layoutOverTimeChart({
      series: [series(1, [null])],
      width: 300,
      height: 200,
    });
    expect(one.series[0].points[0].x).toBeCloseTo(one.innerWidth / 2, 9);
    expect(one.series[0].linePath).toBe('');
    expect(one.xTicks.map((tick) => tick.label)).toEqual(['2026-03-01 UTC']);
    expect(JSON.stringify(one)).not.toMatch(/NaN/);
  });
});

describe('over-time chart layout by days since exposure', () => {
  const byDay = (count: number) => ({
    name: 'Arm 1',
    armIndex: 1,
    points: Array.from({ length: count }, (_, k) => ({
      time: k,
      mean: 0.1,
      interval: [0, 0.2] as [number, number],
    })),
  });

  it('spaces k = 0 … 29 evenly and labels whole days as numbers, thinned to fit', () => {
    const layout = layoutOverTimeChart({
      series: [byDay(30)],
      width: 600,
      height: 240,
      xAxis: 'days-since-exposure',
    });
    const xs = layout.series[0].points.map((point) => point.x);
    expect(xs[0]).toBe(0);
    expect(xs[29]).toBeCloseTo(layout.innerWidth, 9);
    expect(xs[10]).toBeCloseTo((layout.innerWidth * 10) / 29, 9);
    // 492 px inside: 13 labels fit at 36 px each, so every 3rd day.
    expect(layout.xTicks.map((tick) => tick.label)).toEqual([
      '0',
      '3',
      '6',
      '9',
      '12',
      '15',
      '18',
      '21',
      '24',
      '27',
    ]);
    expect(layout.columns).toHaveLength(30);
  });

  it('centres a single day', () => {
    const layout = layoutOverTimeChart({
      series: [byDay(1)],
      width: 600,
      height: 240,
      xAxis: 'days-since-exposure',
    });
    expect(layout.series[0].points[0].x).toBeCloseTo(layout.innerWidth / 2, 9);
    expect(layout.xTicks.map((tick) => tick.label)).toEqual(['0']);
  });
});
