// Comparison benchmarks (Node): Monte Carlo probability to be best against a naive jStat baseline
// measured in the same run, exact quadrature speed and accuracy, and Monte Carlo vs exact agreement.
import { readFileSync } from 'node:fs';
import {
  compareExact,
  compareMonteCarlo,
  type Comparison,
  type ComparisonInput,
} from '../../src/lib/stats/compare/index.ts';
import type { Posterior } from '../../src/lib/stats/types.ts';
import { jStat, median } from '../measure.ts';
import type { BenchCase, BenchContext, BenchMeasurement } from '../types.ts';

const FAMILIES = ['normal', 'beta'] as const;
type Family = (typeof FAMILIES)[number];

/** The benchmark posteriors: arm i of K (also the "bench K=10" cases of the scipy fixture). */
function posteriors(family: Family, count: number): Posterior[] {
  return Array.from({ length: count }, (_, i): Posterior =>
    family === 'normal'
      ? { family: 'normal', mean: 0.1 * i, sd: 0.3 + 0.05 * i }
      : { family: 'beta', alpha: 1000 + 20 * i, beta: 9000 },
  );
}

function inputFor(family: Family, count: number): ComparisonInput {
  return { posteriors: posteriors(family, count), direction: 'higher', control: 0 };
}

/** The naive way: jStat's samplers, one array object per draw, argmax per draw. */
function naiveProbabilityToBeBest(input: ComparisonInput, draws: number): number[] {
  const samplers = input.posteriors.map((posterior) =>
    posterior.family === 'normal'
      ? () => jStat.normal.sample(posterior.mean, posterior.sd)
      : () => jStat.beta.sample(posterior.alpha, posterior.beta),
  );
  const rows: { values: number[] }[] = [];
  for (let d = 0; d < draws; d++) rows.push({ values: samplers.map((sample) => sample()) });
  const wins = new Array<number>(samplers.length).fill(0);
  for (const { values } of rows) wins[values.indexOf(Math.max(...values))]++;
  return wins.map((count) => count / draws);
}

