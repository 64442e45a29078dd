// Loads the JSON written by scripts/reference/frequentist_reference.py (numpy/scipy, independent of this code).
import { readFileSync } from 'node:fs';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T;
}

/** The generator writes infinite interval ends as strings. */
export function reviveInfinity(value: number | string): number {
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value as number;
}

/** |actual − expected| / max(|expected|, scale): relative, with an absolute floor for values near 0. */
export function scaledError(actual: number, expected: number, scale = 0): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), scale);
}
