// Checks that parsed JSON is a well-formed version-1 snapshot and rebuilds it from known fields only
// (unknown fields are dropped, so nothing unexpected reaches the page).
import { analysisSizeProblem } from '../analysis/defaults.ts';
import {
  AGGREGATIONS,
  METRIC_KIND_NAMES,
  metricKind,
  metricRule,
  modelKind,
} from '../metric-kinds/index.ts';
import type { OptionalArmStatistic } from '../stats/arm-statistics.ts';
import {
  CORRECTION_METHODS,
  INFERENCE_MODES,
  type FrequentistSettings,
} from '../analysis/settings.ts';
import { SnapshotError } from './snapshot-error.ts';
import { SNAPSHOT_LIMITS as LIMITS } from './snapshot-limits.ts';
import {
  SNAPSHOT_FORMAT_VERSION,
  type Snapshot,
  type SnapshotArm,
  type SnapshotArmStatistics,
  type SnapshotCovariate,
  type SnapshotDesign,
  type SnapshotIteration,
  type SnapshotLook,
  type SnapshotMetric,
  type SnapshotMetricStatistics,
  type SnapshotSettings,
  type SnapshotSliceCell,
  type SnapshotSlices,
} from './snapshot-types.ts';

type Json = unknown;

function invalid(field: string, message: string): never {
  throw new SnapshotError('invalid-content', message, field);
}

function record(value: Json, field: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid(field, 'must be an object');
  return value as Record<string, Json>;
}

function list(value: Json, field: string, max: number, min = 0): Json[] {
  if (!Array.isArray(value)) invalid(field, 'must be a list');
  if (value.length < min)
    invalid(field, `must have at least ${min} entr${min === 1 ? 'y' : 'ies'}`);
  if (value.length > max)
    invalid(field, `has ${value.length} entries, more than the ${max} allowed`);
  return value;
}

function text(value: Json, field: string, maxChars: number, allowEmpty = true): string {
  if (typeof value !== 'string') invalid(field, 'must be text');
  if (!allowEmpty && value.trim() === '') invalid(field, 'must not be empty');
  if (value.length > maxChars) invalid(field, `is longer than ${maxChars} characters`);
  return value;
}

function finite(value: Json, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    invalid(field, 'must be a finite number');
  return value;
}

function nonNegative(value: Json, field: string): number {
  const number = finite(value, field);
  if (number < 0) invalid(field, 'must not be negative');
  return number;
}

function count(value: Json, field: string, max: number = LIMITS.maxUnits): number {
  const number = nonNegative(value, field);
  if (!Number.isInteger(number)) invalid(field, 'must be a whole number');
  if (number > max) invalid(field, `must be at most ${max}`);
  return number;
}

function oneOf<T extends string>(value: Json, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid(field, `must be one of ${allowed.map((option) => `"${option}"`).join(', ')}`);
  }
  return value as T;
}

function bool(value: Json, field: string): boolean {
  if (typeof value !== 'boolean') invalid(field, 'must be true or false');
  return value;
}

function timestamp(value: Json, field: string): number {
  const number = finite(value, field);
  if (!Number.isInteger(number) || Math.abs(number) > 8.64e15)
    invalid(field, 'must be a time in Unix milliseconds');
  return number;
}

function validateArm(value: Json, field: string): SnapshotArm {
  const arm = record(value, field);
  const split = nonNegative(arm.split, `${field}.split`);
  if (split > 100) invalid(`${field}.split`, 'is a percentage and must be at most 100');
  return { name: text(arm.name, `${field}.name`, LIMITS.maxNameChars, false), split };
}

