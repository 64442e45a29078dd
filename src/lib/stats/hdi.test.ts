import { describe, expect, it } from 'vitest';
import { reference } from './__fixtures__/reference.ts';
import { hdiBeta, hdiNormal } from './hdi.ts';
import { betaCdf, betaSf, logBetaPdf } from './special/index.ts';
import { StatsInputError } from './types.ts';

type HdiCase = { a: number; b: number; mass: number; interval: [number, number]; source: string };

describe('hdiNormal (mpmath)', () => {
  it.each(
    reference.hdiNormal as { mean: number; sd: number; mass: number; interval: [number, number] }[],
  )('mean $mean, sd $sd, mass $mass', ({ mean, sd, mass, interval }) => {
    const [low, high] = hdiNormal(mean, sd, mass);
    const scale = Math.max(1, Math.abs(mean));
    expect(Math.abs(low - interval[0])).toBeLessThan(1e-14 * scale);
    expect(Math.abs(high - interval[1])).toBeLessThan(1e-14 * scale);
  });

  it('uses z = 1.6448536269514722 for 90% (docs/statistics.md#credible-intervals)', () => {
    expect(Math.abs(hdiNormal(0, 1, 0.9)[1] - 1.6448536269514722)).toBeLessThan(1e-15);
  });
});

describe('hdiBeta (mpmath equal-density solutions)', () => {
  it.each(reference.hdiBeta as HdiCase[])(
    'Beta($a, $b), mass $mass ($source)',
    ({ a, b, mass, interval }) => {
      const [low, high] = hdiBeta(a, b, mass);
      expect(Math.abs(low - interval[0])).toBeLessThan(1e-10);
      expect(Math.abs(high - interval[1])).toBeLessThan(1e-10);
    },
  );

  it('holds the requested mass with equal densities at both ends, for any mass', () => {
    for (const [a, b] of [
      [3, 7],
      [120, 880],
      [1.2, 1.9],
      [45, 2],
    ]) {
      for (const mass of [0.01, 0.5, 0.8, 0.9, 0.99, 0.9999]) {
        const [low, high] = hdiBeta(a, b, mass);
        const held = 1 - betaCdf(low, a, b) - betaSf(high, a, b);
        expect(Math.abs(held - mass)).toBeLessThan(1e-12);
        expect(Math.abs(logBetaPdf(low, a, b) - logBetaPdf(high, a, b))).toBeLessThan(1e-7);
      }
    }
  });

  it('is shorter than any other interval with the same mass', () => {
    const [a, b, mass] = [4, 11, 0.9];
    const [low, high] = hdiBeta(a, b, mass);
    for (const shift of [-1e-3, 1e-3]) {
      const p = betaCdf(low, a, b) + shift;
      // Width of the interval that starts at the p-quantile instead.
      const otherLow = bisectQuantile(p, a, b);
      const otherHigh = bisectQuantile(p + mass, a, b);
      expect(otherHigh - otherLow).toBeGreaterThan(high - low);
    }
  });

  it('rejects invalid shapes and masses with the field named', () => {
    expect(() => hdiBeta(0, 2, 0.9)).toThrow(StatsInputError);
    expect(() => hdiBeta(2, Number.NaN, 0.9)).toThrow(/beta/);
    expect(() => hdiBeta(2, 3, 1)).toThrow(/mass/);
    expect(() => hdiNormal(0, -1, 0.9)).toThrow(/sd/);
    expect(() => hdiNormal(Infinity, 1, 0.9)).toThrow(/mean/);
  });
});

function bisectQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
