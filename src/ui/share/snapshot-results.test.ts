import { expect, test } from 'vitest';
import { testSnapshot, testSnapshotWithSlices } from '../../lib/share/test-snapshot.ts';
import { validateSnapshot } from '../../lib/share/validate-snapshot.ts';
import { buildAnalysisRequest } from '../results/request.ts';
import {
  analysisSettingsFromSnapshot,
  resultsInputFromSnapshot,
  snapshotFromResults,
} from './snapshot-results.ts';

test('a snapshot opens as the results view shows it, and shares back as the same snapshot', () => {
  const snapshot = {
    ...testSnapshot(),
    settings: {
      ...testSnapshot().settings,
      draws: 1_000_000,
      seed: 1,
      winnerThreshold: 0.95,
      caringThreshold: 0.0025,
      guardrailThreshold: 0.05,
      minimumUnitsPerArm: 100,
    },
  };
  const input = resultsInputFromSnapshot(snapshot, 'snapshot');
  expect(input.armNames).toEqual(['Blue (control)', 'Green']);
  expect(input.exposures).toEqual([
    { start: Date.UTC(2025, 2, 2), counts: [480, 470] },
    { start: Date.UTC(2025, 2, 8), counts: [280, 285] },
    { start: Date.UTC(2025, 2, 15), counts: [240, 245] },
  ]);
  const settings = analysisSettingsFromSnapshot(snapshot);
  const back = snapshotFromResults({
    name: snapshot.design.name,
    iteration: snapshot.iteration,
    input,
    settings,
  });
  expect(validateSnapshot(back)).toEqual(snapshot);
});

test('the results model sends the worker the cumulative looks the snapshot recorded', () => {
  const snapshot = testSnapshot();
  const request = buildAnalysisRequest(
    resultsInputFromSnapshot(snapshot, 'v'),
    analysisSettingsFromSnapshot(snapshot),
  );
  expect(request.srm?.looks).toEqual(snapshot.srmLooks.map((look) => look.units));
});

test('typed summaries (mean and sd) become Σy and Σy²', () => {
  const snapshot = testSnapshot();
  const input = resultsInputFromSnapshot(snapshot, 'v');
  input.metrics[0].arms[0] = { name: 'Blue (control)', units: 1000, mean: 10, sd: 5 };
  const shared = snapshotFromResults({
    name: 'x',
    iteration: snapshot.iteration,
    input,
    settings: analysisSettingsFromSnapshot(snapshot),
  });
  expect(shared.statistics[0].arms[0]).toEqual({ units: 1000, sum: 10_000, sumSquares: 124_975 });
});

test('a metric keyed "__proto__" keeps its γ² on the way to the results view', () => {
  const snapshot = testSnapshot();
  snapshot.design.metrics[1].key = '__proto__';
  snapshot.design.metrics[1].priorRelativeVariance = 0.02;
  snapshot.statistics[1].metric = '__proto__';
  const request = buildAnalysisRequest(
    resultsInputFromSnapshot(snapshot, 'v'),
    analysisSettingsFromSnapshot(snapshot),
  );
  expect(request.metrics[1].options.priorRelativeVariance).toBe(0.02);
  expect(request.metrics[0].options.priorRelativeVariance).toBeUndefined();
});

test('sharing a metric keyed "constructor" adds no γ² the settings do not have', () => {
  const snapshot = testSnapshot();
  const input = resultsInputFromSnapshot(snapshot, 'v');
  input.metrics[0].key = 'constructor';
  const shared = snapshotFromResults({
    name: 'x',
    iteration: snapshot.iteration,
    input,
    settings: { ...analysisSettingsFromSnapshot(snapshot), priorRelativeVariance: {} },
  });
  expect(shared.design.metrics[0].priorRelativeVariance).toBeUndefined();
  expect(validateSnapshot(shared).design.metrics[0].key).toBe('constructor');
});

test('a guardrail margin, the decision thresholds and the decision record travel in the link', () => {
  const base = testSnapshot();
  const snapshot = {
    ...base,
    design: {
      ...base.design,
      metrics: base.design.metrics.map((metric, i) =>
        i === 1 ? { ...metric, primary: false, guardrailMargin: 0.02 } : metric,
      ),
    },
    iteration: {
      ...base.iteration,
      decision: { by: 'Ana', at: Date.UTC(2025, 2, 20), why: 'Ship Green.' },
    },
    settings: {
      ...base.settings,
      draws: 1_000_000,
      seed: 1,
      winnerThreshold: 0.9,
      caringThreshold: 0.01,
      guardrailThreshold: 0.2,
      minimumUnitsPerArm: 500,
    },
  };
  expect(validateSnapshot(snapshot)).toEqual(snapshot);
  const input = resultsInputFromSnapshot(snapshot, 'snapshot');
  expect(input.metrics[1].guardrailMargin).toBe(0.02);
  const settings = analysisSettingsFromSnapshot(snapshot);
  expect(settings).toMatchObject({ caringThreshold: 0.01, minimumUnitsPerArm: 500 });
  const back = snapshotFromResults({
    name: snapshot.design.name,
    iteration: snapshot.iteration,
    input,
    settings,
  });
  expect(validateSnapshot(back)).toEqual(snapshot);
  expect(() =>
    validateSnapshot({ ...snapshot, settings: { ...snapshot.settings, guardrailThreshold: 1 } }),
  ).toThrow(/settings\.guardrailThreshold/);
  expect(() =>
    validateSnapshot({
      ...snapshot,
      iteration: { ...snapshot.iteration, decision: { by: 'Ana', at: 1, why: ' ' } },
    }),
  ).toThrow(/iteration\.decision\.why/);
});

