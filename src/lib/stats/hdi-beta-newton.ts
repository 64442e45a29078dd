import { gaussLegendre } from './gauss-legendre.ts';
import type { QuadratureRule } from './gauss-legendre.ts';
import { betaCdf, betaSf, logBetaKernel } from './special/beta.ts';

/*
 * Fast Beta HDI for unimodal shapes (a, b > 1): a 2-D Newton on both ends at once.
 *
 * Work in t = logit(x) as an offset d from the mode's logit t0 = ln((a − 1)/(b − 1)). There the
 * mass density is g(t) = x^a·y^b / B(a, b), analytic except for poles at Im t = ±π, so a fixed
 * Gauss–Legendre rule converges fast even when an end sits near 0 or 1 (where x^(a−1) has a branch
 * point). Every log is taken relative to the mode, ln(x/x0) = −log1p(y0·expm1(−d)) and
 * ln(y/y0) = −log1p(x0·expm1(d)), so nothing cancels for shapes up to 10⁶ and beyond.
 *
 * When a shape is below 2 the interval can span hundreds of logit units (x^0.01 is nearly flat down
 * to 1e-100), too wide for a fixed rule: the held mass then comes from the incomplete beta instead.
 */

/** Up to this many spreads wide (masses up to ≈ 0.9) 20 nodes reach rounding level, measured down to shapes of 2. */
const NARROW_RULE_WIDTH = 3.4;
const NARROW_RULE = gaussLegendre(20);
const FULL_RULE = gaussLegendre(32);
/** Beyond this many logit units the 32-node rule loses digits (masses ≳ 0.9995 at shapes near 2). */
const FULL_RULE_WIDTH = 8;
const WIDE_RULE = gaussLegendre(64);
/** Past this logit offset x^a or y^b leaves the double range: the end is 0 or 1 to working precision. */
const OFFSET_LIMIT = 700;
/**
 * Rules for the piece an end moved over, by its length times the rate at which log g changes there
 * (|d log g/dt| plus the square root of its curvature). Over such a piece g is close to an exponential
 * e^(λt), for which an n-node rule errs by about (λh/2)^(2n)/(2n)! of the piece: below 1e-15 at each limit.
 * Longer moves recompute the whole mass.
 */
const STEP_RULES = [
  { upTo: 1e-3, rule: gaussLegendre(2) },
  { upTo: 0.05, rule: gaussLegendre(4) },
  { upTo: 2, rule: gaussLegendre(10) },
];
const ITERATION_LIMIT = 60;
/** A step this short (in spreads) is the last: Newton's error after it is of order its square, ~1e-14 spreads. */
const SETTLED = 1e-7;
/** Shapes from here up get the whole mass by quadrature (below, from the incomplete beta). */
const QUADRATURE_MIN_SHAPE = 2;

type Shape = {
  a: number;
  b: number;
  modeX: number;
  modeY: number;
  /** g at the mode's logit. */
  peak: number;
  /** sd of the quadratic fit of the log density in t. */
  spread: number;
  quadrature: boolean;
};

/** [lower, upper] with equal density and the given mass, or null if Newton did not settle. */
export function newtonBetaHdi(a: number, b: number, mass: number): [number, number] | null {
  if (!(a > 1 && b > 1 && a + b < 1e300)) return null;
  const modeX = (a - 1) / (a + b - 2);
  const modeY = (b - 1) / (a + b - 2);
  const shape: Shape = {
    a,
    b,
    modeX,
    modeY,
    peak: Math.exp(logBetaKernel(modeX, modeY, a, b)),
    spread: Math.sqrt(1 / (a - 1) + 1 / (b - 1)),
    quadrature: Math.min(a, b) >= QUADRATURE_MIN_SHAPE,
  };
  const { spread } = shape;
  const z = roughUpperNormalQuantile((1 - mass) / 2);
  let lower = -z * spread;
  let upper = z * spread;
  let held = heldMass(shape, lower, upper);
  for (let iteration = 0; iteration < ITERATION_LIMIT; iteration++) {
    const lowerLogX = logXRatio(shape, lower);
    const lowerLogY = logYRatio(shape, lower);
    const upperLogX = logXRatio(shape, upper);
    const upperLogY = logYRatio(shape, upper);
    // Equal x-density at both ends: (a − 1)·ln x + (b − 1)·ln y agrees.
    const gap = (a - 1) * (upperLogX - lowerLogX) + (b - 1) * (upperLogY - lowerLogY);
    const lowerDensity = shape.peak * Math.exp(a * lowerLogX + b * lowerLogY);
    const upperDensity = shape.peak * Math.exp(a * upperLogX + b * upperLogY);
    const lowerSlope = slope(shape, lower);
    const upperSlope = slope(shape, upper);
    // Jacobian [[−g(l), g(u)], [−s(l), s(u)]]; its determinant is > 0 since s(l) > 0 > s(u).
    const excess = held - mass;
    const determinant = upperDensity * lowerSlope - lowerDensity * upperSlope;
    if (!(determinant > 0) || !Number.isFinite(excess) || !Number.isFinite(gap)) return null;
    const lowerStep = clampStep(
      (upperDensity * gap - excess * upperSlope) / determinant,
      lower,
      spread,
    );
    const upperStep = clampStep(
      (lowerDensity * gap - excess * lowerSlope) / determinant,
      upper,
      spread,
    );
    // Keep the ends on their own side of the mode.
    const nextLower = lower + lowerStep < 0 ? lower + lowerStep : lower / 2;
    const nextUpper = upper + upperStep > 0 ? upper + upperStep : upper / 2;
    if (nextLower < -OFFSET_LIMIT || nextUpper > OFFSET_LIMIT) return null;
    const moved = Math.max(Math.abs(nextLower - lower), Math.abs(nextUpper - upper));
    if (moved <= SETTLED * spread) return [toX(shape, nextLower), toX(shape, nextUpper)];
    // NaN when a piece is too long for the step rules: then the whole mass is recomputed.
    const stepped =
      held + integrateStep(shape, upper, nextUpper) - integrateStep(shape, lower, nextLower);
    held = Number.isNaN(stepped) ? heldMass(shape, nextLower, nextUpper) : stepped;
    lower = nextLower;
    upper = nextUpper;
  }
  return null;
}

