// A warehouse result's rows → the import's breakdowns, as the browser import builds them from events
// (src/lib/ingest/aggregator.ts): by UTC day of first exposure, and per slicing attribute the 50 most
// frequent values (by units; ties by value), then 'other' (the rest, merged, `otherValues` counting
// them) and 'missing' (units whose first exposure had no value). The query returns every value; the
// grouping happens here, so the result needs no knowledge of the cell count.
import { DEFAULT_SLICE_CELLS } from '../ingest/slice-values.ts';
import {
  keyedRecord,
  type ArmMetricSummary,
  type Breakdown,
  type BreakdownCell,
} from '../ingest/types.ts';
import { OPTIONAL_ARM_STATISTICS, type OptionalArmStatistic } from '../stats/arm-statistics.ts';

/** One statistic row of the result, its arm already an arm index of the import. */
export type StatisticRow = {
  metric: string;
  arm: number;
  attribute: string | null;
  /** null: the unit's first exposure had no value. */
  value: string | null;
  /** The UTC day's start (Unix ms); null when the row has none. */
  day: number | null;
  stats: Map<string, number>;
};

export const SNAKE: Record<OptionalArmStatistic, string> = {
  denominatorSum: 'denominator_sum',
  denominatorSumSquares: 'denominator_sum_squares',
  crossSum: 'cross_sum',
  covariateSum: 'covariate_sum',
  covariateSumSquares: 'covariate_sum_squares',
  covariateCrossSum: 'covariate_cross_sum',
};

/** A statistic row before its arm label is matched to an arm index. */
export type LabelledRow = Omit<StatisticRow, 'arm'> & { label: string };

type Group = { value: string; group?: 'other' | 'missing'; rows: StatisticRow[] };

export type BreakdownShape = {
  /** The import's arm indices, ascending: every cell lists each of them. */
  arms: number[];
  /** Per metric the optional statistics the import keeps for it (as in its per-arm summaries). */
  metrics: Map<string, OptionalArmStatistic[]>;
  attributes: string[];
  cells?: number;
};

/** The result's statistic rows → breakdowns by day and by each attribute. */
export function warehouseBreakdowns(rows: StatisticRow[], shape: BreakdownShape): Breakdown[] {
  const kept = rows.filter((row) => shape.metrics.has(row.metric));
  const byDay = new Map<number, StatisticRow[]>();
  for (const row of kept)
    if (row.attribute === null && row.day !== null) {
      const list = byDay.get(row.day) ?? [];
      byDay.set(row.day, list);
      list.push(row);
    }
  const breakdowns: Breakdown[] = [
    {
      by: 'day',
      cells: [...byDay.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([day, dayRows]) => cellOf({ value: String(day), rows: dayRows }, shape)),
    },
  ];
  for (const attribute of shape.attributes) {
    const { groups, otherValues } = groupValues(
      kept.filter((row) => row.attribute === attribute),
      shape,
    );
    breakdowns.push({
      by: 'attribute',
      attribute,
      otherValues,
      cells: groups.map((group) => cellOf(group, shape)),
    });
  }
  return breakdowns;
}

/** The values ranked by units (one metric's rows: every metric counts the same units), as the browser. */
function groupValues(
  rows: StatisticRow[],
  shape: BreakdownShape,
): { groups: Group[]; otherValues: number } {
  const counting = rows.find((row) => row.value !== null)?.metric ?? rows[0]?.metric;
  const units = new Map<string, number>();
  const rowsOf = new Map<string | null, StatisticRow[]>();
  for (const row of rows) {
    const list = rowsOf.get(row.value) ?? [];
    rowsOf.set(row.value, list);
    list.push(row);
    if (row.value !== null && row.metric === counting)
      units.set(row.value, (units.get(row.value) ?? 0) + (row.stats.get('units') ?? 0));
  }
  const ranked = [...units.entries()]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([value]) => value);
  const limit = shape.cells ?? DEFAULT_SLICE_CELLS;
  const groups: Group[] = ranked
    .slice(0, limit)
    .map((value) => ({ value, rows: rowsOf.get(value) ?? [] }));
  const rest = ranked.slice(limit);
  if (rest.length > 0)
    groups.push({ value: '', group: 'other', rows: rest.flatMap((value) => rowsOf.get(value)!) });
  const missing = rowsOf.get(null) ?? [];
  if (missing.some((row) => (row.stats.get('units') ?? 0) > 0))
    groups.push({ value: '', group: 'missing', rows: missing });
  return { groups, otherValues: rest.length };
}

/** One cell: every arm of the import, each metric's statistics summed over the group's rows. */
function cellOf(group: Group, shape: BreakdownShape): BreakdownCell {
  const position = new Map(shape.arms.map((arm, index) => [arm, index]));
  const metrics = keyedRecord<ArmMetricSummary[]>();
  for (const [metric, optional] of shape.metrics)
    metrics[metric] = shape.arms.map((variation) => {
      const summary: ArmMetricSummary = {
        variation,
        units: 0,
        conversions: 0,
        sum: 0,
        sumSquares: 0,
      };
      for (const field of optional) summary[field] = 0;
      return summary;
    });
  for (const row of group.rows) {
    const at = position.get(row.arm);
    if (at === undefined) continue;
    const summary = metrics[row.metric][at];
    summary.units += row.stats.get('units') ?? 0;
    summary.conversions += row.stats.get('conversions') ?? 0;
    summary.sum += row.stats.get('sum') ?? 0;
    summary.sumSquares += row.stats.get('sum_squares') ?? 0;
    for (const field of shape.metrics.get(row.metric)!)
      summary[field] = (summary[field] ?? 0) + (row.stats.get(SNAKE[field]) ?? 0);
  }
  // Units per arm: the first metric's (every metric's rows count the same units).
  const first = metrics[shape.metrics.keys().next().value ?? ''] ?? [];
  const cell: BreakdownCell = {
    value: group.value,
    arms: shape.arms.map((variation, index) => ({
      variation,
      units: first[index]?.units ?? 0,
    })),
    metrics,
  };
  if (group.group !== undefined) cell.group = group.group;
  return cell;
}

/** The optional statistics present in a metric's per-arm summaries, in their documented order. */
export function optionalFieldsOf(summaries: readonly ArmMetricSummary[]): OptionalArmStatistic[] {
  return OPTIONAL_ARM_STATISTICS.filter((field) => summaries[0]?.[field] !== undefined);
}
