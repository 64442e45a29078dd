import { describe, expect, it } from 'vitest';
import {
  completeAnalysisSettings,
  decisionThresholds,
  cupedOn,
  defaultAnalysisSettings,
  frequentistSettings,
  gammaSquaredFor,
  settingsProblems,
} from './settings.ts';
import { CREDIBLE_MASS_CHOICES, defaultGammaSquared } from './defaults.ts';
import { DEFAULT_CREDIBLE_MASS, DEFAULT_DRAWS, DEFAULT_SEED } from '../stats/analyze.ts';

describe('the analysis defaults', () => {
  it('are the documented values, and the engine falls back to the same ones', () => {
    expect(defaultAnalysisSettings()).toEqual({
      credibleMass: 0.9,
      prior: 'informative',
      priorRelativeVariance: {},
      method: 'exact',
      draws: 1_000_000,
      seed: 1,
      winnerThreshold: 0.95,
      caringThreshold: 0.0025,
      guardrailThreshold: 0.05,
      minimumUnitsPerArm: 100,
      inference: 'bayesian',
      confidenceLevel: 0.95,
      sequentialTuning: 5000,
      correction: 'none',
      cupedMetrics: [],
    });
    expect([DEFAULT_CREDIBLE_MASS, DEFAULT_DRAWS, DEFAULT_SEED]).toEqual([0.9, 1_000_000, 1]);
    expect(CREDIBLE_MASS_CHOICES).toContain(0.9);
  });

  it('give γ² by the model the metric is analysed with', () => {
    expect(defaultGammaSquared({ kind: 'conversion', aggregation: 'average' })).toBe(0.04);
    expect(defaultGammaSquared({ kind: 'conversion', aggregation: 'sum' })).toBe(0.16);
    expect(defaultGammaSquared({ kind: 'numeric', aggregation: 'average' })).toBe(0.16);
  });

  it('hand out a fresh object each time', () => {
    const first = defaultAnalysisSettings();
    first.priorRelativeVariance.x = 1;
    expect(defaultAnalysisSettings().priorRelativeVariance).toEqual({});
  });
});

describe('completeAnalysisSettings', () => {
  it('fills left-out fields with the defaults and keeps the given ones', () => {
    expect(
      completeAnalysisSettings({
        credibleMass: 0.8,
        prior: 'flat',
        method: 'monte-carlo',
        seed: 9,
      }),
    ).toEqual({
      credibleMass: 0.8,
      prior: 'flat',
      priorRelativeVariance: {},
      method: 'monte-carlo',
      draws: 1_000_000,
      seed: 9,
      winnerThreshold: 0.95,
      caringThreshold: 0.0025,
      guardrailThreshold: 0.05,
      minimumUnitsPerArm: 100,
      inference: 'bayesian',
      confidenceLevel: 0.95,
      sequentialTuning: 5000,
      correction: 'none',
      cupedMetrics: [],
    });
  });

  it('keeps γ² for any metric key, "__proto__" included, as an own entry', () => {
    const given = JSON.parse('{"__proto__": 0.2, "constructor": 0.3}') as Record<string, number>;
    const settings = completeAnalysisSettings({
      credibleMass: 0.9,
      prior: 'informative',
      method: 'exact',
      priorRelativeVariance: given,
    });
    expect(gammaSquaredFor(settings, '__proto__')).toBe(0.2);
    expect(gammaSquaredFor(settings, 'constructor')).toBe(0.3);
    expect(gammaSquaredFor(settings, 'toString')).toBeUndefined();
  });
});

