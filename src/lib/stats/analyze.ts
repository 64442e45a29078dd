import type {
  AnalysisOptions,
  ArmInput,
  ArmResult,
  Direction,
  MetricKind,
  Posterior,
  ProbabilityMethod,
} from './types.ts';
import { StatsInputError } from './types.ts';
import { compareExact, compareMonteCarlo } from './compare/index.ts';
import type { Comparison, ComparisonInput } from './compare/index.ts';
import { hdiBeta, hdiNormal } from './hdi.ts';
import { posteriorMoments, relativeDifference } from './relative-difference.ts';
import {
  flatNumericPosterior,
  numericInsufficiency,
  numericSummary,
  shrunkNumericPosterior,
} from './models/numeric.ts';
import type { NumericSummary } from './models/numeric.ts';
import {
  betaPosterior,
  conversionInsufficiency,
  conversionSummary,
  momentMatchedPrior,
  UNIFORM_PRIOR,
} from './models/conversion.ts';
import type { ConversionSummary } from './models/conversion.ts';
import { requireOneOf, requireOpenUnit, requirePositive } from './validate.ts';

import {
  DEFAULT_CREDIBLE_MASS,
  DEFAULT_DRAWS,
  DEFAULT_GAMMA_SQUARED,
  DEFAULT_METHOD,
  DEFAULT_PRIOR,
  DEFAULT_SEED,
} from './defaults.ts';

export { DEFAULT_CREDIBLE_MASS, DEFAULT_GAMMA_SQUARED, DEFAULT_DRAWS, DEFAULT_SEED };

export type ResolvedOptions = {
  kind: MetricKind;
  direction: Direction;
  control: number;
  credibleMass: number;
  flat: boolean;
  gammaSquared: number;
  method: ProbabilityMethod;
  draws: number;
  seed: number;
};

/** Defaults filled in and every option checked (StatsInputError naming `options.<field>`). */
export function resolveOptions(options: AnalysisOptions, armCount: number): ResolvedOptions {
  if (options === null || typeof options !== 'object')
    throw new StatsInputError('options', 'must be an object');
  const kind = requireOneOf(options.kind, ['conversion', 'numeric'] as const, 'options.kind');
  const direction = requireOneOf(
    options.direction ?? 'higher',
    ['higher', 'lower'] as const,
    'options.direction',
  );
  const control = options.control ?? 0;
  if (!Number.isInteger(control) || control < 0 || control >= armCount) {
    throw new StatsInputError(
      'options.control',
      `must be an arm index from 0 to ${armCount - 1} (got ${String(control)})`,
    );
  }
  const credibleMass = requireOpenUnit(
    options.credibleMass ?? DEFAULT_CREDIBLE_MASS,
    'options.credibleMass',
  );
  const prior = requireOneOf(
    options.prior ?? DEFAULT_PRIOR,
    ['informative', 'flat'] as const,
    'options.prior',
  );
  const gammaSquared = requirePositive(
    options.priorRelativeVariance ?? DEFAULT_GAMMA_SQUARED[kind],
    'options.priorRelativeVariance',
  );
  const method = requireOneOf(
    options.method ?? DEFAULT_METHOD,
    ['exact', 'monte-carlo'] as const,
    'options.method',
  );
  const draws = options.draws ?? DEFAULT_DRAWS;
  if (!Number.isSafeInteger(draws) || draws <= 0)
    throw new StatsInputError('options.draws', `must be a positive integer (got ${String(draws)})`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed))
    throw new StatsInputError('options.seed', `must be an integer (got ${String(seed)})`);
  return {
    kind,
    direction,
    control,
    credibleMass,
    flat: prior === 'flat',
    gammaSquared,
    method,
    draws,
    seed,
  };
}

export type ArmModel = {
  usable: boolean;
  posterior: Posterior;
  observedMean: number;
  note?: string;
};

/** Posteriors of every arm (placeholders for insufficient ones) under the chosen model. */
function buildModels(arms: ArmInput[], options: ResolvedOptions): ArmModel[] {
  return options.kind === 'numeric'
    ? numericModels(arms, options)
    : conversionModels(arms, options);
}

