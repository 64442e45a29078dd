// The experiment design model (docs/design-model.md). Every record is plain JSON data: no classes,
// no Dates (times are Unix milliseconds), no proxies — so it can be stored, exported and compared.

import type { Direction, ProbabilityMethod } from '../stats/types.ts';
import type {
  Aggregation,
  MetricKindName as MetricKind,
  StoredArmStatistics,
} from '../metric-kinds/index.ts';
import type { AnalysisSettings } from '../analysis/settings.ts';

export type { Direction, MetricKind, ProbabilityMethod };
/** Defined with the rest of the analysis contract; re-exported here for the records that hold it. */
export type { AnalysisSettings };

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type Environment = {
  id: string;
  key: string;
  name: string;
  createdAt: number;
};

/** A randomization unit: a context kind such as "user", "organization", "device", "request". */
export type ContextKind = { key: string; name: string };

export type FlagKind = 'flag' | 'ai-config';

export type FlagVariation = { id: string; name: string; value: JsonValue };

/** One slice of a rollout; weights are integers out of 100000. */
export type WeightedVariation = { variation: number; weight: number; untracked?: boolean };

export type Rollout = {
  kind: 'rollout' | 'experiment';
  /** The experiment rollout seed; when present it replaces "flagKey.salt" in the hash input. */
  seed: number | null;
  variations: WeightedVariation[];
};

/** What a rule serves: one fixed variation (index into the flag's variations) or a rollout. */
export type Serve = { variation: number } | { rollout: Rollout };

export type TargetingRule = {
  id: string;
  description: string;
  /** The platform's clauses, kept as they came: Credence never evaluates them. */
  clauses: JsonValue[];
  serve: Serve;
};

/** A flag's state in one environment. */
export type FlagEnvironment = {
  on: boolean;
  /** The named targeting rules, in evaluation order. */
  rules: TargetingRule[];
  /** The default rule ("fallthrough"). */
  fallthrough: Serve;
  offVariation: number | null;
  guardedRolloutActive: boolean;
  progressiveRolloutActive: boolean;
};

export type Flag = {
  id: string;
  key: string;
  name: string;
  kind: FlagKind;
  variations: FlagVariation[];
  isMigrationFlag: boolean;
  salt: string;
  environments: Record<string, FlagEnvironment>;
  createdAt: number;
  updatedAt: number;
  /** Counts saves; a save from a draft of an older revision is refused as a conflict (db/design-store). Absent means 0. */
  revision?: number;
};

export type LayerReservation = {
  experimentKey: string;
  flagKey: string;
  reservationPercent: number;
};

/** An exclusion layer: its experiments are mutually exclusive. */
export type Layer = {
  id: string;
  key: string;
  name: string;
  description: string;
  randomizationUnit: string | null;
  /** Reservations per environment key, including experiments that live outside this workspace. */
  environments: Record<string, { reservations: LayerReservation[] }>;
  createdAt: number;
};

export type Holdout = {
  id: string;
  key: string;
  name: string;
  description: string;
  /** Percentage of units held out of every experiment in the holdout. */
  holdoutPercent: number;
  createdAt: number;
};

export type MetricAggregation = Aggregation;

export type MetricDefinition = {
  key: string;
  name: string;
  kind: MetricKind;
  eventKey: string;
  /** Ratio metrics: the event counted as the denominator (the numerator is `eventKey`). */
  denominatorEventKey?: string;
  aggregation: MetricAggregation;
  direction: Direction;
  /** The one metric the decision is made on (its role is 'primary'). */
  primary: boolean;
  /**
   * Present on a guardrail metric (role 'guardrail'): the non-inferiority margin as a relative
   * difference ≥ 0, e.g. 0.01 for "no worse than −1%" ("worse" follows `direction`). Absent on
   * primary and secondary metrics, and on every metric stored before roles existed.
   */
  guardrailMargin?: number;
};

/** What a metric is for: the decision's metric, a metric to read, or a metric that must not get worse. */
export type MetricRole = 'primary' | 'secondary' | 'guardrail';

/** A metric's role: primary when marked primary, a guardrail when it carries a margin, else secondary. */
export function metricRole(
  metric: Pick<MetricDefinition, 'primary' | 'guardrailMargin'>,
): MetricRole {
  if (metric.primary) return 'primary';
  return metric.guardrailMargin === undefined ? 'secondary' : 'guardrail';
}

/** The default rule is the audience "fallthrough"; any other value is a targeting rule id. */
export const DEFAULT_RULE = 'fallthrough';

export type Treatment = {
  /** The flag variation this arm serves (FlagVariation.id). */
  variationId: string;
  name: string;
  /** Share of the experiment's units, in percent. */
  allocationPercent: number;
};

