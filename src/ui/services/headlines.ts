// Fills in the experiments list's "last analysis" for experiments with data but no current headline
// (none yet, or one older than the latest import: the demo, an import in the Data tab or another tab):
// the workers analyse the primary metric. `datasets` is every stored dataset (the list follows them).
import { leadingArm } from '../../lib/analysis/leader.ts';
import { buildAnalysisRequest } from '../results/request.ts';
import { resultsInputFrom } from '../results/from-dataset.ts';
import { headlines } from '../store/headlines.svelte.ts';
import { workspace } from '../store/workspace.svelte.ts';
import type { Dataset } from '../../lib/domain/types.ts';
import { analyzeInWorkers } from './analysis.ts';
import { headlineIsCurrent } from './headline-freshness.ts';

const inFlight = new Set<string>();

export async function fillMissingHeadlines(datasets: readonly Dataset[]): Promise<void> {
  for (const experiment of workspace.experiments) {
    if (inFlight.has(experiment.id)) continue;
    const iteration = workspace.iterations
      .filter(
        (it) => it.experimentId === experiment.id && datasets.some((d) => d.iterationId === it.id),
      )
      .sort((a, b) => b.createdAt - a.createdAt)[0];
    if (!iteration) continue;
    const dataset = datasets
      .filter((d) => d.iterationId === iteration.id)
      .sort((a, b) => b.createdAt - a.createdAt)[0];
    const latest = { iterationNumber: iteration.number, datasetCreatedAt: dataset.createdAt };
    if (headlineIsCurrent(headlines.byExperiment[experiment.id], latest)) continue;
    const input = resultsInputFrom(iteration, dataset);
    const primary = input.metrics.find((m) => m.primary) ?? input.metrics[0];
    if (!primary) continue;
    const settings = experiment.analysis ?? workspace.settings.analysis;
    const request = buildAnalysisRequest(
      { ...input, viewKey: `headline-${experiment.id}`, metrics: [primary] },
      settings,
    );
    inFlight.add(experiment.id);
    const result = await analyzeInWorkers(request);
    inFlight.delete(experiment.id);
    // Deleted while it was analysed (the list may start this just before the deletion reaches it).
    if (!result.ok || !workspace.experiments.some((e) => e.id === experiment.id)) continue;
    const outcome = result.value.metrics[0];
    const leader = outcome?.result.ok
      ? leadingArm(outcome.result.value, settings.winnerThreshold)
      : null;
    headlines.record(experiment.id, {
      at: Date.now(),
      iterationNumber: iteration.number,
      leader: leader?.name ?? null,
      probabilityToBeBest: leader?.probabilityToBeBest ?? null,
      winner: leader?.isWinner ?? false,
      srmAlert: result.value.srm?.ok ? result.value.srm.value.alert : false,
    });
  }
}
