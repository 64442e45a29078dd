// What the Results tab shows, independent of where the numbers came from (an import, typed numbers, a
// snapshot link): the design's metrics with their per-arm statistics, the arms, the exposures.
import type { Direction, MetricAggregation, MetricKind } from '../../lib/domain/types.ts';
import type { ViewArm } from '../../lib/analysis/frequentist-view.ts';
import type { ExposureBucket } from '../../lib/charts/exposure-chart.ts';

export type ResultsMetric = {
  key: string;
  name: string;
  kind: MetricKind;
  aggregation: MetricAggregation;
  direction: Direction;
  primary: boolean;
  /**
   * Per-arm statistics, in arm order. For conversion metrics `conversions` is set; numeric: sum and
   * sumSquares; with the CUPED covariate's sums when the data has them.
   */
  arms: ViewArm[];
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
};
