import { StatsInputError } from '../types.ts';

/**
 * One arm's moments for a frequentist comparison. Proportions: sum = sumSquares = conversions.
 * Variance: sample (n − 1) for 'mean', p(1 − p) for 'proportion' (the covariate follows the same kind).
 */
export type MomentStats = {
  units: number;
  sum: number;
  sumSquares: number;
  kind?: 'mean' | 'proportion';
  /** CUPED: Σx, x the unit's pre-period value. */
  covariateSum?: number;
  /** CUPED: Σx². */
  covariateSumSquares?: number;
  /** CUPED: Σxy. */
  covariateCrossSum?: number;
};

export type Alternative = 'two-sided' | 'greater' | 'less';
export type DifferenceScale = 'relative' | 'absolute';
export type TestDistribution = 'welch-t' | 'normal';

export type FrequentistOptions = {
  /** Default 'relative': (mean_t − mean_c) / |mean_c| by the delta method. */
  difference?: DifferenceScale;
  /** Default 0.05. */
  alpha?: number;
  /** Default 'two-sided'. */
  alternative?: Alternative;
  /** Default 'welch-t' (Welch–Satterthwaite df); 'normal' uses normal quantiles. */
  distribution?: TestDistribution;
  /** Always-valid asymptotic confidence sequence with tuning N*; default null (fixed horizon). */
  sequential?: { tuning: number } | null;
  /** Default false: regression adjustment on the pre-period covariate, θ pooled over both arms. */
  cuped?: boolean;
};

export type FrequentistResult = {
  estimate: number;
  se: number;
  /** One-sided tests have an infinite end. */
  ci: [number, number];
  pValue: number;
  /** Welch–Satterthwaite df; null for the normal and sequential tests. */
  df: number | null;
  /** The pooled CUPED θ (0 when the covariate or the metric has no variance); null without CUPED. */
  theta: number | null;
};

export type DegenerateReason =
  | 'too-few-units'
  | 'zero-variance'
  | 'zero-control-mean'
  | 'zero-denominator'
  | 'unreachable-effect';

/**
 * Input on which the comparison is undefined (an arm with ≤ 1 unit, no variance, or a relative
 * difference from a control mean of 0). A StatsInputError, so callers that already show those show
 * this too; `reason` lets them word it.
 */
export class DegenerateInputError extends StatsInputError {
  constructor(
    field: string,
    readonly reason: DegenerateReason,
    message: string,
  ) {
    super(field, message);
    this.name = 'DegenerateInputError';
  }
}