function validateMetric(value: Json, field: string): SnapshotMetric {
  const metric = record(value, field);
  const validated: SnapshotMetric = {
    key: text(metric.key, `${field}.key`, LIMITS.maxNameChars, false),
    name: text(metric.name, `${field}.name`, LIMITS.maxNameChars, false),
    kind: oneOf(metric.kind, `${field}.kind`, METRIC_KIND_NAMES),
    direction: oneOf(metric.direction, `${field}.direction`, ['higher', 'lower'] as const),
    aggregation: oneOf(metric.aggregation, `${field}.aggregation`, AGGREGATIONS),
    primary: bool(metric.primary, `${field}.primary`),
  };
  if (!metricKind(validated.kind).aggregations.includes(validated.aggregation))
    invalid(`${field}.aggregation`, `is not an aggregation of a ${validated.kind} metric`);
  if (metric.priorRelativeVariance !== undefined) {
    const gamma2 = finite(metric.priorRelativeVariance, `${field}.priorRelativeVariance`);
    if (gamma2 <= 0) invalid(`${field}.priorRelativeVariance`, 'must be greater than 0');
    validated.priorRelativeVariance = gamma2;
  }
  if (metric.guardrailMargin !== undefined) {
    const margin = finite(metric.guardrailMargin, `${field}.guardrailMargin`);
    if (margin < 0 || margin >= 1) invalid(`${field}.guardrailMargin`, 'must be from 0 to below 1');
    validated.guardrailMargin = margin;
  }
  return validated;
}

function validateDesign(value: Json): SnapshotDesign {
  const design = record(value, 'design');
  const arms = list(design.arms, 'design.arms', LIMITS.maxArms, 2).map((arm, i) =>
    validateArm(arm, `design.arms[${i}]`),
  );
  if (arms.every((arm) => arm.split === 0))
    invalid('design.arms', 'at least one arm must have a non-zero split');
  const control = count(design.control, 'design.control', arms.length - 1);
  const metrics = list(design.metrics, 'design.metrics', LIMITS.maxMetrics, 1).map((metric, i) =>
    validateMetric(metric, `design.metrics[${i}]`),
  );
  const keys = new Set<string>();
  metrics.forEach((metric, i) => {
    if (keys.has(metric.key))
      invalid(`design.metrics[${i}].key`, `repeats the key "${metric.key}"`);
    keys.add(metric.key);
  });
  return {
    name: text(design.name, 'design.name', LIMITS.maxNameChars, false),
    hypothesis: text(design.hypothesis, 'design.hypothesis', LIMITS.maxHypothesisChars),
    arms,
    control,
    metrics,
  };
}

function validateIteration(value: Json): SnapshotIteration {
  const iteration = record(value, 'iteration');
  const startedAt = timestamp(iteration.startedAt, 'iteration.startedAt');
  const decision =
    iteration.decision === undefined ? undefined : validateDecision(iteration.decision);
  const withDecision = decision === undefined ? {} : { decision };
  if (iteration.endedAt === null) return { startedAt, endedAt: null, ...withDecision };
  const endedAt = timestamp(iteration.endedAt, 'iteration.endedAt');
  if (endedAt < startedAt) invalid('iteration.endedAt', 'is before the start');
  return { startedAt, endedAt, ...withDecision };
}

function validateDecision(value: Json): NonNullable<SnapshotIteration['decision']> {
  const decision = record(value, 'iteration.decision');
  return {
    by: text(decision.by, 'iteration.decision.by', LIMITS.maxNameChars),
    at: timestamp(decision.at, 'iteration.decision.at'),
    why: text(decision.why, 'iteration.decision.why', LIMITS.maxDecisionChars, false),
  };
}

