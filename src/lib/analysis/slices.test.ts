// The slice view's statistics: the attribute breakdown in arm order, each slice's own sample-ratio
// check (χ² p-values from scipy.stats.chi2.sf), the relative difference per slice through the engine
// (flat prior, worked out by hand as in over-time.test.ts) and the pooled estimates (the two-slice
// formula by hand, and the committed scipy reference of src/lib/stats/pooling).
import { describe, expect, it } from 'vitest';
import { analyzeMetric } from '../stats/index.ts';
import reference from '../stats/pooling/__fixtures__/pooling-reference.json';
import {
  attributeSlices,
  type BreakdownInput,
  compareAcrossSlices,
  planSlices,
  readSlices,
  sliceLabel,
  sliceSrm,
  type SliceResult,
  type SlicePlanInput,
} from './slices.ts';
import type { AnalysisResponse, MetricAnalysis } from './types.ts';

const Z = 1.6448536269514722;

const stats = (variation: number, units: number, sum: number, sumSquares: number) => ({
  variation,
  units,
  conversions: units,
  sum,
  sumSquares,
});

// The design's control is flag variation 2 and its treatment variation 0: arm order is [2, 0].
const VARIATIONS = [2, 0];
const breakdowns: BreakdownInput[] = [
  { by: 'day', cells: [] },
  {
    by: 'attribute',
    attribute: 'country',
    otherValues: 3,
    cells: [
      {
        value: 'US',
        arms: [
          { variation: 0, units: 4 },
          { variation: 2, units: 4 },
        ],
        metrics: { revenue: [stats(0, 4, 12, 40), stats(2, 4, 8, 20)] },
      },
      {
        value: '',
        group: 'other',
        arms: [
          { variation: 2, units: 10 },
          { variation: 0, units: 10 },
        ],
        metrics: { revenue: [stats(2, 10, 20, 56), stats(0, 10, 27, 83)] },
      },
      {
        value: '',
        group: 'missing',
        arms: [{ variation: 2, units: 3 }],
        metrics: {},
      },
    ],
  },
];

describe('attribute slices in arm order', () => {
  const [country] = attributeSlices(breakdowns, ['revenue', 'constructor'], VARIATIONS);

  it('keeps only attribute breakdowns, maps variations to arms, fills missing arms with 0 units', () => {
    expect(attributeSlices(breakdowns, ['revenue'], VARIATIONS)).toHaveLength(1);
    expect(country.attribute).toBe('country');
    expect(country.otherValues).toBe(3);
    expect(country.cells.map((cell) => cell.units)).toEqual([
      [4, 4],
      [10, 10],
      [3, 0],
    ]);
    // Control (variation 2) first.
    expect(country.cells[0].metrics[0]).toEqual([
      { units: 4, conversions: 4, sum: 8, sumSquares: 20 },
      { units: 4, conversions: 4, sum: 12, sumSquares: 40 },
    ]);
    // A metric without statistics in a cell, or keyed like an Object.prototype member: zeros.
    expect(country.cells[2].metrics[0]).toEqual([
      { units: 3, conversions: 0, sum: 0, sumSquares: 0 },
      { units: 0, conversions: 0, sum: 0, sumSquares: 0 },
    ]);
    expect(country.cells[0].metrics[1][0]).toEqual({
      units: 4,
      conversions: 0,
      sum: 0,
      sumSquares: 0,
    });
    expect(country.cells[1].group).toBe('other');
    expect(attributeSlices(undefined, ['revenue'], VARIATIONS)).toEqual([]);
  });

  it('names the merged groups in words', () => {
    expect(sliceLabel(country.cells[0], 3)).toBe('US');
    expect(sliceLabel(country.cells[1], 3)).toBe('Other (3 values merged)');
    expect(sliceLabel({ value: '', group: 'other' }, 1)).toBe('Other (1 value merged)');
    expect(sliceLabel(country.cells[2], 3)).toBe('No value (attribute missing)');
    expect(sliceLabel({ value: '' }, 0)).toBe('(empty value)');
  });
});

