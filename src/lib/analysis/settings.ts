// The analysis settings as one typed object: the Results tab edits it, the database stores it (per
// workspace and per experiment), snapshot links carry it and exports describe it.
import type { ProbabilityMethod } from '../stats/types.ts';
import { ANALYSIS_DEFAULTS, ANALYSIS_LIMITS, FREQUENTIST_DEFAULTS } from './defaults.ts';

export type PriorKind = 'informative' | 'flat';

export type AnalysisSettings = {
  credibleMass: number;
  prior: PriorKind;
  /** γ² per metric key; metrics not listed use the statistics engine's default. */
  priorRelativeVariance: Record<string, number>;
  method: ProbabilityMethod;
  draws: number;
  seed: number;
  /** Probability to be best above which an arm is called the winner (and may be shipped). */
  winnerThreshold: number;
  // The decision rule's other thresholds (docs/statistics.md#the-decision-rule). Optional: settings
  // stored before they existed lack them; completeAnalysisSettings and decisionThresholds fill them.
  /** Relative expected loss below which the leader's risk is too small to care about. */
  caringThreshold?: number;
  /** Probability of being worse than the margin above which a guardrail is harmed. */
  guardrailThreshold?: number;
  /** Units every arm needs before a decision is made. */
  minimumUnitsPerArm?: number;
} & Partial<FrequentistSettings>;

/** The thresholds the decision rule reads, every one set. */
export type DecisionThresholds = Required<
  Pick<
    AnalysisSettings,
    'winnerThreshold' | 'caringThreshold' | 'guardrailThreshold' | 'minimumUnitsPerArm'
  >
>;

/** The decision thresholds of any settings, the left-out ones at their defaults. */
export function decisionThresholds(settings: Partial<AnalysisSettings>): DecisionThresholds {
  return {
    winnerThreshold: settings.winnerThreshold ?? ANALYSIS_DEFAULTS.winnerThreshold,
    caringThreshold: settings.caringThreshold ?? ANALYSIS_DEFAULTS.caringThreshold,
    guardrailThreshold: settings.guardrailThreshold ?? ANALYSIS_DEFAULTS.guardrailThreshold,
    minimumUnitsPerArm: settings.minimumUnitsPerArm ?? ANALYSIS_DEFAULTS.minimumUnitsPerArm,
  };
}

// ---- Frequentist settings (issue 17) -------------------------------------------------------------
// Optional on AnalysisSettings so records stored before them read as the defaults: read them through
// frequentistSettings(). Validated by frequentistProblems() (called from settingsProblems).
export type InferenceMode = 'bayesian' | 'frequentist' | 'sequential';
export type CorrectionMethod = 'none' | 'holm' | 'benjamini-hochberg';
export const INFERENCE_MODES: readonly InferenceMode[] = ['bayesian', 'frequentist', 'sequential'];
export const CORRECTION_METHODS: readonly CorrectionMethod[] = [
  'none',
  'holm',
  'benjamini-hochberg',
];

export type FrequentistSettings = {
  /** Bayesian, frequentist fixed-horizon, or frequentist sequential (always-valid). */
  inference: InferenceMode;
  /** 1 − α of the frequentist intervals and tests. */
  confidenceLevel: number;
  /** N*, the sequential test's tuning (the sample size at which its interval is tightest). */
  sequentialTuning: number;
  /** Correction of the treatment-vs-control p-values across arms × metrics. */
  correction: CorrectionMethod;
  /** Keys of the metrics analysed with CUPED (when their statistics carry a covariate). */
  cupedMetrics: string[];
};

/** The frequentist settings, each left-out one at its default. */
export function frequentistSettings(settings: Partial<FrequentistSettings>): FrequentistSettings {
  return {
    inference: settings.inference ?? FREQUENTIST_DEFAULTS.inference,
    confidenceLevel: settings.confidenceLevel ?? FREQUENTIST_DEFAULTS.confidenceLevel,
    sequentialTuning: settings.sequentialTuning ?? FREQUENTIST_DEFAULTS.sequentialTuning,
    correction: settings.correction ?? FREQUENTIST_DEFAULTS.correction,
    cupedMetrics: [...(settings.cupedMetrics ?? [])],
  };
}

/** Whether CUPED is on for a metric. */
export function cupedOn(settings: Partial<FrequentistSettings>, metricKey: string): boolean {
  return (settings.cupedMetrics ?? []).includes(metricKey);
}