describe('settingsProblems', () => {
  it('finds nothing wrong with the defaults', () => {
    expect(settingsProblems(defaultAnalysisSettings())).toEqual([]);
  });

  it('names each bad field', () => {
    const problems = settingsProblems({
      credibleMass: 1,
      prior: 'wide' as 'flat',
      priorRelativeVariance: { revenue: 0, signup: 0.1 },
      method: 'guess' as 'exact',
      draws: 100_000_001,
      seed: 1.5,
      winnerThreshold: Number.NaN,
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'credibleMass',
      'prior',
      'method',
      'draws',
      'seed',
      'winnerThreshold',
      'priorRelativeVariance.revenue',
    ]);
    expect(settingsProblems({ ...defaultAnalysisSettings(), draws: 0 })[0].field).toBe('draws');
  });
});

describe('the decision thresholds', () => {
  it('fill what old records and links leave out, and keep what they give', () => {
    const old = {
      credibleMass: 0.9,
      prior: 'informative' as const,
      priorRelativeVariance: {},
      method: 'exact' as const,
      draws: 1000,
      seed: 1,
      winnerThreshold: 0.9,
    };
    expect(decisionThresholds(old)).toEqual({
      winnerThreshold: 0.9,
      caringThreshold: 0.0025,
      guardrailThreshold: 0.05,
      minimumUnitsPerArm: 100,
    });
    expect(
      completeAnalysisSettings({ ...old, caringThreshold: 0.01, minimumUnitsPerArm: 0 }),
    ).toMatchObject({ caringThreshold: 0.01, guardrailThreshold: 0.05, minimumUnitsPerArm: 0 });
  });

  it('are checked when present', () => {
    const problems = settingsProblems({
      ...defaultAnalysisSettings(),
      caringThreshold: 0,
      guardrailThreshold: 1.5,
      minimumUnitsPerArm: 2.5,
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'caringThreshold',
      'guardrailThreshold',
      'minimumUnitsPerArm',
    ]);
    const { caringThreshold, guardrailThreshold, minimumUnitsPerArm, ...old } =
      defaultAnalysisSettings();
    expect([caringThreshold, guardrailThreshold, minimumUnitsPerArm]).toEqual([0.0025, 0.05, 100]);
    expect(settingsProblems(old)).toEqual([]);
  });
});

describe('the frequentist settings', () => {
  const base = { credibleMass: 0.9, prior: 'flat', method: 'exact' } as const;

  it('read a record stored before them as Bayesian, 95%, N* = 5000, no correction, no CUPED', () => {
    const stored = defaultAnalysisSettings();
    for (const key of [
      'inference',
      'confidenceLevel',
      'sequentialTuning',
      'correction',
      'cupedMetrics',
    ] as const)
      delete stored[key];
    expect(settingsProblems(stored)).toEqual([]);
    expect(frequentistSettings(stored)).toEqual({
      inference: 'bayesian',
      confidenceLevel: 0.95,
      sequentialTuning: 5000,
      correction: 'none',
      cupedMetrics: [],
    });
    expect(cupedOn(stored, 'revenue')).toBe(false);
  });

  it('are kept as given by completeAnalysisSettings', () => {
    const settings = completeAnalysisSettings({
      ...base,
      inference: 'sequential',
      confidenceLevel: 0.9,
      sequentialTuning: 800,
      correction: 'holm',
      cupedMetrics: ['revenue'],
    });
    expect(frequentistSettings(settings)).toEqual({
      inference: 'sequential',
      confidenceLevel: 0.9,
      sequentialTuning: 800,
      correction: 'holm',
      cupedMetrics: ['revenue'],
    });
    expect(cupedOn(settings, 'revenue')).toBe(true);
    expect(cupedOn(settings, 'signup')).toBe(false);
  });

  it('name each bad field', () => {
    const problems = settingsProblems({
      ...defaultAnalysisSettings(),
      inference: 'likelihood' as 'bayesian',
      confidenceLevel: 95,
      sequentialTuning: 0,
      correction: 'bonferroni' as 'holm',
      cupedMetrics: [3] as unknown as string[],
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'inference',
      'confidenceLevel',
      'sequentialTuning',
      'correction',
      'cupedMetrics',
    ]);
  });
});
