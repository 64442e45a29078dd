// CUPED covariates from a unit-level CSV: a metric's pre-period column (the unit's value of the metric
// before exposure) gives x per unit; per arm and per day of first exposure Σx, Σx² and Σxy are added to
// the import's statistics. Kept beside the aggregator, which sums y: the unit's value of the metric is
// accumulated here too, by the same rule, because Σxy needs x and y of the same unit.
import { metricRule, type Aggregation, type UnitAccumulator } from '../metric-kinds/index.ts';
import type { UnitTable } from './unit-table.ts';
import type { ArmMetricSummary, ExperimentData, MetricSpec } from './types.ts';

const DAY = 86_400_000;

/** One metric's per-unit totals and counts of its values (y) and of its pre-period values (x). */
type Tracked = {
  metricIndex: number;
  key: string;
  rule: UnitAccumulator;
  yTotals: Float64Array;
  yCounts: Uint32Array;
  xTotals: Float64Array;
  xCounts: Uint32Array;
};

type CovariateSums = Required<
  Pick<ArmMetricSummary, 'covariateSum' | 'covariateSumSquares' | 'covariateCrossSum'>
>;

/**
 * Adds one row's value to a unit's total and count as the aggregator's addUnitValue does: a zero adds
 * nothing to a sum nor a conversion but is one more value of an average; a conversion is presence.
 */
function accumulate(
  rule: UnitAccumulator,
  totals: Float64Array,
  counts: Uint32Array,
  unit: number,
  value: number,
): void {
  if (value === 0 && !rule.countsEvents) return;
  if (rule.presenceOnly) {
    counts[unit] = 1;
    return;
  }
  totals[unit] += value;
  if (rule.countsEvents) counts[unit]++;
  else counts[unit] = 1;
}

/** The unit's value from its total and count; 0 without any (an empty cell, no pre-period activity). */
function unitValue(rule: UnitAccumulator, total: number, count: number): number {
  if (count === 0) return 0;
  return rule.unitValue(count, rule.presenceOnly ? 1 : total);
}

export class UnitCovariates {
  private readonly tracked: Tracked[];
  /** Each unit's arm (its variation index as read), -1 until a row of it is added. */
  private variations = new Int32Array(0);

  /** `preColumns[m]`: whether metric m has a pre-period column. */
  constructor(metrics: readonly MetricSpec[], preColumns: readonly boolean[]) {
    this.tracked = metrics.flatMap((metric, metricIndex) =>
      preColumns[metricIndex]
        ? [
            {
              metricIndex,
              key: metric.key,
              rule: metricRule(metric).accumulator,
              yTotals: new Float64Array(0),
              yCounts: new Uint32Array(0),
              xTotals: new Float64Array(0),
              xCounts: new Uint32Array(0),
            },
          ]
        : [],
    );
  }

  get active(): boolean {
    return this.tracked.length > 0;
  }

  /** Makes room for `units` units (every unit is known before the values are read). */
  begin(units: number): void {
    this.variations = new Int32Array(units).fill(-1);
    for (const state of this.tracked) {
      state.yTotals = new Float64Array(units);
      state.yCounts = new Uint32Array(units);
      state.xTotals = new Float64Array(units);
      state.xCounts = new Uint32Array(units);
    }
  }

  /** One row of an analysed unit: the metrics' values and pre-period values (null: an empty cell). */
  addRow(
    unit: number,
    variation: number,
    values: readonly (number | null)[],
    preValues: readonly (number | null)[],
  ): void {
    this.variations[unit] = variation;
    for (const state of this.tracked) {
      const y = values[state.metricIndex];
      const x = preValues[state.metricIndex];
      if (y !== null) accumulate(state.rule, state.yTotals, state.yCounts, unit, y);
      if (x !== null) accumulate(state.rule, state.xTotals, state.xCounts, unit, x);
    }
  }

