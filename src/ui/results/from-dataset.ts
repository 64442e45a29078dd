// Turns an iteration's design snapshot and an imported dataset into what the Results tab analyses.
// Arms follow the design's treatments; the dataset is keyed by flag variation index.
import { effectiveAllocations } from '../../lib/domain/allocation.ts';
import type { Dataset, Iteration } from '../../lib/domain/types.ts';
import type { ResultsInput } from './results-input.ts';
import type { CovariateSums } from '../../lib/analysis/frequentist-view.ts';

export function resultsInputFrom(
  iteration: Iteration,
  dataset: Dataset,
  hypothesis = iteration.design.hypothesis,
): ResultsInput {
  const design = iteration.design;
  const variationIndex = design.treatments.map((treatment) =>
    design.flagVariations.findIndex((v) => v.id === treatment.variationId),
  );
  const armNames = design.treatments.map(
    (treatment, arm) =>
      treatment.name || design.flagVariations[variationIndex[arm]]?.name || `Variation ${arm + 1}`,
  );
  const unitsOf = (variation: number) =>
    dataset.arms.find((arm) => arm.variation === variation)?.units ?? 0;
  const controlIndex = Math.max(
    0,
    design.treatments.findIndex((treatment) => treatment.variationId === design.controlVariationId),
  );
  const several = dataset.diagnostics.unitsInSeveralArms;
  const outside = dataset.diagnostics.eventsOutsideWindow;
  return {
    viewKey: `iteration-${iteration.id}`,
    hypothesis,
    armNames,
    controlIndex,
    weights: effectiveAllocations(design),
    unitsInSeveralArms: typeof several === 'number' ? several : null,
    eventsOutsideWindow: typeof outside === 'number' ? outside : null,
    exposures: dataset.exposuresByHour.map((hour) => ({
      start: hour.hourStart,
      counts: variationIndex.map((variation) => hour.counts[variation] ?? 0),
    })),
    metrics: design.metrics.map((metric) => {
      // Own entries only: a metric key such as `constructor` must not read Object.prototype.
      const stats = Object.hasOwn(dataset.metrics, metric.key) ? dataset.metrics[metric.key] : [];
      return {
        key: metric.key,
        name: metric.name || metric.key,
        kind: metric.kind,
        aggregation: metric.aggregation,
        direction: metric.direction,
        primary: metric.primary,
        arms: variationIndex.map((variation, arm) => {
          const found = stats.find((entry) => entry.variation === variation);
          return {
            name: armNames[arm],
            units: found?.units ?? unitsOf(variation),
            conversions: found?.conversions ?? 0,
            sum: found?.sum ?? 0,
            sumSquares: found?.sumSquares ?? 0,
            ...covariateOf(found),
          };
        }),
      };
    }),
  };
}

/** The CUPED covariate's sums of a stored arm, when it has all three. */
function covariateOf(arm: CovariateSums | undefined): CovariateSums {
  if (
    arm?.covariateSum === undefined ||
    arm.covariateSumSquares === undefined ||
    arm.covariateCrossSum === undefined
  )
    return {};
  return {
    covariateSum: arm.covariateSum,
    covariateSumSquares: arm.covariateSumSquares,
    covariateCrossSum: arm.covariateCrossSum,
  };
}
