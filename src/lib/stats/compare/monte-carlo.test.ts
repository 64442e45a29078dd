import { describe, expect, it, vi } from 'vitest';
import { StatsInputError, type Posterior } from '../types.ts';
import {
  MONTE_CARLO_CHUNK_DRAWS,
  chunkCount,
  chunkLength,
  compareExact,
  compareMonteCarlo,
  mergeTallies,
  monteCarloChunk,
  summarizeTally,
  type ComparisonInput,
  type MonteCarloTally,
} from './index.ts';
import { createStream, nextUint32 } from '../random/index.ts';

// Hundreds of thousands of joint draws per case: a generous harness timeout on a shared machine.
vi.setConfig({ testTimeout: 300_000 });

const normals = (means: number[], sds: number[]): Posterior[] =>
  means.map((mean, i) => ({ family: 'normal', mean, sd: sds[i] }));

describe('Monte Carlo reproducibility', () => {
  const input: ComparisonInput = {
    posteriors: normals([0, 0.1, 0.05], [1, 1.2, 0.8]),
    direction: 'higher',
    control: 0,
  };

  it('same seed → identical numbers; another seed → different numbers', () => {
    const a = compareMonteCarlo(input, { draws: 150_000, seed: 42 });
    const b = compareMonteCarlo(input, { draws: 150_000, seed: 42 });
    expect(b).toEqual(a);
    const c = compareMonteCarlo(input, { draws: 150_000, seed: 43 });
    expect(c.probabilityToBeBest).not.toEqual(a.probabilityToBeBest);
  });

  it('any spread of chunks over workers, merged in chunk order, equals the serial run', () => {
    const draws = 3 * MONTE_CARLO_CHUNK_DRAWS + 1234;
    const betaInput: ComparisonInput = {
      posteriors: [
        { family: 'beta', alpha: 30, beta: 300 },
        { family: 'beta', alpha: 0.7, beta: 5 },
        { family: 'beta', alpha: 35, beta: 310 },
      ],
      direction: 'lower',
      control: 2,
    };
    for (const subject of [input, betaInput]) {
      const serial = compareMonteCarlo(subject, { draws, seed: 9 });
      // "Worker" B computes the odd chunks first, worker A the even ones in reverse, interleaved with
      // unrelated work that touches the shared scratch buffers.
      const byIndex = new Map<number, MonteCarloTally>();
      for (let chunk = 1; chunk < chunkCount(draws); chunk += 2)
        byIndex.set(chunk, monteCarloChunk(subject, 9, chunk, chunkLength(draws, chunk)));
      monteCarloChunk({ ...subject, control: 0 }, 1234, 0, 777);
      for (
        let chunk = chunkCount(draws) - 1 - ((chunkCount(draws) - 1) % 2);
        chunk >= 0;
        chunk -= 2
      ) {
        byIndex.set(chunk, monteCarloChunk(subject, 9, chunk, chunkLength(draws, chunk)));
      }
      const ordered = [...byIndex.keys()].sort((x, y) => x - y).map((chunk) => byIndex.get(chunk)!);
      expect(summarizeTally(subject, mergeTallies(ordered))).toEqual(serial);
    }
  });

  it('splits draws into full chunks and a shorter last one', () => {
    expect(chunkCount(1_000_000)).toBe(Math.ceil(1_000_000 / MONTE_CARLO_CHUNK_DRAWS));
    expect(chunkLength(1_000_000, chunkCount(1_000_000) - 1)).toBe(
      1_000_000 % MONTE_CARLO_CHUNK_DRAWS,
    );
    expect(chunkLength(1_000_000, 0)).toBe(MONTE_CARLO_CHUNK_DRAWS);
  });

  it('tallies are plain, structured-clone-safe data', () => {
    const tally = monteCarloChunk(input, 1, 0, 1000);
    expect(structuredClone(tally)).toEqual(tally);
    for (const key of ['wins', 'beatsControl', 'lossSum', 'lossSumSquares'] as const)
      expect(Array.isArray(tally[key])).toBe(true);
    expect(tally.wins.reduce((sum, w) => sum + w, 0)).toBeCloseTo(1000, 10);
  });

  it('chunk streams are distinct across chunks and seeds', () => {
    const first = (seed: number, chunk: number) => nextUint32(createStream(seed, chunk));
    expect(first(1, 0)).not.toBe(first(1, 1));
    expect(first(1, 0)).not.toBe(first(2, 0));
  });
});

