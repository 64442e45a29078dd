import { describe, expect, it } from 'vitest';
import { scorecardGroups, type ScorecardInput } from './scorecard.ts';
import type { ResultsMetric } from './results-input.ts';
import type { MetricAnalysis, MetricArmResult } from '../../lib/analysis/types.ts';
import type { Decision } from '../../lib/analysis/decision.ts';
import { defaultAnalysisSettings } from '../../lib/analysis/settings.ts';
import {
  layoutScorecardAxis,
  MIN_TICK_GAP,
  SCORECARD_BAR_INSET,
} from '../../lib/charts/scorecard-axis.ts';

const arm = (name: string, fields: Partial<MetricArmResult>): MetricArmResult => ({
  name,
  status: 'ok',
  posterior: { family: 'normal', mean: 1, sd: 0.1 },
  posteriorMean: 1,
  credibleInterval: [0.8, 1.2],
  relativeDifference: null,
  probabilityToBeatControl: null,
  probabilityToBeBest: 1 / 3,
  expectedLoss: 0.01,
  expectedLossRelative: 0.01,
  ...fields,
});
const rd = (mean: number, sd: number, low: number, high: number) => ({
  mean,
  sd,
  credibleInterval: [low, high] as [number, number],
});

const metric = (key: string, fields: Partial<ResultsMetric>): ResultsMetric => ({
  key,
  name: key,
  kind: 'conversion',
  aggregation: 'average',
  direction: 'higher',
  primary: false,
  arms: [],
  ...fields,
});

// Design order deliberately differs from the groups' order: secondary, primary, guardrails.
const metrics = [
  metric('revenue', { name: 'Revenue', kind: 'numeric', aggregation: 'sum' }),
  metric('signup', { name: 'Signup', primary: true }),
  metric('latency', { name: 'Latency', direction: 'lower', guardrailMargin: 0.02 }),
  metric('errors', { name: 'Errors', direction: 'lower', guardrailMargin: 0.01 }),
];
const revenue: MetricAnalysis = {
  key: 'revenue',
  arms: [
    arm('A', { posteriorMean: 10, credibleInterval: [9.7, 10.3] }),
    arm('B', {
      posteriorMean: 10.5,
      credibleInterval: [10.2, 10.8],
      relativeDifference: rd(0.05, 0.02, 0.02, 0.08),
    }),
    arm('C', {
      posteriorMean: 9.9,
      credibleInterval: [9.5, 10.3],
      relativeDifference: rd(-0.01, 0.02, -0.04, 0.02),
    }),
  ],
};
const signup: MetricAnalysis = {
  key: 'signup',
  arms: [
    arm('A', { posteriorMean: 0.1, credibleInterval: [0.09, 0.11], expectedLoss: 0.02 }),
    arm('B', {
      posteriorMean: 0.12,
      credibleInterval: [0.11, 0.13],
      relativeDifference: rd(0.2, 0.06, 0.1, 0.3),
      probabilityToBeatControl: 0.97,
      probabilityToBeBest: 0.99,
      expectedLoss: 0.0001,
    }),
    arm('C', {
      posteriorMean: 0.105,
      credibleInterval: [0.095, 0.115],
      relativeDifference: rd(0.05, 0.06, -0.05, 0.15),
      probabilityToBeatControl: 0.8,
      probabilityToBeBest: 0.01,
    }),
  ],
};
// Lower is better, margin 2%: B at +3% ± 1% is worse than the margin with P = Φ(1) = 84.1% (harmed);
// C at −5% ± 1% with P = Φ(−7) ≈ 0 (within the margin).
const latency: MetricAnalysis = {
  key: 'latency',
  arms: [
    arm('A', {}),
    arm('B', { relativeDifference: rd(0.03, 0.01, 0.01, 0.05) }),
    arm('C', { relativeDifference: rd(-0.05, 0.01, -0.07, -0.03) }),
  ],
};

const shipB: Decision = {
  verdict: 'ship',
  leader: { index: 1, name: 'B', probabilityToBeBest: 0.99 },
  metric: 'Signup',
  reasons: [],
  guardrails: [],
  sentence: 'Ship B.',
};