const CONTROL_UNUSABLE_NOTE =
  'control has not enough data: flat prior used instead of the shrinkage prior';

function numericModels(arms: ArmInput[], options: ResolvedOptions): ArmModel[] {
  const summaries: NumericSummary[] = arms.map((arm, i) => numericSummary(arm, `arms[${i}]`));
  const reasons = summaries.map(numericInsufficiency);
  const control = summaries[options.control];
  const controlUsable = reasons[options.control] === null;
  return summaries.map((summary, i): ArmModel => {
    const reason = reasons[i];
    if (reason !== null) {
      return {
        usable: false,
        posterior: { family: 'normal', mean: summary.mean, sd: 0 },
        observedMean: summary.mean,
        note: reason,
      };
    }
    if (options.flat || i === options.control)
      return { usable: true, posterior: flatNumericPosterior(summary), observedMean: summary.mean };
    if (!controlUsable)
      return {
        usable: true,
        posterior: flatNumericPosterior(summary),
        observedMean: summary.mean,
        note: CONTROL_UNUSABLE_NOTE,
      };
    return {
      usable: true,
      posterior: shrunkNumericPosterior(summary, control, options.gammaSquared),
      observedMean: summary.mean,
    };
  });
}

function conversionModels(arms: ArmInput[], options: ResolvedOptions): ArmModel[] {
  const summaries: ConversionSummary[] = arms.map((arm, i) => conversionSummary(arm, `arms[${i}]`));
  const reasons = summaries.map(conversionInsufficiency);
  const control = summaries[options.control];
  const controlUsable = reasons[options.control] === null;
  const treatmentPrior =
    options.flat || !controlUsable
      ? UNIFORM_PRIOR
      : momentMatchedPrior(control, options.gammaSquared);
  return summaries.map((summary, i): ArmModel => {
    const observedMean = summary.units === 0 ? 0 : summary.conversions / summary.units;
    const reason = reasons[i];
    if (reason !== null)
      return {
        usable: false,
        posterior: { family: 'beta', alpha: 1, beta: 1 },
        observedMean,
        note: reason,
      };
    const prior = i === options.control ? UNIFORM_PRIOR : treatmentPrior;
    const note =
      i !== options.control && !options.flat && !controlUsable ? CONTROL_UNUSABLE_NOTE : undefined;
    return {
      usable: true,
      posterior: betaPosterior(summary, prior),
      observedMean,
      ...(note ? { note } : {}),
    };
  });
}

function credibleInterval(posterior: Posterior, mass: number): [number, number] {
  return posterior.family === 'normal'
    ? hdiNormal(posterior.mean, posterior.sd, mass)
    : hdiBeta(posterior.alpha, posterior.beta, mass);
}

/**
 * Everything about one metric that does not need the comparison: options resolved, each arm's
 * posterior (or why it is unusable), and the comparison still to be run over the usable arms.
 * Plain data, so a worker can hand it to another.
 */
export type PreparedAnalysis = {
  names: string[];
  options: ResolvedOptions;
  models: ArmModel[];
  /** Indices (into arms) of the usable arms, in comparison order. */
  usableIndices: number[];
  controlUsable: boolean;
  /**
   * What compareExact / compareMonteCarlo must be given: null with fewer than two usable arms. With an
   * unusable control the first usable arm stands in as the (ignored) control.
   */
  comparison: ComparisonInput | null;
};

/** Validates the input and builds every arm's posterior (step one of analyzeMetric). */
export function prepareAnalysis(arms: ArmInput[], options: AnalysisOptions): PreparedAnalysis {
  if (!Array.isArray(arms) || arms.length === 0)
    throw new StatsInputError('arms', 'needs at least one arm');
  arms.forEach((arm, i) => {
    if (arm === null || typeof arm !== 'object')
      throw new StatsInputError(`arms[${i}]`, 'must be an object');
    if (typeof arm.name !== 'string')
      throw new StatsInputError(`arms[${i}].name`, 'must be a string');
  });
  const resolved = resolveOptions(options, arms.length);
  const models = buildModels(arms, resolved);
  const usableIndices = models.flatMap((model, i) => (model.usable ? [i] : []));
  const controlUsable = models[resolved.control].usable;
  const comparison: ComparisonInput | null =
    usableIndices.length < 2
      ? null
      : {
          posteriors: usableIndices.map((i) => models[i].posterior),
          direction: resolved.direction,
          control: controlUsable ? usableIndices.indexOf(resolved.control) : 0,
        };
  return {
    names: arms.map((arm) => arm.name),
    options: resolved,
    models,
    usableIndices,
    controlUsable,
    comparison,
  };
}

