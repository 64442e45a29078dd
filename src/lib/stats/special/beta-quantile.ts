import { betaCdf, betaSf, logBetaKernel } from './beta.ts';
import { logBeta } from './log-gamma.ts';
import { normalQuantile } from './normal.ts';

const MAX_ITERATIONS = 200;
const SMALLEST = Number.MIN_VALUE;
const SMALLEST_GAP_BELOW_ONE = Number.EPSILON / 2;
/** A start whose tail probability is within this factor (in log) of the target is taken without trying the others. */
const GOOD_START = 1.5;
/** Matched-tail probability above which an x in the other half steps on the other side's scale. */
const OTHER_SIDE_TAIL = 0.25;
/** From this smaller shape up, the normal approximation is the first start tried. */
const NORMAL_START_SHAPE = 5;
/**
 * |log(tail/target)| below which the step about to be taken is the last useful one: Halley's error is
 * cubic in the residual, so what remains after it is below the rounding noise of the tail itself.
 */
const MATCHED = 1e-10;

/**
 * Inverse of the regularized incomplete beta: the x with P(X ≤ x) = p for X ~ Beta(a, b).
 * Halley steps on log scales (log x against log F near 0, log(1 − x) against log(1 − F) near 1),
 * kept inside a bracket that every evaluation narrows, with bisection whenever a step leaves it.
 * In those coordinates both derivatives come from the density alone (no extra incomplete beta).
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(a > 0 && b > 0 && a < Infinity && b < Infinity))
    return NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const lowerTarget = p <= 0.5;
  const target = lowerTarget ? p : 1 - p; // exact: p ≥ ½
  const logTarget = Math.log(target);
  const logB = logBeta(a, b);
  // (No closures here: this runs cold in benchmarks and interactive use, where each one costs.)
  let { x, value, lo, hi } = goodStart(p, a, b, logB, lowerTarget, target, logTarget);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    if (iteration > 0) {
      value = matchedTail(x, a, b, lowerTarget);
      if (tooSmall(value, target, lowerTarget)) lo = Math.max(lo, x);
      else hi = Math.min(hi, x);
    }
    if (value === target) return x;
    const y = 1 - x;
    const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
    const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
    // log[x^a·y^b / B(a, b)]; the cached log B(a, b) is the same value logBetaKernel would recompute.
    const logKernel = Math.min(a, b) < 10 ? a * logX + b * logY - logB : logBetaKernel(x, y, a, b);
    // Step on the matched tail's side, unless x sits in the other half and that tail is not small: there
    // the other side's log scale is the natural one (F ≈ c·x^a with a small is far from linear in
    // log(1 − x)), and the other tail, at most 1 − OTHER_SIDE_TAIL, keeps a well-scaled log.
    const otherHalf = lowerTarget ? x >= 0.5 : x < 0.5;
    const lowerSide = otherHalf && value > OTHER_SIDE_TAIL ? !lowerTarget : lowerTarget;
    const sameSide = lowerSide === lowerTarget;
    const sideTail = sameSide ? value : 1 - value;
    let next = NaN;
    if (sideTail > 0 && Number.isFinite(logKernel)) {
      // s = d log(tail)/d log(side) = side·f/tail, with x·f = kernel/y and y·f = kernel/x.
      const logSideTail = sameSide ? Math.log(value) : Math.log1p(-value);
      const slope = Math.exp(logKernel - (lowerSide ? logY : logX) - logSideTail);
      // log(tail/target) as the log of a ratio, not a difference of two large logs.
      const ratio = value / target;
      const residual = !sameSide
        ? Math.log1p((target - value) / (1 - target))
        : Number.isFinite(ratio)
          ? Math.log(ratio)
          : Math.log(value) - logTarget;
      // Second derivative s·(c − s), c = 1 + side·(d/dside) log f; Halley's correction to Newton.
      const curvatureBase = lowerSide ? a - ((b - 1) * x) / y : b - ((a - 1) * y) / x;
      const newtonStep = -residual / slope;
      const damping = 1 + (newtonStep * (curvatureBase - slope)) / 2;
      const logStep =
        Number.isFinite(damping) && damping > 0.5 && damping < 2
          ? newtonStep / damping
          : newtonStep;
      next = lowerSide ? x * Math.exp(logStep) : x - y * Math.expm1(logStep);
      if (Math.abs(residual) <= MATCHED) return Math.min(Math.max(next, lo), hi);
    }
    if (Math.abs(next - x) <= resolution(x)) return Math.min(Math.max(next, lo), hi);
    if (!(next > lo && next < hi)) next = bisect(lo, hi);
    if (hi - lo <= resolution(hi)) return next;
    x = next;
  }
  return x;
}

/** About two units in the last place of x, or of 1 − x when that is smaller but still resolvable. */
function resolution(x: number): number {
  return 2 * Number.EPSILON * (x < 0.5 ? x : Math.max(1 - x, 0.5));
}

