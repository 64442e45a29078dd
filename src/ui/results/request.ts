// The Results tab's analysis request: its metrics and settings through the one request builder, with
// the exposure looks of the sequential SRM test.
import type { AnalysisSettings } from '../../lib/domain/types.ts';
import type { AnalysisRequest } from '../../lib/analysis/types.ts';
import { buildAnalysisRequest as buildRequest } from '../../lib/analysis/build-request.ts';
import type { ExposureBucket } from '../../lib/charts/exposure-chart.ts';
import type { ResultsInput } from './results-input.ts';

/** The Results tab's request: its metrics and settings, its exposure looks and its split in percent. */
export function buildAnalysisRequest(
  input: ResultsInput,
  settings: AnalysisSettings,
): AnalysisRequest {
  return buildRequest({
    viewKey: input.viewKey,
    control: input.controlIndex,
    metrics: input.metrics,
    settings,
    srm: {
      looks: cumulativeLooks(input.exposures, input.armNames.length),
      weights: input.weights.map((weight) => weight / 100),
    },
  });
}

/** Cumulative units per arm at each hour of first exposure: the looks of the sequential SRM test. */
export function cumulativeLooks(buckets: readonly ExposureBucket[], arms: number): number[][] {
  const running = new Array<number>(arms).fill(0);
  return [...buckets]
    .sort((a, b) => a.start - b.start)
    .map((bucket) => {
      for (let arm = 0; arm < arms; arm++) running[arm] += bucket.counts[arm] ?? 0;
      return [...running];
    });
}
