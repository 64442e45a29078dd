// The content of a snapshot link: an experiment iteration's design, analysis settings and per-arm
// sufficient statistics. Deliberately nothing finer: no raw events, no unit keys, no file names.
import type { Direction, ProbabilityMethod } from '../stats/types.ts';
import type { Aggregation, MetricKindName as MetricKind } from '../metric-kinds/index.ts';
import type { ArmStatistics, OptionalArmStatistic } from '../stats/arm-statistics.ts';

export const SNAPSHOT_FORMAT_VERSION = 1;

export type { Aggregation };

export type SnapshotArm = {
  name: string;
  /** Designed share of traffic in percent (the variation split); 0 for an arm that should get none. */
  split: number;
};

export type SnapshotMetric = {
  key: string;
  name: string;
  kind: MetricKind;
  direction: Direction;
  aggregation: Aggregation;
  primary: boolean;
  /** γ² for this metric's informative prior; absent means the engine's default for the model. */
  priorRelativeVariance?: number;
  /** A guardrail's relative non-inferiority margin (0.01: "no worse than −1%"); absent: not a guardrail. */
  guardrailMargin?: number;
};

export type SnapshotDesign = {
  name: string;
  hypothesis: string;
  arms: SnapshotArm[];
  /** Index into `arms`. */
  control: number;
  metrics: SnapshotMetric[];
};

/** Unix milliseconds; `endedAt` is null while the iteration runs. */
export type SnapshotIteration = {
  startedAt: number;
  endedAt: number | null;
  /** The team's recorded decision (who, when, what and why), when one was recorded. */
  decision?: { by: string; at: number; why: string };
};

import type { FrequentistSettings } from '../analysis/settings.ts';

export type SnapshotSettings = {
  credibleMass: number;
  prior: 'informative' | 'flat';
  method: ProbabilityMethod;
  draws?: number;
  seed?: number;
  /** Probability to be best above which an arm is called the winner. */
  winnerThreshold?: number;
  /** The decision rule's other thresholds (src/lib/analysis/settings.ts); absent: the defaults. */
  caringThreshold?: number;
  guardrailThreshold?: number;
  minimumUnitsPerArm?: number;
} & Partial<FrequentistSettings>;

/** Beta–binomial metrics carry conversions; every other metric carries sum and sumSquares. */
/**
 * Beta–binomial metrics carry conversions; every other metric carries Σy and Σy², plus the further
 * statistics its kind stores (a ratio's denominator moments; src/lib/metric-kinds).
 */
export type SnapshotArmStatistics =
  | { units: number; conversions: number }
  | ({ units: number; sum: number; sumSquares: number } & Partial<
      Pick<ArmStatistics, OptionalArmStatistic>
    >);

/** CUPED's pre-period covariate sums (Σx, Σx², Σxy), all three or none. */
export type SnapshotCovariate = Partial<
  Pick<ArmStatistics, 'covariateSum' | 'covariateSumSquares' | 'covariateCrossSum'>
>;

/** One entry per metric, in `design.metrics` order; `arms` in `design.arms` order. */
export type SnapshotMetricStatistics = { metric: string; arms: SnapshotArmStatistics[] };

/** One slice of the chosen attribute: one value (or the merged 'other' / 'missing' group). */
export type SnapshotSliceCell = {
  value: string;
  group?: 'other' | 'missing';
  /** Units per arm, in `design.arms` order. */
  units: number[];
  /** One entry per metric, in `design.metrics` order; arms in `design.arms` order. */
  statistics: SnapshotArmStatistics[][];
};

/** The Slices section's chosen attribute, with every slice's per-arm statistics. */
export type SnapshotSlices = {
  attribute: string;
  /** How many distinct values the 'other' slice merges. */
  otherValues: number;
  /** The treatment arm the slice view compared with the control (index into `design.arms`). */
  comparedArm?: number;
  /** The slice the author picked to highlight (index into `cells`); absent: none. */
  picked?: number;
  /** Slices of the attribute the link leaves out (the smallest by units) to stay within its size. */
  leftOut?: number;
  cells: SnapshotSliceCell[];
};

/** Cumulative units per arm (in `design.arms` order) at one moment of the iteration. */
export type SnapshotLook = { at: number; units: number[] };

export type Snapshot = {
  formatVersion: typeof SNAPSHOT_FORMAT_VERSION;
  design: SnapshotDesign;
  iteration: SnapshotIteration;
  settings: SnapshotSettings;
  statistics: SnapshotMetricStatistics[];
  /** The looks of the sample-ratio-mismatch test, oldest first; empty when none were recorded. */
  srmLooks: SnapshotLook[];
  /** The chosen slice view (absent in links made before slices were shared, or without slices). */
  slices?: SnapshotSlices;
};
