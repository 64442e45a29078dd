import { describe, expect, it } from 'vitest';
import { defaultAnalysisSettings } from '../../lib/domain/create.ts';
import type { MetricAnalysis } from '../../lib/analysis/types.ts';
import { EXAMPLE_INPUT } from '../examples.ts';
import { leadingArm } from '../../lib/analysis/leader.ts';
import { modelKind, valueUnit } from '../../lib/metric-kinds/index.ts';
import { healthChecks } from './health-checks.ts';
import { buildAnalysisRequest, cumulativeLooks } from './request.ts';
import type { ResultsInput } from './results-input.ts';

function arm(name: string, probabilityToBeBest: number, status: 'ok' | 'insufficient-data' = 'ok') {
  return {
    name,
    status,
    posterior: { family: 'normal' as const, mean: 1, sd: 1 },
    posteriorMean: 1,
    credibleInterval: [0, 2] as [number, number],
    relativeDifference: null,
    probabilityToBeatControl: null,
    probabilityToBeBest,
    expectedLoss: 0,
    expectedLossRelative: null,
  };
}

describe('buildAnalysisRequest', () => {
  it('passes the settings and the control to every metric', () => {
    const settings = {
      ...defaultAnalysisSettings(),
      credibleMass: 0.95,
      prior: 'flat' as const,
      priorRelativeVariance: { 'order-value': 0.13 },
    };
    const request = buildAnalysisRequest(EXAMPLE_INPUT, settings);
    expect(request.viewKey).toBe('example');
    expect(request.metrics.map((metric) => metric.options.kind)).toEqual(['conversion', 'numeric']);
    expect(request.metrics[0].options).toMatchObject({
      credibleMass: 0.95,
      prior: 'flat',
      control: 0,
      direction: 'higher',
    });
    expect(request.metrics[0].options.priorRelativeVariance).toBeUndefined();
    expect(request.metrics[1].options.priorRelativeVariance).toBe(0.13);
    expect(request.metrics[1].arms[1]).toEqual({
      name: 'treatment',
      units: 1000,
      mean: 10.5,
      sd: 5.2,
    });
  });

  it('sends cumulative hourly looks and the split as fractions to the SRM test', () => {
    const request = buildAnalysisRequest(EXAMPLE_INPUT, defaultAnalysisSettings());
    expect(request.srm!.weights).toEqual([0.5, 0.5]);
    expect(request.srm!.looks).toHaveLength(10);
    expect(request.srm!.looks[9]).toEqual([1000, 1000]);
  });

  it('falls back to one look of total units without exposure times', () => {
    const request = buildAnalysisRequest(
      { ...EXAMPLE_INPUT, exposures: [] },
      defaultAnalysisSettings(),
    );
    expect(request.srm!.looks).toEqual([[1000, 1000]]);
  });

  it('analyses a summed conversion metric with the numeric model', () => {
    expect(modelKind({ kind: 'conversion', aggregation: 'sum' })).toBe('numeric');
    expect(valueUnit({ kind: 'conversion', aggregation: 'average' })).toBe('rate');
    const input: ResultsInput = {
      ...EXAMPLE_INPUT,
      metrics: [
        {
          ...EXAMPLE_INPUT.metrics[0],
          aggregation: 'sum',
          arms: [{ name: 'a', units: 10, conversions: 4 }],
        },
      ],
    };
    const request = buildAnalysisRequest(input, defaultAnalysisSettings());
    expect(request.metrics[0].arms[0]).toEqual({ name: 'a', units: 10, sum: 4, sumSquares: 4 });
  });
});

describe('cumulativeLooks', () => {
  it('sorts by time and accumulates', () => {
    expect(
      cumulativeLooks(
        [
          { start: 5, counts: [1, 2] },
          { start: 1, counts: [3, 0] },
        ],
        2,
      ),
    ).toEqual([
      [3, 0],
      [4, 2],
    ]);
  });
});

describe('leadingArm', () => {
  const analysis: MetricAnalysis = {
    key: 'm',
    arms: [arm('A', 0.03), arm('B', 0.96), arm('C', 0.01)],
  };

  it('names the arm most likely to be best and checks the threshold strictly', () => {
    expect(leadingArm(analysis, 0.95)).toEqual({
      index: 1,
      name: 'B',
      probabilityToBeBest: 0.96,
      isWinner: true,
    });
    expect(leadingArm(analysis, 0.96)?.isWinner).toBe(false);
  });

  it('ignores arms without enough data', () => {
    const thin: MetricAnalysis = {
      key: 'm',
      arms: [arm('A', 0.4), arm('B', 0.6, 'insufficient-data')],
    };
    expect(leadingArm(thin, 0.5)?.name).toBe('A');
    expect(leadingArm({ key: 'm', arms: [] }, 0.5)).toBeNull();
  });
});

