// Validates per-arm sufficient statistics typed in by a person (calculator mode) or read from a summary
// file, and normalises them to units / conversions / sum / sumSquares. Pure: the UI calls it on input.
import { metricKind, type StoredArmStatistics } from '../metric-kinds/index.ts';
import type { MetricSpec } from './types.ts';

export type TypedArm = {
  name?: string;
  units: number;
  conversions?: number;
  sum?: number;
  sumSquares?: number;
  denominatorSum?: number;
  denominatorSumSquares?: number;
  crossSum?: number;
  mean?: number;
  sd?: number;
};
export type NormalisedArm = StoredArmStatistics & { name: string };
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
  const definition = metricKind(kind);
  const typesConversions = definition.typedFields.includes('conversions');
  const typesRatio = definition.typedFields.includes('denominatorSum');
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
    const add = (arm: NormalisedArm) => {
      const wrong = definition.armProblem(arm);
      if (wrong) problem(wrong.field, wrong.message);
      else normalised.push(arm);
    };
    if (typesRatio) {
      const fields = [
        'sum',
        'sumSquares',
        'denominatorSum',
        'denominatorSumSquares',
        'crossSum',
      ] as const;
      const values = fields.map((key) => finite(key));
      const missing = fields.find((_, i) => values[i] === undefined);
      if (missing) return void problem(missing, `${missing} is required for a ratio metric.`);
      if (values.some((value) => value === null)) return;
      const [sum, sumSquares, denominatorSum, denominatorSumSquares, crossSum] = values as number[];
      return add({
        name,
        units,
        conversions: 0,
        sum,
        sumSquares,
        denominatorSum,
        denominatorSumSquares,
        crossSum,
      });
    }
    if (typesConversions) {
      const conversions = finite('conversions');
      if (conversions === undefined)
        return void problem('conversions', 'Conversions are required for a conversion metric.');
      if (conversions === null) return;
      return add({ name, units, conversions, sum: conversions, sumSquares: conversions });
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
    add({ name, units, conversions: 0, sum: total, sumSquares: squares });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, arms: normalised };
}
