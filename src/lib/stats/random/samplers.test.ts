import { describe, expect, it, vi } from 'vitest';
import { betaCdf, normalCdf, regularizedGammaP } from '../special/index.ts';
import {
  createBetaScratch,
  createStream,
  fillBeta,
  fillGamma,
  fillLogGamma,
  fillNormal,
  fillStandardNormal,
  nextStandardNormal,
} from './index.ts';
import { ZIGGURAT_F, ZIGGURAT_R, ZIGGURAT_X } from './ziggurat.ts';

// Millions of draws: generous harness timeout for a shared, busy machine (not a speed assertion).
vi.setConfig({ testTimeout: 120_000 });

/** √n · sup |F_n − F|; under the null it exceeds 1.95 with probability ≈ 0.001. */
function kolmogorovSmirnov(sample: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let distance = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    distance = Math.max(distance, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return Math.sqrt(n) * distance;
}

const KS_CRITICAL = 1.95;

describe('ziggurat tables', () => {
  it('every layer has the same area and the top layer closes at f(0) = 1', () => {
    const area = ZIGGURAT_X[1] * (ZIGGURAT_F[2] - ZIGGURAT_F[1]);
    for (let i = 1; i < 256; i++)
      expect(ZIGGURAT_X[i] * (ZIGGURAT_F[i + 1] - ZIGGURAT_F[i])).toBeCloseTo(area, 15);
    // base strip: rectangle up to R plus the tail, Φ̄(R)·√(2π) in the unnormalised density
    const tail = (1 - normalCdf(ZIGGURAT_R)) * Math.sqrt(2 * Math.PI);
    expect(ZIGGURAT_R * Math.exp(-0.5 * ZIGGURAT_R ** 2) + tail).toBeCloseTo(area, 15);
  });
});

describe('standard normal sampler', () => {
  const n = 400_000;
  const sample = new Float64Array(n);
  fillStandardNormal(createStream(11, 0), sample);

  it('passes Kolmogorov–Smirnov against Φ', () => {
    expect(kolmogorovSmirnov(sample, normalCdf)).toBeLessThan(KS_CRITICAL);
  });

  it('has the normal moments and tail frequency', () => {
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    let beyondR = 0;
    for (const x of sample) {
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
      if (Math.abs(x) > ZIGGURAT_R) beyondR++;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
    const pTail = 2 * (1 - normalCdf(ZIGGURAT_R));
    expect(Math.abs(beyondR - n * pTail)).toBeLessThan(5 * Math.sqrt(n * pTail));
  });

  it('fits a fine binned chi-square (100 equiprobable bins, 2M draws)', () => {
    const draws = new Float64Array(2_000_000);
    fillStandardNormal(createStream(12, 3), draws);
    const bins = new Float64Array(100);
    for (const x of draws) bins[Math.min(99, Math.floor(normalCdf(x) * 100))]++;
    const expected = draws.length / 100;
    const chiSquare = bins.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // df = 99: mean 99, sd 14; 160 is beyond the 99.99th percentile
    expect(chiSquare).toBeLessThan(160);
  });

  it('fillNormal is mean + sd · the standard stream', () => {
    const standard = new Float64Array(1000);
    const shifted = new Float64Array(1000);
    fillStandardNormal(createStream(4, 4), standard);
    fillNormal(createStream(4, 4), shifted, 0, 1000, -3, 0.25);
    expect(Array.from(shifted)).toEqual(Array.from(standard, (z) => -3 + 0.25 * z));
  });

  it('the scalar path draws the same distribution', () => {
    const state = createStream(9, 9);
    const scalar = Float64Array.from({ length: 100_000 }, () => nextStandardNormal(state));
    expect(kolmogorovSmirnov(scalar, normalCdf)).toBeLessThan(KS_CRITICAL);
  });

  it('is deterministic, including across its internal blocks', () => {
    const a = new Float64Array(10_000);
    const b = new Float64Array(10_000);
    fillStandardNormal(createStream(9, 9), a);
    fillStandardNormal(createStream(9, 9), b);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a.every(Number.isFinite)).toBe(true);
  });
});

describe('gamma and beta samplers', () => {
  const n = 100_000;
  for (const shape of [1, 2.5, 30, 1000]) {
    it(`Gamma(${shape}) passes KS`, () => {
      const out = new Float64Array(n);
      fillGamma(createStream(21, Math.round(shape * 10)), out, n, shape);
      expect(kolmogorovSmirnov(out, (x) => regularizedGammaP(shape, x))).toBeLessThan(KS_CRITICAL);
    });
  }
  for (const shape of [0.05, 0.3, 0.9]) {
    it(`log-Gamma(${shape}) (boosted) passes KS`, () => {
      const out = new Float64Array(n);
      fillLogGamma(createStream(22, Math.round(shape * 100)), out, n, shape, new Float64Array(n));
      expect(kolmogorovSmirnov(out, (x) => regularizedGammaP(shape, Math.exp(x)))).toBeLessThan(
        KS_CRITICAL,
      );
    });
  }
  for (const [a, b] of [
    [0.5, 0.5],
    [2, 5],
    [0.1, 3],
    [1, 1],
    [1000, 9000],
    [4e5, 6e5],
  ]) {
    it(`Beta(${a}, ${b}) passes KS and has the right mean`, () => {
      const out = new Float64Array(n);
      fillBeta(createStream(23, Math.round(a * 10)), out, n, a, b, createBetaScratch(n));
      expect(kolmogorovSmirnov(out, (x) => betaCdf(x, a, b))).toBeLessThan(KS_CRITICAL);
      const mean = out.reduce((sum, x) => sum + x, 0) / n;
      const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
      expect(Math.abs(mean - a / (a + b))).toBeLessThan((4 * sd) / Math.sqrt(n));
    });
  }
  it('tiny shapes never give NaN', () => {
    const out = new Float64Array(20_000);
    fillBeta(createStream(24, 0), out, out.length, 0.01, 0.02, createBetaScratch(out.length));
    expect(out.filter((x) => !(x >= 0 && x <= 1)).length).toBe(0);
  });
});
