import type { ArmInput, BetaPosterior } from '../types.ts';
import { StatsInputError } from '../types.ts';
import { requireCount } from '../validate.ts';

export type ConversionSummary = { units: number; conversions: number };
export type BetaPrior = { alpha: number; beta: number };

export const UNIFORM_PRIOR: BetaPrior = { alpha: 1, beta: 1 };

/** Reads (units, conversions), with 0 ≤ conversions ≤ units, both integers. */
export function conversionSummary(arm: ArmInput, field: string): ConversionSummary {
  const units = requireCount(arm.units, `${field}.units`);
  if (arm.conversions === undefined)
    throw new StatsInputError(`${field}.conversions`, 'a conversion metric needs conversions');
  const conversions = requireCount(arm.conversions, `${field}.conversions`);
  if (conversions > units)
    throw new StatsInputError(
      `${field}.conversions`,
      `must not exceed units (${conversions} > ${units})`,
    );
  return { units, conversions };
}

/** Why a conversion arm cannot be analysed, or null when it can. */
export function conversionInsufficiency(summary: ConversionSummary): string | null {
  return summary.units === 0 ? 'no units: not enough data' : null;
}

/**
 * Moment-matched treatment prior: mean m = ȳ₀, variance s² = m²γ² + m(1 − m)/N₀,
 * κ = m(1 − m)/s² − 1. Falls back to Beta(1, 1) when m is 0 or 1 or κ ≤ 0.
 */
export function momentMatchedPrior(control: ConversionSummary, gammaSquared: number): BetaPrior {
  const m = control.conversions / control.units;
  if (m <= 0 || m >= 1) return UNIFORM_PRIOR;
  const variance = m * m * gammaSquared + (m * (1 - m)) / control.units;
  const kappa = (m * (1 - m)) / variance - 1;
  if (!(kappa > 0)) return UNIFORM_PRIOR;
  return { alpha: m * kappa, beta: (1 - m) * kappa };
}

/** Beta(a + conversions, b + units − conversions). */
export function betaPosterior(summary: ConversionSummary, prior: BetaPrior): BetaPosterior {
  return {
    family: 'beta',
    alpha: prior.alpha + summary.conversions,
    beta: prior.beta + summary.units - summary.conversions,
  };
}
