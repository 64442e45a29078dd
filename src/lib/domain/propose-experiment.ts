// The quick path: what a file holds (arm labels, metrics, time range) → a proposed experiment, and
// the proposal, once confirmed, → the records to store. No flag is needed: the iteration's snapshot
// carries one variation per arm, so results work before a flag exists.

import { createExperiment, createMetric, equalSplit } from './create.ts';
import type { Deps } from './ids.ts';
import { designSnapshot } from './snapshot.ts';
import type {
  ArmMetricStats,
  Experiment,
  FlagVariation,
  Iteration,
  MetricAggregation,
  MetricKind,
} from './types.ts';
import { uniqueKey } from './unique-key.ts';

/**
 * One arm as the data has it: its index in the data, its label (the variation number or name read)
 * and, when the file names its variations apart from the label (Data Export "variationName"), that name.
 */
export type FoundArm = { index: number; label: string; units: number; name?: string };

/**
 * A metric found in the data: a column of a unit-level file, or an event key. `aggregation` is how a
 * unit's several values were combined when the data was read (default 'average').
 */
export type FoundMetric = { source: string; kind: MetricKind; aggregation?: MetricAggregation };

export type DataSummary = {
  /** The file's name, for the experiment's name. */
  fileName: string;
  arms: FoundArm[];
  metrics: FoundMetric[];
  firstTimestamp: number | null;
  lastTimestamp: number | null;
  randomizationUnit?: string | null;
};

export type DraftArm = FoundArm & { name: string };
export type DraftMetric = FoundMetric & { key: string; name: string; included: boolean };

export type ExperimentDraft = {
  name: string;
  /** In the order shown and stored; the control comes first once built. */
  arms: DraftArm[];
  /** Data index of the control arm. */
  controlIndex: number;
  metrics: DraftMetric[];
  /** [start, end) in Unix ms: the data's own first and last timestamps. */
  window: { start: number; end: number } | null;
  randomizationUnit: string;
};

const CONTROL_NAMES = new Set([
  'control',
  'baseline',
  'a',
  '0',
  'ctrl',
  'off',
  'false',
  'original',
  'default',
  'holdout',
]);

