// Arm labels as read → the design's variations. An import keeps its statistics per label (arm index =
// position in `armLabels`); proposeArmAssignment says where each label goes, assignArms re-keys the
// statistics onto the variations. Labels are never numbered into variations by accident: a label is
// placed by name, or by index when every label is an index of the design, or not at all.
import { IngestError } from './errors.ts';
import {
  keyedRecord,
  type ArmMetricSummary,
  type ExperimentData,
  type HourlyExposures,
  type StatisticsCell,
} from './types.ts';
import { addArmStatistics } from '../stats/arm-statistics.ts';

export type ArmMatch = 'name' | 'index' | 'one-based' | 'assigned';

/** One label found in the data, with the variation it is proposed for. */
export type FoundArmLabel = {
  /** first spelling seen */
  label: string;
  /** units under the label (arm units) */
  units: number;
  /** variation index of the design, or null: cannot be placed */
  proposed: number | null;
  match: ArmMatch | null;
};

/** The user's decision per label (keys = FoundArmLabel.label): a variation index or 'excluded'. */
export type ArmAssignment = ReadonlyMap<string, number | 'excluded'>;

/** What every import accepts to return data already on the design's variations. */
export type ArmOptions = {
  /** The design's variation names, in variation order: the result is assigned (see assignArms). */
  variations?: readonly string[];
  /** Decisions for labels that cannot be placed by name or index (or to override a proposal). */
  armAssignment?: ArmAssignment;
};

/** A label's identity: case- and space-insensitive. */
export function labelKey(label: string): string {
  return label.normalize('NFC').toLowerCase().replace(/\s+/g, '');
}

