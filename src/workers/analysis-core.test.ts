// analyzeInThread (the worker API without workers): results equal the engine's, Monte Carlo carries its
// standard errors and the exact check, errors are data, abort and progress behave, payloads clone.
import { describe, expect, test } from 'vitest';
import { analyzeMetric, sampleRatioMismatch } from '../lib/stats/index.ts';
import { MONTE_CARLO_CHUNK_DRAWS } from '../lib/stats/compare/index.ts';
import type { ArmResult } from '../lib/stats/types.ts';
import type { AnalysisProgress, MetricArmResult, MetricOutcome } from '../lib/analysis/types.ts';
import { analyzeInThread } from './analysis-core.ts';
import { splitIntoBatches, SUPERSEDED } from './orchestrate.ts';
import { planChunks } from './analysis-tasks.ts';
import {
  CONVERSION_ARMS,
  exactMetric,
  fullRequest,
  longRunRequest,
  monteCarloMetric,
  NUMERIC_ARMS,
} from './__fixtures__/requests.ts';
import { findNonPlainData } from './__fixtures__/plain-data.ts';
import { numericDifferences } from './__fixtures__/numeric-differences.ts';

function metricArms(outcome: MetricOutcome | undefined): MetricArmResult[] {
  if (!outcome?.result.ok) throw new Error(`metric failed: ${JSON.stringify(outcome)}`);
  return outcome.result.value.arms;
}

function withoutExact(arms: MetricArmResult[]): ArmResult[] {
  return arms.map(({ exact: _exact, ...arm }) => arm);
}

describe('analyzeInThread results', () => {
  test('every metric and the SRM check equal the engine called directly', async () => {
    const request = fullRequest('view', 200_000);
    const result = await analyzeInThread(request);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.viewKey).toBe('view');
    expect(result.value.metrics.map((metric) => metric.key)).toEqual([
      'revenue',
      'signup',
      'signup-mc',
      'revenue-mc',
    ]);
    result.value.metrics.forEach((outcome, index) => {
      const metric = request.metrics[index];
      expect(withoutExact(metricArms(outcome))).toEqual(analyzeMetric(metric.arms, metric.options));
    });
    expect(result.value.srm).toEqual({
      ok: true,
      value: sampleRatioMismatch(request.srm!.looks, request.srm!.weights),
    });
  });

  test('the spec worked example comes through: P(treatment beats control) = 0.985704', async () => {
    const result = await analyzeInThread({
      viewKey: 'v',
      metrics: [{ key: 'm', arms: NUMERIC_ARMS.slice(0, 2), options: { kind: 'numeric' } }],
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(metricArms(result.value.metrics[0])[1].probabilityToBeatControl).toBeCloseTo(
      0.985704,
      6,
    );
  });

  test('Monte Carlo arms carry standard errors and the exact quadrature values, within 4 SE of them', async () => {
    const metric = monteCarloMetric('mc', 400_000, 3, 'conversion');
    const result = await analyzeInThread({ viewKey: 'v', metrics: [metric] });
    if (!result.ok) throw new Error(result.error.message);
    const arms = metricArms(result.value.metrics[0]);
    const exact = analyzeMetric(CONVERSION_ARMS, { ...metric.options, method: 'exact' });
    arms.forEach((arm, index) => {
      expect(arm.monteCarlo).toMatchObject({ draws: 400_000, seed: 3 });
      expect(arm.exact).toEqual({
        probabilityToBeBest: exact[index].probabilityToBeBest,
        probabilityToBeatControl: exact[index].probabilityToBeatControl,
        expectedLoss: exact[index].expectedLoss,
        expectedLossRelative: exact[index].expectedLossRelative,
      });
      const se = arm.monteCarlo!.probabilityToBeBestSE;
      expect(se).toBeGreaterThan(0);
      expect(
        Math.abs(arm.probabilityToBeBest - arm.exact!.probabilityToBeBest),
      ).toBeLessThanOrEqual(4 * se);
    });
    expect(arms[0].probabilityToBeatControl).toBeNull();
    expect(arms[0].monteCarlo!.probabilityToBeatControlSE).toBeNull();
    expect(
      Math.abs(arms[1].probabilityToBeatControl! - arms[1].exact!.probabilityToBeatControl!),
    ).toBeLessThanOrEqual(4 * arms[1].monteCarlo!.probabilityToBeatControlSE!);
  });

  test('an unusable control and a lone usable arm are handled like the engine does', async () => {
    const noControl = {
      key: 'a',
      arms: [{ name: 'c', units: 1, conversions: 0 }, ...CONVERSION_ARMS.slice(1)],
      options: { kind: 'conversion' as const, method: 'monte-carlo' as const, draws: 70_000 },
    };
    const lone = {
      key: 'b',
      arms: [CONVERSION_ARMS[0], { name: 't', units: 0, conversions: 0 }],
      options: { kind: 'conversion' as const, method: 'monte-carlo' as const, draws: 70_000 },
    };
    const result = await analyzeInThread({ viewKey: 'v', metrics: [noControl, lone] });
    if (!result.ok) throw new Error(result.error.message);
    expect(withoutExact(metricArms(result.value.metrics[0]))).toEqual(
      analyzeMetric(noControl.arms, noControl.options),
    );
    expect(withoutExact(metricArms(result.value.metrics[1]))).toEqual(
      analyzeMetric(lone.arms, lone.options),
    );
  });
});

describe('errors are data', () => {
  test("an engine StatsInputError becomes {code: 'invalid-input', field, message} for that metric only", async () => {
    const bad = {
      key: 'bad',
      arms: [CONVERSION_ARMS[0], { name: 't', units: 10, conversions: 11 }],
      options: { kind: 'conversion' as const },
    };
    let engineError: { field?: string; message?: string } = {};
    try {
      analyzeMetric(bad.arms, bad.options);
    } catch (error) {
      engineError = error as typeof engineError;
    }
    expect(engineError.field).toMatch(/^arms\[1\]/);
    const result = await analyzeInThread({ viewKey: 'v', metrics: [bad, exactMetric('good')] });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.metrics[0]).toEqual({
      key: 'bad',
      result: {
        ok: false,
        error: { code: 'invalid-input', field: engineError.field, message: engineError.message },
      },
    });
    expect(result.value.metrics[1].result.ok).toBe(true);
  });

  test('invalid options and SRM input are reported by field', async () => {
    const result = await analyzeInThread({
      viewKey: 'v',
      metrics: [monteCarloMetric('m', -5)],
      srm: { looks: [[10, 10]], weights: [1, 1, 1] },
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.metrics[0].result).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'options.draws' },
    });
    expect(result.value.srm).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  test('a malformed request fails as a whole with the offending field', async () => {
    const notArray = await analyzeInThread({ viewKey: 'v', metrics: 'revenue' } as never);
    expect(notArray).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'request.metrics' },
    });
    const noKey = await analyzeInThread({ metrics: [] } as never);
    expect(noKey).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'request.viewKey' },
    });
    const noOptions = await analyzeInThread({
      viewKey: 'v',
      metrics: [{ key: 'm', arms: [] }],
    } as never);
    expect(noOptions).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'request.metrics[0].options' },
    });
  });
});

