import { describe, expect, it } from 'vitest';
import { poolArmAcrossSlices } from './slice-pooling.ts';
import type { MetricAnalysis, MetricArmResult } from './types.ts';

const arm = (relativeDifference: MetricArmResult['relativeDifference']): MetricArmResult => ({
  name: 'B',
  status: 'ok',
  posterior: { family: 'normal', mean: 1, sd: 0.1 },
  posteriorMean: 1,
  credibleInterval: [0.8, 1.2],
  relativeDifference,
  probabilityToBeatControl: 0.5,
  probabilityToBeBest: 0.5,
  expectedLoss: 0,
  expectedLossRelative: 0,
});
const analysis = (mean: number, sd: number): MetricAnalysis => ({
  key: 'm',
  arms: [arm(null), arm({ mean, sd, credibleInterval: [0, 0] })],
});

describe('poolArmAcrossSlices', () => {
  it("pools the arm's relative differences: two slices by hand", () => {
    // τ̂² = ((0.3 − (−0.1))² − 0.01 − 0.01)/2 = 0.07, μ̂ = 0.1 (equal weights).
    const result = poolArmAcrossSlices(
      [
        { label: 'mobile', analysis: analysis(0.3, 0.1) },
        { label: 'desktop', analysis: analysis(-0.1, 0.1) },
      ],
      1,
      0.9,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pooling.tauSquared).toBeCloseTo(0.07, 15);
    expect(result.pooling.mu.mean).toBeCloseTo(0.1, 15);
    expect(result.pooling.slices.map((s) => s.label)).toEqual(['mobile', 'desktop']);
    expect(result.leftOut).toEqual([]);
  });

  it('leaves out, by name, slices without a relative difference or whose analysis failed', () => {
    const result = poolArmAcrossSlices(
      [
        { label: 'a', analysis: analysis(0.02, 0.01) },
        { label: 'zero control', analysis: { key: 'm', arms: [arm(null), arm(null)] } },
        { label: 'failed', analysis: null },
        { label: 'b', analysis: analysis(0.03, 0.02) },
      ],
      1,
      0.9,
    );
    expect(result.leftOut).toEqual(['zero control', 'failed']);
    expect(result.ok && result.pooling.slices.map((s) => s.label)).toEqual(['a', 'b']);
  });

  it('says so when no slice can be pooled', () => {
    expect(poolArmAcrossSlices([{ label: 'x', analysis: null }], 1, 0.9)).toEqual({
      ok: false,
      reason: 'no-slices',
      leftOut: ['x'],
    });
  });
});