describe('Monte Carlo tallies', () => {
  it('splits exact ties evenly and counts a tie with control as ½', () => {
    // Point-like posteriors: identical arms always tie.
    const input: ComparisonInput = {
      posteriors: [
        { family: 'beta', alpha: 1, beta: 1 },
        { family: 'beta', alpha: 1, beta: 1 },
      ],
      direction: 'higher',
      control: 0,
    };
    const tally = monteCarloChunk(input, 5, 0, 10);
    expect(tally.wins[0] + tally.wins[1]).toBeCloseTo(10, 12);
    const tie: MonteCarloTally = {
      draws: 4,
      wins: [2, 2],
      beatsControl: [0, 2],
      lossSum: [0, 0],
      lossSumSquares: [0, 0],
    };
    const summary = summarizeTally(input, tie);
    expect(summary.probabilityToBeBest).toEqual([0.5, 0.5]);
    expect(summary.probabilityToBeatControl).toEqual([null, 0.5]);
    expect(summary.standardErrors?.probabilityToBeBest).toEqual([0.25, 0.25]);
    expect(summary.standardErrors?.expectedLoss).toEqual([0, 0]);
  });

  it('splits draws that really tie: each tied arm gets 1/m of the draw', () => {
    // sd far below the spacing of doubles near 1e6: every draw rounds to exactly 1e6.
    const input: ComparisonInput = {
      posteriors: normals([1e6, 1e6, 1e6, 999_999], [1e-12, 1e-12, 1e-12, 1e-12]),
      direction: 'higher',
      control: 1,
    };
    const tally = monteCarloChunk(input, 3, 0, 5000);
    expect(tally.wins[0]).toBeCloseTo(5000 / 3, 8);
    expect(tally.wins[2]).toBeCloseTo(5000 / 3, 8);
    expect(tally.wins[3]).toBe(0);
    expect(tally.beatsControl).toEqual([2500, 0, 2500, 0]);
    const summary = compareMonteCarlo(input, { draws: 70_000, seed: 3 });
    expect(summary.probabilityToBeBest[1]).toBeCloseTo(1 / 3, 12);
    expect(summary.probabilityToBeatControl).toEqual([0.5, null, 0.5, 0]);
    expect(summary.expectedLoss[3]).toBe(1);
  });

  it('reports standard errors sqrt(p(1−p)/n) and s/sqrt(n)', () => {
    const tally: MonteCarloTally = {
      draws: 4,
      wins: [1, 3],
      beatsControl: [0, 3],
      lossSum: [2, 0],
      lossSumSquares: [2, 0],
    };
    const input: ComparisonInput = {
      posteriors: normals([0, 1], [1, 1]),
      direction: 'higher',
      control: 0,
    };
    const summary = summarizeTally(input, tally);
    expect(summary.probabilityToBeBest).toEqual([0.25, 0.75]);
    expect(summary.standardErrors?.probabilityToBeBest[0]).toBeCloseTo(
      Math.sqrt((0.25 * 0.75) / 4),
      15,
    );
    // losses e.g. {1, 1, 0, 0}: mean 0.5, sample variance 1/3
    expect(summary.expectedLoss).toEqual([0.5, 0]);
    expect(summary.standardErrors?.expectedLoss[0]).toBeCloseTo(Math.sqrt(1 / 3 / 4), 15);
  });

  it('rejects bad options with typed errors', () => {
    const input: ComparisonInput = {
      posteriors: normals([0, 1], [1, 1]),
      direction: 'higher',
      control: 0,
    };
    expect(() => compareMonteCarlo(input, { draws: 0, seed: 1 })).toThrow(StatsInputError);
    expect(() => compareMonteCarlo(input, { draws: 10.5, seed: 1 })).toThrow(StatsInputError);
    expect(() => compareMonteCarlo(input, { draws: 10, seed: NaN })).toThrow(StatsInputError);
    expect(() => monteCarloChunk(input, 1, 0, MONTE_CARLO_CHUNK_DRAWS + 1)).toThrow(
      StatsInputError,
    );
    expect(() => mergeTallies([])).toThrow(StatsInputError);
    expect(() => compareMonteCarlo({ ...input, posteriors: [] }, { draws: 10, seed: 1 })).toThrow(
      StatsInputError,
    );
  });
});

