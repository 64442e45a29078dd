import { describe, expect, it } from 'vitest';
import { layoutSliceChart, SLICE_MARGIN, SLICE_ROW_HEIGHT } from './slice-chart.ts';

describe('layoutSliceChart', () => {
  const layout = layoutSliceChart({
    width: 600,
    rows: [
      {
        label: 'US',
        raw: { mean: 0.1, interval: [0.02, 0.18] },
        pooled: { mean: 0.06, interval: [0.01, 0.11] },
      },
      {
        label: 'DE',
        raw: { mean: -0.05, interval: [-0.2, 0.1] },
        pooled: { mean: 0.03, interval: [-0.04, 0.1] },
      },
      { label: 'missing', raw: null, pooled: null },
    ],
  });

  it('puts every interval and the zero line on one scale inside the frame', () => {
    expect(layout.domain[0]).toBeLessThanOrEqual(-0.2);
    expect(layout.domain[1]).toBeGreaterThanOrEqual(0.18);
    expect(layout.zeroX).toBeGreaterThan(0);
    expect(layout.zeroX).toBeLessThan(layout.innerWidth);
    const scale = (v: number) =>
      ((v - layout.domain[0]) / (layout.domain[1] - layout.domain[0])) * layout.innerWidth;
    expect(layout.rows[0].raw?.x).toBeCloseTo(scale(0.1), 9);
    expect(layout.rows[1].pooled?.low).toBeCloseTo(scale(-0.04), 9);
    expect(layout.zeroX).toBeCloseTo(scale(0), 9);
  });

  it('draws raw above pooled in each band, and nothing for a slice without estimates', () => {
    expect(layout.height).toBe(SLICE_MARGIN.top + SLICE_MARGIN.bottom + 3 * SLICE_ROW_HEIGHT);
    for (const row of layout.rows.slice(0, 2)) {
      expect(row.raw!.y).toBeLessThan(row.y);
      expect(row.pooled!.y).toBeGreaterThan(row.y);
    }
    expect(layout.rows[2]).toMatchObject({ label: 'missing', raw: null, pooled: null });
    expect(layout.xTicks.every((tick) => tick.label.endsWith('%'))).toBe(true);
  });
});
