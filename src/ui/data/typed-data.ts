// Per-arm summaries typed by a person become the same ExperimentData an import produces.
import type { Dataset, Iteration } from '../../lib/domain/types.ts';
import { emptyDiagnostics, keyedRecord, type ExperimentData } from '../../lib/ingest/types.ts';
import type { NormalisedArm } from '../../lib/ingest/index.ts';
import { metricKind } from '../../lib/metric-kinds/index.ts';

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

/** The typed form's cells: metric key → arm position → field → text. */
export type TypedValues = Record<string, Record<number, Record<string, string>>>;

/** Twelve significant digits: what was typed, without the float noise of the round trip. */
const text = (x: number) => String(Number(x.toPrecision(12)));

/**
 * The form's cells back from a stored dataset (the inverse of validateTypedSummary's mean and standard
 * deviation → Σy, Σy²), so saved numbers come back to be tweaked.
 */
export function typedValuesFrom(
  iteration: Iteration,
  dataset: Pick<Dataset, 'metrics'>,
): TypedValues {
  const design = iteration.design;
  const values: TypedValues = Object.create(null) as TypedValues;
  for (const metric of design.metrics) {
    const stats = dataset.metrics[metric.key];
    if (!stats) continue;
    const byArm: TypedValues[string] = {};
    design.treatments.forEach((treatment, arm) => {
      const variation = design.flagVariations.findIndex((v) => v.id === treatment.variationId);
      const found = stats.find((entry) => entry.variation === variation);
      if (!found) return;
      const { units, sum, sumSquares } = found;
      if (metricKind(metric.kind).typedFields.includes('conversions')) {
        byArm[arm] = { units: text(units), conversions: text(found.conversions) };
        return;
      }
      const mean = units > 0 ? sum / units : 0;
      const variance =
        units > 1 ? Math.max(0, (sumSquares - units * mean * mean) / (units - 1)) : 0;
      byArm[arm] = { units: text(units), mean: text(mean), sd: text(Math.sqrt(variance)) };
    });
    values[metric.key] = byArm;
  }
  return values;
}