describe("each slice's own sample-ratio check", () => {
  it('alerts on the skewed slice only', () => {
    const balanced = sliceSrm([5000, 5000], [50, 50]);
    const skewed = sliceSrm([6000, 4000], [50, 50]);
    const close = sliceSrm([4950, 5050], [50, 50]);
    const uneven = sliceSrm([2500, 7500], [25, 75]);
    expect(balanced.result?.alert).toBe(false);
    expect(close.result?.alert).toBe(false);
    expect(uneven.result?.alert).toBe(false);
    expect(skewed.result?.alert).toBe(true);
    // χ² = 2·1000²/5000 = 400 (df 1) → chi2.sf(400, 1); 2·50²/5000 = 1 → chi2.sf(1, 1).
    expect(skewed.result!.chiSquarePValue / 5.507248237212379e-89).toBeCloseTo(1, 10);
    expect(close.result?.chiSquarePValue).toBeCloseTo(0.31731050786291115, 12);
    expect(balanced.result?.chiSquarePValue).toBeCloseTo(1, 12);
    expect(skewed.expected).toEqual([5000, 5000]);
    expect(uneven.expected).toEqual([2500, 7500]);
    expect(skewed.observed).toEqual([6000, 4000]);
  });

  it('has no test for a slice without units, or with counts the test refuses', () => {
    expect(sliceSrm([1.5, 2], [50, 50]).result).toBeNull();
    expect(sliceSrm([3, 2], [50]).result).toBeNull();
    expect(sliceSrm([0, 0], [50, 50])).toEqual({
      observed: [0, 0],
      expected: [0, 0],
      result: null,
    });
  });
});

/** What the workers answer, computed by the engine's entry point in this thread. */
function analyse(plan: ReturnType<typeof planSlices>): AnalysisResponse[] {
  return plan.requests.map((request): AnalysisResponse => ({
    viewKey: request.viewKey,
    srm: null,
    metrics: request.metrics.map((metric) => ({
      key: metric.key,
      result: {
        ok: true,
        value: { key: metric.key, arms: analyzeMetric(metric.arms, metric.options) },
      },
    })),
  }));
}