/** Midpoint that halves the bracket on the scale that matters: geometric near 0 or 1, arithmetic elsewhere. */
function bisect(lo: number, hi: number): number {
  if (hi <= 0.5 && lo < hi / 4) return Math.sqrt(Math.max(lo, SMALLEST)) * Math.sqrt(hi);
  if (lo >= 0.5 && 1 - hi < (1 - lo) / 4)
    return 1 - Math.sqrt(Math.max(1 - hi, SMALLEST_GAP_BELOW_ONE)) * Math.sqrt(1 - lo);
  return lo + (hi - lo) / 2;
}

/** The tail probability being matched: P(X ≤ x) for p ≤ ½, else P(X > x). */
function matchedTail(x: number, a: number, b: number, lowerTarget: boolean): number {
  return lowerTarget ? betaCdf(x, a, b) : betaSf(x, a, b);
}

/** True when the matched tail says x lies below the quantile. */
function tooSmall(value: number, target: number, lowerTarget: boolean): boolean {
  return lowerTarget ? value < target : value > target;
}

type Start = { x: number; value: number; lo: number; hi: number };
type StartKind = 'lower' | 'upper' | 'normal';
const NORMAL_THEN_LOWER: readonly StartKind[] = ['normal', 'lower', 'upper'];
const NORMAL_THEN_UPPER: readonly StartKind[] = ['normal', 'upper', 'lower'];
const LOWER_FIRST: readonly StartKind[] = ['lower', 'normal', 'upper'];
const UPPER_FIRST: readonly StartKind[] = ['upper', 'normal', 'lower'];

/**
 * Three classic starting points (lower power tail, normal, upper power tail), tried from the one
 * suited to the shapes; the first within GOOD_START in log wins, else the closest.
 * Returns the tail probability there too (the first step needs no new evaluation) and the bracket
 * every tried point narrowed.
 */
function goodStart(
  p: number,
  a: number,
  b: number,
  logB: number,
  lowerTarget: boolean,
  target: number,
  logTarget: number,
): Start {
  const best: Start = { x: 0.5, value: NaN, lo: 0, hi: 1 };
  // Power tails suit the side of the smaller shape, where the mass piles up; the normal suits large shapes.
  const order =
    Math.min(a, b) >= NORMAL_START_SHAPE
      ? a <= b
        ? NORMAL_THEN_LOWER
        : NORMAL_THEN_UPPER
      : a <= b
        ? LOWER_FIRST
        : UPPER_FIRST;
  let bestDistance = Infinity;
  for (const kind of order) {
    const x = startingPoint(kind, p, a, b, logB);
    if (!(x > 0 && x < 1)) continue;
    const value = matchedTail(x, a, b, lowerTarget);
    if (tooSmall(value, target, lowerTarget)) best.lo = Math.max(best.lo, x);
    else best.hi = Math.min(best.hi, x);
    const distance = Math.abs(Math.log(value) - logTarget);
    if (distance < bestDistance) {
      best.x = x;
      best.value = value;
      bestDistance = distance;
    }
    if (distance <= GOOD_START) break;
  }
  if (Number.isNaN(best.value)) best.value = matchedTail(best.x, a, b, lowerTarget);
  return best;
}

/** Lower power tail F ≈ x^a/(a·B), upper power tail 1 − F ≈ y^b/(b·B), or mean + Φ⁻¹(p)·sd. */
function startingPoint(kind: StartKind, p: number, a: number, b: number, logB: number): number {
  if (kind === 'lower') return Math.exp((Math.log(p) + Math.log(a) + logB) / a);
  if (kind === 'upper') return -Math.expm1((Math.log1p(-p) + Math.log(b) + logB) / b);
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  return mean + normalQuantile(p) * sd;
}
