// Import of an experiment from the flag platform's REST JSON (docs/design-model.md): the Experiment
// representation (currentIteration / draftIteration / previousIterations) or the ExperimentPost body
// (iteration). The design comes from the draft, else the current, else the newest iteration; past
// and current iterations become iteration records carrying the design they ran with.

import { createExperiment, createLayer, createMetric } from './create.ts';
import type { Deps } from './ids.ts';
import { isObject, JsonReader, type JsonObject } from './json-reader.ts';
import {
  DEFAULT_RULE,
  type DesignSnapshot,
  type Experiment,
  type Flag,
  type Iteration,
  type IterationStatus,
  type Layer,
  type MetricDefinition,
  type Treatment,
} from './types.ts';
import { refuse, succeed, type Result, type Violation } from './violation.ts';

export type RestImportOptions = {
  deps: Deps;
  /** Used when the document has no environmentKey (the ExperimentPost body has none). */
  environmentKey?: string;
  /** Flags already in the workspace: they give the iteration snapshots their variations. */
  flags?: Flag[];
};

export type RestExperimentImport = {
  experiment: Experiment;
  iterations: Iteration[];
  /** The layer named by the layer snapshot, to be created when the workspace lacks it. */
  layer: Layer | null;
  warnings: Violation[];
};

type IterationDesign = Omit<DesignSnapshot, 'flagVariations' | 'holdoutId'> & {
  status: IterationStatus;
  createdAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  winnerVariationId: string | null;
  winnerReason: string | null;
  layerName: string | null;
  otherReservationPercent: number | null;
};

const STATUSES: IterationStatus[] = ['not_started', 'running', 'stopped'];

function readMetric(
  reader: JsonReader,
  raw: JsonObject,
  path: string,
): MetricDefinition | undefined {
  const key = reader.string(raw, 'key', path, true);
  if (key === undefined) return undefined;
  const kind = typeof raw.kind === 'string' ? raw.kind : 'custom';
  let eventKey = reader.string(raw, 'eventKey', path);
  if (eventKey === undefined && (kind === 'pageview' || kind === 'click')) eventKey = key;
  if (eventKey === undefined)
    reader.warn(
      'metric-details-missing',
      `${path}.eventKey`,
      `Metric “${key}” comes without its event key or kind; complete it in the design.`,
    );
  return createMetric({
    key,
    name: reader.string(raw, 'name', path) ?? key,
    kind: raw.isNumeric === true ? 'numeric' : 'conversion',
    eventKey: eventKey ?? '',
    aggregation: raw.unitAggregationType === 'sum' ? 'sum' : 'average',
    direction: raw.successCriteria === 'LowerThanBaseline' ? 'lower' : 'higher',
    primary: raw.primary === true,
  });
}

function primaryMetricKey(raw: JsonObject): string | undefined {
  if (typeof raw.primarySingleMetricKey === 'string') return raw.primarySingleMetricKey;
  for (const field of ['primarySingleMetric', 'primaryMetric']) {
    const m = raw[field];
    if (isObject(m)) {
      if (m.isGroup === true && Array.isArray(m.metrics) && isObject(m.metrics[0]))
        return String(m.metrics[0].key);
      if (typeof m.key === 'string') return m.key;
    }
  }
  return undefined;
}

function readMetrics(reader: JsonReader, raw: JsonObject, path: string): MetricDefinition[] {
  const entries: [unknown, string][] = [];
  const add = (field: string) =>
    (reader.list(raw, field, path) ?? []).forEach((m, i) =>
      entries.push([m, `${path ? `${path}.` : ''}${field}[${i}]`]),
    );
  if (isObject(raw.primarySingleMetric))
    entries.push([raw.primarySingleMetric, `${path}.primarySingleMetric`]);
  add('metrics');
  add('secondaryMetrics');

  const metrics: MetricDefinition[] = [];
  const visit = (entry: unknown, at: string) => {
    if (!isObject(entry)) return reader.fail('invalid-field', at, `${at} must be an object.`);
    if (entry.isGroup === true) {
      if (!Array.isArray(entry.metrics)) {
        return reader.warn(
          'metric-group-unresolved',
          at,
          `Metric group “${String(entry.key)}” is listed without its metrics; add them to the design by hand.`,
        );
      }
      return entry.metrics.forEach((member, j) => visit(member, `${at}.metrics[${j}]`));
    }
    const metric = readMetric(reader, entry, at);
    if (metric && !metrics.some((m) => m.key === metric.key)) metrics.push(metric);
  };
  entries.forEach(([entry, at]) => visit(entry, at));

  const primaryKey = primaryMetricKey(raw) ?? metrics.find((m) => m.primary)?.key;
  for (const m of metrics) m.primary = m.key === primaryKey;
  return metrics;
}

