// Caps on what a snapshot may hold. Generous for any real experiment, small enough that a hostile
// link cannot make the page allocate much or spin for long. The design's own caps come from
// DESIGN_LIMITS, so a design that saves can always be shared.
import { ANALYSIS_LIMITS } from '../analysis/defaults.ts';
import { DESIGN_LIMITS } from '../domain/text-limits.ts';

export const SNAPSHOT_LIMITS = {
  /** Characters of base64url after the "v1." prefix (a URL fragment of ~256 KB works in every browser we target). */
  maxEncodedChars: 262_144,
  /** Bytes of JSON after inflating. */
  maxJsonBytes: 2 * 1024 * 1024,
  maxArms: DESIGN_LIMITS.maxArms,
  maxMetrics: DESIGN_LIMITS.maxMetrics,
  maxLooks: 10_000,
  maxNameChars: DESIGN_LIMITS.maxNameChars,
  maxHypothesisChars: DESIGN_LIMITS.maxHypothesisChars,
  /** Largest unit count accepted: well inside exact integer arithmetic. */
  maxUnits: 1e13,
  maxDraws: ANALYSIS_LIMITS.maxDraws,
  maxDecisionChars: DESIGN_LIMITS.maxDecisionChars,
  /** Slices of the chosen attribute: the 50 most frequent values, 'other' and 'missing'. */
  maxSlices: 52,
  maxSliceValueChars: 1000,
  maxMinimumUnitsPerArm: ANALYSIS_LIMITS.maxMinimumUnitsPerArm,
} as const;
