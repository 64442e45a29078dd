import { normalQuantile } from '../special/normal.ts';
import { StatsInputError } from '../types.ts';
import { requireFinite, requireOneOf, requireOpenUnit, requirePositive } from '../validate.ts';
import type { Alternative } from './types.ts';

export const DEFAULT_PLAN_POWER = 0.8;

export type PlanBase = {
  baselineMean: number;
  baselineSd: number;
  alpha?: number;
  power?: number;
  alternative?: Alternative;
};

/**
 * The planner's shared terms: k = z(1 − α′/2) + z(power) two-sided, z(1 − α′) + z(power) one-sided,
 * with α′ = α/(arms − 1) (Bonferroni over the comparisons with the control), the squared coefficient
 * of variation (σ/μ)², and the sign of μ.
 */
export function planCritical(
  input: PlanBase,
  arms: number,
): { k: number; cv2: number; sign: 1 | -1; alternative: Alternative } {
  const mean = requireFinite(input.baselineMean, 'baselineMean');
  if (mean === 0)
    throw new StatsInputError('baselineMean', 'must not be 0 (relative effects divide by it)');
  const sd = requirePositive(input.baselineSd, 'baselineSd');
  const alpha = requireOpenUnit(input.alpha ?? 0.05, 'alpha');
  const power = requireOpenUnit(input.power ?? DEFAULT_PLAN_POWER, 'power');
  const alternative = requireOneOf(
    input.alternative ?? 'two-sided',
    ['two-sided', 'greater', 'less'],
    'alternative',
  );
  const tests = arms - 1;
  const tail = alternative === 'two-sided' ? alpha / tests / 2 : alpha / tests;
  // −Φ⁻¹(tail) keeps a small tail exact.
  const k = -normalQuantile(tail) + normalQuantile(power);
  if (!(k > 0))
    throw new StatsInputError(
      'power',
      `must exceed the test's size (got power ${power}, alpha ${alpha})`,
    );
  return { k, cv2: (sd / mean) ** 2, sign: mean > 0 ? 1 : -1, alternative };
}
