// The engine's numbers for a Data Export file, computed in Node with the ingest and stats entry
// points (no UI code), formatted as the Results table shows them.
import { aggregateExperimentData } from '../../src/lib/ingest/index.ts';
import type { ExperimentSpec } from '../../src/lib/ingest/types.ts';
import { analyzeMetric } from '../../src/lib/stats/index.ts';
import type { ArmInput, ArmResult } from '../../src/lib/stats/types.ts';
import {
  columnSpan,
  formatCount,
  formatProbability,
  formatRelative,
  formatValue,
} from '../../src/lib/format/index.ts';

export type ExpectedRow = {
  exposures: string;
  mean: string;
  relative: string;
  beat: string;
  best: string;
};

export async function expectedRows(
  file: Blob,
  spec: ExperimentSpec,
  arms: number,
  /** γ² per metric key, as set on the Design tab; the engine's default otherwise. */
  priorRelativeVariance: Record<string, number> = {},
): Promise<Record<string, ExpectedRow[]>> {
  const data = await aggregateExperimentData([file], spec);
  const out: Record<string, ExpectedRow[]> = {};
  for (const metric of spec.metrics) {
    const stats = data.metrics[metric.key];
    const conversion = metric.kind === 'conversion' && metric.aggregation === 'average';
    const inputs: ArmInput[] = Array.from({ length: arms }, (_, variation) => {
      const arm = stats.find((s) => s.variation === variation)!;
      return conversion
        ? { name: `v${variation}`, units: arm.units, conversions: arm.conversions }
        : { name: `v${variation}`, units: arm.units, sum: arm.sum, sumSquares: arm.sumSquares };
    });
    const results: ArmResult[] = analyzeMetric(inputs, {
      kind: conversion ? 'conversion' : 'numeric',
      control: 0,
      credibleMass: 0.9,
      ...(priorRelativeVariance[metric.key] === undefined
        ? {}
        : { priorRelativeVariance: priorRelativeVariance[metric.key] }),
    });
    // One precision per column: the narrowest interval of the column sets it.
    const meanSpan = columnSpan(results.map((result) => result.credibleInterval));
    const relativeSpan = columnSpan(
      results.map((result) => result.relativeDifference?.credibleInterval),
    );
    out[metric.key] = results.map((result, index) => ({
      exposures: formatCount(inputs[index].units),
      mean: formatValue(result.posteriorMean, conversion ? 'rate' : 'number', meanSpan),
      relative:
        index === 0 ? 'baseline' : formatRelative(result.relativeDifference?.mean, relativeSpan),
      beat: index === 0 ? '' : formatProbability(result.probabilityToBeatControl),
      best: formatProbability(result.probabilityToBeBest),
    }));
  }
  return out;
}
