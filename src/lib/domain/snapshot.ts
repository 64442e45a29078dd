import type { DesignSnapshot, Experiment, Flag } from './types.ts';

/** A deep copy of the design an iteration runs with, so later edits never rewrite history. */
export function designSnapshot(experiment: Experiment, flag: Flag | undefined): DesignSnapshot {
  return structuredClone({
    hypothesis: experiment.hypothesis,
    randomizationUnit: experiment.randomizationUnit,
    flagKey: experiment.flagKey,
    audienceRuleId: experiment.audienceRuleId,
    layer: experiment.layer,
    holdoutId: experiment.holdoutId,
    notInExperimentVariationId: experiment.notInExperimentVariationId,
    sampleSizePercent: experiment.sampleSizePercent,
    splitMode: experiment.splitMode,
    treatments: experiment.treatments,
    controlVariationId: experiment.controlVariationId,
    variationReassignment: experiment.variationReassignment,
    metrics: experiment.metrics,
    attributes: experiment.attributes,
    ...(experiment.covariateDays === undefined ? {} : { covariateDays: experiment.covariateDays }),
    flagVariations: flag?.variations ?? [],
  });
}
