// Snapshot ⇄ what the Results tab works with (ResultsInput + AnalysisSettings), so a snapshot link
// shows the very results view of the app, and the app can share what it shows.
import type { AnalysisSettings } from '../../lib/domain/types.ts';
import type { CovariateSums } from '../../lib/analysis/frequentist-view.ts';
import {
  decisionThresholds,
  frequentistSettings,
  gammaSquaredFor,
  type FrequentistSettings,
} from '../../lib/analysis/settings.ts';
import { metricRule, type ArmStatisticsInput } from '../../lib/metric-kinds/index.ts';
import type { OptionalArmStatistic } from '../../lib/stats/arm-statistics.ts';
import type {
  Snapshot,
  SnapshotArmStatistics,
  SnapshotIteration,
  SnapshotLook,
} from '../../lib/share/snapshot-types.ts';
import { snapshotAnalysisSettings } from '../../lib/share/snapshot-settings.ts';
import { SNAPSHOT_LIMITS } from '../../lib/share/snapshot-limits.ts';
import {
  attributeSlicesFromSnapshot,
  largestSlices,
  snapshotSlices,
  type SliceChoice,
} from '../../lib/share/snapshot-slices.ts';
import { usesConversions } from '../../lib/share/validate-snapshot.ts';
import { cumulativeLooks } from '../results/request.ts';
import type { ResultsInput } from '../results/results-input.ts';

export function resultsInputFromSnapshot(snapshot: Snapshot, viewKey: string): ResultsInput {
  const { design } = snapshot;
  const armNames = design.arms.map((arm) => arm.name);
  return {
    viewKey,
    hypothesis: design.hypothesis,
    armNames,
    controlIndex: design.control,
    weights: design.arms.map((arm) => arm.split),
    metrics: design.metrics.map((metric, m) => ({
      key: metric.key,
      name: metric.name,
      kind: metric.kind,
      aggregation: metric.aggregation,
      direction: metric.direction,
      primary: metric.primary,
      ...(metric.guardrailMargin !== undefined && { guardrailMargin: metric.guardrailMargin }),
      arms: snapshot.statistics[m].arms.map((stats, a) => ({ name: armNames[a], ...stats })),
    })),
    // Looks are cumulative; the exposure chart wants the new units of each period.
    exposures: snapshot.srmLooks.map((look, i) => ({
      start: look.at,
      counts: look.units.map(
        (units, a) => units - (i === 0 ? 0 : snapshot.srmLooks[i - 1].units[a]),
      ),
    })),
    unitsInSeveralArms: null,
    ...(snapshot.slices ? { slices: attributeSlicesFromSnapshot(snapshot) } : {}),
  };
}

/** The link's settings with every left-out field at its default (src/lib/analysis/defaults.ts). */
export function analysisSettingsFromSnapshot(snapshot: Snapshot): AnalysisSettings {
  return snapshotAnalysisSettings(snapshot);
}

/** Per-arm statistics in the snapshot's form: conversions for beta–binomial metrics, Σy and Σy² otherwise. */
function armStatistics(
  arm: ArmStatisticsInput,
  conversions: boolean,
  further: readonly OptionalArmStatistic[],
): SnapshotArmStatistics {
  if (conversions) return { units: arm.units, conversions: arm.conversions ?? 0 };
  if (arm.sum !== undefined && arm.sumSquares !== undefined) {
    const stats: SnapshotArmStatistics = {
      units: arm.units,
      sum: arm.sum,
      sumSquares: arm.sumSquares,
      ...covariateOf(arm),
    };
    for (const name of further) stats[name] = arm[name] ?? 0;
    return stats;
  }
  if (arm.mean !== undefined && arm.sd !== undefined) {
    // Typed summaries: Σy = N·mean, Σy² = (N−1)·sd² + N·mean².
    return {
      units: arm.units,
      sum: arm.units * arm.mean,
      sumSquares: Math.max(0, arm.units - 1) * arm.sd ** 2 + arm.units * arm.mean ** 2,
    };
  }
  // A conversion metric summed per unit arrives as counts of events (as the results model reads it).
  return { units: arm.units, sum: arm.conversions ?? 0, sumSquares: arm.conversions ?? 0 };
}

