// Constructors with the platform's defaults. Drafts may be incomplete: nothing here enforces rules.

import { defaultAnalysisSettings } from '../analysis/settings.ts';
import { defaultDeps, type Deps } from './ids.ts';
import {
  DEFAULT_RULE,
  type Dataset,
  type Environment,
  type Experiment,
  type Flag,
  type FlagEnvironment,
  type FlagKind,
  type FlagVariation,
  type Holdout,
  type Layer,
  type MetricDefinition,
  type Treatment,
  type WorkspaceSettings,
} from './types.ts';

export { defaultAnalysisSettings };

export const DEFAULT_CONTEXT_KINDS = [
  { key: 'user', name: 'User' },
  { key: 'organization', name: 'Organization' },
  { key: 'device', name: 'Device' },
  { key: 'request', name: 'Request' },
];

export function defaultWorkspaceSettings(): WorkspaceSettings {
  return {
    key: 'workspace',
    contextKinds: DEFAULT_CONTEXT_KINDS.map((k) => ({ ...k })),
    analysis: defaultAnalysisSettings(),
  };
}

export function createEnvironment(
  fields: { key: string; name?: string },
  deps: Deps = defaultDeps,
): Environment {
  return {
    id: deps.newId(),
    key: fields.key,
    name: fields.name ?? fields.key,
    createdAt: deps.now(),
  };
}

/** A flag environment serving the first variation by default; AI Configs start on, flags off. */
export function createFlagEnvironment(kind: FlagKind = 'flag'): FlagEnvironment {
  return {
    on: kind === 'ai-config',
    rules: [],
    fallthrough: { variation: 0 },
    offVariation: null,
    guardedRolloutActive: false,
    progressiveRolloutActive: false,
  };
}

export function createFlag(
  fields: {
    key: string;
    name?: string;
    kind?: FlagKind;
    variations: Omit<FlagVariation, 'id'>[];
    salt?: string;
    environmentKeys?: string[];
    isMigrationFlag?: boolean;
  },
  deps: Deps = defaultDeps,
): Flag {
  const kind = fields.kind ?? 'flag';
  const now = deps.now();
  const environments: Record<string, FlagEnvironment> = {};
  for (const key of fields.environmentKeys ?? []) environments[key] = createFlagEnvironment(kind);
  return {
    id: deps.newId(),
    key: fields.key,
    name: fields.name ?? fields.key,
    kind,
    variations: fields.variations.map((v) => ({ id: deps.newId(), name: v.name, value: v.value })),
    isMigrationFlag: fields.isMigrationFlag ?? false,
    salt: fields.salt ?? deps.newId().replace(/-/g, ''),
    environments,
    createdAt: now,
    updatedAt: now,
  };
}

export function createLayer(
  fields: { key: string; name: string; description?: string; randomizationUnit?: string | null },
  deps: Deps = defaultDeps,
): Layer {
  return {
    id: deps.newId(),
    key: fields.key,
    name: fields.name,
    description: fields.description ?? '',
    randomizationUnit: fields.randomizationUnit ?? null,
    environments: {},
    createdAt: deps.now(),
  };
}

export function createHoldout(
  fields: { key: string; name: string; description?: string; holdoutPercent: number },
  deps: Deps = defaultDeps,
): Holdout {
  return {
    id: deps.newId(),
    key: fields.key,
    name: fields.name,
    description: fields.description ?? '',
    holdoutPercent: fields.holdoutPercent,
    createdAt: deps.now(),
  };
}

export function createMetric(
  fields: Partial<MetricDefinition> & { key: string; eventKey: string },
): MetricDefinition {
  return {
    key: fields.key,
    name: fields.name ?? fields.key,
    kind: fields.kind ?? 'conversion',
    eventKey: fields.eventKey,
    aggregation: fields.aggregation ?? 'average',
    direction: fields.direction ?? 'higher',
    primary: fields.primary ?? false,
  };
}

/** Equal shares that total exactly 100 (the last arm absorbs the rounding). */
export function equalSplit(treatments: Omit<Treatment, 'allocationPercent'>[]): Treatment[] {
  const n = treatments.length;
  const share = n === 0 ? 0 : Math.floor((100 / n) * 1000) / 1000;
  return treatments.map((t, i) => ({
    ...t,
    allocationPercent: i === n - 1 ? Math.round((100 - share * (n - 1)) * 1000) / 1000 : share,
  }));
}

/** A new draft: only name and key are needed; everything else has the platform's default. */
export function createExperiment(
  fields: Partial<Omit<Experiment, 'id' | 'createdAt' | 'updatedAt'>> & {
    key: string;
    name: string;
    environmentKey: string;
  },
  deps: Deps = defaultDeps,
): Experiment {
  const now = deps.now();
  return {
    id: deps.newId(),
    key: fields.key,
    name: fields.name,
    description: fields.description ?? '',
    tags: fields.tags ?? [],
    maintainer: fields.maintainer ?? '',
    environmentKey: fields.environmentKey,
    hypothesis: fields.hypothesis ?? '',
    randomizationUnit: fields.randomizationUnit ?? null,
    flagKey: fields.flagKey ?? null,
    audienceRuleId: fields.audienceRuleId ?? (fields.flagKey ? DEFAULT_RULE : null),
    layer: fields.layer ?? null,
    holdoutId: fields.holdoutId ?? null,
    notInExperimentVariationId: fields.notInExperimentVariationId ?? null,
    sampleSizePercent: fields.sampleSizePercent ?? 100,
    splitMode: fields.splitMode ?? 'equal',
    treatments: fields.treatments ?? [],
    controlVariationId: fields.controlVariationId ?? null,
    variationReassignment: fields.variationReassignment ?? true,
    metrics: fields.metrics ?? [],
    attributes: fields.attributes ?? [],
    analysis: fields.analysis ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

export function createDataset(
  fields: Omit<Dataset, 'id' | 'createdAt'>,
  deps: Deps = defaultDeps,
): Dataset {
  return { id: deps.newId(), ...fields, createdAt: deps.now() };
}
