// A unit-level CSV's companion columns of a metric: its pre-period column (CUPED: the unit's value of
// the metric before exposure, x) and a ratio metric's denominator column (d). Per arm and per day of
// first exposure Σx, Σx², Σxy (covariateSum, covariateSumSquares, covariateCrossSum) or Σd, Σd², Σyd
// (denominatorSum, denominatorSumSquares, crossSum) are written into the import's statistics (totals,
// days, slices). Kept beside the aggregator, which sums y: the unit's value of the metric is
// accumulated here too, by the same rule, because the cross sums need both values of the same unit.
import { metricRule, type Aggregation, type UnitAccumulator } from '../metric-kinds/index.ts';
import { DEFAULT_MAX_SLICE_VALUES } from './slice-values.ts';
import type { UnitTable } from './unit-table.ts';
import type { ArmMetricSummary, BreakdownCell, ExperimentData, MetricSpec } from './types.ts';

const DAY = 86_400_000;
const NO_VALUE = -1;
const OTHER_VALUE = -2;

/** Which companion column, and the statistics it fills: [Σz, Σz², Σzy]. */
type Role = 'covariate' | 'denominator';
const FIELDS = {
  covariate: ['covariateSum', 'covariateSumSquares', 'covariateCrossSum'],
  denominator: ['denominatorSum', 'denominatorSumSquares', 'crossSum'],
} as const satisfies Record<Role, readonly (keyof ArmMetricSummary)[]>;

/** One metric's per-unit totals and counts of its values (y) and of its companion's (x or d). */
type Tracked = {
  metricIndex: number;
  role: Role;
  key: string;
  rule: UnitAccumulator;
  yTotals: Float64Array;
  yCounts: Uint32Array;
  xTotals: Float64Array;
  xCounts: Uint32Array;
};

