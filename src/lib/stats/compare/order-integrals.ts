// One pass of composite Gauss–Kronrod quadrature that yields, for arms T_1..T_K on a common axis,
//   best[v]      = P(T_v is the largest) = ∫ g_v(t) Π_{j≠v} F_j(t) dt
//   beats[v]     = ∫_{lower}^{upper} g_v(t) F_ref(t) dt   (= P(T_v > T_ref) when little mass lies below `lower`)
//   excess       = ∫_{lower}^{upper} (1 − Π_j F_j(t)) · x'(t) dt   (E[max X] = x(lower) + excess)
// with every F_j at the nodes obtained by integrating g_j cumulatively from one exact CDF value at
// `lower` (the cumulative Kronrod matrix), so a node costs one density evaluation per arm.
import type { ArmCurve } from './arm-curve.ts';
import * as rule from './kronrod-rule.ts';

/** Mass each arm may leave out on either side of its support. */
export const TAIL_MASS = 1e-18;
const MAX_PANELS = 20_000;

export type OrderIntegrals = {
  best: Float64Array;
  beats: Float64Array;
  excess: number;
  lower: number;
  upper: number;
  /** Each arm's exact CDF at `lower` (what was left out below it). */
  cdfAtLower: Float64Array;
  /** max over components of Σ_panels |Kronrod − Gauss|, and of |F_j(upper) − 1|. */
  errorEstimate: number;
};

export type Support = { low: number; high: number };

/**
 * A point beyond which the arm's tail mass is below TAIL_MASS. Log-concavity gives, for slope
 * d = ℓ'(t₀) on the tail side, ∫ beyond t of g ≤ exp(ℓ(t₀) + d(t − t₀)) / |d|; solve that for TAIL_MASS.
 */
export function supportOf(curve: ArmCurve): Support {
  const edge = (side: 1 | -1): number => {
    const start = curve.mode + side * 6 * curve.scale;
    const slope = curve.slope(start);
    const step = (Math.log(TAIL_MASS * Math.abs(slope)) - curve.logDensity(start)) / slope;
    return side * step > 0 ? start + step : start;
  };
  return { low: edge(-1), high: edge(1) };
}

function localScale(curve: ArmCurve, t: number): number {
  return Math.max(curve.scale, 1 / Math.abs(curve.slope(t)));
}

/** Panel edges from lower to upper, each panel at most `widthFactor` local scales of every live arm. */
function partition(
  curves: ArmCurve[],
  supports: Support[],
  lower: number,
  upper: number,
  widthFactor: number,
): number[] {
  const edges = [lower];
  let t = lower;
  while (t < upper) {
    let width = Infinity;
    for (let j = 0; j < curves.length; j++)
      if (supports[j].high > t) width = Math.min(width, localScale(curves[j], t));
    width *= widthFactor;
    let refined = width;
    for (let j = 0; j < curves.length; j++) {
      if (supports[j].high > t)
        refined = Math.min(refined, widthFactor * localScale(curves[j], t + width));
    }
    t = Math.min(t + refined, upper);
    if (upper - t < 1e-3 * refined) t = upper;
    edges.push(t);
    if (edges.length > MAX_PANELS)
      throw new Error('order integrals: partition too fine (degenerate posteriors?)');
  }
  return edges;
}

