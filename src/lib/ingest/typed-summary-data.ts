// Per-arm statistics typed in by a person (calculator mode) as ExperimentData, with the arms' names as
// labels: the same matching onto the design's variations as every import (see arm-matching.ts).
import { applyArmOptions, checkVariations, labelArms, type ArmOptions } from './arm-matching.ts';
import { VariationIndex } from './csv-cells.ts';
import { IngestError } from './errors.ts';
import { INVALID_VARIATION } from './parsed-event.ts';
import { validateSpec } from './spec.ts';
import { validateTypedSummary, type TypedArm } from './typed-summary.ts';
import {
  emptyDiagnostics,
  type ArmMetricSummary,
  type ExperimentData,
  type ExperimentSpec,
} from './types.ts';

/**
 * Typed arms per metric key → per-label data (or, with `variations`, assigned data). Arms are one
 * label case and spaces aside; an arm given twice for a metric, a numeric name that is no variation
 * index, or statistics validateTypedSummary refuses throw an IngestError naming the metric and arm.
 */
export function typedSummaryData(
  spec: ExperimentSpec,
  armsByMetric: Readonly<Record<string, readonly TypedArm[]>>,
  options: ArmOptions = {},
): ExperimentData {
  validateSpec(spec);
  if (options.variations !== undefined) checkVariations(options.variations);
  const labels = new VariationIndex();
  const metrics: Record<string, ArmMetricSummary[]> = {};
  const armUnits = new Map<number, number>();
  for (const metric of spec.metrics) {
    const arms = armsByMetric[metric.key];
    if (!arms || arms.length === 0) continue;
    const checked = validateTypedSummary(metric.kind, [...arms]);
    if (!checked.ok) {
      const problem = checked.problems[0];
      throw new IngestError('invalid-input', `${metric.key}: ${problem.message}`, problem.field);
    }
    const slots = new Map<number, string>();
    metrics[metric.key] = checked.arms.map((arm, index) => {
      const slot = labels.slotOfText(arm.name.trim());
      const field = `${metric.key}.arms[${index}].name`;
      if (slot === INVALID_VARIATION)
        throw new IngestError('invalid-input', `${metric.key}: ${labels.problem}.`, field);
      const earlier = slots.get(slot);
      if (earlier !== undefined)
        throw new IngestError(
          'invalid-input',
          `${metric.key}: arm "${arm.name}" is given twice (the same as "${earlier}").`,
          field,
        );
      slots.set(slot, arm.name);
      armUnits.set(slot, Math.max(armUnits.get(slot) ?? 0, arm.units));
      const { units, conversions, sum, sumSquares } = arm;
      return { variation: slot, units, conversions, sum, sumSquares };
    });
    metrics[metric.key].sort((a, b) => a.variation - b.variation);
  }
  if (Object.keys(metrics).length === 0)
    throw new IngestError('invalid-input', 'No metric has typed arms.', 'arms');
  const data: ExperimentData = {
    arms: [...armUnits.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([variation, units]) => ({ variation, units })),
    metrics,
    exposuresByHour: [],
    diagnostics: emptyDiagnostics(),
  };
  return applyArmOptions(
    labelArms(data, (slot) => labels.labels[slot], 'labels'),
    options,
  );
}