function readTreatments(reader: JsonReader, raw: JsonObject, path: string, flagKey: string | null) {
  const treatments: Treatment[] = [];
  const treatmentIds = new Map<string, string>();
  let control: string | null = null;
  (reader.list(raw, 'treatments', path) ?? []).forEach((t, i) => {
    const at = `${path ? `${path}.` : ''}treatments[${i}]`;
    if (!isObject(t)) return reader.fail('invalid-field', at, `${at} must be an object.`);
    const name = reader.string(t, 'name', at, true);
    const allocationPercent = reader.numeric(t, 'allocationPercent', at, true);
    const parameters = (Array.isArray(t.parameters) ? t.parameters : []).filter(
      (p): p is JsonObject => isObject(p) && typeof p.variationId === 'string',
    );
    let parameter = parameters.find((p) => p.flagKey === flagKey);
    if (!parameter && parameters.length > 0) {
      // Some documents name the flag differently in "flags" and in the parameters: keep the variation, say so.
      parameter = parameters[0];
      reader.warn(
        'flag-key-mismatch',
        `${at}.parameters`,
        `${at}.parameters names flag “${String(parameter.flagKey)}”, not “${flagKey ?? '(none)'}” from flags; its variation was used.`,
      );
    }
    if (!parameter) {
      return reader.fail(
        'missing-field',
        `${at}.parameters`,
        `${at}.parameters has no variation of flag “${flagKey ?? '(none)'}”.`,
      );
    }
    if (name === undefined || allocationPercent === undefined) return;
    const variationId = parameter.variationId as string;
    treatments.push({ variationId, name, allocationPercent });
    if (typeof t._id === 'string') treatmentIds.set(t._id, variationId);
    if (t.baseline === true) {
      if (control === null) control = variationId;
      else if (control !== variationId)
        reader.warn(
          'multiple-baselines',
          `${at}.baseline`,
          `More than one treatment is marked baseline; “${treatments[0]?.name}” is kept as the control.`,
        );
    }
  });
  return { treatments, treatmentIds, control };
}