describe('healthChecks', () => {
  const srmOk = {
    bayesFactor: 0.1,
    posteriorProbability: 0.09,
    pValue: 1,
    alert: false,
    chiSquarePValue: 0.8,
  };

  it('passes on the example', () => {
    const checks = healthChecks(EXAMPLE_INPUT, [null, null], srmOk);
    expect(checks.map((check) => [check.id, check.status])).toEqual([
      ['srm', 'pass'],
      ['enough-data', 'pass'],
      ['several-arms', 'pass'],
      ['metric-events', 'pass'],
    ]);
  });

  it('flags a mismatch, thin arms, mixed units and silent metrics', () => {
    const input: ResultsInput = {
      ...EXAMPLE_INPUT,
      unitsInSeveralArms: 3,
      metrics: [
        {
          ...EXAMPLE_INPUT.metrics[0],
          name: 'Signup',
          arms: [
            { name: 'control', units: 50, conversions: 0 },
            { name: 'treatment', units: 60, conversions: 0 },
          ],
        },
      ],
    };
    const checks = healthChecks(input, [null], { ...srmOk, alert: true });
    const status = Object.fromEntries(checks.map((check) => [check.id, check]));
    expect(status.srm.status).toBe('fail');
    expect(status['enough-data'].status).toBe('warn');
    expect(status['several-arms'].status).toBe('warn');
    expect(status['several-arms'].detail).toContain('3 units');
    expect(status['metric-events'].status).toBe('fail');
    expect(status['metric-events'].detail).toContain('Signup');
  });

  it('fails “enough data” when the engine reports an arm without enough data', () => {
    const checks = healthChecks(
      EXAMPLE_INPUT,
      [{ key: 'm', arms: [arm('A', 1), arm('B', 0, 'insufficient-data')] }],
      null,
    );
    expect(checks.find((check) => check.id === 'enough-data')!.status).toBe('fail');
    expect(checks.find((check) => check.id === 'srm')).toBeUndefined();
  });

  it('issue 13: a 44,700 / 45,489 split (χ² p = 0.0086) is a watch, not a pass', () => {
    const input: ResultsInput = {
      ...EXAMPLE_INPUT,
      exposures: [],
      metrics: [
        {
          ...EXAMPLE_INPUT.metrics[0],
          arms: [
            { name: 'control', units: 44_700, conversions: 4000 },
            { name: 'treatment', units: 45_489, conversions: 4100 },
          ],
        },
      ],
    };
    // posterior probability and χ² p of this split, from scripts/reference/srm_states_reference.py
    const srm = {
      ...srmOk,
      posteriorProbability: 0.8759,
      chiSquarePValue: 0.0086,
      bayesFactor: 7.06,
    };
    const check = healthChecks(input, [null], srm).find((c) => c.id === 'srm')!;
    expect(check.status).toBe('warn');
    expect(check.detail).toContain('χ² p = 0.0086');
  });

  it('no units in the window: SRM is not passed and the event keys are not blamed', () => {
    const input: ResultsInput = {
      ...EXAMPLE_INPUT,
      exposures: [],
      eventsOutsideWindow: 13_889,
      metrics: EXAMPLE_INPUT.metrics.map((metric) => ({
        ...metric,
        arms: metric.arms.map((a) => ({
          name: a.name,
          units: 0,
          conversions: 0,
          sum: 0,
          sumSquares: 0,
        })),
      })),
    };
    const zero = { ...srmOk, posteriorProbability: 0.5, chiSquarePValue: 1 };
    const checks = Object.fromEntries(
      healthChecks(input, [null, null], zero).map((c) => [c.id, c]),
    );
    expect(checks.srm.status).toBe('fail');
    expect(checks.srm.detail).toContain('No units in the window');
    expect(checks['metric-events'].detail).toContain('No units in the window');
    expect(checks['metric-events'].detail).not.toContain('Check the event key');
    expect(checks['enough-data'].detail).toContain('No units in the window');
  });
});

describe('buildAnalysisRequest with metric keys that are also Object members', () => {
  it('sends no γ² for a metric named "constructor" when none is set', () => {
    const input: ResultsInput = {
      ...EXAMPLE_INPUT,
      metrics: [{ ...EXAMPLE_INPUT.metrics[1], key: 'constructor' }],
    };
    const request = buildAnalysisRequest(input, defaultAnalysisSettings());
    expect(request.metrics[0].options.priorRelativeVariance).toBeUndefined();
  });
});
