// The public types of the statistics engine. Stable: the worker layer, ingest, the UI and external
// scripts depend on these names and shapes.

export type Direction = 'higher' | 'lower';
export type MetricKind = 'conversion' | 'numeric';
export type ProbabilityMethod = 'exact' | 'monte-carlo';

/** Per-arm sufficient statistics. Numeric: (units, sum, sumSquares) or (units, mean, sd). Conversion: (units, conversions). */
export type ArmInput = {
  name: string;
  units: number;
  conversions?: number;
  sum?: number;
  sumSquares?: number;
  mean?: number;
  sd?: number;
};

export type AnalysisOptions = {
  kind: MetricKind;
  direction?: Direction; // default 'higher'
  control?: number; // index into arms, default 0
  credibleMass?: number; // default 0.9
  prior?: 'informative' | 'flat'; // default 'informative'
  priorRelativeVariance?: number; // γ²: default 0.16 numeric, 0.04 conversion
  method?: ProbabilityMethod; // default 'exact'
  draws?: number; // Monte Carlo draws, default 1_000_000
  seed?: number; // Monte Carlo seed, default 1
};

export type NormalPosterior = { family: 'normal'; mean: number; sd: number };
export type BetaPosterior = { family: 'beta'; alpha: number; beta: number };
export type Posterior = NormalPosterior | BetaPosterior;

export type RelativeDifference = { mean: number; sd: number; credibleInterval: [number, number] };

export type ArmStatus = 'ok' | 'insufficient-data';

export type ArmResult = {
  name: string;
  status: ArmStatus;
  posterior: Posterior;
  posteriorMean: number;
  credibleInterval: [number, number];
  /** null for the control, for insufficient-data arms, and when the control posterior mean is 0. */
  relativeDifference: RelativeDifference | null;
  /** null for the control and for arms left out of the comparison. */
  probabilityToBeatControl: number | null;
  probabilityToBeBest: number;
  expectedLoss: number;
  /** expectedLoss / |control posterior mean|; null when that mean is 0 or the control is unusable. */
  expectedLossRelative: number | null;
  /** Present with method 'monte-carlo': standard errors of the estimated quantities. */
  monteCarlo?: {
    draws: number;
    seed: number;
    probabilityToBeBestSE: number;
    probabilityToBeatControlSE: number | null;
    expectedLossSE: number;
  };
  /** Why an arm is insufficient-data or why relativeDifference is null, in plain words. */
  note?: string;
};

export type SrmOptions = {
  concentration?: number; // default 10000
  dirichletAlpha?: number[]; // overrides concentration
  priorOdds?: number; // default 1
  threshold?: number; // default 0.99
};

export type SrmResult = {
  bayesFactor: number;
  posteriorProbability: number;
  pValue: number;
  alert: boolean;
  chiSquarePValue: number;
  /** Indices of zero-weight arms that received units (each alone is a mismatch). */
  unexpectedArms?: number[];
  /** True when the posterior probability exceeded the threshold at any look, not only the last. */
  alertedAtAnyLook?: boolean;
  logBayesFactor?: number;
  observedShare?: number[];
  expectedShare?: number[];
};

/** Invalid input. `field` names the offending input, e.g. "arms[1].conversions" or "options.credibleMass". */
export class StatsInputError extends Error {
  readonly code = 'invalid-input' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'StatsInputError';
  }
}
