// Turns an iteration's design snapshot and an imported dataset into what the Results tab analyses.
// Arms follow the design's treatments; the dataset is keyed by flag variation index.
import { effectiveAllocations } from '../../lib/domain/allocation.ts';
import type { Dataset, DatasetBreakdown, Iteration } from '../../lib/domain/types.ts';
import type { DayStatistics } from '../../lib/analysis/over-time.ts';
import { attributeSlices } from '../../lib/analysis/slices.ts';
import type { ResultsInput } from './results-input.ts';
import { OPTIONAL_ARM_STATISTICS } from '../../lib/stats/arm-statistics.ts';

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
  const dayCells = dataset.breakdowns?.find((breakdown) => breakdown.by === 'day')?.cells;
  const sinceCells = dataset.breakdowns?.find(
    (breakdown) => breakdown.by === 'days-since-exposure',
  )?.cells;
  const slices = attributeSlices(
    dataset.breakdowns,
    design.metrics.map((metric) => metric.key),
    variationIndex,
  );
  return {
    ...(dayCells ? { days: dayStatistics(dayCells, design.metrics, variationIndex) } : {}),
    ...(sinceCells?.length
      ? {
          sinceExposure: {
            days: dayStatistics(sinceCells, design.metrics, variationIndex),
            metricKeys: design.metrics
              .map((metric) => metric.key)
              .filter((key) => Object.hasOwn(sinceCells[0].metrics, key)),
          },
        }
      : {}),
    ...(slices.length ? { slices } : {}),
    // Snapshots stored before attributes existed have none.
    slicingAttributes: [...(design.attributes ?? [])],
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
        ...(metric.guardrailMargin !== undefined && { guardrailMargin: metric.guardrailMargin }),
        arms: variationIndex.map((variation, arm) => {
          const found = stats.find((entry) => entry.variation === variation);
          const widened = Object.fromEntries(
            OPTIONAL_ARM_STATISTICS.filter((field) => found?.[field] !== undefined).map((field) => [
              field,
              found?.[field],
            ]),
          );
          return {
            name: armNames[arm],
            units: found?.units ?? unitsOf(variation),
            conversions: found?.conversions ?? 0,
            sum: found?.sum ?? 0,
            sumSquares: found?.sumSquares ?? 0,
            ...widened,
          };
        }),
      };
    }),
  };
}

/** The day cells with the design's metrics in order and the arms in arm order (missing: 0 units). */
function dayStatistics(
  cells: DatasetBreakdown['cells'],
  metrics: readonly { key: string }[],
  variationIndex: readonly number[],
): DayStatistics[] {
  return cells.map((cell) => {
    const unitsOf = (variation: number) =>
      cell.arms.find((arm) => arm.variation === variation)?.units ?? 0;
    return {
      start: Number(cell.value),
      metrics: metrics.map((metric) => {
        const stats = Object.hasOwn(cell.metrics, metric.key) ? cell.metrics[metric.key] : [];
        return variationIndex.map((variation) => {
          const found = stats.find((entry) => entry.variation === variation);
          if (!found) return { units: unitsOf(variation), conversions: 0, sum: 0, sumSquares: 0 };
          const { variation: _variation, ...statistics } = found;
          return statistics;
        });
      }),
    };
  });
}