export type Experiment = {
  id: string;
  key: string;
  name: string;
  description: string;
  tags: string[];
  maintainer: string;
  /** The environment the design belongs to (iterations record their own environment). */
  environmentKey: string;
  hypothesis: string;
  randomizationUnit: string | null;
  flagKey: string | null;
  /** DEFAULT_RULE or a targeting rule id of the flag; null until chosen. */
  audienceRuleId: string | null;
  layer: { layerKey: string; reservationPercent: number } | null;
  holdoutId: string | null;
  /** Variation served to units that match the audience but are outside the experiment. */
  notInExperimentVariationId: string | null;
  /** Percent of the units matching the audience that enter the experiment. */
  sampleSizePercent: number;
  splitMode: 'equal' | 'custom';
  treatments: Treatment[];
  controlVariationId: string | null;
  /** Reshuffle traffic when the audience grows. */
  variationReassignment: boolean;
  metrics: MetricDefinition[];
  /** Context attributes results may be sliced by. */
  attributes: string[];
  /** CUPED's pre-exposure window in days (absent: the import's default, 14; 0: off). */
  covariateDays?: number;
  /** null: use the workspace's analysis settings. */
  analysis: AnalysisSettings | null;
  createdAt: number;
  updatedAt: number;
  /** Counts saves; a save from a draft of an older revision is refused as a conflict (db/design-store). Absent means 0. */
  revision?: number;
};

/** The design an iteration ran with: the experiment's design fields plus the flag's variations (see lifecycle.ts for which changes end an iteration). */
export type DesignSnapshot = Pick<
  Experiment,
  | 'hypothesis'
  | 'randomizationUnit'
  | 'flagKey'
  | 'audienceRuleId'
  | 'layer'
  | 'holdoutId'
  | 'notInExperimentVariationId'
  | 'sampleSizePercent'
  | 'splitMode'
  | 'treatments'
  | 'controlVariationId'
  | 'variationReassignment'
  | 'metrics'
  | 'attributes'
  | 'covariateDays'
> & {
  /** The flag's variations when the iteration started (index = the variation number in events). */
  flagVariations: FlagVariation[];
};

export type IterationStatus = 'not_started' | 'running' | 'stopped';

export type IterationEndReason = 'stopped' | 'design-changed' | 'restarted' | 'imported';

export type Iteration = {
  id: string;
  experimentId: string;
  environmentKey: string;
  /** Denormalised from design.flagKey so "is this flag already running?" is one indexed query. */
  flagKey: string | null;
  /** 1, 2, … per experiment and environment. */
  number: number;
  status: IterationStatus;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  endReason: IterationEndReason | null;
  design: DesignSnapshot;
  winnerVariationId: string | null;
  winnerReason: string | null;
  /** The team's recorded decision, if any (absent on iterations stored before it existed). */
  decision?: DecisionRecord;
};

/** Who decided what about an iteration, when and why: free text, as the team wrote it. */
export type DecisionRecord = {
  /** Who decided (a name or a team). */
  by: string;
  /** When, in Unix milliseconds. */
  at: number;
  /** What was decided and why. */
  why: string;
};

export type DatasetSource =
  | { kind: 'files'; files: { name: string; size: number }[] }
  | { kind: 'summary' }
  | { kind: 'typed' };

/** One group of units (a day of first exposure, a slice) with its own per-arm statistics. */
export type DatasetBreakdownCell = {
  value: string;
  group?: 'other' | 'missing';
  arms: { variation: number; units: number }[];
  metrics: Record<string, ArmMetricStats[]>;
};

/** Statistics by UTC day of first exposure, or by a slicing attribute (see ingest's Breakdown). */
export type DatasetBreakdown =
  | { by: 'day'; cells: DatasetBreakdownCell[] }
  | { by: 'days-since-exposure'; cells: DatasetBreakdownCell[] }
  | { by: 'attribute'; attribute: string; cells: DatasetBreakdownCell[]; otherValues: number };

/** A metric's statistics for one arm (the flag's variation index): the registry's one shape. */
export type ArmMetricStats = StoredArmStatistics & { variation: number };

/** What one import produced for an iteration: per-arm statistics, never the raw events. */
export type Dataset = {
  id: string;
  iterationId: string;
  experimentId: string;
  source: DatasetSource;
  /** The ingest layer's diagnostics, stored as given. */
  diagnostics: { [key: string]: JsonValue };
  arms: { variation: number; units: number }[];
  metrics: Record<string, ArmMetricStats[]>;
  exposuresByHour: { hourStart: number; counts: Record<number, number> }[];
  /** The same statistics by UTC day of first exposure (imports only; see ingest's Breakdown). */
  breakdowns?: DatasetBreakdown[];
  /** The arm labels found in the data, the variation each went to (null: excluded), their units. */
  armAssignment?: { label: string; variation: number | null; units?: number }[];
  /**
   * The ingest layer's assignment audit (AssignmentAudit in lib/ingest/types.ts), stored as given; absent
   * when the flag's bucketing was not known at import. Its example unit keys never leave the workspace
   * (snapshot links are built from the per-arm statistics only).
   */
  assignmentAudit?: { [key: string]: JsonValue };
  createdAt: number;
};

export type WorkspaceSettings = {
  key: 'workspace';
  contextKinds: ContextKind[];
  analysis: AnalysisSettings;
};
