// The engine's fallbacks for options a caller leaves out. This is the one definition of these values:
// the app's defaults (src/lib/analysis/defaults.ts) re-export them, so a direct library caller and the
// app always agree. Constants only, no imports of engine code: the page bundle may import this file.
import type { MetricKind, ProbabilityMethod } from './types.ts';

export const DEFAULT_CREDIBLE_MASS = 0.9;
/** γ², the prior relative variance: 0.04 for conversion rates, 0.16 for everything else. */
export const DEFAULT_GAMMA_SQUARED: Record<MetricKind, number> = {
  numeric: 0.16,
  conversion: 0.04,
};
export const DEFAULT_DRAWS = 1_000_000;
export const DEFAULT_SEED = 1;
export const DEFAULT_PRIOR: 'informative' | 'flat' = 'informative';
export const DEFAULT_METHOD: ProbabilityMethod = 'exact';