/** The label as a variation index (digits only, a safe integer), or null. */
export function labelIndex(label: string): number | null {
  const text = label.trim();
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

type LabelledArm = { armIndex: number; label: string; units: number };

/** The data's labels by arm index (older data without armLabels: its arm numbers or names). */
function labelledArms(data: ExperimentData): LabelledArm[] {
  const units = new Map<number, number>();
  for (const arm of data.arms)
    units.set(arm.variation, (units.get(arm.variation) ?? 0) + arm.units);
  if (data.armLabels)
    return data.armLabels.map((label, armIndex) => ({
      armIndex,
      label,
      units: units.get(armIndex) ?? 0,
    }));
  return [...units.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([armIndex, count]) => ({
      armIndex,
      label: data.armNames?.[armIndex] ?? String(armIndex),
      units: count,
    }));
}

/** Throws a named error unless `variations` is a non-empty list of distinct names. */
export function checkVariations(variations: readonly string[]): void {
  if (!Array.isArray(variations) || variations.length === 0)
    throw new IngestError('invalid-input', 'The design has no variations.', 'variations');
  const seen = new Map<string, string>();
  for (const name of variations) {
    if (typeof name !== 'string')
      throw new IngestError('invalid-input', 'A variation name is not text.', 'variations');
    const key = labelKey(name);
    const other = seen.get(key);
    if (other !== undefined && key !== '')
      throw new IngestError(
        'invalid-input',
        `The variations "${other}" and "${name}" have the same name (case and spaces aside): arms could not be told apart by name.`,
        'variations',
      );
    seen.set(key, name);
  }
}

/**
 * Proposes a variation for each label: by name (case/space-insensitive), else by index when every
 * label is an index of the design (0..k-1), else one-based when the labels are exactly 1..k for k
 * variations (proposed, flagged 'one-based' so the UI asks to confirm), else null. Labels that are the
 * platform's variation indices (armLabelKind 'indices') are placed by index only.
 */
export function proposeArmAssignment(
  data: ExperimentData,
  variationNames: readonly string[],
): FoundArmLabel[] {
  const arms = labelledArms(data);
  const k = variationNames.length;
  const found: FoundArmLabel[] = arms.map(({ label, units }) => ({
    label,
    units,
    proposed: null,
    match: null,
  }));
  const indices = arms.map(({ label }) => labelIndex(label));
  if (data.armLabelKind === 'indices') {
    indices.forEach((index, i) => {
      if (index !== null && index < k) Object.assign(found[i], { proposed: index, match: 'index' });
    });
    return found;
  }
  const byName = new Map<string, number>();
  variationNames.forEach((name, index) => {
    const key = labelKey(name);
    if (!byName.has(key)) byName.set(key, index);
  });
  let named = 0;
  arms.forEach(({ label }, i) => {
    const index = byName.get(labelKey(label));
    if (index !== undefined) {
      Object.assign(found[i], { proposed: index, match: 'name' });
      named++;
    }
  });
  if (named > 0 || arms.length === 0 || indices.some((index) => index === null)) return found;
  const values = indices as number[];
  if (values.every((index) => index < k)) {
    values.forEach((index, i) => Object.assign(found[i], { proposed: index, match: 'index' }));
  } else if (
    values.length === k &&
    new Set(values).size === k &&
    values.every((index) => index >= 1 && index <= k)
  ) {
    values.forEach((index, i) =>
      Object.assign(found[i], { proposed: index - 1, match: 'one-based' }),
    );
  }
  return found;
}

/** The decision for a label: the user's (by exact spelling, else case/space-insensitively), or none. */
function decisionFor(
  assignment: ArmAssignment | undefined,
  label: string,
): number | 'excluded' | undefined {
  if (!assignment) return undefined;
  if (assignment.has(label)) return assignment.get(label);
  const key = labelKey(label);
  for (const [other, decision] of assignment) if (labelKey(other) === key) return decision;
  return undefined;
}

const describe = (found: { label: string; units: number }) =>
  `"${found.label}" (${found.units} unit${found.units === 1 ? '' : 's'})`;

/**
 * Re-keys per-label statistics (arms, metrics, exposuresByHour) onto the design's variations (arm
 * index = variation index; labels assigned to the same variation are added; 'excluded' labels are
 * dropped and their units counted in diagnostics.skipped['arm-excluded']). Labels without a proposal
 * and without an assignment make it throw IngestError('unplaced-arms', naming each label with its
 * units). The result has armLabels = variationNames.
 */
export function assignArms(
  data: ExperimentData,
  variationNames: readonly string[],
  assignment?: ArmAssignment,
): ExperimentData {
  checkVariations(variationNames);
  const k = variationNames.length;
  const arms = labelledArms(data);
  const proposals = proposeArmAssignment(data, variationNames);
  /** arm index → variation index, or -1: excluded */
  const target = new Map<number, number>();
  const unplaced: FoundArmLabel[] = [];
  let excludedUnits = 0;
  arms.forEach(({ armIndex, label, units }, i) => {
    const decision = decisionFor(assignment, label);
    if (decision === 'excluded') {
      target.set(armIndex, -1);
      excludedUnits += units;
      return;
    }
    if (decision !== undefined) {
      if (!Number.isInteger(decision) || decision < 0 || decision >= k)
        throw new IngestError(
          'invalid-input',
          `Arm "${label}" is assigned to variation ${String(decision)}, but the design has variations 0 to ${k - 1}.`,
          'armAssignment',
        );
      target.set(armIndex, decision);
      return;
    }
    const proposed = proposals[i].proposed;
    if (proposed === null) unplaced.push(proposals[i]);
    else target.set(armIndex, proposed);
  });
  if (unplaced.length > 0)
    throw new IngestError(
      'unplaced-arms',
      `The data's arm${unplaced.length === 1 ? '' : 's'} ${unplaced.map(describe).join(', ')} match${unplaced.length === 1 ? 'es' : ''} no variation of the design (${variationNames.map((name) => `"${name}"`).join(', ')}): choose a variation for each, or exclude it.`,
      'armAssignment',
    );

  const rekeyed = rekey(data, (armIndex) => target.get(armIndex) ?? -1);
  const skipped = { ...data.diagnostics.skipped };
  if (excludedUnits > 0) skipped['arm-excluded'] = (skipped['arm-excluded'] ?? 0) + excludedUnits;
  return {
    ...rekeyed,
    diagnostics: { ...data.diagnostics, skipped },
    armLabels: [...variationNames],
    // The audit speaks of the data's variation indices, which placing the arms does not change.
    ...(data.assignmentAudit ? { assignmentAudit: data.assignmentAudit } : {}),
  };
}

/**
 * Arms, metrics, hourly exposures and every breakdown cell re-keyed by `target` (-1: dropped), adding
 * arms that land together.
 */
function rekey(
  data: ExperimentData,
  target: (arm: number) => number,
): Pick<ExperimentData, 'arms' | 'metrics' | 'exposuresByHour' | 'breakdowns'> {
  const exposuresByHour: HourlyExposures[] = data.exposuresByHour.map(({ hourStart, counts }) => {
    const sums = new Map<number, number>();
    for (const [arm, count] of Object.entries(counts)) {
      const variation = target(Number(arm));
      if (variation >= 0) sums.set(variation, (sums.get(variation) ?? 0) + count);
    }
    return {
      hourStart,
      counts: Object.fromEntries([...sums.entries()].sort((a, b) => a[0] - b[0])),
    };
  });
  const rekeyed = {
    ...rekeyCell(data, target),
    exposuresByHour,
  };
  if (data.breakdowns === undefined) return rekeyed;
  return {
    ...rekeyed,
    breakdowns: data.breakdowns.map((breakdown) => ({
      ...breakdown,
      cells: breakdown.cells.map((cell) => ({ ...cell, ...rekeyCell(cell, target) })),
    })),
  };
}

/** One group's arms and metrics re-keyed by `target` (-1: dropped). */
function rekeyCell(cell: StatisticsCell, target: (arm: number) => number): StatisticsCell {
  const armUnits = new Map<number, number>();
  for (const arm of cell.arms) {
    const variation = target(arm.variation);
    if (variation >= 0) armUnits.set(variation, (armUnits.get(variation) ?? 0) + arm.units);
  }
  const metrics = keyedRecord<ArmMetricSummary[]>();
  for (const [key, summaries] of Object.entries(cell.metrics)) {
    const byVariation = new Map<number, ArmMetricSummary>();
    for (const summary of summaries) {
      const variation = target(summary.variation);
      if (variation < 0) continue;
      const into = byVariation.get(variation);
      if (into) {
        addArmStatistics(into, summary);
        into.conversions += summary.conversions;
      } else byVariation.set(variation, { ...summary, variation });
    }
    metrics[key] = [...byVariation.values()].sort((a, b) => a.variation - b.variation);
  }
  return {
    arms: [...armUnits.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([variation, units]) => ({ variation, units })),
    metrics,
  };
}

/** An import's result as asked: assigned to `variations` when given, else per label. */
export function applyArmOptions(
  data: ExperimentData,
  options: ArmOptions | undefined,
): ExperimentData {
  if (options?.variations === undefined) return data;
  return assignArms(data, options.variations, options.armAssignment);
}

/**
 * Per-label data from statistics keyed by arm numbers (variation indices or label ids): arms are
 * renumbered densely as positions in armLabels, index labels first in ascending order, then names in
 * the order of their arm numbers. Arms whose labels are one label (case and spaces aside) are added.
 */
export function labelArms(
  data: ExperimentData,
  labelOf: (arm: number) => string,
  kind: 'indices' | 'labels',
): ExperimentData {
  const armNumbers = new Set<number>(data.arms.map((arm) => arm.variation));
  for (const summaries of Object.values(data.metrics))
    for (const summary of summaries) armNumbers.add(summary.variation);
  for (const hour of data.exposuresByHour)
    for (const arm of Object.keys(hour.counts)) armNumbers.add(Number(arm));
  const ordered = [...armNumbers]
    .map((arm) => ({ arm, label: labelOf(arm) }))
    .map((entry) => ({ ...entry, index: labelIndex(entry.label) }))
    .sort((a, b) =>
      a.index !== null && b.index !== null
        ? a.index - b.index
        : a.index !== null
          ? -1
          : b.index !== null
            ? 1
            : a.arm - b.arm,
    );
  const labels: string[] = [];
  const positionOfKey = new Map<string, number>();
  const position = new Map<number, number>();
  for (const { arm, label, index } of ordered) {
    const key = index !== null ? `#${index}` : labelKey(label);
    let at = positionOfKey.get(key);
    if (at === undefined) {
      at = labels.push(label) - 1;
      positionOfKey.set(key, at);
    }
    position.set(arm, at);
  }
  const result: ExperimentData = {
    ...data,
    ...rekey(data, (arm) => position.get(arm) ?? -1),
    armLabels: labels,
    armLabelKind: kind,
  };
  if (kind === 'labels' && labels.some((label) => labelIndex(label) === null))
    result.armNames = Object.fromEntries(labels.map((label, i) => [i, label]));
  else delete result.armNames;
  return result;
}
