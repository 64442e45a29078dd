import { StatsInputError } from './types.ts';

/** A finite number, or a StatsInputError naming the field. */
export function requireFinite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new StatsInputError(field, `must be a finite number (got ${String(value)})`);
  return value;
}

/** A non-negative integer count. */
export function requireCount(value: unknown, field: string): number {
  const count = requireFinite(value, field);
  if (count < 0 || !Number.isInteger(count))
    throw new StatsInputError(field, `must be a non-negative integer (got ${count})`);
  return count;
}

/** A number strictly between 0 and 1. */
export function requireOpenUnit(value: unknown, field: string): number {
  const x = requireFinite(value, field);
  if (!(x > 0 && x < 1))
    throw new StatsInputError(field, `must be strictly between 0 and 1 (got ${x})`);
  return x;
}

/** A finite number > 0. */
export function requirePositive(value: unknown, field: string): number {
  const x = requireFinite(value, field);
  if (!(x > 0)) throw new StatsInputError(field, `must be greater than 0 (got ${x})`);
  return x;
}

/** One of the allowed string values. */
export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T {
  if (!allowed.includes(value as T))
    throw new StatsInputError(
      field,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')} (got ${String(value)})`,
    );
  return value as T;
}