describe('abort and progress', () => {
  test('an already aborted signal resolves at once with code aborted', async () => {
    const result = await analyzeInThread(longRunRequest('v', 1_000_000), {
      signal: AbortSignal.abort(),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'aborted' } });
  });

  test('aborting mid-run stops it; a superseding abort reports superseded', async () => {
    for (const [reason, code] of [
      [undefined, 'aborted'],
      [SUPERSEDED, 'superseded'],
    ] as const) {
      const controller = new AbortController();
      const reports: AnalysisProgress[] = [];
      const result = await analyzeInThread(longRunRequest('v', 5_000_000), {
        signal: controller.signal,
        onProgress: (progress) => {
          reports.push(progress);
          if (reports.length === 2) controller.abort(reason);
        },
      });
      expect(result).toMatchObject({ ok: false, error: { code } });
      expect(reports.length).toBeGreaterThanOrEqual(2);
      expect(reports.at(-1)!.drawsDone).toBeLessThan(5_000_000);
    }
  });

  test('progress rises monotonically to 1 with every draw counted', async () => {
    const reports: AnalysisProgress[] = [];
    const draws = 5 * MONTE_CARLO_CHUNK_DRAWS + 123;
    const result = await analyzeInThread(longRunRequest('v', draws, 3), {
      onProgress: (progress) => reports.push(progress),
    });
    expect(result.ok).toBe(true);
    expect(reports.length).toBeGreaterThan(2);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i].fraction).toBeGreaterThanOrEqual(reports[i - 1].fraction);
      expect(reports[i].drawsDone).toBeGreaterThanOrEqual(reports[i - 1].drawsDone);
    }
    expect(reports.at(-1)).toEqual({ fraction: 1, drawsDone: draws, drawsTotal: draws });
  });

  test('without Monte Carlo, progress counts finished metrics', async () => {
    const reports: AnalysisProgress[] = [];
    await analyzeInThread(
      { viewKey: 'v', metrics: [exactMetric('a'), exactMetric('b')] },
      { onProgress: (p) => reports.push(p) },
    );
    expect(reports.map((p) => p.fraction)).toEqual([0.5, 0.999, 1]);
  });
});

describe('payloads', () => {
  test('request and response are plain data that survive structuredClone unchanged', async () => {
    const request = fullRequest('clone', 100_000);
    expect(findNonPlainData(request)).toEqual([]);
    expect(structuredClone(request)).toEqual(request);
    const result = await analyzeInThread(request);
    expect(findNonPlainData(result)).toEqual([]);
    expect(structuredClone(result)).toEqual(result);
  });
});

test('the plain-data check does catch functions and class instances', () => {
  expect(findNonPlainData({ a: [1, 'x', null, { b: true }] })).toEqual([]);
  expect(findNonPlainData({ f: () => 1, m: new Map(), d: [new Date(0)] })).toEqual([
    '$.f (function)',
    '$.m (instance of Map)',
    '$.d[0] (instance of Date)',
  ]);
});

describe('chunk planning', () => {
  test('full chunks then the remainder, indexed from 0', () => {
    const draws = 2 * MONTE_CARLO_CHUNK_DRAWS + 5;
    expect(planChunks(draws)).toEqual([
      { index: 0, draws: MONTE_CARLO_CHUNK_DRAWS },
      { index: 1, draws: MONTE_CARLO_CHUNK_DRAWS },
      { index: 2, draws: 5 },
    ]);
    expect(planChunks(1)).toEqual([{ index: 0, draws: 1 }]);
  });

  test('batches keep order and cover every item once', () => {
    expect(splitIntoBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(splitIntoBatches([], 3)).toEqual([]);
  });
});

test('the tolerant comparison used against Chromium still catches real differences', () => {
  expect(
    numericDifferences({ a: [0.7198636122332379], b: 'x' }, { a: [0.719863612233238], b: 'x' }),
  ).toEqual([]);
  expect(numericDifferences({ a: [0.71986361] }, { a: [0.71986362] })).toEqual([
    '$.a[0]: 0.71986361 ≠ 0.71986362',
  ]);
  expect(numericDifferences({ a: 1, b: null }, { a: 1, b: 0 })).toEqual(['$.b: null ≠ 0']);
});