/** Runs the prepared comparison with the method the options chose (null when there is none to run). */
export function compareAnalysis(prepared: PreparedAnalysis): Comparison | null {
  const input = prepared.comparison;
  if (input === null) return null;
  const { method, draws, seed } = prepared.options;
  return method === 'exact' ? compareExact(input) : compareMonteCarlo(input, { draws, seed });
}

const LONE_ARM: Comparison = {
  probabilityToBeBest: [1],
  probabilityToBeatControl: [null],
  expectedLoss: [0],
};

/**
 * Places a comparison's results (exact or Monte Carlo, in the order of `prepared.comparison`) into
 * the arm results, in the order of the arms (step two of analyzeMetric). `comparison` is ignored
 * (and may be null) when fewer than two arms are usable.
 */
export function finishAnalysis(
  prepared: PreparedAnalysis,
  comparison: Comparison | null,
): ArmResult[] {
  const { names, options: resolved, models, usableIndices, controlUsable } = prepared;
  const controlModel = models[resolved.control];
  const controlMean = controlUsable ? posteriorMoments(controlModel.posterior).mean : 0;
  const results =
    usableIndices.length === 0 ? null : usableIndices.length === 1 ? LONE_ARM : comparison;
  if (usableIndices.length > 1 && comparison === null)
    throw new Error('finishAnalysis: the comparison of the usable arms is missing');

  return models.map((model, i): ArmResult => {
    const isControl = i === resolved.control;
    if (!model.usable || results === null) {
      return {
        name: names[i],
        status: 'insufficient-data',
        posterior: model.posterior,
        posteriorMean: model.observedMean,
        credibleInterval: [model.observedMean, model.observedMean],
        relativeDifference: null,
        probabilityToBeatControl: null,
        probabilityToBeBest: 0,
        expectedLoss: 0,
        expectedLossRelative: null,
        note: model.note,
      };
    }
    const slot = usableIndices.indexOf(i);
    const compareToControl = controlUsable && !isControl;
    let note = model.note;
    let relative = null;
    if (compareToControl) {
      relative = relativeDifference(model.posterior, controlModel.posterior, resolved.credibleMass);
      if (relative === null)
        note = 'control posterior mean is 0: the relative difference is undefined';
    }
    const expectedLoss = results.expectedLoss[slot];
    const result: ArmResult = {
      name: names[i],
      status: 'ok',
      posterior: model.posterior,
      posteriorMean: posteriorMoments(model.posterior).mean,
      credibleInterval: credibleInterval(model.posterior, resolved.credibleMass),
      relativeDifference: relative,
      probabilityToBeatControl: compareToControl
        ? (results.probabilityToBeatControl[slot] ?? null)
        : null,
      probabilityToBeBest: results.probabilityToBeBest[slot],
      expectedLoss,
      expectedLossRelative:
        controlUsable && controlMean !== 0 ? expectedLoss / Math.abs(controlMean) : null,
    };
    const errors = results.standardErrors;
    if (errors) {
      result.monteCarlo = {
        draws: resolved.draws,
        seed: resolved.seed,
        probabilityToBeBestSE: errors.probabilityToBeBest[slot],
        probabilityToBeatControlSE: compareToControl
          ? (errors.probabilityToBeatControl[slot] ?? null)
          : null,
        expectedLossSE: errors.expectedLoss[slot],
      };
    }
    if (note !== undefined) result.note = note;
    return result;
  });
}

/**
 * Posterior, HDI, relative difference, probability to be best / beat control and expected loss for
 * every arm of one metric, in the order of `arms`.
 */
export function analyzeMetric(arms: ArmInput[], options: AnalysisOptions): ArmResult[] {
  const prepared = prepareAnalysis(arms, options);
  return finishAnalysis(prepared, compareAnalysis(prepared));
}