export function orderIntegrals(
  curves: ArmCurve[],
  options: { reference: number; widthFactor: number; jacobian: ((t: number) => number) | null },
): OrderIntegrals {
  // Module bindings copied to locals: some loaders (tsx, vitest) turn each imported-name access into a getter call.
  const { CUMULATIVE, GAUSS_WEIGHTS, KRONROD_WEIGHTS, NODES, RULE_SIZE } = rule;
  const count = curves.length;
  const supports = curves.map(supportOf);
  let lower = -Infinity;
  let upper = -Infinity;
  for (const support of supports) {
    lower = Math.max(lower, support.low);
    upper = Math.max(upper, support.high);
  }
  const edges = partition(curves, supports, lower, upper, options.widthFactor);
  const cdfAtLower = new Float64Array(curves.map((curve) => curve.cdf(lower)));
  const running = Float64Array.from(cdfAtLower);

  const density = new Float64Array(count * RULE_SIZE);
  const cdf = new Float64Array(count * RULE_SIZE);
  const prefix = new Float64Array(count + 1);
  const bestKronrod = new Float64Array(count);
  const bestError = new Float64Array(count);
  const beatsKronrod = new Float64Array(count);
  const beatsError = new Float64Array(count);
  const panelBestK = new Float64Array(count);
  const panelBestG = new Float64Array(count);
  const panelBeatsK = new Float64Array(count);
  const panelBeatsG = new Float64Array(count);
  let excess = 0;
  let excessError = 0;
  const { reference, jacobian } = options;

  for (let panel = 0; panel + 1 < edges.length; panel++) {
    const left = edges[panel];
    const half = 0.5 * (edges[panel + 1] - left);
    const centre = left + half;
    for (let j = 0; j < count; j++) {
      const base = j * RULE_SIZE;
      const start = running[j];
      if (supports[j].high <= left) {
        for (let i = 0; i < RULE_SIZE; i++) {
          density[base + i] = 0;
          cdf[base + i] = start;
        }
        continue;
      }
      const curve = curves[j];
      let total = 0;
      for (let i = 0; i < RULE_SIZE; i++) {
        const value = Math.exp(curve.logDensity(centre + half * NODES[i]));
        density[base + i] = value;
        total += KRONROD_WEIGHTS[i] * value;
      }
      for (let i = 0; i < RULE_SIZE; i++) {
        let sum = 0;
        const row = i * RULE_SIZE;
        for (let k = 0; k < RULE_SIZE; k++) sum += CUMULATIVE[row + k] * density[base + k];
        cdf[base + i] = start + half * sum;
      }
      running[j] = start + half * total;
    }

    panelBestK.fill(0);
    panelBestG.fill(0);
    panelBeatsK.fill(0);
    panelBeatsG.fill(0);
    let panelExcessK = 0;
    let panelExcessG = 0;
    const referenceBase = reference * RULE_SIZE;
    for (let i = 0; i < RULE_SIZE; i++) {
      const wk = KRONROD_WEIGHTS[i];
      const wg = GAUSS_WEIGHTS[i];
      prefix[0] = 1;
      for (let j = 0; j < count; j++) prefix[j + 1] = prefix[j] * cdf[j * RULE_SIZE + i];
      let suffix = 1;
      for (let v = count - 1; v >= 0; v--) {
        const value = density[v * RULE_SIZE + i] * prefix[v] * suffix;
        suffix *= cdf[v * RULE_SIZE + i];
        panelBestK[v] += wk * value;
        panelBestG[v] += wg * value;
        const beat = density[v * RULE_SIZE + i] * cdf[referenceBase + i];
        panelBeatsK[v] += wk * beat;
        panelBeatsG[v] += wg * beat;
      }
      const tail = (1 - prefix[count]) * (jacobian ? jacobian(centre + half * NODES[i]) : 1);
      panelExcessK += wk * tail;
      panelExcessG += wg * tail;
    }
    for (let v = 0; v < count; v++) {
      bestKronrod[v] += half * panelBestK[v];
      bestError[v] += half * Math.abs(panelBestK[v] - panelBestG[v]);
      beatsKronrod[v] += half * panelBeatsK[v];
      beatsError[v] += half * Math.abs(panelBeatsK[v] - panelBeatsG[v]);
    }
    excess += half * panelExcessK;
    excessError += half * Math.abs(panelExcessK - panelExcessG);
  }

  let errorEstimate = excessError;
  for (let v = 0; v < count; v++) {
    errorEstimate = Math.max(errorEstimate, bestError[v], beatsError[v], Math.abs(running[v] - 1));
  }
  return {
    best: bestKronrod,
    beats: beatsKronrod,
    excess,
    lower,
    upper,
    cdfAtLower,
    errorEstimate,
  };
}
