// Public shapes of the ingest layer: what an experiment iteration asks for, and what comes back.
import type { Aggregation, MetricKindName, StoredArmStatistics } from '../metric-kinds/index.ts';

export type MetricSpec = {
  key: string;
  /** The metric's events (a ratio metric's numerator). */
  eventKey: string;
  kind: MetricKindName;
  aggregation: Aggregation;
  /** Ratio metrics: the events counted as the denominator. */
  denominatorEventKey?: string;
};

export type ExperimentSpec = {
  flagKey: string;
  /** The context kind units are keyed by, e.g. 'user'. */
  randomizationUnit: string;
  /** Unix ms, [start, end). */
  window?: { start?: number; end?: number };
  metrics: MetricSpec[];
  /** Opt-in for older records without `reason.inExperiment`: count every evaluation of the flag. */
  countAllRuleEvaluations?: boolean;
  /**
   * CUPED: each unit's metric value over the days before its first exposure (events before the
   * window included) becomes its covariate; per arm Σx, Σx², Σxy. Absent or 0: off.
   */
  covariateDays?: number; /** The flag's bucketing, to audit each exposed unit's arm (docs/assignment-audit.md); absent: no audit. */
  assignment?: AssignmentConfig;
  /**
   * Context attributes (Data Export) or column names (CSV) to slice the results by, at most 20: each
   * unit's value at its first exposure (docs/data-import.md#slicing-attributes).
   */
  sliceAttributes?: string[];
  /**
   * Also produce per-arm statistics by day since each unit's first exposure (the novelty view,
   * `Breakdown` 'days-since-exposure'); the app asks for it, other callers may leave it out.
   */
  daysSinceExposure?: boolean;
};

/** What the assignment audit needs of the flag: its salt and the rollout the experiment's rule serves. */
export type AssignmentConfig = {
  salt: string;
  rollout: {
    kind: 'rollout' | 'experiment';
    /** The experiment seed; when present it replaces "flagKey.salt" in the hash input. */
    seed: number | null;
    /** Weights out of 100000; untracked slices are traffic outside the experiment. */
    variations: { variation: number; weight: number; untracked?: boolean }[];
  };
  /**
   * The experiment's exclusion layer: the tracked bucket ranges of the layer's other experiments hashed
   * alike (same seed or flag and salt). Units seen in one of them are counted: the layer overlaps there.
   */
  layer?: { key: string; others: { experimentKey: string; ranges: [number, number][] }[] };
};

export type IngestProgress = {
  bytesRead: number;
  totalBytes: number;
  records: number;
  /** 1 for the single reading; 2 while the metric events are read again (only after the stash overflowed). */
  pass?: 1 | 2;
};

export type ArmUnits = { variation: number; units: number };

/** A metric's statistics for one arm: the registry's one shape (src/lib/metric-kinds/types.ts). */
export type ArmMetricSummary = StoredArmStatistics & { variation: number };

export type HourlyExposures = { hourStart: number; counts: Record<number, number> };

export type MalformedRecord = { file: string; line: number; reason: string };

export type IngestDiagnostics = {
  recordsRead: number;
  skipped: Record<string, number>;
  malformed: MalformedRecord[];
  malformedCount: number;
  unitsInSeveralArms: number;
  duplicatesDropped: number;
  eventsBeforeExposure: number;
  eventsOutsideWindow: number;
  sampledEvents: number;
  /** Metric events used as a unit's pre-exposure (CUPED) value; present when covariates are on. */
  covariateEvents?: number;
  firstTimestamp: number | null;
  lastTimestamp: number | null;
  /**
   * Metric keys whose Σy or Σy² over an arm overflowed a double (values ≥ ~1e154): not analysable.
   * Present only when there is one.
   */
  nonFinite?: string[];
};

/** Units per arm and per-arm metric statistics of one group of units (all of them, a day, a slice). */
export type StatisticsCell = {
  arms: ArmUnits[];
  metrics: Record<string, ArmMetricSummary[]>;
};

/**
 * One group of a breakdown. `value` is the day's start (Unix ms, as text) or the attribute's value;
 * `group` marks the two cells that are not one value: 'other' (values beyond the most frequent ones,
 * merged) and 'missing' (units whose first exposure carried no value); their `value` is ''.
 */
export type BreakdownCell = StatisticsCell & { value: string; group?: 'other' | 'missing' };

/**
 * The analysed units split into groups, each with its own statistics: `by` 'day' groups units by the
 * UTC day of their first exposure; `by` 'attribute' by the value of a slicing attribute at the unit's
 * first exposure (the 50 most frequent values, then 'other' with `otherValues` distinct values merged,
 * then 'missing'); `by` 'days-since-exposure' has one cell per day k since first exposure (`value`
 * 'k', k = 0 … 29, the last also holding later events) with each unit's value through day k, over the
 * units the data reach k days after their first exposure (a ratio's denominator likewise).
 */
