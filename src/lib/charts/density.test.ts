import { describe, expect, it } from 'vitest';
import reference from './density.reference.json' with { type: 'json' };
import { logGamma } from '../stats/special/index.ts';
import { betaDensity, densityDomain, normalDensity, posteriorMeanSd } from './density.ts';

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('densities against scipy', () => {
  it.each(reference.normal)('normal pdf at $x (mean $mean, sd $sd)', ({ x, mean, sd, density }) => {
    expect(relativeError(normalDensity(x, mean, sd), density)).toBeLessThan(1e-12);
  });

  it.each(reference.beta)('beta pdf at $x (α $alpha, β $beta)', ({ x, alpha, beta, density }) => {
    // Huge α, β: ln Γ terms of size ~1e8 cancel, so a few significant digits are lost (harmless on a chart).
    const tolerance = alpha + beta > 1e6 ? 1e-5 : 1e-10;
    expect(relativeError(betaDensity(x, alpha, beta), density)).toBeLessThan(tolerance);
  });

  it.each(reference.logGamma)('ln Γ($x)', ({ x, value }) => {
    expect(Math.abs(logGamma(x) - value)).toBeLessThan(1e-12 * Math.max(1, Math.abs(value)));
  });

  it.each(reference.betaMoments)('Beta($alpha, $beta) moments', ({ alpha, beta, mean, sd }) => {
    const moments = posteriorMeanSd({ family: 'beta', alpha, beta });
    expect(relativeError(moments.mean, mean)).toBeLessThan(1e-12);
    expect(relativeError(moments.sd, sd)).toBeLessThan(1e-12);
  });
});

describe('beta density edges', () => {
  it('is zero outside [0, 1] and follows the shape at the ends', () => {
    expect(betaDensity(-0.1, 2, 3)).toBe(0);
    expect(betaDensity(1.1, 2, 3)).toBe(0);
    expect(betaDensity(0, 2, 3)).toBe(0);
    expect(betaDensity(0, 1, 3)).toBe(3);
    expect(betaDensity(0, 0.5, 3)).toBe(Infinity);
  });
});

describe('densityDomain', () => {
  it('covers every posterior bulk', () => {
    const [low, high] = densityDomain([
      { family: 'normal', mean: 10, sd: 0.1 },
      { family: 'normal', mean: 12, sd: 0.2 },
    ]);
    expect(low).toBeCloseTo(10 - 0.45, 12);
    expect(high).toBeCloseTo(12 + 0.9, 12);
  });

  it('clips Beta posteriors to [0, 1]', () => {
    const [low, high] = densityDomain([{ family: 'beta', alpha: 1, beta: 30 }]);
    expect(low).toBe(0);
    expect(high).toBeLessThan(1);
    expect(high).toBeGreaterThan(0.1);
  });

  it('is never empty or non-finite', () => {
    expect(densityDomain([])).toEqual([0, 1]);
    const [low, high] = densityDomain([{ family: 'normal', mean: 5, sd: 0 }]);
    expect(high).toBeGreaterThan(low);
    expect(densityDomain([{ family: 'normal', mean: NaN, sd: 1 }])).toEqual([0, 1]);
  });
});
