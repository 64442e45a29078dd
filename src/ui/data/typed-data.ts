// Per-arm summaries typed by a person become the same ExperimentData an import produces.
import type { Iteration } from '../../lib/domain/types.ts';
import { emptyDiagnostics, keyedRecord, type ExperimentData } from '../../lib/ingest/types.ts';
import type { NormalisedArm } from '../../lib/ingest/index.ts';

/** `byMetric[key][arm]` in the design's treatment order; variations are the flag's indices. */
export function typedExperimentData(
  iteration: Iteration,
  byMetric: Record<string, NormalisedArm[]>,
): ExperimentData {
  const design = iteration.design;
  const variations = design.treatments.map((t) =>
    design.flagVariations.findIndex((v) => v.id === t.variationId),
  );
  const metrics: ExperimentData['metrics'] = keyedRecord();
  for (const [key, arms] of Object.entries(byMetric)) {
    metrics[key] = arms.map((arm, index) => ({
      variation: variations[index],
      units: arm.units,
      conversions: arm.conversions,
      sum: arm.sum,
      sumSquares: arm.sumSquares,
    }));
  }
  const arms = variations.map((variation, index) => ({
    variation,
    units: Math.max(0, ...Object.values(byMetric).map((list) => list[index]?.units ?? 0)),
  }));
  return { arms, metrics, exposuresByHour: [], diagnostics: emptyDiagnostics() };
}
