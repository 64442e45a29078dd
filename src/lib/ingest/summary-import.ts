// Per-arm summary files (e.g. computed in a spreadsheet or a notebook): one row per arm, or per
// metric and arm. Columns: variation/arm, units, and conversions, or sum + sum_squares, or mean + sd;
// an optional metric column names the metric of each row.
import { applyArmOptions, checkVariations, labelArms, type ArmOptions } from './arm-matching.ts';
import { VariationIndex } from './csv-cells.ts';
import { namedTwice, readCsvFile, requireColumns, type CsvColumns } from './csv-file.ts';
import { INVALID_VARIATION } from './parsed-event.ts';
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
};

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
          arms.set(slot, arm);
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
    const arms = [...rows.get(metric.key)!.values()];
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