/** A label that names the control by convention: control, baseline, A, 0, off… */
export function isControlLabel(label: string): boolean {
  const name = label
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  return CONTROL_NAMES.has(name) || /^control\b/.test(name) || /\bcontrol( group)?$/.test(name);
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The arms in a sensible order: a control-like label first, then the rest in natural order. */
export function orderArms<T extends FoundArm>(arms: readonly T[]): T[] {
  const sorted = [...arms].sort((a, b) => natural.compare(a.label.trim(), b.label.trim()));
  const control = sorted.find((arm) => isControlLabel(arm.label));
  return control ? [control, ...sorted.filter((arm) => arm !== control)] : sorted;
}

function displayName(label: string): string {
  const text = label.trim();
  return /^\d+$/.test(text) ? `Variation ${text}` : text;
}

function baseName(fileName: string): string {
  return (
    fileName
      .replace(/\.gz$/i, '')
      .replace(/\.[a-z]+$/i, '')
      .replace(/[_-]+/g, ' ')
      .trim() || 'Analysed file'
  );
}

/** The experiment a file suggests: arms ordered, control chosen, every metric kept, the data's window. */
export function proposeExperiment(summary: DataSummary): ExperimentDraft {
  const arms = orderArms(summary.arms).map((arm) => ({
    ...arm,
    name: arm.name?.trim() || displayName(arm.label),
  }));
  const keys = new Set<string>();
  const metrics = summary.metrics.map((metric) => {
    const key = uniqueKey(metric.source, 'metric', (taken) => keys.has(taken));
    keys.add(key);
    return { ...metric, key, name: metric.source, included: true };
  });
  const { firstTimestamp: first, lastTimestamp: last } = summary;
  return {
    name: baseName(summary.fileName),
    arms,
    controlIndex: arms[0]?.index ?? 0,
    metrics,
    // The end is exclusive: one millisecond past the last record keeps it inside.
    window:
      first !== null && last !== null && last >= first ? { start: first, end: last + 1 } : null,
    randomizationUnit: summary.randomizationUnit || 'user',
  };
}

/** What keeps a draft from being created, as sentences; empty when it can be. */
export function draftProblems(draft: ExperimentDraft): string[] {
  const problems: string[] = [];
  if (!draft.name.trim()) problems.push('Give the experiment a name.');
  if (draft.arms.length < 2)
    problems.push(
      `The file has ${draft.arms.length} arm${draft.arms.length === 1 ? '' : 's'}; an experiment compares at least two.`,
    );
  const names = draft.arms.map((arm) => arm.name.trim().toLowerCase());
  if (names.some((name) => name === '')) problems.push('Every arm needs a name.');
  else if (new Set(names).size !== names.length) problems.push('Two arms have the same name.');
  if (!draft.arms.some((arm) => arm.index === draft.controlIndex))
    problems.push('Choose the control arm.');
  if (!draft.metrics.some((metric) => metric.included)) problems.push('Keep at least one metric.');
  return problems;
}

/** The arms in stored order: the control first, the others as shown. */
export function storedArmOrder(draft: ExperimentDraft): DraftArm[] {
  const control = draft.arms.find((arm) => arm.index === draft.controlIndex);
  return control ? [control, ...draft.arms.filter((arm) => arm !== control)] : [...draft.arms];
}

export type QuickRecords = { experiment: Experiment; iteration: Iteration };

/**
 * The experiment (no flag; one treatment per arm, the control first) and its first iteration, whose
 * snapshot lists one variation per arm in the same order, so a dataset keyed by that order (see
 * rekeyArms) is analysed as is. With a window the iteration is over (ended "imported"), otherwise it
 * has no window at all [ours]: either way it can be deleted without stopping anything.
 */
export function quickExperimentRecords(
  draft: ExperimentDraft,
  context: { environmentKey: string; takenKeys: ReadonlySet<string> },
  deps: Deps,
): QuickRecords {
  const ordered = storedArmOrder(draft);
  const variations: FlagVariation[] = ordered.map((arm) => ({
    id: deps.newId(),
    name: arm.name.trim(),
    value: arm.label,
  }));
  const metrics = draft.metrics
    .filter((metric) => metric.included)
    .map((metric, position) =>
      createMetric({
        key: metric.key,
        name: metric.name.trim() || metric.key,
        eventKey: metric.source,
        kind: metric.kind,
        aggregation: metric.aggregation ?? 'average',
        primary: position === 0,
      }),
    );
  const name = draft.name.trim();
  const experiment = createExperiment(
    {
      key: uniqueKey(name, 'experiment', (key) => context.takenKeys.has(key)),
      name,
      environmentKey: context.environmentKey,
      randomizationUnit: draft.randomizationUnit,
      treatments: equalSplit(
        variations.map((variation) => ({ variationId: variation.id, name: variation.name })),
      ),
      controlVariationId: variations[0]?.id ?? null,
      metrics,
      tags: ['quick'],
    },
    deps,
  );
  const now = deps.now();
  const iteration: Iteration = {
    id: deps.newId(),
    experimentId: experiment.id,
    environmentKey: context.environmentKey,
    flagKey: null,
    number: 1,
    status: 'stopped',
    createdAt: now,
    startedAt: draft.window?.start ?? null,
    endedAt: draft.window?.end ?? null,
    endReason: 'imported',
    design: { ...designSnapshot(experiment, undefined), flagVariations: variations },
    winnerVariationId: null,
    winnerReason: null,
  };
  return { experiment, iteration };
}

type ArmData = {
  arms: { variation: number; units: number }[];
  metrics: Record<string, ArmMetricStats[]>;
  exposuresByHour: { hourStart: number; counts: Record<number, number> }[];
  breakdowns?: {
    cells: {
      arms: { variation: number; units: number }[];
      metrics: Record<string, ArmMetricStats[]>;
    }[];
  }[];
};

/**
 * The data re-keyed for the stored arm order: variation = position in storedArmOrder(draft); metrics
 * under the draft's keys (by source), dropped metrics and arms not in the draft left out; the same in
 * every breakdown cell (days, days since exposure, slices).
 */
export function rekeyArms<T extends ArmData>(data: T, draft: ExperimentDraft): T {
  const position = new Map(storedArmOrder(draft).map((arm, at) => [arm.index, at]));
  const moved = <A extends { variation: number }>(list: A[]): A[] =>
    list
      .filter((entry) => position.has(entry.variation))
      .map((entry) => ({ ...entry, variation: position.get(entry.variation)! }))
      .sort((a, b) => a.variation - b.variation);
  const rekeyedMetrics = (source: Record<string, ArmMetricStats[]>) => {
    const metrics: Record<string, ArmMetricStats[]> = Object.create(null) as Record<
      string,
      ArmMetricStats[]
    >;
    for (const metric of draft.metrics) {
      const stats = source[metric.source];
      if (metric.included && stats) metrics[metric.key] = moved(stats);
    }
    return metrics;
  };
  return {
    ...data,
    arms: moved(data.arms),
    metrics: rekeyedMetrics(data.metrics),
    exposuresByHour: data.exposuresByHour.map((hour) => {
      const counts: Record<number, number> = {};
      for (const [variation, count] of Object.entries(hour.counts)) {
        const at = position.get(Number(variation));
        if (at !== undefined) counts[at] = count;
      }
      return { ...hour, counts };
    }),
    ...(data.breakdowns
      ? {
          breakdowns: data.breakdowns.map((breakdown) => ({
            ...breakdown,
            cells: breakdown.cells.map((cell) => ({
              ...cell,
              arms: moved(cell.arms),
              metrics: rekeyedMetrics(cell.metrics),
            })),
          })),
        }
      : {}),
  };
}