function readIteration(
  reader: JsonReader,
  raw: JsonObject,
  path: string,
  defaultStatus: IterationStatus | null,
): IterationDesign {
  const hypothesis = reader.string(raw, 'hypothesis', path, true) ?? '';
  let status: IterationStatus = defaultStatus ?? 'not_started';
  const rawStatus = reader.string(raw, 'status', path, defaultStatus === null);
  if (rawStatus !== undefined) {
    if (STATUSES.includes(rawStatus as IterationStatus)) status = rawStatus as IterationStatus;
    else
      reader.fail(
        'invalid-field',
        `${path}.status`,
        `${path}.status must be one of not_started, running, stopped.`,
      );
  }
  const createdAt = reader.number(raw, 'createdAt', path, defaultStatus === null) ?? null;

  const flags = reader.object(raw, 'flags', path) ?? {};
  const flagKeys = Object.keys(flags);
  if (flagKeys.length > 1)
    reader.warn(
      'multiple-flags',
      `${path}.flags`,
      `The iteration uses ${flagKeys.length} flags; Credence analyses one, “${flagKeys[0]}”.`,
    );
  const flagKey = flagKeys[0] ?? null;
  const flagSettings =
    flagKey !== null && isObject(flags[flagKey]) ? (flags[flagKey] as JsonObject) : {};
  const ruleId =
    typeof flagSettings.ruleId === 'string'
      ? flagSettings.ruleId
      : typeof flagSettings.targetingRule === 'string'
        ? flagSettings.targetingRule
        : null;
  if (flagKey !== null && ruleId === null)
    reader.warn(
      'audience-missing',
      `${path}.flags.${flagKey}.ruleId`,
      'The audience rule is not in the document; the default rule is assumed.',
    );

  const { treatments, treatmentIds, control } = readTreatments(reader, raw, path, flagKey);
  const allocations = treatments.map((t) => t.allocationPercent);
  const equal =
    allocations.length > 0 &&
    allocations.every((a) => Math.abs(a - 100 / allocations.length) < 1e-6);
  const layerSnapshot = reader.object(raw, 'layerSnapshot', path);
  let layer: IterationDesign['layer'] = null;
  if (layerSnapshot) {
    const at = `${path}.layerSnapshot`;
    const layerKey = reader.string(layerSnapshot, 'key', at, true);
    const reservationPercent = reader.number(layerSnapshot, 'reservationPercent', at, true);
    if (layerKey !== undefined && reservationPercent !== undefined)
      layer = { layerKey, reservationPercent };
  }
  const winningTreatmentId =
    typeof raw.winningTreatmentId === 'string' ? raw.winningTreatmentId : null;
  return {
    hypothesis,
    status,
    createdAt,
    startedAt: reader.number(raw, 'startedAt', path) ?? null,
    endedAt: status === 'stopped' ? (reader.number(raw, 'endedAt', path) ?? null) : null,
    randomizationUnit: reader.string(raw, 'randomizationUnit', path) ?? null,
    flagKey,
    audienceRuleId: ruleId === 'fallthrough' ? DEFAULT_RULE : ruleId,
    layer,
    layerName: layerSnapshot && typeof layerSnapshot.name === 'string' ? layerSnapshot.name : null,
    otherReservationPercent:
      layerSnapshot && typeof layerSnapshot.otherReservationPercent === 'number'
        ? layerSnapshot.otherReservationPercent
        : null,
    notInExperimentVariationId:
      typeof flagSettings.notInExperimentVariationId === 'string'
        ? flagSettings.notInExperimentVariationId
        : null,
    sampleSizePercent: 100,
    splitMode: equal ? 'equal' : 'custom',
    treatments,
    controlVariationId: control,
    variationReassignment: raw.canReshuffleTraffic !== false,
    metrics: readMetrics(reader, raw, path),
    attributes: [...new Set(reader.strings(raw, 'attributes', path))],
    winnerVariationId:
      winningTreatmentId === null ? null : (treatmentIds.get(winningTreatmentId) ?? null),
    winnerReason: typeof raw.winningReason === 'string' ? raw.winningReason : null,
  };
}