/** Σz, Σz², Σzy of a group of units. */
type Sums = [number, number, number];

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

  /** `preColumns[m]` / `denominatorColumns[m]`: whether metric m has that column. */
  constructor(
    metrics: readonly MetricSpec[],
    preColumns: readonly boolean[],
    denominatorColumns: readonly boolean[] = [],
  ) {
    const track = (metricIndex: number, role: Role): Tracked => ({
      metricIndex,
      role,
      key: metrics[metricIndex].key,
      rule: metricRule(metrics[metricIndex]).accumulator,
      yTotals: new Float64Array(0),
      yCounts: new Uint32Array(0),
      xTotals: new Float64Array(0),
      xCounts: new Uint32Array(0),
    });
    this.tracked = metrics.flatMap((_, m) => [
      ...(preColumns[m] ? [track(m, 'covariate')] : []),
      ...(denominatorColumns[m] ? [track(m, 'denominator')] : []),
    ]);
  }

  get active(): boolean {
    return this.tracked.length > 0;
  }

  /** Makes room for `units` units (every unit is known before the values are read). */
  begin(
    units: number,
    sliceAttributes: readonly string[] = [],
    maxSliceValues = DEFAULT_MAX_SLICE_VALUES,
  ): void {
    if (!this.active) return;
    this.variations = new Int32Array(units).fill(-1);
    this.rows = new Uint8Array(units);
    this.attributes = sliceAttributes;
    this.maxSliceValues = maxSliceValues;
    this.sliceIds = sliceAttributes.map(() => new Int32Array(units).fill(NO_VALUE));
    this.sliceNames = sliceAttributes.map(() => new Map<string, number>());
    for (const state of this.tracked) {
      state.yTotals = new Float64Array(units);
      state.yCounts = new Uint32Array(units);
      state.xTotals = new Float64Array(units);
      state.xCounts = new Uint32Array(units);
    }
  }

  /** Rows added per unit, up to 2 (a unit of several rows: its slice is not told from its rows). */
  private rows = new Uint8Array(0);
  private attributes: readonly string[] = [];
  /**
   * Per slicing attribute, each unit's value on its row as an id into sliceNames (NO_VALUE: none;
   * OTHER_VALUE: a value first seen after maxSliceValues others, in 'other' as the aggregator has it).
   */
  private sliceIds: Int32Array[] = [];
  private sliceNames: Map<string, number>[] = [];
  private maxSliceValues = DEFAULT_MAX_SLICE_VALUES;

  /**
   * One row of an analysed unit: the metrics' values, pre-period values and denominators (null: an
   * empty cell), and its slicing attributes' values.
   */
  addRow(
    unit: number,
    variation: number,
    values: readonly (number | null)[],
    preValues: readonly (number | null)[],
    denominators: readonly (number | null)[] = [],
    sliceTexts: readonly (string | undefined)[] = [],
  ): void {
    this.variations[unit] = variation;
    if (this.rows[unit] < 2) this.rows[unit]++;
    for (let a = 0; a < this.sliceIds.length; a++) {
      const text = sliceTexts[a];
      const names = this.sliceNames[a];
      let id = text === undefined ? NO_VALUE : names.get(text);
      if (id === undefined) {
        id = names.size < this.maxSliceValues ? names.size : OTHER_VALUE;
        if (id !== OTHER_VALUE) names.set(text!, id);
      }
      this.sliceIds[a][unit] = id;
    }
    for (const state of this.tracked) {
      const y = values[state.metricIndex];
      const x = (state.role === 'covariate' ? preValues : denominators)[state.metricIndex] ?? null;
      if (y !== null) accumulate(state.rule, state.yTotals, state.yCounts, unit, y);
      if (x !== null) accumulate(state.rule, state.xTotals, state.xCounts, unit, x);
    }
  }

  /**
   * Writes Σz, Σz², Σzy into every arm of the tracked metrics: in the totals, in each day of the day
   * breakdown (by the unit's first exposure in `units`) and in each slice of an attribute breakdown.
   * A unit's slice is its row's value (the aggregator's cells: a value, else 'other', else
   * 'missing'), checked against the aggregator's units per cell and arm; with units of several rows,
   * or any count that differs, that breakdown's cells get none of these sums (they are removed), never
   * sums of other units. Arms are matched by variation index, before any relabelling.
   */
  fill(data: ExperimentData, units: UnitTable): void {
    if (!this.active) return;
    const repeated = this.rows.some((count) => count > 1);
    const cells: BreakdownCell[] = [];
    const breakdownOfCell: number[] = [];
    /** Per breakdown: a unit's cell (an index into `cells`), or -1. */
    const cellOf: ((unit: number) => number)[] = [];
    (data.breakdowns ?? []).forEach((breakdown, b) => {
      const first = cells.length;
      for (const cell of breakdown.cells) {
        cells.push(cell);
        breakdownOfCell.push(b);
      }
      if (breakdown.by === 'days-since-exposure') {
        // Unit-level rows carry no event times: such cells never come from this import.
        cellOf.push(() => -1);
        return;
      }
      if (breakdown.by === 'day') {
        const index = new Map(breakdown.cells.map((cell, i) => [cell.value, first + i]));
        cellOf.push((unit) => {
          const time = units.firstExposureOf(unit);
          if (!Number.isFinite(time)) return -1;
          return index.get(String(Math.floor(time / DAY) * DAY)) ?? -1;
        });
        return;
      }
      const a = this.attributes.indexOf(breakdown.attribute);
      const ids = this.sliceIds[a];
      const cellOfId = new Int32Array(this.sliceNames[a]?.size ?? 0);
      const byValue = new Map<string, number>();
      let other = -1;
      let missing = -1;
      breakdown.cells.forEach((cell, i) => {
        if (cell.group === 'other') other = first + i;
        else if (cell.group === 'missing') missing = first + i;
        else byValue.set(cell.value, first + i);
      });
      for (const [name, id] of this.sliceNames[a] ?? []) cellOfId[id] = byValue.get(name) ?? other;
      cellOf.push((unit) => {
        const id = ids === undefined ? NO_VALUE : ids[unit];
        return id === NO_VALUE ? missing : id === OTHER_VALUE ? other : cellOfId[id];
      });
    });
    const attribute = (data.breakdowns ?? []).map((breakdown) => breakdown.by === 'attribute');
    for (const state of this.tracked) {
      const totals = new Map<number, Sums>();
      const grouped = cells.map(() => new Map<number, Sums>());
      const counted = cells.map(() => new Map<number, number>());
      const add = (into: Map<number, Sums>, variation: number, x: number, y: number) => {
        let sums = into.get(variation);
        if (sums === undefined) into.set(variation, (sums = [0, 0, 0]));
        sums[0] += x;
        sums[1] += x * x;
        sums[2] += x * y;
      };
      for (let unit = 0; unit < this.variations.length; unit++) {
        const variation = this.variations[unit];
        if (variation < 0 || units.armOf(unit) < 0) continue;
        const x = unitValue(state.rule, state.xTotals[unit], state.xCounts[unit]);
        const y = unitValue(state.rule, state.yTotals[unit], state.yCounts[unit]);
        add(totals, variation, x, y);
        for (const of of cellOf) {
          const cell = of(unit);
          if (cell < 0) continue;
          add(grouped[cell], variation, x, y);
          counted[cell].set(variation, (counted[cell].get(variation) ?? 0) + 1);
        }
      }
      const fields = FIELDS[state.role];
      writeInto(data.metrics[state.key], fields, totals);
      const trusted = attribute.map((isAttribute) => !isAttribute || !repeated);
      cells.forEach((cell, c) => {
        const sameUnits = cell.arms.every(
          (arm) => (counted[c].get(arm.variation) ?? 0) === arm.units,
        );
        if (!sameUnits) trusted[breakdownOfCell[c]] = false;
      });
      cells.forEach((cell, c) => {
        const arms = cell.metrics[state.key];
        if (trusted[breakdownOfCell[c]]) writeInto(arms, fields, grouped[c]);
        else for (const arm of arms ?? []) for (const field of fields) delete arm[field];
      });
    }
  }
}

