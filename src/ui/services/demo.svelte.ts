// The first-run demo: a finished experiment on generated Data Export events, imported through the
// same worker as a real file, so a newcomer sees full results at once. Created once per browser
// profile; removing it (like any experiment) does not bring it back.
import {
  createExperiment,
  createFlag,
  createMetric,
  equalSplit,
  createEnvironment,
} from '../../lib/domain/create.ts';
import { randomId } from '../../lib/domain/ids.ts';
import { repositories } from '../../lib/db/repository.ts';
import { experimentDatasets } from '../../lib/db/live.ts';
import type { MetricDefinition } from '../../lib/domain/types.ts';
import {
  deleteExperiment,
  saveExperiment,
  saveFlag,
  startIterationInDb,
  stopIterationInDb,
} from '../../lib/db/design-store.ts';
import {
  SAMPLE_EXPERIMENT,
  SAMPLE_HOURS,
  SAMPLE_START,
  type SliceAttributeOption,
} from '../../lib/ingest/sample-data.ts';
import { workspace } from '../store/workspace.svelte.ts';
import { ingestClient } from './ingest.ts';
import { storeDataset } from './actions.ts';

const STORAGE_KEY = 'credence.demo';
export const DEMO_KEY = 'demo-new-checkout';
export const DEMO_UNITS = 6000;
export const DEMO_SEED = 7;
const HOUR = 3_600_000;
/**
 * Contexts carry a country and a device, drawn from their own seeded stream, so the demo's Slices
 * section has something to show while every other number is as without them (no effect by slice).
 */
const DEMO_ATTRIBUTES: SliceAttributeOption[] = [
  {
    name: 'country',
    values: ['US', 'DE', 'FR', 'GB', 'IN', 'BR'],
    weights: [35, 15, 12, 12, 16, 10],
  },
  { name: 'device', values: ['desktop', 'mobile', 'tablet'], weights: [55, 38, 7] },
];

type DemoState = 'idle' | 'creating' | 'done' | 'failed';

class Demo {
  state = $state<DemoState>('idle');
  message = $state('');

  /** Creates the demo unless this profile already had one or already holds experiments. */
  async ensure(): Promise<void> {
    if (this.state !== 'idle') return;
    let marker: string | null;
    try {
      marker = localStorage.getItem(STORAGE_KEY);
    } catch {
      marker = null;
    }
    await workspace.ready();
    const removed = marker ? null : await removeUnfinishedDemo();
    // The live query may still list the experiment just removed.
    if (marker || workspace.experiments.some((e) => e.id !== removed)) {
      this.state = 'done';
      return;
    }
    this.state = 'creating';
    try {
      await createDemo();
      try {
        localStorage.setItem(STORAGE_KEY, 'created');
      } catch {
        // Without storage the demo may be offered again next visit: harmless.
      }
      this.state = 'done';
    } catch (error) {
      this.state = 'failed';
      this.message = error instanceof Error ? error.message : String(error);
    }
  }
}

export const demo = new Demo();

async function createDemo(): Promise<void> {
  const metrics = demoMetrics();
  // The slow part first, before anything is written: the events are generated and imported inside
  // the ingest worker (seed 7: the same data on every machine), so closing the tab meanwhile leaves
  // nothing half-made.
  const imported = await ingestClient().aggregateSampleData(
    {
      units: DEMO_UNITS,
      seed: DEMO_SEED,
      fileName: 'demo-export.jsonl',
      sliceAttributes: DEMO_ATTRIBUTES,
      attributeSeed: DEMO_SEED + 1,
    },
    {
      flagKey: SAMPLE_EXPERIMENT.flagKey,
      randomizationUnit: SAMPLE_EXPERIMENT.randomizationUnit,
      window: { start: SAMPLE_START, end: SAMPLE_START + SAMPLE_HOURS * HOUR },
      metrics: metrics.map(({ key, eventKey, kind, aggregation }) => ({
        key,
        eventKey,
        kind,
        aggregation,
      })),
      countAllRuleEvaluations: false,
      // Over time, by days since exposure, as for a file imported on the Data tab.
      daysSinceExposure: true,
      sliceAttributes: DEMO_ATTRIBUTES.map((attribute) => attribute.name),
    },
  );
  if (!imported.ok)
    throw new Error(`The demo data could not be imported: ${imported.error.message}`);

  const db = await workspace.db();
  const repos = repositories(db);
  if (!workspace.environments.some((env) => env.key === 'production'))
    await repos.environments.put(createEnvironment({ key: 'production', name: 'Production' }));
  const flag = createFlag({
    key: SAMPLE_EXPERIMENT.flagKey,
    name: 'New checkout',
    variations: [
      { name: 'Current checkout', value: 'current' },
      { name: 'One-page checkout', value: 'one-page' },
      { name: 'Express checkout', value: 'express' },
    ],
    environmentKeys: ['production'],
  });
  flag.environments.production.on = true;
  const saved = await saveFlag(db, flag);
  const experiment = createExperiment({
    key: DEMO_KEY,
    name: 'Demo: new checkout',
    environmentKey: 'production',
    description: 'Generated data: remove this experiment whenever you like.',
    hypothesis:
      'A one-page checkout lifts signups and revenue per user; an express checkout changes nothing.',
    tags: ['demo'],
    randomizationUnit: SAMPLE_EXPERIMENT.randomizationUnit,
    flagKey: saved.key,
    treatments: equalSplit(saved.variations.map((v) => ({ variationId: v.id, name: v.name }))),
    controlVariationId: saved.variations[0].id,
    notInExperimentVariationId: saved.variations[0].id,
    metrics,
    attributes: DEMO_ATTRIBUTES.map((attribute) => attribute.name),
  });
  await saveExperiment(db, experiment);
  const change = await startIterationInDb(db, experiment.id, 'production', {
    newId: randomId,
    now: () => SAMPLE_START,
  });
  const stopped = await stopIterationInDb(
    db,
    change.started[0].id,
    {},
    { newId: randomId, now: () => SAMPLE_START + SAMPLE_HOURS * HOUR },
  );
  await storeDataset(stopped, imported.value.data, {
    kind: 'files',
    files: [imported.value.file],
  });
}

function demoMetrics(): MetricDefinition[] {
  const [signup, revenue] = SAMPLE_EXPERIMENT.metrics;
  return [
    createMetric({
      key: signup.key,
      name: 'Signup rate',
      eventKey: signup.eventKey,
      kind: signup.kind,
      aggregation: signup.aggregation,
      primary: true,
    }),
    createMetric({
      key: revenue.key,
      name: 'Revenue per user',
      eventKey: revenue.eventKey,
      kind: revenue.kind,
      aggregation: revenue.aggregation,
    }),
  ];
}

/**
 * A demo left without its data (the tab closed during the few writes at the end of a first visit,
 * before the marker was set) is removed, so it can be made again in full.
 */
async function removeUnfinishedDemo(): Promise<string | null> {
  const demoExperiment = workspace.experiments.find((e) => e.key === DEMO_KEY);
  if (!demoExperiment || workspace.experiments.length !== 1) return null;
  const db = await workspace.db();
  const finished = (await experimentDatasets(db, demoExperiment.id)).length > 0;
  if (finished) return null;
  for (const iteration of workspace.iterations.filter(
    (it) => it.experimentId === demoExperiment.id && it.status === 'running',
  ))
    await stopIterationInDb(db, iteration.id);
  await deleteExperiment(db, demoExperiment.id);
  return demoExperiment.id;
}
