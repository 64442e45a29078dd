// The Design tab's planner: from a baseline, the number of arms, the daily traffic and the smallest
// effect worth detecting, the units per arm and the days to run; from a number of days, the smallest
// effect reachable. A two-sided z-test at α = 5% and 80% power, α split over the treatments
// (the engine's planSampleSize / minimumDetectableEffect).
import {
  DegenerateInputError,
  minimumDetectableEffect,
  planSampleSize,
} from '../stats/frequentist/index.ts';
import { StatsInputError } from '../stats/types.ts';

export type PlanBaseline =
  | { kind: 'rate'; /** Conversion rate, 0 < p < 1. */ rate: number }
  | { kind: 'mean'; mean: number; sd: number };

export type PlanInput = {
  baseline: PlanBaseline;
  /** Arms including the control. */
  arms: number;
  /** Units entering the experiment per day, over all arms (split equally). */
  trafficPerDay: number;
  /** Smallest relative effect worth detecting (0.05 = 5%). */
  relativeEffect: number;
  /** Days until the chosen date, for the effect reachable by then; null: not asked. */
  daysAvailable: number | null;
};

export type PlanProblem = {
  ok: false;
  field: keyof PlanInput | 'rate' | 'mean' | 'sd';
  message: string;
};

export type PlanResult =
  | {
      ok: true;
      unitsPerArm: number;
      totalUnits: number;
      days: number;
      /** The relative effect detectable by the chosen date; null when not asked or unreachable. */
      reachableEffect: number | null;
      /** Why no effect is reachable by then, when so. */
      reachableNote: string | null;
      /** Units per arm by the chosen date; null when not asked. */
      unitsPerArmByDate: number | null;
    }
  | PlanProblem;

/** A rate's per-unit standard deviation √(p(1 − p)); a mean's as typed. */
export function baselineMoments(baseline: PlanBaseline): { mean: number; sd: number } {
  if (baseline.kind === 'rate')
    return { mean: baseline.rate, sd: Math.sqrt(baseline.rate * (1 - baseline.rate)) };
  return { mean: baseline.mean, sd: baseline.sd };
}

export function planExperiment(input: PlanInput): PlanResult {
  const problem = inputProblem(input);
  if (problem) return problem;
  const { mean, sd } = baselineMoments(input.baseline);
  const base = { baselineMean: mean, baselineSd: sd };
  try {
    const { unitsPerArm } = planSampleSize({
      ...base,
      relativeEffect: input.relativeEffect,
      arms: input.arms,
    });
    const totalUnits = unitsPerArm * input.arms;
    const days = Math.ceil(totalUnits / input.trafficPerDay);
    let reachableEffect: number | null = null;
    let reachableNote: string | null = null;
    let unitsPerArmByDate: number | null = null;
    if (input.daysAvailable !== null) {
      const perArm = Math.floor((input.daysAvailable * input.trafficPerDay) / input.arms);
      unitsPerArmByDate = perArm;
      try {
        if (perArm < 1) throw new DegenerateInputError('unitsPerArm', 'unreachable-effect', '');
        reachableEffect = minimumDetectableEffect({
          ...base,
          unitsPerArm: perArm,
          arms: input.arms,
        }).relativeEffect;
      } catch (error) {
        if (!(error instanceof DegenerateInputError)) throw error;
        reachableNote = 'Too few units by that date to detect any effect reliably.';
      }
    }
    return {
      ok: true,
      unitsPerArm,
      totalUnits,
      days,
      reachableEffect,
      reachableNote,
      unitsPerArmByDate,
    };
  } catch (error) {
    if (error instanceof StatsInputError)
      return { ok: false, field: 'relativeEffect', message: error.message };
    throw error;
  }
}

function inputProblem(input: PlanInput): PlanProblem | null {
  const fail = (field: PlanProblem['field'], message: string): PlanProblem => ({
    ok: false,
    field,
    message,
  });
  const { baseline } = input;
  if (baseline.kind === 'rate' && !(baseline.rate > 0 && baseline.rate < 1))
    return fail('rate', 'The baseline rate must be between 0% and 100%.');
  if (baseline.kind === 'mean') {
    if (!Number.isFinite(baseline.mean) || baseline.mean === 0)
      return fail('mean', 'The baseline mean must be a number other than 0.');
    if (!(Number.isFinite(baseline.sd) && baseline.sd > 0))
      return fail('sd', 'The standard deviation must be a number above 0.');
  }
  if (!Number.isInteger(input.arms) || input.arms < 2)
    return fail('arms', 'The design needs at least two arms.');
  if (!(Number.isFinite(input.trafficPerDay) && input.trafficPerDay > 0))
    return fail('trafficPerDay', 'The traffic per day must be a number of units above 0.');
  if (!(Number.isFinite(input.relativeEffect) && input.relativeEffect > 0))
    return fail('relativeEffect', 'The smallest effect must be a percentage above 0.');
  if (input.daysAvailable !== null && !(input.daysAvailable > 0))
    return fail('daysAvailable', 'The chosen date must be after today.');
  return null;
}