export type ShareableResults = {
  name: string;
  iteration: SnapshotIteration;
  input: ResultsInput;
  settings: AnalysisSettings;
  /** The Slices section's choice: its attribute's slices go into the link. Absent: no slices. */
  sliceChoice?: SliceChoice;
};

/** What the Results tab shows → a snapshot (design, settings, per-arm statistics and SRM looks only). */
export function snapshotFromResults({
  name,
  iteration,
  input,
  settings,
  sliceChoice,
}: ShareableResults): Snapshot {
  const slices = sliceChoice
    ? snapshotSlices(input.slices, sliceChoice, input.metrics, input.controlIndex)
    : null;
  const looks = cumulativeLooks(input.exposures, input.armNames.length);
  const starts = [...input.exposures].map((bucket) => bucket.start).sort((a, b) => a - b);
  const srmLooks: SnapshotLook[] = looks.map((units, i) => ({ at: starts[i], units }));
  return {
    formatVersion: 1,
    design: {
      name,
      hypothesis: input.hypothesis,
      arms: input.armNames.map((armName, a) => ({ name: armName, split: input.weights[a] ?? 0 })),
      control: input.controlIndex,
      metrics: input.metrics.map((metric) => {
        const gamma = gammaSquaredFor(settings, metric.key);
        return {
          key: metric.key,
          name: metric.name,
          kind: metric.kind,
          direction: metric.direction,
          aggregation: metric.aggregation,
          primary: metric.primary,
          ...(gamma === undefined ? {} : { priorRelativeVariance: gamma }),
          ...(metric.guardrailMargin === undefined
            ? {}
            : { guardrailMargin: metric.guardrailMargin }),
        };
      }),
    },
    iteration,
    settings: {
      credibleMass: settings.credibleMass,
      prior: settings.prior,
      method: settings.method,
      draws: settings.draws,
      seed: settings.seed,
      ...decisionThresholds(settings),
      ...changedFrequentistSettings(settings),
    },
    statistics: input.metrics.map((metric) => ({
      metric: metric.key,
      arms: metric.arms.map((arm) =>
        armStatistics(arm, usesConversions(metric), metricRule(metric).statistics),
      ),
    })),
    srmLooks: srmLooks.filter((look, i) => i === 0 || look.at > srmLooks[i - 1].at),
    ...(slices ? { slices: largestSlices(slices, SNAPSHOT_LIMITS.maxSlices) } : {}),
  };
}

/** The frequentist settings that differ from the defaults (links stay as short as they were). */
function changedFrequentistSettings(settings: AnalysisSettings): Partial<FrequentistSettings> {
  const given = frequentistSettings(settings);
  const defaults = frequentistSettings({});
  const changed: Partial<FrequentistSettings> = {};
  if (given.inference !== defaults.inference) changed.inference = given.inference;
  if (given.confidenceLevel !== defaults.confidenceLevel)
    changed.confidenceLevel = given.confidenceLevel;
  if (given.sequentialTuning !== defaults.sequentialTuning)
    changed.sequentialTuning = given.sequentialTuning;
  if (given.correction !== defaults.correction) changed.correction = given.correction;
  if (given.cupedMetrics.length > 0) changed.cupedMetrics = given.cupedMetrics;
  return changed;
}

/** The CUPED covariate sums of an arm, when it has all three (links carry them so CUPED applies). */
function covariateOf(arm: ArmStatisticsInput): CovariateSums {
  const { covariateSum, covariateSumSquares, covariateCrossSum } = arm;
  if (covariateSum === undefined || covariateSumSquares === undefined) return {};
  if (covariateCrossSum === undefined) return {};
  return { covariateSum, covariateSumSquares, covariateCrossSum };
}