function validateSettings(value: Json): SnapshotSettings {
  const settings = record(value, 'settings');
  const credibleMass = finite(settings.credibleMass, 'settings.credibleMass');
  if (credibleMass <= 0 || credibleMass >= 1)
    invalid('settings.credibleMass', 'must be between 0 and 1');
  const validated: SnapshotSettings = {
    credibleMass,
    prior: oneOf(settings.prior, 'settings.prior', ['informative', 'flat'] as const),
    method: oneOf(settings.method, 'settings.method', ['exact', 'monte-carlo'] as const),
  };
  if (settings.draws !== undefined) {
    validated.draws = count(settings.draws, 'settings.draws', LIMITS.maxDraws);
    if (validated.draws < 1) invalid('settings.draws', 'must be at least 1');
  }
  if (settings.seed !== undefined) {
    const seed = finite(settings.seed, 'settings.seed');
    if (!Number.isSafeInteger(seed)) invalid('settings.seed', 'must be a whole number');
    validated.seed = seed;
  }
  if (settings.winnerThreshold !== undefined) {
    const threshold = finite(settings.winnerThreshold, 'settings.winnerThreshold');
    if (threshold <= 0 || threshold >= 1)
      invalid('settings.winnerThreshold', 'must be between 0 and 1');
    validated.winnerThreshold = threshold;
  }
  for (const key of ['caringThreshold', 'guardrailThreshold'] as const) {
    if (settings[key] === undefined) continue;
    const threshold = finite(settings[key], `settings.${key}`);
    if (threshold <= 0 || threshold >= 1) invalid(`settings.${key}`, 'must be between 0 and 1');
    validated[key] = threshold;
  }
  if (settings.minimumUnitsPerArm !== undefined)
    validated.minimumUnitsPerArm = count(
      settings.minimumUnitsPerArm,
      'settings.minimumUnitsPerArm',
      LIMITS.maxMinimumUnitsPerArm,
    );
  return { ...validated, ...validateFrequentist(settings) };
}

/** The frequentist settings a link may carry (left out: the defaults). */
function validateFrequentist(settings: Record<string, Json>): Partial<FrequentistSettings> {
  const validated: Partial<FrequentistSettings> = {};
  if (settings.inference !== undefined)
    validated.inference = oneOf(settings.inference, 'settings.inference', INFERENCE_MODES);
  if (settings.confidenceLevel !== undefined) {
    const level = finite(settings.confidenceLevel, 'settings.confidenceLevel');
    if (level <= 0 || level >= 1) invalid('settings.confidenceLevel', 'must be between 0 and 1');
    validated.confidenceLevel = level;
  }
  if (settings.sequentialTuning !== undefined) {
    const tuning = finite(settings.sequentialTuning, 'settings.sequentialTuning');
    if (tuning <= 0) invalid('settings.sequentialTuning', 'must be above 0');
    validated.sequentialTuning = tuning;
  }
  if (settings.correction !== undefined)
    validated.correction = oneOf(settings.correction, 'settings.correction', CORRECTION_METHODS);
  if (settings.cupedMetrics !== undefined)
    validated.cupedMetrics = list(
      settings.cupedMetrics,
      'settings.cupedMetrics',
      LIMITS.maxMetrics,
    ).map((key, i) => text(key, `settings.cupedMetrics[${i}]`, LIMITS.maxNameChars));
  return validated;
}

/** The model the statistics feed: beta–binomial for per-unit conversions, normal for everything else. */
export function usesConversions(metric: Pick<SnapshotMetric, 'kind' | 'aggregation'>): boolean {
  return modelKind(metric) === 'conversion';
}

function validateArmStatistics(
  value: Json,
  field: string,
  conversions: boolean,
  further: readonly OptionalArmStatistic[],
): SnapshotArmStatistics {
  const stats = record(value, field);
  const units = count(stats.units, `${field}.units`);
  if (conversions) {
    const converted = count(stats.conversions, `${field}.conversions`);
    if (converted > units)
      invalid(`${field}.conversions`, `is ${converted}, more than the ${units} units`);
    return { units, conversions: converted };
  }
  const sum = finite(stats.sum, `${field}.sum`);
  const sumSquares = nonNegative(stats.sumSquares, `${field}.sumSquares`);
  // Cauchy–Schwarz: (Σy)² ≤ N·Σy². Statistics that break it describe no set of values.
  if (sum * sum > units * sumSquares * (1 + 1e-9) + 1e-9) {
    invalid(
      `${field}.sumSquares`,
      'is too small for the sum and units (no set of values has these statistics)',
    );
  }
  const validated: SnapshotArmStatistics = {
    units,
    sum,
    sumSquares,
    ...validateCovariate(stats, units, field),
  };
  for (const name of further)
    validated[name] = name.endsWith('Squares')
      ? nonNegative(stats[name], `${field}.${name}`)
      : finite(stats[name], `${field}.${name}`);
  return validated;
}

