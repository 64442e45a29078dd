import { StatsInputError } from '../types.ts';
import { requireOneOf, requireOpenUnit, requirePositive } from '../validate.ts';
import { adjustArm } from './adjust-arm.ts';
import { armMoments, type ArmMoments } from './arm-moments.ts';
import { effectMoments } from './effect-moments.ts';
import { fixedHorizonTest } from './fixed-horizon.ts';
import { pooledTheta } from './pooled-theta.ts';
import { sequentialTest } from './sequential-test.ts';
import {
  DegenerateInputError,
  type Alternative,
  type FrequentistOptions,
  type FrequentistResult,
  type MomentStats,
} from './types.ts';
import { welchDegreesOfFreedom } from './welch-df.ts';

export const DEFAULT_FREQUENTIST_ALPHA = 0.05;
/** gbstats' default N* for sequential testing. */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'greater', 'less'];

/**
 * Treatment against control: the difference (relative by default), its standard error, the
 * confidence interval and p-value of a Welch t-test, a normal (z) test, or an always-valid
 * sequential test, optionally CUPED-adjusted. Throws StatsInputError on malformed input and its
 * subclass DegenerateInputError where the comparison is undefined.
 */
export function compareFrequentist(
  control: MomentStats,
  treatment: MomentStats,
  options: FrequentistOptions = {},
): FrequentistResult {
  options ??= {};
  const scale = requireOneOf(
    options.difference ?? 'relative',
    ['relative', 'absolute'],
    'options.difference',
  );
  const alpha = requireOpenUnit(options.alpha ?? DEFAULT_FREQUENTIST_ALPHA, 'options.alpha');
  const alternative = requireOneOf(
    options.alternative ?? 'two-sided',
    ALTERNATIVES,
    'options.alternative',
  );
  const distribution = requireOneOf(
    options.distribution ?? 'welch-t',
    ['welch-t', 'normal'],
    'options.distribution',
  );
  const cuped = options.cuped ?? false;
  if (typeof cuped !== 'boolean')
    throw new StatsInputError('options.cuped', `must be true or false (got ${String(cuped)})`);
  const sequential = options.sequential ?? null;
  if (sequential !== null && typeof sequential !== 'object')
    throw new StatsInputError('options.sequential', 'must be null or { tuning }');
  const tuning =
    sequential === null ? null : requirePositive(sequential.tuning, 'options.sequential.tuning');
  if (tuning !== null && alternative !== 'two-sided' && alpha >= 0.5)
    throw new StatsInputError(
      'options.alpha',
      `must be below 0.5 for a one-sided sequential test (got ${alpha})`,
    );

  const a = armMoments(control, 'control', cuped);
  const b = armMoments(treatment, 'treatment', cuped);
  if (a.proportion !== b.proportion)
    throw new StatsInputError('treatment.kind', 'must be the same kind as the control');
  const theta = cuped ? pooledTheta(control, treatment) : null;
  const adjustedControl = adjustArm(a, theta ?? 0);
  const adjustedTreatment = adjustArm(b, theta ?? 0);
  requireVariance(adjustedControl.variance, a, theta ?? 0, 'control');
  requireVariance(adjustedTreatment.variance, b, theta ?? 0, 'treatment');
  if (scale === 'relative' && a.mean === 0)
    throw new DegenerateInputError(
      'control.sum',
      'zero-control-mean',
      'the control mean is 0, so a relative difference is undefined (use the absolute difference)',
    );

  const { estimate, variance } = effectMoments(a, b, theta ?? 0, scale);
  const se = Math.sqrt(variance);
  if (tuning !== null) {
    const { ci, pValue } = sequentialTest(
      estimate,
      se,
      a.units + b.units,
      alpha,
      tuning,
      alternative,
    );
    return { estimate, se, ci, pValue, df: null, theta };
  }
  const df =
    distribution === 'normal' ? null : welchDegreesOfFreedom(adjustedControl, adjustedTreatment);
  const { ci, pValue } = fixedHorizonTest(estimate, se, df ?? Infinity, alpha, alternative);
  return { estimate, se, ci, pValue, df, theta };
}

/** Relative to its parts, an adjusted variance this small is rounding noise around 0 [ours]. */
const ADJUSTED_ZERO_RELATIVE = 1e-12;

function requireVariance(variance: number, arm: ArmMoments, theta: number, field: string): void {
  const parts = arm.variance + theta * theta * (arm.covariate?.variance ?? 0);
  if (!(variance > ADJUSTED_ZERO_RELATIVE * parts))
    throw new DegenerateInputError(
      `${field}.sumSquares`,
      'zero-variance',
      'every unit has the same value (after any CUPED adjustment), so the variance is 0',
    );
}
