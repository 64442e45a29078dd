// Results by slice of one attribute (country, plan, device…): each slice's per-arm statistics from
// the import's attribute breakdown, in arm order; each slice's own sample-ratio check against the
// designed split; the requests that analyse one metric in every slice; and, from the responses, each
// slice's raw relative difference beside the partially pooled one (slice-pooling.ts).
import type { StoredArmStatistics } from '../metric-kinds/index.ts';
import { sampleRatioMismatch } from '../stats/index.ts';
import type { NormalSummary } from '../stats/pooling/index.ts';
import { StatsInputError, type RelativeDifference, type SrmResult } from '../stats/types.ts';
import { buildAnalysisRequest, type RequestSettings } from './build-request.ts';
import { ANALYSIS_LIMITS } from './defaults.ts';
import type { MetricModelFields } from './metric-model.ts';
import { poolArmAcrossSlices, type ArmPooling } from './slice-pooling.ts';
import type { AnalysisRequest, AnalysisResponse, MetricAnalysis, MetricRequest } from './types.ts';

/** A breakdown as a dataset stores it (the domain's DatasetBreakdown), arms keyed by flag variation. */
export type BreakdownCellInput = {
  value: string;
  group?: 'other' | 'missing';
  arms: readonly { variation: number; units: number }[];
  metrics: Readonly<Record<string, readonly (StoredArmStatistics & { variation: number })[]>>;
};
export type BreakdownInput =
  | { by: 'day' | 'days-since-exposure'; cells: readonly BreakdownCellInput[] }
  | {
      by: 'attribute';
      attribute: string;
      cells: readonly BreakdownCellInput[];
      otherValues: number;
    };

/** One slice: the units of one value of the attribute (or of the merged 'other' / 'missing' group). */
export type SliceCell = {
  value: string;
  group?: 'other' | 'missing';
  /** Units per arm, in arm order. */
  units: number[];
  /** `metrics[m][arm]`: metric m's statistics (the design's metric order), in arm order. */
  metrics: StoredArmStatistics[][];
};

export type AttributeSlices = {
  attribute: string;
  /** How many distinct values the 'other' cell merges. */
  otherValues: number;
  /** Slices left out of a snapshot link to fit it (the smallest by units); absent: none. */
  leftOut?: number;
  cells: SliceCell[];
};

/**
 * The attribute breakdowns of a dataset with the design's metrics in order and the arms in arm order
 * (`variationIndex[arm]` is the arm's flag variation). An arm missing from a cell has 0 units.
 */
export function attributeSlices(
  breakdowns: readonly BreakdownInput[] | undefined,
  metricKeys: readonly string[],
  variationIndex: readonly number[],
): AttributeSlices[] {
  return (breakdowns ?? []).flatMap((breakdown): AttributeSlices[] =>
    breakdown.by === 'attribute'
      ? [
          {
            attribute: breakdown.attribute,
            otherValues: breakdown.otherValues,
            cells: breakdown.cells.map((cell) => sliceCell(cell, metricKeys, variationIndex)),
          },
        ]
      : [],
  );
}

function sliceCell(
  cell: BreakdownCellInput,
  metricKeys: readonly string[],
  variationIndex: readonly number[],
): SliceCell {
  const unitsOf = (variation: number) =>
    cell.arms.find((arm) => arm.variation === variation)?.units ?? 0;
  return {
    value: cell.value,
    ...(cell.group ? { group: cell.group } : {}),
    units: variationIndex.map(unitsOf),
    metrics: metricKeys.map((key) => {
      // Own entries only: a metric key such as `constructor` must not read Object.prototype.
      const stats = Object.hasOwn(cell.metrics, key) ? cell.metrics[key] : [];
      return variationIndex.map((variation): StoredArmStatistics => {
        const found = stats.find((entry) => entry.variation === variation);
        if (!found) return { units: unitsOf(variation), conversions: 0, sum: 0, sumSquares: 0 };
        const { variation: _variation, ...statistics } = found;
        return statistics;
      });
    }),
  };
}

/** A slice's name in words: its value, or what the merged groups hold. */
export function sliceLabel(cell: Pick<SliceCell, 'value' | 'group'>, otherValues: number): string {
  if (cell.group === 'missing') return 'No value (attribute missing)';
  if (cell.group === 'other')
    return `Other (${otherValues} value${otherValues === 1 ? '' : 's'} merged)`;
  return cell.value === '' ? '(empty value)' : cell.value;
}

/** A slice's own sample-ratio check: observed units per arm, the designed split's expectation, the test. */
export type SliceSrm = {
  observed: number[];
  expected: number[];
  /** null when the slice has no units (there is no split to check) or the split cannot be tested. */
  result: SrmResult | null;
};