const base: ScorecardInput = {
  metrics,
  analyses: [revenue, signup, latency, null],
  armNames: ['A', 'B', 'C'],
  controlIndex: 0,
  decision: shipB,
  settings: defaultAnalysisSettings(),
};

describe('scorecardGroups', () => {
  it('groups Primary, Secondary, Guardrails with every metric × treatment arm in design and arm order', () => {
    const groups = scorecardGroups(base);
    expect(groups.map((g) => g.title)).toEqual(['Primary', 'Secondary', 'Guardrails']);
    expect(groups.map((g) => g.rows.map((r) => `${r.metricName}/${r.armName}`))).toEqual([
      ['Signup/B', 'Signup/C'],
      ['Revenue/B', 'Revenue/C'],
      ['Latency/B', 'Latency/C', 'Errors/B', 'Errors/C'],
    ]);
    expect(groups.flatMap((g) => g.rows.map((r) => r.role))).toEqual([
      'primary',
      'primary',
      'secondary',
      'secondary',
      'guardrail',
      'guardrail',
      'guardrail',
      'guardrail',
    ]);
  });

  it('leaves out empty groups and the control arm, wherever the control is', () => {
    const groups = scorecardGroups({
      ...base,
      metrics: [metrics[1]],
      analyses: [signup],
      controlIndex: 2,
      decision: null,
    });
    expect(groups.map((g) => g.title)).toEqual(['Primary']);
    expect(groups[0].rows.map((r) => r.armName)).toEqual(['A', 'B']);
  });

  it('colours the shipped arm positive on the primary metric, a harmed guardrail negative, the rest neutral, each with a label', () => {
    const rows = scorecardGroups(base).flatMap((g) => g.rows);
    const tone = Object.fromEntries(rows.map((r) => [r.id, [r.tone, r.label]]));
    expect(tone).toEqual({
      'signup:1': ['positive', 'Ships'],
      'signup:2': ['neutral', ''],
      'revenue:1': ['neutral', ''],
      'revenue:2': ['neutral', ''],
      'latency:1': ['negative', 'Guardrail harmed'],
      'latency:2': ['neutral', 'Within margin'],
      'errors:1': ['neutral', ''],
      'errors:2': ['neutral', ''],
    });
  });

  it('says who leads while the experiment keeps running, and that the control is best on a roll back', () => {
    const running = scorecardGroups({
      ...base,
      decision: { ...shipB, verdict: 'keep-running', reasons: [{ code: 'sample-ratio-mismatch' }] },
    })[0].rows;
    expect(running.map((r) => [r.tone, r.label])).toEqual([
      ['neutral', 'Leads'],
      ['neutral', ''],
    ]);
    const rollBack = scorecardGroups({
      ...base,
      decision: {
        ...shipB,
        verdict: 'roll-back',
        leader: { index: 0, name: 'A', probabilityToBeBest: 0.98 },
      },
    })[0].rows;
    expect(rollBack.map((r) => [r.tone, r.label])).toEqual([
      ['neutral', 'Control best'],
      ['neutral', 'Control best'],
    ]);
  });

  it("formats with the detailed table's precision per metric, units included", () => {
    const [primary, secondary] = scorecardGroups(base);
    const b = primary.rows[0];
    // Narrowest mean interval 2 points wide → 2 decimals; narrowest relative interval 20% → 1 decimal;
    // smallest loss 0.01 pp → two significant digits, 3 decimals.
    expect([b.value, b.controlValue, b.relative, b.relativeIntervalText]).toEqual([
      '12.00%',
      '10.00%',
      '+20.0%',
      '+10.0% to +30.0%',
    ]);
    expect([b.beatControl, b.best, b.loss]).toEqual(['97.0%', '99.0%', '0.010 pp']);
    expect(primary.rows[1].relativeIntervalText).toBe('−5.0% to +15.0%');
    // Revenue: intervals 0.6 wide → 3 decimals, no percent sign.
    expect([secondary.rows[0].value, secondary.rows[0].controlValue]).toEqual(['10.500', '10.000']);
    // Its smallest loss, 0.01, with two significant digits.
    expect(secondary.rows[0].loss).toBe('0.010');
  });

  it('shows dashes and why for a metric without analysis, and never NaN', () => {
    const errorsRows = scorecardGroups(base)[2].rows.filter((r) => r.metricKey === 'errors');
    expect(errorsRows.map((r) => [r.value, r.relative, r.best, r.loss])).toEqual([
      ['—', '—', '—', '—'],
      ['—', '—', '—', '—'],
    ]);
    expect(errorsRows[0].note).toBe('This metric could not be analysed.');
    const broken = scorecardGroups({
      ...base,
      analyses: [
        revenue,
        {
          key: 'signup',
          arms: [
            arm('A', {}),
            arm('B', {
              status: 'insufficient-data',
              posteriorMean: Number.NaN,
              probabilityToBeBest: Number.NaN,
              note: 'Too few units.',
            }),
            arm('C', {}),
          ],
        },
        latency,
        null,
      ],
    });
    const texts = JSON.stringify(broken);
    expect(texts).not.toMatch(/NaN|Infinity|undefined/);
    expect(broken[0].rows[0].note).toBe('Too few units.');
  });
});