/** Every arm gets the three sums (0 where the arm had no unit in the group). */
function writeInto(
  arms: ArmMetricSummary[] | undefined,
  fields: (typeof FIELDS)[Role],
  sums: Map<number, Sums> | undefined,
): void {
  for (const arm of arms ?? []) {
    const found = sums?.get(arm.variation) ?? [0, 0, 0];
    fields.forEach((field, i) => (arm[field] = found[i]));
  }
}

/** What the pre-period checks read of a unit-level mapping (the UI's draft mapping fits too). */
type PreMapping = {
  unitKey?: string;
  variation?: string;
  firstExposure?: string;
  metrics?: Record<string, string>;
  preMetrics?: Record<string, string>;
  denominators?: Record<string, string>;
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
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const owners = new Map<string, { key: string; column: string | undefined }>();
  for (const key of Object.keys(mapping.preMetrics ?? {})) {
    const column = preColumnOf(mapping, key);
    if (column === undefined) continue;
    const problem = (message: string) => problems.push({ field: 'preMetrics', key, message });
    const metric = metrics.find((m) => m.key === key);
    const own = ownValue(mapping.metrics, key);
    const otherMetric = metrics.find((m) => sameColumn(column, ownValue(mapping.metrics, m.key)));
    const field = keyColumnAs(mapping, column);
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
      problem(`The pre-period column of "${key}" is "${column}", the ${field} column.`);
    else if (owner !== undefined && !sameColumn(owner.column, own))
      problem(
        `The column "${column}" is mapped as the pre-period value of both "${owner.key}" and "${key}", which read different value columns: a pre-period value belongs to one metric.`,
      );
    owners.set(column.trim().toLowerCase(), { key, column: own });
  }
  return problems;
}

/** A mapped column that cannot be read: which field of the mapping, for which metric, and why. */
export type MappingProblem = {
  field: 'preMetrics' | 'denominators';
  key: string;
  message: string;
};

/** Which of the unit, arm and first-exposure columns `column` is, if any. */
function keyColumnAs(mapping: PreMapping, column: string): string | undefined {
  const fields = [
    ['unit', mapping.unitKey],
    ['arm', mapping.variation],
    ['first exposure', mapping.firstExposure],
  ] as const;
  return fields.find(([, other]) => sameColumn(column, other))?.[0];
}

/** The denominator column mapped to a ratio metric (an own key only). */
export function denominatorColumnOf(mapping: PreMapping, key: string): string | undefined {
  return ownValue(mapping.denominators, key);
}

/**
 * Why mapped denominator columns cannot be read: for no metric of the spec, for a metric that is no
 * ratio, the metric's own (numerator) column, or the unit, arm or time column. Another metric's
 * column may be a denominator (orders, as a metric and as revenue per order's denominator).
 */
export function denominatorProblems(
  metrics: readonly { key: string; kind: string; aggregation: Aggregation }[],
  mapping: PreMapping,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const key of Object.keys(mapping.denominators ?? {})) {
    const column = denominatorColumnOf(mapping, key);
    if (column === undefined) continue;
    const problem = (message: string) => problems.push({ field: 'denominators', key, message });
    const metric = metrics.find((m) => m.key === key);
    const field = keyColumnAs(mapping, column);
    if (metric === undefined)
      problem(
        `The denominator column "${column}" is mapped to "${key}", which is no metric of this experiment.`,
      );
    else if (!metricRule(metric).statistics.includes('denominatorSum'))
      problem(
        `Metric "${key}" (${metric.kind}) has no denominator: only a ratio metric reads one.`,
      );
    else if (sameColumn(column, ownValue(mapping.metrics, key)))
      problem(`The denominator column of "${key}" is its own numerator column "${column}".`);
    else if (field !== undefined)
      problem(`The denominator column of "${key}" is "${column}", the ${field} column.`);
  }
  return problems;
}