/** The slice's units against the designed split (`weights`, any scale), as one look of the SRM test. */
export function sliceSrm(units: readonly number[], weights: readonly number[]): SliceSrm {
  const total = units.reduce((sum, n) => sum + n, 0);
  const weightTotal = weights.reduce((sum, w) => sum + (w > 0 ? w : 0), 0);
  const expected = units.map((_, arm) =>
    weightTotal > 0 ? (total * Math.max(0, weights[arm] ?? 0)) / weightTotal : 0,
  );
  if (total === 0 || weightTotal === 0 || weights.length !== units.length)
    return { observed: [...units], expected, result: null };
  try {
    return {
      observed: [...units],
      expected,
      result: sampleRatioMismatch([...units], [...weights]),
    };
  } catch (error) {
    // Counts the test refuses (not whole units) leave the slice without a check, not the page broken.
    if (error instanceof StatsInputError) return { observed: [...units], expected, result: null };
    throw error;
  }
}

export type SlicePlanInput = {
  /** The view asking; the requests' view keys extend it, so they never supersede its main analysis. */
  viewKey: string;
  control: number;
  armNames: readonly string[];
  /** The metric analysed and its index in the cells' `metrics`. */
  metric: MetricModelFields;
  metricIndex: number;
  slices: AttributeSlices;
  settings: RequestSettings;
};

export type SlicePlan = {
  slices: AttributeSlices;
  control: number;
  armNames: readonly string[];
  metricIndex: number;
  requests: AnalysisRequest[];
};

/**
 * One metric entry per slice, in requests of at most the engine's metric limit. Only relative
 * differences and posterior means are read, which do not depend on how the probabilities are
 * computed, so every entry uses the exact method (no Monte Carlo draws).
 */
export function planSlices(input: SlicePlanInput): SlicePlan {
  const entries: MetricRequest[] = input.slices.cells.flatMap((cell, index) =>
    buildAnalysisRequest({
      viewKey: input.viewKey,
      control: input.control,
      metrics: [
        {
          ...input.metric,
          arms: (cell.metrics[input.metricIndex] ?? []).map((arm, armIndex) => ({
            ...arm,
            name: input.armNames[armIndex],
          })),
        },
      ],
      settings: { ...input.settings, method: 'exact' },
      srm: { looks: [], weights: input.armNames.map(() => 1) },
    }).metrics.map((entry) => ({ ...entry, key: `${entry.key}@slice-${index}` })),
  );
  const size = ANALYSIS_LIMITS.maxMetrics;
  const requests: AnalysisRequest[] = [];
  for (let first = 0; first < entries.length; first += size)
    requests.push({
      viewKey: `${input.viewKey}/slices/${first / size}`,
      metrics: entries.slice(first, first + size),
    });
  return {
    slices: input.slices,
    control: input.control,
    armNames: input.armNames,
    metricIndex: input.metricIndex,
    requests,
  };
}

export type SliceResult = {
  label: string;
  cell: SliceCell;
  /** The metric's analysis in this slice; null when it failed (see `error`). */
  analysis: MetricAnalysis | null;
  error?: string;
};

/** Each slice's analysis, from the responses to the plan's requests (in order). */
export function readSlices(plan: SlicePlan, responses: readonly AnalysisResponse[]): SliceResult[] {
  const outcomes = responses.flatMap((response) => response.metrics);
  return plan.slices.cells.map((cell, index): SliceResult => {
    const label = sliceLabel(cell, plan.slices.otherValues);
    const outcome = outcomes[index];
    if (!outcome) return { label, cell, analysis: null, error: 'not analysed' };
    if (!outcome.result.ok)
      return { label, cell, analysis: null, error: outcome.result.error.message };
    return { label, cell, analysis: outcome.result.value };
  });
}

/** One slice's relative difference for one treatment arm: on its own and after pooling. */
export type SliceComparison = {
  raw: RelativeDifference | null;
  pooled: NormalSummary | null;
  /** 0 keeps the raw estimate, 1 replaces it by the overall mean; null when not pooled. */
  shrinkage: number | null;
  /** Why there is no relative difference, in plain words. */
  note?: string;
};

export type ArmAcrossSlices = {
  pooling: ArmPooling;
  /** In slice order. */
  slices: SliceComparison[];
};

/**
 * Arm `arm`'s relative difference in every slice, raw and partially pooled across all the slices of
 * the attribute, 'other' and 'missing' included [ours]: they are slices of the same population.
 */
export function compareAcrossSlices(
  results: readonly SliceResult[],
  arm: number,
  mass: number,
): ArmAcrossSlices {
  // Pooled by position, so two slices that read alike (a value named like a group) never merge.
  const pooling = poolArmAcrossSlices(
    results.map((result, index) => ({ label: String(index), analysis: result.analysis })),
    arm,
    mass,
  );
  const pooledByIndex = new Map(
    pooling.ok ? pooling.pooling.slices.map((slice) => [Number(slice.label), slice]) : [],
  );
  return {
    pooling,
    slices: results.map((result, index): SliceComparison => {
      const armResult = result.analysis?.arms[arm];
      const pooled = pooledByIndex.get(index);
      const raw = armResult?.relativeDifference ?? null;
      return {
        raw,
        pooled: pooled?.pooled ?? null,
        shrinkage: pooled?.shrinkage ?? null,
        ...(raw
          ? {}
          : { note: result.error ?? armResult?.note ?? 'no relative difference in this slice' }),
      };
    }),
  };
}
