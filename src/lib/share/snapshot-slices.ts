// The Slices section's chosen attribute ⇄ its form in a snapshot link: each slice's per-arm
// statistics per metric, so the shared page analyses the same slices the author saw.
import { sliceLabel, sliceSrm, type AttributeSlices, type SliceCell } from '../analysis/slices.ts';
import { metricRule, type StoredArmStatistics } from '../metric-kinds/index.ts';
import { encodeSnapshot } from './snapshot-codec.ts';
import { SnapshotError } from './snapshot-error.ts';
import type {
  Snapshot,
  SnapshotArmStatistics,
  SnapshotMetric,
  SnapshotSliceCell,
  SnapshotSlices,
} from './snapshot-types.ts';
import { usesConversions } from './validate-snapshot.ts';

type MetricModel = Pick<SnapshotMetric, 'kind' | 'aggregation'>;

/**
 * What the author looks at: the attribute's slices, the treatment arm compared with the control and
 * the slice picked to highlight (its `sliceKey`), when one is.
 */
export type SliceChoice = { attribute: string | null; arm: number | null; slice?: string | null };

/** A slice's identity within its attribute: a value never reads as a merged group. */
export function sliceKey(cell: { value: string; group?: 'other' | 'missing' }): string {
  return cell.group ? `group:${cell.group}` : `value:${cell.value}`;
}

/** The key of the slice a link picked, or null. */
export function pickedSliceKey(snapshot: Snapshot): string | null {
  const picked = snapshot.slices?.picked;
  const cell = picked === undefined ? undefined : snapshot.slices?.cells[picked];
  return cell ? sliceKey(cell) : null;
}

function toSnapshotArm(arm: StoredArmStatistics, metric: MetricModel): SnapshotArmStatistics {
  if (usesConversions(metric)) return { units: arm.units, conversions: arm.conversions };
  const stats: SnapshotArmStatistics = {
    units: arm.units,
    sum: arm.sum,
    sumSquares: arm.sumSquares,
  };
  for (const name of metricRule(metric).statistics) stats[name] = arm[name] ?? 0;
  return stats;
}

function fromSnapshotArm(arm: SnapshotArmStatistics): StoredArmStatistics {
  if ('conversions' in arm)
    return {
      units: arm.units,
      conversions: arm.conversions,
      sum: arm.conversions,
      sumSquares: arm.conversions,
    };
  return { ...arm, conversions: 0 };
}

/** The chosen attribute's slices as a link carries them; null when the data has no slices. */
export function snapshotSlices(
  slices: readonly AttributeSlices[] | undefined,
  choice: SliceChoice,
  metrics: readonly MetricModel[],
  control: number,
): SnapshotSlices | null {
  const chosen =
    slices?.find((entry) => entry.attribute === choice.attribute) ?? slices?.[0] ?? null;
  if (!chosen || chosen.cells.length === 0) return null;
  const compared =
    choice.arm !== null && choice.arm !== control && choice.arm < chosen.cells[0].units.length
      ? { comparedArm: choice.arm }
      : {};
  const picked = choice.slice
    ? chosen.cells.findIndex((cell) => sliceKey(cell) === choice.slice)
    : -1;
  return {
    attribute: chosen.attribute,
    otherValues: chosen.otherValues,
    ...compared,
    ...(picked >= 0 ? { picked } : {}),
    ...(chosen.leftOut ? { leftOut: chosen.leftOut } : {}),
    cells: chosen.cells.map((cell): SnapshotSliceCell => ({
      value: cell.value,
      ...(cell.group ? { group: cell.group } : {}),
      units: [...cell.units],
      statistics: metrics.map((metric, m) =>
        (cell.metrics[m] ?? []).map((arm) => toSnapshotArm(arm, metric)),
      ),
    })),
  };
}

/** The link's slices as the Results tab's Slices section reads them. */
export function attributeSlicesFromSnapshot(snapshot: Snapshot): AttributeSlices[] {
  const slices = snapshot.slices;
  if (!slices) return [];
  return [
    {
      attribute: slices.attribute,
      otherValues: slices.otherValues,
      ...(slices.leftOut ? { leftOut: slices.leftOut } : {}),
      cells: slices.cells.map((cell): SliceCell => ({
        value: cell.value,
        ...(cell.group ? { group: cell.group } : {}),
        units: [...cell.units],
        metrics: cell.statistics.map((arms) => arms.map(fromSnapshotArm)),
      })),
    },
  ];
}