  /**
   * Writes Σx, Σx², Σxy into every arm of the tracked metrics, in the totals and in each day of the
   * day breakdown (units are looked up in `units` for their first exposure). Arms are matched by
   * variation index as the aggregator returned them, before any relabelling.
   */
  fill(data: ExperimentData, units: UnitTable): void {
    if (!this.active) return;
    const dayCells = new Map<string, Record<string, ArmMetricSummary[]>>();
    for (const breakdown of data.breakdowns ?? [])
      if (breakdown.by === 'day')
        for (const cell of breakdown.cells) dayCells.set(cell.value, cell.metrics);
    for (const state of this.tracked) {
      const totals = new Map<number, CovariateSums>();
      const byDay = new Map<string, Map<number, CovariateSums>>();
      const add = (into: Map<number, CovariateSums>, variation: number, x: number, y: number) => {
        let sums = into.get(variation);
        if (sums === undefined)
          into.set(
            variation,
            (sums = { covariateSum: 0, covariateSumSquares: 0, covariateCrossSum: 0 }),
          );
        sums.covariateSum += x;
        sums.covariateSumSquares += x * x;
        sums.covariateCrossSum += x * y;
      };
      for (let unit = 0; unit < this.variations.length; unit++) {
        const variation = this.variations[unit];
        if (variation < 0 || units.armOf(unit) < 0) continue;
        const x = unitValue(state.rule, state.xTotals[unit], state.xCounts[unit]);
        const y = unitValue(state.rule, state.yTotals[unit], state.yCounts[unit]);
        add(totals, variation, x, y);
        const first = units.firstExposureOf(unit);
        if (!Number.isFinite(first)) continue;
        const day = String(Math.floor(first / DAY) * DAY);
        let cell = byDay.get(day);
        if (cell === undefined) byDay.set(day, (cell = new Map()));
        add(cell, variation, x, y);
      }
      writeInto(data.metrics[state.key], totals);
      for (const [day, metrics] of dayCells) writeInto(metrics[state.key], byDay.get(day));
    }
  }
}

/** Every arm gets the three sums (0 where the arm had no unit in the group). */
function writeInto(
  arms: ArmMetricSummary[] | undefined,
  sums: Map<number, CovariateSums> | undefined,
): void {
  for (const arm of arms ?? []) {
    const found = sums?.get(arm.variation);
    arm.covariateSum = found?.covariateSum ?? 0;
    arm.covariateSumSquares = found?.covariateSumSquares ?? 0;
    arm.covariateCrossSum = found?.covariateCrossSum ?? 0;
  }
}

/** What the pre-period checks read of a unit-level mapping (the UI's draft mapping fits too). */
type PreMapping = {
  unitKey?: string;
  variation?: string;
  firstExposure?: string;
  metrics?: Record<string, string>;
  preMetrics?: Record<string, string>;
};

const ownValue = (record: Record<string, string> | undefined, key: string): string | undefined =>
  record && Object.hasOwn(record, key) && record[key] !== '' ? record[key] : undefined;

/** The pre-period column mapped to a metric (an own key only, so "__proto__" is no metric). */
export function preColumnOf(mapping: PreMapping, key: string): string | undefined {
  return ownValue(mapping.preMetrics, key);
}

const sameColumn = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Why mapped pre-period columns cannot be covariates, per metric key: for no metric of the spec, for a
 * kind without covariates (ratio), the metric's own value column or another metric's (measured after
 * exposure), the unit, arm or time column, or one column serving metrics that read different value
 * columns (a pre-period value is one metric's). Empty when every one can be.
 */
export function prePeriodProblems(
  metrics: readonly { key: string; kind: string; aggregation: Aggregation }[],
  mapping: PreMapping,
): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const owners = new Map<string, { key: string; column: string | undefined }>();
  for (const key of Object.keys(mapping.preMetrics ?? {})) {
    const column = preColumnOf(mapping, key);
    if (column === undefined) continue;
    const problem = (message: string) => problems.push({ key, message });
    const metric = metrics.find((m) => m.key === key);
    const own = ownValue(mapping.metrics, key);
    const otherMetric = metrics.find((m) => sameColumn(column, ownValue(mapping.metrics, m.key)));
    const field = (
      [
        ['unit', mapping.unitKey],
        ['arm', mapping.variation],
        ['first exposure', mapping.firstExposure],
      ] as const
    ).find(([, other]) => sameColumn(column, other));
    const owner = owners.get(column.trim().toLowerCase());
    if (metric === undefined)
      problem(
        `The pre-period column "${column}" is mapped to "${key}", which is no metric of this experiment.`,
      );
    else if (!metricRule(metric).covariates)
      problem(
        `Metric "${key}" (${metric.kind}) takes no pre-period covariate: CUPED applies to conversion and numeric metrics.`,
      );
    else if (sameColumn(column, own))
      problem(
        `The pre-period column of "${key}" is its own value column "${column}": choose the column with the value before exposure.`,
      );
    else if (otherMetric !== undefined)
      problem(
        `The pre-period column of "${key}" is "${column}", the value column of metric "${otherMetric.key}" (measured after exposure).`,
      );
    else if (field !== undefined)
      problem(`The pre-period column of "${key}" is "${column}", the ${field[0]} column.`);
    else if (owner !== undefined && !sameColumn(owner.column, own))
      problem(
        `The column "${column}" is mapped as the pre-period value of both "${owner.key}" and "${key}", which read different value columns: a pre-period value belongs to one metric.`,
      );
    owners.set(column.trim().toLowerCase(), { key, column: own });
  }
  return problems;
}
