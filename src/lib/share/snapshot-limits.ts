// Caps on what a snapshot may hold. Generous for any real experiment, small enough that a hostile
// link cannot make the page allocate much or spin for long.
import { ANALYSIS_LIMITS } from '../analysis/defaults.ts';

export const SNAPSHOT_LIMITS = {
  /** Characters of base64url after the "v1." prefix (a URL fragment of ~256 KB works in every browser we target). */
  maxEncodedChars: 262_144,
  /** Bytes of JSON after inflating. */
  maxJsonBytes: 2 * 1024 * 1024,
  maxArms: ANALYSIS_LIMITS.maxArms,
  maxMetrics: ANALYSIS_LIMITS.maxMetrics,
  maxLooks: 10_000,
  maxNameChars: 300,
  maxHypothesisChars: 5_000,
  /** Largest unit count accepted: well inside exact integer arithmetic. */
  maxUnits: 1e13,
  maxDraws: ANALYSIS_LIMITS.maxDraws,
} as const;
