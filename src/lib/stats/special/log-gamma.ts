/* eslint-disable no-loss-of-precision -- constants are kept at their published / mpmath precision; the parser rounds them to the nearest double. */
// log Γ and log B without the cancellation of naive lgamma differences.

const HALF_LOG_2PI = 0.91893853320467274178032973640562;
const EULER_GAMMA = 0.5772156649015328606065120900824;

// ζ(k) − 1 for k = 2..31 (mpmath, 20 digits): the Taylor coefficients of log Γ around 2.
const ZETA_MINUS_ONE = [
  0.64493406684822643647, 0.2020569031595942854, 0.082323233711138191516, 0.036927755143369926331,
  0.017343061984449139715, 0.0083492773819228268398, 0.0040773561979443393787,
  0.0020083928260822144179, 0.00099457512781808533715, 0.0004941886041194645587,
  0.00024608655330804829864, 0.00012271334757848914675, 0.000061248135058704829259,
  0.000030588236307020493552, 0.000015282259408651871733, 7.6371976378997622736e-6,
  3.8172932649998398565e-6, 1.9082127165539389257e-6, 9.5396203387279611315e-7,
  4.7693298678780646312e-7, 2.3845050272773299e-7, 1.1921992596531107307e-7,
  5.9608189051259479612e-8, 2.9803503514652280186e-8, 1.4901554828365041235e-8,
  7.450711789835429492e-9, 3.7253340247884570548e-9, 1.8626597235130490064e-9,
  9.3132743241966818287e-10, 4.656629065033784073e-10,
];

// B_{2k} / (2k(2k−1)), k = 1..9: the Stirling series of log Γ.
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
  43867 / 244188,
];

/** Where the Stirling series takes over (its 9-term truncation error is below 1e-18 there). */
const STIRLING_FROM = 10;

/**
 * Stirling remainder δ(x) = log Γ(x) − [(x − ½)·ln x − x + ½·ln 2π], for x ≥ 10 by its series,
 * below that from log Γ itself.
 */
export function stirlingCorrection(x: number): number {
  if (x < STIRLING_FROM) return logGamma(x) - ((x - 0.5) * Math.log(x) - x + HALF_LOG_2PI);
  const t = 1 / (x * x);
  let sum = STIRLING[8];
  for (let k = 7; k >= 0; k--) sum = STIRLING[k] + t * sum;
  return sum / x;
}

/** log Γ(2 + z) for |z| ≤ 0.5 by its Taylor series (ζ values), so the zero at z = 0 keeps full relative accuracy. */
function logGammaNearTwo(z: number): number {
  let sum = 0;
  let power = -z;
  for (let k = 2; k <= 31; k++) {
    power *= -z;
    sum += (ZETA_MINUS_ONE[k - 2] * power) / k;
  }
  return (1 - EULER_GAMMA) * z + sum;
}

/** log |Γ(x)|; accurate to a few ulps (relative), including near the zeros at 1 and 2. */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  if (x >= STIRLING_FROM) return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingCorrection(x);
  // Γ(x) = Γ(x + 2) / (x(x + 1)) and Γ(x) = Γ(x + 1) / x move the argument next to 2.
  if (x < 0.5) return logGammaNearTwo(x) - Math.log1p(x) - Math.log(x);
  if (x < 1.5) return logGammaNearTwo(x - 1) - Math.log1p(x - 1);
  if (x <= 2.5) return logGammaNearTwo(x - 2);
  // Shift down into [1.5, 2.5]: Γ(x) = (x−1)(x−2)…(x−n)·Γ(x−n).
  let product = 1;
  let y = x;
  while (y > 2.5) {
    y -= 1;
    product *= y;
  }
  return logGammaNearTwo(y - 2) + Math.log(product);
}

/** log B(a, b) for a, b > 0, accurate for large and very unequal shapes (Stirling corrections, no lgamma difference). */
export function logBeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || a <= 0 || b <= 0) return NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (q === Infinity) return -Infinity;
  const n = p + q;
  if (p >= STIRLING_FROM) {
    const correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(n);
    return (
      -0.5 * Math.log(q) +
      HALF_LOG_2PI +
      correction +
      (p - 0.5) * Math.log(p / n) +
      q * Math.log1p(-p / n)
    );
  }
  if (q >= STIRLING_FROM) {
    // log Γ(q) − log Γ(p + q) by Stirling, without forming either.
    const correction = stirlingCorrection(q) - stirlingCorrection(n);
    return logGamma(p) + correction + p - p * Math.log(n) + (q - 0.5) * Math.log1p(-p / n);
  }
  return logGamma(p) + logGamma(q) - logGamma(n);
}