test('a ratio metric keeps its denominator moments through a link', () => {
  const snapshot = testSnapshot();
  const input = resultsInputFromSnapshot(snapshot, 'v');
  const ratioArm = (name: string, units: number) => ({
    name,
    units,
    conversions: 0,
    sum: 6,
    sumSquares: 20,
    denominatorSum: 4,
    denominatorSumSquares: 6,
    crossSum: 10,
  });
  input.metrics[0] = {
    ...input.metrics[0],
    kind: 'ratio',
    aggregation: 'sum',
    arms: [ratioArm('Blue (control)', 3), ratioArm('Green', 3)],
  };
  const shared = snapshotFromResults({
    name: 'x',
    iteration: snapshot.iteration,
    input,
    settings: analysisSettingsFromSnapshot(snapshot),
  });
  const { name: _name, conversions: _conversions, ...stored } = ratioArm('', 3);
  expect(shared.statistics[0].arms[0]).toEqual(stored);
  const opened = resultsInputFromSnapshot(validateSnapshot(shared), 'v');
  expect(opened.metrics[0].arms[1]).toEqual({ name: 'Green', ...stored });
  // A link whose ratio arm lost its denominator is refused by name, not analysed as zero.
  const broken = structuredClone(shared) as unknown as {
    statistics: { arms: Record<string, unknown>[] }[];
  };
  delete broken.statistics[0].arms[1].crossSum;
  expect(() => validateSnapshot(broken)).toThrow('statistics[0].arms[1].crossSum');
});

test('frequentist settings and CUPED covariate sums share and open unchanged', () => {
  const snapshot = testSnapshot();
  snapshot.settings = {
    ...snapshot.settings,
    draws: 1_000_000,
    seed: 1,
    winnerThreshold: 0.95,
    // Links always carry the decision thresholds (here their defaults).
    caringThreshold: 0.0025,
    guardrailThreshold: 0.05,
    minimumUnitsPerArm: 100,
    inference: 'sequential',
    sequentialTuning: 800,
    cupedMetrics: ['order-value'],
  };
  Object.assign(snapshot.statistics[0].arms[0], {
    covariateSum: 9000,
    covariateSumSquares: 100_000,
    covariateCrossSum: 110_000,
  });
  Object.assign(snapshot.statistics[0].arms[1], {
    covariateSum: 9100,
    covariateSumSquares: 101_000,
    covariateCrossSum: 112_000,
  });
  const back = snapshotFromResults({
    name: snapshot.design.name,
    iteration: snapshot.iteration,
    input: resultsInputFromSnapshot(snapshot, 'snapshot'),
    settings: analysisSettingsFromSnapshot(snapshot),
  });
  expect(validateSnapshot(back)).toEqual(snapshot);
});

test('the chosen slice view opens in the results view and shares back unchanged', () => {
  const snapshot = testSnapshotWithSlices();
  const input = resultsInputFromSnapshot(snapshot, 'snapshot');
  expect(input.slices?.map((slices) => slices.attribute)).toEqual(['country']);
  expect(input.slices?.[0].cells.map((cell) => cell.units)).toEqual([
    [500, 500],
    [300, 310],
    [150, 140],
    [50, 50],
  ]);
  const back = snapshotFromResults({
    name: snapshot.design.name,
    iteration: snapshot.iteration,
    input,
    settings: analysisSettingsFromSnapshot(snapshot),
    sliceChoice: { attribute: 'country', arm: 1 },
  });
  expect(validateSnapshot(back).slices).toEqual(snapshot.slices);
  // Without the section's choice (typed data, older callers) the link carries no slices.
  expect(
    snapshotFromResults({
      name: snapshot.design.name,
      iteration: snapshot.iteration,
      input,
      settings: analysisSettingsFromSnapshot(snapshot),
    }).slices,
  ).toBeUndefined();
});

test('a link that left slices out says so again when it is shared on', () => {
  const snapshot = testSnapshotWithSlices();
  snapshot.slices!.leftOut = 7;
  const back = snapshotFromResults({
    name: snapshot.design.name,
    iteration: snapshot.iteration,
    input: resultsInputFromSnapshot(snapshot, 'snapshot'),
    settings: analysisSettingsFromSnapshot(snapshot),
    sliceChoice: { attribute: null, arm: null },
  });
  expect(back.slices?.leftOut).toBe(7);
  expect(back.slices?.cells).toHaveLength(4);
});
