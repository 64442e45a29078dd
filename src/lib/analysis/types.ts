// The request and response of the analysis worker API, shared by the page, the pool, the workers and
// the Node runner. Everything here is plain structured-clonable data: no functions, no class instances.
import type {
  AnalysisOptions,
  ArmInput,
  ArmResult,
  SrmOptions,
  SrmResult,
} from '../stats/types.ts';
import type { WorkerResult } from './result.ts';

/** One metric of the experiment: its per-arm sufficient statistics and how to analyse them. */
export type MetricRequest = { key: string; arms: ArmInput[]; options: AnalysisOptions };

/** Sample-ratio-mismatch input: units per arm at each look (cumulative), and the designed split. */
export type SrmRequest = { looks: number[][]; weights: number[]; options?: SrmOptions };

export type AnalysisRequest = {
  /** Identifies the view asking (e.g. "experiment-42/overview"); a newer request for it supersedes older ones. */
  viewKey: string;
  metrics: MetricRequest[];
  srm?: SrmRequest;
};

/** The quadrature's values for one arm, reported beside Monte Carlo estimates as a check. */
export type ExactValues = {
  probabilityToBeBest: number;
  probabilityToBeatControl: number | null;
  expectedLoss: number;
  expectedLossRelative: number | null;
};

/** An arm's result; `exact` is present when the metric was analysed by Monte Carlo. */
export type MetricArmResult = ArmResult & { exact?: ExactValues };

export type MetricAnalysis = { key: string; arms: MetricArmResult[] };

/** Each metric succeeds or fails on its own, so one bad metric does not hide the others. */
export type MetricOutcome = { key: string; result: WorkerResult<MetricAnalysis> };

export type AnalysisResponse = {
  viewKey: string;
  /** In request order. */
  metrics: MetricOutcome[];
  /** null when the request had no `srm`. */
  srm: WorkerResult<SrmResult> | null;
};

export type AnalysisProgress = {
  /** 0..1. By draws when any metric uses Monte Carlo, otherwise by finished metrics. */
  fraction: number;
  drawsDone: number;
  drawsTotal: number;
};

export type AnalysisCallOptions = {
  signal?: AbortSignal;
  onProgress?: (progress: AnalysisProgress) => void;
};
