// Imports run in the ingest worker (one for the page, started on first use).
import { createIngestClient, type IngestClient } from '../../workers/ingest-client.ts';
import type { ExperimentSpec } from '../../lib/ingest/types.ts';
import type { Iteration } from '../../lib/domain/types.ts';

let client: IngestClient | null = null;

export function ingestClient(): IngestClient {
  client ??= createIngestClient();
  return client;
}

/** What the importer needs to know about an iteration: flag, unit kind, window and metrics. */
export function specForIteration(
  iteration: Iteration,
  countAllRuleEvaluations = false,
): ExperimentSpec {
  const design = iteration.design;
  return {
    flagKey: iteration.flagKey ?? design.flagKey ?? '',
    randomizationUnit: design.randomizationUnit ?? 'user',
    window: { start: iteration.startedAt ?? undefined, end: iteration.endedAt ?? undefined },
    metrics: design.metrics.map((metric) => ({
      key: metric.key,
      eventKey: metric.eventKey,
      kind: metric.kind,
      aggregation: metric.aggregation,
    })),
    countAllRuleEvaluations,
  };
}
