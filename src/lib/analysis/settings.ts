// The analysis settings as one typed object: the Results tab edits it, the database stores it (per
// workspace and per experiment), snapshot links carry it and exports describe it.
import type { ProbabilityMethod } from '../stats/types.ts';
import { ANALYSIS_DEFAULTS, ANALYSIS_LIMITS } from './defaults.ts';

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
};

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

/** Settings where only what changes the numbers is required (a snapshot link may leave out the rest). */
export type PartialAnalysisSettings = Pick<AnalysisSettings, 'credibleMass' | 'prior' | 'method'> &
  Partial<AnalysisSettings>;

export function defaultAnalysisSettings(): AnalysisSettings {
  return { ...ANALYSIS_DEFAULTS, priorRelativeVariance: {} };
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
  return problems;
}

function isOpenUnit(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1;
}
