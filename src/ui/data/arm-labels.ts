// Arm labels as read → the design's variations (the shared contract's proposeArmAssignment and
// assignArms). A thin local stand-in until the ingest library's arm-matching.ts is merged; the UI
// imports these names only from here, so the swap is one file.
import type { ExperimentData, HourlyExposures } from '../../lib/ingest/index.ts';

export type ArmMatch = 'name' | 'index' | 'one-based' | 'assigned';
export type FoundArmLabel = {
  label: string;
  units: number;
  proposed: number | null;
  match: ArmMatch | null;
};
export type ArmAssignment = ReadonlyMap<string, number | 'excluded'>;

const normalise = (label: string) => label.trim().toLowerCase().replace(/\s+/g, ' ');

/** The label of each arm index as read. */
export function labelsOf(data: ExperimentData): Map<number, string> {
  const withLabels = data as ExperimentData & { armLabels?: string[] };
  const labels = new Map<number, string>();
  if (withLabels.armLabels) withLabels.armLabels.forEach((label, i) => labels.set(i, label));
  for (const arm of data.arms)
    if (!labels.has(arm.variation))
      labels.set(arm.variation, data.armNames?.[arm.variation] ?? String(arm.variation));
  return labels;
}

export function proposeArmAssignment(
  data: ExperimentData,
  variationNames: readonly string[],
): FoundArmLabel[] {
  const byName = new Map(variationNames.map((name, index) => [normalise(name), index]));
  const units = new Map(data.arms.map((arm) => [arm.variation, arm.units]));
  const labels = [...labelsOf(data).entries()].sort((a, b) => a[0] - b[0]);
  const k = variationNames.length;
  const integers = labels.map(([, label]) => (/^\s*\d+\s*$/.test(label) ? Number(label) : NaN));
  const asIndex = integers.every((n) => n >= 0 && n < k);
  const oneBased =
    !asIndex &&
    labels.length === k &&
    new Set(integers).size === k &&
    integers.every((n) => n >= 1 && n <= k);
  return labels.map(([index, label], i) => {
    const found = { label, units: units.get(index) ?? 0 };
    const named = byName.get(normalise(label));
    if (named !== undefined) return { ...found, proposed: named, match: 'name' as const };
    if (asIndex) return { ...found, proposed: integers[i], match: 'index' as const };
    if (oneBased) return { ...found, proposed: integers[i] - 1, match: 'one-based' as const };
    return { ...found, proposed: null, match: null };
  });
}

export function assignArms(
  data: ExperimentData,
  variationNames: readonly string[],
  assignment: ArmAssignment = new Map(),
): ExperimentData {
  const proposals = proposeArmAssignment(data, variationNames);
  const chosen = new Map(assignment);
  const target = new Map<number, number | 'excluded'>();
  const unplaced: string[] = [];
  const labels = [...labelsOf(data).entries()];
  for (const [index, label] of labels) {
    const proposal = proposals.find((p) => p.label === label);
    const to = chosen.get(label) ?? proposal?.proposed ?? null;
    if (to === null) unplaced.push(`"${label}" (${proposal?.units ?? 0} units)`);
    else target.set(index, to);
  }
  if (unplaced.length)
    throw new Error(`Arms without a variation: ${unplaced.join(', ')}. Assign each one.`);
  let excluded = 0;
  const arms = new Map<number, number>();
  for (const arm of data.arms) {
    const to = target.get(arm.variation);
    if (to === 'excluded' || to === undefined) excluded += arm.units;
    else arms.set(to, (arms.get(to) ?? 0) + arm.units);
  }
  const metrics: ExperimentData['metrics'] = {};
  for (const [key, list] of Object.entries(data.metrics)) {
    const merged = new Map<number, ExperimentData['metrics'][string][number]>();
    for (const arm of list) {
      const to = target.get(arm.variation);
      if (to === 'excluded' || to === undefined) continue;
      const into = merged.get(to) ?? {
        variation: to,
        units: 0,
        conversions: 0,
        sum: 0,
        sumSquares: 0,
      };
      merged.set(to, {
        variation: to,
        units: into.units + arm.units,
        conversions: into.conversions + arm.conversions,
        sum: into.sum + arm.sum,
        sumSquares: into.sumSquares + arm.sumSquares,
      });
    }
    metrics[key] = [...merged.values()].sort((a, b) => a.variation - b.variation);
  }
  const exposuresByHour: HourlyExposures[] = data.exposuresByHour.map((hour) => {
    const counts: Record<number, number> = {};
    for (const [from, count] of Object.entries(hour.counts)) {
      const to = target.get(Number(from));
      if (to !== 'excluded' && to !== undefined) counts[to] = (counts[to] ?? 0) + count;
    }
    return { hourStart: hour.hourStart, counts };
  });
  const skipped = { ...data.diagnostics.skipped };
  if (excluded) skipped['arm-excluded'] = (skipped['arm-excluded'] ?? 0) + excluded;
  const result: ExperimentData & { armLabels: string[] } = {
    arms: [...arms.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([variation, units]) => ({ variation, units })),
    metrics,
    exposuresByHour,
    diagnostics: { ...data.diagnostics, skipped },
    armLabels: [...variationNames],
  };
  return result;
}
