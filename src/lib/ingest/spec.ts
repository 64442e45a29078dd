// Validates an experiment spec up front so bad input fails with a named field, not deep in a scan.
import { IngestError } from './errors.ts';
import {
  hasDenominator,
  isAggregation,
  isMetricKindName,
  METRIC_KIND_NAMES,
  metricKind,
} from '../metric-kinds/index.ts';
import { MAX_SLICE_ATTRIBUTES } from './slice-values.ts';
import type { ExperimentSpec } from './types.ts';

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function validateSpec(spec: ExperimentSpec): void {
  if (typeof spec !== 'object' || spec === null)
    throw new IngestError('invalid-input', 'The experiment spec is missing.', 'spec');
  if (!nonEmpty(spec.flagKey))
    throw new IngestError('invalid-input', 'The flag key is empty.', 'spec.flagKey');
  if (!nonEmpty(spec.randomizationUnit))
    throw new IngestError(
      'invalid-input',
      'The randomization unit (a context kind such as "user") is empty.',
      'spec.randomizationUnit',
    );
  const { start, end } = spec.window ?? {};
  for (const [name, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (value !== undefined && !Number.isFinite(value))
      throw new IngestError(
        'invalid-input',
        `The window ${name} must be a Unix time in milliseconds.`,
        `spec.window.${name}`,
      );
  }
  if (start !== undefined && end !== undefined && start >= end)
    throw new IngestError('invalid-input', 'The window must end after it starts.', 'spec.window');
  const days = spec.covariateDays;
  if (days !== undefined && (typeof days !== 'number' || !(days >= 0 && days <= 365)))
    throw new IngestError(
      'invalid-input',
      'The pre-exposure window for CUPED is a number of days from 0 to 365.',
      'spec.covariateDays',
    );
  if (!Array.isArray(spec.metrics))
    throw new IngestError(
      'invalid-input',
      'The metrics must be a list (it may be empty).',
      'spec.metrics',
    );
  const keys = new Set<string>();
  spec.metrics.forEach((metric, index) => {
    const field = `spec.metrics[${index}]`;
    if (!nonEmpty(metric?.key))
      throw new IngestError('invalid-input', 'A metric has no key.', `${field}.key`);
    if (keys.has(metric.key))
      throw new IngestError(
        'invalid-input',
        `Two metrics share the key "${metric.key}".`,
        `${field}.key`,
      );
    keys.add(metric.key);
    if (!nonEmpty(metric.eventKey))
      throw new IngestError(
        'invalid-input',
        `Metric "${metric.key}" has no event key.`,
        `${field}.eventKey`,
      );
    if (!isMetricKindName(metric.kind))
      throw new IngestError(
        'invalid-input',
        `Metric "${metric.key}" must be ${METRIC_KIND_NAMES.map((name) => `'${name}'`).join(' or ')}.`,
        `${field}.kind`,
      );
    if (!isAggregation(metric.aggregation))
      throw new IngestError(
        'invalid-input',
        `Metric "${metric.key}" must aggregate by 'average' or 'sum'.`,
        `${field}.aggregation`,
      );
    const aggregations = metricKind(metric.kind).aggregations;
    if (!aggregations.includes(metric.aggregation))
      throw new IngestError(
        'invalid-input',
        `A ${metric.kind} metric ("${metric.key}") aggregates by ${aggregations.map((a) => `'${a}'`).join(' or ')}.`,
        `${field}.aggregation`,
      );
    if (hasDenominator(metric) && !nonEmpty(metric.denominatorEventKey))
      throw new IngestError(
        'invalid-input',
        `Ratio metric "${metric.key}" has no denominator event key.`,
        `${field}.denominatorEventKey`,
      );
  });
  if (spec.assignment !== undefined) validateAssignment(spec.assignment);
  if (spec.sliceAttributes !== undefined) validateSliceAttributes(spec.sliceAttributes);
}

function validateSliceAttributes(attributes: unknown): void {
  const field = 'spec.sliceAttributes';
  if (!Array.isArray(attributes))
    throw new IngestError('invalid-input', 'The slicing attributes must be a list.', field);
  if (attributes.length > MAX_SLICE_ATTRIBUTES)
    throw new IngestError(
      'invalid-input',
      `At most ${MAX_SLICE_ATTRIBUTES} slicing attributes (${attributes.length} given).`,
      field,
    );
  const seen = new Set<string>();
  attributes.forEach((attribute: unknown, index) => {
    if (!nonEmpty(attribute))
      throw new IngestError(
        'invalid-input',
        'A slicing attribute has no name.',
        `${field}[${index}]`,
      );
    if (seen.has(attribute))
      throw new IngestError(
        'invalid-input',
        `The slicing attribute "${attribute}" is named twice.`,
        `${field}[${index}]`,
      );
    seen.add(attribute);
  });
}

function validateAssignment(assignment: ExperimentSpec['assignment'] & object): void {
  const fail = (message: string, field: string): never => {
    throw new IngestError('invalid-input', message, `spec.assignment${field}`);
  };
  if (typeof assignment.salt !== 'string') fail('The flag salt must be text.', '.salt');
  const rollout = assignment.rollout;
  if (typeof rollout !== 'object' || rollout === null || !Array.isArray(rollout.variations))
    return fail('The flag rollout to audit against is missing.', '.rollout');
  if (rollout.seed !== null && !Number.isSafeInteger(rollout.seed))
    fail('The rollout seed must be a whole number or null.', '.rollout.seed');
  if (rollout.variations.length === 0)
    fail('The flag rollout to audit against has no variations.', '.rollout.variations');
  rollout.variations.forEach((slice, index) => {
    const at = `.rollout.variations[${index}]`;
    if (!Number.isSafeInteger(slice?.variation) || slice.variation < 0)
      fail('A rollout variation must be a variation index (0 or more).', `${at}.variation`);
    if (!Number.isSafeInteger(slice.weight) || slice.weight < 0 || slice.weight > 100_000)
      fail('A rollout weight must be a whole number from 0 to 100000.', `${at}.weight`);
  });
}