/**
 * The `keep` slices with the most units, in their order; the others are counted in `leftOut`. A link
 * that would be too long loses its smallest slices first: they weigh least in the pooling.
 */
export function largestSlices(slices: SnapshotSlices, keep: number): SnapshotSlices {
  if (slices.cells.length <= keep) return slices;
  const total = (cell: SnapshotSliceCell) => cell.units.reduce((sum, n) => sum + n, 0);
  // The picked slice stays whatever its size: the author is pointing at it.
  const rank = (index: number) => (index === slices.picked ? Infinity : total(slices.cells[index]));
  const kept = new Set(
    slices.cells
      .map((_, index) => ({ index, rank: rank(index) }))
      .sort((a, b) => b.rank - a.rank || a.index - b.index)
      .slice(0, keep)
      .map((entry) => entry.index),
  );
  const { picked, ...rest } = slices;
  const pickedAt = picked === undefined ? -1 : [...kept].filter((index) => index < picked).length;
  return {
    ...rest,
    ...(pickedAt >= 0 ? { picked: pickedAt } : {}),
    leftOut: (slices.leftOut ?? 0) + slices.cells.length - kept.size,
    cells: slices.cells.filter((_, index) => kept.has(index)),
  };
}

/** The sentence for a link that holds only the largest slices (`leftOut` > 0). */
function leftOutNote(slices: SnapshotSlices): string {
  const leftOut = slices.leftOut ?? 0;
  return `The link holds the ${slices.cells.length} largest slices by ${slices.attribute}; the ${leftOut} smaller ${leftOut === 1 ? 'one is' : 'ones are'} left out to fit in a link.`;
}

/** Whether a failure to encode is the slices' (too long, or refused inside `slices`). */
function slicesProblem(error: unknown): error is SnapshotError {
  return (
    error instanceof SnapshotError &&
    (error.code === 'too-large' || (error.field?.startsWith('slices') ?? false))
  );
}

/**
 * Encodes the snapshot; when its slices make it too long, keeps the largest slices that fit (halving
 * their number), and when none fit or the link refuses them, leaves the slices out. `note` says
 * which, in a sentence for the person sharing; null when the link holds everything.
 */
export async function encodeWithSlices(
  snapshot: Snapshot,
): Promise<{ token: string; note: string | null }> {
  const slices = snapshot.slices;
  let failure: SnapshotError;
  try {
    const token = await encodeSnapshot(snapshot);
    return { token, note: slices?.leftOut ? leftOutNote(slices) : null };
  } catch (error) {
    if (!slices || !slicesProblem(error)) throw error;
    failure = error;
  }
  for (let keep = Math.floor(slices.cells.length / 2); keep >= 1 && failure.code === 'too-large';) {
    const trimmed = largestSlices(slices, keep);
    try {
      const token = await encodeSnapshot({ ...snapshot, slices: trimmed });
      return { token, note: leftOutNote(trimmed) };
    } catch (error) {
      if (!slicesProblem(error)) throw error;
      failure = error;
    }
    keep = Math.floor(keep / 2);
  }
  const { slices: _left, ...without } = snapshot;
  const reason = failure.code === 'too-large' ? 'they do not fit in a link' : failure.message;
  return {
    token: await encodeSnapshot(without),
    note: `The link leaves out the slices by ${slices.attribute}: ${reason}.`,
  };
}

/**
 * The embed card's line about the link's slice view: "Slices by country: 12 slices, 1 with a
 * sample ratio mismatch; raw and pooled estimates in the full view." Null without slices.
 */
export function slicesSummaryLine(snapshot: Snapshot): string | null {
  const slices = snapshot.slices;
  if (!slices) return null;
  const weights = snapshot.design.arms.map((arm) => arm.split);
  const alerts = slices.cells.filter((cell) => sliceSrm(cell.units, weights).result?.alert).length;
  const count = slices.cells.length;
  const mismatch = alerts > 0 ? `, ${alerts} with a sample ratio mismatch` : '';
  const cell = slices.picked === undefined ? undefined : slices.cells[slices.picked];
  const picked = cell ? `, ${sliceLabel(cell, slices.otherValues)} picked` : '';
  return `Slices by ${slices.attribute}: ${count} slice${count === 1 ? '' : 's'}${mismatch}${picked}; raw and pooled estimates in the full view.`;
}
