// The longest texts and largest counts a design may hold. One set of numbers for both ends: the
// Design tab refuses to save past them, and a snapshot link checks the same caps when it is opened,
// so whatever saves can also be shared.
import { ANALYSIS_LIMITS } from '../analysis/defaults.ts';

export const DESIGN_LIMITS = {
  maxNameChars: 300,
  maxHypothesisChars: 5_000,
  // The analysis's own caps (src/lib/analysis/defaults.ts): what saves can also be analysed.
  maxArms: ANALYSIS_LIMITS.maxArms,
  maxMetrics: ANALYSIS_LIMITS.maxMetrics,
  /** Attributes results may be sliced by (as many as the platform's results page filters by). */
  maxAttributes: 20,
  maxAttributeChars: 200,
  /** A guardrail's margin is a relative difference below this (1 = "no worse than −100%"). */
  maxGuardrailMargin: 1,
  maxDecisionChars: 5_000,
} as const;