/** The optional CUPED covariate sums of a numeric arm: all three or none, a possible Σx². */
function validateCovariate(
  stats: Record<string, Json>,
  units: number,
  field: string,
): SnapshotCovariate {
  const names = ['covariateSum', 'covariateSumSquares', 'covariateCrossSum'] as const;
  const given = names.filter((name) => stats[name] !== undefined);
  if (given.length === 0) return {};
  if (given.length < names.length)
    invalid(`${field}.${names.find((name) => stats[name] === undefined)}`, 'is missing');
  const covariateSum = finite(stats.covariateSum, `${field}.covariateSum`);
  const covariateSumSquares = nonNegative(
    stats.covariateSumSquares,
    `${field}.covariateSumSquares`,
  );
  const covariateCrossSum = finite(stats.covariateCrossSum, `${field}.covariateCrossSum`);
  if (covariateSum * covariateSum > units * covariateSumSquares * (1 + 1e-9) + 1e-9)
    invalid(`${field}.covariateSumSquares`, 'is too small for the covariate sum and units');
  return { covariateSum, covariateSumSquares, covariateCrossSum };
}

function validateStatistics(value: Json, design: SnapshotDesign): SnapshotMetricStatistics[] {
  const entries = list(value, 'statistics', LIMITS.maxMetrics);
  if (entries.length !== design.metrics.length) {
    invalid('statistics', `has ${entries.length} entries for ${design.metrics.length} metrics`);
  }
  return entries.map((entry, i) => {
    const field = `statistics[${i}]`;
    const metric = design.metrics[i];
    const stats = record(entry, field);
    const key = text(stats.metric, `${field}.metric`, LIMITS.maxNameChars);
    if (key !== metric.key)
      invalid(`${field}.metric`, `is "${key}" but metric ${i + 1} is "${metric.key}"`);
    const arms = list(stats.arms, `${field}.arms`, LIMITS.maxArms);
    if (arms.length !== design.arms.length) {
      invalid(`${field}.arms`, `has ${arms.length} entries for ${design.arms.length} arms`);
    }
    const conversions = usesConversions(metric);
    return {
      metric: key,
      arms: arms.map((arm, a) =>
        validateArmStatistics(
          arm,
          `${field}.arms[${a}]`,
          conversions,
          metricRule(metric).statistics,
        ),
      ),
    };
  });
}

function validateLooks(value: Json, armCount: number): SnapshotLook[] {
  const looks = list(value, 'srmLooks', LIMITS.maxLooks).map((entry, i) => {
    const field = `srmLooks[${i}]`;
    const look = record(entry, field);
    const units = list(look.units, `${field}.units`, LIMITS.maxArms);
    if (units.length !== armCount)
      invalid(`${field}.units`, `has ${units.length} entries for ${armCount} arms`);
    return {
      at: timestamp(look.at, `${field}.at`),
      units: units.map((n, a) => count(n, `${field}.units[${a}]`)),
    };
  });
  looks.forEach((look, i) => {
    if (i === 0) return;
    const previous = looks[i - 1];
    if (look.at <= previous.at)
      invalid(`srmLooks[${i}].at`, 'must be later than the look before it');
    look.units.forEach((n, a) => {
      if (n < previous.units[a])
        invalid(
          `srmLooks[${i}].units[${a}]`,
          'is smaller than at the look before (looks are cumulative)',
        );
    });
  });
  return looks;
}

/** Throws SnapshotError('invalid-content' | 'unsupported-version'). */
export function validateSnapshot(value: Json): Snapshot {
  const root = record(value, 'snapshot');
  if (root.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    throw new SnapshotError(
      'unsupported-version',
      `This snapshot says it is format version ${JSON.stringify(root.formatVersion) ?? 'none'}; this version of Credence reads version ${SNAPSHOT_FORMAT_VERSION}.`,
    );
  }
  const design = validateDesign(root.design);
  const settings = validateSettings(root.settings);
  const tooBig = analysisSizeProblem({
    method: settings.method,
    draws: settings.draws,
    arms: design.arms.length,
    metrics: design.metrics.length,
  });
  if (tooBig) invalid('settings.draws', `This link ${tooBig}`);
  return {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    design,
    iteration: validateIteration(root.iteration),
    settings,
    statistics: validateStatistics(root.statistics, design),
    srmLooks: validateLooks(root.srmLooks, design.arms.length),
    ...(root.slices === undefined ? {} : { slices: validateSlices(root.slices, design) }),
  };
}