describe('layoutScorecardAxis', () => {
  const rows = scorecardGroups(base).flatMap((g) => g.rows);
  const intervals = rows.map((r) => ({ mean: r.relativeMean, interval: r.relativeInterval }));

  it('has one domain covering every interval and zero, and one zero line for all rows', () => {
    const axis = layoutScorecardAxis(intervals, 140);
    const ends = intervals.flatMap((r) => (r.interval ? [...r.interval] : []));
    expect(ends).toHaveLength(12);
    expect(axis.domain[0]).toBeLessThanOrEqual(Math.min(...ends, 0));
    expect(axis.domain[1]).toBeGreaterThanOrEqual(Math.max(...ends, 0));
    // The widest end, −7% and +30%, on a 140 px bar with 6 px insets: zero sits between them.
    expect(axis.zeroX).toBeGreaterThan(SCORECARD_BAR_INSET);
    expect(axis.zeroX).toBeLessThan(140 - SCORECARD_BAR_INSET);
    for (const [index, bar] of axis.bars.entries()) {
      if (!intervals[index].interval) {
        expect(bar).toBeNull();
        continue;
      }
      expect(bar!.low).toBeGreaterThanOrEqual(SCORECARD_BAR_INSET);
      expect(bar!.high).toBeLessThanOrEqual(140 - SCORECARD_BAR_INSET);
      expect(bar!.low).toBeLessThanOrEqual(bar!.x);
      expect(bar!.x).toBeLessThanOrEqual(bar!.high);
      expect(bar!.x < axis.zeroX).toBe(intervals[index].mean! < 0);
    }
    expect(axis.ticks.map((t) => t.label)).toContain('0%');
  });

  it('includes zero when every interval is on one side, and survives no intervals or NaN', () => {
    const positive = layoutScorecardAxis([{ mean: 0.15, interval: [0.1, 0.2] }], 100);
    expect(positive.domain[0]).toBeLessThanOrEqual(0);
    expect(positive.domain[1]).toBeGreaterThanOrEqual(0.2);
    const empty = layoutScorecardAxis(
      [
        { mean: null, interval: null },
        { mean: Number.NaN, interval: [Number.NaN, 1] },
      ],
      100,
    );
    expect(empty.bars).toEqual([null, null]);
    expect(Number.isFinite(empty.zeroX)).toBe(true);
    expect(empty.domain[0]).toBeLessThan(0);
    expect(empty.domain[1]).toBeGreaterThan(0);
  });
});

describe('layoutScorecardAxis ticks', () => {
  it('labels zero and keeps labelled ticks at least MIN_TICK_GAP apart, in order', () => {
    const axis = layoutScorecardAxis(
      [
        { mean: 0.1, interval: [-0.11, 0.11] },
        { mean: -0.1, interval: [-0.19, 0.19] },
      ],
      140,
    );
    const positions = axis.ticks.map((t) => t.position);
    expect(axis.ticks.map((t) => t.value)).toContain(0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (let i = 1; i < positions.length; i++)
      expect(positions[i] - positions[i - 1]).toBeGreaterThanOrEqual(MIN_TICK_GAP);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
  });
});
