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
 * The analysed units split into groups, each with its own statistics: `by` 'day' groups units by the
 * UTC day of their first exposure (`value` = the day's start, Unix ms, as text).
 */
export type Breakdown = {
  by: 'day';
  cells: (StatisticsCell & { value: string })[];
};

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
};

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