function heldMass(shape: Shape, lower: number, upper: number): number {
  if (shape.quadrature) return integrate(shape, lower, upper, wholeRule(shape, upper - lower));
  return (
    1 - betaCdf(toX(shape, lower), shape.a, shape.b) - betaSf(toX(shape, upper), shape.a, shape.b)
  );
}

function wholeRule(shape: Shape, width: number): QuadratureRule {
  if (width <= NARROW_RULE_WIDTH * shape.spread) return NARROW_RULE;
  return width <= FULL_RULE_WIDTH ? FULL_RULE : WIDE_RULE;
}

/** ∫ g over [from, to] in logit offsets (signed: negative when to < from). */
function integrate(shape: Shape, from: number, to: number, rule: QuadratureRule): number {
  const { a, b, modeX, modeY, peak } = shape;
  const half = (to - from) / 2;
  const middle = from + half;
  const { nodes, weights } = rule;
  let sum = 0;
  for (let i = 0; i < nodes.length; i++) {
    const up = Math.expm1(middle + half * nodes[i]!);
    const down = -up / (1 + up); // expm1(−d)
    sum += weights[i]! * Math.exp(-a * Math.log1p(modeY * down) - b * Math.log1p(modeX * up));
  }
  return sum * half * peak;
}

/** ∫ g from one end's old offset to its new one with the fewest nodes exact to rounding, or NaN if the piece is too long. */
function integrateStep(shape: Shape, from: number, to: number): number {
  if (from === to) return 0;
  const x = toX(shape, from);
  const y = 1 - x;
  // d log g/dt = a·y − b·x and d² log g/dt² = −(a + b)·x·y in the logit variable.
  const rate = Math.abs(shape.a * y - shape.b * x) + Math.sqrt((shape.a + shape.b) * x * y);
  const length = Math.abs(to - from) * rate;
  const tier = STEP_RULES.find(({ upTo }) => length <= upTo);
  return tier ? integrate(shape, from, to, tier.rule) : NaN;
}

/** ln(x/x0) at logit offset d. */
function logXRatio(shape: Shape, d: number): number {
  return -Math.log1p(shape.modeY * Math.expm1(-d));
}

/** ln(y/y0) at logit offset d. */
function logYRatio(shape: Shape, d: number): number {
  return -Math.log1p(shape.modeX * Math.expm1(d));
}

/** d/dt [(a − 1)·ln x + (b − 1)·ln y] = (a − 1)·y − (b − 1)·x, as (a − 1)·y0·expm1(−d) / (1 + y0·expm1(−d)). */
function slope(shape: Shape, d: number): number {
  const down = Math.expm1(-d);
  return ((shape.a - 1) * shape.modeY * down) / (1 + shape.modeY * down);
}

/** At most one spread (or the current distance from the mode) per step, so a far guess cannot overshoot. */
function clampStep(step: number, at: number, spread: number): number {
  const limit = Math.max(spread, Math.abs(at));
  return Math.max(-limit, Math.min(limit, step));
}

/** x at logit offset d from the mode: x0 / (x0 + y0·e^(−d)). */
function toX(shape: Shape, d: number): number {
  return shape.modeX / (shape.modeX + shape.modeY * Math.exp(-d));
}

/** Φ⁻¹(1 − p) for p ≤ 1/2 to about 5e-4 (Abramowitz & Stegun 26.2.23): a starting guess only. */
function roughUpperNormalQuantile(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  return (
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
  );
}
