// What a metric kind declares. Everything that depends on a metric's kind reads it from here: ingest
// (how a unit's events become its value), the analysis (which model, which statistics), the screens
// (the value's unit, the typed fields, the words that describe it) and the validators.
import type { ValueUnit } from '../format/index.ts';
import type { ArmStatistics, OptionalArmStatistic } from '../stats/arm-statistics.ts';
import type { ArmInput, MetricKind as ModelName } from '../stats/types.ts';

export type Aggregation = 'average' | 'sum';

/**
 * How ingest turns one unit's events into its value y, with the least state per unit:
 * - `presenceOnly`: only whether the unit had an event matters (one byte per unit, no sums);
 * - `eventValue`: what each event adds to the unit's total, its numeric value (events without one are
 *   counted as missing), 1 (the event is counted), or its value when it has one and 1 otherwise;
 * - `countsEvents`: whether the number of events is kept (an average divides by it).
 */
export type UnitAccumulator = {
  presenceOnly: boolean;
  eventValue: 'value' | 'one' | 'value-or-one';
  countsEvents: boolean;
  /** The unit's value from its number of events (≥ 1) and their total. */
  unitValue(events: number, total: number): number;
};

/** An arm's statistics as the analysis gets them: the engine's fields and any of ArmStatistics. */
export type ArmStatisticsInput = ArmInput & Partial<ArmStatistics>;

/** A field a person types for one arm (calculator mode, the typed summary form). */
export type TypedField =
  | 'units'
  | 'conversions'
  | 'mean'
  | 'sd'
  | 'sum'
  | 'sumSquares'
  | 'denominatorSum'
  | 'denominatorSumSquares'
  | 'crossSum';

/** Per-arm statistics as stored: the one shape, plus how many units had an event of the metric. */
export type StoredArmStatistics = ArmStatistics & {
  /** Units with at least one event of the metric (a conversion metric's converted units). */
  conversions: number;
};

/** One kind with one aggregation: everything the rest of the code needs to know about it. */
export type MetricRule = {
  /** The engine model that analyses it: beta–binomial ('conversion') or normal ('numeric'). */
  model: ModelName;
  /** How values are shown: a rate as a percentage, or a number in the metric's own units. */
  valueUnit: ValueUnit;
  /** The statistics it stores beyond units, sum and sumSquares. */
  statistics: readonly OptionalArmStatistic[];
  /** Whether a pre-exposure covariate (CUPED: Σx, Σx², Σxy) is kept for it when the import reads one. */
  covariates: boolean;
  accumulator: UnitAccumulator;
  /** How a unit's events (or several rows of a unit) combine, in plain words. */
  combines: string;
  /** The statistics the model reads, from the stored ones. */
  modelArm(name: string, arm: ArmStatisticsInput): ArmInput;
};

export type MetricKindDefinition = {
  /** The name stored in designs, files and links. */
  kind: string;
  /** Shown in the design form. */
  label: string;
  aggregations: readonly Aggregation[];
  /** What a person types per arm, whatever the aggregation. */
  typedFields: readonly TypedField[];
  rule(aggregation: Aggregation): MetricRule;
  /** Why a unit-level value cannot be a value of this kind, or null when it can. */
  valueProblem(value: number): string | null;
  /** Why typed or imported per-arm statistics cannot be this kind's, or null when they can. */
  armProblem(
    arm: StoredArmStatistics,
  ): { field: keyof StoredArmStatistics; message: string } | null;
};
