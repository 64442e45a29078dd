import type { ArmInput, NormalPosterior } from '../types.ts';
import { StatsInputError } from '../types.ts';
import { requireCount, requireFinite } from '../validate.ts';

/** Observed per-arm summary of a numeric metric: units, mean and sample sd (N − 1 denominator). */
export type NumericSummary = { units: number; mean: number; sd: number };

/** sumSquares may fall short of sum²/units by rounding alone; beyond this relative gap the input is inconsistent. */
const INCONSISTENT_RELATIVE = 1e-9;
/** A centred sum of squares within this fraction of sumSquares is rounding noise around zero variance [ours]. */
const ZERO_VARIANCE_RELATIVE = 1e-12;

/**
 * Reads (units, sum, sumSquares) or (units, mean, sd) [sum/sumSquares win when both are given — ours].
 * Throws StatsInputError naming the field for missing or invalid values.
 */
export function numericSummary(arm: ArmInput, field: string): NumericSummary {
  const units = requireCount(arm.units, `${field}.units`);
  if (arm.sum !== undefined || arm.sumSquares !== undefined) {
    const sum = requireFinite(arm.sum, `${field}.sum`);
    const sumSquares = requireFinite(arm.sumSquares, `${field}.sumSquares`);
    if (sumSquares < 0)
      throw new StatsInputError(`${field}.sumSquares`, `must be ≥ 0 (got ${sumSquares})`);
    if (units === 0) return { units, mean: 0, sd: 0 };
    const mean = sum / units;
    if (units === 1) return { units, mean, sd: 0 };
    let centred = centredSumOfSquares(units, sum, sumSquares);
    const scale = Math.max(sumSquares, sum * mean);
    if (centred < -INCONSISTENT_RELATIVE * scale) {
      throw new StatsInputError(
        `${field}.sumSquares`,
        `is smaller than sum²/units, which implies a negative variance`,
      );
    }
    if (centred <= ZERO_VARIANCE_RELATIVE * scale) centred = 0;
    return { units, mean, sd: Math.sqrt(centred / (units - 1)) };
  }
  if (arm.mean === undefined && arm.sd === undefined) {
    throw new StatsInputError(
      `${field}.sum`,
      'a numeric metric needs (sum, sumSquares) or (mean, sd)',
    );
  }
  const mean = requireFinite(arm.mean, `${field}.mean`);
  const sd = requireFinite(arm.sd, `${field}.sd`);
  if (sd < 0) throw new StatsInputError(`${field}.sd`, `must be ≥ 0 (got ${sd})`);
  return { units, mean: units === 0 ? 0 : mean, sd };
}

const SPLITTER = 134217729; // 2^27 + 1 (Dekker)

/** a·b as an unevaluated sum product + error, exactly (Dekker's two-product; no fma in JavaScript). */
function twoProduct(a: number, b: number): [number, number] {
  const product = a * b;
  const aBig = SPLITTER * a;
  const aHigh = aBig - (aBig - a);
  const aLow = a - aHigh;
  const bBig = SPLITTER * b;
  const bHigh = bBig - (bBig - b);
  const bLow = b - bHigh;
  return [product, aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow];
}

/**
 * Σy² − (Σy)²/N without the cancellation of the textbook form: when the mean is large against the sd,
 * Σy² and (Σy)²/N agree in most digits and their rounding errors (≈1e-16·Σy²) would dominate. With
 * m = fl(Σy/N): (Σy)²/N = Σy·m + Σy·(Σy − m·N)/N, and Σy·m and m·N are formed exactly.
 */
export function centredSumOfSquares(units: number, sum: number, sumSquares: number): number {
  const mean = sum / units;
  const [product, productError] = twoProduct(sum, mean);
  const [back, backError] = twoProduct(mean, units);
  const remainder = sum - back - backError; // Σy − m·N
  const centred = sumSquares - product - productError - (sum * remainder) / units;
  return Number.isFinite(centred) ? centred : sumSquares - sum * mean;
}

/** Why a numeric arm cannot be analysed, or null when it can. */
export function numericInsufficiency(summary: NumericSummary): string | null {
  if (summary.units === 0) return 'no units: not enough data';
  if (summary.units < 2)
    return 'fewer than 2 units: the standard deviation is unknown, not enough data';
  if (summary.sd === 0) return 'standard deviation is 0: no usable likelihood, not enough data';
  return null;
}

/** Flat prior: Normal(ȳ, σ̂²/N). */
export function flatNumericPosterior(summary: NumericSummary): NormalPosterior {
  return { family: 'normal', mean: summary.mean, sd: summary.sd / Math.sqrt(summary.units) };
}

/**
 * Treatment posterior under the empirical-Bayes prior Normal(ȳ₀, w²), w² = ȳ₀²γ² + σ̂₀²/N₀.
 */
export function shrunkNumericPosterior(
  treatment: NumericSummary,
  control: NumericSummary,
  gammaSquared: number,
): NormalPosterior {
  const priorVariance =
    control.mean * control.mean * gammaSquared + (control.sd * control.sd) / control.units;
  const dataPrecision = treatment.units / (treatment.sd * treatment.sd);
  const priorPrecision = 1 / priorVariance;
  const posteriorVariance = 1 / (dataPrecision + priorPrecision);
  const mean = posteriorVariance * (dataPrecision * treatment.mean + priorPrecision * control.mean);
  return { family: 'normal', mean, sd: Math.sqrt(posteriorVariance) };
}
