// Validates per-arm sufficient statistics typed in by a person (calculator mode) or read from a summary
// file, and normalises them to units / conversions / sum / sumSquares. Pure: the UI calls it on input.
import type { MetricSpec } from './types.ts';

export type TypedArm = {
  name?: string;
  units: number;
  conversions?: number;
  sum?: number;
  sumSquares?: number;
  mean?: number;
  sd?: number;
};
export type NormalisedArm = {
  name: string;
  units: number;
  conversions: number;
  sum: number;
  sumSquares: number;
};
export type SummaryProblem = { field: string; message: string };
export type TypedSummaryResult =
  { ok: true; arms: NormalisedArm[] } | { ok: false; problems: SummaryProblem[] };

const present = (value: unknown): value is number =>
  value !== undefined && value !== null && !(typeof value === 'string' && value === '');

export function validateTypedSummary(
  kind: MetricSpec['kind'],
  arms: TypedArm[],
): TypedSummaryResult {
  const problems: SummaryProblem[] = [];
  if (!Array.isArray(arms) || arms.length < 2)
    return { ok: false, problems: [{ field: 'arms', message: 'At least two arms are needed.' }] };
  const normalised: NormalisedArm[] = [];
  arms.forEach((arm, index) => {
    const field = (name: string) => `arms[${index}].${name}`;
    const problem = (name: string, message: string) =>
      problems.push({ field: field(name), message });
    const name = arm.name?.trim() || `Arm ${index + 1}`;
    const finite = (key: keyof TypedArm) => {
      const value = arm[key];
      if (!present(value)) return undefined;
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problem(key, `${key} must be a number.`);
        return null;
      }
      return value;
    };
    const units = finite('units');
    if (units === undefined) return void problem('units', 'The number of units is required.');
    if (units === null) return;
    if (!Number.isInteger(units) || units < 0)
      return void problem('units', 'Units must be a whole number, 0 or more.');
    if (kind === 'conversion') {
      const conversions = finite('conversions');
      if (conversions === undefined)
        return void problem('conversions', 'Conversions are required for a conversion metric.');
      if (conversions === null) return;
      if (!Number.isInteger(conversions) || conversions < 0)
        return void problem('conversions', 'Conversions must be a whole number, 0 or more.');
      if (conversions > units)
        return void problem(
          'conversions',
          `Conversions (${conversions}) cannot exceed units (${units}).`,
        );
      normalised.push({ name, units, conversions, sum: conversions, sumSquares: conversions });
      return;
    }
    const sum = finite('sum');
    const sumSquares = finite('sumSquares');
    const mean = finite('mean');
    const sd = finite('sd');
    if (sum === null || sumSquares === null || mean === null || sd === null) return;
    let total: number;
    let squares: number;
    if (sum !== undefined && sumSquares !== undefined) [total, squares] = [sum, sumSquares];
    else if (mean !== undefined && sd !== undefined) {
      if (sd < 0) return void problem('sd', 'The standard deviation cannot be negative.');
      total = mean * units;
      squares = sd * sd * Math.max(units - 1, 0) + units * mean * mean;
    } else
      return void problem('sum', 'Give either Σy and Σy², or the mean and standard deviation.');
    if (squares < 0) return void problem('sumSquares', 'Σy² cannot be negative.');
    // Cauchy–Schwarz: (Σy)² ≤ N·Σy²; allow for rounding in typed numbers.
    if (units > 0 && total * total > units * squares * (1 + 1e-9) + 1e-9)
      return void problem(
        'sumSquares',
        'Σy² is too small for this Σy and number of units (the variance would be negative).',
      );
    if (units === 0 && (total !== 0 || squares !== 0))
      return void problem('sum', 'An arm with 0 units must have Σy = Σy² = 0.');
    normalised.push({ name, units, conversions: 0, sum: total, sumSquares: squares });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, arms: normalised };
}