export type Breakdown =
  | { by: 'day'; cells: BreakdownCell[] }
  | { by: 'days-since-exposure'; cells: BreakdownCell[] }
  | { by: 'attribute'; attribute: string; cells: BreakdownCell[]; otherValues: number };

export type ExperimentData = {
  arms: ArmUnits[];
  metrics: Record<string, ArmMetricSummary[]>;
  exposuresByHour: HourlyExposures[];
  /** The same statistics by day of first exposure (and, later, by slice); absent for typed numbers. */
  breakdowns?: Breakdown[];
  diagnostics: IngestDiagnostics;
  /** Summary files whose arm column holds names rather than variation indices: index → name. */
  armNames?: Record<number, string>;
  /**
   * The label of each arm index as read (first spelling; labels are told apart case- and
   * space-insensitively): "0", "1", … for Data Export JSON, the arm cells' text for CSV and summaries.
   * After assignArms: the design's variation names (arm index = variation index).
   */
  armLabels?: string[];
  /**
   * 'indices' when the labels are the platform's variation indices (Data Export JSON): they are placed
   * by index only, never by a variation's name (a number flag's variations may be named "1", "2"…).
   */
  armLabelKind?: 'indices' | 'labels';
  /** Each exposed unit's arm against the one the flag assigns (only when the spec has `assignment`). */
  assignmentAudit?: AssignmentAudit;
};

/** Units by what the audit found (see docs/assignment-audit.md). */
export type AuditCounts = {
  units: number;
  /** In the arm the flag assigns. */
  matches: number;
  /** In another tracked arm than the flag assigns. */
  mismatches: number;
  /** 32- and 64-bit SDKs disagree on the arm (a bucket within float32 rounding of a boundary), and the data has one of the two. */
  ambiguous: number;
  /** Exposed as in the experiment, but the bucket falls in the rollout's untracked part (outside the allocation or sample size). */
  outsideAllocation: number;
  /** Exposed in a variation the rollout does not track. */
  untrackedVariation: number;
};

export type AuditExample = {
  unitKey: string;
  /** The variation in the data. */
  variation: number;
  /** The variation the flag assigns (the 64-bit SDKs'). */
  expected: number;
  version: number | null;
};

export type AssignmentAudit = AuditCounts & {
  config: AssignmentConfig & { flagKey: string };
  /** Per variation in the data; mismatches broken down by the variation the flag assigns. */
  arms: (AuditCounts & { variation: number; expected: { variation: number; units: number }[] })[];
  byVersion: (AuditCounts & { version: number | null })[];
  /** By evaluation reason, e.g. "RULE_MATCH rule 0", "FALLTHROUGH", "no reason". */
  byReason: (AuditCounts & { reason: string })[];
  byHour: (AuditCounts & { hourStart: number })[];
  /** Units exposed in a second arm, and of those, the ones whose two exposures came from different flag versions. */
  reassigned: {
    units: number;
    acrossVersions: number;
    byVersions: { from: number | null; to: number | null; units: number }[];
  };
  /** Units seen in this experiment whose bucket another experiment of its layer also tracks. */
  layer?: { key: string; overlaps: { experimentKey: string; units: number }[] };
  /** The first AUDIT_EXAMPLES unit keys of each kind (never exported in snapshot links). */
  examples: {
    mismatch: AuditExample[];
    ambiguous: AuditExample[];
    outsideAllocation: AuditExample[];
    untrackedVariation: AuditExample[];
  };
};

export const AUDIT_EXAMPLES = 100;

/** The pre-exposure window CUPED reads when the design does not say otherwise, in days [ours]. */
export const DEFAULT_COVARIATE_DAYS = 14;

export type ProgressCallback = (progress: IngestProgress) => void;

export const MALFORMED_LISTED = 100;

/**
 * An empty record for keys a user or a file chose (metric keys, skip reasons): without a prototype,
 * so `__proto__` or `constructor` is a key like any other.
 */
export function keyedRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Diagnostics before anything was read. */
export function emptyDiagnostics(): IngestDiagnostics {
  return {
    recordsRead: 0,
    skipped: keyedRecord(),
    malformed: [],
    malformedCount: 0,
    unitsInSeveralArms: 0,
    duplicatesDropped: 0,
    eventsBeforeExposure: 0,
    eventsOutsideWindow: 0,
    sampledEvents: 0,
    firstTimestamp: null,
    lastTimestamp: null,
  };
}
