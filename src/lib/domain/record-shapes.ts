// The stored shape of every record type, checked on write, on read and on workspace import.

import {
  anyOf,
  bool,
  dictionary,
  int,
  json,
  list,
  nonEmptyStr,
  nullable,
  num,
  object,
  oneOf,
  optional,
  run,
  str,
  type Check,
} from './shape.ts';
import { AGGREGATIONS, METRIC_KIND_NAMES } from '../metric-kinds/index.ts';
import { OPTIONAL_ARM_STATISTICS } from '../stats/arm-statistics.ts';
import type {
  Dataset,
  Environment,
  Experiment,
  Flag,
  Holdout,
  Iteration,
  Layer,
  WorkspaceSettings,
} from './types.ts';
import { violation, type Violation } from './violation.ts';
import { settingsProblems, type AnalysisSettings } from '../analysis/settings.ts';

const percent = num;

const weightedVariation = object({ variation: int, weight: num, untracked: optional(bool) });
const rollout = object({
  kind: oneOf('rollout', 'experiment'),
  seed: nullable(int),
  variations: list(weightedVariation),
});
const serve = anyOf(object({ variation: int }), object({ rollout }));
const targetingRule = object({ id: nonEmptyStr, description: str, clauses: list(json), serve });
const flagEnvironment = object({
  on: bool,
  rules: list(targetingRule),
  fallthrough: serve,
  offVariation: nullable(int),
  guardedRolloutActive: bool,
  progressiveRolloutActive: bool,
});

export const environmentShape = object({
  id: nonEmptyStr,
  key: nonEmptyStr,
  name: str,
  createdAt: num,
});

export const flagShape = object({
  id: nonEmptyStr,
  key: nonEmptyStr,
  name: str,
  kind: oneOf('flag', 'ai-config'),
  variations: list(object({ id: nonEmptyStr, name: str, value: json })),
  isMigrationFlag: bool,
  salt: str,
  environments: dictionary(flagEnvironment),
  createdAt: num,
  updatedAt: num,
  revision: optional(int),
});

export const layerShape = object({
  id: nonEmptyStr,
  key: nonEmptyStr,
  name: str,
  description: str,
  randomizationUnit: nullable(str),
  environments: dictionary(
    object({
      reservations: list(object({ experimentKey: str, flagKey: str, reservationPercent: percent })),
    }),
  ),
  createdAt: num,
});

export const holdoutShape = object({
  id: nonEmptyStr,
  key: nonEmptyStr,
  name: str,
  description: str,
  holdoutPercent: percent,
  createdAt: num,
});

const metric = object({
  key: str,
  name: str,
  kind: oneOf(...METRIC_KIND_NAMES),
  eventKey: str,
  denominatorEventKey: optional(str),
  aggregation: oneOf(...AGGREGATIONS),
  direction: oneOf('higher', 'lower'),
  primary: bool,
  guardrailMargin: optional(num),
});

const treatment = object({ variationId: str, name: str, allocationPercent: percent });

const analysisSettingsFields = object({
  credibleMass: num,
  prior: oneOf('informative', 'flat'),
  priorRelativeVariance: dictionary(num),
  method: oneOf('exact', 'monte-carlo'),
  draws: int,
  seed: int,
  winnerThreshold: num,
  caringThreshold: optional(num),
  guardrailThreshold: optional(num),
  minimumUnitsPerArm: optional(int),
  inference: optional(oneOf('bayesian', 'frequentist', 'sequential')),
  confidenceLevel: optional(num),
  sequentialTuning: optional(num),
  correction: optional(oneOf('none', 'holm', 'benjamini-hochberg')),
  cupedMetrics: optional(list(str)),
});

/** The shape, then the analysis contract's own limits (the same ones every other source meets). */
export const analysisSettingsShape: Check = (value, path, out) => {
  const found = run(analysisSettingsFields, value, path);
  if (found.length > 0) return void out.push(...found);
  for (const problem of settingsProblems(value as AnalysisSettings)) {
    const field = path ? `${path}.${problem.field}` : problem.field;
    out.push(violation('invalid-field', field, `${field}: ${problem.message}`));
  }
};

