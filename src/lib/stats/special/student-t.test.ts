import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalQuantile, normalSf } from './normal.ts';
import { studentTCdf, studentTQuantile, studentTSf } from './student-t.ts';

type Case = { df: number; p?: number; quantile?: number; t?: number; sf?: number };
// scipy.stats.t, written by scripts/reference/frequentist_reference.py.
const { cases } = JSON.parse(
  readFileSync(new URL('../frequentist/__fixtures__/student-t.json', import.meta.url), 'utf8'),
) as { cases: Case[] };
const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('Student t against scipy', () => {
  it.each(cases.filter((c) => c.p !== undefined))(
    'quantile p=$p, df=$df',
    ({ p, df, quantile }) => {
      expect(relative(studentTQuantile(p!, df), quantile!)).toBeLessThan(1e-12);
    },
  );
  it.each(cases.filter((c) => c.t !== undefined))('upper tail t=$t, df=$df', ({ t, df, sf }) => {
    expect(relative(studentTSf(t!, df), sf!)).toBeLessThan(1e-12);
  });
});

describe('Student t by hand', () => {
  it('Cauchy (df 1) and df 2 closed forms', () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 15);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 12);
    // df 2: F(t) = ½ + t / (2√(2 + t²)).
    expect(studentTCdf(1.5, 2)).toBeCloseTo(0.5 + 1.5 / (2 * Math.sqrt(4.25)), 15);
  });
  it('df = Infinity is the normal; the ends and the centre', () => {
    expect(studentTSf(1.3, Infinity)).toBe(normalSf(1.3));
    expect(studentTQuantile(0.9, Infinity)).toBe(normalQuantile(0.9));
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
    expect(Number.isNaN(studentTQuantile(0.5, 0))).toBe(true);
  });
});