/** Imports a REST experiment document. Unknown fields are ignored; missing required ones are reported by path. */
export function importRestExperiment(
  doc: unknown,
  options: RestImportOptions,
): Result<RestExperimentImport> {
  const reader = new JsonReader();
  if (!isObject(doc))
    return refuse([
      {
        code: 'invalid-field',
        field: '',
        message: 'An experiment document must be a JSON object.',
      },
    ]);
  const key = reader.string(doc, 'key', '', true);
  const name = reader.string(doc, 'name', '', true);
  const environmentKey = reader.string(doc, 'environmentKey', '') ?? options.environmentKey;
  if (environmentKey === undefined)
    reader.fail(
      'missing-field',
      'environmentKey',
      'environmentKey is missing: choose the environment the experiment belongs to.',
    );

  const past: { design: IterationDesign }[] = [];
  (reader.list(doc, 'previousIterations', '') ?? []).forEach((raw, i) => {
    if (!isObject(raw))
      return reader.fail(
        'invalid-field',
        `previousIterations[${i}]`,
        `previousIterations[${i}] must be an object.`,
      );
    const design = readIteration(reader, raw, `previousIterations[${i}]`, null);
    if (design.status === 'running') {
      reader.warn(
        'previous-iteration-running',
        `previousIterations[${i}].status`,
        `A previous iteration cannot still be running; iteration ${i + 1} was imported as stopped.`,
      );
      design.status = 'stopped';
      design.endedAt = typeof raw.endedAt === 'number' ? raw.endedAt : null;
    }
    past.push({ design });
  });
  const currentRaw = reader.object(doc, 'currentIteration', '');
  const current = currentRaw ? readIteration(reader, currentRaw, 'currentIteration', null) : null;
  const draftRaw = reader.object(doc, 'draftIteration', '') ?? reader.object(doc, 'iteration', '');
  const draft = draftRaw
    ? readIteration(
        reader,
        draftRaw,
        isObject(doc.draftIteration) ? 'draftIteration' : 'iteration',
        'not_started',
      )
    : null;

  if (
    reader.errors.length > 0 ||
    key === undefined ||
    name === undefined ||
    environmentKey === undefined
  )
    return refuse(reader.errors);

  const { deps } = options;
  const runs = [...past.map((p) => p.design), ...(current ? [current] : [])].sort(
    (a, b) => (a.startedAt ?? a.createdAt ?? 0) - (b.startedAt ?? b.createdAt ?? 0),
  );
  const design = draft ?? current ?? runs[runs.length - 1] ?? null;
  const holdoutId = typeof doc.holdoutId === 'string' ? doc.holdoutId : null;
  const {
    status: _s,
    createdAt: _c,
    startedAt: _st,
    endedAt: _e,
    winnerVariationId: _w,
    winnerReason: _r,
    layerName: _l,
    otherReservationPercent: _o,
    ...designFields
  } = design ?? readIteration(new JsonReader(), { hypothesis: '' }, '', 'not_started');

  const experiment = createExperiment(
    {
      key,
      name,
      environmentKey,
      description: typeof doc.description === 'string' ? doc.description : '',
      tags: reader.strings(doc, 'tags', ''),
      maintainer:
        typeof doc._maintainerId === 'string'
          ? doc._maintainerId
          : typeof doc.maintainerId === 'string'
            ? doc.maintainerId
            : '',
      ...designFields,
      holdoutId,
    },
    deps,
  );
  if (typeof doc._creationDate === 'number')
    experiment.createdAt = experiment.updatedAt = doc._creationDate;

  const flag = options.flags?.find((f) => f.key === experiment.flagKey);
  if (runs.length > 0 && !flag) {
    reader.warn(
      'flag-not-in-workspace',
      'flagKey',
      `Flag “${experiment.flagKey}” is not in the workspace yet: imported iterations do not know its variation numbers. Import the flag first to keep them.`,
    );
  }
  const iterations: Iteration[] = runs.map((run, i) => ({
    id: deps.newId(),
    experimentId: experiment.id,
    environmentKey,
    flagKey: run.flagKey,
    number: i + 1,
    status: run.status,
    createdAt: run.createdAt ?? run.startedAt ?? experiment.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    endReason: run.status === 'stopped' ? 'imported' : null,
    design: {
      hypothesis: run.hypothesis,
      randomizationUnit: run.randomizationUnit,
      flagKey: run.flagKey,
      audienceRuleId: run.audienceRuleId,
      layer: run.layer,
      holdoutId,
      notInExperimentVariationId: run.notInExperimentVariationId,
      sampleSizePercent: run.sampleSizePercent,
      splitMode: run.splitMode,
      treatments: run.treatments,
      controlVariationId: run.controlVariationId,
      variationReassignment: run.variationReassignment,
      metrics: run.metrics,
      attributes: run.attributes,
      flagVariations: flag && flag.key === run.flagKey ? structuredClone(flag.variations) : [],
    },
    winnerVariationId: run.winnerVariationId,
    winnerReason: run.winnerReason,
  }));

  let layer: Layer | null = null;
  const snapshot = design?.layer ? design : null;
  if (snapshot?.layer) {
    layer = createLayer(
      {
        key: snapshot.layer.layerKey,
        name: snapshot.layerName ?? snapshot.layer.layerKey,
        randomizationUnit: snapshot.randomizationUnit,
      },
      deps,
    );
    // The snapshot only tells how much the layer's other experiments hold, not who they are [ours].
    if (snapshot.otherReservationPercent) {
      layer.environments[environmentKey] = {
        reservations: [
          {
            experimentKey: '(other experiments)',
            flagKey: '',
            reservationPercent: snapshot.otherReservationPercent,
          },
        ],
      };
    }
  }
  return succeed({ experiment, iterations, layer, warnings: reader.warnings });
}
