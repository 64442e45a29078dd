// Partial pooling for the slice view: one treatment arm's relative difference in every slice of an
// attribute, pooled with the hierarchical model of src/lib/stats/pooling. Slices where the arm has
// no relative difference (control mean 0, too little data, analysis failed) are left out, by name.
import { poolSlices, type PoolingResult, type SliceEstimate } from '../stats/index.ts';
import type { MetricAnalysis } from './types.ts';

/** One slice value of an attribute and the metric's analysis within it (null when it failed). */
export type SliceAnalysis = { label: string; analysis: MetricAnalysis | null };

export type ArmPooling =
  | { ok: true; pooling: PoolingResult; leftOut: string[] }
  | { ok: false; reason: 'no-slices'; leftOut: string[] };

/** Pools arm `arm`'s relative difference across the slices; `mass` is the credible mass. */
export function poolArmAcrossSlices(
  slices: readonly SliceAnalysis[],
  arm: number,
  mass: number,
): ArmPooling {
  const estimates: SliceEstimate[] = [];
  const leftOut: string[] = [];
  for (const slice of slices) {
    const difference = slice.analysis?.arms[arm]?.relativeDifference;
    if (difference && Number.isFinite(difference.mean) && difference.sd > 0)
      estimates.push({ label: slice.label, mean: difference.mean, sd: difference.sd });
    else leftOut.push(slice.label);
  }
  if (estimates.length === 0) return { ok: false, reason: 'no-slices', leftOut };
  return { ok: true, pooling: poolSlices(estimates, mass), leftOut };
}