function milliseconds(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Largest |Monte Carlo − exact| in units of the Monte Carlo standard error, over every figure. */
function worstStandardScore(mc: Comparison, exact: Comparison, draws: number): number {
  const se = mc.standardErrors!;
  const trueSe = (p: number) => Math.sqrt((p * (1 - p)) / draws);
  let worst = 0;
  const score = (difference: number, scale: number) =>
    difference === 0 ? 0 : Math.abs(difference) / scale;
  mc.probabilityToBeBest.forEach((p, v) => {
    worst = Math.max(
      worst,
      score(
        p - exact.probabilityToBeBest[v],
        Math.max(se.probabilityToBeBest[v], trueSe(exact.probabilityToBeBest[v])),
      ),
    );
    worst = Math.max(worst, score(mc.expectedLoss[v] - exact.expectedLoss[v], se.expectedLoss[v]));
    const beat = exact.probabilityToBeatControl[v];
    if (beat !== null)
      worst = Math.max(
        worst,
        score(
          mc.probabilityToBeatControl[v]! - beat,
          Math.max(se.probabilityToBeatControl[v]!, trueSe(beat)),
        ),
      );
  });
  return worst;
}

async function runMonteCarlo({ quick, log }: BenchContext): Promise<BenchMeasurement[]> {
  const draws = quick ? 100_000 : 1_000_000;
  const repetitions = quick ? 1 : 3;
  const label = quick ? '1e5 draws (quick)' : '1e6 draws';
  const measurements: BenchMeasurement[] = [];
  let worstScore = 0;
  for (const family of FAMILIES) {
    for (const count of [2, 5, 10]) {
      const input = inputFor(family, count);
      compareMonteCarlo(input, { draws: Math.min(draws, 100_000), seed: 1 }); // warm up the JIT
      const ours: number[] = [];
      let result: Comparison | null = null;
      for (let r = 0; r < repetitions; r++)
        ours.push(milliseconds(() => (result = compareMonteCarlo(input, { draws, seed: 1 + r }))));
      const baselines: number[] = [];
      for (let r = 0; r < repetitions; r++)
        baselines.push(milliseconds(() => naiveProbabilityToBeBest(input, draws)));
      const baseline = Math.min(...baselines); // best of N for both: the least disturbed runs
      const value = Math.min(...ours);
      const ratio = baseline / value;
      log(`K=${count} ${family}: ours ${value.toFixed(1)} ms, jStat ${baseline.toFixed(1)} ms`);
      measurements.push({
        name: `monte-carlo best, K=${count}, ${family}, ${label}`,
        value,
        unit: 'ms',
        baseline,
        ratio,
        goal: '≥ 8× baseline',
        met: ratio >= 8,
      });
      worstScore = Math.max(worstScore, worstStandardScore(result!, compareExact(input), draws));
    }
  }
  measurements.push({
    name: 'monte-carlo vs exact, worst |difference| over all cases above',
    value: worstScore,
    unit: 'SE',
    baseline: null,
    ratio: null,
    goal: '≤ 4 SE on every case',
    met: worstScore <= 4,
  });
  return measurements;
}

type ReferenceCase = {
  name: string;
  input: ComparisonInput;
  expected: { probabilityToBeBest: number[] };
};

function scipyReference(name: string): number[] {
  const fixture = JSON.parse(
    readFileSync(
      new URL('../../src/lib/stats/compare/__fixtures__/exact-reference.json', import.meta.url),
      'utf8',
    ),
  ) as { cases: ReferenceCase[] };
  const found = fixture.cases.find((entry) => entry.name === name);
  if (!found) throw new Error(`scipy fixture has no case "${name}"`);
  return found.expected.probabilityToBeBest;
}

async function runExact({ quick, log }: BenchContext): Promise<BenchMeasurement[]> {
  const referenceDraws = quick ? 1_000_000 : 10_000_000;
  const measurements: BenchMeasurement[] = [];
  for (const family of FAMILIES) {
    const input = inputFor(family, 10);
    const exact = compareExact(input);
    const calls = quick ? 50 : 500;
    for (let i = 0; i < calls; i++) compareExact(input); // warm up
    const perCall = median(
      [0, 1, 2].map(
        () =>
          milliseconds(() => {
            for (let i = 0; i < calls; i++) compareExact(input);
          }) / calls,
      ),
    );
    const monteCarlo = milliseconds(() => compareMonteCarlo(input, { draws: 1_000_000, seed: 3 }));
    measurements.push({
      name: `exact best+beat+loss, K=10, ${family}`,
      value: perCall,
      unit: 'ms/call',
      baseline: monteCarlo,
      ratio: monteCarlo / perCall,
      goal: '≤ 1 ms (baseline: Monte Carlo, 1e6 draws)',
      met: perCall <= 1,
    });

    const scipy = scipyReference(`bench K=10 ${family}`);
    const scipyError = Math.max(...exact.probabilityToBeBest.map((p, v) => Math.abs(p - scipy[v])));
    measurements.push({
      name: `exact best, K=10, ${family}: max |error| vs scipy reference`,
      value: scipyError,
      unit: 'abs',
      baseline: null,
      ratio: null,
      goal: '≤ 1e-9',
      met: scipyError <= 1e-9,
    });

    log(`${family}: ${referenceDraws} reference draws…`);
    const reference = compareMonteCarlo(input, { draws: referenceDraws, seed: 20240521 });
    let worstError = 0;
    let worstScore = 0;
    exact.probabilityToBeBest.forEach((p, v) => {
      const error = Math.abs(p - reference.probabilityToBeBest[v]);
      worstError = Math.max(worstError, error);
      const se = Math.sqrt((p * (1 - p)) / referenceDraws);
      worstScore = Math.max(worstScore, se === 0 ? 0 : error / se);
    });
    measurements.push({
      name: `exact best, K=10, ${family}: max |error| vs ${referenceDraws / 1e6}M-draw Monte Carlo`,
      value: worstError,
      unit: 'abs',
      baseline: null,
      ratio: null,
      goal: `≤ 1e-9 is below this reference's resolution (SE ~1e-4): met when within 4 SE (${worstScore.toFixed(2)} SE)`,
      met: worstScore <= 4,
    });
  }
  return measurements;
}

export const cases: BenchCase[] = [
  { id: 'monte-carlo', runtime: 'node', run: runMonteCarlo },
  { id: 'exact-comparison', runtime: 'node', run: runExact },
];
