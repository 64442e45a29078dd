// Exact probability to be best, to beat control, and expected loss by one-dimensional quadrature
// (see order-integrals.ts for the method).
import { normalCdf } from '../special/index.ts';
import type { BetaPosterior, NormalPosterior, Posterior } from '../types.ts';
import { LogitBetaCurve, NormalCurve, logistic, type ArmCurve } from './arm-curve.ts';
import { orderIntegrals, type OrderIntegrals } from './order-integrals.ts';
import {
  orientHigher,
  validateComparisonInput,
  type Comparison,
  type ComparisonInput,
} from './validate.ts';

/** Panel width in local scales of the narrowest live arm; halved while the error estimate is too big. */
// Convergence studies over 400 random cases (normal and Beta, K = 2..10, shapes 0.1..1e5): width 2 mostly
// gives ~1e-13 true error already. |K15 − G7| is far more pessimistic than K15's true error; requiring it
// below 1e-8 kept every true error below 1e-12 in those studies (docs/statistics.md, "Comparisons in depth").
const INITIAL_WIDTH_FACTOR = 2;
const ERROR_TOLERANCE = 1e-8;
const MAX_REFINEMENTS = 4;
/** Below `lower` the pair (v, control) may hold at most this much joint mass for the shared pass to be used. */
const SHARED_PASS_LEFTOVER = 1e-17;

export function compareExact(input: ComparisonInput): Comparison {
  const family = validateComparisonInput(input);
  const posteriors = orientHigher(input.posteriors, input.direction);
  const count = posteriors.length;
  const control = input.control;
  if (count === 1)
    return { probabilityToBeBest: [1], probabilityToBeatControl: [null], expectedLoss: [0] };

  const setup =
    family === 'normal'
      ? normalSetup(posteriors as NormalPosterior[])
      : betaSetup(posteriors as BetaPosterior[]);
  const pass = refinedPass(setup.curves, control, setup.jacobian);

  const best = normaliseProbabilities(Array.from(pass.best));
  shareAmongIdentical(posteriors, best);

  const expectedLoss = setup.curves.map((curve) => Math.max(0, setup.lossOf(pass, curve)));

  const probabilityToBeatControl = posteriors.map((posterior, v): number | null => {
    if (v === control) return null;
    if (family === 'normal') {
      const arm = posterior as NormalPosterior;
      const reference = posteriors[control] as NormalPosterior;
      return normalCdf((arm.mean - reference.mean) / Math.hypot(arm.sd, reference.sd));
    }
    if (sameParameters(posterior, posteriors[control])) return 0.5;
    if (pass.cdfAtLower[v] * pass.cdfAtLower[control] < SHARED_PASS_LEFTOVER)
      return clampProbability(pass.beats[v]);
    return clampProbability(refinedPass([setup.curves[v], setup.curves[control]], 1, null).best[0]);
  });

  return { probabilityToBeBest: best, probabilityToBeatControl, expectedLoss };
}

type Setup = {
  curves: ArmCurve[];
  jacobian: ((t: number) => number) | null;
  /** E[max X] − E[X_v] from a pass, on the original axis. */
  lossOf: (pass: OrderIntegrals, curve: ArmCurve) => number;
};

function normalSetup(posteriors: NormalPosterior[]): Setup {
  // Work in units of the widest sd around the highest mean, so tolerances are scale-free.
  let centre = -Infinity;
  let scale = 0;
  for (const { mean, sd } of posteriors) {
    centre = Math.max(centre, mean);
    scale = Math.max(scale, sd);
  }
  const curves = posteriors.map(
    ({ mean, sd }) => new NormalCurve((mean - centre) / scale, sd / scale, mean),
  );
  return {
    curves,
    jacobian: null,
    // E[max T] = lower + ∫_lower (1 − G); E[max X] − m_v = scale · (E[max T] − t_v)
    lossOf: (pass, curve) => scale * (pass.lower - curve.mode + pass.excess),
  };
}

function betaSetup(posteriors: BetaPosterior[]): Setup {
  return {
    curves: posteriors.map(({ alpha, beta }) => new LogitBetaCurve(alpha, beta)),
    // E[max X] = ∫_0^1 (1 − G(x)) dx = x(lower) + ∫_lower (1 − G(t)) x'(t) dt, x' = x(1 − x)
    jacobian: (t) => logistic(t) * logistic(-t),
    lossOf: (pass, curve) => logistic(pass.lower) - curve.meanX + pass.excess,
  };
}

function refinedPass(
  curves: ArmCurve[],
  reference: number,
  jacobian: ((t: number) => number) | null,
): OrderIntegrals {
  let widthFactor = INITIAL_WIDTH_FACTOR;
  let pass = orderIntegrals(curves, { reference, widthFactor, jacobian });
  for (
    let round = 0;
    round < MAX_REFINEMENTS && !(pass.errorEstimate <= ERROR_TOLERANCE);
    round++
  ) {
    widthFactor /= 2;
    pass = orderIntegrals(curves, { reference, widthFactor, jacobian });
  }
  return pass;
}

/** Largest sum drift renormalisation may absorb; anything bigger means the quadrature failed. */
const MAX_DRIFT = 1e-9;

/** The integrals sum to 1 up to quadrature error (~1e-15); remove that rounding-level drift only. */
function normaliseProbabilities(values: number[]): number[] {
  const clamped = values.map(clampProbability);
  const total = clamped.reduce((sum, value) => sum + value, 0);
  if (!(Math.abs(total - 1) <= MAX_DRIFT)) {
    throw new Error(`exact comparison did not converge (probabilities sum to ${total})`);
  }
  return clamped.map((value) => value / total);
}

function clampProbability(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Ties count fractionally: arms with identical posteriors get exactly equal shares. */
function shareAmongIdentical(posteriors: Posterior[], best: number[]): void {
  const seen = new Set<number>();
  for (let v = 0; v < posteriors.length; v++) {
    if (seen.has(v)) continue;
    const group = [v];
    for (let w = v + 1; w < posteriors.length; w++)
      if (sameParameters(posteriors[v], posteriors[w])) group.push(w);
    if (group.length === 1) continue;
    const share = group.reduce((sum, index) => sum + best[index], 0) / group.length;
    for (const index of group) {
      best[index] = share;
      seen.add(index);
    }
  }
}

function sameParameters(a: Posterior, b: Posterior): boolean {
  if (a.family === 'normal' && b.family === 'normal') return a.mean === b.mean && a.sd === b.sd;
  if (a.family === 'beta' && b.family === 'beta') return a.alpha === b.alpha && a.beta === b.beta;
  return false;
}
