/* eslint-disable no-loss-of-precision -- constants are kept at their published / mpmath precision; the parser rounds them to the nearest double. */
// W. J. Cody's rational Chebyshev approximations for erf/erfc (Math. Comp. 23, 1969), the
// coefficient sets published with his CALERF routine. Split into pieces so callers can assemble
// exp(-z²) themselves with extra care (see normal.ts).

const ERF_NUM = [
  3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947,
  0.185777706184603153,
];
const ERF_DEN = [
  23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062,
];

const MID_NUM = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131,
  881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725,
  2.15311535474403846e-8,
];
const MID_DEN = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019,
  3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];

const TAIL_NUM = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978,
];
const TAIL_DEN = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191,
  0.00233520497626869185,
];

const ONE_OVER_SQRT_PI = 0.56418958354775628695;

/** Largest |z| handled by the erf branch. */
export const ERF_BRANCH_LIMIT = 0.46875;

/** erf(z) for |z| ≤ 0.46875. */
export function erfSmall(z: number): number {
  const t = z * z;
  let num = ERF_NUM[4] * t;
  let den = t;
  for (let i = 0; i < 3; i++) {
    num = (num + ERF_NUM[i]) * t;
    den = (den + ERF_DEN[i]) * t;
  }
  return (z * (num + ERF_NUM[3])) / (den + ERF_DEN[3]);
}

/** erfc(y)·exp(y²) for y > 0.46875 (the smooth factor of erfc). */
export function erfcScaled(y: number): number {
  if (y <= 4) {
    let num = MID_NUM[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + MID_NUM[i]) * y;
      den = (den + MID_DEN[i]) * y;
    }
    return (num + MID_NUM[7]) / (den + MID_DEN[7]);
  }
  const t = 1 / (y * y);
  let num = TAIL_NUM[5] * t;
  let den = t;
  for (let i = 0; i < 4; i++) {
    num = (num + TAIL_NUM[i]) * t;
    den = (den + TAIL_DEN[i]) * t;
  }
  const r = (t * (num + TAIL_NUM[4])) / (den + TAIL_DEN[4]);
  return (ONE_OVER_SQRT_PI - r) / y;
}

/** exp(-x²·scale) without the rounding error of forming x² (split x into a short head and a tail). */
export function expNegSquare(x: number, scale: number): number {
  const head = Math.trunc(x * 16) / 16;
  const tailProduct = (x - head) * (x + head);
  return Math.exp(-head * head * scale) * Math.exp(-tailProduct * scale);
}

/** Complementary error function, accurate to ~1e-15 relative for all real z. */
export function erfc(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const y = Math.abs(z);
  if (y <= ERF_BRANCH_LIMIT) return 1 - erfSmall(z);
  const upper = y > 27 ? 0 : expNegSquare(y, 1) * erfcScaled(y);
  return z < 0 ? 2 - upper : upper;
}

/** Error function. */
export function erf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const y = Math.abs(z);
  if (y <= ERF_BRANCH_LIMIT) return erfSmall(z);
  const upper = y > 27 ? 0 : expNegSquare(y, 1) * erfcScaled(y);
  return z < 0 ? upper - 1 : 1 - upper;
}