describe('exact and Monte Carlo agree within 4 standard errors', () => {
  // Seeded random cases: K = 2..10, normal and Beta, both directions, near-ties and lopsided arms.
  const state = createStream(20240521, 99);
  const uniform = () => nextUint32(state) / 4294967296;
  const cases: { label: string; input: ComparisonInput }[] = [];
  for (let i = 0; i < 36; i++) {
    const count = 2 + (i % 9);
    const style = ['spread', 'near-tie', 'lopsided'][i % 3];
    const direction = uniform() < 0.5 ? 'higher' : 'lower';
    const posteriors: Posterior[] = [];
    for (let arm = 0; arm < count; arm++) {
      const shift =
        style === 'near-tie' ? 1e-3 * uniform() : style === 'lopsided' && arm === 0 ? 6 : uniform();
      if (i % 2 === 0) {
        posteriors.push({ family: 'normal', mean: 10 + shift, sd: 0.3 + uniform() });
      } else {
        const units = style === 'spread' ? 20 + 500 * uniform() : 2000;
        const rate = Math.min(0.9, 0.05 + (style === 'lopsided' && arm === 0 ? 0.2 : 0.02 * shift));
        const small = style === 'spread' && arm % 3 === 0;
        posteriors.push(
          small
            ? { family: 'beta', alpha: 0.3 + uniform(), beta: 0.5 + 3 * uniform() }
            : { family: 'beta', alpha: 1 + rate * units, beta: 1 + (1 - rate) * units },
        );
      }
    }
    cases.push({
      label: `${i}: K=${count} ${i % 2 ? 'beta' : 'normal'} ${style} ${direction}`,
      input: { posteriors, direction, control: Math.floor(uniform() * count) },
    });
  }

  for (const { label, input } of cases) {
    it(label, () => {
      const draws = 200_000;
      const exact = compareExact(input);
      const mc = compareMonteCarlo(input, { draws, seed: 7 });
      const se = mc.standardErrors!;
      // The larger of the estimated and the true SE, so a probability estimated as exactly 0 or 1 is fair.
      const within = (estimate: number, truth: number, estimatedSe: number, trueSe: number) =>
        Math.abs(estimate - truth) <= 4 * Math.max(estimatedSe, trueSe) + 1e-12;
      const trueSe = (p: number) => Math.sqrt((p * (1 - p)) / draws);
      input.posteriors.forEach((_, v) => {
        expect(
          within(
            mc.probabilityToBeBest[v],
            exact.probabilityToBeBest[v],
            se.probabilityToBeBest[v],
            trueSe(exact.probabilityToBeBest[v]),
          ),
        ).toBe(true);
        expect(within(mc.expectedLoss[v], exact.expectedLoss[v], se.expectedLoss[v], 0)).toBe(true);
        const beat = exact.probabilityToBeatControl[v];
        if (beat === null) expect(mc.probabilityToBeatControl[v]).toBeNull();
        else
          expect(
            within(
              mc.probabilityToBeatControl[v]!,
              beat,
              se.probabilityToBeatControl[v]!,
              trueSe(beat),
            ),
          ).toBe(true);
      });
    });
  }
});