describe('relative difference per slice, raw and pooled', () => {
  const [country] = attributeSlices(breakdowns, ['revenue'], VARIATIONS);
  const input: SlicePlanInput = {
    viewKey: 'iteration-1',
    control: 0,
    armNames: ['Control', 'Treatment'],
    metric: { key: 'revenue', kind: 'numeric', aggregation: 'sum', direction: 'higher' },
    metricIndex: 0,
    slices: country,
    settings: {
      credibleMass: 0.9,
      prior: 'flat',
      method: 'monte-carlo',
      priorRelativeVariance: {},
    },
  };

  it('analyses every slice in its own entry, under view keys of its own, by the exact method', () => {
    const plan = planSlices(input);
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0].viewKey).toBe('iteration-1/slices/0');
    expect(plan.requests[0].metrics.map((entry) => entry.key)).toEqual([
      'revenue@slice-0',
      'revenue@slice-1',
      'revenue@slice-2',
    ]);
    expect(plan.requests[0].metrics.every((entry) => entry.options.method === 'exact')).toBe(true);
    const many = planSlices({
      ...input,
      slices: { ...country, cells: Array.from({ length: 130 }, () => country.cells[0]) },
    });
    expect(many.requests.map((request) => request.metrics.length)).toEqual([100, 30]);
  });

  it('matches the flat-prior normal model and the two-slice pooling formula by hand', () => {
    const plan = planSlices(input);
    const results = readSlices(plan, analyse(plan));
    expect(results.map((result) => result.label)).toEqual([
      'US',
      'Other (3 values merged)',
      'No value (attribute missing)',
    ]);
    // US: ȳ_c = 2, var = (20 − 16)/3/4 = 1/3; ȳ_t = 3, var = 1/3: rel 0.5, sd² = (1/3)/4 + 1.5²(1/3)/4.
    // Other: ȳ_c = 2, var = (56 − 40)/9/10; ȳ_t = 2.7, var = (83 − 72.9)/9/10: rel 0.35.
    const d = [0.5, 0.35];
    const s = [0.5204164998665332, 0.3302356061292536];
    const compared = compareAcrossSlices(results, 1, 0.9);
    d.forEach((mean, i) => {
      const raw = compared.slices[i].raw;
      expect(raw?.mean).toBeCloseTo(mean, 12);
      expect(raw?.sd).toBeCloseTo(s[i], 12);
      expect(raw?.credibleInterval[0]).toBeCloseTo(mean - Z * s[i], 10);
    });
    // Two slices: τ̂² = max(0, ((d₁ − d₂)² − s₁² − s₂²)/2) = 0, so both pool fully to
    // μ̂ = Σ dᵢ/sᵢ² / Σ 1/sᵢ², with variance 1/Σ 1/sᵢ² (Bᵢ = 1).
    const w = s.map((sd) => 1 / sd ** 2);
    const mu = (d[0] * w[0] + d[1] * w[1]) / (w[0] + w[1]);
    const muSd = Math.sqrt(1 / (w[0] + w[1]));
    expect(compared.pooling.ok && compared.pooling.pooling.status).toBe('no-heterogeneity');
    for (const slice of compared.slices.slice(0, 2)) {
      expect(slice.pooled?.mean).toBeCloseTo(mu, 12);
      expect(slice.pooled?.sd).toBeCloseTo(muSd, 12);
      expect(slice.pooled?.credibleInterval[1]).toBeCloseTo(mu + Z * muSd, 10);
      expect(slice.shrinkage).toBeCloseTo(1, 12);
    }
    // The missing slice has no treatment units: no estimate, the engine's reason, left out of the pool.
    expect(compared.slices[2]).toMatchObject({ raw: null, pooled: null, shrinkage: null });
    expect(compared.slices[2].note).toMatch(/not enough data/);
    expect(compared.pooling.leftOut).toEqual(['2']);
  });

  it('pools the slices as the committed scipy reference does (five slices, τ² > 0)', () => {
    const [fixture] = reference as unknown as {
      mass: number;
      slices: { label: string; mean: number; sd: number }[];
      expected: {
        slices: {
          label: string;
          pooled: { mean: number; sd: number; credibleInterval: [number, number] };
          shrinkage: number;
        }[];
      };
    }[];
    const results: SliceResult[] = fixture.slices.map((slice) => ({
      label: slice.label,
      cell: { value: slice.label, units: [1, 1], metrics: [] },
      analysis: analysisWith(slice.mean, slice.sd),
    }));
    // A failed slice sits in the middle: it is left out and the others keep their places.
    results.splice(2, 0, {
      label: 'failed',
      cell: { value: 'failed', units: [0, 0], metrics: [] },
      analysis: null,
      error: 'The analysis failed.',
    });
    const compared = compareAcrossSlices(results, 1, fixture.mass);
    const shown = compared.slices.filter((_, index) => index !== 2);
    fixture.expected.slices.forEach((expected, i) => {
      expect(shown[i].pooled?.mean).toBeCloseTo(expected.pooled.mean, 10);
      expect(shown[i].pooled?.sd).toBeCloseTo(expected.pooled.sd, 10);
      expect(shown[i].pooled?.credibleInterval[0]).toBeCloseTo(
        expected.pooled.credibleInterval[0],
        10,
      );
      expect(shown[i].shrinkage).toBeCloseTo(expected.shrinkage, 10);
    });
    expect(compared.slices[2]).toMatchObject({ pooled: null, note: 'The analysis failed.' });
  });
});

function analysisWith(mean: number, sd: number): MetricAnalysis {
  const arm = {
    name: 'arm',
    status: 'ok' as const,
    posterior: { family: 'normal' as const, mean: 1, sd: 0.1 },
    posteriorMean: 1,
    credibleInterval: [0.9, 1.1] as [number, number],
    probabilityToBeatControl: null,
    probabilityToBeBest: 0.5,
    expectedLoss: 0,
    expectedLossRelative: 0,
  };
  return {
    key: 'm',
    arms: [
      { ...arm, relativeDifference: null },
      { ...arm, relativeDifference: { mean, sd, credibleInterval: [mean - sd, mean + sd] } },
    ],
  };
}