/** Keys that would reach an object's prototype if anything ever copied them: refused, not dropped. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

function plainRecord(value: Json, field: string): Record<string, Json> {
  const object = record(value, field);
  for (const key of PROTOTYPE_KEYS)
    if (Object.hasOwn(object, key))
      invalid(`${field}.${key}`, 'is a key no snapshot holds (it could alter the page’s objects)');
  return object;
}

function validateSlices(value: Json, design: SnapshotDesign): SnapshotSlices {
  const slices = plainRecord(value, 'slices');
  const validated: SnapshotSlices = {
    attribute: text(slices.attribute, 'slices.attribute', LIMITS.maxNameChars, false),
    otherValues: count(slices.otherValues, 'slices.otherValues'),
    cells: list(slices.cells, 'slices.cells', LIMITS.maxSlices, 1).map((cell, i) =>
      validateSliceCell(cell, `slices.cells[${i}]`, design),
    ),
  };
  const seen = new Set<string>();
  validated.cells.forEach((cell, i) => {
    // A value and a merged group never meet: 'other' named "other" stays apart from the value.
    const id = cell.group ? `group:${cell.group}` : `value:${cell.value}`;
    if (seen.has(id))
      invalid(
        `slices.cells[${i}]`,
        cell.group
          ? `repeats the "${cell.group}" group`
          : `repeats the slice "${cell.value}" (each value is one slice)`,
      );
    seen.add(id);
  });
  if (slices.comparedArm !== undefined) {
    const arm = count(slices.comparedArm, 'slices.comparedArm', design.arms.length - 1);
    if (arm === design.control)
      invalid('slices.comparedArm', 'is the control, not a treatment arm');
    validated.comparedArm = arm;
  }
  if (slices.picked !== undefined)
    validated.picked = count(slices.picked, 'slices.picked', validated.cells.length - 1);
  if (slices.leftOut !== undefined)
    validated.leftOut = count(slices.leftOut, 'slices.leftOut', LIMITS.maxUnits);
  return validated;
}

function validateSliceCell(value: Json, field: string, design: SnapshotDesign): SnapshotSliceCell {
  const cell = plainRecord(value, field);
  const units = list(cell.units, `${field}.units`, LIMITS.maxArms);
  if (units.length !== design.arms.length)
    invalid(`${field}.units`, `has ${units.length} entries for ${design.arms.length} arms`);
  const statistics = list(cell.statistics, `${field}.statistics`, LIMITS.maxMetrics);
  if (statistics.length !== design.metrics.length)
    invalid(
      `${field}.statistics`,
      `has ${statistics.length} entries for ${design.metrics.length} metrics`,
    );
  const validated: SnapshotSliceCell = {
    value: text(cell.value, `${field}.value`, LIMITS.maxSliceValueChars),
    units: units.map((n, a) => count(n, `${field}.units[${a}]`)),
    statistics: statistics.map((entry, m) => {
      const metric = design.metrics[m];
      const arms = list(entry, `${field}.statistics[${m}]`, LIMITS.maxArms);
      if (arms.length !== design.arms.length)
        invalid(
          `${field}.statistics[${m}]`,
          `has ${arms.length} entries for ${design.arms.length} arms`,
        );
      return arms.map((arm, a) => {
        const armField = `${field}.statistics[${m}][${a}]`;
        return validateArmStatistics(
          plainRecord(arm, armField),
          armField,
          usesConversions(metric),
          metricRule(metric).statistics,
        );
      });
    }),
  };
  if (cell.group !== undefined)
    validated.group = oneOf(cell.group, `${field}.group`, ['other', 'missing'] as const);
  return validated;
}
