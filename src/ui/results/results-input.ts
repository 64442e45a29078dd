// What the Results tab shows, independent of where the numbers came from (an import, typed numbers, a
// snapshot link): the design's metrics with their per-arm statistics, the arms, the exposures.
import type { Direction, MetricAggregation, MetricKind } from '../../lib/domain/types.ts';
import type { ArmStatisticsInput } from '../../lib/metric-kinds/index.ts';
import type { ExposureBucket } from '../../lib/charts/exposure-chart.ts';
import type { DayStatistics } from '../../lib/analysis/over-time.ts';
import type { AttributeSlices } from '../../lib/analysis/slices.ts';

export type ResultsMetric = {
  key: string;
  name: string;
  kind: MetricKind;
  aggregation: MetricAggregation;
  direction: Direction;
  primary: boolean;
  /** A guardrail's relative non-inferiority margin (metric role 'guardrail'); absent otherwise. */
  guardrailMargin?: number;
  /** Per-arm statistics, in arm order. For conversion metrics `conversions` is set; numeric: sum and sumSquares. */
  arms: ArmStatisticsInput[];
};

export type ResultsInput = {
  /** Identifies the view; a newer analysis for it supersedes older ones. */
  viewKey: string;
  hypothesis: string;
  armNames: string[];
  controlIndex: number;
  /** Designed allocation per arm (percent). */
  weights: number[];
  metrics: ResultsMetric[];
  exposures: ExposureBucket[];
  /** From the import's diagnostics; null when unknown (typed summaries). */
  unitsInSeveralArms: number | null;
  /** Events the import left out for falling outside the iteration's window (diagnostics), if known. */
  eventsOutsideWindow?: number | null;
  /**
   * Statistics by UTC day of first exposure (imports only), `metrics` in the order of `metrics`
   * and arms in arm order: what the Over time section analyses.
   */
  days?: DayStatistics[];
  /**
   * Statistics by day since first exposure k (imports with times; `start` = k), already cumulative
   * per unit, in the same orders, and the keys of the metrics they hold (not ratio metrics): what
   * the Over time section's novelty view analyses.
   */
  sinceExposure?: { days: DayStatistics[]; metricKeys: string[] };
  /**
   * Statistics by slicing attribute (imports only), `metrics` in the order of `metrics` and arms in
   * arm order: what the Slices section analyses.
   */
  slices?: AttributeSlices[];
  /** The attributes the design names to slice by (to say what to do when the data has none). */
  slicingAttributes?: string[];
};