function frequentistProblems(settings: Partial<FrequentistSettings>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const given = settings as Record<string, unknown>;
  if (given.inference !== undefined && !INFERENCE_MODES.includes(given.inference as InferenceMode))
    fail('inference', 'The method must be "bayesian", "frequentist" or "sequential".');
  if (given.confidenceLevel !== undefined && !isOpenUnit(given.confidenceLevel))
    fail('confidenceLevel', 'The confidence level must be a number between 0 and 1.');
  const tuning = given.sequentialTuning;
  if (
    tuning !== undefined &&
    !(typeof tuning === 'number' && Number.isFinite(tuning) && tuning > 0)
  )
    fail('sequentialTuning', 'The sequential tuning N* must be a number above 0.');
  if (
    given.correction !== undefined &&
    !CORRECTION_METHODS.includes(given.correction as CorrectionMethod)
  )
    fail('correction', 'The correction must be "none", "holm" or "benjamini-hochberg".');
  const cuped = given.cupedMetrics;
  if (cuped !== undefined && !(Array.isArray(cuped) && cuped.every((k) => typeof k === 'string')))
    fail('cupedMetrics', 'The CUPED metrics must be a list of metric keys.');
  return problems;
}
// ---- end of the frequentist settings -------------------------------------------------------------

/** Settings where only what changes the numbers is required (a snapshot link may leave out the rest). */
export type PartialAnalysisSettings = Pick<AnalysisSettings, 'credibleMass' | 'prior' | 'method'> &
  Partial<AnalysisSettings>;

export function defaultAnalysisSettings(): AnalysisSettings {
  return { ...ANALYSIS_DEFAULTS, priorRelativeVariance: {}, cupedMetrics: [] };
}

/** γ² of one metric when the settings set it (own keys only: a metric key may be "constructor"). */
export function gammaSquaredFor(
  settings: Pick<AnalysisSettings, 'priorRelativeVariance'>,
  metricKey: string,
): number | undefined {
  const table = settings.priorRelativeVariance;
  return Object.hasOwn(table, metricKey) ? table[metricKey] : undefined;
}

/** The settings with every left-out field at its default; γ² copied into a null-prototype record. */
export function completeAnalysisSettings(given: PartialAnalysisSettings): AnalysisSettings {
  const priorRelativeVariance: Record<string, number> = Object.create(null) as Record<
    string,
    number
  >;
  for (const [key, value] of Object.entries(given.priorRelativeVariance ?? {}))
    priorRelativeVariance[key] = value;
  return {
    credibleMass: given.credibleMass,
    prior: given.prior,
    priorRelativeVariance,
    method: given.method,
    draws: given.draws ?? ANALYSIS_DEFAULTS.draws,
    seed: given.seed ?? ANALYSIS_DEFAULTS.seed,
    ...decisionThresholds(given),
    ...frequentistSettings(given),
  };
}

export type SettingsProblem = { field: string; message: string };

/** What is wrong with settings from anywhere (a stored record, a link, a form), field by field. */
export function settingsProblems(settings: AnalysisSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  if (!isOpenUnit(settings.credibleMass))
    fail('credibleMass', 'The credible mass must be a number between 0 and 1.');
  if (settings.prior !== 'informative' && settings.prior !== 'flat')
    fail('prior', 'The prior must be "informative" or "flat".');
  if (settings.method !== 'exact' && settings.method !== 'monte-carlo')
    fail('method', 'The probability method must be "exact" or "monte-carlo".');
  if (
    !Number.isSafeInteger(settings.draws) ||
    settings.draws < 1 ||
    settings.draws > ANALYSIS_LIMITS.maxDraws
  )
    fail(
      'draws',
      `The number of draws must be a whole number from 1 to ${ANALYSIS_LIMITS.maxDraws}.`,
    );
  if (!Number.isSafeInteger(settings.seed)) fail('seed', 'The seed must be a whole number.');
  if (!isOpenUnit(settings.winnerThreshold))
    fail('winnerThreshold', 'The winner threshold must be a probability between 0 and 1.');
  if (settings.caringThreshold !== undefined && !isOpenUnit(settings.caringThreshold))
    fail(
      'caringThreshold',
      'The threshold of caring must be a relative expected loss between 0 and 1 (e.g. 0.0025 for 0.25%).',
    );
  if (settings.guardrailThreshold !== undefined && !isOpenUnit(settings.guardrailThreshold))
    fail('guardrailThreshold', 'The guardrail threshold must be a probability between 0 and 1.');
  const minimum = settings.minimumUnitsPerArm;
  if (
    minimum !== undefined &&
    (!Number.isSafeInteger(minimum) ||
      minimum < 0 ||
      minimum > ANALYSIS_LIMITS.maxMinimumUnitsPerArm)
  )
    fail(
      'minimumUnitsPerArm',
      `The minimum units per arm must be a whole number from 0 to ${ANALYSIS_LIMITS.maxMinimumUnitsPerArm}.`,
    );
  for (const [key, value] of Object.entries(settings.priorRelativeVariance ?? {})) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      fail(`priorRelativeVariance.${key}`, `γ² for "${key}" must be a number above 0.`);
  }
  problems.push(...frequentistProblems(settings));
  return problems;
}

function isOpenUnit(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1;
}
