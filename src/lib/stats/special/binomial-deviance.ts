/**
 * bd0(x, m) = x·ln(x/m) + m − x ≥ 0, computed without cancellation when x ≈ m
 * (C. Loader, "Fast and accurate computation of binomial probabilities", 2000).
 */
export function binomialDeviance(x: number, m: number): number {
  const diff = x - m;
  if (Math.abs(diff) < 0.1 * (x + m)) {
    // x·ln(x/m) = 2x·atanh(v) with v = (x − m)/(x + m); the leading terms cancel (x − m) exactly.
    const v = diff / (x + m);
    const v2 = v * v;
    let sum = diff * v;
    let term = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      term *= v2;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}
