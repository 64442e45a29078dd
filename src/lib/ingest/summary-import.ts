// Per-arm summary files (e.g. computed in a spreadsheet or a notebook): one row per arm, or per
// metric and arm. Columns: variation/arm, units, and conversions, or sum + sum_squares, or mean + sd;
// an optional metric column names the metric of each row. Optional sums, kept on the stored arms:
// covariate_sum, covariate_sum_squares, covariate_cross_sum (CUPED's pre-period value x, cross = Σxy)
// and denominator_sum, denominator_sum_squares, cross_sum (a ratio's denominator d, cross = Σyd).
import { applyArmOptions, checkVariations, labelArms, type ArmOptions } from './arm-matching.ts';
import { VariationIndex } from './csv-cells.ts';
import { namedTwice, readCsvFile, requireColumns, type CsvColumns } from './csv-file.ts';
import { INVALID_VARIATION } from './parsed-event.ts';
import type { ArmStatistics, OptionalArmStatistic } from '../stats/arm-statistics.ts';
import { metricRule } from '../metric-kinds/index.ts';
import { IngestError, requireSources, sourceName, throwIfAborted } from './errors.ts';
import { ProgressTracker } from './progress.ts';
import { validateSpec } from './spec.ts';
import { validateTypedSummary, type TypedArm } from './typed-summary.ts';
import {
  emptyDiagnostics,
  keyedRecord,
  MALFORMED_LISTED,
  type ArmMetricSummary,
  type ExperimentData,
  type ExperimentSpec,
  type IngestDiagnostics,
  type MetricSpec,
  type ProgressCallback,
} from './types.ts';

const COLUMN_NAMES = {
  metric: ['metric', 'metric_key'],
  variation: [
    'variation',
    'variation_index',
    'arm',
    'variation_id',
    'treatment',
    'variant',
    'group',
    'arm_name',
    'bucket',
    'version',
  ],
  units: ['units', 'n', 'exposures', 'unit_count', 'users', 'sample_size'],
  conversions: ['conversions', 'converted_units'],
  sum: ['sum', 'sum_y', 'total'],
  sumSquares: ['sum_squares', 'sum_of_squares', 'sum_y2', 'sumsquares'],
  mean: ['mean', 'average'],
  sd: ['sd', 'stddev', 'standard_deviation'],
  covariateSum: ['covariate_sum'],
  covariateSumSquares: ['covariate_sum_squares'],
  covariateCrossSum: ['covariate_cross_sum'],
  denominatorSum: ['denominator_sum'],
  denominatorSumSquares: ['denominator_sum_squares'],
  crossSum: ['cross_sum'],
};

/** Optional sums that come in threes: all of a group or none on a row. */
const OPTIONAL_GROUPS = [
  { name: 'covariate', fields: ['covariateSum', 'covariateSumSquares', 'covariateCrossSum'] },
  { name: 'denominator', fields: ['denominatorSum', 'denominatorSumSquares', 'crossSum'] },
] as const;

type OptionalSums = Partial<Pick<ArmStatistics, OptionalArmStatistic>>;