const designFields: Record<string, Check> = {
  hypothesis: str,
  randomizationUnit: nullable(str),
  flagKey: nullable(str),
  audienceRuleId: nullable(str),
  layer: nullable(object({ layerKey: str, reservationPercent: percent })),
  holdoutId: nullable(str),
  notInExperimentVariationId: nullable(str),
  sampleSizePercent: percent,
  splitMode: oneOf('equal', 'custom'),
  treatments: list(treatment),
  controlVariationId: nullable(str),
  variationReassignment: bool,
  metrics: list(metric),
  attributes: list(str),
  covariateDays: optional(num),
};

export const experimentShape = object({
  id: nonEmptyStr,
  key: nonEmptyStr,
  name: str,
  description: str,
  tags: list(str),
  maintainer: str,
  environmentKey: str,
  ...designFields,
  analysis: nullable(analysisSettingsShape),
  createdAt: num,
  updatedAt: num,
  revision: optional(int),
});

export const designSnapshotShape = object({
  ...designFields,
  flagVariations: list(object({ id: str, name: str, value: json })),
});

export const iterationShape = object({
  id: nonEmptyStr,
  experimentId: nonEmptyStr,
  environmentKey: str,
  flagKey: nullable(str),
  number: int,
  status: oneOf('not_started', 'running', 'stopped'),
  createdAt: num,
  startedAt: nullable(num),
  endedAt: nullable(num),
  endReason: nullable(oneOf('stopped', 'design-changed', 'restarted', 'imported')),
  design: designSnapshotShape,
  winnerVariationId: nullable(str),
  winnerReason: nullable(str),
  decision: optional(object({ by: str, at: num, why: str })),
});

const armMetricStats = object({
  variation: int,
  units: num,
  conversions: num,
  sum: num,
  sumSquares: num,
  ...Object.fromEntries(OPTIONAL_ARM_STATISTICS.map((field) => [field, optional(num)])),
});

export const datasetShape = object({
  id: nonEmptyStr,
  iterationId: nonEmptyStr,
  experimentId: nonEmptyStr,
  source: anyOf(
    object({ kind: oneOf('files'), files: list(object({ name: str, size: num })) }),
    object({ kind: oneOf('summary', 'typed') }),
  ),
  diagnostics: dictionary(json),
  arms: list(object({ variation: int, units: num })),
  metrics: dictionary(list(armMetricStats)),
  exposuresByHour: list(object({ hourStart: num, counts: dictionary(num) })),
  breakdowns: optional(
    list(
      object({
        by: oneOf('day', 'days-since-exposure', 'attribute'),
        attribute: optional(str),
        otherValues: optional(num),
        cells: list(
          object({
            value: str,
            group: optional(oneOf('other', 'missing')),
            arms: list(object({ variation: int, units: num })),
            metrics: dictionary(list(armMetricStats)),
          }),
        ),
      }),
    ),
  ),
  armAssignment: optional(
    list(object({ label: str, variation: nullable(int), units: optional(num) })),
  ),
  assignmentAudit: optional(dictionary(json)),
  createdAt: num,
});

export const settingsShape = object({
  key: oneOf('workspace'),
  contextKinds: list(object({ key: nonEmptyStr, name: str })),
  analysis: analysisSettingsShape,
});

export const RECORD_SHAPES = {
  environments: environmentShape,
  flags: flagShape,
  layers: layerShape,
  holdouts: holdoutShape,
  experiments: experimentShape,
  iterations: iterationShape,
  datasets: datasetShape,
  settings: settingsShape,
} as const;

export type TableName = keyof typeof RECORD_SHAPES;

export const TABLE_NAMES = Object.keys(RECORD_SHAPES) as TableName[];

/** The type of the records each table stores. */
export type RecordOf = {
  environments: Environment;
  flags: Flag;
  layers: Layer;
  holdouts: Holdout;
  experiments: Experiment;
  iterations: Iteration;
  datasets: Dataset;
  settings: WorkspaceSettings;
};

/** The field holding a record's primary key: `key` for the settings, `id` everywhere else. */
export function primaryKeyField(table: TableName): 'id' | 'key' {
  return table === 'settings' ? 'key' : 'id';
}

/** Violations of the stored shape of a record of `table`; `path` prefixes every field. */
export function checkRecord(table: TableName, record: unknown, path = ''): Violation[] {
  return run(RECORD_SHAPES[table], record, path);
}
