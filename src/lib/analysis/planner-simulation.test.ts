import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlanBaseline } from './planner.ts';
import { simulateInThread } from './planner-simulation-in-thread.ts';
import {
  probabilitiesOf,
  simulationMetrics,
  simulationProblem,
  simulationRequests,
  summarizeSimulation,
  type SimulationInput,
} from './planner-simulation.ts';

// Expected values by numerical integration over the sampling distribution, no simulation
// (scripts/reference/planner_simulation_reference.py; closed forms for two arms and a flat prior).
type ReferenceCase = {
  name: string;
  baseline: PlanBaseline;
  arms: number;
  relativeEffect: number;
  unitsPerArm: number;
  threshold: number;
  prior: 'flat' | 'informative';
  priorRelativeVariance?: number;
  meanProbability: number;
  shareAboveThreshold: number;
  sdProbability?: number;
};
const { cases } = JSON.parse(
  readFileSync(new URL('./__fixtures__/planner-simulation.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

const inputOf = (reference: ReferenceCase, simulations: number, seed = 5): SimulationInput => ({
  baseline: reference.baseline,
  arms: reference.arms,
  relativeEffect: reference.relativeEffect,
  unitsPerArm: reference.unitsPerArm,
  simulations,
  seed,
  prior: reference.prior,
  ...(reference.priorRelativeVariance === undefined
    ? {}
    : { priorRelativeVariance: reference.priorRelativeVariance }),
});

describe('the planner’s simulation of the probability to be best', () => {
  it.each(cases.map((reference) => [reference.name, reference] as const))(
    '%s: agrees with the integral within Monte Carlo error',
    (_name, reference) => {
      const result = simulateInThread(inputOf(reference, 2000), reference.threshold);
      // 4 standard errors: a seeded run, so this either always passes or always fails.
      expect(Math.abs(result.meanProbability - reference.meanProbability)).toBeLessThan(
        4 * result.meanProbabilitySE,
      );
      const shareSE = Math.sqrt(
        (reference.shareAboveThreshold * (1 - reference.shareAboveThreshold)) / 2000,
      );
      expect(Math.abs(result.shareAboveThreshold - reference.shareAboveThreshold)).toBeLessThan(
        4 * shareSE,
      );
      // The reported standard error is the spread of P over √S.
      if (reference.sdProbability !== undefined) {
        const ratio = result.meanProbabilitySE / (reference.sdProbability / Math.sqrt(2000));
        expect(Math.abs(ratio - 1)).toBeLessThan(0.1);
      }
    },
    60_000,
  );

  it('gives the same numbers for the same seed, other numbers for another', () => {
    const reference = cases[4];
    const first = simulateInThread(inputOf(reference, 200, 9), 0.95);
    expect(simulateInThread(inputOf(reference, 200, 9), 0.95)).toEqual(first);
    expect(simulationMetrics(inputOf(reference, 200, 9))).toEqual(
      simulationMetrics(inputOf(reference, 200, 9)),
    );
    expect(simulateInThread(inputOf(reference, 200, 10), 0.95)).not.toEqual(first);
  });

  it('summarizes by hand-counted numbers', () => {
    // Mean 0.7; deviations 0.2, −0.1, −0.3, 0.2: squares 0.18, /3 = 0.06, /4 = 0.015 → SE √0.015.
    // Above 0.8: one of four → share 0.25, SE √(0.25 · 0.75 / 4).
    const summary = summarizeSimulation([0.9, 0.6, 0.4, 0.9], 0.9);
    expect(summary.meanProbability).toBeCloseTo(0.7, 15);
    expect(summary.meanProbabilitySE).toBeCloseTo(Math.sqrt(0.015), 15);
    expect(summary.shareAboveThreshold).toBe(0);
    expect(summarizeSimulation([0.9, 0.6, 0.4, 0.9], 0.8)).toMatchObject({
      shareAboveThreshold: 0.5,
      shareSE: 0.25,
    });
  });

  it('keys one metric per experiment and reads the true best arm from the answers', () => {
    const metrics = simulationMetrics(inputOf(cases[3], 3), 'planned/');
    expect(metrics.map((metric) => metric.key)).toEqual(['planned/0', 'planned/1', 'planned/2']);
    expect(metrics[0].arms).toHaveLength(3);
    const arm = (p: number) => ({ probabilityToBeBest: p });
    const answer = (p: number) => ({
      key: 'k',
      result: { ok: true as const, value: { key: 'k', arms: [arm(0.1), arm(p), arm(0.2)] } },
    });
    expect(probabilitiesOf([answer(0.7), answer(0.6)] as never)).toEqual({
      ok: true,
      value: [0.7, 0.6],
    });
  });

  it('splits the experiments into requests the workers accept, none superseding another', () => {
    const metrics = simulationMetrics(inputOf(cases[0], 250));
    const requests = simulationRequests(metrics, 'design/plan');
    expect(requests.map((request) => [request.viewKey, request.metrics.length])).toEqual([
      ['design/plan/0', 100],
      ['design/plan/1', 100],
      ['design/plan/2', 50],
    ]);
    expect(requests.flatMap((request) => request.metrics)).toEqual(metrics);
  });

  it('refuses what cannot be simulated, in plain words', () => {
    const base = inputOf(cases[4], 200);
    expect(simulationProblem(base)).toBeNull();
    expect(simulationProblem({ ...base, unitsPerArm: 1 })).toMatch(/at least 2 units/);
    expect(simulationProblem({ ...base, baseline: { kind: 'rate', rate: 0.95 } })).toMatch(
      /below 100%/,
    );
  });
});
