// Imports run in the ingest worker (one for the page, started on first use).
import { createIngestClient, type IngestClient } from '../../workers/ingest-client.ts';
import {
  DEFAULT_COVARIATE_DAYS,
  type AssignmentConfig,
  type ExperimentSpec,
} from '../../lib/ingest/types.ts';
import type { Iteration } from '../../lib/domain/types.ts';
import { ANY_FLAG } from '../quick/file-plan.ts';
import { hasDenominator } from '../../lib/metric-kinds/index.ts';
import { MAX_SLICE_ATTRIBUTES } from '../../lib/ingest/slice-values.ts';

let client: IngestClient | null = null;

export function ingestClient(): IngestClient {
  client ??= createIngestClient();
  return client;
}

/** What the importer needs to know about an iteration: flag, unit kind, window and metrics. */
export function specForIteration(
  iteration: Iteration,
  countAllRuleEvaluations = false,
  assignment?: AssignmentConfig,
): ExperimentSpec {
  const design = iteration.design;
  return {
    // A quick-path iteration has no flag: its CSV rows are all about the one experiment.
    flagKey: iteration.flagKey ?? design.flagKey ?? ANY_FLAG,
    randomizationUnit: design.randomizationUnit ?? 'user',
    window: { start: iteration.startedAt ?? undefined, end: iteration.endedAt ?? undefined },
    metrics: design.metrics.map((metric) => ({
      key: metric.key,
      eventKey: metric.eventKey,
      kind: metric.kind,
      aggregation: metric.aggregation,
      ...(hasDenominator(metric) ? { denominatorEventKey: metric.denominatorEventKey ?? '' } : {}),
    })),
    countAllRuleEvaluations,
    covariateDays: design.covariateDays ?? DEFAULT_COVARIATE_DAYS,
    daysSinceExposure: true,
    ...(assignment ? { assignment } : {}),
    ...sliceAttributesOf(design.attributes),
  };
}

/** The design's slicing attributes as the importer takes them: named, once each, at most 20. */
function sliceAttributesOf(
  attributes: string[] | undefined,
): Pick<ExperimentSpec, 'sliceAttributes'> {
  const named = [...new Set((attributes ?? []).map((name) => name.trim()))].filter(
    (name) => name !== '',
  );
  return named.length === 0 ? {} : { sliceAttributes: named.slice(0, MAX_SLICE_ATTRIBUTES) };
}