/** A row's optional sums, or why they cannot be used. */
function optionalSums(
  units: number,
  read: (field: OptionalArmStatistic) => number | undefined,
): OptionalSums | string {
  const sums: OptionalSums = {};
  for (const group of OPTIONAL_GROUPS) {
    const values = group.fields.map(read);
    const given = values.filter((value) => value !== undefined).length;
    if (given === 0) continue;
    if (given < values.length)
      return `the ${group.name} sums need all of ${group.fields.map(snake).join(', ')}`;
    if (!values.every((value) => Number.isFinite(value)))
      return `the ${group.name} sums must be numbers`;
    const [sum, squares] = values as number[];
    if (squares < 0 || (units > 0 && sum * sum > units * squares * (1 + 1e-9) + 1e-9))
      return `${snake(group.fields[1])} is too small for ${snake(group.fields[0])} (the variance would be negative)`;
    group.fields.forEach((field, i) => (sums[field] = values[i]));
  }
  return sums;
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

type Field = keyof typeof COLUMN_NAMES;

function findColumns(file: string, header: CsvColumns): Record<Field, number> {
  const result = {} as Record<Field, number>;
  for (const field of Object.keys(COLUMN_NAMES) as Field[]) {
    const name = COLUMN_NAMES[field].find((candidate) => header.index(candidate) >= 0);
    if (name !== undefined && (header.count?.(name) ?? 1) > 1) throw namedTwice(file, name, field);
    result[field] = name === undefined ? -1 : header.index(name);
  }
  return result;
}

export async function aggregateSummaryCsv(
  sources: Blob[],
  spec: ExperimentSpec,
  options: ArmOptions & {
    delimiter?: string;
    onProgress?: ProgressCallback;
    signal?: AbortSignal;
  } = {},
): Promise<ExperimentData> {
  validateSpec(spec);
  requireSources(sources);
  if (options.variations !== undefined) checkVariations(options.variations);
  const diagnostics: IngestDiagnostics = emptyDiagnostics();
  const progress = new ProgressTracker(
    sources.reduce((sum, blob) => sum + blob.size, 0),
    options.onProgress,
  );
  const labels = new VariationIndex();
  // metric key → arm slot (one per label: see VariationIndex) → typed arm
  const rows = new Map<string, Map<number, TypedArm>>(
    spec.metrics.map((metric) => [metric.key, new Map()]),
  );
  // metric key → arm slot → the row's optional sums
  const extras = new Map<string, Map<number, OptionalSums>>(
    spec.metrics.map((metric) => [metric.key, new Map()]),
  );
  for (let index = 0; index < sources.length; index++) {
    const file = sourceName(sources[index], index);
    let c = {} as Record<Field, number>;
    const outcome = await readCsvFile(
      sources[index],
      file,
      {
        onHeader: (header) => {
          c = findColumns(file, header);
          const required: Record<string, string | undefined> = {
            variation: c.variation >= 0 ? 'ok' : undefined,
            units: c.units >= 0 ? 'ok' : undefined,
          };
          if (c.metric < 0 && spec.metrics.length !== 1) required.metric = undefined;
          requireColumns(file, { ...header, index: (name) => (name === 'ok' ? 0 : -1) }, required);
        },
        onRow: (row) => {
          diagnostics.recordsRead++;
          const metricKey = c.metric >= 0 ? row.text(c.metric).trim() : spec.metrics[0].key;
          const arms = rows.get(metricKey);
          if (!arms) {
            diagnostics.skipped['other-metric'] = (diagnostics.skipped['other-metric'] ?? 0) + 1;
            return;
          }
          const label = row.text(c.variation).trim();
          const slot = labels.slotOfText(label);
          const refuse = (reason: string) => {
            if (diagnostics.malformedCount++ < MALFORMED_LISTED)
              diagnostics.malformed.push({ file, line: row.line, reason });
          };
          if (slot === INVALID_VARIATION) return refuse(labels.problem);
          if (slot < 0) return refuse('the arm is empty');
          const number = (field: Field) =>
            c[field] >= 0 && !row.isEmpty(c[field]) ? row.number(c[field]) : undefined;
          const arm: TypedArm = {
            name: label,
            units: number('units') ?? NaN,
            conversions: number('conversions'),
            sum: number('sum'),
            sumSquares: number('sumSquares'),
            mean: number('mean'),
            sd: number('sd'),
          };
          const earlier = arms.get(slot);
          if (earlier) {
            const same = earlier.name === label ? '' : ` (the same as "${earlier.name}")`;
            return refuse(`a second row for arm "${label}"${same} of ${metricKey}`);
          }
          const sums = optionalSums(arm.units, number);
          if (typeof sums === 'string')
            throw new IngestError(
              'invalid-input',
              `Summary of ${metricKey}, arm "${label}": ${sums}.`,
            );
          arms.set(slot, arm);
          extras.get(metricKey)!.set(slot, sums);
        },
        onProblem: (line, reason) => {
          if (diagnostics.malformedCount++ < MALFORMED_LISTED)
            diagnostics.malformed.push({ file, line, reason });
        },
      },
      progress,
      options.delimiter,
      options.signal,
    );
    if (outcome.empty) throw new IngestError('invalid-input', `${file} is empty.`);
  }
  throwIfAborted(options.signal);
  const metrics = keyedRecord<ArmMetricSummary[]>();
  const armUnits = new Map<number, number>();
  for (const metric of spec.metrics) {
    const slots = [...rows.get(metric.key)!.keys()];
    // The typed arms with their optional sums: a ratio's kind checks its denominator's with the rest.
    const arms = [...rows.get(metric.key)!.values()].map((arm, index) => ({
      ...extras.get(metric.key)!.get(slots[index]),
      ...arm,
    }));
    if (arms.length === 0) continue;
    const checked = validateTypedSummary(metric.kind, arms);
    if (!checked.ok) {
      const problem = checked.problems[0];
      const armIndex = Number(/\[(\d+)\]/.exec(problem.field)?.[1] ?? 0);
      throw new IngestError(
        'invalid-input',
        `Summary of ${metric.key}, arm "${arms[armIndex]?.name ?? '?'}": ${problem.message}`,
        problem.field,
      );
    }
    metrics[metric.key] = checked.arms
      .map((arm, index) => ({
        variation: slots[index],
        units: arm.units,
        conversions: arm.conversions,
        sum: arm.sum,
        sumSquares: arm.sumSquares,
        ...completeGroups(metric, slots, extras.get(metric.key)!, slots[index]),
      }))
      .sort((a, b) => a.variation - b.variation);
    for (const arm of metrics[metric.key])
      armUnits.set(arm.variation, Math.max(armUnits.get(arm.variation) ?? 0, arm.units));
  }
  if (Object.keys(metrics).length === 0)
    throw new IngestError(
      'invalid-input',
      `The summary has no rows for the metrics ${spec.metrics.map((m) => m.key).join(', ')}.`,
    );
  const result: ExperimentData = {
    arms: [...armUnits.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([variation, units]) => ({ variation, units })),
    metrics,
    exposuresByHour: [],
    diagnostics,
  };
  const labelled = labelArms(result, (slot) => labels.labels[slot], 'labels');
  return applyArmOptions(labelled, options);
}

/**
 * An arm's optional sums: the groups the metric's kind keeps (the registry: a ratio's denominator,
 * CUPED's covariate), and only those every arm of the metric has (else none can use them).
 */
function completeGroups(
  metric: MetricSpec,
  slots: number[],
  extras: Map<number, OptionalSums>,
  slot: number,
): OptionalSums {
  const kept: OptionalSums = {};
  const rule = metricRule(metric);
  for (const group of OPTIONAL_GROUPS) {
    const used =
      group.name === 'covariate' ? rule.covariates : rule.statistics.includes(group.fields[0]);
    if (!used) continue;
    if (!slots.every((s) => extras.get(s)?.[group.fields[0]] !== undefined)) continue;
    for (const field of group.fields) kept[field] = extras.get(slot)?.[field];
  }
  return kept;
}
